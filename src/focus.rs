//! What to study next: the questions a focused drill (or an export) takes, chosen from
//! history and the user's bookmarks — due for review, missed lately, flagged and not yet
//! answered right, bookmarked, or named one by one.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::attempt::Attempt;
use crate::bank::Bank;
use crate::history::Ledger;
use crate::marks::Marks;

/// How many recent attempts `--missed` looks at unless told.
pub const DEFAULT_MISSED_ATTEMPTS: usize = 5;

/// Which questions a focused drill takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Focus {
    /// Recall has fallen under the target retention (FSRS), most forgotten first.
    Due,
    /// Answered wrong or partly right in the last N finished attempts.
    Missed(usize),
    /// Flagged in some attempt and not answered right in any attempt since.
    Flagged,
    /// Bookmarked.
    Bookmarked,
    /// These questions, in this order.
    Ids(Vec<String>),
}

impl Focus {
    /// What the selection is, for headings and messages ("questions due for review").
    pub fn describe(&self) -> String {
        match self {
            Focus::Due => "questions due for review".into(),
            Focus::Missed(1) => "questions missed in the last attempt".into(),
            Focus::Missed(n) => format!("questions missed in the last {n} attempts"),
            Focus::Flagged => "flagged questions not answered right since".into(),
            Focus::Bookmarked => "bookmarked questions".into(),
            Focus::Ids(_) => "the questions named".into(),
        }
    }

    /// Why there is nothing to drill when it selects nothing ("no question is bookmarked").
    pub fn nothing(&self) -> String {
        match self {
            Focus::Due => "no question is due for review now".into(),
            Focus::Missed(1) => {
                "no question was answered wrong or partly right in the last attempt".into()
            }
            Focus::Missed(n) => {
                format!("no question was answered wrong or partly right in the last {n} attempts")
            }
            Focus::Flagged => "no flagged question is waiting for a right answer".into(),
            Focus::Bookmarked => "no question is bookmarked".into(),
            Focus::Ids(_) => "no question named".into(),
        }
    }

    /// The question ids it selects (most pressing first where there is an order), as of
    /// `now`, from the history in brief and `marks`.
    pub fn select(&self, history: &Ledger, marks: &Marks, now: DateTime<Utc>) -> Vec<String> {
        match self {
            Focus::Due => due_in(history, now),
            Focus::Missed(n) => missed_in(history, *n),
            Focus::Flagged => flagged_in(history),
            Focus::Bookmarked => marks.bookmarked().into_iter().map(String::from).collect(),
            Focus::Ids(ids) => {
                let mut seen = HashSet::new();
                ids.iter().filter(|id| seen.insert(*id)).cloned().collect()
            }
        }
    }
}

/// The questions due at `now` (recall under the target retention), most forgotten first.
pub fn due(attempts: &[Attempt], now: DateTime<Utc>) -> Vec<String> {
    due_in(&Ledger::from_attempts(attempts), now)
}

/// [`due`] from the history in brief.
pub fn due_in(history: &Ledger, now: DateTime<Utc>) -> Vec<String> {
    history
        .memory()
        .due(now)
        .into_iter()
        .map(String::from)
        .collect()
}

/// The questions answered wrong or partly right in the last `n` finished attempts (left
/// unanswered is not an answer), newest attempt first.
pub fn missed(attempts: &[Attempt], n: usize) -> Vec<String> {
    missed_in(&Ledger::from_attempts(attempts), n)
}

/// [`missed`] from the history in brief.
pub fn missed_in(history: &Ledger, n: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    history
        .attempts()
        .iter()
        .rev()
        .take(n)
        .flat_map(|a| &a.items)
        .filter(|i| i.answered && !i.points.is_full())
        .filter(|i| seen.insert(i.question))
        .map(|i| history.name(i.question).to_string())
        .collect()
}

/// The questions flagged in some attempt and not answered right in any later attempt, the
/// most recently flagged first.
pub fn flagged(attempts: &[Attempt]) -> Vec<String> {
    flagged_in(&Ledger::from_attempts(attempts))
}

/// [`flagged`] from the history in brief.
pub fn flagged_in(history: &Ledger) -> Vec<String> {
    // Per question: when it was last flagged, and when it was last answered fully right.
    let mut last_flag: HashMap<&str, DateTime<Utc>> = HashMap::new();
    let mut last_right: HashMap<&str, DateTime<Utc>> = HashMap::new();
    for attempt in history.attempts() {
        for item in &attempt.items {
            let id = history.name(item.question);
            if item.flagged {
                let at = last_flag.entry(id).or_insert(attempt.finished_at);
                *at = (*at).max(attempt.finished_at);
            }
            if item.answered && item.points.is_full() {
                let at = last_right.entry(id).or_insert(attempt.finished_at);
                *at = (*at).max(attempt.finished_at);
            }
        }
    }
    let mut open: Vec<(&str, DateTime<Utc>)> = last_flag
        .into_iter()
        .filter(|(id, flagged)| last_right.get(id).is_none_or(|right| right <= flagged))
        .collect();
    open.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    open.into_iter().map(|(id, _)| id.to_string()).collect()
}

/// The ids of `ids` the bank does not hold.
pub fn unknown<'a>(bank: &Bank, ids: &'a [String]) -> Vec<&'a str> {
    ids.iter()
        .filter(|id| bank.question(id).is_none())
        .map(String::as_str)
        .collect()
}
