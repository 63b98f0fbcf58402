//! A question: its catalogue entry, always at hand, and its words, decoded when first needed
//! (see [`super::content`]).
//!
//! A question is written two ways. In JSON (the snapshot kept with each attempt) every field is
//! spelled out, stem and body included, as it always was. In postcard (the compiled built-in
//! bank, the caches) the catalogue entry comes first and the words follow as one block of
//! bytes, so that reading a bank decodes what every question is about and none of what it says.
//!
//! Shared with `build.rs`, so this file depends on nothing but `serde`, `postcard` and the
//! bank's own data types.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::content::{Content, Detail};
use super::doc::Text;
use super::model::{Body, Month, Origin, SeriesRef};

/// One question of any type: its catalogue entry, always at hand (and read through it:
/// `question.id` is `question.about.id`), and its words ([`Detail`]), decoded the first time
/// they are asked for.
#[derive(Debug, Clone)]
pub struct Question {
    /// What the question is about: ids, difficulty, where it was written.
    pub about: About,
    /// The body's kind, known without decoding it.
    kind: Kind,
    /// The parts the body is scored on ([`Body::parts`]), known without decoding it.
    parts: u32,
    /// Stem, body, explanation and references.
    content: Content,
}

/// A question's catalogue entry: what it is about, without its words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct About {
    /// Unique and stable forever: history refers to it.
    pub id: String,
    /// The domain id.
    pub domain: String,
    /// The skill id, inside the domain.
    pub skill: String,
    /// The topic id, inside the skill.
    pub topic: String,
    /// 1 (recall) to 3 (multi-constraint scenario).
    pub difficulty: u8,
    /// The month its facts were last checked against its references.
    pub verified: Month,
    /// The case study this question belongs to, if any.
    pub case_study: Option<String>,
    /// The series this question is one item of, if any: a `yesno` body with one statement,
    /// the proposed solution, under the series' shared stem.
    pub series: Option<SeriesRef>,
    /// The question this one is a deliberate variant of (a near-identical stem); the two are
    /// never asked in one attempt.
    pub variant_of: Option<String>,
    /// Where it was written.
    pub origin: Origin,
}

/// A question reads as its catalogue entry: `question.id`, `question.topic`…
impl std::ops::Deref for Question {
    type Target = About;
    fn deref(&self) -> &About {
        &self.about
    }
}

impl std::ops::DerefMut for Question {
    fn deref_mut(&mut self) -> &mut About {
        &mut self.about
    }
}

/// The kind of a question's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// [`Body::Single`].
    Single,
    /// [`Body::Multiple`].
    Multiple,
    /// [`Body::Order`].
    Order,
    /// [`Body::YesNo`].
    YesNo,
    /// [`Body::Fill`].
    Fill,
}

impl Kind {
    /// The kind of this body.
    pub fn of(body: &Body) -> Kind {
        match body {
            Body::Single { .. } => Kind::Single,
            Body::Multiple { .. } => Kind::Multiple,
            Body::Order { .. } => Kind::Order,
            Body::YesNo { .. } => Kind::YesNo,
            Body::Fill { .. } => Kind::Fill,
        }
    }
}

impl Question {
    /// A question about `about` that says `detail`.
    pub fn new(about: About, detail: Detail) -> Question {
        let (kind, parts) = shape(&detail.body);
        Question {
            about,
            kind,
            parts,
            content: Content::new(detail),
        }
    }

    /// The words: stem, body, explanation, references (decoded on first use).
    pub fn detail(&self) -> &Detail {
        self.content.detail(&self.about.id)
    }

    /// The words compiled, as they would be written.
    pub(crate) fn compiled_words(&self) -> Option<std::borrow::Cow<'_, [u8]>> {
        self.content.to_compiled(&self.about.id)
    }

    /// The catalogue entry as postcard writes it, with `words` for the words.
    pub(crate) fn compiled<Words: Serialize>(&self, words: Words) -> Compiled<&About, Words> {
        Compiled {
            about: &self.about,
            kind: self.kind,
            parts: self.parts,
            words,
        }
    }

    /// The scenario and the question.
    pub fn stem(&self) -> &Text {
        &self.detail().stem
    }

    /// What the user answers, by type.
    pub fn body(&self) -> &Body {
        &self.detail().body
    }

    /// The teaching text shown in review.
    pub fn explanation(&self) -> &Text {
        &self.detail().explanation
    }

    /// https URLs that support the answer.
    pub fn references(&self) -> &[String] {
        &self.detail().references
    }

    /// Changes the words; the catalogue's kind and parts follow the new body.
    pub fn edit(&mut self, change: impl FnOnce(&mut Detail)) {
        let detail = self.content.detail_mut(&self.about.id);
        change(detail);
        (self.kind, self.parts) = shape(&detail.body);
    }

    /// The body's kind, without decoding it.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The parts the question is scored on ([`Body::parts`]), without decoding its body.
    pub fn parts(&self) -> u32 {
        self.parts
    }

    /// The name of the question's type as written in YAML.
    pub fn kind_name(&self) -> &'static str {
        if self.about.series.is_some() {
            return "series";
        }
        match self.kind {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::Order => "order",
            Kind::YesNo => "yesno",
            Kind::Fill => "fill",
        }
    }
}

/// Two questions are equal when their catalogue entries and their words are.
impl PartialEq for Question {
    fn eq(&self, other: &Question) -> bool {
        self.about == other.about
            && self.kind == other.kind
            && self.parts == other.parts
            && self.content.same_as(&other.content, &self.about.id)
    }
}

/// A body's kind and scored parts.
fn shape(body: &Body) -> (Kind, u32) {
    (
        Kind::of(body),
        u32::try_from(body.parts()).unwrap_or(u32::MAX),
    )
}

/// A question as JSON spells it, field by field (the order of the fields as they always were,
/// the words among the catalogue's fields).
#[derive(Serialize)]
struct Spelled<'a> {
    id: &'a str,
    domain: &'a str,
    skill: &'a str,
    topic: &'a str,
    difficulty: u8,
    verified: Month,
    stem: &'a Text,
    body: &'a Body,
    explanation: &'a Text,
    references: &'a [String],
    case_study: &'a Option<String>,
    series: &'a Option<SeriesRef>,
    variant_of: &'a Option<String>,
    origin: &'a Origin,
}

/// [`Spelled`], read.
#[derive(Deserialize)]
struct SpelledOwned {
    id: String,
    domain: String,
    skill: String,
    topic: String,
    difficulty: u8,
    verified: Month,
    stem: Text,
    body: Body,
    explanation: Text,
    references: Vec<String>,
    case_study: Option<String>,
    series: Option<SeriesRef>,
    variant_of: Option<String>,
    origin: Origin,
}

/// A question as postcard writes it: the catalogue entry (an [`About`], or a reference to one
/// to write), then the words compiled (or, in a bank cache, where they are). Read with the
/// words as owned bytes, bytes borrowed from the binary, or a place in a cache file.
#[derive(Serialize, Deserialize)]
pub(crate) struct Compiled<Entry, Words> {
    pub(crate) about: Entry,
    pub(crate) kind: Kind,
    pub(crate) parts: u32,
    /// The compiled [`Detail`].
    pub(crate) words: Words,
}

/// Compiled words to write.
struct WordsRef<'a>(&'a [u8]);

impl Serialize for WordsRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

/// Compiled words read into a block of their own.
pub(crate) struct WordsOwned(pub(crate) Box<[u8]>);

impl<'de> Deserialize<'de> for WordsOwned {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<WordsOwned, D::Error> {
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = WordsOwned;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a question's compiled words")
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<WordsOwned, E> {
                Ok(WordsOwned(bytes.into()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<WordsOwned, E> {
                Ok(WordsOwned(bytes.into_boxed_slice()))
            }
        }
        deserializer.deserialize_byte_buf(Bytes)
    }
}

impl<Words> Compiled<About, Words> {
    /// The question, its words from `content`.
    pub(crate) fn into_question(self, content: Content) -> Question {
        Question {
            about: self.about,
            kind: self.kind,
            parts: self.parts,
            content,
        }
    }
}

impl Serialize for Question {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            let (about, detail) = (&self.about, self.detail());
            Spelled {
                id: &about.id,
                domain: &about.domain,
                skill: &about.skill,
                topic: &about.topic,
                difficulty: about.difficulty,
                verified: about.verified,
                stem: &detail.stem,
                body: &detail.body,
                explanation: &detail.explanation,
                references: &detail.references,
                case_study: &about.case_study,
                series: &about.series,
                variant_of: &about.variant_of,
                origin: &about.origin,
            }
            .serialize(serializer)
        } else {
            let words = self.compiled_words().ok_or_else(|| {
                serde::ser::Error::custom("a question whose words could not be read")
            })?;
            self.compiled(WordsRef(&words)).serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for Question {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Question, D::Error> {
        if deserializer.is_human_readable() {
            let q = SpelledOwned::deserialize(deserializer)?;
            let about = About {
                id: q.id,
                domain: q.domain,
                skill: q.skill,
                topic: q.topic,
                difficulty: q.difficulty,
                verified: q.verified,
                case_study: q.case_study,
                series: q.series,
                variant_of: q.variant_of,
                origin: q.origin,
            };
            Ok(Question::new(
                about,
                Detail {
                    stem: q.stem,
                    body: q.body,
                    explanation: q.explanation,
                    references: q.references,
                },
            ))
        } else {
            let mut compiled = Compiled::<About, WordsOwned>::deserialize(deserializer)?;
            let words = std::mem::take(&mut compiled.words.0);
            if words.is_empty() {
                return Err(D::Error::custom("a question without its words"));
            }
            Ok(compiled.into_question(Content::from_bytes(words)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_builtin() -> Vec<Question> {
        crate::bank::builtin().questions
    }

    #[test]
    fn the_catalogue_agrees_with_the_words_for_every_builtin_question() {
        for question in every_builtin() {
            assert_eq!(
                question.kind(),
                Kind::of(question.body()),
                "{}",
                question.id
            );
            assert_eq!(
                question.parts() as usize,
                question.body().parts(),
                "{}",
                question.id
            );
        }
    }

    #[test]
    fn json_spells_every_field_and_reads_back_the_same_question() {
        let question = every_builtin()
            .into_iter()
            .find(|q| q.kind() == Kind::Fill)
            .expect("a fill question");
        let json = serde_json::to_value(&question).expect("serializes");
        for field in [
            "id",
            "topic",
            "stem",
            "body",
            "explanation",
            "references",
            "origin",
        ] {
            assert!(json.get(field).is_some(), "{field} in {json}");
        }
        assert_eq!(json["stem"].as_str(), Some(question.stem().source()));
        let read: Question = serde_json::from_value(json).expect("reads");
        assert_eq!(read, question);
        assert_eq!(
            (read.kind(), read.parts()),
            (question.kind(), question.parts())
        );
    }

    #[test]
    fn compiled_questions_read_back_the_same_and_edits_follow_the_body() {
        let questions = every_builtin();
        let bytes = postcard::to_allocvec(&questions).expect("serializes");
        let read: Vec<Question> = postcard::from_bytes(&bytes).expect("reads");
        assert_eq!(read, questions);
        let mut question = read
            .into_iter()
            .find(|q| q.kind() == Kind::Multiple)
            .expect("a multiple question");
        question.edit(|detail| {
            detail.body = Body::YesNo {
                statements: Vec::new(),
            };
        });
        assert_eq!((question.kind(), question.parts()), (Kind::YesNo, 0));
        assert_eq!(question.kind_name(), "yesno");
        // The edit is what is written from now on.
        let again: Question =
            postcard::from_bytes(&postcard::to_allocvec(&question).expect("serializes"))
                .expect("reads");
        assert_eq!(again.body(), question.body());
    }

    #[test]
    fn words_that_do_not_decode_say_so_instead_of_failing() {
        let question = &every_builtin()[0];
        let unreadable = Compiled {
            about: question.about.clone(),
            kind: question.kind(),
            parts: question.parts(),
            words: (),
        }
        .into_question(Content::from_bytes(vec![0xff_u8; 3]));
        assert!(unreadable.stem().contains("could not be read"));
        assert_eq!(unreadable.body().parts(), 0);
    }
}
