//! A YAML document read into a tree whose every node knows its line and column.
//!
//! Question files are small and hostile input must fail fast, so the reader refuses what a
//! question never needs: aliases (the alias-bomb vector), nesting deeper than [`MAX_DEPTH`],
//! files larger than [`MAX_FILE_BYTES`], and more than one document.

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::diagnostic::Position;

/// The largest question file read, in bytes; a larger one is an error, not a slow parse.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// The deepest nesting of lists and mappings accepted; a question needs about six.
pub const MAX_DEPTH: usize = 32;

/// A node of the tree and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the node starts in the file.
    pub at: Position,
    /// What the node holds.
    pub value: Value,
}

/// The content of a node.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A scalar as written; `quoted` is false for plain scalars, whose `null`, `true` or `3`
    /// mean something other than text.
    Scalar {
        /// The scalar's text.
        text: String,
        /// Whether it was quoted or a block scalar.
        quoted: bool,
    },
    /// A list.
    List(Vec<Node>),
    /// A mapping, keys in file order.
    Map(Vec<(Node, Node)>),
}

/// Why a file could not be read as a tree.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    /// Where the problem is.
    pub at: Position,
    /// What it is.
    pub message: String,
}

impl Value {
    /// A word for the kind of value, for messages ("expected text, found a list").
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Scalar {
                text,
                quoted: false,
            } if is_null(text) => "nothing",
            Value::Scalar { .. } => "a scalar",
            Value::List(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// Whether a plain scalar means null.
pub fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// Reads raw file bytes into a tree: checks size and UTF-8, then parses. `Ok(None)` is an empty
/// document (nothing but comments or white space).
pub fn read(bytes: &[u8]) -> Result<Option<Node>, ReadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ReadError {
            at: Position::START,
            message: format!(
                "file is {} bytes, larger than the {} MiB a question file may be",
                bytes.len(),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let line = valid.split(|b| *b == b'\n').count();
        let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let col = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        ReadError {
            at: Position::new(line, col),
            message: "invalid UTF-8: the file must be saved as UTF-8".into(),
        }
    })?;
    parse(text)
}

/// Parses YAML text into a tree.
pub fn parse(text: &str) -> Result<Option<Node>, ReadError> {
    let mut builder = TreeBuilder::default();
    let mut parser = Parser::new_from_str(text);
    let mut documents = 0;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| ReadError {
            at: Position::new(e.marker().line(), e.marker().col() + 1),
            message: format!("YAML syntax error: {}", e.info()),
        })?;
        let at = Position::new(span.start.line(), span.start.col() + 1);
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(ReadError {
                        at,
                        message: "more than one YAML document: a question file holds one".into(),
                    });
                }
            }
            Event::Alias(_) => {
                return Err(ReadError {
                    at,
                    message: "aliases (`*name`) are not allowed in question files".into(),
                });
            }
            Event::Scalar(text, style, _, _) => {
                let quoted = style != ScalarStyle::Plain;
                builder.push_value(Node {
                    at,
                    value: Value::Scalar {
                        text: text.into_owned(),
                        quoted,
                    },
                });
            }
            Event::SequenceStart(..) => builder.open(at, Value::List(Vec::new()))?,
            Event::MappingStart(..) => builder.open(at, Value::Map(Vec::new()))?,
            Event::SequenceEnd | Event::MappingEnd => builder.close(),
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    Ok(builder.root)
}

/// Builds the tree from parser events with an explicit stack, so depth costs no recursion.
#[derive(Default)]
struct TreeBuilder {
    stack: Vec<(Node, Option<Node>)>,
    root: Option<Node>,
}

impl TreeBuilder {
    fn open(&mut self, at: Position, value: Value) -> Result<(), ReadError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(ReadError {
                at,
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
            });
        }
        self.stack.push((Node { at, value }, None));
        Ok(())
    }

    fn close(&mut self) {
        if let Some((node, _)) = self.stack.pop() {
            self.push_value(node);
        }
    }

    fn push_value(&mut self, node: Node) {
        let Some((parent, pending_key)) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        match &mut parent.value {
            Value::List(items) => items.push(node),
            Value::Map(entries) => match pending_key.take() {
                Some(key) => entries.push((key, node)),
                None => *pending_key = Some(node),
            },
            Value::Scalar { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_know_their_line_and_column() {
        let root = parse("a: 1\nlist:\n  - x\n  - y: 2\n").unwrap().unwrap();
        let Value::Map(entries) = root.value else {
            panic!("root is a mapping")
        };
        assert_eq!(entries[1].0.at, Position::new(2, 1));
        let Value::List(items) = &entries[1].1.value else {
            panic!("list")
        };
        assert_eq!(items[0].at, Position::new(3, 5));
        assert_eq!(items[1].at, Position::new(4, 5));
    }

    #[test]
    fn an_empty_document_is_none() {
        assert_eq!(parse("# only a comment\n").unwrap(), None);
        assert_eq!(read(b"").unwrap(), None);
    }

    #[test]
    fn invalid_utf8_is_located() {
        let err = read(b"a: 1\nb: \xff\n").unwrap_err();
        assert_eq!(err.at, Position::new(2, 4));
    }
}
