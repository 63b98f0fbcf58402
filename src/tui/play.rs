//! A session in play: the engine's session plus what the question screen needs (the cursor,
//! scroll positions, the grid and the scenario), and how keys change them.

use chrono::{DateTime, Utc};

use super::app::{ScrollRange, scrolled};
use super::keymap::{Action, Keys};
use super::kinds::kind_of;
pub use super::kinds::{Cursor, display_order};
use super::scenario::ScenarioView;
use crate::attempt::Mode;
use crate::bank::{Bank, CaseStudy, Question};
use crate::history::{SessionClaim, Store};
use crate::response::Response;
use crate::session::{Crossing, Item, Refusal, Session};

/// Cells per row of the review grid.
pub const GRID_COLUMNS: usize = 10;

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
    /// Where the reader is in the case study's scenario (kept while the question is in
    /// view: a wide terminal shows both).
    pub scenario: ScenarioView,
}

/// What the session screen shows, one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlayView {
    /// The question in view (scrolled by [`Play::scroll`]).
    #[default]
    Question,
    /// The case study's scenario has the keys: over the question on a narrow terminal,
    /// beside it on a wide one (where it is in [`Play::scenario`]).
    Scenario,
    /// The review grid, its cursor on this question's cell.
    Grid(usize),
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
            scenario: ScenarioView::default(),
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

    /// The case study of the question in view, as it was when the session drew it.
    pub fn case_study<'a>(&'a self, bank: &'a Bank) -> Option<&'a CaseStudy> {
        let id = self.question(bank)?.case_study.as_deref()?;
        self.session.case_study(id, bank)
    }

    /// Whether the item in view is a drill answer already checked.
    pub fn revealed(&self) -> bool {
        self.item().is_some_and(|i| i.revealed)
    }

    /// The running drill tally: answers checked with every point, and with points missed.
    pub fn tally(&self, bank: &Bank) -> (usize, usize) {
        let mut tally = (0, 0);
        for item in self.session.items.iter().filter(|i| i.revealed) {
            let full = item.question(bank).is_some_and(|q| {
                crate::scoring::points(q.body(), item.response.as_ref()).is_full()
            });
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
                let body = self.question(bank).map(crate::bank::Question::body);
                matches!((&item.response, body), (Some(r), Some(b)) if r.is_complete(b))
            })
    }

    /// Handles a key's action; `limit` is how far the open page can scroll, as last drawn.
    pub fn on_key(
        &mut self,
        bank: &Bank,
        keys: &Keys,
        key: Action,
        now: DateTime<Utc>,
        limit: ScrollRange,
    ) -> Outcome {
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
            Action::Next => return self.next(bank, keys, now),
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
                    self.view = PlayView::Scenario;
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
                Action::Select => self.next(bank, keys, now),
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
            .unwrap_or_else(|| Response::empty_for(question.body()));
        let shuffle = item.shuffle.clone();
        let changed = kind_of(question.body()).act(key, &mut self.cursor, &shuffle, &mut response);
        match changed {
            Ok(true) => self.answer(&question, response, now),
            Ok(false) => Outcome::Nothing,
            Err(message) => Outcome::Status(message),
        }
    }

    fn answer(&mut self, question: &Question, response: Response, now: DateTime<Utc>) -> Outcome {
        let complete = response.is_complete(question.body());
        match self.session.answer(question, response, now) {
            Ok(()) => {
                // A one-pick answer is checked at once; a multi-part one waits for `n`, so
                // its parts can still be changed once all are given.
                if self.session.mode == Mode::Drill
                    && complete
                    && kind_of(question.body()).checked_on_pick()
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

    fn next(&mut self, bank: &Bank, keys: &Keys, now: DateTime<Utc>) -> Outcome {
        if let Some(i) = self.session.next_open() {
            return self.go(i, now);
        }
        if self.session.mode == Mode::Drill {
            let open = self.session.items.iter().filter(|i| !i.revealed).count();
            if open == 0 {
                return Outcome::Finish;
            }
            return Outcome::Status(format!(
                "{open} still unanswered: {} to go back, {} to finish now.",
                keys.label(Action::Prev),
                keys.label(Action::Submit)
            ));
        }
        let unanswered = self.session.counts(bank).unanswered;
        Outcome::Status(format!(
            "Last question ({unanswered} unanswered): {} for the review grid, {} to submit.",
            keys.label(Action::Grid),
            keys.label(Action::Submit)
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
}
