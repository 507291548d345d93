//! The one place that runs the stages in order.
//!
//! config -> theme -> content -> markdown -> site -> render -> output.
//! Every stage reports into one [`Diagnostics`]; a stage's problems in one
//! file never stop the other files, so a run shows all errors at once. The
//! pipeline stops before rendering if anything so far was an error, and
//! before writing if rendering failed.
//!
//! [`Rebuilder`] ([`rebuild`]) keeps a build's values so that `serve` can
//! redo only what an edit affects.
//!
//! May use: every stage.

mod rebuild;

pub use rebuild::Rebuilder;

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, Config, Options};
use crate::diagnostics::Diagnostics;
use crate::output::Output;
use crate::site::Site;
use crate::{content, markdown, render, site};

/// A successful build, in memory.
#[derive(Debug, Clone)]
pub struct Built {
    /// The validated settings.
    pub config: Config,
    /// Every file of the site.
    pub output: Output,
    /// Essays built.
    pub essays: usize,
    /// Warnings (the build succeeded regardless).
    pub warnings: Diagnostics,
    /// Time spent.
    pub elapsed: Duration,
    /// Time spent per stage, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

/// Records how long each stage took.
struct Stopwatch {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }
}

/// Runs every stage up to (not including) writing.
pub fn build_site(options: &Options) -> Result<Built, Diagnostics> {
    build_everything(options).map(|everything| everything.built)
}

/// Runs every stage up to (not including) writing, and returns the site
/// model with the build (for commands that look up an essay: `cable email`).
pub fn build_site_model(options: &Options) -> Result<(Site, Built), Diagnostics> {
    build_everything(options).map(|everything| (everything.site, everything.built))
}

/// A build and the values it was made from, kept by [`Rebuilder`].
struct Everything {
    site: Site,
    theme: render::Theme,
    files: Vec<content::ContentFile>,
    built: Built,
}

fn build_everything(options: &Options) -> Result<Everything, Diagnostics> {
    let started = Instant::now();
    let mut watch = Stopwatch {
        last: started,
        stages: Vec::new(),
    };
    let config = config::load(options)?;
    let mut diags = Diagnostics::new();

    let theme = render::theme::load(&config, &mut diags);
    let files = content::discover(&config, &mut diags);
    let content = content::load(&config, files.clone(), &mut diags);
    watch.lap("config, theme, content");

    let essays: Vec<_> = content
        .essays
        .into_par_iter()
        .map(|essay| {
            let (body, problems) = markdown::render_essay(&essay);
            ((essay, body), problems)
        })
        .collect();
    let pages: Vec<_> = content
        .pages
        .into_par_iter()
        .map(|page| {
            let (body, problems) = markdown::render_page(&page);
            ((page, body), problems)
        })
        .collect();
    let essays = essays
        .into_iter()
        .map(|(pair, problems)| {
            diags.extend(problems);
            pair
        })
        .collect();
    let pages = pages
        .into_iter()
        .map(|(pair, problems)| {
            diags.extend(problems);
            pair
        })
        .collect();

    watch.lap("markdown");
    let fragments = site::Fragments {
        support_message: config
            .support
            .as_ref()
            .and_then(|s| s.message.as_deref())
            .map(markdown::render_fragment)
            .unwrap_or_default(),
        bios: config
            .authors
            .iter()
            .filter_map(|a| {
                a.bio
                    .as_deref()
                    .map(|bio| (a.name.clone(), markdown::render_fragment(bio)))
            })
            .collect(),
    };
    let site = Site::assemble(config, essays, pages, fragments, &mut diags);
    watch.lap("site");
    let Some(theme) = theme else {
        return Err(diags);
    };
    if diags.has_errors() {
        return Err(diags);
    }

    let pages = render::render_pages(&site, &theme, &mut diags);
    watch.lap("render");
    if diags.has_errors() {
        return Err(diags);
    }
    let mut output = Output::assemble(&site, &theme, pages, &mut diags);
    watch.lap("feeds, sitemap, output");
    // (Built alongside rendering, on the same threads, the index made the
    // build no faster: both stages keep the two cores busy.)
    crate::output::search::add_index(&site, &mut output, &mut diags);
    watch.lap("search");
    if diags.has_errors() {
        return Err(diags);
    }
    let built = Built {
        essays: site.essays.len(),
        config: site.config.clone(),
        output,
        warnings: diags,
        elapsed: started.elapsed(),
        stages: watch.stages,
    };
    Ok(Everything {
        site,
        theme,
        files,
        built,
    })
}
