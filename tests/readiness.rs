//! Readiness is calibrated: for simulated learners whose true accuracy per skill is known, the
//! predicted pass probability matches the pass rate of 1,000 exams they actually sit.

mod common;

use std::collections::HashMap;

use az400_sprint::attempt::{ATTEMPT_FORMAT, Attempt, AttemptItem, Mode};
use az400_sprint::bank::{self, Bank};
use az400_sprint::practice::familiarity_at;
use az400_sprint::readiness::{self, Outlook};
use az400_sprint::response::Response;
use az400_sprint::sampler::{self, Familiarity, Filter, Seen};
use az400_sprint::scoring::{self, Points};
use chrono::{DateTime, Duration, Utc};
use rand::{Rng, SeedableRng, rngs::StdRng};

/// A learner who answers each point of a question right with their skill's accuracy.
struct Learner {
    accuracy: HashMap<String, f64>,
}

impl Learner {
    /// Accuracies spread around `level` (±0.08 across skills, the same pattern for every level).
    fn around(bank: &Bank, level: f64) -> Learner {
        let accuracy = bank
            .blueprint
            .domains
            .iter()
            .flat_map(|d| &d.skills)
            .enumerate()
            .map(|(i, s)| {
                let spread = [-0.08, 0.05, 0.0, 0.08, -0.04, 0.03, -0.02][i % 7];
                (s.id.clone(), (level + spread).clamp(0.02, 0.98))
            })
            .collect();
        Learner { accuracy }
    }

    fn earns(&self, skill: &str, possible: u32, rng: &mut StdRng) -> u32 {
        let p = self.accuracy[skill];
        (0..possible).filter(|_| rng.random::<f64>() < p).count() as u32
    }

    /// `per_day` drills of 45 questions a day for `days` days, drawn as az400 draws them.
    fn history(
        &self,
        bank: &Bank,
        start: DateTime<Utc>,
        days: i64,
        per_day: i64,
        rng: &mut StdRng,
    ) -> Vec<Attempt> {
        let mut attempts: Vec<Attempt> = Vec::new();
        // Kept up to date as `familiarity(&attempts)` would compute it, without re-reading all.
        let mut known = Familiarity::new();
        for day in 0..days {
            for run in 0..per_day {
                let at = start + Duration::days(day) + Duration::minutes(40 * run);
                let ids = sampler::sample(bank, &Filter::default(), 45, &known, rng.random());
                let items: Vec<AttemptItem> = ids
                    .iter()
                    .filter_map(|id| bank.question(id))
                    .map(|q| {
                        let possible = scoring::possible(q.body());
                        AttemptItem {
                            question_id: q.id.clone(),
                            domain: q.domain.clone(),
                            skill: q.skill.clone(),
                            response: Some(Response::Choices(vec![0])),
                            points: Points {
                                earned: self.earns(&q.skill, possible, rng),
                                possible,
                            },
                            seconds: 60,
                            flagged: false,
                            shuffle: Vec::new(),
                            question: None,
                        }
                    })
                    .collect();
                let mut points = Points::default();
                for item in &items {
                    points += item.points;
                }
                for item in &items {
                    let seen = Seen {
                        last_seen: at + Duration::minutes(20),
                        due: !item.points.is_full(),
                    };
                    known.insert(item.question_id.clone(), seen);
                }
                attempts.push(Attempt {
                    format: ATTEMPT_FORMAT,
                    id: format!("sim-{day}-{run}"),
                    mode: Mode::Sprint,
                    started_at: at,
                    finished_at: at + Duration::minutes(20),
                    seconds_used: 1200,
                    limit_seconds: Some(1800),
                    timed_out: false,
                    bank_hash: String::new(),
                    points,
                    scaled: scoring::scaled(points),
                    passed: scoring::passes(scoring::scaled(points)),
                    items,
                    case_studies: Vec::new(),
                });
            }
        }
        attempts
    }

    /// The share of 1,000 exam simulations that this learner passes: 200 exams drawn as az400
    /// draws them, each sat five times.
    fn pass_rate(
        &self,
        bank: &Bank,
        past: &[Attempt],
        now: DateTime<Utc>,
        rng: &mut StdRng,
    ) -> f64 {
        let known = familiarity_at(past, now);
        let mut passed = 0;
        for _ in 0..200 {
            let ids = sampler::sample_exam(bank, 50, &known, rng.random());
            let questions: Vec<_> = ids.iter().filter_map(|id| bank.question(id)).collect();
            for _ in 0..5 {
                let mut points = Points::default();
                for q in &questions {
                    let possible = scoring::possible(q.body());
                    points += Points {
                        earned: self.earns(&q.skill, possible, rng),
                        possible,
                    };
                }
                passed += usize::from(scoring::passes(scoring::scaled(points)));
            }
        }
        passed as f64 / 1000.0
    }
}

/// Checks the predicted pass probability against 1,000 exams, after `days` days of practice.
fn check_calibration(level: f64, days: i64, seed: u64) -> (f64, f64) {
    let bank = bank::builtin();
    let learner = Learner::around(&bank, level);
    let mut rng = StdRng::seed_from_u64(seed);
    let start = common::t0();
    let past = learner.history(&bank, start, days, 3, &mut rng);
    let now = start + Duration::days(days + 1);
    let Outlook::Ready(predicted) = readiness::outlook(&bank, &past, now, seed) else {
        panic!("weeks of daily sprints are enough data");
    };
    let actual = learner.pass_rate(&bank, &past, now, &mut rng);
    assert!(
        (predicted.p_pass - actual).abs() <= 0.05,
        "level {level}: predicted {:.3} ({}..{} median {}), simulated {:.3}",
        predicted.p_pass,
        predicted.low,
        predicted.high,
        predicted.median,
        actual
    );
    assert!(predicted.low <= predicted.median && predicted.median <= predicted.high);
    (predicted.p_pass, actual)
}

#[test]
fn a_weak_learner_is_predicted_to_fail() {
    let (predicted, _) = check_calibration(0.55, 20, 11);
    assert!(predicted < 0.1);
}

/// Near the pass mark the pass probability moves fast with accuracy, so this learner has a long
/// history: it pins the estimate down to well under the exam's own noise.
#[test]
fn a_borderline_learner_gets_an_honest_coin_flip() {
    let (predicted, _) = check_calibration(0.70, 120, 12);
    assert!((0.15..=0.85).contains(&predicted), "{predicted}");
}

#[test]
fn a_strong_learner_is_predicted_to_pass() {
    let (predicted, _) = check_calibration(0.85, 20, 13);
    assert!(predicted > 0.9);
}

#[test]
fn too_few_answers_in_a_domain_is_not_enough_data() {
    let bank = bank::builtin();
    let learner = Learner::around(&bank, 0.7);
    let mut rng = StdRng::seed_from_u64(5);
    let past = learner.history(&bank, common::t0(), 1, 1, &mut rng);
    match readiness::outlook(&bank, &past, common::t0() + Duration::days(1), 5) {
        Outlook::NotEnoughData { answers, short } => {
            assert_eq!(answers, 45);
            assert!(
                short.iter().any(|(d, n)| d == "instrumentation" && *n < 10),
                "{short:?}"
            );
        }
        Outlook::Ready(r) => panic!("estimated from one day: {r:?}"),
        Outlook::Pending => panic!("outlook always estimates"),
    }
}

#[test]
fn the_weakest_heavy_skills_are_named_to_study() {
    let bank = bank::builtin();
    let mut learner = Learner::around(&bank, 0.8);
    learner.accuracy.insert("deployments".into(), 0.4);
    let mut rng = StdRng::seed_from_u64(21);
    let past = learner.history(&bank, common::t0(), 20, 4, &mut rng);
    let outlook = readiness::outlook(&bank, &past, common::t0() + Duration::days(21), 21);
    let focus = &outlook.readiness().expect("enough data").focus;
    assert_eq!(focus.len(), 3);
    assert_eq!(focus[0].skill, "deployments", "{focus:?}");
    assert!(focus[0].gain >= focus[1].gain && focus[1].gain >= focus[2].gain);
}

#[test]
fn the_same_history_and_seed_give_the_same_estimate() {
    let bank = bank::builtin();
    let learner = Learner::around(&bank, 0.7);
    let mut rng = StdRng::seed_from_u64(8);
    let past = learner.history(&bank, common::t0(), 10, 4, &mut rng);
    let now = common::t0() + Duration::days(10);
    assert_eq!(
        readiness::outlook(&bank, &past, now, 3),
        readiness::outlook(&bank, &past, now, 3)
    );
}
