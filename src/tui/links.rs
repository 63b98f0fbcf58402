//! Links leave the app two ways: as OSC 8 hyperlinks over the text already drawn (clickable
//! where the terminal supports them, invisible where not), and opened in the browser by `o`.
//!
//! ratatui measures a cell's width from its symbol, so an escape sequence inside the buffer
//! would throw its diff off. Instead, after each frame is drawn, the cells of each link are
//! drawn again, identical, wrapped in the hyperlink's opening and closing sequences.

use std::ffi::OsString;
use std::io;
use std::process::{Command, Stdio};

use ratatui::buffer::{Buffer, Cell};

use super::app::ScreenLink;
use crate::bank::text::is_forbidden_control;

/// The environment variable naming a program to open references with instead of the
/// system's browser (it is given the URL as its one argument).
pub const BROWSER_VAR: &str = "AZ400_BROWSER";

/// The cells of each link with the hyperlink's sequences around them, ready to draw again.
/// A URL holding control characters is left as plain text.
pub fn hyperlink_cells(buffer: &Buffer, links: &[ScreenLink]) -> Vec<(u16, u16, Cell)> {
    let mut out = Vec::new();
    for link in links {
        if link.width == 0
            || link
                .url
                .chars()
                .any(|c| is_forbidden_control(c) || c == '\u{1b}')
        {
            continue;
        }
        let last = link.x.saturating_add(link.width - 1);
        for x in link.x..=last {
            let Some(cell) = buffer.cell((x, link.y)) else {
                continue;
            };
            let mut cell = cell.clone();
            let mut symbol = String::new();
            if x == link.x {
                symbol.push_str(&format!("\x1b]8;;{}\x1b\\", link.url));
            }
            symbol.push_str(cell.symbol());
            if x == last {
                symbol.push_str("\x1b]8;;\x1b\\");
            }
            cell.set_symbol(&symbol);
            out.push((x, link.y, cell));
        }
    }
    out
}

/// Opens a URL: with the program in [`BROWSER_VAR`] if it is set, else the system's way.
pub fn open(url: &str) -> io::Result<()> {
    match std::env::var_os(BROWSER_VAR).filter(|v| !v.is_empty()) {
        Some(program) => open_with(&program, url),
        None => open::that_detached(url),
    }
}

/// Opens a URL with `program`, detached from the terminal: no input, output discarded.
pub fn open_with(program: &OsString, url: &str) -> io::Result<()> {
    Command::new(program)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn a_link_is_wrapped_in_osc_8_around_its_own_cells() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 10, 1));
        buffer.set_string(0, 0, "see ab", Style::default());
        let link = ScreenLink {
            x: 4,
            y: 0,
            width: 2,
            url: "https://a.io".into(),
        };
        let cells = hyperlink_cells(&buffer, &[link]);
        let symbols: Vec<&str> = cells.iter().map(|(_, _, c)| c.symbol()).collect();
        assert_eq!(symbols, ["\x1b]8;;https://a.io\x1b\\a", "b\x1b]8;;\x1b\\"]);
        assert_eq!((cells[0].0, cells[1].0), (4, 5));
    }

    #[test]
    fn a_url_with_an_escape_is_not_linked() {
        let buffer = Buffer::empty(Rect::new(0, 0, 10, 1));
        let link = ScreenLink {
            x: 0,
            y: 0,
            width: 3,
            url: "https://a.io/\x1b[2J".into(),
        };
        assert!(hyperlink_cells(&buffer, &[link]).is_empty());
    }
}
