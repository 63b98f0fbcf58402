//! Closing the terminal ends az400: once the terminal hangs up, crossterm can spin on the dead
//! tty without ever returning to the loop that handles SIGHUP, so a watchdog ends the process.
//! Without it, every closed terminal window left an az400 at full CPU, holding its session's
//! lock.

mod tmux;

use std::time::{Duration, Instant};

fn running(pid: u32) -> bool {
    std::process::Command::new("ps")
        .args(["-o", "stat=", "-p", &pid.to_string()])
        .output()
        .is_ok_and(|o| {
            let stat = String::from_utf8_lossy(&o.stdout);
            // A zombie has ended; it only waits to be reaped.
            o.status.success() && !stat.trim().is_empty() && !stat.starts_with('Z')
        })
}

#[test]
fn closing_the_terminal_ends_the_app() {
    if !tmux::installed("closing_the_terminal_ends_the_app") {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let command = format!(
        "exec env -u AZ400_THEME AZ400_CONFIG=/nonexistent {} --data-dir '{}'",
        env!("CARGO_BIN_EXE_az400"),
        data.path().display()
    );
    let tmux = tmux::Tmux::start("hangup", 80, 24, &[], &command);
    tmux.wait_for(&["Daily sprint"]);
    let pid = tmux.pane_pid();
    assert!(running(pid));
    // The terminal goes away: tmux closes the pane's tty and sends SIGHUP.
    drop(tmux);
    let start = Instant::now();
    while running(pid) {
        if start.elapsed() > Duration::from_secs(10) {
            // Leave nothing behind, then fail.
            let _ = std::process::Command::new("kill")
                .args(["-9", &pid.to_string()])
                .status();
            panic!("az400 still runs 10 s after its terminal closed");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
