//! The config file, through the real binary: where it is, what `config show` reports, the order
//! flag > environment > file > default, and a broken file that never stops the app.

mod common;
mod tmux;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use az400_sprint::attempt::Mode;
use az400_sprint::history::Store;
use az400_sprint::session::Session;
use common::{fixture, fixture_bank, t0};

/// A temporary folder with the config file `config.toml` in it (not written yet).
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        Setup {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    fn write(&self, text: &str) {
        std::fs::write(self.config(), text).unwrap();
    }

    /// az400 with only this config file, and none of the variables that would override it.
    fn az400(&self) -> Command {
        let mut cmd = Command::cargo_bin("az400").unwrap();
        cmd.env("AZ400_CONFIG", self.config())
            .env_remove("AZ400_DATA_DIR")
            .env_remove("AZ400_THEME");
        cmd
    }

    fn stdout(cmd: &mut Command) -> String {
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn show(cmd: &mut Command) -> String {
        Self::stdout(cmd.args(["config", "show"]))
    }
}

/// The `key = value  # source` line of `config show` for `key` (the first one).
fn line<'a>(show: &'a str, key: &str) -> &'a str {
    starting(show, &format!("{key} = "))
}

/// The first line of `config show` that starts with `prefix`.
fn starting<'a>(show: &'a str, prefix: &str) -> &'a str {
    show.lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting `{prefix}` in\n{show}"))
}

#[test]
fn config_path_follows_az400_config() {
    let setup = Setup::new();
    let path = Setup::stdout(setup.az400().args(["config", "path"]));
    assert_eq!(path.trim_end(), setup.config().display().to_string());
}

#[test]
fn without_a_file_every_setting_is_the_default() {
    let setup = Setup::new();
    let show = Setup::show(&mut setup.az400());
    assert!(show.contains("not found: built-in defaults"), "{show}");
    assert!(line(&show, "theme").ends_with("# default"));
    assert!(line(&show, "theme").starts_with("theme = \"dark\""));
    let questions: Vec<&str> = show
        .lines()
        .filter(|l| l.starts_with("questions = "))
        .collect();
    assert_eq!(questions.len(), 3);
    assert!(questions[0].starts_with("questions = 15 ") && questions[0].ends_with("# default"));
    assert!(questions[1].starts_with("questions = 50 "));
    assert!(questions[2].starts_with("questions = 10 "));
    assert!(line(&show, "banks").starts_with("banks = []"));
}

#[test]
fn a_flag_beats_the_environment_which_beats_the_file() {
    let setup = Setup::new();
    setup.write(
        "theme = \"light\"\ndata_dir = \"from-file\"\nbanks = [\"mine\"]\n\
         [sprint]\nquestions = 20\n",
    );
    let dir = setup.dir.path();

    let show = Setup::show(&mut setup.az400());
    assert!(line(&show, "theme").starts_with("theme = \"light\""));
    assert!(line(&show, "theme").ends_with("# file"));
    let data = line(&show, "data_dir");
    assert!(
        data.contains(&dir.join("from-file").display().to_string()),
        "{data}"
    );
    assert!(data.ends_with("# file"));
    assert!(line(&show, "questions").starts_with("questions = 20 "));
    assert!(line(&show, "questions").ends_with("# file"));

    let show = Setup::show(
        setup
            .az400()
            .env("AZ400_THEME", "high-contrast")
            .env("AZ400_DATA_DIR", "/from/env"),
    );
    assert!(line(&show, "theme").starts_with("theme = \"high-contrast\""));
    assert!(line(&show, "theme").ends_with("# environment (AZ400_THEME)"));
    assert!(line(&show, "data_dir").starts_with("data_dir = \"/from/env\""));
    assert!(line(&show, "data_dir").ends_with("# environment (AZ400_DATA_DIR)"));

    let show = Setup::show(
        setup
            .az400()
            .env("AZ400_THEME", "high-contrast")
            .env("AZ400_DATA_DIR", "/from/env")
            .args([
                "--theme",
                "dark",
                "--data-dir",
                "/from/flag",
                "--bank",
                "/extra",
            ]),
    );
    assert!(line(&show, "theme").starts_with("theme = \"dark\""));
    assert!(line(&show, "theme").ends_with("# flag"));
    assert!(line(&show, "data_dir").starts_with("data_dir = \"/from/flag\""));
    assert!(line(&show, "data_dir").ends_with("# flag"));
    // Banks add up: the file's first, then each --bank.
    let mine = dir.join("mine").display().to_string();
    let banks: Vec<&str> = show.lines().filter(|l| l.starts_with("  \"")).collect();
    assert_eq!(banks.len(), 2, "{show}");
    assert!(banks[0].contains(&mine) && banks[0].ends_with("# file"));
    assert!(banks[1].contains("/extra") && banks[1].ends_with("# flag"));
}

#[test]
fn the_data_folder_of_the_file_is_where_history_is_read() {
    let setup = Setup::new();
    setup.write("data_dir = \"history-here\"\n");
    let out = Setup::stdout(setup.az400().arg("history"));
    assert!(out.contains("No attempts yet"), "{out}");
    assert!(setup.dir.path().join("history-here/attempts").is_dir());
}

#[test]
fn a_broken_file_is_located_and_the_defaults_are_used() {
    let setup = Setup::new();
    setup.write("theme = \"light\"\n[sprint]\nquestions = = 3\n");
    let data = tempfile::tempdir().unwrap();
    let out = setup
        .az400()
        .arg("--data-dir")
        .arg(data.path())
        .arg("history")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let at = format!("az400: {}:3:13: ", setup.config().display());
    assert!(stderr.starts_with(&at), "{stderr}");
    assert!(
        stderr.contains("the built-in defaults are used"),
        "{stderr}"
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("No attempts yet")
    );

    let show = Setup::show(&mut setup.az400());
    assert!(show.contains("read, with problems"), "{show}");
    assert!(show.contains(&format!("# problem: {}:3:13: ", setup.config().display())));
    assert!(line(&show, "theme").ends_with("# default"));
}

#[test]
fn a_bad_value_is_located_and_only_it_falls_back() {
    let setup = Setup::new();
    setup.write("theme = \"light\"\n[exam]\nminutes = 0\nquestions = 40\n[keys]\nnext = \"m\"\n");
    let show = Setup::show(&mut setup.az400());
    assert!(
        show.contains(":3:11: `exam.minutes` must be a whole number from 1 to 44640"),
        "{show}"
    );
    assert!(line(&show, "theme").ends_with("# file"));
    assert!(starting(&show, "minutes = 120 ").ends_with("# default"));
    assert!(starting(&show, "questions = 40 ").ends_with("# file"));
    assert!(line(&show, "next").starts_with("next = \"m\""));
}

#[test]
fn a_bad_theme_flag_is_a_usage_error_naming_the_themes() {
    let setup = Setup::new();
    let out = setup
        .az400()
        .args(["--theme", "neon", "history"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("dark, light, high-contrast"), "{stderr}");
}

/// A session saved in `data`, as a killed terminal leaves it.
fn save_session(data: &Path) -> String {
    let bank = fixture_bank();
    let ids = vec!["deployments-fixture-single".to_string()];
    let session = Session::start(Mode::Sprint, &bank, &ids, Some(900), 1, t0());
    let store = Store::open(data).unwrap();
    let claim = store.claim(&session.id).unwrap();
    store.save_session(&claim, &session).unwrap();
    bank.question(&ids[0])
        .unwrap()
        .stem()
        .lines()
        .next()
        .unwrap()
        .to_string()
}

fn command_line(setup: &Setup, args: &str) -> (Vec<String>, String) {
    let env = vec![format!("AZ400_CONFIG={}", setup.config().display())];
    let command = format!(
        "env -u AZ400_DATA_DIR -u AZ400_THEME {} {args}",
        env!("CARGO_BIN_EXE_az400")
    );
    (env, command)
}

#[test]
fn a_broken_file_never_stops_a_resume() {
    if !tmux::installed("a_broken_file_never_stops_a_resume") {
        return;
    }
    let setup = Setup::new();
    setup.write("[sprint\nquestions = 3\n");
    let data = tempfile::tempdir().unwrap();
    let stem = save_session(data.path());
    let (env, command) = command_line(
        &setup,
        &format!(
            "--data-dir '{}' --bank '{}' resume",
            data.path().display(),
            fixture("bank").display()
        ),
    );
    let tmux = tmux::Tmux::start("config-resume", 80, 24, &env, &command);
    let start_of_stem: String = stem.chars().take(30).collect();
    tmux.wait_for(&["Sprint · Question 1 of 1", &start_of_stem]);
}

#[test]
fn the_home_menu_and_a_sprint_take_their_size_from_the_file() {
    if !tmux::installed("the_home_menu_and_a_sprint_take_their_size_from_the_file") {
        return;
    }
    let setup = Setup::new();
    setup.write("[sprint]\nquestions = 2\nminutes = 7\n[exam]\nquestions = 3\nminutes = 9\n");
    let data = tempfile::tempdir().unwrap();
    let (env, command) = command_line(
        &setup,
        &format!(
            "--data-dir '{}' --bank '{}'",
            data.path().display(),
            fixture("bank").display()
        ),
    );
    let tmux = tmux::Tmux::start("config-home", 80, 24, &env, &command);
    tmux.wait_for(&["2 questions · 7 min", "3 questions · 9 min"]);
    tmux.send(&["Enter"]);
    tmux.wait_for(&["Sprint · Question 1 of 2", "7:00 left"]);
}
