//! The note editor over a question (`N`), and the note as the question's pages show it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::super::app::Model;
use super::super::keymap::{Action, Keys};
use super::super::keys::note_keymap;
use super::super::text::{clean, prefixed};
use super::super::theme::Theme;
use super::centered;

/// Draws the note being written, with a cursor at its end.
pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let theme = model.theme;
    let Some(note) = &model.note else {
        return;
    };
    let mut lines: Vec<Line> = Vec::new();
    let text = clean(&note.text);
    let mut body: Vec<&str> = text.split('\n').collect();
    let last = body.pop().unwrap_or_default();
    lines.extend(body.into_iter().map(|l| Line::raw(l.to_string())));
    lines.push(Line::from(vec![
        Span::raw(last.to_string()),
        Span::styled("▏", theme.key()),
    ]));
    lines.push(Line::raw(""));
    lines.push(Line::styled(instructions(), theme.dim()));
    let width = area.width.saturating_sub(4).min(76);
    let rect = centered(area, width, 12);
    Clear.render(rect, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::default().borders(Borders::ALL).title(Span::styled(
            format!(" Note on {} ", clean(&note.question)),
            theme.title(),
        )))
        .render(rect, buf);
}

/// `Enter saves (empty removes it) · Esc leaves it as it was`, with the keys the editor's
/// keymap has for saving and cancelling, so the line says what the keys do.
fn instructions() -> String {
    let keymap = note_keymap();
    let mut parts = Vec::new();
    if let Some(save) = keymap.key(Action::Select) {
        parts.push(format!("{save} saves (empty removes it)"));
    }
    if let Some(cancel) = keymap.key(Action::Back) {
        parts.push(format!("{cancel} leaves it as it was"));
    }
    parts.join(" · ")
}

/// The user's note under a question (nothing when there is none), its heading naming the
/// key that edits it (`keys`, as the config gives them).
pub fn lines(note: &str, keys: &Keys, width: usize, theme: Theme) -> Vec<Line<'static>> {
    if note.trim().is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        Line::raw(""),
        Line::styled(
            format!("Your note ({} edits)", keys.label(Action::Note)),
            theme.title(),
        ),
    ];
    for line in clean(note).lines() {
        lines.extend(prefixed(
            vec![Span::styled("│ ", theme.dim())],
            vec![Span::raw(line.to_string())],
            width,
        ));
    }
    lines
}
