//! The real binary in a tmux pane: type keys, read the screen. Tests that use it skip, with a
//! message, where tmux is not installed (CI installs it).
#![allow(dead_code)]

use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// How many servers this test process started.
static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A private tmux server with one pane running a command; killed on drop.
pub struct Tmux {
    socket: String,
}

/// Whether tmux can be run here; prints why a test is skipped when not.
pub fn installed(test: &str) -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIPPED {test}: tmux is not installed (apt-get install tmux to run it)");
    }
    ok
}

impl Tmux {
    /// Starts `command` (a shell command line) in a `width`×`height` pane, with `env`
    /// (`NAME=value`) set; `name` keeps tests that run at once apart.
    pub fn start(name: &str, width: u16, height: u16, env: &[String], command: &str) -> Tmux {
        let tmux = Tmux {
            // A fresh server name per start: reusing one races the previous server's exit.
            socket: format!(
                "az400-{name}-{}-{}",
                std::process::id(),
                STARTED.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            ),
        };
        let (width, height) = (width.to_string(), height.to_string());
        let mut args = vec![
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            &width,
            "-y",
            &height,
            "-e",
            "TERM=xterm-256color",
        ];
        for var in env {
            args.extend(["-e", var]);
        }
        args.push(command);
        let started = tmux.run(&args);
        assert!(
            started.status.success(),
            "{}",
            String::from_utf8_lossy(&started.stderr)
        );
        tmux
    }

    /// Runs a tmux command against this server.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-u", "-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    /// The id of the process running in the pane.
    pub fn pane_pid(&self) -> u32 {
        let out = self.run(&["list-panes", "-t", "t", "-F", "#{pane_pid}"]);
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .expect("tmux prints the pane's process id")
    }

    /// Types keys (tmux key names: `Enter`, `Up`, or text).
    pub fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend(keys);
        assert!(self.run(&args).status.success(), "send-keys {keys:?}");
    }

    /// The screen as text.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    /// The screen with its colours and emphasis as escape sequences.
    pub fn screen_with_styles(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-e", "-t", "t"]).stdout)
            .into_owned()
    }

    /// Waits until the screen shows every one of `texts`, and returns it.
    pub fn wait_for(&self, texts: &[&str]) -> String {
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

    /// Whether the pane's program still runs.
    pub fn alive(&self) -> bool {
        self.run(&["has-session", "-t", "t"]).status.success()
    }

    /// Waits for the program to end.
    pub fn wait_exit(&self) {
        let start = Instant::now();
        while self.alive() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "az400 did not quit"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}
