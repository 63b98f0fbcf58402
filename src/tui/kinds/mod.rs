//! One module per kind of question: how it is answered on screen (its keys, what they do to
//! the response, its answer area) and how it is marked against the key in drill feedback and
//! the review. [`kind_of`] chooses the module from the question's body, the one place the
//! screens and the key handling look at which kind a question is.

mod choice;
mod order;
mod snippet;
mod yesno;

use ratatui::style::Style;
use ratatui::text::Span;

use super::keymap::{Action, Keymap, Keys};
use super::prose::{self, CodeUnit, Page};
use super::text::clean;
use super::theme::Theme;
use crate::bank::Body;
use crate::bank::doc::{Piece, Template, Text};
use crate::response::Response;

/// Where the cursor is inside the question in view.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    /// The row: an option, a pool item, a position in the built order, a statement, or an
    /// option of the current fill slot (all in display order).
    pub row: usize,
    /// Fill: the slot being answered.
    pub slot: usize,
    /// Order: the cursor is in the built list rather than the pool of items.
    pub in_list: bool,
}

/// The answer area's lines, the line the cursor is on and, for a snippet, where the focused
/// slot stands and where the option picker starts.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerView {
    /// The lines.
    pub lines: Page,
    /// The line the cursor is on, kept in view.
    pub cursor_line: usize,
    /// A snippet's layout, which scrolls its code and keeps its picker whole.
    pub fill: Option<FillFocus>,
}

/// Where a snippet's focused slot and its option picker are among the answer lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FillFocus {
    /// The snippet's code lines among the answer lines.
    pub code: std::ops::Range<usize>,
    /// The line to show first: one above the focused slot.
    pub slot_line: usize,
    /// Where the option picker starts.
    pub picker_start: usize,
}

/// One kind of question on screen.
pub trait Kind {
    /// The title over the question: `Choose one`, `Put in order`…
    fn title(&self) -> String;

    /// Whether one pick completes the answer, so that a drill checks it at once (a
    /// multi-part answer waits for `n`, so its parts can still be changed).
    fn checked_on_pick(&self) -> bool {
        false
    }

    /// The kind's keys: the most used (shown first in the footer) and the rest.
    fn keymap(&self, keys: &Keys) -> (Keymap, Keymap);

    /// Applies an action to the response: `Ok(true)` if it changed, an error to show if the
    /// action cannot be done.
    fn act(
        &self,
        action: Action,
        cursor: &mut Cursor,
        shuffle: &[Vec<usize>],
        response: &mut Response,
    ) -> Result<bool, String>;

    /// The answer area: the choices with the response so far and the cursor.
    fn answer(
        &self,
        response: &Response,
        shuffle: &[Vec<usize>],
        cursor: Cursor,
        width: usize,
        theme: Theme,
    ) -> AnswerView;

    /// The response part by part against the key, with each part's why.
    fn marked(
        &self,
        response: Option<&Response>,
        shuffle: &[Vec<usize>],
        width: usize,
        theme: Theme,
    ) -> Page;
}

/// The module of a question's kind.
pub fn kind_of(body: &Body) -> Box<dyn Kind + '_> {
    match body {
        Body::Single { options } => Box::new(choice::Choices {
            options,
            to_choose: 1,
            single: true,
        }),
        Body::Multiple { options } => Box::new(choice::Choices {
            options,
            to_choose: body.to_choose(),
            single: false,
        }),
        Body::Order { steps, distractors } => Box::new(order::Order { steps, distractors }),
        Body::YesNo { statements } => Box::new(yesno::YesNo { statements }),
        Body::Fill { template, slots } => Box::new(snippet::Snippet { template, slots }),
    }
}

/// The display order of the `k`th shuffle of `n` things: the stored permutation, or the
/// authored order if the stored one does not fit (a hand-edited or outdated session file).
pub fn display_order(shuffle: &[Vec<usize>], k: usize, n: usize) -> Vec<usize> {
    match shuffle.get(k) {
        Some(p) if p.len() == n && (0..n).all(|i| p.contains(&i)) => p.clone(),
        _ => (0..n).collect(),
    }
}

/// One step up or down a list of `n` rows, staying inside it.
fn step(row: usize, down: bool, n: usize) -> usize {
    if down {
        (row + 1).min(n.saturating_sub(1))
    } else {
        row.saturating_sub(1)
    }
}

/// The row an action picks in a list of `n` options: the cursor's row for Select, the row of
/// a pick; ↑↓ only move the cursor and pick nothing.
fn picked_row(cursor: &mut Cursor, action: Action, n: usize) -> Option<usize> {
    match action {
        Action::Up | Action::Down => {
            cursor.row = step(cursor.row, action == Action::Down, n);
            None
        }
        Action::Select => Some(cursor.row),
        Action::Pick(i) => Some(i).filter(|i| *i < n),
        _ => None,
    }
}

/// A pick label: `1`–`9`, blank beyond.
fn label(n: usize) -> String {
    if n < 9 {
        format!("{}", n + 1)
    } else {
        " ".into()
    }
}

/// The cursor mark and the style of a row.
fn row_marks(on: bool, theme: Theme) -> (Span<'static>, Style) {
    if on {
        (Span::styled("›", theme.key()), theme.cursor())
    } else {
        (Span::raw(" "), theme.text())
    }
}

/// `✓` or `✗` in the matching style.
pub fn tick(right: bool, theme: Theme) -> Span<'static> {
    if right {
        Span::styled("✓", theme.good())
    } else {
        Span::styled("✗", theme.bad())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_inside_a_github_expression_shows_its_choice() {
        let template = Template::parse("env: ${{ {{1}}.environment }}\nrun: {{2}}");
        let page = template_lines(&template, 60, Theme::plain(), |n| {
            vec![Span::raw(["inputs", "deploy"][n])]
        });
        let text: Vec<String> = page.lines.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["│ env: ${{ inputs.environment }}", "│ run: deploy"]);
    }
}
