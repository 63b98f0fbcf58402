//! A question as a flash card, in plain text that every format then escapes its own way: the
//! front (stem, what to do, the options) and the back (the answer part by part with each
//! part's why, the explanation, the references).

use crate::bank::text::neutralize;
use crate::bank::{Body, CaseStudy, Question};

/// One exported question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// The question id.
    pub id: String,
    /// Its domain id.
    pub domain: String,
    /// Its skill id.
    pub skill: String,
    /// Its topic id.
    pub topic: String,
    /// Its type, as written in the bank (`single`, `series`, …).
    pub kind: &'static str,
    /// The case study it belongs to: its title and scenario sections (heading, text).
    pub case_study: Option<(String, Vec<(String, String)>)>,
    /// The stem (Markdown).
    pub stem: String,
    /// What to do, e.g. "Choose 2 answers."
    pub prompt: String,
    /// A snippet with numbered gaps (`[1]`), for snippet questions.
    pub snippet: Option<String>,
    /// The options, statements, items or gaps, one line each.
    pub options: Vec<String>,
    /// The answer, one line per part, with its why.
    pub answer: Vec<String>,
    /// The explanation (Markdown).
    pub explanation: String,
    /// Reference URLs.
    pub references: Vec<String>,
    /// The user's note on it (empty: none).
    pub note: String,
}

/// Text from a bank or a history file, with control characters (but newline and tab) made
/// visible.
fn safe(text: &str) -> String {
    neutralize(text).into_owned()
}

/// `text — why`, or `text` alone when there is no why.
fn with_why(text: &str, why: &str) -> String {
    if why.trim().is_empty() {
        safe(text)
    } else {
        format!("{} — {}", safe(text), safe(why.trim()))
    }
}

impl Card {
    /// The card with the user's note on it (made safe like every other text).
    pub fn with_note(mut self, note: &str) -> Card {
        self.note = safe(note.trim_end());
        self
    }

    /// The card for `question`, with its case study if it has one.
    pub fn new(question: &Question, case_study: Option<&CaseStudy>) -> Card {
        let (prompt, snippet, options, answer) = parts(question);
        Card {
            id: safe(&question.id),
            domain: safe(&question.domain),
            skill: safe(&question.skill),
            topic: safe(&question.topic),
            kind: question.kind_name(),
            case_study: case_study.map(|c| {
                (
                    safe(&c.title),
                    c.scenario
                        .iter()
                        .map(|s| (safe(&s.heading), safe(&s.text)))
                        .collect(),
                )
            }),
            stem: safe(question.stem().trim_end()),
            prompt,
            snippet,
            options,
            answer,
            explanation: safe(question.explanation().trim_end()),
            references: question.references().iter().map(|r| safe(r)).collect(),
            note: String::new(),
        }
    }
}

type Parts = (String, Option<String>, Vec<String>, Vec<String>);

/// The prompt, snippet, front lines and back lines of each type of question.
fn parts(question: &Question) -> Parts {
    let numbered = |i: usize, text: &str| format!("{}. {}", i + 1, safe(text));
    match &question.body() {
        Body::Single { options } | Body::Multiple { options } => {
            let right = question.body().to_choose();
            let prompt = if right == 1 {
                "Choose one answer.".to_string()
            } else {
                format!("Choose {right} answers.")
            };
            let front = options
                .iter()
                .enumerate()
                .map(|(i, o)| numbered(i, &o.text));
            let back = options.iter().enumerate().map(|(i, o)| {
                let mark = if o.correct { "✓" } else { "✗" };
                format!(
                    "{mark} {}",
                    with_why(&format!("{}. {}", i + 1, o.text), &o.why)
                )
            });
            (prompt, None, front.collect(), back.collect())
        }
        Body::Order { steps, distractors } => {
            // Listed alphabetically, so the front does not give the order away.
            let mut items: Vec<String> = steps
                .iter()
                .chain(distractors.iter().map(|d| &d.text))
                .map(|t| t.source().to_string())
                .collect();
            items.sort_by_key(|t| t.to_lowercase());
            let prompt = if distractors.is_empty() {
                "Put the steps in order."
            } else {
                "Put the steps in order; some items are not steps."
            };
            let mut back: Vec<String> = steps
                .iter()
                .enumerate()
                .map(|(i, s)| numbered(i, s))
                .collect();
            back.extend(
                distractors
                    .iter()
                    .map(|d| format!("✗ not a step: {}", with_why(&d.text, &d.why))),
            );
            let front = items.iter().map(|t| safe(t));
            (prompt.into(), None, front.collect(), back)
        }
        Body::YesNo { statements } if question.series.is_some() => {
            let front = statements
                .iter()
                .map(|s| format!("Proposed solution: {}", safe(&s.text)));
            let back = statements.iter().map(|s| {
                let verdict = if s.answer { "Yes" } else { "No" };
                with_why(verdict, &s.why)
            });
            (
                "Does the solution meet the goal? Yes or no.".into(),
                None,
                front.collect(),
                back.collect(),
            )
        }
        Body::YesNo { statements } => {
            let front = statements
                .iter()
                .enumerate()
                .map(|(i, s)| numbered(i, &s.text));
            let back = statements.iter().enumerate().map(|(i, s)| {
                let verdict = if s.answer { "Yes" } else { "No" };
                with_why(&format!("{}. {verdict}", i + 1), &s.why)
            });
            (
                "Answer yes or no to each statement.".into(),
                None,
                front.collect(),
                back.collect(),
            )
        }
        Body::Fill { template, slots } => {
            let mut snippet = safe(template.trim_end());
            for n in 1..=slots.len() {
                snippet = snippet.replace(&format!("{{{{{n}}}}}"), &format!("[{n}]"));
            }
            let front = slots.iter().enumerate().map(|(i, s)| {
                let choices: Vec<String> = s.options.iter().map(|o| safe(o)).collect();
                format!("Gap {}: {}", i + 1, choices.join(" | "))
            });
            let back = slots.iter().enumerate().map(|(i, s)| {
                let right = s.options.get(s.answer).map_or("", String::as_str);
                with_why(&format!("Gap {}: {right}", i + 1), &s.why)
            });
            (
                "Complete the snippet: choose an option for each gap.".into(),
                Some(snippet),
                front.collect(),
                back.collect(),
            )
        }
    }
}
