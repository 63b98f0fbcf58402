//! The results of an attempt: the scaled score, PASS or FAIL in words, a bar per domain with
//! its percentage and exam weight, the time used and the weakest skills.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::super::app::{Model, Results};
use super::super::text::truncate;
use super::{bar, clock, domain_name, skill_name};
use crate::attempt::Attempt;
use crate::scoring::{PASSING_SCORE, Points};

/// Draws the results screen.
pub fn render(model: &Model, results: &Results, area: Rect, buf: &mut Buffer) {
    Paragraph::new(lines(model, &results.attempt, usize::from(area.width))).render(area, buf);
}

fn lines(model: &Model, attempt: &Attempt, width: usize) -> Vec<Line<'static>> {
    let theme = model.theme;
    let blueprint = &model.bank.blueprint;
    let finished = attempt.finished_at.with_timezone(&model.offset);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!(" {} results", attempt.mode.label()), theme.title()),
            Span::styled(
                format!(" · {}", finished.format("%Y-%m-%d %H:%M")),
                theme.dim(),
            ),
        ]),
        Line::raw(""),
    ];
    let verdict = if attempt.passed {
        Span::styled(" PASS ", theme.good())
    } else {
        Span::styled(" FAIL ", theme.bad())
    };
    lines.push(Line::from(vec![
        Span::styled(format!(" Score {} / 1000  ", attempt.scaled), theme.title()),
        verdict,
        Span::styled(format!("  ({PASSING_SCORE} passes)"), theme.dim()),
    ]));
    let time = match attempt.limit_seconds {
        Some(limit) => format!(
            "Time used {} of {}{}",
            clock(i64::from(attempt.seconds_used)),
            clock(i64::from(limit)),
            if attempt.timed_out {
                " (time ran out)"
            } else {
                ""
            }
        ),
        None => format!("Time used {}", clock(i64::from(attempt.seconds_used))),
    };
    let right = attempt.items.iter().filter(|i| i.points.is_full()).count();
    lines.push(Line::styled(
        format!(
            " {} of {} points · {right} of {} questions fully right",
            attempt.points.earned,
            attempt.points.possible,
            attempt.items.len()
        ),
        theme.dim(),
    ));
    lines.push(Line::styled(format!(" {time}"), theme.dim()));
    lines.push(Line::raw(""));
    let name_width = width.saturating_sub(42).clamp(10, 60);
    lines.push(Line::from(vec![
        Span::styled(
            format!(" {:<w$}", "By domain", w = name_width),
            theme.title(),
        ),
        Span::styled(
            format!(" {:<20} {:>5}  exam weight", "", "score"),
            theme.dim(),
        ),
    ]));
    for domain in &blueprint.domains {
        let mut points = Points::default();
        for item in attempt.items.iter().filter(|i| i.domain == domain.id) {
            points += item.points;
        }
        let name = truncate(&domain_name(blueprint, &domain.id), name_width);
        let weight = format!("{}–{}%", domain.weight[0], domain.weight[1]);
        let (bar_text, pct) = if points.possible == 0 {
            (format!("{:<20}", "no questions"), "    –".to_string())
        } else {
            (bar(points.ratio(), 20), format!("{:>4}%", points.percent()))
        };
        lines.push(Line::from(vec![
            Span::raw(format!(" {name:<w$} ", w = name_width)),
            Span::styled(bar_text, theme.chosen()),
            Span::raw(format!(" {pct}  {weight:>11}")),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(" Weakest skills", theme.title()));
    let mut skills: Vec<(String, Points)> = Vec::new();
    for item in &attempt.items {
        match skills.iter_mut().find(|(id, _)| *id == item.skill) {
            Some((_, p)) => *p += item.points,
            None => skills.push((item.skill.clone(), item.points)),
        }
    }
    skills.retain(|(_, p)| !p.is_full());
    skills.sort_by(|a, b| a.1.ratio().total_cmp(&b.1.ratio()).then(a.0.cmp(&b.0)));
    if skills.is_empty() {
        lines.push(Line::styled(
            "   ✓ none: every skill scored full points",
            theme.good(),
        ));
    }
    for (id, points) in skills.into_iter().take(3) {
        let name = truncate(&skill_name(blueprint, &id), name_width + 21);
        lines.push(Line::raw(format!(
            "   {name:<w$} {:>4}%  {}/{} points",
            points.percent(),
            points.earned,
            points.possible,
            w = name_width + 21
        )));
    }
    lines
}
