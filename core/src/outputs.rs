//! An `outputs` selection (docs/rust.md#outputs): the top-level outputs an assessment is asked
//! for, and — in ONE table, [`TABLE`] — which outputs each one reads, so that
//! [`crate::api::Assessor::outputs`] runs only the rules a selection needs. The table is read off
//! `run()` in `api.rs`; `core/tests/outputs.rs` proves it complete (for every conformance
//! vector, each output computed alone is byte-identical to the same field of the full
//! assessment).
//!
//! The granularity is one output per rule result of the assessment: the household-level
//! objects of docs/contract.md (`transition` … `housing`), the per-member results grouped by
//! their rule (`tekun`, `disability`, `medical`, …: each names the member fields it writes), and
//! the two derived lists (`coverage_gaps`, `margins`).

use crate::error::{ErrorParams, Errors};
use crate::validate::Problem;

/// One output an assessment can be asked for. Declared in output order (the order of
/// docs/contract.md), which is the order a selection writes them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Output {
    /// `transition` (§1).
    Transition,
    /// `monitoring` (§2).
    Monitoring,
    /// `assistance_approach` (§2a).
    AssistanceApproach,
    /// `dibao` (§3).
    Dibao,
    /// `temporary_assistance` (§5).
    TemporaryAssistance,
    /// `small_loan` (§11, §20).
    SmallLoan,
    /// `low_income` (§15).
    LowIncome,
    /// `housing` (§16).
    Housing,
    /// `members[].tekun` (§4).
    Tekun,
    /// `members[].disability_living_subsidy_monthly`, `disability_care_subsidy_monthly`,
    /// `child_rehabilitation` (§6).
    Disability,
    /// `members[].medical_subsidy`, `triple_guarantee` (§7).
    Medical,
    /// `members[].pension` (§8).
    Pension,
    /// `members[].dropout_alert`, `vocational_subsidy_annual`, `undergraduate_aid`,
    /// `nutrition_plan`, `student_aid` (§9).
    Education,
    /// `members[].job_info_push`, `training_info_push`, `public_welfare_post`,
    /// `work_relief_priority` (§10, §18).
    Employment,
    /// `members[].child_support` (§17).
    ChildSupport,
    /// `members[].care_visits` (§19).
    CareVisits,
    /// `coverage_gaps`.
    CoverageGaps,
    /// `margins` (docs/margins.md).
    Margins,
}

/// Where an output is written: a key of the assessment, or keys of each member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A top-level key of the assessment.
    Household,
    /// Keys of each `members[]` entry (after `person_id` and `age`, which are always written).
    Member,
}

/// One row of the table: an output, its name, where it is written, the JSON keys it writes, and
/// the outputs whose rules it reads (directly; [`Outputs::needed`] follows them on).
#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub output: Output,
    pub name: &'static str,
    pub place: Place,
    pub keys: &'static [&'static str],
    pub reads: &'static [Output],
}

use Output as O;
use Place::{Household as H, Member as M};

/// §2 and §3, which make the household's standing (`rules::Standing`) every later rule reads.
const STANDING: &[Output] = &[O::Monitoring, O::Dibao];

/// THE dependency table, in [`Output`] order (read off `api::run`): what each output's rule
/// reads. A rule that takes the `Standing` reads §2 and §3.
pub const TABLE: [Row; 18] = [
    row(O::Transition, "transition", H, &["transition"], &[]),
    row(O::Monitoring, "monitoring", H, &["monitoring"], &[]),
    row(
        O::AssistanceApproach,
        "assistance_approach",
        H,
        &["assistance_approach"],
        STANDING,
    ),
    row(O::Dibao, "dibao", H, &["dibao"], &[]),
    row(
        O::TemporaryAssistance,
        "temporary_assistance",
        H,
        &["temporary_assistance"],
        STANDING,
    ),
    row(O::SmallLoan, "small_loan", H, &["small_loan"], STANDING),
    // §15 decides from the standing, dibao's payability, 特困 and temporary assistance.
    row(
        O::LowIncome,
        "low_income",
        H,
        &["low_income"],
        &[O::Monitoring, O::Dibao, O::Tekun, O::TemporaryAssistance],
    ),
    row(O::Housing, "housing", H, &["housing"], &[O::LowIncome]),
    row(O::Tekun, "tekun", M, &["tekun"], STANDING),
    row(
        O::Disability,
        "disability",
        M,
        &[
            "disability_living_subsidy_monthly",
            "disability_care_subsidy_monthly",
            "child_rehabilitation",
        ],
        STANDING,
    ),
    row(
        O::Medical,
        "medical",
        M,
        &["medical_subsidy", "triple_guarantee"],
        STANDING,
    ),
    row(O::Pension, "pension", M, &["pension"], STANDING),
    row(
        O::Education,
        "education",
        M,
        &[
            "dropout_alert",
            "vocational_subsidy_annual",
            "undergraduate_aid",
            "nutrition_plan",
            "student_aid",
        ],
        STANDING,
    ),
    // §10 reads the standing and §15's population (for §18's work relief).
    row(
        O::Employment,
        "employment",
        M,
        &[
            "job_info_push",
            "training_info_push",
            "public_welfare_post",
            "work_relief_priority",
        ],
        &[O::Monitoring, O::Dibao, O::LowIncome],
    ),
    row(
        O::ChildSupport,
        "child_support",
        M,
        &["child_support"],
        &[O::LowIncome],
    ),
    // §19's social-assistance household: on dibao, dibao-eligible, or a member 特困.
    row(
        O::CareVisits,
        "care_visits",
        M,
        &["care_visits"],
        &[O::Dibao, O::Tekun],
    ),
    row(
        O::CoverageGaps,
        "coverage_gaps",
        H,
        &["coverage_gaps"],
        &[O::Dibao, O::Tekun, O::Pension],
    ),
    // The household's income margins, then each member's age limits.
    row(
        O::Margins,
        "margins",
        H,
        &["margins"],
        &[
            O::Monitoring,
            O::Dibao,
            O::Tekun,
            O::Disability,
            O::Education,
            O::Pension,
        ],
    ),
];

const fn row(
    output: Output,
    name: &'static str,
    place: Place,
    keys: &'static [&'static str],
    reads: &'static [Output],
) -> Row {
    Row {
        output,
        name,
        place,
        keys,
        reads,
    }
}

impl Output {
    /// Every output, in output order.
    pub const ALL: [Output; 18] = [
        O::Transition,
        O::Monitoring,
        O::AssistanceApproach,
        O::Dibao,
        O::TemporaryAssistance,
        O::SmallLoan,
        O::LowIncome,
        O::Housing,
        O::Tekun,
        O::Disability,
        O::Medical,
        O::Pension,
        O::Education,
        O::Employment,
        O::ChildSupport,
        O::CareVisits,
        O::CoverageGaps,
        O::Margins,
    ];

    /// The output's row of [`TABLE`].
    pub fn row(self) -> &'static Row {
        // `TABLE` is in declaration order (a test checks it), so the index always exists.
        TABLE.get(self as usize).unwrap_or(&TABLE[0])
    }

    /// The name a caller writes (`"monitoring"`, `"care_visits"`).
    pub fn name(self) -> &'static str {
        self.row().name
    }

    /// The output of a name (`None` for a name that is not one).
    pub fn parse(name: &str) -> Option<Output> {
        TABLE.iter().find(|r| r.name == name).map(|r| r.output)
    }

    /// The output that writes a JSON key (household-level or a member's), `None` for a key
    /// every selection writes (`household_id`, `person_id`, `age`, …).
    pub fn of_key(key: &str) -> Option<Output> {
        TABLE
            .iter()
            .find(|r| r.keys.contains(&key))
            .map(|r| r.output)
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// A set of outputs. The default is every output (a full assessment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Outputs(u32);

impl Default for Outputs {
    fn default() -> Self {
        Outputs::ALL
    }
}

impl From<&[Output]> for Outputs {
    fn from(list: &[Output]) -> Self {
        Outputs(list.iter().fold(0, |bits, o| bits | o.bit()))
    }
}

impl<const N: usize> From<[Output; N]> for Outputs {
    fn from(list: [Output; N]) -> Self {
        Outputs::from(&list[..])
    }
}

impl Outputs {
    /// Every output.
    pub const ALL: Outputs = Outputs((1 << 18) - 1);
    /// No output: only the identifying fields.
    pub const NONE: Outputs = Outputs(0);

    /// Whether the set has an output.
    pub fn contains(self, output: Output) -> bool {
        self.0 & output.bit() != 0
    }

    /// Whether the set is every output (a full assessment).
    pub fn is_all(self) -> bool {
        self == Outputs::ALL
    }

    /// The set with one more output.
    #[must_use]
    pub fn with(self, output: Output) -> Self {
        Outputs(self.0 | output.bit())
    }

    /// The outputs of the set, in output order.
    pub fn iter(self) -> impl Iterator<Item = Output> {
        Output::ALL.into_iter().filter(move |o| self.contains(*o))
    }

    /// Whether any per-member output is in the set (then `members` is written).
    pub fn any_member(self) -> bool {
        self.iter().any(|o| o.row().place == Place::Member)
    }

    /// The set with every output its outputs read, and theirs, …: the rules to run.
    #[must_use]
    pub fn needed(self) -> Self {
        let mut set = self;
        loop {
            let next = set
                .iter()
                .flat_map(|o| o.row().reads.iter().copied())
                .fold(set, Outputs::with);
            if next == set {
                return set;
            }
            set = next;
        }
    }

    /// Reads a comma-separated list of names (`"monitoring,dibao"`; spaces around a name are
    /// ignored). Each name that is not an output is an `invalid_value` error at `""`, with the
    /// names allowed as its `allowed`.
    pub fn parse(text: &str) -> Result<Outputs, Errors> {
        Outputs::parse_names(text.split(','))
    }

    /// Reads a list of names, as [`Outputs::parse`] does.
    pub fn parse_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Outputs, Errors> {
        let mut set = Outputs::NONE;
        let mut errors = Vec::new();
        for name in names {
            match Output::parse(name.trim()) {
                Some(o) => set = set.with(o),
                None => errors.push(unknown(name.trim())),
            }
        }
        if errors.is_empty() {
            Ok(set)
        } else {
            Err(Errors::new(errors))
        }
    }
}

/// The error of a name that is not an output.
fn unknown(name: &str) -> crate::error::ErrorDetail {
    let allowed: Vec<String> = TABLE.iter().map(|r| r.name.to_owned()).collect();
    Problem::UnknownOutput {
        name: name.to_owned(),
        list: allowed.join(", "),
    }
    .at("")
    .with_params(ErrorParams {
        min: None,
        max: None,
        allowed: Some(allowed),
        allowed_labels_zh: None,
        allowed_labels_en: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_declaration_order_with_distinct_names_and_keys() {
        for (i, r) in TABLE.iter().enumerate() {
            assert_eq!(r.output as usize, i, "{}", r.name);
            assert_eq!(Output::ALL[i], r.output);
            assert_eq!(Output::parse(r.name), Some(r.output));
            for k in r.keys {
                assert_eq!(Output::of_key(k), Some(r.output), "{k}");
            }
        }
        assert_eq!(Outputs::ALL.iter().count(), 18);
    }

    #[test]
    fn a_selection_needs_what_run_reads() {
        let need = |o: &[Output]| Outputs::from(o).needed();
        assert_eq!(need(&[O::Transition]), Outputs::from([O::Transition]));
        assert_eq!(
            need(&[O::Monitoring, O::Dibao]),
            Outputs::from([O::Monitoring, O::Dibao])
        );
        assert_eq!(
            need(&[O::Housing]),
            Outputs::from([
                O::Housing,
                O::LowIncome,
                O::Monitoring,
                O::Dibao,
                O::Tekun,
                O::TemporaryAssistance
            ])
        );
        assert!(!need(&[O::Margins]).contains(O::Transition));
        assert!(need(&[O::Margins]).contains(O::Pension));
    }

    #[test]
    fn names_parse_and_an_unknown_name_is_a_coded_error() {
        assert_eq!(
            Outputs::parse("monitoring, dibao"),
            Ok(Outputs::from([O::Monitoring, O::Dibao]))
        );
        let errors = Outputs::parse("monitoring,dibo,").unwrap_err();
        let list = errors.list();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].code(), crate::ErrorCode::InvalidValue);
        assert_eq!(list[0].path(), "");
        assert!(list[0].message_en().starts_with("\"dibo\" is not"));
        assert!(list[0].message_zh().starts_with("“dibo”不是"));
        let allowed = list[0].params().and_then(|p| p.allowed.clone()).unwrap();
        assert_eq!(allowed.len(), 18);
        assert_eq!(allowed[3], "dibao");
    }
}
