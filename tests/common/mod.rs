//! Helpers shared by the integration tests: synthetic banks and the fixture bank.
#![allow(dead_code)]

use std::path::PathBuf;

use az400_sprint::bank::model::{About, Choice, Detail, Origin};
use az400_sprint::bank::{self, Bank, Body, Month, Question};
use chrono::{DateTime, TimeZone, Utc};

/// A fixed moment for tests.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap()
}

/// The month of [`t0`], against which fixture `verified` dates are judged.
pub fn this_month() -> Month {
    Month {
        year: 2026,
        month: 11,
    }
}

/// The path of a file or folder under `tests/fixtures`.
pub fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// The small fixture bank: one question of every type and a case study.
pub fn fixture_bank() -> Bank {
    let blueprint = bank::builtin().blueprint;
    let loaded = bank::files::load_paths(&[fixture("bank")], &blueprint, this_month());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    Bank::new(blueprint, loaded.questions, loaded.case_studies)
}

/// A single-answer question with option 0 correct.
pub fn single(id: &str, domain: &str, skill: &str) -> Question {
    Question::new(
        About {
            id: id.to_string(),
            domain: domain.to_string(),
            skill: skill.to_string(),
            topic: format!("{skill}.1"),
            difficulty: 2,
            verified: this_month(),
            case_study: None,
            series: None,
            variant_of: None,
            origin: Origin {
                file: "generated.yaml".into(),
                line: 1,
                col: 1,
            },
        },
        Detail {
            stem: format!("Question {id}?").into(),
            body: Body::Single {
                options: vec![
                    Choice {
                        text: "right".into(),
                        correct: true,
                        why: "because".into(),
                    },
                    Choice {
                        text: "wrong".into(),
                        correct: false,
                        why: "because not".into(),
                    },
                ],
            },
            explanation: "Explained. Twice.".into(),
            references: vec!["https://learn.microsoft.com/".into()],
        },
    )
}

/// A bank with `per_skill` single-answer questions in every skill of the real blueprint.
pub fn synthetic_bank(per_skill: usize) -> Bank {
    let blueprint = bank::builtin().blueprint;
    let mut questions = Vec::new();
    for d in &blueprint.domains {
        for s in &d.skills {
            for i in 0..per_skill {
                questions.push(single(&format!("{}-q{i}", s.id), &d.id, &s.id));
            }
        }
    }
    Bank::new(blueprint, questions, Vec::new())
}
