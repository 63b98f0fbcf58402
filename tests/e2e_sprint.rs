//! End to end: the real binary in a tmux pane plays a 3-question sprint (answer, flag, review
//! grid, submit, results, review, quit) and leaves the attempt in the data folder.
//!
//! Skipped, with a message, where tmux is not installed (CI installs it).

mod tmux;

use std::path::Path;
use std::time::Duration;

#[test]
fn a_sprint_played_in_a_real_terminal_is_saved() {
    if !tmux::installed("e2e_sprint") {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let bank = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bank");
    let command = format!(
        "{} sprint -n 3 -m 5 --seed 7 --data-dir '{}' --bank '{}'",
        env!("CARGO_BIN_EXE_az400"),
        data.path().display(),
        bank.display()
    );
    let tmux = tmux::Tmux::start("e2e", 120, 40, &[], &command);

    // Answer the first question and flag it.
    tmux.wait_for(&["Sprint · Question 1 of 3", "left"]);
    tmux.send(&["1"]);
    tmux.send(&["f"]);
    tmux.wait_for(&["Flagged"]);
    // Answer the second and third.
    tmux.send(&["n"]);
    tmux.wait_for(&["Question 2 of 3"]);
    tmux.send(&["1", "n"]);
    tmux.wait_for(&["Question 3 of 3"]);
    tmux.send(&["1"]);
    // The review grid, then jump back to the first question and return.
    tmux.send(&["g"]);
    tmux.wait_for(&["Review grid", "1 flagged"]);
    tmux.send(&["Up", "Left", "Left", "Enter"]);
    tmux.wait_for(&["Question 1 of 3", "Flagged"]);
    // Submit with the confirmation.
    tmux.send(&["s"]);
    tmux.wait_for(&["Submit the sprint?"]);
    tmux.send(&["y"]);
    let results = tmux.wait_for(&["Sprint results", "/ 1000", "Score report by skill area"]);
    assert!(
        results.contains("PASS") || results.contains("FAIL"),
        "{results}"
    );
    // Review every answer, then go home and quit.
    tmux.send(&["r"]);
    tmux.wait_for(&["Review (all) · 1 of 3"]);
    // Scroll down to the explanation, however long the question is.
    for _ in 0..40 {
        if tmux.screen().contains("Explanation") {
            break;
        }
        tmux.send(&["Down"]);
        std::thread::sleep(Duration::from_millis(30));
    }
    tmux.wait_for(&["Explanation"]);
    tmux.send(&["n"]);
    tmux.wait_for(&["Review (all) · 2 of 3"]);
    tmux.send(&["q"]);
    tmux.wait_for(&["Sprint results"]);
    tmux.send(&["q"]);
    tmux.wait_for(&["Daily sprint", "done today"]);
    tmux.send(&["q"]);
    tmux.wait_exit();

    let attempts: Vec<_> = std::fs::read_dir(data.path().join("attempts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    assert_eq!(attempts.len(), 1, "{attempts:?}");
    let attempt: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&attempts[0]).unwrap()).unwrap();
    let items = attempt["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(attempt["mode"], "sprint");
    assert_eq!(items[0]["flagged"], true);
    assert!(items.iter().all(|i| !i["response"].is_null()), "{attempt}");
}
