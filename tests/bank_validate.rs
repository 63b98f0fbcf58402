//! `az400 bank validate`: every rule has a fixture under tests/fixtures/invalid, and each
//! problem is reported as `path:line:col: message` at the offending place.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use az400_sprint::bank::{self, files::load_paths};
use common::fixture;

/// (fixture, line:col, a part of the message) — one row per rule.
const RULES: &[(&str, &str, &str)] = &[
    ("yaml-syntax", "9:12", "YAML syntax error"),
    (
        "unknown-field",
        "8:5",
        "unknown field `dificulty` (did you mean `difficulty`?)",
    ),
    ("missing-field", "2:5", "missing field `topic`"),
    (
        "wrong-type",
        "10:14",
        "`options` should be a list, found a scalar",
    ),
    (
        "wrong-root",
        "1:1",
        "should be a mapping of fields, found a list",
    ),
    ("empty", "1:1", "the file is empty"),
    ("invalid-utf8", "9:13", "invalid UTF-8"),
    (
        "duplicate-id",
        "20:5",
        "id `deployments-base-question` is used twice: first at",
    ),
    ("unknown-domain", "3:13", "unknown domain `pipelinez`"),
    (
        "unknown-skill",
        "4:12",
        "unknown skill `deploymentz` in domain `pipelines`",
    ),
    (
        "skill-outside-domain",
        "4:12",
        "skill `branching` belongs to domain `source-control`, not `pipelines`",
    ),
    ("unknown-topic", "5:12", "unknown topic `deployments.9`"),
    (
        "difficulty",
        "7:17",
        "difficulty must be 1, 2 or 3, not `4`",
    ),
    (
        "single-correct",
        "11:7",
        "exactly one correct option, found 2",
    ),
    (
        "multiple-correct",
        "11:7",
        "two or more correct options, found 1",
    ),
    ("multiple-no-wrong", "11:7", "at least one wrong option"),
    ("repeated-option", "14:9", "option text repeated: `Right`"),
    ("order-steps", "11:7", "at least 3 steps, found 2"),
    (
        "yesno-answer",
        "12:17",
        "answer must be `yes` or `no`, not `maybe`",
    ),
    (
        "fill-placeholders",
        "11:7",
        "placeholders ({{1}} {{3}}) do not match its 2 slots",
    ),
    (
        "fill-answer",
        "17:17",
        "slot answer `--app` is not among the slot's options",
    ),
    ("empty-stem", "8:11", "`stem` is empty"),
    ("empty-explanation", "16:16", "`explanation` is empty"),
    ("reference-not-https", "19:9", "is not an https URL"),
    ("control-character", "8:11", "control character \\u{1b}"),
    ("alias-bomb", "2:8", "aliases (`*name`) are not allowed"),
];

#[test]
fn each_rule_reports_exactly_its_problem_at_the_right_place() {
    let blueprint = bank::builtin().blueprint;
    for (name, at, message) in RULES {
        let path = fixture(&format!("invalid/{name}.yaml"));
        let loaded = load_paths(std::slice::from_ref(&path), &blueprint);
        let shown: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown.len(), 1, "{name}: {shown:#?}");
        let expected = format!("{}:{at}: ", path.display());
        assert!(
            shown[0].starts_with(&expected) && shown[0].contains(message),
            "{name}: expected `{expected}…{message}…`, got `{}`",
            shown[0]
        );
        assert!(
            loaded.questions.is_empty(),
            "{name}: the broken question is not loaded"
        );
    }
}

#[test]
fn the_fixture_bank_is_valid_and_the_command_says_so() {
    Command::cargo_bin("az400")
        .unwrap()
        .args(["bank", "validate"])
        .arg(fixture("bank"))
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "7 valid question(s), 1 case study: no problems",
        ));
}

#[test]
fn the_command_lists_every_problem_of_every_file_and_exits_2() {
    let out = Command::cargo_bin("az400")
        .unwrap()
        .args(["bank", "validate"])
        .arg(fixture("invalid"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for (name, at, _) in RULES {
        assert!(
            stdout.contains(&format!("{name}.yaml:{at}: ")),
            "{name} missing in\n{stdout}"
        );
    }
    assert!(
        stdout
            .trim_end()
            .ends_with(&format!("{} problem(s)", RULES.len()))
    );
}

#[test]
fn the_builtin_bank_validates() {
    Command::cargo_bin("az400")
        .unwrap()
        .args(["bank", "validate"])
        .assert()
        .success()
        .stdout(predicates::str::contains("no problems"));
}

fn validate_quickly(path: &Path) -> String {
    let start = Instant::now();
    let out = Command::cargo_bin("az400")
        .unwrap()
        .args(["bank", "validate"])
        .arg(path)
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    let took = start.elapsed();
    assert_eq!(
        out.status.code(),
        Some(2),
        "a hostile file is an error, not a crash"
    );
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        !stdout.chars().any(|c| c.is_control() && c != '\n'),
        "{stdout:?}"
    );
    stdout
}

#[test]
fn hostile_files_end_in_an_error_without_hang_or_panic() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("deep.yaml");
    std::fs::write(&deep, "[".repeat(100_000)).unwrap();
    let out = validate_quickly(&deep);
    assert!(out.contains("deep.yaml:1:"), "{out}");

    let block_deep = dir.path().join("block-deep.yaml");
    std::fs::write(&block_deep, format!("{}x\n", "- ".repeat(100_000))).unwrap();
    let out = validate_quickly(&block_deep);
    assert!(out.contains("nesting deeper than"), "{out}");

    let huge = dir.path().join("huge.yaml");
    let line = "# padding padding padding padding padding padding padding padding\n";
    std::fs::write(&huge, line.repeat(50 * 1024 * 1024 / line.len())).unwrap();
    let out = validate_quickly(&huge);
    assert!(out.contains("larger than the 4 MiB"), "{out}");

    let escapes = dir.path().join("escapes\x1b[31m.yaml");
    std::fs::write(&escapes, "questions:\n  - id: \"x\x1b]0;pwned\x07\"\n").unwrap();
    let out = validate_quickly(&escapes);
    assert!(out.contains("\\u{1b}"), "{out}");

    validate_quickly(&fixture("invalid/alias-bomb.yaml"));
}

#[test]
fn a_broken_user_question_is_skipped_with_a_warning_and_the_rest_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("bank/sample.yaml"), dir.path().join("good.yaml")).unwrap();
    std::fs::copy(
        fixture("invalid/difficulty.yaml"),
        dir.path().join("bad.yaml"),
    )
    .unwrap();
    let builtin = bank::builtin();
    let before = builtin.questions.len();
    let (merged, warnings) = bank::with_user_files(builtin, &[dir.path().to_path_buf()]);
    assert_eq!(merged.questions.len(), before + 5);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("bad.yaml:7:17"), "{}", warnings[0]);
}
