//! # hengjie (衔接)
//!
//! The rules of 阳发〔2021〕30号 — how Yanghe Industrial New District (Liuzhou, Guangxi)
//! consolidates poverty-alleviation results in the 2021–2025 transition period — as typed,
//! tested functions. One household in, one assessment out: every decision with its reason, the
//! clause it rests on, and the dated parameters it read.
//!
//! ```
//! use hengjie::{Policy, api};
//!
//! let household = r#"{"id": "HH-1", "poverty_alleviated": false,
//!   "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full", "medical_insured": true}],
//!   "income": {"wages": "5000"}}"#;
//! let as_of = api::parse_as_of("2023-06-30").unwrap();
//! let assessment = api::assess_json_str(household, as_of, &Policy::default()).unwrap();
//! assert_eq!(assessment.dibao.monthly_benefit.to_string(), "83.33"); // (500 × 12 − 5000) / 12
//! assert_eq!(assessment.monitoring.category.map(|c| c.as_str()), Some("marginal"));
//! ```

pub mod api;
mod assessment;
mod canonical;
mod compare;
pub mod date;
pub mod error;
mod explain;
pub mod fast_json;
pub mod indicators;
pub mod json;
pub mod labels;
pub mod ledger;
pub mod limits;
pub mod lines;
mod margins;
pub mod model;
pub mod money;
pub mod normalize;
pub mod outputs;
pub mod params;
pub mod reconcile;
pub mod rules;
mod summary;
pub mod validate;
pub mod village;
mod wire;
pub use wire::{name_of as wire_name, text_of};

pub use assessment::{Assessment, Stamp, canonical_json, pretty_json, write_canonical_json};

/// The engine's version, as `provenance.engine` names it: this crate's version.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The version of the specification (docs/rules/, docs/contract.md) the rules implement, as
/// `provenance.rules` names it.
pub const RULES_VERSION: &str = "1.3";

/// The README's Rust example, compiled and run as a doctest.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
pub use api::{Assessor, Checked, RunHeader};
pub use assessment::{CoverageGap, GapCode, MemberAssessment};
/// The string type of the ids an assessment carries (`household_id`, `person_id`, borrowers):
/// an id of up to 24 bytes is held inline, so copying it from the input allocates nothing. It
/// derefs to `str` and writes as a JSON string.
pub use compact_str::CompactString;
pub use compare::{Change, HouseholdChanges};
pub use date::Date;
pub use error::{Error, ErrorCode, ErrorDetail, ErrorParams, Errors};
pub use explain::{Explain, Reason, ReasonDoc, ReasonSet, Rule, Values, Warning, WarningCode};
pub use margins::{Margin, MarginDecision, MarginUnit};
pub use model::{Household, Member};
pub use money::Money;
pub use outputs::{Output, Outputs};
pub use params::{Layer, LayerStamp, Param, ParamRow, Policy, PolicyStamp, Provenance};
/// The dibao status (`eligible` | `gradual_exit` | `not_eligible`).
pub use rules::dibao::DibaoStatus;
/// The housing-safety status (docs/rules/housing.md).
pub use rules::housing::HousingStatus;
/// The small-loan status (`eligible` | `not_eligible` | `not_in_force`).
pub use rules::small_loan::LoanStatus;
pub use validate::parse_household;
pub use village::{FarmlandAssessment, VillageAssessment};
