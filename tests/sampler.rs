//! The sampler: exam-weighted quotas, history-aware order, reproducibility, drill filters.

mod common;

use std::collections::{HashMap, HashSet};

use az400_sprint::bank::Bank;
use az400_sprint::bank::files::load_paths;
use az400_sprint::sampler::{
    Familiarity, Filter, Seen, apportion, sample, sample_exam, sample_sprint,
};
use chrono::Duration;
use common::{fixture, single, synthetic_bank, t0, this_month};
use proptest::prelude::*;

/// Largest remainder over the doubled weight midpoints, in integers (an independent check).
fn expected_quotas(bank: &Bank, n: usize) -> Vec<usize> {
    let w: Vec<usize> = bank
        .blueprint
        .domains
        .iter()
        .map(|d| (d.weight[0] + d.weight[1]) as usize)
        .collect();
    let total: usize = w.iter().sum();
    let mut q: Vec<usize> = w.iter().map(|wi| n * wi / total).collect();
    let mut order: Vec<usize> = (0..w.len()).collect();
    order.sort_by_key(|i| (std::cmp::Reverse(n * w[*i] % total), *i));
    let left = n - q.iter().sum::<usize>();
    for i in order.into_iter().take(left) {
        q[i] += 1;
    }
    q
}

fn per_domain(bank: &Bank, ids: &[String]) -> Vec<usize> {
    bank.blueprint
        .domains
        .iter()
        .map(|d| {
            ids.iter()
                .filter(|id| bank.question(id).is_some_and(|q| q.domain == d.id))
                .count()
        })
        .collect()
}

#[test]
fn every_size_from_1_to_60_follows_the_largest_remainder_quotas() {
    let bank = synthetic_bank(20);
    for n in 1..=60 {
        let ids = sample(&bank, &Filter::default(), n, &Familiarity::new(), n as u64);
        assert_eq!(ids.len(), n);
        assert_eq!(
            per_domain(&bank, &ids),
            expected_quotas(&bank, n),
            "n = {n}"
        );
    }
}

#[test]
fn a_fifteen_question_sprint_has_eight_pipelines_questions() {
    let bank = synthetic_bank(20);
    let ids = sample(&bank, &Filter::default(), 15, &Familiarity::new(), 1);
    assert_eq!(per_domain(&bank, &ids), vec![2, 2, 8, 2, 1]);
}

#[test]
fn apportion_breaks_ties_toward_the_earlier_entry() {
    assert_eq!(apportion(&[1.0, 1.0, 1.0], 2), vec![1, 1, 0]);
    assert_eq!(apportion(&[3.0, 1.0], 0), vec![0, 0]);
}

#[test]
fn the_same_seed_gives_the_same_picks_and_another_seed_differs() {
    let bank = synthetic_bank(20);
    let a = sample(&bank, &Filter::default(), 30, &Familiarity::new(), 42);
    let b = sample(&bank, &Filter::default(), 30, &Familiarity::new(), 42);
    let c = sample(&bank, &Filter::default(), 30, &Familiarity::new(), 43);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn due_questions_come_before_unseen_ones_and_unseen_before_seen() {
    let mut bank = synthetic_bank(0);
    for i in 0..6 {
        bank.questions.push(single(
            &format!("deployments-q{i}"),
            "pipelines",
            "deployments",
        ));
    }
    let mut known = Familiarity::new();
    let seen = |minutes: i64, due: bool| Seen {
        last_seen: t0() + Duration::minutes(minutes),
        due,
    };
    known.insert("deployments-q0".into(), seen(5, false));
    known.insert("deployments-q1".into(), seen(1, false));
    known.insert("deployments-q2".into(), seen(3, true));
    // q3, q4, q5 never seen.
    let filter = Filter {
        domains: vec!["pipelines".into()],
        ..Filter::default()
    };
    for seed in 0..20 {
        let pick = |n| -> HashSet<String> {
            sample(&bank, &filter, n, &known, seed)
                .into_iter()
                .collect()
        };
        assert_eq!(pick(1), HashSet::from(["deployments-q2".to_string()]));
        let four = pick(4);
        assert!(four.contains("deployments-q2"));
        assert!(!four.contains("deployments-q0") && !four.contains("deployments-q1"));
        // Of the seen ones, the least recently seen comes first.
        let five = pick(5);
        assert!(five.contains("deployments-q1") && !five.contains("deployments-q0"));
    }
}

#[test]
fn a_short_domain_gives_its_seats_to_the_others() {
    let mut bank = synthetic_bank(10);
    bank.questions
        .retain(|q| q.domain != "instrumentation" || q.id.ends_with("q0"));
    let n = 40;
    let ids = sample(&bank, &Filter::default(), n, &Familiarity::new(), 3);
    assert_eq!(ids.len(), n);
    let counts = per_domain(&bank, &ids);
    assert_eq!(
        counts[4], 2,
        "both remaining instrumentation questions are used"
    );
}

#[test]
fn drill_keeps_to_the_chosen_domains_and_skills() {
    let bank = synthetic_bank(5);
    let filter = Filter {
        domains: vec!["security".into()],
        skills: vec!["secrets".into(), "scanning".into()],
        ..Filter::default()
    };
    let ids = sample(&bank, &filter, 8, &Familiarity::new(), 9);
    assert_eq!(ids.len(), 8);
    for id in &ids {
        let q = bank.question(id).unwrap();
        assert!(q.skill == "secrets" || q.skill == "scanning", "{id}");
    }
    // Seats spread across the two skills.
    let secrets = ids.iter().filter(|id| id.starts_with("secrets")).count();
    assert_eq!(secrets, 4);
}

#[test]
fn an_exam_ends_with_one_whole_case_study_and_keeps_the_weights() {
    let bank = common::fixture_bank();
    let ids = sample_exam(&bank, 7, &Familiarity::new(), 1);
    assert_eq!(ids.len(), 7);
    let case = &bank.case_studies[0];
    assert_eq!(&ids[5..], &case.questions[..]);
}

#[test]
fn asking_for_more_than_the_bank_holds_gives_everything_once() {
    let bank = synthetic_bank(1);
    let ids = sample(&bank, &Filter::default(), 100, &Familiarity::new(), 5);
    assert_eq!(ids.len(), bank.questions.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn picks_are_distinct_admitted_and_as_many_as_possible(
        n in 0usize..80,
        per_skill in 0usize..6,
        seed in any::<u64>(),
        drop_domain in 0usize..6,
    ) {
        let mut bank = synthetic_bank(per_skill);
        if let Some(d) = bank.blueprint.domains.get(drop_domain).map(|d| d.id.clone()) {
            bank.questions.retain(|q| q.domain != d);
        }
        let known: Familiarity = HashMap::new();
        let ids = sample(&bank, &Filter::default(), n, &known, seed);
        let unique: HashSet<&String> = ids.iter().collect();
        prop_assert_eq!(unique.len(), ids.len());
        prop_assert_eq!(ids.len(), n.min(bank.questions.len()));
        prop_assert!(ids.iter().all(|id| bank.question(id).is_some()));
    }

    #[test]
    fn apportion_hands_out_every_seat(weights in prop::collection::vec(0.5f64..60.0, 1..8), seats in 0usize..200) {
        let q = apportion(&weights, seats);
        prop_assert_eq!(q.iter().sum::<usize>(), seats);
        let total: f64 = weights.iter().sum();
        for (qi, wi) in q.iter().zip(&weights) {
            let exact = wi * seats as f64 / total;
            prop_assert!((*qi as f64 - exact).abs() < 1.0 + 1e-9);
        }
    }
}

/// The synthetic bank with the fixture files under `tests/fixtures/<folder>` added.
fn synthetic_with(per_skill: usize, folders: &[&str]) -> Bank {
    let mut bank = synthetic_bank(per_skill);
    for folder in folders {
        let loaded = load_paths(&[fixture(folder)], &bank.blueprint, this_month());
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        bank.questions.extend(loaded.questions);
    }
    bank
}

fn deployments_only() -> Filter {
    Filter {
        skills: vec!["deployments".into()],
        ..Filter::default()
    }
}

#[test]
fn two_variants_never_share_an_attempt() {
    let bank = synthetic_with(3, &["variants"]);
    let variants = [
        "deployments-variant-first",
        "deployments-variant-second",
        "deployments-variant-third",
    ];
    for seed in 0..50 {
        let ids = sample(&bank, &deployments_only(), 10, &Familiarity::new(), seed);
        let drawn = ids
            .iter()
            .filter(|id| variants.contains(&id.as_str()))
            .count();
        assert_eq!(
            drawn, 1,
            "seed {seed}: one variant of the three, with room for all: {ids:?}"
        );
        assert_eq!(ids.len(), 4, "the other variants leave their seats empty");
    }
}

#[test]
fn a_sprint_or_drill_takes_at_most_one_item_of_a_series() {
    let bank = synthetic_with(3, &["series"]);
    let mut seen_items = HashSet::new();
    for seed in 0..50 {
        let ids = sample(&bank, &deployments_only(), 10, &Familiarity::new(), seed);
        let items: Vec<&String> = ids.iter().filter(|id| id.contains("series")).collect();
        assert_eq!(items.len(), 1, "seed {seed}: {ids:?}");
        seen_items.insert(items[0].clone());
    }
    assert_eq!(seen_items.len(), 3, "each item can stand for the series");
}

#[test]
fn an_exam_takes_a_series_whole_as_one_block_in_order() {
    let bank = synthetic_with(2, &["series"]);
    let series: Vec<String> = (1..=3)
        .map(|n| format!("deployments-series-fixture-warmup-{n}"))
        .collect();
    let mut drawn = 0;
    for seed in 0..60 {
        let ids = sample_exam(&bank, 12, &Familiarity::new(), seed);
        let Some(start) = ids.iter().position(|id| id.contains("series")) else {
            continue;
        };
        drawn += 1;
        assert_eq!(&ids[start..start + 3], &series[..], "seed {seed}: {ids:?}");
        assert_eq!(ids.iter().filter(|id| id.contains("series")).count(), 3);
    }
    assert!(drawn > 0, "the series is drawn in some exams");
    let everything = sample_exam(&bank, bank.questions.len(), &Familiarity::new(), 1);
    assert_eq!(everything.len(), bank.questions.len());
}

/// A finished sprint on `day` after t0 answering `wrong` questions wrong.
fn wrong_answers(bank: &Bank, day: i64, wrong: &[String]) -> az400_sprint::attempt::Attempt {
    use az400_sprint::attempt::Mode;
    use az400_sprint::response::Response;
    use az400_sprint::session::Session;
    let at = t0() + Duration::days(day);
    let mut s = Session::start(Mode::Sprint, bank, wrong, None, 1, at);
    for i in 0..wrong.len() {
        s.go_to(i, at);
        let id = s.current_item().unwrap().question_id.clone();
        s.answer(bank.question(&id).unwrap(), Response::Choices(vec![1]), at)
            .unwrap();
    }
    s.finish(bank, at + Duration::minutes(10))
}

#[test]
fn a_sprint_mixes_due_questions_into_at_most_40_percent_and_keeps_the_weights() {
    use az400_sprint::practice::{self, Plan};
    let bank = synthetic_bank(6);
    // Every skill's first four questions answered wrong on day 0: plenty due later.
    let wrong: Vec<String> = bank
        .questions
        .iter()
        .filter(|q| {
            ["-q0", "-q1", "-q2", "-q3"]
                .iter()
                .any(|s| q.id.ends_with(s))
        })
        .map(|q| q.id.clone())
        .collect();
    let past = vec![wrong_answers(&bank, 0, &wrong)];
    let due_in = |ids: &[String]| ids.iter().filter(|id| wrong.contains(id)).count();
    for seed in 0..20 {
        let plan = Plan {
            seed: Some(seed),
            ..Plan::sprint()
        };
        let draw = |now| -> Vec<String> {
            practice::start(&bank, &plan, &past, now)
                .unwrap()
                .items
                .iter()
                .map(|i| i.question_id.clone())
                .collect()
        };
        // Right after the sprint nothing has faded yet: the unseen come first.
        let fresh = draw(t0() + Duration::hours(1));
        assert_eq!(due_in(&fresh), 0, "seed {seed}");
        // Two days later they are due: six of fifteen seats (40%), no more, and the domain
        // mix is still the exam's.
        let later = draw(t0() + Duration::days(2));
        assert_eq!(later.len(), 15);
        assert_eq!(due_in(&later), 6, "seed {seed}: {later:?}");
        assert_eq!(per_domain(&bank, &later), expected_quotas(&bank, 15));
    }
    // A drill is not capped: a drill of one skill takes its due questions first.
    let plan = Plan {
        seed: Some(3),
        questions: 4,
        ..Plan::drill(Filter {
            skills: vec!["deployments".into()],
            ..Filter::default()
        })
    };
    let drill = practice::start(&bank, &plan, &past, t0() + Duration::days(2)).unwrap();
    let ids: Vec<String> = drill.items.iter().map(|i| i.question_id.clone()).collect();
    assert_eq!(due_in(&ids), 4, "{ids:?}");
}

/// Whether, in each domain, no topic gave a second question while another topic of that
/// domain still had one to give: uses(t) ≤ uses(u) + 1 unless u gave all it had. A series
/// counts as one question (an exam takes it whole) and a case study's questions, which come
/// as their own section, are left out.
fn topics_spread(bank: &Bank, ids: &[String]) -> Result<(), String> {
    let unit = |q: &az400_sprint::bank::Question| -> String {
        q.series.as_ref().map_or(q.id.clone(), |s| s.id.clone())
    };
    let mut uses: HashMap<(&str, &str), HashSet<String>> = HashMap::new();
    let mut avail: HashMap<(&str, &str), HashSet<String>> = HashMap::new();
    for q in bank.questions.iter().filter(|q| q.case_study.is_none()) {
        avail
            .entry((&q.domain, &q.topic))
            .or_default()
            .insert(unit(q));
        uses.entry((&q.domain, &q.topic)).or_default();
    }
    for id in ids {
        let q = bank.question(id).unwrap();
        if q.case_study.is_none() {
            uses.entry((&q.domain, &q.topic))
                .or_default()
                .insert(unit(q));
        }
    }
    for (&(domain, t), ut) in &uses {
        for (&(other_domain, u), uu) in &uses {
            let (ut, uu) = (ut.len(), uu.len());
            if domain == other_domain && ut > uu + 1 && uu < avail[&(domain, u)].len() {
                return Err(format!("{t} gave {ut} while {u} gave {uu}"));
            }
        }
    }
    Ok(())
}

#[test]
fn no_two_questions_of_one_topic_while_another_topic_can_give() {
    // The deployments skill has eight questions: six on one topic, one on each of two others.
    let mut bank = synthetic_bank(2);
    for i in 0..8 {
        let mut q = single(&format!("deploy-extra-{i}"), "pipelines", "deployments");
        q.topic = match i {
            0 => "deployments.2".into(),
            1 => "deployments.3".into(),
            _ => "deployments.1".into(),
        };
        bank.questions.push(q);
    }
    for seed in 0..40 {
        for n in [5, 15, 30] {
            let ids = sample_sprint(&bank, n, &Familiarity::new(), seed);
            topics_spread(&bank, &ids).unwrap_or_else(|e| panic!("seed {seed}, n {n}: {e}"));
        }
        let ids = sample_exam(&bank, 30, &Familiarity::new(), seed);
        topics_spread(&bank, &ids).unwrap_or_else(|e| panic!("exam, seed {seed}: {e}"));
    }
    // Even when history ranks the six near-twins first (all due), the other topics go first.
    let mut known = Familiarity::new();
    for i in 2..8 {
        known.insert(
            format!("deploy-extra-{i}"),
            Seen {
                last_seen: t0(),
                due: true,
            },
        );
    }
    for seed in 0..20 {
        let ids = sample(&bank, &deployments_only(), 3, &known, seed);
        let topics: HashSet<&str> = ids
            .iter()
            .map(|id| bank.question(id).unwrap().topic.as_str())
            .collect();
        assert_eq!(topics.len(), 3, "seed {seed}: {ids:?}");
    }
}

#[test]
fn the_built_in_bank_draws_no_near_twins_in_a_sprint_or_an_exam() {
    let bank = az400_sprint::bank::builtin();
    for seed in 0..10 {
        let sprint = sample_sprint(&bank, 30, &Familiarity::new(), seed);
        topics_spread(&bank, &sprint).unwrap_or_else(|e| panic!("sprint {seed}: {e}"));
        let exam = sample_exam(&bank, 50, &Familiarity::new(), seed);
        topics_spread(&bank, &exam).unwrap_or_else(|e| panic!("exam {seed}: {e}"));
    }
}

#[test]
fn an_exam_leaves_out_the_variants_of_its_case_study_questions() {
    let mut bank = common::fixture_bank();
    let case_question = bank.question(&bank.case_studies[0].questions[0]).unwrap();
    let mut variant = single(
        "variant-of-a-case-question",
        &case_question.domain,
        &case_question.skill,
    );
    variant.variant_of = Some(case_question.id.clone());
    let unrelated = single("unrelated", &case_question.domain, &case_question.skill);
    bank.questions.extend([variant, unrelated]);
    bank.reindex();
    for seed in 0..20 {
        let ids = sample_exam(&bank, 40, &Familiarity::new(), seed);
        assert!(
            ids.contains(&"unrelated".to_string()),
            "room for all: {ids:?}"
        );
        assert!(
            !ids.contains(&"variant-of-a-case-question".to_string()),
            "seed {seed}: {ids:?}"
        );
    }
}
