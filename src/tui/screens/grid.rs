//! The review grid before submit: every question as answered, partly answered or unanswered,
//! and flagged, with a cursor to jump to any of them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::super::app::Model;
use super::super::keymap::Action;
use super::super::play::{GRID_COLUMNS, Play, PlayView};
use super::super::text::truncate;
use super::{domain_name, skill_name};

/// Draws the grid in `area`.
pub fn render(model: &Model, play: &Play, area: Rect, buf: &mut Buffer) {
    let theme = model.theme;
    let session = &play.session;
    let counts = session.counts(&model.bank);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(Span::styled(" Review grid ", theme.title()));
    let inner = block.inner(area);
    block.render(area, buf);
    let cursor = match play.view {
        PlayView::Grid(cell) => cell,
        _ => session.current,
    };
    let mut lines = vec![
        Line::from(vec![
            Span::raw(format!(" {} answered", counts.answered)),
            Span::styled(" · ", theme.dim()),
            Span::styled(
                format!("{} unanswered", counts.unanswered),
                if counts.unanswered > 0 {
                    theme.warn()
                } else {
                    theme.text()
                },
            ),
            Span::styled(" · ", theme.dim()),
            Span::styled(format!("{} flagged", counts.flagged), theme.flag()),
        ]),
        Line::styled(
            " ✓ answered   ◐ partly   · unanswered   ⚑ flagged   × closed   › cursor",
            theme.dim(),
        ),
        Line::raw(""),
    ];
    for (row, chunk) in session.items.chunks(GRID_COLUMNS).enumerate() {
        let mut spans = vec![Span::raw(" ")];
        for (col, item) in chunk.iter().enumerate() {
            let index = row * GRID_COLUMNS + col;
            let body = item.question(&model.bank).map(crate::bank::Question::body);
            let response = item.response.as_ref();
            let (mark, style) = match (response, body) {
                (Some(r), Some(b)) if r.is_complete(b) => ("✓", theme.good()),
                (Some(r), _) if r.is_started() => ("◐", theme.warn()),
                _ => ("·", theme.dim()),
            };
            let on = index == cursor;
            let number = format!("{:>3}", index + 1);
            spans.push(Span::styled(if on { "›" } else { " " }, theme.key()));
            spans.push(Span::styled(
                number,
                if on { theme.cursor() } else { theme.text() },
            ));
            spans.push(Span::styled(mark, style));
            spans.push(if item.flagged {
                Span::styled("⚑", theme.flag())
            } else if item.closed {
                Span::styled("×", theme.dim())
            } else {
                Span::raw(" ")
            });
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    if let Some(start) = session.section_start {
        let state = if session.in_section() {
            "entered: the questions before it are closed"
        } else {
            "once entered, the questions before it close"
        };
        lines.push(Line::styled(
            truncate(
                &format!(
                    " Case-study section: questions {}-{} ({state})",
                    start + 1,
                    session.items.len()
                ),
                usize::from(inner.width),
            ),
            theme.key(),
        ));
    }
    if let Some(item) = session.items.get(cursor) {
        let about = match item.question(&model.bank) {
            Some(q) => format!(
                " Question {}: {} › {}",
                cursor + 1,
                domain_name(&model.bank.blueprint, &q.domain),
                skill_name(&model.bank.blueprint, &q.skill)
            ),
            None => format!(" Question {}: no longer in the bank", cursor + 1),
        };
        lines.push(Line::styled(
            truncate(&about, usize::from(inner.width)),
            theme.dim(),
        ));
    }
    lines.push(Line::raw(""));
    let keys = &model.keys;
    lines.push(Line::styled(
        format!(
            " {} opens the question under the cursor; {} submits; {} or Esc goes back.",
            keys.label(Action::Select),
            keys.label(Action::Submit),
            keys.label(Action::Grid)
        ),
        theme.dim(),
    ));
    Paragraph::new(lines).render(inner, buf);
}
