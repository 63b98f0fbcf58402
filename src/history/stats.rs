//! What history says about the user: score trend, accuracy by domain and skill, streak, the
//! questions due for review, and a readiness estimate.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use crate::attempt::{Attempt, Mode};
use crate::bank::Blueprint;
use crate::sampler::{Familiarity, Seen};
use crate::scoring::{self, Points};

/// How many of the most recent answers accuracy and readiness rest on.
pub const RECENT_ANSWERS: usize = 300;
/// Below this many recent answers, readiness is "not enough data".
pub const MIN_ANSWERS_FOR_READINESS: usize = 30;

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

/// The number of questions whose last answer missed points.
pub fn due_count(familiarity: &Familiarity) -> usize {
    familiarity.values().filter(|s| s.due).count()
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
}

/// The projected exam score from recent answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readiness {
    /// The projected score out of 1000, or `None` with fewer than 30 answers.
    pub projected: Option<u32>,
    /// Whether the projection reaches 700.
    pub passing: Option<bool>,
    /// How many answers it rests on.
    pub answers: usize,
}

/// Everything the stats screen and `az400 stats` show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Finished attempts.
    pub attempts: usize,
    /// Scaled scores over time, oldest first.
    pub trend: Vec<TrendPoint>,
    /// Accuracy per domain over recent answers, in blueprint order.
    pub domains: Vec<Accuracy>,
    /// Accuracy per skill over recent answers, in blueprint order.
    pub skills: Vec<Accuracy>,
    /// Consecutive days, up to today, with a finished sprint (today may still be open).
    pub streak_days: u32,
    /// Whether today's sprint is done.
    pub sprint_done_today: bool,
    /// Questions whose last answer missed points.
    pub due_for_review: usize,
    /// The readiness estimate.
    pub readiness: Readiness,
}

/// Summarizes history (attempts oldest first) as of `now`, with days counted in `offset`.
pub fn summarize(
    attempts: &[Attempt],
    blueprint: &Blueprint,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> Summary {
    let trend = attempts
        .iter()
        .map(|a| TrendPoint {
            id: a.id.clone(),
            finished_at: a.finished_at,
            mode: a.mode,
            scaled: a.scaled,
        })
        .collect();
    let recent: Vec<_> = attempts
        .iter()
        .rev()
        .flat_map(|a| a.items.iter().rev())
        .take(RECENT_ANSWERS)
        .collect();
    let accuracy = |ids: Vec<&str>, key: fn(&crate::attempt::AttemptItem) -> &str| {
        ids.into_iter()
            .filter_map(|id| {
                let mut points = Points::default();
                for item in recent.iter().filter(|i| key(i) == id) {
                    points += item.points;
                }
                (points.possible > 0).then(|| Accuracy {
                    id: id.to_string(),
                    points,
                    percent: points.percent(),
                })
            })
            .collect::<Vec<_>>()
    };
    let domains = accuracy(
        blueprint.domains.iter().map(|d| d.id.as_str()).collect(),
        |i| &i.domain,
    );
    let skills = accuracy(
        blueprint
            .domains
            .iter()
            .flat_map(|d| &d.skills)
            .map(|s| s.id.as_str())
            .collect(),
        |i| &i.skill,
    );
    let today = now.with_timezone(&offset).date_naive();
    let sprint_days: Vec<NaiveDate> = attempts
        .iter()
        .filter(|a| a.mode == Mode::Sprint)
        .map(|a| a.finished_at.with_timezone(&offset).date_naive())
        .collect();
    Summary {
        attempts: attempts.len(),
        trend,
        readiness: readiness(blueprint, &domains, recent.len()),
        domains,
        skills,
        streak_days: streak(&sprint_days, today),
        sprint_done_today: sprint_days.contains(&today),
        due_for_review: due_count(&familiarity(attempts)),
    }
}

/// Consecutive days with a sprint, counting back from today, or from yesterday while today's
/// sprint is not yet done.
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

/// The exam score projected from per-domain accuracy, weighted by the exam's weight midpoints
/// (over the domains that have answers).
pub fn readiness(blueprint: &Blueprint, domains: &[Accuracy], answers: usize) -> Readiness {
    if answers < MIN_ANSWERS_FOR_READINESS {
        return Readiness {
            projected: None,
            passing: None,
            answers,
        };
    }
    let (mut weighted, mut weights) = (0.0, 0.0);
    for acc in domains {
        if let Some(d) = blueprint.domain(&acc.id) {
            weighted += d.weight_midpoint() * acc.points.ratio();
            weights += d.weight_midpoint();
        }
    }
    let projected = if weights > 0.0 {
        (f64::from(scoring::MAX_SCORE) * weighted / weights).round() as u32
    } else {
        0
    };
    Readiness {
        projected: Some(projected),
        passing: Some(scoring::passes(projected)),
        answers,
    }
}
