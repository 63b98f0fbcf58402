//! The command line: parses arguments and runs a subcommand. Interactive modes hand over to
//! the terminal UI; the rest print plain text (or JSON/CSV) for scripts.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use chrono::{Local, Utc};
use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Args, CommandFactory as _, Parser, Subcommand};
use clap_complete::Shell;

use crate::attempt::Attempt;
use crate::bank::{self, Bank, stats::bank_stats};
use crate::history::{self, Store, stats::summarize};
use crate::practice::{Plan, defaults};
use crate::sampler::Filter;
use crate::tui::{self, Start};

/// Daily AZ-400 practice: timed sprints, domain drills, exam simulation, explained review.
#[derive(Debug, Parser)]
#[command(name = "az400", version, about)]
pub struct Cli {
    /// Add a folder or file of your own questions (repeatable).
    #[arg(long = "bank", value_name = "DIR", global = true)]
    banks: Vec<PathBuf>,
    /// Where history is kept (default: the platform's data folder).
    #[arg(long, value_name = "DIR", env = "AZ400_DATA_DIR", global = true)]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The daily timed sprint, weighted like the exam.
    Sprint {
        /// Number of questions.
        #[arg(short = 'n', default_value_t = defaults::SPRINT_QUESTIONS)]
        questions: usize,
        /// Minutes on the clock.
        #[arg(short = 'm', default_value_t = defaults::SPRINT_MINUTES)]
        minutes: u32,
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
        /// Number of questions.
        #[arg(short = 'n', default_value_t = defaults::DRILL_QUESTIONS)]
        questions: usize,
        /// Minutes on the clock (untimed if not given).
        #[arg(short = 'm')]
        minutes: Option<u32>,
        #[command(flatten)]
        seed: SeedArg,
    },
    /// A full exam simulation, with one case study.
    Exam {
        /// Number of questions.
        #[arg(short = 'n', default_value_t = defaults::EXAM_QUESTIONS)]
        questions: usize,
        /// Minutes on the clock.
        #[arg(short = 'm', default_value_t = defaults::EXAM_MINUTES)]
        minutes: u32,
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
    },
    /// Continue an interrupted session.
    Resume,
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
    /// Tools for question banks.
    Bank {
        #[command(subcommand)]
        command: BankCommand,
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
    let blueprint = bank::builtin().blueprint;
    PossibleValuesParser::new(
        blueprint
            .domains
            .into_iter()
            .map(|d| PossibleValue::new(d.id).help(d.name)),
    )
}

/// The built-in blueprint's skill ids (a user's banks share that blueprint).
fn skill_ids() -> PossibleValuesParser {
    let blueprint = bank::builtin().blueprint;
    PossibleValuesParser::new(
        blueprint
            .domains
            .into_iter()
            .flat_map(|d| d.skills)
            .map(|s| PossibleValue::new(s.id).help(s.name)),
    )
}

#[derive(Debug, Args)]
struct SeedArg {
    /// Seed for a reproducible draw.
    #[arg(long)]
    seed: Option<u64>,
}

#[derive(Debug, Subcommand)]
enum BankCommand {
    /// Check question files; every problem is printed as path:line:col: message.
    Validate {
        /// Files or folders (default: the built-in bank).
        paths: Vec<PathBuf>,
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

/// Parses the command line and runs it; returns the process's exit status.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("az400: {}", bank::text::neutralize(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}

fn dispatch(cli: Cli) -> Result<ExitCode> {
    let command = match cli.command {
        Some(Command::Bank { command }) => return bank_command(command, &cli.banks),
        Some(Command::Completions { shell }) => {
            let mut out = std::io::stdout().lock();
            clap_complete::generate(shell, &mut Cli::command(), "az400", &mut out);
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Man) => {
            crate::manual::render(&Cli::command(), &mut std::io::stdout().lock())?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(command) => command,
        None => return interactive(&cli.banks, cli.data_dir, None),
    };
    match command {
        Command::History { json, csv } => {
            let store = open_store(cli.data_dir)?;
            print_history(&attempts(&store), json, csv)
        }
        Command::Stats { json } => {
            let store = open_store(cli.data_dir)?;
            print_stats(&store, json)
        }
        other => interactive(&cli.banks, cli.data_dir, Some(other)),
    }
}

/// Runs a mode in the terminal UI.
fn interactive(
    banks: &[PathBuf],
    data_dir: Option<PathBuf>,
    command: Option<Command>,
) -> Result<ExitCode> {
    let now = Utc::now();
    let (bank, warnings) = bank::with_user_files(bank::builtin(), banks, this_month(now));
    for warning in &warnings {
        eprintln!("az400: {warning}");
    }
    let store = open_store(data_dir)?;
    let plan = match command {
        None => None,
        Some(Command::Sprint {
            questions,
            minutes,
            seed,
        }) => Some(Plan {
            questions,
            minutes: Some(minutes),
            seed: seed.seed,
            ..Plan::sprint()
        }),
        Some(Command::Drill {
            domains,
            skills,
            questions,
            minutes,
            seed,
        }) => Some(Plan {
            questions,
            minutes,
            seed: seed.seed,
            ..Plan::drill(Filter {
                domains,
                skills,
                standalone_only: false,
            })
        }),
        Some(Command::Exam {
            questions,
            minutes,
            seed,
        }) => Some(Plan {
            questions,
            minutes: Some(minutes),
            seed: seed.seed,
            ..Plan::exam()
        }),
        Some(Command::Review {
            attempt,
            wrong,
            flagged,
        }) => {
            let read = store.attempts();
            report_unreadable(&read.unreadable);
            let found = if attempt == "last" {
                read.attempts.into_iter().next_back()
            } else {
                read.attempts.into_iter().find(|a| a.id == attempt)
            };
            let Some(attempt) = found else {
                bail!(
                    "no attempt `{attempt}` in {} (see `az400 history`)",
                    store.root().display()
                );
            };
            return launch(
                bank,
                store,
                warnings,
                Start::Review {
                    attempt,
                    wrong_only: wrong,
                    flagged_only: flagged,
                },
            );
        }
        Some(Command::Resume) => {
            let (found, unreadable) = store.resumable();
            report_unreadable(&unreadable);
            let Some((mut session, claim)) = found else {
                println!("Nothing to resume: no session in progress.");
                return Ok(ExitCode::SUCCESS);
            };
            session.resume(now);
            return launch(bank, store, warnings, Start::Session(session, claim));
        }
        Some(
            Command::History { .. }
            | Command::Stats { .. }
            | Command::Bank { .. }
            | Command::Completions { .. }
            | Command::Man,
        ) => None,
    };
    let Some(plan) = plan else {
        return launch(bank, store, warnings, Start::Home);
    };
    if plan.questions == 0 {
        bail!("-n must be at least 1");
    }
    let past = attempts(&store);
    let Some(session) = crate::practice::start(&bank, &plan, &past, now) else {
        bail!("no question matches that choice of domains and skills");
    };
    let claim = store
        .claim(&session.id)
        .context("cannot open the new session")?;
    launch(bank, store, warnings, Start::Session(session, claim))
}

fn launch(bank: Bank, store: Store, warnings: Vec<String>, start: Start) -> Result<ExitCode> {
    let offset = *Local::now().offset();
    tui::run(
        tui::Context {
            bank,
            store,
            offset,
            warnings,
        },
        start,
    )?;
    Ok(ExitCode::SUCCESS)
}

fn bank_command(command: BankCommand, banks: &[PathBuf]) -> Result<ExitCode> {
    match command {
        BankCommand::Validate { paths } => Ok(validate(&paths)),
        BankCommand::Stats { json } => {
            let (bank, warnings) =
                bank::with_user_files(bank::builtin(), banks, this_month(Utc::now()));
            for warning in &warnings {
                eprintln!("az400: {warning}");
            }
            let stats = bank_stats(&bank);
            if json {
                println!("{}", serde_json::to_string_pretty(&stats)?);
            } else {
                print!("{}", stats.to_text());
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
fn validate(paths: &[PathBuf]) -> ExitCode {
    let builtin = bank::builtin();
    let today = this_month(Utc::now());
    if paths.is_empty() {
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
        return ExitCode::SUCCESS;
    }
    let loaded = bank::files::load_paths(paths, &builtin.blueprint, today);
    let mut out = std::io::stdout().lock();
    for problem in &loaded.problems {
        let _ = writeln!(out, "{problem}");
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

fn open_store(data_dir: Option<PathBuf>) -> Result<Store> {
    let Some(dir) = history::data_dir(data_dir) else {
        bail!("no data folder could be found; pass --data-dir DIR or set AZ400_DATA_DIR");
    };
    Store::open(&dir).with_context(|| format!("cannot use the data folder {}", dir.display()))
}

fn attempts(store: &Store) -> Vec<Attempt> {
    let read = store.attempts();
    report_unreadable(&read.unreadable);
    read.attempts
}

fn report_unreadable(unreadable: &[history::Unreadable]) {
    for u in unreadable {
        eprintln!("az400: {}", bank::text::neutralize(&u.to_string()));
    }
}

fn print_history(attempts: &[Attempt], json: bool, csv: bool) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if json {
        let rows: Vec<_> = attempts.iter().map(HistoryRow::from).collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
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
                r.id,
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
            "{:<22} {:<17} {:<7} {:>3} {:>6}  {:<4} {:>6}",
            "ATTEMPT", "FINISHED", "MODE", "Q", "SCORE", "", "TIME"
        )?;
        for a in attempts {
            writeln!(
                out,
                "{:<22} {:<17} {:<7} {:>3} {:>6}  {:<4} {:>3}:{:02}",
                a.id,
                a.finished_at.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
                a.mode.label(),
                a.items.len(),
                a.scaled,
                if a.passed { "PASS" } else { "FAIL" },
                a.seconds_used / 60,
                a.seconds_used % 60
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
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

impl From<&Attempt> for HistoryRow {
    fn from(a: &Attempt) -> Self {
        HistoryRow {
            id: a.id.clone(),
            finished_at: a.finished_at,
            mode: a.mode,
            questions: a.items.len(),
            earned: a.points.earned,
            possible: a.points.possible,
            scaled: a.scaled,
            passed: a.passed,
            seconds_used: a.seconds_used,
        }
    }
}

fn print_stats(store: &Store, json: bool) -> Result<ExitCode> {
    let bank = bank::builtin();
    let attempts = attempts(store);
    let summary = summarize(
        &attempts,
        &bank.blueprint,
        Utc::now(),
        *Local::now().offset(),
    );
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&summary)?)?;
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
        "Streak: {} day(s) with a sprint{}",
        summary.streak_days,
        if summary.sprint_done_today {
            ", today's done"
        } else {
            ", today's sprint not done yet"
        }
    )?;
    writeln!(
        out,
        "Due for review: {} question(s)",
        summary.due_for_review
    )?;
    match summary.readiness.projected {
        Some(p) => writeln!(
            out,
            "Readiness: {p}/1000 ({}), from your last {} answers",
            if p >= crate::scoring::PASSING_SCORE {
                "on track to pass"
            } else {
                "below the 700 pass mark"
            },
            summary.readiness.answers
        )?,
        None => writeln!(
            out,
            "Readiness: not enough data ({} answer(s); {} needed)",
            summary.readiness.answers,
            history::stats::MIN_ANSWERS_FOR_READINESS
        )?,
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
                "  {:<18} {:>3}%  ({}/{} points; exam weight {}-{}%)",
                acc.id, acc.percent, acc.points.earned, acc.points.possible, weight[0], weight[1]
            )?;
        }
        writeln!(out, "\nAccuracy by skill:")?;
        for acc in &summary.skills {
            writeln!(
                out,
                "  {:<18} {:>3}%  ({}/{} points)",
                acc.id, acc.percent, acc.points.earned, acc.points.possible
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
