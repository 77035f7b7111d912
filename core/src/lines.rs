//! JSON Lines: records split from a byte stream, read one line at a time and judged in parallel
//! chunks, in input order. The one engine of the CLI's `assess`/`validate`/`village`/`farmland`
//! and of the HTTP service's NDJSON streams, so both doors give the same bytes for the same
//! line (docs/cli.md, its input paragraph; docs/service.md).
//!
//! - A UTF-8 byte order mark at the start of the input is skipped.
//! - A blank line (only white space) is not a record; it still counts in the line numbers, which
//!   are the 1-based physical lines of the input. A trailing `\r` is not part of the line.
//! - A line that is not UTF-8 is one `malformed_json` record; a line over the 1 MiB document
//!   limit is one `too_large` record. Every record in gives one record out, in its place: a bad
//!   record is `{"household_id"|"village_id"|"project_id": …, "line": n, "errors": [...]}`.
//! - Memory is bounded whatever a line's length: a line is kept up to [`KEEP_BYTES`] (to read
//!   the id of a record that is too large); a longer one is counted, not kept (its id is then
//!   `null`). A line over the 1 MiB limit is judged as soon as it ends ([`Job::queue`]), so a
//!   chunk waiting to be judged holds at most 1 MiB a line.
//!
//! Only input handling and output shape live here, and no I/O: a door pushes the bytes it read
//! into a [`Splitter`] (the CLI from a file or stdin, the service from a request body). Every
//! decision is the core's ([`crate::api::Assessor`], [`crate::village`]).

use crate::json::Value;
use crate::limits::MAX_ID_CHARS;
use serde::Serialize;

use crate::api::{self, Assessor};
use crate::assessment::Assessment;
use crate::date::Date;
use crate::error::Errors;
use crate::params::Policy;
use crate::validate::{MAX_DOCUMENT_BYTES, Parsed, read_json_bytes, too_large};
use crate::village::{self, FarmlandAssessment, VillageAssessment};

/// JSON Lines are judged this many at a time, in parallel.
pub const LINES_PER_CHUNK: usize = 256;

/// [`Job::judge_text`] writes this many lines into each of its buffers: a chunk is then a few
/// buffers per core, each written by one core, in order, with nothing copied to join them.
pub const LINES_PER_BUFFER: usize = 16;

/// The bytes of one line kept to read the id of a record that is too large; a longer line is
/// counted, not kept, and its id is `null`.
pub const KEEP_BYTES: usize = 4 * MAX_DOCUMENT_BYTES;

/// The UTF-8 byte order mark, skipped at the start of an input.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One record: a JSON value within the limits (with the `duplicate_key` errors of its repeated
/// keys, reported with its other errors), or the errors that stop it, with its id if it has a
/// usable one.
pub type Record = Result<Parsed, (Errors, Option<String>)>;

/// Parses one record's text with the document limits.
pub fn record(text: &[u8]) -> Record {
    read_json_bytes(text).map_err(|errors| (errors, id_of_text(text)))
}

/// The record's `id` when it is a string of 1–64 ([`MAX_ID_CHARS`]) characters.
pub fn id_of(value: &(impl crate::json::Input + ?Sized)) -> Option<String> {
    value.json().get("id").and_then(id_text)
}

/// `value` when it is a string of 1 to [`MAX_ID_CHARS`] characters.
fn id_text(value: &Value) -> Option<String> {
    value
        .as_str()
        .filter(|s| (1..=MAX_ID_CHARS).contains(&s.chars().count()))
        .map(str::to_owned)
}

/// The id of a record whose text could not be taken as a document (too large, too deep):
/// it is still read when the text is JSON.
fn id_of_text(text: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct IdOnly {
        id: Option<Value>,
    }
    let parsed: IdOnly = serde_json::from_slice(text).ok()?;
    parsed.id.as_ref().and_then(id_text)
}

/// One non-blank line of JSON Lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based physical line number in the input.
    pub number: usize,
    /// The line's bytes, without the line break (and without a leading byte order mark); empty
    /// when the line was longer than [`KEEP_BYTES`] and only counted.
    pub text: Vec<u8>,
    /// The line's length in bytes (that of `text` when it was kept).
    pub len: usize,
}

impl Line {
    /// The line as a record: parsed within the document limits, or `too_large` (its id read
    /// when the line was kept).
    pub fn record(&self) -> Record {
        if self.len > KEEP_BYTES || self.text.len() != self.len {
            return Err((Errors::one(too_large(self.len)), None));
        }
        record(&self.text)
    }
}

/// Splits bytes into lines as they arrive (a file read in blocks, a request body in frames):
/// the BOM, blank lines, `\r\n`, line numbers and lines too long to keep are handled here.
#[derive(Debug, Clone)]
pub struct Splitter {
    /// Lines ended so far.
    number: usize,
    /// The current line's bytes while it is kept.
    text: Vec<u8>,
    /// Whether the current line is over the bytes kept (then `len`, `blank`, `crs` count it).
    dropped: bool,
    len: usize,
    blank: bool,
    crs: usize,
    /// The bytes of a line kept ([`KEEP_BYTES`], or every byte while reading a line whole).
    keep: usize,
}

impl Default for Splitter {
    fn default() -> Self {
        Splitter {
            number: 0,
            text: Vec::new(),
            dropped: false,
            len: 0,
            blank: true,
            crs: 0,
            keep: KEEP_BYTES,
        }
    }
}

impl Splitter {
    /// A splitter at the start of the input.
    pub fn new() -> Self {
        Self::default()
    }

    /// With `true`, lines are kept whole however long (the CLI tells the input's shape from its
    /// first line: a JSON array on one line has no length limit); as records they are judged
    /// as any line ([`Line::record`]).
    pub fn keep_whole(&mut self, whole: bool) {
        self.keep = if whole { usize::MAX } else { KEEP_BYTES };
    }

    /// Reads `bytes` up to the end of the first line in them: the number of bytes used, and the
    /// line when a non-blank one ended there. Call again with the rest.
    pub fn push(&mut self, bytes: &[u8]) -> (usize, Option<Line>) {
        match bytes.iter().position(|b| *b == b'\n') {
            Some(i) => {
                self.add(bytes.get(..i).unwrap_or_default());
                (i + 1, self.end())
            }
            None => {
                self.add(bytes);
                (bytes.len(), None)
            }
        }
    }

    /// The end of the input: the last line when it has no line break.
    pub fn finish(&mut self) -> Option<Line> {
        if self.text.is_empty() && !self.dropped {
            return None;
        }
        self.end()
    }

    fn add(&mut self, piece: &[u8]) {
        if !self.dropped {
            if self.text.len() + piece.len() <= self.keep {
                self.text.extend_from_slice(piece);
                return;
            }
            // Over the bytes kept: from here on the line is counted, not kept.
            let text = std::mem::take(&mut self.text);
            let head: Vec<u8> = text.iter().chain(piece).take(BOM.len()).copied().collect();
            let skip = if self.number == 0 && head == BOM {
                BOM.len()
            } else {
                0
            };
            self.dropped = true;
            self.len = 0;
            self.blank = true;
            self.crs = 0;
            for b in text.iter().chain(piece).skip(skip) {
                self.count(*b);
            }
            return;
        }
        for b in piece {
            self.count(*b);
        }
    }

    fn count(&mut self, b: u8) {
        self.len += 1;
        self.blank &= b.is_ascii_whitespace();
        self.crs = if b == b'\r' { self.crs + 1 } else { 0 };
    }

    fn end(&mut self) -> Option<Line> {
        self.number += 1;
        let number = self.number;
        if self.dropped {
            let (len, blank) = (self.len - self.crs, self.blank);
            self.dropped = false;
            self.len = 0;
            self.blank = true;
            self.crs = 0;
            return (!blank).then_some(Line {
                number,
                text: Vec::new(),
                len,
            });
        }
        let mut text = std::mem::take(&mut self.text);
        if number == 1 && text.starts_with(BOM) {
            text.drain(..BOM.len());
        }
        while text.last() == Some(&b'\r') {
            text.pop();
        }
        if text.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        Some(Line {
            number,
            len: text.len(),
            text,
        })
    }
}

/// One line of a chunk waiting to be judged ([`Job::queue`]): a line within the 1 MiB document
/// limit, kept as it is, or the outcome of a line over it, judged (`too_large`, its id read when
/// the line was kept) as soon as it ended, so that a chunk never holds more than 1 MiB a line
/// (rather than up to [`KEEP_BYTES`] each). The CLI's chunks and the HTTP service's are queued
/// so; judging a chunk gives the same outcomes, in the same order, as judging its lines.
#[derive(Debug)]
pub enum Queued {
    Line(Line),
    Judged(Outcome),
}

#[cfg(feature = "parallel")]
impl Queued {
    /// Its outcome: judged now, or the one judged when the line ended (borrowed from `self`).
    fn outcome<'a>(&'a self, job: &Job<'_>, judged: &'a mut Option<Outcome>) -> &'a Outcome {
        match self {
            Queued::Line(line) => judged.insert(job.run_line(line)),
            Queued::Judged(outcome) => outcome,
        }
    }

    /// Its outcome, owned.
    fn into_outcome(self, job: &Job<'_>) -> Outcome {
        match self {
            Queued::Line(line) => job.run_line(&line),
            Queued::Judged(outcome) => outcome,
        }
    }
}

/// What one record became: its result, or the error wrapper printed in its place
/// (`{"household_id"|"village_id"|"project_id": …, "line": n, "errors": [...]}`, `line` for a
/// JSON Lines record only).
#[derive(Debug)]
pub enum Outcome {
    Assessed(Box<Assessment>),
    Village(VillageAssessment),
    Farmland(FarmlandAssessment),
    Failed {
        key: &'static str,
        id: Option<String>,
        /// The 1-based input line of a JSON Lines record.
        line: Option<usize>,
        errors: Errors,
    },
}

impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Outcome::Assessed(a) => a.serialize(s),
            Outcome::Village(v) => v.serialize(s),
            Outcome::Farmland(f) => f.serialize(s),
            Outcome::Failed {
                key,
                id,
                line,
                errors,
            } => {
                let mut map = s.serialize_map(None)?;
                map.serialize_entry(key, id)?;
                if let Some(line) = line {
                    map.serialize_entry("line", line)?;
                }
                map.serialize_entry("errors", errors)?;
                map.end()
            }
        }
    }
}

impl Outcome {
    /// Whether the record was judged (not the error wrapper).
    pub fn ok(&self) -> bool {
        !matches!(self, Outcome::Failed { .. })
    }
}

/// What kind of record is read, and how it is judged.
#[derive(Debug, Clone)]
pub enum Job<'p> {
    Household(Assessor<'p>),
    Village { as_of: Date, policy: &'p Policy },
    Farmland,
}

impl Job<'_> {
    /// The key of the error wrapper's id.
    pub fn id_key(&self) -> &'static str {
        match self {
            Job::Household(_) => "household_id",
            Job::Village { .. } => "village_id",
            Job::Farmland => "project_id",
        }
    }

    /// Judges one JSON Lines record: an error record carries its line number.
    pub fn run_line(&self, line: &Line) -> Outcome {
        if line.text.len() == line.len
            && let Some(outcome) = self.fast(&line.text)
        {
            return outcome;
        }
        match self.run(line.record()) {
            Outcome::Failed {
                key, id, errors, ..
            } => Outcome::Failed {
                key,
                id,
                line: Some(line.number),
                errors,
            },
            outcome => outcome,
        }
    }

    /// A line as it waits in a chunk: judged at once when it is over the 1 MiB document limit
    /// (its `too_large` record is small), else kept to be judged with its chunk ([`Queued`]).
    pub fn queue(&self, line: Line) -> Queued {
        if line.len > MAX_DOCUMENT_BYTES {
            Queued::Judged(self.run_line(&line))
        } else {
            Queued::Line(line)
        }
    }

    /// Judges one record's text (a single document: no line number), as [`Job::run`] judges
    /// [`record`]`(text)`.
    pub fn run_text(&self, text: &[u8]) -> Outcome {
        self.fast(text).unwrap_or_else(|| self.run(record(text)))
    }

    /// A household assessed by the fast path ([`Assessor::assess_json_fast`]); `None` sends the
    /// text the slow way, which gives the same assessment or the exact errors.
    fn fast(&self, text: &[u8]) -> Option<Outcome> {
        match self {
            Job::Household(assessor) => assessor
                .assess_json_fast(text)
                .map(|a| Outcome::Assessed(Box::new(a))),
            _ => None,
        }
    }

    /// Judges one record (a single document or an array item: no line number).
    pub fn run(&self, record: Record) -> Outcome {
        let key = self.id_key();
        let parsed = match record {
            Err((errors, id)) => {
                return Outcome::Failed {
                    key,
                    id,
                    line: None,
                    errors,
                };
            }
            Ok(parsed) => parsed,
        };
        let value = &parsed.value;
        let failed = |errors: Errors| Outcome::Failed {
            key,
            id: id_of(value),
            line: None,
            errors,
        };
        // A repeated key is reported with the record's other errors (docs/contract.md#errors).
        match self {
            Job::Household(assessor) => match parsed.check(assessor.assess_value(value)) {
                Ok(a) => Outcome::Assessed(Box::new(a)),
                Err(errors) => failed(errors),
            },
            Job::Village { as_of, policy } => match parsed.check(
                village::assess_village_value(value, *as_of, policy)
                    .map_err(|e| e.errors().clone()),
            ) {
                Ok(v) => Outcome::Village(v),
                Err(errors) => failed(errors),
            },
            Job::Farmland => match parsed.check(village::check_farmland_value(value)) {
                Ok(f) => Outcome::Farmland(f),
                Err(errors) => failed(errors),
            },
        }
    }

    /// Judges a chunk of lines on every core (rayon) as [`Job::judge`] does, keeping only the
    /// text: each line's canonical JSON and a line break, in input order, in buffers of
    /// [`LINES_PER_BUFFER`] lines (the JSON Lines answer of a stream that counts, and keeps no
    /// outcome). Each outcome is written and dropped on the core that judged it.
    #[cfg(feature = "parallel")]
    pub fn judge_text(&self, lines: &[Queued]) -> Vec<Vec<u8>> {
        let mut buffers = Vec::new();
        self.judge_text_into(lines, &mut buffers, &(), |(), _| {});
        buffers
    }

    /// [`Job::judge_text`] into `buffers` (cleared, and grown or cut to the number of groups of
    /// [`LINES_PER_BUFFER`] lines; their memory is reused from one chunk to the next), each
    /// outcome also counted by `count` into a copy of `start` before it is dropped on the core
    /// that judged it: the tallies of the groups, in input order. What leaves the cores is text
    /// and the tallies, never a record (the CLI's JSON Lines stream, docs/performance.md).
    #[cfg(feature = "parallel")]
    pub fn judge_text_into<T, F>(
        &self,
        lines: &[Queued],
        buffers: &mut Vec<Vec<u8>>,
        start: &T,
        count: F,
    ) -> Vec<T>
    where
        T: Clone + Send + Sync,
        F: Fn(&mut T, &Outcome) + Sync,
    {
        use rayon::prelude::*;
        buffers.resize_with(lines.len().div_ceil(LINES_PER_BUFFER), Vec::new);
        buffers
            .par_iter_mut()
            .zip(lines.par_chunks(LINES_PER_BUFFER))
            .map(|(out, group)| {
                out.clear();
                let mut tally = start.clone();
                for (i, line) in group.iter().enumerate() {
                    let mut judged = None;
                    let outcome = line.outcome(self, &mut judged);
                    count(&mut tally, outcome);
                    crate::assessment::write_canonical_json(out, outcome);
                    out.push(b'\n');
                    if i == 0 {
                        // The first answer's length is a good guess at the others': the buffer
                        // grows once instead of doubling (and copying) many times. A reused
                        // buffer with room is left as it is, and one without grows to the
                        // guess, not to twice its size: reused buffers do not ratchet up.
                        let want = out.len().saturating_mul(group.len()) + out.len() / 4;
                        out.reserve_exact(want.saturating_sub(out.len()));
                    }
                }
                tally
            })
            .collect()
    }

    /// Judges a chunk of lines on every core (rayon), each with its canonical JSON when
    /// `as_text`, in input order (the chunk is used up: a line judged when it ended gives its
    /// outcome as it is).
    #[cfg(feature = "parallel")]
    pub fn judge(&self, lines: Vec<Queued>, as_text: bool) -> Vec<(Outcome, Option<String>)> {
        use rayon::prelude::*;
        lines
            .into_par_iter()
            .map(|line| {
                let outcome = line.into_outcome(self);
                let text = as_text.then(|| crate::assessment::canonical_json(&outcome));
                (outcome, text)
            })
            .collect()
    }
}

/// A household record's validation errors (`validate`): its errors and its repeated keys
/// together, or the errors that stopped it; empty when it is valid.
pub fn validate_record(record: Record, as_of: Date) -> Errors {
    match record {
        Err((errors, _)) => errors,
        Ok(parsed) => {
            let errors = api::validate_value(&parsed.value, as_of);
            let outcome = if errors.is_empty() {
                Ok(())
            } else {
                Err(errors)
            };
            parsed.check(outcome).err().unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], block: usize) -> Vec<(usize, usize, Vec<u8>)> {
        // The same input pushed in blocks of `block` bytes, as frames arrive.
        let mut s = Splitter::new();
        let mut out = Vec::new();
        for mut piece in input.chunks(block) {
            while !piece.is_empty() {
                let (used, line) = s.push(piece);
                piece = &piece[used..];
                out.extend(line.map(|l| (l.number, l.len, l.text)));
            }
        }
        out.extend(s.finish().map(|l| (l.number, l.len, l.text)));
        out
    }

    #[test]
    fn a_bom_blank_lines_and_crlf_keep_every_record_and_its_number() {
        let input = b"\xEF\xBB\xBF{\"id\":\"A\"}\r\n\n  \r\n{bad\n{\"id\":\"C\"}";
        let want = vec![
            (1, 10, b"{\"id\":\"A\"}".to_vec()),
            (4, 4, b"{bad".to_vec()),
            (5, 10, b"{\"id\":\"C\"}".to_vec()),
        ];
        for block in [1, 2, 3, 5, 64] {
            assert_eq!(lines(input, block), want, "block {block}");
        }
        // A BOM only counts at the start of the input.
        let later = lines(b"{}\n\xEF\xBB\xBF{}\n", 64);
        assert_eq!(later[1].2, b"\xEF\xBB\xBF{}".to_vec());
    }

    #[test]
    fn a_line_too_long_to_keep_is_counted_not_kept() {
        let mut input = b"\xEF\xBB\xBF".to_vec();
        input.extend(std::iter::repeat_n(b'x', KEEP_BYTES + 10));
        input.extend_from_slice(b"\r\n{\"id\":\"B\"}\n");
        for block in [1 << 16, input.len()] {
            let got = lines(&input, block);
            assert_eq!(got.len(), 2);
            assert_eq!(got[0], (1, KEEP_BYTES + 10, Vec::new()));
            assert_eq!(got[1].0, 2);
        }
        let line = Line {
            number: 1,
            text: Vec::new(),
            len: KEEP_BYTES + 10,
        };
        let (errors, id) = line.record().unwrap_err();
        assert_eq!(errors.list()[0].code().to_string(), "too_large");
        assert_eq!(id, None);
    }

    #[test]
    fn a_record_over_the_limit_but_kept_keeps_its_id() {
        let big = format!(
            r#"{{"id":"HH-BIG","pad":"{}"}}"#,
            "x".repeat(MAX_DOCUMENT_BYTES)
        );
        let got = lines(format!("{big}\n").as_bytes(), 1 << 16);
        let line = Line {
            number: 1,
            len: got[0].1,
            text: got[0].2.clone(),
        };
        let (errors, id) = line.record().unwrap_err();
        assert_eq!(errors.list()[0].code().to_string(), "too_large");
        assert!(
            errors.list()[0]
                .message_en()
                .contains(&big.len().to_string())
        );
        assert_eq!(id.as_deref(), Some("HH-BIG"));
    }

    #[cfg(feature = "parallel")]
    #[test]
    fn judge_text_writes_the_judged_lines_in_order_in_buffers_of_a_few_lines() {
        let policy = Policy::default();
        let as_of = api::parse_as_of("2023-06-30").unwrap();
        let job = Job::Household(Assessor::new(&policy, as_of).unwrap().explain(false));
        let good = r#"{"id":"HH-N","poverty_alleviated":false,"members":[{"id":"P1","birth_date":"1980-05-01","labor_capacity":"full","medical_insured":true}],"income":{"wages":"5000"}}"#;
        // 40 lines: a good household, then a line that is not JSON, in turn.
        let line = |number: usize| {
            let text = if number % 2 == 1 {
                good.replace("HH-N", &format!("HH-{number}"))
            } else {
                "{bad".to_owned()
            };
            Line {
                number,
                len: text.len(),
                text: text.into_bytes(),
            }
        };
        let lines: Vec<Queued> = (1..=40).map(|n| job.queue(line(n))).collect();
        assert!(lines.iter().all(|q| matches!(q, Queued::Line(_))));
        let buffers = job.judge_text(&lines);
        // 16 + 16 + 8 lines, each buffer ending with a line break.
        let counts: Vec<usize> = buffers
            .iter()
            .map(|b| b.iter().filter(|c| **c == b'\n').count())
            .collect();
        assert_eq!(counts, [16, 16, 8]);
        assert!(buffers.iter().all(|b| b.last() == Some(&b'\n')));
        // The same bytes as `judge` gives with text, line by line, in input order.
        let whole: Vec<u8> = buffers.concat();
        let mut expected = String::new();
        for (_, text) in job.judge((1..=40).map(|n| job.queue(line(n))).collect(), true) {
            expected.push_str(&text.unwrap());
            expected.push('\n');
        }
        assert_eq!(String::from_utf8(whole).unwrap(), expected);
        let answers: Vec<&str> = expected.lines().collect();
        assert!(answers[0].starts_with(r#"{"household_id":"HH-1","#));
        // (500 × 12 − 5000) / 12 = 83.33 a month.
        assert!(answers[0].contains(r#""monthly_benefit":"83.33""#));
        assert_eq!(
            answers[1].get(..40).unwrap(),
            r#"{"household_id":null,"line":2,"errors":["#
        );
        assert!(answers[39].starts_with(r#"{"household_id":null,"line":40,"#));
        assert!(job.judge_text(&[]).is_empty());

        // Into buffers reused from a larger chunk (stale bytes in them), with the bad lines of
        // each group counted on the core that judged them: 8, 8 and 4 of 16, 16 and 8.
        let mut reused = vec![b"stale".to_vec(); 5];
        let bad = |n: &mut usize, o: &Outcome| *n += usize::from(!o.ok());
        let tallies = job.judge_text_into(&lines, &mut reused, &0, bad);
        assert_eq!(tallies, [8, 8, 4]);
        assert_eq!(reused, buffers);
        // A shorter chunk next: its 20 lines in two buffers, the third one given up.
        let tallies = job.judge_text_into(&lines[..20], &mut reused, &0, bad);
        assert_eq!(tallies, [8, 2]);
        assert_eq!(reused.len(), 2);
        let first_twenty: String = expected.split_inclusive('\n').take(20).collect();
        assert_eq!(String::from_utf8(reused.concat()).unwrap(), first_twenty);
    }

    #[cfg(feature = "parallel")]
    #[test]
    fn a_line_over_the_limit_is_judged_when_queued_and_answered_in_its_place() {
        let policy = Policy::default();
        let as_of = api::parse_as_of("2023-06-30").unwrap();
        let job = Job::Household(Assessor::new(&policy, as_of).unwrap().explain(false));
        let good = r#"{"id":"HH-1","poverty_alleviated":false,"members":[{"id":"P1","birth_date":"1980-05-01","labor_capacity":"full","medical_insured":true}],"income":{"wages":"5000"}}"#;
        // One byte over the limit, with its id; then one exactly at the limit (kept: it is
        // parsed, and is not JSON).
        let pad = MAX_DOCUMENT_BYTES + 1 - r#"{"id":"HH-BIG","pad":""}"#.len();
        let big = format!(r#"{{"id":"HH-BIG","pad":"{}"}}"#, "x".repeat(pad));
        assert_eq!(big.len(), MAX_DOCUMENT_BYTES + 1);
        let edge = "x".repeat(MAX_DOCUMENT_BYTES);
        let line = |number: usize, text: &str| Line {
            number,
            len: text.len(),
            text: text.as_bytes().to_vec(),
        };
        let queued = vec![
            job.queue(line(1, good)),
            job.queue(line(2, &big)),
            job.queue(line(3, &edge)),
        ];
        assert!(matches!(&queued[0], Queued::Line(_)));
        assert!(matches!(&queued[2], Queued::Line(l) if l.text.len() == MAX_DOCUMENT_BYTES));
        let Queued::Judged(Outcome::Failed {
            key,
            id,
            line: at,
            errors,
        }) = &queued[1]
        else {
            panic!("a line over the limit is judged when queued");
        };
        assert_eq!(
            (*key, id.as_deref(), *at),
            ("household_id", Some("HH-BIG"), Some(2))
        );
        assert_eq!(errors.list()[0].code().to_string(), "too_large");
        assert_eq!(errors.list()[0].path(), "");
        // In its place among the others, with the text and the count of the others.
        let text = String::from_utf8(job.judge_text(&queued).concat()).unwrap();
        let answers: Vec<&str> = text.lines().collect();
        assert_eq!(answers.len(), 3);
        assert!(answers[0].starts_with(r#"{"household_id":"HH-1","#));
        assert!(
            answers[1]
                .starts_with(r#"{"household_id":"HH-BIG","line":2,"errors":[{"code":"too_large","#)
        );
        assert!(
            answers[2].starts_with(
                r#"{"household_id":null,"line":3,"errors":[{"code":"malformed_json","#
            )
        );
        let mut buffers = Vec::new();
        let bad = |n: &mut usize, o: &Outcome| *n += usize::from(!o.ok());
        assert_eq!(job.judge_text_into(&queued, &mut buffers, &0, bad), [2]);
        let owned: Vec<String> = job
            .judge(queued, true)
            .into_iter()
            .map(|(_, t)| t.unwrap())
            .collect();
        assert_eq!(owned, answers);
    }

    #[test]
    fn a_push_stops_at_the_end_of_its_line() {
        let mut s = Splitter::new();
        let (used, line) = s.push(b"{\"id\":\"A\"}\nrest");
        assert_eq!(used, 11);
        assert_eq!(line.unwrap().number, 1);
        assert_eq!(s.push(b"rest"), (4, None));
        assert_eq!(s.finish().unwrap().text, b"rest".to_vec());
        assert_eq!(s.finish(), None);
    }
}
