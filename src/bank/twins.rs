//! Near-identical stems ("twins"): pairs of questions whose stems share most of their word
//! shingles, which a user would recognise as the same question asked twice.
//!
//! Similarity is the Jaccard index of the stems' sets of three-word shingles. The search is an
//! exact prefix-filtered similarity join: each stem indexes only its rarest shingles, enough
//! that any pair at or above the threshold must share one of them, so common boilerplate never
//! makes it quadratic. A series counts once (its items share the stem by design), and
//! questions linked by `variant_of` (directly or through others) are never twins.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::model::Question;

/// The Jaccard similarity at and above which two stems are twins.
pub const TWIN_SIMILARITY: f64 = 0.6;
/// Words per shingle.
const SHINGLE_WORDS: usize = 3;

/// Two questions with near-identical stems: indices into the slice searched, `first < second`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Twin {
    /// The earlier question.
    pub first: usize,
    /// The later question.
    pub second: usize,
    /// The Jaccard similarity of their stems' shingles, `TWIN_SIMILARITY..=1.0`.
    pub similarity: f64,
}

/// Every pair of questions whose stems are near-identical, except pairs in one series or one
/// variant group, in order of the second question.
pub fn find_twins(questions: &[Question]) -> Vec<Twin> {
    let groups = variant_groups(questions);
    // One stem per series: its first item stands for all.
    let docs: Vec<usize> = (0..questions.len())
        .filter(|i| {
            questions[*i]
                .series
                .as_ref()
                .is_none_or(|s| s.position == 0)
        })
        .collect();
    let mut sets: Vec<Vec<u64>> = docs
        .iter()
        .map(|i| shingles(questions[*i].stem()))
        .collect();
    let mut frequency: ShingleMap<u32> = ShingleMap::default();
    for set in &sets {
        for s in set {
            *frequency.entry(*s).or_default() += 1;
        }
    }
    // Rarest first, so prefixes hold the shingles that discriminate.
    let mut ordered: Vec<Vec<u64>> = sets
        .iter()
        .map(|set| {
            let mut keyed: Vec<(u32, u64)> = set
                .iter()
                .map(|s| (frequency.get(s).copied().unwrap_or(0), *s))
                .collect();
            keyed.sort_unstable();
            keyed.into_iter().map(|(_, s)| s).collect()
        })
        .collect();
    for set in &mut sets {
        set.sort_unstable();
    }
    let mut index: ShingleMap<Vec<usize>> = ShingleMap::default();
    let mut twins = Vec::new();
    let mut candidates: Vec<usize> = Vec::new();
    for (d, order) in ordered.iter_mut().enumerate() {
        let prefix = prefix_len(order.len());
        candidates.clear();
        for s in &order[..prefix] {
            if let Some(list) = index.get(s) {
                candidates.extend(list);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        for &c in &candidates {
            let (a, b) = (docs[c], docs[d]);
            if groups[a] == groups[b] {
                continue;
            }
            let similarity = jaccard(&sets[c], &sets[d]);
            if similarity >= TWIN_SIMILARITY {
                twins.push(Twin {
                    first: a,
                    second: b,
                    similarity,
                });
            }
        }
        for s in &order[..prefix] {
            index.entry(*s).or_default().push(d);
        }
    }
    twins.sort_by_key(|t| (t.second, t.first));
    twins
}

/// A map keyed by shingle hashes, which are already well mixed: hashing them again would
/// only cost time.
type ShingleMap<V> = HashMap<u64, V, BuildHasherDefault<ShingleHasher>>;

/// Passes a `u64` key through as its own hash.
#[derive(Default)]
struct ShingleHasher(u64);

impl Hasher for ShingleHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// For each question, the id of its variant group: questions joined by `variant_of` links,
/// directly or through others, share one. A series' items share their series' group.
pub fn variant_groups(questions: &[Question]) -> Vec<usize> {
    // `variant_of` may name a question or a series (its first item stands for it).
    let position: foldhash::HashMap<&str, usize> = questions
        .iter()
        .enumerate()
        .flat_map(|(i, q)| {
            let series = q
                .series
                .as_ref()
                .filter(|s| s.position == 0)
                .map(|s| (s.id.as_str(), i));
            std::iter::once((q.id.as_str(), i)).chain(series)
        })
        .collect();
    let mut parent: Vec<usize> = (0..questions.len()).collect();
    let mut series_first: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    for (i, q) in questions.iter().enumerate() {
        let linked = q
            .variant_of
            .as_deref()
            .and_then(|other| position.get(other).copied());
        let series = q
            .series
            .as_ref()
            .map(|s| *series_first.entry(s.id.as_str()).or_insert(i));
        for j in linked.into_iter().chain(series) {
            let (a, b) = (root(&mut parent, i), root(&mut parent, j));
            parent[a.max(b)] = a.min(b);
        }
    }
    (0..questions.len()).map(|i| root(&mut parent, i)).collect()
}

/// How many of a stem's rarest shingles must be indexed so that any stem at least
/// [`TWIN_SIMILARITY`] similar shares one of them.
fn prefix_len(size: usize) -> usize {
    let needed = (TWIN_SIMILARITY * size as f64).ceil() as usize;
    (size + 1).saturating_sub(needed).min(size)
}

/// The distinct three-word shingles of a text, hashed; lowercase, words of letters and digits.
/// A text shorter than a shingle is one shingle of all its words.
fn shingles(text: &str) -> Vec<u64> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut set: Vec<u64> = if words.len() < SHINGLE_WORDS {
        vec![hash_words(&words)]
    } else {
        words.windows(SHINGLE_WORDS).map(hash_words).collect()
    };
    set.sort_unstable();
    set.dedup();
    set
}

/// FNV-1a over the words with a separator: stable and fast.
fn hash_words(words: &[&str]) -> u64 {
    words
        .iter()
        .flat_map(|w| w.bytes().chain(std::iter::once(0)))
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
}

/// The Jaccard index of two sorted sets.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    if union == 0 {
        1.0
    } else {
        common as f64 / union as f64
    }
}

/// The representative of `i`'s group in a union-find forest, halving paths on the way.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_is_long_enough_for_the_threshold() {
        // A pair at the threshold shares ceil(0.6·n) of n shingles, so n - ceil(0.6·n) + 1 of
        // the rarest must include a shared one.
        assert_eq!(prefix_len(10), 5);
        assert_eq!(prefix_len(1), 1);
        assert_eq!(prefix_len(0), 0);
    }

    #[test]
    fn jaccard_counts_shared_shingles_over_all() {
        assert!((jaccard(&[1, 2, 3], &[2, 3, 4]) - 0.5).abs() < 1e-12);
        assert!((jaccard(&[1, 2], &[1, 2]) - 1.0).abs() < 1e-12);
        let a = shingles("Deploy the web app to a staging slot first.");
        let b = shingles("deploy the WEB app, to a staging slot first");
        assert!((jaccard(&a, &b) - 1.0).abs() < 1e-12);
    }
}
