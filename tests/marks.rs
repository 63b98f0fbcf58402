//! Bookmarks and notes: `az400 bookmark`, `az400 note` and `az400 notes` through the real
//! binary, and the mark store as two machines syncing one folder see it.

mod common;

use std::path::Path;

use assert_cmd::Command;
use az400_sprint::marks::{Change, MarkStore};
use chrono::Duration;
use common::t0;

/// Two questions of the built-in bank (stable ids: history refers to them).
const Q1: &str = "packages-ghcr-token-least-privilege";
const Q2: &str = "packages-ghcr-publish-workflow-fill";

fn az400(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("az400").unwrap();
    cmd.env("AZ400_CONFIG", data.join("no-config.toml"))
        .env_remove("AZ400_DATA_DIR")
        .arg("--data-dir")
        .arg(data);
    cmd
}

fn run(data: &Path, args: &[&str]) -> (bool, String, String) {
    let out = az400(data).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn notes_lists_bookmarks_and_notes_with_their_question() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let (ok, out, _) = run(data, &["notes"]);
    assert!(ok && out.contains("No bookmarks or notes yet"), "{out}");
    assert!(run(data, &["bookmark", Q1, Q2]).0);
    assert!(
        run(
            data,
            &["note", Q1, "least privilege:\npackages: write only"]
        )
        .0
    );
    let (ok, out, err) = run(data, &["notes"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("2 bookmarked, 1 with a note"), "{out}");
    assert!(
        out.contains(&format!("★ {Q1}  pipelines/packages")),
        "{out}"
    );
    assert!(out.contains("The Contoso Tailspin organization"), "{out}");
    assert!(out.contains("  Note: least privilege:\n        packages: write only"));
    // Taking the bookmark off keeps the note; removing the note too empties the list.
    assert!(run(data, &["bookmark", "--remove", Q1, Q2]).0);
    let out = run(data, &["notes"]).1;
    assert!(out.starts_with("0 bookmarked, 1 with a note") && !out.contains(Q2));
    assert!(run(data, &["note", "--remove", Q1]).0);
    assert!(
        run(data, &["notes"])
            .1
            .contains("No bookmarks or notes yet")
    );
}

#[test]
fn an_unknown_or_hostile_id_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    for id in ["no-such-question", "../../etc/passwd", "x\x1b]0;t\x07"] {
        let (ok, _, err) = run(data, &["bookmark", id]);
        assert!(!ok && err.contains("no question"), "{err}");
        assert!(!err.contains('\x1b'), "{err}");
    }
    assert!(!data.join("marks").exists());
}

#[test]
fn note_text_from_a_file_is_escaped_and_broken_files_are_reported_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let marks = data.join("marks");
    std::fs::create_dir_all(&marks).unwrap();
    std::fs::write(
        marks.join(format!("{Q1}.json")),
        format!(
            r#"{{"format":1,"question":"{Q1}","note":{{"value":"hi\u001b]0;pwned\u0007","at":"2026-11-21T09:00:00Z"}}}}"#
        ),
    )
    .unwrap();
    std::fs::write(marks.join("broken.json"), b"{not json").unwrap();
    let escaping =
        r#"{"format":1,"question":"../x","bookmark":{"value":true,"at":"2026-11-21T09:00:00Z"}}"#;
    std::fs::write(marks.join("escape.json"), escaping).unwrap();
    let (ok, out, err) = run(data, &["notes"]);
    assert!(ok, "{err}");
    assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
    assert!(out.contains(r"Note: hi\u{1b}]0;pwned\u{7}"), "{out}");
    assert!(
        err.contains("broken.json") && err.contains("escape.json"),
        "{err}"
    );
    // Each is named for what it is, with its path, never as a history file.
    let broken = marks.join("broken.json");
    assert!(
        err.contains(&format!(
            "skipped unreadable bookmark/note file {}",
            broken.display()
        )),
        "{err}"
    );
    assert!(!err.contains("history file"), "{err}");
    assert_eq!(
        std::fs::read(marks.join("broken.json")).unwrap(),
        b"{not json"
    );
    // A broken file of the question itself is never overwritten by a change.
    std::fs::write(marks.join(format!("{Q2}.json")), b"garbage").unwrap();
    let (ok, _, err) = run(data, &["bookmark", Q2]);
    assert!(!ok && err.contains("cannot be read"), "{err}");
    assert_eq!(
        std::fs::read(marks.join(format!("{Q2}.json"))).unwrap(),
        b"garbage"
    );
}

#[test]
fn two_machines_syncing_one_folder_lose_neither_bookmark_nor_note() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let marks = data.join("marks");
    let store = MarkStore::new(data);
    // Machine A bookmarks Q1; machine B, which never saw that, writes a note on it an hour
    // later. The sync tool keeps B's file as a conflict copy.
    store.change(Q1, Change::Bookmark(true), t0()).unwrap();
    let a_file = std::fs::read(marks.join(format!("{Q1}.json"))).unwrap();
    std::fs::remove_file(marks.join(format!("{Q1}.json"))).unwrap();
    store
        .change(Q1, Change::Note("from B".into()), t0() + Duration::hours(1))
        .unwrap();
    std::fs::rename(
        marks.join(format!("{Q1}.json")),
        marks.join(format!("{Q1} (conflicted copy).json")),
    )
    .unwrap();
    std::fs::write(marks.join(format!("{Q1}.json")), &a_file).unwrap();
    let read = store.read();
    assert!(read.unreadable.is_empty(), "{:?}", read.unreadable);
    assert!(read.marks.is_bookmarked(Q1));
    assert_eq!(read.marks.note(Q1), "from B");
    // Both machines then edit the note at once: both texts are kept, newest first.
    let conflict = marks.join(format!("{Q1} (conflicted copy 2).json"));
    std::fs::write(
        &conflict,
        format!(
            r#"{{"format":1,"question":"{Q1}","note":{{"value":"from A","at":"{}"}}}}"#,
            (t0() + Duration::hours(2)).to_rfc3339()
        ),
    )
    .unwrap();
    assert_eq!(store.read().marks.note(Q1), "from A\n\nfrom B");
    // The next change writes the merged record and sets the copies aside, never deleting them.
    store
        .change(Q1, Change::Bookmark(false), t0() + Duration::hours(3))
        .unwrap();
    let mut left: Vec<String> = std::fs::read_dir(&marks)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, vec!["merged".to_string(), format!("{Q1}.json")]);
    assert_eq!(std::fs::read_dir(marks.join("merged")).unwrap().count(), 2);
    let read = store.read();
    assert!(!read.marks.is_bookmarked(Q1));
    assert_eq!(read.marks.note(Q1), "from A\n\nfrom B");
}

#[cfg(unix)]
#[test]
fn a_marks_folder_leading_outside_the_data_folder_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("marks")).unwrap();
    let (ok, _, err) = run(dir.path(), &["bookmark", Q1]);
    assert!(!ok && err.contains("outside the data folder"), "{err}");
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}
