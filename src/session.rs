//! The session engine: a pure state machine for one attempt in progress.
//!
//! It holds the questions drawn, the answers, flags and time spent, and the clock. Every method
//! that depends on time takes `now`, so tests drive it without sleeping. It is saved after
//! every answer and can be resumed with answers, flags, position and remaining time intact.
//!
//! An exam keeps two of the exam's one-way doors. Once you move past an item of a series
//! ("Solution: ... Does this meet the goal?") it is closed. The case study is a section at
//! the end: entering it closes every question before it. [`Session::crossing`] tells the
//! interface, before a move, what the move would close, so it can warn first.

use chrono::{DateTime, Duration, Utc};
use rand::seq::SliceRandom;
use rand::{SeedableRng, rngs::StdRng};
use serde::{Deserialize, Serialize};

use crate::attempt::{
    ATTEMPT_FORMAT, Attempt, AttemptItem, MAX_ITEMS, MAX_SECONDS, Mode, check_time, is_valid_id,
    new_id,
};
use crate::bank::{Bank, Body, CaseStudy, Question};
use crate::response::Response;
use crate::scoring::{self, Points};

/// The version of the session file format. Version 2 added random ids and the snapshot of
/// every question asked.
pub const SESSION_FORMAT: u32 = 2;

/// The most milliseconds a session or one of its questions may count ([`MAX_SECONDS`]).
const MAX_MILLIS: i64 = MAX_SECONDS as i64 * 1000;

/// One question of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The question id.
    pub question_id: String,
    /// Display order: one permutation of the options (or of steps and distractors), or one per
    /// fill slot; empty for yes/no.
    pub shuffle: Vec<Vec<usize>>,
    /// The answer so far.
    pub response: Option<Response>,
    /// Marked for review.
    pub flagged: bool,
    /// Milliseconds spent looking at it.
    pub millis: i64,
    /// Drill: the answer was checked and is now locked.
    pub revealed: bool,
    /// The question as it was asked (absent only in files of format 1).
    #[serde(default)]
    pub question: Option<Question>,
    /// Exam: it can no longer be shown or answered (a series item moved past, or a question
    /// before the case-study section once that was entered).
    #[serde(default)]
    pub closed: bool,
}

impl Item {
    /// The question as it was asked, or (for an old file without a snapshot) the bank's.
    pub fn question<'a>(&'a self, bank: &'a Bank) -> Option<&'a Question> {
        self.question
            .as_ref()
            .or_else(|| bank.question(&self.question_id))
    }
}

/// Why the engine refused a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The attempt is over (time ran out).
    TimeUp,
    /// Drill: this answer was already checked.
    Locked,
    /// The response does not fit the question.
    WrongShape,
}

/// A one-way door an exam move would pass through, which the interface confirms first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crossing {
    /// Leaving the series item in view closes it.
    LeaveSeriesItem,
    /// Entering the case-study section closes every question before it.
    EnterCaseStudy,
}

/// An attempt in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// The file format version, [`SESSION_FORMAT`].
    pub format: u32,
    /// The attempt id it will be saved under.
    pub id: String,
    /// The kind of practice.
    pub mode: Mode,
    /// The fingerprint of the bank the questions came from.
    pub bank_hash: String,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// The time limit in seconds, if timed.
    pub limit_seconds: Option<u32>,
    /// Active milliseconds before `running_since`.
    pub used_millis: i64,
    /// When the current run of the clock began (start or resume).
    pub running_since: DateTime<Utc>,
    /// When the question in view was opened.
    pub viewing_since: DateTime<Utc>,
    /// The index of the question in view.
    pub current: usize,
    /// The questions, in the order shown.
    pub items: Vec<Item>,
    /// The case studies its questions belong to, as they were when asked.
    #[serde(default)]
    pub case_studies: Vec<CaseStudy>,
    /// Exam: where the case-study section starts; it runs to the last question.
    #[serde(default)]
    pub section_start: Option<usize>,
}

impl Session {
    /// Starts a session over the given questions (ids not in the bank are dropped), shuffling
    /// each question's options with `seed`. Each question, and each case study one belongs
    /// to, is kept as asked; the session gets a new random id ([`new_id`]).
    pub fn start(
        mode: Mode,
        bank: &Bank,
        question_ids: &[String],
        limit_seconds: Option<u32>,
        seed: u64,
        now: DateTime<Utc>,
    ) -> Session {
        let mut rng = StdRng::seed_from_u64(seed);
        let items = question_ids
            .iter()
            .filter_map(|id| bank.question(id))
            .map(|q| Item {
                question_id: q.id.clone(),
                shuffle: shuffle_for(q.body(), &mut rng),
                response: None,
                flagged: false,
                millis: 0,
                revealed: false,
                question: Some(q.clone()),
                closed: false,
            })
            .collect::<Vec<_>>();
        // The exam's case study is a section when its questions close the attempt.
        let section_start = (mode == Mode::Exam)
            .then(|| {
                let in_case =
                    |i: &Item| i.question.as_ref().is_some_and(|q| q.case_study.is_some());
                let start = items.iter().position(in_case)?;
                (start > 0 && items[start..].iter().all(in_case)).then_some(start)
            })
            .flatten();
        let mut case_studies: Vec<CaseStudy> = Vec::new();
        for item in &items {
            let case = item.question.as_ref().and_then(|q| q.case_study.as_deref());
            if let Some(case) = case.and_then(|c| bank.case_study(c))
                && !case_studies.iter().any(|c| c.id == case.id)
            {
                case_studies.push(case.clone());
            }
        }
        Session {
            format: SESSION_FORMAT,
            id: new_id(now),
            mode,
            bank_hash: crate::bank::fingerprint(bank),
            started_at: now,
            limit_seconds,
            used_millis: 0,
            running_since: now,
            viewing_since: now,
            current: 0,
            items,
            case_studies,
            section_start,
        }
    }

    /// Checks what a file can get wrong that the types cannot: the id, the position, and
    /// every time within range.
    pub fn check(&self) -> Result<(), String> {
        if !is_valid_id(&self.id) {
            return Err("its id is not a valid session id".into());
        }
        if self.items.is_empty() || self.items.len() > MAX_ITEMS {
            return Err(format!("it must hold 1 to {MAX_ITEMS} questions"));
        }
        if self.current >= self.items.len() {
            return Err("its current question is past its last".into());
        }
        check_time("start", self.started_at)?;
        check_time("clock start", self.running_since)?;
        check_time("view start", self.viewing_since)?;
        if self
            .section_start
            .is_some_and(|s| s == 0 || s >= self.items.len())
        {
            return Err("its case-study section starts outside its questions".into());
        }
        if self.items.get(self.current).is_some_and(|i| i.closed) {
            return Err("its current question is closed".into());
        }
        if self.limit_seconds.is_some_and(|l| l > MAX_SECONDS) {
            return Err("its time limit is more than 31 days".into());
        }
        let millis = std::iter::once(self.used_millis).chain(self.items.iter().map(|i| i.millis));
        for m in millis {
            if !(0..=MAX_MILLIS).contains(&m) {
                return Err(format!("it counts {m} ms, outside 0 to 31 days"));
            }
        }
        if self
            .items
            .iter()
            .any(|i| i.question.as_ref().is_some_and(|q| q.id != i.question_id))
        {
            return Err("a question snapshot does not match its id".into());
        }
        Ok(())
    }

    /// The case study with this id, as it was when asked, or (old files) the bank's.
    pub fn case_study<'a>(&'a self, id: &str, bank: &'a Bank) -> Option<&'a CaseStudy> {
        self.case_studies
            .iter()
            .find(|c| c.id == id)
            .or_else(|| bank.case_study(id))
    }

    /// Active time spent so far.
    pub fn elapsed(&self, now: DateTime<Utc>) -> Duration {
        let used =
            Duration::try_milliseconds(self.used_millis.clamp(0, MAX_MILLIS)).unwrap_or_default();
        used.checked_add(&(now - self.running_since).max(Duration::zero()))
            .unwrap_or(Duration::MAX)
    }

    /// Time left, if timed (never negative).
    pub fn remaining(&self, now: DateTime<Utc>) -> Option<Duration> {
        self.limit_seconds.map(|limit| {
            Duration::seconds(i64::from(limit))
                .checked_sub(&self.elapsed(now))
                .unwrap_or_default()
                .max(Duration::zero())
        })
    }

    /// Whether a timed session has run out of time.
    pub fn is_time_up(&self, now: DateTime<Utc>) -> bool {
        self.remaining(now).is_some_and(|r| r.is_zero())
    }

    /// The item in view.
    pub fn current_item(&self) -> Option<&Item> {
        self.items.get(self.current)
    }

    /// Replaces the answer to the question in view.
    pub fn answer(
        &mut self,
        question: &Question,
        response: Response,
        now: DateTime<Utc>,
    ) -> Result<(), Refusal> {
        if self.is_time_up(now) {
            return Err(Refusal::TimeUp);
        }
        let item = self
            .items
            .get_mut(self.current)
            .ok_or(Refusal::WrongShape)?;
        if item.revealed || item.closed {
            return Err(Refusal::Locked);
        }
        if std::mem::discriminant(&Response::empty_for(question.body()))
            != std::mem::discriminant(&response)
            || item.question_id != question.id
        {
            return Err(Refusal::WrongShape);
        }
        item.response = Some(response);
        Ok(())
    }

    /// Drill: checks the answer in view and locks it, so its verdict and explanation can show.
    pub fn reveal(&mut self, now: DateTime<Utc>) -> Result<(), Refusal> {
        if self.is_time_up(now) {
            return Err(Refusal::TimeUp);
        }
        let item = self
            .items
            .get_mut(self.current)
            .ok_or(Refusal::WrongShape)?;
        item.revealed = true;
        Ok(())
    }

    /// Marks or unmarks the question in view for review.
    pub fn toggle_flag(&mut self) {
        if let Some(item) = self.items.get_mut(self.current) {
            item.flagged = !item.flagged;
        }
    }

    /// Whether question `index` can no longer be shown.
    pub fn is_closed(&self, index: usize) -> bool {
        self.items.get(index).is_some_and(|i| i.closed)
    }

    /// Whether the case-study section has been entered.
    pub fn in_section(&self) -> bool {
        self.section_start.is_some_and(|s| self.current >= s)
    }

    /// What moving to question `index` would close, for the interface to confirm first.
    pub fn crossing(&self, index: usize) -> Option<Crossing> {
        if index >= self.items.len() || index == self.current || self.is_closed(index) {
            return None;
        }
        if self
            .section_start
            .is_some_and(|s| self.current < s && index >= s)
        {
            return Some(Crossing::EnterCaseStudy);
        }
        let in_series = self
            .current_item()
            .and_then(|i| i.question.as_ref())
            .is_some_and(|q| q.series.is_some());
        (self.mode == Mode::Exam && in_series).then_some(Crossing::LeaveSeriesItem)
    }

    /// Shows question `index`, charging the time spent to the one that was in view. A closed
    /// question is not shown. The move closes what [`Session::crossing`] says it would.
    pub fn go_to(&mut self, index: usize, now: DateTime<Utc>) {
        if index >= self.items.len() || index == self.current || self.is_closed(index) {
            return;
        }
        match self.crossing(index) {
            Some(Crossing::EnterCaseStudy) => {
                let start = self.section_start.unwrap_or(index);
                for item in &mut self.items[..start] {
                    item.closed = true;
                }
            }
            Some(Crossing::LeaveSeriesItem) => {
                if let Some(item) = self.items.get_mut(self.current) {
                    item.closed = true;
                }
            }
            None => {}
        }
        self.charge_view(now);
        self.current = index;
    }

    /// Shows the next question that is not closed, if any.
    pub fn next(&mut self, now: DateTime<Utc>) {
        if let Some(i) = self.next_open() {
            self.go_to(i, now);
        }
    }

    /// Shows the previous question that is not closed, if any.
    pub fn previous(&mut self, now: DateTime<Utc>) {
        if let Some(i) = self.previous_open() {
            self.go_to(i, now);
        }
    }

    /// The index of the next question that is not closed.
    pub fn next_open(&self) -> Option<usize> {
        (self.current + 1..self.items.len()).find(|i| !self.is_closed(*i))
    }

    /// The index of the previous question that is not closed.
    pub fn previous_open(&self) -> Option<usize> {
        (0..self.current).rev().find(|i| !self.is_closed(*i))
    }

    /// Folds the running clock into the stored totals, as before saving: the saved file then
    /// holds the time used up to `now`. Calling it changes nothing a user sees.
    pub fn checkpoint(&mut self, now: DateTime<Utc>) {
        self.charge_view(now);
        self.used_millis = self.elapsed(now).num_milliseconds().clamp(0, MAX_MILLIS);
        self.running_since = now;
    }

    /// Restarts the clock after the session was loaded from disk: the time it sat saved is
    /// not counted.
    pub fn resume(&mut self, now: DateTime<Utc>) {
        self.running_since = now;
        self.viewing_since = now;
    }

    /// How many questions are answered completely, started, and flagged.
    pub fn counts(&self, bank: &Bank) -> Counts {
        let mut counts = Counts::default();
        for item in &self.items {
            let body = item.question(bank).map(Question::body);
            match (&item.response, body) {
                (Some(r), Some(b)) if r.is_complete(b) => counts.answered += 1,
                (Some(r), _) if r.is_started() => counts.partial += 1,
                _ => {}
            }
            counts.flagged += usize::from(item.flagged);
        }
        counts.unanswered = self.items.len() - counts.answered;
        counts
    }

    /// Submits the attempt: scores every question as it was asked and returns the record to
    /// store. `bank` serves only old sessions without snapshots.
    pub fn finish(mut self, bank: &Bank, now: DateTime<Utc>) -> Attempt {
        self.checkpoint(now);
        let timed_out = self.is_time_up(now);
        let used = match self.limit_seconds {
            Some(limit) => self.used_millis.min(i64::from(limit).saturating_mul(1000)),
            None => self.used_millis,
        };
        let mut total = Points::default();
        let items: Vec<AttemptItem> = self
            .items
            .into_iter()
            .filter_map(|item| {
                let q = item.question(bank)?.clone();
                let points = scoring::points(q.body(), item.response.as_ref());
                total += points;
                Some(AttemptItem {
                    question_id: item.question_id,
                    domain: q.domain.clone(),
                    skill: q.skill.clone(),
                    response: item.response,
                    points,
                    seconds: millis_to_seconds(item.millis),
                    flagged: item.flagged,
                    shuffle: item.shuffle,
                    question: Some(std::sync::Arc::new(q)),
                })
            })
            .collect();
        let scaled = scoring::scaled(total);
        Attempt {
            format: ATTEMPT_FORMAT,
            id: self.id,
            mode: self.mode,
            started_at: self.started_at,
            finished_at: now,
            seconds_used: millis_to_seconds(used),
            limit_seconds: self.limit_seconds,
            timed_out,
            bank_hash: self.bank_hash,
            points: total,
            scaled,
            passed: scoring::passes(scaled),
            items,
            case_studies: self.case_studies,
        }
    }

    fn charge_view(&mut self, now: DateTime<Utc>) {
        let spent = (now - self.viewing_since).num_milliseconds().max(0);
        if let Some(item) = self.items.get_mut(self.current) {
            item.millis = item.millis.saturating_add(spent).clamp(0, MAX_MILLIS);
        }
        self.viewing_since = now;
    }
}

/// The review grid's tallies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Answered completely.
    pub answered: usize,
    /// Not answered completely (partial answers included).
    pub unanswered: usize,
    /// Started but not complete.
    pub partial: usize,
    /// Marked for review.
    pub flagged: usize,
}

fn millis_to_seconds(millis: i64) -> u32 {
    u32::try_from(millis.clamp(0, MAX_MILLIS).saturating_add(500) / 1000).unwrap_or(MAX_SECONDS)
}

fn shuffle_for(body: &Body, rng: &mut StdRng) -> Vec<Vec<usize>> {
    let permutation = |n: usize, rng: &mut StdRng| {
        let mut p: Vec<usize> = (0..n).collect();
        p.shuffle(rng);
        p
    };
    match body {
        Body::Single { options } | Body::Multiple { options } => {
            vec![permutation(options.len(), rng)]
        }
        Body::Order { steps, distractors } => {
            vec![permutation(steps.len() + distractors.len(), rng)]
        }
        Body::YesNo { .. } => Vec::new(),
        Body::Fill { slots, .. } => slots
            .iter()
            .map(|s| permutation(s.options.len(), rng))
            .collect(),
    }
}
