//! Reading the config file: TOML, every value checked, every problem located by line and
//! column. A syntax error makes the whole file unusable (the built-in defaults are used); a bad
//! value or an unknown key is reported and only that setting falls back to its default.
//!
//! ```toml
//! theme = "light"                 # dark | light | high-contrast
//! data_dir = "~/Sync/az400"       # relative paths are relative to this file's folder
//! banks = ["~/my-questions"]      # added to the built-in bank, before any --bank
//!
//! [sprint]
//! questions = 20
//! minutes = 40
//!
//! [exam]
//! questions = 50
//! minutes = 120
//!
//! [drill]
//! questions = 10
//!
//! [keys]
//! next = "m"                      # action = key; see `az400 config show`
//! ```

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::ThemeName;
use super::keys::{self, KeyBinding};

/// The largest config file read; a config is a few hundred bytes.
const MAX_BYTES: u64 = 64 * 1024;
/// The most questions a sprint, drill or exam may ask (as with `-n`).
pub const MAX_QUESTIONS: u64 = crate::attempt::MAX_ITEMS as u64;
/// The longest time limit, in minutes (as with `-m`).
pub const MAX_MINUTES: u64 = (crate::attempt::MAX_SECONDS / 60) as u64;

/// One problem in the config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The config file.
    pub path: PathBuf,
    /// Line and column (1-based), when the problem has a place in the file.
    pub at: Option<(usize, usize)>,
    /// What is wrong and what happens instead.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, col)) => {
                write!(f, "{}:{line}:{col}: {}", self.path.display(), self.message)
            }
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// The settings a config file gives; `None` where it says nothing (or something unusable).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileValues {
    /// `[sprint] questions`.
    pub sprint_questions: Option<usize>,
    /// `[sprint] minutes`.
    pub sprint_minutes: Option<u32>,
    /// `[exam] questions`.
    pub exam_questions: Option<usize>,
    /// `[exam] minutes`.
    pub exam_minutes: Option<u32>,
    /// `[drill] questions`.
    pub drill_questions: Option<usize>,
    /// `banks`, resolved against the file's folder.
    pub banks: Option<Vec<PathBuf>>,
    /// `data_dir`, resolved against the file's folder.
    pub data_dir: Option<PathBuf>,
    /// `theme`.
    pub theme: Option<ThemeName>,
    /// `[keys]`.
    pub keys: Option<Vec<KeyBinding>>,
}

/// What reading the config file found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    /// Whether a file was there to read.
    pub found: bool,
    /// The usable settings.
    pub values: FileValues,
    /// Everything wrong with it.
    pub problems: Vec<Problem>,
}

/// Reads the config file at `path`. A missing file is no problem; anything else that keeps it
/// from being read is reported, and the defaults are used.
pub fn load(path: &Path) -> Loaded {
    let problem = |message: String| Problem {
        path: path.to_path_buf(),
        at: None,
        message,
    };
    let text = match read_capped(path) {
        Ok(Some(text)) => text,
        Ok(None) => return Loaded::default(),
        Err(message) => {
            return Loaded {
                found: true,
                values: FileValues::default(),
                problems: vec![problem(format!("{message}; using the built-in defaults"))],
            };
        }
    };
    let base = path.parent().unwrap_or(Path::new("."));
    let (values, problems) = parse(&text, base);
    Loaded {
        found: true,
        values,
        problems: problems
            .into_iter()
            .map(|(span, message)| Problem {
                path: path.to_path_buf(),
                at: span.map(|s| line_col(&text, s.start)),
                message,
            })
            .collect(),
    }
}

/// The file's text, `None` if there is no file; only a regular UTF-8 file of sane size is read.
fn read_capped(path: &Path) -> Result<Option<String>, String> {
    let bytes = match crate::untrusted::read_regular(path, MAX_BYTES) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read it: {e}")),
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| "not UTF-8 text".to_string())
}

/// A problem: where (a byte range of the text) and what.
type Found = (Option<Range<usize>>, String);

/// Parses config text; relative paths are resolved against `base`.
pub fn parse(text: &str, base: &Path) -> (FileValues, Vec<Found>) {
    let mut problems = Vec::new();
    let mut values = FileValues::default();
    let table = match DeTable::parse(text) {
        Ok(table) => table.into_inner(),
        Err(e) => {
            problems.push((
                e.span(),
                format!(
                    "{}; the file is ignored and the built-in defaults are used",
                    e.message().trim_end()
                ),
            ));
            return (values, problems);
        }
    };
    for (key, value) in in_file_order(&table) {
        let span = value.span();
        let value = value.get_ref();
        match key.get_ref().as_ref() {
            "theme" => values.theme = theme(value, span, &mut problems),
            "data_dir" => values.data_dir = path(value, span, base, &mut problems),
            "banks" => values.banks = paths(value, span, base, &mut problems),
            "sprint" => {
                let mut sprint = Section::new("sprint", value, span, &mut problems);
                values.sprint_questions = sprint.count("questions", MAX_QUESTIONS);
                values.sprint_minutes = sprint.count("minutes", MAX_MINUTES);
                sprint.finish();
            }
            "exam" => {
                let mut exam = Section::new("exam", value, span, &mut problems);
                values.exam_questions = exam.count("questions", MAX_QUESTIONS);
                values.exam_minutes = exam.count("minutes", MAX_MINUTES);
                exam.finish();
            }
            "drill" => {
                let mut drill = Section::new("drill", value, span, &mut problems);
                values.drill_questions = drill.count("questions", MAX_QUESTIONS);
                drill.finish();
            }
            "keys" => values.keys = key_table(value, span, &mut problems),
            other => problems.push((
                Some(key.span()),
                format!(
                    "unknown setting `{other}` (known: theme, data_dir, banks, [sprint], [exam], \
                     [drill], [keys]); ignored"
                ),
            )),
        }
    }
    problems.sort_by_key(|(span, _)| span.as_ref().map(|s| s.start));
    (values, problems)
}

/// A table's entries in the order the file has them (the parser sorts keys).
fn in_file_order<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(
    &'a Spanned<toml::de::DeString<'i>>,
    &'a Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

/// A `[section]` of counts, each key checked once and unknown keys reported at the end.
struct Section<'a, 'i> {
    name: &'static str,
    table: Option<&'a DeTable<'i>>,
    used: Vec<&'static str>,
    problems: &'a mut Vec<Found>,
}

impl<'a, 'i> Section<'a, 'i> {
    fn new(
        name: &'static str,
        value: &'a DeValue<'i>,
        span: Range<usize>,
        problems: &'a mut Vec<Found>,
    ) -> Self {
        let table = value.as_table();
        if table.is_none() {
            problems.push((
                Some(span),
                format!("`{name}` must be a table ([{name}]); ignored"),
            ));
        }
        Section {
            name,
            table,
            used: Vec::new(),
            problems,
        }
    }

    /// A whole number in `1..=max`.
    fn count<T: TryFrom<u64>>(&mut self, key: &'static str, max: u64) -> Option<T> {
        self.used.push(key);
        let value = self.table?.get(key)?;
        let number = value
            .get_ref()
            .as_integer()
            .and_then(|i| u64::from_str_radix(i.as_str(), i.radix()).ok())
            .filter(|n| (1..=max).contains(n))
            .and_then(|n| T::try_from(n).ok());
        if number.is_none() {
            self.problems.push((
                Some(value.span()),
                format!(
                    "`{}.{key}` must be a whole number from 1 to {max}; using the default",
                    self.name
                ),
            ));
        }
        number
    }

    /// Reports the keys no call asked for.
    fn finish(self) {
        let Some(table) = self.table else { return };
        for key in table.keys() {
            if !self.used.contains(&key.get_ref().as_ref()) {
                self.problems.push((
                    Some(key.span()),
                    format!(
                        "unknown setting `{}.{}` (known: {}); ignored",
                        self.name,
                        key.get_ref(),
                        self.used.join(", ")
                    ),
                ));
            }
        }
    }
}

fn theme(value: &DeValue<'_>, span: Range<usize>, problems: &mut Vec<Found>) -> Option<ThemeName> {
    let found = value.as_str().and_then(ThemeName::from_name);
    if found.is_none() {
        problems.push((
            Some(span),
            format!(
                "`theme` must be one of {}; using the default",
                ThemeName::ALL
                    .map(|t| format!("\"{}\"", t.name()))
                    .join(", ")
            ),
        ));
    }
    found
}

fn path(
    value: &DeValue<'_>,
    span: Range<usize>,
    base: &Path,
    problems: &mut Vec<Found>,
) -> Option<PathBuf> {
    match value.as_str() {
        Some(text) if !text.is_empty() => Some(resolve(text, base)),
        _ => {
            problems.push((
                Some(span),
                "`data_dir` must be a folder path in quotes; using the default".into(),
            ));
            None
        }
    }
}

fn paths(
    value: &DeValue<'_>,
    span: Range<usize>,
    base: &Path,
    problems: &mut Vec<Found>,
) -> Option<Vec<PathBuf>> {
    let Some(items) = value.as_array() else {
        problems.push((
            Some(span),
            "`banks` must be a list of paths, e.g. [\"~/my-questions\"]; ignored".into(),
        ));
        return None;
    };
    let mut found = Vec::new();
    for item in items {
        match item.get_ref().as_str() {
            Some(text) if !text.is_empty() => found.push(resolve(text, base)),
            _ => problems.push((
                Some(item.span()),
                "each of `banks` must be a path in quotes; this one is ignored".into(),
            )),
        }
    }
    Some(found)
}

fn key_table(
    value: &DeValue<'_>,
    span: Range<usize>,
    problems: &mut Vec<Found>,
) -> Option<Vec<KeyBinding>> {
    let Some(table) = value.as_table() else {
        problems.push((
            Some(span),
            "`keys` must be a table ([keys]); ignored".into(),
        ));
        return None;
    };
    let mut bindings: Vec<KeyBinding> = Vec::new();
    for (action, key) in in_file_order(table) {
        let Some(action_name) = keys::action(action.get_ref()) else {
            problems.push((
                Some(action.span()),
                format!(
                    "unknown action `{}` in [keys] (known: {}); ignored",
                    action.get_ref(),
                    keys::action_names().collect::<Vec<_>>().join(", ")
                ),
            ));
            continue;
        };
        let parsed = key
            .get_ref()
            .as_str()
            .ok_or_else(|| "a key in quotes".to_string())
            .and_then(keys::parse_key);
        match parsed {
            Ok(parsed) => {
                if let Some(other) = bindings.iter().find(|b| b.key == parsed) {
                    problems.push((
                        Some(key.span()),
                        format!(
                            "`{action_name}` would share its key with `{}`; ignored",
                            other.action
                        ),
                    ));
                } else {
                    bindings.push(KeyBinding {
                        action: action_name,
                        key: parsed,
                    });
                }
            }
            Err(expected) => problems.push((
                Some(key.span()),
                format!("`keys.{action_name}` must be {expected}; ignored"),
            )),
        }
    }
    Some(bindings)
}

/// `~/x` under the home folder; a relative path under `base`; an absolute path as it is.
fn resolve(text: &str, base: &Path) -> PathBuf {
    let home = || directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    if text == "~"
        && let Some(home) = home()
    {
        return home;
    }
    if let Some(rest) = text.strip_prefix("~/")
        && let Some(home) = home()
    {
        return home.join(rest);
    }
    base.join(text)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (FileValues, Vec<String>) {
        let (values, problems) = parse(text, Path::new("/cfg"));
        let problems = problems
            .into_iter()
            .map(|(span, message)| {
                let (line, col) = span.map_or((0, 0), |s| line_col(text, s.start));
                format!("{line}:{col}: {message}")
            })
            .collect();
        (values, problems)
    }

    #[test]
    fn every_setting_is_read() {
        let (values, problems) = parsed(
            "theme = \"high-contrast\"\ndata_dir = \"data\"\nbanks = [\"/q\", \"mine\"]\n\
             [sprint]\nquestions = 20\nminutes = 40\n[exam]\nquestions = 60\nminutes = 150\n\
             [drill]\nquestions = 5\n[keys]\nnext = \"m\"\nhelp = \"F\"\n",
        );
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(values.theme, Some(ThemeName::HighContrast));
        assert_eq!(values.data_dir, Some(PathBuf::from("/cfg/data")));
        assert_eq!(
            values.banks,
            Some(vec![PathBuf::from("/q"), PathBuf::from("/cfg/mine")])
        );
        assert_eq!(values.sprint_questions, Some(20));
        assert_eq!(values.sprint_minutes, Some(40));
        assert_eq!(values.exam_questions, Some(60));
        assert_eq!(values.exam_minutes, Some(150));
        assert_eq!(values.drill_questions, Some(5));
        let keys = values.keys.unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0].action, "next");
    }

    #[test]
    fn a_syntax_error_is_located_and_leaves_every_default() {
        let (values, problems) = parsed("theme = \"light\"\n[sprint]\nquestions = = 3\n");
        assert_eq!(values, FileValues::default());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("3:13: "), "{problems:?}");
        assert!(problems[0].ends_with("the built-in defaults are used"));
    }

    #[test]
    fn a_bad_value_falls_back_alone_and_is_located() {
        let (values, problems) = parsed(
            "theme = \"purple\"\n[sprint]\nquestions = 0\nminutes = 45\nminuets = 3\n\
             [exam]\nminutes = \"long\"\n",
        );
        assert_eq!(values.theme, None);
        assert_eq!(values.sprint_questions, None);
        assert_eq!(values.sprint_minutes, Some(45));
        assert_eq!(values.exam_minutes, None);
        assert_eq!(
            problems,
            [
                "1:9: `theme` must be one of \"dark\", \"light\", \"high-contrast\"; using the default",
                "3:13: `sprint.questions` must be a whole number from 1 to 1000; using the default",
                "5:1: unknown setting `sprint.minuets` (known: questions, minutes); ignored",
                "7:11: `exam.minutes` must be a whole number from 1 to 44640; using the default",
            ]
        );
    }

    #[test]
    fn unknown_keys_and_actions_are_reported_where_they_are() {
        let (values, problems) = parsed(
            "theem = \"light\"\n[keys]\nnext = \"m\"\nprev = \"m\"\nfly = \"x\"\nflag = \"ctrl-f\"\n",
        );
        assert_eq!(values.keys.map(|k| k.len()), Some(1));
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].starts_with("1:1: unknown setting `theem`"));
        assert!(problems[1].starts_with("4:8: `prev` would share its key with `next`"));
        assert!(problems[2].starts_with("5:1: unknown action `fly`"));
        assert!(problems[3].starts_with("6:8: `keys.flag` must be "));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_col("a = \"é\"\nb", 9), (2, 1));
        assert_eq!(line_col("é = 1", 3), (1, 3));
    }
}
