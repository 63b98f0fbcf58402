//! End to end: the real binary in a tmux pane plays a 3-question sprint (answer, flag, review
//! grid, submit, results, review, quit) and leaves the attempt in the data folder.
//!
//! Skipped, with a message, where tmux is not installed (CI installs it).

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-u", "-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend(keys);
        assert!(self.run(&args).status.success(), "send-keys {keys:?}");
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }

    /// Waits until the screen shows every one of `texts`, and returns it.
    fn wait_for(&self, texts: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if texts.iter().all(|t| screen.contains(t)) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {texts:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn alive(&self) -> bool {
        self.run(&["has-session", "-t", "e2e"]).status.success()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn tmux_installed() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn a_sprint_played_in_a_real_terminal_is_saved() {
    if !tmux_installed() {
        eprintln!("SKIPPED e2e_sprint: tmux is not installed (apt-get install tmux to run it)");
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
    let tmux = Tmux {
        socket: format!("az400-e2e-{}", std::process::id()),
    };
    let started = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "120",
        "-y",
        "40",
        "-e",
        "TERM=xterm-256color",
        &command,
    ]);
    assert!(
        started.status.success(),
        "{}",
        String::from_utf8_lossy(&started.stderr)
    );

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
    let results = tmux.wait_for(&["Sprint results", "/ 1000", "By domain", "Weakest skills"]);
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
    let start = Instant::now();
    while tmux.alive() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "az400 did not quit"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

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
