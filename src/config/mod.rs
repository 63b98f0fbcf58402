//! Settings: built-in defaults, the config file, environment variables and flags, in that
//! order of strength (a flag beats the environment, which beats the file, which beats the
//! default). Each effective value remembers where it came from, for `az400 config show`.
//!
//! The config file is TOML in the platform's config folder (e.g. `~/.config/az400/config.toml`),
//! or wherever `AZ400_CONFIG` points. A missing file is fine; a broken one is reported with line
//! and column, and what it breaks falls back to the defaults: it never keeps the app (or a
//! resume) from running.

pub mod file;
pub mod keys;
pub mod show;

use std::fmt;
use std::path::PathBuf;

pub use file::{Loaded, Problem};
pub use keys::KeyBinding;

use crate::practice::{Sizes, defaults};

/// The environment variable that names the config file.
pub const CONFIG_ENV: &str = "AZ400_CONFIG";
/// The environment variable for the data folder (the same as `--data-dir`).
pub const DATA_DIR_ENV: &str = "AZ400_DATA_DIR";
/// The environment variable for the theme (the same as `--theme`).
pub const THEME_ENV: &str = "AZ400_THEME";

/// The terminal UI's colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ThemeName {
    /// Light text on a dark terminal (the default).
    #[default]
    Dark,
    /// Dark text on a light terminal.
    Light,
    /// Bold, saturated colours and no dim text, for low vision or glare.
    HighContrast,
}

impl ThemeName {
    /// Every theme, in the order they are offered.
    pub const ALL: [ThemeName; 3] = [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast];

    /// The name used in the config file and with `--theme`.
    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high-contrast",
        }
    }

    /// The theme of this name.
    pub fn from_name(name: &str) -> Option<ThemeName> {
        ThemeName::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// Where an effective value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Built in.
    Default,
    /// The config file.
    File,
    /// An environment variable.
    Env(&'static str),
    /// A command-line flag.
    Flag,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => f.write_str("default"),
            Source::File => f.write_str("file"),
            Source::Env(var) => write!(f, "environment ({var})"),
            Source::Flag => f.write_str("flag"),
        }
    }
}

/// An effective value and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    /// The value in force.
    pub value: T,
    /// Where it was set.
    pub source: Source,
}

impl<T> Setting<T> {
    /// The file's value if it gave one, else the default.
    fn from_file(file: Option<T>, default: T) -> Setting<T> {
        match file {
            Some(value) => Setting {
                value,
                source: Source::File,
            },
            None => Setting {
                value: default,
                source: Source::Default,
            },
        }
    }

    /// `stronger` (from a flag or the environment) if given, else this.
    fn overridden(self, stronger: Option<(T, Source)>) -> Setting<T> {
        match stronger {
            Some((value, source)) => Setting { value, source },
            None => self,
        }
    }
}

/// What the command line (and its environment variables) says, as clap parsed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--data-dir` or `AZ400_DATA_DIR`.
    pub data_dir: Option<(PathBuf, Source)>,
    /// `--bank` flags, added after the config file's banks.
    pub banks: Vec<PathBuf>,
    /// `--theme` or `AZ400_THEME`.
    pub theme: Option<(ThemeName, Source)>,
}

/// Every effective setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The config file read (or looked for), and where its name came from.
    pub path: Option<Setting<PathBuf>>,
    /// Whether the config file exists.
    pub found: bool,
    /// Problems in the config file.
    pub problems: Vec<Problem>,
    /// Questions in a sprint.
    pub sprint_questions: Setting<usize>,
    /// Minutes for a sprint.
    pub sprint_minutes: Setting<u32>,
    /// Questions in an exam simulation.
    pub exam_questions: Setting<usize>,
    /// Minutes for an exam simulation.
    pub exam_minutes: Setting<u32>,
    /// Questions in a drill.
    pub drill_questions: Setting<usize>,
    /// Extra question banks: the config file's, then each `--bank`.
    pub banks: Vec<Setting<PathBuf>>,
    /// The data folder (`None`: the platform has none and none was given).
    pub data_dir: Setting<Option<PathBuf>>,
    /// The colour scheme.
    pub theme: Setting<ThemeName>,
    /// Keys moved to other actions.
    pub keys: Setting<Vec<KeyBinding>>,
}

/// The config file's path: `AZ400_CONFIG` if set, else `config.toml` in the platform's config
/// folder for az400 (`None` if the platform has none).
pub fn config_path() -> Option<Setting<PathBuf>> {
    match std::env::var_os(CONFIG_ENV) {
        Some(path) if !path.is_empty() => Some(Setting {
            value: PathBuf::from(path),
            source: Source::Env(CONFIG_ENV),
        }),
        _ => directories::ProjectDirs::from("", "", "az400").map(|d| Setting {
            value: d.config_dir().join("config.toml"),
            source: Source::Default,
        }),
    }
}

impl Settings {
    /// Reads the config file (see [`config_path`]) and applies the command line over it.
    pub fn load(overrides: Overrides) -> Settings {
        let path = config_path();
        let loaded = path
            .as_ref()
            .map(|p| file::load(&p.value))
            .unwrap_or_default();
        Settings::resolve(path, loaded, overrides)
    }

    /// The effective settings from a config file already read and the command line.
    pub fn resolve(
        path: Option<Setting<PathBuf>>,
        loaded: Loaded,
        overrides: Overrides,
    ) -> Settings {
        let file = loaded.values;
        let mut banks: Vec<Setting<PathBuf>> = file
            .banks
            .unwrap_or_default()
            .into_iter()
            .map(|value| Setting {
                value,
                source: Source::File,
            })
            .collect();
        banks.extend(overrides.banks.into_iter().map(|value| Setting {
            value,
            source: Source::Flag,
        }));
        let platform_data = crate::history::data_dir(None);
        Settings {
            path,
            found: loaded.found,
            problems: loaded.problems,
            sprint_questions: Setting::from_file(file.sprint_questions, defaults::SPRINT_QUESTIONS),
            sprint_minutes: Setting::from_file(file.sprint_minutes, defaults::SPRINT_MINUTES),
            exam_questions: Setting::from_file(file.exam_questions, defaults::EXAM_QUESTIONS),
            exam_minutes: Setting::from_file(file.exam_minutes, defaults::EXAM_MINUTES),
            drill_questions: Setting::from_file(file.drill_questions, defaults::DRILL_QUESTIONS),
            banks,
            data_dir: Setting::from_file(file.data_dir.map(Some), platform_data)
                .overridden(overrides.data_dir.map(|(p, s)| (Some(p), s))),
            theme: Setting::from_file(file.theme, ThemeName::default()).overridden(overrides.theme),
            keys: Setting::from_file(file.keys, Vec::new()),
        }
    }

    /// The default length of each kind of practice.
    pub fn sizes(&self) -> Sizes {
        Sizes {
            sprint_questions: self.sprint_questions.value,
            sprint_minutes: self.sprint_minutes.value,
            exam_questions: self.exam_questions.value,
            exam_minutes: self.exam_minutes.value,
            drill_questions: self.drill_questions.value,
        }
    }

    /// The extra banks to load, in order.
    pub fn bank_paths(&self) -> Vec<PathBuf> {
        self.banks.iter().map(|b| b.value.clone()).collect()
    }
}
