//! The stats screen: scaled scores over time against the 700 line, accuracy per domain against
//! the exam weights, the streak, the questions due for review and readiness.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph, Widget};

use super::super::app::Model;
use super::super::text::truncate;
use super::{bar, domain_name};
use crate::scoring::PASSING_SCORE;

/// Draws the stats screen.
pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let theme = model.theme;
    let summary = &model.summary;
    let readiness = match summary.readiness.advice() {
        Some(advice) => format!(
            "Readiness {}; study next: {advice}",
            summary.readiness.brief()
        ),
        None => format!("Readiness {}", summary.readiness.brief()),
    };
    let head = vec![
        Line::from(vec![
            Span::styled(" Stats", theme.title()),
            Span::raw(format!(
                " · {} attempt{} · streak {} day{} · {} due for review",
                summary.attempts,
                if summary.attempts == 1 { "" } else { "s" },
                summary.streak_days,
                if summary.streak_days == 1 { "" } else { "s" },
                summary.due_for_review
            )),
        ]),
        Line::raw(format!(" {readiness}")),
    ];
    let domains = model.bank.blueprint.domains.len();
    let bottom_h = u16::try_from(domains + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let head_h = area.height.saturating_sub(bottom_h).min(2);
    let chart_h = area.height - bottom_h - head_h;
    Paragraph::new(head).render(
        Rect {
            height: head_h,
            ..area
        },
        buf,
    );
    let chart_area = Rect {
        y: area.y + head_h,
        height: chart_h,
        ..area
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(Span::styled(
            format!(" Scaled score per attempt · ─ {PASSING_SCORE} passes "),
            theme.title(),
        ));
    if summary.trend.is_empty() {
        let inner = block.inner(chart_area);
        block.render(chart_area, buf);
        Paragraph::new(" No finished attempts yet: your first sprint starts this chart.")
            .render(inner, buf);
    } else {
        let scores: Vec<(f64, f64)> = summary
            .trend
            .iter()
            .enumerate()
            .map(|(n, p)| (n as f64 + 1.0, f64::from(p.scaled)))
            .collect();
        let last = scores.len().max(2) as f64;
        let pass = [
            (1.0, f64::from(PASSING_SCORE)),
            (last, f64::from(PASSING_SCORE)),
        ];
        let datasets = vec![
            Dataset::default()
                .marker(Marker::Dot)
                .graph_type(GraphType::Line)
                .style(theme.dim())
                .data(&pass),
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme.chosen())
                .data(&scores),
        ];
        Chart::new(datasets)
            .block(block)
            .x_axis(
                Axis::default()
                    .bounds([1.0, last])
                    .labels(vec![Line::raw("1"), Line::raw(format!("{}", scores.len()))])
                    .style(theme.dim()),
            )
            .y_axis(
                Axis::default()
                    .bounds([0.0, 1000.0])
                    .labels(vec![Line::raw("0"), Line::raw("500"), Line::raw("1000")])
                    .style(theme.dim()),
            )
            .render(chart_area, buf);
    }
    let width = usize::from(area.width);
    let name_width = width.saturating_sub(44).clamp(10, 60);
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!(" {:<w$}", "Accuracy by domain", w = name_width),
            theme.title(),
        ),
        Span::styled(
            format!(" {:<20} {:>5}  {:>11}", "", "acc", "exam weight"),
            theme.dim(),
        ),
    ])];
    for domain in &model.bank.blueprint.domains {
        let acc = summary.domains.iter().find(|a| a.id == domain.id);
        let (bar_text, pct) = match acc {
            Some(a) => (bar(a.points.ratio(), 20), format!("{:>4}%", a.percent)),
            None => (format!("{:<20}", "no answers"), "    –".into()),
        };
        lines.push(Line::from(vec![
            Span::raw(format!(
                " {:<w$} ",
                truncate(&domain_name(&model.bank.blueprint, &domain.id), name_width),
                w = name_width
            )),
            Span::styled(bar_text, theme.chosen()),
            Span::raw(format!(
                " {pct}  {:>11}",
                format!("{}–{}%", domain.weight[0], domain.weight[1])
            )),
        ]));
    }
    Paragraph::new(lines).render(
        Rect {
            y: area.y + head_h + chart_h,
            height: bottom_h,
            ..area
        },
        buf,
    );
}
