//! The question screen: a header (mode, k/N, domain and skill, flag, countdown), the stem
//! (wrapping, scrolling, code blocks kept), and the answer area for each question type. A
//! drill shows the verdict and explanation in place once an answer is checked.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::super::app::Model;
use super::super::play::{Play, display_order};
use super::super::text::{self, clean, inline_code, prefixed, rich, truncate};
use super::super::theme::Theme;
use super::{answer, areas, clock, domain_name, grid, header_split, limit, note, page, skill_name};
use crate::attempt::Mode;
use crate::bank::{Bank, Body, CaseStudy, Question};
use crate::marks::Marks;
use crate::response::Response;

/// Draws the session screen.
pub fn render(model: &Model, play: &Play, area: Rect, buf: &mut Buffer) {
    let theme = model.theme;
    let (header, frame) = header_split(area);
    render_header(model, play, header, buf);
    if play.grid.is_some() {
        grid::render(model, play, frame, buf);
        return;
    }
    let question = play.question(&model.bank);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(Span::styled(
            format!(" {} ", kind_title(question)),
            theme.title(),
        ));
    let inner = block.inner(frame);
    let Some(question) = question else {
        block.render(frame, buf);
        Paragraph::new("This question is no longer in the bank: n and p move on.")
            .render(inner, buf);
        return;
    };
    let width = usize::from(inner.width);
    if let Some(scroll) = play.scenario {
        let lines = scenario_lines(play_case(&model.bank, play, question), width, theme);
        let title = Line::styled(" Tab or Esc: back to the question ", theme.dim());
        let block = block.title_bottom(title);
        Clear.render(frame, buf);
        block.render(frame, buf);
        let max = limit(lines.len(), inner.height);
        page(lines, scroll.min(max)).render(inner, buf);
        return;
    }
    if play.revealed() {
        let lines = revealed_lines(play, question, &model.marks, width, theme);
        let max = limit(lines.len(), inner.height);
        let block = if max > 0 {
            block.title_bottom(Line::styled(" ↑↓ PgUp/PgDn scroll ", theme.dim()))
        } else {
            block
        };
        block.render(frame, buf);
        page(lines, play.scroll.min(max)).render(inner, buf);
        return;
    }
    let stem = stem_lines(question, width, theme);
    let answer = answer_lines(play, question, width, theme);
    let (stem_h, answer_h) = heights(inner.height, stem.len(), answer.lines.len());
    // The stem's last line is a spacer: hiding it hides nothing of the question.
    let stem_max = limit(stem.len().saturating_sub(1), stem_h);
    let block = if stem_max > play.scroll {
        block.title_bottom(Line::styled(" PgDn: more of the question ", theme.dim()))
    } else {
        block
    };
    block.render(frame, buf);
    page(stem, play.scroll.min(stem_max)).render(
        Rect {
            height: stem_h,
            ..inner
        },
        buf,
    );
    let answer_area = Rect {
        y: inner.y + stem_h,
        height: answer_h,
        ..inner
    };
    answer.render(answer_area, buf);
}

/// How far the open page of the session screen can scroll in a terminal of `area`: the
/// scenario, the drill feedback, or the stem.
pub fn scroll_limit(area: Rect, bank: &Bank, marks: &Marks, play: &Play, theme: Theme) -> u16 {
    let (_, frame) = header_split(areas(area).body);
    let inner = Block::default().borders(Borders::ALL).inner(frame);
    let width = usize::from(inner.width);
    let Some(question) = play.question(bank) else {
        return 0;
    };
    if play.scenario.is_some() {
        return limit(
            scenario_lines(play_case(bank, play, question), width, theme).len(),
            inner.height,
        );
    }
    if play.revealed() {
        return limit(
            revealed_lines(play, question, marks, width, theme).len(),
            inner.height,
        );
    }
    let stem = stem_lines(question, width, theme).len();
    let answer = answer_lines(play, question, width, theme).lines.len();
    let (stem_h, _) = heights(inner.height, stem, answer);
    limit(stem.saturating_sub(1), stem_h)
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
    match question.map(|q| &q.body) {
        Some(Body::Single { .. }) => "Choose one".into(),
        Some(Body::Multiple { options }) => {
            format!("Choose {}", options.iter().filter(|o| o.correct).count())
        }
        Some(Body::Order { .. }) => "Put in order".into(),
        Some(Body::YesNo { .. }) => "Yes or no".into(),
        Some(Body::Fill { .. }) => "Complete the snippet".into(),
        None => "Missing question".into(),
    }
}

fn render_header(model: &Model, play: &Play, area: Rect, buf: &mut Buffer) {
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
    Paragraph::new(Line::from(left)).render(Rect { height: 1, ..area }, buf);
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
    Paragraph::new(Line::from(timer))
        .alignment(Alignment::Right)
        .render(Rect { height: 1, ..area }, buf);
    if area.height < 2 {
        return;
    }
    let mut second = Vec::new();
    if let Some(q) = play.question(&model.bank) {
        let blueprint = &model.bank.blueprint;
        let case = play_case(&model.bank, play, q);
        let case = case.map(|c| format!("  Case study: {} (Tab)", clean(&c.title)));
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
    Paragraph::new(Line::from(second)).render(
        Rect {
            y: area.y + 1,
            height: 1,
            ..area
        },
        buf,
    );
}

/// The stem, with a blank line after it.
fn stem_lines(question: &Question, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = rich(&question.stem, width, theme);
    lines.push(Line::raw(""));
    lines
}

/// The page a drill shows once an answer is checked: stem, marked answer, explanation, and
/// the user's note.
fn revealed_lines(
    play: &Play,
    question: &Question,
    marks: &Marks,
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = stem_lines(question, width, theme);
    let (response, shuffle) = match play.item() {
        Some(item) => (item.response.as_ref(), item.shuffle.as_slice()),
        None => (None, [].as_slice()),
    };
    lines.extend(answer::walkthrough(
        question, response, shuffle, width, theme,
    ));
    lines.extend(note::lines(marks.note(&question.id), width, theme));
    lines
}

/// The case study of a question in play, as it was when the session drew it.
fn play_case<'a>(bank: &'a Bank, play: &'a Play, question: &Question) -> Option<&'a CaseStudy> {
    let id = question.case_study.as_deref()?;
    play.session.case_study(id, bank)
}

/// The case study's title and sections.
pub fn scenario_lines(case: Option<&CaseStudy>, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let Some(case) = case else {
        return vec![Line::raw("This question is not part of a case study.")];
    };
    let mut lines = vec![Line::styled(
        format!("Case study: {}", clean(&case.title)),
        theme.title(),
    )];
    for section in &case.scenario {
        lines.push(Line::raw(""));
        lines.push(Line::styled(clean(&section.heading), theme.title()));
        lines.extend(rich(&section.text, width, theme));
    }
    lines
}

/// A pick label: `1`–`9`, blank beyond.
fn label(n: usize) -> String {
    if n < 9 {
        format!("{}", n + 1)
    } else {
        " ".into()
    }
}

/// The cursor mark and the style of a row.
fn row_marks(on: bool, theme: Theme) -> (Span<'static>, ratatui::style::Style) {
    if on {
        (Span::styled("›", theme.key()), theme.cursor())
    } else {
        (Span::raw(" "), theme.text())
    }
}

/// The answer area's lines, the line the cursor is on and, for a fill question, where the
/// focused slot stands in the snippet and where the option picker starts.
struct AnswerView {
    lines: Vec<Line<'static>>,
    cursor_line: usize,
    fill: Option<FillFocus>,
}

/// Where a fill question's focused slot and its option picker are in the answer lines.
struct FillFocus {
    slot_line: usize,
    picker_start: usize,
}

impl AnswerView {
    /// Draws the answer area. Whatever is too long scrolls so that the cursor stays in view;
    /// a fill question keeps its option picker whole at the bottom and scrolls the snippet
    /// above it to the focused slot.
    fn render(self, area: Rect, buf: &mut Buffer) {
        let height = usize::from(area.height);
        let to_u16 = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        let fill = self.fill.filter(|_| self.lines.len() > height);
        let Some(fill) = fill else {
            let offset = (self.cursor_line + 1).saturating_sub(height);
            page(self.lines, to_u16(offset)).render(area, buf);
            return;
        };
        let mut snippet = self.lines;
        let picker = snippet.split_off(fill.picker_start.min(snippet.len()));
        let picker_h = picker.len().min(height.saturating_sub(2).max(height / 2));
        let snippet_h = height - picker_h;
        let snippet_offset = fill.slot_line.min(snippet.len().saturating_sub(snippet_h));
        let picker_cursor = self.cursor_line.saturating_sub(fill.picker_start);
        let picker_offset = (picker_cursor + 1).saturating_sub(picker_h);
        let (top, bottom) = (
            Rect {
                height: to_u16(snippet_h),
                ..area
            },
            Rect {
                y: area.y + to_u16(snippet_h),
                height: to_u16(picker_h),
                ..area
            },
        );
        page(snippet, to_u16(snippet_offset)).render(top, buf);
        page(picker, to_u16(picker_offset)).render(bottom, buf);
    }
}

/// The answer area and the line the cursor is on.
fn answer_lines(play: &Play, question: &Question, width: usize, theme: Theme) -> AnswerView {
    let Some(item) = play.item() else {
        return AnswerView {
            lines: Vec::new(),
            cursor_line: 0,
            fill: None,
        };
    };
    let response = item
        .response
        .clone()
        .unwrap_or_else(|| Response::empty_for(&question.body));
    let shuffle = &item.shuffle;
    let cursor = play.cursor;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut cursor_line = 0;
    let mut fill = None;
    match &question.body {
        Body::Single { options } | Body::Multiple { options } => {
            let single = matches!(question.body, Body::Single { .. });
            let chosen = match &response {
                Response::Choices(c) => c.clone(),
                _ => Vec::new(),
            };
            let need = options.iter().filter(|o| o.correct).count();
            lines.push(Line::styled(
                if single {
                    "Choose one answer.".to_string()
                } else {
                    format!("Choose {need} answers ({} chosen).", chosen.len())
                },
                theme.dim(),
            ));
            for (row, i) in display_order(shuffle, 0, options.len())
                .into_iter()
                .enumerate()
            {
                let Some(option) = options.get(i) else {
                    continue;
                };
                let picked = chosen.contains(&i);
                let mark = match (single, picked) {
                    (true, true) => "(•)",
                    (true, false) => "( )",
                    (false, true) => "[x]",
                    (false, false) => "[ ]",
                };
                let (arrow, style) = row_marks(row == cursor.row, theme);
                if row == cursor.row {
                    cursor_line = lines.len();
                }
                let prefix = vec![
                    arrow,
                    Span::styled(label(row), theme.key()),
                    Span::raw(" "),
                    Span::styled(mark, if picked { theme.chosen() } else { theme.text() }),
                    Span::raw(" "),
                ];
                let body = inline_code(&clean(&option.text), theme)
                    .into_iter()
                    .map(|s| s.patch_style(style))
                    .collect();
                lines.extend(prefixed(prefix, body, width));
            }
        }
        Body::Order { steps, distractors } => {
            let n = steps.len() + distractors.len();
            let built = match &response {
                Response::Order(list) => list.clone(),
                _ => Vec::new(),
            };
            let text_of = |i: usize| answer::order_item(steps, distractors, i);
            lines.push(Line::styled(
                format!(
                    "Place {} of these items in order (some may not belong); → for your order.",
                    steps.len()
                ),
                theme.dim(),
            ));
            let focus = |on: bool| if on { " ◂" } else { "" };
            lines.push(Line::styled(
                format!("Items{}", focus(!cursor.in_list)),
                theme.title(),
            ));
            for (row, i) in display_order(shuffle, 0, n).into_iter().enumerate() {
                let on = !cursor.in_list && row == cursor.row;
                let (arrow, style) = row_marks(on, theme);
                if on {
                    cursor_line = lines.len();
                }
                let place = match built.iter().position(|b| *b == i) {
                    Some(p) => Span::styled(format!("[{}]", p + 1), theme.chosen()),
                    None => Span::raw("[ ]"),
                };
                let prefix = vec![
                    arrow,
                    Span::styled(label(row), theme.key()),
                    Span::raw(" "),
                    place,
                    Span::raw(" "),
                ];
                lines.extend(prefixed(
                    prefix,
                    vec![Span::styled(text_of(i), style)],
                    width,
                ));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!(
                    "Your order ({} of {} placed){}",
                    built.len(),
                    steps.len(),
                    focus(cursor.in_list)
                ),
                theme.title(),
            ));
            if built.is_empty() {
                lines.push(Line::styled(
                    "  Nothing yet: Enter places the item under the cursor.",
                    theme.dim(),
                ));
            }
            for (row, i) in built.iter().enumerate() {
                let on = cursor.in_list && row == cursor.row;
                let (arrow, style) = row_marks(on, theme);
                if on {
                    cursor_line = lines.len();
                }
                let prefix = vec![arrow, Span::raw(format!(" {}. ", row + 1))];
                lines.extend(prefixed(
                    prefix,
                    vec![Span::styled(text_of(*i), style)],
                    width,
                ));
            }
        }
        Body::YesNo { statements } => {
            let answers = match &response {
                Response::YesNo(a) => a.clone(),
                _ => Vec::new(),
            };
            lines.push(Line::styled(
                "Answer Yes or No for each statement.",
                theme.dim(),
            ));
            for (row, statement) in statements.iter().enumerate() {
                let answer = answers.get(row).copied().flatten();
                let (arrow, style) = row_marks(row == cursor.row, theme);
                if row == cursor.row {
                    cursor_line = lines.len();
                }
                let radio = |on: bool| {
                    if on {
                        Span::styled("(•)", theme.chosen())
                    } else {
                        Span::raw("( )")
                    }
                };
                let prefix = vec![
                    arrow,
                    Span::raw(format!("{:>2} ", row + 1)),
                    radio(answer == Some(true)),
                    Span::raw(" Yes "),
                    radio(answer == Some(false)),
                    Span::raw(" No   "),
                ];
                let body = inline_code(&clean(&statement.text), theme)
                    .into_iter()
                    .map(|s| s.patch_style(style))
                    .collect();
                lines.extend(prefixed(prefix, body, width));
            }
        }
        Body::Fill { template, slots } => {
            let answers = match &response {
                Response::Fill(a) => a.clone(),
                _ => Vec::new(),
            };
            lines.push(Line::styled(
                "Complete the snippet: choose an option for each slot.",
                theme.dim(),
            ));
            let slot_span = |slot: usize| {
                let chosen = answers
                    .get(slot)
                    .copied()
                    .flatten()
                    .and_then(|a| slots.get(slot).and_then(|s| s.options.get(a)));
                let text = format!(
                    "[{}: {}]",
                    slot + 1,
                    chosen.map_or("____".to_string(), |c| clean(c))
                );
                let style = if slot == cursor.slot {
                    theme.cursor()
                } else if chosen.is_some() {
                    theme.chosen()
                } else {
                    theme.key()
                };
                let mut spans = Vec::new();
                if slot == cursor.slot {
                    spans.push(Span::styled("▸", theme.key()));
                }
                spans.push(Span::styled(text, style));
                spans
            };
            let snippet_start = lines.len();
            lines.extend(answer::template_lines(template, width, theme, slot_span));
            let focused = lines[snippet_start..]
                .iter()
                .position(|l| l.spans.iter().any(|s| s.content == "▸"))
                .map_or(snippet_start, |i| snippet_start + i);
            lines.push(Line::raw(""));
            fill = Some(FillFocus {
                // One line of context above the focused slot.
                slot_line: focused.saturating_sub(1).max(snippet_start),
                picker_start: lines.len(),
            });
            let slot = cursor.slot.min(slots.len().saturating_sub(1));
            if let Some(current) = slots.get(slot) {
                lines.push(Line::styled(
                    format!("Slot {} of {}: choose an option", slot + 1, slots.len()),
                    theme.title(),
                ));
                let chosen = answers.get(slot).copied().flatten();
                let order = display_order(shuffle, slot, current.options.len());
                for (row, i) in order.into_iter().enumerate() {
                    let Some(option) = current.options.get(i) else {
                        continue;
                    };
                    let on = row == cursor.row;
                    let (arrow, style) = row_marks(on, theme);
                    if on {
                        cursor_line = lines.len();
                    }
                    let mark = if chosen == Some(i) {
                        Span::styled("(•)", theme.chosen())
                    } else {
                        Span::raw("( )")
                    };
                    let prefix = vec![
                        arrow,
                        Span::styled(label(row), theme.key()),
                        Span::raw(" "),
                        mark,
                        Span::raw(" "),
                    ];
                    lines.extend(prefixed(
                        prefix,
                        vec![Span::styled(clean(option), style.patch(theme.code()))],
                        width,
                    ));
                }
            }
        }
    }
    AnswerView {
        lines,
        cursor_line,
        fill,
    }
}
