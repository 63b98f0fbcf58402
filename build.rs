//! Compiles the built-in question bank into the binary.
//!
//! Every file under `questions/` is validated with the same code `az400 bank validate` runs; a
//! problem fails the build with its `path:line:col: message`, so a broken bank never reaches a
//! user. The validated bank is written to `OUT_DIR/bank.postcard`, which starts in microseconds.

// The bank modules are shared with the app, which uses parts this script does not.
#![allow(dead_code)]

#[path = "src/bank/decode.rs"]
mod decode;
#[path = "src/bank/diagnostic.rs"]
mod diagnostic;
#[path = "src/bank/files.rs"]
mod files;
#[path = "src/bank/model.rs"]
mod model;
#[path = "src/bank/text.rs"]
mod text;
#[path = "src/bank/yaml.rs"]
mod yaml;

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=questions");
    println!("cargo::rerun-if-changed=src/bank");
    let blueprint_text = std::fs::read_to_string("questions/blueprint.yaml")
        .unwrap_or_else(|e| panic!("questions/blueprint.yaml: {e}"));
    let blueprint: model::Blueprint = serde_yaml::from_str(&blueprint_text)
        .unwrap_or_else(|e| panic!("questions/blueprint.yaml: {e}"));
    let loaded = files::load_paths(&[Path::new("questions").to_path_buf()], &blueprint);
    for path in &loaded.files {
        println!("cargo::rerun-if-changed={}", path.display());
    }
    if !loaded.problems.is_empty() {
        for problem in &loaded.problems {
            println!("cargo::warning={problem}");
        }
        let listing: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
        panic!(
            "the built-in question bank has {} problem(s):\n{}",
            listing.len(),
            listing.join("\n")
        );
    }
    let bank = model::Bank {
        blueprint,
        questions: loaded.questions,
        case_studies: loaded.case_studies,
    };
    let bytes = postcard::to_allocvec(&bank).expect("the bank serializes");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bank.postcard");
    std::fs::write(&out, bytes).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
