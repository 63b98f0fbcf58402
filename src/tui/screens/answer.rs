//! A question as answered: the user's answer beside the correct one with ✓/✗ on every option,
//! statement, slot or step, each part's why, the explanation and the references. Shared by the
//! explanation review and the drill's feedback.

use ratatui::text::{Line, Span};

use super::super::kinds::kind_of;
use super::super::prose::{self, LinkSpot, Page};
use super::super::text::clean;
use super::super::theme::Theme;
use crate::bank::Question;
use crate::response::Response;
use crate::scoring::{self, Points};

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

/// The answer compared with the key, part by part: the verdict, then the kind's marking.
fn marked(
    question: &Question,
    response: Option<&Response>,
    shuffle: &[Vec<usize>],
    width: usize,
    theme: Theme,
) -> Page {
    let mut lines = Page::default();
    lines.push(verdict(
        scoring::points(question.body(), response),
        response.is_some_and(Response::is_started),
        theme,
    ));
    lines.push(Line::raw(""));
    lines.append(kind_of(question.body()).marked(response, shuffle, width, theme));
    lines
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
        question.explanation().doc(),
        width,
        theme,
        theme.text(),
    ));
    if !question.references().is_empty() {
        page.push(Line::raw(""));
        page.push(Line::from(vec![
            Span::styled("References", theme.title()),
            Span::styled("  (o opens them in the browser)", theme.dim()),
        ]));
        for url in question.references() {
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
