//! Snippet questions (`fill`): complete a snippet of code by choosing an option for each slot.

use ratatui::text::{Line, Span};

use super::{
    AnswerView, Cursor, FillFocus, Kind, display_order, label, picked_row, row_marks, step,
    template_lines, tick, why,
};
use crate::bank::doc::Template;
use crate::bank::model::Slot;
use crate::response::Response;
use crate::tui::keymap::{Action, Keymap, Keys, Picks};
use crate::tui::prose::{self, Page};
use crate::tui::text::clean;
use crate::tui::theme::Theme;

/// A `fill` question's snippet and slots.
pub struct Snippet<'q> {
    /// The snippet, split into code and slots.
    pub template: &'q Template,
    /// The slots, in placeholder order.
    pub slots: &'q [Slot],
}

impl Snippet<'_> {
    /// How many options each slot has.
    fn sizes(&self) -> Vec<usize> {
        self.slots.iter().map(|s| s.options.len()).collect()
    }

    /// The display row of the option chosen for the cursor's slot, or 0.
    fn chosen_row(&self, cursor: Cursor, response: &Response, shuffle: &[Vec<usize>]) -> usize {
        let slot = cursor.slot;
        let n = self.sizes().get(slot).copied().unwrap_or(0);
        match response {
            Response::Fill(answers) => answers
                .get(slot)
                .copied()
                .flatten()
                .and_then(|a| display_order(shuffle, slot, n).iter().position(|o| *o == a))
                .unwrap_or(0),
            _ => 0,
        }
    }
}

impl Kind for Snippet<'_> {
    fn title(&self) -> String {
        "Complete the snippet".into()
    }

    fn keymap(&self, keys: &Keys) -> (Keymap, Keymap) {
        let most = self.sizes().into_iter().max().unwrap_or(0);
        let picks = Picks {
            digits: most.min(9),
            letters: true,
        };
        (
            Keymap::new().picks(keys, picks, "1-9", "choose"),
            Keymap::new()
                .bind(keys, &[Action::Left, Action::Right], "slot")
                .bind(keys, &[Action::Up, Action::Down], "option")
                .bind(
                    keys,
                    &[Action::Select],
                    "choose the option under the cursor",
                ),
        )
    }

    fn act(
        &self,
        action: Action,
        cursor: &mut Cursor,
        shuffle: &[Vec<usize>],
        response: &mut Response,
    ) -> Result<bool, String> {
        let sizes = self.sizes();
        let slots = sizes.len();
        let slot = cursor.slot.min(slots.saturating_sub(1));
        let n = sizes.get(slot).copied().unwrap_or(0);
        let order = display_order(shuffle, slot, n);
        let row = match action {
            Action::Left | Action::Right => {
                cursor.slot = step(slot, action == Action::Right, slots);
                cursor.row = self.chosen_row(*cursor, response, shuffle);
                return Ok(false);
            }
            other => match picked_row(cursor, other, n) {
                Some(row) => row,
                None => return Ok(false),
            },
        };
        let Some(option) = order.get(row) else {
            return Ok(false);
        };
        response.set_slot(slot, *option);
        if slot + 1 < slots {
            cursor.slot = slot + 1;
            cursor.row = self.chosen_row(*cursor, response, shuffle);
        } else {
            cursor.row = row;
        }
        Ok(true)
    }

    fn answer(
        &self,
        response: &Response,
        shuffle: &[Vec<usize>],
        cursor: Cursor,
        width: usize,
        theme: Theme,
    ) -> AnswerView {
        let slots = self.slots;
        let mut lines = Page::default();
        let mut cursor_line = 0;
        let answers = match response {
            Response::Fill(a) => a.clone(),
            _ => Vec::new(),
        };
        lines.push(Line::styled(
            "Complete the snippet: choose an option for each slot.",
            theme.dim(),
        ));
        let slot_span = |slot: usize| {
            let chosen = answers
                .get(slot)
                .copied()
                .flatten()
                .and_then(|a| slots.get(slot).and_then(|s| s.options.get(a)));
            let text = format!(
                "[{}: {}]",
                slot + 1,
                chosen.map_or("____".to_string(), |c| clean(c))
            );
            let style = if slot == cursor.slot {
                theme.cursor()
            } else if chosen.is_some() {
                theme.chosen()
            } else {
                theme.key()
            };
            let mut spans = Vec::new();
            if slot == cursor.slot {
                spans.push(Span::styled("▸", theme.key()));
            }
            spans.push(Span::styled(text, style));
            spans
        };
        let snippet_start = lines.len();
        lines.append(template_lines(self.template, width, theme, slot_span));
        let focused = lines.lines[snippet_start..]
            .iter()
            .position(|l| l.spans.iter().any(|s| s.content == "▸"))
            .map_or(snippet_start, |i| snippet_start + i);
        lines.push(Line::raw(""));
        let fill = Some(FillFocus {
            code: snippet_start..lines.len() - 1,
            // One line of context above the focused slot.
            slot_line: focused.saturating_sub(1).max(snippet_start),
            picker_start: lines.len(),
        });
        let slot = cursor.slot.min(slots.len().saturating_sub(1));
        if let Some(current) = slots.get(slot) {
            lines.push(Line::styled(
                format!("Slot {} of {}: choose an option", slot + 1, slots.len()),
                theme.title(),
            ));
            let chosen = answers.get(slot).copied().flatten();
            let order = display_order(shuffle, slot, current.options.len());
            for (row, i) in order.into_iter().enumerate() {
                let Some(option) = current.options.get(i) else {
                    continue;
                };
                let on = row == cursor.row;
                let (arrow, style) = row_marks(on, theme);
                if on {
                    cursor_line = lines.len();
                }
                let mark = if chosen == Some(i) {
                    Span::styled("(•)", theme.chosen())
                } else {
                    Span::raw("( )")
                };
                let prefix = vec![
                    arrow,
                    Span::styled(label(row), theme.key()),
                    Span::raw(" "),
                    mark,
                    Span::raw(" "),
                ];
                lines.append(prose::plain_after(
                    prefix,
                    option,
                    width,
                    theme,
                    style.patch(theme.code()),
                ));
            }
        }
        AnswerView {
            lines,
            cursor_line,
            fill,
        }
    }

    fn marked(
        &self,
        response: Option<&Response>,
        _shuffle: &[Vec<usize>],
        width: usize,
        theme: Theme,
    ) -> Page {
        let slots = self.slots;
        let mut lines = Page::default();
        let answers = match response {
            Some(Response::Fill(a)) => a.clone(),
            _ => Vec::new(),
        };
        let filled = |slot: usize| {
            let Some(s) = slots.get(slot) else {
                return vec![Span::raw("[?]")];
            };
            let yours = answers.get(slot).copied().flatten();
            let right = s.options.get(s.answer).map_or("", String::as_str);
            let mut spans = vec![Span::raw(format!("[{}: ", slot + 1))];
            match yours.and_then(|y| s.options.get(y)) {
                Some(text) if yours == Some(s.answer) => {
                    spans.push(Span::styled(clean(text), theme.good()));
                    spans.push(Span::raw(" "));
                    spans.push(tick(true, theme));
                }
                other => {
                    spans.push(Span::styled(
                        clean(other.map_or("___", String::as_str)),
                        theme.bad(),
                    ));
                    spans.push(Span::raw(" "));
                    spans.push(tick(false, theme));
                    spans.push(Span::styled(format!(" {}", clean(right)), theme.good()));
                }
            }
            spans.push(Span::raw("]"));
            spans
        };
        lines.append(template_lines(self.template, width, theme, filled));
        lines.push(Line::raw(""));
        for (n, slot) in slots.iter().enumerate() {
            let yours = answers.get(n).copied().flatten();
            let right = slot.options.get(slot.answer).map_or("", String::as_str);
            let text = match yours.and_then(|y| slot.options.get(y)) {
                Some(y) if yours == Some(slot.answer) => y.clone(),
                Some(y) => format!("you chose {y}, right is {right}"),
                None => format!("no choice, right is {right}"),
            };
            let prefix = vec![
                Span::raw("  "),
                tick(yours == Some(slot.answer), theme),
                Span::raw(format!(" Slot {}: ", n + 1)),
            ];
            lines.append(prose::plain_after(
                prefix,
                &text,
                width,
                theme,
                theme.text(),
            ));
            lines.append(why(&slot.why, 6, width, theme));
        }
        lines
    }
}
