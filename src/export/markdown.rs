//! Markdown for notes: a heading per question with its tags, the stem, the options, and the
//! answer, explanation and references under it.

use std::io::{self, Write};

use super::Card;

/// Writes the notes, under `title`.
pub fn write(cards: &[Card], title: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# AZ-400: {title}")?;
    writeln!(out)?;
    if cards.is_empty() {
        writeln!(out, "Nothing to export.")?;
    }
    for (n, card) in cards.iter().enumerate() {
        writeln!(out, "## {}. `{}`", n + 1, card.id)?;
        writeln!(out)?;
        writeln!(
            out,
            "*{} › {} › {} · {}*",
            card.domain, card.skill, card.topic, card.kind
        )?;
        writeln!(out)?;
        if let Some((case_title, sections)) = &card.case_study {
            writeln!(out, "> **Case study: {case_title}**")?;
            for (heading, text) in sections {
                writeln!(out, ">\n> *{heading}*\n>")?;
                for line in text.lines() {
                    writeln!(out, "> {line}")?;
                }
            }
            writeln!(out)?;
        }
        writeln!(out, "{}", card.stem)?;
        writeln!(out)?;
        writeln!(out, "*{}*", card.prompt)?;
        writeln!(out)?;
        if let Some(snippet) = &card.snippet {
            writeln!(out, "```\n{snippet}\n```")?;
            writeln!(out)?;
        }
        for line in &card.options {
            writeln!(out, "- {}", list_text(line))?;
        }
        writeln!(out)?;
        writeln!(out, "**Answer**")?;
        writeln!(out)?;
        for line in &card.answer {
            writeln!(out, "- {}", list_text(line))?;
        }
        writeln!(out)?;
        writeln!(out, "{}", card.explanation)?;
        writeln!(out)?;
        if !card.references.is_empty() {
            writeln!(out, "References:")?;
            writeln!(out)?;
            for reference in &card.references {
                writeln!(out, "- <{reference}>")?;
            }
            writeln!(out)?;
        }
        if !card.note.is_empty() {
            writeln!(out, "**My note**")?;
            writeln!(out)?;
            for line in card.note.lines() {
                writeln!(out, "> {line}")?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

/// A line as the text of a list item: a leading `1.` is escaped (`1\.`) so it is not read as
/// a nested list, and the line stays one line.
fn list_text(line: &str) -> String {
    let line = line.replace('\n', " ");
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with('.') {
        format!("{}\\{}", &line[..digits], &line[digits..])
    } else {
        line
    }
}
