//! `az400 export`: questions taken out of the app to study elsewhere — the ones missed in recent
//! attempts, the ones due for review, the bookmarked ones or those with a note — as an Anki
//! import file, CSV for a spreadsheet, or Markdown for notes. A question's note goes with it.
//!
//! Questions come from the attempts' own snapshots (as they were last asked), or from the bank
//! for questions never asked and old attempts that hold none. Every text is made safe first: control characters other than
//! newline and tab become visible escapes, whatever a history file holds.

pub mod anki;
pub mod card;
pub mod csv;
pub mod markdown;

use std::collections::HashSet;
use std::io::{self, Write};

use chrono::{DateTime, Utc};

use crate::attempt::Attempt;
use crate::bank::Bank;
use crate::marks::Marks;

pub use crate::focus::DEFAULT_MISSED_ATTEMPTS;
pub use card::Card;

/// Which questions to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// Questions that missed points (wrong, partly right or unanswered) in the last N finished
    /// attempts.
    Missed(usize),
    /// Questions due for review: their recall has fallen under the target retention (FSRS).
    Due,
    /// Bookmarked questions.
    Bookmarked,
    /// Questions with a note.
    Notes,
}

impl Selection {
    /// A heading for what was selected.
    pub fn title(self) -> String {
        match self {
            Selection::Missed(1) => "Missed in the last attempt".into(),
            Selection::Missed(n) => format!("Missed in the last {n} attempts"),
            Selection::Due => "Due for review".into(),
            Selection::Bookmarked => "Bookmarked".into(),
            Selection::Notes => "With my notes".into(),
        }
    }
}

/// The file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Markdown, for notes.
    #[default]
    Md,
    /// CSV (RFC 4180), for a spreadsheet.
    Csv,
    /// Anki's plain-text import format (tab-separated, HTML fields).
    Anki,
}

/// The cards for a selection from `attempts` (oldest first) and `marks` as of `now`, in
/// blueprint order (domain, skill, topic, id), each question once, as it was last asked (or
/// as the bank holds it), with its note; with a warning for each question that could not be
/// found.
pub fn select(
    attempts: &[Attempt],
    bank: &Bank,
    marks: &Marks,
    selection: Selection,
    now: DateTime<Utc>,
) -> (Vec<Card>, Vec<String>) {
    let wanted: Vec<String> = match selection {
        Selection::Missed(n) => attempts
            .iter()
            .rev()
            .take(n)
            .flat_map(|a| &a.items)
            .filter(|i| !i.points.is_full())
            .map(|i| i.question_id.clone())
            .collect(),
        Selection::Due => crate::focus::due(attempts, now),
        Selection::Bookmarked => marks.bookmarked().into_iter().map(String::from).collect(),
        Selection::Notes => marks
            .set()
            .filter(|m| !m.note.is_empty())
            .map(|m| m.question.clone())
            .collect(),
    };
    let wanted: HashSet<&str> = wanted.iter().map(String::as_str).collect();
    let mut cards = Vec::new();
    let mut warnings = Vec::new();
    let mut done: HashSet<String> = HashSet::new();
    // Newest first, so each question is taken as it was last asked.
    for attempt in attempts.iter().rev() {
        for item in &attempt.items {
            if done.contains(&item.question_id) || !wanted.contains(item.question_id.as_str()) {
                continue;
            }
            if let Some(question) = item.question(bank) {
                done.insert(item.question_id.clone());
                let case = question.case_study.as_ref().and_then(|id| {
                    attempt
                        .case_studies
                        .iter()
                        .chain(&bank.case_studies)
                        .find(|c| &c.id == id)
                });
                cards.push(Card::new(question, case).with_note(marks.note(&question.id)));
            }
        }
    }
    let mut left: Vec<&str> = wanted
        .into_iter()
        .filter(|id| !done.contains(*id))
        .collect();
    left.sort_unstable();
    for id in left {
        match bank.question(id) {
            Some(question) => {
                let case = question
                    .case_study
                    .as_ref()
                    .and_then(|c| bank.case_study(c));
                cards.push(Card::new(question, case).with_note(marks.note(id)));
            }
            None => warnings.push(format!(
                "question `{}` is no longer in the bank and no attempt holds a copy of it; \
                 left out",
                crate::untrusted::escape_line(id)
            )),
        }
    }
    let order = |card: &Card| {
        let domain = bank
            .blueprint
            .domains
            .iter()
            .position(|d| d.id == card.domain);
        let skill = bank
            .blueprint
            .domains
            .iter()
            .flat_map(|d| &d.skills)
            .position(|s| s.id == card.skill);
        (
            domain.unwrap_or(usize::MAX),
            skill.unwrap_or(usize::MAX),
            card.topic.clone(),
            card.id.clone(),
        )
    };
    cards.sort_by_cached_key(order);
    (cards, warnings)
}

/// Writes `cards` in `format`; `title` heads the Markdown file.
pub fn write(cards: &[Card], format: Format, title: &str, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Md => markdown::write(cards, title, out),
        Format::Csv => csv::write(cards, out),
        Format::Anki => anki::write(cards, out),
    }
}
