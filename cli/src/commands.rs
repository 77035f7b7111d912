//! The subcommands, their output and their exit statuses.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::process::ExitCode;

use hengjie::api::{self, parse_as_of};
use hengjie::date::Date;
use hengjie::explain::Explain;
use hengjie::indicators::{Indicators, IndicatorsBuilder};
use hengjie::village::{self, FarmlandAssessment, VillageAssessment};
use hengjie::{Assessment, Errors, Policy, canonical_json, pretty_json};
use serde::Serialize;

use crate::table;
use hengjie_cli::input::{self, Format, Record, Shape};

/// A failure that stops the command before any output (or, for `output_closed`, while writing
/// it): exit status 2, `{"errors": [...]}` on stderr.
///
/// Input and parameter errors carry the core's codes; process-level failures have codes of
/// their own, which only the command line gives (docs/cli.md "Exit statuses"): `usage` (a bad
/// command line, with clap's whole message), `io_error` (a file that cannot be opened or read)
/// and `output_closed` (standard output closed by the reader, as `head` does).
#[derive(Debug)]
pub enum Fatal {
    /// Errors from the core (`parameter_undefined`, `invalid_parameter`, …).
    Input(Errors),
    /// A process-level failure.
    Process {
        code: &'static str,
        message_en: String,
        message_zh: String,
    },
}

impl Fatal {
    /// Prints `{"errors": [...]}` on stderr and gives exit status 2.
    pub fn report(self) -> ExitCode {
        #[derive(Serialize)]
        struct Process<'a> {
            code: &'a str,
            path: &'a str,
            message_en: &'a str,
            message_zh: &'a str,
        }
        #[derive(Serialize)]
        struct Wrapper<T: Serialize> {
            errors: T,
        }
        let text = match &self {
            Fatal::Input(errors) => canonical_json(&Wrapper { errors }),
            Fatal::Process {
                code,
                message_en,
                message_zh,
            } => canonical_json(&Wrapper {
                errors: [Process {
                    code,
                    path: "",
                    message_en,
                    message_zh,
                }],
            }),
        };
        // Standard error may be closed too: nothing more can be said then.
        let _ = writeln!(io::stderr(), "{text}");
        ExitCode::from(2)
    }

    pub(crate) fn process(code: &'static str, message_en: String, message_zh: String) -> Self {
        Fatal::Process {
            code,
            message_en,
            message_zh,
        }
    }
}

impl From<Errors> for Fatal {
    fn from(errors: Errors) -> Self {
        Fatal::Input(errors)
    }
}

pub(crate) fn io_fatal(what_en: &str, what_zh: &str, e: &io::Error) -> Fatal {
    Fatal::process(
        "io_error",
        format!("{what_en}: {e}"),
        format!("{what_zh}:{e}"),
    )
}

/// A bad command line: exit status 2 with clap's whole message (what is wrong, the usage line
/// and the hint), without its `error: ` prefix and colours.
pub fn usage_error(message: &str) -> ExitCode {
    let text = message.trim().trim_start_matches("error: ").to_owned();
    Fatal::process("usage", text.clone(), format!("命令行参数有误:{text}")).report()
}

/// A date given with `--as-of` that is not a real `YYYY-MM-DD` date: a bad command line.
pub(crate) fn as_of_flag(text: &str) -> Result<Date, Fatal> {
    parse_as_of(text).map_err(|_| {
        Fatal::process(
            "usage",
            format!("--as-of `{text}` is not a valid date YYYY-MM-DD"),
            format!("--as-of `{text}` 不是有效日期(YYYY-MM-DD)"),
        )
    })
}

pub(crate) fn policy(layer: Option<&str>) -> Result<Policy, Fatal> {
    let policy = Policy::default();
    match layer {
        Some(path) => {
            // A file that cannot be opened is an I/O failure, not a bad layer.
            File::open(path).map_err(|e| {
                io_fatal(
                    &format!("cannot read `{path}`"),
                    &format!("无法读取 `{path}`"),
                    &e,
                )
            })?;
            Ok(policy.with_layer_file(std::path::Path::new(path))?)
        }
        None => Ok(policy),
    }
}

/// The input, read through a progress bar on stderr when stderr is a terminal (by bytes of a
/// file, or a running count of bytes from stdin); nothing is drawn otherwise.
pub(crate) fn open(file: Option<&str>) -> Result<Box<dyn BufRead>, Fatal> {
    let bar = |len: Option<u64>| {
        if !io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        let (bar, template) = match len {
            Some(n) => (
                ProgressBar::new(n),
                "{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} ({eta})",
            ),
            None => (
                ProgressBar::new_spinner(),
                "{spinner} [{elapsed_precise}] {binary_bytes} read ({binary_bytes_per_sec})",
            ),
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar
    };
    match file {
        None | Some("-") => Ok(Box::new(
            bar(None).wrap_read(BufReader::new(io::stdin().lock())),
        )),
        Some(path) => File::open(path)
            .map(|f| {
                let len = f.metadata().ok().map(|m| m.len());
                Box::new(bar(len).wrap_read(BufReader::with_capacity(1 << 16, f)))
                    as Box<dyn BufRead>
            })
            .map_err(|e| {
                io_fatal(
                    &format!("cannot read `{path}`"),
                    &format!("无法读取 `{path}`"),
                    &e,
                )
            }),
    }
}

pub(crate) fn write_failed(e: &io::Error) -> Fatal {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return Fatal::process(
            "output_closed",
            "the output was closed before every record was written".to_owned(),
            "输出在全部记录写出之前被关闭".to_owned(),
        );
    }
    io_fatal("cannot write the output", "无法写出结果", e)
}

/// What one record became: its result, or the error wrapper printed in its place
/// (`{"household_id"|"village_id"|"project_id": …, "errors": [...]}`).
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
    fn ok(&self) -> bool {
        !matches!(self, Outcome::Failed { .. })
    }
}

/// What kind of record a command reads, and how it is judged.
pub enum Job<'p> {
    Household(api::Assessor<'p>),
    Village { as_of: Date, policy: &'p Policy },
    Farmland,
}

impl Job<'_> {
    fn id_key(&self) -> &'static str {
        match self {
            Job::Household(_) => "household_id",
            Job::Village { .. } => "village_id",
            Job::Farmland => "project_id",
        }
    }

    /// Judges one JSON Lines record: an error record carries its line number.
    fn run_line(&self, line: &input::Line) -> Outcome {
        match self.run(input::record(&line.text)) {
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

    fn run(&self, record: Record) -> Outcome {
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
            id: input::id_of(value),
            line: None,
            errors,
        };
        // A repeated key is reported with the record's other errors (CONTRACT v1.3).
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
}

/// JSON Lines are judged this many at a time, in parallel (one at a time with `--flush`).
const LINES_PER_CHUNK: usize = 256;

/// How records are read and written (`--format`, `--flush`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Stream {
    /// The input format; detected when absent (JSON Lines when `flush` is on).
    pub format: Option<Format>,
    /// Write (and flush) each record as soon as it is decided: a helper process over pipes.
    pub flush: bool,
}

impl Stream {
    /// The format to read: with `--flush` and no `--format`, JSON Lines (detection would wait
    /// for a second line that a helper's caller has not sent yet).
    fn format(self) -> Option<Format> {
        self.format.or(self.flush.then_some(Format::Jsonl))
    }

    fn chunk(self) -> usize {
        if self.flush { 1 } else { LINES_PER_CHUNK }
    }
}

/// Where outcomes go: JSON on stdout as they come (or rows of a table printed at the end), and
/// the population indicators when asked for.
struct Sink {
    out: BufWriter<io::StdoutLock<'static>>,
    table: Option<Vec<table::Row>>,
    summary: Option<IndicatorsBuilder>,
    all_ok: bool,
    flush: bool,
}

impl Sink {
    fn count(&mut self, outcome: &Outcome) {
        self.all_ok &= outcome.ok();
        if let Some(summary) = &mut self.summary {
            match outcome {
                Outcome::Assessed(a) => summary.add(a),
                _ => summary.add_failed(),
            }
        }
    }

    /// Emits an outcome already written as canonical JSON.
    fn emit_text(&mut self, outcome: &Outcome, text: &str) -> Result<(), Fatal> {
        self.count(outcome);
        writeln!(self.out, "{text}").map_err(|e| write_failed(&e))?;
        if self.flush {
            self.out.flush().map_err(|e| write_failed(&e))?;
        }
        Ok(())
    }

    fn emit(&mut self, outcome: &Outcome, pretty: bool) -> Result<(), Fatal> {
        self.count(outcome);
        match &mut self.table {
            Some(rows) => rows.push(table::Row::of(outcome)),
            None => {
                let text = if pretty {
                    pretty_json(outcome)
                } else {
                    canonical_json(outcome)
                };
                writeln!(self.out, "{text}").map_err(|e| write_failed(&e))?;
            }
        }
        Ok(())
    }
}

/// The options of `hengjie assess` beyond its input.
#[derive(Debug, Clone, Copy)]
pub struct AssessOptions {
    /// A human-readable table instead of JSON.
    pub table: bool,
    /// The population indicators after the records.
    pub summary: bool,
    /// How much explanation each record carries.
    pub explain: Explain,
    /// One header record with the run's parameters; records without them.
    pub parameters_once: bool,
}

/// `hengjie assess`.
pub fn assess(
    file: Option<&str>,
    as_of: &str,
    layer: Option<&str>,
    options: AssessOptions,
    stream: Stream,
) -> Result<ExitCode, Fatal> {
    let as_of = as_of_flag(as_of)?;
    let policy = policy(layer)?;
    let assessor = api::Assessor::new(&policy, as_of)?
        .explanations(options.explain)
        .parameters_once(options.parameters_once);
    let indicators = if options.summary {
        Some(IndicatorsBuilder::for_date(&policy, as_of)?)
    } else {
        None
    };
    if options.parameters_once && !options.table {
        // The header first, on its own line, before any record is read.
        let mut out = io::stdout().lock();
        writeln!(out, "{}", canonical_json(&assessor.header())).map_err(|e| write_failed(&e))?;
        if stream.flush {
            out.flush().map_err(|e| write_failed(&e))?;
        }
    }
    records(
        file,
        &Job::Household(assessor),
        options.table,
        indicators,
        stream,
    )
}

/// `hengjie village`.
pub fn village(
    file: Option<&str>,
    as_of: &str,
    layer: Option<&str>,
    stream: Stream,
) -> Result<ExitCode, Fatal> {
    let as_of = as_of_flag(as_of)?;
    let policy = policy(layer)?;
    policy.resolve(as_of)?;
    records(
        file,
        &Job::Village {
            as_of,
            policy: &policy,
        },
        false,
        None,
        stream,
    )
}

/// `hengjie farmland`.
pub fn farmland(file: Option<&str>, stream: Stream) -> Result<ExitCode, Fatal> {
    records(file, &Job::Farmland, false, None, stream)
}

fn records(
    file: Option<&str>,
    job: &Job<'_>,
    as_table: bool,
    summary: Option<IndicatorsBuilder>,
    stream: Stream,
) -> Result<ExitCode, Fatal> {
    let reader = open(file)?;
    let shape = input::detect(reader, stream.format()).map_err(|e| read_failed(&e))?;
    let with_summary = summary.is_some();
    let mut sink = Sink {
        out: BufWriter::new(io::stdout().lock()),
        table: as_table.then(Vec::new),
        summary,
        all_ok: true,
        flush: stream.flush,
    };
    // A single document or an array with --summary becomes {"assessments": …, "summary": …}.
    let mut whole: Option<(Vec<Outcome>, bool)> = None;
    match shape {
        Shape::Single(record) => {
            let outcome = job.run(record);
            if with_summary && !as_table {
                sink.count(&outcome);
                whole = Some((vec![outcome], false));
            } else {
                sink.emit(&outcome, true)?;
            }
        }
        Shape::Array(items) => {
            let outcomes: Vec<Outcome> = items.into_iter().map(|r| job.run(r)).collect();
            if as_table {
                for o in &outcomes {
                    sink.emit(o, true)?;
                }
            } else {
                for o in &outcomes {
                    sink.count(o);
                }
                if with_summary {
                    whole = Some((outcomes, true));
                } else {
                    writeln!(sink.out, "{}", pretty_json(&outcomes))
                        .map_err(|e| write_failed(&e))?;
                }
            }
        }
        Shape::Lines(first, mut rest) => {
            // Chunks of lines are judged (and written to text) on every core, then emitted in
            // input order: memory stays bounded by one chunk, whatever the input's length.
            let mut chunk: Vec<input::Line> = first;
            loop {
                while chunk.len() < stream.chunk() {
                    match rest.next_line().map_err(|e| read_failed(&e))? {
                        Some(line) => chunk.push(line),
                        None => break,
                    }
                }
                if chunk.is_empty() {
                    break;
                }
                let as_text = sink.table.is_none();
                let judged: Vec<(Outcome, Option<String>)> = chunk
                    .par_iter()
                    .map(|line| {
                        let outcome = job.run_line(line);
                        let text = as_text.then(|| canonical_json(&outcome));
                        (outcome, text)
                    })
                    .collect();
                for (outcome, text) in &judged {
                    match text {
                        Some(text) => sink.emit_text(outcome, text)?,
                        None => sink.emit(outcome, false)?,
                    }
                }
                chunk.clear();
            }
        }
    }
    if let Some(rows) = &sink.table {
        if let Job::Household(assessor) = job {
            write!(sink.out, "{}", table::render(rows, assessor.as_of()))
                .map_err(|e| write_failed(&e))?;
        }
    }
    if let Some(summary) = sink.summary.as_ref().map(IndicatorsBuilder::finish) {
        let text = match (whole, as_table) {
            (Some((outcomes, is_array)), _) => {
                #[derive(Serialize)]
                struct Both<'a, T: Serialize> {
                    assessments: T,
                    summary: &'a Indicators,
                }
                // A single document stays a single value: `assessments` is then that one object.
                if is_array {
                    pretty_json(&Both {
                        assessments: &outcomes,
                        summary: &summary,
                    })
                } else {
                    pretty_json(&Both {
                        assessments: outcomes.first(),
                        summary: &summary,
                    })
                }
            }
            (None, true) => format!("\nsummary:\n{}", pretty_json(&summary)),
            (None, false) => canonical_json(&summary),
        };
        writeln!(sink.out, "{text}").map_err(|e| write_failed(&e))?;
    }
    sink.out.flush().map_err(|e| write_failed(&e))?;
    Ok(if sink.all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub(crate) fn read_failed(e: &io::Error) -> Fatal {
    io_fatal("cannot read the input", "无法读取输入", e)
}

/// `hengjie validate`.
pub fn validate(
    file: Option<&str>,
    as_of: Option<&str>,
    stream: Stream,
) -> Result<ExitCode, Fatal> {
    let as_of = match as_of {
        Some(text) => as_of_flag(text)?,
        None => today_in_china(),
    };
    let reader = open(file)?;
    let shape = input::detect(reader, stream.format()).map_err(|e| read_failed(&e))?;
    let check = |record: Record| -> Errors {
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
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut all_ok = true;
    match shape {
        Shape::Single(record) => {
            let errors = check(record);
            all_ok = errors.is_empty();
            writeln!(out, "{}", canonical_json(&errors)).map_err(|e| write_failed(&e))?;
        }
        Shape::Array(records) => {
            let lists: Vec<Errors> = records.into_iter().map(check).collect();
            all_ok = lists.iter().all(Errors::is_empty);
            writeln!(out, "{}", canonical_json(&lists)).map_err(|e| write_failed(&e))?;
        }
        Shape::Lines(first, mut rest) => {
            let mut line_out = |line: &input::Line,
                                out: &mut BufWriter<io::StdoutLock<'_>>|
             -> Result<(), Fatal> {
                let errors = check(input::record(&line.text));
                all_ok &= errors.is_empty();
                writeln!(out, "{}", canonical_json(&errors)).map_err(|e| write_failed(&e))?;
                if stream.flush {
                    out.flush().map_err(|e| write_failed(&e))?;
                }
                Ok(())
            };
            for line in &first {
                line_out(line, &mut out)?;
            }
            while let Some(line) = rest.next_line().map_err(|e| read_failed(&e))? {
                line_out(&line, &mut out)?;
            }
        }
    }
    out.flush().map_err(|e| write_failed(&e))?;
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `hengjie duties`: the ledger entries of a unit or a clause, as a pretty JSON array.
pub fn duties(unit: Option<&str>, clause: Option<&str>) -> Result<ExitCode, Fatal> {
    let entries = match (unit, clause) {
        (Some(u), _) => hengjie::ledger::by_unit(u),
        (None, Some(c)) => hengjie::ledger::by_clause(c),
        (None, None) => hengjie::ledger::measures().iter().collect(),
    };
    let mut out = io::stdout().lock();
    writeln!(out, "{}", pretty_json(&entries)).map_err(|e| write_failed(&e))?;
    Ok(ExitCode::SUCCESS)
}

/// `hengjie params`.
pub fn params(as_of: Option<&str>, layer: Option<&str>, digest: bool) -> Result<ExitCode, Fatal> {
    let as_of = as_of.map(as_of_flag).transpose()?;
    let policy = policy(layer)?;
    if digest {
        writeln!(io::stdout().lock(), "{}", policy.digest()).map_err(|e| write_failed(&e))?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows = match as_of {
        Some(date) => policy.rows_on(date)?,
        None => policy.rows(),
    };
    let mut out = io::stdout().lock();
    writeln!(out, "{}", pretty_json(&rows)).map_err(|e| write_failed(&e))?;
    Ok(ExitCode::SUCCESS)
}

/// The JSON Schemas `hengjie schema` prints.
#[derive(Debug, Clone, Copy)]
pub enum Schema {
    /// The household input: the npm package's `household.schema.json` (schemars, from the
    /// core's model; drift-tested in bindings-wasm/tests/generated.rs).
    Household,
    /// The outputs: the npm package's `assessment.schema.json`.
    Assessment,
    /// A parameter layer file, built from the parameter registry.
    Layer,
}

/// The household schema, as the npm package ships it.
pub const HOUSEHOLD_SCHEMA: &str = include_str!("../../bindings-wasm/src/household.schema.json");
/// The output schema, as the npm package ships it.
pub const ASSESSMENT_SCHEMA: &str = include_str!("../../bindings-wasm/src/assessment.schema.json");

/// `hengjie schema`.
pub fn schema(which: Schema) -> Result<ExitCode, Fatal> {
    let text = match which {
        Schema::Household => HOUSEHOLD_SCHEMA.trim_end().to_owned(),
        Schema::Assessment => ASSESSMENT_SCHEMA.trim_end().to_owned(),
        Schema::Layer => pretty_json(&hengjie::params::layer_schema()),
    };
    writeln!(io::stdout().lock(), "{text}").map_err(|e| write_failed(&e))?;
    Ok(ExitCode::SUCCESS)
}

/// Today's date in China Standard Time (UTC+8).
fn today_in_china() -> Date {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}
