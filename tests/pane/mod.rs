//! Driving the real binary in a tmux pane: start it, send keys, read the screen, send signals.
//! Tests that need it skip, with a message, where tmux is not installed (CI installs it).
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// A private tmux server with one window running az400.
pub struct Tmux {
    socket: String,
}

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Whether tmux can be run here; prints why a test is skipped if not.
pub fn available(test: &str) -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIPPED {test}: tmux is not installed (apt-get install tmux to run it)");
    }
    ok
}

/// The fixture bank's folder.
pub fn fixture_bank() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bank")
}

impl Tmux {
    /// Starts `az400 ARGS --data-dir DATA` in a `width`×`height` pane, with `env` set, from a
    /// shell that prints its exit status and keeps the pane (and its terminal) open after.
    pub fn start(data: &Path, args: &str, size: (u16, u16), env: &[(&str, &str)]) -> Tmux {
        let tmux = Tmux {
            socket: format!(
                "az400-t-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            ),
        };
        let mut exports = String::new();
        for (k, v) in env {
            exports.push_str(&format!("{k}='{v}' "));
        }
        let command = format!(
            "env {exports} {} {args} --data-dir '{}'; echo az400-exit=$?; sleep 600",
            env!("CARGO_BIN_EXE_az400"),
            data.display()
        );
        let (w, h) = (size.0.to_string(), size.1.to_string());
        let started = tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            &w,
            "-y",
            &h,
            "-e",
            "TERM=xterm-256color",
            "sh",
            "-c",
            &command,
        ]);
        assert!(
            started.status.success(),
            "{}",
            String::from_utf8_lossy(&started.stderr)
        );
        tmux
    }

    /// Starts an interactive shell with job control in a pane and runs az400 from it, as a
    /// user would (so Ctrl-Z stops it and `fg` brings it back).
    pub fn start_in_shell(data: &Path, args: &str, size: (u16, u16)) -> Tmux {
        let tmux = Tmux {
            socket: format!(
                "az400-s-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            ),
        };
        let (w, h) = (size.0.to_string(), size.1.to_string());
        let started = tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            &w,
            "-y",
            &h,
            "-e",
            "TERM=xterm-256color",
            "bash --norc --noprofile -i",
        ]);
        assert!(
            started.status.success(),
            "{}",
            String::from_utf8_lossy(&started.stderr)
        );
        tmux.send(&["-l", "PS1='shell$ '"]);
        tmux.send(&["Enter"]);
        tmux.wait_for(&["shell$"]);
        let command = format!(
            "{} {args} --data-dir '{}'",
            env!("CARGO_BIN_EXE_az400"),
            data.display()
        );
        tmux.send(&["-l", &command]);
        tmux.send(&["Enter"]);
        tmux
    }

    /// The az400 started from the pane's shell.
    pub fn pid(&self) -> i32 {
        let shell = self.shell_pid();
        let start = Instant::now();
        loop {
            let out = Command::new("pgrep")
                .args(["-P", &shell.to_string()])
                .output()
                .expect("pgrep runs");
            if let Some(pid) = String::from_utf8_lossy(&out.stdout)
                .lines()
                .next()
                .and_then(|l| l.trim().parse().ok())
            {
                return pid;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "az400 did not start"
            );
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Runs a tmux command on this server.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-u", "-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    /// Sends keys (tmux key names) to the pane.
    pub fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend(keys);
        assert!(self.run(&args).status.success(), "send-keys {keys:?}");
    }

    /// The text on the screen.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    /// A tmux format variable of the pane, e.g. `pane_pid`.
    pub fn var(&self, name: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", "t", &format!("#{{{name}}}")]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// The shell running in the pane.
    fn shell_pid(&self) -> i32 {
        self.var("pane_pid").parse().expect("a pane pid")
    }

    /// Waits until the screen shows every one of `texts`, and returns it.
    pub fn wait_for(&self, texts: &[&str]) -> String {
        self.wait_until(&format!("{texts:?}"), |s| {
            texts.iter().all(|t| s.contains(t))
        })
    }

    /// Waits until `ready` holds for the screen, and returns it.
    pub fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {what}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Waits for az400 (started with [`Tmux::start`]) to exit and returns its exit status.
    pub fn wait_exit(&self) -> i32 {
        let screen = self.wait_for(&["az400-exit="]);
        screen
            .split("az400-exit=")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .expect("an exit status")
    }

    /// Sends a signal to az400.
    pub fn kill(&self, signal: &str) {
        let ok = Command::new("kill")
            .args([&format!("-{signal}"), &self.pid().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "kill -{signal}");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}
