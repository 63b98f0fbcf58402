//! `az400 export`: questions taken out of the app to study elsewhere — the ones missed in recent
//! attempts, or the ones due for review — as an Anki import file, CSV for a spreadsheet, or
//! Markdown for notes.
//!
//! Questions come from the attempts' own snapshots (as they were asked), or from the bank for
//! old attempts that hold none. Every text is made safe first: control characters other than
//! newline and tab become visible escapes, whatever a history file holds.

pub mod anki;
pub mod card;
pub mod csv;
pub mod markdown;

use std::collections::HashSet;
use std::io::{self, Write};

use crate::attempt::Attempt;
use crate::bank::Bank;
use crate::history::stats::familiarity;

pub use card::Card;

/// How many recent attempts `--missed` looks at unless told.
pub const DEFAULT_MISSED_ATTEMPTS: usize = 5;

/// Which questions to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// Questions that missed points (wrong, partly right or unanswered) in the last N finished
    /// attempts.
    Missed(usize),
    /// Questions due for review: their last answer missed points.
    Due,
}

impl Selection {
    /// A heading for what was selected.
    pub fn title(self) -> String {
        match self {
            Selection::Missed(1) => "Missed in the last attempt".into(),
            Selection::Missed(n) => format!("Missed in the last {n} attempts"),
            Selection::Due => "Due for review".into(),
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

/// The cards for a selection from `attempts` (oldest first), in blueprint order (domain, skill,
/// topic, id), each question once, as it was last asked; with a warning for each question that
/// could not be found.
pub fn select(attempts: &[Attempt], bank: &Bank, selection: Selection) -> (Vec<Card>, Vec<String>) {
    let wanted: HashSet<&str> = match selection {
        Selection::Missed(n) => attempts
            .iter()
            .rev()
            .take(n)
            .flat_map(|a| &a.items)
            .filter(|i| !i.points.is_full())
            .map(|i| i.question_id.as_str())
            .collect(),
        Selection::Due => {
            let due: HashSet<String> = familiarity(attempts)
                .into_iter()
                .filter(|(_, seen)| seen.due)
                .map(|(id, _)| id)
                .collect();
            attempts
                .iter()
                .flat_map(|a| &a.items)
                .map(|i| i.question_id.as_str())
                .filter(|id| due.contains(*id))
                .collect()
        }
    };
    let mut cards = Vec::new();
    let mut warnings = Vec::new();
    let mut done = HashSet::new();
    // Newest first, so each question is taken as it was last asked.
    for attempt in attempts.iter().rev() {
        for item in &attempt.items {
            if done.contains(&item.question_id) || !wanted.contains(item.question_id.as_str()) {
                continue;
            }
            done.insert(item.question_id.clone());
            match item.question(bank) {
                Some(question) => {
                    let case = question.case_study.as_ref().and_then(|id| {
                        attempt
                            .case_studies
                            .iter()
                            .chain(&bank.case_studies)
                            .find(|c| &c.id == id)
                    });
                    cards.push(Card::new(question, case));
                }
                None => warnings.push(format!(
                    "question `{}` is no longer in the bank and attempt {} holds no copy of it; \
                     left out",
                    item.question_id, attempt.id
                )),
            }
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
