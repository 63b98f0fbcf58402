//! A question as answered: the user's answer beside the correct one with ✓/✗ on every option,
//! statement, slot or step, each part's why, the explanation and the references. Shared by the
//! explanation review and the drill's feedback.

use ratatui::text::{Line, Span};

use super::super::play::display_order;
use super::super::prose::{self, CodeUnit, LinkSpot, Page};
use super::super::text::{clean, prefixed};
use super::super::theme::Theme;
use crate::bank::doc::{Piece, Template, Text};
use crate::bank::model::Distractor;
use crate::bank::{Body, Question};
use crate::response::Response;
use crate::scoring::{self, Points};

/// `✓` or `✗` in the matching style.
pub fn tick(right: bool, theme: Theme) -> Span<'static> {
    if right {
        Span::styled("✓", theme.good())
    } else {
        Span::styled("✗", theme.bad())
    }
}

/// The verdict in words and symbols: "✓ Correct", "✗ Wrong" or "◐ Partly right", with points.
pub fn verdict(points: Points, answered: bool, theme: Theme) -> Line<'static> {
    let plural = if points.possible == 1 { "" } else { "s" };
    let score = format!("  {}/{} point{plural}", points.earned, points.possible);
    let (mark, words, style) = if points.is_full() {
        ("✓", "Correct", theme.good())
    } else if !answered {
        ("✗", "Not answered", theme.bad())
    } else if points.earned > 0 {
        ("◐", "Partly right", theme.warn())
    } else {
        ("✗", "Wrong", theme.bad())
    };
    Line::from(vec![
        Span::styled(format!("{mark} {words}"), style),
        Span::styled(score, theme.dim()),
    ])
}

/// The answer compared with the key, part by part.
fn marked(
    question: &Question,
    response: Option<&Response>,
    shuffle: &[Vec<usize>],
    width: usize,
    theme: Theme,
) -> Page {
    let mut lines = Page::default();
    lines.push(verdict(
        scoring::points(&question.body, response),
        response.is_some_and(Response::is_started),
        theme,
    ));
    lines.push(Line::raw(""));
    match &question.body {
        Body::Single { options } | Body::Multiple { options } => {
            let single = matches!(question.body, Body::Single { .. });
            let chosen = match response {
                Some(Response::Choices(c)) => c.clone(),
                _ => Vec::new(),
            };
            let mark = |on: bool| match (single, on) {
                (true, true) => "(•)",
                (true, false) => "( )",
                (false, true) => "[x]",
                (false, false) => "[ ]",
            };
            lines.push(Line::styled("     You Key", theme.dim()));
            for i in display_order(shuffle, 0, options.len()) {
                let Some(option) = options.get(i) else {
                    continue;
                };
                let picked = chosen.contains(&i);
                let prefix = vec![
                    Span::raw("  "),
                    tick(picked == option.correct, theme),
                    Span::raw("  "),
                    Span::styled(
                        mark(picked),
                        if picked { theme.chosen() } else { theme.text() },
                    ),
                    Span::raw(" "),
                    Span::styled(mark(option.correct), theme.good()),
                    Span::raw("  "),
                ];
                lines.append(prose::after(
                    prefix,
                    &option.text,
                    width,
                    theme,
                    theme.text(),
                ));
                lines.append(why(&option.why, 14, width, theme));
            }
        }
        Body::Order { steps, distractors } => {
            let built = match response {
                Some(Response::Order(list)) => list.clone(),
                _ => Vec::new(),
            };
            let item = |i: usize| order_item(steps, distractors, i);
            lines.push(Line::styled(
                "  Your order, step by step, against the right one:",
                theme.dim(),
            ));
            for (n, step) in steps.iter().enumerate() {
                let yours = built.get(n).copied();
                let right = yours == Some(n);
                let prefix = vec![
                    Span::raw("  "),
                    tick(right, theme),
                    Span::raw(format!(" {}. ", n + 1)),
                ];
                match yours.and_then(item) {
                    Some(text) => {
                        lines.append(prose::after(prefix, text, width, theme, theme.text()));
                    }
                    None => lines.extend(prefixed(
                        prefix,
                        vec![Span::raw("(no step placed here)")],
                        width,
                    )),
                }
                if !right {
                    let prefix = vec![Span::styled("       right: ", theme.dim())];
                    lines.append(prose::after(prefix, step, width, theme, theme.good()));
                }
            }
            if !distractors.is_empty() {
                lines.push(Line::raw(""));
                lines.push(Line::styled("  Not part of the order:", theme.dim()));
                for (n, d) in distractors.iter().enumerate() {
                    let used = built.contains(&(steps.len() + n));
                    let prefix = vec![Span::raw("  "), tick(!used, theme), Span::raw(" ")];
                    lines.append(prose::after(prefix, &d.text, width, theme, theme.text()));
                    if used {
                        lines.push(Line::styled("    (you placed it)", theme.dim()));
                    }
                    lines.append(why(&d.why, 6, width, theme));
                }
            }
        }
        Body::YesNo { statements } => {
            let answers = match response {
                Some(Response::YesNo(a)) => a.clone(),
                _ => Vec::new(),
            };
            let word = |a: Option<bool>| match a {
                Some(true) => "Yes",
                Some(false) => "No ",
                None => " - ",
            };
            lines.push(Line::styled("     You Key", theme.dim()));
            for (n, statement) in statements.iter().enumerate() {
                let yours = answers.get(n).copied().flatten();
                let prefix = vec![
                    Span::raw("  "),
                    tick(yours == Some(statement.answer), theme),
                    Span::raw("  "),
                    Span::styled(word(yours), theme.chosen()),
                    Span::raw(" "),
                    Span::styled(word(Some(statement.answer)), theme.good()),
                    Span::raw("  "),
                ];
                lines.append(prose::after(
                    prefix,
                    &statement.text,
                    width,
                    theme,
                    theme.text(),
                ));
                lines.append(why(&statement.why, 14, width, theme));
            }
        }
        Body::Fill { template, slots } => {
            let answers = match response {
                Some(Response::Fill(a)) => a.clone(),
                _ => Vec::new(),
            };
            let filled = |slot: usize| {
                let Some(s) = slots.get(slot) else {
                    return vec![Span::raw("[?]")];
                };
                let yours = answers.get(slot).copied().flatten();
                let right = s.options.get(s.answer).map_or("", String::as_str);
                let mut spans = vec![Span::raw(format!("[{}: ", slot + 1))];
                match yours.and_then(|y| s.options.get(y)) {
                    Some(text) if yours == Some(s.answer) => {
                        spans.push(Span::styled(clean(text), theme.good()));
                        spans.push(Span::raw(" "));
                        spans.push(tick(true, theme));
                    }
                    other => {
                        spans.push(Span::styled(
                            clean(other.map_or("___", String::as_str)),
                            theme.bad(),
                        ));
                        spans.push(Span::raw(" "));
                        spans.push(tick(false, theme));
                        spans.push(Span::styled(format!(" {}", clean(right)), theme.good()));
                    }
                }
                spans.push(Span::raw("]"));
                spans
            };
            lines.append(template_lines(template, width, theme, filled));
            lines.push(Line::raw(""));
            for (n, slot) in slots.iter().enumerate() {
                let yours = answers.get(n).copied().flatten();
                let right = slot.options.get(slot.answer).map_or("", String::as_str);
                let text = match yours.and_then(|y| slot.options.get(y)) {
                    Some(y) if yours == Some(slot.answer) => y.clone(),
                    Some(y) => format!("you chose {y}, right is {right}"),
                    None => format!("no choice, right is {right}"),
                };
                let prefix = vec![
                    Span::raw("  "),
                    tick(yours == Some(slot.answer), theme),
                    Span::raw(format!(" Slot {}: ", n + 1)),
                ];
                lines.append(prose::plain_after(
                    prefix,
                    &text,
                    width,
                    theme,
                    theme.text(),
                ));
                lines.append(why(&slot.why, 6, width, theme));
            }
        }
    }
    lines
}

/// The why of one part, dim and indented.
fn why(text: &Text, indent: usize, width: usize, theme: Theme) -> Page {
    if text.trim().is_empty() {
        return Page::default();
    }
    prose::after(
        vec![Span::raw(" ".repeat(indent))],
        text,
        width,
        theme,
        theme.dim(),
    )
}

/// Item `i` of an order question: a step, or past the steps a distractor.
pub fn order_item<'q>(
    steps: &'q [Text],
    distractors: &'q [Distractor],
    i: usize,
) -> Option<&'q Text> {
    steps.get(i).or_else(|| {
        distractors
            .get(i.wrapping_sub(steps.len()))
            .map(|d| &d.text)
    })
}

/// A finished question's walk-through: every part marked ✓/✗ with its why, then the
/// explanation and references.
pub fn walkthrough(
    question: &Question,
    response: Option<&Response>,
    shuffle: &[Vec<usize>],
    width: usize,
    theme: Theme,
) -> Page {
    let mut page = marked(question, response, shuffle, width, theme);
    page.append(explanation(question, width, theme));
    page
}

/// The explanation, then the references: each a link on one line (shortened if it is wider
/// than the column, its target still the whole URL), which `o` opens.
fn explanation(question: &Question, width: usize, theme: Theme) -> Page {
    let mut page = Page::default();
    page.push(Line::raw(""));
    page.push(Line::styled("Explanation", theme.title()));
    page.append(prose::doc(
        question.explanation.doc(),
        width,
        theme,
        theme.text(),
    ));
    if !question.references.is_empty() {
        page.push(Line::raw(""));
        page.push(Line::from(vec![
            Span::styled("References", theme.title()),
            Span::styled("  (o opens them in the browser)", theme.dim()),
        ]));
        for url in &question.references {
            let url = clean(url);
            let shown = prose::shorten(&url, width.saturating_sub(2));
            page.links.push(LinkSpot {
                line: page.len(),
                col: 2,
                width: super::super::text::width(&shown),
                url: url.clone(),
            });
            page.push(Line::from(vec![
                Span::styled("• ", theme.dim()),
                Span::styled(shown, prose::link_style(theme.text())),
            ]));
        }
    }
    page
}

/// A fill template drawn as code, each slot replaced by the spans `slot(n - 1)` gives and
/// never cut across lines; a line too long continues behind `↪` in the code margin.
pub fn template_lines(
    template: &Template,
    width: usize,
    theme: Theme,
    slot: impl Fn(usize) -> Vec<Span<'static>>,
) -> Page {
    let lines: Vec<Vec<CodeUnit>> = template
        .lines()
        .iter()
        .map(|pieces| {
            pieces
                .iter()
                .map(|piece| match piece {
                    Piece::Code(code) => CodeUnit::Text(clean(code), theme.code()),
                    Piece::Slot(n) => CodeUnit::Whole(slot(n.saturating_sub(1))),
                })
                .collect()
        })
        .collect();
    prose::code_units(&lines, width, theme)
}
