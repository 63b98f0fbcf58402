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
const COMMAND_LETTERS: &str = "fghjklnpqsyx";

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
    ("↑↓ j/k", "move"),
    ("Enter", "open"),
    ("1-7", "jump to entry"),
    ("?", "help"),
    ("q", "quit"),
];

/// Hints for the drill picker.
pub const PICKER: &[Hint] = &[
    ("↑↓ j/k", "move"),
    ("Enter", "choose"),
    ("Esc q", "back"),
    ("?", "help"),
];

/// Hints shared by every question in a session.
pub const SESSION: &[Hint] = &[
    ("n/p", "next/previous"),
    ("f", "flag"),
    ("g", "review grid"),
    ("s", "submit"),
    ("PgUp/PgDn", "scroll the question"),
    ("?", "help"),
    ("q", "leave (progress is saved)"),
];

/// Hints for single-answer questions.
pub const SINGLE: &[Hint] = &[
    ("↑↓ j/k", "move"),
    ("Enter/Space", "choose"),
    ("1-9 a-e", "choose option"),
];

/// Hints for multiple-answer questions.
pub const MULTIPLE: &[Hint] = &[
    ("↑↓ j/k", "move"),
    ("Enter/Space", "pick/unpick"),
    ("1-9 a-e", "pick option"),
];

/// Hints for order questions.
pub const ORDER: &[Hint] = &[
    ("↑↓ j/k", "move"),
    ("←→ h/l", "items/your order"),
    ("Enter/Space", "place/remove"),
    ("1-9", "place item"),
    ("K/J Shift+↑↓", "move up/down"),
    ("x Del", "remove"),
];

/// Hints for yes/no questions.
pub const YESNO: &[Hint] = &[
    ("↑↓ j/k", "statement"),
    ("← h y 1", "yes"),
    ("→ l 2", "no"),
    ("Enter/Space", "toggle"),
];

/// Hints for fill questions.
pub const FILL: &[Hint] = &[
    ("←→ h/l", "slot"),
    ("↑↓ j/k", "option"),
    ("Enter/Space", "choose"),
    ("1-9", "choose option"),
];

/// Hint for case-study questions.
pub const CASE: &[Hint] = &[("Tab", "case-study scenario")];

/// Hints while a drill answer is shown.
pub const REVEALED: &[Hint] = &[
    ("n Enter", "next"),
    ("p", "previous"),
    ("↑↓ PgUp/PgDn", "scroll"),
    ("s", "finish"),
    ("?", "help"),
    ("q", "leave"),
];

/// Hints for the review grid.
pub const GRID: &[Hint] = &[
    ("←→↑↓ hjkl", "move"),
    ("Enter", "open question"),
    ("s", "submit"),
    ("g Esc", "back"),
    ("?", "help"),
];

/// Hints for the results.
pub const RESULTS: &[Hint] = &[
    ("r", "review all"),
    ("w", "review wrong"),
    ("f", "review flagged"),
    ("q", "home"),
    ("?", "help"),
];

/// Hints for the explanation review.
pub const REVIEW: &[Hint] = &[
    ("n/p ←→", "next/previous"),
    ("↑↓ j/k PgUp/PgDn", "scroll"),
    ("q Esc", "back"),
    ("?", "help"),
];

/// Hints for the stats screen.
pub const STATS: &[Hint] = &[("q Esc", "back"), ("?", "help")];

/// Hints while the scenario is open.
pub const SCENARIO: &[Hint] = &[
    ("↑↓ PgUp/PgDn", "scroll"),
    ("Tab Esc", "back to the question"),
];
