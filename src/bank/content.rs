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
    fn unreadable() -> &'static Detail {
        static UNREADABLE: std::sync::LazyLock<Detail> = std::sync::LazyLock::new(|| Detail {
            stem: Text::parse("This question's text could not be read. Run `az400 bank validate`."),
            body: Body::YesNo {
                statements: Vec::new(),
            },
            explanation: Text::default(),
            references: Vec::new(),
        });
        &UNREADABLE
    }
}

/// A question's [`Detail`], decoded from its compiled bytes on first use.
#[derive(Clone, Default)]
pub struct Content {
    /// The compiled detail (postcard), if it came compiled.
    compiled: Compiled,
    /// The detail, once decoded (or as it was made).
    /// Boxed: most questions of a large bank are never decoded, and a question's size is what
    /// a bank moves around. `None` once decoding failed: the stand-in [`Detail::unreadable`]
    /// is shown instead.
    detail: OnceLock<Option<Box<Detail>>>,
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
    /// Still in a file, read when needed.
    Stored(Arc<dyn WordsFile>, Place),
}

/// A file that holds questions' compiled words (a bank cache), read a question at a time.
pub trait WordsFile: Send + Sync {
    /// The compiled words at `place`, if they read back as they were written.
    fn read(&self, place: Place) -> Option<Vec<u8>>;

    /// The words of question `id` from where they were written (the question file), for
    /// words that did not read back.
    fn fallback(&self, id: &str, place: Place) -> Option<Detail>;
}

/// Where a question's compiled words sit in a [`WordsFile`], and how to know them again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// The offset of the first byte, from the start of the words.
    pub at: u64,
    /// How many bytes.
    pub len: u32,
    /// A checksum of the bytes.
    pub sum: u64,
    /// Which of the file's sources the question was read from.
    pub source: u32,
}

impl Content {
    /// A content made from its parts.
    pub fn new(detail: Detail) -> Content {
        Content {
            compiled: Compiled::None,
            detail: OnceLock::from(Some(Box::new(detail))),
        }
    }

    /// A content whose compiled bytes are part of the binary.
    pub fn from_static(bytes: &'static [u8]) -> Content {
        Content::compiled(Compiled::Static(bytes))
    }

    /// A content whose compiled bytes were read from a file.
    pub fn from_bytes(bytes: impl Into<Arc<[u8]>>) -> Content {
        Content::compiled(Compiled::Shared(bytes.into()))
    }

    /// A content whose compiled bytes are still in a file, at `place`.
    pub fn stored(file: Arc<dyn WordsFile>, place: Place) -> Content {
        Content::compiled(Compiled::Stored(file, place))
    }

    fn compiled(compiled: Compiled) -> Content {
        Content {
            compiled,
            detail: OnceLock::new(),
        }
    }

    /// The detail of question `id`, decoded on first use; `None` if it cannot be.
    fn decoded(&self, id: &str) -> Option<&Detail> {
        self.detail
            .get_or_init(|| {
                let decoded = match &self.compiled {
                    Compiled::Stored(file, place) => file
                        .read(*place)
                        .and_then(|bytes| postcard::from_bytes(&bytes).ok())
                        .or_else(|| file.fallback(id, *place)),
                    _ => self
                        .bytes()
                        .and_then(|bytes| postcard::from_bytes(bytes).ok()),
                };
                decoded.map(Box::new)
            })
            .as_deref()
    }

    /// The detail of question `id`, decoded on first use (the stand-in that says the words
    /// could not be read, if they cannot).
    pub fn detail(&self, id: &str) -> &Detail {
        self.decoded(id).unwrap_or_else(|| Detail::unreadable())
    }

    /// The detail of question `id` to change: decoded first (the stand-in, if it cannot be),
    /// and the compiled bytes dropped (they no longer say the same).
    pub fn detail_mut(&mut self, id: &str) -> &mut Detail {
        if self.decoded(id).is_none() {
            self.detail = OnceLock::from(Some(Box::new(Detail::unreadable().clone())));
        }
        self.compiled = Compiled::None;
        self.detail
            .get_mut()
            .and_then(Option::as_deref_mut)
            .expect("set just above")
    }

    /// The compiled bytes at hand, if the content came compiled and was not changed since.
    fn bytes(&self) -> Option<&[u8]> {
        match &self.compiled {
            Compiled::None | Compiled::Stored(..) => None,
            Compiled::Static(bytes) => Some(bytes),
            Compiled::Shared(bytes) => Some(bytes),
        }
    }

    /// The compiled form of question `id`: the bytes it came with, or its detail compiled;
    /// `None` if its words could not be read (rather than the stand-in that says so).
    pub fn to_compiled(&self, id: &str) -> Option<std::borrow::Cow<'_, [u8]>> {
        if let Some(bytes) = self.bytes() {
            return Some(std::borrow::Cow::Borrowed(bytes));
        }
        if let (None, Compiled::Stored(file, place)) = (self.detail.get(), &self.compiled)
            && let Some(bytes) = file.read(*place)
        {
            return Some(std::borrow::Cow::Owned(bytes));
        }
        postcard::to_allocvec(self.decoded(id)?)
            .ok()
            .map(std::borrow::Cow::Owned)
    }

    /// Whether two contents of question `id` say the same.
    pub fn same_as(&self, other: &Content, id: &str) -> bool {
        match (self.bytes(), other.bytes()) {
            (Some(a), Some(b)) if a == b => true,
            _ => self.detail(id) == other.detail(id),
        }
    }
}

impl fmt::Debug for Content {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.detail.get() {
            Some(Some(detail)) => detail.fmt(f),
            Some(None) => Detail::unreadable().fmt(f),
            None => f.debug_struct("Content").finish_non_exhaustive(),
        }
    }
}
