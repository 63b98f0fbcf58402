//! `az400 config show`: the effective settings as TOML (paste-able into the config file), each
//! with a comment saying where it comes from.

use std::fmt::Write as _;
use std::path::Path;

use super::keys;
use super::{Setting, Settings, Source};

/// Width of the `key = value` column before the source comment.
const COLUMN: usize = 40;

/// The text `az400 config show` prints.
pub fn render(settings: &Settings) -> String {
    let mut out = String::new();
    match &settings.path {
        Some(path) => {
            let state = match (settings.found, settings.problems.is_empty()) {
                (false, _) => "not found: built-in defaults",
                (true, true) => "read",
                (true, false) => "read, with problems",
            };
            let _ = writeln!(
                out,
                "# config file: {} ({}; {state})",
                path.value.display(),
                match path.source {
                    Source::Env(var) => format!("named by {var}"),
                    _ => "the platform's config folder".to_string(),
                }
            );
        }
        None => out.push_str("# config file: none (the platform has no config folder)\n"),
    }
    for problem in &settings.problems {
        let _ = writeln!(out, "# problem: {problem}");
    }
    line(
        &mut out,
        "theme",
        &quoted(settings.theme.value.name()),
        settings.theme.source,
    );
    match &settings.data_dir.value {
        Some(dir) => line(&mut out, "data_dir", &path(dir), settings.data_dir.source),
        None => out.push_str("# data_dir: none (pass --data-dir or set AZ400_DATA_DIR)\n"),
    }
    if settings.banks.is_empty() {
        line(&mut out, "banks", "[]", Source::Default);
    } else {
        out.push_str("banks = [\n");
        for bank in &settings.banks {
            line(
                &mut out,
                "",
                &format!("  {},", path(&bank.value)),
                bank.source,
            );
        }
        out.push_str("]\n");
    }
    section(&mut out, "sprint");
    count(&mut out, "questions", &settings.sprint_questions);
    count(&mut out, "minutes", &settings.sprint_minutes);
    section(&mut out, "exam");
    count(&mut out, "questions", &settings.exam_questions);
    count(&mut out, "minutes", &settings.exam_minutes);
    section(&mut out, "drill");
    count(&mut out, "questions", &settings.drill_questions);
    section(&mut out, "keys");
    let _ = writeln!(
        out,
        "# actions: {}",
        keys::action_names().collect::<Vec<_>>().join(", ")
    );
    if settings.keys.value.is_empty() {
        out.push_str("# no keys moved: the defaults of `?` in the app\n");
    }
    for binding in &settings.keys.value {
        line(
            &mut out,
            binding.action,
            &quoted(&keys::key_name(binding.key)),
            settings.keys.source,
        );
    }
    out
}

fn section(out: &mut String, name: &str) {
    let _ = write!(out, "\n[{name}]\n");
}

fn count<T: std::fmt::Display>(out: &mut String, key: &str, setting: &Setting<T>) {
    line(out, key, &setting.value.to_string(), setting.source);
}

/// `key = value   # source`, or the bare value when `key` is empty (inside a list).
fn line(out: &mut String, key: &str, value: &str, source: Source) {
    let text = if key.is_empty() {
        value.to_string()
    } else {
        format!("{key} = {value}")
    };
    let _ = writeln!(out, "{text:<COLUMN$} # {source}");
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn path(path: &Path) -> String {
    quoted(&path.to_string_lossy())
}
