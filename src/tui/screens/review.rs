//! The explanation review: one question at a time from the filtered list, the answer beside
//! the key, the explanation and references; the case-study scenario one key away.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::super::app::{Model, Review};
use super::super::text::{clean, prefixed, rich, truncate};
use super::super::theme::Theme;
use super::question::scenario_lines;
use super::{answer, areas, domain_name, header_split, limit, page, skill_name};
use crate::attempt::InBank;
use crate::bank::{Bank, Body, Question};
use crate::marks::Marks;
use crate::response::Response;

/// Draws the review screen.
pub fn render(model: &Model, review: &Review, area: Rect, buf: &mut Buffer) {
    let theme = model.theme;
    let (header, frame) = header_split(area);
    let item = review
        .list
        .get(review.pos)
        .and_then(|i| review.attempt.items.get(*i).map(|item| (*i, item)));
    let mut top = vec![
        Span::styled(format!(" Review ({})", review.filter), theme.title()),
        Span::raw(format!(
            " · {} of {}",
            if review.list.is_empty() {
                0
            } else {
                review.pos + 1
            },
            review.list.len()
        )),
    ];
    let mut second = Vec::new();
    if let Some((index, item)) = item {
        top.push(Span::styled(
            format!(
                " · question {} of the {}",
                index + 1,
                review.attempt.mode.label().to_lowercase()
            ),
            theme.dim(),
        ));
        if item.flagged {
            top.push(Span::styled("  ⚑ Flagged", theme.flag()));
        }
        if model.marks.is_bookmarked(&item.question_id) {
            top.push(Span::styled("  ★ Bookmarked", theme.flag()));
        }
        let blueprint = &model.bank.blueprint;
        second.push(Span::styled(
            truncate(
                &format!(
                    " {} › {}",
                    domain_name(blueprint, &item.domain),
                    skill_name(blueprint, &item.skill)
                ),
                usize::from(area.width),
            ),
            theme.dim(),
        ));
    }
    if let Some(typed) = &review.jump {
        top.push(Span::styled("  Go to question: ", theme.key()));
        top.push(Span::styled(format!("{typed}▏"), theme.cursor()));
    }
    Paragraph::new(vec![Line::from(top), Line::from(second)]).render(header, buf);
    if review.grid.is_some() {
        super::review_grid::render(model, review, frame, buf);
        return;
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim());
    let inner = block.inner(frame);
    let width = usize::from(inner.width);
    let lines = page_lines(&model.bank, &model.marks, review, width, theme);
    let max = limit(lines.len(), inner.height);
    let scroll = match review.scenario {
        Some(s) => s,
        None => review.scroll,
    };
    let block = if max > 0 {
        block.title_bottom(Line::styled(" ↑↓ PgUp/PgDn scroll ", theme.dim()))
    } else {
        block
    };
    block.render(frame, buf);
    page(lines, scroll.min(max)).render(inner, buf);
}

/// How far the review page can scroll in a terminal of `area`.
pub fn scroll_limit(area: Rect, bank: &Bank, marks: &Marks, review: &Review, theme: Theme) -> u16 {
    let (_, frame) = header_split(areas(area).body);
    let inner = Block::default().borders(Borders::ALL).inner(frame);
    limit(
        page_lines(bank, marks, review, usize::from(inner.width), theme).len(),
        inner.height,
    )
}

/// The page in view: the scenario when open, else the question with its answer and teaching.
fn page_lines(
    bank: &Bank,
    marks: &Marks,
    review: &Review,
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let Some(item) = review
        .list
        .get(review.pos)
        .and_then(|i| review.attempt.items.get(*i))
    else {
        return vec![Line::raw(format!(
            "Nothing to review: no question of this attempt matches \"{}\".",
            review.filter
        ))];
    };
    let Some(question) = item.question(bank) else {
        return vec![
            answer::verdict(item.points, item.response.is_some(), theme),
            Line::raw(""),
            Line::raw(format!(
                "Question `{}` is no longer in the bank, so its text cannot be shown.",
                item.question_id
            )),
        ];
    };
    if review.scenario.is_some() {
        let case = question
            .case_study
            .as_deref()
            .and_then(|id| review.attempt.case_study(id, bank));
        let mut lines = scenario_lines(case, width, theme);
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Tab or Esc: back to the question",
            theme.dim(),
        ));
        return lines;
    }
    let mut lines = Vec::new();
    match item.in_bank(bank) {
        InBank::Same => {}
        InBank::Changed => lines.push(Line::styled(
            "The bank's current version of this question differs: shown as you answered it.",
            theme.warn(),
        )),
        InBank::Gone => lines.push(Line::styled(
            "This question is no longer in the bank: shown as you answered it.",
            theme.warn(),
        )),
    }
    if !lines.is_empty() {
        lines.push(Line::raw(""));
    }
    lines.extend(rich(&question.stem, width, theme));
    if question.case_study.is_some() {
        lines.push(Line::styled(
            "(case study: Tab shows the scenario)",
            theme.dim(),
        ));
    }
    lines.push(Line::raw(""));
    lines.extend(answer::walkthrough(
        question,
        item.response.as_ref(),
        &item.shuffle,
        width,
        theme,
    ));
    lines.extend(series_lines(bank, review, question, width, theme));
    lines.extend(super::note::lines(marks.note(&question.id), width, theme));
    lines
}

/// For a series item: every item of its series in this attempt, with the answer given and
/// the right one, so the series is reviewed together.
fn series_lines(
    bank: &Bank,
    review: &Review,
    question: &Question,
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let Some(series) = &question.series else {
        return Vec::new();
    };
    let mut siblings: Vec<(usize, &Question, Option<&Response>)> = review
        .attempt
        .items
        .iter()
        .filter_map(|i| {
            let q = i.question(bank)?;
            let s = q.series.as_ref().filter(|s| s.id == series.id)?;
            Some((s.position, q, i.response.as_ref()))
        })
        .collect();
    siblings.sort_by_key(|(position, ..)| *position);
    let word = |yes: Option<bool>| match yes {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "-",
    };
    let mut lines = vec![
        Line::raw(""),
        Line::styled(
            format!("The whole series ({} solutions)", series.count),
            theme.title(),
        ),
    ];
    for (position, q, response) in siblings {
        let Body::YesNo { statements } = &q.body else {
            continue;
        };
        let Some(statement) = statements.first() else {
            continue;
        };
        let given = match response {
            Some(Response::YesNo(answers)) => answers.first().copied().flatten(),
            _ => None,
        };
        let right = given == Some(statement.answer);
        let here = if position == series.position {
            "›"
        } else {
            " "
        };
        let prefix = vec![
            Span::raw(format!("{here} ")),
            Span::styled(
                if right { "✓" } else { "✗" },
                if right { theme.good() } else { theme.bad() },
            ),
            Span::raw(format!(
                " {}. you: {}, right: {}  ",
                position + 1,
                word(given),
                word(Some(statement.answer))
            )),
        ];
        lines.extend(prefixed(
            prefix,
            vec![Span::raw(clean(statement.text.trim()))],
            width,
        ));
    }
    lines
}
