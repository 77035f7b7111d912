//! The assessment (output) of docs/contract.md, in its key order.

use std::sync::Arc;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::explain::{Reason, Warning};
use crate::margins::Margin;
use crate::money::Money;
use crate::outputs::{Output, Outputs};
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
// (Not in the doc comment, which the generated schema carries:) an assessment made with an
// `outputs` selection (`Assessor::outputs`) writes only the identifying fields, the selected
// outputs and the explanation of the rules that ran (docs/rust.md#outputs); its other fields hold
// values no rule decided and are never written.
// `remote = "Self"`: the derived (de)serialisers become `Assessment::serialize`/`deserialize`, and
// the `Serialize` impl below writes a selection's fields only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(remote = "Self")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Assessment {
    // An id up to 24 bytes is held inline: copying it from the input allocates nothing.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub household_id: CompactString,
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date", "pattern" = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))]
    #[serde(serialize_with = "crate::date::serialize_iso")]
    pub as_of: Date,
    // The policy's, shared by every assessment made under it.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub jurisdiction: Arc<str>,
    /// What produced the assessment: engine, rules and parameter layers
    /// (docs/contract.md#provenance).
    // One stamp, built with the policy, shared by every assessment made under it.
    #[serde(serialize_with = "serialize_stamp")]
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
    #[serde(serialize_with = "crate::params::serialize_rows")]
    pub parameters: Vec<ParamRow>,
    #[serde(serialize_with = "crate::explain::serialize_warnings")]
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
    /// The outputs asked for (every output unless a selection was made); only these are written.
    #[serde(skip)]
    pub outputs: Outputs,
}

impl Serialize for Assessment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.outputs.is_all() {
            Assessment::serialize(self, serializer)
        } else {
            Selected(self).serialize(serializer)
        }
    }
}

/// The `provenance` field. Every assessment made under a policy shares its stamp: each thread
/// keeps the canonical text of the last stamp it wrote (and the stamp, so that its address is not
/// another's), and the canonical writer takes that text whole; every other serializer gets the
/// stamp field by field.
fn serialize_stamp<S: serde::Serializer>(
    stamp: &Arc<Stamp>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(Arc<Stamp>, String)>> =
            const { std::cell::RefCell::new(None) };
    }
    if !crate::canonical::writing() {
        return stamp.serialize(serializer);
    }
    LAST.with_borrow_mut(|last| {
        let kept = match last.take() {
            Some((kept, text)) if Arc::ptr_eq(&kept, stamp) => (kept, text),
            _ => {
                let text = crate::canonical::outside(|| serde_json::to_string(&**stamp));
                match text {
                    Ok(text) => (Arc::clone(stamp), text),
                    Err(_) => return stamp.serialize(serializer),
                }
            }
        };
        let result = crate::canonical::raw(serializer, &kept.1);
        *last = Some(kept);
        result
    })
}

/// [`serialize_stamp`] as a value.
struct StampField<'a>(&'a Arc<Stamp>);

impl Serialize for StampField<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_stamp(self.0, serializer)
    }
}

/// [`crate::date::serialize_iso`] as a value.
struct IsoDate(Date);

impl Serialize for IsoDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::date::serialize_iso(&self.0, serializer)
    }
}

/// [`crate::params::serialize_rows`] as a value.
struct RowsField<'a>(&'a [ParamRow]);

impl Serialize for RowsField<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::params::serialize_rows(self.0, serializer)
    }
}

/// [`crate::explain::serialize_warnings`] as a value.
struct WarningsField<'a>(&'a [Warning]);

impl Serialize for WarningsField<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::explain::serialize_warnings(self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for Assessment {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Assessment::deserialize(deserializer)
    }
}

/// An assessment with a selection, as it is written: `household_id`, `as_of`, `jurisdiction`,
/// `provenance`, the selected household outputs, `members` (each `person_id`, `age` and the
/// selected member outputs) when a member output is selected, `coverage_gaps` and `margins` when
/// selected, then `reasons`, `parameters` and `warnings` — all in the order of the full output.
struct Selected<'a>(&'a Assessment);

impl Serialize for Selected<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let a = self.0;
        let on = |o: Output| a.outputs.contains(o);
        // serde_json writes `{}` at once for a length of 0: count the fields written.
        let household = a
            .outputs
            .iter()
            .filter(|o| !matches!(o, Output::CoverageGaps | Output::Margins))
            .filter(|o| o.row().place == crate::outputs::Place::Household)
            .count();
        let derived = [Output::CoverageGaps, Output::Margins]
            .into_iter()
            .filter(|o| on(*o))
            .count();
        let len = 4 + household + usize::from(a.outputs.any_member()) + derived + 3;
        let mut s = serializer.serialize_struct("Assessment", len)?;
        s.serialize_field("household_id", &a.household_id)?;
        s.serialize_field("as_of", &IsoDate(a.as_of))?;
        s.serialize_field("jurisdiction", &a.jurisdiction)?;
        s.serialize_field("provenance", &StampField(&a.provenance))?;
        if on(Output::Transition) {
            s.serialize_field("transition", &a.transition)?;
        }
        if on(Output::Monitoring) {
            s.serialize_field("monitoring", &a.monitoring)?;
        }
        if on(Output::AssistanceApproach) {
            s.serialize_field("assistance_approach", &a.assistance_approach)?;
        }
        if on(Output::Dibao) {
            s.serialize_field("dibao", &a.dibao)?;
        }
        if on(Output::TemporaryAssistance) {
            s.serialize_field("temporary_assistance", &a.temporary_assistance)?;
        }
        if on(Output::SmallLoan) {
            s.serialize_field("small_loan", &a.small_loan)?;
        }
        if on(Output::LowIncome) {
            s.serialize_field("low_income", &a.low_income)?;
        }
        if on(Output::Housing) {
            s.serialize_field("housing", &a.housing)?;
        }
        if a.outputs.any_member() {
            let members: Vec<SelectedMember<'_>> = a
                .members
                .iter()
                .map(|m| SelectedMember(m, a.outputs))
                .collect();
            s.serialize_field("members", &members)?;
        }
        if on(Output::CoverageGaps) {
            s.serialize_field("coverage_gaps", &a.coverage_gaps)?;
        }
        if on(Output::Margins) {
            s.serialize_field("margins", &a.margins)?;
        }
        s.serialize_field("reasons", &a.reasons)?;
        s.serialize_field("parameters", &RowsField(&a.parameters))?;
        s.serialize_field("warnings", &WarningsField(&a.warnings))?;
        s.end()
    }
}

/// A member of an assessment with a selection: `person_id`, `age`, then the selected member
/// outputs' fields in the order of the full output.
struct SelectedMember<'a>(&'a MemberAssessment, Outputs);

impl Serialize for SelectedMember<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (m, outputs) = (self.0, self.1);
        let on = |o: Output| outputs.contains(o);
        let len = 2 + outputs
            .iter()
            .filter(|o| o.row().place == crate::outputs::Place::Member)
            .map(|o| o.row().keys.len())
            .sum::<usize>();
        let mut s = serializer.serialize_struct("MemberAssessment", len)?;
        s.serialize_field("person_id", &m.person_id)?;
        s.serialize_field("age", &m.age)?;
        if on(Output::Tekun) {
            s.serialize_field("tekun", &m.tekun)?;
        }
        if on(Output::Disability) {
            s.serialize_field(
                "disability_living_subsidy_monthly",
                &m.disability_living_subsidy_monthly,
            )?;
            s.serialize_field(
                "disability_care_subsidy_monthly",
                &m.disability_care_subsidy_monthly,
            )?;
            s.serialize_field("child_rehabilitation", &m.child_rehabilitation)?;
        }
        if on(Output::Medical) {
            s.serialize_field("medical_subsidy", &m.medical_subsidy)?;
        }
        if on(Output::Pension) {
            s.serialize_field("pension", &m.pension)?;
        }
        if on(Output::Education) {
            s.serialize_field("dropout_alert", &m.dropout_alert)?;
            s.serialize_field("vocational_subsidy_annual", &m.vocational_subsidy_annual)?;
            s.serialize_field("undergraduate_aid", &m.undergraduate_aid)?;
            s.serialize_field("nutrition_plan", &m.nutrition_plan)?;
            s.serialize_field("student_aid", &m.student_aid)?;
        }
        if on(Output::Employment) {
            s.serialize_field("job_info_push", &m.job_info_push)?;
            s.serialize_field("training_info_push", &m.training_info_push)?;
            s.serialize_field("public_welfare_post", &m.public_welfare_post)?;
            s.serialize_field("work_relief_priority", &m.work_relief_priority)?;
        }
        if on(Output::Medical) {
            s.serialize_field("triple_guarantee", &m.triple_guarantee)?;
        }
        if on(Output::ChildSupport) {
            s.serialize_field("child_support", &m.child_support)?;
        }
        if on(Output::CareVisits) {
            s.serialize_field("care_visits", &m.care_visits)?;
        }
        s.end()
    }
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
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub person_id: CompactString,
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
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub person_id: Option<CompactString>,
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
