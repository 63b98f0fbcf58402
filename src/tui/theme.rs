//! Colours and emphasis. With `NO_COLOR` set, only bold, dim, reverse and underline are used,
//! and meaning never rests on colour alone anyway (✓/✗, words, markers).

use ratatui::style::{Color, Modifier, Style};

/// The styles every screen draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours may be used.
    pub color: bool,
}

impl Theme {
    /// Colour unless the `NO_COLOR` environment variable is set to a non-empty value.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    /// A theme without colours, as under `NO_COLOR`.
    pub fn plain() -> Theme {
        Theme { color: false }
    }

    fn pick(self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    /// Ordinary text.
    pub fn text(self) -> Style {
        Style::default()
    }

    /// `**Bold**` in bank text.
    pub fn strong(self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    /// Titles and headings.
    pub fn title(self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    /// Secondary text: hints, metadata.
    pub fn dim(self) -> Style {
        self.pick(
            Style::default().fg(Color::DarkGray),
            Style::default().add_modifier(Modifier::DIM),
        )
    }

    /// Key names in the footer and help.
    pub fn key(self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    /// Code blocks and inline code.
    pub fn code(self) -> Style {
        self.pick(
            Style::default().fg(Color::LightCyan),
            Style::default().add_modifier(Modifier::ITALIC),
        )
    }

    /// The row or slot under the cursor.
    pub fn cursor(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// Something chosen.
    pub fn chosen(self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::LightBlue)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    /// Right (always paired with ✓ or words).
    pub fn good(self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Green)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    /// Wrong (always paired with ✗ or words).
    pub fn bad(self) -> Style {
        self.pick(
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    /// The countdown in its last five minutes.
    pub fn warn(self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    /// The countdown in its last minute.
    pub fn urgent(self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
    }

    /// The flag mark.
    pub fn flag(self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Magenta)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }
}
