//! Kill anywhere: the real binary is killed (aborted by its test hook) at every step of saving
//! an answer and of submitting — each create, write, fsync, rename, folder fsync and remove —
//! then started again. Every answer given before the kill is there exactly once, and no
//! temporary file is left. Driven in tmux; skipped where tmux is not installed.

mod pane;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use pane::{Tmux, available, fixture_bank};

/// What a run got to before it ended.
#[derive(Debug, Default)]
struct Progress {
    /// Answers whose save was seen on screen before the kill.
    answers_seen: usize,
    /// Answer keys sent.
    answers_sent: usize,
    /// Whether the results screen showed (the attempt was recorded).
    submitted: bool,
    /// Whether az400 ran to its end without being killed.
    completed: bool,
}

/// Waits for `texts` or for az400 to have exited; true if the texts showed.
fn reached(tmux: &Tmux, texts: &[&str]) -> bool {
    let screen = tmux.wait_until(&format!("{texts:?} or the end"), |s| {
        s.contains("az400-exit=") || texts.iter().all(|t| s.contains(t))
    });
    !screen.contains("az400-exit=")
}

/// Plays a two-question sprint: answer, next, answer, submit, home, quit; stops where az400
/// dies.
fn play(data: &Path, crash_at: usize) -> Progress {
    let args = format!(
        "sprint -n 2 -m 30 --seed 3 --bank '{}'",
        fixture_bank().display()
    );
    let crash = crash_at.to_string();
    let tmux = Tmux::start(data, &args, (100, 30), &[("AZ400_TEST_CRASH_AT", &crash)]);
    let mut progress = Progress::default();
    if !reached(&tmux, &["Question 1 of 2"]) {
        return progress;
    }
    for (n, next) in [(1, Some("Question 2 of 2")), (2, None)] {
        progress.answers_sent += 1;
        tmux.send(&["1"]);
        // The answer is saved before the frame that shows it; the flag key after it is a
        // cheap way to see that frame passed.
        if !reached(&tmux, &["1-9"]) || !answer_saved(&tmux, data, n) {
            return progress;
        }
        progress.answers_seen += 1;
        if let Some(next) = next {
            tmux.send(&["n"]);
            if !reached(&tmux, &[next]) {
                return progress;
            }
        }
    }
    tmux.send(&["s"]);
    if !reached(&tmux, &["Submit the sprint?"]) {
        return progress;
    }
    tmux.send(&["y"]);
    if !reached(&tmux, &["results"]) {
        return progress;
    }
    progress.submitted = true;
    tmux.send(&["q"]);
    if !reached(&tmux, &["Daily sprint"]) {
        return progress;
    }
    tmux.send(&["q"]);
    progress.completed = tmux.wait_exit() == 0;
    progress
}

/// Whether the session file (or the attempt) holds `n` answers, waiting a little for it
/// unless az400 has died.
fn answer_saved(tmux: &Tmux, data: &Path, n: usize) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(5) {
        if records(data).iter().any(|r| answered(r) >= n) {
            return true;
        }
        if tmux.screen().contains("az400-exit=") {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    false
}

fn answered(record: &serde_json::Value) -> usize {
    record["items"].as_array().map_or(0, |items| {
        items.iter().filter(|i| !i["response"].is_null()).count()
    })
}

/// Every session and attempt file in the live folders (not those set aside).
fn records(data: &Path) -> Vec<serde_json::Value> {
    let mut found = Vec::new();
    for dir in ["sessions", "attempts"] {
        let Ok(entries) = fs::read_dir(data.join(dir)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "json")
                && let Ok(bytes) = fs::read(&path)
                && let Ok(value) = serde_json::from_slice(&bytes)
            {
                found.push(value);
            }
        }
    }
    found
}

fn temp_files(data: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for dir in ["sessions", "attempts", "cache", "sessions/done"] {
        if let Ok(entries) = fs::read_dir(data.join(dir)) {
            for entry in entries {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                if name.starts_with(".tmp-") {
                    found.push(format!("{dir}/{name}"));
                }
            }
        }
    }
    found
}

fn az400_json(data: &Path, args: &[&str]) -> (serde_json::Value, String) {
    let out = Command::cargo_bin("az400")
        .unwrap()
        .env_remove("AZ400_DATA_DIR")
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success());
    (
        serde_json::from_slice(&out.stdout).unwrap_or_default(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Plays with a kill at step `crash_at` and checks what a restart finds; returns whether the
/// run completed (no step left to kill).
fn kill_and_restart(crash_at: usize) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let progress = play(data, crash_at);
    if progress.completed {
        return true;
    }
    let at = format!("killed at step {crash_at} after {progress:?}");
    // Restart: a plain command tidies (temporary files, sessions already recorded).
    let (_, list) = az400_json(data, &["resume", "--list"]);
    let (history, _) = az400_json(data, &["history", "--json"]);
    assert!(temp_files(data).is_empty(), "{at}: {:?}", temp_files(data));
    let attempts = history.as_array().map_or(0, Vec::len);
    let sessions = list.matches("resumable").count();
    let live = records(data);
    // Exactly one record of the sprint once its first save finished; none before.
    assert!(attempts <= 1, "{at}: counted twice");
    assert_eq!(live.len(), attempts + sessions, "{at}: {list}");
    if progress.answers_seen > 0 || progress.submitted {
        assert_eq!(attempts + sessions, 1, "{at}: {list}");
    }
    if progress.submitted {
        assert_eq!(attempts, 1, "{at}: the submitted attempt is kept");
    }
    // Every answer seen saved is there, once; none appears that was never given.
    let answers = live.iter().map(answered).max().unwrap_or(0);
    assert!(
        (progress.answers_seen..=progress.answers_sent).contains(&answers),
        "{at}: {answers} answers kept"
    );
    false
}

#[test]
fn a_kill_at_any_step_loses_no_answer_counts_none_twice_and_leaves_no_temporary_file() {
    // Steps are shared out among a few runners; each stops at its first run that completes.
    const RUNNERS: usize = 3;
    if !available("kill anywhere") {
        return;
    }
    let runners: Vec<_> = (1..=RUNNERS)
        .map(|first| {
            std::thread::spawn(move || {
                let mut killed = Vec::new();
                for crash_at in (first..200).step_by(RUNNERS) {
                    if kill_and_restart(crash_at) {
                        return (killed, Some(crash_at));
                    }
                    killed.push(crash_at);
                }
                (killed, None)
            })
        })
        .collect();
    let mut killed = Vec::new();
    let mut completed = Vec::new();
    for runner in runners {
        let (k, c) = runner.join().expect("a runner passed");
        killed.extend(k);
        completed.extend(c);
    }
    let end = completed
        .into_iter()
        .min()
        .expect("the sprint never completed");
    let steps = end - 1;
    eprintln!("killed at each of {steps} steps");
    assert!(steps >= 20, "only {steps} steps: is the hook working?");
    assert!(
        (1..end).all(|n| killed.contains(&n)),
        "every step before the end was killed"
    );
}
