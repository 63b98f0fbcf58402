//! Points per question and the scaled score.
//!
//! As on the exam, multi-part items earn a point per correct part ("all, some, or none") and
//! there is no penalty for guessing. The scaled score maps points linearly onto 0..=1000 and
//! passes at 700: an approximation, since Microsoft's own scaling is not published and a
//! scaled 700 "may not equal 70% of the points".

use serde::{Deserialize, Serialize};

use crate::bank::{Blueprint, Body, Question};
use crate::response::Response;

pub use crate::bank::model::{MAX_SCORE, PASSING_SCORE};

/// Points earned out of points possible.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Points {
    /// Points earned.
    pub earned: u32,
    /// Points possible.
    pub possible: u32,
}

impl Points {
    /// The points as a fraction 0..=1 (0 when nothing was possible).
    pub fn ratio(self) -> f64 {
        if self.possible == 0 {
            0.0
        } else {
            f64::from(self.earned) / f64::from(self.possible)
        }
    }

    /// The points as a whole percentage.
    pub fn percent(self) -> u32 {
        (self.ratio() * 100.0).round() as u32
    }

    /// Whether every point was earned.
    pub fn is_full(self) -> bool {
        self.possible > 0 && self.earned == self.possible
    }
}

impl std::ops::AddAssign for Points {
    fn add_assign(&mut self, other: Points) {
        self.earned = self.earned.saturating_add(other.earned);
        self.possible = self.possible.saturating_add(other.possible);
    }
}

/// The points possible for a question.
pub fn possible(body: &Body) -> u32 {
    u32::try_from(body.parts()).unwrap_or(u32::MAX)
}

/// The points a response earns. A `multiple` response with more picks than "Choose N" allows
/// earns nothing, so over-picking can never pay.
pub fn points(body: &Body, response: Option<&Response>) -> Points {
    let possible = possible(body);
    let earned = match (body, response) {
        (_, None) => 0,
        (Body::Single { options }, Some(Response::Choices(chosen))) => {
            u32::from(chosen.len() == 1 && options.get(chosen[0]).is_some_and(|o| o.correct))
        }
        (Body::Multiple { options }, Some(Response::Choices(chosen))) => {
            if chosen.len() as u32 > possible {
                0
            } else {
                count(
                    chosen
                        .iter()
                        .filter(|i| options.get(**i).is_some_and(|o| o.correct)),
                )
            }
        }
        (Body::Order { steps, .. }, Some(Response::Order(list))) => {
            count((0..steps.len()).filter(|i| list.get(*i) == Some(i)))
        }
        (Body::YesNo { statements }, Some(Response::YesNo(answers))) => count(
            statements
                .iter()
                .zip(answers)
                .filter(|(s, a)| **a == Some(s.answer)),
        ),
        (Body::Fill { slots, .. }, Some(Response::Fill(answers))) => count(
            slots
                .iter()
                .zip(answers)
                .filter(|(s, a)| **a == Some(s.answer)),
        ),
        _ => 0,
    };
    Points {
        earned: earned.min(possible),
        possible,
    }
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}

/// Points on the 0..=1000 scale, rounded.
pub fn scaled(points: Points) -> u32 {
    (points.ratio() * f64::from(MAX_SCORE)).round() as u32
}

/// Whether a scaled score passes.
pub fn passes(scaled_score: u32) -> bool {
    scaled_score >= PASSING_SCORE
}

/// An attempt's result: the scaled score and where the points came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreReport {
    /// All points.
    pub total: Points,
    /// The score out of 1000.
    pub scaled: u32,
    /// Whether it reaches 700.
    pub passed: bool,
    /// Per domain, in blueprint order, only domains that had questions.
    pub domains: Vec<(String, Points)>,
    /// Per skill, in blueprint order, only skills that had questions.
    pub skills: Vec<(String, Points)>,
}

impl ScoreReport {
    /// The points of a domain or skill (none if it had no question).
    pub fn points_of(&self, id: &str) -> Option<Points> {
        self.domains
            .iter()
            .chain(&self.skills)
            .find(|(k, _)| k == id)
            .map(|(_, p)| *p)
    }
}

/// Scores a set of answered questions.
pub fn report<'q>(
    blueprint: &Blueprint,
    answers: impl IntoIterator<Item = (&'q Question, Option<&'q Response>)>,
) -> ScoreReport {
    tally(
        blueprint,
        answers.into_iter().map(|(question, response)| {
            (
                question.domain.as_str(),
                question.skill.as_str(),
                points(question.body(), response),
            )
        }),
    )
}

/// The report of points already scored, each with its question's domain and skill (an
/// attempt's items keep theirs).
pub fn tally<'a>(
    blueprint: &Blueprint,
    scored: impl IntoIterator<Item = (&'a str, &'a str, Points)>,
) -> ScoreReport {
    let mut total = Points::default();
    let mut domains: Vec<(String, Points)> = Vec::new();
    let mut skills: Vec<(String, Points)> = Vec::new();
    for (domain, skill, p) in scored {
        total += p;
        add_to(&mut domains, domain, p);
        add_to(&mut skills, skill, p);
    }
    let position = |id: &str| {
        blueprint
            .domains
            .iter()
            .flat_map(|d| {
                std::iter::once(d.id.as_str()).chain(d.skills.iter().map(|s| s.id.as_str()))
            })
            .position(|x| x == id)
            .unwrap_or(usize::MAX)
    };
    domains.sort_by_key(|(id, _)| position(id));
    skills.sort_by_key(|(id, _)| position(id));
    let scaled = scaled(total);
    ScoreReport {
        total,
        scaled,
        passed: passes(scaled),
        domains,
        skills,
    }
}

fn add_to(list: &mut Vec<(String, Points)>, id: &str, p: Points) {
    match list.iter_mut().find(|(k, _)| k == id) {
        Some((_, points)) => *points += p,
        None => list.push((id.to_string(), p)),
    }
}
