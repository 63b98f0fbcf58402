//! The terminal, given back whatever happens: signals save the session and restore the
//! terminal, Ctrl-Z suspends and redraws, the "enlarge the terminal" screen only quits.
//! Driven through the real binary in tmux; skipped where tmux is not installed.

mod pane;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use pane::{Tmux, available, fixture_bank};

fn sprint_args() -> String {
    format!(
        "sprint -n 2 -m 30 --seed 3 --bank '{}'",
        fixture_bank().display()
    )
}

fn session_files(data: &Path) -> Vec<serde_json::Value> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(data.join("sessions")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "json") {
            found.push(serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap());
        }
    }
    found
}

/// Waits until the session file holds an answer to its first question.
fn wait_answer_saved(data: &Path) {
    let start = std::time::Instant::now();
    loop {
        let sessions = session_files(data);
        if sessions
            .iter()
            .any(|s| !s["items"][0]["response"].is_null())
        {
            return;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no answer saved");
        std::thread::sleep(Duration::from_millis(40));
    }
}

fn attempt_count(data: &Path) -> usize {
    std::fs::read_dir(data.join("attempts")).map_or(0, std::iter::Iterator::count)
}

/// The line settings of the pane's terminal, as `stty -a` prints them.
fn stty(tmux: &Tmux) -> String {
    let tty = tmux.var("pane_tty");
    let out = Command::new("stty")
        .args(["-a", "-F", &tty])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn each_ending_signal_saves_restores_the_terminal_and_exits_128_plus_n() {
    if !available("signals") {
        return;
    }
    for (name, number) in [("TERM", 15), ("HUP", 1), ("INT", 2), ("QUIT", 3)] {
        let data = tempfile::tempdir().unwrap();
        let tmux = Tmux::start(data.path(), &sprint_args(), (100, 30), &[]);
        tmux.wait_for(&["Question 1 of 2"]);
        assert_eq!(tmux.var("alternate_on"), "1");
        assert!(stty(&tmux).contains("-icanon"), "raw mode while running");
        tmux.send(&["1"]);
        wait_answer_saved(data.path());
        tmux.kill(name);
        assert_eq!(tmux.wait_exit(), 128 + number, "SIG{name}");
        assert_eq!(tmux.var("alternate_on"), "0", "SIG{name}: main screen");
        assert_eq!(tmux.var("cursor_flag"), "1", "SIG{name}: cursor shown");
        let settings = stty(&tmux);
        assert!(
            settings.contains(" icanon") && settings.contains(" echo"),
            "SIG{name}: cooked mode: {settings}"
        );
        let sessions = session_files(data.path());
        assert_eq!(sessions.len(), 1, "SIG{name}");
        assert!(
            !sessions[0]["items"][0]["response"].is_null(),
            "SIG{name}: answer saved"
        );
    }
}

#[test]
fn a_signal_to_an_idle_home_screen_is_handled_at_once() {
    if !available("idle signal") {
        return;
    }
    // The home screen runs no countdown, so nothing but the signal wakes the app.
    let data = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(data.path(), "", (100, 30), &[]);
    tmux.wait_for(&["Daily sprint"]);
    tmux.kill("TERM");
    assert_eq!(tmux.wait_exit(), 128 + 15);
    // The app itself ended, not its watchdog (which gives up after 2 s without restoring).
    assert_eq!(tmux.var("alternate_on"), "0", "main screen");
    assert_eq!(tmux.var("cursor_flag"), "1", "cursor shown");
}

#[test]
fn ctrl_z_suspends_and_continuing_redraws() {
    if !available("ctrl-z") {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let tmux = Tmux::start_in_shell(data.path(), &sprint_args(), (100, 30));
    tmux.wait_for(&["Question 1 of 2"]);
    let pid = tmux.pid();
    tmux.send(&["1"]);
    wait_answer_saved(data.path());
    tmux.send(&["C-z"]);
    let state = || {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|s| s.rsplit(')').next().map(|r| r.trim().chars().next()))
            .flatten()
    };
    let start = std::time::Instant::now();
    while state() != Some('T') {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "not stopped: {:?}",
            state()
        );
        std::thread::sleep(Duration::from_millis(40));
    }
    // The shell has the terminal back, on the main screen, and can run a command.
    let screen = tmux.wait_for(&["Stopped", "shell$"]);
    assert!(!screen.contains("Question 1 of 2"), "{screen}");
    assert_eq!(tmux.var("alternate_on"), "0", "the terminal is given back");
    assert_eq!(tmux.var("cursor_flag"), "1");
    tmux.send(&["-l", "echo typed-$((6*7))"]);
    tmux.send(&["Enter"]);
    tmux.wait_for(&["typed-42"]);
    assert!(!session_files(data.path())[0]["items"][0]["response"].is_null());
    tmux.send(&["-l", "fg"]);
    tmux.send(&["Enter"]);
    tmux.wait_for(&["Question 1 of 2", "left"]);
    assert_eq!(tmux.var("alternate_on"), "1");
    // Still playable after the redraw.
    tmux.send(&["n"]);
    tmux.wait_for(&["Question 2 of 2"]);
    tmux.send(&["q"]);
    tmux.wait_for(&["Leave the sprint?"]);
    tmux.send(&["y"]);
    tmux.wait_for(&["Progress saved"]);
    tmux.send(&["q"]);
    tmux.wait_for(&["shell$"]);
    tmux.send(&["-l", "echo status=$?"]);
    tmux.send(&["Enter"]);
    tmux.wait_for(&["status=0"]);
}

#[test]
fn the_enlarge_screen_ignores_everything_but_quit() {
    if !available("enlarge") {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(data.path(), &sprint_args(), (60, 20), &[]);
    tmux.wait_for(&["enlarge the terminal"]);
    // Typed blind: pick, submit, confirm, and more.
    for key in [
        "1", "s", "y", "Enter", "n", "1", "s", "Enter", "y", "f", "g",
    ] {
        tmux.send(&[key]);
        std::thread::sleep(Duration::from_millis(30));
    }
    tmux.run(&["resize-window", "-t", "t", "-x", "100", "-y", "30"]);
    let screen = tmux.wait_for(&["Question 1 of 2"]);
    assert!(
        !screen.contains("Flagged") && !screen.contains("Review grid"),
        "{screen}"
    );
    let sessions = session_files(data.path());
    assert!(
        sessions[0]["items"][0]["response"].is_null(),
        "nothing was answered"
    );
    assert_eq!(attempt_count(data.path()), 0);
    tmux.run(&["resize-window", "-t", "t", "-x", "60", "-y", "20"]);
    tmux.wait_for(&["enlarge the terminal"]);
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), 0, "q quits at once");
    assert_eq!(session_files(data.path()).len(), 1, "the session is kept");
    assert_eq!(attempt_count(data.path()), 0);
}

#[cfg(unix)]
#[test]
fn o_in_drill_feedback_opens_the_references_with_the_az400_browser_command() {
    use std::os::unix::fs::PermissionsExt;
    if !available("open references") {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let opened = data.path().join("opened");
    let browser = data.path().join("browser");
    std::fs::write(
        &browser,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    let args = format!(
        "drill --id deployments-fixture-single --bank '{}'",
        fixture_bank().display()
    );
    let browser = browser.to_string_lossy().into_owned();
    let tmux = Tmux::start(
        data.path(),
        &args,
        (100, 30),
        &[("AZ400_BROWSER", browser.as_str())],
    );
    tmux.wait_for(&["Question 1 of 1"]);
    // One pick checks a single-answer drill question at once; its feedback offers `o`.
    tmux.send(&["1"]);
    tmux.wait_for(&["o open references"]);
    tmux.send(&["o"]);
    tmux.wait_for(&["Opened the reference in the browser."]);
    let start = std::time::Instant::now();
    let mut text = String::new();
    while start.elapsed() < Duration::from_secs(20) {
        text = std::fs::read_to_string(&opened).unwrap_or_default();
        if text.ends_with('\n') {
            break;
        }
        std::thread::sleep(Duration::from_millis(40));
    }
    assert_eq!(
        text,
        "https://learn.microsoft.com/azure/app-service/deploy-staging-slots\n"
    );
}
