//! Turns one file's YAML tree into questions and case studies, reporting every problem it finds
//! (shape, types, and each question's own rules) at the line and column where it is.

use super::diagnostic::{Diagnostic, Position};
use super::model::{
    About, Blueprint, Body, CaseStudy, Choice, Detail, Distractor, Month, Origin, Question,
    Section, SeriesRef, Slot, Statement, Template, Text,
};
use super::text::is_forbidden_control;
use super::yaml::{Node, Value, is_null};

/// What one file held: its questions and case studies, and its problems.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FileContents {
    /// The questions that decoded without a problem, case-study questions included.
    pub questions: Vec<Question>,
    /// The case studies that decoded without a problem.
    pub case_studies: Vec<CaseStudy>,
    /// Every problem found.
    pub problems: Vec<Diagnostic>,
    /// What is allowed but needs attention (facts not checked for over a year).
    pub warnings: Vec<Diagnostic>,
    /// A hash of the file's bytes, the file's part of the bank's fingerprint (0 until
    /// [`super::files::read_file`] sets it).
    pub source_hash: u64,
}

const QUESTION_FIELDS: &[&str] = &[
    "id",
    "domain",
    "skill",
    "topic",
    "type",
    "difficulty",
    "verified",
    "variant_of",
    "stem",
    "options",
    "steps",
    "distractors",
    "statements",
    "template",
    "slots",
    "solutions",
    "explanation",
    "references",
];
/// The fields that hold a question's answerable part; each type takes some of them.
const BODY_FIELDS: &[&str] = &[
    "options",
    "steps",
    "distractors",
    "statements",
    "template",
    "slots",
    "solutions",
];
const REQUIRED_SECTIONS: &[&str] = &["Overview", "Existing environment", "Requirements"];
/// How many proposed solutions a series holds, as on the exam.
pub const SERIES_SOLUTIONS: std::ops::RangeInclusive<usize> = 3..=4;
/// After this many months without a check, `verified` draws a warning.
pub const STALE_AFTER_MONTHS: i32 = 12;

/// Decodes a file's tree (`None` for an empty file) against the blueprint. `today` is the
/// month `verified` dates are judged against: none may be later, and older than
/// [`STALE_AFTER_MONTHS`] draws a warning.
pub fn decode_file(
    file: &str,
    root: Option<&Node>,
    blueprint: &Blueprint,
    today: Month,
) -> FileContents {
    let mut cx = Decoder {
        file,
        blueprint,
        today,
        out: FileContents::default(),
    };
    match root {
        None => cx.problem(
            Position::START,
            "the file is empty: it should hold `questions:` or `case_study:`",
        ),
        Some(root) => cx.root(root),
    }
    cx.out
}

struct Decoder<'a> {
    file: &'a str,
    blueprint: &'a Blueprint,
    today: Month,
    out: FileContents,
}

/// What a question's type-specific fields decoded to: one body, or a series' solutions.
enum Answerable {
    One(Body),
    Series(Vec<Solution>),
}

/// One proposed solution of a series, which becomes one question.
struct Solution {
    id: String,
    at: Position,
    statement: Statement,
}

/// The entries of one mapping, handed out by name; what is never asked for is unknown.
struct Fields<'n> {
    at: Position,
    entries: Vec<(&'n str, &'n Node, &'n Node, bool)>,
}

impl Decoder<'_> {
    fn problem(&mut self, at: Position, message: impl Into<String>) {
        self.out
            .problems
            .push(Diagnostic::new(self.file, at, message));
    }

    fn root(&mut self, root: &Node) {
        let Some(mut fields) = self.fields(root, "the file") else {
            return;
        };
        let questions = fields.take("questions");
        let case_study = fields.take("case_study");
        self.unknown_fields(&fields, &["questions", "case_study"]);
        match (questions, case_study) {
            (Some(_), Some(cs)) => self.problem(
                cs.at,
                "a file holds either `questions:` or one `case_study:`, not both",
            ),
            (Some(list), None) => {
                for node in self.list(list, "questions").unwrap_or_default() {
                    let questions = self.question(node, None);
                    self.out.questions.extend(questions);
                }
            }
            (None, Some(cs)) => self.case_study(cs),
            (None, None) => self.problem(
                root.at,
                "the file should hold `questions:` (a list) or `case_study:`",
            ),
        }
    }

    fn case_study(&mut self, node: &Node) {
        let Some(mut f) = self.fields(node, "a case study") else {
            return;
        };
        let before = self.out.problems.len();
        let id = self.required_text(&mut f, "id");
        let title = self.required_text(&mut f, "title");
        let mut scenario = Vec::new();
        if let Some(list) = self.required(&mut f, "scenario") {
            for section in self.list(list, "scenario").unwrap_or_default() {
                if let Some(mut sf) = self.fields(section, "a scenario section") {
                    let heading = self.required_text(&mut sf, "heading");
                    let text = self.required_text(&mut sf, "text");
                    self.unknown_fields(&sf, &["heading", "text"]);
                    if let (Some(heading), Some(text)) = (heading, text) {
                        scenario.push(Section {
                            heading,
                            text: text.into(),
                        });
                    }
                }
            }
            for required in REQUIRED_SECTIONS {
                if !scenario.iter().any(|s| s.heading == *required) {
                    self.problem(
                        list.at,
                        format!("the scenario needs a section with heading `{required}`"),
                    );
                }
            }
        }
        let mut questions = Vec::new();
        if let Some(list) = self.required(&mut f, "questions") {
            let items = self.list(list, "questions").unwrap_or_default();
            if !(2..=8).contains(&items.len()) {
                self.problem(
                    list.at,
                    format!(
                        "a case study holds 2 to 8 questions, this one {}",
                        items.len()
                    ),
                );
            }
            for item in items {
                let decoded = self.question(item, id.as_deref());
                questions.extend(decoded);
            }
        }
        self.unknown_fields(&f, &["id", "title", "scenario", "questions"]);
        if let (Some(id), Some(title)) = (id, title) {
            self.check_id(node.at, &id);
            if self.out.problems.len() == before {
                self.out.case_studies.push(CaseStudy {
                    id,
                    title,
                    scenario,
                    questions: questions.iter().map(|q| q.id.clone()).collect(),
                    origin: self.origin(node.at),
                });
            }
        }
        self.out.questions.extend(questions);
    }

    /// One entry of a `questions:` list: one question, or one per solution of a series;
    /// nothing if it has a problem.
    fn question(&mut self, node: &Node, case_study: Option<&str>) -> Vec<Question> {
        let Some(mut f) = self.fields(node, "a question") else {
            return Vec::new();
        };
        let before = self.out.problems.len();
        let id = self.required_text(&mut f, "id");
        if let Some(id) = &id {
            self.check_id(f.at, id);
        }
        let domain = self.required_text_node(&mut f, "domain");
        let skill = self.required_text_node(&mut f, "skill");
        let topic = self.required_text_node(&mut f, "topic");
        self.check_tags(domain.as_ref(), skill.as_ref(), topic.as_ref());
        let kind = self.required_text_node(&mut f, "type");
        let difficulty = self.difficulty(&mut f);
        let verified = self.verified(&mut f);
        let variant_of = self.variant_of(&mut f);
        let stem = self.required_text(&mut f, "stem");
        let body = kind.and_then(|(kind, at)| self.body(&mut f, &kind, at));
        let explanation = self.explanation(&mut f);
        let references = self.references(&mut f);
        self.unknown_fields(&f, QUESTION_FIELDS);
        if self.out.problems.len() != before {
            return Vec::new();
        }
        let (
            Some(id),
            Some((domain, _)),
            Some((skill, _)),
            Some((topic, _)),
            Some(difficulty),
            Some(verified),
            Some(variant_of),
            Some(stem),
            Some(body),
            Some(explanation),
            Some(references),
        ) = (
            id,
            domain,
            skill,
            topic,
            difficulty,
            verified,
            variant_of,
            stem,
            body,
            explanation,
            references,
        )
        else {
            return Vec::new();
        };
        let about = About {
            id,
            domain,
            skill,
            topic,
            difficulty,
            verified,
            case_study: case_study.map(str::to_string),
            series: None,
            variant_of,
            origin: self.origin(node.at),
        };
        let stem: Text = stem.into();
        let explanation: Text = explanation.into();
        let detail = |body| Detail {
            stem: stem.clone(),
            body,
            explanation: explanation.clone(),
            references: references.clone(),
        };
        match body {
            Answerable::One(body) => vec![Question::new(about, detail(body))],
            Answerable::Series(solutions) => {
                let count = solutions.len();
                solutions
                    .into_iter()
                    .enumerate()
                    .map(|(position, s)| {
                        let item = About {
                            id: s.id,
                            series: Some(SeriesRef {
                                id: about.id.clone(),
                                position,
                                count,
                            }),
                            origin: self.origin(s.at),
                            ..about.clone()
                        };
                        let body = Body::YesNo {
                            statements: vec![s.statement],
                        };
                        Question::new(item, detail(body))
                    })
                    .collect()
            }
        }
    }

    fn origin(&self, at: Position) -> Origin {
        Origin {
            file: self.file.to_string(),
            line: u32::try_from(at.line).unwrap_or(u32::MAX),
            col: u32::try_from(at.col).unwrap_or(u32::MAX),
        }
    }

    fn check_id(&mut self, at: Position, id: &str) {
        let words_ok = !id.is_empty()
            && id.split('-').all(|w| {
                !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        if !words_ok {
            self.problem(
                at,
                format!("id `{id}` should be lowercase words and digits joined by `-`"),
            );
        }
    }

    fn check_tags(
        &mut self,
        domain: Option<&(String, Position)>,
        skill: Option<&(String, Position)>,
        topic: Option<&(String, Position)>,
    ) {
        let Some((domain, domain_at)) = domain else {
            return;
        };
        let Some(d) = self.blueprint.domain(domain) else {
            let known: Vec<&str> = self
                .blueprint
                .domains
                .iter()
                .map(|d| d.id.as_str())
                .collect();
            self.problem(
                *domain_at,
                format!("unknown domain `{domain}` (known: {})", known.join(", ")),
            );
            return;
        };
        let Some((skill, skill_at)) = skill else {
            return;
        };
        let Some(s) = d.skills.iter().find(|s| &s.id == skill) else {
            let message = if let Some((other, _)) = self.blueprint.skill(skill) {
                format!(
                    "skill `{skill}` belongs to domain `{}`, not `{domain}`",
                    other.id
                )
            } else {
                let known: Vec<&str> = d.skills.iter().map(|s| s.id.as_str()).collect();
                format!(
                    "unknown skill `{skill}` in domain `{domain}` (known: {})",
                    known.join(", ")
                )
            };
            self.problem(*skill_at, message);
            return;
        };
        if let Some((topic, topic_at)) = topic
            && !s.topics.iter().any(|t| &t.id == topic)
        {
            let first = s.topics.first().map_or("", |t| t.id.as_str());
            let last = s.topics.last().map_or("", |t| t.id.as_str());
            self.problem(
                *topic_at,
                format!("unknown topic `{topic}` in skill `{skill}` (known: {first} to {last})"),
            );
        }
    }

    fn difficulty(&mut self, f: &mut Fields) -> Option<u8> {
        let node = self.required(f, "difficulty")?;
        match &node.value {
            Value::Scalar {
                text,
                quoted: false,
            } => {
                if let Ok(n @ 1..=3) = text.parse::<u8>() {
                    Some(n)
                } else {
                    self.problem(
                        node.at,
                        format!("difficulty must be 1, 2 or 3, not `{text}`"),
                    );
                    None
                }
            }
            other => {
                self.problem(
                    node.at,
                    format!(
                        "difficulty must be the number 1, 2 or 3, found {}",
                        other.kind()
                    ),
                );
                None
            }
        }
    }

    /// `verified: YYYY-MM`: a real month, not after `today`; a warning when stale.
    fn verified(&mut self, f: &mut Fields) -> Option<Month> {
        let (text, at) = self.required_text_node(f, "verified")?;
        let Some(month) = Month::parse(&text) else {
            self.problem(
                at,
                format!(
                    "verified must be a year and month as YYYY-MM (e.g. 2026-11), not `{text}`"
                ),
            );
            return None;
        };
        let age = month.months_until(self.today);
        if age < 0 {
            self.problem(
                at,
                format!(
                    "verified {month} is in the future (this month is {})",
                    self.today
                ),
            );
            return None;
        }
        if age > STALE_AFTER_MONTHS {
            self.out.warnings.push(Diagnostic::new(
                self.file,
                at,
                format!(
                    "verified {month} is {age} months ago: check the facts against the references again and update it"
                ),
            ));
        }
        Some(month)
    }

    /// `variant_of: OTHER-ID`, optional; whether the other exists is checked across files.
    /// `Some(None)` when absent, `None` on a problem.
    #[allow(clippy::option_option)] // absent and broken are different answers
    fn variant_of(&mut self, f: &mut Fields) -> Option<Option<String>> {
        let Some(node) = f.take("variant_of") else {
            return Some(None);
        };
        let id = self.text(node, "`variant_of`")?;
        self.check_id(node.at, &id);
        Some(Some(id))
    }

    fn explanation(&mut self, f: &mut Fields) -> Option<String> {
        self.required_text(f, "explanation")
    }

    fn references(&mut self, f: &mut Fields) -> Option<Vec<String>> {
        let list = self.required(f, "references")?;
        let items = self.list(list, "references")?;
        if items.is_empty() {
            self.problem(list.at, "at least one reference is needed");
        }
        let mut refs = Vec::new();
        for item in items {
            let url = self.text(item, "a reference")?;
            let host_ok = url
                .strip_prefix("https://")
                .is_some_and(|rest| rest.split('/').next().is_some_and(|h| h.contains('.')));
            if !host_ok || url.contains(char::is_whitespace) {
                self.problem(item.at, format!("reference `{url}` is not an https URL"));
            }
            refs.push(url);
        }
        Some(refs)
    }

    fn body(&mut self, f: &mut Fields, kind: &str, kind_at: Position) -> Option<Answerable> {
        let allowed: &[&str] = match kind {
            "single" | "multiple" => &["options"],
            "order" => &["steps", "distractors"],
            "yesno" => &["statements"],
            "fill" => &["template", "slots"],
            "series" => &["solutions"],
            other => {
                self.problem(
                    kind_at,
                    format!(
                        "unknown type `{other}` (known: single, multiple, order, yesno, fill, series)"
                    ),
                );
                return None;
            }
        };
        for field in BODY_FIELDS {
            if !allowed.contains(field)
                && let Some(node) = f.take(field)
            {
                self.problem(
                    node.at,
                    format!("`{field}` does not belong to a `{kind}` question"),
                );
            }
        }
        let body = match kind {
            "single" | "multiple" => self.choices(f, kind == "multiple"),
            "order" => self.order(f),
            "yesno" => self.yesno(f),
            "series" => return self.series(f).map(Answerable::Series),
            _ => self.fill(f),
        };
        body.map(Answerable::One)
    }

    fn choices(&mut self, f: &mut Fields, multiple: bool) -> Option<Body> {
        let list = self.required(f, "options")?;
        let items = self.list(list, "options")?;
        let mut options = Vec::new();
        for item in items {
            let Some(mut of) = self.fields(item, "an option") else {
                continue;
            };
            let text = self.required_text(&mut of, "text");
            let correct = self.optional_bool(&mut of, "correct").unwrap_or(false);
            let why = self.required_text(&mut of, "why");
            self.unknown_fields(&of, &["text", "correct", "why"]);
            if let Some(text) = &text {
                let lower = text.to_lowercase();
                if ["all of the above", "none of the above", "both of the above"]
                    .iter()
                    .any(|p| lower.contains(p))
                {
                    self.problem(
                        item.at,
                        "options are shuffled: an option may not refer to the others",
                    );
                }
            }
            if let (Some(text), Some(why)) = (text, why) {
                options.push((
                    item.at,
                    Choice {
                        text: text.into(),
                        correct,
                        why: why.into(),
                    },
                ));
            }
        }
        self.distinct(
            options.iter().map(|(at, c)| (*at, c.text.as_str())),
            "option",
        );
        let correct = options.iter().filter(|(_, c)| c.correct).count();
        if options.len() != items.len() {
            // An option with a problem of its own: counting the rest would only mislead.
        } else if options.len() < 2 {
            self.problem(list.at, "a question needs at least two options");
        } else if multiple && correct < 2 {
            self.problem(
                list.at,
                format!("a `multiple` question needs two or more correct options, found {correct}"),
            );
        } else if multiple && correct == options.len() {
            self.problem(
                list.at,
                "a `multiple` question needs at least one wrong option",
            );
        } else if !multiple && correct != 1 {
            self.problem(
                list.at,
                format!("a `single` question needs exactly one correct option, found {correct}"),
            );
        }
        let options = options.into_iter().map(|(_, c)| c).collect();
        Some(if multiple {
            Body::Multiple { options }
        } else {
            Body::Single { options }
        })
    }

    fn order(&mut self, f: &mut Fields) -> Option<Body> {
        let list = self.required(f, "steps")?;
        let steps = self.texts(list, "steps")?;
        if steps.len() < 3 {
            self.problem(
                list.at,
                format!(
                    "an `order` question needs at least 3 steps, found {}",
                    steps.len()
                ),
            );
        }
        let written = match f.take("distractors") {
            Some(node) => self.list(node, "distractors")?,
            None => &[],
        };
        if written.is_empty() {
            self.out.warnings.push(Diagnostic::new(
                self.file,
                list.at,
                "an `order` question needs at least one distractor (an item that belongs in no position, with its why)",
            ));
        }
        let mut distractors = Vec::new();
        for item in written {
            if let Value::Scalar { .. } = item.value {
                self.problem(
                    item.at,
                    "a distractor is a mapping `{text: ..., why: ...}`: say why it belongs in no position",
                );
                continue;
            }
            let Some(mut df) = self.fields(item, "a distractor") else {
                continue;
            };
            let text = self.required_text(&mut df, "text");
            let why = self.required_text(&mut df, "why");
            self.unknown_fields(&df, &["text", "why"]);
            if let (Some(text), Some(why)) = (text, why) {
                distractors.push((
                    item.at,
                    Distractor {
                        text: text.into(),
                        why: why.into(),
                    },
                ));
            }
        }
        self.distinct(
            steps
                .iter()
                .map(|(at, t)| (*at, t.as_str()))
                .chain(distractors.iter().map(|(at, d)| (*at, d.text.as_str()))),
            "step",
        );
        Some(Body::Order {
            steps: steps.into_iter().map(|(_, t)| t.into()).collect(),
            distractors: distractors.into_iter().map(|(_, d)| d).collect(),
        })
    }

    /// A series' `solutions`: each `{id, text, answer, why}` becomes one yes/no item.
    fn series(&mut self, f: &mut Fields) -> Option<Vec<Solution>> {
        let list = self.required(f, "solutions")?;
        let items = self.list(list, "solutions")?;
        let mut solutions = Vec::new();
        for item in items {
            let Some(mut sf) = self.fields(item, "a solution") else {
                continue;
            };
            let id = self.required_text_node(&mut sf, "id");
            if let Some((id, at)) = &id {
                self.check_id(*at, id);
            }
            let text = self.required_text(&mut sf, "text");
            let answer = self.yes_or_no(&mut sf);
            let why = self.required_text(&mut sf, "why");
            self.unknown_fields(&sf, &["id", "text", "answer", "why"]);
            if let (Some((id, _)), Some(text), Some(answer), Some(why)) = (id, text, answer, why) {
                solutions.push(Solution {
                    id,
                    at: item.at,
                    statement: Statement {
                        text: text.into(),
                        answer,
                        why: why.into(),
                    },
                });
            }
        }
        if !SERIES_SOLUTIONS.contains(&items.len()) {
            self.problem(
                list.at,
                format!(
                    "a series holds {} to {} solutions, this one {}",
                    SERIES_SOLUTIONS.start(),
                    SERIES_SOLUTIONS.end(),
                    items.len()
                ),
            );
        }
        self.distinct(
            solutions.iter().map(|s| (s.at, s.statement.text.as_str())),
            "solution",
        );
        Some(solutions)
    }

    fn yesno(&mut self, f: &mut Fields) -> Option<Body> {
        let list = self.required(f, "statements")?;
        let items = self.list(list, "statements")?;
        let mut statements = Vec::new();
        for item in items {
            let Some(mut sf) = self.fields(item, "a statement") else {
                continue;
            };
            let text = self.required_text(&mut sf, "text");
            let answer = self.yes_or_no(&mut sf);
            let why = self.required_text(&mut sf, "why");
            self.unknown_fields(&sf, &["text", "answer", "why"]);
            if let (Some(text), Some(answer), Some(why)) = (text, answer, why) {
                statements.push((
                    item.at,
                    Statement {
                        text: text.into(),
                        answer,
                        why: why.into(),
                    },
                ));
            }
        }
        if items.is_empty() {
            self.problem(list.at, "a `yesno` question needs at least one statement");
        }
        self.distinct(
            statements.iter().map(|(at, s)| (*at, s.text.as_str())),
            "statement",
        );
        Some(Body::YesNo {
            statements: statements.into_iter().map(|(_, s)| s).collect(),
        })
    }

    /// The `answer: yes|no` of a statement or solution.
    fn yes_or_no(&mut self, f: &mut Fields) -> Option<bool> {
        let node = self.required(f, "answer")?;
        match &node.value {
            Value::Scalar { text, .. } if text == "yes" => Some(true),
            Value::Scalar { text, .. } if text == "no" => Some(false),
            Value::Scalar { text, .. } => {
                self.problem(
                    node.at,
                    format!("answer must be `yes` or `no`, not `{text}`"),
                );
                None
            }
            other => {
                self.problem(
                    node.at,
                    format!("answer must be `yes` or `no`, found {}", other.kind()),
                );
                None
            }
        }
    }

    fn fill(&mut self, f: &mut Fields) -> Option<Body> {
        let template_node = self.required(f, "template");
        let template = template_node.and_then(|n| self.text(n, "the template"));
        let list = self.required(f, "slots")?;
        let items = self.list(list, "slots")?;
        let mut slots = Vec::new();
        for item in items {
            let Some(mut sf) = self.fields(item, "a slot") else {
                continue;
            };
            let options = self
                .required(&mut sf, "options")
                .and_then(|n| self.texts(n, "options"));
            let answer = self.required_text_node(&mut sf, "answer");
            let why = self.required_text(&mut sf, "why");
            self.unknown_fields(&sf, &["options", "answer", "why"]);
            let (Some(options), Some((answer, answer_at)), Some(why)) = (options, answer, why)
            else {
                continue;
            };
            if options.len() < 2 {
                self.problem(item.at, "a slot needs at least two options");
            }
            self.distinct(
                options.iter().map(|(at, t)| (*at, t.as_str())),
                "slot option",
            );
            match options.iter().position(|(_, o)| *o == answer) {
                Some(index) => slots.push(Slot {
                    options: options.into_iter().map(|(_, t)| t).collect(),
                    answer: index,
                    why: why.into(),
                }),
                None => self.problem(
                    answer_at,
                    format!("slot answer `{answer}` is not among the slot's options"),
                ),
            }
        }
        let (template, template_node) = (Template::parse(template?), template_node?);
        let placeholders: Vec<usize> = template.slots().collect();
        let expected: Vec<usize> = (1..=items.len()).collect();
        if placeholders != expected {
            let found: Vec<String> = placeholders
                .iter()
                .map(|n| format!("{{{{{n}}}}}"))
                .collect();
            self.problem(
                template_node.at,
                format!(
                    "the template's placeholders ({}) do not match its {} slots: expected {{{{1}}}} to {{{{{}}}}}, each once",
                    if found.is_empty() { "none".to_string() } else { found.join(" ") },
                    items.len(),
                    items.len()
                ),
            );
        }
        Some(Body::Fill { template, slots })
    }

    // ---- generic field access -------------------------------------------------------------

    fn fields<'n>(&mut self, node: &'n Node, what: &str) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            self.problem(
                node.at,
                format!(
                    "{what} should be a mapping of fields, found {}",
                    node.value.kind()
                ),
            );
            return None;
        };
        let mut out: Vec<(&'n str, &'n Node, &'n Node, bool)> = Vec::new();
        for (key, value) in entries {
            let Value::Scalar { text, .. } = &key.value else {
                self.problem(key.at, "a field name must be plain text");
                continue;
            };
            if out.iter().any(|(k, ..)| k == text) {
                self.problem(key.at, format!("field `{text}` appears twice"));
                continue;
            }
            out.push((text.as_str(), key, value, false));
        }
        Some(Fields {
            at: node.at,
            entries: out,
        })
    }

    fn unknown_fields(&mut self, f: &Fields, known: &[&str]) {
        for (name, key, _, used) in &f.entries {
            if !used {
                let hint = closest(name, known)
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                self.problem(key.at, format!("unknown field `{name}`{hint}"));
            }
        }
    }

    fn required<'n>(&mut self, f: &mut Fields<'n>, name: &str) -> Option<&'n Node> {
        let node = f.take(name);
        if node.is_none() {
            self.problem(f.at, format!("missing field `{name}`"));
        }
        node
    }

    fn required_text(&mut self, f: &mut Fields, name: &str) -> Option<String> {
        self.required_text_node(f, name).map(|(t, _)| t)
    }

    fn required_text_node(&mut self, f: &mut Fields, name: &str) -> Option<(String, Position)> {
        let node = self.required(f, name)?;
        let text = self.text(node, &format!("`{name}`"))?;
        Some((text, node.at))
    }

    fn optional_bool(&mut self, f: &mut Fields, name: &str) -> Option<bool> {
        let node = f.take(name)?;
        match &node.value {
            Value::Scalar {
                text,
                quoted: false,
            } if text == "true" => Some(true),
            Value::Scalar {
                text,
                quoted: false,
            } if text == "false" => Some(false),
            _ => {
                self.problem(node.at, format!("`{name}` must be true or false"));
                None
            }
        }
    }

    /// A scalar as text: not empty, no control characters.
    fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.value {
            Value::Scalar { text, quoted } if !*quoted && is_null(text) => {
                self.problem(node.at, format!("{what} is empty"));
                None
            }
            Value::Scalar { text, .. } if text.trim().is_empty() => {
                self.problem(node.at, format!("{what} is empty"));
                None
            }
            Value::Scalar { text, .. } => {
                if let Some(c) = text.chars().find(|c| is_forbidden_control(*c)) {
                    self.problem(
                        node.at,
                        format!(
                            "{what} holds the control character {}: only newline and tab are allowed",
                            c.escape_unicode()
                        ),
                    );
                    return None;
                }
                Some(text.clone())
            }
            other => {
                self.problem(
                    node.at,
                    format!("{what} should be text, found {}", other.kind()),
                );
                None
            }
        }
    }

    /// The items of a list, or `None` (with a problem) if the node is not a list.
    fn list<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        match &node.value {
            Value::List(items) => Some(items),
            other => {
                self.problem(
                    node.at,
                    format!("`{what}` should be a list, found {}", other.kind()),
                );
                None
            }
        }
    }

    fn texts(&mut self, node: &Node, what: &str) -> Option<Vec<(Position, String)>> {
        let items = self.list(node, what)?;
        Some(
            items
                .iter()
                .filter_map(|item| {
                    self.text(item, &format!("an item of `{what}`"))
                        .map(|t| (item.at, t))
                })
                .collect(),
        )
    }

    fn distinct<'t>(&mut self, items: impl Iterator<Item = (Position, &'t str)>, what: &str) {
        let mut seen: Vec<&str> = Vec::new();
        for (at, text) in items {
            if seen.contains(&text) {
                self.problem(at, format!("{what} text repeated: `{text}`"));
            } else {
                seen.push(text);
            }
        }
    }
}

impl<'n> Fields<'n> {
    fn take(&mut self, name: &str) -> Option<&'n Node> {
        let entry = self.entries.iter_mut().find(|(k, ..)| *k == name)?;
        entry.3 = true;
        Some(entry.2)
    }
}

/// The known name closest to a misspelt one, if it is close enough to be a typo.
fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
