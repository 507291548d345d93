//! The archive: every essay, grouped by year, then month, newest first.
//!
//! May use: `content` (types).

use super::EssayPage;

/// One year of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveYear {
    /// The year.
    pub year: u16,
    /// Its months with essays, newest first.
    pub months: Vec<ArchiveMonth>,
}

/// One month of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveMonth {
    /// 1-12.
    pub month: u8,
    /// Indexes into `Site::essays`, newest first.
    pub essays: Vec<usize>,
}

/// Groups essays (already newest first) by year and month.
pub fn archive(essays: &[EssayPage]) -> Vec<ArchiveYear> {
    let mut years: Vec<ArchiveYear> = Vec::new();
    for (index, entry) in essays.iter().enumerate() {
        let date = entry.essay.date;
        if years.last().is_none_or(|y| y.year != date.year()) {
            years.push(ArchiveYear {
                year: date.year(),
                months: Vec::new(),
            });
        }
        let year = years.last_mut().expect("pushed above");
        if year.months.last().is_none_or(|m| m.month != date.month()) {
            year.months.push(ArchiveMonth {
                month: date.month(),
                essays: Vec::new(),
            });
        }
        year.months
            .last_mut()
            .expect("pushed above")
            .essays
            .push(index);
    }
    years
}
