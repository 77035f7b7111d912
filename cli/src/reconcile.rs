//! `hengjie reconcile`: department rosters against the households
//! (docs/reconcile.md#command-line). Rosters are read first (hengjie-tables); households stream through the core's
//! [`Reconciler`] in chunks: parsed and compared on every core, matched in input order.

use std::convert::identity;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use hengjie::reconcile::{
    Change, Document, HouseholdOutcome, Prepared, Reconciler, RosterKind, Rosters, Signal, Summary,
    Tail,
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

/// Households per chunk: enough to keep both cores busy between the chunk's in-order step.
const LINES_PER_CHUNK: usize = 2048;

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
    // The largest first, so that no core is left with a large one at the end.
    let size = |kind: RosterKind| -> u64 {
        given
            .iter()
            .filter(|(k, _)| *k == kind)
            .filter_map(|(_, path)| std::fs::metadata(path).ok())
            .map(|m| m.len())
            .sum()
    };
    let mut kinds: Vec<(u64, RosterKind)> = RosterKind::ALL
        .into_iter()
        .filter(|k| given.iter().any(|(g, _)| g == k))
        .map(|k| (size(k), k))
        .collect();
    kinds.sort_by_key(|(bytes, kind)| (std::cmp::Reverse(*bytes), *kind));
    // One thread a core, each taking the next kind in that order when it is free.
    let next = AtomicUsize::new(0);
    let workers = rayon::current_num_threads().clamp(1, kinds.len().max(1));
    let mut read: Vec<(RosterKind, Result<Rosters, TableError>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    while let Some((_, kind)) = kinds.get(next.fetch_add(1, Ordering::Relaxed)) {
                        mine.push((*kind, read_kind(*kind)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    read.sort_by_key(|(kind, _)| *kind);
    for (_, one) in read {
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

/// A household's outcome, with its JSON Lines text when that is the output (made where the
/// household was compared).
type Compared = (HouseholdOutcome, Option<String>);

/// One chunk of households, each with its input line (JSON Lines only, written on a failed
/// household): read and validated on every core, matched in input order (the claims on id
/// numbers), then compared on every core.
fn chunk<T: Send>(
    reconciler: &mut Reconciler<'_>,
    items: Vec<(T, Option<usize>)>,
    read: impl Fn(T) -> input::Record + Sync,
    as_text: bool,
) -> Vec<Compared> {
    let validator = reconciler.validator();
    let validated: Vec<_> = items
        .into_par_iter()
        .map(|(item, line)| {
            let checked = match read(item) {
                Ok(parsed) => validator.validate_parsed(&parsed),
                Err((errors, id)) => Err(Prepared::Failed {
                    household_id: id,
                    errors,
                }),
            };
            (checked, line)
        })
        .collect();
    let prepared: Vec<_> = validated
        .into_iter()
        .map(|(v, line)| {
            let p = match v {
                Ok(household) => reconciler.prepare_checked(household),
                Err(failed) => failed,
            };
            (p, line)
        })
        .collect();
    let shared: &Reconciler<'_> = reconciler;
    prepared
        .into_par_iter()
        .map(|(p, at)| {
            let mut outcome = shared.compare(p);
            if let HouseholdOutcome::Failed { line, .. } = &mut outcome {
                *line = at;
            }
            let text = (as_text && outcome.listed()).then(|| canonical_json(&outcome));
            (outcome, text)
        })
        .collect()
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
    let as_text = matches!(sink, Sink::Jsonl(_));
    let mut emit = |outcomes: Vec<Compared>, sink: &mut Sink| -> Result<(), Fatal> {
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
        Shape::Single(record) => {
            let out = chunk(&mut reconciler, vec![(record, None)], identity, as_text);
            emit(out, &mut sink)?;
        }
        Shape::Array(items) => {
            let items = items.into_iter().map(|r| (r, None)).collect();
            emit(chunk(&mut reconciler, items, identity, as_text), &mut sink)?;
        }
        Shape::Lines(first, rest) => {
            // This thread reads the lines and writes the answers; a second one takes the
            // chunks in order through `chunk`, so reading and writing overlap the comparison.
            std::thread::scope(|scope| -> Result<(), Fatal> {
                let (to_worker, chunks) = mpsc::sync_channel::<Vec<input::Line>>(2);
                let (to_writer, answers) = mpsc::channel::<Vec<Compared>>();
                let reconciler = &mut reconciler;
                scope.spawn(move || {
                    for lines in chunks {
                        let lines = lines
                            .into_iter()
                            .map(|line| {
                                let number = line.number;
                                (line, Some(number))
                            })
                            .collect();
                        // `Line::record`, as `assess` reads a line: one longer than the splitter
                        // keeps is `too_large` (its text is empty, not malformed JSON).
                        let out = chunk(reconciler, lines, |line| line.record(), as_text);
                        if to_writer.send(out).is_err() {
                            break;
                        }
                    }
                });
                let mut lines = first;
                let mut rest = rest;
                // A read error ends the input; the chunks before it are still written.
                let mut failed = None;
                loop {
                    while lines.len() < LINES_PER_CHUNK {
                        match rest.next_line() {
                            Ok(Some(line)) => lines.push(line),
                            Ok(None) => break,
                            Err(e) => {
                                failed = Some(read_failed(&e));
                                break;
                            }
                        }
                    }
                    if lines.is_empty() || failed.is_some() {
                        break;
                    }
                    let full = lines.len() == LINES_PER_CHUNK;
                    if to_worker.send(std::mem::take(&mut lines)).is_err() {
                        break;
                    }
                    while let Ok(out) = answers.try_recv() {
                        emit(out, &mut sink)?;
                    }
                    if !full {
                        break;
                    }
                }
                drop(to_worker);
                for out in answers {
                    emit(out, &mut sink)?;
                }
                failed.map_or(Ok(()), Err)
            })?;
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
