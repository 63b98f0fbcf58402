//! Bank text is shown, never executed: control characters are made visible before display.

use std::borrow::Cow;

/// Whether `c` is a control character a bank text may not hold (newline and tab are allowed).
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// The text with every control character other than newline and tab replaced by a visible
/// escape such as `\u{1b}`, so an escape sequence can never reach the terminal.
pub fn neutralize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_forbidden_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_forbidden_control(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible_text() {
        assert_eq!(neutralize("a\x1b[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(neutralize("bell\x07"), "bell\\u{7}");
        assert_eq!(neutralize("csi\u{9b}"), "csi\\u{9b}");
    }

    #[test]
    fn newlines_and_tabs_stay() {
        assert!(matches!(neutralize("a\n\tb"), Cow::Borrowed(_)));
    }
}
