//! The case-study scenario pane: the sections as tabs, the section in view scrolling under
//! them with an indicator, and the search line with its matches highlighted. Drawn over the
//! question on a narrow terminal, beside it from [`SIDE_BY_SIDE_WIDTH`] columns.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Tabs, Widget};

use super::super::app::Model;
use super::super::keymap::{Action, Keys};
use super::super::keys::scenario_keymap;
use super::super::prose::{self, Page};
use super::super::scenario::{Hit, SIDE_BY_SIDE_WIDTH, ScenarioDrawn, ScenarioView, find};
use super::super::text::{self, clean, truncate};
use super::super::theme::Theme;
use super::{COLUMN_WIDTH, place_page};
use crate::bank::CaseStudy;

/// The question's column and the scenario's beside it, on a terminal wide enough for both;
/// the question keeps its full readable column.
pub fn side_by_side(area: Rect) -> Option<(Rect, Rect)> {
    if area.width < SIDE_BY_SIDE_WIDTH {
        return None;
    }
    let [question, scenario] = Layout::horizontal([
        Constraint::Length(COLUMN_WIDTH),
        Constraint::Max(COLUMN_WIDTH),
    ])
    .flex(Flex::Center)
    .spacing(1)
    .areas(area);
    Some((question, scenario))
}

/// The scenario's pane in its `column`, level with the question's `frame` beside it: the
/// same top row and the same height.
pub fn level_with(column: Rect, frame: Rect) -> Rect {
    let [_, pane, _] = Layout::vertical([
        Constraint::Length(frame.y.saturating_sub(column.y)),
        Constraint::Length(frame.height),
        Constraint::Fill(1),
    ])
    .areas(column);
    pane
}

/// The text of a laid-out line, as search sees it.
fn line_text(line: &Line) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

/// Draws a case study's scenario in `area`; `focused` when it has the keys. Records how the
/// sections were laid out, for the search and scroll keys.
pub fn render(
    model: &Model,
    case: &CaseStudy,
    view: &ScenarioView,
    focused: bool,
    area: Rect,
    buf: &mut Buffer,
) {
    let theme = model.theme;
    let title = format!(" Case study: {} ", clean(&case.title));
    let title = if focused {
        title
    } else {
        format!("{title}({}) ", model.keys.label(Action::Scenario))
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused { theme.text() } else { theme.dim() })
        .padding(Padding::horizontal(1))
        .title(Span::styled(
            truncate(&title, usize::from(area.width.saturating_sub(2))),
            theme.title(),
        ));
    let inner = block.inner(area);
    let searching = view.search.is_some() && focused;
    let [tabs_area, rule_area, text_area, search_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(u16::from(searching)),
    ])
    .areas(inner);
    let width = usize::from(text_area.width);
    let pages: Vec<Page> = case
        .scenario
        .iter()
        .map(|s| prose::doc(s.text.doc(), width, theme, theme.text()))
        .collect();
    let drawn = ScenarioDrawn {
        sections: pages
            .iter()
            .map(|p| p.lines.iter().map(line_text).collect())
            .collect(),
        rows: text_area.height,
    };
    let tab = view.tab.min(pages.len().saturating_sub(1));
    let limit = drawn.limit(tab);
    let scroll = view.scroll.min(limit);
    let query = view.search.as_ref().map_or("", |s| s.query.as_str());
    let hits = find(&drawn.sections, query);
    let current = view
        .search
        .as_ref()
        .filter(|s| !s.typing)
        .and_then(|s| s.current)
        .filter(|c| *c < hits.len());
    let len = drawn.sections.get(tab).map_or(0, Vec::len);
    model.drawn.scenario.replace(drawn);

    let below = len.saturating_sub(usize::from(scroll) + usize::from(text_area.height));
    let block = if below > 0 {
        block.title_bottom(Line::styled(
            format!(
                " ▼ {below} more line{}: ↓ PgDn End ",
                if below == 1 { "" } else { "s" }
            ),
            theme.dim(),
        ))
    } else if limit > 0 {
        block.title_bottom(Line::styled(
            " ▲ end of the section: ↑ PgUp Home ",
            theme.dim(),
        ))
    } else {
        block
    };
    block.render(area, buf);
    section_tabs(case, tab, tabs_area, theme).render(tabs_area, buf);
    Paragraph::new(Line::styled(
        "─".repeat(usize::from(inner.width)),
        theme.dim(),
    ))
    .render(rule_area, buf);
    if let Some(page) = pages.into_iter().nth(tab) {
        let page = highlighted(page, &hits, tab, current, theme);
        place_page(model, page, scroll, text_area, buf);
    }
    if searching {
        search_line(
            view,
            case.scenario.len(),
            &model.keys,
            hits.len(),
            current,
            search_area,
            theme,
        )
        .render(search_area, buf);
    }
}

/// The tabs of the sections, numbered for their keys; on a narrow pane the first ones give
/// way so that the section in view always shows.
fn section_tabs(case: &CaseStudy, tab: usize, area: Rect, theme: Theme) -> Tabs<'static> {
    let titles: Vec<String> = case
        .scenario
        .iter()
        .enumerate()
        .map(|(n, s)| format!("{} {}", n + 1, clean(&s.heading)))
        .collect();
    // Each tab takes its title, a cell of padding either side and a divider.
    let cells = |titles: &[String]| -> usize { titles.iter().map(|t| text::width(t) + 3).sum() };
    let mut first = 0;
    while first < tab && cells(&titles[first..]) > usize::from(area.width) {
        first += 1;
    }
    let shown: Vec<Line<'static>> = titles[first..]
        .iter()
        .map(|t| Line::raw(t.clone()))
        .collect();
    Tabs::new(shown)
        .select(tab - first)
        .style(theme.dim())
        .highlight_style(theme.cursor().add_modifier(Modifier::BOLD))
        .divider("│")
}

/// The section's lines with every match of the search marked, the current one most.
fn highlighted(
    mut page: Page,
    hits: &[Hit],
    tab: usize,
    current: Option<usize>,
    theme: Theme,
) -> Page {
    let other = theme.key().add_modifier(Modifier::UNDERLINED);
    for (n, hit) in hits.iter().enumerate().filter(|(_, h)| h.section == tab) {
        let style = if Some(n) == current {
            theme.cursor()
        } else {
            other
        };
        if let Some(line) = page.lines.get_mut(hit.line) {
            mark(line, hit.start, hit.end, style);
        }
    }
    page
}

/// Lays `style` over the characters `start..end` of a line, splitting its spans there.
fn mark(line: &mut Line<'static>, start: usize, end: usize, style: Style) {
    let mut out = Vec::with_capacity(line.spans.len() + 2);
    let mut at = 0;
    for span in std::mem::take(&mut line.spans) {
        let chars: Vec<char> = span.content.chars().collect();
        let (from, to) = (at, at + chars.len());
        at = to;
        if to <= start || from >= end {
            out.push(span);
            continue;
        }
        let a = start.saturating_sub(from).min(chars.len());
        let b = end.saturating_sub(from).min(chars.len());
        let piece = |r: std::ops::Range<usize>| chars[r].iter().collect::<String>();
        if a > 0 {
            out.push(Span::styled(piece(0..a), span.style));
        }
        out.push(Span::styled(piece(a..b), span.style.patch(style)));
        if b < chars.len() {
            out.push(Span::styled(piece(b..chars.len()), span.style));
        }
    }
    line.spans = out;
}

/// The search line: the query (with a cursor while it is typed), where the matches are, and
/// the keys of the search from the keymap of its mode (`sections` in the case study).
fn search_line(
    view: &ScenarioView,
    sections: usize,
    keys: &Keys,
    matches: usize,
    current: Option<usize>,
    area: Rect,
    theme: Theme,
) -> Paragraph<'static> {
    let Some(search) = &view.search else {
        return Paragraph::new("");
    };
    let query = clean(&search.query);
    let mut spans = vec![
        Span::styled("/", theme.key()),
        Span::styled(query.clone(), theme.text()),
    ];
    if search.typing {
        spans.push(Span::styled("▏", theme.cursor()));
    }
    let found = match (matches, current) {
        _ if query.is_empty() => "type a word or phrase, Enter finds it".to_string(),
        (0, _) => format!("no match for “{query}”"),
        (n, Some(c)) if !search.typing => format!("match {} of {n}", c + 1),
        (1, _) => "1 match".to_string(),
        (n, _) => format!("{n} matches"),
    };
    // The keys of the mode the search is in, as its keymap (and so the footer) has them.
    let keymap = scenario_keymap(view, sections, keys);
    let hint = if search.typing {
        keymap.sentence(&[(&[Action::Select], "find"), (&[Action::Back], "cancel")])
    } else {
        keymap.sentence(&[
            (&[Action::Next, Action::PrevMatch], "next/prev"),
            (&[Action::Search], "new search"),
            (&[Action::Back], "end"),
        ])
    };
    spans.push(Span::styled(format!("  {found}"), theme.chosen()));
    let used: usize = spans.iter().map(Span::width).sum();
    let room = usize::from(area.width).saturating_sub(used + 2);
    if room > 0 {
        spans.push(Span::styled(
            format!("  {}", truncate(&hint, room)),
            theme.dim(),
        ));
    }
    Paragraph::new(Line::from(spans))
}
