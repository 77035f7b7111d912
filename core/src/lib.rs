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
//! assert_eq!(assessment.dibao.monthly_benefit.to_string(), "23.33"); // (440 × 12 − 5000) / 12
//! assert_eq!(assessment.monitoring.category.map(|c| c.as_str()), Some("marginal"));
//! ```

pub mod api;
pub mod assessment;
pub mod date;
pub mod error;
pub mod explain;
pub mod indicators;
pub mod ledger;
pub mod margins;
pub mod model;
pub mod money;
pub mod params;
pub mod reconcile;
pub mod rules;
pub mod validate;
pub mod village;

pub use assessment::{Assessment, canonical_json, pretty_json};

/// The README's Rust example, compiled and run as a doctest.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
pub use error::{Error, ErrorCode, ErrorDetail, Errors};
pub use model::Household;
pub use money::Money;
pub use params::{Layer, Param, Policy};
pub use validate::parse_household;
