//! The built-in bank meets the bar set for it: size, exam-weighted domain shares, every topic
//! covered, the exam's mix of item types and difficulty, case studies, and official references.

use az400_sprint::bank::{self, Body, stats::bank_stats};

#[test]
fn it_holds_300_questions_in_the_exam_domain_ranges() {
    let bank = bank::builtin();
    let stats = bank_stats(&bank);
    assert!(stats.questions >= 300, "{} questions", stats.questions);
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
fn every_topic_has_at_least_two_questions() {
    let stats = bank_stats(&bank::builtin());
    let thin: Vec<String> = stats
        .topics
        .iter()
        .filter(|t| t.count < 2)
        .map(|t| format!("{} ({})", t.id, t.count))
        .collect();
    assert!(
        thin.is_empty(),
        "topics with fewer than 2 questions: {thin:?}"
    );
}

#[test]
fn the_type_and_difficulty_mix_follows_the_exam() {
    let stats = bank_stats(&bank::builtin());
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
    assert!(100 * hard >= 25 * stats.questions, "{hard} at difficulty 3");
}

#[test]
fn there_are_three_case_studies_of_four_to_six_questions_with_exam_sections() {
    let bank = bank::builtin();
    assert!(bank.case_studies.len() >= 3);
    for case in &bank.case_studies {
        assert!((4..=6).contains(&case.questions.len()), "{}", case.id);
        let headings: Vec<&str> = case.scenario.iter().map(|s| s.heading.as_str()).collect();
        for h in ["Overview", "Existing environment", "Requirements"] {
            assert!(headings.contains(&h), "{} lacks {h}", case.id);
        }
    }
}

#[test]
fn every_question_explains_itself_and_cites_official_docs() {
    let bank = bank::builtin();
    for q in &bank.questions {
        assert!(
            q.references
                .iter()
                .any(|r| r.starts_with("https://learn.microsoft.com/")
                    || r.starts_with("https://docs.github.com/")),
            "{}: no learn.microsoft.com or docs.github.com reference",
            q.id
        );
        let sentences = q.explanation.matches(". ").count()
            + usize::from(q.explanation.trim_end().ends_with('.'));
        assert!(
            sentences >= 2,
            "{}: the explanation should teach in two or more sentences",
            q.id
        );
        let whys_present = match &q.body {
            Body::Single { options } | Body::Multiple { options } => {
                options.iter().all(|o| !o.why.trim().is_empty())
            }
            Body::YesNo { statements } => statements.iter().all(|s| !s.why.trim().is_empty()),
            Body::Fill { slots, .. } => slots.iter().all(|s| !s.why.trim().is_empty()),
            Body::Order { .. } => true,
        };
        assert!(
            whys_present,
            "{}: every option, statement and slot needs a why",
            q.id
        );
        let lower = q.stem.to_lowercase() + &q.explanation.to_lowercase();
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
