//! `az400 man`: one manual page in roff, generated from the command line's own definitions, with
//! every subcommand and its options on the same page (like `git help -a` in one place), so
//! nothing refers to pages that are not installed.

use std::io::{self, Write};

use clap::{Arg, ArgAction, Command};
use roff::{Inline, Roff, bold, italic, roman};

/// Environment variables the app reads, with what each does.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "AZ400_CONFIG",
        "The config file to read instead of config.toml in the platform's config folder \
         (az400 config path prints it).",
    ),
    (
        "AZ400_DATA_DIR",
        "Where history is kept; the same as --data-dir.",
    ),
    ("AZ400_THEME", "The colour scheme; the same as --theme."),
    (
        "NO_COLOR",
        "When set to a non-empty value, the terminal UI uses no colours (only bold, dim, reverse \
         and underline); right and wrong keep their marks.",
    ),
];

/// Writes the manual page for `command` (the top-level `az400` command) to `out`.
pub fn render(command: &Command, out: &mut dyn Write) -> io::Result<()> {
    let name = command.get_name();
    let mut page = Roff::new();
    let source = format!("{name} {}", command.get_version().unwrap_or_default());
    page.control(
        "TH",
        [name.to_uppercase().as_str(), "1", "", source.as_str()],
    );

    page.control("SH", ["NAME"]);
    let about = command
        .get_about()
        .map(std::string::ToString::to_string)
        .unwrap_or_default();
    page.text([roman(format!("{name} - {about}"))]);

    page.control("SH", ["SYNOPSIS"]);
    page.text([
        bold(name),
        roman(" ["),
        italic("OPTIONS"),
        roman("] ["),
        italic("COMMAND"),
        roman("]"),
    ]);

    page.control("SH", ["DESCRIPTION"]);
    page.text([roman(
        "Without a command, the terminal UI opens on its home menu. Interactive commands \
         (sprint, drill, exam, review, resume) take over the terminal; the others print plain \
         text, JSON or CSV for scripts. In a session, ? lists the keys of the screen.",
    )]);

    page.control("SH", ["OPTIONS"]);
    options(&mut page, command);

    page.control("SH", ["COMMANDS"]);
    commands(&mut page, command, name);

    page.control("SH", ["ENVIRONMENT"]);
    for (var, what) in ENVIRONMENT {
        page.control("TP", []);
        page.text([bold(*var)]);
        page.text([roman(*what)]);
    }

    page.control("SH", ["FILES"]);
    page.text([roman(
        "The config file (TOML): theme, data_dir, banks, [sprint] questions and minutes, \
         [exam] questions and minutes, [drill] questions, and [keys]. A flag beats the \
         environment, which beats the file, which beats the built-in default; az400 config show \
         prints every setting and where it comes from. A broken file is reported with its line \
         and column and its settings fall back to the defaults.",
    )]);

    page.control("SH", ["EXIT STATUS"]);
    page.text([roman(
        "0 on success, 1 on an error, 2 on a usage error or when bank validate finds problems.",
    )]);
    page.to_writer(out)
}

/// A subsection per subcommand, nested commands spelled out in full (`az400 bank validate`).
fn commands(page: &mut Roff, parent: &Command, path: &str) {
    for sub in parent.get_subcommands().filter(|s| !s.is_hide_set()) {
        let full = format!("{path} {}", sub.get_name());
        if sub.has_subcommands() {
            commands(page, sub, &full);
            continue;
        }
        page.control("SS", [full.as_str()]);
        let about = sub
            .get_long_about()
            .or_else(|| sub.get_about())
            .map(std::string::ToString::to_string)
            .unwrap_or_default();
        page.text([roman(about)]);
        options(page, sub);
    }
}

/// One tagged paragraph per visible argument of `command` (not counting clap's help and
/// version flags, described once at the top).
fn options(page: &mut Roff, command: &Command) {
    for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
        if matches!(arg.get_action(), ArgAction::Help | ArgAction::Version) {
            continue;
        }
        page.control("TP", []);
        page.text(header(arg));
        let mut help = arg
            .get_help()
            .map(std::string::ToString::to_string)
            .unwrap_or_default();
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() {
            help.push_str(&format!(" [default: {}]", defaults.join(", ")));
        }
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if takes_value(arg) && !values.is_empty() {
            help.push_str(&format!(". Values: {}", values.join(", ")));
        }
        if let Some(env) = arg.get_env() {
            help.push_str(&format!(" [env: {}]", env.to_string_lossy()));
        }
        page.text([roman(help)]);
    }
    if command.get_version().is_some() {
        page.control("TP", []);
        page.text([bold("-V"), roman(", "), bold("--version")]);
        page.text([roman("Print the version.")]);
    }
    page.control("TP", []);
    page.text([bold("-h"), roman(", "), bold("--help")]);
    page.text([roman("Print help.")]);
}

/// `-n <QUESTIONS>`, `--domain <ID>`, `<ATTEMPT>`.
fn header(arg: &Arg) -> Vec<Inline> {
    let mut parts = Vec::new();
    if let Some(short) = arg.get_short() {
        parts.push(bold(format!("-{short}")));
    }
    if let Some(long) = arg.get_long() {
        if !parts.is_empty() {
            parts.push(roman(", "));
        }
        parts.push(bold(format!("--{long}")));
    }
    if takes_value(arg) {
        let names = arg.get_value_names().map_or_else(
            || vec![arg.get_id().to_string().to_uppercase()],
            |names| {
                names
                    .iter()
                    .map(std::string::ToString::to_string)
                    .collect::<Vec<_>>()
            },
        );
        if !parts.is_empty() {
            parts.push(roman(" "));
        }
        parts.push(italic(format!("<{}>", names.join(" "))));
    }
    parts
}

/// Whether the argument takes a value (flags do not).
fn takes_value(arg: &Arg) -> bool {
    !matches!(
        arg.get_action(),
        ArgAction::SetTrue | ArgAction::SetFalse | ArgAction::Count
    )
}
