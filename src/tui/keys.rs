//! Keys: decoding terminal key events, and the keymap of each screen, from which both the
//! screen's handler and its hints (the footer, the `?` help) are drawn.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{Model, Overlay, Review, ReviewView, Screen};
use super::keymap::{Action, Keymap, Keys, Picks};
use super::kinds::kind_of;
use super::message::Key;
use super::play::{Play, PlayView};
use super::scenario::ScenarioView;
use crate::session::Crossing;

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
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
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

/// The keymap of what is in view: the open dialog's, or the screen's.
pub fn keymap(model: &Model) -> Keymap {
    let keys = &model.keys;
    match model.overlay {
        Some(Overlay::Help) => Keymap::new().note("any key", "close help"),
        Some(Overlay::Note) => note_keymap(),
        Some(Overlay::Unfinished) => Keymap::new()
            .bind(keys, &[Action::Resume], "resume it")
            .bind(keys, &[Action::Discard], "discard it")
            .bind(keys, &[Action::KeepBoth], "keep both")
            .bind(keys, &[Action::Quit, Action::Deny], "cancel")
            .bind(keys, &[Action::Interrupt], "cancel"),
        Some(overlay) => {
            let (yes, no) = match overlay {
                Overlay::ConfirmSubmit => ("submit", "keep going"),
                Overlay::ConfirmQuit => ("leave", "stay"),
                Overlay::ConfirmMove(Crossing::LeaveSeriesItem, _) => ("move on", "stay"),
                Overlay::ConfirmMove(Crossing::EnterCaseStudy, _) => {
                    ("start the case study", "stay")
                }
                Overlay::ConfirmDiscard => ("discard", "back"),
                _ => ("yes", "no"),
            };
            let interrupt = if overlay == Overlay::ConfirmQuit {
                "leave"
            } else {
                "like n"
            };
            Keymap::new()
                .bind(keys, &[Action::Confirm], yes)
                .bind(keys, &[Action::Deny], no)
                .bind(keys, &[Action::Interrupt], interrupt)
        }
        None => screen_keymap(model),
    }
}

/// The keys of the note editor: fixed, as every other key is a letter of the note.
pub fn note_keymap() -> Keymap {
    Keymap::new()
        .fixed(Action::Select, &[Key::Enter], "save")
        .fixed(Action::Back, &[Key::Esc, Key::Interrupt], "cancel")
        .fixed(Action::Remove, &[Key::Delete], "delete")
}

/// The keymap of the screen in view, whatever dialog is open over it (the help lists it).
pub fn screen_keymap(model: &Model) -> Keymap {
    let keys = &model.keys;
    match &model.screen {
        Screen::Home(home) if home.picker.is_some() => Keymap::new()
            .bind(keys, &[Action::Up, Action::Down], "move")
            .bind(keys, &[Action::Select], "choose")
            .picks(keys, digits(9), "1-9", "jump")
            .bind(keys, &[Action::Back, Action::Quit], "back")
            .bind(keys, &[Action::Left, Action::Right], "back/choose")
            .bind(keys, &[Action::Interrupt], "quit")
            .bind(keys, &[Action::Help], "help"),
        Screen::Home(_) => Keymap::new()
            .bind(keys, &[Action::Up, Action::Down], "move")
            .bind(keys, &[Action::Select], "open")
            .bind(keys, &[Action::DrillDue], "drill what is due")
            .bind(keys, &[Action::Quit, Action::Back], "quit")
            .picks(keys, digits(9), "1-9", "jump")
            .bind(keys, &[Action::Interrupt], "quit")
            .bind(keys, &[Action::Help], "help"),
        Screen::Play(play) => play_keymap(model, play, keys),
        Screen::Results(_) => Keymap::new()
            .bind(keys, &[Action::ReviewAll, Action::Select], "review all")
            .bind(keys, &[Action::ReviewWrong], "wrong only")
            .bind(keys, &[Action::ReviewFlagged], "flagged only")
            .bind(keys, &[Action::ReviewBookmarked], "bookmarked only")
            .bind(keys, &[Action::Quit, Action::Back], "home")
            .bind(keys, &[Action::Up, Action::Down], "scroll")
            .bind(keys, &[Action::PageUp, Action::PageDown], "scroll a page")
            .bind(keys, &[Action::Interrupt], "home")
            .bind(keys, &[Action::Help], "help"),
        Screen::Review(review) => review_keymap(model, review, keys),
        Screen::Stats => Keymap::new()
            .bind(keys, &[Action::NextPage], "next page")
            .bind(keys, &[Action::Left, Action::Right], "page")
            .picks(keys, digits(3), "1-3", "overview/accuracy/topics")
            .bind(keys, &[Action::Up, Action::Down], "scroll")
            .bind(keys, &[Action::Quit, Action::Back], "back")
            .bind(keys, &[Action::PageUp, Action::PageDown], "scroll a page")
            .bind(keys, &[Action::Interrupt], "back")
            .bind(keys, &[Action::Help], "help"),
    }
}

/// Picks by number only, up to `n`.
fn digits(n: usize) -> Picks {
    Picks {
        digits: n.min(9),
        letters: false,
    }
}

/// The keys of a session: the scenario, the grid, drill feedback, or the question by kind.
fn play_keymap(model: &Model, play: &Play, keys: &Keys) -> Keymap {
    if play.view == PlayView::Scenario {
        let sections = play.case_study(&model.bank).map_or(0, |c| c.scenario.len());
        let map = scenario_keymap(&play.scenario, sections, keys);
        return if play.scenario.typing() {
            map
        } else {
            map.bind(keys, &[Action::Quit], "leave")
                .bind(keys, &[Action::Interrupt], "like q")
        };
    }
    if matches!(play.view, PlayView::Grid(_)) {
        return Keymap::new()
            .bind(
                keys,
                &[Action::Left, Action::Right, Action::Up, Action::Down],
                "move",
            )
            .bind(keys, &[Action::Select], "open")
            .bind(keys, &[Action::Submit], "submit")
            .bind(keys, &[Action::Grid, Action::Back, Action::Quit], "back")
            .bind(keys, &[Action::Interrupt], "leave")
            .bind(keys, &[Action::Help], "help");
    }
    if play.revealed() {
        return Keymap::new()
            .bind(keys, &[Action::Next, Action::Select], "next")
            .bind(keys, &[Action::Prev], "previous")
            .bind(keys, &[Action::Open], "open references")
            .bind(
                keys,
                &[Action::Up, Action::Down, Action::PageUp, Action::PageDown],
                "scroll",
            )
            .bind(keys, &[Action::Submit], "finish")
            .bind(keys, &[Action::Quit], "leave")
            .bind(keys, &[Action::Bookmark], "bookmark")
            .bind(keys, &[Action::Note], "note")
            .bind(keys, &[Action::Interrupt], "like q")
            .bind(keys, &[Action::Help], "help");
    }
    let question = play.question(&model.bank);
    // The kind's most used key first, then the session's, then the rest of the kind's.
    let (first, rest) = match question {
        Some(q) => kind_of(q.body()).keymap(keys),
        None => (Keymap::new(), Keymap::new()),
    };
    let mut map = first;
    map = if play.awaits_check(&model.bank) {
        map.bind(keys, &[Action::Next], "check answer")
            .bind(keys, &[Action::Prev], "previous")
    } else {
        map.bind(keys, &[Action::Next, Action::Prev], "next/prev")
    };
    map = map
        .bind(keys, &[Action::Flag], "flag")
        .bind(keys, &[Action::Grid], "grid")
        .bind(keys, &[Action::Submit], "submit");
    if question.is_some_and(|q| q.case_study.is_some()) {
        map = map.bind(keys, &[Action::Scenario], "scenario");
    }
    map.bind(keys, &[Action::Quit], "leave")
        .append(rest)
        .bind(keys, &[Action::Bookmark], "bookmark")
        .bind(keys, &[Action::Note], "note")
        .bind(
            keys,
            &[Action::PageUp, Action::PageDown],
            "scroll the question",
        )
        .bind(keys, &[Action::Interrupt], "like q")
        .bind(keys, &[Action::Help], "help")
}

/// The keys while a case study's scenario (of `sections` sections) has them: typing a query,
/// going through its matches, or reading.
pub fn scenario_keymap(view: &ScenarioView, sections: usize, keys: &Keys) -> Keymap {
    let reading = |map: Keymap| {
        map.bind(keys, &[Action::PageUp, Action::PageDown], "scroll")
            .bind(
                keys,
                &[Action::Top, Action::Bottom],
                "top/bottom of the section",
            )
            .bind(keys, &[Action::Up, Action::Down], "scroll a line")
            .picks(keys, digits(sections), "1-9", "section N")
            .bind(keys, &[Action::Help], "help")
    };
    match &view.search {
        Some(search) if search.typing => Keymap::new()
            .fixed(Action::Select, &[Key::Enter], "find")
            .fixed(
                Action::Back,
                &[Key::Esc, Key::Interrupt],
                "cancel the search",
            )
            .fixed(Action::Remove, &[Key::Delete], "delete")
            .fixed(Action::Scenario, &[Key::Tab], "the question")
            .note("other keys", "the query"),
        Some(_) => reading(
            Keymap::new()
                .bind(keys, &[Action::Next, Action::Select], "next match")
                .bind(keys, &[Action::PrevMatch], "previous")
                .bind(keys, &[Action::Back], "end the search")
                .bind(keys, &[Action::Search], "new search")
                .bind(keys, &[Action::Left, Action::Right], "section")
                .bind(keys, &[Action::Scenario], "the question"),
        ),
        None => reading(
            Keymap::new()
                .bind(keys, &[Action::Left, Action::Right], "section")
                .bind(keys, &[Action::Scenario, Action::Back], "the question")
                .bind(keys, &[Action::Search], "search"),
        ),
    }
}

/// The keys of the explanation review: typing a number, the grid, the scenario, or a page.
fn review_keymap(model: &Model, review: &Review, keys: &Keys) -> Keymap {
    if review.jump.is_some() {
        return Keymap::new()
            .note("0-9", "question number")
            .fixed(Action::Select, &[Key::Enter], "go")
            .fixed(Action::Remove, &[Key::Delete], "delete")
            .note("any other key", "cancel");
    }
    if review.view == ReviewView::Scenario {
        let sections = review
            .case_study(&model.bank)
            .map_or(0, |c| c.scenario.len());
        let map = scenario_keymap(&review.scenario, sections, keys);
        return if review.scenario.typing() {
            map
        } else {
            map.bind(keys, &[Action::Quit], "back to the question")
        };
    }
    if matches!(review.view, ReviewView::Grid(_)) {
        return Keymap::new()
            .bind(
                keys,
                &[Action::Left, Action::Right, Action::Up, Action::Down],
                "move",
            )
            .bind(keys, &[Action::Select], "open")
            .picks(keys, digits(9), "1-9…", "go to question N")
            .bind(keys, &[Action::Grid, Action::Back, Action::Quit], "back")
            .bind(keys, &[Action::Interrupt], "leave the review")
            .bind(keys, &[Action::Help], "help");
    }
    let case = review
        .item()
        .and_then(|item| item.question(&model.bank))
        .is_some_and(|q| q.case_study.is_some());
    let mut map = Keymap::new()
        .bind(keys, &[Action::Next, Action::Prev], "next/prev")
        .bind(keys, &[Action::Up, Action::Down], "scroll");
    if case {
        map = map.bind(keys, &[Action::Scenario], "scenario");
    }
    map.bind(keys, &[Action::Open], "open references")
        .bind(keys, &[Action::Quit, Action::Back], "back")
        .bind(keys, &[Action::Grid], "grid")
        .picks(keys, digits(9), "1-9…", "go to question N")
        .bind(keys, &[Action::Bookmark], "bookmark")
        .bind(keys, &[Action::Note], "note")
        .bind(keys, &[Action::Left, Action::Right], "prev/next like p/n")
        .bind(keys, &[Action::Select], "next")
        .bind(keys, &[Action::PageUp, Action::PageDown], "scroll a page")
        .bind(keys, &[Action::Interrupt], "leave the review")
        .bind(keys, &[Action::Help], "help")
}
