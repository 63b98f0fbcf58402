//! The case-study scenario as on the exam: its sections as tabs, scrolling inside a section,
//! search across sections, and the scenario beside the question on a wide terminal; in a
//! session and in the review.

mod tui_support;

use az400_sprint::attempt::Mode;
use az400_sprint::session::Session;
use az400_sprint::tui::app::{Model, Overlay, ReviewView, Screen};
use az400_sprint::tui::keymap::{Action, Keys};
use az400_sprint::tui::keys::scenario_keymap;
use az400_sprint::tui::message::Key;
use az400_sprint::tui::play::PlayView;
use az400_sprint::tui::scenario::ScenarioView;
use az400_sprint::tui::theme::Theme;
use az400_sprint::tui::{Context, Start};
use ratatui::style::Modifier;
use tempfile::TempDir;
use tui_support::*;

/// The case-study question of the fixture, in a sprint of its own.
const CASE_QUESTION: &str = "pipeline-design-fixture-approvals";

/// A sprint over the fixture's case-study question, its scenario's last section made long
/// enough to scroll, with "Kubernetes" on its 41st paragraph only.
fn long_case() -> (Model, TempDir) {
    long_case_with(Keys::default())
}

/// [`long_case`] with the keys the config file's `[keys]` gives.
fn long_case_with(keys: Keys) -> (Model, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut ctx: Context = context(dir.path());
    ctx.keys = keys;
    let long: Vec<String> = (1..=60)
        .map(|n| {
            if n == 41 {
                format!("Paragraph {n}: the Kubernetes cluster runs the shop.")
            } else {
                format!("Paragraph {n}: nothing to see.")
            }
        })
        .collect();
    let case = &mut ctx.bank.case_studies[0];
    case.scenario[2].text = long.join("\n\n").as_str().into();
    let ids = vec![CASE_QUESTION.to_string()];
    let session = Session::start(Mode::Sprint, &ctx.bank, &ids, Some(1800), 7, t0());
    let claim = ctx.store.claim(&session.id).unwrap();
    let model = Model::new(ctx, Start::Session(session, claim), t0(), Theme::plain());
    (model, dir)
}

fn view(model: &Model) -> &ScenarioView {
    match &model.screen {
        Screen::Play(play) => &play.scenario,
        Screen::Review(review) => &review.scenario,
        _ => panic!("neither playing nor reviewing"),
    }
}

/// Whether the scenario has the keys.
fn open(model: &Model) -> bool {
    match &model.screen {
        Screen::Play(play) => play.view == PlayView::Scenario,
        Screen::Review(review) => review.view == ReviewView::Scenario,
        _ => false,
    }
}

/// Sizes the terminal and draws it, as the event loop does after every key.
fn shown(model: &mut Model, width: u16, height: u16) -> String {
    resize(model, width, height, t0());
    draw(model, width, height)
}

/// Whether every cell of `word`, where it first shows at 80x24, is drawn reversed (the
/// current match's highlight, visible without colour).
fn highlighted(model: &Model, word: &str) -> bool {
    let buffer = render_into_buffer(model, 80, 24);
    let area = buffer.area;
    for y in 0..area.height {
        let row: Vec<&str> = (0..area.width).map(|x| buffer[(x, y)].symbol()).collect();
        let text = row.concat();
        if let Some(at) = text.find(word) {
            let x0 = text[..at].chars().count();
            return (x0..x0 + word.chars().count()).all(|x| {
                let x = u16::try_from(x).unwrap();
                buffer[(x, y)].modifier.contains(Modifier::REVERSED)
            });
        }
    }
    false
}

#[test]
fn tab_opens_the_scenario_with_a_tab_per_section_and_closes_it_again() {
    let (mut model, _dir) = long_case();
    let question = shown(&mut model, 80, 24);
    assert!(question.contains("How do you meet the approval requirement"));
    press(&mut model, Key::Tab, t0());
    assert!(open(&model));
    let screen = shown(&mut model, 80, 24);
    assert!(screen.contains("1 Overview │ 2 Existing environment │ 3 Requirements"));
    assert!(screen.contains("Contoso builds a web shop."));
    assert!(!screen.contains("How do you meet the approval requirement"));

    press(&mut model, Key::Right, t0());
    assert!(shown(&mut model, 80, 24).contains("One Azure DevOps project"));
    typed(&mut model, "3", t0());
    let screen = shown(&mut model, 80, 24);
    assert!(screen.contains("Paragraph 1: nothing"));
    assert!(
        screen.contains("▼"),
        "the indicator says more is below:\n{screen}"
    );
    press(&mut model, Key::End, t0());
    let screen = shown(&mut model, 80, 24);
    assert!(screen.contains("Paragraph 60") && screen.contains("▲ end of the section"));
    press(&mut model, Key::Home, t0());
    assert!(shown(&mut model, 80, 24).contains("Paragraph 1: nothing"));
    press(&mut model, Key::PageDown, t0());
    assert!(!shown(&mut model, 80, 24).contains("Paragraph 1: nothing"));
    typed(&mut model, "h", t0());
    assert_eq!((view(&model).tab, view(&model).scroll), (1, 0), "h is ←");

    press(&mut model, Key::Tab, t0());
    assert!(!open(&model));
    assert!(shown(&mut model, 80, 24).contains("How do you meet the approval requirement"));
    press(&mut model, Key::Tab, t0());
    assert_eq!(view(&model).tab, 1, "the scenario opens where it was left");
    press(&mut model, Key::Esc, t0());
    assert!(!open(&model), "Esc returns to the question too");
}

#[test]
fn search_goes_to_the_section_and_line_of_the_match() {
    let (mut model, _dir) = long_case();
    press(&mut model, Key::Tab, t0());
    shown(&mut model, 80, 24);
    typed(&mut model, "/KUBERNETES", t0());
    let typing = shown(&mut model, 80, 24);
    assert!(typing.contains("/KUBERNETES▏") && typing.contains("1 match"));
    press(&mut model, Key::Enter, t0());
    let v = view(&model);
    assert_eq!(v.tab, 2, "switched to Requirements");
    // Paragraph 41 is line 80 of the section; two lines of context stay above it.
    assert_eq!(v.scroll, 78);
    let screen = shown(&mut model, 80, 24);
    assert!(
        screen.contains("Paragraph 41: the Kubernetes cluster"),
        "{screen}"
    );
    assert!(screen.contains("match 1 of 1"), "{screen}");
    assert!(
        highlighted(&model, "Kubernetes"),
        "the match is highlighted"
    );
    assert!(!highlighted(&model, "cluster"));
    typed(&mut model, "n", t0());
    assert_eq!((view(&model).tab, view(&model).scroll), (2, 78));
    press(&mut model, Key::Esc, t0());
    assert!(view(&model).search.is_none() && open(&model));
}

#[test]
fn the_search_line_names_the_keys_the_config_gave() {
    // As the config file's `[keys]` section gives them: `next = "m"`.
    let (mut model, _dir) = long_case_with(Keys::new(&[(Action::Next, Key::Char('m'))]));
    press(&mut model, Key::Tab, t0());
    typed(&mut model, "/nothing", t0());
    // Typing: Enter and Esc are fixed, so the line says what the keymap of the mode says.
    let typing = shown(&mut model, 80, 24);
    let keymap = scenario_keymap(view(&model), 3, &model.keys);
    let find = format!(
        "{} find · {} cancel",
        keymap.key(Action::Select).unwrap(),
        keymap.key(Action::Back).unwrap()
    );
    assert!(typing.contains(&find), "{typing}");
    press(&mut model, Key::Enter, t0());
    let stepping = shown(&mut model, 80, 24);
    assert!(stepping.contains("match 1 of 59"), "{stepping}");
    assert!(
        stepping.contains("m/N next/prev · / new search · Esc end"),
        "{stepping}"
    );
    assert!(!stepping.contains("n/N"), "{stepping}");
    // And `m` is what steps to the next match.
    typed(&mut model, "m", t0());
    assert!(shown(&mut model, 80, 24).contains("match 2 of 59"));
}

#[test]
fn a_search_with_no_match_says_so_and_letters_are_not_commands_while_typing() {
    let (mut model, _dir) = long_case();
    press(&mut model, Key::Tab, t0());
    shown(&mut model, 80, 24);
    typed(&mut model, "/jq?", t0());
    assert_eq!(model.overlay, None, "q and ? are letters of the query");
    assert_eq!(view(&model).search.as_ref().unwrap().query, "jq?");
    press(&mut model, Key::Enter, t0());
    let screen = shown(&mut model, 80, 24);
    assert!(
        screen.contains("No match for “jq?” in the scenario."),
        "{screen}"
    );
    assert!(screen.contains("no match for “jq?”"), "{screen}");
    assert_eq!(view(&model).tab, 0);
    press(&mut model, Key::Esc, t0());
    assert!(view(&model).search.is_none());
    typed(&mut model, "q", t0());
    assert_eq!(
        model.overlay,
        Some(Overlay::ConfirmQuit),
        "q asks to leave again"
    );
}

#[test]
fn from_160_columns_the_scenario_stands_beside_the_question() {
    let (mut model, _dir) = long_case();
    let wide = shown(&mut model, 200, 50);
    assert!(wide.contains("How do you meet the approval requirement"));
    assert!(wide.contains("Case study: Contoso Fixture (Tab)"));
    assert!(wide.contains("Contoso builds a web shop."));
    let narrow = shown(&mut model, 159, 50);
    assert!(!narrow.contains("Contoso builds a web shop."));
    assert!(shown(&mut model, 160, 50).contains("Contoso builds a web shop."));

    // Tab gives the keys to the scenario; the question stays in view and unanswered.
    press(&mut model, Key::Tab, t0());
    typed(&mut model, "2", t0());
    let wide = shown(&mut model, 200, 50);
    assert!(wide.contains("How do you meet the approval requirement"));
    assert!(wide.contains("One Azure DevOps project"));
    let Screen::Play(play) = &model.screen else {
        panic!()
    };
    assert!(play.item().unwrap().response.is_none(), "2 chose a section");
    press(&mut model, Key::Tab, t0());
    typed(&mut model, "1", t0());
    let Screen::Play(play) = &model.screen else {
        panic!()
    };
    assert!(
        play.item().unwrap().response.is_some(),
        "back on the question"
    );
    assert!(shown(&mut model, 200, 50).contains("One Azure DevOps project"));
}

#[test]
fn the_review_has_the_same_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Sprint, &IDS, Some(1800));
    typed(&mut model, "syr", at(10));
    typed(&mut model, "nnnnn", at(10));
    press(&mut model, Key::Tab, at(10));
    let screen = shown(&mut model, 80, 24);
    assert!(
        screen.contains("1 Overview │ 2 Existing environment"),
        "{screen}"
    );
    typed(&mut model, "/yaml", at(10));
    press(&mut model, Key::Enter, at(10));
    assert_eq!(view(&model).tab, 2);
    assert!(shown(&mut model, 80, 24).contains("match 1 of 1"));
    press(&mut model, Key::Tab, at(10));
    assert!(!open(&model));
    let narrow = shown(&mut model, 80, 24);
    assert!(
        narrow.contains("(case study: Tab shows the scenario)"),
        "{narrow}"
    );
    let wide = shown(&mut model, 200, 50);
    assert!(wide.contains("Move to YAML") && wide.contains("How do you meet the approval"));
    // Beside the question, the scenario is not behind a key.
    assert!(!wide.contains("Tab shows the scenario"), "{wide}");
    assert!(
        wide.contains("(case study: the scenario is on the right)"),
        "{wide}"
    );
    typed(&mut model, "p", at(10));
    assert!(
        !shown(&mut model, 200, 50).contains("Case study: Contoso"),
        "a question of no case study has no scenario beside it"
    );
}
