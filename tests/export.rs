//! `az400 export` through the real binary: which questions (missed in the last N attempts, due
//! for review), and each format read back: Anki's import file split on tabs with its fields,
//! tags and escaping checked, CSV parsed as RFC 4180, Markdown.

mod common;

use std::path::Path;

use assert_cmd::Command;
use az400_sprint::attempt::Mode;
use az400_sprint::bank::{Bank, Body};
use az400_sprint::history::Store;
use az400_sprint::marks::{Change, MarkStore};
use az400_sprint::response::Response;
use az400_sprint::session::Session;
use chrono::Duration;
use common::{fixture_bank, single, t0};

fn az400(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("az400").unwrap();
    cmd.env("AZ400_CONFIG", data.join("no-config.toml"))
        .env_remove("AZ400_DATA_DIR")
        .arg("--data-dir")
        .arg(data);
    cmd
}

fn export(data: &Path, args: &[&str]) -> String {
    let out = az400(data).arg("export").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Records an attempt on `day` answering each `(id, option)`: option 0 is right in `single`.
fn attempt(data: &Path, bank: &Bank, day: i64, answers: &[(&str, usize)]) {
    let ids: Vec<String> = answers.iter().map(|(id, _)| id.to_string()).collect();
    let start = t0() + Duration::days(day);
    let mut s = Session::start(Mode::Drill, bank, &ids, None, day as u64, start);
    for i in 0..answers.len() {
        s.go_to(i, start);
        let id = s.current_item().unwrap().question_id.clone();
        let pick = answers.iter().find(|(a, _)| *a == id).unwrap().1;
        // Responses name options by their authored index.
        s.answer(
            bank.question(&id).unwrap(),
            Response::Choices(vec![pick]),
            start,
        )
        .unwrap();
    }
    Store::open(data)
        .unwrap()
        .save_attempt(&s.finish(bank, start + Duration::minutes(5)))
        .unwrap();
}

/// Two single-answer questions: x missed on day 0 and right on day 1, y missed on day 1.
fn two_attempts(data: &Path) -> Bank {
    let mut bank = fixture_bank();
    bank.questions = vec![
        single("x-question", "pipelines", "deployments"),
        single("y-question", "security", "secrets"),
    ];
    attempt(data, &bank, 0, &[("x-question", 1)]);
    attempt(data, &bank, 1, &[("x-question", 0), ("y-question", 1)]);
    bank
}

fn ids_in(markdown: &str) -> Vec<&str> {
    markdown
        .lines()
        .filter(|l| l.starts_with("## "))
        .filter_map(|l| l.split('`').nth(1))
        .collect()
}

#[test]
fn missed_looks_back_n_attempts_and_due_follows_the_memory_model() {
    let dir = tempfile::tempdir().unwrap();
    let bank = two_attempts(dir.path());
    assert_eq!(
        ids_in(&export(dir.path(), &["--missed", "1"])),
        ["y-question"]
    );
    // --missed alone looks at the last 5 attempts.
    let both = export(dir.path(), &["--missed"]);
    assert!(
        both.starts_with("# AZ-400: Missed in the last 5 attempts\n"),
        "{both}"
    );
    assert_eq!(ids_in(&both), ["x-question", "y-question"]);
    // Days after t0 both have faded under 90% recall; a question answered right today has
    // not (its recall is still near 100%).
    let mut bank = bank;
    bank.questions
        .push(single("z-question", "security", "secrets"));
    let today = (chrono::Utc::now() - t0()).num_days();
    attempt(dir.path(), &bank, today, &[("z-question", 0)]);
    let due = export(dir.path(), &["--due"]);
    assert!(due.starts_with("# AZ-400: Due for review\n"));
    assert_eq!(ids_in(&due), ["x-question", "y-question"]);
}

#[test]
fn bookmarked_and_noted_questions_export_from_the_bank_with_their_notes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let marks = MarkStore::new(data);
    // Never asked: the cards come from the built-in bank.
    for id in [
        "packages-ghcr-token-least-privilege",
        "auth-github-token-packages-permission",
    ] {
        marks.change(id, Change::Bookmark(true), t0()).unwrap();
    }
    marks
        .change(
            "auth-github-token-packages-permission",
            Change::Note("packages: write, nothing else".into()),
            t0(),
        )
        .unwrap();
    let bookmarked = export(data, &["--bookmarked"]);
    assert!(
        bookmarked.starts_with("# AZ-400: Bookmarked\n"),
        "{bookmarked}"
    );
    assert_eq!(
        ids_in(&bookmarked),
        [
            "packages-ghcr-token-least-privilege",
            "auth-github-token-packages-permission"
        ]
    );
    assert!(bookmarked.contains("**My note**\n\n> packages: write, nothing else\n"));
    let noted = export(data, &["--notes", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(noted.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], "auth-github-token-packages-permission");
    assert_eq!(&rows[0][11], "packages: write, nothing else");
}

#[test]
fn one_selection_is_required_and_only_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = az400(dir.path()).arg("export").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = az400(dir.path())
        .args(["export", "--bookmarked", "--notes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("cannot be used with"), "{stderr}");
}

/// Undoes the Anki field escaping, as Anki's HTML view would show it.
fn unescape(field: &str) -> String {
    field
        .replace("<br>", "\n")
        .replace("&#9;", "\t")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

const TRICKY_STEM: &str = "Use <b>this</b> & \"that\"\tafter a tab,\nsame paragraph.\n\nA new one:\n- a list item\n\n```yaml\nsteps:\n  - run: echo \"hi\"\n```";

/// A single-answer question whose texts need every kind of escaping, missed once.
fn tricky(data: &Path) {
    let mut bank = fixture_bank();
    let mut question = single("tricky-question", "pipelines", "deployments");
    question.topic = "deployments.3".into();
    question.edit(|detail| {
        detail.stem = TRICKY_STEM.into();
        if let Body::Single { options } = &mut detail.body {
            options[0].text = "=SUM(A1:A9), with \"quotes\"".into();
            options[1].text = "tab\there".into();
        }
        detail.explanation = "Line one.\n\nLine two <i>not html</i>.".into();
    });
    bank.questions = vec![question];
    attempt(data, &bank, 0, &[("tricky-question", 1)]);
    MarkStore::new(data)
        .change("tricky-question", Change::Note(TRICKY_NOTE.into()), t0())
        .unwrap();
}

const TRICKY_NOTE: &str = "Mine: <b>\"slots\"</b> &\ttab\nline two";

#[test]
fn the_anki_file_reads_back_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    tricky(dir.path());
    let file = export(dir.path(), &["--missed", "--format", "anki"]);
    let (headers, notes): (Vec<&str>, Vec<&str>) = file.lines().partition(|l| l.starts_with('#'));
    assert_eq!(
        headers,
        [
            "#separator:tab",
            "#html:true",
            "#notetype:Basic",
            "#deck:AZ-400",
            "#columns:Front\tBack\tGUID\tTags",
            "#guid column:3",
            "#tags column:4",
        ]
    );
    assert_eq!(notes.len(), 1);
    let fields: Vec<&str> = notes[0].split('\t').collect();
    assert_eq!(fields.len(), 4, "{fields:?}");
    // Nothing that Anki's importer would read as structure: no raw quote, no stray markup.
    for field in &fields {
        assert!(!field.contains('"') && !field.contains('\r'), "{field}");
    }
    let (front, back, guid, tags) = (fields[0], fields[1], fields[2], fields[3]);
    assert_eq!(guid, "az400-tricky-question");
    assert_eq!(
        tags,
        "domain::pipelines skill::deployments topic::deployments.3"
    );
    // The stem's markup is text, its tab and newline survive, its code keeps its indentation.
    assert!(
        front.contains(
            "Use &lt;b&gt;this&lt;/b&gt; &amp; &quot;that&quot;&#9;after a tab, same paragraph.<br><br>A new one:<br>- a list item<br><br><pre>"
        ),
        "{front}"
    );
    assert!(
        front.contains("<pre>steps:<br>  - run: echo &quot;hi&quot;</pre>"),
        "{front}"
    );
    let shown = unescape(front);
    assert!(shown.contains(
        "Use <b>this</b> & \"that\"\tafter a tab, same paragraph.\n\nA new one:\n- a list item"
    ));
    assert!(shown.contains("<i>Choose one answer.</i>"));
    assert!(
        shown.contains("1. =SUM(A1:A9), with \"quotes\"\n2. tab\there"),
        "{shown}"
    );
    let shown = unescape(back);
    assert!(
        shown.contains("✓ 1. =SUM(A1:A9), with \"quotes\" — because"),
        "{shown}"
    );
    assert!(shown.contains("✗ 2. tab\there — because not"), "{shown}");
    assert!(back.contains("Line one.<br><br>Line two &lt;i&gt;not html&lt;/i&gt;."));
    assert!(
        back.contains(
            "References:<br><a href='https://learn.microsoft.com/'>https://learn.microsoft.com/</a>"
        ),
        "{back}"
    );
    assert!(
        back.ends_with(
            "<br><br><b>My note</b><br>Mine: &lt;b&gt;&quot;slots&quot;&lt;/b&gt; &amp;&#9;tab<br>line two"
        ),
        "{back}"
    );
}

#[test]
fn the_csv_parses_as_rfc_4180_and_cannot_run_as_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    tricky(dir.path());
    let file = export(dir.path(), &["--missed", "--format", "csv"]);
    assert!(file.contains("\r\n"), "RFC 4180 ends lines with CRLF");
    let mut reader = csv::Reader::from_reader(file.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "id",
            "domain",
            "skill",
            "topic",
            "type",
            "case_study",
            "question",
            "options",
            "answer",
            "explanation",
            "references",
            "note"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(&row[0], "tricky-question");
    assert_eq!(&row[3], "deployments.3");
    assert_eq!(&row[4], "single");
    assert!(row[6].starts_with(TRICKY_STEM), "{}", &row[6]);
    assert!(row[6].ends_with("Choose one answer."));
    assert_eq!(&row[7], "1. =SUM(A1:A9), with \"quotes\"\n2. tab\there");
    assert_eq!(&row[9], "Line one.\n\nLine two <i>not html</i>.");
    assert_eq!(&row[10], "https://learn.microsoft.com/");
    assert_eq!(&row[11], TRICKY_NOTE);
}

#[test]
fn a_cell_that_looks_like_a_formula_gets_a_quote_in_front() {
    use az400_sprint::export::csv::inert;
    assert_eq!(inert("=1+1"), "'=1+1");
    assert_eq!(inert("-n 5"), "'-n 5");
    assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(inert("1. =x"), "1. =x");
}

#[test]
fn every_type_of_question_exports_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let bank = fixture_bank();
    let ids: Vec<String> = bank.questions.iter().map(|q| q.id.clone()).collect();
    let start = t0();
    let s = Session::start(Mode::Exam, &bank, &ids, Some(3600), 3, start);
    // Nothing answered: every question missed its points.
    Store::open(dir.path())
        .unwrap()
        .save_attempt(&s.finish(&bank, start + Duration::minutes(1)))
        .unwrap();

    let md = export(dir.path(), &["--missed"]);
    assert_eq!(ids_in(&md).len(), ids.len(), "{md}");
    for expected in [
        "*Choose one answer.*",
        "*Put the steps in order",
        "*Answer yes or no to each statement.*",
        "*Complete the snippet: choose an option for each gap.*",
        "> **Case study: ",
        "- Gap 1: ",
        "**Answer**",
        "References:",
    ] {
        assert!(md.contains(expected), "no `{expected}` in\n{md}");
    }

    let anki = export(dir.path(), &["--missed", "--format", "anki"]);
    let notes: Vec<&str> = anki.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(notes.len(), ids.len());
    assert!(notes.iter().all(|n| n.split('\t').count() == 4));

    let csv = export(dir.path(), &["--missed", "--format", "csv"]);
    let rows = csv::Reader::from_reader(csv.as_bytes()).records().count();
    assert_eq!(rows, ids.len());
}
