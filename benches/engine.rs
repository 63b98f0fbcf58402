//! Engine benchmarks: bank loading, sampling, scoring and the history scan.
//!
//! Targets (see README): built-in bank ready < 5 ms, sampling 50 of 20,000 < 1 ms, scanning
//! 1,000 history files < 30 ms.

use std::hint::black_box;

use az400_sprint::attempt::Mode;
use az400_sprint::bank::{self, Bank};
use az400_sprint::history::Store;
use az400_sprint::history::stats::familiarity;
use az400_sprint::response::Response;
use az400_sprint::sampler::{Filter, Pool, SeriesDraw, sample};
use az400_sprint::scoring;
use az400_sprint::session::Session;
use chrono::{Duration, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};

/// The month the generated questions are judged against.
const TODAY: bank::Month = bank::Month {
    year: 2026,
    month: 11,
};

/// Writes a bank of `count` questions as YAML files (one per skill) into `dir`.
fn write_yaml_bank(dir: &std::path::Path, count: usize) {
    let blueprint = bank::builtin().blueprint;
    let skills: Vec<(String, String, String)> = blueprint
        .domains
        .iter()
        .flat_map(|d| {
            d.skills
                .iter()
                .map(move |s| (d.id.clone(), s.id.clone(), s.topics[0].id.clone()))
        })
        .collect();
    let per_skill = count.div_ceil(skills.len());
    for (n, (domain, skill, topic)) in skills.iter().enumerate() {
        let mut text = String::from("questions:\n");
        for i in 0..per_skill {
            let scenario = scenario_words(n * per_skill + i);
            text += &format!(
                "  - id: {skill}-generated-{i}\n    domain: {domain}\n    skill: {skill}\n    topic: {topic}\n    type: single\n    difficulty: 2\n    verified: 2026-11\n    stem: |\n      Your team deploys a web app to Azure App Service from Azure Pipelines. {scenario}\n      Which option meets the goal?\n    options:\n      - text: Deploy to a staging slot, then swap it with production\n        correct: true\n        why: A swap warms up the staging slot before traffic moves.\n      - text: Stop the app, deploy, then start it again\n        why: Stopping drops every request during the deployment.\n      - text: Scale out to two instances before deploying\n        why: More instances do not warm up the new version.\n      - text: Deploy straight to production during off hours\n        why: Off hours reduce impact but still drop requests and skip warm-up.\n    explanation: |\n      Deployment slots are live apps with their own host names. Swapping warms up the source\n      slot and then switches routing, so no request is dropped.\n    references:\n      - https://learn.microsoft.com/azure/app-service/deploy-staging-slots\n"
            );
        }
        std::fs::write(dir.join(format!("{skill}.yaml")), text).unwrap();
    }
}

/// Thirty pseudo-random words from a vocabulary of 2,000, different for every `seed`, so
/// generated stems are distinct the way written ones are.
fn scenario_words(seed: usize) -> String {
    let mut state = seed as u64 * 0x9e37_79b9_7f4a_7c15 + 1;
    (0..30)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            format!("word{}", (state >> 33) % 2000)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn load(c: &mut Criterion) {
    c.bench_function("builtin bank ready", |b| {
        b.iter(|| black_box(bank::builtin()));
    });
    let dir = tempfile::tempdir().unwrap();
    write_yaml_bank(dir.path(), 20_000);
    let blueprint = bank::builtin().blueprint;
    let mut group = c.benchmark_group("slow");
    group.sample_size(10);
    group.bench_function("load+validate 20,000 questions from YAML", |b| {
        b.iter(|| {
            let loaded = bank::files::load_paths(&[dir.path().to_path_buf()], &blueprint, TODAY);
            assert!(loaded.problems.is_empty());
            black_box(loaded.questions.len())
        });
    });
    group.finish();
    let bank = big_bank();
    c.bench_function("find twins among 20,000 stems", |b| {
        b.iter(|| black_box(bank::twins::find_twins(&bank.questions).len()));
    });
}

fn big_bank() -> Bank {
    let dir = tempfile::tempdir().unwrap();
    write_yaml_bank(dir.path(), 20_000);
    let blueprint = bank::builtin().blueprint;
    let loaded = bank::files::load_paths(&[dir.path().to_path_buf()], &blueprint, TODAY);
    Bank::new(blueprint, loaded.questions, Vec::new())
}

fn history_dir(bank: &Bank, attempts: usize) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 8, 0, 0).unwrap();
    for a in 0..attempts {
        let ids = sample(
            bank,
            &Filter::default(),
            50,
            &az400_sprint::sampler::Familiarity::default(),
            a as u64,
        );
        let start = t0 + Duration::hours(a as i64);
        let mut s = Session::start(Mode::Exam, bank, &ids, Some(7200), a as u64, start);
        for (i, id) in ids.iter().enumerate() {
            let q = bank.question(id).unwrap();
            s.go_to(i, start);
            s.answer(q, Response::Choices(vec![a % 2]), start).unwrap();
        }
        store
            .save_attempt(&s.finish(bank, start + Duration::minutes(90)))
            .unwrap();
    }
    (dir, store)
}

fn sampling_and_history(c: &mut Criterion) {
    let bank = big_bank();
    let (_dir, store) = history_dir(&bank, 1_000);
    let attempts = store.attempts().attempts;
    let known = familiarity(&attempts);
    let pool = Pool::new(&bank, &known);
    c.bench_function("sample 50 of 20,000 with 1,000-attempt history", |b| {
        b.iter(|| {
            black_box(pool.draw(&Filter::default(), 50, &[], SeriesDraw::WholeBlock, None, 7))
        });
    });
    c.bench_function("index 20,000 questions with history for sampling", |b| {
        b.iter(|| black_box(Pool::new(&bank, &known)));
    });
    c.bench_function("familiarity from 1,000 attempts", |b| {
        b.iter(|| black_box(familiarity(&attempts)));
    });
    let answered: Vec<_> = attempts[0]
        .items
        .iter()
        .map(|i| (bank.question(&i.question_id).unwrap(), i.response.as_ref()))
        .collect();
    c.bench_function("score a 50-question attempt", |b| {
        b.iter(|| black_box(scoring::report(&bank.blueprint, answered.iter().copied())));
    });
    let mut group = c.benchmark_group("slow");
    group.sample_size(10);
    group.bench_function("scan 1,000 history files", |b| {
        b.iter(|| black_box(store.attempts().attempts.len()));
    });
    group.finish();
}

criterion_group!(benches, load, sampling_and_history);
criterion_main!(benches);
