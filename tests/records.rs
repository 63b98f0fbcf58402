//! History records a user can trust, driven through the real binary: counted once whatever
//! copies exist, nothing written outside the data folder, nothing printed raw from a file,
//! implausible files skipped, only regular files read, the cache following the files.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration as StdDuration;

use assert_cmd::Command;
use az400_sprint::attempt::{Attempt, Mode};
use az400_sprint::history::{SessionClaim, Store};
use az400_sprint::response::Response;
use az400_sprint::session::Session;
use chrono::Duration;
use common::{fixture_bank, t0};

fn az400(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("az400").unwrap();
    cmd.env_remove("AZ400_DATA_DIR")
        .arg("--data-dir")
        .arg(data)
        .timeout(StdDuration::from_secs(20));
    cmd
}

fn run(data: &Path, args: &[&str]) -> Output {
    az400(data).args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A session over one fixture question, answered right, with its claim.
fn answered_session(store: &Store, day: i64) -> (Session, SessionClaim) {
    let bank = fixture_bank();
    let ids = vec!["deployments-fixture-single".to_string()];
    let start = t0() + Duration::days(day);
    let mut s = Session::start(Mode::Sprint, &bank, &ids, Some(900), 1, start);
    s.answer(
        bank.question(&ids[0]).unwrap(),
        Response::Choices(vec![0]),
        start,
    )
    .unwrap();
    let claim = store.claim(&s.id).unwrap();
    store.save_session(&claim, &s).unwrap();
    (s, claim)
}

fn finish(s: Session) -> Attempt {
    let at = s.started_at + Duration::minutes(3);
    s.finish(&fixture_bank(), at)
}

fn history_rows(data: &Path) -> Vec<serde_json::Value> {
    let out = run(data, &["history", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// No control character (but newline) reaches the terminal: no ESC, BEL, DEL or C1 byte.
fn assert_no_control(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let bad: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(bad.is_empty(), "{what} holds raw {bad:?}:\n{text}");
}

#[test]
fn a_session_already_recorded_is_set_aside_and_every_copy_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let store = Store::open(data).unwrap();
    // Killed between recording the attempt and removing the session: both are there.
    let (session, claim) = answered_session(&store, 0);
    let id = session.id.clone();
    store.save_attempt(&finish(session)).unwrap();
    drop(claim);
    // A sync tool's copies of both, and a plain `cp`.
    let attempt = data.join(format!("attempts/{id}.json"));
    let session_file = data.join(format!("sessions/{id}.json"));
    fs::copy(
        &attempt,
        data.join(format!("attempts/{id} (conflicted copy).json")),
    )
    .unwrap();
    fs::copy(
        &attempt,
        data.join(format!(
            "attempts/{id}.sync-conflict-20261121-101010-ABCDEFG.json"
        )),
    )
    .unwrap();
    fs::copy(&session_file, data.join("sessions/copy.json")).unwrap();

    let out = run(data, &["resume", "--list"]);
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("No unfinished session"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("already recorded"),
        "{}",
        stderr(&out)
    );
    // Set aside, not deleted: both session files are in sessions/done/.
    let done = files_in(&data.join("sessions/done"));
    assert_eq!(done.len(), 2, "{done:?}");
    assert!(!session_file.exists());
    // A resume now finds nothing to record again.
    let out = run(data, &["resume"]);
    assert!(
        stdout(&out).contains("Nothing to resume"),
        "{}",
        stdout(&out)
    );

    let out = run(data, &["history", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1, "{rows}");
    let err = stderr(&out);
    assert_eq!(err.matches("counted once").count(), 2, "{err}");
    let out = run(data, &["stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["attempts"], 1);
    assert_eq!(stats["readiness"]["answers"], 1);
    assert_eq!(
        stderr(&out).matches("counted once").count(),
        2,
        "{}",
        stderr(&out)
    );
}

#[test]
fn ids_from_files_never_become_paths_outside_the_data_folder() {
    let outer = tempfile::tempdir().unwrap();
    let data = outer.path().join("data");
    let store = Store::open(&data).unwrap();
    let victim = outer.path().join("victim.json");
    fs::write(&victim, b"precious").unwrap();
    let (session, claim) = answered_session(&store, 0);
    drop(claim);
    let mut hostile = serde_json::to_value(&session).unwrap();
    hostile["id"] = "../../victim".into();
    fs::remove_file(data.join(format!("sessions/{}.json", session.id))).unwrap();
    fs::write(
        data.join("sessions/hostile.json"),
        serde_json::to_vec(&hostile).unwrap(),
    )
    .unwrap();

    let out = run(&data, &["resume", "--list"]);
    assert!(stderr(&out).contains("hostile.json"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not a valid session id"),
        "{}",
        stderr(&out)
    );
    let out = run(&data, &["resume"]);
    assert!(
        stdout(&out).contains("Nothing to resume"),
        "{}",
        stdout(&out)
    );
    let out = run(&data, &["discard", "../../victim"]);
    assert!(!out.status.success());
    assert_eq!(fs::read(&victim).unwrap(), b"precious");
    assert!(data.join("sessions/hostile.json").exists(), "never deleted");

    // A lock planted as a symlink is not followed.
    #[cfg(unix)]
    {
        let (session, claim) = answered_session(&store, 1);
        drop(claim);
        let lock = data.join(format!("sessions/{}.lock", session.id));
        fs::remove_file(&lock).unwrap();
        let target = outer.path().join("created-by-az400");
        std::os::unix::fs::symlink(&target, &lock).unwrap();
        let out = run(&data, &["discard", &session.id]);
        assert!(!out.status.success(), "{}", stdout(&out));
        assert!(!target.exists(), "the symlink was followed");
    }
    // A folder of the store symlinked outside is refused, not written through.
    #[cfg(unix)]
    {
        let elsewhere = outer.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        let other = outer.path().join("other");
        fs::create_dir(&other).unwrap();
        std::os::unix::fs::symlink(&elsewhere, other.join("cache")).unwrap();
        let out = run(&other, &["history"]);
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("outside the data folder"),
            "{}",
            stderr(&out)
        );
        assert!(files_in(&elsewhere).is_empty());
    }
}

#[test]
fn nothing_from_a_file_reaches_the_terminal_raw_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let store = Store::open(data).unwrap();
    let hostile = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}\u{9b}31m\u{7f}";
    // An id with escapes (refused: reported, escaped), a domain id with escapes (shown, escaped).
    let (session, claim) = answered_session(&store, 0);
    drop(claim);
    let mut attempt = finish(session);
    attempt.items[0].domain = format!("dom{hostile}");
    attempt.items[0].skill = format!("skill{hostile}");
    store.save_attempt(&attempt).unwrap();
    let mut bad = serde_json::to_value(&attempt).unwrap();
    bad["id"] = format!("id{hostile}").into();
    fs::write(
        data.join(format!("attempts/name{hostile}.json")),
        serde_json::to_vec(&bad).unwrap(),
    )
    .unwrap();
    fs::write(data.join(format!("sessions/s{hostile}.json")), hostile).unwrap();

    for args in [
        &["history"][..],
        &["history", "--csv"],
        &["history", "--json"],
        &["stats"],
        &["stats", "--json"],
        &["resume", "--list"],
        &["resume"],
        &["review", "nope"],
        &["discard", hostile],
    ] {
        let out = run(data, args);
        assert_no_control(&format!("stdout of {args:?}"), &out.stdout);
        assert_no_control(&format!("stderr of {args:?}"), &out.stderr);
    }
    // Escaped, not lost: the file is named so the user can find it.
    let err = stderr(&run(data, &["history"]));
    assert!(err.contains("name\\u{1b}]0;pwned\\u{7}"), "{err}");
}

#[test]
fn implausible_numbers_are_reported_and_skipped_never_shown_or_panicking() {
    type Edit = fn(&mut serde_json::Value);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let store = Store::open(data).unwrap();
    let (session, claim) = answered_session(&store, 0);
    drop(claim);
    let good = finish(session.clone());
    store.save_attempt(&good).unwrap();
    let edits: [(&str, Edit); 7] = [
        ("score", |a| a["scaled"] = 5000.into()),
        ("far", |a| {
            a["finished_at"] = "+262142-12-31T23:59:59Z".into();
        }),
        ("past", |a| {
            a["started_at"] = "-262143-01-01T00:00:00Z".into();
        }),
        ("earned", |a| a["points"]["earned"] = 9.into()),
        ("negative", |a| a["seconds_used"] = (-5).into()),
        ("huge", |a| a["seconds_used"] = u32::MAX.into()),
        ("item", |a| a["items"][0]["points"]["earned"] = 7.into()),
    ];
    for (name, edit) in edits {
        let mut value = serde_json::to_value(&good).unwrap();
        value["id"] = format!("x-{name}").into();
        edit(&mut value);
        fs::write(
            data.join(format!("attempts/{name}.json")),
            serde_json::to_vec(&value).unwrap(),
        )
        .unwrap();
    }
    let out = run(data, &["history"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(!text.contains("5000") && !text.contains("x-"), "{text}");
    assert_eq!(
        stderr(&out).matches("skipped").count(),
        7,
        "{}",
        stderr(&out)
    );
    for args in [&["stats"][..], &["stats", "--json"], &["history", "--csv"]] {
        let out = run(data, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{args:?}");
    }
    assert_eq!(history_rows(data).len(), 1);

    // A session whose clock is near the integer limit is skipped, every time, without a panic.
    let mut value = serde_json::to_value(&session).unwrap();
    value["used_millis"] = (i64::MAX - 5).into();
    value["items"][0]["millis"] = i64::MAX.into();
    fs::write(
        data.join(format!("sessions/{}.json", session.id)),
        serde_json::to_vec(&value).unwrap(),
    )
    .unwrap();
    for _ in 0..2 {
        let out = run(data, &["resume"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("outside 0 to 31 days"),
            "{}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"));
    }
}

#[cfg(unix)]
#[test]
fn only_regular_files_are_read_and_folders_loops_end() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = Store::open(&data).unwrap();
    let (session, claim) = answered_session(&store, 0);
    drop(claim);
    store.save_attempt(&finish(session)).unwrap();
    let fifo = data.join("attempts/x.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    std::os::unix::fs::symlink("/dev/zero", data.join("attempts/zero.json")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", data.join("sessions/zero.json")).unwrap();
    // A regular file past the cap is not read, however it claims to start.
    let huge = fs::File::create(data.join("attempts/huge.json")).unwrap();
    huge.set_len(17 * 1024 * 1024).unwrap();
    let out = run(&data, &["history", "--json"]);
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(err.contains("x.json") && err.contains("zero.json"), "{err}");
    assert!(
        err.contains("huge.json") && err.contains("larger than"),
        "{err}"
    );
    assert_eq!(history_rows(&data).len(), 1);
    let out = run(&data, &["resume", "--list"]);
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );

    // A bank folder with a FIFO, /dev/zero behind q.yaml and a link to itself.
    let bank = dir.path().join("bank");
    fs::create_dir(&bank).unwrap();
    fs::copy(
        common::fixture("bank/sample.yaml"),
        bank.join("sample.yaml"),
    )
    .unwrap();
    std::process::Command::new("mkfifo")
        .arg(bank.join("fifo.yaml"))
        .status()
        .unwrap();
    std::os::unix::fs::symlink("/dev/zero", bank.join("q.yaml")).unwrap();
    std::os::unix::fs::symlink(".", bank.join("loop")).unwrap();
    std::os::unix::fs::symlink(&bank, bank.join("again")).unwrap();
    let out = run(&data, &["bank", "validate", bank.to_str().unwrap()]);
    let text = stdout(&out);
    assert!(
        text.contains("fifo.yaml") && text.contains("q.yaml"),
        "{text}"
    );
    assert!(text.contains("not a regular file"), "{text}");
    assert!(text.contains("5 valid question"), "{text}");
}

#[cfg(unix)]
#[test]
fn the_cache_follows_raw_names_and_changed_files() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let store = Store::open(data).unwrap();
    let mut ids = Vec::new();
    // Two names that are not UTF-8 and read the same once made lossy.
    for (day, name) in [(0, &b"\xff.json"[..]), (1, &b"\xfe.json"[..])] {
        let (session, claim) = answered_session(&store, day);
        drop(claim);
        let attempt = finish(session);
        ids.push(attempt.id.clone());
        let path = data
            .join("attempts")
            .join(std::ffi::OsStr::from_bytes(name));
        fs::write(&path, serde_json::to_vec(&attempt).unwrap()).unwrap();
    }
    for _ in 0..2 {
        let rows = history_rows(data);
        let got: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(got, ids, "both files, parsed then cached");
    }
    // A file edited after it was cached is parsed again: a truncated one is reported...
    let first = data
        .join("attempts")
        .join(std::ffi::OsStr::from_bytes(b"\xff.json"));
    let bytes = fs::read(&first).unwrap();
    fs::write(&first, &bytes[..bytes.len() / 2]).unwrap();
    let out = run(data, &["history", "--json"]);
    assert!(stderr(&out).contains("skipped"), "{}", stderr(&out));
    assert_eq!(history_rows(data).len(), 1);
    // ...and one changed in place (same size) shows its new content.
    let mut value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    value["seconds_used"] = 999.into();
    let edited = serde_json::to_vec(&value).unwrap();
    fs::write(&first, &edited).unwrap();
    let rows = history_rows(data);
    assert_eq!(rows[0]["seconds_used"], 999);
}

/// Copies every file of `from` into `to` (recursively); a file already in `to` with other
/// content arrives as a sync tool's conflict copy beside it.
fn sync_into(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            sync_into(&entry.path(), &target);
            continue;
        }
        let bytes = fs::read(entry.path()).unwrap();
        match fs::read(&target) {
            Ok(existing) if existing == bytes => {}
            Ok(_) => {
                let path = entry.path();
                let stem = path.file_stem().unwrap().to_string_lossy();
                let ext = path.extension().unwrap_or_default().to_string_lossy();
                let copy = to.join(format!("{stem} (conflicted copy 2026-11-21).{ext}"));
                fs::write(copy, bytes).unwrap();
            }
            Err(_) => fs::write(&target, bytes).unwrap(),
        }
    }
}

#[test]
fn two_machines_syncing_one_folder_show_exactly_the_union() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base");
    let store = Store::open(&base).unwrap();
    let (first, claim) = answered_session(&store, 0);
    drop(claim);
    store.save_attempt(&finish(first)).unwrap();
    // A session both machines have, unfinished.
    let (shared, claim) = answered_session(&store, 1);
    drop(claim);
    run(&base, &["history"]); // builds the cache, which both machines then carry

    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    sync_into(&base, &a);
    sync_into(&base, &b);
    let mut expected = vec![store.attempts().attempts[0].id.clone()];
    let on_a = Store::open(&a).unwrap();
    for day in 2..4 {
        let (s, claim) = answered_session(&on_a, day);
        expected.push(s.id.clone());
        on_a.save_attempt(&finish(s)).unwrap();
        on_a.discard_session(claim).unwrap();
    }
    // Machine A finishes the shared session; machine B never learns it was removed.
    let claim = on_a.claim(&shared.id).unwrap();
    on_a.save_attempt(&finish(shared.clone())).unwrap();
    on_a.discard_session(claim).unwrap();
    expected.push(shared.id.clone());
    let on_b = Store::open(&b).unwrap();
    let (s, claim) = answered_session(&on_b, 5);
    expected.push(s.id.clone());
    on_b.save_attempt(&finish(s)).unwrap();
    on_b.discard_session(claim).unwrap();
    run(&a, &["history"]);
    run(&b, &["history"]);

    // Merge both ways into one folder: the union of files, plus conflict copies.
    let merged = dir.path().join("merged");
    sync_into(&a, &merged);
    sync_into(&b, &merged);
    sync_into(&a, &merged);
    assert!(
        files_in(&merged.join("cache"))
            .iter()
            .any(|p| p.to_string_lossy().contains("conflicted copy")),
        "the caches conflict, as they would"
    );
    let out = run(&merged, &["resume", "--list"]);
    assert!(
        stdout(&out).contains("No unfinished session"),
        "{}",
        stdout(&out)
    );
    let rows = history_rows(&merged);
    let mut got: Vec<String> = rows
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    let stats = run(&merged, &["stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["attempts"], expected.len());
    // A conflict copy of an attempt counts once.
    let one = merged.join(format!("attempts/{}.json", expected[0]));
    fs::copy(&one, merged.join("attempts/dup (conflicted copy).json")).unwrap();
    assert_eq!(history_rows(&merged).len(), expected.len());
}
