//! Focused drills: due, missed in the last N attempts, flagged and not answered right since,
//! bookmarked, named ones; each combined with a domain or skill filter; checked over days
//! passing with injected time, through the engine and through `az400 drill`.

mod common;

use std::collections::HashSet;
use std::path::Path;

use assert_cmd::Command;
use az400_sprint::attempt::{Attempt, Mode};
use az400_sprint::bank::Bank;
use az400_sprint::focus::{Focus, due, flagged, missed};
use az400_sprint::history::Store;
use az400_sprint::marks::{MARK_FORMAT, MarkRecord, Marks, Stamped};
use az400_sprint::practice::{self, Plan};
use az400_sprint::response::Response;
use az400_sprint::sampler::Filter;
use az400_sprint::session::Session;
use chrono::Duration;
use common::{synthetic_bank, t0};

/// How one question went in an attempt.
#[derive(Clone, Copy)]
enum Went {
    Right,
    Wrong,
    Skipped,
}

/// An attempt finished on `day` (after t0): each question answered as told, some flagged.
fn attempt(bank: &Bank, day: i64, items: &[(&str, Went, bool)]) -> Attempt {
    let ids: Vec<String> = items.iter().map(|(id, ..)| id.to_string()).collect();
    let at = t0() + Duration::days(day);
    let mut s = Session::start(Mode::Drill, bank, &ids, None, day as u64, at);
    for i in 0..ids.len() {
        s.go_to(i, at);
        let id = s.current_item().unwrap().question_id.clone();
        let (_, went, flag) = items.iter().find(|(q, ..)| *q == id).unwrap();
        let pick = match went {
            Went::Right => Some(0),
            Went::Wrong => Some(1),
            Went::Skipped => None,
        };
        if let Some(pick) = pick {
            s.answer(
                bank.question(&id).unwrap(),
                Response::Choices(vec![pick]),
                at,
            )
            .unwrap();
        }
        if *flag {
            s.toggle_flag();
        }
    }
    s.finish(bank, at + Duration::minutes(5))
}

fn set(ids: Vec<String>) -> HashSet<String> {
    ids.into_iter().collect()
}

fn ids(list: &[&str]) -> HashSet<String> {
    list.iter().map(std::string::ToString::to_string).collect()
}

#[test]
fn missed_looks_back_n_finished_attempts_and_skips_unanswered() {
    let bank = synthetic_bank(3);
    let history = vec![
        attempt(&bank, 0, &[("deployments-q0", Went::Wrong, false)]),
        attempt(
            &bank,
            1,
            &[
                ("deployments-q1", Went::Wrong, false),
                ("deployments-q2", Went::Skipped, false),
                ("secrets-q0", Went::Right, false),
            ],
        ),
        attempt(&bank, 2, &[("secrets-q1", Went::Wrong, false)]),
    ];
    assert_eq!(set(missed(&history, 1)), ids(&["secrets-q1"]));
    assert_eq!(
        set(missed(&history, 2)),
        ids(&["secrets-q1", "deployments-q1"])
    );
    assert_eq!(
        set(missed(&history, 5)),
        ids(&["secrets-q1", "deployments-q1", "deployments-q0"])
    );
}

#[test]
fn a_flag_stays_until_a_later_right_answer() {
    let bank = synthetic_bank(3);
    let mut history = vec![attempt(
        &bank,
        0,
        &[
            // Flagged and right in the same attempt: still unsure, still listed.
            ("deployments-q0", Went::Right, true),
            ("deployments-q1", Went::Wrong, true),
            ("deployments-q2", Went::Wrong, true),
        ],
    )];
    assert_eq!(
        set(flagged(&history)),
        ids(&["deployments-q0", "deployments-q1", "deployments-q2"])
    );
    history.push(attempt(
        &bank,
        3,
        &[
            ("deployments-q1", Went::Right, false),
            ("deployments-q2", Went::Wrong, false),
        ],
    ));
    assert_eq!(
        set(flagged(&history)),
        ids(&["deployments-q0", "deployments-q2"])
    );
}

#[test]
fn due_follows_the_memory_model_as_days_pass() {
    let bank = synthetic_bank(2);
    let history = vec![attempt(
        &bank,
        0,
        &[
            ("deployments-q0", Went::Wrong, false),
            ("deployments-q1", Went::Right, false),
            // Left unanswered: not a review, never due.
            ("secrets-q0", Went::Skipped, false),
        ],
    )];
    let day = |n| t0() + Duration::days(n) + Duration::hours(1);
    assert_eq!(due(&history, day(0)), Vec::<String>::new());
    assert_eq!(due(&history, day(1)), vec!["deployments-q0"]);
    // The right answer fades too, only later; the wrong one stays the most forgotten.
    assert_eq!(
        due(&history, day(30)),
        vec!["deployments-q0", "deployments-q1"]
    );
}

#[test]
fn a_focused_drill_draws_only_the_selection_within_the_filter() {
    let bank = synthetic_bank(4);
    let marks = Marks::from_records(["deployments-q0", "deployments-q3", "secrets-q2"].map(|q| {
        MarkRecord {
            format: MARK_FORMAT,
            question: q.into(),
            bookmark: Some(Stamped {
                value: true,
                at: t0(),
            }),
            note: None,
        }
    }));
    let only = Focus::Bookmarked.select(&az400_sprint::history::Ledger::default(), &marks, t0());
    assert_eq!(
        set(only.clone()),
        ids(&["deployments-q0", "deployments-q3", "secrets-q2"])
    );
    for seed in 0..10 {
        let plan = Plan {
            seed: Some(seed),
            questions: 10,
            ..Plan::drill(Filter {
                only: Some(only.clone()),
                ..Filter::default()
            })
        };
        let session = practice::start(&bank, &plan, &[], t0()).unwrap();
        let drawn: HashSet<String> = session
            .items
            .iter()
            .map(|i| i.question_id.clone())
            .collect();
        assert_eq!(drawn, set(only.clone()));
        let plan = Plan {
            seed: Some(seed),
            ..Plan::drill(Filter {
                skills: vec!["deployments".into()],
                only: Some(only.clone()),
                ..Filter::default()
            })
        };
        let session = practice::start(&bank, &plan, &[], t0()).unwrap();
        let drawn: HashSet<String> = session
            .items
            .iter()
            .map(|i| i.question_id.clone())
            .collect();
        assert_eq!(drawn, ids(&["deployments-q0", "deployments-q3"]));
    }
}

fn az400(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("az400").unwrap();
    cmd.env("AZ400_CONFIG", data.join("no-config.toml"))
        .env_remove("AZ400_DATA_DIR")
        .arg("--data-dir")
        .arg(data);
    cmd
}

fn stderr_of(data: &Path, args: &[&str]) -> String {
    let out = az400(data).args(args).output().unwrap();
    assert!(!out.status.success());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn an_empty_selection_says_why_and_starts_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    for (args, says) in [
        (&["drill", "--due"][..], "no question is due for review now"),
        (
            &["drill", "--missed"],
            "no question was answered wrong or partly right in the last 5 attempts",
        ),
        (
            &["drill", "--flagged"],
            "no flagged question is waiting for a right answer",
        ),
        (&["drill", "--bookmarked"], "no question is bookmarked"),
        (
            &[
                "drill",
                "--id",
                "nope",
                "packages-ghcr-token-least-privilege",
            ],
            "no question `nope` in the bank",
        ),
    ] {
        let err = stderr_of(data, args);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // A bookmark outside the chosen domain: nothing to drill there.
    az400(data)
        .args(["bookmark", "packages-ghcr-token-least-privilege"])
        .assert()
        .success();
    let err = stderr_of(data, &["drill", "--bookmarked", "--domain", "security"]);
    assert!(
        err.contains("none of the bookmarked questions is in the chosen domains and skills"),
        "{err}"
    );
    // In the domain, the drill would start (it needs a terminal, which the test has not).
    let err = stderr_of(data, &["drill", "--bookmarked", "--domain", "pipelines"]);
    assert!(err.contains("needs an interactive terminal"), "{err}");
    // One focus at a time, and not with a case study.
    let out = az400(data)
        .args(["drill", "--due", "--flagged"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = az400(data)
        .args(["drill", "--case-study", "--due"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(Store::open(data).unwrap().sessions().sessions.is_empty());
}
