//! Coverage of a bank: how many questions per domain, skill, topic, type and difficulty, and
//! which topics have none.

use serde::Serialize;

use super::model::Bank;

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

/// Counts a bank's questions every way the coverage report needs.
pub fn bank_stats(bank: &Bank) -> BankStats {
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
                share: if total == 0 {
                    0.0
                } else {
                    (1000.0 * count as f64 / total as f64).round() / 10.0
                },
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
    BankStats {
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
