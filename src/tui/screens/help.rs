//! Overlays: the `?` help listing the current screen's keys, and the confirmations before
//! submitting and before leaving a session.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::super::app::{Model, Overlay, Screen};
use super::super::keymap::Action;
use super::super::keys;
use super::super::text;
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
        "A {} started {} is unfinished ({answered} of {} answered).",
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
                "It is moved to sessions/discarded/ in the data folder, not deleted,".into(),
                format!(
                    "and the new {} starts.",
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
    let mut lines: Vec<Line> = vec![Line::raw("")];
    lines.extend(body.into_iter().map(|b| Line::raw(format!(" {b}"))));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(" {}", keys::keymap(model).dialog_line()),
        theme.key(),
    ));
    let rect = centered(area, 72, u16::try_from(lines.len() + 2).unwrap_or(u16::MAX));
    Clear.render(rect, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(title, theme.title())),
        )
        .render(rect, buf);
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
                "This item is part of a series. As on the exam, once you move".to_string(),
                "past it you cannot return to it or change its answer.".to_string(),
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
                    "This section cannot be left and re-entered: once you start it,".to_string(),
                    "you cannot return to the questions before it.".to_string(),
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
    let mut lines: Vec<Line> = vec![Line::raw("")];
    lines.extend(body.into_iter().map(|b| Line::raw(format!(" {b}"))));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(" {}", keys::keymap(model).dialog_line()),
        theme.key(),
    ));
    let rect = centered(area, 64, u16::try_from(lines.len() + 2).unwrap_or(u16::MAX));
    Clear.render(rect, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(title, theme.title())),
        )
        .render(rect, buf);
}
