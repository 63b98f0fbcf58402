//! Choosing the questions of an attempt.
//!
//! Seats go to domains in proportion to the midpoints of the exam weights, apportioned by
//! largest remainder, so a sprint's mix follows the exam. Within a domain, questions due for
//! review come first, then never-seen ones, then the least recently seen, spread across skills,
//! with random ties. The same seed gives the same picks.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng, rngs::StdRng};

use crate::bank::{Bank, Question};

/// What the user has done with one question before, from history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// When it was last answered.
    pub last_seen: DateTime<Utc>,
    /// Whether the last answer missed points, so it is due for review.
    pub due: bool,
}

/// The user's past with each question id.
pub type Familiarity = HashMap<String, Seen>;

/// Which questions may be drawn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only these domains (empty: all).
    pub domains: Vec<String>,
    /// Only these skills (empty: all).
    pub skills: Vec<String>,
    /// Leave out questions that belong to a case study.
    pub standalone_only: bool,
}

impl Filter {
    /// Whether a question passes the filter.
    pub fn admits(&self, q: &Question) -> bool {
        (self.domains.is_empty() || self.domains.contains(&q.domain))
            && (self.skills.is_empty() || self.skills.contains(&q.skill))
            && !(self.standalone_only && q.case_study.is_some())
    }
}

/// Splits `seats` among weights by the largest-remainder method: each gets the floor of its
/// exact share, and the seats left go to the largest remainders (ties to the earlier entry).
pub fn apportion(weights: &[f64], seats: usize) -> Vec<usize> {
    let total: f64 = weights.iter().sum();
    if total <= 0.0 || weights.is_empty() {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|w| w * seats as f64 / total).collect();
    let mut quotas: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|a, b| {
        let ra = exact[*a] - exact[*a].floor();
        let rb = exact[*b] - exact[*b].floor();
        rb.total_cmp(&ra).then(a.cmp(b))
    });
    let left = seats - quotas.iter().sum::<usize>();
    for i in order.into_iter().take(left) {
        quotas[i] += 1;
    }
    quotas
}

/// Seats per domain for `seats` questions when domain `i` has `available[i]` questions: the
/// apportionment of the weights, with a short domain's seats handed to the others.
pub fn domain_quotas(weights: &[f64], available: &[usize], seats: usize) -> Vec<usize> {
    let mut quotas = vec![0; weights.len()];
    let mut open: Vec<usize> = (0..weights.len()).filter(|i| available[*i] > 0).collect();
    let mut left = seats.min(available.iter().sum());
    while left > 0 && !open.is_empty() {
        let share = apportion(&open.iter().map(|i| weights[*i]).collect::<Vec<_>>(), left);
        let short: Vec<usize> = open
            .iter()
            .zip(&share)
            .filter(|(i, s)| **s >= available[**i])
            .map(|(i, _)| *i)
            .collect();
        if short.is_empty() {
            for (i, s) in open.iter().zip(share) {
                quotas[*i] = s;
            }
            break;
        }
        for i in short {
            quotas[i] = available[i];
            left -= available[i];
            open.retain(|x| *x != i);
        }
    }
    quotas
}

/// Draws up to `count` question ids that pass the filter, domain-weighted and history-aware,
/// in a shuffled order.
pub fn sample(
    bank: &Bank,
    filter: &Filter,
    count: usize,
    familiarity: &Familiarity,
    seed: u64,
) -> Vec<String> {
    Pool::new(bank, familiarity).draw(filter, count, &[], seed)
}

/// A bank's questions indexed for drawing: each question's domain, skill and history rank in
/// one compact array, so a draw touches nothing else. Build it once per bank and history.
#[derive(Debug, Clone)]
pub struct Pool<'b> {
    bank: &'b Bank,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    question: usize,
    domain: usize,
    skill: usize,
    in_case_study: bool,
    /// Due (0), never seen (1), seen (2).
    tier: u8,
    last_seen: i64,
}

/// A question in the running for a draw, with its full rank.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    question: usize,
    skill: usize,
    rank: (u8, i64, u64),
}

impl<'b> Pool<'b> {
    /// Indexes a bank with the user's history.
    pub fn new(bank: &'b Bank, familiarity: &Familiarity) -> Pool<'b> {
        let skills: Vec<(usize, &str)> = bank
            .blueprint
            .domains
            .iter()
            .enumerate()
            .flat_map(|(d, domain)| domain.skills.iter().map(move |s| (d, s.id.as_str())))
            .collect();
        let entries = bank
            .questions
            .iter()
            .enumerate()
            .filter_map(|(i, q)| {
                let skill = skills.iter().position(|(_, id)| *id == q.skill)?;
                let (tier, last_seen) = match familiarity.get(q.id.as_str()) {
                    Some(seen) if seen.due => (0, seen.last_seen.timestamp()),
                    None => (1, 0),
                    Some(seen) => (2, seen.last_seen.timestamp()),
                };
                Some(Entry {
                    question: i,
                    domain: skills[skill].0,
                    skill,
                    in_case_study: q.case_study.is_some(),
                    tier,
                    last_seen,
                })
            })
            .collect();
        Pool { bank, entries }
    }

    /// Draws up to `count` question ids that pass the filter, in a shuffled order.
    /// `reserved` questions are already in the attempt: they take seats of their domains.
    pub fn draw(
        &self,
        filter: &Filter,
        count: usize,
        reserved: &[&Question],
        seed: u64,
    ) -> Vec<String> {
        let mut rng = StdRng::seed_from_u64(seed);
        let domains = &self.bank.blueprint.domains;
        let domain_ok: Vec<bool> = domains
            .iter()
            .map(|d| filter.domains.is_empty() || filter.domains.contains(&d.id))
            .collect();
        let skill_ok: Vec<bool> = domains
            .iter()
            .flat_map(|d| &d.skills)
            .map(|s| filter.skills.is_empty() || filter.skills.contains(&s.id))
            .collect();
        let mut pools: Vec<Vec<Candidate>> = vec![Vec::new(); domains.len()];
        for e in &self.entries {
            if domain_ok[e.domain]
                && skill_ok[e.skill]
                && !(filter.standalone_only && e.in_case_study)
            {
                pools[e.domain].push(Candidate {
                    question: e.question,
                    skill: e.skill,
                    rank: (e.tier, e.last_seen, rng.random()),
                });
            }
        }
        let taken: Vec<usize> = domains
            .iter()
            .map(|d| reserved.iter().filter(|q| q.domain == d.id).count())
            .collect();
        let weights: Vec<f64> = domains.iter().map(|d| d.weight_midpoint()).collect();
        let available: Vec<usize> = pools.iter().zip(&taken).map(|(p, t)| p.len() + t).collect();
        let mut quotas = domain_quotas(&weights, &available, count);
        // A reserved question fills one of its domain's seats; where it overfills, the largest
        // other quotas shrink.
        let mut excess = 0;
        for (quota, t) in quotas.iter_mut().zip(&taken) {
            excess += t.saturating_sub(*quota);
            *quota = quota.saturating_sub(*t);
        }
        while excess > 0 {
            let Some(largest) = (0..quotas.len()).max_by_key(|i| (quotas[*i], usize::MAX - i))
            else {
                break;
            };
            if quotas[largest] == 0 {
                break;
            }
            quotas[largest] -= 1;
            excess -= 1;
        }
        let mut picks: Vec<String> = Vec::with_capacity(count);
        for (pool, quota) in pools.into_iter().zip(quotas) {
            picks.extend(
                pick_spread(pool, quota)
                    .into_iter()
                    .map(|i| self.bank.questions[i].id.clone()),
            );
        }
        picks.shuffle(&mut rng);
        picks
    }
}

/// Takes `quota` candidates in rank order, but within a rank tier prefers the skill with the
/// fewest picks so far, so a domain's seats spread across its skills. Returns question indices.
fn pick_spread(pool: Vec<Candidate>, quota: usize) -> Vec<usize> {
    let mut by_skill: Vec<(usize, Vec<Candidate>, usize)> = Vec::new();
    for c in pool {
        match by_skill.iter_mut().find(|(s, ..)| *s == c.skill) {
            Some((_, list, _)) => list.push(c),
            None => by_skill.push((c.skill, vec![c], 0)),
        }
    }
    for (_, list, _) in &mut by_skill {
        // No skill gives more than `quota` picks: keep only its best, sorted best last so the
        // next pick is a pop.
        if list.len() > quota && quota > 0 {
            list.select_nth_unstable_by_key(quota - 1, |c| c.rank);
            list.truncate(quota);
        }
        list.sort_unstable_by_key(|c| std::cmp::Reverse(c.rank));
    }
    let mut picks = Vec::with_capacity(quota);
    while picks.len() < quota {
        let best = by_skill
            .iter()
            .enumerate()
            .filter_map(|(i, (_, list, taken))| {
                list.last()
                    .map(|c| ((c.rank.0, *taken, c.rank.1, c.rank.2), i))
            })
            .min();
        let Some((_, i)) = best else { break };
        let (_, list, taken) = &mut by_skill[i];
        if let Some(c) = list.pop() {
            picks.push(c.question);
            *taken += 1;
        }
    }
    picks
}

/// Chooses the case study for an exam: never seen before seen, least recently seen first,
/// random ties. `None` when the bank has none.
pub fn pick_case_study(bank: &Bank, familiarity: &Familiarity, seed: u64) -> Option<String> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed_ca5e);
    bank.case_studies
        .iter()
        .filter(|c| !c.questions.is_empty())
        .map(|c| {
            let last = c
                .questions
                .iter()
                .filter_map(|id| familiarity.get(id))
                .map(|s| s.last_seen.timestamp())
                .max();
            (
                (last.is_some(), last.unwrap_or(0), rng.random::<u64>()),
                c.id.clone(),
            )
        })
        .min()
        .map(|(_, id)| id)
}

/// The questions of an exam simulation: one case study as its own closing section (its
/// questions count toward their domains' seats) and the rest drawn as a sprint would be.
pub fn sample_exam(bank: &Bank, count: usize, familiarity: &Familiarity, seed: u64) -> Vec<String> {
    let case_questions: Vec<&Question> = pick_case_study(bank, familiarity, seed)
        .and_then(|id| bank.case_study(&id))
        .map(|c| {
            c.questions
                .iter()
                .filter_map(|id| bank.question(id))
                .take(count)
                .collect()
        })
        .unwrap_or_default();
    let filter = Filter {
        standalone_only: true,
        ..Filter::default()
    };
    let mut ids = Pool::new(bank, familiarity).draw(&filter, count, &case_questions, seed);
    ids.extend(case_questions.iter().map(|q| q.id.clone()));
    ids
}
