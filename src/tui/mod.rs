//! The terminal app: home, sprint, drill, exam, results, explanation review and stats.
//!
//! Elm-style and single-threaded: terminal events become a [`message::Message`], one
//! [`app::update`] changes the [`app::Model`] (time is passed in, so tests never sleep), and
//! drawing only reads the model (`impl Widget for &Model`).

pub mod app;
pub mod keymap;
pub mod keys;
pub mod kinds;
pub mod links;
pub mod message;
pub mod play;
pub mod prose;
pub mod scenario;
pub mod screens;
pub mod text;
pub mod theme;
pub mod wake;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::{FixedOffset, Utc};
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
use signal_hook::iterator::Signals;

use app::{Command, Model};
use message::Message;
use theme::Theme;
use wake::Wake;

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
    /// The finished attempts in brief, when the caller has read them already (their unreadable
    /// files then belong in `warnings`); `None` has the app read them.
    pub history: Option<crate::history::Ledger>,
    /// The keys of every action, with the config file's `[keys]` overrides.
    pub keys: keymap::Keys,
    /// Banks of one's own still to be added to `bank`: loaded once the first frame is drawn,
    /// for a screen (the home menu) that shows no question.
    pub later_bank: Option<BankLoader>,
}

/// Loads the bank with the user's files added, and the warnings about them.
pub type BankLoader = Box<dyn FnOnce() -> (crate::bank::Bank, Vec<String>)>;

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
        /// Only bookmarked questions (instead of the other filters).
        bookmarked_only: bool,
    },
    /// The stats screen.
    Stats,
    /// A new session of this plan (after asking, if another session is unfinished).
    Plan(crate::practice::Plan),
}

/// The longest the loop sleeps when no countdown is running.
const IDLE_WAKE: Duration = Duration::from_secs(30);

/// How long a terminating signal waits for the loop before the process ends anyway. Once the
/// terminal is gone, crossterm's `poll` can spin forever on a hung-up tty (each read returns at
/// once and it reads again), so the loop may never get back to look at the signal.
const SIGNAL_GRACE: Duration = Duration::from_secs(2);
/// How often the watcher looks whether the loop took a signal, while one waits.
const GRACE_LOOK: Duration = Duration::from_millis(100);

/// How the app ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// A signal (SIGTERM, SIGHUP, SIGINT or SIGQUIT) ended it, after the session was saved;
    /// the process should exit with 128 + the signal's number.
    Signal(i32),
}

/// Runs the app in the terminal until the user quits or a signal ends it. The session is
/// saved and the terminal restored on quit, on a signal, on error, and (through ratatui's
/// panic hook) on panic. Ctrl-Z (or SIGTSTP) suspends it like any full-screen program. It is
/// drawn in `theme`.
pub fn run(context: Context, start: Start, theme: Theme) -> anyhow::Result<Ended> {
    let caught = Arc::new(AtomicUsize::new(0));
    let mut registered = Vec::new();
    for signal in [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP] {
        registered.push(signal_hook::flag::register_usize(
            signal,
            Arc::clone(&caught),
            signal as usize,
        )?);
    }
    let running = Arc::new(AtomicBool::new(true));
    let watcher = watch_for_a_stuck_loop(Arc::clone(&caught), Arc::clone(&running))?;
    let mut model = Model::new(context, start, Utc::now(), theme);
    let result = ratatui::try_init()
        .map_err(anyhow::Error::from)
        .and_then(|mut terminal| event_loop(&mut terminal, &mut model, &caught));
    if result.is_err() {
        model.save_session();
    }
    restore();
    running.store(false, Ordering::SeqCst);
    watcher.close();
    for id in registered {
        signal_hook::low_level::unregister(id);
    }
    result
}

/// Ends the process with 128 + the signal's number if a terminating signal stays unhandled for
/// [`SIGNAL_GRACE`] (the loop takes the signal out of `caught` when it handles it). The
/// session was saved after its last answer and its lock goes with the process, so only the
/// time since that answer is lost; a closed terminal never leaves az400 spinning behind it.
///
/// The watcher sleeps on the signals themselves, so an idle app never wakes it; only while a
/// signal waits for the loop does it look, every [`GRACE_LOOK`]. Closing the returned handle
/// ends it.
fn watch_for_a_stuck_loop(
    caught: Arc<AtomicUsize>,
    running: Arc<AtomicBool>,
) -> std::io::Result<signal_hook::iterator::Handle> {
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    let handle = signals.handle();
    std::thread::spawn(move || {
        for _ in signals.forever() {
            let mut pending: Option<(usize, Instant)> = None;
            while running.load(Ordering::SeqCst) {
                let signal = caught.load(Ordering::SeqCst);
                let terminating = signal != 0 && signal != SIGTSTP as usize;
                pending = match pending {
                    // The loop took it: back to sleep until the next signal.
                    _ if !terminating => break,
                    Some((seen, since)) if seen == signal => {
                        if since.elapsed() >= SIGNAL_GRACE {
                            std::process::exit(128 + i32::try_from(signal).unwrap_or(0));
                        }
                        Some((seen, since))
                    }
                    _ => Some((signal, Instant::now())),
                };
                std::thread::sleep(GRACE_LOOK);
            }
        }
    });
    Ok(handle)
}

/// Opens each URL in the browser, telling the user what happened.
fn open_all(model: &mut Model, urls: &[String]) {
    let failed: Vec<String> = urls
        .iter()
        .filter_map(|url| links::open(url).err().map(|e| format!("{url}: {e}")))
        .collect();
    model.status = Some(match (failed.first(), urls.len()) {
        (Some(problem), _) => format!("Could not open {problem}"),
        (None, 1) => "Opened the reference in the browser.".into(),
        (None, n) => format!("Opened {n} references in the browser."),
    });
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    model: &mut Model,
    caught: &AtomicUsize,
) -> anyhow::Result<Ended> {
    // Signals end the wait at once (a resize comes through crossterm as an event).
    let mut wake = Wake::new(&[SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGWINCH])?;
    let size = terminal.size()?;
    app::update(model, Message::Resize(size.width, size.height), Utc::now());
    // Whether the next turn draws: not after a wake-up that brought nothing to show.
    let mut draw = true;
    loop {
        if draw {
            let frame = terminal.draw(|frame| frame.render_widget(&*model, frame.area()))?;
            let hyperlinks = links::hyperlink_cells(frame.buffer, &model.drawn.links.borrow());
            if !hyperlinks.is_empty() {
                use ratatui::backend::Backend;
                let backend = terminal.backend_mut();
                backend.draw(hyperlinks.iter().map(|(x, y, cell)| (*x, *y, cell)))?;
                Backend::flush(backend)?;
            }
            // What was left for later is computed once the frame is on the screen, then drawn.
            if model.waits_for_a_frame() {
                app::update(model, Message::Estimate, Utc::now());
                continue;
            }
        }
        draw = true;
        // The countdown's next second, or when idle a look at the clock now and then.
        let timeout = model.next_tick(Utc::now()).unwrap_or(IDLE_WAKE);
        let deadline = Instant::now() + timeout;
        let signal = caught.swap(0, Ordering::SeqCst);
        if signal == SIGTSTP as usize {
            suspend(terminal, model)?;
            continue;
        }
        if let Ok(signal @ 1..) = i32::try_from(signal) {
            model.save_session();
            return Ok(Ended::Signal(signal));
        }
        let ready = match event_ready(&mut wake, timeout) {
            Ok(ready) => ready,
            // A signal interrupted the wait: the next turn looks at it.
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        let message = if ready {
            match event::read()? {
                Event::Key(key)
                    if key.code == KeyCode::Char('z')
                        && key.modifiers.contains(KeyModifiers::CONTROL)
                        && key.kind != KeyEventKind::Release =>
                {
                    suspend(terminal, model)?;
                    continue;
                }
                Event::Key(key) => match keys::decode(key) {
                    Some(key) => Message::Key(key),
                    None => continue,
                },
                Event::Resize(width, height) => Message::Resize(width, height),
                _ => continue,
            }
        } else {
            // Woken by a signal (the next turn handles it) or by input that made no event yet:
            // nothing changed on the screen. The clock ticks, and the frame is drawn, only
            // once the deadline has come.
            if Instant::now() < deadline {
                draw = false;
                continue;
            }
            Message::Tick
        };
        match app::update(model, message, Utc::now()) {
            Some(Command::Quit) => return Ok(Ended::Quit),
            Some(Command::Open(urls)) => open_all(model, &urls),
            None => {}
        }
    }
}

/// Whether a terminal event is ready: one crossterm holds already (a read can bring several),
/// else one that arrives before `wake` ends its wait for input, a signal or `timeout`.
fn event_ready(wake: &mut Wake, timeout: Duration) -> std::io::Result<bool> {
    if event::poll(Duration::ZERO)? {
        return Ok(true);
    }
    wake.wait(timeout)?;
    event::poll(Duration::ZERO)
}

/// Gives the terminal back: cooked mode, the main screen, the cursor shown.
fn restore() {
    ratatui::restore();
    let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::cursor::Show);
}

/// Suspends like a full-screen program: saves the session, gives the terminal back, stops
/// the process; once continued, takes the terminal again and redraws everything. The time
/// stopped is not counted.
fn suspend(terminal: &mut ratatui::DefaultTerminal, model: &mut Model) -> anyhow::Result<()> {
    model.save_session();
    restore();
    // Stops this process as SIGTSTP's default action would; returns once continued.
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    enable_raw_mode()?;
    ratatui::crossterm::execute!(std::io::stdout(), EnterAlternateScreen)?;
    terminal.clear()?;
    model.continued(Utc::now());
    let size = terminal.size()?;
    app::update(model, Message::Resize(size.width, size.height), Utc::now());
    Ok(())
}
