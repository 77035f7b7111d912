//! `hengjie reconcile`: department rosters against the households
//! (docs/reconcile.md#command-line). Rosters are read first (hengjie-tables); households stream through the core's
//! [`Reconciler`] in chunks: parsed and compared on every core, matched in input order.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use hengjie::reconcile::{
    Change, Document, HouseholdOutcome, Reconciler, RosterKind, Rosters, Signal, Summary, Tail,
};
use hengjie::{ErrorCode, ErrorDetail, Errors, canonical_json, pretty_json};
use hengjie_cli::input::{self, Shape};
use hengjie_tables::write::{CHANGE_COLUMNS, CsvWriter, SIGNAL_COLUMNS, change_row, signal_row};
use hengjie_tables::{ColumnMap, TableError, read_roster};
use rayon::prelude::*;
use serde::Serialize;

use crate::commands::{Fatal, as_of_flag, open, policy, read_failed, write_failed};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
    Xlsx,
}

/// The command's arguments.
#[derive(Debug)]
pub struct Args<'a> {
    pub households: Option<&'a str>,
    pub as_of: &'a str,
    pub rosters: &'a [String],
    /// The flat household tables (`--members`): `households` is then the households table.
    pub tables: Option<crate::commands::Tables<'a>>,
    pub columns: Option<&'a str>,
    pub params: Option<&'a str>,
    pub format: Format,
    pub out: Option<&'a str>,
}

const LINES_PER_CHUNK: usize = 512;

/// A roster or column map that was read but cannot be used (no id column, a required column
/// missing, a bad map): `invalid_value` at `""`, like a layer that breaks the layer format.
fn fatal(en: String, zh: String) -> Fatal {
    Fatal::from(Errors::one(ErrorDetail::new(
        ErrorCode::InvalidValue,
        "",
        en,
        zh,
    )))
}

/// A bad command line (`usage`, docs/cli.md, exit statuses).
fn usage(en: String, zh: String) -> Fatal {
    Fatal::process("usage", en, zh)
}

/// A file that cannot be opened, read or written (`io_error`).
fn io(en: String, zh: String) -> Fatal {
    Fatal::process("io_error", en, zh)
}

fn table_fatal(e: &TableError) -> Fatal {
    let (en, zh) = (e.to_string(), e.message_zh());
    match e {
        TableError::Unreadable { .. } => io(en, zh),
        TableError::UnknownKind(_) => usage(en, zh),
        TableError::NoIdHeader { .. }
        | TableError::MissingColumn { .. }
        | TableError::ColumnMap { .. } => fatal(en, zh),
    }
}

/// Reads the rosters named on the command line, in argument order.
fn rosters(args: &Args<'_>, as_of: hengjie::date::Date) -> Result<Rosters, Fatal> {
    let map = match args.columns {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                io(
                    format!("{path}: cannot read the column map: {e}"),
                    format!("{path}:无法读取列映射文件:{e}"),
                )
            })?;
            ColumnMap::from_toml(&text, path).map_err(|e| table_fatal(&e))?
        }
        None => ColumnMap::new(),
    };
    let mut rosters = Rosters::new();
    let mut given: Vec<(RosterKind, &str)> = Vec::new();
    for spec in args.rosters {
        let Some((kind, path)) = spec.split_once('=') else {
            return Err(usage(
                format!("--roster `{spec}`: write KIND=PATH, e.g. school=school.xlsx"),
                format!("--roster `{spec}`:应写作 类型=路径,例如 school=school.xlsx"),
            ));
        };
        let kind = RosterKind::from_wire(kind)
            .ok_or_else(|| table_fatal(&TableError::UnknownKind(kind.to_owned())))?;
        given.push((kind, path));
    }
    // Each kind on its own thread (its files in argument order), merged in kind order.
    let read_kind = |kind: RosterKind| -> Result<Rosters, TableError> {
        let mut one = Rosters::new();
        for (_, path) in given.iter().filter(|(k, _)| *k == kind) {
            let bytes = std::fs::read(path).map_err(|e| TableError::Unreadable {
                file: (*path).to_owned(),
                reason: e.to_string(),
            })?;
            read_roster(&mut one, kind, path, &bytes, as_of, &map)?;
        }
        Ok(one)
    };
    let kinds: Vec<RosterKind> = RosterKind::ALL
        .into_iter()
        .filter(|k| given.iter().any(|(g, _)| g == k))
        .collect();
    let read: Vec<Result<Rosters, TableError>> = kinds.into_par_iter().map(read_kind).collect();
    for one in read {
        rosters.merge(one.map_err(|e| table_fatal(&e))?);
    }
    Ok(rosters)
}

/// Where the answer goes, as it comes.
enum Sink {
    Json(Vec<HouseholdOutcome>),
    Jsonl(BufWriter<Box<dyn Write>>),
    Csv {
        signals: CsvWriter<BufWriter<File>>,
        changes: CsvWriter<BufWriter<File>>,
    },
    Xlsx {
        path: String,
        signals: Vec<Signal>,
        changes: Vec<(String, Change)>,
    },
}

fn output(path: Option<&str>) -> Result<Box<dyn Write>, Fatal> {
    Ok(match path {
        Some(p) => Box::new(File::create(p).map_err(|e| {
            io(
                format!("{p}: cannot write the output: {e}"),
                format!("{p}:无法写出结果:{e}"),
            )
        })?),
        None => Box::new(io::stdout().lock()),
    })
}

impl Sink {
    fn new(format: Format, out: Option<&str>) -> Result<Sink, Fatal> {
        let need_out = || {
            usage(
                "--format csv and xlsx need --out PATH".to_owned(),
                "--format csv 与 xlsx 需要 --out 路径".to_owned(),
            )
        };
        Ok(match format {
            Format::Json => Sink::Json(Vec::new()),
            Format::Jsonl => Sink::Jsonl(BufWriter::new(output(out)?)),
            Format::Csv => {
                let path = out.ok_or_else(need_out)?;
                let changes_path = match path.strip_suffix(".csv") {
                    Some(stem) => format!("{stem}.changes.csv"),
                    None => format!("{path}.changes.csv"),
                };
                let create =
                    |p: &str, header: &[&str]| -> Result<CsvWriter<BufWriter<File>>, Fatal> {
                        let file = File::create(p).map_err(|e| {
                            io(
                                format!("{p}: cannot write the output: {e}"),
                                format!("{p}:无法写出结果:{e}"),
                            )
                        })?;
                        CsvWriter::new(BufWriter::new(file), header).map_err(|e| write_failed(&e))
                    };
                let signals = create(path, &SIGNAL_COLUMNS)?;
                let changes = create(&changes_path, &CHANGE_COLUMNS)?;
                Sink::Csv { signals, changes }
            }
            Format::Xlsx => Sink::Xlsx {
                path: out.ok_or_else(need_out)?.to_owned(),
                signals: Vec::new(),
                changes: Vec::new(),
            },
        })
    }

    fn household(&mut self, outcome: HouseholdOutcome) -> Result<(), Fatal> {
        if !outcome.listed() {
            return Ok(());
        }
        match self {
            Sink::Json(list) => list.push(outcome),
            Sink::Jsonl(out) => {
                writeln!(out, "{}", canonical_json(&outcome)).map_err(|e| write_failed(&e))?;
            }
            Sink::Csv { signals, changes } => {
                if let HouseholdOutcome::Compared {
                    household_id,
                    signals: list,
                    changes: diffs,
                } = &outcome
                {
                    for s in list {
                        signals.row(&signal_row(s)).map_err(|e| write_failed(&e))?;
                    }
                    for c in diffs.iter().flatten() {
                        changes
                            .row(&change_row(household_id, c))
                            .map_err(|e| write_failed(&e))?;
                    }
                }
            }
            Sink::Xlsx {
                signals, changes, ..
            } => {
                if let HouseholdOutcome::Compared {
                    household_id,
                    signals: list,
                    changes: diffs,
                } = outcome
                {
                    signals.extend(list);
                    changes.extend(
                        diffs
                            .into_iter()
                            .flatten()
                            .map(|c| (household_id.clone(), c)),
                    );
                }
            }
        }
        Ok(())
    }

    fn finish(self, tail: Tail, out: Option<&str>) -> Result<(), Fatal> {
        match self {
            Sink::Json(list) => {
                let mut w = output(out)?;
                writeln!(w, "{}", pretty_json(&Document::new(list, tail)))
                    .map_err(|e| write_failed(&e))?;
                w.flush().map_err(|e| write_failed(&e))
            }
            Sink::Jsonl(mut w) => {
                #[derive(Serialize)]
                struct SignalLine<'a> {
                    signal: &'a Signal,
                }
                #[derive(Serialize)]
                struct Last<'a> {
                    as_of: hengjie::date::Date,
                    provenance: &'a hengjie::Stamp,
                    rosters: &'a [hengjie::reconcile::RosterSummary],
                    parameters: &'a [hengjie::params::ParamRow],
                    warnings: &'a [hengjie::Warning],
                    summary: &'a Summary,
                }
                for s in tail.other_signals() {
                    writeln!(w, "{}", canonical_json(&SignalLine { signal: &s }))
                        .map_err(|e| write_failed(&e))?;
                }
                let last = Last {
                    as_of: tail.as_of,
                    provenance: &tail.provenance,
                    rosters: &tail.rosters,
                    parameters: &tail.parameters,
                    warnings: &tail.warnings,
                    summary: &tail.summary,
                };
                writeln!(w, "{}", canonical_json(&last)).map_err(|e| write_failed(&e))?;
                w.flush().map_err(|e| write_failed(&e))
            }
            Sink::Csv {
                mut signals,
                changes,
            } => {
                for s in tail.other_signals() {
                    signals.row(&signal_row(&s)).map_err(|e| write_failed(&e))?;
                }
                signals.finish().map_err(|e| write_failed(&e))?;
                changes.finish().map_err(|e| write_failed(&e))?;
                Ok(())
            }
            Sink::Xlsx {
                path,
                mut signals,
                changes,
            } => {
                signals.extend(tail.other_signals());
                let summary = hengjie_tables::write::summary_rows(&tail);
                let bytes = hengjie_tables::write::xlsx(&signals, &changes, &summary)
                    .map_err(|e| fatal(format!("{path}: {e}"), format!("{path}:{e}")))?;
                std::fs::write(&path, bytes).map_err(|e| {
                    io(
                        format!("{path}: cannot write the output: {e}"),
                        format!("{path}:无法写出结果:{e}"),
                    )
                })
            }
        }
    }
}

/// Runs the command.
pub fn run(args: &Args<'_>) -> Result<ExitCode, Fatal> {
    let as_of = as_of_flag(args.as_of)?;
    let policy = policy(args.params)?;
    let rosters = rosters(args, as_of)?;
    let mut reconciler = Reconciler::new(&policy, as_of, rosters)?;
    // The households' input before the output is opened: a table that cannot be used stops the
    // command with nothing written.
    let shape = match args.tables {
        Some(tables) => Shape::Array(crate::commands::table_records(args.households, tables)?),
        None => input::detect(open(args.households)?, None).map_err(|e| read_failed(&e))?,
    };
    let mut sink = Sink::new(args.format, args.out)?;
    let mut summary = Summary::default();
    // `lines`: each record's input line (JSON Lines only), written on a failed household.
    let mut step = |records: Vec<input::Record>,
                    lines: Vec<Option<usize>>,
                    reconciler: &mut Reconciler<'_>,
                    sink: &mut Sink|
     -> Result<(), Fatal> {
        // Validation on every core; the claims on id numbers in input order; then comparison
        // on every core again.
        let shared: &Reconciler<'_> = reconciler;
        let validated: Vec<_> = records
            .into_par_iter()
            .map(|r| match r {
                Ok(parsed) => shared.validate_parsed(&parsed),
                Err((errors, id)) => Err(hengjie::reconcile::Prepared::Failed {
                    household_id: id,
                    errors,
                }),
            })
            .collect();
        let prepared: Vec<_> = validated
            .into_iter()
            .map(|v| match v {
                Ok(household) => reconciler.prepare_checked(household),
                Err(failed) => failed,
            })
            .collect();
        let shared: &Reconciler<'_> = reconciler;
        // JSON Lines text is made on every core too.
        let as_text = matches!(sink, Sink::Jsonl(_));
        let outcomes: Vec<(HouseholdOutcome, Option<String>)> = prepared
            .into_par_iter()
            .zip(lines)
            .map(|(p, at)| {
                let mut outcome = shared.compare(p);
                if let HouseholdOutcome::Failed { line, .. } = &mut outcome {
                    *line = at;
                }
                let text = (as_text && outcome.listed()).then(|| canonical_json(&outcome));
                (outcome, text)
            })
            .collect();
        for (outcome, text) in outcomes {
            summary.add(&outcome);
            match (text, &mut *sink) {
                (Some(text), Sink::Jsonl(out)) => {
                    writeln!(out, "{text}").map_err(|e| write_failed(&e))?;
                }
                _ => sink.household(outcome)?,
            }
        }
        Ok(())
    };
    match shape {
        Shape::Single(record) => step(vec![record], vec![None], &mut reconciler, &mut sink)?,
        Shape::Array(items) => {
            let lines = vec![None; items.len()];
            step(items, lines, &mut reconciler, &mut sink)?;
        }
        Shape::Lines(first, mut rest) => {
            let mut chunk: Vec<input::Line> = first;
            while crate::commands::fill_chunk(&mut chunk, &mut rest, LINES_PER_CHUNK)? {
                let records: Vec<input::Record> = chunk
                    .par_iter()
                    .map(|line| input::record(&line.text))
                    .collect();
                let lines = chunk.iter().map(|line| Some(line.number)).collect();
                step(records, lines, &mut reconciler, &mut sink)?;
                chunk.clear();
            }
        }
    }
    let failed = summary.failed;
    let tail = reconciler.finish(summary);
    sink.finish(tail, args.out)?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
