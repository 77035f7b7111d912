//! Records judged one line at a time, in parallel chunks, in input order: the JSON Lines engine
//! of the CLI's `assess`/`village`/`farmland` and of the HTTP service's NDJSON streams (one
//! engine, so both doors give the same bytes for the same line).
//!
//! Only input handling and output shape live here; every decision is the core's
//! ([`crate::api::Assessor`], [`crate::village`]).

use serde::Serialize;
use serde_json::Value;

use crate::api::Assessor;
use crate::assessment::{Assessment, canonical_json};
use crate::date::Date;
use crate::error::Errors;
use crate::params::Policy;
use crate::validate::parse_json_text;
use crate::village::{self, FarmlandAssessment, VillageAssessment};

/// JSON Lines are judged this many at a time, in parallel.
pub const LINES_PER_CHUNK: usize = 256;

/// One record: a JSON value within the limits, or the errors that stop it, with its id if
/// it has a usable one.
pub type Record = Result<Value, (Errors, Option<String>)>;

/// Parses one record's text with the document limits.
pub fn record(text: &str) -> Record {
    parse_json_text(text).map_err(|errors| (errors, id_of_text(text)))
}

/// The record's `id` when it is a string of 1–64 characters.
pub fn id_of(value: &Value) -> Option<String> {
    value
        .get("id")
        .and_then(Value::as_str)
        .filter(|s| (1..=64).contains(&s.chars().count()))
        .map(str::to_owned)
}

/// The id of a record whose text could not be taken as a document (too large, too deep):
/// it is still read when the text is JSON.
fn id_of_text(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct IdOnly {
        id: Option<Value>,
    }
    let parsed: IdOnly = serde_json::from_str(text).ok()?;
    parsed
        .id
        .as_ref()
        .and_then(Value::as_str)
        .filter(|s| (1..=64).contains(&s.chars().count()))
        .map(str::to_owned)
}

/// What one record became: its result, or the error wrapper printed in its place
/// (`{"household_id"|"village_id"|"project_id": …, "errors": [...]}`).
#[derive(Debug)]
pub enum Outcome {
    Assessed(Box<Assessment>),
    Village(VillageAssessment),
    Farmland(FarmlandAssessment),
    Failed {
        key: &'static str,
        id: Option<String>,
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
            Outcome::Failed { key, id, errors } => {
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry(key, id)?;
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

    /// Judges one record.
    pub fn run(&self, record: Record) -> Outcome {
        let key = self.id_key();
        let value = match record {
            Err((errors, id)) => return Outcome::Failed { key, id, errors },
            Ok(value) => value,
        };
        let failed = |errors: Errors| Outcome::Failed {
            key,
            id: id_of(&value),
            errors,
        };
        match self {
            Job::Household(assessor) => match assessor.assess_value(&value) {
                Ok(a) => Outcome::Assessed(Box::new(a)),
                Err(errors) => failed(errors),
            },
            Job::Village { as_of, policy } => {
                match village::assess_village_value(&value, *as_of, policy) {
                    Ok(v) => Outcome::Village(v),
                    Err(e) => failed(e.errors().clone()),
                }
            }
            Job::Farmland => match village::check_farmland_value(&value) {
                Ok(f) => Outcome::Farmland(f),
                Err(errors) => failed(errors),
            },
        }
    }

    /// Judges a chunk of lines on every core (rayon), each with its canonical JSON when
    /// `as_text`, in input order.
    #[cfg(feature = "parallel")]
    pub fn judge<L: AsRef<str> + Sync>(
        &self,
        lines: &[L],
        as_text: bool,
    ) -> Vec<(Outcome, Option<String>)> {
        use rayon::prelude::*;
        lines
            .par_iter()
            .map(|line| {
                let outcome = self.run(record(line.as_ref()));
                let text = as_text.then(|| canonical_json(&outcome));
                (outcome, text)
            })
            .collect()
    }
}
