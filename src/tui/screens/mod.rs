//! Drawing: `impl Widget for &Model` picks the screen, adds the status line, the footer of
//! key hints and any overlay. Drawing only reads the model.

pub mod answer;
pub mod grid;
pub mod help;
pub mod home;
pub mod note;
pub mod question;
pub mod results;
pub mod review;
pub mod review_grid;
pub mod scenario;
pub mod stats;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Widget, Wrap};

use super::app::{MIN_HEIGHT, MIN_WIDTH, Model, Overlay, Screen, ScreenLink};
use super::keymap::Hint;
use super::keys;
use super::prose::Page;
use super::text;
use super::theme::Theme;
use crate::bank::Blueprint;

/// The parts of the frame: the screen's body, a status line and the footer of key hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The screen's own area.
    pub body: Rect,
    /// One line for messages.
    pub status: Rect,
    /// One line of key hints.
    pub footer: Rect,
}

/// Splits the frame into body, status line and footer.
pub fn areas(area: Rect) -> Areas {
    let [body, status, footer] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Areas {
        body,
        status,
        footer,
    }
}

impl Widget for &Model {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.drawn.links.borrow_mut().clear();
        self.drawn.scroll_limit.set(0);
        self.drawn.page_rows.set(0);
        self.drawn.scenario.take();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let message = format!(
                "Please enlarge the terminal: az400 needs {MIN_WIDTH}×{MIN_HEIGHT}, this one is {}×{}.",
                area.width, area.height
            );
            // The lower half, so that the message starts in the middle.
            let [_, rect] =
                Layout::vertical([Constraint::Percentage(50), Constraint::Fill(1)]).areas(area);
            Paragraph::new(message)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true })
                .render(rect, buf);
            return;
        }
        let parts = areas(area);
        let theme = self.theme;
        match &self.screen {
            Screen::Home(home) => home::render(self, home, parts.body, buf),
            Screen::Play(play) => question::render(self, play, parts.body, buf),
            Screen::Results(results) => results::render(self, results, parts.body, buf),
            Screen::Review(review) => review::render(self, review, parts.body, buf),
            Screen::Stats => stats::render(self, parts.body, buf),
        }
        if let Some(status) = &self.status {
            Paragraph::new(Line::styled(
                format!(" {}", text::clean(status)),
                theme.warn(),
            ))
            .render(parts.status, buf);
        }
        footer(&keys::keymap(self).hints(), usize::from(area.width), theme)
            .render(parts.footer, buf);
        if self.overlay.is_some() {
            // Text under a dialog is not a link.
            self.drawn.links.borrow_mut().clear();
        }
        match self.overlay {
            Some(Overlay::Help) => help::render_help(self, parts.body, buf),
            Some(Overlay::ConfirmQuit | Overlay::ConfirmSubmit | Overlay::ConfirmMove(..)) => {
                help::render_confirm(self, parts.body, buf);
            }
            Some(Overlay::Unfinished | Overlay::ConfirmDiscard) => {
                help::render_unfinished(self, parts.body, buf);
            }
            Some(Overlay::Note) => note::render(self, parts.body, buf),
            None => {}
        }
    }
}

/// One line of `key what` pairs: as many as fit in `width`, in order, with the help's key
/// kept last.
fn footer(hints: &[Hint], width: usize, theme: Theme) -> Paragraph<'static> {
    let cell = |hint: &Hint| text::width(&hint.keys) + text::width(&hint.about) + 3;
    let help = hints.iter().find(|h| h.help).cloned();
    let mut room = width.saturating_sub(1 + help.as_ref().map_or(0, cell));
    let mut spans = vec![Span::raw(" ")];
    let push = |hint: &Hint, spans: &mut Vec<Span<'static>>| {
        spans.push(Span::styled(text::clean(&hint.keys), theme.key()));
        spans.push(Span::styled(format!(" {}  ", hint.about), theme.dim()));
    };
    for hint in hints.iter().filter(|h| !h.help) {
        if cell(hint) <= room {
            room -= cell(hint);
            push(hint, &mut spans);
        }
    }
    if let Some(help) = &help {
        push(help, &mut spans);
    }
    Paragraph::new(Line::from(spans))
}

/// A horizontal bar `width` cells long, filled to `ratio`.
pub fn bar(ratio: f64, width: usize) -> String {
    let filled = ((ratio.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// A domain's display name (its id if the blueprint lacks it).
pub fn domain_name(blueprint: &Blueprint, id: &str) -> String {
    text::clean(blueprint.domain(id).map_or(id, |d| d.name.as_str()))
}

/// A skill's display name (its id if the blueprint lacks it).
pub fn skill_name(blueprint: &Blueprint, id: &str) -> String {
    text::clean(blueprint.skill(id).map_or(id, |(_, s)| s.name.as_str()))
}

/// `mm:ss` (or `h:mm:ss` from an hour) for a number of seconds.
pub fn clock(seconds: i64) -> String {
    let s = seconds.max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

/// A rectangle of at most `width`×`height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [column] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [rect] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(column);
    rect
}

/// A line wider than its area would lose its end to clipping: a layout bug, caught by the
/// tests that draw every question at several sizes.
pub fn debug_assert_fits(lines: &[Line], width: u16) {
    if cfg!(debug_assertions) && width > 0 {
        for line in lines {
            debug_assert!(
                line.width() <= usize::from(width),
                "a line of {} cells in a column of {width}: {line}",
                line.width()
            );
        }
    }
}

/// Lines `scroll..` that fit `height`, as a paragraph.
pub fn page(lines: Vec<Line<'static>>, scroll: u16) -> Paragraph<'static> {
    Paragraph::new(lines).scroll((scroll, 0))
}

/// The widest the text column grows, in cells, borders included: about 100 columns of text,
/// centred on a wider terminal, as a book keeps its measure.
pub const COLUMN_WIDTH: u16 = 104;

/// Where a session or review page draws: its header, and its framed text column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLayout {
    /// The header: one row on a short terminal, two from 30 rows.
    pub header: Rect,
    /// The framed column below the header.
    pub frame: Rect,
    /// The text inside the frame.
    pub inner: Rect,
}

/// Splits a page's area into header and framed text column, centred at most
/// [`COLUMN_WIDTH`] wide. On a short terminal the header takes one row so that the question
/// starts on the first screen.
pub fn page_layout(area: Rect) -> PageLayout {
    let [column] = Layout::horizontal([Constraint::Max(COLUMN_WIDTH)])
        .flex(Flex::Center)
        .areas(area);
    let header_rows = if area.height < 30 { 1 } else { 2 };
    let [header, frame] =
        Layout::vertical([Constraint::Length(header_rows), Constraint::Fill(1)]).areas(column);
    PageLayout {
        header,
        frame,
        inner: frame_block(super::theme::Theme::plain()).inner(frame),
    }
}

/// The frame around a page's text, with a column of padding either side.
pub fn frame_block(theme: super::theme::Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .padding(Padding::horizontal(1))
}

/// Draws a scrolling page in a frame: the lines from `scroll` (kept within the page), an
/// indicator in the bottom border while more is below, and the links in view recorded for
/// hyperlinks. Remembers how far the page scrolls, for the next key.
pub fn draw_page(
    model: &Model,
    page: Page,
    scroll: u16,
    block: Block<'static>,
    frame: Rect,
    buf: &mut Buffer,
) {
    let theme = model.theme;
    let inner = block.inner(frame);
    let max = limit(page.len(), inner.height);
    model.drawn.scroll_limit.set(max);
    model.drawn.page_rows.set(inner.height);
    let scroll = scroll.min(max);
    let block = if scroll < max {
        let below = page.len() - usize::from(scroll) - usize::from(inner.height);
        block.title_bottom(Line::styled(
            format!(
                " ▼ {below} more line{}: ↓ PgDn ",
                if below == 1 { "" } else { "s" }
            ),
            theme.dim(),
        ))
    } else if max > 0 {
        block.title_bottom(Line::styled(" ▲ end: ↑ PgUp ", theme.dim()))
    } else {
        block
    };
    block.render(frame, buf);
    place_page(model, page, scroll, inner, buf);
}

/// Draws lines `scroll..` of a page in `area` and records the links in view.
pub fn place_page(model: &Model, page: Page, scroll: u16, area: Rect, buf: &mut Buffer) {
    debug_assert_fits(&page.lines, area.width);
    let first = usize::from(scroll);
    let rows = usize::from(area.height);
    let mut links = model.drawn.links.borrow_mut();
    for link in &page.links {
        let Some(row) = link.line.checked_sub(first).filter(|r| *r < rows) else {
            continue;
        };
        if link.col + link.width > usize::from(area.width) {
            continue;
        }
        let to_u16 = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        links.push(ScreenLink {
            x: area.x.saturating_add(to_u16(link.col)),
            y: area.y.saturating_add(to_u16(row)),
            width: to_u16(link.width),
            url: link.url.clone(),
        });
    }
    // Only the lines in view go to the paragraph: it would lay out the scrolled-off ones too.
    let in_view: Vec<Line<'static>> = page.lines.into_iter().skip(first).take(rows).collect();
    Paragraph::new(in_view).render(area, buf);
}

/// How far a page of `len` lines scrolls in `height` rows.
pub fn limit(len: usize, height: u16) -> u16 {
    u16::try_from(len.saturating_sub(usize::from(height))).unwrap_or(u16::MAX)
}
