//! A finished attempt: what history stores and review walks through.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::response::Response;
use crate::scoring::Points;

/// The version of the attempt file format; a reader refuses newer versions.
pub const ATTEMPT_FORMAT: u32 = 1;

/// Which kind of practice an attempt was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The daily timed sprint.
    Sprint,
    /// A drill on chosen domains or skills, with feedback after each answer.
    Drill,
    /// A full exam simulation.
    Exam,
}

impl Mode {
    /// The mode's name as the user sees it.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Sprint => "Sprint",
            Mode::Drill => "Drill",
            Mode::Exam => "Exam",
        }
    }
}

/// One finished attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// The file format version, [`ATTEMPT_FORMAT`].
    pub format: u32,
    /// Unique id, sortable by start time (`20261121-223000-1a2b`).
    pub id: String,
    /// The kind of practice.
    pub mode: Mode,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it was submitted.
    pub finished_at: DateTime<Utc>,
    /// Active seconds spent (time suspended between runs not counted).
    pub seconds_used: u32,
    /// The time limit, if timed.
    pub limit_seconds: Option<u32>,
    /// Whether the clock ran out and submitted it.
    pub timed_out: bool,
    /// The fingerprint of the bank it was drawn from.
    pub bank_hash: String,
    /// Points earned out of possible.
    pub points: Points,
    /// The score out of 1000.
    pub scaled: u32,
    /// Whether it reached 700.
    pub passed: bool,
    /// Every question, in the order shown.
    pub items: Vec<AttemptItem>,
}

/// One question of a finished attempt, with enough context to count it even if the bank
/// later changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptItem {
    /// The question id.
    pub question_id: String,
    /// Its domain id when answered.
    pub domain: String,
    /// Its skill id when answered.
    pub skill: String,
    /// The answer given, if any.
    pub response: Option<Response>,
    /// Points earned out of possible.
    pub points: Points,
    /// Seconds spent on it.
    pub seconds: u32,
    /// Whether it was marked for review.
    pub flagged: bool,
    /// The display order of its options, steps or slot choices.
    pub shuffle: Vec<Vec<usize>>,
}
