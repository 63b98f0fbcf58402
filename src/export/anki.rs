//! Anki's plain-text import format: a header that tells Anki the separator, that fields are
//! HTML, the note type, the deck and which columns hold the note's id (so a second import
//! updates the notes instead of adding copies) and its tags; then one note per line.
//!
//! Fields are HTML with every `&`, `<`, `>`, `"` and `'` escaped, newlines as `<br>` and tabs
//! as `&#9;`, so no field holds a tab, a newline or a double quote (which Anki's importer would
//! read as CSV quoting): each line splits on tabs into exactly the four columns.

use std::io::{self, Write};

use super::Card;

/// The columns of each line.
pub const COLUMNS: [&str; 4] = ["Front", "Back", "GUID", "Tags"];

/// Writes the import file.
pub fn write(cards: &[Card], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "#separator:tab")?;
    writeln!(out, "#html:true")?;
    writeln!(out, "#notetype:Basic")?;
    writeln!(out, "#deck:AZ-400")?;
    writeln!(out, "#columns:{}", COLUMNS.join("\t"))?;
    writeln!(out, "#guid column:3")?;
    writeln!(out, "#tags column:4")?;
    for card in cards {
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            front(card),
            back(card),
            html(&format!("az400-{}", card.id)),
            tags(card)
        )?;
    }
    Ok(())
}

/// The front: case study, stem, what to do, snippet, options.
fn front(card: &Card) -> String {
    let mut parts = Vec::new();
    if let Some((title, sections)) = &card.case_study {
        let mut case = format!("<b>Case study: {}</b>", html(title));
        for (heading, text) in sections {
            case.push_str(&format!(
                "<br><i>{}</i><br>{}",
                html(heading),
                markdown(text)
            ));
        }
        parts.push(case);
    }
    parts.push(markdown(&card.stem));
    parts.push(format!("<i>{}</i>", html(&card.prompt)));
    if let Some(snippet) = &card.snippet {
        parts.push(pre(snippet));
    }
    parts.push(lines(&card.options));
    parts.join("<br><br>")
}

/// The back: the answer part by part, the explanation, the references as links.
fn back(card: &Card) -> String {
    let mut parts = vec![lines(&card.answer), markdown(&card.explanation)];
    if !card.references.is_empty() {
        let links: Vec<String> = card
            .references
            .iter()
            .map(|r| format!("<a href='{0}'>{0}</a>", html(r)))
            .collect();
        parts.push(format!("References:<br>{}", links.join("<br>")));
    }
    if !card.note.is_empty() {
        let note: Vec<String> = card.note.lines().map(html).collect();
        parts.push(format!("<b>My note</b><br>{}", note.join("<br>")));
    }
    parts.join("<br><br>")
}

/// Domain, skill and topic, as Anki tags (`domain::pipelines`); a tag holds no space.
fn tags(card: &Card) -> String {
    [
        ("domain", &card.domain),
        ("skill", &card.skill),
        ("topic", &card.topic),
    ]
    .iter()
    .map(|(kind, id)| {
        let id: String = id
            .chars()
            .map(|c| if c.is_whitespace() { '_' } else { c })
            .collect();
        html(&format!("{kind}::{id}"))
    })
    .collect::<Vec<_>>()
    .join(" ")
}

fn lines(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| html(l))
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Markdown text as HTML: fenced code blocks become `<pre>` (keeping their indentation), the
/// lines of a paragraph are joined as Markdown joins them (with a space), list items, quotes
/// and headings start a new line, and paragraphs are a blank line apart.
pub fn markdown(text: &str) -> String {
    let mut out = String::new();
    let mut code: Option<Vec<&str>> = None;
    // What the last line was: nothing yet or a blank line (`None`), prose, or a block.
    let mut after_prose: Option<bool> = None;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            if let Some(block) = code.take() {
                out.push_str(&pre(&block.join("\n")));
                after_prose = Some(false);
            } else {
                if after_prose.is_some() {
                    out.push_str("<br>");
                }
                code = Some(Vec::new());
            }
            continue;
        }
        if let Some(block) = &mut code {
            block.push(line);
            continue;
        }
        if line.trim().is_empty() {
            if after_prose.is_some() {
                out.push_str("<br><br>");
            }
            after_prose = None;
            continue;
        }
        match after_prose {
            Some(true) if !starts_block(line) => out.push(' '),
            Some(_) => out.push_str("<br>"),
            None => {}
        }
        out.push_str(&html(line.trim_end()));
        after_prose = Some(true);
    }
    if let Some(block) = code {
        out.push_str(&pre(&block.join("\n")));
    }
    // A paragraph break left at the end (blank lines last) is dropped.
    out.strip_suffix("<br><br>")
        .map(str::to_string)
        .unwrap_or(out)
}

/// Whether a line starts a list item, quote, heading or table row rather than continuing a
/// paragraph.
fn starts_block(line: &str) -> bool {
    let line = line.trim_start();
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    ["- ", "* ", "+ ", "> ", "#", "|"]
        .iter()
        .any(|p| line.starts_with(p))
        || (digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")))
}

/// Code, its lines and indentation kept.
fn pre(code: &str) -> String {
    let lines: Vec<String> = code.lines().map(html).collect();
    format!("<pre>{}</pre>", lines.join("<br>"))
}

/// Text as HTML: markup characters, both quotes and tabs escaped, any newline a `<br>`.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_join_like_markdown_and_blocks_keep_their_lines() {
        assert_eq!(markdown("one\ntwo\n\nthree"), "one two<br><br>three");
        assert_eq!(
            markdown("list:\n- a\n- b\n1. c"),
            "list:<br>- a<br>- b<br>1. c"
        );
        assert_eq!(
            markdown("code:\n```yaml\na:\n  b: 1\n```\nafter"),
            "code:<br><pre>a:<br>  b: 1</pre><br>after"
        );
        assert_eq!(markdown("ends\n\n"), "ends");
    }
}
