//! Turning bank text into terminal lines: control characters neutralised, prose word-wrapped
//! with hanging indents, fenced code blocks kept verbatim (indentation intact) in a gutter and
//! a distinct style, and `inline code` styled.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::Theme;
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
pub fn wrap(spans: Vec<Span<'static>>, width: usize, hang: usize) -> Vec<Line<'static>> {
    let hang = if hang * 2 > width { 0 } else { hang };
    let mut cells: Vec<(char, Style, usize)> = Vec::new();
    for span in &spans {
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
    wrap(spans, width, hang)
}

/// Plain text in one style, each paragraph line wrapped, blank lines kept.
pub fn plain(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    clean(text)
        .trim_end()
        .lines()
        .flat_map(|line| {
            let hang = line.len() - line.trim_start().len();
            wrap(vec![Span::styled(line.to_string(), style)], width, hang)
        })
        .collect()
}

/// Bank prose, read as light Markdown: lines of a paragraph are joined and re-wrapped to the
/// width, list items hang under their bullet, blank lines separate paragraphs, fenced code
/// blocks stay verbatim (indentation intact) in the code style behind a `│` gutter, and
/// `inline code` is styled.
pub fn rich(text: &str, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let text = clean(text);
    let mut lines = Vec::new();
    let mut in_code = false;
    let mut paragraph: Option<(String, usize)> = None;
    let flush = |paragraph: &mut Option<(String, usize)>, lines: &mut Vec<Line<'static>>| {
        if let Some((text, hang)) = paragraph.take() {
            lines.extend(wrap(inline_code(&text, theme), width, hang));
        }
    };
    for line in text.trim_end().lines() {
        if line.trim_start().starts_with("```") {
            flush(&mut paragraph, &mut lines);
            in_code = !in_code;
            continue;
        }
        if in_code {
            let code = vec![Span::styled(line.to_string(), theme.code())];
            for piece in wrap(code, width.saturating_sub(2), 0) {
                let mut spans = vec![Span::styled("│ ", theme.dim())];
                spans.extend(piece.spans);
                lines.push(Line::from(spans));
            }
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut paragraph, &mut lines);
            lines.push(Line::raw(""));
            continue;
        }
        let body = line.trim_start();
        let indent = line.len() - body.len();
        let marker = list_marker(body);
        match &mut paragraph {
            Some((text, _)) if marker == 0 && indent == 0 => {
                text.push(' ');
                text.push_str(body);
            }
            _ => {
                flush(&mut paragraph, &mut lines);
                paragraph = Some((line.to_string(), indent + marker));
            }
        }
    }
    flush(&mut paragraph, &mut lines);
    lines
}

/// The width of a list marker that starts a line (`- `, `* `, `1. `), or 0.
fn list_marker(line: &str) -> usize {
    if line.starts_with("- ") || line.starts_with("* ") {
        return 2;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(". ") {
        digits + 2
    } else {
        0
    }
}

/// Splits a line on backticks, styling the `code` parts, and shows `**bold**` in bold.
pub fn inline_code(line: &str, theme: Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (n, part) in line.split('`').enumerate() {
        if part.is_empty() {
            continue;
        }
        if n % 2 == 1 {
            spans.push(Span::styled(part.to_string(), theme.code()));
            continue;
        }
        for (m, piece) in part.split("**").enumerate() {
            if !piece.is_empty() {
                let style = if m % 2 == 1 {
                    theme.strong()
                } else {
                    theme.text()
                };
                spans.push(Span::styled(piece.to_string(), style));
            }
        }
    }
    spans
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
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn wraps_words_with_a_hanging_indent() {
        let lines = wrap(vec![Span::raw("1 ( ) alpha beta gamma delta")], 14, 6);
        assert_eq!(
            strings(&lines),
            ["1 ( ) alpha", "      beta", "      gamma", "      delta"]
        );
    }

    #[test]
    fn cuts_long_words_and_survives_zero_width() {
        assert_eq!(
            strings(&wrap(vec![Span::raw("abcdefgh")], 3, 0)),
            ["abc", "def", "gh"]
        );
        assert_eq!(strings(&wrap(vec![Span::raw("ab cd")], 0, 4)), ["ab cd"]);
        assert_eq!(
            strings(&wrap(vec![Span::raw("日本語")], 1, 0)),
            ["日", "本", "語"]
        );
    }

    #[test]
    fn code_blocks_keep_indentation_and_escapes_are_neutralised() {
        let lines = rich(
            "Run:\n```yaml\nsteps:\n  - script: echo\n```\nDone \x1b[2J",
            40,
            Theme::plain(),
        );
        assert_eq!(
            strings(&lines),
            ["Run:", "│ steps:", "│   - script: echo", "Done \\u{1b}[2J"]
        );
    }

    #[test]
    fn bold_and_code_are_styled_without_their_markers() {
        let spans = inline_code("a **b** `c**d`", Theme::plain());
        let text: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, ["a ", "b", " ", "c**d"]);
        assert_eq!(spans[1].style, Theme::plain().strong());
    }

    #[test]
    fn paragraphs_reflow_and_lists_hang() {
        let lines = rich(
            "one two\nthree\n\n- four five six\n- seven",
            12,
            Theme::plain(),
        );
        assert_eq!(
            strings(&lines),
            ["one two", "three", "", "- four five", "  six", "- seven"]
        );
    }
}
