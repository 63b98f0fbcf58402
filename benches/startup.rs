//! Start-up benchmark: time to the first frame under a pseudo-terminal (120x40), az400 against a
//! trivial ratatui program (`benches/trivial_tui.rs`) measured in the same run, interleaved,
//! medians and ratios; peak memory of each child (`ru_maxrss` from `wait4`).
//!
//! ```text
//! cargo build --release --features startup-bench
//! target/release/az400-startup-bench                  # 15 runs of each scenario
//! target/release/az400-startup-bench --runs 31 --idle --only sprint
//! ```
//! Both are plain binaries behind a feature, so that they stay out of the test suite and need no
//! dev-dependency built in release; the feature changes nothing in az400.
//! The first frame is the screen's content drawn: the output on the terminal holds the screen's
//! own text (e.g. "Streak" on home, the "submit" key hint on a question) and then the footer's
//! last hint on the bottom row. Plain commands (`history`, `stats`, `bank validate`) are timed to
//! their exit, against the trivial program printing ten lines. `--idle` also measures the CPU a
//! sprint uses in 10 s of idling with its countdown running (`/proc/PID/schedstat`).
//!
//! `STARTUP_BENCH_AZ400=/path/to/az400` measures that build instead of this one.
//!
//! Synthetic data is generated under `target/startup-bench/`: YAML banks of 2,000 and 20,000
//! questions (random words, so no two stems are alike) and a history of 1,000 sprints written
//! with az400's own store.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::io::{Read as _, Write as _};
use std::os::fd::{AsRawFd as _, FromRawFd as _, OwnedFd};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use az400_sprint::attempt::Mode;
use az400_sprint::bank::{self, Body};
use az400_sprint::history::Store;
use az400_sprint::response::Response;
use az400_sprint::session::Session;
use chrono::{Duration as Days, TimeZone as _, Utc};

/// The terminal's size.
const COLS: u16 = 120;
const ROWS: u16 = 40;
/// The longest a first frame is waited for.
const TIMEOUT: Duration = Duration::from_secs(30);

fn main() {
    let options = Options::parse();
    let bin_dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
        .expect("the benchmark's own folder");
    // Another build of az400 can be measured in its place (e.g. main's, for a comparison).
    let az400 = std::env::var_os("STARTUP_BENCH_AZ400")
        .map_or_else(|| bin_dir.join("az400"), PathBuf::from);
    let trivial = bin_dir.join("az400-trivial-tui");
    for program in [&az400, &trivial] {
        assert!(
            program.exists(),
            "{} is missing: cargo build --release --features startup-bench",
            program.display()
        );
    }
    let target = bin_dir.parent().expect("target/<profile>/").to_path_buf();
    let data = Data::prepare(&target.join("startup-bench"));
    let scenarios = scenarios(&az400, &trivial, &data)
        .into_iter()
        .filter(|s| {
            options.only.is_empty()
                || s.name.starts_with("trivial")
                || options.only.iter().any(|o| s.name.contains(o.as_str()))
        })
        .collect::<Vec<_>>();
    println!(
        "{} runs of each of {} scenarios, interleaved, {COLS}x{ROWS} pseudo-terminal",
        options.runs,
        scenarios.len()
    );
    // One unmeasured round fills the caches a warm start relies on.
    for s in &scenarios {
        run(s, &data);
    }
    let mut results: BTreeMap<&str, Vec<Run>> = BTreeMap::new();
    for round in 0..options.runs {
        for s in &scenarios {
            results.entry(s.name).or_default().push(run(s, &data));
        }
        eprint!("\rround {}/{}", round + 1, options.runs);
    }
    eprintln!();
    report(&scenarios, &results);
    if options.idle {
        idle_cpu(&az400, &data);
    }
}

/// Command-line options.
struct Options {
    runs: usize,
    only: Vec<String>,
    idle: bool,
}

impl Options {
    fn parse() -> Options {
        let mut options = Options {
            runs: 15,
            only: Vec::new(),
            idle: false,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--runs" => options.runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(15),
                "--only" => options.only.extend(args.next()),
                "--idle" => options.idle = true,
                other => panic!("unknown option {other}: --runs N, --only TEXT, --idle"),
            }
        }
        options
    }
}

/// Where the synthetic data lies.
struct Data {
    root: PathBuf,
    empty_history: PathBuf,
    history: PathBuf,
    bank_2k: PathBuf,
    bank_20k: PathBuf,
}

impl Data {
    fn prepare(root: &Path) -> Data {
        fs::create_dir_all(root).expect("a folder for the benchmark's data");
        let data = Data {
            root: root.to_path_buf(),
            empty_history: root.join("history-empty"),
            history: root.join("history-1000"),
            bank_2k: root.join("bank-2000"),
            bank_20k: root.join("bank-20000"),
        };
        for (dir, count) in [(&data.bank_2k, 2_000), (&data.bank_20k, 20_000)] {
            if !dir.join("done").exists() {
                let _ = fs::remove_dir_all(dir);
                write_yaml_bank(dir, count);
                fs::write(dir.join("done"), "").expect("a marker");
            }
        }
        if !data.history.join("done").exists() {
            let _ = fs::remove_dir_all(&data.history);
            write_history(&data.history, 1_000);
            fs::write(data.history.join("done"), "").expect("a marker");
        }
        let _ = fs::remove_dir_all(&data.empty_history);
        fs::create_dir_all(&data.empty_history).expect("an empty data folder");
        data
    }
}

/// A small deterministic generator (xorshift), so every run writes the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A vocabulary of made-up words, enough that random stems share almost no three-word runs.
fn vocabulary() -> Vec<String> {
    const SYLLABLES: [&str; 24] = [
        "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "de", "ga", "pe", "zu", "bri", "con",
        "dep", "fle", "gra", "hub", "pip", "rel", "sec", "tas", "ver", "wor",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..6_000)
        .map(|_| {
            (0..2 + rng.below(2))
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect()
        })
        .collect()
}

fn words(rng: &mut Rng, vocabulary: &[String], count: usize) -> String {
    (0..count)
        .map(|_| vocabulary[rng.below(vocabulary.len())].as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes `count` single-answer questions of about 1.4 KB each (stem, four options with their
/// whys, explanation, reference) as YAML, 250 to a file, spread over the built-in blueprint.
fn write_yaml_bank(dir: &Path, count: usize) {
    fs::create_dir_all(dir).expect("a bank folder");
    let blueprint = bank::builtin().blueprint;
    let topics: Vec<(String, String, String)> = blueprint
        .domains
        .iter()
        .flat_map(|d| {
            d.skills.iter().flat_map(move |s| {
                s.topics
                    .iter()
                    .map(move |t| (d.id.clone(), s.id.clone(), t.id.clone()))
            })
        })
        .collect();
    let vocabulary = vocabulary();
    let mut rng = Rng(count as u64 | 1);
    for file in 0..count.div_ceil(250) {
        let mut text = String::from("questions:\n");
        for n in file * 250..((file + 1) * 250).min(count) {
            let (domain, skill, topic) = &topics[n % topics.len()];
            let correct = rng.below(4);
            text += &format!(
                "  - id: generated-{n}\n    domain: {domain}\n    skill: {skill}\n    topic: {topic}\n    type: single\n    difficulty: {}\n    verified: 2026-11\n    stem: |\n      {}\n      {}?\n    options:\n",
                1 + rng.below(3),
                words(&mut rng, &vocabulary, 30),
                words(&mut rng, &vocabulary, 30),
            );
            for o in 0..4 {
                text += &format!(
                    "      - text: {}\n{}        why: {}\n",
                    words(&mut rng, &vocabulary, 10),
                    if o == correct {
                        "        correct: true\n"
                    } else {
                        ""
                    },
                    words(&mut rng, &vocabulary, 22),
                );
            }
            text += &format!(
                "    explanation: |\n      {}\n      {}\n    references:\n      - https://learn.microsoft.com/azure/devops/generated-{n}\n",
                words(&mut rng, &vocabulary, 30),
                words(&mut rng, &vocabulary, 30),
            );
        }
        fs::write(dir.join(format!("generated-{file:03}.yaml")), text).expect("a bank file");
    }
}

/// Writes `count` finished 15-question sprints on the built-in bank, one a day up to now, with
/// az400's own store: single and multiple choice answered (right or wrong), the rest left open.
fn write_history(dir: &Path, count: usize) {
    let store = Store::open(dir).expect("a data folder");
    let bank = bank::builtin();
    let standalone: Vec<&bank::Question> = bank
        .questions
        .iter()
        .filter(|q| q.case_study.is_none() && q.series.is_none())
        .collect();
    let first = Utc::now() - Days::days(count as i64);
    let first = Utc
        .timestamp_opt(first.timestamp(), 0)
        .single()
        .expect("a time");
    for a in 0..count {
        let ids: Vec<String> = (0..15)
            .map(|k| standalone[(a * 15 + k) % standalone.len()].id.clone())
            .collect();
        let start = first + Days::days(a as i64);
        let mut session = Session::start(Mode::Sprint, &bank, &ids, Some(1800), a as u64, start);
        for (i, id) in ids.iter().enumerate() {
            let question = bank.question(id).expect("drawn from the bank");
            let response = match &question.body() {
                Body::Single { .. } | Body::Multiple { .. } => Response::Choices(vec![(a + i) % 2]),
                _ => continue,
            };
            let at = start + Days::seconds(40 * i as i64);
            session.go_to(i, at);
            let _ = session.answer(question, response, at);
        }
        let attempt = session.finish(&bank, start + Days::minutes(12));
        store.save_attempt(&attempt).expect("an attempt saved");
    }
}

/// What a run waits for.
#[derive(Clone, Copy)]
enum Until {
    /// These texts, in this order, on the terminal.
    Frame(&'static [&'static str]),
    /// The program's exit (its output goes to a pipe).
    Exit,
}

/// What to do before each run.
#[derive(Clone, Copy, PartialEq)]
enum Prepare {
    Nothing,
    /// Remove the sessions a killed sprint left, so the next one starts at its question.
    ClearSessions,
    /// As above, and change one file of the bank (its size and modification time).
    ChangeBankFile,
    /// As above, and remove the caches of parsed banks (the first run ever).
    DropBankCache,
}

struct Scenario {
    name: &'static str,
    /// The trivial program's scenario this one is compared with.
    baseline: &'static str,
    /// The issue's target, as a ratio to the baseline (or absolute, said in the text).
    target: &'static str,
    program: PathBuf,
    args: Vec<OsString>,
    data_dir: PathBuf,
    prepare: Prepare,
    until: Until,
}

/// The home screen drawn to its footer.
const HOME: Until = Until::Frame(&["Streak", "\x1b[40;", "help"]);
/// A question drawn to its footer.
const QUESTION: Until = Until::Frame(&["\x1b[40;", "submit", "help"]);

fn scenarios(az400: &Path, trivial: &Path, data: &Data) -> Vec<Scenario> {
    let os =
        |args: &[&Path]| -> Vec<OsString> { args.iter().map(std::convert::Into::into).collect() };
    let with_bank = |dir: &Path, command: &[&str]| -> Vec<OsString> {
        let mut args: Vec<OsString> = vec!["--bank".into(), dir.into()];
        args.extend(command.iter().map(OsString::from));
        args
    };
    let app = |name, target, args: Vec<OsString>, data_dir: &Path, prepare, until| Scenario {
        name,
        baseline: if matches!(until, Until::Exit) {
            "trivial print"
        } else {
            "trivial tui"
        },
        target,
        program: az400.to_path_buf(),
        args,
        data_dir: data_dir.to_path_buf(),
        prepare,
        until,
    };
    vec![
        Scenario {
            name: "trivial tui",
            baseline: "trivial tui",
            target: "",
            program: trivial.to_path_buf(),
            args: Vec::new(),
            data_dir: data.empty_history.clone(),
            prepare: Prepare::Nothing,
            until: Until::Frame(&["\x1b[40;", "help"]),
        },
        Scenario {
            name: "trivial print",
            baseline: "trivial print",
            target: "",
            program: trivial.to_path_buf(),
            args: vec!["--print".into()],
            data_dir: data.empty_history.clone(),
            prepare: Prepare::Nothing,
            until: Until::Exit,
        },
        // Before "one file changed" touches the bank, so that validate's own cache (in the
        // empty data folder) holds the bank as it is.
        app(
            "bank validate 20k, unchanged",
            "<= 0.5 s",
            vec![
                "bank".into(),
                "validate".into(),
                data.bank_20k.clone().into(),
            ],
            &data.empty_history,
            Prepare::Nothing,
            Until::Exit,
        ),
        app(
            "home, empty history",
            "<= 1.2x",
            Vec::new(),
            &data.empty_history,
            Prepare::Nothing,
            HOME,
        ),
        app(
            "home, 1,000 attempts",
            "<= 1.2x",
            Vec::new(),
            &data.history,
            Prepare::Nothing,
            HOME,
        ),
        app(
            "sprint, empty history",
            "<= 1.5x",
            os(&[Path::new("sprint")]),
            &data.empty_history,
            Prepare::ClearSessions,
            QUESTION,
        ),
        app(
            "sprint, 1,000 attempts",
            "<= 1.5x",
            os(&[Path::new("sprint")]),
            &data.history,
            Prepare::ClearSessions,
            QUESTION,
        ),
        app(
            "home, 20k bank, 1,000 attempts",
            "<= 1.2x",
            with_bank(&data.bank_20k, &[]),
            &data.history,
            Prepare::ClearSessions,
            HOME,
        ),
        app(
            "sprint, 20k bank, 1,000 attempts, unchanged",
            "<= 10x",
            with_bank(&data.bank_20k, &["sprint"]),
            &data.history,
            Prepare::ClearSessions,
            QUESTION,
        ),
        app(
            "sprint, 20k bank, one file changed",
            "",
            with_bank(&data.bank_20k, &["sprint"]),
            &data.history,
            Prepare::ChangeBankFile,
            QUESTION,
        ),
        app(
            "sprint, 2k bank, first run (no cache)",
            "",
            with_bank(&data.bank_2k, &["sprint"]),
            &data.history,
            Prepare::DropBankCache,
            QUESTION,
        ),
        app(
            "sprint, 20k bank, first run (no cache)",
            "<= 0.75 s; <= 11x the 2k",
            with_bank(&data.bank_20k, &["sprint"]),
            &data.history,
            Prepare::DropBankCache,
            QUESTION,
        ),
        app(
            "bank validate 20k, one file changed",
            "",
            vec![
                "bank".into(),
                "validate".into(),
                data.bank_20k.clone().into(),
            ],
            &data.empty_history,
            Prepare::Nothing,
            Until::Exit,
        ),
        app(
            "history, 1,000 attempts",
            "<= 2x",
            vec!["history".into()],
            &data.history,
            Prepare::Nothing,
            Until::Exit,
        ),
        app(
            "stats, 1,000 attempts",
            "<= 2x",
            vec!["stats".into()],
            &data.history,
            Prepare::Nothing,
            Until::Exit,
        ),
    ]
}

/// One measured run.
#[derive(Clone, Copy)]
struct Run {
    millis: f64,
    peak_kib: i64,
}

fn prepare(scenario: &Scenario) {
    if scenario.prepare == Prepare::Nothing {
        return;
    }
    let sessions = scenario.data_dir.join("sessions");
    if let Ok(entries) = fs::read_dir(&sessions) {
        for entry in entries.flatten() {
            if entry.path().is_file() {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    let bank_dir = scenario
        .args
        .iter()
        .position(|a| a == "--bank")
        .and_then(|i| scenario.args.get(i + 1))
        .map(PathBuf::from);
    match (scenario.prepare, bank_dir) {
        (Prepare::ChangeBankFile, Some(dir)) => {
            let file = dir.join("generated-000.yaml");
            let mut f = fs::OpenOptions::new()
                .append(true)
                .open(&file)
                .expect("the first bank file");
            writeln!(f, "# changed").expect("a change");
        }
        (Prepare::DropBankCache, Some(_)) => {
            // Every cache of parsed banks lives in the data folder's cache.
            for dir in ["cache/banks", "cache/bank"] {
                let _ = fs::remove_dir_all(scenario.data_dir.join(dir));
            }
        }
        _ => {}
    }
}

fn command(scenario: &Scenario, data: &Data) -> Command {
    let mut command = Command::new(&scenario.program);
    command
        .args(&scenario.args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &data.root)
        .env("XDG_CONFIG_HOME", data.root.join("config"))
        .env("XDG_CACHE_HOME", data.root.join("cache"))
        .env("AZ400_CONFIG", data.root.join("config/az400/none.toml"))
        .env("AZ400_DATA_DIR", &scenario.data_dir)
        .env("TERM", "xterm-256color")
        .env("LANG", "C.UTF-8");
    command
}

fn run(scenario: &Scenario, data: &Data) -> Run {
    prepare(scenario);
    match scenario.until {
        Until::Frame(needles) => run_in_pty(scenario, data, needles),
        Until::Exit => run_to_exit(scenario, data),
    }
}

fn run_to_exit(scenario: &Scenario, data: &Data) -> Run {
    let mut command = command(scenario, data);
    command.stdout(Stdio::piped()).stderr(Stdio::null());
    let started = Instant::now();
    let mut child = command.spawn().expect("the program starts");
    let mut out = Vec::new();
    child
        .stdout
        .take()
        .expect("a pipe")
        .read_to_end(&mut out)
        .expect("its output");
    let (status, peak_kib) = reap(child);
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    assert!(
        status == 0 || scenario.name.contains("validate"),
        "{} exited with status {status}",
        scenario.name
    );
    Run { millis, peak_kib }
}

/// Waits for a child; its exit status (or 128 + signal) and peak resident memory in KiB.
#[allow(clippy::needless_pass_by_value)] // the child ends here: wait4 reaps it
fn reap(child: std::process::Child) -> (i32, i64) {
    let pid = child.id();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child, status and usage point to live values.
    let reaped = unsafe { libc::wait4(pid as libc::pid_t, &raw mut status, 0, &raw mut usage) };
    assert_eq!(reaped, pid as libc::pid_t, "wait4 reaps the child");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    (code, usage.ru_maxrss)
}

/// A pseudo-terminal of COLS x ROWS: (controller, terminal side).
fn open_pty() -> (OwnedFd, OwnedFd) {
    let mut controller = -1;
    let mut terminal = -1;
    let size = libc::winsize {
        ws_row: ROWS,
        ws_col: COLS,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: the out-pointers are live; name and termios may be null.
    let rc = unsafe {
        libc::openpty(
            &raw mut controller,
            &raw mut terminal,
            std::ptr::null_mut(),
            std::ptr::null(),
            &raw const size,
        )
    };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: openpty returned two fresh descriptors that nothing else owns.
    unsafe {
        (
            OwnedFd::from_raw_fd(controller),
            OwnedFd::from_raw_fd(terminal),
        )
    }
}

/// Starts a scenario's program in a fresh pseudo-terminal of COLS x ROWS: its session's
/// controlling terminal and its stdin, stdout and stderr. Returns the child and the controller
/// side. Neither this process nor the dropped `Command` keeps the terminal side open, so
/// reading the controller ends once the program is gone.
fn spawn_in_pty(scenario: &Scenario, data: &Data) -> (std::process::Child, OwnedFd) {
    let (controller, terminal) = open_pty();
    let mut command = command(scenario, data);
    command
        .stdin(terminal.try_clone().expect("a descriptor"))
        .stdout(terminal.try_clone().expect("a descriptor"))
        .stderr(terminal.try_clone().expect("a descriptor"));
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let child = command.spawn().expect("the program starts");
    drop(command);
    drop(terminal);
    (child, controller)
}

fn run_in_pty(scenario: &Scenario, data: &Data, needles: &[&str]) -> Run {
    let started = Instant::now();
    let (child, controller) = spawn_in_pty(scenario, data);
    let pid = child.id();
    let mut output: Vec<u8> = Vec::new();
    let mut drawn = None;
    let mut buf = vec![0u8; 65536];
    while drawn.is_none() && started.elapsed() < TIMEOUT {
        let mut poll = libc::pollfd {
            fd: controller.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one live pollfd.
        let ready = unsafe { libc::poll(&raw mut poll, 1, 100) };
        if ready <= 0 {
            continue;
        }
        // SAFETY: reading into a live buffer of its length.
        let n = unsafe { libc::read(controller.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            break;
        }
        output.extend_from_slice(&buf[..n as usize]);
        if holds_in_order(&output, needles) {
            drawn = Some(started.elapsed());
        }
    }
    // SAFETY: signalling our own child.
    unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
    let (_, peak_kib) = reap(child);
    let Some(drawn) = drawn else {
        panic!(
            "{}: no first frame within {TIMEOUT:?}; the terminal showed:\n{}",
            scenario.name,
            String::from_utf8_lossy(&strip_escapes(&output))
        );
    };
    Run {
        millis: drawn.as_secs_f64() * 1000.0,
        peak_kib,
    }
}

fn holds_in_order(haystack: &[u8], needles: &[&str]) -> bool {
    let mut from = 0;
    for needle in needles {
        let needle = needle.as_bytes();
        match haystack[from..]
            .windows(needle.len())
            .position(|w| w == needle)
        {
            Some(at) => from += at + needle.len(),
            None => return false,
        }
    }
    true
}

/// The text of terminal output without its escape sequences, for an error message.
fn strip_escapes(output: &[u8]) -> Vec<u8> {
    let mut text = Vec::new();
    let mut bytes = output.iter().peekable();
    while let Some(&b) = bytes.next() {
        if b == 0x1b {
            if bytes.next_if_eq(&&b'[').is_some() {
                while bytes.next().is_some_and(|c| !(0x40..=0x7e).contains(c)) {}
            } else {
                bytes.next();
            }
        } else {
            text.push(b);
        }
    }
    text
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        f64::midpoint(values[n / 2 - 1], values[n / 2])
    }
}

fn report(scenarios: &[Scenario], results: &BTreeMap<&str, Vec<Run>>) {
    let medians: BTreeMap<&str, (f64, f64)> = results
        .iter()
        .map(|(name, runs)| {
            let mut millis: Vec<f64> = runs.iter().map(|r| r.millis).collect();
            let mut peak: Vec<f64> = runs.iter().map(|r| r.peak_kib as f64 / 1024.0).collect();
            (*name, (median(&mut millis), median(&mut peak)))
        })
        .collect();
    println!(
        "\n{:<46} {:>9} {:>7} {:>9}  target",
        "scenario", "median", "ratio", "peak"
    );
    for s in scenarios {
        let (millis, peak) = medians[s.name];
        let base = medians[s.baseline].0;
        println!(
            "{:<46} {:>6.1} ms {:>6.2}x {:>6.1} MB  {}",
            s.name,
            millis,
            millis / base,
            peak,
            s.target
        );
    }
    let first = |n: &str| medians.get(n).map(|m| m.0);
    if let (Some(small), Some(large)) = (
        first("sprint, 2k bank, first run (no cache)"),
        first("sprint, 20k bank, first run (no cache)"),
    ) {
        let trivial = first("trivial tui").unwrap_or(0.0);
        println!(
            "first run 2k -> 20k: {:.1}x (beyond the trivial program: {:.1}x)",
            large / small,
            (large - trivial) / (small - trivial)
        );
    }
}

/// CPU time a sprint spends idling for 10 s with its countdown running.
fn idle_cpu(az400: &Path, data: &Data) {
    let scenario = Scenario {
        name: "idle sprint",
        baseline: "",
        target: "",
        program: az400.to_path_buf(),
        args: vec!["sprint".into()],
        data_dir: data.history.clone(),
        prepare: Prepare::ClearSessions,
        until: QUESTION,
    };
    prepare(&scenario);
    let (child, controller) = spawn_in_pty(&scenario, data);
    // Keep the terminal drained in the background so the app never blocks on output.
    let mut reader = fs::File::from(controller);
    let drain = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while reader.read(&mut buf).is_ok_and(|n| n > 0) {}
    });
    std::thread::sleep(Duration::from_secs(2));
    let schedstat = format!("/proc/{}/schedstat", child.id());
    let cpu_ns = || -> u64 {
        fs::read_to_string(&schedstat)
            .ok()
            .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok()))
            .unwrap_or(0)
    };
    let before = cpu_ns();
    let window = Duration::from_secs(10);
    std::thread::sleep(window);
    let used = cpu_ns() - before;
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGKILL) };
    reap(child);
    let _ = drain.join();
    println!(
        "idle sprint: {:.3}% of a core over {}s (target < 0.1%)",
        used as f64 / window.as_nanos() as f64 * 100.0,
        window.as_secs()
    );
}
