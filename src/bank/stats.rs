//! Coverage of a bank: how many questions per domain, skill, topic, type and difficulty, and
//! which topics have none; and its quality signals: how often the key of a single-choice item
//! is its longest option, how long ago facts were verified, series, order items without a
//! distractor.

use serde::Serialize;

use super::decode::STALE_AFTER_MONTHS;
use super::model::{Bank, Body, Month};

/// The most single-choice items whose correct option is the longest that a bank should have,
/// in percent: more, and length gives the answer away.
pub const LONGEST_CORRECT_TARGET: f64 = 30.0;

/// Counts of a bank's questions, ready to print or serialize.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BankStats {
    /// All questions, case-study questions included.
    pub questions: usize,
    /// The number of case studies.
    pub case_studies: usize,
    /// Per domain, in blueprint order.
    pub domains: Vec<DomainCount>,
    /// Per skill, in blueprint order.
    pub skills: Vec<Count>,
    /// Per topic, in blueprint order.
    pub topics: Vec<Count>,
    /// Per question type.
    pub types: Vec<Count>,
    /// Per difficulty 1..3.
    pub difficulties: Vec<Count>,
    /// The ids of topics with no question.
    pub uncovered_topics: Vec<String>,
    /// Single-choice items whose correct option is the longest (ties included).
    pub longest_correct: LongestCorrect,
    /// How many questions were verified in each month, oldest first.
    pub verified: Vec<Count>,
    /// Questions verified more than 12 months before the month the stats were taken in.
    pub stale: usize,
    /// The number of series.
    pub series: usize,
    /// The items of all series (each counts as a question).
    pub series_items: usize,
    /// The ids of order items with no distractor.
    pub order_without_distractor: Vec<String>,
}

/// How often length gives away the answer of a single-choice item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LongestCorrect {
    /// Single-choice items.
    pub items: usize,
    /// Those whose correct option is at least as long as every other option.
    pub longest: usize,
    /// `longest` as a percentage of `items`, one decimal.
    pub share: f64,
    /// The target: at most this share ([`LONGEST_CORRECT_TARGET`]).
    pub target: f64,
}

/// A domain's count beside its exam weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainCount {
    /// The domain id.
    pub id: String,
    /// Its questions.
    pub count: usize,
    /// Its share of the bank in percent.
    pub share: f64,
    /// The exam's weight range in percent.
    pub weight: [u32; 2],
}

/// How many questions carry a label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    /// The label (an id, a type name, a difficulty).
    pub id: String,
    /// The number of questions.
    pub count: usize,
}

/// Counts a bank's questions every way the coverage report needs; `today` dates the
/// `verified` months.
pub fn bank_stats(bank: &Bank, today: Month) -> BankStats {
    let total = bank.questions.len();
    let count_where = |pred: &dyn Fn(&super::model::Question) -> bool| {
        bank.questions.iter().filter(|q| pred(q)).count()
    };
    let bp = &bank.blueprint;
    let domains = bp
        .domains
        .iter()
        .map(|d| {
            let count = count_where(&|q| q.domain == d.id);
            DomainCount {
                id: d.id.clone(),
                count,
                share: percent(count, total),
                weight: d.weight,
            }
        })
        .collect();
    let skills = bp
        .domains
        .iter()
        .flat_map(|d| &d.skills)
        .map(|s| Count {
            id: s.id.clone(),
            count: count_where(&|q| q.skill == s.id),
        })
        .collect();
    let topics: Vec<Count> = bp
        .domains
        .iter()
        .flat_map(|d| &d.skills)
        .flat_map(|s| &s.topics)
        .map(|t| Count {
            id: t.id.clone(),
            count: count_where(&|q| q.topic == t.id),
        })
        .collect();
    let types = ["single", "multiple", "order", "yesno", "fill", "series"]
        .into_iter()
        .map(|k| Count {
            id: k.to_string(),
            count: count_where(&|q| q.kind_name() == k),
        })
        .collect();
    let difficulties = (1..=3)
        .map(|d| Count {
            id: d.to_string(),
            count: count_where(&|q| q.difficulty == d),
        })
        .collect();
    let uncovered_topics = topics
        .iter()
        .filter(|t| t.count == 0)
        .map(|t| t.id.clone())
        .collect();
    let singles: Vec<&[super::model::Choice]> = bank
        .questions
        .iter()
        .filter_map(|q| match &q.body() {
            Body::Single { options } => Some(options.as_slice()),
            _ => None,
        })
        .collect();
    let longest = singles
        .iter()
        .filter(|options| {
            let len = |t: &str| t.chars().count();
            let max = options.iter().map(|o| len(&o.text)).max().unwrap_or(0);
            options.iter().any(|o| o.correct && len(&o.text) == max)
        })
        .count();
    let mut months: Vec<Month> = bank.questions.iter().map(|q| q.verified).collect();
    months.sort_unstable();
    let mut verified: Vec<Count> = Vec::new();
    for m in months {
        match verified.last_mut() {
            Some(c) if c.id == m.to_string() => c.count += 1,
            _ => verified.push(Count {
                id: m.to_string(),
                count: 1,
            }),
        }
    }
    let series_items = bank.questions.iter().filter(|q| q.series.is_some()).count();
    BankStats {
        longest_correct: LongestCorrect {
            items: singles.len(),
            longest,
            share: percent(longest, singles.len()),
            target: LONGEST_CORRECT_TARGET,
        },
        verified,
        stale: count_where(&|q| q.verified.months_until(today) > STALE_AFTER_MONTHS),
        series: bank
            .questions
            .iter()
            .filter(|q| q.series.as_ref().is_some_and(|s| s.position == 0))
            .count(),
        series_items,
        order_without_distractor: bank
            .questions
            .iter()
            .filter(
                |q| matches!(&q.body(), Body::Order { distractors, .. } if distractors.is_empty()),
            )
            .map(|q| q.id.clone())
            .collect(),
        questions: total,
        case_studies: bank.case_studies.len(),
        domains,
        skills,
        topics,
        types,
        difficulties,
        uncovered_topics,
    }
}

/// `part` of `whole` in percent, to one decimal; 0 for an empty whole.
fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (1000.0 * part as f64 / whole as f64).round() / 10.0
    }
}

impl BankStats {
    /// The report as plain text for the terminal.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{} questions, {} case studies\n\nBy domain (share of bank / exam weight):\n",
            self.questions, self.case_studies
        );
        for d in &self.domains {
            out += &format!(
                "  {:<18} {:>4}  {:>5.1}%  (exam {}-{}%)\n",
                d.id, d.count, d.share, d.weight[0], d.weight[1]
            );
        }
        for (title, counts) in [
            ("By skill", &self.skills),
            ("By type", &self.types),
            ("By difficulty", &self.difficulties),
        ] {
            out += &format!("\n{title}:\n");
            for c in counts {
                out += &format!("  {:<18} {:>4}\n", c.id, c.count);
            }
        }
        out += "\nBy topic:\n";
        for line in self.topics.chunks(4) {
            let cells: Vec<String> = line
                .iter()
                .map(|c| format!("{:<18} {:>3}", c.id, c.count))
                .collect();
            out += &format!("  {}\n", cells.join("   "));
        }
        out += &format!(
            "\nSeries: {} with {} items\n",
            self.series, self.series_items
        );
        let lc = &self.longest_correct;
        out += &format!(
            "Correct option is the longest in {} of {} single-choice items: {:.1}% (target at most {:.0}%)\n",
            lc.longest, lc.items, lc.share, lc.target
        );
        let months: Vec<String> = self
            .verified
            .iter()
            .map(|c| format!("{} {}", c.id, c.count))
            .collect();
        out += &format!(
            "Verified: {}; {} older than {STALE_AFTER_MONTHS} months\n",
            months.join(", "),
            self.stale
        );
        if !self.order_without_distractor.is_empty() {
            out += &format!(
                "Order items without a distractor ({}): {}\n",
                self.order_without_distractor.len(),
                self.order_without_distractor.join(", ")
            );
        }
        if self.uncovered_topics.is_empty() {
            out += "\nEvery topic has at least one question.\n";
        } else {
            out += &format!(
                "\nTopics with no question ({}): {}\n",
                self.uncovered_topics.len(),
                self.uncovered_topics.join(", ")
            );
        }
        out
    }
}
