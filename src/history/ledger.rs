//! The history in brief: what start-up, statistics, readiness and the draw need of every
//! finished attempt, without the question snapshots and responses that only review needs.
//!
//! A ledger holds one row per attempt (oldest first), one small row per question asked, and the
//! state of every question the rows lead to: the FSRS memory model and when each question was
//! last seen. That state comes from one replay of the answers in time order, kept up to date as
//! attempts are added, so nothing replays the whole history again: the statistics, the readiness
//! estimate and the draw all read it. A ledger is built from attempts alone, so it can always be
//! rebuilt; it is what the history index (`cache/history.postcard`) holds.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::attempt::{Attempt, Mode};
use crate::memory::{Grade, Memory};
use crate::sampler::{Familiarity, Seen};
use crate::scoring::Points;

/// One finished attempt, in brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptRow {
    /// The attempt id.
    pub id: String,
    /// The kind of practice.
    pub mode: Mode,
    /// When it was submitted.
    pub finished_at: DateTime<Utc>,
    /// Active seconds spent.
    pub seconds_used: u32,
    /// Points earned out of possible.
    pub points: Points,
    /// The score out of 1000.
    pub scaled: u32,
    /// Whether it reached 700.
    pub passed: bool,
    /// Every question asked, in the order shown.
    pub items: Vec<ItemRow>,
}

impl AttemptRow {
    /// How many of its questions were answered.
    pub fn answered(&self) -> usize {
        self.items.iter().filter(|i| i.answered).count()
    }
}

/// One question of an attempt, in brief. Ids are numbers into the ledger's table of names
/// ([`Ledger::name`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ItemRow {
    /// The question id's number.
    pub question: u32,
    /// The domain id's number.
    pub domain: u32,
    /// The skill id's number.
    pub skill: u32,
    /// The topic id's number, from the snapshot of the question as asked (`None` for a file
    /// without snapshots: the bank's question then tells).
    pub topic: Option<u32>,
    /// Points earned out of possible.
    pub points: Points,
    /// Whether an answer was given.
    pub answered: bool,
    /// Whether it was marked for review.
    pub flagged: bool,
    /// For an answer to a question answered before: the memory model's recall of it at the
    /// moment it was answered (what readiness learns the weight of memory from).
    pub recall_before: Option<f64>,
}

impl ItemRow {
    /// The grade of the answer, if it was one the memory model counts.
    pub fn grade(&self) -> Option<Grade> {
        if self.answered {
            Grade::of(self.points)
        } else {
            None
        }
    }
}

/// The history in brief, with the state of every question it leads to.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Ledger {
    /// Question, domain and skill ids, each once.
    names: Vec<String>,
    /// The attempts, oldest first (by submission time, then id).
    attempts: Vec<AttemptRow>,
    /// The memory model after every answer.
    memory: Memory,
    /// When each question was last asked, and whether that answer missed points.
    seen: Familiarity,
    /// The number of each name (rebuilt after loading).
    #[serde(skip)]
    numbers: HashMap<String, u32>,
    /// The ids of the attempts (rebuilt after loading).
    #[serde(skip)]
    ids: HashSet<String>,
}

impl PartialEq for Ledger {
    /// Equal when they hold the same rows and question state (the lookups are not compared).
    fn eq(&self, other: &Ledger) -> bool {
        self.names == other.names
            && self.attempts == other.attempts
            && self.memory == other.memory
            && self.seen == other.seen
    }
}

impl Ledger {
    /// The ledger of attempts (in any order).
    pub fn from_attempts(attempts: &[Attempt]) -> Ledger {
        let mut ledger = Ledger::default();
        for attempt in attempts {
            ledger.add(attempt);
        }
        ledger
    }

    /// Adds an attempt; one whose id is already there is left out (a record counts once).
    /// Returns whether it was added. An attempt later than all the others costs only its own
    /// answers; an earlier one replays the questions' state from the rows.
    pub fn add(&mut self, attempt: &Attempt) -> bool {
        self.index_lookups();
        if !self.ids.insert(attempt.id.clone()) {
            return false;
        }
        let items = attempt
            .items
            .iter()
            .map(|item| ItemRow {
                question: self.number(&item.question_id),
                domain: self.number(&item.domain),
                skill: self.number(&item.skill),
                topic: item.question.as_ref().map(|q| self.number(&q.topic)),
                points: item.points,
                answered: item.is_answered(),
                flagged: item.flagged,
                recall_before: None,
            })
            .collect();
        let row = AttemptRow {
            id: attempt.id.clone(),
            mode: attempt.mode,
            finished_at: attempt.finished_at,
            seconds_used: attempt.seconds_used,
            points: attempt.points,
            scaled: attempt.scaled,
            passed: attempt.passed,
            items,
        };
        let key = |a: &AttemptRow| (a.finished_at, a.id.clone());
        let at = self.attempts.partition_point(|a| key(a) < key(&row));
        self.attempts.insert(at, row);
        if at + 1 == self.attempts.len() {
            self.replay_from(at);
        } else {
            self.memory = Memory::default();
            self.seen = Familiarity::new();
            self.replay_from(0);
        }
        true
    }

    /// Applies the attempts from index `from` on to the questions' state, in order.
    fn replay_from(&mut self, from: usize) {
        let Ledger {
            names,
            attempts,
            memory,
            seen,
            ..
        } = self;
        for attempt in &mut attempts[from..] {
            let at = attempt.finished_at;
            for item in &mut attempt.items {
                let question = names[item.question as usize].as_str();
                // Later attempts replace what earlier ones said, ties included.
                match seen.get_mut(question) {
                    Some(old) if old.last_seen > at => {}
                    Some(old) => {
                        *old = Seen {
                            last_seen: at,
                            due: !item.points.is_full(),
                        }
                    }
                    None => {
                        seen.insert(
                            question.to_string(),
                            Seen {
                                last_seen: at,
                                due: !item.points.is_full(),
                            },
                        );
                    }
                }
                item.recall_before = None;
                if let Some(grade) = item.grade() {
                    item.recall_before = memory.recall(question, at);
                    memory.review(question, at, grade);
                }
            }
        }
    }

    /// The number of a name, added to the table if new.
    fn number(&mut self, name: &str) -> u32 {
        if let Some(n) = self.numbers.get(name) {
            return *n;
        }
        let n = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.to_string());
        self.numbers.insert(name.to_string(), n);
        n
    }

    /// Rebuilds the lookups of names and ids after loading (they are not stored).
    fn index_lookups(&mut self) {
        if self.numbers.len() != self.names.len() {
            self.numbers = self
                .names
                .iter()
                .enumerate()
                .map(|(n, name)| (name.clone(), u32::try_from(n).unwrap_or(u32::MAX)))
                .collect();
        }
        if self.ids.len() != self.attempts.len() {
            self.ids = self.attempts.iter().map(|a| a.id.clone()).collect();
        }
    }

    /// The name with this number (empty for a number the ledger never gave).
    pub fn name(&self, number: u32) -> &str {
        self.names.get(number as usize).map_or("", String::as_str)
    }

    /// The number of a name, if the ledger has it.
    pub fn find(&self, name: &str) -> Option<u32> {
        self.names.iter().position(|n| n == name).map(|n| n as u32)
    }

    /// The attempts, oldest first.
    pub fn attempts(&self) -> &[AttemptRow] {
        &self.attempts
    }

    /// The memory model after every answer.
    pub fn memory(&self) -> &Memory {
        &self.memory
    }

    /// When each question was last asked, and whether that answer missed points.
    pub fn familiarity(&self) -> &Familiarity {
        &self.seen
    }

    /// The user's past with each question as of `now`: when last seen, and whether it is due
    /// for review by the memory model (recall under the target retention).
    pub fn familiarity_at(&self, now: DateTime<Utc>) -> Familiarity {
        let mut known = self.seen.clone();
        for (id, seen) in &mut known {
            seen.due = self.memory.is_due(id, now);
        }
        known
    }

    /// Whether the ledger has no attempt.
    pub fn is_empty(&self) -> bool {
        self.attempts.is_empty()
    }

    /// How many attempts it holds.
    pub fn len(&self) -> usize {
        self.attempts.len()
    }

    /// A digest of what the ledger holds: its rows (the questions' state follows from them),
    /// stable across runs and builds.
    pub fn digest(&self) -> Option<u64> {
        postcard::to_allocvec(&(&self.names, &self.attempts))
            .ok()
            .map(|bytes| crate::checksum::checksum(&bytes))
    }

    /// Whether it holds the attempt with this id.
    pub fn contains(&self, id: &str) -> bool {
        if self.ids.len() == self.attempts.len() {
            self.ids.contains(id)
        } else {
            self.attempts.iter().any(|a| a.id == id)
        }
    }
}
