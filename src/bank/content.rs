//! A question's words (stem, answerable body, explanation, references), kept as compiled bytes
//! until something shows or scores the question.
//!
//! A bank of 20,000 questions shows a handful in a session, and its sampler, its checks across
//! files and the readiness estimate need only what a question is about (its catalogue entry:
//! id, domain, skill, topic, kind, parts). Decoding every question's words at start cost most of
//! the start-up time and memory, so a [`Content`] holds the postcard bytes of its [`Detail`]
//! (borrowed from the binary for the built-in bank) and decodes them once, on first use.
//!
//! Shared with `build.rs`, so this file depends on nothing but `serde`, `postcard` and the
//! document model.

use std::fmt;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use super::doc::Text;
use super::model::Body;

/// What a question says and asks: everything but its catalogue entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Detail {
    /// The scenario and the question.
    pub stem: Text,
    /// What the user answers, by type.
    pub body: Body,
    /// The teaching text shown in review.
    pub explanation: Text,
    /// https URLs that support the answer.
    pub references: Vec<String>,
}

impl Detail {
    /// What stands in for words that cannot be decoded: only possible if compiled bytes were
    /// damaged after they were checked, and then the question says so instead of failing.
    fn unreadable() -> Detail {
        Detail {
            stem: Text::parse("This question's text could not be read. Run `az400 bank validate`."),
            body: Body::YesNo {
                statements: Vec::new(),
            },
            explanation: Text::default(),
            references: Vec::new(),
        }
    }
}

/// A question's [`Detail`], decoded from its compiled bytes on first use.
#[derive(Clone, Default)]
pub struct Content {
    /// The compiled detail (postcard), if it came compiled.
    compiled: Compiled,
    /// The detail, once decoded (or as it was made).
    detail: OnceLock<Detail>,
}

/// Where a content's compiled bytes live.
#[derive(Clone, Default)]
enum Compiled {
    /// Made from its parts: nothing to decode.
    #[default]
    None,
    /// Inside the binary (the built-in bank).
    Static(&'static [u8]),
    /// Read from a file (a cache, a history index), shared by clones.
    Shared(Arc<[u8]>),
}

impl Content {
    /// A content made from its parts.
    pub fn new(detail: Detail) -> Content {
        Content {
            compiled: Compiled::None,
            detail: OnceLock::from(detail),
        }
    }

    /// A content whose compiled bytes are part of the binary.
    pub fn from_static(bytes: &'static [u8]) -> Content {
        Content {
            compiled: Compiled::Static(bytes),
            detail: OnceLock::new(),
        }
    }

    /// A content whose compiled bytes were read from a file.
    pub fn from_bytes(bytes: impl Into<Arc<[u8]>>) -> Content {
        Content {
            compiled: Compiled::Shared(bytes.into()),
            detail: OnceLock::new(),
        }
    }

    /// The detail, decoded on first use.
    pub fn detail(&self) -> &Detail {
        self.detail.get_or_init(|| {
            self.bytes()
                .and_then(|bytes| postcard::from_bytes(bytes).ok())
                .unwrap_or_else(Detail::unreadable)
        })
    }

    /// The detail to change: decoded first, and the compiled bytes dropped (they no longer say
    /// the same).
    pub fn detail_mut(&mut self) -> &mut Detail {
        self.detail();
        self.compiled = Compiled::None;
        self.detail.get_mut().expect("decoded just above")
    }

    /// The compiled bytes, if the content came compiled and was not changed since.
    fn bytes(&self) -> Option<&[u8]> {
        match &self.compiled {
            Compiled::None => None,
            Compiled::Static(bytes) => Some(bytes),
            Compiled::Shared(bytes) => Some(bytes),
        }
    }

    /// The compiled form: the bytes it came with, or the detail compiled now.
    pub fn to_compiled(&self) -> std::borrow::Cow<'_, [u8]> {
        match self.bytes() {
            Some(bytes) => std::borrow::Cow::Borrowed(bytes),
            None => {
                std::borrow::Cow::Owned(postcard::to_allocvec(self.detail()).unwrap_or_default())
            }
        }
    }
}

/// Two contents are equal when their details are.
impl PartialEq for Content {
    fn eq(&self, other: &Content) -> bool {
        match (self.bytes(), other.bytes()) {
            (Some(a), Some(b)) if a == b => true,
            _ => self.detail() == other.detail(),
        }
    }
}

impl fmt::Debug for Content {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.detail.get() {
            Some(detail) => detail.fmt(f),
            None => f
                .debug_struct("Content")
                .field("compiled_bytes", &self.bytes().map_or(0, <[u8]>::len))
                .finish_non_exhaustive(),
        }
    }
}
