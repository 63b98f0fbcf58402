//! Keys as data: every key does an [`Action`], and each screen's [`Keymap`] says which
//! actions it offers, under which keys, with what words. The screen's handler acts on the
//! action the keymap finds, and its footer and `?` help are drawn from the same keymap, so a
//! hint can never name a key that does something else.
//!
//! Which keys an action has is decided once, in [`Keys`]: the defaults below with the config
//! file's `[keys]` overrides applied.

use super::message::Key;

/// What a key does. Screens read some actions their own way (on the results screen
/// [`Action::Select`] opens the review), but a key always stands for one action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Move up (↑, k).
    Up,
    /// Move down (↓, j).
    Down,
    /// Move left (←, h).
    Left,
    /// Move right (→, l).
    Right,
    /// Move the item under the cursor up (Shift+↑, K).
    MoveUp,
    /// Move the item under the cursor down (Shift+↓, J).
    MoveDown,
    /// Scroll up a page.
    PageUp,
    /// Scroll down a page.
    PageDown,
    /// Choose what the cursor is on (Enter, Space).
    Select,
    /// Choose the n-th item (0-based) by its number or letter.
    Pick(usize),
    /// Remove the item under the cursor (x, Delete, Backspace).
    Remove,
    /// The next question (n).
    Next,
    /// The previous question (p).
    Prev,
    /// Flag the question for review (f).
    Flag,
    /// The review grid (g).
    Grid,
    /// Submit the attempt (s).
    Submit,
    /// The case study's scenario (Tab).
    Scenario,
    /// The keys of the screen (?).
    Help,
    /// Leave the screen or the session (q).
    Quit,
    /// Go back, cancel (Esc).
    Back,
    /// Ctrl-C: like q, and always there.
    Interrupt,
    /// Open the question's references in the browser (o).
    Open,
    /// Bookmark the question, or take the bookmark off (b).
    Bookmark,
    /// Write a note on the question (N).
    Note,
    /// Yes, in a yes/no statement (y).
    Yes,
    /// Yes, to a dialog (y, Enter).
    Confirm,
    /// No, to a dialog (n, Esc).
    Deny,
    /// Drill the questions due for review (d).
    DrillDue,
    /// Resume the unfinished session (r).
    Resume,
    /// Discard the unfinished session (d).
    Discard,
    /// Keep the unfinished session and start the new one (b).
    KeepBoth,
    /// Review every answer (r).
    ReviewAll,
    /// Review the wrong answers (w).
    ReviewWrong,
    /// Review the flagged questions (f).
    ReviewFlagged,
    /// Review the bookmarked questions (b).
    ReviewBookmarked,
    /// The next page of tabs (Tab).
    NextPage,
    /// To the top (Home).
    Top,
    /// To the bottom (End).
    Bottom,
    /// Search the text in view (/).
    Search,
    /// The previous match of a search (N).
    PrevMatch,
}

/// The actions the config file's `[keys]` section may move, by the name written there, with
/// what each does.
pub const CONFIGURABLE: &[(Action, &str, &str)] = &[
    (Action::Up, "up", "move up"),
    (Action::Down, "down", "move down"),
    (Action::Left, "left", "move left"),
    (Action::Right, "right", "move right"),
    (Action::Select, "select", "choose the item under the cursor"),
    (Action::Next, "next", "next question"),
    (Action::Prev, "prev", "previous question"),
    (Action::Flag, "flag", "flag the question for review"),
    (Action::Grid, "grid", "open the review grid"),
    (Action::Submit, "submit", "submit the attempt"),
    (
        Action::Scenario,
        "scenario",
        "show the case study's scenario",
    ),
    (Action::Help, "help", "list the keys of the screen"),
    (Action::Quit, "quit", "leave (asks; progress is saved)"),
    (
        Action::Open,
        "open",
        "open the question's references in the browser",
    ),
    (Action::Bookmark, "bookmark", "bookmark the question"),
    (Action::Note, "note", "write a note on the question"),
];

impl Action {
    /// The action a config file names.
    pub fn from_config_name(name: &str) -> Option<Action> {
        CONFIGURABLE
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(a, _, _)| *a)
    }

    /// The keys an action has unless the config moves it: named keys, then letters.
    fn defaults(self) -> (&'static [Key], &'static [char]) {
        use Key as K;
        match self {
            Action::Up => (&[K::Up], &['k']),
            Action::Down => (&[K::Down], &['j']),
            Action::Left => (&[K::Left], &['h']),
            Action::Right => (&[K::Right], &['l']),
            Action::MoveUp => (&[K::ShiftUp], &['K']),
            Action::MoveDown => (&[K::ShiftDown], &['J']),
            Action::PageUp => (&[K::PageUp], &[]),
            Action::PageDown => (&[K::PageDown], &[]),
            Action::Select => (&[K::Enter, K::Space], &[]),
            Action::Pick(_) => (&[], &[]),
            Action::Remove => (&[K::Delete], &['x']),
            Action::Next => (&[], &['n']),
            Action::Prev => (&[], &['p']),
            Action::Flag => (&[], &['f']),
            Action::Grid => (&[], &['g']),
            Action::Submit => (&[], &['s']),
            Action::Scenario => (&[K::Tab], &[]),
            Action::Help => (&[], &['?']),
            Action::Quit => (&[], &['q']),
            Action::Back => (&[K::Esc], &[]),
            Action::Interrupt => (&[K::Interrupt], &[]),
            Action::Open => (&[], &['o']),
            Action::Bookmark => (&[], &['b']),
            Action::Note => (&[], &['N']),
            Action::Yes => (&[], &['y']),
            Action::Confirm => (&[K::Enter], &['y']),
            Action::Deny => (&[K::Esc], &['n']),
            Action::DrillDue => (&[], &['d']),
            Action::Resume => (&[], &['r']),
            Action::Discard => (&[], &['d']),
            Action::KeepBoth => (&[], &['b']),
            Action::ReviewAll => (&[], &['r']),
            Action::ReviewWrong => (&[], &['w']),
            Action::ReviewFlagged => (&[], &['f']),
            Action::ReviewBookmarked => (&[], &['b']),
            Action::NextPage => (&[K::Tab], &[]),
            Action::Top => (&[K::Home], &[]),
            Action::Bottom => (&[K::End], &[]),
            Action::Search => (&[], &['/']),
            Action::PrevMatch => (&[], &['N']),
        }
    }
}

/// The keys of every action, with the config file's overrides applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    /// Actions moved by the config, with their new key.
    moved: Vec<(Action, Key)>,
}

impl Keys {
    /// The default keys with `moved` applied: an action moved to a key loses its letter (its
    /// arrows, Enter, Esc or Tab keep working) and has that key instead, and the key stops
    /// doing whatever else it did.
    pub fn new(moved: &[(Action, Key)]) -> Keys {
        Keys {
            moved: moved.to_vec(),
        }
    }

    /// How a hint names the key of `action` in a sentence: its letter if it has one, else
    /// its first key (`n`, `Tab`, `Enter`).
    pub fn label(&self, action: Action) -> String {
        let keys = self.of(action);
        keys.iter()
            .find(|k| matches!(k, Key::Char(_)))
            .or(keys.first())
            .map_or_else(|| "?".to_string(), |k| key_label(*k))
    }

    /// The keys that do `action`, named keys first.
    pub fn of(&self, action: Action) -> Vec<Key> {
        let (named, letters) = action.defaults();
        let mut keys: Vec<Key> = named.to_vec();
        match self.moved.iter().rev().find(|(a, _)| *a == action) {
            Some((_, key)) => {
                if !keys.contains(key) {
                    keys.push(*key);
                }
            }
            None => keys.extend(letters.iter().map(|c| Key::Char(*c))),
        }
        // A key moved to another action is that action's now.
        keys.retain(|k| {
            !self
                .moved
                .iter()
                .any(|(other, moved)| moved == k && *other != action)
        });
        keys
    }
}

/// One line of help: some actions, their keys, and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// The actions and the keys of each.
    bound: Vec<(Action, Vec<Key>)>,
    /// A fixed label instead of the keys (`1-9` for picks).
    label: Option<&'static str>,
    /// Whether this line stands for the picks.
    is_picks: bool,
    /// What the keys do.
    about: String,
}

/// How a screen picks items by number or letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picks {
    /// How many items the digits `1`… reach (at most 9).
    pub digits: usize,
    /// Whether letters pick too (`a` the first): those that are no command of a session.
    pub letters: bool,
}

/// The actions whose letters never pick an option in a session, whichever of them the
/// screen in view offers: what `h` or `n` does must not depend on the kind of question.
const COMMANDS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::Left,
    Action::Right,
    Action::MoveUp,
    Action::MoveDown,
    Action::Remove,
    Action::Yes,
    Action::Next,
    Action::Prev,
    Action::Flag,
    Action::Grid,
    Action::Submit,
    Action::Quit,
    Action::Open,
    Action::Bookmark,
    Action::Note,
    Action::Help,
];

/// A key hint, as the footer and the help show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// The key or keys.
    pub keys: String,
    /// What they do.
    pub about: String,
    /// Whether this is the key of the help, which the footer always keeps.
    pub help: bool,
}

/// The keys of one screen: what each does and how the screen describes it, in the order the
/// footer offers them (most used first).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Keymap {
    entries: Vec<Entry>,
    picks: Option<Picks>,
    /// Keys that never pick: the letters of [`COMMANDS`].
    reserved: Vec<Key>,
}

impl Keymap {
    /// An empty keymap.
    pub fn new() -> Keymap {
        Keymap::default()
    }

    /// Adds a line of help: `actions` under the keys `keys` gives them, doing `about`.
    pub fn bind(mut self, keys: &Keys, actions: &[Action], about: impl Into<String>) -> Keymap {
        self.entries.push(Entry {
            bound: actions.iter().map(|a| (*a, keys.of(*a))).collect(),
            label: None,
            is_picks: false,
            about: about.into(),
        });
        self
    }

    /// Adds a hint that no action stands behind (`any key  close help`).
    pub fn note(mut self, keys: &'static str, about: &str) -> Keymap {
        self.entries.push(Entry {
            bound: Vec::new(),
            label: Some(keys),
            is_picks: false,
            about: about.into(),
        });
        self
    }

    /// Adds an action under fixed keys, whatever the config says (a text field's Enter).
    pub fn fixed(mut self, action: Action, keys: &[Key], about: impl Into<String>) -> Keymap {
        self.entries.push(Entry {
            bound: vec![(action, keys.to_vec())],
            label: None,
            is_picks: false,
            about: about.into(),
        });
        self
    }

    /// Adds picking by number (`label` as the hint, e.g. `1-9`) and, with `letters`, by the
    /// letters no action of this keymap has.
    pub fn picks(mut self, keys: &Keys, picks: Picks, label: &'static str, about: &str) -> Keymap {
        self.picks = Some(picks);
        self.reserved = COMMANDS.iter().flat_map(|a| keys.of(*a)).collect();
        self.entries.push(Entry {
            bound: Vec::new(),
            label: Some(label),
            is_picks: true,
            about: about.into(),
        });
        self
    }

    /// This keymap's lines, then `other`'s (whose picks, if any, become this one's).
    pub fn append(mut self, other: Keymap) -> Keymap {
        self.entries.extend(other.entries);
        if other.picks.is_some() {
            self.picks = other.picks;
            self.reserved = other.reserved;
        }
        self
    }

    /// The action of a key on this screen, if it has one.
    pub fn action(&self, key: Key) -> Option<Action> {
        let bound = self
            .entries
            .iter()
            .flat_map(|e| &e.bound)
            .find(|(_, keys)| keys.contains(&key))
            .map(|(action, _)| *action);
        bound.or_else(|| self.pick(key).map(Action::Pick))
    }

    /// The item a pick key chooses: `1`-`9` within the digits, or a letter no action has.
    fn pick(&self, key: Key) -> Option<usize> {
        let picks = self.picks?;
        match key {
            Key::Char(c @ '1'..='9') => {
                Some(c as usize - '1' as usize).filter(|i| *i < picks.digits)
            }
            Key::Char(c @ 'a'..='z') if picks.letters && !self.is_command(key) => {
                Some(c as usize - 'a' as usize)
            }
            _ => None,
        }
    }

    fn is_bound(&self, key: Key) -> bool {
        self.entries
            .iter()
            .flat_map(|e| &e.bound)
            .any(|(_, keys)| keys.contains(&key))
    }

    /// Whether a key does something here or is a session command anywhere.
    fn is_command(&self, key: Key) -> bool {
        self.is_bound(key) || self.reserved.contains(&key)
    }

    /// Whether some key does `action` here.
    pub fn has(&self, action: Action) -> bool {
        self.entries
            .iter()
            .flat_map(|e| &e.bound)
            .any(|(a, keys)| *a == action && !keys.is_empty())
    }

    /// How a sentence names the key of `action` here, as [`Keys::label`] does: its letter if
    /// it has one, else its first key; `None` when no key does it here.
    pub fn key(&self, action: Action) -> Option<String> {
        let keys: Vec<Key> = self
            .entries
            .iter()
            .flat_map(|e| &e.bound)
            .filter(|(a, _)| *a == action)
            .flat_map(|(_, keys)| keys.iter().copied())
            .collect();
        keys.iter()
            .find(|k| matches!(k, Key::Char(_)))
            .or(keys.first())
            .map(|k| key_label(*k))
    }

    /// `n/N next/prev · / new search`: each group of actions that has a key here, under its
    /// keys (joined by `/`) and its words, the groups joined by ` · `.
    pub fn sentence(&self, groups: &[(&[Action], &str)]) -> String {
        groups
            .iter()
            .filter_map(|(actions, about)| {
                let keys: Vec<String> = actions.iter().filter_map(|a| self.key(*a)).collect();
                (!keys.is_empty()).then(|| format!("{} {about}", keys.join("/")))
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// A dialog's own line of keys, `y/Enter submit   n/Esc keep going`: every hint but
    /// Ctrl-C's, which the footer names.
    pub fn dialog_line(&self) -> String {
        self.hints()
            .iter()
            .filter(|h| h.keys != key_label(Key::Interrupt))
            .map(|h| format!("{} {}", h.keys, h.about))
            .collect::<Vec<_>>()
            .join("   ")
    }

    /// The hints, in order; a line whose actions have no key left is left out. The letters
    /// that pick come last before the help, named by the first four.
    pub fn hints(&self) -> Vec<Hint> {
        let mut hints = Vec::new();
        let mut letters = None;
        for entry in &self.entries {
            let keys = match entry.label {
                Some(label) => label.to_string(),
                None => label(&entry.bound),
            };
            if keys.is_empty() {
                continue;
            }
            hints.push(Hint {
                keys,
                about: entry.about.clone(),
                help: entry.bound.iter().any(|(a, _)| *a == Action::Help),
            });
            if entry.is_picks {
                letters = self.letter_hint(&entry.about);
            }
        }
        // The letters that pick are a second way to do what the numbers do: last, before
        // the help.
        if let Some(letters) = letters {
            let at = hints.iter().position(|h| h.help).unwrap_or(hints.len());
            hints.insert(at, letters);
        }
        hints
    }

    /// `a c d e  choose like 1 3 4 5`: the first letters that pick, and the numbers they
    /// stand for.
    fn letter_hint(&self, about: &str) -> Option<Hint> {
        let picks = self.picks.filter(|p| p.letters)?;
        let letters: Vec<char> = ('a'..='z')
            .take(picks.digits.max(4))
            .filter(|c| !self.is_command(Key::Char(*c)))
            .take(4)
            .collect();
        if letters.is_empty() {
            return None;
        }
        let numbers: Vec<String> = letters
            .iter()
            .map(|c| (*c as usize - 'a' as usize + 1).to_string())
            .collect();
        let letters: Vec<String> = letters.iter().map(char::to_string).collect();
        Some(Hint {
            keys: letters.join(" "),
            about: format!("{about} like {}", numbers.join(" ")),
            help: false,
        })
    }
}

/// How a key is written in a hint.
pub fn key_label(key: Key) -> String {
    match key {
        Key::Up => "↑".into(),
        Key::Down => "↓".into(),
        Key::Left => "←".into(),
        Key::Right => "→".into(),
        Key::ShiftUp => "Shift+↑".into(),
        Key::ShiftDown => "Shift+↓".into(),
        Key::PageUp => "PgUp".into(),
        Key::PageDown => "PgDn".into(),
        Key::Home => "Home".into(),
        Key::End => "End".into(),
        Key::Enter => "Enter".into(),
        Key::Space => "Space".into(),
        Key::Tab => "Tab".into(),
        Key::Esc => "Esc".into(),
        Key::Delete => "Del".into(),
        Key::Interrupt => "Ctrl-C".into(),
        Key::Char(c) => c.to_string(),
    }
}

/// The keys of a line of help: one key per action joins with `/` (`n/p`, `PgUp/PgDn`);
/// otherwise the arrows run together, then the letters that stand in for them (`↑↓/kj`),
/// then every other key on its own, letters first (`q/n/Esc`).
fn label(bound: &[(Action, Vec<Key>)]) -> String {
    let keys: Vec<&Vec<Key>> = bound
        .iter()
        .map(|(_, k)| k)
        .filter(|k| !k.is_empty())
        .collect();
    if keys.iter().all(|k| k.len() == 1) {
        return keys
            .iter()
            .map(|k| key_label(k[0]))
            .collect::<Vec<_>>()
            .join("/");
    }
    let mut all: Vec<Key> = Vec::new();
    for key in keys.iter().flat_map(|k| k.iter()) {
        if !all.contains(key) {
            all.push(*key);
        }
    }
    let arrow = |k: &Key| matches!(k, Key::Up | Key::Down | Key::Left | Key::Right);
    let shifted = |k: &Key| matches!(k, Key::ShiftUp | Key::ShiftDown);
    // A letter runs together with the others only when it stands in for an arrow (`kj`,
    // `KJ`); a letter of its own is a key of its own (`q/n`).
    let letter = |k: &Key| {
        matches!(k, Key::Char(_))
            && keys
                .iter()
                .any(|ks| ks.contains(k) && ks.iter().any(|o| arrow(o) || shifted(o)))
    };
    let arrows: String = all
        .iter()
        .filter(|k| arrow(k))
        .map(|k| key_label(*k))
        .collect();
    let shift: String = all
        .iter()
        .filter(|k| shifted(k))
        .map(|k| key_label(*k).replace("Shift+", ""))
        .collect();
    let letters: String = all
        .iter()
        .filter(|k| letter(k))
        .map(|k| key_label(*k))
        .collect();
    let mut parts = vec![arrows];
    if !shift.is_empty() {
        parts.push(format!("Shift+{shift}"));
    }
    parts.push(letters);
    let other = |k: &&Key| !arrow(k) && !shifted(k) && !letter(k);
    parts.extend(
        all.iter()
            .filter(other)
            .filter(|k| matches!(k, Key::Char(_)))
            .map(|k| key_label(*k)),
    );
    parts.extend(
        all.iter()
            .filter(other)
            .filter(|k| !matches!(k, Key::Char(_)))
            .map(|k| key_label(*k)),
    );
    parts.retain(|p| !p.is_empty());
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_action_leaves_its_letter_and_takes_the_key_from_others() {
        let keys = Keys::new(&[(Action::Next, Key::Char('m')), (Action::Up, Key::Char('n'))]);
        assert_eq!(keys.of(Action::Next), [Key::Char('m')]);
        assert_eq!(keys.of(Action::Up), [Key::Up, Key::Char('n')]);
        assert_eq!(keys.of(Action::Down), [Key::Down, Key::Char('j')]);
        let map = Keymap::new()
            .bind(&keys, &[Action::Next, Action::Prev], "next/prev")
            .bind(&keys, &[Action::Up, Action::Down], "move");
        assert_eq!(map.action(Key::Char('m')), Some(Action::Next));
        assert_eq!(map.action(Key::Char('n')), Some(Action::Up));
        let hints = map.hints();
        assert_eq!(hints[0].keys, "m/p");
        assert_eq!(hints[1].keys, "↑↓/nj");
    }

    #[test]
    fn letters_pick_only_where_no_action_has_them() {
        let keys = Keys::default();
        let map = Keymap::new()
            .picks(
                &keys,
                Picks {
                    digits: 9,
                    letters: true,
                },
                "1-9",
                "choose",
            )
            .bind(&keys, &[Action::Bookmark], "bookmark");
        assert_eq!(map.action(Key::Char('a')), Some(Action::Pick(0)));
        assert_eq!(map.action(Key::Char('b')), Some(Action::Bookmark));
        assert_eq!(map.action(Key::Char('c')), Some(Action::Pick(2)));
        assert_eq!(map.action(Key::Char('3')), Some(Action::Pick(2)));
        let hints = map.hints();
        assert_eq!(hints[2].keys, "a c d e");
        assert_eq!(hints[2].about, "choose like 1 3 4 5");
    }

    #[test]
    fn a_sentence_names_the_keys_the_keymap_has_and_skips_actions_without_one() {
        let keys = Keys::new(&[(Action::Next, Key::Char('m'))]);
        let map = Keymap::new()
            .bind(&keys, &[Action::Next, Action::Select], "next match")
            .bind(&keys, &[Action::PrevMatch], "previous")
            .fixed(Action::Back, &[Key::Esc, Key::Interrupt], "end");
        assert_eq!(map.key(Action::Next).as_deref(), Some("m"));
        assert_eq!(map.key(Action::Back).as_deref(), Some("Esc"));
        assert_eq!(map.key(Action::Search), None);
        assert_eq!(
            map.sentence(&[
                (&[Action::Next, Action::PrevMatch], "next/prev"),
                (&[Action::Search], "new search"),
                (&[Action::Back], "end"),
            ]),
            "m/N next/prev · Esc end"
        );
    }

    #[test]
    fn keys_of_several_actions_are_each_written_apart() {
        let keys = Keys::default();
        let map = Keymap::new()
            .bind(&keys, &[Action::Quit, Action::Deny], "cancel")
            .bind(&keys, &[Action::ReviewAll, Action::Select], "review all")
            .bind(&keys, &[Action::MoveUp, Action::MoveDown], "move it")
            .bind(
                &keys,
                &[Action::Up, Action::Down, Action::Quit],
                "move or leave",
            );
        let hints: Vec<String> = map.hints().into_iter().map(|h| h.keys).collect();
        assert_eq!(
            hints,
            ["q/n/Esc", "r/Enter/Space", "Shift+↑↓/KJ", "↑↓/kj/q"]
        );
    }
}
