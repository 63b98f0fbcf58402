//! A question as answered: the user's answer beside the correct one with ✓/✗ on every option,
//! statement, slot or step, each part's why, the explanation and the references. Shared by the
//! explanation review and the drill's feedback.

use ratatui::text::{Line, Span};

use super::super::play::display_order;
use super::super::text::{self, clean, prefixed, rich};
use super::super::theme::Theme;
use crate::bank::doc::Piece;
use crate::bank::model::{Distractor, Template, Text};
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
) -> Vec<Line<'static>> {
    let mut lines = vec![verdict(
        scoring::points(&question.body, response),
        response.is_some_and(Response::is_started),
        theme,
    )];
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
                lines.extend(prefixed(
                    prefix,
                    text::inline_code(&clean(&option.text), theme),
                    width,
                ));
                lines.extend(why(&option.why, 14, width, theme));
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
                let shown = yours.map_or_else(|| "(no step placed here)".to_string(), item);
                lines.extend(prefixed(prefix, vec![Span::raw(shown)], width));
                if !right {
                    let prefix = vec![Span::styled("       right: ", theme.dim())];
                    lines.extend(prefixed(
                        prefix,
                        vec![Span::styled(clean(step), theme.good())],
                        width,
                    ));
                }
            }
            if !distractors.is_empty() {
                lines.push(Line::raw(""));
                lines.push(Line::styled("  Not part of the order:", theme.dim()));
                for (n, d) in distractors.iter().enumerate() {
                    let used = built.contains(&(steps.len() + n));
                    let prefix = vec![Span::raw("  "), tick(!used, theme), Span::raw(" ")];
                    let note = if used { "  (you placed it)" } else { "" };
                    lines.extend(prefixed(
                        prefix,
                        vec![Span::raw(format!("{}{note}", clean(&d.text)))],
                        width,
                    ));
                    lines.extend(why(&d.why, 6, width, theme));
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
                lines.extend(prefixed(
                    prefix,
                    text::inline_code(&clean(&statement.text), theme),
                    width,
                ));
                lines.extend(why(&statement.why, 14, width, theme));
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
            lines.extend(template_lines(template, width, theme, filled));
            lines.push(Line::raw(""));
            for (n, slot) in slots.iter().enumerate() {
                let yours = answers.get(n).copied().flatten();
                let right = slot.options.get(slot.answer).map_or("", String::as_str);
                let text = match yours.and_then(|y| slot.options.get(y)) {
                    Some(y) if yours == Some(slot.answer) => clean(y),
                    Some(y) => format!("you chose {}, right is {}", clean(y), clean(right)),
                    None => format!("no choice, right is {}", clean(right)),
                };
                let prefix = vec![
                    Span::raw("  "),
                    tick(yours == Some(slot.answer), theme),
                    Span::raw(format!(" Slot {}: ", n + 1)),
                ];
                lines.extend(prefixed(prefix, vec![Span::raw(text)], width));
                lines.extend(why(&slot.why, 6, width, theme));
            }
        }
    }
    lines
}

/// The why of one part, dim and indented.
fn why(text: &str, indent: usize, width: usize, theme: Theme) -> Vec<Line<'static>> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    prefixed(
        vec![Span::raw(" ".repeat(indent))],
        vec![Span::styled(clean(text.trim()), theme.dim())],
        width,
    )
}

/// The text of item `i` of an order question: a step, or past the steps a distractor.
pub fn order_item(steps: &[Text], distractors: &[Distractor], i: usize) -> String {
    clean(
        steps
            .get(i)
            .map(Text::as_str)
            .or_else(|| {
                distractors
                    .get(i.wrapping_sub(steps.len()))
                    .map(|d| d.text.as_str())
            })
            .unwrap_or(""),
    )
}

/// A finished question's walk-through: every part marked ✓/✗ with its why, then the
/// explanation and references.
pub fn walkthrough(
    question: &Question,
    response: Option<&Response>,
    shuffle: &[Vec<usize>],
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = marked(question, response, shuffle, width, theme);
    lines.extend(explanation(question, width, theme));
    lines
}

/// The explanation and the references as full URLs.
fn explanation(question: &Question, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::raw(""), Line::styled("Explanation", theme.title())];
    lines.extend(rich(&question.explanation, width, theme));
    if !question.references.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("References", theme.title()));
        for url in &question.references {
            lines.extend(prefixed(
                vec![Span::raw("• ")],
                vec![Span::raw(clean(url))],
                width,
            ));
        }
    }
    lines
}

/// A fill template drawn as code, each slot replaced by the spans `slot(n - 1)` gives for
/// slot `n`.
pub fn template_lines(
    template: &Template,
    width: usize,
    theme: Theme,
    slot: impl Fn(usize) -> Vec<Span<'static>>,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for pieces in template.lines() {
        let mut spans = vec![Span::styled("│ ", theme.dim())];
        for piece in pieces {
            match piece {
                Piece::Code(code) => spans.push(Span::styled(clean(code), theme.code())),
                Piece::Slot(n) => spans.extend(slot(n.saturating_sub(1))),
            }
        }
        lines.extend(text::wrap(spans, width, 2));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_inside_a_github_expression_shows_its_choice() {
        let template = Template::parse("env: ${{ {{1}}.environment }}\nrun: {{2}}");
        let lines = template_lines(&template, 60, Theme::plain(), |n| {
            vec![Span::raw(["inputs", "deploy"][n])]
        });
        let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["│ env: ${{ inputs.environment }}", "│ run: deploy"]);
    }
}
