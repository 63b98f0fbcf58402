//! The review's grid (`g`): every question of the review with its verdict, flag and bookmark,
//! a cursor to open any of them, and the question numbers to jump to by typing them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::super::app::{Model, Review, ReviewView};
use super::super::keymap::Action;
use super::super::play::GRID_COLUMNS;
use super::super::text::truncate;
use super::{domain_name, skill_name};

/// Draws the grid in `area`.
pub fn render(model: &Model, review: &Review, area: Rect, buf: &mut Buffer) {
    let theme = model.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(Span::styled(
            format!(" Review grid ({}) ", review.filter),
            theme.title(),
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    let cursor = match review.view {
        ReviewView::Grid(cell) => cell,
        _ => review.pos,
    };
    let items: Vec<(usize, &crate::attempt::AttemptItem)> = review
        .list
        .iter()
        .filter_map(|i| review.attempt.items.get(*i).map(|item| (*i, item)))
        .collect();
    let right = items.iter().filter(|(_, i)| i.points.is_full()).count();
    let mut lines = vec![
        Line::from(vec![
            Span::raw(format!(" {} questions", items.len())),
            Span::styled(" · ", theme.dim()),
            Span::styled(format!("{right} right"), theme.good()),
            Span::styled(" · ", theme.dim()),
            Span::styled(format!("{} not", items.len() - right), theme.bad()),
        ]),
        Line::styled(
            " ✓ right   ◐ partly   ✗ wrong   · unanswered   ⚑ flagged   ★ bookmarked",
            theme.dim(),
        ),
        Line::raw(""),
    ];
    for (row, chunk) in items.chunks(GRID_COLUMNS).enumerate() {
        let mut spans = vec![Span::raw(" ")];
        for (col, (index, item)) in chunk.iter().enumerate() {
            let on = row * GRID_COLUMNS + col == cursor;
            let (mark, style) = if item.points.is_full() {
                ("✓", theme.good())
            } else if !item.is_answered() {
                ("·", theme.dim())
            } else if item.points.earned > 0 {
                ("◐", theme.warn())
            } else {
                ("✗", theme.bad())
            };
            spans.push(Span::styled(if on { "›" } else { " " }, theme.key()));
            spans.push(Span::styled(
                format!("{:>3}", index + 1),
                if on { theme.cursor() } else { theme.text() },
            ));
            spans.push(Span::styled(mark, style));
            spans.push(if model.marks.is_bookmarked(&item.question_id) {
                Span::styled("★", theme.flag())
            } else if item.flagged {
                Span::styled("⚑", theme.flag())
            } else {
                Span::raw(" ")
            });
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    if let Some((index, item)) = items.get(cursor) {
        let blueprint = &model.bank.blueprint;
        lines.push(Line::styled(
            truncate(
                &format!(
                    " Question {}: {} › {}",
                    index + 1,
                    domain_name(blueprint, &item.domain),
                    skill_name(blueprint, &item.skill)
                ),
                usize::from(inner.width),
            ),
            theme.dim(),
        ));
    }
    lines.push(Line::raw(""));
    let select = model.keys.label(Action::Select);
    lines.push(Line::styled(
        format!(
            " {select} opens the one under the cursor · a number and {select} jumps · {}: back",
            model.keys.label(Action::Grid)
        ),
        theme.dim(),
    ));
    Paragraph::new(lines)
        .wrap(ratatui::widgets::Wrap { trim: false })
        .render(inner, buf);
}
