//! The results of an attempt: the scaled score, PASS or FAIL in words, the time used, and the
//! score report as the exam gives it, per skill area: each domain with its exam weight and,
//! under it, each skill asked, with a bar, the percentage and the points; skills under 70% are
//! marked to study next.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::super::app::{Model, Results};
use super::super::text::{clean, truncate};
use super::{bar, clock, domain_name, skill_name};
use crate::attempt::Attempt;
use crate::history::topics::WEAK_BELOW;
use crate::scoring::{MAX_SCORE, PASSING_SCORE, Points};

/// Draws the results screen.
pub fn render(model: &Model, results: &Results, area: Rect, buf: &mut Buffer) {
    let lines = lines(model, &results.attempt, usize::from(area.width));
    model
        .drawn
        .scroll_limit
        .set(super::limit(lines.len(), area.height));
    model.drawn.page_rows.set(area.height);
    super::page(lines, results.scroll).render(area, buf);
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
    let report = attempt.report(&model.bank.blueprint);
    let verdict = if report.passed {
        Span::styled(" PASS ", theme.good())
    } else {
        Span::styled(" FAIL ", theme.bad())
    };
    lines.push(Line::from(vec![
        Span::styled(
            format!(" Score {} / {MAX_SCORE}  ", report.scaled),
            theme.title(),
        ),
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
            report.total.earned,
            report.total.possible,
            attempt.items.len()
        ),
        theme.dim(),
    ));
    lines.push(Line::styled(format!(" {time}"), theme.dim()));
    lines.push(Line::raw(""));
    let name_width = width.saturating_sub(45).clamp(12, 70);
    lines.push(Line::from(vec![
        Span::styled(
            format!(" {:<w$}", "Score report by skill area", w = name_width),
            theme.title(),
        ),
        Span::styled(
            format!(" {:<16} {:>5} {:>7}  exam weight", "", "score", "points"),
            theme.dim(),
        ),
    ]));
    let row = |name: String, points: Points, extra: String| -> Line<'static> {
        let weak = points.ratio() < WEAK_BELOW;
        Line::from(vec![
            Span::raw(format!(
                "{:<w$} ",
                truncate(&name, name_width + 1),
                w = name_width + 1
            )),
            Span::styled(bar(points.ratio(), 16), theme.chosen()),
            Span::raw(format!(
                " {:>4}% {:>7}  ",
                points.percent(),
                format!("{}/{}", points.earned, points.possible)
            )),
            Span::styled(if weak { "✗ " } else { "  " }, theme.bad()),
            Span::styled(extra, theme.dim()),
        ])
    };
    for domain in &blueprint.domains {
        let Some(points) = report.points_of(&domain.id) else {
            continue;
        };
        lines.push(row(
            format!(" {}", domain_name(blueprint, &domain.id)),
            points,
            format!("{}–{}%", domain.weight[0], domain.weight[1]),
        ));
        for skill in &domain.skills {
            if let Some(points) = report.points_of(&skill.id) {
                let name = if width < 110 {
                    skill.id.clone()
                } else {
                    skill_name(blueprint, &skill.id)
                };
                lines.push(row(format!("   {}", clean(&name)), points, String::new()));
            }
        }
    }
    lines.push(Line::styled(
        format!(
            " ✗ under {:.0}%: drill it next (az400 drill --skill ID, or --missed 1)",
            WEAK_BELOW * 100.0
        ),
        theme.dim(),
    ));
    lines
}
