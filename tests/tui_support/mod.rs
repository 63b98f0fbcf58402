//! Shared helpers for the terminal UI tests: the fixture bank, fixed times, a model over a
//! temporary history folder, key presses and rendering to text.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use az400_sprint::attempt::Mode;
use az400_sprint::bank::{self, Bank};
use az400_sprint::history::Store;
use az400_sprint::practice::Sizes;
use az400_sprint::session::Session;
use az400_sprint::tui::app::{Model, update};
use az400_sprint::tui::message::{Key, Message};
use az400_sprint::tui::theme::Theme;
use az400_sprint::tui::{Context, Start};
use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The fixture questions in the order the tests play them.
pub const IDS: [&str; 7] = [
    "deployments-fixture-single",
    "branching-fixture-multiple",
    "iac-fixture-order",
    "secrets-fixture-yesno",
    "analysis-fixture-fill",
    "pipeline-design-fixture-approvals",
    "processes-fixture-boards",
];

/// The fixture bank (`tests/fixtures/bank`).
pub fn fixture_bank() -> Bank {
    let blueprint = bank::builtin().blueprint;
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bank");
    let loaded = bank::files::load_paths(
        &[path],
        &blueprint,
        bank::Month {
            year: 2026,
            month: 11,
        },
    );
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    Bank::new(blueprint, loaded.questions, loaded.case_studies)
}

/// 2026-11-21 09:00:00 UTC.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap()
}

/// `t0` plus some seconds.
pub fn at(seconds: i64) -> DateTime<Utc> {
    t0() + Duration::seconds(seconds)
}

/// The app's context over a store in `dir`.
pub fn context(dir: &Path) -> Context {
    Context {
        bank: fixture_bank(),
        store: Store::open(dir).unwrap(),
        offset: FixedOffset::east_opt(0).unwrap(),
        warnings: Vec::new(),
        sizes: Sizes::default(),
        history: None,
        later_bank: None,
        keys: az400_sprint::tui::keymap::Keys::default(),
    }
}

/// A session over the given fixture questions.
pub fn session(mode: Mode, ids: &[&str], limit: Option<u32>, now: DateTime<Utc>) -> Session {
    let ids: Vec<String> = ids.iter().map(std::string::ToString::to_string).collect();
    Session::start(mode, &fixture_bank(), &ids, limit, 7, now)
}

/// A model playing a fresh session, as `az400 sprint` opens it.
pub fn playing(dir: &Path, mode: Mode, ids: &[&str], limit: Option<u32>) -> Model {
    let ctx = context(dir);
    let s = session(mode, ids, limit, t0());
    let claim = ctx.store.claim(&s.id).unwrap();
    Model::new(ctx, Start::Session(s, claim), t0(), Theme::plain())
}

/// A model on the home screen.
pub fn home(dir: &Path) -> Model {
    Model::new(context(dir), Start::Home, t0(), Theme::plain())
}

/// Presses one key at `now`.
pub fn press(
    model: &mut Model,
    key: Key,
    now: DateTime<Utc>,
) -> Option<az400_sprint::tui::app::Command> {
    update(model, Message::Key(key), now)
}

/// Types each character as a key at `now`.
pub fn typed(model: &mut Model, keys: &str, now: DateTime<Utc>) {
    for c in keys.chars() {
        let key = match c {
            '\n' => Key::Enter,
            ' ' => Key::Space,
            '\t' => Key::Tab,
            c => Key::Char(c),
        };
        press(model, key, now);
    }
}

/// The model drawn on a `width`×`height` test terminal, as text.
pub fn draw(model: &Model, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(model, frame.area()))
        .unwrap();
    terminal.backend().to_string()
}

/// Tells the model the terminal's size (for scroll limits), as the event loop does.
pub fn resize(model: &mut Model, width: u16, height: u16, now: DateTime<Utc>) {
    update(model, Message::Resize(width, height), now);
}

/// Draws the model into a bare buffer of any size (0×0 included), as a frame would.
pub fn render_into_buffer(model: &Model, width: u16, height: u16) -> ratatui::buffer::Buffer {
    use ratatui::widgets::Widget;
    let area = ratatui::layout::Rect::new(0, 0, width, height);
    let mut buffer = ratatui::buffer::Buffer::empty(area);
    model.render(area, &mut buffer);
    buffer
}
