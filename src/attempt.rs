//! A finished attempt: what history stores and review walks through.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::bank::{Bank, CaseStudy, Question};
use crate::response::Response;
use crate::scoring::{MAX_SCORE, Points};

/// The version of the attempt file format; a reader refuses newer versions. Version 2 added
/// random ids and the snapshot of every question asked.
pub const ATTEMPT_FORMAT: u32 = 2;

/// The longest an id may be.
pub const MAX_ID_LEN: usize = 64;
/// The most questions a session or attempt may hold; more is a hand-edited file.
pub const MAX_ITEMS: usize = 1000;
/// The most seconds an attempt, a question or a time limit may count: 31 days. More is a
/// hand-edited file, not practice.
pub const MAX_SECONDS: u32 = 31 * 24 * 3600;

/// The earliest and latest years a date in a file may have: outside them it is a hand edit,
/// and date arithmetic near chrono's limits would overflow.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2200;

/// Checks that a date read from a file is plausible (years 2000 to 2200).
pub fn check_time(what: &str, time: DateTime<Utc>) -> Result<(), String> {
    use chrono::Datelike as _;
    if YEARS.contains(&time.year()) {
        Ok(())
    } else {
        Err(format!(
            "its {what} {time} is not between the years 2000 and 2200"
        ))
    }
}

/// A new globally unique id for a session and the attempt it becomes: the start time (so ids
/// sort by time and say when) and 128 random bits, written in lowercase base 32, e.g.
/// `20261121-223000-0f3kq…`. Two machines, or two starts with one seed in one second, never
/// share one.
pub fn new_id(now: DateTime<Utc>) -> String {
    const DIGITS: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
    let mut bits: u128 = rand::random();
    let mut random = String::with_capacity(26);
    for _ in 0..26 {
        random.push(char::from(DIGITS[(bits & 31) as usize]));
        bits >>= 5;
    }
    format!("{}-{random}", now.format("%Y%m%d-%H%M%S"))
}

/// Whether an id read from a file may name a file: 1 to [`MAX_ID_LEN`] ASCII letters, digits,
/// `-` and `_`. No separator, dot or control character can pass, so a path built from a valid
/// id stays in its folder.
pub fn is_valid_id(id: &str) -> bool {
    (1..=MAX_ID_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

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
    /// Unique id, the id of the session it was ([`new_id`]).
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
    /// The case studies its questions belong to, as they were when asked.
    #[serde(default)]
    pub case_studies: Vec<CaseStudy>,
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
    /// The question as it was asked (absent only in files of format 1). Shared: attempts that
    /// asked the same version of a question may hold one copy of it (the attempt cache does).
    #[serde(default, with = "shared")]
    pub question: Option<Arc<Question>>,
}

/// A shared snapshot is written and read as the question itself: the attempt file's format does
/// not change with how memory holds it.
mod shared {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::bank::Question;

    #[allow(clippy::ref_option)] // serde's `with` hands over the field by reference
    pub fn serialize<S: Serializer>(
        question: &Option<Arc<Question>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        question.as_deref().serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Arc<Question>>, D::Error> {
        Ok(Option::<Question>::deserialize(deserializer)?.map(Arc::new))
    }
}

impl AttemptItem {
    /// Whether an answer was given (a question left untouched, as in a timed-out attempt, was
    /// not answered).
    pub fn is_answered(&self) -> bool {
        self.response.as_ref().is_some_and(Response::is_started)
    }

    /// The question as it was asked, or (for an old file without a snapshot) the bank's.
    pub fn question<'a>(&'a self, bank: &'a Bank) -> Option<&'a Question> {
        self.question
            .as_deref()
            .or_else(|| bank.question(&self.question_id))
    }

    /// How the bank's current version of the question compares with the one answered.
    pub fn in_bank(&self, bank: &Bank) -> InBank {
        match (&self.question, bank.question(&self.question_id)) {
            (_, None) => InBank::Gone,
            (Some(asked), Some(now)) if !same_question(asked, now) => InBank::Changed,
            _ => InBank::Same,
        }
    }
}

/// How a question answered compares with the bank's version of it now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InBank {
    /// The bank holds the same question.
    Same,
    /// The bank's version differs from the one answered.
    Changed,
    /// The bank no longer holds it.
    Gone,
}

/// Whether two versions of a question ask, score and explain the same (where each was written
/// does not count).
pub fn same_question(a: &Question, b: &Question) -> bool {
    let mut a = a.clone();
    a.origin = b.origin.clone();
    &a == b
}

impl Attempt {
    /// The score report of the attempt's recorded points, per domain and skill.
    pub fn report(&self, blueprint: &crate::bank::Blueprint) -> crate::scoring::ScoreReport {
        crate::scoring::tally(
            blueprint,
            self.items
                .iter()
                .map(|i| (i.domain.as_str(), i.skill.as_str(), i.points)),
        )
    }

    /// The case study with this id, as it was when asked, or (old files) the bank's.
    pub fn case_study<'a>(&'a self, id: &str, bank: &'a Bank) -> Option<&'a CaseStudy> {
        self.case_studies
            .iter()
            .find(|c| c.id == id)
            .or_else(|| bank.case_study(id))
    }

    /// Checks what a file can get wrong that the types cannot: the id, and every number in
    /// range (a score of at most 1000, earned at most possible, times within [`MAX_SECONDS`]).
    pub fn check(&self) -> Result<(), String> {
        if !is_valid_id(&self.id) {
            return Err("its id is not a valid attempt id".into());
        }
        if self.items.len() > MAX_ITEMS {
            return Err(format!("it holds more than {MAX_ITEMS} questions"));
        }
        if self.scaled > MAX_SCORE {
            return Err(format!("its score {} is above {MAX_SCORE}", self.scaled));
        }
        check_time("start", self.started_at)?;
        check_time("finish", self.finished_at)?;
        check_points(self.points)?;
        check_seconds(self.seconds_used)?;
        if let Some(limit) = self.limit_seconds {
            check_seconds(limit)?;
        }
        let mut sum = Points::default();
        for item in &self.items {
            check_points(item.points)?;
            check_seconds(item.seconds)?;
            if item
                .question
                .as_ref()
                .is_some_and(|q| q.id != item.question_id)
            {
                return Err("a question snapshot does not match its id".into());
            }
            sum.earned = sum
                .earned
                .checked_add(item.points.earned)
                .ok_or("points overflow")?;
            sum.possible = sum
                .possible
                .checked_add(item.points.possible)
                .ok_or("points overflow")?;
        }
        if sum != self.points {
            return Err("its total points are not the sum of its questions'".into());
        }
        Ok(())
    }
}

fn check_points(points: Points) -> Result<(), String> {
    if points.earned > points.possible {
        return Err(format!(
            "it earned {} of {} points",
            points.earned, points.possible
        ));
    }
    Ok(())
}

fn check_seconds(seconds: u32) -> Result<(), String> {
    if seconds > MAX_SECONDS {
        return Err(format!("it counts {seconds} seconds, more than 31 days"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_valid_and_sort_by_time() {
        let now = chrono::Utc::now();
        let a = new_id(now);
        let b = new_id(now);
        assert_ne!(a, b);
        assert!(is_valid_id(&a) && a.len() <= MAX_ID_LEN, "{a}");
        assert!(a.starts_with(&now.format("%Y%m%d-%H%M%S").to_string()));
    }

    #[test]
    fn ids_that_could_leave_a_folder_are_refused() {
        for bad in [
            "",
            "../../victim",
            "a/b",
            "a.json",
            "x\u{1b}[2J",
            "é",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_id(bad), "{bad:?}");
        }
        assert!(is_valid_id("20261121-223000-1a2b"));
    }
}
