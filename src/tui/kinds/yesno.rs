//! Yes/no questions: a yes or a no for each statement.

use ratatui::text::{Line, Span};

use super::{AnswerView, Cursor, Kind, row_marks, step, tick, why};
use crate::bank::model::Statement;
use crate::response::Response;
use crate::tui::keymap::{Action, Keymap, Keys, Picks};
use crate::tui::prose::{self, Page};
use crate::tui::theme::Theme;

/// A `yesno` question's statements.
pub struct YesNo<'q> {
    /// The statements, each with its answer and why.
    pub statements: &'q [Statement],
}

impl Kind for YesNo<'_> {
    fn title(&self) -> String {
        "Yes or no".into()
    }

    fn keymap(&self, keys: &Keys) -> (Keymap, Keymap) {
        let picks = Picks {
            digits: 2,
            letters: false,
        };
        (
            Keymap::new().bind(keys, &[Action::Left, Action::Right], "yes/no"),
            Keymap::new()
                .bind(keys, &[Action::Yes], "yes")
                .picks(keys, picks, "1 2", "yes, no")
                .bind(keys, &[Action::Up, Action::Down], "statement")
                .bind(keys, &[Action::Select], "toggle yes/no"),
        )
    }

    fn act(
        &self,
        action: Action,
        cursor: &mut Cursor,
        _shuffle: &[Vec<usize>],
        response: &mut Response,
    ) -> Result<bool, String> {
        let n = self.statements.len();
        let row = cursor.row.min(n.saturating_sub(1));
        let current = match response {
            Response::YesNo(a) => a.get(row).copied().flatten(),
            _ => None,
        };
        let yes = match action {
            Action::Up | Action::Down => {
                cursor.row = step(row, action == Action::Down, n);
                return Ok(false);
            }
            Action::Left | Action::Yes | Action::Pick(0) => true,
            Action::Right | Action::Pick(1) => false,
            Action::Select => current != Some(true),
            _ => return Ok(false),
        };
        response.set_statement(row, yes);
        Ok(true)
    }

    fn answer(
        &self,
        response: &Response,
        _shuffle: &[Vec<usize>],
        cursor: Cursor,
        width: usize,
        theme: Theme,
    ) -> AnswerView {
        let mut lines = Page::default();
        let mut cursor_line = 0;
        let answers = match response {
            Response::YesNo(a) => a.clone(),
            _ => Vec::new(),
        };
        lines.push(Line::styled(
            "Answer Yes or No for each statement.",
            theme.dim(),
        ));
        for (row, statement) in self.statements.iter().enumerate() {
            let answer = answers.get(row).copied().flatten();
            let (arrow, style) = row_marks(row == cursor.row, theme);
            if row == cursor.row {
                cursor_line = lines.len();
            }
            let radio = |on: bool| {
                if on {
                    Span::styled("(•)", theme.chosen())
                } else {
                    Span::raw("( )")
                }
            };
            let prefix = vec![
                arrow,
                Span::raw(format!("{:>2} ", row + 1)),
                radio(answer == Some(true)),
                Span::raw(" Yes "),
                radio(answer == Some(false)),
                Span::raw(" No   "),
            ];
            lines.append(prose::after(prefix, &statement.text, width, theme, style));
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
        _shuffle: &[Vec<usize>],
        width: usize,
        theme: Theme,
    ) -> Page {
        let mut lines = Page::default();
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
        for (n, statement) in self.statements.iter().enumerate() {
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
            lines.append(prose::after(
                prefix,
                &statement.text,
                width,
                theme,
                theme.text(),
            ));
            lines.append(why(&statement.why, 14, width, theme));
        }
        lines
    }
}
