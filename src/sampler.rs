//! Choosing the questions of an attempt.
//!
//! Seats go to domains in proportion to the midpoints of the exam weights, apportioned by
//! largest remainder, so a sprint's mix follows the exam. Within a domain, questions due for
//! review come first, then never-seen ones, then the least recently seen, spread across skills,
//! with random ties. The same seed gives the same picks.
//!
//! Two questions of one variant group (`variant_of`) never share an attempt. A series is either
//! represented by one of its items or, when drawn [`SeriesDraw::WholeBlock`], by all of them
//! in order, one after the other.
//!
//! No near-twins: within a domain, a topic gives a second question only when every other topic
//! of that domain that still has a question to give has given one (a real exam drew two items
//! that both tested `packages: write` for ghcr). Sprints and exams take at most
//! [`DUE_SHARE`] of their seats from questions due for review, so practice keeps the exam's
//! breadth while mixing the reviews in.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::{DateTime, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng, rngs::StdRng};

use crate::bank::twins::variant_groups;
use crate::bank::{Bank, Question};

/// What the user has done with one question before, from history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Seen {
    /// When it was last answered.
    pub last_seen: DateTime<Utc>,
    /// Whether the last answer missed points, so it is due for review.
    pub due: bool,
}

/// The user's past with each question id.
pub type Familiarity = HashMap<String, Seen>;

/// The largest share of a sprint's or an exam's seats that questions due for review take.
pub const DUE_SHARE: f64 = 0.4;

/// Which questions may be drawn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only these domains (empty: all).
    pub domains: Vec<String>,
    /// Only these skills (empty: all).
    pub skills: Vec<String>,
    /// Leave out questions that belong to a case study.
    pub standalone_only: bool,
    /// Only these question ids (`None`: any).
    pub only: Option<Vec<String>>,
}

impl Filter {
    /// Whether a question passes the filter.
    pub fn admits(&self, q: &Question) -> bool {
        (self.domains.is_empty() || self.domains.contains(&q.domain))
            && (self.skills.is_empty() || self.skills.contains(&q.skill))
            && !(self.standalone_only && q.case_study.is_some())
            && self.only.as_ref().is_none_or(|ids| ids.contains(&q.id))
    }
}

/// How a series enters a draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesDraw {
    /// At most one item of a series, a random one (sprint, drill).
    OneItem,
    /// All its items as one block in series order, taking as many seats (exam).
    WholeBlock,
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
/// in a shuffled order, at most one item of each series.
pub fn sample(
    bank: &Bank,
    filter: &Filter,
    count: usize,
    familiarity: &Familiarity,
    seed: u64,
) -> Vec<String> {
    Pool::new(bank, familiarity).draw(filter, count, &[], SeriesDraw::OneItem, None, seed)
}

/// Draws a sprint: like [`sample`] over the whole bank, with at most [`DUE_SHARE`] of the
/// seats (rounded down) going to questions due for review.
pub fn sample_sprint(
    bank: &Bank,
    count: usize,
    familiarity: &Familiarity,
    seed: u64,
) -> Vec<String> {
    Pool::new(bank, familiarity).draw(
        &Filter::default(),
        count,
        &[],
        SeriesDraw::OneItem,
        Some(DUE_SHARE),
        seed,
    )
}

/// A bank's questions indexed for drawing: each question's domain, skill and history rank in
/// one compact array, so a draw touches nothing else. Build it once per bank and history.
#[derive(Debug, Clone)]
pub struct Pool<'b> {
    bank: &'b Bank,
    entries: Vec<Entry>,
    /// The question indices of each series, in series order.
    series: Vec<Vec<usize>>,
    /// Each topic id's index.
    topics: HashMap<&'b str, usize>,
    /// How many entries each domain has.
    domain_sizes: Vec<usize>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    question: usize,
    domain: usize,
    skill: usize,
    in_case_study: bool,
    /// The index of its topic in `Pool::topics`.
    topic: usize,
    /// Due (0), never seen (1), seen (2).
    tier: u8,
    last_seen: i64,
    /// The variant group: at most one question of it per attempt.
    group: usize,
    /// The index of its series in `Pool::series`, if it is a series item.
    series: Option<usize>,
}

/// Numbers strings in order of first appearance. A bank file's questions come in runs that
/// share a skill and a topic, so the last string is checked before the map.
#[derive(Debug, Default)]
struct Numbering<'a> {
    index: HashMap<&'a str, usize>,
    last: Option<(&'a str, usize)>,
}

impl<'a> Numbering<'a> {
    /// The number of `s`, a new one if it is the first time.
    fn number(&mut self, s: &'a str) -> usize {
        if let Some((last, n)) = self.last
            && last == s
        {
            return n;
        }
        let next = self.index.len();
        let n = *self.index.entry(s).or_insert(next);
        self.last = Some((s, n));
        n
    }
}

/// The last string looked up and what it gave, so a run of one string is looked up once.
#[derive(Debug, Default)]
struct Recent<'a> {
    last: Option<(&'a str, Option<usize>)>,
}

impl<'a> Recent<'a> {
    /// What `look_up` gives for `s`, called only when `s` differs from the last string.
    fn get(&mut self, s: &'a str, look_up: impl FnOnce(&'a str) -> Option<usize>) -> Option<usize> {
        match self.last {
            Some((last, found)) if last == s => found,
            _ => {
                let found = look_up(s);
                self.last = Some((s, found));
                found
            }
        }
    }
}

/// A question, or a whole series, in the running for a draw, with its full rank.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// The question, or for a whole series its first item.
    question: usize,
    /// For a whole series, its index in `Pool::series`.
    block: Option<usize>,
    /// The seats it takes: 1, or the items of a whole series.
    seats: usize,
    group: usize,
    skill: usize,
    topic: usize,
    rank: (u8, i64, u64),
}

/// The tier of a due question once the due seats are filled: after every other.
const TIER_DUE_OVER_CAP: u8 = 3;

impl<'b> Pool<'b> {
    /// Indexes a bank with the user's history.
    pub fn new(bank: &'b Bank, familiarity: &Familiarity) -> Pool<'b> {
        // Each skill's domain, and each skill id's number (the first of a repeated id).
        let mut skill_domains: Vec<usize> = Vec::new();
        let mut skill_ids: HashMap<&str, usize> = HashMap::new();
        for (d, domain) in bank.blueprint.domains.iter().enumerate() {
            for skill in &domain.skills {
                skill_ids
                    .entry(skill.id.as_str())
                    .or_insert(skill_domains.len());
                skill_domains.push(d);
            }
        }
        let groups = variant_groups(&bank.questions);
        let mut series: Vec<Vec<usize>> = Vec::new();
        let mut series_index: HashMap<&str, usize> = HashMap::new();
        for (i, q) in bank.questions.iter().enumerate() {
            if let Some(s) = &q.series {
                let n = *series_index.entry(s.id.as_str()).or_insert_with(|| {
                    series.push(Vec::new());
                    series.len() - 1
                });
                series[n].push(i);
            }
        }
        for items in &mut series {
            items.sort_by_key(|i| bank.questions[*i].series.as_ref().map_or(0, |s| s.position));
        }
        let mut topics = Numbering::default();
        let mut skill_of = Recent::default();
        let entries: Vec<Entry> = bank
            .questions
            .iter()
            .enumerate()
            .filter_map(|(i, q)| {
                let topic = topics.number(&q.topic);
                let skill = skill_of.get(&q.skill, |id| skill_ids.get(id).copied())?;
                let (tier, last_seen) = match familiarity.get(q.id.as_str()) {
                    Some(seen) if seen.due => (0, seen.last_seen.timestamp()),
                    None => (1, 0),
                    Some(seen) => (2, seen.last_seen.timestamp()),
                };
                Some(Entry {
                    question: i,
                    domain: skill_domains[skill],
                    skill,
                    in_case_study: q.case_study.is_some(),
                    topic,
                    tier,
                    last_seen,
                    group: groups[i],
                    series: q.series.as_ref().map(|s| series_index[s.id.as_str()]),
                })
            })
            .collect();
        let topics = topics.index;
        let mut domain_sizes = vec![0; bank.blueprint.domains.len()];
        for e in &entries {
            domain_sizes[e.domain] += 1;
        }
        Pool {
            bank,
            entries,
            series,
            topics,
            domain_sizes,
        }
    }

    /// Where the question with this id sits in the bank: the first with it, as a scan would
    /// find it, through the bank's id index rather than a scan.
    fn position(&self, id: &str) -> Option<usize> {
        let found = self.bank.question(id)?;
        let questions = &self.bank.questions;
        // `found` is an element of `questions`: its distance from the first, in elements.
        let at = std::ptr::from_ref(found)
            .addr()
            .wrapping_sub(questions.as_ptr().addr())
            / size_of::<Question>().max(1);
        if questions.get(at).is_some_and(|q| std::ptr::eq(q, found)) {
            Some(at)
        } else {
            questions.iter().position(|q| q.id == id)
        }
    }

    /// Draws up to `count` question ids that pass the filter, in a shuffled order (a whole
    /// series stays one block, in order). `reserved` questions are already in the attempt:
    /// they take seats of their domains, their variant groups are closed and their topics
    /// used. With `due_share`, questions due for review take at most that share of the seats
    /// (rounded down), spread over the domains as the seats are; past it they come last.
    pub fn draw(
        &self,
        filter: &Filter,
        count: usize,
        reserved: &[&Question],
        series_draw: SeriesDraw,
        due_share: Option<f64>,
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
        let only: Option<std::collections::HashSet<&str>> = filter
            .only
            .as_ref()
            .map(|ids| ids.iter().map(String::as_str).collect());
        // Sized up front: a large bank's draw should not copy its candidates around.
        let mut pools: Vec<Vec<Candidate>> = self
            .domain_sizes
            .iter()
            .map(|n| Vec::with_capacity(*n))
            .collect();
        // Per series: the candidate standing for it so far, and how many items were seen.
        let mut series_slot: Vec<Option<(usize, usize, usize)>> = vec![None; self.series.len()];
        for e in &self.entries {
            if !(domain_ok[e.domain]
                && skill_ok[e.skill]
                && !(filter.standalone_only && e.in_case_study)
                && only
                    .as_ref()
                    .is_none_or(|ids| ids.contains(self.bank.questions[e.question].id.as_str())))
            {
                continue;
            }
            let candidate = Candidate {
                question: e.question,
                block: None,
                seats: 1,
                group: e.group,
                skill: e.skill,
                topic: e.topic,
                rank: (e.tier, e.last_seen, rng.random()),
            };
            let Some(series) = e.series else {
                pools[e.domain].push(candidate);
                continue;
            };
            match series_slot[series] {
                None => {
                    pools[e.domain].push(candidate);
                    series_slot[series] = Some((e.domain, pools[e.domain].len() - 1, 1));
                }
                Some((domain, at, seen)) => {
                    let standing = &mut pools[domain][at];
                    let seen = seen + 1;
                    match series_draw {
                        // Reservoir sampling: each item stands for the series equally often.
                        SeriesDraw::OneItem => {
                            if rng.random_range(0..seen) == 0 {
                                *standing = candidate;
                            }
                        }
                        // The block ranks as its most pressing item.
                        SeriesDraw::WholeBlock => {
                            standing.rank = standing.rank.min(candidate.rank);
                        }
                    }
                    series_slot[series] = Some((domain, at, seen));
                }
            }
        }
        if series_draw == SeriesDraw::WholeBlock {
            for (series, slot) in series_slot.iter().enumerate() {
                let Some((domain, at, seen)) = *slot else {
                    continue;
                };
                let block = &mut pools[domain][at];
                block.question = self.series[series][0];
                block.block = Some(series);
                block.seats = seen;
            }
        }
        let taken: Vec<usize> = domains
            .iter()
            .map(|d| reserved.iter().filter(|q| q.domain == d.id).count())
            .collect();
        let weights: Vec<f64> = domains
            .iter()
            .map(super::bank::model::Domain::weight_midpoint)
            .collect();
        let available: Vec<usize> = pools
            .iter()
            .zip(&taken)
            .map(|(p, t)| p.iter().map(|c| c.seats).sum::<usize>() + t)
            .collect();
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
        // Variant groups are numbered below the number of questions.
        let mut closed = vec![false; self.bank.questions.len()];
        for group in reserved
            .iter()
            .filter_map(|q| self.position(&q.id))
            // Entries are in bank order.
            .filter_map(|i| self.entries.binary_search_by_key(&i, |e| e.question).ok())
            .map(|n| self.entries[n].group)
        {
            if let Some(closed) = closed.get_mut(group) {
                *closed = true;
            }
        }
        let mut topic_uses = vec![0usize; self.topics.len()];
        for q in reserved {
            if let Some(t) = self.topics.get(q.topic.as_str()) {
                topic_uses[*t] += 1;
            }
        }
        let due_caps: Vec<usize> = match due_share {
            None => vec![usize::MAX; quotas.len()],
            Some(share) => {
                let allowance = (count as f64 * share).floor() as usize;
                let due_available: Vec<usize> = pools
                    .iter()
                    .zip(&quotas)
                    .map(|(pool, quota)| {
                        let due: usize =
                            pool.iter().filter(|c| c.rank.0 == 0).map(|c| c.seats).sum();
                        due.min(*quota)
                    })
                    .collect();
                let weights: Vec<f64> = quotas.iter().map(|q| *q as f64).collect();
                domain_quotas(&weights, &due_available, allowance)
            }
        };
        let mut picks: Vec<Candidate> = Vec::with_capacity(count);
        for ((pool, quota), due_cap) in pools.into_iter().zip(quotas).zip(due_caps) {
            let seats = Seats { quota, due_cap };
            picks.extend(pick_spread(&pool, seats, &mut closed, &mut topic_uses));
        }
        picks.shuffle(&mut rng);
        picks
            .into_iter()
            .flat_map(|c| match c.block {
                Some(series) => self.series[series].clone(),
                None => vec![c.question],
            })
            .map(|i| self.bank.questions[i].id.clone())
            .collect()
    }
}

/// The seats of one domain in a draw.
#[derive(Debug, Clone, Copy)]
struct Seats {
    /// How many questions it gives.
    quota: usize,
    /// How many of them may be due for review.
    due_cap: usize,
}

/// Takes candidates filling the domain's seats. Among the candidates that fit (variant group
/// not `closed`, block not larger than the seats left), only those of the least used topics
/// are in the running, so no topic gives a second question while another can still give its
/// first; among them, rank order, preferring the skill with the fewest picks so far. Due
/// questions past the domain's due cap rank after every other. Closes the group and counts
/// the topic of each pick.
///
/// Each pick looks at the best candidate of every topic and skill ([`Lane`]), not at the whole
/// pool, so a draw from a large bank costs little more than one from a small one.
fn pick_spread(
    pool: &[Candidate],
    seats: Seats,
    closed: &mut [bool],
    topic_uses: &mut [usize],
) -> Vec<Candidate> {
    let mut lanes = Lane::of(pool, topic_uses.len());
    let skills = pool.iter().map(|c| c.skill + 1).max().unwrap_or(0);
    let mut skill_picks = vec![0usize; skills];
    let mut picks = Vec::with_capacity(seats.quota);
    let mut filled = 0;
    let mut due_taken = 0;
    while filled < seats.quota {
        let left = seats.quota - filled;
        let fits =
            |c: &Candidate| !closed.get(c.group).copied().unwrap_or(false) && c.seats <= left;
        let over_cap = due_taken >= seats.due_cap;
        // The whole order: topic uses first, then tier, the skill's picks, the rank.
        let best = lanes
            .iter_mut()
            .enumerate()
            .filter_map(|(n, lane)| {
                let (tier, ranked) = lane.head(pool, fits, over_cap)?;
                let Reverse((_, last_seen, random, at)) = ranked;
                let key = (
                    topic_uses[lane.topic],
                    tier,
                    skill_picks[lane.skill],
                    last_seen,
                    random,
                    at,
                );
                Some((key, n))
            })
            .min();
        let Some(((.., at), n)) = best else {
            break;
        };
        lanes[n].take(over_cap);
        let c = pool[at];
        if let Some(closed) = closed.get_mut(c.group) {
            *closed = true;
        }
        topic_uses[c.topic] += 1;
        skill_picks[c.skill] += 1;
        if c.rank.0 == 0 {
            due_taken += c.seats;
        }
        filled += c.seats;
        picks.push(c);
    }
    picks
}

/// A candidate's rank with its place in the pool, ordered best first in a [`BinaryHeap`].
type Ranked = Reverse<(u8, i64, u64, usize)>;

/// The candidates of one domain that share a topic and a skill, in rank order: due ones apart,
/// so they can move behind the others once the due seats are filled.
#[derive(Debug)]
struct Lane {
    topic: usize,
    skill: usize,
    due: BinaryHeap<Ranked>,
    other: BinaryHeap<Ranked>,
}

impl Lane {
    /// The lanes of a pool whose topics are numbered below `topics`.
    fn of(pool: &[Candidate], topics: usize) -> Vec<Lane> {
        // Per topic, its lanes (one per skill that has the topic, usually one).
        let mut by_topic: Vec<Vec<usize>> = vec![Vec::new(); topics];
        // Per lane, its topic, skill and how many due and other candidates it holds.
        let mut shapes: Vec<(usize, usize, usize, usize)> = Vec::new();
        let lane_of: Vec<usize> = pool
            .iter()
            .map(|c| {
                let found = by_topic[c.topic]
                    .iter()
                    .copied()
                    .find(|n| shapes[*n].1 == c.skill);
                let n = found.unwrap_or_else(|| {
                    shapes.push((c.topic, c.skill, 0, 0));
                    by_topic[c.topic].push(shapes.len() - 1);
                    shapes.len() - 1
                });
                if c.rank.0 == 0 {
                    shapes[n].2 += 1;
                } else {
                    shapes[n].3 += 1;
                }
                n
            })
            .collect();
        // Sized up front: a large bank's draw should not copy its candidates around.
        let mut due: Vec<Vec<Ranked>> = shapes.iter().map(|s| Vec::with_capacity(s.2)).collect();
        let mut other: Vec<Vec<Ranked>> = shapes.iter().map(|s| Vec::with_capacity(s.3)).collect();
        for ((at, c), n) in pool.iter().enumerate().zip(lane_of) {
            let ranked = Reverse((c.rank.0, c.rank.1, c.rank.2, at));
            if c.rank.0 == 0 {
                due[n].push(ranked);
            } else {
                other[n].push(ranked);
            }
        }
        shapes
            .into_iter()
            .zip(due.into_iter().zip(other))
            .map(|((topic, skill, ..), (due, other))| Lane {
                topic,
                skill,
                due: BinaryHeap::from(due),
                other: BinaryHeap::from(other),
            })
            .collect()
    }

    /// The lane's best candidate that fits, with its tier (due ones past the cap rank after
    /// every other). Candidates that no longer fit are dropped: a closed group stays closed
    /// and the seats left only shrink.
    fn head(
        &mut self,
        pool: &[Candidate],
        fits: impl Fn(&Candidate) -> bool,
        over_cap: bool,
    ) -> Option<(u8, Ranked)> {
        for heap in [&mut self.due, &mut self.other] {
            while heap.peek().is_some_and(|r| !fits(&pool[r.0.3])) {
                heap.pop();
            }
        }
        match (self.due.peek(), self.other.peek()) {
            (Some(due), _) if !over_cap => Some((due.0.0, *due)),
            (_, Some(other)) => Some((other.0.0, *other)),
            (Some(due), None) => Some((TIER_DUE_OVER_CAP, *due)),
            (None, None) => None,
        }
    }

    /// Removes the candidate [`Lane::head`] gave.
    fn take(&mut self, over_cap: bool) {
        if !over_cap && self.due.pop().is_some() {
            return;
        }
        if self.other.pop().is_none() {
            self.due.pop();
        }
    }
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
    sample_exam_from(&Pool::new(bank, familiarity), count, familiarity, seed)
}

/// [`sample_exam`] from a bank already indexed with the same familiarity (for many draws).
pub fn sample_exam_from(
    pool: &Pool<'_>,
    count: usize,
    familiarity: &Familiarity,
    seed: u64,
) -> Vec<String> {
    let bank = pool.bank;
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
    let mut ids = pool.draw(
        &filter,
        count,
        &case_questions,
        SeriesDraw::WholeBlock,
        Some(DUE_SHARE),
        seed,
    );
    ids.extend(case_questions.iter().map(|q| q.id.clone()));
    ids
}

#[cfg(test)]
mod tests {
    use super::{Candidate, Seats, TIER_DUE_OVER_CAP, pick_spread};
    use proptest::prelude::*;

    /// The plain statement of [`pick_spread`]'s rule: every pick scans the whole pool.
    fn pick_by_scan(
        mut pool: Vec<Candidate>,
        seats: Seats,
        closed: &mut [bool],
        topic_uses: &mut [usize],
    ) -> Vec<usize> {
        let mut skill_picks = [0; 16];
        let (mut picks, mut filled, mut due_taken) = (Vec::new(), 0, 0);
        while filled < seats.quota {
            let left = seats.quota - filled;
            let fits = |c: &Candidate| !closed[c.group] && c.seats <= left;
            let Some(least_used) = pool
                .iter()
                .filter(|c| fits(c))
                .map(|c| topic_uses[c.topic])
                .min()
            else {
                break;
            };
            let tier = |c: &Candidate| match c.rank.0 {
                0 if due_taken >= seats.due_cap => TIER_DUE_OVER_CAP,
                t => t,
            };
            let at = (0..pool.len())
                .filter(|i| fits(&pool[*i]) && topic_uses[pool[*i].topic] == least_used)
                .min_by_key(|i| {
                    let c = &pool[*i];
                    (tier(c), skill_picks[c.skill], c.rank.1, c.rank.2)
                })
                .expect("some candidate fits");
            let c = pool.remove(at);
            closed[c.group] = true;
            topic_uses[c.topic] += 1;
            skill_picks[c.skill] += 1;
            if c.rank.0 == 0 {
                due_taken += c.seats;
            }
            filled += c.seats;
            picks.push(c.question);
        }
        picks
    }

    fn candidate() -> impl Strategy<Value = Candidate> {
        (
            0usize..12,
            1usize..4,
            0usize..4,
            0usize..6,
            0u8..3,
            0i64..5,
            any::<u64>(),
        )
            .prop_map(
                |(group, seats, skill, topic, tier, last_seen, random)| Candidate {
                    question: 0,
                    block: None,
                    seats: if seats == 1 { 1 } else { seats - 1 },
                    group,
                    skill,
                    topic,
                    rank: (tier, if tier == 1 { 0 } else { last_seen }, random),
                },
            )
    }

    proptest! {
        #[test]
        fn lanes_pick_what_a_full_scan_picks(
            pool in prop::collection::vec(candidate(), 0..40),
            quota in 0usize..30,
            due_cap in 0usize..8,
            used in prop::collection::vec(0usize..2, 6),
        ) {
            let pool: Vec<Candidate> = pool
                .into_iter()
                .enumerate()
                .map(|(i, c)| Candidate { question: i, ..c })
                .collect();
            let seats = Seats { quota, due_cap };
            let (mut closed, mut uses) = (vec![false; 12], used.clone());
            let fast: Vec<usize> = pick_spread(&pool, seats, &mut closed, &mut uses)
                .iter()
                .map(|c| c.question)
                .collect();
            let (mut closed_scan, mut uses_scan) = (vec![false; 12], used);
            let scan = pick_by_scan(pool, seats, &mut closed_scan, &mut uses_scan);
            prop_assert_eq!(fast, scan);
            prop_assert_eq!(closed, closed_scan);
            prop_assert_eq!(uses, uses_scan);
        }
    }
}
