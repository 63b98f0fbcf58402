//! The stats screen, in three pages (Tab or 1-3):
//!
//! - Overview: readiness with its interval and what to study next, the questions due today
//!   and on each of the next seven days, and the scaled scores over time against the 700 line,
//!   sprints and exams as separate series (drills are practice, not a measure).
//! - Accuracy: each domain and each of its skills with a bar, the percentage and the number
//!   of answers behind it, beside the exam weights.
//! - Topics: the map of the outline's topics, skill by skill: answered (✓), weak (✗), unseen (·).

use chrono::{Datelike, Duration};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph, Widget};

use super::super::app::{Model, StatsPage};
use super::super::text::{clean, truncate};
use super::{bar, domain_name, limit, skill_name};
use crate::attempt::Mode;
use crate::history::stats::Accuracy;
use crate::history::topics::{TopicState, WEAK_BELOW};
use crate::scoring::{MAX_SCORE, PASSING_SCORE};

/// Lines above a page's body: the title line with the tabs.
const TITLE_LINES: u16 = 1;

/// Draws the stats screen.
pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let [title_area, body] =
        Layout::vertical([Constraint::Length(TITLE_LINES), Constraint::Fill(1)]).areas(area);
    Paragraph::new(title(model)).render(title_area, buf);
    model.drawn.page_rows.set(body.height);
    match model.stats.page {
        StatsPage::Overview => {
            model.drawn.scroll_limit.set(0);
            overview(model, body, buf);
        }
        page => {
            let lines = match page {
                StatsPage::Accuracy => accuracy_lines(model, usize::from(area.width)),
                _ => topic_lines(model, usize::from(area.width)),
            };
            model
                .drawn
                .scroll_limit
                .set(limit(lines.len(), body.height));
            super::page(lines, model.stats.scroll).render(body, buf);
        }
    }
}

/// ` Stats · N attempts · streak N days     [Overview]  Accuracy  Topics`
fn title(model: &Model) -> Line<'static> {
    let theme = model.theme;
    let summary = &model.summary;
    let mut spans = vec![
        Span::styled(" Stats", theme.title()),
        Span::raw(format!(
            " · {} attempt{} · streak {} day{}   ",
            summary.attempts,
            if summary.attempts == 1 { "" } else { "s" },
            summary.streak_days,
            if summary.streak_days == 1 { "" } else { "s" },
        )),
    ];
    for (n, page) in StatsPage::ALL.iter().enumerate() {
        let label = format!("{} {}", n + 1, page.label());
        if *page == model.stats.page {
            spans.push(Span::styled(format!("[{label}]"), theme.cursor()));
        } else {
            spans.push(Span::styled(format!(" {label} "), theme.dim()));
        }
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

/// Readiness, due this week, then the trend chart in the rest.
fn overview(model: &Model, area: Rect, buf: &mut Buffer) {
    let theme = model.theme;
    let summary = &model.summary;
    let width = usize::from(area.width);
    let mut lines = vec![Line::from(vec![
        Span::styled(" Readiness ", theme.title()),
        Span::raw(clean(&summary.readiness.brief())),
    ])];
    if let Some(advice) = summary.readiness.advice() {
        lines.push(Line::from(vec![
            Span::styled(" Study next ", theme.title()),
            Span::raw(truncate(&clean(&advice), width.saturating_sub(13))),
        ]));
    }
    let today = model.now.with_timezone(&model.offset).date_naive();
    let mut week = vec![
        Span::styled(" Due today ", theme.title()),
        Span::raw(format!("{}", summary.due_for_review)),
        Span::styled("   next days: ", theme.dim()),
    ];
    for (n, count) in summary.due_forecast.iter().enumerate().skip(1) {
        let day = today + Duration::days(n as i64);
        week.push(Span::styled(
            format!("{} ", weekday(day.weekday())),
            theme.dim(),
        ));
        week.push(Span::raw(format!("{count}  ")));
    }
    lines.push(Line::from(week));
    let head_h = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .min(area.height);
    let [head_area, chart_area] =
        Layout::vertical([Constraint::Length(head_h), Constraint::Fill(1)]).areas(area);
    Paragraph::new(lines).render(head_area, buf);
    trend(model, chart_area, buf);
}

fn weekday(day: chrono::Weekday) -> &'static str {
    match day {
        chrono::Weekday::Mon => "Mon",
        chrono::Weekday::Tue => "Tue",
        chrono::Weekday::Wed => "Wed",
        chrono::Weekday::Thu => "Thu",
        chrono::Weekday::Fri => "Fri",
        chrono::Weekday::Sat => "Sat",
        chrono::Weekday::Sun => "Sun",
    }
}

/// Scaled scores against the pass line: sprints (line) and exams (blocks) as two series on
/// one time axis, numbered by attempt.
fn trend(model: &Model, area: Rect, buf: &mut Buffer) {
    let theme = model.theme;
    let trend = &model.summary.trend;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(Span::styled(
            format!(" Scaled score · ─ {PASSING_SCORE} passes · drills not shown "),
            theme.title(),
        ));
    if trend.is_empty() {
        let inner = block.inner(area);
        block.render(area, buf);
        Paragraph::new(" No sprint or exam yet: your first sprint starts this chart.")
            .render(inner, buf);
        return;
    }
    let series = |mode: Mode| -> Vec<(f64, f64)> {
        trend
            .iter()
            .enumerate()
            .filter(|(_, p)| p.mode == mode)
            .map(|(n, p)| (n as f64 + 1.0, f64::from(p.scaled)))
            .collect()
    };
    let sprints = series(Mode::Sprint);
    let exams = series(Mode::Exam);
    let last = trend.len().max(2) as f64;
    let pass = [
        (1.0, f64::from(PASSING_SCORE)),
        (last, f64::from(PASSING_SCORE)),
    ];
    let mut datasets = vec![
        Dataset::default()
            .marker(Marker::Dot)
            .graph_type(GraphType::Line)
            .style(theme.dim())
            .data(&pass),
    ];
    if !sprints.is_empty() {
        datasets.push(
            Dataset::default()
                .name(format!("sprints ({})", sprints.len()))
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme.chosen())
                .data(&sprints),
        );
    }
    if !exams.is_empty() {
        datasets.push(
            Dataset::default()
                .name(format!("exams ({})", exams.len()))
                .marker(Marker::Block)
                .graph_type(GraphType::Scatter)
                .style(theme.title())
                .data(&exams),
        );
    }
    Chart::new(datasets)
        .block(block)
        .x_axis(
            Axis::default()
                .bounds([1.0, last])
                .labels(vec![Line::raw("1"), Line::raw(format!("{}", trend.len()))])
                .style(theme.dim()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, f64::from(MAX_SCORE)])
                .labels(vec![
                    Line::raw("0"),
                    Line::raw(format!("{}", MAX_SCORE / 2)),
                    Line::raw(format!("{MAX_SCORE}")),
                ])
                .style(theme.dim()),
        )
        .hidden_legend_constraints((
            ratatui::layout::Constraint::Min(0),
            ratatui::layout::Constraint::Min(0),
        ))
        .render(area, buf);
}

/// From this width skills show their outline names; below it their ids, which stay readable
/// where the names ("Design and implement …") would be cut.
const WIDE: usize = 110;

fn skill_label(model: &Model, id: &str, width: usize) -> String {
    if width < WIDE {
        clean(id)
    } else {
        skill_name(&model.bank.blueprint, id)
    }
}

/// One row of the accuracy page: a name, a bar, the percentage, the answers, and extra text.
fn accuracy_row(
    model: &Model,
    name: &str,
    acc: Option<&Accuracy>,
    name_width: usize,
    extra: String,
) -> Line<'static> {
    let theme = model.theme;
    let (bar_text, pct, answers) = match acc {
        Some(a) => (
            bar(a.points.ratio(), 16),
            format!("{:>4}%", a.percent),
            format!("{:>7}", a.answers),
        ),
        None => (
            format!("{:<16}", "no answers"),
            "    –".into(),
            "      0".into(),
        ),
    };
    let weak = acc.is_some_and(|a| a.points.ratio() < WEAK_BELOW);
    Line::from(vec![
        Span::raw(format!(
            "{:<w$} ",
            truncate(name, name_width),
            w = name_width
        )),
        Span::styled(bar_text, theme.chosen()),
        Span::raw(format!(" {pct} {answers}  ")),
        Span::styled(if weak { "✗ " } else { "  " }, theme.bad()),
        Span::styled(extra, theme.dim()),
    ])
}

/// Each domain (with its exam weight) and under it each skill.
fn accuracy_lines(model: &Model, width: usize) -> Vec<Line<'static>> {
    let theme = model.theme;
    let summary = &model.summary;
    let blueprint = &model.bank.blueprint;
    let name_width = width.saturating_sub(46).clamp(12, 70);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!(
                    " {:<w$}",
                    "Accuracy over recent answers",
                    w = name_width + 17
                ),
                theme.title(),
            ),
            Span::styled("  acc answers    exam weight", theme.dim()),
        ]),
        Line::styled(
            format!(" ✗ under {:.0}%: study it next", WEAK_BELOW * 100.0),
            theme.dim(),
        ),
    ];
    for domain in &blueprint.domains {
        lines.push(Line::raw(""));
        let acc = summary.domains.iter().find(|a| a.id == domain.id);
        lines.push(accuracy_row(
            model,
            &format!(" {}", domain_name(blueprint, &domain.id)),
            acc,
            name_width + 1,
            format!("{}–{}%", domain.weight[0], domain.weight[1]),
        ));
        for skill in &domain.skills {
            let acc = summary.skills.iter().find(|a| a.id == skill.id);
            lines.push(accuracy_row(
                model,
                &format!("   {}", skill_label(model, &skill.id, width)),
                acc,
                name_width + 1,
                String::new(),
            ));
        }
    }
    lines
}

/// The topic map: per skill, each topic's number with ✓ (answered), ✗ (weak) or · (unseen).
fn topic_lines(model: &Model, width: usize) -> Vec<Line<'static>> {
    let theme = model.theme;
    let topics = &model.topics;
    let count = |state: TopicState| topics.iter().filter(|t| t.state == state).count();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!(" {} topics of the outline: ", topics.len()),
                theme.title(),
            ),
            Span::styled(
                format!("{} ✓ answered", count(TopicState::Answered)),
                theme.good(),
            ),
            Span::raw(" · "),
            Span::styled(format!("{} ✗ weak", count(TopicState::Weak)), theme.bad()),
            Span::raw(" · "),
            Span::styled(
                format!("{} · unseen", count(TopicState::Unseen)),
                theme.dim(),
            ),
        ]),
        Line::styled(
            format!(
                " weak: under {:.0}% of its points; the numbers are the outline's topic numbers",
                WEAK_BELOW * 100.0
            ),
            theme.dim(),
        ),
    ];
    let name_width = if width < WIDE {
        22
    } else {
        (width / 2).clamp(22, 60)
    };
    for domain in &model.bank.blueprint.domains {
        lines.push(Line::styled(
            format!(
                " {}",
                truncate(
                    &domain_name(&model.bank.blueprint, &domain.id),
                    width.saturating_sub(2)
                )
            ),
            theme.title(),
        ));
        for skill in &domain.skills {
            let mut spans = vec![Span::raw(format!(
                "   {:<w$} ",
                truncate(&skill_label(model, &skill.id, width), name_width),
                w = name_width
            ))];
            for topic in topics.iter().filter(|t| t.skill == skill.id) {
                let number = topic.id.rsplit('.').next().unwrap_or_default().to_string();
                let (mark, style) = match topic.state {
                    TopicState::Answered => ("✓", theme.good()),
                    TopicState::Weak => ("✗", theme.bad()),
                    TopicState::Unseen => ("·", theme.dim()),
                };
                spans.push(Span::styled(format!("{number}{mark} "), style));
            }
            lines.push(Line::from(spans));
        }
    }
    lines
}
