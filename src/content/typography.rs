//! Typographer's punctuation for front-matter text (titles), matching what
//! smart punctuation does to the Markdown body: curly quotes and
//! apostrophes, en and em dashes, ellipses.
//!
//! May use: nothing else in the crate.

/// `"Assad's fall" -- 'now'...` -> `“Assad’s fall” – ‘now’…`.
pub fn smarten(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = if i == 0 { None } else { Some(chars[i - 1]) };
        let opens = prev.is_none_or(|p| p.is_whitespace() || "([{—–-/".contains(p));
        match c {
            '\'' => out.push(
                if opens && chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) {
                    '‘'
                } else {
                    '’'
                },
            ),
            '"' => out.push(if opens { '“' } else { '”' }),
            '-' if chars.get(i + 1) == Some(&'-') => {
                if chars.get(i + 2) == Some(&'-') {
                    out.push('—');
                    i += 2;
                } else {
                    out.push('–');
                    i += 1;
                }
            }
            '.' if chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') => {
                out.push('…');
                i += 2;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::smarten;

    #[test]
    fn quotes_dashes_ellipses() {
        assert_eq!(
            smarten("Moscow adapts to Assad's fall"),
            "Moscow adapts to Assad’s fall"
        );
        assert_eq!(
            smarten("\"Silicon shield\" -- a myth?"),
            "“Silicon shield” – a myth?"
        );
        assert_eq!(smarten("'Never' --- and then..."), "‘Never’ — and then…");
        assert_eq!(smarten("No quotes here"), "No quotes here");
    }
}
