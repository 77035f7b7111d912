//! The assessment (output) of docs/contract.md, in its key order.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::explain::{Reason, Warning};
use crate::margins::Margin;
use crate::money::Money;
use crate::params::{ParamRow, PolicyStamp};
use crate::rules::assistance_approach::Approach;
use crate::rules::children::ChildSupport;
use crate::rules::dibao::Dibao;
use crate::rules::employment::PublicWelfarePost;
use crate::rules::housing::Housing;
use crate::rules::low_income::LowIncome;
use crate::rules::medical::{MedicalSubsidy, TripleGuarantee};
use crate::rules::monitoring::Monitoring;
use crate::rules::pension::Pension;
use crate::rules::small_loan::SmallLoan;
use crate::rules::tekun::Tekun;
use crate::rules::temporary_assistance::TemporaryAssistance;
use crate::rules::transition::Transition;

/// Everything hengjie decides for one household on one date, with the reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Assessment {
    pub household_id: String,
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date", "pattern" = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))]
    pub as_of: Date,
    pub jurisdiction: String,
    /// What produced the assessment: engine, rules and parameter layers
    /// (docs/contract.md#provenance).
    // One stamp, built with the policy, shared by every assessment made under it.
    pub provenance: Arc<Stamp>,
    pub transition: Transition,
    pub monitoring: Monitoring,
    pub assistance_approach: Option<Approach>,
    pub dibao: Dibao,
    pub temporary_assistance: TemporaryAssistance,
    pub small_loan: SmallLoan,
    /// §15 the low-income population.
    pub low_income: LowIncome,
    /// §16 housing safety.
    pub housing: Housing,
    pub members: Vec<MemberAssessment>,
    pub coverage_gaps: Vec<CoverageGap>,
    /// How far each threshold decision is from flipping (an addition to docs/contract.md:
    /// docs/margins.md).
    pub margins: Vec<Margin>,
    pub reasons: Vec<Reason>,
    pub parameters: Vec<ParamRow>,
    pub warnings: Vec<Warning>,
    /// The input's `poverty_alleviated` (for population indicators; not part of the output).
    #[serde(skip)]
    pub poverty_alleviated: bool,
    /// Whether the input had `monitoring` (for population indicators; not part of the output).
    #[serde(skip)]
    pub on_monitoring_roll: bool,
    /// `net` of docs/rules/conventions.md#household-amounts (for the income-growth indicator, §21;
    /// not part of the output).
    #[serde(skip)]
    pub net_income: rust_decimal::Decimal,
    /// The input's `previous_year_income` (for §21; not part of the output).
    #[serde(skip)]
    pub previous_year_income: Option<rust_decimal::Decimal>,
}

/// The provenance stamp of an assessment (docs/contract.md#provenance): the engine's version,
/// the version of the rules it implements, and the policy's layers with their digests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[serde(deny_unknown_fields)]
pub struct Stamp {
    /// The `hengjie` crate's version ([`crate::ENGINE_VERSION`]).
    pub engine: String,
    /// The spec version the rules implement ([`crate::RULES_VERSION`]).
    pub rules: String,
    /// The parameter layers, bottom to top, and the digest of every value in effect.
    pub policy: PolicyStamp,
}

impl Stamp {
    /// The stamp of assessments made under `policy` (its digests were computed when it was
    /// built).
    pub fn of(policy: &crate::Policy) -> Arc<Self> {
        Arc::clone(policy.provenance())
    }

    /// The stamp of a policy's layers and digest, made once when the policy is built.
    pub(crate) fn new(policy: PolicyStamp) -> Arc<Self> {
        Arc::new(Stamp {
            engine: crate::ENGINE_VERSION.to_owned(),
            rules: crate::RULES_VERSION.to_owned(),
            policy,
        })
    }
}

/// The per-member part of an assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct MemberAssessment {
    pub person_id: String,
    pub age: u32,
    pub tekun: Tekun,
    pub disability_living_subsidy_monthly: Money,
    pub disability_care_subsidy_monthly: Money,
    pub child_rehabilitation: bool,
    pub medical_subsidy: MedicalSubsidy,
    pub pension: Option<Pension>,
    pub dropout_alert: bool,
    pub vocational_subsidy_annual: Money,
    pub undergraduate_aid: bool,
    pub nutrition_plan: bool,
    pub student_aid: bool,
    pub job_info_push: bool,
    pub training_info_push: bool,
    pub public_welfare_post: PublicWelfarePost,
    /// §18 work relief (以工代赈).
    pub work_relief_priority: bool,
    pub triple_guarantee: Option<TripleGuarantee>,
    /// §17 children in difficulty.
    pub child_support: Option<ChildSupport>,
    /// §19 care visits.
    pub care_visits: bool,
}

/// A support the household or a member is owed and does not receive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct CoverageGap {
    pub code: GapCode,
    pub person_id: Option<String>,
}

/// Coverage gap codes, in their fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum GapCode {
    /// Dibao-eligible and not on dibao (§3).
    DibaoNotCovered,
    /// A member eligible as 特困 and not supported as such (§4).
    TekunNotCovered,
    /// A member with a pension proxy basis who is not enrolled in the pension insurance (§8).
    PensionNotInsured,
}

impl Assessment {
    /// Canonical JSON (docs/contract.md#canonical-json), without the trailing newline.
    pub fn to_canonical_json(&self) -> String {
        canonical_json(self)
    }
}

/// Canonical JSON of any output value: keys in declaration order, no insignificant whitespace,
/// non-ASCII written as itself. Without the trailing newline.
pub fn canonical_json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serialising these output types cannot fail: every map key is a string.
    crate::canonical::to_string(value).unwrap_or_default()
}

/// [`canonical_json`] appended to a buffer, the same bytes: for a writer of many records, which
/// then needs no text of its own for each.
pub fn write_canonical_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    // As above, serialising these output types cannot fail; on an error nothing is appended.
    let _ = crate::canonical::write(out, value);
}

/// Pretty JSON with 2-space indentation, as the CLI prints a single document.
pub fn pretty_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}
