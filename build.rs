//! Compiles the built-in question bank into the binary.
//!
//! Every file under `questions/` is validated with the same code `az400 bank validate` runs; a
//! problem fails the build with its `path:line:col: message`, so a broken bank never reaches a
//! user. The validated bank is written to `OUT_DIR/bank.postcard`, which starts in microseconds.

// The bank modules are shared with the app, which uses parts this script does not.
#![allow(dead_code)]

#[path = "src/bank/content.rs"]
mod content;
#[path = "src/bank/decode.rs"]
mod decode;
#[path = "src/bank/diagnostic.rs"]
mod diagnostic;
#[path = "src/bank/doc.rs"]
mod doc;
#[path = "src/bank/files.rs"]
mod files;
#[path = "src/bank/fingerprint.rs"]
mod fingerprint;
#[path = "src/bank/model.rs"]
mod model;
#[path = "src/bank/question.rs"]
mod question;
#[path = "src/bank/text.rs"]
mod text;
#[path = "src/bank/twins.rs"]
mod twins;
#[path = "src/bank/yaml.rs"]
mod yaml;
// Question files are hashed (their part of a bank's fingerprint) as the app hashes them.
#[path = "src/checksum.rs"]
mod checksum;
// Question files are read as the app reads them: regular files only, size capped.
#[path = "src/untrusted.rs"]
mod untrusted;

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=questions");
    println!("cargo::rerun-if-changed=src/bank");
    println!("cargo::rerun-if-changed=src/untrusted.rs");
    let blueprint_text = std::fs::read_to_string("questions/blueprint.yaml")
        .unwrap_or_else(|e| panic!("questions/blueprint.yaml: {e}"));
    let blueprint: model::Blueprint = serde_yaml::from_str(&blueprint_text)
        .unwrap_or_else(|e| panic!("questions/blueprint.yaml: {e}"));
    // The scale is the app's (src/bank/model.rs): the blueprint may only restate it.
    assert!(
        blueprint.passing_score == model::PASSING_SCORE && blueprint.max_score == model::MAX_SCORE,
        "questions/blueprint.yaml: passing_score {} of max_score {} differ from the app's scale, \
         {} of {} (src/bank/model.rs)",
        blueprint.passing_score,
        blueprint.max_score,
        model::PASSING_SCORE,
        model::MAX_SCORE
    );
    let loaded = files::load_paths(
        &[Path::new("questions").to_path_buf()],
        &blueprint,
        this_month(),
    );
    for path in &loaded.files {
        println!("cargo::rerun-if-changed={}", path.display());
    }
    for warning in &loaded.warnings {
        println!("cargo::warning={warning}");
    }
    if !loaded.problems.is_empty() {
        for problem in &loaded.problems {
            println!("cargo::warning={problem}");
        }
        let listing: Vec<String> = loaded
            .problems
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        panic!(
            "the built-in question bank has {} problem(s):\n{}",
            listing.len(),
            listing.join("\n")
        );
    }
    let bank = model::Bank::new(blueprint, loaded.questions, loaded.case_studies);
    // The catalogue (blueprint, questions without their words, case studies), then the words.
    let mut words = Vec::new();
    let places: Vec<content::Place> = bank
        .questions
        .iter()
        .map(|q| {
            let compiled = q
                .compiled_words()
                .expect("a question made from YAML compiles");
            let place = content::Place {
                at: words.len() as u64,
                len: u32::try_from(compiled.len()).expect("a question's words fit in 4 GB"),
                sum: 0,
                source: 0,
            };
            words.extend_from_slice(&compiled);
            place
        })
        .collect();
    let catalogue = (
        &bank.blueprint,
        bank.questions
            .iter()
            .zip(&places)
            .map(|(q, place)| q.compiled(*place))
            .collect::<Vec<_>>(),
        &bank.case_studies,
    );
    let bytes = postcard::to_allocvec(&catalogue).expect("the bank serializes");
    let out_dir = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
    let out = out_dir.join("bank.postcard");
    std::fs::write(&out, bytes).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    let out = out_dir.join("bank.words");
    std::fs::write(&out, words).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    let out = out_dir.join("bank.fingerprint");
    std::fs::write(&out, fingerprint::of(&bank))
        .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

/// The current month in UTC, from the system clock: no `verified` date may be later.
fn this_month() -> model::Month {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs();
    let days = i64::try_from(seconds / 86_400).expect("days fit");
    // Howard Hinnant's civil-from-days, for the proleptic Gregorian calendar.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    model::Month {
        year: u16::try_from(year).expect("a four-digit year"),
        month: u8::try_from(month).expect("1 to 12"),
    }
}
