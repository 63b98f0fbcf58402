//! The yardstick of the start-up benchmark (`benches/startup.rs`): the least a ratatui program
//! does before its first frame (take the terminal, draw a bordered paragraph and a footer of key
//! hints), then wait for `q`. With `--print`, it prints a few lines and exits instead, the
//! yardstick of the plain commands (`az400 history`, `az400 stats`).

use std::io::Write as _;

use ratatui::crossterm::event::{self, Event, KeyCode};
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::{Block, Borders, Paragraph};

fn main() -> std::io::Result<()> {
    if std::env::args().any(|a| a == "--print") {
        let mut out = std::io::stdout().lock();
        for n in 1..=10 {
            writeln!(out, "line {n} of a trivial program that prints")?;
        }
        return Ok(());
    }
    let mut terminal = ratatui::try_init()?;
    let result = (|| loop {
        terminal.draw(|frame| {
            let [body, footer] =
                Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(frame.area());
            frame.render_widget(
                Paragraph::new("A trivial ratatui program.")
                    .block(Block::default().borders(Borders::ALL).title(" trivial ")),
                body,
            );
            frame.render_widget(Paragraph::new("q quit  ? help"), footer);
        })?;
        if let Event::Key(key) = event::read()?
            && key.code == KeyCode::Char('q')
        {
            return Ok(());
        }
    })();
    ratatui::restore();
    result
}
