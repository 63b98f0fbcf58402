//! Coverage of the exam outline topic by topic: which topics were answered, which are weak,
//! which were never seen — the map a learner scans for blind spots.

use serde::Serialize;

use crate::attempt::Attempt;
use crate::bank::Bank;
use crate::history::Ledger;
use crate::scoring::Points;

/// Under this share of points a topic is weak (the pass mark's share of the scale).
pub const WEAK_BELOW: f64 = 0.7;

/// Where a topic stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TopicState {
    /// No answer yet.
    Unseen,
    /// Answered, under [`WEAK_BELOW`] of its points.
    Weak,
    /// Answered, at or above [`WEAK_BELOW`] of its points.
    Answered,
}

/// One topic of the outline with the answers behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopicCoverage {
    /// The topic id (`deployments.3`).
    pub id: String,
    /// Its skill id.
    pub skill: String,
    /// Its domain id.
    pub domain: String,
    /// Answers given to its questions (unanswered questions are not answers).
    pub answers: usize,
    /// Points earned out of possible over those answers.
    pub points: Points,
    /// Where it stands.
    pub state: TopicState,
}

/// Every topic of the blueprint, in outline order, with the answers of `attempts` behind it.
/// A question's topic is taken from the snapshot it was asked with, else from the bank.
pub fn topic_map(attempts: &[Attempt], bank: &Bank) -> Vec<TopicCoverage> {
    topic_map_of(&Ledger::from_attempts(attempts), bank)
}

/// [`topic_map`] of the history in brief.
pub fn topic_map_of(history: &Ledger, bank: &Bank) -> Vec<TopicCoverage> {
    let mut map: Vec<TopicCoverage> = bank
        .blueprint
        .domains
        .iter()
        .flat_map(|d| {
            d.skills.iter().flat_map(move |s| {
                s.topics.iter().map(move |t| TopicCoverage {
                    id: t.id.clone(),
                    skill: s.id.clone(),
                    domain: d.id.clone(),
                    answers: 0,
                    points: Points::default(),
                    state: TopicState::Unseen,
                })
            })
        })
        .collect();
    let index: std::collections::HashMap<String, usize> = map
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.clone(), i))
        .collect();
    for item in history.attempts().iter().flat_map(|a| &a.items) {
        if !item.answered {
            continue;
        }
        let topic = match item.topic {
            Some(topic) => Some(history.name(topic)),
            None => bank
                .question(history.name(item.question))
                .map(|q| q.topic.as_str()),
        };
        let Some(topic) = topic else {
            continue;
        };
        if let Some(entry) = index.get(topic).and_then(|i| map.get_mut(*i)) {
            entry.answers += 1;
            entry.points += item.points;
        }
    }
    for t in &mut map {
        t.state = if t.answers == 0 || t.points.possible == 0 {
            TopicState::Unseen
        } else if t.points.ratio() < WEAK_BELOW {
            TopicState::Weak
        } else {
            TopicState::Answered
        };
    }
    map
}
