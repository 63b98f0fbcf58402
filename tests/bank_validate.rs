//! `az400 bank validate`: every rule has a fixture under tests/fixtures/invalid, and each
//! problem is reported as `path:line:col: message` at the offending place.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use az400_sprint::bank::{self, Body, files::load_paths};
use common::{fixture, this_month};

/// (fixture, line:col, a part of the message) — one row per rule.
const RULES: &[(&str, &str, &str)] = &[
    ("yaml-syntax", "10:12", "YAML syntax error"),
    (
        "unknown-field",
        "9:5",
        "unknown field `dificulty` (did you mean `difficulty`?)",
    ),
    ("missing-field", "2:5", "missing field `topic`"),
    (
        "wrong-type",
        "11:14",
        "`options` should be a list, found a scalar",
    ),
    (
        "wrong-root",
        "1:1",
        "should be a mapping of fields, found a list",
    ),
    ("empty", "1:1", "the file is empty"),
    ("invalid-utf8", "10:13", "invalid UTF-8"),
    (
        "duplicate-id",
        "21:5",
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
        "12:7",
        "exactly one correct option, found 2",
    ),
    (
        "multiple-correct",
        "12:7",
        "two or more correct options, found 1",
    ),
    ("multiple-no-wrong", "12:7", "at least one wrong option"),
    ("repeated-option", "15:9", "option text repeated: `Right`"),
    ("order-steps", "12:7", "at least 3 steps, found 2"),
    (
        "yesno-answer",
        "13:17",
        "answer must be `yes` or `no`, not `maybe`",
    ),
    (
        "fill-placeholders",
        "12:7",
        "placeholders ({{1}} {{3}}) do not match its 2 slots",
    ),
    (
        "fill-answer",
        "18:17",
        "slot answer `--app` is not among the slot's options",
    ),
    ("empty-stem", "9:11", "`stem` is empty"),
    ("empty-explanation", "17:16", "`explanation` is empty"),
    ("reference-not-https", "20:9", "is not an https URL"),
    ("control-character", "9:11", "control character \\u{1b}"),
    ("alias-bomb", "2:8", "aliases (`*name`) are not allowed"),
    (
        "verified-format",
        "8:15",
        "verified must be a year and month as YYYY-MM (e.g. 2026-11), not `2026-13`",
    ),
    (
        "verified-future",
        "8:15",
        "verified 2099-01 is in the future",
    ),
    (
        "variant-of-unknown",
        "2:5",
        "`variant_of: deployments-no-such-question` names no question or series of the bank",
    ),
    (
        "distractor-string",
        "16:9",
        "a distractor is a mapping `{text: ..., why: ...}`",
    ),
    ("distractor-why", "16:9", "missing field `why`"),
    (
        "series-solutions",
        "12:7",
        "a series holds 3 to 4 solutions, this one 2",
    ),
    (
        "twins",
        "21:5",
        "the stem of `deployments-twin-second` is near-identical to the stem of `deployments-twin-first` at ",
    ),
    (
        "series-solution-id",
        "20:9",
        "id `deployments-series-solution-id-1` is used twice",
    ),
];

/// az400 with a data folder of its own: `bank validate` keeps decoded files in the data
/// folder's cache, which must not be the user's.
fn az400() -> Command {
    let mut command = Command::cargo_bin("az400").unwrap();
    command.env(
        "AZ400_DATA_DIR",
        std::env::temp_dir().join("az400-bank-validate-tests"),
    );
    command
}

#[test]
fn each_rule_reports_exactly_its_problem_at_the_right_place() {
    let blueprint = bank::builtin().blueprint;
    for (name, at, message) in RULES {
        let path = fixture(&format!("invalid/{name}.yaml"));
        let loaded = load_paths(std::slice::from_ref(&path), &blueprint, this_month());
        let shown: Vec<String> = loaded
            .problems
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(shown.len(), 1, "{name}: {shown:#?}");
        let expected = format!("{}:{at}: ", path.display());
        assert!(
            shown[0].starts_with(&expected) && shown[0].contains(message),
            "{name}: expected `{expected}…{message}…`, got `{}`",
            shown[0]
        );
        // Of twins, the first stays: the problem is the second's.
        let kept: Vec<&str> = loaded.questions.iter().map(|q| q.id.as_str()).collect();
        let expected: &[&str] = if *name == "twins" {
            &["deployments-twin-first"]
        } else {
            &[]
        };
        assert_eq!(kept, expected, "{name}: the broken question is not loaded");
    }
}

#[test]
fn the_fixture_bank_is_valid_and_the_command_says_so() {
    az400()
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
    let out = az400()
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
    // The two-step order fixture also lacks a distractor, a warning.
    assert!(
        stdout
            .trim_end()
            .ends_with(&format!("{} problem(s), 1 warning(s)", RULES.len())),
        "{stdout}"
    );
}

#[test]
fn the_builtin_bank_validates() {
    az400()
        .args(["bank", "validate"])
        .assert()
        .success()
        .stdout(predicates::str::contains("no problems"));
}

fn validate_quickly(path: &Path) -> String {
    let start = Instant::now();
    let out = az400()
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
    let (merged, warnings) =
        bank::with_user_files(builtin, &[dir.path().to_path_buf()], this_month(), None);
    assert_eq!(merged.questions.len(), before + 5);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("bad.yaml:7:17"), "{}", warnings[0]);
}

#[test]
fn a_series_becomes_one_yes_no_item_per_solution_sharing_the_stem() {
    let blueprint = bank::builtin().blueprint;
    let loaded = load_paths(&[fixture("series")], &blueprint, this_month());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let ids: Vec<&str> = loaded.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "deployments-series-fixture-warmup-1",
            "deployments-series-fixture-warmup-2",
            "deployments-series-fixture-warmup-3"
        ]
    );
    for (n, q) in loaded.questions.iter().enumerate() {
        let series = q.series.as_ref().expect("a series item knows its series");
        assert_eq!(
            (series.id.as_str(), series.position, series.count),
            ("deployments-series-fixture-warmup", n, 3)
        );
        assert_eq!(q.stem(), loaded.questions[0].stem());
        assert_eq!(q.kind_name(), "series");
        let Body::YesNo { statements } = &q.body() else {
            panic!("{} is a yes/no item", q.id)
        };
        assert_eq!(statements.len(), 1);
        assert_eq!(statements[0].answer, n == 0);
        assert!(statements[0].text.starts_with("Solution: "));
    }
}

#[test]
fn declared_variants_are_not_twins_even_through_another_variant() {
    let blueprint = bank::builtin().blueprint;
    let loaded = load_paths(&[fixture("variants")], &blueprint, this_month());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.questions.len(), 3);
    let groups = bank::twins::variant_groups(&loaded.questions);
    assert!(groups.iter().all(|g| *g == groups[0]), "{groups:?}");
}

#[test]
fn an_order_item_without_a_distractor_draws_a_warning() {
    let blueprint = bank::builtin().blueprint;
    let loaded = load_paths(
        &[fixture("warnings/no-distractor.yaml")],
        &blueprint,
        this_month(),
    );
    let shown: Vec<String> = loaded
        .warnings
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert!(
        shown.iter().any(|w| w.contains(
            "no-distractor.yaml:12:7: an `order` question needs at least one distractor"
        )),
        "{shown:?}"
    );
}

#[test]
fn a_stale_verified_month_is_a_warning_that_still_validates() {
    let blueprint = bank::builtin().blueprint;
    let loaded = load_paths(&[fixture("warnings/stale.yaml")], &blueprint, this_month());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.questions.len(), 1);
    let shown: Vec<String> = loaded
        .warnings
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].ends_with("stale.yaml:8:15: verified 2024-01 is 34 months ago: check the facts against the references again and update it"),
        "{}",
        shown[0]
    );
    let loaded = load_paths(
        &[fixture("warnings/stale.yaml")],
        &blueprint,
        bank::Month {
            year: 2025,
            month: 1,
        },
    );
    assert!(
        loaded.warnings.is_empty(),
        "12 months is not stale yet: {:?}",
        loaded.warnings
    );

    let out = az400()
        .args(["bank", "validate"])
        .arg(fixture("warnings/stale.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "warnings alone exit 0");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("warning: ") && stdout.contains("stale.yaml:8:15: verified 2024-01 is"),
        "{stdout}"
    );
    assert!(
        stdout.trim_end().ends_with("no problems, 1 warning(s)"),
        "{stdout}"
    );
}

#[test]
fn a_user_series_is_added_whole_or_skipped_whole() {
    let builtin = bank::builtin();
    let before = builtin.questions.len();
    let (merged, warnings) =
        bank::with_user_files(builtin.clone(), &[fixture("series")], this_month(), None);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(merged.questions.len(), before + 3);

    let dir = tempfile::tempdir().unwrap();
    let taken = &builtin.questions[0].id;
    let text = std::fs::read_to_string(fixture("series/series.yaml"))
        .unwrap()
        .replace("deployments-series-fixture-warmup-2", taken);
    std::fs::write(dir.path().join("clash.yaml"), text).unwrap();
    let (merged, warnings) =
        bank::with_user_files(builtin, &[dir.path().to_path_buf()], this_month(), None);
    assert_eq!(
        merged.questions.len(),
        before,
        "no item of the series is added"
    );
    assert_eq!(warnings.len(), 3, "{warnings:?}");
}
