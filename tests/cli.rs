//! The plain-text commands: history, stats, bank stats, and argument errors.

mod common;

use assert_cmd::Command;
use az400_sprint::attempt::Mode;
use az400_sprint::history::Store;
use az400_sprint::response::Response;
use az400_sprint::session::Session;
use chrono::Duration;
use common::{fixture_bank, t0};

/// The fixture bank, as a `--bank` argument.
const FIXTURE_BANK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bank");

fn az400(data: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("az400").unwrap();
    cmd.env_remove("AZ400_DATA_DIR").arg("--data-dir").arg(data);
    cmd
}

fn save_two_attempts(data: &std::path::Path) {
    let store = Store::open(data).unwrap();
    let bank = fixture_bank();
    for (day, pick) in [(0, 0), (1, 1)] {
        let ids = vec!["deployments-fixture-single".to_string()];
        let start = t0() + Duration::days(day);
        let mut s = Session::start(Mode::Sprint, &bank, &ids, Some(900), day as u64, start);
        s.answer(
            bank.question(&ids[0]).unwrap(),
            Response::Choices(vec![pick]),
            start,
        )
        .unwrap();
        store
            .save_attempt(&s.finish(&bank, start + Duration::minutes(4)))
            .unwrap();
    }
}

#[test]
fn history_lists_attempts_as_text_json_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = az400(dir.path()).arg("history").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("No attempts yet"));
    save_two_attempts(dir.path());

    let text = az400(dir.path()).arg("history").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("1000  PASS") && text.contains("0  FAIL"),
        "{text}"
    );

    let json = az400(dir.path())
        .args(["history", "--json"])
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    assert_eq!(rows[0]["scaled"], 1000);
    assert_eq!(rows[1]["passed"], false);

    let csv = az400(dir.path())
        .args(["history", "--csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("id,finished_at,mode"));
    assert!(
        lines[1].ends_with(",sprint,1,1,1,1000,true,240"),
        "{}",
        lines[1]
    );
}

#[test]
fn stats_reports_due_questions_and_not_enough_data() {
    let dir = tempfile::tempdir().unwrap();
    save_two_attempts(dir.path());
    let stats = |args: &[&str]| {
        let out = az400(dir.path())
            .args(["stats", "--json"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success());
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    // The question answered is the fixture bank's: without it, nothing is due.
    assert_eq!(stats(&[])["due_for_review"], 0);
    let s = stats(&["--bank", FIXTURE_BANK]);
    assert_eq!(s["attempts"], 2);
    assert_eq!(s["due_for_review"], 1);
    assert_eq!(s["readiness"]["median"], serde_json::Value::Null);
    assert_eq!(s["readiness"]["answers"], 2);
    assert_eq!(s["readiness"]["short_domains"][0]["domain"], "processes");
    // The topic map: every outline topic, the one answered (once right, once wrong) weak.
    let topics = s["topics"].as_array().unwrap();
    assert_eq!(topics.len(), 86);
    let answered: Vec<&serde_json::Value> = topics.iter().filter(|t| t["answers"] != 0).collect();
    assert_eq!(answered.len(), 1);
    assert_eq!(answered[0]["state"], "weak");
    assert_eq!(answered[0]["answers"], 2);
    let text = az400(dir.path()).arg("stats").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("Readiness: not enough data yet: 10 answers needed in every domain"),
        "{text}"
    );
    assert!(
        text.contains("Topics of the outline: 0 answered, 1 weak (under 70%), 85 unseen, of 86"),
        "{text}"
    );
}

#[test]
fn an_unreadable_history_file_is_reported_on_stderr_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    save_two_attempts(dir.path());
    let bad = dir.path().join("attempts/zz-broken.json");
    std::fs::write(&bad, "{").unwrap();
    let out = az400(dir.path())
        .args(["history", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("zz-broken.json"), "{stderr}");
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    assert_eq!(std::fs::read_to_string(&bad).unwrap(), "{");
}

#[test]
fn bank_stats_counts_a_user_bank_beside_the_exam_weights() {
    let dir = tempfile::tempdir().unwrap();
    let out = az400(dir.path())
        .args(["bank", "stats", "--json", "--bank"])
        .arg(common::fixture("bank"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let builtin = az400_sprint::bank::builtin();
    assert_eq!(s["questions"], builtin.questions.len() + 7);
    assert_eq!(s["domains"][2]["id"], "pipelines");
    assert_eq!(s["domains"][2]["weight"], serde_json::json!([50, 55]));
    assert_eq!(s["topics"].as_array().unwrap().len(), 86);
    let series = az400(dir.path())
        .args(["bank", "stats", "--json", "--bank"])
        .arg(common::fixture("series"))
        .output()
        .unwrap();
    let series: serde_json::Value = serde_json::from_slice(&series.stdout).unwrap();
    assert_eq!(
        (&series["series"], &series["series_items"]),
        (
            &(s["series"].as_u64().unwrap() + 1).into(),
            &(s["series_items"].as_u64().unwrap() + 3).into()
        ),
        "the fixture's series and its three items are counted"
    );
    let longest = &s["longest_correct"];
    assert_eq!(longest["target"], 30.0);
    assert!(longest["longest"].as_u64() <= longest["items"].as_u64());
    let verified: u64 = s["verified"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["count"].as_u64().unwrap())
        .sum();
    assert_eq!(
        verified,
        s["questions"].as_u64().unwrap(),
        "every question has a month"
    );
    let text = az400(dir.path()).args(["bank", "stats"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("By domain")
            && text.contains("(exam 50-55%)")
            && text.contains("single-choice items")
            && text.contains("Verified: 2026-11"),
        "{text}"
    );
}

#[test]
fn a_drill_on_an_unknown_domain_is_refused_with_the_known_ids() {
    let dir = tempfile::tempdir().unwrap();
    let out = az400(dir.path())
        .args(["drill", "--domain", "pipelinez"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("invalid value 'pipelinez' for '--domain <ID>'")
            && stderr.contains("source-control, pipelines, security"),
        "{stderr}"
    );
}

#[test]
fn resume_with_nothing_saved_says_so() {
    let dir = tempfile::tempdir().unwrap();
    az400(dir.path())
        .arg("resume")
        .assert()
        .success()
        .stdout(predicates::str::contains("Nothing to resume"));
}

#[test]
fn zero_minutes_or_questions_are_refused_by_the_argument_parser() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["sprint", "-m", "0"][..],
        &["exam", "-m", "0"],
        &["drill", "-m", "0"],
        &["sprint", "-n", "0"],
    ] {
        let out = az400(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("0 is not in 1.."), "{args:?}: {stderr}");
    }
    assert!(!dir.path().join("attempts").exists(), "nothing recorded");
}

#[test]
fn without_a_terminal_a_tui_command_says_so_and_leaves_no_session() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["sprint"][..], &["drill"], &["exam"], &[]] {
        let out = az400(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains("needs an interactive terminal") && stderr.contains("az400 history"),
            "{stderr}"
        );
    }
    let sessions = dir.path().join("sessions");
    let left: Vec<_> = std::fs::read_dir(&sessions)
        .map(std::iter::Iterator::collect)
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    let dir = tempfile::tempdir().unwrap();
    save_two_attempts(dir.path());
    // The reader closes its end at once, so every write az400 makes meets a closed pipe.
    for command in ["history", "stats", "history --csv", "bank stats"] {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "\"$AZ400\" --data-dir \"$DATA\" {command} | (exec 0<&-; sleep 0.3); \
                 echo \"status ${{PIPESTATUS[0]}}\""
            ))
            .env("AZ400", assert_cmd::cargo::cargo_bin("az400"))
            .env("DATA", dir.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stdout.contains("status 0"), "{command}: {stdout} {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{command}: {stderr}");
        assert!(!stderr.contains("az400"), "{command}: {stderr}");
    }
}

#[test]
fn drill_case_study_takes_a_known_id_or_none_and_refuses_an_unknown_one() {
    let dir = tempfile::tempdir().unwrap();
    let known = &az400_sprint::bank::builtin().case_studies[0].id;
    for args in [
        &["drill", "--case-study", known.as_str()][..],
        &["drill", "--case-study"],
    ] {
        let out = az400(dir.path()).args(args).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains("needs an interactive terminal"),
            "{args:?} is accepted and gets as far as the terminal: {stderr}"
        );
    }
    let out = az400(dir.path())
        .args(["drill", "--case-study", "cs-nowhere"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("unknown case study `cs-nowhere`; known: ")
            && stderr.contains(known.as_str()),
        "{stderr}"
    );
    let out = az400(dir.path())
        .args([
            "drill",
            "--case-study",
            known.as_str(),
            "--skill",
            "deployments",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a case study is drilled whole");
}

#[test]
fn bank_search_lists_id_domain_skill_and_stem_for_every_word() {
    let dir = tempfile::tempdir().unwrap();
    let out = az400(dir.path())
        .args(["bank", "search", "GHCR", "LEAST"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "packages-ghcr-token-least-privilege  pipelines/packages  The Contoso Tailspin"
        ),
        "{text}"
    );
    assert!(
        text.ends_with("\n2 question(s); drill them with `az400 drill --id ID…`.\n"),
        "{text}"
    );
    assert!(text.contains("\nauth-github-token-packages-permission  security/auth  "));
    // A user bank is searched too; nothing found exits 1 (as grep does).
    let found = az400(dir.path())
        .args(["--bank"])
        .arg(common::fixture("bank"))
        .args(["bank", "search", "deployments-fixture-single"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&found.stdout).contains("deployments-fixture-single"));
    let none = az400(dir.path())
        .args(["bank", "search", "zzqq-nothing"])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(1));
}
