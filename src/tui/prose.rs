//! Bank documents laid out as terminal lines, like a well-set book: paragraphs reflow to the
//! width, list items hang under their marker, code keeps its lines (a line too long for the
//! column continues on the next behind a `↪` in the code margin), tables are drawn as tables
//! with wrapping cells, inline code is styled without its backticks, and a link is never split
//! across lines (one too long for the column is shown shortened and still points at its whole
//! URL). The page remembers where each link stands, for the terminal's OSC 8 hyperlinks.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::text::{char_width, clean, width as text_width};
use super::theme::Theme;
use crate::bank::doc::{Align, Block, Doc, Inline, Text};

/// Lines to draw, and where the links among them are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// The lines, top to bottom.
    pub lines: Vec<Line<'static>>,
    /// The links: their line, first column, width in cells and URL.
    pub links: Vec<LinkSpot>,
}

/// Where one link stands on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSpot {
    /// The line's index in the page.
    pub line: usize,
    /// The first column, in cells.
    pub col: usize,
    /// The width in cells.
    pub width: usize,
    /// Where it points.
    pub url: String,
}

impl Page {
    /// How many lines the page has.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether the page has no lines.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Adds a line.
    pub fn push(&mut self, line: impl Into<Line<'static>>) {
        self.lines.push(line.into());
    }

    /// Adds another page's lines and links below this one's.
    pub fn append(&mut self, other: Page) {
        let shift = self.lines.len();
        self.links.extend(other.links.into_iter().map(|mut l| {
            l.line += shift;
            l
        }));
        self.lines.extend(other.lines);
    }

    /// The page with `first` before its first line and `rest` before every other line (both
    /// the same width).
    pub fn prefixed(self, first: &[Span<'static>], rest: &[Span<'static>]) -> Page {
        let shift: usize = first.iter().map(Span::width).sum();
        let lines = self
            .lines
            .into_iter()
            .enumerate()
            .map(|(n, line)| {
                let mut spans = if n == 0 {
                    first.to_vec()
                } else {
                    rest.to_vec()
                };
                spans.extend(line.spans);
                Line::from(spans)
            })
            .collect();
        let links = self
            .links
            .into_iter()
            .map(|mut l| {
                l.col += shift;
                l
            })
            .collect();
        Page { lines, links }
    }
}

impl From<Vec<Line<'static>>> for Page {
    fn from(lines: Vec<Line<'static>>) -> Page {
        Page {
            lines,
            links: Vec::new(),
        }
    }
}

impl Extend<Line<'static>> for Page {
    fn extend<I: IntoIterator<Item = Line<'static>>>(&mut self, iter: I) {
        self.lines.extend(iter);
    }
}

/// A whole document at `width`, every run's style laid over `base`.
pub fn doc(doc: &Doc, width: usize, theme: Theme, base: Style) -> Page {
    blocks(&doc.blocks, width, theme, base, false)
}

/// Blocks one under the other with a blank line between them; inside a list item
/// (`in_item`) a nested list follows its paragraph directly.
fn blocks(blocks: &[Block], width: usize, theme: Theme, base: Style, in_item: bool) -> Page {
    let mut page = Page::default();
    for (n, block) in blocks.iter().enumerate() {
        if n > 0 && !(in_item && matches!(block, Block::List { .. })) {
            page.push(Line::raw(""));
        }
        page.append(block_page(block, width, theme, base));
    }
    page
}

/// A text after a prefix (a marker or label): its first line follows the prefix, the rest
/// hang under the text.
pub fn after(
    prefix: Vec<Span<'static>>,
    text: &Text,
    width: usize,
    theme: Theme,
    base: Style,
) -> Page {
    hang_after(prefix, width, |room| doc(text.doc(), room, theme, base))
}

/// Plain text (not Markdown: a slot's option) after a prefix, hanging under itself.
pub fn plain_after(
    prefix: Vec<Span<'static>>,
    text: &str,
    width: usize,
    theme: Theme,
    base: Style,
) -> Page {
    let run = Inline::Text {
        text: text.to_string(),
        strong: false,
        emphasis: false,
        link: None,
    };
    hang_after(prefix, width, |room| inlines(&[run], room, theme, base))
}

/// `prefix`, then the page `body` lays out in the width left beside it; the page's later
/// lines hang under its first. Too narrow to hang, the prefix takes a line of its own.
fn hang_after(prefix: Vec<Span<'static>>, width: usize, body: impl FnOnce(usize) -> Page) -> Page {
    let hang: usize = prefix.iter().map(Span::width).sum();
    let hang = if hang * 2 > width { 0 } else { hang };
    let body = body(width.saturating_sub(hang));
    if body.is_empty() {
        return Page::from(vec![Line::from(prefix)]);
    }
    let rest = vec![Span::raw(" ".repeat(hang))];
    let mut first = prefix;
    if hang == 0 {
        let mut page = Page::from(vec![Line::from(first)]);
        page.append(body);
        return page;
    }
    let used: usize = first.iter().map(Span::width).sum();
    if used < hang {
        first.push(Span::raw(" ".repeat(hang - used)));
    }
    body.prefixed(&first, &rest)
}

/// One-line inlines (an option, a slot) wrapped at `width` after nothing.
pub fn inlines(inlines: &[Inline], width: usize, theme: Theme, base: Style) -> Page {
    wrap(&tokens(inlines, theme, base), width, 0)
}

fn block_page(block: &Block, width: usize, theme: Theme, base: Style) -> Page {
    match block {
        Block::Paragraph(content) => inlines(content, width, theme, base),
        Block::Heading(content) => inlines(content, width, theme, base.patch(theme.title())),
        Block::List { first, items } => list(*first, items, width, theme, base),
        Block::Code { lines, .. } => code(lines, width, theme),
        Block::Table {
            align,
            header,
            rows,
        } => table(align, header, rows, width, theme, base),
        Block::Quote(blocks) => {
            let inner = self::blocks(blocks, width.saturating_sub(2), theme, base, false);
            let bar = vec![Span::styled("▌ ", theme.dim())];
            inner.prefixed(&bar, &bar)
        }
        Block::Rule => Page::from(vec![Line::styled("─".repeat(width.min(40)), theme.dim())]),
    }
}

fn list(first: Option<u64>, items: &[Vec<Block>], width: usize, theme: Theme, base: Style) -> Page {
    let markers: Vec<String> = (0..items.len())
        .map(|n| match first {
            Some(start) => format!("{}.", start.saturating_add(n as u64)),
            None => "•".to_string(),
        })
        .collect();
    let marker_width = markers.iter().map(|m| text_width(m)).max().unwrap_or(1) + 1;
    let mut page = Page::default();
    for (marker, item) in markers.iter().zip(items) {
        let body = blocks(item, width.saturating_sub(marker_width), theme, base, true);
        let first = vec![Span::styled(
            format!("{marker:>w$} ", w = marker_width - 1),
            base.patch(theme.dim()),
        )];
        let rest = vec![Span::raw(" ".repeat(marker_width))];
        if body.is_empty() {
            page.push(Line::from(first));
        } else {
            page.append(body.prefixed(&first, &rest));
        }
    }
    page
}

/// Code lines, never reflowed: a line too long continues on the next behind `↪`.
pub fn code(lines: &[String], width: usize, theme: Theme) -> Page {
    let units: Vec<Vec<CodeUnit>> = lines
        .iter()
        .map(|l| vec![CodeUnit::Text(clean(l), theme.code())])
        .collect();
    code_units(&units, width, theme)
}

/// One part of a code line: text that may be cut anywhere, or spans kept whole (a slot).
#[derive(Debug, Clone)]
pub enum CodeUnit {
    /// Code text in a style.
    Text(String, Style),
    /// Spans never cut across lines.
    Whole(Vec<Span<'static>>),
}

/// Code lines in a `│` margin; a line wider than the column continues on the next line
/// behind a `↪` in the margin, and a whole unit moves to the next line rather than split.
pub fn code_units(lines: &[Vec<CodeUnit>], width: usize, theme: Theme) -> Page {
    let room = width.saturating_sub(2).max(1);
    let mut page = Page::default();
    for units in lines {
        let mut rows: Vec<Vec<Span<'static>>> = vec![Vec::new()];
        let mut used = 0;
        for unit in units {
            match unit {
                CodeUnit::Text(text, style) => {
                    cut_into(&mut rows, &mut used, room, text, *style);
                }
                CodeUnit::Whole(spans) => {
                    let w: usize = spans.iter().map(Span::width).sum();
                    if used + w > room && used > 0 {
                        rows.push(Vec::new());
                        used = 0;
                    }
                    if w > room {
                        // Wider than a whole line: cut after all, but from a line of its own.
                        for span in spans {
                            cut_into(&mut rows, &mut used, room, &span.content, span.style);
                        }
                    } else {
                        for span in spans {
                            push_span(&mut rows, span.clone());
                        }
                        used += w;
                    }
                }
            }
        }
        for (n, row) in rows.into_iter().enumerate() {
            let gutter = if n == 0 { "│ " } else { "↪ " };
            let mut spans = vec![Span::styled(gutter, theme.dim())];
            spans.extend(row);
            page.push(Line::from(spans));
        }
    }
    page
}

/// Adds `text` to the last row, going on in new rows each time `room` cells are filled.
fn cut_into(
    rows: &mut Vec<Vec<Span<'static>>>,
    used: &mut usize,
    room: usize,
    text: &str,
    style: Style,
) {
    let mut piece = String::new();
    for c in text.chars() {
        let w = char_width(c);
        if *used + w > room && *used > 0 {
            if !piece.is_empty() {
                push_span(rows, Span::styled(std::mem::take(&mut piece), style));
            }
            rows.push(Vec::new());
            *used = 0;
        }
        piece.push(c);
        *used += w;
    }
    if !piece.is_empty() {
        push_span(rows, Span::styled(piece, style));
    }
}

fn push_span(rows: &mut [Vec<Span<'static>>], span: Span<'static>) {
    if let Some(row) = rows.last_mut() {
        row.push(span);
    }
}

// ---- inline wrapping ----------------------------------------------------------------------

/// A word: styled fragments with no space between them, perhaps a link.
#[derive(Debug, Clone, Default)]
struct Word {
    frags: Vec<(String, Style)>,
    link: Option<String>,
}

impl Word {
    fn width(&self) -> usize {
        self.frags.iter().map(|(t, _)| text_width(t)).sum()
    }

    fn text(&self) -> String {
        self.frags.iter().map(|(t, _)| t.as_str()).collect()
    }

    /// Adds text in a style; the word points at `link` unless it already points elsewhere.
    fn push_str(&mut self, text: &str, style: Style, link: Option<&String>) {
        if text.is_empty() {
            return;
        }
        if self.link.is_none() {
            self.link = link.cloned();
        }
        match self.frags.last_mut() {
            Some((frag, s)) if *s == style => frag.push_str(text),
            _ => self.frags.push((text.to_string(), style)),
        }
    }
}

#[derive(Debug, Clone)]
enum Token {
    Word(Word),
    Space,
    Break,
}

/// The style of a link: the text's own, underlined.
pub fn link_style(style: Style) -> Style {
    style.add_modifier(Modifier::UNDERLINED)
}

/// The words, spaces and breaks of some inlines, each styled over `base`.
fn tokens(inlines: &[Inline], theme: Theme, base: Style) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word = Word::default();
    let end_word = |word: &mut Word, out: &mut Vec<Token>| {
        if word.frags.is_empty() {
            return;
        }
        let mut done = std::mem::take(word);
        if done.link.is_none() {
            let text = done.text();
            if text.starts_with("https://") || text.starts_with("http://") {
                let url = text.trim_end_matches(['.', ',', ';', ':', ')', '\'', '"']);
                done.link = Some(url.to_string());
                for (_, style) in &mut done.frags {
                    *style = link_style(*style);
                }
            }
        }
        out.push(Token::Word(done));
    };
    for inline in inlines {
        let (text, style, link) = match inline {
            Inline::Break => {
                end_word(&mut word, &mut out);
                out.push(Token::Break);
                continue;
            }
            Inline::Text {
                text,
                strong,
                emphasis,
                link,
            } => {
                let mut style = base;
                if *strong {
                    style = style.patch(theme.strong());
                }
                if *emphasis {
                    style = style.add_modifier(Modifier::ITALIC);
                }
                (text, style, link)
            }
            Inline::Code { text, link } => (text, base.patch(theme.code()), link),
        };
        let style = if link.is_some() {
            link_style(style)
        } else {
            style
        };
        let text = clean(text);
        for (n, mut piece) in text.split([' ', '\n']).enumerate() {
            if n > 0 {
                end_word(&mut word, &mut out);
                if !matches!(out.last(), Some(Token::Space)) {
                    out.push(Token::Space);
                }
            }
            // A URL inside a word (`SecretUri=https://…`) starts a word of its own, so that
            // it can move to the next line whole instead of being cut.
            if link.is_none()
                && let Some(at) = url_start(piece)
            {
                word.push_str(&piece[..at], style, link.as_ref());
                end_word(&mut word, &mut out);
                piece = &piece[at..];
            }
            word.push_str(piece, style, link.as_ref());
        }
    }
    end_word(&mut word, &mut out);
    out
}

/// Where the first `https://` or `http://` in a word starts.
fn url_start(word: &str) -> Option<usize> {
    let https = word.find("https://");
    let http = word.find("http://");
    match (https, http) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A URL shown in at most `room` cells: whole if it fits, else its start and end around `…`.
pub fn shorten(url: &str, room: usize) -> String {
    if text_width(url) <= room {
        return url.to_string();
    }
    let chars: Vec<char> = url.chars().collect();
    let keep = room.saturating_sub(1);
    let head = keep * 3 / 5;
    let tail = keep - head;
    let mut out: String = chars[..head.min(chars.len())].iter().collect();
    out.push('…');
    out.extend(&chars[chars.len().saturating_sub(tail)..]);
    out
}

/// Greedy word wrap at `width`, lines after the first starting `hang` cells in. A link is
/// never split (shortened if it cannot fit a line); another word wider than a line is cut.
fn wrap(tokens: &[Token], width: usize, hang: usize) -> Page {
    let width = width.max(1);
    let hang = if hang * 2 > width { 0 } else { hang };
    let mut page = Page::default();
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let mut start = 0;
    let mut space = false;
    let new_line = |page: &mut Page, line: &mut Vec<Span<'static>>, used: &mut usize| {
        page.push(Line::from(std::mem::take(line)));
        if hang > 0 {
            line.push(Span::raw(" ".repeat(hang)));
        }
        *used = hang;
    };
    for token in tokens {
        match token {
            Token::Space => space = used > start,
            Token::Break => {
                new_line(&mut page, &mut line, &mut used);
                start = hang;
                space = false;
            }
            Token::Word(word) => {
                let mut w = word.width();
                let gap = usize::from(space);
                if used + gap + w > width && used > start {
                    new_line(&mut page, &mut line, &mut used);
                    start = hang;
                } else if space {
                    line.push(Span::styled(
                        " ",
                        word.frags.first().map_or(Style::default(), |f| f.1),
                    ));
                    used += 1;
                }
                space = false;
                let room = width.saturating_sub(used).max(1);
                if let Some(url) = &word.link {
                    let frags = if w > room {
                        let style = word.frags.first().map_or(Style::default(), |f| f.1);
                        vec![(shorten(&word.text(), room), style)]
                    } else {
                        word.frags.clone()
                    };
                    w = frags.iter().map(|(t, _)| text_width(t)).sum();
                    page.links.push(LinkSpot {
                        line: page.lines.len(),
                        col: used,
                        width: w,
                        url: url.clone(),
                    });
                    line.extend(frags.into_iter().map(|(t, s)| Span::styled(t, s)));
                    used += w;
                    continue;
                }
                // A word wider than the line is cut where the line ends.
                for (text, style) in &word.frags {
                    let mut piece = String::new();
                    for c in text.chars() {
                        let cw = char_width(c);
                        if used + cw > width && used > start {
                            line.push(Span::styled(std::mem::take(&mut piece), *style));
                            new_line(&mut page, &mut line, &mut used);
                            start = hang;
                        }
                        piece.push(c);
                        used += cw;
                    }
                    if !piece.is_empty() {
                        line.push(Span::styled(piece, *style));
                    }
                }
            }
        }
    }
    if !line.is_empty() || page.is_empty() {
        page.push(Line::from(line));
    }
    page
}

// ---- tables -------------------------------------------------------------------------------

fn table(
    align: &[Align],
    header: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    width: usize,
    theme: Theme,
    base: Style,
) -> Page {
    let columns = header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0));
    if columns == 0 {
        return Page::default();
    }
    let all_rows = std::iter::once(header).chain(rows.iter().map(Vec::as_slice));
    let mut natural = vec![1; columns];
    let mut longest_word = vec![1; columns];
    for row in all_rows {
        for (c, cell) in row.iter().enumerate() {
            let toks = tokens(cell, theme, base);
            let mut line = 0;
            for t in &toks {
                match t {
                    Token::Word(w) => {
                        line += w.width();
                        longest_word[c] = longest_word[c].max(w.width().min(24));
                    }
                    Token::Space => line += 1,
                    Token::Break => line = 0,
                }
                natural[c] = natural[c].max(line);
            }
        }
    }
    let frame = 3 * columns + 1;
    let room = width.saturating_sub(frame);
    if room < 3 * columns {
        return table_as_list(header, rows, width, theme, base);
    }
    let widths = column_widths(&natural, &longest_word, room);
    let rule = |l: &str, m: &str, r: &str| {
        let mut s = String::from(l);
        for (n, w) in widths.iter().enumerate() {
            s.push_str(&"─".repeat(w + 2));
            s.push_str(if n + 1 == columns { r } else { m });
        }
        Line::styled(s, theme.dim())
    };
    let mut page = Page::default();
    page.push(rule("┌", "┬", "┐"));
    page.append(table_row(
        header,
        &widths,
        align,
        theme,
        base.patch(theme.strong()),
    ));
    page.push(rule("├", "┼", "┤"));
    for row in rows {
        page.append(table_row(row, &widths, align, theme, base));
    }
    page.push(rule("└", "┴", "┘"));
    page
}

/// Column widths that fit `room`: natural widths if they fit, else each column's longest word
/// plus a share of what is left in proportion to how much more it would like.
fn column_widths(natural: &[usize], longest_word: &[usize], room: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= room {
        return natural.to_vec();
    }
    let columns = natural.len();
    let fair = room / columns;
    let mut widths: Vec<usize> = longest_word.iter().map(|w| (*w).min(fair).max(3)).collect();
    let mut left = room.saturating_sub(widths.iter().sum());
    let wants: Vec<usize> = natural
        .iter()
        .zip(&widths)
        .map(|(n, w)| n.saturating_sub(*w))
        .collect();
    let total_wants: usize = wants.iter().sum();
    let share = left;
    for (w, want) in widths.iter_mut().zip(&wants) {
        let extra = (share * want)
            .checked_div(total_wants)
            .unwrap_or(0)
            .min(*want)
            .min(left);
        *w += extra;
        left -= extra;
    }
    widths
}

fn table_row(
    cells: &[Vec<Inline>],
    widths: &[usize],
    align: &[Align],
    theme: Theme,
    base: Style,
) -> Page {
    let laid: Vec<Page> = widths
        .iter()
        .enumerate()
        .map(|(c, w)| {
            let cell = cells.get(c).map_or(&[][..], Vec::as_slice);
            wrap(&tokens(cell, theme, base), *w, 0)
        })
        .collect();
    let height = laid.iter().map(Page::len).max().unwrap_or(1);
    let mut page = Page::default();
    for k in 0..height {
        let mut spans = vec![Span::styled("│", theme.dim())];
        let mut col = 1;
        for (c, cell) in laid.iter().enumerate() {
            let w = widths[c];
            let line = cell.lines.get(k).cloned().unwrap_or_default();
            let lw = line.width().min(w);
            let pad = w - lw;
            let (left, right) = match align.get(c) {
                Some(Align::Right) => (pad, 0),
                Some(Align::Center) => (pad / 2, pad - pad / 2),
                _ => (0, pad),
            };
            spans.push(Span::raw(" ".repeat(1 + left)));
            for link in cell.links.iter().filter(|l| l.line == k) {
                page.links.push(LinkSpot {
                    line: page.lines.len(),
                    col: col + 1 + left + link.col,
                    width: link.width,
                    url: link.url.clone(),
                });
            }
            spans.extend(line.spans);
            spans.push(Span::raw(" ".repeat(right + 1)));
            spans.push(Span::styled("│", theme.dim()));
            col += w + 3;
        }
        page.push(Line::from(spans));
    }
    page
}

/// A table too wide for any column layout: each row as `header: value` lines.
fn table_as_list(
    header: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    width: usize,
    theme: Theme,
    base: Style,
) -> Page {
    let mut page = Page::default();
    for row in rows {
        for (c, cell) in row.iter().enumerate() {
            let mut content: Vec<Inline> = header.get(c).cloned().unwrap_or_default();
            content.push(Inline::Text {
                text: ": ".into(),
                strong: false,
                emphasis: false,
                link: None,
            });
            content.extend(cell.iter().cloned());
            page.append(wrap(&tokens(&content, theme, base), width, 2));
        }
        page.push(Line::raw(""));
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(page: &Page) -> Vec<String> {
        page.lines
            .iter()
            .map(std::string::ToString::to_string)
            .collect()
    }

    fn laid(source: &str, width: usize) -> Page {
        doc(&Doc::parse(source), width, Theme::plain(), Style::default())
    }

    #[test]
    fn paragraphs_reflow_and_lists_hang() {
        let page = laid("one two\nthree\n\n- four five six\n- seven", 12);
        assert_eq!(
            strings(&page),
            ["one two", "three", "", "• four five", "  six", "• seven"]
        );
    }

    #[test]
    fn inline_code_is_styled_without_backticks() {
        let page = laid("Run `az login` now.", 40);
        assert_eq!(strings(&page), ["Run az login now."]);
        let code = page.lines[0]
            .spans
            .iter()
            .find(|s| s.content.contains("az"))
            .unwrap();
        assert_eq!(code.style, Theme::plain().code());
    }

    #[test]
    fn code_keeps_indentation_and_continues_behind_a_mark() {
        let page = laid("```yaml\nsteps:\n  - script: echo one two three\n```", 16);
        assert_eq!(
            strings(&page),
            ["│ steps:", "│   - script: ec", "↪ ho one two thr", "↪ ee"]
        );
    }

    #[test]
    fn a_table_is_drawn_with_wrapping_cells() {
        let page = laid(
            "| Metric | Meaning |\n|---|---|\n| MTTR | mean time to restore service after an incident |",
            36,
        );
        let lines = strings(&page);
        assert!(lines[0].starts_with('┌'), "{lines:#?}");
        assert!(lines.iter().all(|l| text_width(l) <= 36), "{lines:#?}");
        assert!(lines.iter().all(|l| !l.contains("|-")));
        assert!(lines.iter().any(|l| l.contains("MTTR")));
        assert!(lines.len() > 5, "the long cell wraps: {lines:#?}");
    }

    #[test]
    fn a_long_url_is_shortened_whole_and_keeps_its_target() {
        let url =
            "https://learn.microsoft.com/azure/devops/pipelines/process/environments-kubernetes";
        let page = laid(&format!("See {url} for more."), 40);
        assert_eq!(page.links.len(), 1);
        let link = &page.links[0];
        assert_eq!(link.url, url);
        assert!(link.width <= 40);
        let line = strings(&page)[link.line].clone();
        assert!(
            line.contains("https://learn.") && line.contains('…'),
            "{line}"
        );
    }

    #[test]
    fn a_fitting_url_moves_to_the_next_line_whole() {
        let page = laid("aaaa bbbb https://a.io/x/y", 16);
        assert_eq!(strings(&page), ["aaaa bbbb", "https://a.io/x/y"]);
        assert_eq!(page.links[0].line, 1);
        assert_eq!(page.links[0].col, 0);
    }

    #[test]
    fn a_url_inside_a_word_moves_to_the_next_line_whole() {
        let page = laid("set SecretUri=https://kv.io/s/db now", 20);
        assert_eq!(
            strings(&page),
            ["set SecretUri=", "https://kv.io/s/db", "now"]
        );
        assert_eq!((page.links[0].line, page.links[0].col), (1, 0));
        assert_eq!(page.links[0].url, "https://kv.io/s/db");
    }

    #[test]
    fn a_slot_wider_than_the_column_is_cut_from_a_line_of_its_own() {
        let slot = CodeUnit::Whole(vec![Span::raw("[1: abcdefghij]")]);
        let line = vec![CodeUnit::Text("x = ".into(), Style::default()), slot];
        let page = code_units(&[line], 10, Theme::plain());
        assert_eq!(strings(&page), ["│ x = ", "↪ [1: abcd", "↪ efghij]"]);
    }

    #[test]
    fn never_loops_or_panics_at_tiny_widths() {
        for w in 0..6 {
            laid(
                "a `bb` ccc\n\n| a | b |\n|-|-|\n| c | d |\n\n```\nxyz\n```\n- x",
                w,
            );
        }
    }
}
