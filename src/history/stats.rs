//! What history says about the user: score trend, accuracy by domain and skill, streak, the
//! questions due for review, and a readiness estimate.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use crate::attempt::{Attempt, Mode};
use crate::bank::Bank;
use crate::history::ledger::{ItemRow, Ledger};
use crate::readiness::{self, Outlook};
use crate::sampler::{Familiarity, Seen};
use crate::scoring::Points;

/// How many of the most recent answers accuracy rests on.
pub const RECENT_ANSWERS: usize = 300;
/// Answered questions an attempt needs for its day to count toward the streak.
pub const STREAK_MIN_ANSWERS: usize = 10;

/// The user's past with each question: when last seen, and whether the last answer missed.
pub fn familiarity(attempts: &[Attempt]) -> Familiarity {
    let mut map = Familiarity::new();
    for attempt in attempts {
        for item in &attempt.items {
            let seen = Seen {
                last_seen: attempt.finished_at,
                due: !item.points.is_full(),
            };
            match map.get(&item.question_id) {
                Some(old) if old.last_seen > seen.last_seen => {}
                _ => {
                    map.insert(item.question_id.clone(), seen);
                }
            }
        }
    }
    map
}

/// One point of the score trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    /// The attempt id.
    pub id: String,
    /// When it was submitted.
    pub finished_at: DateTime<Utc>,
    /// The kind of practice.
    pub mode: Mode,
    /// Its score out of 1000.
    pub scaled: u32,
}

/// Accuracy for one domain or skill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Accuracy {
    /// The domain or skill id.
    pub id: String,
    /// Points earned out of possible over recent answers.
    pub points: Points,
    /// Percent, rounded.
    pub percent: u32,
    /// How many answers it rests on.
    pub answers: usize,
}

/// Everything the stats screen and `az400 stats` show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Finished attempts.
    pub attempts: usize,
    /// Scaled scores of sprints and exams over time, oldest first (drills are practice, not
    /// a measure, so they are left out).
    pub trend: Vec<TrendPoint>,
    /// Accuracy per domain over recent answers (questions left unanswered are not answers), in
    /// blueprint order.
    pub domains: Vec<Accuracy>,
    /// Accuracy per skill over recent answers, in blueprint order.
    pub skills: Vec<Accuracy>,
    /// Consecutive days, up to today, on which practice counted (today may still be open): a
    /// finished attempt with at least [`STREAK_MIN_ANSWERS`] answered questions.
    pub streak_days: u32,
    /// Whether today already counts toward the streak.
    pub counted_today: bool,
    /// Questions of the bank whose recall has fallen under the target retention (FSRS).
    pub due_for_review: usize,
    /// Questions of the bank that fall due on each of the next seven days, today first.
    pub due_forecast: Vec<usize>,
    /// The readiness estimate.
    pub readiness: Outlook,
}

/// Summarizes history (attempts oldest first) as of `now`, with days counted in `offset`.
pub fn summarize(
    attempts: &[Attempt],
    bank: &Bank,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> Summary {
    summarize_ledger(&Ledger::from_attempts(attempts), bank, now, offset)
}

/// Summarizes a ledger as of `now`, with days counted in `offset`, readiness included.
pub fn summarize_ledger(
    ledger: &Ledger,
    bank: &Bank,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> Summary {
    let mut summary = summarize_pending(ledger, bank, now, offset);
    summary.readiness = estimate(ledger, bank, now);
    summary
}

/// The readiness estimate of a ledger as of `now`, seeded by the history itself, so the same
/// history always reads the same. It is made as of the start of the hour (or of the last
/// attempt, if later): what an hour changes in it cannot be seen, and so the same history, bank
/// and hour always give the same estimate, which [`crate::history::Store::estimate`] keeps
/// rather than simulating a thousand exams again.
pub fn estimate(ledger: &Ledger, bank: &Bank, now: DateTime<Utc>) -> Outlook {
    let attempts = ledger.attempts();
    let seed = attempts.len() as u64
        ^ attempts
            .last()
            .map_or(0, |a| a.finished_at.timestamp() as u64);
    readiness::outlook_of(bank, ledger, estimated_as_of(ledger, now), seed)
}

/// When [`estimate`] takes the estimate to be made: the start of the hour of `now`, or the
/// last attempt's submission if that is later (and not after `now`).
pub fn estimated_as_of(ledger: &Ledger, now: DateTime<Utc>) -> DateTime<Utc> {
    let hour = now.timestamp().div_euclid(3600) * 3600;
    let hour = DateTime::from_timestamp(hour, 0).unwrap_or(now);
    let last = ledger
        .attempts()
        .last()
        .map_or(hour, |a| a.finished_at.min(now));
    hour.max(last)
}

/// Everything but readiness, which is left [`Outlook::Pending`]: the simulated exams take the
/// longest, so the terminal UI draws first and estimates after ([`estimate`]).
pub fn summarize_pending(
    ledger: &Ledger,
    bank: &Bank,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> Summary {
    let blueprint = &bank.blueprint;
    let attempts = ledger.attempts();
    let trend = attempts
        .iter()
        .filter(|a| a.mode != Mode::Drill)
        .map(|a| TrendPoint {
            id: a.id.clone(),
            finished_at: a.finished_at,
            mode: a.mode,
            scaled: a.scaled,
        })
        .collect();
    let recent: Vec<&ItemRow> = attempts
        .iter()
        .rev()
        .flat_map(|a| a.items.iter().rev())
        .filter(|i| i.answered)
        .take(RECENT_ANSWERS)
        .collect();
    let accuracy = |ids: Vec<&str>, key: fn(&ItemRow) -> u32| {
        ids.into_iter()
            .filter_map(|id| {
                let number = ledger.find(id)?;
                let mut points = Points::default();
                let mut answers = 0;
                for item in recent.iter().filter(|i| key(i) == number) {
                    points += item.points;
                    answers += 1;
                }
                (points.possible > 0).then(|| Accuracy {
                    id: id.to_string(),
                    points,
                    percent: points.percent(),
                    answers,
                })
            })
            .collect::<Vec<_>>()
    };
    let domains = accuracy(
        blueprint.domains.iter().map(|d| d.id.as_str()).collect(),
        |i| i.domain,
    );
    let skills = accuracy(
        blueprint
            .domains
            .iter()
            .flat_map(|d| &d.skills)
            .map(|s| s.id.as_str())
            .collect(),
        |i| i.skill,
    );
    let today = now.with_timezone(&offset).date_naive();
    let practice_days: Vec<NaiveDate> = attempts
        .iter()
        .filter(|a| a.answered() >= STREAK_MIN_ANSWERS)
        .map(|a| a.finished_at.with_timezone(&offset).date_naive())
        .collect();
    // Only what the bank still holds is due: a drill of what is due can ask nothing else.
    let in_bank: HashSet<&str> = bank.questions.iter().map(|q| q.id.as_str()).collect();
    let memory = ledger.memory().retained(|id| in_bank.contains(id));
    Summary {
        attempts: attempts.len(),
        trend,
        domains,
        skills,
        streak_days: streak(&practice_days, today),
        counted_today: practice_days.contains(&today),
        due_for_review: memory.due(now).len(),
        due_forecast: memory.forecast(now, offset, 7),
        readiness: Outlook::Pending,
    }
}

/// Whether an attempt counts toward the streak: one with at least [`STREAK_MIN_ANSWERS`]
/// answered questions, whatever its kind. A timed-out three-question sprint does not.
pub fn counts_for_streak(attempt: &Attempt) -> bool {
    attempt.items.iter().filter(|i| i.is_answered()).count() >= STREAK_MIN_ANSWERS
}

/// Consecutive days with counted practice, counting back from today, or from yesterday while
/// today has none yet.
pub fn streak(days: &[NaiveDate], today: NaiveDate) -> u32 {
    let mut day = if days.contains(&today) {
        today
    } else {
        match today.pred_opt() {
            Some(d) => d,
            None => return 0,
        }
    };
    let mut count = 0;
    while days.contains(&day) {
        count += 1;
        match day.pred_opt() {
            Some(d) => day = d,
            None => break,
        }
    }
    count
}
