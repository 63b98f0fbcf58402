//! A session in play: the engine's session plus what the question screen needs (the cursor,
//! scroll positions, the grid and the scenario), and how keys change them.

use chrono::{DateTime, Utc};

use super::app::{ScrollRange, scrolled};
use super::keymap::Action;
use crate::attempt::Mode;
use crate::bank::{Bank, Body, Question};
use crate::history::{SessionClaim, Store};
use crate::response::Response;
use crate::session::{Crossing, Item, Refusal, Session};

/// Cells per row of the review grid.
pub const GRID_COLUMNS: usize = 10;

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

/// What a key did, for the app to act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Only the view changed (or nothing).
    Nothing,
    /// The session changed: save it.
    Changed,
    /// Tell the user something.
    Status(String),
    /// Ask whether to submit.
    AskSubmit,
    /// Ask whether to leave.
    AskQuit,
    /// Ask before a move that closes questions (exam: past a series item, into the case
    /// study); the move goes to this question.
    AskMove(Crossing, usize),
    /// Submit now (drill finished, or time ran out).
    Finish,
}

/// A session being played.
#[derive(Debug)]
pub struct Play {
    /// The engine's session.
    pub session: Session,
    claim: Option<SessionClaim>,
    /// The cursor inside the question in view.
    pub cursor: Cursor,
    /// Lines the question (or, once a drill answer is shown, the whole page) is scrolled.
    pub scroll: u16,
    /// What the screen shows: the question, the scenario or the review grid.
    pub view: PlayView,
}

/// What the session screen shows, one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlayView {
    /// The question in view (scrolled by [`Play::scroll`]).
    #[default]
    Question,
    /// The case study's scenario, scrolled this many lines.
    Scenario(u16),
    /// The review grid, its cursor on this question's cell.
    Grid(usize),
}

/// The display order of the `k`th shuffle of `n` things: the stored permutation, or the
/// authored order if the stored one does not fit (a hand-edited or outdated session file).
pub fn display_order(shuffle: &[Vec<usize>], k: usize, n: usize) -> Vec<usize> {
    match shuffle.get(k) {
        Some(p) if p.len() == n && (0..n).all(|i| p.contains(&i)) => p.clone(),
        _ => (0..n).collect(),
    }
}

impl Play {
    /// Plays a session this process has claimed.
    pub fn new(session: Session, claim: SessionClaim) -> Play {
        Play {
            session,
            claim: Some(claim),
            cursor: Cursor::default(),
            scroll: 0,
            view: PlayView::Question,
        }
    }

    /// The session's claim, taken to finish it (the session file goes once the attempt is
    /// recorded).
    pub fn take_claim(&mut self) -> Option<SessionClaim> {
        self.claim.take()
    }

    /// Saves the session with the clock folded in.
    pub fn save(&mut self, store: &Store, now: DateTime<Utc>) -> std::io::Result<()> {
        self.session.checkpoint(now);
        match &self.claim {
            Some(claim) => store.save_session(claim, &self.session),
            None => Ok(()),
        }
    }

    /// The item in view.
    pub fn item(&self) -> Option<&Item> {
        self.session.current_item()
    }

    /// The question in view as it was asked (from the bank only for an old session file
    /// without snapshots).
    pub fn question<'a>(&'a self, bank: &'a Bank) -> Option<&'a Question> {
        self.item().and_then(|i| i.question(bank))
    }

    /// Whether the item in view is a drill answer already checked.
    pub fn revealed(&self) -> bool {
        self.item().is_some_and(|i| i.revealed)
    }

    /// The running drill tally: answers checked with every point, and with points missed.
    pub fn tally(&self, bank: &Bank) -> (usize, usize) {
        let mut tally = (0, 0);
        for item in self.session.items.iter().filter(|i| i.revealed) {
            let full = item
                .question(bank)
                .is_some_and(|q| crate::scoring::points(&q.body, item.response.as_ref()).is_full());
            if full {
                tally.0 += 1;
            } else {
                tally.1 += 1;
            }
        }
        tally
    }

    /// Drill: whether the question in view has a complete, unchecked answer that `n` checks.
    pub fn awaits_check(&self, bank: &Bank) -> bool {
        self.session.mode == Mode::Drill
            && !self.revealed()
            && self.item().is_some_and(|item| {
                let body = self.question(bank).map(|q| &q.body);
                matches!((&item.response, body), (Some(r), Some(b)) if r.is_complete(b))
            })
    }

    /// Handles a key's action; `limit` is how far the open page can scroll, as last drawn.
    pub fn on_key(
        &mut self,
        bank: &Bank,
        key: Action,
        now: DateTime<Utc>,
        limit: ScrollRange,
    ) -> Outcome {
        if let PlayView::Scenario(scroll) = &mut self.view {
            match key {
                Action::Scenario | Action::Back => self.view = PlayView::Question,
                Action::Quit | Action::Interrupt => return Outcome::AskQuit,
                other => *scroll = scrolled(*scroll, other, limit),
            }
            return Outcome::Nothing;
        }
        if let PlayView::Grid(cell) = self.view {
            return self.on_grid_key(cell, key, now);
        }
        match key {
            Action::Next if self.awaits_check(bank) => {
                return match self.session.reveal(now) {
                    Ok(()) => {
                        self.scroll = 0;
                        Outcome::Changed
                    }
                    Err(_) => Outcome::Finish,
                };
            }
            Action::Next => return self.next(bank, now),
            Action::Prev => {
                return match self.session.previous_open() {
                    Some(i) => self.go(i, now),
                    None => Outcome::Status("No open question before this one.".into()),
                };
            }
            Action::Flag => {
                self.session.toggle_flag();
                return Outcome::Changed;
            }
            Action::Grid => {
                self.view = PlayView::Grid(self.session.current);
                return Outcome::Nothing;
            }
            Action::Submit => return Outcome::AskSubmit,
            Action::Quit | Action::Interrupt => return Outcome::AskQuit,
            Action::Scenario => {
                return if self.question(bank).is_some_and(|q| q.case_study.is_some()) {
                    self.view = PlayView::Scenario(0);
                    Outcome::Nothing
                } else {
                    Outcome::Status("This question is not part of a case study.".into())
                };
            }
            Action::PageUp | Action::PageDown => {
                self.scroll = scrolled(self.scroll, key, limit);
                return Outcome::Nothing;
            }
            _ => {}
        }
        let Some(question) = self.question(bank).cloned() else {
            return Outcome::Nothing;
        };
        if self.revealed() {
            return match key {
                Action::Select => self.next(bank, now),
                Action::Up | Action::Down => {
                    self.scroll = scrolled(self.scroll, key, limit);
                    Outcome::Nothing
                }
                _ => Outcome::Nothing,
            };
        }
        let Some(item) = self.item() else {
            return Outcome::Nothing;
        };
        let mut response = item
            .response
            .clone()
            .unwrap_or_else(|| Response::empty_for(&question.body));
        let shuffle = item.shuffle.clone();
        let changed = match &question.body {
            Body::Single { options } => {
                self.choice_key(key, &shuffle, options.len(), 1, &mut response)
            }
            Body::Multiple { options } => {
                let limit = question.body.to_choose();
                self.choice_key(key, &shuffle, options.len(), limit, &mut response)
            }
            Body::Order { steps, distractors } => self.order_key(
                key,
                &shuffle,
                steps.len() + distractors.len(),
                &mut response,
            ),
            Body::YesNo { statements } => self.yesno_key(key, statements.len(), &mut response),
            Body::Fill { slots, .. } => {
                let sizes: Vec<usize> = slots.iter().map(|s| s.options.len()).collect();
                self.fill_key(key, &shuffle, &sizes, &mut response)
            }
        };
        match changed {
            Ok(true) => self.answer(&question, response, now),
            Ok(false) => Outcome::Nothing,
            Err(message) => Outcome::Status(message),
        }
    }

    fn answer(&mut self, question: &Question, response: Response, now: DateTime<Utc>) -> Outcome {
        let complete = response.is_complete(&question.body);
        match self.session.answer(question, response, now) {
            Ok(()) => {
                // A one-pick answer is checked at once; a multi-part one waits for `n`, so
                // its parts can still be changed once all are given.
                let one_pick = matches!(question.body, Body::Single { .. });
                if self.session.mode == Mode::Drill
                    && complete
                    && one_pick
                    && self.session.reveal(now).is_ok()
                {
                    self.scroll = 0;
                }
                Outcome::Changed
            }
            Err(Refusal::TimeUp) => Outcome::Finish,
            Err(Refusal::Locked) => Outcome::Nothing,
            Err(Refusal::WrongShape) => {
                Outcome::Status("That answer does not fit this question.".into())
            }
        }
    }

    fn next(&mut self, bank: &Bank, now: DateTime<Utc>) -> Outcome {
        if let Some(i) = self.session.next_open() {
            return self.go(i, now);
        }
        if self.session.mode == Mode::Drill {
            let open = self.session.items.iter().filter(|i| !i.revealed).count();
            if open == 0 {
                return Outcome::Finish;
            }
            return Outcome::Status(format!(
                "{open} still unanswered: p to go back, s to finish now."
            ));
        }
        let unanswered = self.session.counts(bank).unanswered;
        Outcome::Status(format!(
            "Last question ({unanswered} unanswered): g for the review grid, s to submit."
        ))
    }

    fn go(&mut self, index: usize, now: DateTime<Utc>) -> Outcome {
        if index >= self.session.items.len() || index == self.session.current {
            return Outcome::Nothing;
        }
        if self.session.is_closed(index) {
            return Outcome::Status("That question is closed: it cannot be revisited.".into());
        }
        if let Some(crossing) = self.session.crossing(index) {
            return Outcome::AskMove(crossing, index);
        }
        self.move_to(index, now)
    }

    /// Moves to question `index` after the user confirmed what the move closes.
    pub fn move_to(&mut self, index: usize, now: DateTime<Utc>) -> Outcome {
        self.session.go_to(index, now);
        self.cursor = Cursor::default();
        self.scroll = 0;
        self.view = PlayView::Question;
        Outcome::Changed
    }

    fn on_grid_key(&mut self, cell: usize, key: Action, now: DateTime<Utc>) -> Outcome {
        let last = self.session.items.len().saturating_sub(1);
        let cell = match key {
            Action::Left => cell.saturating_sub(1),
            Action::Right => (cell + 1).min(last),
            Action::Up => cell.saturating_sub(GRID_COLUMNS),
            Action::Down => (cell + GRID_COLUMNS).min(last),
            Action::Select => {
                self.view = PlayView::Question;
                return self.go(cell, now);
            }
            Action::Grid | Action::Quit | Action::Back => {
                self.view = PlayView::Question;
                return Outcome::Nothing;
            }
            Action::Interrupt => return Outcome::AskQuit,
            Action::Submit => return Outcome::AskSubmit,
            _ => cell,
        };
        self.view = PlayView::Grid(cell);
        Outcome::Nothing
    }

    /// Keys of `single` and `multiple`: move, and pick by cursor or number.
    fn choice_key(
        &mut self,
        key: Action,
        shuffle: &[Vec<usize>],
        n: usize,
        limit: usize,
        response: &mut Response,
    ) -> Result<bool, String> {
        let order = display_order(shuffle, 0, n);
        let Some(row) = self.picked_row(key, n) else {
            return Ok(false);
        };
        self.cursor.row = row;
        let Some(option) = order.get(row) else {
            return Ok(false);
        };
        if response.toggle_choice(*option, limit.max(1)) {
            Ok(true)
        } else {
            Err(format!(
                "Choose {limit}: unpick one before picking another."
            ))
        }
    }

    /// Keys of `order`: the pool of items (in display order) and the list being built.
    fn order_key(
        &mut self,
        key: Action,
        shuffle: &[Vec<usize>],
        n: usize,
        response: &mut Response,
    ) -> Result<bool, String> {
        let order = display_order(shuffle, 0, n);
        let placed = match response {
            Response::Order(list) => list.clone(),
            _ => Vec::new(),
        };
        let rows = if self.cursor.in_list { placed.len() } else { n };
        match key {
            Action::Left => {
                self.cursor.in_list = false;
                self.cursor.row = self.cursor.row.min(n.saturating_sub(1));
            }
            Action::Right => {
                if placed.is_empty() {
                    return Err("Place an item first: Enter adds the item under the cursor.".into());
                }
                self.cursor.in_list = true;
                self.cursor.row = self.cursor.row.min(placed.len() - 1);
            }
            Action::Up | Action::Down => {
                self.cursor.row = step(self.cursor.row, key == Action::Down, rows);
            }
            Action::MoveUp | Action::MoveDown if self.cursor.in_list => {
                let up = key == Action::MoveUp;
                let row = self.cursor.row;
                let target = if up {
                    row.checked_sub(1)
                } else {
                    Some(row + 1)
                };
                if let Some(target) = target.filter(|t| *t < placed.len()) {
                    response.move_in_order(row, up);
                    self.cursor.row = target;
                    return Ok(true);
                }
            }
            Action::MoveUp | Action::MoveDown => {
                return Err("Switch to your order with → to move items.".into());
            }
            Action::Select | Action::Remove if self.cursor.in_list => {
                if let Some(item) = placed.get(self.cursor.row) {
                    response.toggle_in_order(*item);
                    if self.cursor.row + 1 >= placed.len() {
                        self.cursor.row = self.cursor.row.saturating_sub(1);
                    }
                    if placed.len() == 1 {
                        self.cursor.in_list = false;
                        self.cursor.row = 0;
                    }
                    return Ok(true);
                }
            }
            Action::Select => {
                if let Some(item) = order.get(self.cursor.row) {
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

    /// Keys of `yesno`: a row per statement, yes on the left, no on the right.
    fn yesno_key(
        &mut self,
        key: Action,
        n: usize,
        response: &mut Response,
    ) -> Result<bool, String> {
        let row = self.cursor.row.min(n.saturating_sub(1));
        let current = match response {
            Response::YesNo(a) => a.get(row).copied().flatten(),
            _ => None,
        };
        let yes = match key {
            Action::Up | Action::Down => {
                self.cursor.row = step(row, key == Action::Down, n);
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

    /// Keys of `fill`: ←→ between slots, ↑↓ between the current slot's options.
    fn fill_key(
        &mut self,
        key: Action,
        shuffle: &[Vec<usize>],
        sizes: &[usize],
        response: &mut Response,
    ) -> Result<bool, String> {
        let slots = sizes.len();
        let slot = self.cursor.slot.min(slots.saturating_sub(1));
        let n = sizes.get(slot).copied().unwrap_or(0);
        let order = display_order(shuffle, slot, n);
        let row = match key {
            Action::Left | Action::Right => {
                self.cursor.slot = step(slot, key == Action::Right, slots);
                self.cursor.row = self.chosen_row(response, shuffle, sizes);
                return Ok(false);
            }
            other => match self.picked_row(other, n) {
                Some(row) => row,
                None => return Ok(false),
            },
        };
        let Some(option) = order.get(row) else {
            return Ok(false);
        };
        response.set_slot(slot, *option);
        if slot + 1 < slots {
            self.cursor.slot = slot + 1;
            self.cursor.row = self.chosen_row(response, shuffle, sizes);
        } else {
            self.cursor.row = row;
        }
        Ok(true)
    }

    /// The row a key picks in a list of `n` options: the cursor's row for Enter/Space, the
    /// row of a pick key; ↑↓ only move the cursor and pick nothing.
    fn picked_row(&mut self, key: Action, n: usize) -> Option<usize> {
        match key {
            Action::Up | Action::Down => {
                self.cursor.row = step(self.cursor.row, key == Action::Down, n);
                None
            }
            Action::Select => Some(self.cursor.row),
            Action::Pick(i) => Some(i).filter(|i| *i < n),
            _ => None,
        }
    }

    /// The display row of the option chosen for the cursor's slot, or 0.
    fn chosen_row(&self, response: &Response, shuffle: &[Vec<usize>], sizes: &[usize]) -> usize {
        let slot = self.cursor.slot;
        let n = sizes.get(slot).copied().unwrap_or(0);
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

/// One step up or down a list of `n` rows, staying inside it.
fn step(row: usize, down: bool, n: usize) -> usize {
    if down {
        (row + 1).min(n.saturating_sub(1))
    } else {
        row.saturating_sub(1)
    }
}
