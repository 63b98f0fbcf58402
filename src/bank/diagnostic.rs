//! Problems found in a bank, each pinned to `path:line:col`.

use std::fmt;

use super::text::neutralize;

/// A place in a file: 1-based line and column.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

impl Position {
    /// The first character of a file.
    pub const START: Position = Position { line: 1, col: 1 };

    /// A position from a 1-based line and column.
    pub fn new(line: usize, col: usize) -> Self {
        Position { line, col }
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// The file, as the user named it.
    pub file: String,
    /// Where in the file.
    pub at: Position,
    /// What is wrong, in words a question author understands.
    pub message: String,
}

impl Diagnostic {
    /// A problem at a position of a file.
    pub fn new(file: &str, at: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            at,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: message`, with any control character shown as an escape.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            neutralize(&self.file),
            self.at.line,
            self.at.col,
            neutralize(&self.message)
        )
    }
}
