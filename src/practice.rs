//! Starting each kind of practice: draws the questions and opens the session. Shared by the
//! command line and the home screen so both start the same thing.

use chrono::{DateTime, Utc};

use crate::attempt::{Attempt, Mode};
use crate::bank::Bank;
use crate::history::Ledger;
use crate::sampler::{self, Familiarity, Filter};
use crate::session::Session;

/// Defaults that mirror the exam and a daily habit.
pub mod defaults {
    /// Questions in a sprint.
    pub const SPRINT_QUESTIONS: usize = 15;
    /// Minutes for a sprint.
    pub const SPRINT_MINUTES: u32 = 30;
    /// Questions in a drill.
    pub const DRILL_QUESTIONS: usize = 10;
    /// Questions in an exam simulation.
    pub const EXAM_QUESTIONS: usize = 50;
    /// Minutes for an exam simulation.
    pub const EXAM_MINUTES: u32 = 120;
}

/// What to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The kind of practice.
    pub mode: Mode,
    /// How many questions.
    pub questions: usize,
    /// The time limit in minutes (`None`: untimed).
    pub minutes: Option<u32>,
    /// Drill: which domains and skills (empty: all).
    pub filter: Filter,
    /// Seed for the draw and the shuffles (`None`: from the clock).
    pub seed: Option<u64>,
    /// Drill one case study: all its questions, in order (the size and filter are unused).
    pub case_study: Option<String>,
}

impl Plan {
    /// A sprint with the default size and time.
    pub fn sprint() -> Plan {
        Plan {
            mode: Mode::Sprint,
            questions: defaults::SPRINT_QUESTIONS,
            minutes: Some(defaults::SPRINT_MINUTES),
            filter: Filter::default(),
            seed: None,
            case_study: None,
        }
    }

    /// An untimed drill of one case study, all its questions in order.
    pub fn case_study(id: &str) -> Plan {
        Plan {
            case_study: Some(id.to_string()),
            ..Plan::drill(Filter::default())
        }
    }

    /// An untimed drill on the filter's domains and skills.
    pub fn drill(filter: Filter) -> Plan {
        Plan {
            mode: Mode::Drill,
            questions: defaults::DRILL_QUESTIONS,
            minutes: None,
            filter,
            seed: None,
            case_study: None,
        }
    }

    /// An exam simulation with the default size and time.
    pub fn exam() -> Plan {
        Plan {
            mode: Mode::Exam,
            questions: defaults::EXAM_QUESTIONS,
            minutes: Some(defaults::EXAM_MINUTES),
            filter: Filter::default(),
            seed: None,
            case_study: None,
        }
    }
}

/// How long each kind of practice is unless the command line says otherwise: the built-in
/// [`defaults`], or the config file's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// Questions in a sprint.
    pub sprint_questions: usize,
    /// Minutes for a sprint.
    pub sprint_minutes: u32,
    /// Questions in an exam simulation.
    pub exam_questions: usize,
    /// Minutes for an exam simulation.
    pub exam_minutes: u32,
    /// Questions in a drill.
    pub drill_questions: usize,
}

impl Default for Sizes {
    fn default() -> Sizes {
        Sizes {
            sprint_questions: defaults::SPRINT_QUESTIONS,
            sprint_minutes: defaults::SPRINT_MINUTES,
            exam_questions: defaults::EXAM_QUESTIONS,
            exam_minutes: defaults::EXAM_MINUTES,
            drill_questions: defaults::DRILL_QUESTIONS,
        }
    }
}

impl Sizes {
    /// A sprint of this size.
    pub fn sprint(&self) -> Plan {
        Plan {
            questions: self.sprint_questions,
            minutes: Some(self.sprint_minutes),
            ..Plan::sprint()
        }
    }

    /// An untimed drill of this size on the filter's domains and skills.
    pub fn drill(&self, filter: Filter) -> Plan {
        Plan {
            questions: self.drill_questions,
            ..Plan::drill(filter)
        }
    }

    /// An exam simulation of this size.
    pub fn exam(&self) -> Plan {
        Plan {
            questions: self.exam_questions,
            minutes: Some(self.exam_minutes),
            ..Plan::exam()
        }
    }
}

/// The user's past with each question as of `now`: when last seen, and whether it is due for
/// review by the memory model (recall under the target retention).
pub fn familiarity_at(past: &[Attempt], now: DateTime<Utc>) -> Familiarity {
    Ledger::from_attempts(past).familiarity_at(now)
}

/// Draws the questions for a plan, using past attempts to prefer what is due, and starts the
/// session. `None` if no question fits the plan.
pub fn start(bank: &Bank, plan: &Plan, past: &[Attempt], now: DateTime<Utc>) -> Option<Session> {
    start_from(bank, plan, &Ledger::from_attempts(past), now)
}

/// [`start`] from the history in brief.
pub fn start_from(
    bank: &Bank,
    plan: &Plan,
    history: &Ledger,
    now: DateTime<Utc>,
) -> Option<Session> {
    let seed = plan
        .seed
        .unwrap_or_else(|| now.timestamp_nanos_opt().unwrap_or_default() as u64);
    let known = history.familiarity_at(now);
    let ids = match (&plan.case_study, plan.mode) {
        (Some(case), _) => bank
            .case_study(case)
            .map(|c| c.questions.clone())
            .unwrap_or_default(),
        (None, Mode::Exam) => sampler::sample_exam(bank, plan.questions, &known, seed),
        (None, Mode::Sprint) if plan.filter == Filter::default() => {
            sampler::sample_sprint(bank, plan.questions, &known, seed)
        }
        (None, Mode::Sprint | Mode::Drill) => {
            sampler::sample(bank, &plan.filter, plan.questions, &known, seed)
        }
    };
    if ids.is_empty() {
        return None;
    }
    let limit = plan.minutes.map(|m| m.saturating_mul(60));
    Some(Session::start(plan.mode, bank, &ids, limit, seed, now))
}
