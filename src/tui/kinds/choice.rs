//! Choice questions: one answer (`single`) or "Choose N" (`multiple`).

use ratatui::text::{Line, Span};

use super::{AnswerView, Cursor, Kind, display_order, label, picked_row, row_marks, tick, why};
use crate::bank::model::Choice;
use crate::response::Response;
use crate::tui::keymap::{Action, Keymap, Keys, Picks};
use crate::tui::prose::{self, Page};
use crate::tui::theme::Theme;

/// A `single` or `multiple` question's options.
pub struct Choices<'q> {
    /// The options, as written.
    pub options: &'q [Choice],
    /// How many to choose.
    pub to_choose: usize,
    /// Whether one answer is chosen (radio buttons rather than boxes).
    pub single: bool,
}

impl Choices<'_> {
    /// The mark of an option, picked or not.
    fn mark(&self, picked: bool) -> &'static str {
        match (self.single, picked) {
            (true, true) => "(•)",
            (true, false) => "( )",
            (false, true) => "[x]",
            (false, false) => "[ ]",
        }
    }
}

impl Kind for Choices<'_> {
    fn title(&self) -> String {
        if self.single {
            "Choose one".into()
        } else {
            format!("Choose {}", self.to_choose)
        }
    }

    fn checked_on_pick(&self) -> bool {
        self.single
    }

    fn keymap(&self, keys: &Keys) -> (Keymap, Keymap) {
        let picks = Picks {
            digits: self.options.len().min(9),
            letters: true,
        };
        let (verb, under) = if self.single {
            ("choose", "choose the option under the cursor")
        } else {
            ("pick", "pick or unpick the option under the cursor")
        };
        (
            Keymap::new().picks(keys, picks, "1-9", verb),
            Keymap::new()
                .bind(keys, &[Action::Up, Action::Down], "move")
                .bind(keys, &[Action::Select], under),
        )
    }

    fn act(
        &self,
        action: Action,
        cursor: &mut Cursor,
        shuffle: &[Vec<usize>],
        response: &mut Response,
    ) -> Result<bool, String> {
        let n = self.options.len();
        let order = display_order(shuffle, 0, n);
        let Some(row) = picked_row(cursor, action, n) else {
            return Ok(false);
        };
        cursor.row = row;
        let Some(option) = order.get(row) else {
            return Ok(false);
        };
        let limit = self.to_choose;
        if response.toggle_choice(*option, limit.max(1)) {
            Ok(true)
        } else {
            Err(format!(
                "Choose {limit}: unpick one before picking another."
            ))
        }
    }

    fn answer(
        &self,
        response: &Response,
        shuffle: &[Vec<usize>],
        cursor: Cursor,
        width: usize,
        theme: Theme,
    ) -> AnswerView {
        let mut lines = Page::default();
        let mut cursor_line = 0;
        let chosen = match response {
            Response::Choices(c) => c.clone(),
            _ => Vec::new(),
        };
        lines.push(Line::styled(
            if self.single {
                "Choose one answer.".to_string()
            } else {
                format!(
                    "Choose {} answers ({} chosen).",
                    self.to_choose,
                    chosen.len()
                )
            },
            theme.dim(),
        ));
        for (row, i) in display_order(shuffle, 0, self.options.len())
            .into_iter()
            .enumerate()
        {
            let Some(option) = self.options.get(i) else {
                continue;
            };
            let picked = chosen.contains(&i);
            let (arrow, style) = row_marks(row == cursor.row, theme);
            if row == cursor.row {
                cursor_line = lines.len();
            }
            let prefix = vec![
                arrow,
                Span::styled(label(row), theme.key()),
                Span::raw(" "),
                Span::styled(
                    self.mark(picked),
                    if picked { theme.chosen() } else { theme.text() },
                ),
                Span::raw(" "),
            ];
            lines.append(prose::after(prefix, &option.text, width, theme, style));
        }
        AnswerView {
            lines,
            cursor_line,
            fill: None,
        }
    }

    fn marked(
        &self,
        response: Option<&Response>,
        shuffle: &[Vec<usize>],
        width: usize,
        theme: Theme,
    ) -> Page {
        let mut lines = Page::default();
        let chosen = match response {
            Some(Response::Choices(c)) => c.clone(),
            _ => Vec::new(),
        };
        lines.push(Line::styled("     You Key", theme.dim()));
        for i in display_order(shuffle, 0, self.options.len()) {
            let Some(option) = self.options.get(i) else {
                continue;
            };
            let picked = chosen.contains(&i);
            let prefix = vec![
                Span::raw("  "),
                tick(picked == option.correct, theme),
                Span::raw("  "),
                Span::styled(
                    self.mark(picked),
                    if picked { theme.chosen() } else { theme.text() },
                ),
                Span::raw(" "),
                Span::styled(self.mark(option.correct), theme.good()),
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
        lines
    }
}
