//! Reading the input: one document, a JSON array, or JSON Lines (CONTRACT "Command line").
//!
//! Detection reads as little as it must, so that JSON Lines stream in constant memory:
//! - the first non-blank character `[` → a JSON array, read whole;
//! - else the first non-blank line is parsed on its own: if it is a complete JSON value and
//!   another non-blank line follows, the input is JSON Lines (read line by line); if nothing
//!   follows, it is a single document;
//! - else the first value spans lines: the input is read whole, up to the 1 MiB document limit
//!   (over it: one `too_large` document), and parsed as one document (not JSON: one
//!   `malformed_json` document).

use std::io::{self, BufRead, Read};

use hengjie::validate::MAX_DOCUMENT_BYTES;
use hengjie::{ErrorCode, ErrorDetail, Errors};
use serde_json::Value;

/// One record and its parsing: the core's, shared with the HTTP service's NDJSON streams.
pub use hengjie::lines::{Record, id_of, record};

/// The shape of the input.
#[derive(Debug)]
pub enum Shape<R> {
    /// One document (possibly spread over many lines).
    Single(Record),
    /// A JSON array of records.
    Array(Vec<Record>),
    /// JSON Lines: the first two non-blank lines, then the rest of the reader.
    Lines(Vec<String>, R),
}

/// Reads enough of the input to tell its shape.
pub fn detect<R: BufRead>(mut reader: R) -> io::Result<Shape<R>> {
    let Some(first) = next_line(&mut reader)? else {
        return Ok(Shape::Single(record("")));
    };
    if first.trim_start().starts_with('[') {
        let mut text = first;
        reader.read_to_string(&mut text)?;
        return Ok(array(&text));
    }
    if serde_json::from_str::<serde::de::IgnoredAny>(&first).is_ok() {
        return Ok(match next_line(&mut reader)? {
            None => Shape::Single(record(&first)),
            Some(second) => Shape::Lines(vec![first, second], reader),
        });
    }
    // The first value spans lines: one document, read up to just over the limit.
    let mut text = first;
    let limit = u64::try_from(MAX_DOCUMENT_BYTES).unwrap_or(u64::MAX);
    reader.take(limit + 1).read_to_string(&mut text)?;
    Ok(Shape::Single(record(&text)))
}

/// The next non-blank line, without its line break.
pub fn next_line<R: BufRead>(reader: &mut R) -> io::Result<Option<String>> {
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        if !line.trim().is_empty() {
            let trimmed = line.trim_end_matches(['\n', '\r']).len();
            line.truncate(trimmed);
            return Ok(Some(line));
        }
    }
}

fn array<R>(text: &str) -> Shape<R> {
    let items = match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => items,
        // Starts with `[` but is not one array: one malformed document.
        _ => return Shape::Single(record(text).and_then(|v| Err((malformed_array(), id_of(&v))))),
    };
    Shape::Array(
        items
            .into_iter()
            .map(|item| {
                let len = item.to_string().len();
                if len > MAX_DOCUMENT_BYTES {
                    return Err((Errors::one(too_large(len)), id_of(&item)));
                }
                hengjie::validate::check_depth(&item).map_err(|e| (e, id_of(&item)))?;
                Ok(item)
            })
            .collect(),
    )
}

fn malformed_array() -> Errors {
    Errors::one(ErrorDetail::new(
        ErrorCode::MalformedJson,
        "",
        "the input starts with `[` but is not one JSON array",
        "输入以 `[` 开头,但不是一个 JSON 数组",
    ))
}

fn too_large(bytes: usize) -> ErrorDetail {
    ErrorDetail::new(
        ErrorCode::TooLarge,
        "",
        format!("the document is {bytes} bytes, over the limit of {MAX_DOCUMENT_BYTES} bytes"),
        format!("文档大小 {bytes} 字节,超过上限 {MAX_DOCUMENT_BYTES} 字节"),
    )
}
