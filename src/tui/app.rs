//! The app model and the one function that changes it.

use std::cell::{Cell, RefCell};
use std::time::Duration as StdDuration;

use chrono::{DateTime, FixedOffset, Utc};
use ratatui::layout::Rect;

use super::keymap::{Action, Keys};
use super::keys;
use super::message::{Key, Message};
use super::play::{GRID_COLUMNS, Outcome, Play, PlayView};
use super::scenario::{Reply, ScenarioDrawn, ScenarioView};
use super::theme::Theme;
use super::{Context, Start};
use crate::attempt::Attempt;
use crate::bank::{Bank, CaseStudy};
use crate::focus::Focus;
use crate::history::stats::{Summary, summarize_pending};
use crate::history::topics::{TopicCoverage, topic_map_of};
use crate::history::{Ledger, Recorded, Resumed, Saved, Store};
use crate::marks::{Change, MarkStore, Marks};
use crate::practice::{self, Plan, Sizes};
use crate::sampler::Filter;
use crate::session::Crossing;
use crate::untrusted::escape_line;

/// What the event loop must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Leave the app.
    Quit,
    /// Open these references in the browser.
    Open(Vec<String>),
}

/// Everything the app shows and remembers.
pub struct Model {
    /// The question bank.
    pub bank: Bank,
    /// The history folder.
    pub store: Store,
    /// The local UTC offset for "today".
    pub offset: FixedOffset,
    /// Warnings shown on the first frame, cleared by the first key.
    pub warnings: Vec<String>,
    /// Colours or `NO_COLOR`.
    pub theme: Theme,
    /// How long a sprint, drill or exam started from the home menu is.
    pub sizes: Sizes,
    /// The time of the last update; drawing uses it for the countdown.
    pub now: DateTime<Utc>,
    /// The terminal's size, for scroll limits.
    pub area: Rect,
    /// Finished attempts in brief, oldest first.
    pub history: Ledger,
    /// Statistics over the attempts; readiness stays pending until the frame is drawn
    /// ([`Message::Estimate`]).
    pub summary: Summary,
    /// Whether a saved session waits to be resumed.
    pub has_resumable: bool,
    /// The screen in view.
    pub screen: Screen,
    /// Screens to return to with q (review and stats push where they came from).
    pub back: Vec<Screen>,
    /// A dialog or help drawn over the screen.
    pub overlay: Option<Overlay>,
    /// A one-line message for the user (an error, or why a key did nothing).
    pub status: Option<String>,
    /// A start waiting on the user's choice about an unfinished session.
    pub pending: Option<Pending>,
    /// Banks of one's own to load once the first frame is drawn ([`Message::Estimate`]).
    pub later_bank: Option<super::BankLoader>,
    /// Whether the session the app started in waits to be saved: it is saved once the first
    /// frame is drawn ([`Message::Estimate`]), having no answer to lose before.
    pub unsaved_start: bool,
    /// The stats screen's page and scroll.
    pub stats: StatsView,
    /// Every outline topic with the answers behind it, for the stats screen's map (filled
    /// when the stats screen opens).
    pub topics: Vec<TopicCoverage>,
    /// Bookmarks and notes.
    pub marks: Marks,
    /// Where bookmarks and notes are kept.
    pub mark_store: MarkStore,
    /// The note being written (with [`Overlay::Note`]).
    pub note: Option<NoteEditor>,
    /// What the last frame measured while drawing, for the next update to read.
    pub drawn: Drawn,
    /// The keys of every action, with the config file's overrides.
    pub keys: Keys,
}

/// A note being written on a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEditor {
    /// The question id.
    pub question: String,
    /// The text so far.
    pub text: String,
}

/// The pages of the stats screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StatsPage {
    /// Readiness, what is due this week, and the score trend.
    #[default]
    Overview,
    /// Accuracy per domain and per skill, with the answers behind each.
    Accuracy,
    /// The map of the outline's topics: answered, weak, unseen.
    Topics,
}

impl StatsPage {
    /// Every page, in order.
    pub const ALL: [StatsPage; 3] = [StatsPage::Overview, StatsPage::Accuracy, StatsPage::Topics];

    /// The page's name on its tab.
    pub fn label(self) -> &'static str {
        match self {
            StatsPage::Overview => "Overview",
            StatsPage::Accuracy => "Accuracy",
            StatsPage::Topics => "Topics",
        }
    }
}

/// Where the stats screen is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatsView {
    /// The page in view.
    pub page: StatsPage,
    /// Lines scrolled on that page.
    pub scroll: u16,
}

/// Measurements taken while drawing (as gitui keeps a `Cell` of the last size): update reads
/// them instead of laying the page out again.
#[derive(Debug, Default)]
pub struct Drawn {
    /// How far the page in view can scroll.
    pub scroll_limit: Cell<u16>,
    /// How many rows of the page are in view, the step of `PgUp` and `PgDn`.
    pub page_rows: Cell<u16>,
    /// The links on screen, for the terminal's hyperlinks.
    pub links: RefCell<Vec<ScreenLink>>,
    /// The case-study scenario as laid out, for its search and scroll keys.
    pub scenario: RefCell<ScenarioDrawn>,
}

/// A link where it stands on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenLink {
    /// The first column.
    pub x: u16,
    /// The row.
    pub y: u16,
    /// The width in cells.
    pub width: u16,
    /// Where it points.
    pub url: String,
}

/// A start held back because another session is unfinished: resume that one, discard it, or
/// keep both.
pub struct Pending {
    /// What the user asked to start.
    pub plan: Plan,
    /// The unfinished session.
    pub other: Saved,
}

/// The screens.
pub enum Screen {
    /// The home menu.
    Home(Home),
    /// A session in progress.
    Play(Box<Play>),
    /// The results of the attempt just finished.
    Results(Results),
    /// The explanation review of an attempt.
    Review(Review),
    /// The statistics.
    Stats,
}

/// A dialog or help over the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The keys of the current screen.
    Help,
    /// "Leave the session?"
    ConfirmQuit,
    /// "Submit now?" with the number unanswered.
    ConfirmSubmit,
    /// "Another session is unfinished": resume it, discard it, or keep both.
    Unfinished,
    /// "Discard the unfinished session?"
    ConfirmDiscard,
    /// Exam: a move that closes questions (past a series item, into the case-study section),
    /// to question `.1`.
    ConfirmMove(Crossing, usize),
    /// Writing a note on a question (the text is in [`Model::note`]).
    Note,
}

/// What the review shows, one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReviewView {
    /// The question in view with its answer and teaching (scrolled by [`Review::scroll`]).
    #[default]
    Page,
    /// The case study's scenario has the keys: over the page on a narrow terminal, beside
    /// it on a wide one (where it is in [`Review::scenario`]).
    Scenario,
    /// The grid of the reviewed questions, its cursor on this position.
    Grid(usize),
}

/// The home menu's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Home {
    /// The highlighted entry.
    pub row: usize,
    /// The drill picker, when open.
    pub picker: Option<Picker>,
}

/// The focused drills the picker offers above the domains, in order.
pub fn picker_focuses() -> [Focus; 4] {
    [
        Focus::Due,
        Focus::Missed(crate::focus::DEFAULT_MISSED_ATTEMPTS),
        Focus::Flagged,
        Focus::Bookmarked,
    ]
}

/// The drill picker: what is due, missed, flagged or bookmarked, or a domain and then
/// optionally one of its skills.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picker {
    /// The domain chosen (its index in the blueprint), once chosen.
    pub domain: Option<usize>,
    /// The highlighted row (in the first list the focused drills come before the domains; in
    /// the skill list, row 0 is "all skills").
    pub row: usize,
}

/// One entry of the home menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// Today's sprint.
    Sprint,
    /// A drill on a domain or skill.
    Drill,
    /// A full exam simulation.
    Exam,
    /// Continue the saved session.
    Resume,
    /// Review the last attempt.
    ReviewLast,
    /// The stats screen.
    Stats,
    /// Leave.
    Quit,
}

/// The results screen's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// The attempt just finished.
    pub attempt: Attempt,
    /// Lines scrolled (an exam's skill report is longer than a small terminal).
    pub scroll: u16,
}

/// The explanation review's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// The attempt reviewed.
    pub attempt: Attempt,
    /// The indices of the items shown, after filtering.
    pub list: Vec<usize>,
    /// The position in `list`.
    pub pos: usize,
    /// Lines scrolled.
    pub scroll: u16,
    /// What the filter kept, for the header: "all", "wrong only", "flagged only"…
    pub filter: &'static str,
    /// What the review shows: the page, the scenario or the grid.
    pub view: ReviewView,
    /// Where the reader is in the case study's scenario.
    pub scenario: ScenarioView,
    /// A question number being typed to jump to.
    pub jump: Option<String>,
}

impl Review {
    /// The attempt's item in view, if the list is not empty.
    pub fn item(&self) -> Option<&crate::attempt::AttemptItem> {
        self.list
            .get(self.pos)
            .and_then(|i| self.attempt.items.get(*i))
    }

    /// The case study of the question in view, as it was when the attempt was taken.
    pub fn case_study<'a>(&'a self, bank: &'a Bank) -> Option<&'a CaseStudy> {
        let id = self.item()?.question(bank)?.case_study.as_deref()?;
        self.attempt.case_study(id, bank)
    }

    /// A review of an attempt's items, keeping only wrong and/or flagged ones if asked.
    pub fn new(attempt: Attempt, wrong_only: bool, flagged_only: bool) -> Review {
        let list = attempt
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| !wrong_only || !i.points.is_full())
            .filter(|(_, i)| !flagged_only || i.flagged)
            .map(|(n, _)| n)
            .collect();
        let filter = match (wrong_only, flagged_only) {
            (false, false) => "all",
            (true, false) => "wrong only",
            (false, true) => "flagged only",
            (true, true) => "wrong and flagged",
        };
        Review {
            attempt,
            list,
            pos: 0,
            scroll: 0,
            filter,
            view: ReviewView::Page,
            scenario: ScenarioView::default(),
            jump: None,
        }
    }

    /// A review of an attempt's bookmarked questions only.
    pub fn bookmarked(attempt: Attempt, marks: &Marks) -> Review {
        let mut review = Review::new(attempt, false, false);
        review.list.retain(|i| {
            review
                .attempt
                .items
                .get(*i)
                .is_some_and(|item| marks.is_bookmarked(&item.question_id))
        });
        review.filter = "bookmarked only";
        review
    }

    /// Shows the question numbered `number` in the attempt (1-based), if the filter kept it.
    pub fn jump_to(&mut self, number: usize) -> Result<(), String> {
        let total = self.attempt.items.len();
        if !(1..=total).contains(&number) {
            return Err(format!(
                "No question {number}: this attempt has 1 to {total}."
            ));
        }
        match self.list.iter().position(|i| *i + 1 == number) {
            Some(pos) => {
                self.pos = pos;
                self.scroll = 0;
                self.view = ReviewView::Page;
                Ok(())
            }
            None => Err(format!(
                "Question {number} is not in this review ({}); r on the results reviews all.",
                self.filter
            )),
        }
    }
}

impl Model {
    /// The app as it opens on `start`, reading history from the store.
    pub fn new(context: Context, start: Start, now: DateTime<Utc>, theme: Theme) -> Model {
        let mut warnings = context.warnings;
        let history = context.history.unwrap_or_else(|| {
            let read = context.store.history();
            warnings.extend(read.unreadable.iter().map(std::string::ToString::to_string));
            read.ledger
        });
        let summary = summarize_pending(&history, &context.bank, now, context.offset);
        let has_resumable = context.store.has_resumable();
        let mark_store = MarkStore::new(context.store.root());
        let marks_read = mark_store.read();
        warnings.extend(
            marks_read
                .unreadable
                .iter()
                .map(std::string::ToString::to_string),
        );
        let mut model = Model {
            bank: context.bank,
            store: context.store,
            offset: context.offset,
            warnings,
            theme,
            sizes: context.sizes,
            now,
            area: Rect::new(0, 0, 80, 24),
            history,
            summary,
            has_resumable,
            screen: Screen::Home(Home::default()),
            back: Vec::new(),
            overlay: None,
            status: None,
            pending: None,
            stats: StatsView::default(),
            topics: Vec::new(),
            marks: marks_read.marks,
            mark_store,
            note: None,
            drawn: Drawn::default(),
            keys: context.keys,
            later_bank: context.later_bank,
            unsaved_start: false,
        };
        match start {
            Start::Home => {}
            Start::Session(mut session, claim) => {
                session.resume(now);
                model.screen = Screen::Play(Box::new(Play::new(session, claim)));
                model.unsaved_start = true;
            }
            Start::Review {
                attempt,
                bookmarked_only: true,
                ..
            } => model.screen = Screen::Review(Review::bookmarked(attempt, &model.marks)),
            Start::Review {
                attempt,
                wrong_only,
                flagged_only,
                bookmarked_only: false,
            } => model.screen = Screen::Review(Review::new(attempt, wrong_only, flagged_only)),
            Start::Stats => model.open_stats(),
            Start::Plan(plan) => model.start(plan),
        }
        model
    }

    /// Saves the session in play, if any (before the process stops or ends on a signal).
    pub fn save_session(&mut self) {
        self.save_play();
    }

    /// Restarts the session clock after the process was stopped (Ctrl-Z): the time it was
    /// stopped is not counted.
    pub fn continued(&mut self, now: DateTime<Utc>) {
        self.now = now;
        if let Screen::Play(play) = &mut self.screen {
            play.session.resume(now);
        }
    }

    /// How long the event loop may sleep before the countdown shows its next whole second.
    pub fn next_tick(&self, now: DateTime<Utc>) -> Option<StdDuration> {
        let Screen::Play(play) = &self.screen else {
            return None;
        };
        let remaining = play.session.remaining(now)?.num_milliseconds();
        let until = match remaining % 1000 {
            0 => 1000,
            ms => ms,
        };
        Some(StdDuration::from_millis(
            u64::try_from(until).unwrap_or(1000) + 2,
        ))
    }

    /// The home menu's entries: resume and review only when there is something to resume or
    /// review.
    pub fn menu(&self) -> Vec<Entry> {
        let mut entries = vec![Entry::Sprint, Entry::Drill, Entry::Exam];
        if self.has_resumable {
            entries.push(Entry::Resume);
        }
        if !self.history.is_empty() {
            entries.push(Entry::ReviewLast);
        }
        entries.extend([Entry::Stats, Entry::Quit]);
        entries
    }

    /// Whether a search of the scenario is being typed: keys are letters then.
    pub fn typing(&self) -> bool {
        match &self.screen {
            Screen::Play(play) => play.view == PlayView::Scenario && play.scenario.typing(),
            Screen::Review(review) => {
                review.view == ReviewView::Scenario && review.scenario.typing()
            }
            _ => false,
        }
    }

    /// Bookmarks a question, or takes its bookmark off (`b`), saying which.
    fn toggle_bookmark(&mut self, question: &str) {
        let on = !self.marks.is_bookmarked(question);
        let change = Change::Bookmark(on);
        self.status = Some(
            match self
                .mark_store
                .change_in(&mut self.marks, question, change, self.now)
            {
                Ok(()) if on => "★ Bookmarked: `az400 drill --bookmarked` brings it back.".into(),
                Ok(()) => "Bookmark taken off.".into(),
                Err(e) => format!("could not change the bookmark: {e}"),
            },
        );
    }

    /// Opens the note editor on a question (`N`), with its note so far.
    fn open_note(&mut self, question: &str) {
        self.note = Some(NoteEditor {
            question: question.to_string(),
            text: self.marks.note(question).to_string(),
        });
        self.overlay = Some(Overlay::Note);
    }

    /// Starts a drill of the questions due for review now (the home screen's `d`).
    fn drill_due(&mut self) {
        self.drill_focus(&Focus::Due);
    }

    /// Starts a drill of a focus's questions (those the bank holds), or says why there are
    /// none.
    fn drill_focus(&mut self, focus: &Focus) {
        let ids: Vec<String> = focus
            .select(&self.history, &self.marks, self.now)
            .into_iter()
            .filter(|id| self.bank.question(id).is_some())
            .collect();
        if ids.is_empty() {
            self.status = Some(format!("Nothing to drill: {}.", focus.nothing()));
            return;
        }
        let filter = Filter {
            only: Some(ids),
            ..Filter::default()
        };
        self.start(self.sizes.drill(filter));
    }

    /// Shows the stats screen on its first page, with the topic map brought up to date.
    fn open_stats(&mut self) {
        self.topics = topic_map_of(&self.history, &self.bank);
        self.stats = StatsView::default();
        self.screen = Screen::Stats;
    }

    fn open_play(&mut self, play: Play) {
        self.screen = Screen::Play(Box::new(play));
        self.save_play();
        self.back.clear();
    }

    /// Shows `screen`, q going back to the one in view.
    fn show(&mut self, screen: Screen) {
        let previous = std::mem::replace(&mut self.screen, screen);
        self.back.push(previous);
    }

    /// Saves the session in play, if one is, saying so if it could not be saved.
    fn save_play(&mut self) {
        if let Screen::Play(play) = &mut self.screen
            && let Err(e) = play.save(&self.store, self.now)
        {
            self.status = Some(format!("could not save the session: {e}"));
        }
    }

    /// Whether something waits for the first frame to be on the screen ([`Model::estimate`]).
    pub fn waits_for_a_frame(&self) -> bool {
        self.unsaved_start || self.later_bank.is_some() || self.summary.readiness.is_pending()
    }

    /// Does what was left for later: saves the session the app started in, loads the banks of
    /// one's own (for the home screen), then estimates readiness, which simulates a thousand
    /// exams.
    pub fn estimate(&mut self) {
        if std::mem::take(&mut self.unsaved_start) {
            self.save_play();
        }
        if let Some(load) = self.later_bank.take() {
            let (bank, warnings) = load();
            self.bank = bank;
            self.warnings.extend(warnings);
            // What is due counts the bank's questions: those of the banks just added too.
            self.summary = summarize_pending(&self.history, &self.bank, self.now, self.offset);
        }
        if self.summary.readiness.is_pending() {
            self.summary.readiness = self.store.estimate(&self.history, &self.bank, self.now);
        }
    }

    fn go_home(&mut self) {
        // A session left drops its claim here, so that it counts as resumable below.
        self.screen = Screen::Home(Home::default());
        self.back.clear();
        self.summary = summarize_pending(&self.history, &self.bank, self.now, self.offset);
        self.has_resumable = self.store.has_resumable();
    }

    fn go_back(&mut self) -> Option<Command> {
        match self.back.pop() {
            Some(Screen::Home(_)) => self.go_home(),
            Some(screen) => self.screen = screen,
            None => return Some(Command::Quit),
        }
        None
    }

    /// Starts a plan, first asking what to do if another session is unfinished.
    fn start(&mut self, plan: Plan) {
        if let Some(other) = self.store.sessions().sessions.into_iter().find(|s| !s.busy) {
            self.pending = Some(Pending { plan, other });
            self.overlay = Some(Overlay::Unfinished);
            return;
        }
        self.start_new(&plan);
    }

    fn start_new(&mut self, plan: &Plan) {
        let Some(session) = practice::start_from(&self.bank, plan, &self.history, self.now) else {
            self.status = Some("The bank has no questions for that.".into());
            return;
        };
        match self.store.claim(&session.id) {
            Ok(claim) => self.open_play(Play::new(session, claim)),
            Err(e) => self.status = Some(format!("could not start: {e}")),
        }
    }

    fn finish(&mut self) {
        let Screen::Play(play) = &mut self.screen else {
            return;
        };
        let claim = play.take_claim();
        let attempt = play.session.clone().finish(&self.bank, self.now);
        let recorded = self.store.save_attempt(&attempt);
        match &recorded {
            Ok(_) => {
                if let Some(Err(e)) = claim.map(|c| self.store.discard_session(c)) {
                    self.status = Some(format!("could not remove the finished session: {e}"));
                }
            }
            Err(e) => {
                self.status = Some(format!(
                    "could not save the attempt ({e}); the session stays resumable"
                ));
            }
        }
        // A session recorded before (and submitted again) is already in the list.
        if !matches!(recorded, Ok(Recorded::Already(_))) {
            self.history.add(&attempt);
        }
        self.summary = summarize_pending(&self.history, &self.bank, self.now, self.offset);
        self.screen = Screen::Results(Results { attempt, scroll: 0 });
        self.back.clear();
        self.overlay = None;
    }
}

/// The smallest terminal the app draws in.
pub const MIN_WIDTH: u16 = 80;
/// The smallest terminal height the app draws in.
pub const MIN_HEIGHT: u16 = 24;

/// Whether the terminal is too small to draw in ("enlarge the terminal" shows).
pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// Applies one message to the model at time `now`. The only place the model changes.
pub fn update(model: &mut Model, message: Message, now: DateTime<Utc>) -> Option<Command> {
    model.now = now;
    if let Screen::Play(play) = &model.screen
        && play.session.is_time_up(now)
    {
        model.finish();
        model.status = Some("Time is up: the attempt was submitted as it stood.".into());
        return None;
    }
    match message {
        Message::Tick => None,
        Message::Estimate => {
            model.estimate();
            None
        }
        Message::Resize(width, height) => {
            model.area = Rect::new(0, 0, width, height);
            None
        }
        // While "enlarge the terminal" shows, nothing the user cannot see acts: only quit keys,
        // which save the session and leave.
        Message::Key(key) if too_small(model.area) => match key {
            Key::Char('q') | Key::Esc | Key::Interrupt => {
                model.save_session();
                Some(Command::Quit)
            }
            _ => None,
        },
        Message::Key(key) => {
            model.status = None;
            model.warnings.clear();
            follow_case(model);
            // The keymap of what is in view says what the key does; the footer and the help
            // are drawn from the same keymap.
            let action = keys::keymap(model).action(key);
            let command = on_key(model, key, action);
            follow_case(model);
            command
        }
    }
}

/// Keeps the scenario's view on the case study of the question in view.
fn follow_case(model: &mut Model) {
    let case = |q: Option<&crate::bank::Question>| q.and_then(|q| q.case_study.clone());
    match &mut model.screen {
        Screen::Play(play) => {
            let case = case(play.question(&model.bank));
            play.scenario.follow(case.as_deref());
        }
        Screen::Review(review) => {
            let case = case(review.item().and_then(|item| item.question(&model.bank)));
            review.scenario.follow(case.as_deref());
        }
        _ => {}
    }
}

/// Keys while the scenario has them: its own, and `?` for help unless a query is typed.
/// Closing it gives the keys back to the question; q asks to leave a session, and in the
/// review goes back to the question.
fn on_scenario(model: &mut Model, key: Key, action: Option<Action>) -> Option<Command> {
    if !model.typing() && action == Some(Action::Help) {
        model.overlay = Some(Overlay::Help);
        return None;
    }
    let bank = &model.bank;
    let drawn = model.drawn.scenario.borrow();
    let reply = match &mut model.screen {
        Screen::Play(play) => {
            let sections = play.case_study(bank).map_or(0, |c| c.scenario.len());
            let reply = play.scenario.on_key(key, action, sections, &drawn);
            if reply == Reply::Close {
                play.view = PlayView::Question;
            }
            reply
        }
        Screen::Review(review) => {
            let sections = review.case_study(bank).map_or(0, |c| c.scenario.len());
            let reply = review.scenario.on_key(key, action, sections, &drawn);
            if matches!(reply, Reply::Close | Reply::Quit) {
                review.view = ReviewView::Page;
                return None;
            }
            reply
        }
        _ => return None,
    };
    drop(drawn);
    match reply {
        Reply::Stay | Reply::Close => {}
        Reply::Quit => model.overlay = Some(Overlay::ConfirmQuit),
        Reply::Status(text) => model.status = Some(text),
    }
    None
}

fn on_key(model: &mut Model, key: Key, action: Option<Action>) -> Option<Command> {
    if let Some(overlay) = model.overlay {
        return on_overlay(model, overlay, key, action);
    }
    if let Screen::Review(review) = &model.screen
        && review.jump.is_some()
    {
        return on_jump(model, key, action);
    }
    let scenario = match &model.screen {
        Screen::Play(play) => play.view == PlayView::Scenario,
        Screen::Review(review) => review.view == ReviewView::Scenario,
        _ => false,
    };
    if scenario {
        return on_scenario(model, key, action);
    }
    let action = action?;
    if action == Action::Help {
        model.overlay = Some(Overlay::Help);
        return None;
    }
    match &model.screen {
        Screen::Home(_) => on_home(model, action),
        Screen::Play(_) => on_play(model, action),
        Screen::Results(_) => on_results(model, action),
        Screen::Review(_) => on_review(model, action),
        Screen::Stats => on_stats(model, action),
    }
}

fn on_overlay(
    model: &mut Model,
    overlay: Overlay,
    key: Key,
    action: Option<Action>,
) -> Option<Command> {
    if overlay == Overlay::Note {
        on_note(model, key, action);
        return None;
    }
    model.overlay = None;
    if matches!(overlay, Overlay::Unfinished | Overlay::ConfirmDiscard) {
        on_unfinished(model, overlay, action);
        return None;
    }
    let yes = action == Some(Action::Confirm);
    match overlay {
        Overlay::Help => {}
        Overlay::ConfirmSubmit if yes => model.finish(),
        Overlay::ConfirmQuit if yes || action == Some(Action::Interrupt) => {
            model.save_play();
            model.go_home();
            model.status = Some("Progress saved: choose Resume to continue.".into());
        }
        Overlay::ConfirmMove(_, index) if yes => {
            if let Screen::Play(play) = &mut model.screen {
                play.move_to(index, model.now);
            }
            model.save_play();
        }
        Overlay::ConfirmSubmit
        | Overlay::ConfirmQuit
        | Overlay::ConfirmMove(..)
        | Overlay::Unfinished
        | Overlay::ConfirmDiscard
        | Overlay::Note => {}
    }
    None
}

/// Writing a note: characters type, Backspace deletes, Enter saves (an empty note removes
/// it), Esc or Ctrl-C leaves without saving.
fn on_note(model: &mut Model, key: Key, action: Option<Action>) {
    let Some(note) = &mut model.note else {
        model.overlay = None;
        return;
    };
    match (action, key) {
        (Some(Action::Remove), _) => {
            note.text.pop();
        }
        (Some(Action::Select), _) => {
            let NoteEditor { question, text } = note.clone();
            let empty = text.trim().is_empty();
            let change = Change::Note(text);
            model.status = Some(
                match model
                    .mark_store
                    .change_in(&mut model.marks, &question, change, model.now)
                {
                    Ok(()) if empty => "Note removed.".into(),
                    Ok(()) => "Note saved: it shows in drills, reviews and `az400 notes`.".into(),
                    Err(e) => format!("could not save the note: {e}"),
                },
            );
            model.note = None;
            model.overlay = None;
        }
        (Some(Action::Back), _) => {
            model.note = None;
            model.overlay = None;
            model.status = Some("Note not changed.".into());
        }
        (_, Key::Char(c)) => note.text.push(c),
        (_, Key::Space) => note.text.push(' '),
        _ => {}
    }
}

/// The choice about an unfinished session: r resumes it, d discards it (after a y), b keeps
/// both and starts the new one, Esc or q starts nothing.
fn on_unfinished(model: &mut Model, overlay: Overlay, action: Option<Action>) {
    let Some(pending) = model.pending.take() else {
        return;
    };
    match (overlay, action) {
        (Overlay::Unfinished, Some(Action::Resume)) => {
            match model.store.resume(Some(&pending.other.session.id)) {
                (Resumed::Claimed(mut session, claim), _) => {
                    session.resume(model.now);
                    model.open_play(Play::new(*session, claim));
                }
                _ => model.status = Some("That session is no longer there to resume.".into()),
            }
        }
        (Overlay::Unfinished, Some(Action::Discard)) => {
            model.pending = Some(pending);
            model.overlay = Some(Overlay::ConfirmDiscard);
        }
        (Overlay::Unfinished, Some(Action::KeepBoth)) => model.start_new(&pending.plan),
        (
            Overlay::Unfinished,
            Some(Action::Back | Action::Quit | Action::Deny | Action::Interrupt),
        ) => {}
        (Overlay::ConfirmDiscard, Some(Action::Confirm)) => {
            match model.store.discard(&pending.other.session.id) {
                Ok(_) => {
                    model.has_resumable = model.store.has_resumable();
                    model.start_new(&pending.plan);
                    if model.status.is_none() {
                        model.status =
                            Some("The other session was moved to sessions/discarded/.".into());
                    }
                }
                Err(e) => model.status = Some(format!("could not discard it: {e}")),
            }
        }
        (Overlay::ConfirmDiscard, _) => {
            model.pending = Some(pending);
            model.overlay = Some(Overlay::Unfinished);
        }
        (_, _) => {
            model.pending = Some(pending);
            model.overlay = Some(overlay);
        }
    }
}

fn on_home(model: &mut Model, action: Action) -> Option<Command> {
    let menu = model.menu();
    let Screen::Home(home) = &mut model.screen else {
        return None;
    };
    if home.picker.is_some() {
        return on_picker(model, action);
    }
    let chosen = match action {
        Action::Up => {
            home.row = home.row.saturating_sub(1);
            None
        }
        Action::Down => {
            home.row = (home.row + 1).min(menu.len() - 1);
            None
        }
        Action::Select => menu.get(home.row).copied(),
        Action::Quit | Action::Back | Action::Interrupt => Some(Entry::Quit),
        Action::Pick(n) => menu.get(n).copied(),
        Action::DrillDue => {
            model.drill_due();
            None
        }
        _ => None,
    };
    match chosen? {
        Entry::Sprint => model.start(model.sizes.sprint()),
        Entry::Exam => model.start(model.sizes.exam()),
        Entry::Drill => {
            if let Screen::Home(home) = &mut model.screen {
                home.picker = Some(Picker::default());
            }
        }
        Entry::Resume => match model.store.resume(None) {
            (Resumed::Claimed(mut session, claim), _) => {
                session.resume(model.now);
                model.open_play(Play::new(*session, claim));
            }
            (Resumed::Busy(id), _) => {
                model.has_resumable = false;
                model.status = Some(format!(
                    "Session {} is open in another az400.",
                    escape_line(&id)
                ));
            }
            (Resumed::NotFound, unreadable) => {
                model.has_resumable = false;
                model.status = Some(match unreadable.first() {
                    Some(u) => u.to_string(),
                    None => "No session to resume.".into(),
                });
            }
        },
        Entry::ReviewLast => {
            let last = model.history.attempts().last().map(|a| a.id.clone());
            match last.and_then(|id| model.store.attempt(&id)) {
                Some(attempt) => model.show(Screen::Review(Review::new(attempt, false, false))),
                None => model.status = Some("The last attempt could not be read.".into()),
            }
        }
        Entry::Stats => {
            model.show(Screen::Stats);
            model.open_stats();
        }
        Entry::Quit => return Some(Command::Quit),
    }
    None
}

fn on_picker(model: &mut Model, action: Action) -> Option<Command> {
    let Screen::Home(Home {
        picker: Some(picker),
        ..
    }) = &mut model.screen
    else {
        return None;
    };
    let domains = &model.bank.blueprint.domains;
    let focuses = picker_focuses();
    let rows = match picker.domain.and_then(|d| domains.get(d)) {
        Some(domain) => domain.skills.len() + 1,
        None => focuses.len() + domains.len(),
    };
    let chosen = match action {
        Action::Up => {
            picker.row = picker.row.saturating_sub(1);
            None
        }
        Action::Down => {
            picker.row = (picker.row + 1).min(rows.saturating_sub(1));
            None
        }
        Action::Select | Action::Right => Some(picker.row),
        Action::Back | Action::Quit | Action::Left => {
            match picker.domain.take() {
                Some(d) => picker.row = d + focuses.len(),
                None => {
                    if let Screen::Home(home) = &mut model.screen {
                        home.picker = None;
                    }
                }
            }
            return None;
        }
        Action::Interrupt => return Some(Command::Quit),
        Action::Pick(n) => Some(n).filter(|i| *i < rows),
        _ => None,
    };
    let row = chosen?;
    let Some(domain) = picker.domain else {
        match row.checked_sub(focuses.len()) {
            Some(domain) => {
                picker.domain = Some(domain);
                picker.row = 0;
            }
            None => model.drill_focus(&focuses[row]),
        }
        return None;
    };
    let d = domains.get(domain)?;
    let filter = match row.checked_sub(1).and_then(|s| d.skills.get(s)) {
        Some(skill) => Filter {
            skills: vec![skill.id.clone()],
            ..Filter::default()
        },
        None => Filter {
            domains: vec![d.id.clone()],
            ..Filter::default()
        },
    };
    model.start(model.sizes.drill(filter));
    None
}

fn on_play(model: &mut Model, action: Action) -> Option<Command> {
    let Screen::Play(play) = &mut model.screen else {
        return None;
    };
    if play.view == PlayView::Question
        && let Some(question) = play.item().map(|i| i.question_id.clone())
    {
        match action {
            Action::Bookmark => {
                model.toggle_bookmark(&question);
                return None;
            }
            Action::Note => {
                model.open_note(&question);
                return None;
            }
            _ => {}
        }
    }
    if action == Action::Open && play.revealed() && play.view == PlayView::Question {
        return play.question(&model.bank).map(open_references);
    }
    let limit = model.drawn.scroll_range();
    match play.on_key(&model.bank, &model.keys, action, model.now, limit) {
        Outcome::Nothing => {}
        Outcome::Changed => model.save_play(),
        Outcome::Status(text) => model.status = Some(text),
        Outcome::AskSubmit => model.overlay = Some(Overlay::ConfirmSubmit),
        Outcome::AskQuit => model.overlay = Some(Overlay::ConfirmQuit),
        Outcome::AskMove(crossing, index) => {
            model.overlay = Some(Overlay::ConfirmMove(crossing, index));
        }
        Outcome::Finish => model.finish(),
    }
    None
}

/// The command that opens a question's references.
fn open_references(question: &crate::bank::Question) -> Command {
    Command::Open(question.references().to_vec())
}

fn on_results(model: &mut Model, action: Action) -> Option<Command> {
    let Screen::Results(results) = &model.screen else {
        return None;
    };
    let (wrong, flagged) = match action {
        Action::ReviewAll | Action::Select => (false, false),
        Action::ReviewWrong => (true, false),
        Action::ReviewFlagged => (false, true),
        Action::ReviewBookmarked => {
            let review = Review::bookmarked(results.attempt.clone(), &model.marks);
            model.show(Screen::Review(review));
            return None;
        }
        Action::Quit | Action::Back | Action::Interrupt => {
            model.go_home();
            return None;
        }
        other => {
            let range = model.drawn.scroll_range();
            if let Screen::Results(results) = &mut model.screen {
                results.scroll = scrolled(results.scroll, other, range);
            }
            return None;
        }
    };
    let review = Review::new(results.attempt.clone(), wrong, flagged);
    model.show(Screen::Review(review));
    None
}

/// Typing a question number in the review: digits type, Backspace deletes, Enter goes there,
/// any other key stops typing.
fn on_jump(model: &mut Model, key: Key, action: Option<Action>) -> Option<Command> {
    let Screen::Review(review) = &mut model.screen else {
        return None;
    };
    let Some(typed) = &mut review.jump else {
        return None;
    };
    match (action, key) {
        (_, Key::Char(c @ '0'..='9')) if typed.len() < 4 => typed.push(c),
        (Some(Action::Remove), _) => {
            typed.pop();
        }
        (Some(Action::Select), _) => {
            let number = typed.parse().unwrap_or(0);
            review.jump = None;
            if let Err(why) = review.jump_to(number) {
                model.status = Some(why);
            }
        }
        (_, Key::Interrupt) => return model.go_back(),
        _ => review.jump = None,
    }
    None
}

fn on_review(model: &mut Model, action: Action) -> Option<Command> {
    let limit = model.drawn.scroll_range();
    let Screen::Review(review) = &mut model.screen else {
        return None;
    };
    if let Action::Pick(n) = action {
        review.jump = Some((n + 1).to_string());
        return None;
    }
    if let ReviewView::Grid(cell) = review.view {
        let last = review.list.len().saturating_sub(1);
        let columns = GRID_COLUMNS;
        match action {
            Action::Left => review.view = ReviewView::Grid(cell.saturating_sub(1)),
            Action::Right => review.view = ReviewView::Grid((cell + 1).min(last)),
            Action::Up => review.view = ReviewView::Grid(cell.saturating_sub(columns)),
            Action::Down => review.view = ReviewView::Grid((cell + columns).min(last)),
            Action::Select => {
                review.pos = cell.min(last);
                review.scroll = 0;
                review.view = ReviewView::Page;
            }
            Action::Grid | Action::Quit | Action::Back => review.view = ReviewView::Page,
            Action::Interrupt => return model.go_back(),
            _ => {}
        }
        return None;
    }
    let question = review.item().map(|item| item.question_id.clone());
    match (action, question) {
        (Action::Bookmark, Some(question)) => {
            model.toggle_bookmark(&question);
            return None;
        }
        (Action::Note, Some(question)) => {
            model.open_note(&question);
            return None;
        }
        _ => {}
    }
    match action {
        Action::Grid => review.view = ReviewView::Grid(review.pos),
        Action::Next | Action::Right | Action::Select => {
            if review.pos + 1 < review.list.len() {
                review.pos += 1;
                review.scroll = 0;
            }
        }
        Action::Prev | Action::Left => {
            if review.pos > 0 {
                review.pos -= 1;
                review.scroll = 0;
            }
        }
        Action::Scenario => {
            let case = review
                .item()
                .and_then(|item| item.question(&model.bank))
                .and_then(|q| q.case_study.as_ref());
            match case {
                Some(_) => review.view = ReviewView::Scenario,
                None => model.status = Some("This question is not part of a case study.".into()),
            }
        }
        Action::Quit | Action::Back | Action::Interrupt => return model.go_back(),
        Action::Open => {
            return review
                .item()
                .and_then(|item| item.question(&model.bank))
                .map(open_references);
        }
        other => review.scroll = scrolled(review.scroll, other, limit),
    }
    None
}

/// Stats: Tab, ←→ or 1-3 change the page, ↑↓ and PgUp/PgDn scroll it, q goes back.
fn on_stats(model: &mut Model, action: Action) -> Option<Command> {
    let pages = StatsPage::ALL;
    let at = pages
        .iter()
        .position(|p| *p == model.stats.page)
        .unwrap_or(0);
    let page = match action {
        Action::Quit | Action::Back | Action::Interrupt => return model.go_back(),
        Action::NextPage | Action::Right => pages[(at + 1) % pages.len()],
        Action::Left => pages[(at + pages.len() - 1) % pages.len()],
        Action::Pick(n) => *pages.get(n)?,
        other => {
            let range = model.drawn.scroll_range();
            model.stats.scroll = scrolled(model.stats.scroll, other, range);
            return None;
        }
    };
    model.stats = StatsView { page, scroll: 0 };
    None
}

/// How far the page in view scrolls, and by how much a page key moves it, as the last frame
/// measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScrollRange {
    /// The furthest scroll position.
    pub limit: u16,
    /// Lines per `PgUp` or `PgDn`: a page less one line of overlap.
    pub page: u16,
}

impl Drawn {
    /// The scroll range the last frame measured.
    pub fn scroll_range(&self) -> ScrollRange {
        ScrollRange {
            limit: self.scroll_limit.get(),
            page: self.page_rows.get().saturating_sub(1).max(1),
        }
    }
}

/// A scroll position moved by a line or a page, kept within the range.
pub fn scrolled(scroll: u16, action: Action, range: ScrollRange) -> u16 {
    let moved = match action {
        Action::Up => scroll.saturating_sub(1),
        Action::Down => scroll.saturating_add(1),
        Action::PageUp => scroll.saturating_sub(range.page),
        Action::PageDown => scroll.saturating_add(range.page),
        _ => scroll,
    };
    moved.min(range.limit)
}
