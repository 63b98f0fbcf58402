//! How well the user remembers each question: a spaced-repetition memory model (FSRS, the
//! algorithm Anki uses) replayed from history.
//!
//! Every answer to a question is a review of it, graded right, partly right or wrong;
//! unanswered questions are not reviews. Replaying the reviews in time order gives each
//! question a stability (how slowly it is forgotten) and a difficulty, and from those its
//! recall probability at any moment. A question is due when that probability has fallen under
//! the target retention. The model is derived from history only, so it can always be rebuilt.
//!
//! The scheduler is the `rs-fsrs` crate of the open-spaced-repetition project: its only
//! dependency is chrono, which this crate already has, where the larger `fsrs` crate brings
//! an optimizer with ndarray and rayon that az400 does not need.

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset, Utc};
use rs_fsrs::{Card, FSRS, Parameters, Rating, State};
use serde::{Deserialize, Serialize};

use crate::attempt::Attempt;
use crate::scoring::Points;

/// The recall probability under which a question is due: FSRS's usual 90%.
pub const TARGET_RETENTION: f64 = 0.9;

/// How one answer went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Grade {
    /// Every point earned.
    Right,
    /// Some points earned.
    Partial,
    /// No point earned.
    Wrong,
}

impl Grade {
    /// The grade of an answer worth `points`; `None` when nothing was possible.
    pub fn of(points: Points) -> Option<Grade> {
        if points.possible == 0 {
            None
        } else if points.earned >= points.possible {
            Some(Grade::Right)
        } else if points.earned > 0 {
            Some(Grade::Partial)
        } else {
            Some(Grade::Wrong)
        }
    }

    fn rating(self) -> Rating {
        match self {
            Grade::Right => Rating::Good,
            Grade::Partial => Rating::Hard,
            Grade::Wrong => Rating::Again,
        }
    }
}

/// One answer to one question, as a review for the memory model.
#[derive(Debug, Clone, PartialEq)]
pub struct Review<'a> {
    /// The question id.
    pub question: &'a str,
    /// When it was answered.
    pub at: DateTime<Utc>,
    /// How it went.
    pub grade: Grade,
    /// The points it earned, for accuracy figures.
    pub points: Points,
}

/// The reviews in a history of attempts (oldest first), oldest first: every answered
/// question, at the time its attempt was submitted. Unanswered questions are left out.
pub fn reviews(attempts: &[Attempt]) -> Vec<Review<'_>> {
    let mut reviews: Vec<Review<'_>> = attempts
        .iter()
        .flat_map(|attempt| {
            attempt
                .items
                .iter()
                .filter(|item| item.is_answered())
                .filter_map(move |item| {
                    Some(Review {
                        question: &item.question_id,
                        at: attempt.finished_at,
                        grade: Grade::of(item.points)?,
                        points: item.points,
                    })
                })
        })
        .collect();
    reviews.sort_by_key(|r| r.at);
    reviews
}

/// What the model knows of one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionMemory {
    /// Days until recall falls to 90%.
    pub stability: f64,
    /// FSRS difficulty, 1 (easy) to 10 (hard).
    pub difficulty: f64,
    /// When it was last answered.
    pub last_review: DateTime<Utc>,
    /// How many times it was answered.
    pub reviews: u32,
    /// How many answers were wrong after it had once been right.
    pub lapses: u32,
    /// How the last answer went.
    pub last_grade: Grade,
}

impl QuestionMemory {
    /// The probability of answering it right at `now`, from the FSRS forgetting curve.
    pub fn recall(&self, now: DateTime<Utc>) -> f64 {
        recall_after(self.stability, days_between(self.last_review, now))
    }

    /// When its recall falls under [`TARGET_RETENTION`].
    pub fn due_at(&self) -> DateTime<Utc> {
        // Solve (1 + F·t/S)^D = R for t.
        let days = self.stability / Parameters::FACTOR
            * (TARGET_RETENTION.powf(1.0 / Parameters::DECAY) - 1.0);
        let millis = (days * 86_400_000.0).clamp(0.0, 3.0e12) as i64;
        self.last_review + Duration::milliseconds(millis)
    }

    fn card(&self) -> Card {
        Card {
            due: self.due_at(),
            stability: self.stability,
            difficulty: self.difficulty,
            elapsed_days: 0,
            scheduled_days: 0,
            reps: i32::try_from(self.reviews).unwrap_or(i32::MAX),
            lapses: i32::try_from(self.lapses).unwrap_or(i32::MAX),
            state: State::Review,
            last_review: self.last_review,
        }
    }
}

/// The FSRS forgetting curve: recall after `days` for a memory of `stability` days.
pub fn recall_after(stability: f64, days: f64) -> f64 {
    if stability <= 0.0 {
        return 0.0;
    }
    (1.0 + Parameters::FACTOR * days.max(0.0) / stability).powf(Parameters::DECAY)
}

fn days_between(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_milliseconds() as f64 / 86_400_000.0
}

/// The memory of every question answered so far.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    questions: HashMap<String, QuestionMemory>,
}

impl Memory {
    /// Replays reviews (in any order; they are applied oldest first).
    pub fn from_reviews<'a>(reviews: impl IntoIterator<Item = Review<'a>>) -> Memory {
        let mut sorted: Vec<Review<'a>> = reviews.into_iter().collect();
        sorted.sort_by_key(|r| r.at);
        let mut memory = Memory::default();
        for review in &sorted {
            memory.review(review.question, review.at, review.grade);
        }
        memory
    }

    /// The memory of a history of attempts.
    pub fn from_attempts(attempts: &[Attempt]) -> Memory {
        Memory::from_reviews(reviews(attempts))
    }

    /// Applies one review; reviews must come in time order.
    pub fn review(&mut self, question: &str, at: DateTime<Utc>, grade: Grade) {
        let scheduler = FSRS::new(Parameters {
            enable_short_term: false,
            ..Parameters::default()
        });
        let card = match self.questions.get(question) {
            Some(known) => known.card(),
            None => Card {
                due: at,
                last_review: at,
                ..Card::default()
            },
        };
        let next = scheduler.next(card, at, grade.rating()).card;
        let previous = self.questions.get(question);
        let lapses = previous.map_or(0, |p| p.lapses)
            + u32::from(grade == Grade::Wrong && previous.is_some_and(|p| p.reviews > 0));
        self.questions.insert(
            question.to_string(),
            QuestionMemory {
                stability: next.stability,
                difficulty: next.difficulty,
                last_review: at,
                reviews: previous.map_or(0, |p| p.reviews).saturating_add(1),
                lapses,
                last_grade: grade,
            },
        );
    }

    /// What is known of one question, if it was ever answered.
    pub fn get(&self, question: &str) -> Option<&QuestionMemory> {
        self.questions.get(question)
    }

    /// The recall probability of a question at `now`; `None` if never answered.
    pub fn recall(&self, question: &str, now: DateTime<Utc>) -> Option<f64> {
        self.get(question).map(|m| m.recall(now))
    }

    /// Whether a question is due at `now`: answered before and recall under the target.
    pub fn is_due(&self, question: &str, now: DateTime<Utc>) -> bool {
        self.recall(question, now)
            .is_some_and(|r| r < TARGET_RETENTION)
    }

    /// The ids of the questions due at `now`, most forgotten first.
    pub fn due(&self, now: DateTime<Utc>) -> Vec<&str> {
        let mut due: Vec<(&str, f64)> = self
            .questions
            .iter()
            .map(|(id, m)| (id.as_str(), m.recall(now)))
            .filter(|(_, r)| *r < TARGET_RETENTION)
            .collect();
        due.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(b.0)));
        due.into_iter().map(|(id, _)| id).collect()
    }

    /// How many questions become due on each of the next `days` days (today first, counted in
    /// `offset`); today's count includes those already due.
    pub fn forecast(&self, now: DateTime<Utc>, offset: FixedOffset, days: usize) -> Vec<usize> {
        let today = now.with_timezone(&offset).date_naive();
        let mut counts = vec![0; days];
        for m in self.questions.values() {
            let day = m.due_at().with_timezone(&offset).date_naive();
            let index = usize::try_from((day - today).num_days().max(0)).unwrap_or(usize::MAX);
            if let Some(count) = counts.get_mut(index) {
                *count += 1;
            }
        }
        counts
    }

    /// The memory of only the questions `keep` accepts (those a bank still holds).
    #[must_use]
    pub fn retained(&self, keep: impl Fn(&str) -> bool) -> Memory {
        Memory {
            questions: self
                .questions
                .iter()
                .filter(|(id, _)| keep(id))
                .map(|(id, m)| (id.clone(), m.clone()))
                .collect(),
        }
    }

    /// How many questions have been answered.
    pub fn len(&self) -> usize {
        self.questions.len()
    }

    /// Whether no question has been answered.
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(n: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap() + Duration::days(n)
    }

    #[test]
    fn a_right_answer_is_remembered_longer_than_a_wrong_one() {
        let mut memory = Memory::default();
        memory.review("a", day(0), Grade::Right);
        memory.review("b", day(0), Grade::Wrong);
        let (a, b) = (memory.get("a").unwrap(), memory.get("b").unwrap());
        assert!(a.stability > b.stability);
        assert!(memory.recall("a", day(3)).unwrap() > memory.recall("b", day(3)).unwrap());
        assert!(a.due_at() > b.due_at());
    }

    #[test]
    fn recall_falls_with_time_and_crosses_the_target_at_the_due_date() {
        let mut memory = Memory::default();
        memory.review("a", day(0), Grade::Right);
        let m = memory.get("a").unwrap();
        assert!((m.recall(day(0)) - 1.0).abs() < 1e-9);
        let due = m.due_at();
        assert!(m.recall(due - Duration::hours(1)) > TARGET_RETENTION);
        assert!(m.recall(due + Duration::hours(1)) < TARGET_RETENTION);
        assert!(!memory.is_due("a", due - Duration::hours(1)));
        assert!(memory.is_due("a", due + Duration::hours(1)));
        assert!(!memory.is_due("never-seen", day(100)));
    }

    #[test]
    fn repeated_right_answers_space_the_reviews_out() {
        let mut memory = Memory::default();
        let mut at = day(0);
        let mut intervals = Vec::new();
        for _ in 0..4 {
            memory.review("a", at, Grade::Right);
            let next = memory.get("a").unwrap().due_at();
            intervals.push(next - at);
            at = next;
        }
        assert!(intervals.windows(2).all(|w| w[1] > w[0]), "{intervals:?}");
        assert_eq!(memory.get("a").unwrap().reviews, 4);
    }

    #[test]
    fn a_partly_right_answer_sits_between_right_and_wrong() {
        let mut memory = Memory::default();
        for (id, grade) in [
            ("r", Grade::Right),
            ("p", Grade::Partial),
            ("w", Grade::Wrong),
        ] {
            memory.review(id, day(0), grade);
        }
        let s = |id| memory.get(id).unwrap().stability;
        assert!(s("r") > s("p") && s("p") > s("w"));
    }

    #[test]
    fn review_order_does_not_depend_on_input_order() {
        let reviews = [
            Review {
                question: "a",
                at: day(5),
                grade: Grade::Wrong,
                points: Points {
                    earned: 0,
                    possible: 1,
                },
            },
            Review {
                question: "a",
                at: day(0),
                grade: Grade::Right,
                points: Points {
                    earned: 1,
                    possible: 1,
                },
            },
        ];
        let forward = Memory::from_reviews(reviews.iter().cloned());
        let backward = Memory::from_reviews(reviews.iter().rev().cloned());
        assert_eq!(forward, backward);
        let m = forward.get("a").unwrap();
        assert_eq!((m.reviews, m.lapses, m.last_grade), (2, 1, Grade::Wrong));
    }

    #[test]
    fn due_lists_the_most_forgotten_first_and_forecast_counts_by_day() {
        let mut memory = Memory::default();
        memory.review("old-wrong", day(0), Grade::Wrong);
        memory.review("new-wrong", day(9), Grade::Wrong);
        memory.review("fresh-right", day(10), Grade::Right);
        let now = day(10);
        assert_eq!(memory.due(now), vec!["old-wrong", "new-wrong"]);
        let forecast = memory.forecast(now, FixedOffset::east_opt(0).unwrap(), 7);
        assert_eq!(forecast.len(), 7);
        assert_eq!(forecast[0], 2, "{forecast:?}");
        let fresh = memory.get("fresh-right").unwrap().due_at().date_naive() - now.date_naive();
        let fresh = usize::try_from(fresh.num_days()).unwrap();
        assert!((1..7).contains(&fresh), "due in {fresh} days");
        assert_eq!(forecast[fresh], 1, "{forecast:?}");
        assert_eq!(forecast.iter().sum::<usize>(), 3);
    }

    #[test]
    fn grades_follow_points() {
        let p = |earned, possible| Points { earned, possible };
        assert_eq!(Grade::of(p(2, 2)), Some(Grade::Right));
        assert_eq!(Grade::of(p(1, 2)), Some(Grade::Partial));
        assert_eq!(Grade::of(p(0, 2)), Some(Grade::Wrong));
        assert_eq!(Grade::of(p(0, 0)), None);
    }
}
