//! The calls of the Java API over Rust strings: each converts, calls the core and writes the
//! core's canonical JSON. Checks run in the CLI's order: the as-of date, the outputs asked for,
//! the parameters on that date (`parameter_undefined`), then the document.

use std::borrow::Cow;

use hengjie::api;
use hengjie::lines::{self as core_lines, Job, Outcome};
use hengjie::validate::{MAX_DOCUMENT_BYTES, read_document};
use hengjie::{Error, ErrorCode, ErrorDetail, Errors, Outputs, Policy, canonical_json};
use rayon::prelude::*;

/// A document as the door received it: its text, or why it has none (an unpaired surrogate,
/// a string far over the size limit).
pub(crate) type Text = Result<String, Errors>;

/// A Java string longer than this (in UTF-16 code units) is refused without being copied: its
/// UTF-8 text is at least as long, far over the 1 MiB limit. Shorter strings over the limit reach
/// the core, whose message names the exact size, as in every other binding.
pub(crate) const MAX_COPIED_UNITS: usize = 4 * 1024 * 1024;

/// `too_large` for a string refused by its length alone (the same words as the WASM door's).
pub(crate) fn too_large_at_least() -> Errors {
    Errors::one(ErrorDetail::new(
        ErrorCode::TooLarge,
        "",
        format!("the document is over the limit of {MAX_DOCUMENT_BYTES} bytes as JSON text"),
        format!("文档的 JSON 文本超过上限 {MAX_DOCUMENT_BYTES} 字节"),
    ))
}

/// The error of a Java string with an unpaired surrogate: it has no UTF-8 text, so it is not
/// JSON text (`malformed_json` for a document, `invalid_parameter` for a layer).
pub(crate) fn not_utf16(code: ErrorCode) -> Errors {
    Errors::one(ErrorDetail::new(
        code,
        "",
        "the text is not valid UTF-16: it has an unpaired surrogate",
        "文本不是有效的 UTF-16:含有不成对的代理项",
    ))
}

/// Decodes Java's modified UTF-8 strictly: an unpaired surrogate is an error, never a U+FFFD.
pub(crate) fn decode(modified_utf8: &[u8]) -> Option<Cow<'_, str>> {
    cesu8::from_java_cesu8(modified_utf8).ok()
}

/// The UTF-16 code units of a text. Most of an answer is ASCII: the text is taken 64 bytes at a
/// time (cut back to a character boundary), and an all-ASCII piece (checked a word at a time) is
/// widened in bulk; only pieces with other characters go through `encode_utf16`.
pub(crate) fn utf16(text: &str) -> Vec<u16> {
    const PIECE: usize = 64;
    let mut out = Vec::with_capacity(text.len());
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + PIECE).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let Some(piece) = text.get(start..end) else {
            break;
        };
        if piece.is_ascii() {
            out.extend(piece.bytes().map(u16::from));
        } else {
            out.extend(piece.encode_utf16());
        }
        start = end;
    }
    out
}

fn date(as_of: &str) -> Result<hengjie::date::Date, Error> {
    api::parse_as_of(as_of).map_err(Error::InvalidInput)
}

/// A document's JSON text, as every door reads it ([`read_document`]: a repeated key's errors
/// with the value's own, `core_errors`).
fn parsed(
    text: Text,
    core_errors: impl FnOnce(&hengjie::json::Value) -> Errors,
) -> Result<hengjie::json::Value, Error> {
    text.and_then(|t| read_document(&t, core_errors))
        .map_err(Error::InvalidInput)
}

/// The outputs asked for (docs/rust.md#outputs; `None`: every output), read by the core: a name
/// that is not an output is its `invalid_value` error at `""`, as Python raises it.
fn selection(names: Option<&[String]>) -> Result<Outputs, Error> {
    names
        .map_or(Ok(Outputs::ALL), |names| {
            Outputs::parse_names(names.iter().map(String::as_str))
        })
        .map_err(Error::InvalidInput)
}

/// `Hengjie.assess`: the canonical JSON of the assessment (of the outputs asked for).
pub(crate) fn assess(
    policy: &Policy,
    household: Text,
    as_of: &str,
    explain: bool,
    outputs: Option<&[String]>,
) -> Result<String, Error> {
    let as_of = date(as_of)?;
    let outputs = selection(outputs)?;
    let assessor = api::Assessor::new(policy, as_of)
        .map_err(Error::Parameter)?
        .explain(explain)
        .selection(outputs);
    household
        .and_then(|text| assessor.assess_json_text(&text))
        .map(|a| canonical_json(&a))
        .map_err(Error::InvalidInput)
}

/// `Hengjie.validate`: every error of the household as a JSON array, `[]` when it is valid.
pub(crate) fn validate(household: Text, as_of: &str) -> Result<String, Error> {
    let as_of = date(as_of)?;
    let errors = match household {
        Ok(text) => api::validate_json_str(&text, as_of),
        Err(errors) => errors,
    };
    Ok(canonical_json(&errors))
}

/// `Hengjie.params`: the value in effect of every parameter on `as_of`, or with no date every
/// dated value; rows `{name, value, from, provenance, source}` sorted by name then `from`.
pub(crate) fn params(policy: &Policy, as_of: Option<&str>) -> Result<String, Error> {
    let rows = match as_of {
        Some(text) => policy.rows_on(date(text)?).map_err(Error::Parameter)?,
        None => policy.rows(),
    };
    Ok(canonical_json(&rows))
}

/// `Hengjie.village`: `{village_id, compliant, gaps}`.
pub(crate) fn village(policy: &Policy, village: Text, as_of: &str) -> Result<String, Error> {
    let as_of = date(as_of)?;
    policy.resolve(as_of).map_err(Error::Parameter)?;
    let value = parsed(village, |v| {
        hengjie::village::parse_village(v).err().unwrap_or_default()
    })?;
    hengjie::village::assess_village_value(&value, as_of, policy).map(|v| canonical_json(&v))
}

/// `Hengjie.farmland`: `{project_id, compliant, gaps}`.
pub(crate) fn farmland(project: Text) -> Result<String, Error> {
    let value = parsed(project, |v| {
        hengjie::village::check_farmland_value(v)
            .err()
            .unwrap_or_default()
    })?;
    hengjie::village::check_farmland_value(&value)
        .map(|f| canonical_json(&f))
        .map_err(Error::InvalidInput)
}

/// `Hengjie.duties`: the ledger measures of a unit, or of a clause ("五(二)"); with neither,
/// every measure.
pub(crate) fn duties(unit: Option<&str>, clause: Option<&str>) -> String {
    let entries = match (unit, clause) {
        (Some(u), _) => hengjie::ledger::by_unit(u),
        (None, Some(c)) => hengjie::ledger::by_clause(c),
        (None, None) => hengjie::ledger::measures().iter().collect(),
    };
    canonical_json(&entries)
}

/// `Policy.withLayer`: the policy with a layer given as JSON text on top.
pub(crate) fn with_layer(policy: &Policy, layer: Text) -> Result<Policy, Error> {
    layer
        .and_then(|t| policy.with_layer_json(&t))
        .map_err(Error::Parameter)
}

/// One non-blank JSON Lines record: its 1-based physical line number, and its text or the errors
/// that stop it with no id (an unpaired surrogate).
pub(crate) type Line<'a> = (usize, Result<Cow<'a, str>, Errors>);

/// The non-blank lines of JSON Lines given as Java's modified UTF-8, each decoded on its own so
/// that a line with an unpaired surrogate fails alone. A line is what `hengjie assess` reads: up
/// to a `\n`, trailing `\r`/`\n` removed, a byte order mark at the start of the first line
/// skipped; a line of ASCII whitespace is skipped but counted.
pub(crate) fn lines(modified_utf8: &[u8]) -> Vec<Line<'_>> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let text = modified_utf8.strip_prefix(BOM).unwrap_or(modified_utf8);
    text.split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, raw)| !raw.iter().all(u8::is_ascii_whitespace))
        .map(|(i, raw)| {
            let number = i + 1;
            match decode(raw) {
                Some(Cow::Borrowed(t)) => {
                    (number, Ok(Cow::Borrowed(t.trim_end_matches(['\n', '\r']))))
                }
                Some(Cow::Owned(t)) => (
                    number,
                    Ok(Cow::Owned(t.trim_end_matches(['\n', '\r']).to_owned())),
                ),
                None => (number, Err(not_utf16(ErrorCode::MalformedJson))),
            }
        })
        .collect()
}

/// `Hengjie.assessJsonLines`: one output line per record, in input order (the caller ends each
/// with `\n`): the canonical assessment, or `{"household_id": …, "line": n, "errors": [...]}` in its place —
/// the lines `hengjie assess` writes for JSON Lines. A bad date or layer fails the whole call, as
/// it stops the CLI before any output. Records are judged in parallel, as the CLI judges them, and
/// each line is passed through `convert` on the same thread (the JNI door makes it UTF-16 there).
pub(crate) fn assess_json_lines<T: Send>(
    policy: &Policy,
    lines: &[Line<'_>],
    as_of: &str,
    explain: bool,
    outputs: Option<&[String]>,
    convert: impl Fn(String) -> T + Sync,
) -> Result<Vec<T>, Error> {
    let as_of = date(as_of)?;
    let outputs = selection(outputs)?;
    let assessor = api::Assessor::new(policy, as_of)
        .map_err(Error::Parameter)?
        .explain(explain)
        .selection(outputs);
    // Each line is judged by the core's JSON Lines engine (`hengjie::lines`, the CLI's and the
    // HTTP service's): the same record, error wrapper, `line` and limits, so the same bytes.
    let job = Job::Household(assessor);
    let judge = |(number, line): &Line<'_>| -> String {
        let outcome = match line {
            Ok(text) => job.run_line(&core_lines::Line {
                number: *number,
                text: text.as_bytes().to_vec(),
                len: text.len(),
            }),
            Err(errors) => Outcome::Failed {
                key: job.id_key(),
                id: None,
                line: Some(*number),
                errors: errors.clone(),
            },
        };
        canonical_json(&outcome)
    };
    Ok(lines.par_iter().map(|line| convert(judge(line))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUSEHOLD: &str = r#"{"id": "HH-1", "poverty_alleviated": false,
      "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full", "medical_insured": true}],
      "income": {"wages": "5000"}}"#;

    fn codes(e: &Error) -> Vec<(&'static str, String)> {
        e.errors()
            .list()
            .iter()
            .map(|d| (d.code().as_str(), d.path().to_owned()))
            .collect()
    }

    #[test]
    fn utf16_is_the_standard_encoding() {
        for text in [
            "",
            "abc",
            "低保 dibao 23.33",
            "\u{1F600}x\u{0}é",
            "社会事务管理局",
        ] {
            assert_eq!(utf16(text), text.encode_utf16().collect::<Vec<u16>>());
        }
    }

    #[test]
    fn assess_gives_the_cores_canonical_json() {
        let policy = Policy::default();
        let as_of = api::parse_as_of("2023-06-30").unwrap();
        let want = canonical_json(&api::assess_json_str(HOUSEHOLD, as_of, &policy).unwrap());
        let got = assess(&policy, Ok(HOUSEHOLD.to_owned()), "2023-06-30", true, None).unwrap();
        assert_eq!(got, want);
        assert!(got.contains(r#""monthly_benefit":"83.33""#));
        let quiet = assess(&policy, Ok(HOUSEHOLD.to_owned()), "2023-06-30", false, None).unwrap();
        assert!(quiet.contains(r#""reasons":[]"#), "{quiet}");
    }

    #[test]
    fn the_date_is_checked_before_the_parameters_and_the_document() {
        let policy = Policy::default();
        let e = assess(&policy, Ok("{".to_owned()), "2023-02-30", true, None).unwrap_err();
        assert!(matches!(e, Error::InvalidInput(_)));
        assert_eq!(codes(&e), [("invalid_value", String::new())]);
        let e = assess(&policy, Ok("{".to_owned()), "2020-06-30", true, None).unwrap_err();
        assert!(matches!(e, Error::Parameter(_)));
        assert_eq!(codes(&e).first().map(|c| c.0), Some("parameter_undefined"));
        let e = assess(&policy, Ok("{".to_owned()), "2023-06-30", true, None).unwrap_err();
        assert_eq!(codes(&e), [("malformed_json", String::new())]);
        // The outputs asked for come after the date and before the parameters, as in the CLI.
        let names = ["dibao".to_owned(), "x".to_owned()];
        let e = assess(
            &policy,
            Ok("{".to_owned()),
            "2020-06-30",
            true,
            Some(&names),
        )
        .unwrap_err();
        assert!(matches!(e, Error::InvalidInput(_)));
        assert_eq!(codes(&e), [("invalid_value", String::new())]);
        let e = assess(
            &policy,
            Ok("{".to_owned()),
            "2023-02-30",
            true,
            Some(&names),
        )
        .unwrap_err();
        assert!(
            codes(&e).len() == 1 && e.to_string().contains("2023-02-30"),
            "{e}"
        );
    }

    #[test]
    fn an_unpaired_surrogate_is_a_coded_error() {
        // U+D800 alone, as Java's modified UTF-8 writes it.
        let bytes = b"{\"id\": \"\xed\xa0\x80\"}";
        assert!(decode(bytes).is_none());
        // A pair is fine: U+1F600 as two 3-byte halves.
        assert_eq!(
            decode(b"\xed\xa0\xbd\xed\xb8\x80").as_deref(),
            Some("\u{1F600}")
        );
        let out = validate(Err(not_utf16(ErrorCode::MalformedJson)), "2023-06-30").unwrap();
        assert!(
            out.starts_with(r#"[{"code":"malformed_json","path":"""#),
            "{out}"
        );
    }

    #[test]
    fn json_lines_are_written_as_the_cli_writes_them() {
        let policy = Policy::default();
        let text = format!(
            "{}\n\n  \r\n{{\"id\": \"HH-2\", \"members\": []}}\r\nnot json\n[1\n",
            HOUSEHOLD.replace('\n', " ")
        );
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(b"{\"id\": \"\xed\xa0\x80\"}\n");
        let parsed = lines(&bytes);
        assert_eq!(parsed.len(), 5);
        let out: String =
            assess_json_lines(&policy, &parsed, "2023-06-30", true, None, |l| l + "\n")
                .unwrap()
                .concat();
        let rows: Vec<&str> = out.split_terminator('\n').collect();
        assert_eq!(rows.len(), 5);
        assert!(out.ends_with('\n'));
        assert_eq!(
            rows.first().copied(),
            Some(
                assess(&policy, Ok(HOUSEHOLD.to_owned()), "2023-06-30", true, None)
                    .unwrap()
                    .as_str()
            )
        );
        let second: serde_json::Value = serde_json::from_str(rows.get(1).unwrap()).unwrap();
        assert_eq!(second["household_id"], "HH-2");
        assert_eq!(second["line"], 4);
        assert_eq!(second.as_object().unwrap().len(), 3);
        assert!(
            second["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["code"] == "missing_field" && e["path"] == "/poverty_alleviated")
        );
        for (row, number) in [(rows.get(2), 5), (rows.get(3), 6), (rows.get(4), 7)] {
            let v: serde_json::Value = serde_json::from_str(row.unwrap()).unwrap();
            assert_eq!(v["household_id"], serde_json::Value::Null);
            assert_eq!(v["line"], number);
            assert_eq!(v["errors"][0]["code"], "malformed_json");
        }
    }

    #[test]
    fn a_byte_order_mark_and_a_truncated_first_line_lose_no_record() {
        let policy = Policy::default();
        let one_line = HOUSEHOLD.replace('\n', " ");
        let text = format!(
            "\u{FEFF}{one_line}\n{{\"id\": \"X\", \"poverty_alleviated\": tru\n{one_line}\n"
        );
        let parsed = lines(text.as_bytes());
        let rows = assess_json_lines(&policy, &parsed, "2023-06-30", false, None, |l| l).unwrap();
        assert_eq!(rows.len(), 3);
        for row in [rows.first(), rows.get(2)] {
            assert!(
                row.unwrap().contains(r#""monthly_benefit":"83.33""#),
                "{row:?}"
            );
        }
        let bad: serde_json::Value = serde_json::from_str(rows.get(1).unwrap()).unwrap();
        assert_eq!(bad["line"], 2);
        assert_eq!(
            bad["household_id"],
            serde_json::Value::Null,
            "not JSON: no id is read"
        );
        assert_eq!(bad["errors"][0]["code"], "malformed_json");
    }

    #[test]
    fn json_lines_fail_whole_on_a_bad_date_or_undefined_parameters() {
        let policy = Policy::default();
        let one_line = HOUSEHOLD.replace('\n', " ");
        let parsed = lines(one_line.as_bytes());
        assert!(matches!(
            assess_json_lines(&policy, &parsed, "30/06/2023", true, None, |l| l),
            Err(Error::InvalidInput(_))
        ));
        assert!(matches!(
            assess_json_lines(&policy, &parsed, "2019-01-01", true, None, |l| l),
            Err(Error::Parameter(_))
        ));
        let none = assess_json_lines(&policy, &[], "2023-06-30", true, None, |l| l).unwrap();
        assert!(none.is_empty());
    }

    #[test]
    fn a_layer_changes_the_answer() {
        let layer = r#"{"jurisdiction": "what-if", "parameters": {"dibao.standard_monthly": [{"from": "2023-01-01", "value": "500"}]}}"#;
        let policy = with_layer(&Policy::default(), Ok(layer.to_owned())).unwrap();
        assert_eq!(policy.jurisdiction(), "what-if");
        let out = assess(&policy, Ok(HOUSEHOLD.to_owned()), "2023-06-30", false, None).unwrap();
        assert!(out.contains(r#""monthly_benefit":"83.33""#), "{out}");
        let bad = with_layer(&Policy::default(), Ok("{}".to_owned())).unwrap_err();
        assert!(matches!(bad, Error::Parameter(_)));
        assert!(
            codes(&bad)
                .iter()
                .all(|(code, _)| *code == "invalid_parameter")
        );
    }

    #[test]
    fn params_duties_and_farmland() {
        let policy = Policy::default();
        let on = params(&policy, Some("2023-06-30")).unwrap();
        assert!(on.contains(r#""name":"dibao.standard_monthly""#));
        assert!(params(&policy, None).unwrap().len() > on.len());
        assert_eq!(
            params(&policy, Some("2020-01-01")).map_err(|e| matches!(e, Error::Parameter(_))),
            Err(true)
        );
        assert!(duties(None, Some("五(二)")).starts_with("[{"));
        assert_eq!(duties(Some("no such unit"), None), "[]");
        assert!(matches!(
            farmland(Ok("[]".to_owned())),
            Err(Error::InvalidInput(_))
        ));
    }
}
