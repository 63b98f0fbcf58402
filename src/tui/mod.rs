//! The terminal app: home, sprint, drill, exam, results, explanation review and stats.
//!
//! Elm-style and single-threaded: terminal events become a [`message::Message`], one
//! [`app::update`] changes the [`app::Model`] (time is passed in, so tests never sleep), and
//! drawing only reads the model (`impl Widget for &Model`).

pub mod app;
pub mod keys;
pub mod message;
pub mod play;
pub mod screens;
pub mod text;
pub mod theme;

use std::time::Duration;

use chrono::{FixedOffset, Utc};
use ratatui::crossterm::event::{self, Event};

use app::{Command, Model};
use message::Message;
use theme::Theme;

/// Everything the app needs from outside the terminal.
pub struct Context {
    /// The question bank.
    pub bank: crate::bank::Bank,
    /// The history folder.
    pub store: crate::history::Store,
    /// The local UTC offset, for what "today" means.
    pub offset: FixedOffset,
    /// Bank and config warnings to show once on the home screen.
    pub warnings: Vec<String>,
    /// How long a sprint, drill or exam started from the home menu is.
    pub sizes: crate::practice::Sizes,
}

/// Which screen opens first.
pub enum Start {
    /// The home menu.
    Home,
    /// A session already started (or resumed) and claimed by the caller.
    Session(crate::session::Session, crate::history::SessionClaim),
    /// The explanation review of a finished attempt.
    Review {
        /// The attempt to walk through.
        attempt: crate::attempt::Attempt,
        /// Only questions that missed points.
        wrong_only: bool,
        /// Only questions marked for review.
        flagged_only: bool,
    },
    /// The stats screen.
    Stats,
}

/// The longest the loop sleeps when no countdown is running.
const IDLE_WAKE: Duration = Duration::from_secs(30);

/// Runs the app in the terminal, drawn in `theme`, until the user quits. The terminal is restored on quit, on
/// error, and (through ratatui's panic hook) on panic.
pub fn run(context: Context, start: Start, theme: Theme) -> anyhow::Result<()> {
    let mut model = Model::new(context, start, Utc::now(), theme);
    let mut terminal = ratatui::try_init()?;
    let result = event_loop(&mut terminal, &mut model);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, model: &mut Model) -> anyhow::Result<()> {
    let size = terminal.size()?;
    app::update(model, Message::Resize(size.width, size.height), Utc::now());
    loop {
        terminal.draw(|frame| frame.render_widget(&*model, frame.area()))?;
        let timeout = model.next_tick(Utc::now()).unwrap_or(IDLE_WAKE);
        let message = if event::poll(timeout)? {
            match event::read()? {
                Event::Key(key) => match keys::decode(key) {
                    Some(key) => Message::Key(key),
                    None => continue,
                },
                Event::Resize(width, height) => Message::Resize(width, height),
                _ => continue,
            }
        } else {
            Message::Tick
        };
        if let Some(Command::Quit) = app::update(model, message, Utc::now()) {
            return Ok(());
        }
    }
}
