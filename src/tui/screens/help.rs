//! Overlays: the `?` help listing the current screen's keys, and the confirmations before
//! submitting and before leaving a session.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::super::app::{Model, Overlay, Screen};
use super::super::keymap::Action;
use super::super::keys;
use super::super::text;
use super::super::theme::Theme;
use super::centered;
use crate::session::Crossing;

/// Draws the help overlay: every key of the screen beneath it.
pub fn render_help(model: &Model, area: Rect, buf: &mut Buffer) {
    let theme = model.theme;
    let below = keys::screen_keymap(model).hints();
    let mut lines: Vec<Line> = below
        .iter()
        .filter(|h| !h.help)
        .map(|hint| {
            Line::from(vec![
                Span::styled(format!(" {:>16} ", text::clean(&hint.keys)), theme.key()),
                Span::raw(format!(" {}", hint.about)),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(" Any key closes this help.", theme.dim()));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let rect = centered(area, 64, height);
    Clear.render(rect, buf);
    Paragraph::new(lines)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(" Keys ", theme.title())),
        )
        .render(rect, buf);
}

/// Draws the question asked when a session is started while another is unfinished.
pub fn render_unfinished(model: &Model, area: Rect, buf: &mut Buffer) {
    let theme = model.theme;
    let Some(pending) = &model.pending else {
        return;
    };
    let other = &pending.other.session;
    let answered = other.items.iter().filter(|i| i.response.is_some()).count();
    let about = format!(
        "Your {} started {} is unfinished ({answered} of {} answered).",
        other.mode.label().to_lowercase(),
        other
            .started_at
            .with_timezone(&model.offset)
            .format("%Y-%m-%d %H:%M"),
        other.items.len()
    );
    let (title, body) = match model.overlay {
        Some(Overlay::ConfirmDiscard) => (
            " Discard it? ",
            vec![
                about,
                format!(
                    "It is moved to sessions/discarded/ in the data folder, not deleted, \
                     and the new {} starts.",
                    pending.plan.mode.label().to_lowercase()
                ),
            ],
        ),
        _ => (
            " Another session is unfinished ",
            vec![
                about,
                "Resume it, discard it, or keep both and start the new one.".into(),
            ],
        ),
    };
    Dialog {
        title: Span::styled(title, theme.title()),
        body,
        keys: keys::keymap(model).dialog_line(),
        width: 72,
    }
    .render(area, buf, theme);
}

/// Draws the confirmation dialog that is open.
pub fn render_confirm(model: &Model, area: Rect, buf: &mut Buffer) {
    let theme = model.theme;
    let Screen::Play(play) = &model.screen else {
        return;
    };
    let mode = play.session.mode.label().to_lowercase();
    let counts = play.session.counts(&model.bank);
    let total = play.session.items.len();
    let (title, body) = match model.overlay {
        Some(Overlay::ConfirmSubmit) => (
            format!(" Submit the {mode}? "),
            vec![
                if counts.unanswered == 0 {
                    format!("All {total} questions are answered.")
                } else {
                    format!(
                        "{} of {total} questions are unanswered; they score 0.",
                        counts.unanswered
                    )
                },
                format!("{} flagged for review.", counts.flagged),
            ],
        ),
        Some(Overlay::ConfirmMove(Crossing::LeaveSeriesItem, _)) => (
            " Move past this solution? ".to_string(),
            vec![
                "This item is part of a series. As on the exam, once you move past it you \
                 cannot return to it or change its answer."
                    .to_string(),
            ],
        ),
        Some(Overlay::ConfirmMove(Crossing::EnterCaseStudy, _)) => {
            let case = play
                .session
                .section_start
                .and_then(|s| play.session.items.get(s))
                .and_then(|i| i.question(&model.bank))
                .and_then(|q| q.case_study.as_deref())
                .and_then(|id| play.session.case_study(id, &model.bank));
            let size = play.session.section_start.map_or(0, |s| total - s);
            (
                format!(
                    " Case study: {} ",
                    case.map_or("the last section", |c| c.title.as_str())
                ),
                vec![
                    format!(
                        "The last {size} questions share one scenario ({} shows it).",
                        model.keys.label(Action::Scenario)
                    ),
                    "This section cannot be left and re-entered: once you start it, you \
                     cannot return to the questions before it."
                        .to_string(),
                    format!(
                        "Skipped anything? Press n, then {} for the review grid.",
                        model.keys.label(Action::Grid)
                    ),
                ],
            )
        }
        _ => (
            format!(" Leave the {mode}? "),
            vec![
                "Your progress is saved after every answer.".to_string(),
                "Resume from the home menu (or az400 resume) to continue.".to_string(),
            ],
        ),
    };
    Dialog {
        title: Span::styled(title, theme.title()),
        body,
        keys: keys::keymap(model).dialog_line(),
        width: 64,
    }
    .render(area, buf, theme);
}

/// A dialog of paragraphs and a line of keys, drawn centred and word-wrapped to its width,
/// as tall as its lines.
struct Dialog {
    /// The title on the border.
    title: Span<'static>,
    /// The paragraphs, each wrapped on its own.
    body: Vec<String>,
    /// The keys it takes, as one line of text.
    keys: String,
    /// The widest it may be, in cells with the border.
    width: u16,
}

impl Dialog {
    /// Draws the dialog centred in `area`.
    fn render(self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let width = self.width.min(area.width);
        let room = usize::from(width.saturating_sub(2));
        let mut lines: Vec<Line<'static>> = vec![Line::raw("")];
        for paragraph in &self.body {
            lines.extend(text::wrap(&[Span::raw(format!(" {paragraph}"))], room, 1));
        }
        lines.push(Line::raw(""));
        let keys = Span::styled(format!(" {}", self.keys), theme.key());
        lines.extend(text::wrap(&[keys], room, 1));
        let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
        let rect = centered(area, width, height);
        Clear.render(rect, buf);
        Paragraph::new(lines)
            .block(Block::default().borders(Borders::ALL).title(self.title))
            .render(rect, buf);
    }
}
