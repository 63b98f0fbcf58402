//! Reading question files and folders: every file decoded, every problem kept, ids checked
//! across the whole set.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::decode::decode_file;
use super::diagnostic::{Diagnostic, Position};
use super::model::{Blueprint, CaseStudy, Origin, Question};
use super::yaml;

/// The name of the blueprint file, which a bank folder holds beside its questions.
pub const BLUEPRINT_FILE: &str = "blueprint.yaml";

/// What a set of files and folders held.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The question files read, in the order read.
    pub files: Vec<PathBuf>,
    /// The questions without problems (a question with a problem is left out).
    pub questions: Vec<Question>,
    /// The case studies without problems.
    pub case_studies: Vec<CaseStudy>,
    /// Every problem, in file order.
    pub problems: Vec<Diagnostic>,
}

/// Reads every `.yaml`/`.yml` file named or found below the folders named (sorted, blueprint
/// files skipped), decodes them against the blueprint, and checks ids are unique across all.
pub fn load_paths(paths: &[PathBuf], blueprint: &Blueprint) -> Loaded {
    let mut loaded = Loaded::default();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            if let Err(e) = collect_yaml(path, &mut found) {
                loaded.problems.push(Diagnostic::new(
                    &path.display().to_string(),
                    Position::START,
                    format!("cannot read the folder: {e}"),
                ));
            }
            found.sort();
            loaded.files.extend(found);
        } else {
            loaded.files.push(path.clone());
        }
    }
    for file in &loaded.files {
        let name = file.display().to_string();
        let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
        if size > yaml::MAX_FILE_BYTES as u64 {
            loaded.problems.push(Diagnostic::new(
                &name,
                Position::START,
                format!(
                    "file is {size} bytes, larger than the {} MiB a question file may be",
                    yaml::MAX_FILE_BYTES / (1024 * 1024)
                ),
            ));
            continue;
        }
        let bytes = match std::fs::read(file) {
            Ok(bytes) => bytes,
            Err(e) => {
                loaded.problems.push(Diagnostic::new(
                    &name,
                    Position::START,
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let contents = match yaml::read(&bytes) {
            Ok(root) => decode_file(&name, root.as_ref(), blueprint),
            Err(e) => {
                loaded
                    .problems
                    .push(Diagnostic::new(&name, e.at, e.message));
                continue;
            }
        };
        loaded.questions.extend(contents.questions);
        loaded.case_studies.extend(contents.case_studies);
        loaded.problems.extend(contents.problems);
    }
    let repeats = repeated_ids(&loaded.questions, &loaded.case_studies);
    if !repeats.is_empty() {
        let dropped: Vec<&str> = repeats.iter().map(|(id, _)| id.as_str()).collect();
        loaded
            .questions
            .retain(|q| !dropped.contains(&q.id.as_str()));
        loaded
            .case_studies
            .retain(|c| !dropped.contains(&c.id.as_str()));
        loaded.problems.extend(repeats.into_iter().map(|(_, d)| d));
    }
    loaded.problems.sort();
    loaded
}

/// One problem for each later use of an id already used, naming the first place.
fn repeated_ids(questions: &[Question], case_studies: &[CaseStudy]) -> Vec<(String, Diagnostic)> {
    let mut first: HashMap<&str, &Origin> = HashMap::new();
    let mut repeats = Vec::new();
    let places = questions
        .iter()
        .map(|q| (q.id.as_str(), &q.origin))
        .chain(case_studies.iter().map(|c| (c.id.as_str(), &c.origin)));
    for (id, origin) in places {
        match first.get(id) {
            Some(earlier) => repeats.push((
                id.to_string(),
                Diagnostic::new(
                    &origin.file,
                    Position::new(origin.line as usize, origin.col as usize),
                    format!(
                        "id `{id}` is used twice: first at {}:{}:{}",
                        earlier.file, earlier.line, earlier.col
                    ),
                ),
            )),
            None => {
                first.insert(id, origin);
            }
        }
    }
    repeats
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_yaml(&path, out)?;
        } else if path.file_name().is_some_and(|n| n != BLUEPRINT_FILE)
            && path.extension().is_some_and(|e| e == "yaml" || e == "yml")
        {
            out.push(path);
        }
    }
    Ok(())
}
