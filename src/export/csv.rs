//! CSV for spreadsheets: RFC 4180 (quoted where needed, CRLF line ends), one question a row,
//! multi-line cells for options, answer and references.
//!
//! A cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-` or `@`) is
//! written with a leading `'`, as OWASP advises, so opening the file never runs anything.

use std::io::{self, Write};

use super::Card;

/// The header row.
pub const HEADER: [&str; 12] = [
    "id",
    "domain",
    "skill",
    "topic",
    "type",
    "case_study",
    "question",
    "options",
    "answer",
    "explanation",
    "references",
    "note",
];

/// Writes the header and a row per card.
pub fn write(cards: &[Card], out: &mut dyn Write) -> io::Result<()> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(HEADER).map_err(io_error)?;
    for card in cards {
        let mut question = format!("{}\n\n{}", card.stem, card.prompt);
        if let Some(snippet) = &card.snippet {
            question.push_str("\n\n");
            question.push_str(snippet);
        }
        let row = [
            card.id.clone(),
            card.domain.clone(),
            card.skill.clone(),
            card.topic.clone(),
            card.kind.to_string(),
            card.case_study
                .as_ref()
                .map(|(title, _)| title.clone())
                .unwrap_or_default(),
            question,
            card.options.join("\n"),
            card.answer.join("\n"),
            card.explanation.clone(),
            card.references.join("\n"),
            card.note.clone(),
        ];
        writer
            .write_record(row.iter().map(|cell| inert(cell)))
            .map_err(io_error)?;
    }
    writer.flush()
}

/// The I/O error inside a CSV error (so a closed pipe is still seen as one).
fn io_error(error: ::csv::Error) -> io::Error {
    match error.into_kind() {
        ::csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// The cell, with a `'` in front if a spreadsheet would take it for a formula.
pub fn inert(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}
