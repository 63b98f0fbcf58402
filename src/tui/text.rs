//! Small text helpers for the screens: bank text made safe to draw, display widths, word
//! wrap with a hanging indent and truncation. Bank documents are laid out by `prose`.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::bank::text::neutralize;

/// Bank text made safe to draw: escape sequences and control characters become visible text,
/// tabs become four spaces.
pub fn clean(text: &str) -> String {
    neutralize(text).replace('\t', "    ")
}

/// The display width of a string in terminal cells.
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// The display width of one character in terminal cells.
pub fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Word-wraps one logical line of styled spans to `width` cells; continuation lines start with
/// `hang` spaces. A word longer than a line is cut. Never loops, whatever the width.
pub fn wrap(spans: &[Span<'static>], width: usize, hang: usize) -> Vec<Line<'static>> {
    let hang = if hang * 2 > width { 0 } else { hang };
    let mut cells: Vec<(char, Style, usize)> = Vec::new();
    for span in spans {
        for c in span.content.chars() {
            cells.push((c, span.style, char_width(c)));
        }
    }
    let indent = || vec![(' ', Style::default(), 1); hang];
    let mut lines = Vec::new();
    let mut current: Vec<(char, Style, usize)> = Vec::new();
    let mut used = 0;
    let mut last_space: Option<usize> = None;
    for (c, style, w) in cells {
        if width > 0 && used + w > width && current.len() > hang {
            if c == ' ' {
                lines.push(std::mem::replace(&mut current, indent()));
                used = hang;
                last_space = None;
                continue;
            }
            match last_space {
                Some(at) => {
                    let tail = current.split_off(at + 1);
                    current.pop();
                    lines.push(std::mem::replace(&mut current, indent()));
                    current.extend(tail);
                }
                None => lines.push(std::mem::replace(&mut current, indent())),
            }
            used = current.iter().map(|(_, _, w)| w).sum();
            last_space = None;
        }
        if c == ' ' && current.len() > hang {
            last_space = Some(current.len());
        }
        current.push((c, style, w));
        used += w;
    }
    lines.push(current);
    lines.into_iter().map(join_cells).collect()
}

fn join_cells(cells: Vec<(char, Style, usize)>) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut text = String::new();
    let mut style = None;
    for (c, s, _) in cells {
        if style.is_some_and(|st| st != s) {
            spans.push(Span::styled(
                std::mem::take(&mut text),
                style.unwrap_or_default(),
            ));
        }
        style = Some(s);
        text.push(c);
    }
    if !text.is_empty() {
        spans.push(Span::styled(text, style.unwrap_or_default()));
    }
    Line::from(spans)
}

/// A prefix (a marker or label) followed by text wrapped under itself.
pub fn prefixed(
    prefix: Vec<Span<'static>>,
    body: Vec<Span<'static>>,
    width: usize,
) -> Vec<Line<'static>> {
    let hang: usize = prefix.iter().map(Span::width).sum();
    let mut spans = prefix;
    spans.extend(body);
    wrap(&spans, width, hang)
}

/// `text` cut to `max` cells with an ellipsis.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push(c);
    }
    if max > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(lines: &[Line]) -> Vec<String> {
        lines.iter().map(std::string::ToString::to_string).collect()
    }

    #[test]
    fn wraps_words_with_a_hanging_indent() {
        let lines = wrap(&[Span::raw("1 ( ) alpha beta gamma delta")], 14, 6);
        assert_eq!(
            strings(&lines),
            ["1 ( ) alpha", "      beta", "      gamma", "      delta"]
        );
    }

    #[test]
    fn cuts_long_words_and_survives_zero_width() {
        assert_eq!(
            strings(&wrap(&[Span::raw("abcdefgh")], 3, 0)),
            ["abc", "def", "gh"]
        );
        assert_eq!(strings(&wrap(&[Span::raw("ab cd")], 0, 4)), ["ab cd"]);
        assert_eq!(
            strings(&wrap(&[Span::raw("日本語")], 1, 0)),
            ["日", "本", "語"]
        );
    }
}
