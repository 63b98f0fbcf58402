//! Bank text parsed once: prose fields are `CommonMark`, read with pulldown-cmark into a small
//! document model when the bank is decoded, and fill templates are split into code and slot
//! pieces. The built-in bank carries both compiled (postcard); a human-readable format (the
//! JSON of history snapshots) stores only the source text and parses it again when needed.
//!
//! A text keeps its compiled parse as the bytes it was decoded from until something asks for
//! the document ([`Text::doc`]): a bank of 20,000 questions shows a handful, and decoding every
//! document up front cost most of the start-up time and memory. The parse is still made once,
//! at build time or when a file is read; only its decoding waits.
//!
//! Shared with `build.rs`, so this file depends on nothing but `serde`, `postcard` and
//! `pulldown-cmark`.

use std::fmt;
use std::iter::Peekable;
use std::sync::OnceLock;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A piece of bank prose: the Markdown as written, and its parse.
#[derive(Clone, Default)]
pub struct Text {
    source: String,
    /// The parse, once made or decoded.
    doc: OnceLock<Doc>,
    /// The compiled parse (postcard) it was decoded with, until the parse is needed.
    compiled: Option<Box<[u8]>>,
}

/// Two texts are equal when their Markdown is: the parse follows from it.
impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.source == other.source
    }
}

impl Eq for Text {}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Text")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

/// A parsed text: its blocks in order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Doc {
    /// The blocks, top to bottom.
    pub blocks: Vec<Block>,
}

/// One block of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    /// Running text, reflowed to the width.
    Paragraph(Vec<Inline>),
    /// A heading (any level).
    Heading(Vec<Inline>),
    /// A bulleted (`first` is `None`) or numbered list; each item is blocks of its own.
    List {
        /// The first item's number of a numbered list.
        first: Option<u64>,
        /// The items.
        items: Vec<Vec<Block>>,
    },
    /// Code, shown verbatim.
    Code {
        /// The fence's info word (`yaml`, `bash`…), empty if none.
        language: String,
        /// The lines, without their newlines.
        lines: Vec<String>,
    },
    /// A table with a header row.
    Table {
        /// Each column's alignment.
        align: Vec<Align>,
        /// The header cells.
        header: Vec<Vec<Inline>>,
        /// The body rows, each a list of cells.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A block quote.
    Quote(Vec<Block>),
    /// A thematic break.
    Rule,
}

/// How a table column is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Align {
    /// Left (also when the table does not say).
    Left,
    /// Centred.
    Center,
    /// Right.
    Right,
}

/// A run of inline text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Inline {
    /// Words, possibly emphasised, possibly a link's label.
    Text {
        /// The words.
        text: String,
        /// `**strong**`.
        strong: bool,
        /// `*emphasis*`.
        emphasis: bool,
        /// The URL when this run is (part of) a link's label.
        link: Option<String>,
    },
    /// `inline code`, without its backticks.
    Code {
        /// The code.
        text: String,
        /// The URL when the code is a link's label.
        link: Option<String>,
    },
    /// A hard line break.
    Break,
}

impl Text {
    /// Parses Markdown source.
    pub fn parse(source: impl Into<String>) -> Text {
        let source = source.into();
        let doc = Doc::parse(&source);
        Text {
            source,
            doc: OnceLock::from(doc),
            compiled: None,
        }
    }

    /// A text whose parse is made when first needed.
    fn unparsed(source: String, compiled: Option<Box<[u8]>>) -> Text {
        Text {
            source,
            doc: OnceLock::new(),
            compiled,
        }
    }

    /// The Markdown as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The parsed document: decoded from the compiled parse on first use (or, for a text read
    /// from JSON or a compiled parse that does not decode, parsed from the source).
    pub fn doc(&self) -> &Doc {
        self.doc.get_or_init(|| {
            self.compiled
                .as_deref()
                .and_then(|bytes| postcard::from_bytes(bytes).ok())
                .unwrap_or_else(|| Doc::parse(&self.source))
        })
    }

    /// The Markdown as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.source
    }
}

impl From<String> for Text {
    fn from(source: String) -> Text {
        Text::parse(source)
    }
}

impl From<&str> for Text {
    fn from(source: &str) -> Text {
        Text::parse(source)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&self.source)
        } else {
            match &self.compiled {
                Some(bytes) => (&self.source, CompiledRef(bytes)).serialize(serializer),
                None => {
                    let bytes =
                        postcard::to_allocvec(self.doc()).map_err(serde::ser::Error::custom)?;
                    (&self.source, CompiledRef(&bytes)).serialize(serializer)
                }
            }
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        if deserializer.is_human_readable() {
            String::deserialize(deserializer).map(|source| Text::unparsed(source, None))
        } else {
            let (source, Compiled(bytes)) = <(String, Compiled)>::deserialize(deserializer)?;
            Ok(Text::unparsed(source, Some(bytes)))
        }
    }
}

/// A compiled parse as read: postcard bytes, kept as one block.
struct Compiled(Box<[u8]>);

/// A compiled parse to write.
struct CompiledRef<'a>(&'a [u8]);

impl Serialize for CompiledRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

impl<'de> Deserialize<'de> for Compiled {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Compiled, D::Error> {
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = Compiled;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the bytes of a compiled document")
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Compiled, E> {
                Ok(Compiled(bytes.into()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<Compiled, E> {
                Ok(Compiled(bytes.into_boxed_slice()))
            }
        }
        deserializer.deserialize_byte_buf(Bytes)
    }
}

impl Doc {
    /// Parses `CommonMark` (with tables).
    pub fn parse(source: &str) -> Doc {
        let mut events = Parser::new_ext(source, Options::ENABLE_TABLES).peekable();
        Doc {
            blocks: blocks(&mut events),
        }
    }

    /// The inlines of the first paragraph, for texts that are one line (options, steps).
    pub fn first_inlines(&self) -> &[Inline] {
        match self.blocks.first() {
            Some(Block::Paragraph(inlines) | Block::Heading(inlines)) => inlines,
            _ => &[],
        }
    }
}

type Events<'a> = Peekable<Parser<'a>>;

/// Reads blocks up to the end of the container they are in (or of the text).
fn blocks(events: &mut Events) -> Vec<Block> {
    let mut out = Vec::new();
    // A tight list item holds its text without a paragraph around it.
    let mut loose = Vec::new();
    let mut state = InlineState::default();
    while let Some(event) = events.next() {
        if is_inline(&event) {
            state.push(event, &mut loose);
            continue;
        }
        if !loose.is_empty() {
            out.push(Block::Paragraph(std::mem::take(&mut loose)));
        }
        match event {
            Event::End(_) => return out,
            Event::Start(Tag::Paragraph) => out.push(Block::Paragraph(inlines(events))),
            Event::Start(Tag::Heading { .. }) => out.push(Block::Heading(inlines(events))),
            Event::Start(Tag::BlockQuote(_)) => out.push(Block::Quote(blocks(events))),
            Event::Start(Tag::List(first)) => out.push(list(events, first)),
            Event::Start(Tag::CodeBlock(kind)) => out.push(code(events, kind)),
            Event::Start(Tag::Table(align)) => out.push(table(events, &align)),
            Event::Start(Tag::HtmlBlock) => out.push(Block::Paragraph(inlines(events))),
            Event::Rule => out.push(Block::Rule),
            // Containers this model has no use for keep their content.
            Event::Start(_) => out.extend(blocks(events)),
            _ => {}
        }
    }
    if !loose.is_empty() {
        out.push(Block::Paragraph(loose));
    }
    out
}

fn list(events: &mut Events, first: Option<u64>) -> Block {
    let mut items = Vec::new();
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::Item) => items.push(blocks(events)),
            Event::End(_) => break,
            _ => {}
        }
    }
    Block::List { first, items }
}

fn code(events: &mut Events, kind: CodeBlockKind) -> Block {
    let language = match kind {
        CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
        CodeBlockKind::Indented => String::new(),
    };
    let mut text = String::new();
    for event in events.by_ref() {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::End(_) => break,
            _ => {}
        }
    }
    Block::Code {
        language,
        lines: text
            .trim_end_matches('\n')
            .lines()
            .map(str::to_string)
            .collect(),
    }
}

fn table(events: &mut Events, align: &[Alignment]) -> Block {
    let mut header = Vec::new();
    let mut rows = Vec::new();
    let mut row = Vec::new();
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::TableCell) => row.push(inlines(events)),
            Event::End(TagEnd::TableHead) => header = std::mem::take(&mut row),
            Event::End(TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
            Event::End(TagEnd::Table) => break,
            _ => {}
        }
    }
    let align = align
        .iter()
        .map(|a| match a {
            Alignment::Center => Align::Center,
            Alignment::Right => Align::Right,
            Alignment::Left | Alignment::None => Align::Left,
        })
        .collect();
    Block::Table {
        align,
        header,
        rows,
    }
}

/// Reads the inlines of a paragraph, heading or cell, up to its end.
fn inlines(events: &mut Events) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut state = InlineState::default();
    for event in events.by_ref() {
        if is_inline(&event) {
            state.push(event, &mut out);
        } else if let Event::End(_) = event {
            break;
        } else if let Event::Html(html) = event {
            state.text(&html, &mut out);
        }
    }
    out
}

/// Whether an event belongs inside a paragraph.
fn is_inline(event: &Event) -> bool {
    matches!(
        event,
        Event::Text(_)
            | Event::Code(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_)
            | Event::Start(
                Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Link { .. }
                    | Tag::Image { .. }
            )
            | Event::End(
                TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Link
                    | TagEnd::Image
            )
    )
}

/// The emphasis and link an inline event is inside.
#[derive(Default)]
struct InlineState {
    strong: u32,
    emphasis: u32,
    links: Vec<String>,
}

impl InlineState {
    fn push(&mut self, event: Event, out: &mut Vec<Inline>) {
        match event {
            Event::Text(t)
            | Event::InlineHtml(t)
            | Event::InlineMath(t)
            | Event::DisplayMath(t) => {
                self.text(&t, out);
            }
            Event::Code(code) => out.push(Inline::Code {
                text: code.to_string(),
                link: self.links.last().cloned(),
            }),
            Event::SoftBreak => self.text(" ", out),
            Event::HardBreak => out.push(Inline::Break),
            Event::FootnoteReference(name) => self.text(&format!("[^{name}]"), out),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }, out),
            Event::Start(Tag::Strong) => self.strong += 1,
            Event::End(TagEnd::Strong) => self.strong = self.strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => self.emphasis += 1,
            Event::End(TagEnd::Emphasis) => self.emphasis = self.emphasis.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                self.links.push(dest_url.to_string());
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                self.links.pop();
            }
            _ => {}
        }
    }

    /// Adds words, joining them to the run before when it has the same marks.
    fn text(&self, text: &str, out: &mut Vec<Inline>) {
        let (strong, emphasis, link) = (self.strong > 0, self.emphasis > 0, self.links.last());
        if let Some(Inline::Text {
            text: before,
            strong: s,
            emphasis: e,
            link: l,
        }) = out.last_mut()
            && *s == strong
            && *e == emphasis
            && l.as_ref() == link
        {
            before.push_str(text);
            return;
        }
        out.push(Inline::Text {
            text: text.to_string(),
            strong,
            emphasis,
            link: link.cloned(),
        });
    }
}

/// A fill question's snippet, split once into code and slots: what the validator checks and
/// what the screen draws.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Template {
    source: String,
    lines: Vec<Vec<Piece>>,
}

/// A piece of a template line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Piece {
    /// Code shown as written.
    Code(String),
    /// A slot, by its number as written: `{{1}}` is 1.
    Slot(usize),
}

impl Template {
    /// Splits a template into lines of code and slots. A slot is `{{` digits `}}` wherever it
    /// stands, inside a GitHub expression `${{ {{3}}.environment }}` too.
    pub fn parse(source: impl Into<String>) -> Template {
        let source = source.into();
        let lines = source.trim_end_matches('\n').lines().map(pieces).collect();
        Template { source, lines }
    }

    /// The template as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The lines, each a list of pieces.
    pub fn lines(&self) -> &[Vec<Piece>] {
        &self.lines
    }

    /// The slot numbers in order of appearance.
    pub fn slots(&self) -> impl Iterator<Item = usize> + '_ {
        self.lines.iter().flatten().filter_map(|p| match p {
            Piece::Slot(n) => Some(*n),
            Piece::Code(_) => None,
        })
    }
}

/// The pieces of one template line.
fn pieces(line: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut code = String::new();
    let mut rest = line;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let number = after[..digits].parse::<usize>().ok();
        if let Some(n) = number.filter(|_| after[digits..].starts_with("}}")) {
            code.push_str(&rest[..start]);
            if !code.is_empty() {
                out.push(Piece::Code(std::mem::take(&mut code)));
            }
            out.push(Piece::Slot(n));
            rest = &after[digits + 2..];
        } else {
            // Not a slot (`${{`): keep the first brace and look again from the second.
            code.push_str(&rest[..=start]);
            rest = &rest[start + 1..];
        }
    }
    code.push_str(rest);
    if !code.is_empty() {
        out.push(Piece::Code(code));
    }
    out
}

impl Serialize for Template {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&self.source)
        } else {
            (&self.source, &self.lines).serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for Template {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Template, D::Error> {
        if deserializer.is_human_readable() {
            String::deserialize(deserializer).map(Template::parse)
        } else {
            let (source, lines) = <(String, Vec<Vec<Piece>>)>::deserialize(deserializer)?;
            Ok(Template { source, lines })
        }
    }
}

impl std::ops::Deref for Template {
    type Target = str;
    fn deref(&self) -> &str {
        &self.source
    }
}

impl From<&str> for Template {
    fn from(source: &str) -> Template {
        Template::parse(source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Inline {
        Inline::Text {
            text: t.into(),
            strong: false,
            emphasis: false,
            link: None,
        }
    }

    #[test]
    fn paragraphs_join_soft_breaks_and_keep_marks() {
        let doc = Doc::parse("Use `az login`\nthen **deploy** *now*.\n\nNext.");
        assert_eq!(doc.blocks.len(), 2);
        let Block::Paragraph(inlines) = &doc.blocks[0] else {
            panic!("{doc:?}")
        };
        assert_eq!(inlines[0], text("Use "));
        assert_eq!(
            inlines[1],
            Inline::Code {
                text: "az login".into(),
                link: None
            }
        );
        assert_eq!(inlines[2], text(" then "));
        assert!(matches!(&inlines[3], Inline::Text { text, strong: true, .. } if text == "deploy"));
        assert!(matches!(&inlines[5], Inline::Text { text, emphasis: true, .. } if text == "now"));
    }

    #[test]
    fn lists_nest_and_tight_items_become_paragraphs() {
        let doc = Doc::parse("1. one\n   - a\n   - b\n2. two");
        let Block::List { first, items } = &doc.blocks[0] else {
            panic!("{doc:?}")
        };
        assert_eq!(*first, Some(1));
        assert_eq!(items.len(), 2);
        assert_eq!(items[0][0], Block::Paragraph(vec![text("one")]));
        assert!(matches!(&items[0][1], Block::List { first: None, items } if items.len() == 2));
    }

    #[test]
    fn code_blocks_keep_language_and_lines() {
        let doc = Doc::parse("```yaml\nsteps:\n  - run: x\n```");
        assert_eq!(
            doc.blocks,
            [Block::Code {
                language: "yaml".into(),
                lines: vec!["steps:".into(), "  - run: x".into()]
            }]
        );
    }

    #[test]
    fn tables_have_a_header_and_rows() {
        let doc = Doc::parse("| A | B |\n|---|--:|\n| `x` | 2 |\n| y | 3 |");
        let Block::Table {
            align,
            header,
            rows,
        } = &doc.blocks[0]
        else {
            panic!("{doc:?}")
        };
        assert_eq!(align, &[Align::Left, Align::Right]);
        assert_eq!(header, &[vec![text("A")], vec![text("B")]]);
        assert_eq!(rows.len(), 2);
        assert!(matches!(&rows[0][0][0], Inline::Code { text, .. } if text == "x"));
    }

    #[test]
    fn links_carry_their_url() {
        let doc = Doc::parse("See <https://learn.microsoft.com/x> and [docs](https://a.b/c).");
        let links: Vec<&str> = doc
            .first_inlines()
            .iter()
            .filter_map(|i| match i {
                Inline::Text { link: Some(l), .. } => Some(l.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(links, ["https://learn.microsoft.com/x", "https://a.b/c"]);
    }

    #[test]
    fn a_slot_inside_a_github_expression_is_found() {
        let t = Template::parse("env: ${{ {{3}}.environment }}\nrun: {{1}} {{2}}\nx: ${{ a }}");
        assert_eq!(t.slots().collect::<Vec<_>>(), [3, 1, 2]);
        assert_eq!(
            t.lines()[0],
            [
                Piece::Code("env: ${{ ".into()),
                Piece::Slot(3),
                Piece::Code(".environment }}".into())
            ]
        );
        assert_eq!(t.lines()[2], [Piece::Code("x: ${{ a }}".into())]);
    }

    #[test]
    fn human_readable_formats_store_the_source_and_binary_ones_the_parse() {
        let t = Text::parse("a `b`");
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"a `b`\"");
        assert_eq!(serde_json::from_str::<Text>(&json).unwrap(), t);
        let bytes = postcard::to_allocvec(&t).unwrap();
        assert_eq!(postcard::from_bytes::<Text>(&bytes).unwrap(), t);
        assert_eq!(postcard::from_bytes::<Text>(&bytes).unwrap().doc(), t.doc());
        let tpl = Template::parse("x: {{1}}");
        let bytes = postcard::to_allocvec(&tpl).unwrap();
        assert_eq!(postcard::from_bytes::<Template>(&bytes).unwrap(), tpl);
    }

    #[test]
    fn a_decoded_text_keeps_its_compiled_parse_until_asked_and_gives_the_same_document() {
        let t = Text::parse("Deploy with **slots**:\n\n```yaml\nx: 1\n```\n\n- one\n- two");
        let bytes = postcard::to_allocvec(&t).unwrap();
        let decoded = postcard::from_bytes::<Text>(&bytes).unwrap();
        assert!(decoded.doc.get().is_none(), "not decoded yet");
        assert_eq!(decoded.doc(), t.doc());
        assert!(!t.doc().blocks.is_empty());
        // Written again, decoded or not: the same bytes.
        assert_eq!(postcard::to_allocvec(&decoded).unwrap(), bytes);
        let untouched = postcard::from_bytes::<Text>(&bytes).unwrap();
        assert_eq!(postcard::to_allocvec(&untouched).unwrap(), bytes);
        // A compiled parse that does not decode: parsed again from the source.
        let broken = Text::unparsed(t.source().to_string(), Some(vec![0xff; 3].into()));
        assert_eq!(broken.doc(), t.doc());
        // Read from JSON: parsed when needed.
        let json: Text = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(json.doc(), t.doc());
    }
}
