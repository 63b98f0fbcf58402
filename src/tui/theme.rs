//! Colours and emphasis, in three schemes: `dark` (for dark terminals, the default), `light`
//! (for light ones: no yellow or pale cyan on white) and `high-contrast` (solid backgrounds
//! behind every coloured mark, bold instead of dim, readable on any terminal background).
//!
//! With `NO_COLOR` set, only bold, dim, reverse and underline are used whatever the scheme, and
//! meaning never rests on colour alone anyway (✓/✗, words, markers).

use ratatui::style::{Color, Modifier, Style};

pub use crate::config::ThemeName;

/// The styles every screen draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// The colour scheme.
    pub name: ThemeName,
    /// Whether colours may be used.
    pub color: bool,
}

const BOLD: Modifier = Modifier::BOLD;

/// Bold on a solid background, readable on any terminal.
const fn badge(fg: Color, bg: Color) -> Style {
    Style::new().fg(fg).bg(bg).add_modifier(BOLD)
}

/// A foreground colour with modifiers.
const fn fg(color: Color, modifiers: Modifier) -> Style {
    Style::new().fg(color).add_modifier(modifiers)
}

/// Modifiers only, in the terminal's own colours.
const fn only(modifiers: Modifier) -> Style {
    Style::new().add_modifier(modifiers)
}

impl Theme {
    /// The scheme `name`, with colour unless the `NO_COLOR` environment variable is set to a
    /// non-empty value.
    pub fn from_env(name: ThemeName) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(name, !no_color)
    }

    /// The scheme `name`, with or without colour.
    pub fn new(name: ThemeName, color: bool) -> Theme {
        Theme { name, color }
    }

    /// A theme without colours, as under `NO_COLOR`.
    pub fn plain() -> Theme {
        Theme::new(ThemeName::Dark, false)
    }

    /// The style for this scheme, or `plain` without colours.
    fn pick(self, dark: Style, light: Style, high_contrast: Style, plain: Style) -> Style {
        if !self.color {
            return plain;
        }
        match self.name {
            ThemeName::Dark => dark,
            ThemeName::Light => light,
            ThemeName::HighContrast => high_contrast,
        }
    }

    /// Ordinary text.
    pub fn text(self) -> Style {
        Style::default()
    }

    /// `**Bold**` in bank text.
    pub fn strong(self) -> Style {
        only(BOLD)
    }

    /// Titles and headings.
    pub fn title(self) -> Style {
        self.pick(
            fg(Color::Cyan, BOLD),
            fg(Color::Blue, BOLD),
            only(BOLD.union(Modifier::UNDERLINED)),
            only(BOLD),
        )
    }

    /// Secondary text: hints, metadata.
    pub fn dim(self) -> Style {
        self.pick(
            fg(Color::DarkGray, Modifier::empty()),
            fg(Color::DarkGray, Modifier::empty()),
            // Dim text is what high contrast avoids: italic sets it apart instead.
            only(Modifier::ITALIC),
            only(Modifier::DIM),
        )
    }

    /// Key names in the footer and help.
    pub fn key(self) -> Style {
        self.pick(
            fg(Color::Yellow, BOLD),
            fg(Color::Magenta, BOLD),
            only(BOLD.union(Modifier::REVERSED)),
            only(BOLD),
        )
    }

    /// Code blocks and inline code.
    pub fn code(self) -> Style {
        self.pick(
            fg(Color::LightCyan, Modifier::empty()),
            fg(Color::Blue, Modifier::empty()),
            badge(Color::Black, Color::Gray),
            only(Modifier::ITALIC),
        )
    }

    /// The row or slot under the cursor.
    pub fn cursor(self) -> Style {
        self.pick(
            only(Modifier::REVERSED),
            only(Modifier::REVERSED),
            only(Modifier::REVERSED.union(BOLD)),
            only(Modifier::REVERSED),
        )
    }

    /// Something chosen.
    pub fn chosen(self) -> Style {
        self.pick(
            fg(Color::LightBlue, BOLD),
            fg(Color::Blue, BOLD),
            badge(Color::Black, Color::LightCyan),
            only(BOLD),
        )
    }

    /// Right (always paired with ✓ or words).
    pub fn good(self) -> Style {
        self.pick(
            fg(Color::Green, BOLD),
            fg(Color::Green, BOLD),
            badge(Color::Black, Color::LightGreen),
            only(BOLD),
        )
    }

    /// Wrong (always paired with ✗ or words).
    pub fn bad(self) -> Style {
        self.pick(
            fg(Color::Red, BOLD),
            fg(Color::Red, BOLD),
            badge(Color::White, Color::Red),
            only(BOLD.union(Modifier::UNDERLINED)),
        )
    }

    /// The countdown in its last five minutes.
    pub fn warn(self) -> Style {
        self.pick(
            fg(Color::Yellow, BOLD),
            fg(Color::Magenta, BOLD),
            badge(Color::Black, Color::LightYellow),
            only(BOLD),
        )
    }

    /// The countdown in its last minute.
    pub fn urgent(self) -> Style {
        self.pick(
            badge(Color::White, Color::Red),
            badge(Color::White, Color::Red),
            badge(Color::White, Color::Red),
            only(BOLD.union(Modifier::REVERSED)),
        )
    }

    /// The flag mark.
    pub fn flag(self) -> Style {
        self.pick(
            fg(Color::Magenta, BOLD),
            fg(Color::Magenta, BOLD),
            badge(Color::Black, Color::LightMagenta),
            only(BOLD),
        )
    }

    /// Every style by its role, for tests and for checking a scheme at a glance.
    pub fn roles(self) -> [(&'static str, Style); 13] {
        [
            ("text", self.text()),
            ("strong", self.strong()),
            ("title", self.title()),
            ("dim", self.dim()),
            ("key", self.key()),
            ("code", self.code()),
            ("cursor", self.cursor()),
            ("chosen", self.chosen()),
            ("good", self.good()),
            ("bad", self.bad()),
            ("warn", self.warn()),
            ("urgent", self.urgent()),
            ("flag", self.flag()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_colour_every_scheme_is_the_same_and_colourless() {
        for name in ThemeName::ALL {
            let theme = Theme::new(name, false);
            assert_eq!(theme.roles(), Theme::plain().roles());
            for (role, style) in theme.roles() {
                assert_eq!((style.fg, style.bg), (None, None), "{role}");
            }
        }
    }

    #[test]
    fn light_never_writes_pale_colours_that_vanish_on_white() {
        let pale = [
            Color::Yellow,
            Color::LightYellow,
            Color::LightCyan,
            Color::Cyan,
            Color::White,
            Color::Gray,
        ];
        for (role, style) in Theme::new(ThemeName::Light, true).roles() {
            if style.bg.is_none() {
                assert!(!style.fg.is_some_and(|c| pale.contains(&c)), "{role}");
            }
        }
    }

    #[test]
    fn high_contrast_never_dims_and_puts_every_colour_on_a_solid_background() {
        for (role, style) in Theme::new(ThemeName::HighContrast, true).roles() {
            assert!(!style.add_modifier.contains(Modifier::DIM), "{role}");
            assert_eq!(style.fg.is_some(), style.bg.is_some(), "{role}");
        }
    }

    #[test]
    fn right_and_wrong_look_different_in_every_scheme() {
        for name in ThemeName::ALL {
            for color in [true, false] {
                let theme = Theme::new(name, color);
                assert_ne!(theme.good(), theme.bad(), "{name:?} colour {color}");
            }
        }
    }
}
