//! The `[keys]` section: which action a user moves to which key.
//!
//! ```toml
//! [keys]
//! next = "m"
//! submit = "S"
//! ```

use crate::tui::keymap::{Action, CONFIGURABLE};
use crate::tui::message::Key;

/// The actions a key can be moved to, by their names in the file (the app's keymap defines
/// them, so a name here always moves a key the app uses).
pub fn action_names() -> impl Iterator<Item = &'static str> {
    CONFIGURABLE.iter().map(|(_, name, _)| *name)
}

/// One override: `action` moves to `key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyBinding {
    /// An action name from [`action_names`].
    pub action: &'static str,
    /// The key it moves to.
    pub key: Key,
}

/// The known action of this name.
pub fn action(name: &str) -> Option<&'static str> {
    action_names().find(|n| *n == name)
}

impl KeyBinding {
    /// The app's action this binding moves.
    pub fn app_action(&self) -> Option<Action> {
        Action::from_config_name(self.action)
    }
}

/// Named keys, as written in the config file (case does not matter).
const NAMED: &[(&str, Key)] = &[
    ("up", Key::Up),
    ("down", Key::Down),
    ("left", Key::Left),
    ("right", Key::Right),
    ("shift-up", Key::ShiftUp),
    ("shift-down", Key::ShiftDown),
    ("pageup", Key::PageUp),
    ("pagedown", Key::PageDown),
    ("enter", Key::Enter),
    ("space", Key::Space),
    ("tab", Key::Tab),
    ("esc", Key::Esc),
    ("delete", Key::Delete),
    ("backspace", Key::Delete),
];

/// A key as written in the config: one printable character (`"m"`, `"?"`) or a name
/// (`"enter"`, `"space"`, `"tab"`, `"esc"`, `"up"`, `"pagedown"`, …). The error says what is
/// expected.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && !c.is_control()
        && !c.is_whitespace()
    {
        return Ok(Key::Char(c));
    }
    NAMED
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(text))
        .map(|(_, key)| *key)
        .ok_or_else(|| {
            format!(
                "one character or one of {}",
                NAMED.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            )
        })
}

/// How a key is written in the config file (the inverse of [`parse_key`]).
pub fn key_name(key: Key) -> String {
    match key {
        Key::Char(c) => c.to_string(),
        Key::Interrupt => "ctrl-c".into(),
        other => NAMED
            .iter()
            .find(|(_, k)| *k == other)
            .map(|(name, _)| (*name).to_string())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_as_written() {
        for text in [
            "m", "?", "É", "enter", "space", "pagedown", "shift-up", "esc",
        ] {
            let key = parse_key(text).unwrap();
            assert_eq!(key_name(key), text);
        }
        assert_eq!(parse_key("Enter"), Ok(Key::Enter));
        assert_eq!(parse_key("backspace"), Ok(Key::Delete));
    }

    #[test]
    fn what_is_not_a_key_says_what_is_expected() {
        for text in ["", "ctrl-f", "F1", "mm", " ", "\u{1b}"] {
            let err = parse_key(text).unwrap_err();
            assert!(err.starts_with("one character or one of up, down"), "{err}");
        }
    }
}
