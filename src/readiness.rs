//! How ready the user is for the exam: the scaled score predicted for an exam drawn as the
//! exam simulation draws it, with its uncertainty, never a bare number.
//!
//! Each skill's accuracy is estimated from the user's answers (recent ones weigh more) with a
//! weak prior at the user's overall accuracy, as a Beta distribution. Questions already answered
//! are tilted from their skill's accuracy by how well the memory model says they are
//! remembered now; how strongly, the user's own history decides (a logistic fit of past answers
//! on the model's recall at the time). Seeded exams are then drawn and answered in simulation,
//! each with skill accuracies drawn from their distributions: the spread of the simulated
//! scores gives the median, an 80% interval and the probability of reaching 700.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rand::{Rng, SeedableRng, rngs::StdRng};
use rand_distr::{Beta, Distribution};
use serde::{Deserialize, Serialize};

use crate::attempt::Attempt;
use crate::bank::Bank;
use crate::history::Ledger;
use crate::practice::defaults::EXAM_QUESTIONS;
use crate::sampler;
use crate::scoring::{MAX_SCORE, PASSING_SCORE};

/// Answers every domain needs before readiness is estimated.
pub const MIN_DOMAIN_ANSWERS: usize = 10;
/// Simulated exams behind one estimate.
pub const SIMULATED_EXAMS: usize = 1000;
/// Distinct exam draws among them (each answered `SIMULATED_EXAMS / EXAM_DRAWS` times).
pub const EXAM_DRAWS: usize = 100;
/// An answer's weight halves every this many days, so readiness follows progress.
pub const HALF_LIFE_DAYS: f64 = 60.0;
/// The strength of the prior on a skill's accuracy, in answers.
pub const PRIOR_ANSWERS: f64 = 4.0;
/// How much accuracy the "improve this skill" advice assumes: ten percentage points.
pub const IMPROVEMENT: f64 = 0.10;

/// The predicted exam score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Readiness {
    /// The median simulated scaled score.
    pub median: u32,
    /// The 10th percentile: the low end of the 80% interval.
    pub low: u32,
    /// The 90th percentile: the high end of the 80% interval.
    pub high: u32,
    /// The probability of scoring 700 or more, 0..=1.
    pub p_pass: f64,
    /// How many answers the estimate rests on.
    pub answers: usize,
    /// The skills whose improvement would add the most expected points, best first.
    pub focus: Vec<Focus>,
}

/// A skill worth studying, and what it would bring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Focus {
    /// The skill id.
    pub skill: String,
    /// Expected scaled points gained if its accuracy rose by [`IMPROVEMENT`].
    pub gain: u32,
}

/// Readiness, or why there is none yet.
#[derive(Debug, Clone, PartialEq)]
pub enum Outlook {
    /// Some domain has fewer than [`MIN_DOMAIN_ANSWERS`] answers.
    NotEnoughData {
        /// Answers so far.
        answers: usize,
        /// The domains short of answers, with their counts, in blueprint order.
        short: Vec<(String, usize)>,
    },
    /// The estimate.
    Ready(Readiness),
    /// Not estimated yet: the terminal UI draws its first frame before the simulation runs,
    /// and shows this as a placeholder, never as a figure.
    Pending,
}

impl Outlook {
    /// The estimate, if there is one.
    pub fn readiness(&self) -> Option<&Readiness> {
        match self {
            Outlook::Ready(r) => Some(r),
            Outlook::NotEnoughData { .. } | Outlook::Pending => None,
        }
    }

    /// How many answers it rests on.
    pub fn answers(&self) -> usize {
        match self {
            Outlook::Ready(r) => r.answers,
            Outlook::NotEnoughData { answers, .. } => *answers,
            Outlook::Pending => 0,
        }
    }

    /// Whether it is still to be estimated.
    pub fn is_pending(&self) -> bool {
        matches!(self, Outlook::Pending)
    }

    /// The one wording of readiness, for the home screen, the stats screen and `az400 stats`:
    /// `predicted 712 (80%: 661-763), 62% chance of 700+, from 1,204 answers`.
    pub fn headline(&self) -> String {
        match self {
            Outlook::Ready(r) => format!(
                "predicted {} (80%: {}-{}), {} chance of {PASSING_SCORE}+, from {} answers",
                r.median,
                r.low,
                r.high,
                percent(r.p_pass),
                r.answers
            ),
            Outlook::NotEnoughData { short, .. } => {
                let list: Vec<String> = short.iter().map(|(d, n)| format!("{d} {n}")).collect();
                format!(
                    "not enough data yet: {MIN_DOMAIN_ANSWERS} answers needed in every domain ({})",
                    list.join(", ")
                )
            }
            Outlook::Pending => PENDING.to_string(),
        }
    }

    /// The short wording, for a screen line: `712 (661-763), 62% chance of 700+`.
    pub fn brief(&self) -> String {
        match self {
            Outlook::Ready(r) => format!(
                "{} ({}-{}), {} chance of {PASSING_SCORE}+",
                r.median,
                r.low,
                r.high,
                percent(r.p_pass)
            ),
            Outlook::NotEnoughData { .. } => {
                format!("not enough data yet ({MIN_DOMAIN_ANSWERS} answers per domain)")
            }
            Outlook::Pending => PENDING.to_string(),
        }
    }

    /// What to study next, when there is an estimate: `deployments +14, iac +9, auth +6`.
    pub fn advice(&self) -> Option<String> {
        let r = self.readiness()?;
        let list: Vec<String> = r
            .focus
            .iter()
            .map(|f| format!("{} +{}", f.skill, f.gain))
            .collect();
        (!list.is_empty()).then(|| list.join(", "))
    }
}

/// What a pending estimate shows.
const PENDING: &str = "estimating…";

/// A probability as people read it: never a flat 0% or 100% from a simulation.
fn percent(p: f64) -> String {
    match (p * 100.0).round() {
        x if x < 1.0 => "<1%".to_string(),
        x if x > 99.0 => ">99%".to_string(),
        x => format!("{x}%"),
    }
}

/// How `az400 stats --json` shows readiness: the estimate's fields, empty while there is not
/// enough data, and the domains still short of answers.
#[derive(Serialize)]
struct OutlookJson<'a> {
    median: Option<u32>,
    low: Option<u32>,
    high: Option<u32>,
    p_pass: Option<f64>,
    answers: usize,
    focus: &'a [Focus],
    short_domains: Vec<ShortDomain<'a>>,
}

#[derive(Serialize)]
struct ShortDomain<'a> {
    domain: &'a str,
    answers: usize,
}

impl Serialize for Outlook {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.readiness();
        OutlookJson {
            median: r.map(|r| r.median),
            low: r.map(|r| r.low),
            high: r.map(|r| r.high),
            p_pass: r.map(|r| r.p_pass),
            answers: self.answers(),
            focus: r.map_or(&[], |r| &r.focus),
            short_domains: match self {
                Outlook::NotEnoughData { short, .. } => short
                    .iter()
                    .map(|(d, n)| ShortDomain {
                        domain: d,
                        answers: *n,
                    })
                    .collect(),
                Outlook::Ready(_) | Outlook::Pending => Vec::new(),
            },
        }
        .serialize(serializer)
    }
}

/// One answer as the estimate sees it.
struct Answer<'a> {
    domain: &'a str,
    skill: &'a str,
    at: DateTime<Utc>,
    earned: u32,
    possible: u32,
    /// The memory model's recall of the question when it was answered, if answered before.
    recall_before: Option<f64>,
}

/// What the estimate knows of one skill: a Beta distribution over its accuracy.
#[derive(Debug, Clone, Copy)]
struct SkillBelief {
    alpha: f64,
    beta: f64,
}

impl SkillBelief {
    fn mean(self) -> f64 {
        self.alpha / (self.alpha + self.beta)
    }
}

/// Estimates readiness from history (attempts oldest first) as of `now`. The same inputs and
/// seed give the same estimate.
pub fn outlook(bank: &Bank, attempts: &[Attempt], now: DateTime<Utc>, seed: u64) -> Outlook {
    outlook_of(bank, &Ledger::from_attempts(attempts), now, seed)
}

/// Estimates readiness from a ledger as of `now`, from its one replay of the memory model.
/// The same inputs and seed give the same estimate.
pub fn outlook_of(bank: &Bank, ledger: &Ledger, now: DateTime<Utc>, seed: u64) -> Outlook {
    let answers = answers(ledger);
    let per_domain: Vec<(String, usize)> = bank
        .blueprint
        .domains
        .iter()
        .map(|d| {
            let n = answers.iter().filter(|a| a.domain == d.id).count();
            (d.id.clone(), n)
        })
        .collect();
    let short: Vec<(String, usize)> = per_domain
        .into_iter()
        .filter(|(_, n)| *n < MIN_DOMAIN_ANSWERS)
        .collect();
    if !short.is_empty() {
        return Outlook::NotEnoughData {
            answers: answers.len(),
            short,
        };
    }
    let beliefs = skill_beliefs(&answers, now);
    let tilt = Tilt::fit(&answers, &beliefs);
    let memory = ledger.memory();
    // Exams are drawn as the exam simulation draws them, where due means the memory model's
    // due at `now` (see Ledger::familiarity_at).
    let known = ledger.familiarity_at(now);
    // The bank is indexed once for all the draws.
    let pool = sampler::Pool::new(bank, &known);
    let mut rng = StdRng::seed_from_u64(seed);
    // Skills by index, so the inner loop below touches only small arrays.
    let skills: Vec<&str> = bank
        .blueprint
        .domains
        .iter()
        .flat_map(|d| &d.skills)
        .map(|s| s.id.as_str())
        .collect();
    let belief_of: Vec<SkillBelief> = skills
        .iter()
        .map(|s| beliefs.get(s).copied().unwrap_or(tilt.fallback))
        .collect();
    let runs_per_draw = SIMULATED_EXAMS / EXAM_DRAWS;
    let mut scores = Vec::with_capacity(SIMULATED_EXAMS);
    let mut skill_points = vec![0.0; skills.len()];
    let mut drawn: Vec<Option<f64>> = vec![None; skills.len()];
    for draw in 0..EXAM_DRAWS {
        let ids =
            sampler::sample_exam_from(&pool, EXAM_QUESTIONS, &known, seed ^ (draw as u64 + 1));
        let items: Vec<(usize, u32, Option<f64>)> = ids
            .iter()
            .filter_map(|id| bank.question(id))
            .filter_map(|q| {
                let skill = skills.iter().position(|s| *s == q.skill)?;
                let recall = memory.recall(&q.id, now).map(logit);
                Some((skill, q.parts(), recall))
            })
            .collect();
        let possible: u32 = items.iter().map(|i| i.1).sum();
        for (skill, points, _) in &items {
            skill_points[*skill] += f64::from(*points);
        }
        for _ in 0..runs_per_draw {
            drawn.fill(None);
            let mut earned = 0u32;
            for (skill, points, recall) in &items {
                let accuracy =
                    *drawn[*skill].get_or_insert_with(|| sample_beta(belief_of[*skill], &mut rng));
                let p = match recall {
                    Some(x) => tilt.apply(accuracy, *x),
                    None => accuracy,
                };
                earned += (0..*points)
                    .map(|_| u32::from(rng.random::<f64>() < p))
                    .sum::<u32>();
            }
            let scaled = if possible == 0 {
                0
            } else {
                (f64::from(MAX_SCORE) * f64::from(earned) / f64::from(possible)).round() as u32
            };
            scores.push(scaled);
        }
    }
    let total_points: f64 = skill_points.iter().sum();
    scores.sort_unstable();
    let pick = |q: f64| scores[((scores.len() - 1) as f64 * q).round() as usize];
    let passed = scores.iter().filter(|s| **s >= PASSING_SCORE).count();
    let mut focus: Vec<Focus> = skills
        .iter()
        .zip(&skill_points)
        .filter(|(_, points)| **points > 0.0)
        .map(|(skill, points)| {
            let mean = beliefs.get(skill).copied().unwrap_or(tilt.fallback).mean();
            let share = points / total_points.max(1.0);
            let gain = f64::from(MAX_SCORE) * share * IMPROVEMENT.min(1.0 - mean);
            Focus {
                skill: (*skill).to_string(),
                gain: gain.round() as u32,
            }
        })
        .collect();
    focus.sort_by(|a, b| b.gain.cmp(&a.gain).then(a.skill.cmp(&b.skill)));
    focus.truncate(3);
    Outlook::Ready(Readiness {
        median: pick(0.5),
        low: pick(0.1),
        high: pick(0.9),
        p_pass: passed as f64 / scores.len() as f64,
        answers: answers.len(),
        focus,
    })
}

/// Every answered question of the history, oldest first.
fn answers(ledger: &Ledger) -> Vec<Answer<'_>> {
    ledger
        .attempts()
        .iter()
        .flat_map(|attempt| {
            attempt
                .items
                .iter()
                .filter(|item| item.answered)
                .filter(|item| {
                    item.points.possible > 0 && item.points.earned <= item.points.possible
                })
                .map(move |item| Answer {
                    domain: ledger.name(item.domain),
                    skill: ledger.name(item.skill),
                    at: attempt.finished_at,
                    earned: item.points.earned,
                    possible: item.points.possible,
                    recall_before: item.recall_before,
                })
        })
        .collect()
}

fn weight(at: DateTime<Utc>, now: DateTime<Utc>) -> f64 {
    let days = ((now - at).num_seconds() as f64 / 86_400.0).max(0.0);
    0.5f64.powf(days / HALF_LIFE_DAYS)
}

/// Each skill's accuracy as a Beta distribution: a prior of [`PRIOR_ANSWERS`] answers at the
/// overall accuracy, plus the skill's own points, recent ones weighing more.
fn skill_beliefs<'a>(answers: &[Answer<'a>], now: DateTime<Utc>) -> HashMap<&'a str, SkillBelief> {
    let (mut earned, mut possible) = (0.0, 0.0);
    let mut per_skill: HashMap<&str, (f64, f64)> = HashMap::new();
    for a in answers {
        let w = weight(a.at, now);
        let entry = per_skill.entry(a.skill).or_default();
        entry.0 += w * f64::from(a.earned);
        entry.1 += w * f64::from(a.possible);
        earned += w * f64::from(a.earned);
        possible += w * f64::from(a.possible);
    }
    let overall = if possible > 0.0 {
        (earned / possible).clamp(0.02, 0.98)
    } else {
        0.5
    };
    per_skill
        .into_iter()
        .map(|(skill, (e, p))| {
            let belief = SkillBelief {
                alpha: PRIOR_ANSWERS * overall + e,
                beta: PRIOR_ANSWERS * (1.0 - overall) + (p - e),
            };
            (skill, belief)
        })
        .collect()
}

/// How a question's recall moves its chance away from its skill's accuracy:
/// `logit p = logit accuracy + slope · (logit recall − centre)`.
struct Tilt {
    slope: f64,
    centre: f64,
    fallback: SkillBelief,
}

impl Tilt {
    /// The slope's prior: trust the memory model fully, with this much doubt.
    const PRIOR_SLOPE: f64 = 1.0;
    const PRIOR_SD: f64 = 0.5;
    /// No history makes recall matter more than this.
    const MAX_SLOPE: f64 = 3.0;

    /// Fits the slope to the answers that had a recall prediction (questions answered again),
    /// by Newton's method on the penalised log-likelihood.
    fn fit(answers: &[Answer<'_>], beliefs: &HashMap<&str, SkillBelief>) -> Tilt {
        let data: Vec<(f64, f64, f64, f64)> = answers
            .iter()
            .filter_map(|a| {
                let recall = a.recall_before?;
                let base = logit(beliefs.get(a.skill).map_or(0.5, |b| b.mean()));
                let outcome = f64::from(a.earned) / f64::from(a.possible);
                Some((base, logit(recall), outcome, f64::from(a.possible)))
            })
            .collect();
        let weight: f64 = data.iter().map(|d| d.3).sum();
        let centre = if weight > 0.0 {
            data.iter().map(|d| d.1 * d.3).sum::<f64>() / weight
        } else {
            0.0
        };
        let mut slope = Self::PRIOR_SLOPE;
        let precision = 1.0 / (Self::PRIOR_SD * Self::PRIOR_SD);
        for _ in 0..60 {
            let (mut gradient, mut curvature) =
                (-(slope - Self::PRIOR_SLOPE) * precision, precision);
            for (base, x, outcome, w) in &data {
                let dx = x - centre;
                let p = sigmoid(base + slope * dx);
                gradient += w * (outcome - p) * dx;
                curvature += w * p * (1.0 - p) * dx * dx;
            }
            // Damped: a logistic fit far from its optimum can overshoot.
            let step = (gradient / curvature).clamp(-0.5, 0.5);
            slope = (slope + step).clamp(-Self::MAX_SLOPE, Self::MAX_SLOPE);
            if step.abs() < 1e-6 {
                break;
            }
        }
        Tilt {
            slope,
            centre,
            fallback: SkillBelief {
                alpha: 1.0,
                beta: 1.0,
            },
        }
    }

    /// The chance of a question whose recall has the log-odds `recall_logit`, in a skill of
    /// this accuracy.
    fn apply(&self, accuracy: f64, recall_logit: f64) -> f64 {
        sigmoid(logit(accuracy) + self.slope * (recall_logit - self.centre))
    }
}

fn logit(p: f64) -> f64 {
    let p = p.clamp(0.01, 0.99);
    (p / (1.0 - p)).ln()
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn sample_beta(belief: SkillBelief, rng: &mut StdRng) -> f64 {
    Beta::new(belief.alpha.max(1e-3), belief.beta.max(1e-3))
        .map_or_else(|_| belief.mean(), |d| d.sample(rng))
}
