//! The question screen: a header (mode, k/N, domain and skill, flag, countdown), the stem
//! (wrapping, scrolling, code blocks kept), and the answer area for each question type. A
//! drill shows the verdict and explanation in place once an answer is checked.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::super::app::Model;
use super::super::keymap::Action;
use super::super::kinds::{AnswerView, kind_of};
use super::super::play::{Play, PlayView};
use super::super::prose::{self, Page};
use super::super::text::{self, clean, truncate};
use super::super::theme::Theme;
use super::{
    answer, clock, domain_name, draw_page, frame_block, grid, limit, note, page, page_layout,
    place_page, scenario, skill_name,
};
use crate::attempt::Mode;
use crate::bank::{CaseStudy, Question};
use crate::response::Response;

/// Draws the session screen: on a wide terminal a case-study question has its scenario
/// beside it.
pub fn render(model: &Model, play: &Play, area: Rect, buf: &mut Buffer) {
    let case = play.case_study(&model.bank);
    let beside = scenario::side_by_side(area).filter(|_| !matches!(play.view, PlayView::Grid(_)));
    let focused = play.view == PlayView::Scenario;
    match (case, beside) {
        (Some(case), Some((left, right))) => {
            let frame = render_question(model, play, Beside::Pane, left, buf);
            let pane = scenario::level_with(right, frame);
            scenario::render(model, case, &play.scenario, focused, pane, buf);
        }
        (case, _) => {
            let over = match case {
                Some(case) if focused => Beside::Over(case),
                _ => Beside::Nothing,
            };
            render_question(model, play, over, area, buf);
        }
    }
}

/// Where the case study's scenario is while the question is drawn.
#[derive(Clone, Copy)]
enum Beside<'a> {
    /// Nowhere: no case study, or the scenario closed on a narrow terminal.
    Nothing,
    /// Over the question, which it hides (a narrow terminal).
    Over(&'a CaseStudy),
    /// In its own pane beside the question (a wide terminal).
    Pane,
}

/// Draws the header and the question (or the grid, or the scenario over it) in `area`, and
/// returns the frame of the text column.
fn render_question(
    model: &Model,
    play: &Play,
    scenario: Beside,
    area: Rect,
    buf: &mut Buffer,
) -> Rect {
    let theme = model.theme;
    let layout = page_layout(area);
    let pane = matches!(scenario, Beside::Pane);
    render_header(model, play, pane, layout.header, buf);
    if matches!(play.view, PlayView::Grid(_)) {
        grid::render(model, play, layout.frame, buf);
        return layout.frame;
    }
    let question = play.question(&model.bank);
    let block = frame_block(theme).title(Span::styled(
        format!(" {} ", kind_title(question)),
        theme.title(),
    ));
    let inner = layout.inner;
    let Some(question) = question else {
        block.render(layout.frame, buf);
        Paragraph::new("This question is no longer in the bank: n and p move on.")
            .render(inner, buf);
        return layout.frame;
    };
    let width = usize::from(inner.width);
    if let Beside::Over(case) = scenario {
        Clear.render(layout.frame, buf);
        scenario::render(model, case, &play.scenario, true, layout.frame, buf);
        return layout.frame;
    }
    if play.revealed() {
        let lines = revealed_lines(play, question, model, width, theme);
        draw_page(model, lines, play.scroll, block, layout.frame, buf);
        return layout.frame;
    }
    let stem = stem_lines(question, width, theme);
    let answer = answer_lines(play, question, width, theme);
    let (stem_h, answer_h) = heights(inner.height, stem.len(), answer.lines.len());
    // The stem's last line is a spacer: hiding it hides nothing of the question.
    let stem_max = limit(stem.len().saturating_sub(1), stem_h);
    model.drawn.scroll_limit.set(stem_max);
    model.drawn.page_rows.set(stem_h);
    let block = if stem_max > play.scroll {
        block.title_bottom(Line::styled(" ▼ more of the question: PgDn ", theme.dim()))
    } else {
        block
    };
    block.render(layout.frame, buf);
    let [stem_area, answer_area] =
        Layout::vertical([Constraint::Length(stem_h), Constraint::Length(answer_h)]).areas(inner);
    place_page(model, stem, play.scroll.min(stem_max), stem_area, buf);
    answer.render(answer_area, theme, buf);
    layout.frame
}

/// Rows for the stem and the answer area: both whole if they fit; otherwise the answer gets
/// what it needs while the stem keeps at least a third.
fn heights(height: u16, stem: usize, answer: usize) -> (u16, u16) {
    let h = usize::from(height);
    if stem + answer <= h {
        return (
            u16::try_from(stem).unwrap_or(height),
            u16::try_from(answer).unwrap_or(0),
        );
    }
    let stem_min = stem.min((h / 3).max(3)).min(h);
    let answer_h = answer.min(h - stem_min);
    let to_u16 = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    (to_u16(h - answer_h), to_u16(answer_h))
}

fn kind_title(question: Option<&Question>) -> String {
    match question {
        Some(q) => kind_of(q.body()).title(),
        None => "Missing question".into(),
    }
}

/// The header; with the scenario in a `pane` beside the question it does not repeat the case
/// study's name.
fn render_header(model: &Model, play: &Play, pane: bool, area: Rect, buf: &mut Buffer) {
    let theme = model.theme;
    let session = &play.session;
    let mut left = vec![
        Span::styled(format!(" {}", session.mode.label()), theme.title()),
        Span::raw(format!(
            " · Question {} of {}",
            session.current + 1,
            session.items.len()
        )),
    ];
    if play.item().is_some_and(|i| i.flagged) {
        left.push(Span::styled("  ⚑ Flagged", theme.flag()));
    }
    if play
        .item()
        .is_some_and(|i| model.marks.is_bookmarked(&i.question_id))
    {
        left.push(Span::styled("  ★ Bookmarked", theme.flag()));
    }
    if session.mode == Mode::Drill {
        let (right, wrong) = play.tally(&model.bank);
        left.push(Span::raw(format!("  ✓ {right}  ✗ {wrong}")));
    }
    let compact = area.height < 2;
    if compact && let Some(q) = play.question(&model.bank) {
        // One row: the skill (or the case study) in what the countdown leaves.
        let about = match &q.case_study {
            Some(_) if !pane => format!("  Case study ({})", model.keys.label(Action::Scenario)),
            _ => format!("  {}", skill_name(&model.bank.blueprint, &q.skill)),
        };
        let used: usize = left.iter().map(Span::width).sum();
        let room = usize::from(area.width).saturating_sub(used + 18);
        left.push(Span::styled(truncate(&about, room), theme.dim()));
    }
    let timer = match session.remaining(model.now) {
        Some(left) => {
            let seconds = (left.num_milliseconds() + 999) / 1000;
            let style = if seconds <= 60 {
                theme.urgent()
            } else if seconds <= 300 {
                theme.warn()
            } else {
                theme.text()
            };
            Span::styled(format!(" ⏱ {} left ", clock(seconds)), style)
        }
        None => Span::styled(" untimed ", theme.dim()),
    };
    let timer_width = u16::try_from(timer.width()).unwrap_or(0);
    let [first_row, second_row] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let [left_area, timer_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(timer_width)]).areas(first_row);
    Paragraph::new(Line::from(left)).render(left_area, buf);
    Paragraph::new(Line::from(timer))
        .alignment(Alignment::Right)
        .render(timer_area, buf);
    if compact {
        return;
    }
    let mut second = Vec::new();
    if let Some(q) = play.question(&model.bank) {
        let blueprint = &model.bank.blueprint;
        let case = play.case_study(&model.bank).filter(|_| !pane);
        let tab = model.keys.label(Action::Scenario);
        let case = case.map(|c| format!("  Case study: {} ({tab})", clean(&c.title)));
        let room = usize::from(area.width).saturating_sub(case.as_deref().map_or(0, text::width));
        second.push(Span::styled(
            truncate(
                &format!(
                    " {} › {}",
                    domain_name(blueprint, &q.domain),
                    skill_name(blueprint, &q.skill)
                ),
                room,
            ),
            theme.dim(),
        ));
        if let Some(case) = case {
            second.push(Span::styled(case, theme.chosen()));
        }
    }
    Paragraph::new(Line::from(second)).render(second_row, buf);
}

/// The stem, with a blank line after it.
fn stem_lines(question: &Question, width: usize, theme: Theme) -> Page {
    let mut lines = prose::doc(question.stem().doc(), width, theme, theme.text());
    lines.push(Line::raw(""));
    lines
}

/// The page a drill shows once an answer is checked: stem, marked answer, explanation, and
/// the user's note.
fn revealed_lines(
    play: &Play,
    question: &Question,
    model: &Model,
    width: usize,
    theme: Theme,
) -> Page {
    let mut lines = stem_lines(question, width, theme);
    let (response, shuffle) = match play.item() {
        Some(item) => (item.response.as_ref(), item.shuffle.as_slice()),
        None => (None, [].as_slice()),
    };
    lines.append(answer::walkthrough(
        question, response, shuffle, width, theme,
    ));
    lines.extend(note::lines(
        model.marks.note(&question.id),
        &model.keys,
        width,
        theme,
    ));
    lines
}

impl AnswerView {
    /// Draws the answer area. Whatever is too long scrolls so that the cursor stays in view;
    /// a fill question keeps its option picker whole at the bottom and scrolls the snippet
    /// above it to the focused slot, saying which of its lines are in view.
    fn render(self, area: Rect, theme: Theme, buf: &mut Buffer) {
        let height = usize::from(area.height);
        super::debug_assert_fits(&self.lines.lines, area.width);
        let to_u16 = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        let fill = self.fill.filter(|_| self.lines.len() > height);
        let Some(fill) = fill else {
            let offset = (self.cursor_line + 1).saturating_sub(height);
            page(self.lines.lines, to_u16(offset)).render(area, buf);
            return;
        };
        let mut snippet = self.lines.lines;
        let picker = snippet.split_off(fill.picker_start.min(snippet.len()));
        let picker_h = picker.len().min(height.saturating_sub(3).max(height / 2));
        // One row under the snippet says which of its lines are in view.
        let snippet_h = height.saturating_sub(picker_h + 1);
        let snippet_offset = fill.slot_line.min(snippet.len().saturating_sub(snippet_h));
        let picker_cursor = self.cursor_line.saturating_sub(fill.picker_start);
        let picker_offset = (picker_cursor + 1).saturating_sub(picker_h);
        let [top, note, bottom] = Layout::vertical([
            Constraint::Length(to_u16(snippet_h)),
            Constraint::Length(1),
            Constraint::Length(to_u16(picker_h)),
        ])
        .areas(area);
        let code = fill.code.clone();
        let first = snippet_offset.max(code.start);
        let last = (snippet_offset + snippet_h).min(code.end);
        let total = code.end - code.start;
        let shown = if first < last {
            format!(
                "snippet lines {}–{} of {total}; ←→ moves between slots",
                first - code.start + 1,
                last - code.start
            )
        } else {
            format!("snippet of {total} lines; ←→ moves between slots")
        };
        page(snippet, to_u16(snippet_offset)).render(top, buf);
        Paragraph::new(Line::styled(shown, theme.dim())).render(note, buf);
        page(picker, to_u16(picker_offset)).render(bottom, buf);
    }
}

/// The answer area and the line the cursor is on.
fn answer_lines(play: &Play, question: &Question, width: usize, theme: Theme) -> AnswerView {
    let Some(item) = play.item() else {
        return AnswerView {
            lines: Page::default(),
            cursor_line: 0,
            fill: None,
        };
    };
    let response = item
        .response
        .clone()
        .unwrap_or_else(|| Response::empty_for(question.body()));
    kind_of(question.body()).answer(&response, &item.shuffle, play.cursor, width, theme)
}
