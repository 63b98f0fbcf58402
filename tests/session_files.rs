//! Sessions in a real terminal: self-contained (resume and review without the bank that drew
//! them), one at a time by choice, unique however fast they start, and never written through
//! a symlink. Driven through the real binary in tmux; skipped where tmux is not installed.

mod common;
mod pane;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use az400_sprint::attempt::Mode;
use az400_sprint::history::Store;
use az400_sprint::response::Response;
use az400_sprint::session::Session;
use common::{fixture_bank, t0};
use pane::{Tmux, available};

fn sprint_args() -> String {
    format!(
        "sprint -n 2 -m 30 --seed 5 --bank '{}'",
        pane::fixture_bank().display()
    )
}

/// A saved, unclaimed session over fixture questions, the first answered.
fn saved_session(data: &Path, mode: Mode) -> Session {
    let store = Store::open(data).unwrap();
    let bank = fixture_bank();
    let ids = vec![
        "deployments-fixture-single".to_string(),
        "branching-fixture-multiple".to_string(),
    ];
    let mut s = Session::start(mode, &bank, &ids, None, 1, t0());
    s.answer(
        bank.question(&ids[0]).unwrap(),
        Response::Choices(vec![0]),
        t0(),
    )
    .unwrap();
    let claim = store.claim(&s.id).unwrap();
    store.save_session(&claim, &s).unwrap();
    s
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "json"));
    files.sort();
    files
}

fn az400(data: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("az400")
        .unwrap()
        .env_remove("AZ400_DATA_DIR")
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_session_drawn_with_a_bank_resumes_submits_and_reviews_without_it() {
    if !available("self-contained") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let session = saved_session(&data, Mode::Drill);
    // Resumed without --bank: the questions come from the session itself.
    let tmux = Tmux::start(&data, "resume", (100, 30), &[]);
    tmux.wait_for(&[
        "Drill",
        "Question 1 of 2",
        "An App Service app must be updated",
    ]);
    tmux.send(&["s"]);
    tmux.wait_for(&["Submit the drill?"]);
    tmux.send(&["y"]);
    tmux.wait_for(&["results"]);
    tmux.send(&["q"]);
    tmux.wait_for(&["Daily sprint"]);
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), 0);
    let attempts = json_files(&data.join("attempts"));
    assert_eq!(attempts.len(), 1);
    let attempt: serde_json::Value =
        serde_json::from_slice(&fs::read(&attempts[0]).unwrap()).unwrap();
    assert_eq!(attempt["id"], session.id.as_str());
    let items = attempt["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "no answer dropped");
    assert!(!items[0]["response"].is_null());
    assert_eq!(attempt["points"]["earned"], 1);

    // Reviewed without the bank: shown as answered, and said so.
    let tmux = Tmux::start(&data, "review last", (100, 30), &[]);
    tmux.wait_for(&[
        "no longer in the bank: shown as you answered it",
        "An App Service app must be updated",
    ]);
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), 0);
    // Reviewed with a bank whose version differs: said so.
    let changed = dir.path().join("changed");
    fs::create_dir(&changed).unwrap();
    let text = fs::read_to_string(pane::fixture_bank().join("sample.yaml")).unwrap();
    let text = text.replace("with no downtime", "with zero downtime");
    assert!(text.contains("zero downtime"));
    fs::write(changed.join("sample.yaml"), text).unwrap();
    let args = format!("review last --bank '{}'", changed.display());
    let tmux = Tmux::start(&data, &args, (100, 30), &[]);
    tmux.wait_for(&[
        "current version of this question differs",
        "with no downtime",
    ]);
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), 0);
}

#[test]
fn starting_beside_an_unfinished_session_asks_resume_discard_or_keep_both() {
    if !available("one at a time") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_path_buf();
    let first = saved_session(&data, Mode::Exam);

    // Discard (after confirming): moved to sessions/discarded/, and the sprint starts.
    let tmux = Tmux::start(&data, &sprint_args(), (100, 30), &[]);
    tmux.wait_for(&[
        "Another session is unfinished",
        "Your exam started",
        "1 of 2 answered",
    ]);
    tmux.send(&["d"]);
    tmux.wait_for(&["Discard it?", "sessions/discarded/"]);
    tmux.send(&["y"]);
    tmux.wait_for(&["Sprint · Question 1 of 2"]);
    tmux.send(&["q"]);
    tmux.wait_for(&["Leave the sprint?"]);
    tmux.send(&["y"]);
    tmux.wait_for(&["Progress saved"]);
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), 0);
    let discarded = json_files(&data.join("sessions/discarded"));
    assert_eq!(discarded.len(), 1);
    assert!(
        fs::read_to_string(&discarded[0])
            .unwrap()
            .contains(&first.id)
    );
    assert_eq!(json_files(&data.join("sessions")).len(), 1);

    // Keep both: a second sprint starts beside the first.
    let tmux = Tmux::start(&data, &sprint_args(), (100, 30), &[]);
    tmux.wait_for(&["Another session is unfinished", "sprint"]);
    tmux.send(&["b"]);
    tmux.wait_for(&["Sprint · Question 1 of 2"]);
    tmux.send(&["q"]);
    tmux.wait_for(&["Leave the sprint?"]);
    tmux.send(&["y"]);
    tmux.wait_for(&["Progress saved"]);
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), 0);
    let list = az400(&data, &["resume", "--list"]);
    let list = String::from_utf8(list.stdout).unwrap();
    assert_eq!(list.matches("resumable").count(), 2, "{list}");

    // Resume: the unfinished one opens instead of a new drill; while it is open, another
    // az400 is told so.
    let tmux = Tmux::start(&data, "drill", (100, 30), &[]);
    tmux.wait_for(&["Another session is unfinished"]);
    tmux.send(&["r"]);
    tmux.wait_for(&["Sprint · Question 1 of 2"]);
    let list = az400(&data, &["resume", "--list"]);
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(list.contains("open in another az400"), "{list}");
    let held = list
        .lines()
        .find(|l| l.contains("open in another az400"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_string();
    let out = az400(&data, &["resume", &held]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("is open in another az400"), "{err}");
    let out = az400(&data, &["discard", &held]);
    assert!(!out.status.success(), "a held session cannot be discarded");
    tmux.send(&["q"]);
    tmux.wait_for(&["Leave the sprint?"]);
    tmux.send(&["y"]);
    tmux.wait_for(&["Progress saved"]);
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), 0);
    // Discarded from the command line.
    let out = az400(&data, &["discard", &held]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json_files(&data.join("sessions/discarded")).len(), 2);
    assert_eq!(json_files(&data.join("sessions")).len(), 1);
}

#[test]
fn two_starts_with_one_seed_in_one_second_keep_two_sessions() {
    if !available("same seed") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let a = Tmux::start(dir.path(), &sprint_args(), (100, 30), &[]);
    let b = Tmux::start(dir.path(), &sprint_args(), (100, 30), &[]);
    a.wait_for(&["Question 1 of 2"]);
    b.wait_for(&["Question 1 of 2"]);
    // Each saves its session once its first frame is on the screen.
    let waited = std::time::Instant::now();
    let mut files = json_files(&dir.path().join("sessions"));
    while files.len() < 2 && waited.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(20));
        files = json_files(&dir.path().join("sessions"));
    }
    assert_eq!(files.len(), 2, "{files:?}");
    let ids: Vec<String> = files
        .iter()
        .map(|f| {
            let s: serde_json::Value = serde_json::from_slice(&fs::read(f).unwrap()).unwrap();
            s["id"].as_str().unwrap().to_string()
        })
        .collect();
    assert_ne!(ids[0], ids[1]);
}

#[cfg(unix)]
#[test]
fn a_session_file_planted_as_a_symlink_is_replaced_never_written_through() {
    if !available("symlink") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let session = saved_session(&data, Mode::Sprint);
    let file = data.join(format!("sessions/{}.json", session.id));
    let victim = dir.path().join("victim.json");
    fs::rename(&file, &victim).unwrap();
    std::os::unix::fs::symlink(&victim, &file).unwrap();
    let before = fs::read(&victim).unwrap();
    let tmux = Tmux::start(&data, "resume", (100, 30), &[]);
    tmux.wait_for(&["Question 1 of 2"]);
    tmux.send(&["n"]);
    tmux.wait_for(&["Question 2 of 2"]);
    tmux.send(&["q"]);
    tmux.wait_for(&["Leave the sprint?"]);
    tmux.send(&["y"]);
    tmux.wait_for(&["Progress saved"]);
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), 0);
    assert_eq!(fs::read(&victim).unwrap(), before, "outside file untouched");
    let meta = fs::symlink_metadata(&file).unwrap();
    assert!(
        meta.file_type().is_file(),
        "the link was replaced by the session"
    );
}
