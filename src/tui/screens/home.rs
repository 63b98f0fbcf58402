//! The home menu: today's sprint (done or not), drill with its domain and skill picker, exam,
//! resume, review last, stats and quit, under the streak, last score and readiness.

use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::super::app::{Entry, Home, Model, Picker, picker_focuses};
use super::super::text::{clean, prefixed, truncate};
use crate::focus::Focus;
use crate::scoring::MAX_SCORE;

/// Draws the home screen.
pub fn render(model: &Model, home: &Home, area: Rect, buf: &mut Buffer) {
    let theme = model.theme;
    let summary = &model.summary;
    let width = usize::from(area.width);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(" az400", theme.title()),
            Span::styled(
                format!(" · {} practice", clean(&model.bank.blueprint.exam)),
                theme.dim(),
            ),
        ]),
        Line::raw(""),
    ];
    let streak = match summary.streak_days {
        1 => "1 day".to_string(),
        n => format!("{n} days"),
    };
    let last = match model.history.attempts().last() {
        Some(a) => format!(
            "{}/{MAX_SCORE} {} ({})",
            a.scaled,
            if a.passed { "PASS" } else { "FAIL" },
            a.mode.label()
        ),
        None => "none yet".into(),
    };
    let readiness = summary.readiness.brief();
    for (name, value) in [
        ("Streak", streak),
        ("Last score", last),
        ("Readiness", readiness),
    ] {
        lines.push(Line::from(vec![
            Span::styled(format!(" {name:<11}"), theme.dim()),
            Span::raw(value),
        ]));
    }
    lines.push(due_line(model));
    lines.push(Line::raw(""));
    match &home.picker {
        Some(picker) => picker_lines(model, picker, width, &mut lines),
        None => menu_lines(model, home, &mut lines),
    }
    if !model.warnings.is_empty() {
        lines.push(Line::raw(""));
        for warning in model.warnings.iter().take(4) {
            lines.extend(prefixed(
                vec![Span::styled(" ! ", theme.warn())],
                vec![Span::raw(clean(warning))],
                width,
            ));
        }
        if model.warnings.len() > 4 {
            lines.push(Line::styled(
                format!(
                    "   …and {} more (az400 bank validate lists them)",
                    model.warnings.len() - 4
                ),
                theme.dim(),
            ));
        }
    }
    Paragraph::new(lines)
        .block(Block::default().borders(Borders::NONE))
        .render(area, buf);
}

/// `Due today: 12 · d drills them`, or when nothing is due, when the next ones fall due.
fn due_line(model: &Model) -> Line<'static> {
    let theme = model.theme;
    let summary = &model.summary;
    let mut spans = vec![Span::styled(format!(" {:<11}", "Due today"), theme.dim())];
    match summary.due_for_review {
        0 => {
            spans.push(Span::raw("nothing yet"));
            // Today's count holds those due already (none here) and those due later today.
            if let Some((day, count)) = summary
                .due_forecast
                .iter()
                .enumerate()
                .find(|(_, c)| **c > 0)
            {
                let when = match day {
                    0 => "later today".to_string(),
                    1 => "tomorrow".to_string(),
                    n => format!("in {n} days"),
                };
                spans.push(Span::styled(format!(" · {count} {when}"), theme.dim()));
            }
        }
        n => {
            spans.push(Span::styled(
                format!("{n} question{}", if n == 1 { "" } else { "s" }),
                theme.title(),
            ));
            spans.push(Span::styled(" · press ", theme.dim()));
            spans.push(Span::styled("d", theme.key()));
            spans.push(Span::styled(" to drill them", theme.dim()));
        }
    }
    Line::from(spans)
}

fn menu_lines(model: &Model, home: &Home, lines: &mut Vec<Line<'static>>) {
    let theme = model.theme;
    for (n, entry) in model.menu().into_iter().enumerate() {
        let (name, about) = describe(model, entry);
        let on = n == home.row;
        let about_style = if entry == Entry::Sprint && model.summary.counted_today {
            theme.good()
        } else {
            theme.dim()
        };
        lines.push(Line::from(vec![
            Span::styled(if on { " › " } else { "   " }, theme.key()),
            Span::styled(format!("{} ", n + 1), theme.key()),
            Span::styled(
                format!("{name:<21}"),
                if on { theme.cursor() } else { theme.text() },
            ),
            Span::raw("  "),
            Span::styled(about, about_style),
        ]));
    }
}

fn describe(model: &Model, entry: Entry) -> (&'static str, String) {
    match entry {
        Entry::Sprint => (
            "Daily sprint",
            format!(
                "{} questions · {} min · {}",
                model.sizes.sprint_questions,
                model.sizes.sprint_minutes,
                if model.summary.counted_today {
                    "✓ done today"
                } else {
                    "not done today"
                }
            ),
        ),
        Entry::Drill => (
            "Drill",
            "a domain or skill, feedback after each answer".into(),
        ),
        Entry::Exam => (
            "Exam simulation",
            format!(
                "{} questions · {} min · with a case study",
                model.sizes.exam_questions, model.sizes.exam_minutes
            ),
        ),
        Entry::Resume => ("Resume", "continue the session in progress".into()),
        Entry::ReviewLast => (
            "Review last attempt",
            match model.history.attempts().last() {
                Some(a) => {
                    let day = a.finished_at.with_timezone(&model.offset);
                    format!(
                        "{} · {}/{MAX_SCORE} · {} {}",
                        a.mode.label(),
                        a.scaled,
                        day.day(),
                        month(day.month())
                    )
                }
                None => String::new(),
            },
        ),
        Entry::Stats => (
            "Stats",
            "readiness, due this week, accuracy, topic map".into(),
        ),
        Entry::Quit => ("Quit", String::new()),
    }
}

/// `text` with its first letter in capitals.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn month(m: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    NAMES.get(m.wrapping_sub(1) as usize).copied().unwrap_or("")
}

fn picker_lines(model: &Model, picker: &Picker, width: usize, lines: &mut Vec<Line<'static>>) {
    let theme = model.theme;
    let bank = &model.bank;
    let accuracy = |list: &[crate::history::stats::Accuracy], id: &str| {
        list.iter()
            .find(|a| a.id == id)
            .map_or("   –".to_string(), |a| format!("{:>3}%", a.percent))
    };
    let name_width = width.saturating_sub(28).max(10);
    let mut rows: Vec<(String, usize, String)> = Vec::new();
    let title = match picker.domain.and_then(|d| bank.blueprint.domains.get(d)) {
        None => {
            for focus in picker_focuses() {
                // What is due was counted with the summary; the rest is a quick scan.
                let count = match focus {
                    Focus::Due => model.summary.due_for_review,
                    _ => focus
                        .select(&model.history, &model.marks, model.now)
                        .iter()
                        .filter(|id| bank.question(id).is_some())
                        .count(),
                };
                rows.push((capitalized(&focus.describe()), count, String::new()));
            }
            for d in &bank.blueprint.domains {
                let count = bank.questions.iter().filter(|q| q.domain == d.id).count();
                rows.push((
                    clean(&d.name),
                    count,
                    accuracy(&model.summary.domains, &d.id),
                ));
            }
            "Drill: what to study next, or a domain".to_string()
        }
        Some(domain) => {
            let count = bank
                .questions
                .iter()
                .filter(|q| q.domain == domain.id)
                .count();
            rows.push((
                "All skills of this domain".into(),
                count,
                accuracy(&model.summary.domains, &domain.id),
            ));
            for s in &domain.skills {
                let count = bank.questions.iter().filter(|q| q.skill == s.id).count();
                rows.push((
                    clean(&s.name),
                    count,
                    accuracy(&model.summary.skills, &s.id),
                ));
            }
            truncate(
                &format!("Drill › {}: choose a skill", clean(&domain.name)),
                name_width + 4,
            )
        }
    };
    lines.push(Line::from(vec![
        Span::styled(format!(" {:<w$}", title, w = name_width + 5), theme.title()),
        Span::styled("questions  accuracy", theme.dim()),
    ]));
    for (n, (name, count, acc)) in rows.into_iter().enumerate() {
        let on = n == picker.row;
        lines.push(Line::from(vec![
            Span::styled(if on { " › " } else { "   " }, theme.key()),
            Span::styled(
                format!(
                    "{:<2}",
                    if n < 9 {
                        (n + 1).to_string()
                    } else {
                        String::new()
                    }
                ),
                theme.key(),
            ),
            Span::styled(
                format!("{:<w$}", truncate(&name, name_width), w = name_width),
                if on { theme.cursor() } else { theme.text() },
            ),
            Span::raw(format!(" {count:>9}  {acc:>8}")),
        ]));
    }
}
