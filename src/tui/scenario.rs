//! The case-study scenario as the exam shows it: one tab per section (Overview, Existing
//! environment, Requirements…), scrolling inside the section, and a search across all of
//! them. This module holds the state and how keys change it; `screens::scenario` draws it.
//!
//! Search looks at the scenario as the last frame laid it out (the text of each line of each
//! section, recorded in [`ScenarioDrawn`] while drawing), so a match is found on the line the
//! user will see it on, and update never lays text out itself.

use super::keymap::Action;
use super::message::Key;

/// From this many columns a case-study question shows its scenario beside it; narrower, Tab
/// opens the scenario over the question.
pub const SIDE_BY_SIDE_WIDTH: u16 = 160;

/// The longest search query, in characters.
const QUERY_MAX: usize = 60;

/// Lines kept above a match that a search scrolls to, so it is read in its context.
const CONTEXT_ABOVE: usize = 2;

/// Whether a terminal `width` columns wide shows the scenario beside the question.
pub fn side_by_side(width: u16) -> bool {
    width >= SIDE_BY_SIDE_WIDTH
}

/// Where the reader is in a case study's scenario. It stays while the question has the keys
/// (a wide terminal keeps the scenario in view beside the question), and the screen's view
/// says whether the scenario has them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScenarioView {
    /// The case study this view is of; another one starts at its first section.
    pub case: Option<String>,
    /// The section in view (its tab).
    pub tab: usize,
    /// Lines scrolled inside the section.
    pub scroll: u16,
    /// The search, while there is one.
    pub search: Option<Search>,
}

/// A search of the scenario.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    /// What is searched for (case does not matter).
    pub query: String,
    /// Whether the query is still being typed.
    pub typing: bool,
    /// The match the view went to, among all matches in reading order.
    pub current: Option<usize>,
}

/// The scenario as the last frame laid it out: the text of every line of every section, and
/// the rows the section's text had.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScenarioDrawn {
    /// For each section, the text of each of its lines.
    pub sections: Vec<Vec<String>>,
    /// The rows of text in view.
    pub rows: u16,
}

impl ScenarioDrawn {
    /// How far section `tab` scrolls.
    pub fn limit(&self, tab: usize) -> u16 {
        let len = self.sections.get(tab).map_or(0, Vec::len);
        u16::try_from(len.saturating_sub(usize::from(self.rows))).unwrap_or(u16::MAX)
    }
}

/// One place the query was found: a section, a line, and the characters `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The section (tab).
    pub section: usize,
    /// The line in the section, as laid out.
    pub line: usize,
    /// The first character of the match in the line.
    pub start: usize,
    /// One past its last character.
    pub end: usize,
}

/// What a key did in the scenario, for the screen to act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// The view changed, or nothing happened.
    Stay,
    /// Back to the question.
    Close,
    /// The user asked to leave (q, Ctrl-C).
    Quit,
    /// Tell the user something.
    Status(String),
}

/// A character folded for a case-insensitive comparison.
fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Every match of `query` in the laid-out sections, in reading order, case-insensitive. An
/// empty query matches nothing; matches do not overlap.
pub fn find(sections: &[Vec<String>], query: &str) -> Vec<Hit> {
    let needle: Vec<char> = query.chars().map(fold).collect();
    let mut hits = Vec::new();
    if needle.is_empty() {
        return hits;
    }
    for (section, lines) in sections.iter().enumerate() {
        for (line, text) in lines.iter().enumerate() {
            let hay: Vec<char> = text.chars().map(fold).collect();
            let mut start = 0;
            while start + needle.len() <= hay.len() {
                if hay[start..start + needle.len()] == needle[..] {
                    hits.push(Hit {
                        section,
                        line,
                        start,
                        end: start + needle.len(),
                    });
                    start += needle.len();
                } else {
                    start += 1;
                }
            }
        }
    }
    hits
}

impl ScenarioView {
    /// Follows the question in view: a question of another case study (or of none) shows its
    /// scenario from the start.
    pub fn follow(&mut self, case: Option<&str>) {
        if self.case.as_deref() != case {
            *self = ScenarioView {
                case: case.map(str::to_string),
                ..ScenarioView::default()
            };
        }
    }

    /// Whether a query is being typed (keys are letters then, not commands).
    pub fn typing(&self) -> bool {
        self.search.as_ref().is_some_and(|s| s.typing)
    }

    /// Handles a key while the scenario has the keys: while a query is typed the key itself (every
    /// key but Enter, Esc, Backspace and Tab is a letter), else the key's action. `sections`
    /// is how many the case study has; `drawn` is the scenario as the last frame laid it out.
    pub fn on_key(
        &mut self,
        key: Key,
        action: Option<Action>,
        sections: usize,
        drawn: &ScenarioDrawn,
    ) -> Reply {
        if self.typing() {
            return self.on_query_key(key, drawn);
        }
        let Some(action) = action else {
            return Reply::Stay;
        };
        let last = sections.saturating_sub(1);
        match action {
            Action::Scenario => return self.close(),
            Action::Back if self.search.is_some() => self.search = None,
            Action::Back => return self.close(),
            Action::Quit | Action::Interrupt => return Reply::Quit,
            Action::Left => self.show_tab(if self.tab == 0 { last } else { self.tab - 1 }),
            Action::Right => self.show_tab(if self.tab >= last { 0 } else { self.tab + 1 }),
            Action::Pick(n) if n < sections => self.show_tab(n),
            Action::Pick(_) => {
                return Reply::Status(format!(
                    "This scenario has {sections} section{}: 1 to {sections}.",
                    if sections == 1 { "" } else { "s" }
                ));
            }
            Action::Search => {
                self.search = Some(Search {
                    typing: true,
                    ..Search::default()
                });
            }
            Action::Next | Action::Select if self.search.is_some() => return self.step(drawn, 1),
            Action::PrevMatch if self.search.is_some() => return self.step(drawn, -1),
            other => self.scroll_by(other, drawn),
        }
        Reply::Stay
    }

    /// Keys while a query is typed: characters add to it, Backspace deletes, Enter goes to
    /// the first match from the view on, Esc leaves the search.
    fn on_query_key(&mut self, key: Key, drawn: &ScenarioDrawn) -> Reply {
        let Some(search) = &mut self.search else {
            return Reply::Stay;
        };
        match key {
            Key::Char(c) if search.query.chars().count() < QUERY_MAX => search.query.push(c),
            Key::Space if search.query.chars().count() < QUERY_MAX => search.query.push(' '),
            Key::Delete => {
                search.query.pop();
            }
            Key::Enter => return self.first_match(drawn),
            Key::Esc | Key::Interrupt => self.search = None,
            Key::Tab => {
                self.search = None;
                return self.close();
            }
            _ => {}
        }
        Reply::Stay
    }

    /// Goes to the first match at or after the top of the view (wrapping to the start), and
    /// ends the typing; with no match, says so and lets the query be changed.
    fn first_match(&mut self, drawn: &ScenarioDrawn) -> Reply {
        let Some(search) = &mut self.search else {
            return Reply::Stay;
        };
        if search.query.trim().is_empty() {
            self.search = None;
            return Reply::Stay;
        }
        let hits = find(&drawn.sections, &search.query);
        if hits.is_empty() {
            return Reply::Status(format!(
                "No match for “{}” in the scenario.",
                super::text::clean(&search.query)
            ));
        }
        let here = (self.tab, usize::from(self.scroll));
        let first = hits
            .iter()
            .position(|h| (h.section, h.line) >= here)
            .unwrap_or(0);
        search.typing = false;
        search.current = Some(first);
        self.go_to(hits[first], drawn);
        Reply::Stay
    }

    /// The next (`by` = 1) or previous (`by` = -1) match, wrapping around.
    fn step(&mut self, drawn: &ScenarioDrawn, by: isize) -> Reply {
        let Some(search) = &mut self.search else {
            return Reply::Stay;
        };
        let hits = find(&drawn.sections, &search.query);
        if hits.is_empty() {
            return Reply::Status(format!(
                "No match for “{}” in the scenario.",
                super::text::clean(&search.query)
            ));
        }
        let n = hits.len();
        let next = match search.current {
            Some(at) if by < 0 => (at.min(n - 1) + n - 1) % n,
            Some(at) => (at + 1) % n,
            None => 0,
        };
        search.current = Some(next);
        self.go_to(hits[next], drawn);
        Reply::Stay
    }

    /// Shows the section and line of a match: the view stays if the line is already in it,
    /// else it scrolls so the line has a little context above.
    fn go_to(&mut self, hit: Hit, drawn: &ScenarioDrawn) {
        let rows = usize::from(drawn.rows.max(1));
        let top = usize::from(self.scroll);
        if hit.section == self.tab && (top..top + rows).contains(&hit.line) {
            return;
        }
        self.tab = hit.section;
        let wanted = u16::try_from(hit.line.saturating_sub(CONTEXT_ABOVE)).unwrap_or(u16::MAX);
        self.scroll = wanted.min(drawn.limit(hit.section));
    }

    fn show_tab(&mut self, tab: usize) {
        self.tab = tab;
        self.scroll = 0;
    }

    /// Gives the keys back to the question; a query still being typed is dropped.
    fn close(&mut self) -> Reply {
        if self.typing() {
            self.search = None;
        }
        Reply::Close
    }

    /// Scrolls inside the section: a line with ↑↓, a page with PgUp/PgDn, to the top or the
    /// bottom with Home/End.
    fn scroll_by(&mut self, action: Action, drawn: &ScenarioDrawn) {
        let limit = drawn.limit(self.tab);
        let page = drawn.rows.saturating_sub(1).max(1);
        let scroll = self.scroll.min(limit);
        self.scroll = match action {
            Action::Up => scroll.saturating_sub(1),
            Action::Down => scroll.saturating_add(1),
            Action::PageUp => scroll.saturating_sub(page),
            Action::PageDown => scroll.saturating_add(page),
            Action::Top => 0,
            Action::Bottom => limit,
            _ => scroll,
        }
        .min(limit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn() -> ScenarioDrawn {
        let lines = |n: usize, word: &str, at: usize| {
            (0..n)
                .map(|i| {
                    if i == at {
                        format!("line {i} about {word}")
                    } else {
                        format!("line {i}")
                    }
                })
                .collect::<Vec<_>>()
        };
        ScenarioDrawn {
            sections: vec![
                lines(5, "Teams", 1),
                lines(30, "GitHub", 3),
                lines(40, "github and teams", 25),
            ],
            rows: 10,
        }
    }

    fn open() -> ScenarioView {
        ScenarioView::default()
    }

    /// Types keys with the actions the default keymap gives them.
    fn typed(view: &mut ScenarioView, text: &str, drawn: &ScenarioDrawn) -> Reply {
        let mut reply = Reply::Stay;
        for c in text.chars() {
            let (key, action) = match c {
                '\n' => (Key::Enter, Action::Select),
                '/' => (Key::Char(c), Action::Search),
                'n' => (Key::Char(c), Action::Next),
                'N' => (Key::Char(c), Action::PrevMatch),
                c @ '1'..='9' => (Key::Char(c), Action::Pick(c as usize - '1' as usize)),
                c => (Key::Char(c), Action::Quit),
            };
            reply = view.on_key(key, Some(action), 3, drawn);
        }
        reply
    }

    /// Does an action by a key that stands for it.
    fn act(view: &mut ScenarioView, action: Action, drawn: &ScenarioDrawn) -> Reply {
        view.on_key(Key::Char('\0'), Some(action), 3, drawn)
    }

    #[test]
    fn find_is_case_insensitive_in_reading_order() {
        let hits = find(&drawn().sections, "GITHUB");
        let at: Vec<(usize, usize, usize)> =
            hits.iter().map(|h| (h.section, h.line, h.start)).collect();
        assert_eq!(at, vec![(1, 3, 13), (2, 25, 14)]);
        assert!(find(&drawn().sections, "").is_empty());
        assert_eq!(find(&[vec!["aaaa".into()]], "aa").len(), 2);
    }

    #[test]
    fn arrows_and_numbers_switch_sections_and_start_at_the_top() {
        let drawn = drawn();
        let mut view = open();
        act(&mut view, Action::Right, &drawn);
        assert_eq!(view.tab, 1);
        act(&mut view, Action::PageDown, &drawn);
        assert_eq!(view.scroll, 9);
        act(&mut view, Action::Pick(2), &drawn);
        assert_eq!((view.tab, view.scroll), (2, 0));
        act(&mut view, Action::Right, &drawn);
        assert_eq!(view.tab, 0, "wraps to the first section");
        act(&mut view, Action::Left, &drawn);
        assert_eq!(view.tab, 2, "and back to the last");
        assert!(matches!(
            act(&mut view, Action::Pick(3), &drawn),
            Reply::Status(s) if s.contains("1 to 3")
        ));
    }

    #[test]
    fn home_and_end_reach_the_ends_of_the_section() {
        let drawn = drawn();
        let mut view = open();
        act(&mut view, Action::Pick(2), &drawn);
        act(&mut view, Action::Bottom, &drawn);
        assert_eq!(view.scroll, 30);
        act(&mut view, Action::Down, &drawn);
        assert_eq!(view.scroll, 30, "no further than the end");
        act(&mut view, Action::Top, &drawn);
        assert_eq!(view.scroll, 0);
    }

    #[test]
    fn search_goes_to_the_section_and_line_and_steps_through_matches() {
        let drawn = drawn();
        let mut view = open();
        assert_eq!(typed(&mut view, "/github\n", &drawn), Reply::Stay);
        assert_eq!((view.tab, view.scroll), (1, 1));
        assert_eq!(view.search.as_ref().unwrap().current, Some(0));
        typed(&mut view, "n", &drawn);
        assert_eq!((view.tab, view.scroll), (2, 23));
        typed(&mut view, "\n", &drawn);
        assert_eq!(
            (view.tab, view.scroll),
            (1, 1),
            "Enter again wraps to the first"
        );
        act(&mut view, Action::PrevMatch, &drawn);
        assert_eq!((view.tab, view.scroll), (2, 23));
        act(&mut view, Action::Back, &drawn);
        assert!(view.search.is_none(), "Esc leaves the search first");
        assert_eq!(act(&mut view, Action::Back, &drawn), Reply::Close);
    }

    #[test]
    fn search_starts_from_the_view() {
        let drawn = drawn();
        let mut view = open();
        act(&mut view, Action::Pick(2), &drawn);
        typed(&mut view, "/teams\n", &drawn);
        assert_eq!((view.tab, view.scroll), (2, 23));
        assert_eq!(view.search.as_ref().unwrap().current, Some(1));
    }

    #[test]
    fn a_query_with_no_match_says_so_and_can_be_changed() {
        let drawn = drawn();
        let mut view = open();
        let reply = typed(&mut view, "/jenkins\n", &drawn);
        assert!(matches!(&reply, Reply::Status(s) if s.contains("No match for “jenkins”")));
        assert!(view.typing(), "the query can still be changed");
        assert_eq!(view.tab, 0);
        typed(&mut view, "q", &drawn);
        assert_eq!(
            view.search.as_ref().unwrap().query,
            "jenkinsq",
            "q is a letter here"
        );
    }

    #[test]
    fn another_case_study_starts_at_its_first_section() {
        let mut view = open();
        view.follow(Some("cs-a"));
        view.tab = 2;
        view.follow(Some("cs-a"));
        assert_eq!(view.tab, 2);
        view.follow(Some("cs-b"));
        assert_eq!((view.tab, view.case.as_deref()), (0, Some("cs-b")));
    }
}
