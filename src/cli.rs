//! The command line: parses arguments and runs a subcommand. Interactive modes hand over to
//! the terminal UI; the rest print plain text (or JSON/CSV) for scripts.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use chrono::{Local, Utc};
use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::parser::ValueSource;
use clap::{ArgMatches, Args, CommandFactory as _, FromArgMatches as _, Parser, Subcommand};
use clap_complete::Shell;

use crate::attempt::{Attempt, MAX_ITEMS, MAX_SECONDS};
use crate::bank::{self, Bank, stats::bank_stats};
use crate::config::{self, Overrides, Settings, Source, ThemeName};
use crate::export::{self as exporting, Format, Selection};
use crate::focus::Focus;
use crate::history::topics::{TopicCoverage, TopicState, topic_map_of};
use crate::history::{self, Brief, HistoryRead, Ledger, Resumed, Store, stats::summarize_pending};
use crate::marks::{Change, MarkStore, Marks};
use crate::practice::Plan;
use crate::sampler::Filter;
use crate::tui::{self, Start};
use crate::untrusted::{escape_json, escape_line, escape_path};

/// Daily AZ-400 practice: timed sprints, domain drills, exam simulation, explained review.
#[derive(Debug, Parser)]
#[command(name = "az400", version, about)]
pub struct Cli {
    /// Add a folder or file of your own questions (repeatable; added to the config file's).
    #[arg(long = "bank", value_name = "DIR", global = true)]
    banks: Vec<PathBuf>,
    /// Where history is kept (default: the config file's, else the platform's data folder).
    #[arg(long, value_name = "DIR", env = config::DATA_DIR_ENV, global = true)]
    data_dir: Option<PathBuf>,
    /// The colour scheme (default: the config file's, else dark); NO_COLOR turns colours off.
    #[allow(clippy::doc_markdown)] // clap prints this as the option's help: no Markdown
    #[arg(long, value_name = "THEME", env = config::THEME_ENV, global = true)]
    theme: Option<ThemeName>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The daily timed sprint, weighted like the exam.
    Sprint {
        /// Number of questions [default: 15, or the config file's]
        #[arg(short = 'n', value_parser = questions_arg())]
        questions: Option<usize>,
        /// Minutes on the clock [default: 30, or the config file's]
        #[arg(short = 'm', value_parser = minutes_arg())]
        minutes: Option<u32>,
        #[command(flatten)]
        seed: SeedArg,
    },
    /// Practice chosen domains or skills, with the answer explained after each question.
    Drill {
        /// A domain id to drill (repeatable), e.g. `pipelines`.
        #[arg(long = "domain", value_name = "ID", value_parser = domain_ids(), hide_possible_values = true)]
        domains: Vec<String>,
        /// A skill id to drill (repeatable), e.g. `deployments` (see `az400 bank stats`).
        #[arg(long = "skill", value_name = "ID", value_parser = skill_ids(), hide_possible_values = true)]
        skills: Vec<String>,
        /// Number of questions [default: 10, or the config file's]
        #[arg(short = 'n', value_parser = questions_arg())]
        questions: Option<usize>,
        /// Minutes on the clock (untimed if not given).
        #[arg(short = 'm', value_parser = minutes_arg())]
        minutes: Option<u32>,
        /// Drill one case study, all its questions in order: the one with this id, or a
        /// random one without.
        #[arg(
            long = "case-study",
            value_name = "ID",
            num_args = 0..=1,
            default_missing_value = "",
            conflicts_with_all = ["domains", "skills", "questions", "focus"]
        )]
        case_study: Option<String>,
        #[command(flatten)]
        focus: FocusArgs,
        #[command(flatten)]
        seed: SeedArg,
    },
    /// A full exam simulation, with one case study.
    Exam {
        /// Number of questions [default: 50, or the config file's]
        #[arg(short = 'n', value_parser = questions_arg())]
        questions: Option<usize>,
        /// Minutes on the clock [default: 120, or the config file's]
        #[arg(short = 'm', value_parser = minutes_arg())]
        minutes: Option<u32>,
        #[command(flatten)]
        seed: SeedArg,
    },
    /// Walk through an attempt's answers with explanations.
    Review {
        /// An attempt id (see `az400 history`), or `last`.
        #[arg(default_value = "last")]
        attempt: String,
        /// Only questions that missed points.
        #[arg(long)]
        wrong: bool,
        /// Only questions marked for review.
        #[arg(long)]
        flagged: bool,
        /// Only bookmarked questions.
        #[arg(long, conflicts_with_all = ["wrong", "flagged"])]
        bookmarked: bool,
    },
    /// Continue an interrupted session: the newest, or the one named.
    Resume {
        /// The session to continue (see `az400 resume --list`).
        #[arg(value_name = "ID", conflicts_with = "list")]
        id: Option<String>,
        /// List the unfinished sessions instead.
        #[arg(long)]
        list: bool,
    },
    /// Set an unfinished session aside (moved to `sessions/discarded/`, never deleted).
    Discard {
        /// The session (see `az400 resume --list`).
        #[arg(value_name = "ID")]
        id: String,
    },
    /// List past attempts.
    History {
        /// As JSON.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// As CSV.
        #[arg(long)]
        csv: bool,
    },
    /// Trends, accuracy per domain and skill, streak, readiness.
    Stats {
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
    /// List bookmarked questions and notes: id, domain/skill, the stem's first line, the note.
    Notes,
    /// Bookmark questions for good (or, with --remove, take the bookmark off).
    Bookmark {
        /// Question ids (see `az400 bank search`).
        #[arg(value_name = "ID", required = true)]
        ids: Vec<String>,
        /// Take the bookmark off instead.
        #[arg(long)]
        remove: bool,
    },
    /// Write a note on a question (shown in drills, reviews and `az400 notes`).
    Note {
        /// The question id (see `az400 bank search`).
        #[arg(value_name = "ID")]
        id: String,
        /// The note; it replaces the one there.
        #[arg(value_name = "TEXT", required_unless_present = "remove")]
        text: Option<String>,
        /// Remove the note instead.
        #[arg(long, conflicts_with = "text")]
        remove: bool,
    },
    /// Tools for question banks.
    Bank {
        #[command(subcommand)]
        command: BankCommand,
    },
    /// Export questions to study elsewhere: Anki, a spreadsheet (CSV) or notes (Markdown).
    ///
    /// Writes to stdout, e.g. `az400 export --missed --format anki > missed.txt`, then in Anki:
    /// File › Import.
    #[command(group(
        clap::ArgGroup::new("which")
            .required(true)
            .args(["missed", "due", "bookmarked", "notes"])
    ))]
    Export {
        /// Questions that missed points (wrong, partly right or unanswered) in the last N
        /// finished attempts [default N: 5]
        #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "5", value_parser = questions_arg())]
        missed: Option<usize>,
        /// Questions due for review: their recall has fallen under 90% (FSRS).
        #[arg(long)]
        due: bool,
        /// Bookmarked questions.
        #[arg(long)]
        bookmarked: bool,
        /// Questions with a note (every card carries its note, whatever the selection).
        #[arg(long)]
        notes: bool,
        /// The file format.
        #[arg(long, value_enum, default_value_t = Format::Md)]
        format: Format,
    },
    /// Where the config file is, and the settings in force.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Print a shell completion script.
    ///
    /// Completes commands, options, and domain and skill ids. Install it where your shell looks,
    /// e.g. `az400 completions bash > ~/.local/share/bash-completion/completions/az400`.
    Completions {
        /// The shell to complete in.
        shell: Shell,
    },
    /// Print the manual page (roff).
    ///
    /// Install it with `az400 man > ~/.local/share/man/man1/az400.1`, or read it at once
    /// with `az400 man | man -l -`.
    Man,
}

/// The built-in blueprint's domain ids, so that completions offer them and a typo is refused
/// with the known ids.
fn domain_ids() -> PossibleValuesParser {
    let blueprint = bank::builtin_blueprint();
    PossibleValuesParser::new(
        blueprint
            .domains
            .into_iter()
            .map(|d| PossibleValue::new(d.id).help(d.name)),
    )
}

/// The built-in blueprint's skill ids (a user's banks share that blueprint).
fn skill_ids() -> PossibleValuesParser {
    let blueprint = bank::builtin_blueprint();
    PossibleValuesParser::new(
        blueprint
            .domains
            .into_iter()
            .flat_map(|d| d.skills)
            .map(|s| PossibleValue::new(s.id).help(s.name)),
    )
}

/// What a drill concentrates on (one at a time; each combines with --domain and --skill).
#[derive(Debug, Args)]
#[group(id = "focus", multiple = false)]
struct FocusArgs {
    /// Questions due for review: their recall has fallen under 90% (FSRS, as Anki schedules).
    #[arg(long)]
    due: bool,
    /// Questions answered wrong or partly right in the last N finished attempts [default N: 5]
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "5", value_parser = attempts_arg())]
    missed: Option<usize>,
    /// Questions flagged in any attempt and not answered right since.
    #[arg(long)]
    flagged: bool,
    /// Bookmarked questions (see `az400 notes`).
    #[arg(long)]
    bookmarked: bool,
    /// These questions, all of them unless -n says fewer (see `az400 bank search`).
    #[arg(long = "id", value_name = "ID", num_args = 1..)]
    ids: Vec<String>,
}

impl FocusArgs {
    /// The focus asked for, if any.
    fn focus(self) -> Option<Focus> {
        if self.due {
            Some(Focus::Due)
        } else if let Some(n) = self.missed {
            Some(Focus::Missed(n))
        } else if self.flagged {
            Some(Focus::Flagged)
        } else if self.bookmarked {
            Some(Focus::Bookmarked)
        } else if !self.ids.is_empty() {
            Some(Focus::Ids(self.ids))
        } else {
            None
        }
    }
}

#[derive(Debug, Args)]
struct SeedArg {
    /// Seed for a reproducible draw.
    #[arg(long)]
    seed: Option<u64>,
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Print the config file's path (AZ400_CONFIG, else the platform's config folder).
    #[allow(clippy::doc_markdown)] // clap prints this as the command's help: no Markdown
    Path,
    /// Print every setting in force and where it comes from: default, file, environment, flag.
    Show,
}

#[derive(Debug, Subcommand)]
enum BankCommand {
    /// Check question files; every problem is printed as path:line:col: message.
    Validate {
        /// Files or folders (default: the built-in bank).
        paths: Vec<PathBuf>,
    },
    /// Find questions by their words: id, domain, skill and the stem's first line of each.
    Search {
        /// Words that must all occur (any case) in the question's id, topic, stem or answers.
        #[arg(value_name = "TEXT", required = true, num_args = 1..)]
        words: Vec<String>,
    },
    /// Counts by domain, skill, topic, type and difficulty, and the topics not covered.
    Stats {
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Exit status for problems found in a bank, and for usage errors.
const EXIT_PROBLEMS: u8 = 2;

/// `-n`: 1 to the most questions a session holds.
fn questions_arg() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::new().range(1..=MAX_ITEMS as u64)
}

/// `--missed N`: 1 to ten thousand attempts.
fn attempts_arg() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::new().range(1..=10_000)
}

/// `-m`: 1 minute to the longest time a session counts.
fn minutes_arg() -> clap::builder::RangedU64ValueParser<u32> {
    clap::builder::RangedU64ValueParser::new().range(1..=u64::from(MAX_SECONDS / 60))
}

/// Parses the command line and runs it; returns the process's exit status.
pub fn run() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match dispatch(cli, &matches) {
        Ok(code) => code,
        // A reader that stopped reading (`az400 stats | head`) is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "az400: {}",
                escape_error(&format!("{e:#}"))
            );
            ExitCode::FAILURE
        }
    }
}

/// An error message with every control character but newline made visible.
fn escape_error(text: &str) -> String {
    text.lines().map(escape_line).collect::<Vec<_>>().join("\n")
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints a warning on stderr, escaped.
fn warn(text: &str) {
    let _ = writeln!(std::io::stderr(), "az400: {}", escape_line(text));
}

fn dispatch(cli: Cli, matches: &ArgMatches) -> Result<ExitCode> {
    let command = match cli.command {
        Some(Command::Completions { shell }) => {
            let mut out = std::io::stdout().lock();
            clap_complete::generate(shell, &mut Cli::command(), "az400", &mut out);
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Man) => {
            crate::manual::render(&Cli::command(), &mut std::io::stdout().lock())?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Config {
            command: ConfigCommand::Path,
        }) => {
            let Some(path) = config::config_path() else {
                bail!(
                    "this platform has no config folder; set {}",
                    config::CONFIG_ENV
                );
            };
            writeln!(std::io::stdout(), "{}", escape_path(&path.value))?;
            return Ok(ExitCode::SUCCESS);
        }
        command => command,
    };
    let overrides = Overrides {
        data_dir: cli
            .data_dir
            .map(|dir| (dir, source_of(matches, "data_dir", config::DATA_DIR_ENV))),
        banks: cli.banks,
        theme: cli
            .theme
            .map(|theme| (theme, source_of(matches, "theme", config::THEME_ENV))),
    };
    let settings = Settings::load(overrides);
    if let Some(Command::Config {
        command: ConfigCommand::Show,
    }) = command
    {
        print!(
            "{}",
            bank::text::neutralize(&config::show::render(&settings))
        );
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &settings.problems {
        warn(&problem.to_string());
    }
    let command = match command {
        Some(Command::Bank { command }) => return bank_command(command, &settings),
        Some(command) => command,
        None => return interactive(&settings, None),
    };
    match command {
        Command::History { json, csv } => {
            let store = open_store(&settings)?;
            let read = store.history_brief();
            report_unreadable(&read.unreadable);
            for copy in &read.duplicates {
                warn(&format!("note: {copy}"));
            }
            print_history(&read.attempts, json, csv)
        }
        Command::Stats { json } => {
            let store = open_store(&settings)?;
            print_stats(&settings, &store, json)
        }
        Command::Resume { list: true, .. } => {
            let store = open_store(&settings)?;
            set_aside_recorded(&store);
            print_sessions(&store)
        }
        Command::Export {
            missed,
            due: _,
            bookmarked,
            notes,
            format,
        } => {
            let selection = match (missed, bookmarked, notes) {
                (Some(n), ..) => Selection::Missed(n),
                (None, true, _) => Selection::Bookmarked,
                (None, false, true) => Selection::Notes,
                (None, false, false) => Selection::Due,
            };
            export(&settings, selection, format)
        }
        Command::Discard { id } => {
            let store = open_store(&settings)?;
            discard(&store, &id)
        }
        Command::Notes => print_notes(&settings),
        Command::Bookmark { ids, remove } => {
            let changes = ids.into_iter().map(|id| (id, Change::Bookmark(!remove)));
            change_marks(&settings, changes.collect())
        }
        Command::Note {
            id,
            text,
            remove: _,
        } => {
            let text = text.unwrap_or_default();
            change_marks(&settings, vec![(id, Change::Note(text))])
        }
        other => interactive(&settings, Some(other)),
    }
}

/// Whether a global option came from its flag or its environment variable.
fn source_of(matches: &ArgMatches, id: &str, env: &'static str) -> Source {
    match matches.value_source(id) {
        Some(ValueSource::EnvVariable) => Source::Env(env),
        _ => Source::Flag,
    }
}

/// Runs a mode in the terminal UI.
fn interactive(settings: &Settings, command: Option<Command>) -> Result<ExitCode> {
    let now = Utc::now();
    let store = open_store(settings)?;
    let paths = settings.bank_paths();
    // The home menu shows no question: it draws first, and banks of one's own are loaded once
    // its first frame is on the screen (their warnings then join it there).
    let later = command.is_none() && !paths.is_empty();
    let (bank, mut warnings) = if later {
        (bank::builtin(), Vec::new())
    } else {
        bank::with_user_files(
            bank::builtin(),
            &paths,
            this_month(now),
            Some(&store.cache_dir()),
        )
    };
    let later_bank: Option<tui::BankLoader> = later.then(|| {
        let cache = store.cache_dir();
        let today = this_month(now);
        Box::new(move || bank::with_user_files(bank::builtin(), &paths, today, Some(&cache)))
            as tui::BankLoader
    });
    for warning in &warnings {
        warn(warning);
    }
    warnings.extend(
        settings
            .problems
            .iter()
            .map(|p| escape_line(&p.to_string())),
    );
    // History is read once per start, in brief (the history index): the app, the draw and the
    // search for sessions to resume all use this read.
    let read = history(&store);
    warnings.extend(read.unreadable.iter().map(std::string::ToString::to_string));
    let past = read.ledger;
    warnings.extend(set_aside_recorded(&store));
    let sizes = settings.sizes();
    let plan = match command {
        None => None,
        Some(Command::Sprint {
            questions,
            minutes,
            seed,
        }) => Some(Plan {
            questions: questions.unwrap_or(sizes.sprint_questions),
            minutes: Some(minutes.unwrap_or(sizes.sprint_minutes)),
            seed: seed.seed,
            ..Plan::sprint()
        }),
        Some(Command::Drill {
            case_study: Some(case),
            minutes,
            seed,
            ..
        }) => Some(Plan {
            minutes,
            seed: seed.seed,
            ..Plan::case_study(&chosen_case_study(&bank, &case, seed.seed)?)
        }),
        Some(Command::Drill {
            domains,
            skills,
            questions,
            minutes,
            seed,
            focus,
            case_study: None,
        }) => {
            let mut filter = Filter {
                domains,
                skills,
                ..Filter::default()
            };
            let mut size = sizes.drill_questions;
            if let Some(focus) = focus.focus() {
                let marks = read_marks(&store);
                let ids = focused(&bank, &focus, &past, &marks, &filter, now)?;
                if matches!(focus, Focus::Ids(_)) {
                    size = ids.len().min(MAX_ITEMS);
                }
                filter.only = Some(ids);
            }
            Some(Plan {
                questions: questions.unwrap_or(size),
                minutes,
                seed: seed.seed,
                ..Plan::drill(filter)
            })
        }
        Some(Command::Exam {
            questions,
            minutes,
            seed,
        }) => Some(Plan {
            questions: questions.unwrap_or(sizes.exam_questions),
            minutes: Some(minutes.unwrap_or(sizes.exam_minutes)),
            seed: seed.seed,
            ..Plan::exam()
        }),
        Some(Command::Review {
            attempt,
            wrong,
            flagged,
            bookmarked,
        }) => {
            let id = if attempt == "last" {
                past.attempts().last().map(|a| a.id.clone())
            } else {
                past.contains(&attempt).then(|| attempt.clone())
            };
            let found = id.and_then(|id| store.attempt(&id));
            let Some(attempt) = found else {
                bail!(
                    "no attempt `{}` in {} (see `az400 history`)",
                    escape_line(&attempt),
                    escape_path(store.root())
                );
            };
            return launch(
                (bank, store, past),
                warnings,
                settings,
                Start::Review {
                    attempt,
                    wrong_only: wrong,
                    flagged_only: flagged,
                    bookmarked_only: bookmarked,
                },
                None,
            );
        }
        Some(Command::Resume { id, .. }) => {
            let (found, unreadable) = store.resume(id.as_deref());
            report_unreadable(&unreadable);
            match found {
                Resumed::Claimed(mut session, claim) => {
                    session.resume(now);
                    return launch(
                        (bank, store, past),
                        warnings,
                        settings,
                        Start::Session(*session, claim),
                        None,
                    );
                }
                Resumed::Busy(busy) => bail!(
                    "session {} is open in another az400; finish or quit it there first",
                    escape_line(&busy)
                ),
                Resumed::NotFound => match id {
                    Some(id) => bail!(
                        "no unfinished session `{}` (see `az400 resume --list`)",
                        escape_line(&id)
                    ),
                    None => {
                        writeln!(
                            std::io::stdout(),
                            "Nothing to resume: no session in progress."
                        )?;
                        return Ok(ExitCode::SUCCESS);
                    }
                },
            }
        }
        Some(
            Command::History { .. }
            | Command::Stats { .. }
            | Command::Bank { .. }
            | Command::Config { .. }
            | Command::Export { .. }
            | Command::Completions { .. }
            | Command::Man
            | Command::Notes
            | Command::Bookmark { .. }
            | Command::Note { .. }
            | Command::Discard { .. },
        ) => None,
    };
    let Some(plan) = plan else {
        return launch(
            (bank, store, past),
            warnings,
            settings,
            Start::Home,
            later_bank,
        );
    };
    // Checked before a session exists, so a failed start leaves nothing behind.
    if !has_terminal() {
        return Ok(no_terminal());
    }
    // Another session unfinished: the app asks whether to resume it, discard it or keep both.
    if store.has_resumable() {
        return launch(
            (bank, store, past),
            warnings,
            settings,
            Start::Plan(plan),
            None,
        );
    }
    let Some(session) = crate::practice::start_from(&bank, &plan, &past, now) else {
        bail!("no question matches that choice of domains and skills");
    };
    let claim = store
        .claim(&session.id)
        .context("cannot open the new session")?;
    launch(
        (bank, store, past),
        warnings,
        settings,
        Start::Session(session, claim),
        None,
    )
}

/// The questions of a focused drill that the bank holds and the filter admits; an error that
/// says why when there are none (or when `--id` names a question the bank does not hold).
fn focused(
    bank: &Bank,
    focus: &Focus,
    past: &Ledger,
    marks: &Marks,
    filter: &Filter,
    now: chrono::DateTime<Utc>,
) -> Result<Vec<String>> {
    let ids = focus.select(past, marks, now);
    let unknown = crate::focus::unknown(bank, &ids);
    if matches!(focus, Focus::Ids(_)) && !unknown.is_empty() {
        let unknown: Vec<String> = unknown
            .iter()
            .map(|id| format!("`{}`", escape_line(id)))
            .collect();
        bail!(
            "no question {} in the bank (see `az400 bank search TEXT`)",
            unknown.join(", ")
        );
    }
    let ids: Vec<String> = ids
        .into_iter()
        .filter(|id| bank.question(id).is_some())
        .collect();
    if ids.is_empty() {
        bail!("nothing to drill: {}", empty_focus(focus));
    }
    let admitted: Vec<String> = ids
        .into_iter()
        .filter(|id| bank.question(id).is_some_and(|q| filter.admits(q)))
        .collect();
    if admitted.is_empty() {
        bail!(
            "nothing to drill: none of the {} is in the chosen domains and skills",
            focus.describe()
        );
    }
    Ok(admitted)
}

/// Why a focused drill has nothing to drill, and what to do instead.
fn empty_focus(focus: &Focus) -> String {
    let hint = match focus {
        Focus::Due => " (`az400 stats` shows what falls due this week)",
        Focus::Bookmarked => " (`b` on a question, or `az400 bookmark ID`)",
        _ => "",
    };
    format!("{}{hint}", focus.nothing())
}

/// Whether the terminal UI can run: stdin and stdout are a terminal.
fn has_terminal() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Says that a command needs a terminal and points to the plain commands.
fn no_terminal() -> ExitCode {
    warn(
        "this command needs an interactive terminal (stdin and stdout); without one, use the \
         plain commands: `az400 history`, `az400 stats`, `az400 resume --list`, \
         `az400 bank validate`",
    );
    ExitCode::from(EXIT_PROBLEMS)
}

/// The case study a `drill --case-study` names, or for an empty id a random one.
fn chosen_case_study(bank: &Bank, id: &str, seed: Option<u64>) -> Result<String> {
    if id.is_empty() {
        let seed =
            seed.unwrap_or_else(|| Utc::now().timestamp_nanos_opt().unwrap_or_default() as u64);
        return crate::sampler::pick_case_study(
            bank,
            &crate::sampler::Familiarity::default(),
            seed,
        )
        .context("the bank has no case study");
    }
    if bank.case_study(id).is_none() {
        let known: Vec<&str> = bank.case_studies.iter().map(|c| c.id.as_str()).collect();
        bail!(
            "unknown case study `{}`; known: {}",
            crate::bank::text::neutralize(id),
            known.join(", ")
        );
    }
    Ok(id.to_string())
}

/// Runs the terminal UI over a bank, the history folder and the attempts read from it.
fn launch(
    (bank, store, history): (Bank, Store, Ledger),
    warnings: Vec<String>,
    settings: &Settings,
    start: Start,
    later_bank: Option<tui::BankLoader>,
) -> Result<ExitCode> {
    if !has_terminal() {
        return Ok(no_terminal());
    }
    let offset = *Local::now().offset();
    let ended = tui::run(
        tui::Context {
            bank,
            store,
            offset,
            warnings,
            sizes: settings.sizes(),
            history: Some(history),
            later_bank,
            keys: tui::keymap::Keys::new(
                &settings
                    .keys
                    .value
                    .iter()
                    .filter_map(|b| Some((b.app_action()?, b.key)))
                    .collect::<Vec<_>>(),
            ),
        },
        start,
        tui::theme::Theme::from_env(settings.theme.value),
    )?;
    Ok(match ended {
        tui::Ended::Quit => ExitCode::SUCCESS,
        tui::Ended::Signal(n) => ExitCode::from(u8::try_from(128 + n).unwrap_or(u8::MAX)),
    })
}

/// `az400 export`: the selected questions, as cards, on stdout.
fn export(settings: &Settings, selection: Selection, format: Format) -> Result<ExitCode> {
    let store = open_store(settings)?;
    let (bank, warnings) = bank::with_user_files(
        bank::builtin(),
        &settings.bank_paths(),
        this_month(Utc::now()),
        Some(&store.cache_dir()),
    );
    for warning in &warnings {
        warn(warning);
    }
    let marks = read_marks(&store);
    let (cards, missing) =
        exporting::select(&attempts(&store), &bank, &marks, selection, Utc::now());
    for warning in &missing {
        warn(warning);
    }
    let mut out = std::io::stdout().lock();
    exporting::write(&cards, format, &selection.title(), &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The built-in bank with the user's, warnings printed.
fn load_bank(settings: &Settings, store: Option<&Store>) -> Bank {
    let (bank, warnings) = bank::with_user_files(
        bank::builtin(),
        &settings.bank_paths(),
        this_month(Utc::now()),
        store.map(Store::cache_dir).as_deref(),
    );
    for warning in &warnings {
        warn(warning);
    }
    bank
}

/// The bookmarks and notes of the data folder, unreadable files reported.
fn read_marks(store: &Store) -> Marks {
    let read = MarkStore::new(store.root()).read();
    report_unreadable(&read.unreadable);
    read.marks
}

/// `az400 notes`: every bookmarked or annotated question, in blueprint order.
fn print_notes(settings: &Settings) -> Result<ExitCode> {
    let store = open_store(settings)?;
    let marks = read_marks(&store);
    let bank = load_bank(settings, Some(&store));
    let mut out = std::io::stdout().lock();
    let mut set: Vec<_> = marks.set().collect();
    if set.is_empty() {
        writeln!(
            out,
            "No bookmarks or notes yet: `b` on a question bookmarks it and `N` writes a note \
             (or `az400 bookmark ID`, `az400 note ID TEXT`)."
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    set.sort_by_cached_key(|m| {
        (
            blueprint_rank(&bank, m.question.as_str()),
            m.question.clone(),
        )
    });
    let bookmarks = set.iter().filter(|m| m.bookmarked).count();
    let notes = set.iter().filter(|m| !m.note.is_empty()).count();
    writeln!(out, "{bookmarks} bookmarked, {notes} with a note")?;
    for mark in set {
        let star = if mark.bookmarked { "★" } else { " " };
        match bank.question(&mark.question) {
            Some(q) => writeln!(
                out,
                "\n{star} {}  {}/{}\n  {}",
                escape_line(&q.id),
                escape_line(&q.domain),
                escape_line(&q.skill),
                bank::search::stem_line(q.stem(), 100)
            )?,
            None => writeln!(
                out,
                "\n{star} {}  (not in the bank now)",
                escape_line(&mark.question)
            )?,
        }
        for (i, line) in mark.note.lines().enumerate() {
            let lead = if i == 0 { "Note:" } else { "" };
            writeln!(out, "  {lead:<5} {}", escape_line(line))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Where a question sits in the blueprint: (domain, skill) positions, unknown last.
fn blueprint_rank(bank: &Bank, id: &str) -> (usize, usize) {
    let Some(q) = bank.question(id) else {
        return (usize::MAX, usize::MAX);
    };
    let domains = &bank.blueprint.domains;
    (
        domains
            .iter()
            .position(|d| d.id == q.domain)
            .unwrap_or(usize::MAX),
        domains
            .iter()
            .flat_map(|d| &d.skills)
            .position(|s| s.id == q.skill)
            .unwrap_or(usize::MAX),
    )
}

/// `az400 bookmark` and `az400 note`: questions of the bank only, so a typo is refused.
fn change_marks(settings: &Settings, changes: Vec<(String, Change)>) -> Result<ExitCode> {
    let store = open_store(settings)?;
    let bank = load_bank(settings, Some(&store));
    for (id, _) in &changes {
        if bank.question(id).is_none() {
            bail!(
                "no question `{}` in the bank (see `az400 bank search TEXT`)",
                escape_line(id)
            );
        }
    }
    let marks = MarkStore::new(store.root());
    let mut out = std::io::stdout().lock();
    for (id, change) in changes {
        let mark = marks
            .change(&id, change, Utc::now())
            .with_context(|| format!("cannot mark `{}`", escape_line(&id)))?;
        let what = match (mark.bookmarked, mark.note.is_empty()) {
            (true, true) => "bookmarked",
            (true, false) => "bookmarked, with a note",
            (false, true) => "not bookmarked, no note",
            (false, false) => "not bookmarked, with a note",
        };
        writeln!(out, "{}: {what}", escape_line(&id))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn bank_command(command: BankCommand, settings: &Settings) -> Result<ExitCode> {
    match command {
        BankCommand::Validate { paths } => Ok(validate(&paths, settings)),
        BankCommand::Search { words } => {
            let store = open_store(settings).ok();
            let bank = load_bank(settings, store.as_ref());
            let found = bank::search::search(&bank.questions, &words.join(" "));
            let mut out = std::io::stdout().lock();
            if found.is_empty() {
                writeln!(out, "No question matches.")?;
                return Ok(ExitCode::from(1));
            }
            for q in &found {
                writeln!(
                    out,
                    "{}  {}/{}  {}",
                    escape_line(&q.id),
                    escape_line(&q.domain),
                    escape_line(&q.skill),
                    bank::search::stem_line(q.stem(), 90)
                )?;
            }
            writeln!(
                out,
                "\n{} question(s); drill them with `az400 drill --id ID…`.",
                found.len()
            )?;
            Ok(ExitCode::SUCCESS)
        }
        BankCommand::Stats { json } => {
            // A data folder that cannot be used only means no cache.
            let cache = open_store(settings).ok().map(|s| s.cache_dir());
            let (bank, warnings) = bank::with_user_files(
                bank::builtin(),
                &settings.bank_paths(),
                this_month(Utc::now()),
                cache.as_deref(),
            );
            for warning in &warnings {
                warn(warning);
            }
            let stats = bank_stats(&bank, this_month(Utc::now()));
            if json {
                writeln!(
                    std::io::stdout(),
                    "{}",
                    escape_json(&serde_json::to_string_pretty(&stats)?)
                )?;
            } else {
                let text: Vec<String> = stats.to_text().lines().map(escape_line).collect();
                writeln!(std::io::stdout(), "{}", text.join("\n"))?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The month of `now` in UTC, against which `verified` dates are judged.
fn this_month(now: chrono::DateTime<Utc>) -> bank::Month {
    use chrono::Datelike as _;
    bank::Month {
        year: u16::try_from(now.year()).unwrap_or(u16::MAX),
        month: u8::try_from(now.month()).unwrap_or(12),
    }
}

/// `az400 bank validate`: prints every problem and warning and a summary; exit 2 if there is
/// a problem (warnings alone exit 0).
fn validate(paths: &[PathBuf], settings: &Settings) -> ExitCode {
    let today = this_month(Utc::now());
    if !paths.is_empty() {
        return validate_files(paths, settings, today);
    }
    let builtin = bank::builtin();
    // The build validated it; only the passing of time can have made facts stale since.
    let stale: Vec<&bank::Question> = builtin
        .questions
        .iter()
        .filter(|q| q.verified.months_until(today) > bank::decode::STALE_AFTER_MONTHS)
        .collect();
    for q in &stale {
        println!(
            "warning: {}:{}: `{}` was verified {}: check its facts again",
            bank::text::neutralize(&q.origin.file),
            q.origin.line,
            q.id,
            q.verified
        );
    }
    let warned = match stale.len() {
        0 => String::new(),
        n => format!(", {n} warning(s)"),
    };
    println!(
        "built-in bank: {} questions, {} case studies, no problems{warned}",
        builtin.questions.len(),
        builtin.case_studies.len()
    );
    ExitCode::SUCCESS
}

/// `az400 bank validate PATH..`: the files' problems and warnings. Decoded files are taken from
/// the data folder's bank cache when unchanged (the same problems, found faster); without a
/// usable data folder, every file is read.
fn validate_files(paths: &[PathBuf], settings: &Settings, today: bank::Month) -> ExitCode {
    let blueprint = bank::builtin_blueprint();
    let cache = open_store(settings)
        .ok()
        .map(|store| bank::cache::file_for(&store.cache_dir(), paths));
    let loaded = bank::cache::load_paths(paths, &blueprint, today, cache.as_deref());
    let mut out = std::io::stdout().lock();
    for problem in &loaded.problems {
        let _ = writeln!(out, "{}", escape_line(&problem.to_string()));
    }
    for warning in &loaded.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    let summary = format!(
        "{} file(s), {} valid question(s), {} case stud{}",
        loaded.files.len(),
        loaded.questions.len(),
        loaded.case_studies.len(),
        if loaded.case_studies.len() == 1 {
            "y"
        } else {
            "ies"
        }
    );
    let warned = match loaded.warnings.len() {
        0 => String::new(),
        n => format!(", {n} warning(s)"),
    };
    if loaded.problems.is_empty() {
        let _ = writeln!(out, "{summary}: no problems{warned}");
        ExitCode::SUCCESS
    } else {
        let _ = writeln!(
            out,
            "{summary}: {} problem(s){warned}",
            loaded.problems.len()
        );
        ExitCode::from(EXIT_PROBLEMS)
    }
}

fn open_store(settings: &Settings) -> Result<Store> {
    let Some(dir) = &settings.data_dir.value else {
        bail!("no data folder could be found; pass --data-dir DIR or set AZ400_DATA_DIR");
    };
    Store::open(dir).with_context(|| format!("cannot use the data folder {}", dir.display()))
}

fn attempts(store: &Store) -> Vec<Attempt> {
    let read = store.attempts();
    report_unreadable(&read.unreadable);
    for copy in &read.duplicates {
        warn(&format!("note: {copy}"));
    }
    read.attempts
}

/// The history in brief, its skipped files and copies reported on stderr.
fn history(store: &Store) -> HistoryRead {
    let read = store.history();
    report_unreadable(&read.unreadable);
    for copy in &read.duplicates {
        warn(&format!("note: {copy}"));
    }
    read
}

fn report_unreadable(unreadable: &[impl std::fmt::Display]) {
    for u in unreadable {
        warn(&u.to_string());
    }
}

/// Sets aside sessions already recorded as attempts, says so on stderr, and returns the
/// messages (for the home screen).
fn set_aside_recorded(store: &Store) -> Vec<String> {
    store
        .set_aside_recorded()
        .into_iter()
        .map(|(from, to)| {
            let message = format!(
                "{} was already recorded as an attempt: set aside as {}",
                escape_path(&from),
                escape_path(&to)
            );
            warn(&message);
            message
        })
        .collect()
}

/// `az400 resume --list`.
fn print_sessions(store: &Store) -> Result<ExitCode> {
    let read = store.sessions();
    report_unreadable(&read.unreadable);
    for copy in &read.duplicates {
        warn(&format!("note: {copy}"));
    }
    let mut out = std::io::stdout().lock();
    if read.sessions.is_empty() {
        writeln!(out, "No unfinished session.")?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{:<42} {:<7} {:<17} {:>8}  STATE",
        "SESSION", "MODE", "STARTED", "ANSWERED"
    )?;
    for saved in &read.sessions {
        let s = &saved.session;
        let answered = s.items.iter().filter(|i| i.response.is_some()).count();
        writeln!(
            out,
            "{:<42} {:<7} {:<17} {:>8}  {}",
            escape_line(&s.id),
            s.mode.label(),
            s.started_at.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
            format!("{answered}/{}", s.items.len()),
            if saved.busy {
                "open in another az400"
            } else {
                "resumable"
            }
        )?;
    }
    writeln!(
        out,
        "\n`az400 resume ID` continues one; `az400 discard ID` sets one aside."
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `az400 discard ID`.
fn discard(store: &Store, id: &str) -> Result<ExitCode> {
    match store.discard(id) {
        Ok(moved) => {
            let mut out = std::io::stdout().lock();
            for to in moved {
                writeln!(out, "Set aside: {}", escape_path(&to))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => bail!(
            "session {} is open in another az400; quit it there first",
            escape_line(id)
        ),
        Err(e) => bail!("cannot discard `{}`: {e}", escape_line(id)),
    }
}

fn print_history(attempts: &[Brief], json: bool, csv: bool) -> Result<ExitCode> {
    // A line per attempt: written in blocks, not a system call per line.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        let rows: Vec<_> = attempts.iter().map(HistoryRow::from).collect();
        writeln!(
            out,
            "{}",
            escape_json(&serde_json::to_string_pretty(&rows)?)
        )?;
    } else if csv {
        writeln!(
            out,
            "id,finished_at,mode,questions,earned,possible,scaled,passed,seconds_used"
        )?;
        for a in attempts {
            let r = HistoryRow::from(a);
            writeln!(
                out,
                "{},{},{},{},{},{},{},{},{}",
                csv_field(&r.id),
                r.finished_at.to_rfc3339(),
                r.mode.label().to_lowercase(),
                r.questions,
                r.earned,
                r.possible,
                r.scaled,
                r.passed,
                r.seconds_used
            )?;
        }
    } else if attempts.is_empty() {
        writeln!(out, "No attempts yet. Start with `az400 sprint`.")?;
    } else {
        writeln!(
            out,
            "{:<42} {:<17} {:<7} {:>3} {:>6}  {:<4} {:>6}",
            "ATTEMPT", "FINISHED", "MODE", "Q", "SCORE", "", "TIME"
        )?;
        for a in attempts {
            writeln!(
                out,
                "{:<42} {:<17} {:<7} {:>3} {:>6}  {:<4} {:>3}:{:02}",
                escape_line(&a.id),
                a.finished_at.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
                a.mode.label(),
                a.questions,
                a.scaled,
                if a.passed { "PASS" } else { "FAIL" },
                a.seconds_used / 60,
                a.seconds_used % 60
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A CSV field: escaped, and quoted if it holds a comma or a quote.
fn csv_field(text: &str) -> String {
    let text = escape_line(text);
    if text.contains([',', '"']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// One line of `az400 history --json`/`--csv`.
#[derive(Debug, serde::Serialize)]
struct HistoryRow {
    id: String,
    finished_at: chrono::DateTime<Utc>,
    mode: crate::attempt::Mode,
    questions: usize,
    earned: u32,
    possible: u32,
    scaled: u32,
    passed: bool,
    seconds_used: u32,
}

impl From<&Brief> for HistoryRow {
    fn from(a: &Brief) -> Self {
        HistoryRow {
            id: a.id.clone(),
            finished_at: a.finished_at,
            mode: a.mode,
            questions: a.questions,
            earned: a.points.earned,
            possible: a.points.possible,
            scaled: a.scaled,
            passed: a.passed,
            seconds_used: a.seconds_used,
        }
    }
}

fn print_stats(settings: &Settings, store: &Store, json: bool) -> Result<ExitCode> {
    // The bank the app draws from, so that what is due is what `d` drills there.
    let bank = load_bank(settings, Some(store));
    let history = history(store).ledger;
    let now = Utc::now();
    let mut summary = summarize_pending(&history, &bank, now, *Local::now().offset());
    summary.readiness = store.estimate(&history, &bank, now);
    let topics = topic_map_of(&history, &bank);
    let mut out = std::io::stdout().lock();
    if json {
        /// The summary with the topic map beside it.
        #[derive(serde::Serialize)]
        struct StatsJson<'a> {
            #[serde(flatten)]
            summary: &'a history::stats::Summary,
            topics: &'a [TopicCoverage],
        }
        let stats = StatsJson {
            summary: &summary,
            topics: &topics,
        };
        writeln!(
            out,
            "{}",
            escape_json(&serde_json::to_string_pretty(&stats)?)
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "Attempts: {}", summary.attempts)?;
    if let Some(last) = summary.trend.last() {
        let recent: Vec<String> = summary
            .trend
            .iter()
            .rev()
            .take(10)
            .rev()
            .map(|t| t.scaled.to_string())
            .collect();
        writeln!(
            out,
            "Last score: {} (trend: {})",
            last.scaled,
            recent.join(" → ")
        )?;
    }
    writeln!(
        out,
        "Streak: {} day(s) of practice{}",
        summary.streak_days,
        if summary.counted_today {
            ", today counted"
        } else {
            ", nothing counted today yet"
        }
    )?;
    let forecast: Vec<String> = summary.due_forecast.iter().map(usize::to_string).collect();
    writeln!(
        out,
        "Due for review: {} question(s); due in the next 7 days: {}",
        summary.due_for_review,
        forecast.join(" ")
    )?;
    writeln!(out, "Readiness: {}", summary.readiness.headline())?;
    let in_state = |state: TopicState| topics.iter().filter(|t| t.state == state).count();
    writeln!(
        out,
        "Topics of the outline: {} answered, {} weak (under {:.0}%), {} unseen, of {}",
        in_state(TopicState::Answered),
        in_state(TopicState::Weak),
        crate::history::topics::WEAK_BELOW * 100.0,
        in_state(TopicState::Unseen),
        topics.len()
    )?;
    if let Some(advice) = summary.readiness.advice() {
        writeln!(
            out,
            "Study next (expected points from +10% accuracy): {advice}"
        )?;
    }
    if !summary.domains.is_empty() {
        writeln!(out, "\nAccuracy by domain (recent answers):")?;
        for acc in &summary.domains {
            let weight = bank
                .blueprint
                .domain(&acc.id)
                .map(|d| d.weight)
                .unwrap_or_default();
            writeln!(
                out,
                "  {:<18} {:>3}%  ({}/{} points, {} answer(s); exam weight {}-{}%)",
                escape_line(&acc.id),
                acc.percent,
                acc.points.earned,
                acc.points.possible,
                acc.answers,
                weight[0],
                weight[1]
            )?;
        }
        writeln!(out, "\nAccuracy by skill:")?;
        for acc in &summary.skills {
            writeln!(
                out,
                "  {:<18} {:>3}%  ({}/{} points, {} answer(s))",
                escape_line(&acc.id),
                acc.percent,
                acc.points.earned,
                acc.points.possible,
                acc.answers
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
