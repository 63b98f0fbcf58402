//! The built-in bank meets the bar set for it: size, exam-weighted domain shares, every topic
//! covered, the exam's mix of item types and difficulty, series and case studies, distractors
//! that need knowledge, and official references.
//!
//! [`HELD`] is the bar main's bank meets today; [`ISSUE_11`] is the bar of bank v2 (issue 11).
//! When the v2 question branches have landed, set `HELD` to `ISSUE_11`'s values and empty
//! [`ORDER_ITEMS_AWAITING_A_DISTRACTOR`].

use az400_sprint::bank::doc::{Block, Inline};
use az400_sprint::bank::{self, Body, Month, stats::bank_stats};

/// The numbers a bank is held to.
struct Bar {
    /// Questions in all (each series item counts).
    questions: usize,
    /// Questions per topic, at least.
    per_topic: usize,
    /// Percent of questions at difficulty 3, at least.
    hard_percent: usize,
    /// Percent of single-choice items whose correct option is the longest, at most.
    longest_correct_percent: f64,
    /// Series, at least.
    series: usize,
    /// Case studies, at least.
    case_studies: usize,
    /// Questions per case study, at least.
    case_questions: usize,
}

/// What main's bank meets now: bank v2 has landed, so the full issue 11 bar.
const HELD: Bar = ISSUE_11;

/// Issue 11's acceptance bar (bank v2).
const ISSUE_11: Bar = Bar {
    questions: 500,
    per_topic: 4,
    hard_percent: 40,
    longest_correct_percent: 30.0,
    series: 15,
    case_studies: 6,
    case_questions: 5,
};

/// Order items on main that still lack a distractor; a writer's branch adds them. No other
/// order item may lack one.
const ORDER_ITEMS_AWAITING_A_DISTRACTOR: &[&str] = &[];

/// The month the bank's dates are judged in by these tests.
const THIS_MONTH: Month = Month {
    year: 2026,
    month: 11,
};

#[test]
fn it_holds_enough_questions_in_the_exam_domain_ranges() {
    let bank = bank::builtin();
    let stats = bank_stats(&bank, THIS_MONTH);
    assert!(
        stats.questions >= HELD.questions,
        "{} questions; the bank is held to {} (issue 11 asks {})",
        stats.questions,
        HELD.questions,
        ISSUE_11.questions
    );
    for d in &stats.domains {
        assert!(
            d.share >= f64::from(d.weight[0]) && d.share <= f64::from(d.weight[1]),
            "{} is {}% of the bank, the exam gives it {}-{}%",
            d.id,
            d.share,
            d.weight[0],
            d.weight[1]
        );
    }
}

#[test]
fn every_topic_has_enough_questions() {
    let stats = bank_stats(&bank::builtin(), THIS_MONTH);
    let thin: Vec<String> = stats
        .topics
        .iter()
        .filter(|t| t.count < HELD.per_topic)
        .map(|t| format!("{} ({})", t.id, t.count))
        .collect();
    assert!(
        thin.is_empty(),
        "topics with fewer than {} questions (issue 11 asks {}): {thin:?}",
        HELD.per_topic,
        ISSUE_11.per_topic
    );
}

#[test]
fn the_type_and_difficulty_mix_follows_the_exam() {
    let stats = bank_stats(&bank::builtin(), THIS_MONTH);
    let share = |kind: &str| {
        let n = stats
            .types
            .iter()
            .find(|t| t.id == kind)
            .map_or(0, |t| t.count);
        100.0 * n as f64 / stats.questions as f64
    };
    assert!(share("multiple") >= 15.0, "multiple {}", share("multiple"));
    assert!(share("order") >= 5.0, "order {}", share("order"));
    assert!(share("yesno") >= 5.0, "yesno {}", share("yesno"));
    assert!(share("fill") >= 8.0, "fill {}", share("fill"));
    let hard = stats
        .difficulties
        .iter()
        .find(|d| d.id == "3")
        .map_or(0, |d| d.count);
    assert!(
        100 * hard >= HELD.hard_percent * stats.questions,
        "{hard} of {} at difficulty 3; the bank is held to {}% (issue 11 asks {}%)",
        stats.questions,
        HELD.hard_percent,
        ISSUE_11.hard_percent
    );
}

#[test]
fn the_correct_option_is_seldom_the_longest() {
    let stats = bank_stats(&bank::builtin(), THIS_MONTH);
    let lc = &stats.longest_correct;
    assert!(
        lc.share <= HELD.longest_correct_percent,
        "the correct option is the longest in {} of {} single-choice items ({}%); the bank is \
         held to {}% (issue 11 asks {}%)",
        lc.longest,
        lc.items,
        lc.share,
        HELD.longest_correct_percent,
        ISSUE_11.longest_correct_percent
    );
}

#[test]
// `HELD.series` is 0 until the v2 series land; the item checks below hold meanwhile.
#[allow(clippy::absurd_extreme_comparisons)]
fn there_are_enough_series_of_three_or_four_items() {
    let bank = bank::builtin();
    let stats = bank_stats(&bank, THIS_MONTH);
    assert!(
        stats.series >= HELD.series,
        "{} series; the bank is held to {} (issue 11 asks {})",
        stats.series,
        HELD.series,
        ISSUE_11.series
    );
    for q in bank.questions.iter().filter(|q| q.series.is_some()) {
        let series = q.series.as_ref().map(|s| s.id.as_str()).unwrap_or_default();
        let items = bank.series_items(series);
        assert!((3..=4).contains(&items.len()), "{series}: {}", items.len());
        assert!(
            items.iter().all(|i| i.stem() == items[0].stem()),
            "{series}: one stem"
        );
    }
}

#[test]
fn every_order_item_has_a_distractor() {
    let stats = bank_stats(&bank::builtin(), THIS_MONTH);
    let missing: Vec<&String> = stats
        .order_without_distractor
        .iter()
        .filter(|id| !ORDER_ITEMS_AWAITING_A_DISTRACTOR.contains(&id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "order items need at least one distractor with a why: {missing:?}"
    );
}

#[test]
fn there_are_enough_case_studies_with_exam_sections() {
    let bank = bank::builtin();
    assert!(
        bank.case_studies.len() >= HELD.case_studies,
        "{} case studies; the bank is held to {} (issue 11 asks {})",
        bank.case_studies.len(),
        HELD.case_studies,
        ISSUE_11.case_studies
    );
    for case in &bank.case_studies {
        assert!(
            (HELD.case_questions..=8).contains(&case.questions.len()),
            "{} has {} questions; the bank is held to {} to 8 (issue 11 asks at least {})",
            case.id,
            case.questions.len(),
            HELD.case_questions,
            ISSUE_11.case_questions
        );
        let headings: Vec<&str> = case.scenario.iter().map(|s| s.heading.as_str()).collect();
        for h in ["Overview", "Existing environment", "Requirements"] {
            assert!(headings.contains(&h), "{} lacks {h}", case.id);
        }
    }
}

#[test]
fn every_question_was_verified_within_a_year() {
    let stats = bank_stats(&bank::builtin(), THIS_MONTH);
    assert_eq!(
        stats.stale, 0,
        "questions verified more than 12 months ago: {:?}",
        stats.verified
    );
}

#[test]
fn every_question_explains_itself_and_cites_official_docs() {
    let bank = bank::builtin();
    for q in &bank.questions {
        assert!(
            q.references()
                .iter()
                .any(|r| r.starts_with("https://learn.microsoft.com/")
                    || r.starts_with("https://docs.github.com/")),
            "{}: no learn.microsoft.com or docs.github.com reference",
            q.id
        );
        let sentences = q.explanation().matches(". ").count()
            + usize::from(q.explanation().trim_end().ends_with('.'));
        assert!(
            sentences >= 2,
            "{}: the explanation should teach in two or more sentences",
            q.id
        );
        let whys_present = match &q.body() {
            Body::Single { options } | Body::Multiple { options } => {
                options.iter().all(|o| !o.why.trim().is_empty())
            }
            Body::YesNo { statements } => statements.iter().all(|s| !s.why.trim().is_empty()),
            Body::Fill { slots, .. } => slots.iter().all(|s| !s.why.trim().is_empty()),
            Body::Order { distractors, .. } => distractors.iter().all(|d| !d.why.trim().is_empty()),
        };
        assert!(
            whys_present,
            "{}: every option, statement, slot and distractor needs a why",
            q.id
        );
        let lower = q.stem().to_lowercase() + &q.explanation().to_lowercase();
        assert!(
            !lower.contains("azure ad ") && !lower.contains("azure active directory"),
            "{}: say Microsoft Entra ID",
            q.id
        );
    }
}

#[test]
fn ids_follow_the_skill_subject_convention() {
    for q in &bank::builtin().questions {
        assert!(
            q.id.starts_with(&format!("{}-", q.skill)),
            "{} should start with its skill",
            q.id
        );
        let file = &q.origin.file;
        if q.case_study.is_none() {
            assert!(
                file.ends_with(&format!("questions/{}/{}.yaml", q.domain, q.skill)),
                "{} is in {file}",
                q.id
            );
        } else {
            assert!(
                file.contains("questions/case-studies/"),
                "{} is in {file}",
                q.id
            );
        }
    }
}

#[test]
fn a_bold_heading_line_never_swallows_the_numbered_list_under_it() {
    // CommonMark lets only a list starting at 1 interrupt a paragraph, so "**Security**" followed
    // directly by "5. Pipelines must…" reads as one paragraph unless a blank line separates them.
    let bank = bank::builtin();
    let texts = bank
        .case_studies
        .iter()
        .flat_map(|c| c.scenario.iter().map(|s| (c.id.as_str(), &s.text)))
        .chain(
            bank.questions
                .iter()
                .flat_map(|q| [(q.id.as_str(), q.stem()), (q.id.as_str(), q.explanation())]),
        );
    let mut swallowed = Vec::new();
    for (id, text) in texts {
        for block in &text.doc().blocks {
            let Block::Paragraph(inlines) = block else {
                continue;
            };
            let starts_bold = matches!(inlines.first(), Some(Inline::Text { strong: true, .. }));
            let then_numbered = matches!(inlines.get(1), Some(Inline::Text { text, strong: false, .. })
                if text.trim_start().split_once(". ").is_some_and(|(n, _)| n.parse::<u32>().is_ok()));
            if starts_bold && then_numbered {
                swallowed.push(id.to_string());
            }
        }
    }
    assert!(swallowed.is_empty(), "{swallowed:?}");
}
