//! The three colour schemes: their styles (an insta snapshot per scheme), ✓/✗ on screen in
//! every scheme with and without colour, and `--theme`, the config and `NO_COLOR` reaching the
//! real app.

mod tmux;
mod tui_support;

use az400_sprint::attempt::Mode;
use az400_sprint::config::ThemeName;
use az400_sprint::tui::app::Model;
use az400_sprint::tui::theme::Theme;
use ratatui::style::Style;
use tui_support::*;

/// One line per role: `role  fg  bg  modifiers`.
fn style_sheet(theme: Theme) -> String {
    use std::fmt::Write;
    let color = |c: Option<ratatui::style::Color>| c.map_or("-".to_string(), |c| c.to_string());
    let mut sheet = String::new();
    for (role, style) in theme.roles() {
        let _ = writeln!(
            sheet,
            "{role:<7} fg {:<12} bg {:<12} {:?}",
            color(style.fg),
            color(style.bg),
            style.add_modifier
        );
    }
    sheet
}

#[test]
fn each_scheme_has_its_style_sheet() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for name in ThemeName::ALL {
            insta::assert_snapshot!(
                format!("theme_{}", name.name()),
                style_sheet(Theme::new(name, true))
            );
        }
        insta::assert_snapshot!("theme_no_color", style_sheet(Theme::plain()));
    });
}

/// A drill with one right and one wrong pick on a multiple-answer question, revealed.
fn revealed_drill(dir: &std::path::Path) -> Model {
    let mut model = playing(dir, Mode::Drill, &[IDS[1]], None);
    typed(&mut model, "12n", at(30));
    model
}

/// The styles of every cell showing `mark`.
fn styles_of(model: &Model, mark: &str) -> Vec<Style> {
    let buffer = render_into_buffer(model, 80, 24);
    buffer
        .content()
        .iter()
        .filter(|c| c.symbol() == mark)
        .map(ratatui::buffer::Cell::style)
        .collect()
}

#[test]
fn right_and_wrong_keep_their_marks_and_styles_in_every_scheme() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = revealed_drill(dir.path());
    for name in ThemeName::ALL {
        for color in [true, false] {
            let theme = Theme::new(name, color);
            model.theme = theme;
            let (right, wrong) = (styles_of(&model, "✓"), styles_of(&model, "✗"));
            let screen = draw(&model, 80, 24);
            assert!(
                !right.is_empty() && !wrong.is_empty(),
                "{name:?}:\n{screen}"
            );
            let good = Style::reset().patch(theme.good());
            let bad = Style::reset().patch(theme.bad());
            assert!(
                right.iter().any(|s| s.fg == good.fg
                    && s.bg == good.bg
                    && s.add_modifier.contains(good.add_modifier)),
                "{name:?} colour {color}: ✓ is not drawn as right: {right:?}"
            );
            assert!(
                wrong.iter().any(|s| s.fg == bad.fg
                    && s.bg == bad.bg
                    && s.add_modifier.contains(bad.add_modifier)),
                "{name:?} colour {color}: ✗ is not drawn as wrong: {wrong:?}\n{screen}"
            );
        }
    }
}

/// Whether a captured pane sets any colour (not counting the resets 39 and 49).
fn uses_colour(captured: &str) -> bool {
    captured.split("\u{1b}[").skip(1).any(|sgr| {
        let params = sgr.split('m').next().unwrap_or_default();
        params.split(';').any(|p| {
            p.parse::<u16>()
                .is_ok_and(|n| matches!(n, 30..=38 | 40..=48 | 90..=97 | 100..=107))
        })
    })
}

/// Whether a captured pane draws text in the basic colour `n` (4 blue, 6 cyan).
fn draws_in(captured: &str, n: u8) -> bool {
    captured.contains(&format!("\u{1b}[38;5;{n}m")) || captured.contains(&format!("\u{1b}[3{n}m"))
}

fn home_screen(args: &str, env: &[String]) -> String {
    let data = tempfile::tempdir().unwrap();
    let config = data.path().join("config.toml");
    std::fs::write(&config, "theme = \"light\"\n").unwrap();
    let mut env = env.to_vec();
    env.push(format!("AZ400_CONFIG={}", config.display()));
    let command = format!(
        "env -u AZ400_THEME -u NO_COLOR {} --data-dir '{}' {args}",
        env!("CARGO_BIN_EXE_az400"),
        data.path().display()
    );
    let command = if env.iter().any(|e| e == "NO_COLOR=1") {
        format!("NO_COLOR=1 {command}")
    } else {
        command
    };
    let tmux = tmux::Tmux::start("theme", 80, 24, &env, &command);
    tmux.wait_for(&["Daily sprint"]);
    tmux.screen_with_styles()
}

#[test]
fn the_theme_reaches_the_app_from_the_config_and_the_flag_and_no_color_wins() {
    if !tmux::installed("the_theme_reaches_the_app_from_the_config_and_the_flag_and_no_color_wins")
    {
        return;
    }
    // The title: blue in light (from the config file), cyan in dark (from the flag).
    let light = home_screen("", &[]);
    assert!(uses_colour(&light), "{light:?}");
    assert!(draws_in(&light, 4) && !draws_in(&light, 6), "{light:?}");
    let dark = home_screen("--theme dark", &[]);
    assert!(draws_in(&dark, 6) && !draws_in(&dark, 4), "{dark:?}");
    let plain = home_screen("--theme high-contrast", &["NO_COLOR=1".into()]);
    assert!(!uses_colour(&plain), "{plain:?}");
    assert!(plain.contains("Daily sprint"));
}
