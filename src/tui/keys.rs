//! Keys: decoding terminal key events, and the key hints each screen shows in its footer and
//! in the `?` overlay.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::message::Key;

/// The key a terminal key event stands for, or `None` for releases and keys the app ignores.
pub fn decode(event: KeyEvent) -> Option<Key> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let shift = event.modifiers.contains(KeyModifiers::SHIFT);
    let key = match event.code {
        KeyCode::Char('c') if event.modifiers.contains(KeyModifiers::CONTROL) => Key::Interrupt,
        _ if event.modifiers.contains(KeyModifiers::CONTROL) => return None,
        KeyCode::Up if shift => Key::ShiftUp,
        KeyCode::Down if shift => Key::ShiftDown,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Enter => Key::Enter,
        KeyCode::Char(' ') => Key::Space,
        KeyCode::Tab | KeyCode::BackTab => Key::Tab,
        KeyCode::Esc => Key::Esc,
        KeyCode::Backspace | KeyCode::Delete => Key::Delete,
        KeyCode::Char(c) => Key::Char(c),
        _ => return None,
    };
    Some(key)
}

/// Letters that are commands on the question screen and so never pick an option.
const COMMAND_LETTERS: &str = "bfghjklnpqsyx";

/// The option a pick key chooses: `1`–`9` the first nine, and a letter that is not a command
/// its place in the alphabet (`a` the first).
pub fn pick_index(key: Key) -> Option<usize> {
    match key {
        Key::Char(c @ '1'..='9') => Some(c as usize - '1' as usize),
        Key::Char(c @ 'a'..='z') if !COMMAND_LETTERS.contains(c) => Some(c as usize - 'a' as usize),
        _ => None,
    }
}

/// One key hint: the key(s) and what they do.
pub type Hint = (&'static str, &'static str);

/// Hints for the home menu.
pub const HOME: &[Hint] = &[
    ("↑↓/jk", "move"),
    ("Enter", "open"),
    ("d", "drill what is due"),
    ("1-9", "jump"),
    ("q", "quit"),
    ("?", "help"),
];

/// Hints for the drill picker.
pub const PICKER: &[Hint] = &[
    ("↑↓/jk", "move"),
    ("Enter", "choose"),
    ("1-9", "jump"),
    ("Esc/q", "back"),
    ("?", "help"),
];

/// Hints shared by every question in a session, most used first.
pub const SESSION: &[Hint] = &[
    ("n/p", "next/prev"),
    ("f", "flag"),
    ("g", "grid"),
    ("s", "submit"),
    ("q", "leave"),
    ("b", "bookmark"),
    ("N", "note"),
    ("PgUp/PgDn", "scroll the question"),
    ("Ctrl-C", "like q"),
    ("?", "help"),
];

/// Hints for single-answer questions.
pub const SINGLE: &[Hint] = &[
    ("1-9", "choose"),
    ("↑↓/jk", "move"),
    ("a c d e", "choose like 1 3 4 5 (b bookmarks)"),
    ("Enter/Space", "choose the option under the cursor"),
];

/// Hints for multiple-answer questions.
pub const MULTIPLE: &[Hint] = &[
    ("1-9", "pick"),
    ("↑↓/jk", "move"),
    ("a c d e", "pick like 1 3 4 5 (b bookmarks)"),
    ("Enter/Space", "pick or unpick the option under the cursor"),
];

/// Hints for order questions.
pub const ORDER: &[Hint] = &[
    ("Enter", "place/remove"),
    ("←→/hl", "items/order"),
    ("K/J", "move up/down"),
    ("↑↓/jk", "move the cursor"),
    ("1-9", "place or remove item N"),
    ("Shift+↑↓", "move the item up/down in your order"),
    ("x/Del", "remove the item from your order"),
];

/// Hints for yes/no questions.
pub const YESNO: &[Hint] = &[
    ("←/→", "yes/no"),
    ("y/1 2", "yes, no"),
    ("↑↓/jk", "statement"),
    ("h/l", "yes/no like ←→"),
    ("Enter/Space", "toggle yes/no"),
];

/// Hints for fill questions.
pub const FILL: &[Hint] = &[
    ("1-9", "choose"),
    ("←→/hl", "slot"),
    ("↑↓/jk", "option"),
    ("Enter/Space", "choose the option under the cursor"),
];

/// Hint for case-study questions.
pub const CASE: &[Hint] = &[("Tab", "scenario")];

/// Hint in a drill once a multi-part answer is complete.
pub const CHECK: Hint = ("n", "check answer");

/// Hints while a drill answer is shown.
pub const REVEALED: &[Hint] = &[
    ("n/Enter", "next"),
    ("p", "previous"),
    ("o", "open references"),
    ("↑↓/PgUp/PgDn", "scroll"),
    ("s", "finish"),
    ("q", "leave"),
    ("b", "bookmark"),
    ("N", "note"),
    ("?", "help"),
];

/// Hints for the review grid.
pub const GRID: &[Hint] = &[
    ("←→↑↓/hjkl", "move"),
    ("Enter", "open"),
    ("s", "submit"),
    ("g/Esc", "back"),
    ("?", "help"),
];

/// Hints for the results.
pub const RESULTS: &[Hint] = &[
    ("r", "review all"),
    ("w", "wrong only"),
    ("f", "flagged only"),
    ("b", "bookmarked only"),
    ("q", "home"),
    ("↑↓/jk", "scroll"),
    ("?", "help"),
];

/// Hints for the explanation review.
pub const REVIEW: &[Hint] = &[
    ("n/p", "next/prev"),
    ("↑↓/jk", "scroll"),
    ("Tab", "scenario"),
    ("o", "open references"),
    ("q/Esc", "back"),
    ("g", "grid"),
    ("1-9…", "go to question N"),
    ("b", "bookmark"),
    ("N", "note"),
    ("←→/hl", "next/prev like n/p"),
    ("PgUp/PgDn", "scroll a page"),
    ("?", "help"),
];

/// Hints for the review's grid.
pub const REVIEW_GRID: &[Hint] = &[
    ("←→↑↓/hjkl", "move"),
    ("Enter", "open"),
    ("1-9…", "go to question N"),
    ("g/Esc", "back"),
    ("?", "help"),
];

/// Hints while a question number is typed.
pub const JUMP: &[Hint] = &[
    ("0-9", "question number"),
    ("Enter", "go"),
    ("Backspace", "delete"),
    ("Esc", "cancel"),
];

/// Hints for the stats screen.
pub const STATS: &[Hint] = &[
    ("Tab/←→", "page"),
    ("1-3", "overview/accuracy/topics"),
    ("↑↓/jk", "scroll"),
    ("q/Esc", "back"),
    ("PgUp/PgDn", "scroll a page"),
    ("?", "help"),
];

/// Hints while the scenario is open.
pub const SCENARIO: &[Hint] = &[
    ("Tab/Esc", "back to the question"),
    ("↑↓/PgUp/PgDn", "scroll"),
    ("?", "help"),
];
