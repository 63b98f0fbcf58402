//! What a user answered to one question. Indices refer to the question's authored order, so a
//! response means the same thing however the options were shuffled on screen.

use serde::{Deserialize, Serialize};

use crate::bank::Body;

/// A user's answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// The options chosen (`single`: one; `multiple`: up to "Choose N").
    Choices(Vec<usize>),
    /// The list built, first to last; indices below the number of steps are steps, the rest
    /// distractors.
    Order(Vec<usize>),
    /// Yes (`true`), no (`false`) or not yet answered, per statement.
    YesNo(Vec<Option<bool>>),
    /// The option chosen for each slot, if any.
    Fill(Vec<Option<usize>>),
}

impl Response {
    /// An empty response of the right shape for a question, to be filled in.
    pub fn empty_for(body: &Body) -> Response {
        match body {
            Body::Single { .. } | Body::Multiple { .. } => Response::Choices(Vec::new()),
            Body::Order { .. } => Response::Order(Vec::new()),
            Body::YesNo { statements } => Response::YesNo(vec![None; statements.len()]),
            Body::Fill { slots, .. } => Response::Fill(vec![None; slots.len()]),
        }
    }

    /// Whether the question counts as answered: every part the user must give is given.
    pub fn is_complete(&self, body: &Body) -> bool {
        match (self, body) {
            (Response::Choices(c), Body::Single { .. } | Body::Multiple { .. }) => {
                c.len() == body.to_choose()
            }
            (Response::Order(list), Body::Order { steps, .. }) => list.len() == steps.len(),
            (Response::YesNo(a), Body::YesNo { .. }) => a.iter().all(Option::is_some),
            (Response::Fill(a), Body::Fill { .. }) => a.iter().all(Option::is_some),
            _ => false,
        }
    }

    /// Whether the user has given any part of an answer.
    pub fn is_started(&self) -> bool {
        match self {
            Response::Choices(c) | Response::Order(c) => !c.is_empty(),
            Response::YesNo(a) => a.iter().any(Option::is_some),
            Response::Fill(a) => a.iter().any(Option::is_some),
        }
    }
}

impl Response {
    /// Picks or unpicks option `index`. A `single` question (`limit` 1) switches to the new
    /// pick; a `multiple` one refuses a pick beyond its limit and returns false.
    pub fn toggle_choice(&mut self, index: usize, limit: usize) -> bool {
        let Response::Choices(chosen) = self else {
            return false;
        };
        if let Some(at) = chosen.iter().position(|c| *c == index) {
            chosen.remove(at);
        } else if limit == 1 {
            *chosen = vec![index];
        } else if chosen.len() < limit {
            chosen.push(index);
        } else {
            return false;
        }
        true
    }

    /// Appends item `index` to an order list, or removes it if it is already placed.
    pub fn toggle_in_order(&mut self, index: usize) {
        if let Response::Order(list) = self {
            match list.iter().position(|i| *i == index) {
                Some(at) => {
                    list.remove(at);
                }
                None => list.push(index),
            }
        }
    }

    /// Moves the item at `position` of an order list one place up (`-1`) or down (`1`).
    pub fn move_in_order(&mut self, position: usize, up: bool) {
        if let Response::Order(list) = self {
            let target = if up {
                position.checked_sub(1)
            } else {
                Some(position + 1)
            };
            if let Some(target) = target.filter(|t| *t < list.len() && position < list.len()) {
                list.swap(position, target);
            }
        }
    }

    /// Answers statement `index` of a yes/no series.
    pub fn set_statement(&mut self, index: usize, yes: bool) {
        if let Response::YesNo(answers) = self
            && let Some(a) = answers.get_mut(index)
        {
            *a = Some(yes);
        }
    }

    /// Chooses option `option` for slot `slot` of a fill question.
    pub fn set_slot(&mut self, slot: usize, option: usize) {
        if let Response::Fill(answers) = self
            && let Some(a) = answers.get_mut(slot)
        {
            *a = Some(option);
        }
    }
}
