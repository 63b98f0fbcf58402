//! The question bank's data: the exam blueprint, questions of every type and case studies.
//!
//! These types are shared with `build.rs`, which compiles the built-in bank into the binary, so
//! this file depends on nothing but `serde` and the document model.

use serde::{Deserialize, Serialize};

pub use super::content::Detail;
pub use super::doc::{Template, Text};
pub use super::question::{About, Question};

/// The scaled score that passes: the one place the pass mark is written in code (the
/// blueprint states it too, and the build checks that the two agree).
pub const PASSING_SCORE: u32 = 700;
/// The top of the scaled score.
pub const MAX_SCORE: u32 = 1000;

/// The exam's structure: domains with their weight ranges, skills and topics, and the pass mark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blueprint {
    /// The exam code, `AZ-400`.
    pub exam: String,
    /// The exam's full title.
    pub title: String,
    /// The date of the skills outline the ids follow.
    pub outline_date: String,
    /// The scaled score that passes.
    pub passing_score: u32,
    /// The top of the scaled score.
    pub max_score: u32,
    /// The exam's domains, in the outline's order.
    pub domains: Vec<Domain>,
}

/// One exam domain ("Design and implement build and release pipelines").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// The stable id questions are tagged with, e.g. `pipelines`.
    pub id: String,
    /// The outline's name of the domain.
    pub name: String,
    /// The share of the exam in percent, as a range (`[50, 55]`).
    pub weight: [u32; 2],
    /// The domain's skills.
    pub skills: Vec<Skill>,
}

/// One skill inside a domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    /// The stable id, e.g. `deployments`.
    pub id: String,
    /// The outline's name of the skill.
    pub name: String,
    /// The skill's topics.
    pub topics: Vec<Topic>,
}

/// One topic of a skill, the finest grain of coverage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// `<skill>.<n>`, e.g. `deployments.3`.
    pub id: String,
    /// The outline's wording of the topic.
    pub name: String,
}

impl Domain {
    /// The midpoint of the weight range, the share the sampler aims for.
    pub fn weight_midpoint(&self) -> f64 {
        f64::from(self.weight[0] + self.weight[1]) / 2.0
    }
}

impl Blueprint {
    /// The domain with this id.
    pub fn domain(&self, id: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.id == id)
    }

    /// The skill with this id, with the domain it belongs to.
    pub fn skill(&self, id: &str) -> Option<(&Domain, &Skill)> {
        self.domains
            .iter()
            .flat_map(|d| d.skills.iter().map(move |s| (d, s)))
            .find(|(_, s)| s.id == id)
    }
}

/// Where a question was written: the file and the line its entry starts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The file, as given on the command line or relative to the bank folder.
    pub file: String,
    /// The 1-based line of the entry's first field.
    pub line: u32,
    /// The 1-based column of the entry's first field.
    pub col: u32,
}

/// A year and month, as in `verified: 2026-11`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    /// The year, e.g. 2026.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
}

impl Month {
    /// Reads `YYYY-MM` (a month 01 to 12); `None` for anything else.
    pub fn parse(text: &str) -> Option<Month> {
        let (year, month) = text.split_once('-')?;
        if year.len() != 4
            || month.len() != 2
            || !(year.chars().chain(month.chars())).all(|c| c.is_ascii_digit())
        {
            return None;
        }
        let month: u8 = month.parse().ok()?;
        (1..=12).contains(&month).then_some(Month {
            year: year.parse().ok()?,
            month,
        })
    }

    /// Whole months from `self` to `later` (negative if `later` is earlier).
    pub fn months_until(self, later: Month) -> i32 {
        (i32::from(later.year) - i32::from(self.year)) * 12 + i32::from(later.month)
            - i32::from(self.month)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Where an item sits in its series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesRef {
    /// The series id, shared by all its items.
    pub id: String,
    /// The item's 0-based position in the series.
    pub position: usize,
    /// How many items the series has.
    pub count: usize,
}

/// The answerable part of a question, one variant per question type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Body {
    /// Pick the one correct option.
    Single {
        /// The options in authored order.
        options: Vec<Choice>,
    },
    /// Pick exactly as many options as are correct ("Choose N").
    Multiple {
        /// The options in authored order.
        options: Vec<Choice>,
    },
    /// Build the list of steps in the right order.
    Order {
        /// The steps, in the right order.
        steps: Vec<Text>,
        /// Items that belong in no position.
        distractors: Vec<Distractor>,
    },
    /// Answer yes or no to each statement.
    YesNo {
        /// The statements.
        statements: Vec<Statement>,
    },
    /// Complete a snippet by choosing an option for each `{{n}}` slot.
    Fill {
        /// The snippet with `{{1}}`, `{{2}}`… placeholders, split into code and slots.
        template: Template,
        /// The slots, in placeholder order.
        slots: Vec<Slot>,
    },
}

/// One option of a `single` or `multiple` question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// The option's text.
    pub text: Text,
    /// Whether choosing it is right.
    pub correct: bool,
    /// Why it is right or wrong, shown in review.
    pub why: Text,
}

/// An item of an `order` question that belongs in no position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Distractor {
    /// The item's text.
    pub text: Text,
    /// Why it is not a step, shown in review.
    pub why: Text,
}

/// One statement of a `yesno` question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// The statement.
    pub text: Text,
    /// `true` for yes.
    pub answer: bool,
    /// Why, shown in review.
    pub why: Text,
}

/// One drop-down slot of a `fill` question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    /// The choices offered.
    pub options: Vec<String>,
    /// The index of the right choice in `options`.
    pub answer: usize,
    /// Why, shown in review.
    pub why: Text,
}

/// A shared scenario with several questions, as on the exam.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseStudy {
    /// Unique id, e.g. `cs-fabrikam-retail`.
    pub id: String,
    /// The title shown above the scenario.
    pub title: String,
    /// Overview, Existing environment, Requirements and any further sections.
    pub scenario: Vec<Section>,
    /// The ids of its questions, in order.
    pub questions: Vec<String>,
    /// Where it was written.
    pub origin: Origin,
}

/// One headed section of a case-study scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The heading, e.g. `Requirements`.
    pub heading: String,
    /// The section's text.
    pub text: Text,
}

/// A loaded bank: the blueprint with all questions and case studies.
///
/// Lookups by id go through an index built when the bank is assembled ([`Bank::new`], and on
/// every decode); it is never serialized, so the compiled bank and the caches do not carry it.
/// Code that changes `questions` or `case_studies` afterwards calls [`Bank::reindex`]; until
/// then a lookup notices a changed count and falls back to a scan.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "BankParts")]
pub struct Bank {
    /// The exam's structure.
    pub blueprint: Blueprint,
    /// Every question, case-study questions included.
    pub questions: Vec<Question>,
    /// The case studies.
    pub case_studies: Vec<CaseStudy>,
    /// Where each id sits in `questions` and `case_studies`.
    #[serde(skip)]
    index: IdIndex,
    /// The fingerprint taken when the bank was compiled (the built-in bank's), until the
    /// bank changes ([`Bank::reindex`]).
    #[serde(skip)]
    fingerprint: Option<String>,
}

/// A bank as it is written: what [`Bank`] decodes from before its index is built.
#[derive(Deserialize)]
struct BankParts {
    blueprint: Blueprint,
    questions: Vec<Question>,
    case_studies: Vec<CaseStudy>,
}

impl From<BankParts> for Bank {
    fn from(parts: BankParts) -> Bank {
        Bank::new(parts.blueprint, parts.questions, parts.case_studies)
    }
}

/// Two banks are equal when their content is: the index follows from it.
impl PartialEq for Bank {
    fn eq(&self, other: &Bank) -> bool {
        self.blueprint == other.blueprint
            && self.questions == other.questions
            && self.case_studies == other.case_studies
    }
}

/// The position of each question and case study by id, and the counts it was built for.
#[derive(Clone, Default)]
struct IdIndex {
    questions: foldhash::HashMap<String, usize>,
    case_studies: foldhash::HashMap<String, usize>,
    question_count: usize,
    case_study_count: usize,
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdIndex")
            .field("questions", &self.question_count)
            .field("case_studies", &self.case_study_count)
            .finish()
    }
}

impl IdIndex {
    fn of(questions: &[Question], case_studies: &[CaseStudy]) -> IdIndex {
        // The first of a repeated id wins, as a scan would find it.
        let mut by_question = foldhash::HashMap::with_capacity_and_hasher(
            questions.len(),
            foldhash::fast::RandomState::default(),
        );
        for (n, q) in questions.iter().enumerate() {
            by_question.entry(q.id.clone()).or_insert(n);
        }
        let mut by_case = foldhash::HashMap::with_capacity_and_hasher(
            case_studies.len(),
            foldhash::fast::RandomState::default(),
        );
        for (n, c) in case_studies.iter().enumerate() {
            by_case.entry(c.id.clone()).or_insert(n);
        }
        IdIndex {
            questions: by_question,
            case_studies: by_case,
            question_count: questions.len(),
            case_study_count: case_studies.len(),
        }
    }
}

impl Bank {
    /// A bank of these questions and case studies, indexed by id.
    pub fn new(
        blueprint: Blueprint,
        questions: Vec<Question>,
        case_studies: Vec<CaseStudy>,
    ) -> Bank {
        let index = IdIndex::of(&questions, &case_studies);
        Bank {
            blueprint,
            questions,
            case_studies,
            index,
            fingerprint: None,
        }
    }

    /// This bank, whose fingerprint is known already (taken when it was compiled, or from
    /// the files it was read from).
    pub fn with_known_fingerprint(self, fingerprint: impl Into<String>) -> Bank {
        Bank {
            fingerprint: Some(fingerprint.into()),
            ..self
        }
    }

    /// The fingerprint known for the bank, if it has not changed since.
    pub fn known_fingerprint(&self) -> Option<&str> {
        self.fingerprint.as_deref()
    }

    /// Rebuilds the id index after `questions` or `case_studies` changed (and forgets the
    /// fingerprint the bank was compiled with).
    pub fn reindex(&mut self) {
        self.index = IdIndex::of(&self.questions, &self.case_studies);
        self.fingerprint = None;
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        if self.index.question_count != self.questions.len() {
            return self.questions.iter().find(|q| q.id == id);
        }
        let found = self.questions.get(*self.index.questions.get(id)?)?;
        if found.id == id {
            Some(found)
        } else {
            // Changed in place since the index was built.
            self.questions.iter().find(|q| q.id == id)
        }
    }

    /// The case study with this id.
    pub fn case_study(&self, id: &str) -> Option<&CaseStudy> {
        if self.index.case_study_count != self.case_studies.len() {
            return self.case_studies.iter().find(|c| c.id == id);
        }
        let found = self.case_studies.get(*self.index.case_studies.get(id)?)?;
        if found.id == id {
            Some(found)
        } else {
            self.case_studies.iter().find(|c| c.id == id)
        }
    }
}

impl Body {
    /// How many options a choice question takes: one for `single`, the correct ones for
    /// `multiple` (the "Choose N" of the exam); 0 for the other kinds.
    pub fn to_choose(&self) -> usize {
        match self {
            Body::Single { .. } => 1,
            Body::Multiple { options } => options.iter().filter(|o| o.correct).count(),
            Body::Order { .. } | Body::YesNo { .. } | Body::Fill { .. } => 0,
        }
    }

    /// The parts a question is scored on, a point each: the choice of `single`, each correct
    /// option of `multiple`, each step of `order`, each statement, each slot.
    pub fn parts(&self) -> usize {
        match self {
            Body::Single { .. } | Body::Multiple { .. } => self.to_choose(),
            Body::Order { steps, .. } => steps.len(),
            Body::YesNo { statements } => statements.len(),
            Body::Fill { slots, .. } => slots.len(),
        }
    }
}
