//! The explanation review: one question at a time from the filtered list, the answer beside
//! the key, the explanation and references; the case-study scenario one key away.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::super::app::{Model, Review, ReviewView};
use super::super::keymap::Action;
use super::super::prose::{self, Page};
use super::super::text::truncate;
use super::super::theme::Theme;
use super::{answer, domain_name, draw_page, frame_block, page_layout, scenario, skill_name};
use crate::attempt::InBank;
use crate::bank::{Bank, Body, CaseStudy, Question};
use crate::response::Response;

/// Draws the review screen: on a wide terminal a case-study question has its scenario beside
/// it.
pub fn render(model: &Model, review: &Review, area: Rect, buf: &mut Buffer) {
    let case = review.case_study(&model.bank);
    let beside =
        scenario::side_by_side(area).filter(|_| !matches!(review.view, ReviewView::Grid(_)));
    let focused = review.view == ReviewView::Scenario;
    match (case, beside) {
        (Some(case), Some((left, right))) => {
            let frame = render_review(model, review, Scenario::Beside, left, buf);
            let pane = scenario::level_with(right, frame);
            scenario::render(model, case, &review.scenario, focused, pane, buf);
        }
        (case, _) => {
            let at = match case.filter(|_| focused) {
                Some(case) => Scenario::Over(case),
                None => Scenario::BehindKey,
            };
            render_review(model, review, at, area, buf);
        }
    }
}

/// Where a case study's scenario is, for the question reviewed beside or under it.
#[derive(Clone, Copy)]
enum Scenario<'a> {
    /// In its own pane beside the question (a wide terminal).
    Beside,
    /// Drawn over the question, which it hides.
    Over(&'a CaseStudy),
    /// Out of view until its key is pressed (or the question has none).
    BehindKey,
}

/// Draws the header and the question reviewed (or the grid, or the scenario over it) in
/// `area`, the scenario being `at` where it is; returns the frame of the text column.
fn render_review(
    model: &Model,
    review: &Review,
    at: Scenario,
    area: Rect,
    buf: &mut Buffer,
) -> Rect {
    let theme = model.theme;
    let layout = page_layout(area);
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
                usize::from(layout.header.width),
            ),
            theme.dim(),
        ));
    }
    if let Some(typed) = &review.jump {
        top.push(Span::styled("  Go to question: ", theme.key()));
        top.push(Span::styled(format!("{typed}▏"), theme.cursor()));
    }
    Paragraph::new(vec![Line::from(top), Line::from(second)]).render(layout.header, buf);
    if matches!(review.view, ReviewView::Grid(_)) {
        super::review_grid::render(model, review, layout.frame, buf);
        return layout.frame;
    }
    if let Scenario::Over(case) = at {
        scenario::render(model, case, &review.scenario, true, layout.frame, buf);
        return layout.frame;
    }
    let width = usize::from(layout.inner.width);
    let beside = matches!(at, Scenario::Beside);
    let lines = page_lines(model, review, beside, width, theme);
    draw_page(
        model,
        lines,
        review.scroll,
        frame_block(theme),
        layout.frame,
        buf,
    );
    layout.frame
}

/// The page in view: the question with its answer and teaching; a case study's question
/// says where its scenario is (`beside` it, or behind its key).
fn page_lines(model: &Model, review: &Review, beside: bool, width: usize, theme: Theme) -> Page {
    let (bank, marks) = (&model.bank, &model.marks);
    let Some(item) = review
        .list
        .get(review.pos)
        .and_then(|i| review.attempt.items.get(*i))
    else {
        return Page::from(vec![Line::raw(format!(
            "Nothing to review: no question of this attempt matches \"{}\".",
            review.filter
        ))]);
    };
    let Some(question) = item.question(bank) else {
        return Page::from(vec![
            answer::verdict(item.points, item.response.is_some(), theme),
            Line::raw(""),
            Line::raw(format!(
                "Question `{}` is no longer in the bank, so its text cannot be shown.",
                item.question_id
            )),
        ]);
    };
    let mut lines = Page::default();
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
    lines.append(prose::doc(
        question.stem().doc(),
        width,
        theme,
        theme.text(),
    ));
    if question.case_study.is_some() {
        let about = if beside {
            "(case study: the scenario is on the right)".to_string()
        } else {
            format!(
                "(case study: {} shows the scenario)",
                model.keys.label(Action::Scenario)
            )
        };
        lines.push(Line::styled(about, theme.dim()));
    }
    lines.push(Line::raw(""));
    lines.append(answer::walkthrough(
        question,
        item.response.as_ref(),
        &item.shuffle,
        width,
        theme,
    ));
    lines.append(series_lines(bank, review, question, width, theme));
    lines.extend(super::note::lines(
        marks.note(&question.id),
        &model.keys,
        width,
        theme,
    ));
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
) -> Page {
    let Some(series) = &question.series else {
        return Page::default();
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
    let mut lines = Page::from(vec![
        Line::raw(""),
        Line::styled(
            format!("The whole series ({} solutions)", series.count),
            theme.title(),
        ),
    ]);
    for (position, q, response) in siblings {
        let Body::YesNo { statements } = &q.body() else {
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
        lines.append(prose::after(
            prefix,
            &statement.text,
            width,
            theme,
            theme.text(),
        ));
    }
    lines
}
