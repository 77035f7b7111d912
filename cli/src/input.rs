//! Reading the input: one document, a JSON array, or JSON Lines (docs/contract.md#command-line,
//! with the changes of docs/contract.md#1-batches-never-lose-a-record-command-line).
//!
//! The format is explicit when asked (`--format json|jsonl|array`). Otherwise detection reads as
//! little as it must, so that JSON Lines stream in constant memory:
//! - a UTF-8 byte order mark at the start is skipped;
//! - the first non-blank character `[` → a JSON array, read whole;
//! - else the first non-blank line is parsed on its own: if it is a complete JSON value and
//!   another non-blank line follows, the input is JSON Lines (read line by line); if nothing
//!   follows, it is a single document;
//! - else (the first line is not a JSON value) the input is read up to the 1 MiB document limit:
//!   if that is the whole input and it is one JSON value, it is a single document spread over
//!   lines; if the first line is a lone `{` (a pretty-printed document), it is one document (over
//!   the limit: `too_large`; not JSON: `malformed_json`); if there is no other non-blank line, it
//!   is one malformed document; otherwise it is JSON Lines whose first record is bad, so a
//!   truncated first line costs one record, never the batch.
//!
//! This file depends on the core and serde_json only: the fuzz crate compiles it as it is
//! (`fuzz/fuzz_targets/jsonl.rs`), without the command line's other dependencies.
//!
//! JSON Lines themselves (the BOM, blank lines and line numbers, lines that are not UTF-8 or too
//! large, each record in its place) are read by the core's [`hengjie::lines`], which the HTTP
//! service's NDJSON streams share.

use std::io::{self, BufRead, Chain, Cursor, Read};

use hengjie::json::Value;
use hengjie::lines::{BOM, Splitter};
pub use hengjie::lines::{Line, Record, id_of, record};
use hengjie::validate::{MAX_DOCUMENT_BYTES, Parsed, read_json_unbounded, too_large};
use hengjie::{ErrorCode, ErrorDetail, Errors};

/// The input format named on the command line (`--format`; `main.rs` reads the word).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One document, possibly spread over many lines.
    Json,
    /// JSON Lines: one record per non-blank line.
    Jsonl,
    /// One JSON array of records.
    Array,
}

/// Reads non-blank lines and counts every line: the core's [`Splitter`] over a reader. It never
/// reads past the end of the line it returns.
#[derive(Debug)]
pub struct LineReader<R> {
    reader: R,
    split: Splitter,
}

impl<R: BufRead> LineReader<R> {
    /// A reader at the start of the input.
    pub fn new(reader: R) -> Self {
        LineReader {
            reader,
            split: Splitter::new(),
        }
    }

    /// The next non-blank line, with its number.
    pub fn next_line(&mut self) -> io::Result<Option<Line>> {
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                return Ok(self.split.finish());
            }
            let (used, line) = self.split.push(buf);
            self.reader.consume(used);
            if line.is_some() {
                return Ok(line);
            }
        }
    }

    /// The next non-blank line kept whole, however long (to tell the input's shape from it).
    fn next_line_whole(&mut self) -> io::Result<Option<Line>> {
        self.split.keep_whole(true);
        let line = self.next_line();
        self.split.keep_whole(false);
        line
    }

    /// The same reader with `head` (bytes already read past the current line) put back first.
    fn prepend(self, head: Vec<u8>) -> LineReader<Chain<Cursor<Vec<u8>>, R>> {
        LineReader {
            reader: Cursor::new(head).chain(self.reader),
            split: self.split,
        }
    }
}

/// The shape of the input.
#[derive(Debug)]
pub enum Shape<R> {
    /// One document (possibly spread over many lines).
    Single(Record),
    /// A JSON array of records.
    Array(Vec<Record>),
    /// JSON Lines: the lines already read, then the rest of the reader.
    Lines(Vec<Line>, LineReader<Chain<Cursor<Vec<u8>>, R>>),
}

/// Reads enough of the input to tell its shape (or takes the shape given by `format`).
pub fn detect<R: BufRead>(reader: R, format: Option<Format>) -> io::Result<Shape<R>> {
    let limit = u64::try_from(MAX_DOCUMENT_BYTES).unwrap_or(u64::MAX);
    let mut lines = LineReader::new(reader);
    match format {
        Some(Format::Jsonl) => return Ok(Shape::Lines(Vec::new(), lines.prepend(Vec::new()))),
        Some(Format::Json) => {
            let mut text = Vec::new();
            (&mut lines.reader)
                .take(limit + 1 + 3)
                .read_to_end(&mut text)?;
            return Ok(Shape::Single(record(strip_bom(&text))));
        }
        Some(Format::Array) => {
            let mut text = Vec::new();
            lines.reader.read_to_end(&mut text)?;
            return Ok(array(strip_bom(&text)));
        }
        None => {}
    }
    // The first line is read whole: it may be a JSON array, which has no length limit.
    let Some(first) = lines.next_line_whole()? else {
        return Ok(Shape::Single(record(b"")));
    };
    if first.text.trim_ascii_start().starts_with(b"[") {
        let mut text = first.text;
        text.push(b'\n');
        lines.reader.read_to_end(&mut text)?;
        return Ok(array(&text));
    }
    if is_json(&first.text) {
        return Ok(match lines.next_line()? {
            None => Shape::Single(record(&first.text)),
            Some(second) => Shape::Lines(vec![first, second], lines.prepend(Vec::new())),
        });
    }
    // The first line is not a JSON value: a document spread over lines, or JSON Lines whose
    // first record is bad. Read up to just over the limit to tell.
    let mut head = Vec::new();
    (&mut lines.reader).take(limit + 1).read_to_end(&mut head)?;
    let mut whole = first.text.clone();
    whole.push(b'\n');
    whole.extend_from_slice(&head);
    let complete = u64::try_from(head.len()).unwrap_or(u64::MAX) <= limit;
    if (complete && is_json(&whole)) || first.text.trim_ascii() == b"{" {
        return Ok(Shape::Single(record(&whole)));
    }
    if complete && head.iter().all(u8::is_ascii_whitespace) {
        return Ok(Shape::Single(record(&first.text)));
    }
    Ok(Shape::Lines(vec![first], lines.prepend(head)))
}

fn strip_bom(text: &[u8]) -> &[u8] {
    text.strip_prefix(BOM).unwrap_or(text)
}

fn is_json(text: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(text).is_ok()
}

fn array<R>(text: &[u8]) -> Shape<R> {
    let parsed = std::str::from_utf8(text)
        .ok()
        .and_then(|t| read_json_unbounded(t).ok());
    let (items, mut duplicates) = match parsed {
        Some(Parsed {
            value: Value::Array(items),
            duplicates,
        }) => (items, duplicates),
        // Starts with `[` but is not one array: one malformed document.
        _ => {
            return Shape::Single(
                record(text).and_then(|p| Err((malformed_array(), id_of(&p.value)))),
            );
        }
    };
    Shape::Array(
        items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let len = item.to_string().len();
                if len > MAX_DOCUMENT_BYTES {
                    return Err((Errors::one(too_large(len)), id_of(&item)));
                }
                hengjie::validate::check_depth(&item).map_err(|e| (e, id_of(&item)))?;
                // This item's repeated keys, their pointers made relative to the item.
                let prefix = format!("/{i}");
                let (mine, rest): (Vec<_>, Vec<_>) =
                    std::mem::take(&mut duplicates).into_iter().partition(|d| {
                        d.path()
                            .strip_prefix(&prefix)
                            .is_some_and(|p| p.starts_with('/'))
                    });
                duplicates = rest;
                let mine = mine
                    .into_iter()
                    .map(|d| {
                        ErrorDetail::new(
                            d.code(),
                            d.path().get(prefix.len()..).unwrap_or_default(),
                            d.message_en(),
                            d.message_zh(),
                        )
                    })
                    .collect();
                Ok(Parsed {
                    value: item,
                    duplicates: mine,
                })
            })
            .collect(),
    )
}

fn malformed_array() -> Errors {
    Errors::one(ErrorDetail::new(
        ErrorCode::MalformedJson,
        "",
        "The input starts with [ but is not one JSON array; check the brackets.",
        "输入以 [ 开头，但不是一个 JSON 数组，请检查括号。",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(input: &str) -> Vec<(usize, Result<String, String>)> {
        let Shape::Lines(first, mut rest) = detect(input.as_bytes(), None).unwrap() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut push = |l: Line| {
            let r = l
                .record()
                .map(|p| id_of(&p.value).unwrap_or_default())
                .map_err(|(e, _)| e.list()[0].code().to_string());
            out.push((l.number, r));
        };
        first.into_iter().for_each(&mut push);
        while let Some(l) = rest.next_line().unwrap() {
            push(l);
        }
        out
    }

    #[test]
    fn a_bad_first_line_a_bom_and_blank_lines_keep_every_record_and_its_number() {
        let got = numbers(
            "\u{feff}{\"id\": \"A\", \"x\": tru\n\n{\"id\":\"B\"}\r\n  \n{\"id\":\"C\"}\n{bad",
        );
        assert_eq!(
            got,
            vec![
                (1, Err("malformed_json".into())),
                (3, Ok("B".into())),
                (5, Ok("C".into())),
                (6, Err("malformed_json".into())),
            ]
        );
        let bom = numbers("\u{feff}{\"id\":\"A\"}\n{\"id\":\"B\"}\n");
        assert_eq!(bom, vec![(1, Ok("A".into())), (2, Ok("B".into()))]);
    }

    #[test]
    fn a_pretty_document_stays_one_document() {
        let pretty = "{\n  \"id\": \"A\",\n  \"members\": []\n}\n";
        assert!(matches!(
            detect(pretty.as_bytes(), None).unwrap(),
            Shape::Single(Ok(_))
        ));
        let broken = "{\n  \"id\": \"A\",\n  \"members\": [\n";
        assert!(matches!(
            detect(broken.as_bytes(), None).unwrap(),
            Shape::Single(Err(_))
        ));
        let one_bad_line = "{\"id\": tru\n\n";
        assert!(matches!(
            detect(one_bad_line.as_bytes(), None).unwrap(),
            Shape::Single(Err(_))
        ));
    }

    #[test]
    fn an_explicit_format_is_obeyed() {
        let one = "{\"id\":\"A\"}";
        assert!(matches!(
            detect(one.as_bytes(), Some(Format::Jsonl)).unwrap(),
            Shape::Lines(first, _) if first.is_empty()
        ));
        assert!(matches!(
            detect("[1]".as_bytes(), Some(Format::Json)).unwrap(),
            Shape::Single(Ok(Parsed {
                value: Value::Array(_),
                ..
            }))
        ));
        assert!(matches!(
            detect("\u{feff}[{\"id\":\"A\"}]".as_bytes(), Some(Format::Array)).unwrap(),
            Shape::Array(items) if items.len() == 1
        ));
    }
}
