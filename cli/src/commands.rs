//! The subcommands, their output and their exit statuses.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

use hengjie::api::{self, parse_as_of};
use hengjie::date::Date;
use hengjie::{Assessment, ErrorCode, ErrorDetail, Errors, Policy, canonical_json, pretty_json};
use serde::Serialize;

use crate::input::{self, Record, Shape};
use crate::table;

/// A failure that stops the command before any output: exit status 2, errors on stderr.
#[derive(Debug)]
pub struct Fatal(Errors);

impl Fatal {
    /// Prints `{"errors": [...]}` on stderr and gives exit status 2.
    pub fn report(self) -> ExitCode {
        #[derive(Serialize)]
        struct Wrapper<'a> {
            errors: &'a Errors,
        }
        eprintln!("{}", canonical_json(&Wrapper { errors: &self.0 }));
        ExitCode::from(2)
    }
}

impl From<Errors> for Fatal {
    fn from(errors: Errors) -> Self {
        Fatal(errors)
    }
}

fn io_fatal(what_en: &str, what_zh: &str, e: &io::Error) -> Fatal {
    Fatal(Errors::one(ErrorDetail::new(
        ErrorCode::InvalidValue,
        "",
        format!("{what_en}: {e}"),
        format!("{what_zh}:{e}"),
    )))
}

/// A bad command line: exit status 2 with the usage message.
pub fn usage_error(message: &str) -> ExitCode {
    let first = message
        .lines()
        .next()
        .unwrap_or(message)
        .trim_start_matches("error: ");
    Fatal(Errors::one(ErrorDetail::new(
        ErrorCode::InvalidValue,
        "",
        format!("bad command line: {first}"),
        format!("命令行参数有误:{first}"),
    )))
    .report()
}

fn policy(layer: Option<&str>) -> Result<Policy, Fatal> {
    let policy = Policy::default();
    match layer {
        Some(path) => Ok(policy.with_layer_file(std::path::Path::new(path))?),
        None => Ok(policy),
    }
}

fn open(file: Option<&str>) -> Result<Box<dyn BufRead>, Fatal> {
    match file {
        None | Some("-") => Ok(Box::new(BufReader::new(io::stdin().lock()))),
        Some(path) => File::open(path)
            .map(|f| Box::new(BufReader::with_capacity(1 << 16, f)) as Box<dyn BufRead>)
            .map_err(|e| {
                io_fatal(
                    &format!("cannot read `{path}`"),
                    &format!("无法读取 `{path}`"),
                    &e,
                )
            }),
    }
}

fn write_failed(e: &io::Error) -> Fatal {
    io_fatal("cannot write the output", "无法写出结果", e)
}

/// What one record became: its assessment, or the error wrapper printed in its place.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Outcome {
    Assessed(Box<Assessment>),
    Failed {
        household_id: Option<String>,
        errors: Errors,
    },
}

impl Outcome {
    fn ok(&self) -> bool {
        matches!(self, Outcome::Assessed(_))
    }
}

fn assess_record(record: Record, as_of: Date, policy: &Policy) -> Outcome {
    match record {
        Err((errors, household_id)) => Outcome::Failed {
            household_id,
            errors,
        },
        Ok(value) => match api::assess_value(&value, as_of, policy) {
            Ok(a) => Outcome::Assessed(Box::new(a)),
            Err(e) => Outcome::Failed {
                household_id: input::id_of(&value),
                errors: e.errors().clone(),
            },
        },
    }
}

/// Where outcomes go: JSON on stdout as they come, or rows of a table printed at the end.
struct Sink {
    out: BufWriter<io::StdoutLock<'static>>,
    table: Option<Vec<table::Row>>,
    all_ok: bool,
}

impl Sink {
    fn emit(&mut self, outcome: &Outcome, pretty: bool) -> Result<(), Fatal> {
        self.all_ok &= outcome.ok();
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

/// `hengjie assess`.
pub fn assess(
    file: Option<&str>,
    as_of: &str,
    layer: Option<&str>,
    as_table: bool,
) -> Result<ExitCode, Fatal> {
    let as_of = parse_as_of(as_of)?;
    let policy = policy(layer)?;
    policy.resolve(as_of)?;
    let reader = open(file)?;
    let shape = input::detect(reader).map_err(|e| read_failed(&e))?;
    let mut sink = Sink {
        out: BufWriter::new(io::stdout().lock()),
        table: as_table.then(Vec::new),
        all_ok: true,
    };
    match shape {
        Shape::Single(record) => sink.emit(&assess_record(record, as_of, &policy), true)?,
        Shape::Array(records) => {
            let outcomes: Vec<Outcome> = records
                .into_iter()
                .map(|r| assess_record(r, as_of, &policy))
                .collect();
            if as_table {
                for o in &outcomes {
                    sink.emit(o, true)?;
                }
            } else {
                sink.all_ok = outcomes.iter().all(Outcome::ok);
                writeln!(sink.out, "{}", pretty_json(&outcomes)).map_err(|e| write_failed(&e))?;
            }
        }
        Shape::Lines(first, mut rest) => {
            for line in first {
                sink.emit(&assess_record(input::record(&line), as_of, &policy), false)?;
            }
            while let Some(line) = input::next_line(&mut rest).map_err(|e| read_failed(&e))? {
                sink.emit(&assess_record(input::record(&line), as_of, &policy), false)?;
            }
        }
    }
    if let Some(rows) = &sink.table {
        write!(sink.out, "{}", table::render(rows, as_of)).map_err(|e| write_failed(&e))?;
    }
    sink.out.flush().map_err(|e| write_failed(&e))?;
    Ok(if sink.all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn read_failed(e: &io::Error) -> Fatal {
    io_fatal("cannot read the input", "无法读取输入", e)
}

/// `hengjie validate`.
pub fn validate(file: Option<&str>, as_of: Option<&str>) -> Result<ExitCode, Fatal> {
    let as_of = match as_of {
        Some(text) => parse_as_of(text)?,
        None => today_in_china(),
    };
    let reader = open(file)?;
    let shape = input::detect(reader).map_err(|e| read_failed(&e))?;
    let check = |record: Record| -> Errors {
        match record {
            Err((errors, _)) => errors,
            Ok(value) => api::validate_value(&value, as_of),
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
            let mut line_out =
                |line: &str, out: &mut BufWriter<io::StdoutLock<'_>>| -> Result<(), Fatal> {
                    let errors = check(input::record(line));
                    all_ok &= errors.is_empty();
                    writeln!(out, "{}", canonical_json(&errors)).map_err(|e| write_failed(&e))
                };
            for line in first {
                line_out(&line, &mut out)?;
            }
            while let Some(line) = input::next_line(&mut rest).map_err(|e| read_failed(&e))? {
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

/// `hengjie params`.
pub fn params(as_of: Option<&str>, layer: Option<&str>) -> Result<ExitCode, Fatal> {
    let as_of = as_of.map(parse_as_of).transpose()?;
    let policy = policy(layer)?;
    let rows = match as_of {
        Some(date) => policy.rows_on(date)?,
        None => policy.rows(),
    };
    let mut out = io::stdout().lock();
    writeln!(out, "{}", pretty_json(&rows)).map_err(|e| write_failed(&e))?;
    Ok(ExitCode::SUCCESS)
}

/// Today's date in China Standard Time (UTC+8).
fn today_in_china() -> Date {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}
