//! The subcommands, their output and their exit statuses.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};
use std::process::ExitCode;

use hengjie::Explain;
use hengjie::api::{self, parse_as_of};
use hengjie::date::Date;
use hengjie::indicators::{Indicators, IndicatorsBuilder};
use hengjie::lines::{Job, LINES_PER_CHUNK, Outcome, Queued};
use hengjie::{Errors, Policy, canonical_json, pretty_json};
use serde::Serialize;

use crate::table;
use hengjie_cli::input::{self, Format, Record, Shape};

/// A failure that stops the command before any output (or, for `output_closed`, while writing
/// it): exit status 2, `{"errors": [...]}` on stderr.
///
/// Input and parameter errors carry the core's codes; process-level failures have codes of
/// their own, which only the command line gives (docs/cli.md, exit statuses): `usage` (a bad
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
        format!("{what_en} ({e})."),
        format!("{what_zh}（{e}）。"),
    )
}

/// A bad command line: exit status 2 with clap's whole message (what is wrong, the usage line
/// and the hint), without its `error: ` prefix and colours.
pub fn usage_error(message: &str) -> ExitCode {
    let text = message.trim().trim_start_matches("error: ").to_owned();
    Fatal::process(
        "usage",
        format!("The command line is not right; see hengjie --help.\n{text}"),
        format!("命令行参数有误，请查看 hengjie --help。\n{text}"),
    )
    .report()
}

/// A date given with `--as-of` that is not a real `YYYY-MM-DD` date: a bad command line.
pub(crate) fn as_of_flag(text: &str) -> Result<Date, Fatal> {
    parse_as_of(text).map_err(|_| {
        Fatal::process(
            "usage",
            format!(
                "The assessment date given with --as-of ({text}) is not a real date; write it as YYYY-MM-DD, for example 2023-06-30."
            ),
            format!(
                "--as-of 给出的评估日期（{text}）不是有效日期，请按“年-月-日”填写，例如 2023-06-30。"
            ),
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
                    &format!(
                        "The parameter layer {path} cannot be read; check its name and that it exists"
                    ),
                    &format!("无法读取参数层文件 {path}，请检查文件名以及文件是否存在"),
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
                    &format!("The file {path} cannot be read; check its name and that it exists"),
                    &format!("无法读取文件 {path}，请检查文件名以及文件是否存在"),
                    &e,
                )
            }),
    }
}

pub(crate) fn write_failed(e: &io::Error) -> Fatal {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return Fatal::process(
            "output_closed",
            "The output was closed before every record was written.".to_owned(),
            "输出在全部记录写出之前被关闭。".to_owned(),
        );
    }
    io_fatal(
        "The result cannot be written; check the disk and the output path",
        "无法写出结果，请检查磁盘和输出路径",
        e,
    )
}

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

/// What is counted of the outcomes: whether each was judged, and the population indicators
/// when asked for. A JSON Lines stream counts each outcome on the core that judged it, a group
/// of lines at a time, and merges the groups' tallies.
#[derive(Debug, Clone)]
struct Tally {
    all_ok: bool,
    summary: Option<IndicatorsBuilder>,
}

impl Tally {
    fn count(&mut self, outcome: &Outcome) {
        self.all_ok &= outcome.ok();
        if let Some(summary) = &mut self.summary {
            match outcome {
                Outcome::Assessed(a) => summary.add(a),
                _ => summary.add_failed(),
            }
        }
    }

    fn merge(&mut self, other: &Tally) {
        self.all_ok &= other.all_ok;
        if let (Some(summary), Some(part)) = (&mut self.summary, &other.summary) {
            summary.merge(part);
        }
    }
}

/// Where outcomes go: JSON on stdout as they come (or rows of a table printed at the end), and
/// the population indicators when asked for.
struct Sink {
    /// Standard output, unlocked between writes: a JSON Lines stream writes it from a thread
    /// of its own ([`stream_lines`]).
    out: BufWriter<io::Stdout>,
    table: Option<Vec<table::Row>>,
    tally: Tally,
    flush: bool,
}

impl Sink {
    fn count(&mut self, outcome: &Outcome) {
        self.tally.count(outcome);
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

/// The flat household tables of `--members` (docs/cli.md#household-tables): the households
/// table is the command's FILE, beside it the members table and, if any, the hospital stays.
#[derive(Debug, Clone, Copy)]
pub struct Tables<'a> {
    /// The members table (one row per member, with the household's id).
    pub members: &'a str,
    /// The hospital stays table (one row per stay, with the household's id).
    pub hospitalizations: Option<&'a str>,
}

/// Reads the flat household tables into one record per household, in the households table's
/// order (`hengjie_tables::household_file`). A table that cannot be used stops the command:
/// `io_error` for a file that cannot be read, the column errors, or `invalid_value` for a row of a
/// household the households table does not have.
pub(crate) fn table_records(
    households: Option<&str>,
    tables: Tables<'_>,
) -> Result<Vec<input::Record>, Fatal> {
    use hengjie_tables::household_file::{HouseholdFileError, read_households};
    use hengjie_tables::household_table::UserMap;
    let Some(households) = households.filter(|f| *f != "-") else {
        return Err(Fatal::process(
            "usage",
            "--members reads the households table from a file: give its path as FILE.".to_owned(),
            "--members 需要农户表文件：请把它的路径写在 FILE 处。".to_owned(),
        ));
    };
    let read = |path: &str| {
        std::fs::read(path).map_err(|e| {
            io_fatal(
                &format!("{path}: cannot read the file"),
                &format!("{path}：无法读取文件"),
                &e,
            )
        })
    };
    let home_bytes = read(households)?;
    let member_bytes = read(tables.members)?;
    let stay_bytes = tables.hospitalizations.map(read).transpose()?;
    let documents = read_households(
        (households, &home_bytes),
        Some((tables.members, &member_bytes)),
        tables.hospitalizations.zip(stay_bytes.as_deref()),
        &UserMap::new(),
    )
    .map_err(|e| match e {
        HouseholdFileError::Columns { errors, .. } => Fatal::Input(errors),
        HouseholdFileError::Table(t) => Fatal::process("io_error", t.to_string(), t.message_zh()),
        other => Fatal::process("invalid_value", other.to_string(), other.message_zh()),
    })?;
    // A document's own errors (an id number in an Excel number cell) join the core's.
    Ok(documents
        .into_iter()
        .map(|document| {
            Ok(hengjie::validate::Parsed {
                value: document.value.into(),
                duplicates: document.errors,
            })
        })
        .collect())
}

/// The options of `hengjie assess` beyond its input.
#[derive(Debug, Clone, Copy)]
pub struct AssessOptions<'a> {
    /// A human-readable table instead of JSON.
    pub table: bool,
    /// The population indicators after the records.
    pub summary: bool,
    /// How much explanation each record carries.
    pub explain: Explain,
    /// One header record with the run's parameters; records without them.
    pub parameters_once: bool,
    /// `--outputs`: the names of the outputs to compute (every output when absent).
    pub outputs: Option<&'a str>,
}

/// `hengjie assess --out`: the household table written to a file (docs/cli.md#table-output).
#[derive(Debug, Clone, Copy)]
pub struct TableOut<'a> {
    /// The file: `.csv` (UTF-8 with BOM) or `.xlsx`.
    pub path: &'a str,
    /// The language of its headers and words.
    pub lang: hengjie::labels::Lang,
}

/// `hengjie assess`.
pub fn assess(
    file: Option<&str>,
    tables: Option<Tables<'_>>,
    as_of: &str,
    layer: Option<&str>,
    options: AssessOptions<'_>,
    out: Option<TableOut<'_>>,
    stream: Stream,
) -> Result<ExitCode, Fatal> {
    let as_of = as_of_flag(as_of)?;
    let format = out.map(table_format).transpose()?;
    let policy = policy(layer)?;
    if let (Some(out), Some(format)) = (out, format) {
        // The table has no reasons: the batch layer's assessor (explanations off).
        let assessor = api::Assessor::new(&policy, as_of)?.explanations(Explain::None);
        let input = match tables {
            Some(tables) => Input::Records(table_records(file, tables)?),
            None => Input::File(file),
        };
        return write_table(input, &Job::Household(assessor), out, format, stream);
    }
    let selection = match options.outputs {
        Some(names) => hengjie::Outputs::parse(names).map_err(Fatal::Input)?,
        None => hengjie::Outputs::ALL,
    };
    let assessor = api::Assessor::new(&policy, as_of)?
        .explanations(options.explain)
        .parameters_once(options.parameters_once)
        .selection(selection);
    let indicators = if options.summary {
        Some(IndicatorsBuilder::for_date(&policy, as_of)?)
    } else {
        None
    };
    // Tables are read whole before any output, so that a table that cannot be used stops the
    // command with nothing written.
    let input = match tables {
        Some(tables) => Input::Records(table_records(file, tables)?),
        None => Input::File(file),
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
        input,
        &Job::Household(assessor),
        options.table,
        indicators,
        stream,
    )
}

/// The format of `--out` by its extension: `.csv` or `.xlsx`, else a bad command line.
fn table_format(out: TableOut<'_>) -> Result<hengjie_tables::export::Format, Fatal> {
    hengjie_tables::export::Format::of_path(std::path::Path::new(out.path)).ok_or_else(|| {
        Fatal::process(
            "usage",
            format!(
                "--out writes a .csv or .xlsx file, not {}; name the file with one of these extensions.",
                out.path
            ),
            format!(
                "--out 只能写出 .csv 或 .xlsx 文件，{} 不是，请用这两种扩展名之一。",
                out.path
            ),
        )
    })
}

/// Writes the household table of `hengjie assess --out`: each chunk of records assessed (on
/// every core), made into the batch layer's output (the table `hengjie.assess_batch` gives, in
/// the same schema) and written with the headers and words of `hengjie.export`
/// ([`hengjie_tables::export`]). Exit status 0 when every household was assessed, 1 when some
/// row holds its errors.
fn write_table(
    input: Input<'_>,
    job: &Job<'_>,
    out: TableOut<'_>,
    format: hengjie_tables::export::Format,
    stream: Stream,
) -> Result<ExitCode, Fatal> {
    use hengjie_tables::batch::{self, Level};
    use hengjie_tables::export::{Sheet, TableFile};
    use rayon::prelude::*;

    let path = std::path::Path::new(out.path);
    let failed = |e: String| {
        Fatal::process(
            "io_error",
            format!("The table cannot be written ({e})."),
            format!("无法写出表格文件 {}（{e}）。", out.path),
        )
    };
    let shape = match input {
        Input::File(file) => {
            input::detect(open(file)?, stream.format()).map_err(|e| read_failed(&e))?
        }
        Input::Records(records) => Shape::Array(records),
    };
    let mut table = TableFile::create(path, format, out.lang).map_err(failed)?;
    let names: Vec<&str> = batch::columns(Level::Households)
        .iter()
        .map(|(name, _)| *name)
        .collect();
    table.sheet(Sheet::Result, &names).map_err(failed)?;
    let mut all_ok = true;
    let mut write = |outcomes: Vec<Outcome>| -> Result<(), Fatal> {
        let rows: Vec<(Option<String>, batch::Outcome)> = outcomes
            .into_iter()
            .map(|outcome| {
                all_ok &= outcome.ok();
                match outcome {
                    Outcome::Assessed(a) => (None, Ok(*a)),
                    Outcome::Failed { id, errors, .. } => (id, Err(errors)),
                    // A household job gives neither.
                    Outcome::Village(_) | Outcome::Farmland(_) => (None, Err(Errors::default())),
                }
            })
            .collect();
        table
            .batch(&batch::build(Level::Households, &rows).0)
            .map_err(failed)
    };
    match shape {
        Shape::Single(record) => write(vec![job.run(record)])?,
        Shape::Array(items) => {
            let mut items = items.into_iter().peekable();
            while items.peek().is_some() {
                let chunk: Vec<input::Record> = items.by_ref().take(batch::CHUNK).collect();
                write(chunk.into_par_iter().map(|r| job.run(r)).collect())?;
            }
        }
        Shape::Lines(first, mut rest) => {
            let mut chunk = queue(job, first);
            while fill_chunk(job, &mut chunk, &mut rest, LINES_PER_CHUNK)? {
                write(
                    job.judge(std::mem::take(&mut chunk), false)
                        .into_iter()
                        .map(|(o, _)| o)
                        .collect(),
                )?;
            }
        }
    }
    table.finish().map_err(failed)?;
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
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
        Input::File(file),
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
    records(Input::File(file), &Job::Farmland, false, None, stream)
}

/// What a command reads: a file of documents (or standard input), or records already read
/// (the flat household tables).
enum Input<'a> {
    File(Option<&'a str>),
    Records(Vec<input::Record>),
}

fn records(
    input: Input<'_>,
    job: &Job<'_>,
    as_table: bool,
    summary: Option<IndicatorsBuilder>,
    stream: Stream,
) -> Result<ExitCode, Fatal> {
    let shape = match input {
        Input::File(file) => {
            input::detect(open(file)?, stream.format()).map_err(|e| read_failed(&e))?
        }
        Input::Records(records) => Shape::Array(records),
    };
    let with_summary = summary.is_some();
    let mut sink = Sink {
        out: BufWriter::new(io::stdout()),
        table: as_table.then(Vec::new),
        tally: Tally {
            all_ok: true,
            summary,
        },
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
        Shape::Lines(first, mut rest) if !as_table && !stream.flush => {
            stream_lines(job, first, &mut rest, &mut sink)?;
        }
        Shape::Lines(first, mut rest) => {
            // One line at a time (`--flush`: each answered before the next is read), or rows
            // of the table: chunks of lines are judged on every core, then emitted in input
            // order; memory stays bounded by one chunk, whatever the input's length.
            let mut chunk = queue(job, first);
            while fill_chunk(job, &mut chunk, &mut rest, stream.chunk())? {
                let judged = job.judge(std::mem::take(&mut chunk), sink.table.is_none());
                for (outcome, text) in &judged {
                    match text {
                        Some(text) => sink.emit_text(outcome, text)?,
                        None => sink.emit(outcome, false)?,
                    }
                }
            }
        }
    }
    if let Some(rows) = &sink.table {
        if let Job::Household(assessor) = job {
            write!(sink.out, "{}", table::render(rows, assessor.as_of()))
                .map_err(|e| write_failed(&e))?;
        }
    }
    if let Some(summary) = sink.tally.summary.as_ref().map(IndicatorsBuilder::finish) {
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
    Ok(if sink.tally.all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// JSON Lines written as JSON (not `--flush`, not `--table`), with two chunks in flight: while
/// chunk k + 1 is judged on every core, chunk k is written out by a writer thread. A chunk
/// leaves the cores as text only ([`Job::judge_text_into`]: each record written and dropped,
/// and counted into the tallies, on the core that judged it), so what is in flight is the
/// lines of one chunk and the text of two, in two sets of buffers passed back and forth and
/// reused, whatever the input's length (docs/performance.md, "The CLI's two chunks in flight").
/// The output is byte for byte the one-chunk-at-a-time output; what was judged before the
/// input failed is still written.
fn stream_lines<R: BufRead>(
    job: &Job<'_>,
    first: Vec<input::Line>,
    rest: &mut input::LineReader<R>,
    sink: &mut Sink,
) -> Result<(), Fatal> {
    use std::sync::mpsc;
    // Nothing is counted before the first line: the workers' tallies start from this one.
    let start = sink.tally.clone();
    let (tally, out) = (&mut sink.tally, &mut sink.out);
    // A rendezvous: the judged chunk is handed over only when the writer has finished the one
    // before, so that at most two chunks of text exist.
    let (to_writer, judged) = mpsc::sync_channel::<Vec<Vec<u8>>>(0);
    let (give_back, spare) = mpsc::channel::<Vec<Vec<u8>>>();
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> io::Result<()> {
            for buffers in judged {
                for text in &buffers {
                    out.write_all(text)?;
                }
                // The judging side may be gone (the input failed): nothing to give back then.
                let _ = give_back.send(buffers);
            }
            Ok(())
        });
        let mut chunk = queue(job, first);
        let mut sets = 0;
        let read = loop {
            match fill_chunk(job, &mut chunk, rest, LINES_PER_CHUNK) {
                Ok(true) => {}
                Ok(false) => break Ok(()),
                Err(e) => break Err(e),
            }
            // Two sets of buffers, made for the first two chunks, then each given back by the
            // writer before it takes the next (so `recv` does not wait): always the same two,
            // whatever the input's length and however fast the output is read.
            let mut buffers = if sets < 2 {
                sets += 1;
                Vec::new()
            } else {
                match spare.recv() {
                    Ok(buffers) => buffers,
                    // The writer stopped on an error, reported below.
                    Err(_) => break Ok(()),
                }
            };
            for part in job.judge_text_into(&chunk, &mut buffers, &start, Tally::count) {
                tally.merge(&part);
            }
            chunk.clear();
            if to_writer.send(buffers).is_err() {
                // The writer stopped on an error, reported below.
                break Ok(());
            }
        };
        drop(to_writer);
        let written = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        written.map_err(|e| write_failed(&e))?;
        read
    })
}

/// Lines read to tell the input's shape, queued to be judged ([`Job::queue`]).
fn queue(job: &Job<'_>, lines: Vec<input::Line>) -> Vec<Queued> {
    let mut chunk = Vec::with_capacity(LINES_PER_CHUNK);
    chunk.extend(lines.into_iter().map(|line| job.queue(line)));
    chunk
}

/// Fills `chunk` with the next lines of a JSON Lines input, up to `size`; `false` when there
/// are none left (the input is done). A line over the 1 MiB document limit is judged as soon as
/// it is read ([`Job::queue`]: its `too_large` record, its id read when it can be), so that a
/// chunk holds at most 1 MiB a line, as the HTTP service's do.
fn fill_chunk<R: BufRead>(
    job: &Job<'_>,
    chunk: &mut Vec<Queued>,
    rest: &mut input::LineReader<R>,
    size: usize,
) -> Result<bool, Fatal> {
    while chunk.len() < size {
        match rest.next_line().map_err(|e| read_failed(&e))? {
            Some(line) => chunk.push(job.queue(line)),
            None => break,
        }
    }
    Ok(!chunk.is_empty())
}

pub(crate) fn read_failed(e: &io::Error) -> Fatal {
    io_fatal(
        "The input cannot be read; check the file or the pipe",
        "无法读取输入，请检查文件或管道",
        e,
    )
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
    let check = |record: Record| hengjie::lines::validate_record(record, as_of);
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
                let errors = check(line.record());
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

/// The flags of `hengjie serve`.
#[derive(Debug)]
pub struct ServeArgs {
    pub addr: std::net::SocketAddr,
    pub layer: Option<String>,
    pub token_file: Option<String>,
    pub max_in_flight: usize,
    pub request_timeout: f64,
    pub idle_timeout: f64,
    pub threads: Option<usize>,
}

/// `hengjie serve`: the HTTP service (hengjie-server) until SIGTERM or Ctrl-C. Logs go to
/// stderr (`RUST_LOG`, default `info`); they never carry household contents.
pub fn serve(args: &ServeArgs) -> Result<ExitCode, Fatal> {
    // A bad flag value (an empty token file, a timeout out of range) is a bad command line.
    let bad = |en: String, zh: String| Fatal::process("usage", en, zh);
    let token = match &args.token_file {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                io_fatal(
                    &format!("cannot read `{path}`"),
                    &format!("无法读取 `{path}`"),
                    &e,
                )
            })?;
            let token = text.trim().to_owned();
            if token.is_empty() {
                return Err(bad(
                    format!("the token file `{path}` is empty"),
                    format!("令牌文件 `{path}` 为空"),
                ));
            }
            Some(token)
        }
    };
    let seconds = |s: f64, name: &str| {
        if s.is_finite() && s > 0.0 && s <= 86_400.0 {
            Ok(std::time::Duration::from_secs_f64(s))
        } else {
            Err(bad(
                format!("--{name} must be between 0 and 86400 seconds"),
                format!("--{name} 必须在 0 至 86400 秒之间"),
            ))
        }
    };
    let config = hengjie_server::Config {
        policy: policy(args.layer.as_deref())?,
        token,
        max_in_flight: args.max_in_flight.max(1),
        request_timeout: seconds(args.request_timeout, "request-timeout")?,
        idle_timeout: seconds(args.idle_timeout, "idle-timeout")?,
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(io::stderr)
        .try_init();
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    runtime.enable_all();
    if let Some(n) = args.threads {
        runtime.worker_threads(n.max(1));
    }
    let runtime = runtime
        .build()
        .map_err(|e| io_fatal("cannot start the service", "无法启动服务", &e))?;
    runtime
        .block_on(hengjie_server::serve(args.addr, config))
        .map_err(|e| {
            io_fatal(
                &format!("cannot serve on {}", args.addr),
                &format!("无法在 {} 上提供服务", args.addr),
                &e,
            )
        })?;
    Ok(ExitCode::SUCCESS)
}
