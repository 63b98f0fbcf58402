//! Finding questions by their words: `az400 bank search TEXT`.

use super::{Body, Question};
use crate::untrusted::escape_line;

/// The questions holding every word of `query` (case-insensitive) in their id, topic, stem or
/// answer texts, in bank order. An empty query finds nothing.
pub fn search<'b>(questions: &'b [Question], query: &str) -> Vec<&'b Question> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return Vec::new();
    }
    questions
        .iter()
        .filter(|q| {
            let text = searchable(q);
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .collect()
}

/// Everything a learner may remember of a question, lowercased.
fn searchable(q: &Question) -> String {
    let mut parts: Vec<&str> = vec![&q.id, &q.topic, &q.stem()];
    match &q.body() {
        Body::Single { options } | Body::Multiple { options } => {
            parts.extend(options.iter().map(|o| o.text.as_str()));
        }
        Body::Order { steps, distractors } => {
            parts.extend(steps.iter().map(super::doc::Text::as_str));
            parts.extend(distractors.iter().map(|d| d.text.as_str()));
        }
        Body::YesNo { statements } => parts.extend(statements.iter().map(|s| s.text.as_str())),
        Body::Fill { template, slots } => {
            parts.push(template);
            parts.extend(
                slots
                    .iter()
                    .flat_map(|s| s.options.iter().map(String::as_str)),
            );
        }
    }
    parts.join("\n").to_lowercase()
}

/// The first paragraph of a stem on one line, escaped for a terminal and cut to `max`
/// characters (with `…` where cut).
pub fn stem_line(stem: &str, max: usize) -> String {
    let paragraph: Vec<&str> = stem
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty())
        .collect();
    let line = escape_line(&paragraph.join(" "));
    if line.chars().count() > max {
        let cut: String = line.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_must_match_in_any_text_of_the_question() {
        let bank = crate::bank::builtin();
        let found = search(&bank.questions, "GHCR packages");
        assert!(!found.is_empty());
        assert!(found.iter().all(|q| searchable(q).contains("ghcr")));
        assert!(search(&bank.questions, "ghcr zzqqxx").is_empty());
        assert!(search(&bank.questions, "  ").is_empty());
    }

    #[test]
    fn the_stem_line_is_one_escaped_line_of_the_first_paragraph() {
        let stem = "\nYou run\na pipeline \x1b[2J.\n\nSecond paragraph.";
        assert_eq!(stem_line(stem, 100), "You run a pipeline \\u{1b}[2J.");
        assert_eq!(stem_line(stem, 8), "You run…");
    }
}
