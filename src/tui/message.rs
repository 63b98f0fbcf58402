//! What can happen to the app: a key, the clock ticking, the terminal resizing, a frame drawn.

/// One input to [`super::app::update`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    /// A key was pressed.
    Key(Key),
    /// Time passed (the countdown's next second, or an idle wake-up).
    Tick,
    /// The terminal changed size (columns, rows); the next frame redraws at the new size.
    Resize(u16, u16),
    /// A frame is on the screen: do what was left for later (saving the session started in,
    /// banks of one's own, readiness), so the first frame never waits for it.
    Estimate,
}

/// A key, after the terminal's encoding is stripped away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// ↑ (or k, mapped by the screen).
    Up,
    /// ↓.
    Down,
    /// ←.
    Left,
    /// →.
    Right,
    /// Shift+↑: move an item up.
    ShiftUp,
    /// Shift+↓: move an item down.
    ShiftDown,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// Home: the top.
    Home,
    /// End: the bottom.
    End,
    /// Enter.
    Enter,
    /// Space.
    Space,
    /// Tab.
    Tab,
    /// Escape.
    Esc,
    /// Backspace or Delete.
    Delete,
    /// Ctrl-C: behaves like q.
    Interrupt,
    /// Any other printable character.
    Char(char),
}
