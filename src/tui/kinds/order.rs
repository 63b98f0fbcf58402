//! Order questions: build the list of steps in the right order from a pool that may hold
//! distractors.

use ratatui::text::{Line, Span};

use super::{AnswerView, Cursor, Kind, display_order, label, row_marks, step, tick, why};
use crate::bank::doc::Text;
use crate::bank::model::Distractor;
use crate::response::Response;
use crate::tui::keymap::{Action, Keymap, Keys, Picks};
use crate::tui::prose::{self, Page};
use crate::tui::text::prefixed;
use crate::tui::theme::Theme;

/// An `order` question's steps (in the right order) and distractors.
pub struct Order<'q> {
    /// The steps, in the right order.
    pub steps: &'q [Text],
    /// Items that belong in no position.
    pub distractors: &'q [Distractor],
}

impl Order<'_> {
    /// Item `i` of the pool: a step, or past the steps a distractor.
    fn item(&self, i: usize) -> Option<&Text> {
        self.steps.get(i).or_else(|| {
            self.distractors
                .get(i.wrapping_sub(self.steps.len()))
                .map(|d| &d.text)
        })
    }

    /// How many items the pool holds.
    fn pool(&self) -> usize {
        self.steps.len() + self.distractors.len()
    }
}

impl Kind for Order<'_> {
    fn title(&self) -> String {
        "Put in order".into()
    }

    fn keymap(&self, keys: &Keys) -> (Keymap, Keymap) {
        let picks = Picks {
            digits: self.pool().min(9),
            letters: true,
        };
        (
            Keymap::new().bind(keys, &[Action::Select], "place/remove"),
            Keymap::new()
                .bind(keys, &[Action::Left, Action::Right], "items/order")
                .bind(
                    keys,
                    &[Action::MoveUp, Action::MoveDown],
                    "move the item up/down in your order",
                )
                .bind(keys, &[Action::Up, Action::Down], "move the cursor")
                .picks(keys, picks, "1-9", "place or remove item N")
                .bind(keys, &[Action::Remove], "remove the item from your order"),
        )
    }

    fn act(
        &self,
        action: Action,
        cursor: &mut Cursor,
        shuffle: &[Vec<usize>],
        response: &mut Response,
    ) -> Result<bool, String> {
        let n = self.pool();
        let order = display_order(shuffle, 0, n);
        let placed = match response {
            Response::Order(list) => list.clone(),
            _ => Vec::new(),
        };
        let rows = if cursor.in_list { placed.len() } else { n };
        match action {
            Action::Left => {
                cursor.in_list = false;
                cursor.row = cursor.row.min(n.saturating_sub(1));
            }
            Action::Right => {
                if placed.is_empty() {
                    return Err("Place an item first: Enter adds the item under the cursor.".into());
                }
                cursor.in_list = true;
                cursor.row = cursor.row.min(placed.len() - 1);
            }
            Action::Up | Action::Down => {
                cursor.row = step(cursor.row, action == Action::Down, rows);
            }
            Action::MoveUp | Action::MoveDown if cursor.in_list => {
                let up = action == Action::MoveUp;
                let row = cursor.row;
                let target = if up {
                    row.checked_sub(1)
                } else {
                    Some(row + 1)
                };
                if let Some(target) = target.filter(|t| *t < placed.len()) {
                    response.move_in_order(row, up);
                    cursor.row = target;
                    return Ok(true);
                }
            }
            Action::MoveUp | Action::MoveDown => {
                return Err("Switch to your order with → to move items.".into());
            }
            Action::Select | Action::Remove if cursor.in_list => {
                if let Some(item) = placed.get(cursor.row) {
                    response.toggle_in_order(*item);
                    if cursor.row + 1 >= placed.len() {
                        cursor.row = cursor.row.saturating_sub(1);
                    }
                    if placed.len() == 1 {
                        cursor.in_list = false;
                        cursor.row = 0;
                    }
                    return Ok(true);
                }
            }
            Action::Select => {
                if let Some(item) = order.get(cursor.row) {
                    response.toggle_in_order(*item);
                    return Ok(true);
                }
            }
            Action::Pick(i) => {
                if let Some(item) = order.get(i) {
                    response.toggle_in_order(*item);
                    return Ok(true);
                }
            }
            _ => {}
        }
        Ok(false)
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
        let built = match response {
            Response::Order(list) => list.clone(),
            _ => Vec::new(),
        };
        lines.push(Line::styled(
            format!(
                "Place {} of these items in order (some may not belong); → for your order.",
                self.steps.len()
            ),
            theme.dim(),
        ));
        let focus = |on: bool| if on { " ◂" } else { "" };
        lines.push(Line::styled(
            format!("Items{}", focus(!cursor.in_list)),
            theme.title(),
        ));
        for (row, i) in display_order(shuffle, 0, self.pool())
            .into_iter()
            .enumerate()
        {
            let on = !cursor.in_list && row == cursor.row;
            let (arrow, style) = row_marks(on, theme);
            if on {
                cursor_line = lines.len();
            }
            let place = match built.iter().position(|b| *b == i) {
                Some(p) => Span::styled(format!("[{}]", p + 1), theme.chosen()),
                None => Span::raw("[ ]"),
            };
            let prefix = vec![
                arrow,
                Span::styled(label(row), theme.key()),
                Span::raw(" "),
                place,
                Span::raw(" "),
            ];
            if let Some(text) = self.item(i) {
                lines.append(prose::after(prefix, text, width, theme, style));
            }
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(
                "Your order ({} of {} placed){}",
                built.len(),
                self.steps.len(),
                focus(cursor.in_list)
            ),
            theme.title(),
        ));
        if built.is_empty() {
            lines.push(Line::styled(
                "  Nothing yet: Enter places the item under the cursor.",
                theme.dim(),
            ));
        }
        for (row, i) in built.iter().enumerate() {
            let on = cursor.in_list && row == cursor.row;
            let (arrow, style) = row_marks(on, theme);
            if on {
                cursor_line = lines.len();
            }
            let prefix = vec![arrow, Span::raw(format!(" {}. ", row + 1))];
            if let Some(text) = self.item(*i) {
                lines.append(prose::after(prefix, text, width, theme, style));
            }
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
        let built = match response {
            Some(Response::Order(list)) => list.clone(),
            _ => Vec::new(),
        };
        lines.push(Line::styled(
            "  Your order, step by step, against the right one:",
            theme.dim(),
        ));
        for (n, step) in self.steps.iter().enumerate() {
            let yours = built.get(n).copied();
            let right = yours == Some(n);
            let prefix = vec![
                Span::raw("  "),
                tick(right, theme),
                Span::raw(format!(" {}. ", n + 1)),
            ];
            match yours.and_then(|i| self.item(i)) {
                Some(text) => {
                    lines.append(prose::after(prefix, text, width, theme, theme.text()));
                }
                None => lines.extend(prefixed(
                    prefix,
                    vec![Span::raw("(no step placed here)")],
                    width,
                )),
            }
            if !right {
                let prefix = vec![Span::styled("       right: ", theme.dim())];
                lines.append(prose::after(prefix, step, width, theme, theme.good()));
            }
        }
        if !self.distractors.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled("  Not part of the order:", theme.dim()));
            for (n, d) in self.distractors.iter().enumerate() {
                let used = built.contains(&(self.steps.len() + n));
                let prefix = vec![Span::raw("  "), tick(!used, theme), Span::raw(" ")];
                lines.append(prose::after(prefix, &d.text, width, theme, theme.text()));
                if used {
                    lines.push(Line::styled("    (you placed it)", theme.dim()));
                }
                lines.append(why(&d.why, 6, width, theme));
            }
        }
        lines
    }
}
