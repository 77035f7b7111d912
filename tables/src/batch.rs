//! The batch layer: many households in (Arrow record batches — by the C Data Interface or an IPC
//! stream — or Python dicts), one Arrow table out, assessed in parallel (rayon) without the GIL.
//!
//! In: each Arrow row becomes the JSON value of the contract (struct → object with nulls left
//! out, list → array, strings, booleans, integers, decimals as their text, `date32` as
//! `YYYY-MM-DD`), so validation and its JSON Pointer paths are exactly the JSON path's. A float
//! is `invalid_type` at its pointer, as in the Python dict path.
//!
//! Out: the flat columns of [`HOUSEHOLD_COLUMNS`] / [`MEMBER_COLUMNS`], read from the typed
//! [`Assessment`] (no JSON on the way out). Money is `decimal128(20, 2)`.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Decimal128Builder, Int32Builder, ListBuilder, StringBuilder,
};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date64Type, TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use hengjie::MemberAssessment;
use hengjie::api::Assessor;
use hengjie::date::Date;
use hengjie::error::escape_pointer_token;
use hengjie::{Assessment, CoverageGap, ErrorCode, ErrorDetail, Errors, Money, Policy, api};
use hengjie::{Margin, MarginDecision, MarginUnit};
use rayon::prelude::*;
use serde::ser::Serialize;
use serde_json::{Map, Value};

/// Rows per unit of parallel work (and per output record batch).
pub const CHUNK: usize = 4096;

/// Which table to build: one row per household or one per member.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Level {
    Households,
    Members,
}

impl Level {
    pub fn parse(word: &str) -> Option<Level> {
        match word {
            "households" => Some(Level::Households),
            "members" => Some(Level::Members),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Output columns
// ---------------------------------------------------------------------------------------------

/// The Arrow type of an output column.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Str,
    Bool,
    Int,
    Money,
    Date,
    StrList,
}

impl Kind {
    fn data_type(self) -> DataType {
        match self {
            Kind::Str => DataType::Utf8,
            Kind::Bool => DataType::Boolean,
            Kind::Int => DataType::Int32,
            Kind::Money => DataType::Decimal128(20, 2),
            Kind::Date => DataType::Date32,
            Kind::StrList => DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))),
        }
    }
}

/// One cell of an output column.
#[derive(Debug)]
pub enum Cell<'a> {
    Null,
    Str(&'a str),
    Bool(bool),
    Int(i64),
    Money(Money),
    /// Money as a whole number of fen.
    Fen(i128),
    Date(Date),
    /// A list of wire words (read in place, not collected).
    Words(&'a dyn Words),
    /// A list of ids.
    Ids(&'a [hengjie::CompactString]),
    /// The coverage gaps as the households table writes them: a gap's code, after the member it
    /// concerns and a colon when it concerns one (`P4:pension_not_insured`, `dibao_not_covered`).
    Gaps(&'a [CoverageGap]),
    /// The codes of the coverage gaps that concern one member.
    MemberGaps(&'a [CoverageGap], &'a str),
}

/// A list of enum values whose wire words fill a list cell.
pub trait Words: std::fmt::Debug + Sync {
    /// Appends each value's wire word, in order, to the values of a list cell being built.
    fn append_words(&self, values: &mut StringBuilder);
}

impl<T: Serialize + std::fmt::Debug + Sync> Words for Vec<T> {
    fn append_words(&self, values: &mut StringBuilder) {
        for v in self {
            values.append_value(word(v));
        }
    }
}

/// A household-level column: its name, type, and how to read it from an assessment.
#[derive(Debug)]
pub struct Column<G> {
    pub name: &'static str,
    pub kind: Kind,
    pub get: G,
}

type HouseholdGet = for<'a> fn(&'a Assessment) -> Cell<'a>;
type MemberGet = for<'a> fn(&'a Assessment, &'a MemberAssessment) -> Cell<'a>;

/// The wire word of a unit enum variant (its serde name), without allocating: the core's.
pub fn word<T: Serialize>(value: &T) -> &'static str {
    hengjie::wire_name(value)
}

fn opt_word<T: Serialize>(value: Option<&T>) -> Cell<'static> {
    value.map_or(Cell::Null, |v| Cell::Str(word(v)))
}

fn words<T: Serialize + std::fmt::Debug + Sync>(values: &Vec<T>) -> Cell<'_> {
    Cell::Words(values)
}

fn opt_money(value: Option<Money>) -> Cell<'static> {
    value.map_or(Cell::Null, Cell::Money)
}

/// The sum of amounts in fen (each is whole fen, so the sum is exact: no rounding).
fn sum(values: impl Iterator<Item = Money>) -> Cell<'static> {
    Cell::Fen(values.map(fen).sum())
}

/// Every household-level column after `household_id` and the `error.*` columns, in order.
pub static HOUSEHOLD_COLUMNS: &[Column<HouseholdGet>] = &[
    Column {
        name: "as_of",
        kind: Kind::Date,
        get: |a| Cell::Date(a.as_of),
    },
    Column {
        name: "jurisdiction",
        kind: Kind::Str,
        get: |a| Cell::Str(&a.jurisdiction),
    },
    // The provenance stamp (docs/contract.md#provenance): engine, rules and the policy digest; the
    // per-layer digests are in `Policy`/`hengjie.assess` output, not in the table.
    Column {
        name: "provenance.engine",
        kind: Kind::Str,
        get: |a| Cell::Str(&a.provenance.engine),
    },
    Column {
        name: "provenance.rules",
        kind: Kind::Str,
        get: |a| Cell::Str(&a.provenance.rules),
    },
    Column {
        name: "provenance.policy.digest",
        kind: Kind::Str,
        get: |a| Cell::Str(&a.provenance.policy.digest),
    },
    Column {
        name: "transition.phase",
        kind: Kind::Str,
        get: |a| Cell::Str(word(&a.transition.phase)),
    },
    Column {
        name: "transition.year",
        kind: Kind::Int,
        get: |a| {
            a.transition
                .year
                .map_or(Cell::Null, |y| Cell::Int(y.into()))
        },
    },
    Column {
        name: "monitoring.include",
        kind: Kind::Bool,
        get: |a| Cell::Bool(a.monitoring.include),
    },
    Column {
        name: "monitoring.category",
        kind: Kind::Str,
        get: |a| opt_word(a.monitoring.category.as_ref()),
    },
    Column {
        name: "monitoring.risks",
        kind: Kind::StrList,
        get: |a| words(&a.monitoring.risks),
    },
    Column {
        name: "monitoring.review",
        kind: Kind::Bool,
        get: |a| Cell::Bool(a.monitoring.review),
    },
    Column {
        name: "monitoring.pc_income",
        kind: Kind::Money,
        get: |a| Cell::Money(a.monitoring.pc_income),
    },
    Column {
        name: "monitoring.pc_income_after_rigid",
        kind: Kind::Money,
        get: |a| Cell::Money(a.monitoring.pc_income_after_rigid),
    },
    Column {
        name: "monitoring.line",
        kind: Kind::Money,
        get: |a| Cell::Money(a.monitoring.line),
    },
    Column {
        name: "monitoring.exit.eligible",
        kind: Kind::Bool,
        get: |a| {
            a.monitoring
                .exit
                .as_ref()
                .map_or(Cell::Null, |e| Cell::Bool(e.eligible))
        },
    },
    Column {
        name: "monitoring.exit.blockers",
        kind: Kind::StrList,
        get: |a| {
            a.monitoring
                .exit
                .as_ref()
                .map_or(Cell::Null, |e| words(&e.blockers))
        },
    },
    Column {
        name: "assistance_approach",
        kind: Kind::Str,
        get: |a| opt_word(a.assistance_approach.as_ref()),
    },
    Column {
        name: "dibao.status",
        kind: Kind::Str,
        get: |a| Cell::Str(word(&a.dibao.status)),
    },
    Column {
        name: "dibao.eligible",
        kind: Kind::Bool,
        get: |a| Cell::Bool(a.dibao.eligible),
    },
    Column {
        name: "dibao.monthly_benefit",
        kind: Kind::Money,
        get: |a| Cell::Money(a.dibao.monthly_benefit),
    },
    Column {
        name: "dibao.gradual_exit_until",
        kind: Kind::Date,
        get: |a| a.dibao.gradual_exit_until.map_or(Cell::Null, Cell::Date),
    },
    Column {
        name: "temporary_assistance.eligible",
        kind: Kind::Bool,
        get: |a| Cell::Bool(a.temporary_assistance.eligible),
    },
    Column {
        name: "temporary_assistance.amount",
        kind: Kind::Money,
        get: |a| Cell::Money(a.temporary_assistance.amount),
    },
    Column {
        name: "small_loan.status",
        kind: Kind::Str,
        get: |a| Cell::Str(word(&a.small_loan.status)),
    },
    Column {
        name: "small_loan.eligible",
        kind: Kind::Bool,
        get: |a| Cell::Bool(a.small_loan.eligible),
    },
    Column {
        name: "small_loan.max_amount",
        kind: Kind::Money,
        get: |a| Cell::Money(a.small_loan.max_amount),
    },
    Column {
        name: "small_loan.max_term_months",
        kind: Kind::Int,
        get: |a| {
            a.small_loan
                .max_term_months
                .map_or(Cell::Null, |m| Cell::Int(m.into()))
        },
    },
    Column {
        name: "small_loan.borrowers",
        kind: Kind::StrList,
        get: |a| Cell::Ids(&a.small_loan.borrowers),
    },
    Column {
        name: "small_loan.interest_subsidised",
        kind: Kind::Bool,
        get: |a| Cell::Bool(a.small_loan.interest_subsidised),
    },
    Column {
        name: "low_income.population",
        kind: Kind::Bool,
        get: |a| Cell::Bool(a.low_income.population),
    },
    Column {
        name: "low_income.groups",
        kind: Kind::StrList,
        get: |a| words(&a.low_income.groups),
    },
    Column {
        name: "housing.status",
        kind: Kind::Str,
        get: |a| Cell::Str(word(&a.housing.status)),
    },
    Column {
        name: "coverage_gaps",
        kind: Kind::StrList,
        get: |a| Cell::Gaps(&a.coverage_gaps),
    },
    Column {
        name: "members.count",
        kind: Kind::Int,
        get: |a| Cell::Int(i64::try_from(a.members.len()).unwrap_or(i64::MAX)),
    },
    Column {
        name: "medical_subsidy.total",
        kind: Kind::Money,
        get: |a| sum(a.members.iter().map(|m| m.medical_subsidy.subsidy)),
    },
    Column {
        name: "pension.proxy_payment_total",
        kind: Kind::Money,
        get: |a| {
            sum(a
                .members
                .iter()
                .filter_map(|m| m.pension.as_ref().map(|p| p.proxy_payment)))
        },
    },
    Column {
        name: "margin.monitoring.income_below_line",
        kind: Kind::Money,
        get: |a| margin(a, None, MarginDecision::MonitoringIncomeBelowLine),
    },
    Column {
        name: "margin.dibao.income_below_standard",
        kind: Kind::Money,
        get: |a| margin(a, None, MarginDecision::DibaoIncomeBelowStandard),
    },
    Column {
        name: "margin.dibao.gradual_exit",
        kind: Kind::Int,
        get: |a| margin(a, None, MarginDecision::DibaoGradualExit),
    },
];

/// The `change` of a margin (money in yuan, or days), null when the assessment has none.
fn margin<'a>(a: &'a Assessment, person: Option<&str>, decision: MarginDecision) -> Cell<'a> {
    a.margins
        .iter()
        .find(|m| m.decision == decision && m.person_id.as_deref() == person)
        .map_or(Cell::Null, margin_cell)
}

fn margin_cell(m: &Margin) -> Cell<'static> {
    let change = m.change();
    match m.unit {
        MarginUnit::YuanPerPersonYear | MarginUnit::YuanPerPersonMonth => {
            Cell::Money(Money::round(change))
        }
        MarginUnit::Date | MarginUnit::Age => {
            i64::try_from(change.trunc().mantissa()).map_or(Cell::Null, Cell::Int)
        }
    }
}

/// Every member-level column after `household_id`, `person_id` and the `error.*` columns.
pub static MEMBER_COLUMNS: &[Column<MemberGet>] = &[
    Column {
        name: "age",
        kind: Kind::Int,
        get: |_, m| Cell::Int(m.age.into()),
    },
    Column {
        name: "tekun.eligible",
        kind: Kind::Bool,
        get: |_, m| Cell::Bool(m.tekun.eligible),
    },
    Column {
        name: "tekun.basic_living_monthly",
        kind: Kind::Money,
        get: |_, m| opt_money(m.tekun.basic_living_monthly),
    },
    Column {
        name: "disability_living_subsidy_monthly",
        kind: Kind::Money,
        get: |_, m| Cell::Money(m.disability_living_subsidy_monthly),
    },
    Column {
        name: "disability_care_subsidy_monthly",
        kind: Kind::Money,
        get: |_, m| Cell::Money(m.disability_care_subsidy_monthly),
    },
    Column {
        name: "child_rehabilitation",
        kind: Kind::Bool,
        get: |_, m| Cell::Bool(m.child_rehabilitation),
    },
    Column {
        name: "medical_subsidy.basis",
        kind: Kind::Str,
        get: |_, m| opt_word(m.medical_subsidy.basis.as_ref()),
    },
    Column {
        name: "medical_subsidy.subsidy",
        kind: Kind::Money,
        get: |_, m| Cell::Money(m.medical_subsidy.subsidy),
    },
    Column {
        name: "medical_subsidy.personal_contribution",
        kind: Kind::Money,
        get: |_, m| Cell::Money(m.medical_subsidy.personal_contribution),
    },
    Column {
        name: "pension.proxy_payment",
        kind: Kind::Money,
        get: |_, m| opt_money(m.pension.as_ref().map(|p| p.proxy_payment)),
    },
    Column {
        name: "pension.proxy_basis",
        kind: Kind::Str,
        get: |_, m| opt_word(m.pension.as_ref().and_then(|p| p.proxy_basis.as_ref())),
    },
    Column {
        name: "pension.lowest_tier_available",
        kind: Kind::Money,
        get: |_, m| opt_money(m.pension.as_ref().map(|p| p.lowest_tier_available)),
    },
    Column {
        name: "pension.contribution_subsidy",
        kind: Kind::Money,
        get: |_, m| opt_money(m.pension.as_ref().map(|p| p.contribution_subsidy)),
    },
    Column {
        name: "dropout_alert",
        kind: Kind::Bool,
        get: |_, m| Cell::Bool(m.dropout_alert),
    },
    Column {
        name: "vocational_subsidy_annual",
        kind: Kind::Money,
        get: |_, m| Cell::Money(m.vocational_subsidy_annual),
    },
    Column {
        name: "undergraduate_aid",
        kind: Kind::Bool,
        get: |_, m| Cell::Bool(m.undergraduate_aid),
    },
    Column {
        name: "nutrition_plan",
        kind: Kind::Bool,
        get: |_, m| Cell::Bool(m.nutrition_plan),
    },
    Column {
        name: "student_aid",
        kind: Kind::Bool,
        get: |_, m| Cell::Bool(m.student_aid),
    },
    Column {
        name: "job_info_push",
        kind: Kind::Bool,
        get: |_, m| Cell::Bool(m.job_info_push),
    },
    Column {
        name: "training_info_push",
        kind: Kind::Bool,
        get: |_, m| Cell::Bool(m.training_info_push),
    },
    Column {
        name: "public_welfare_post.eligible",
        kind: Kind::Bool,
        get: |_, m| Cell::Bool(m.public_welfare_post.eligible),
    },
    Column {
        name: "public_welfare_post.priority",
        kind: Kind::Bool,
        get: |_, m| Cell::Bool(m.public_welfare_post.priority),
    },
    Column {
        name: "work_relief_priority",
        kind: Kind::Bool,
        get: |_, m| Cell::Bool(m.work_relief_priority),
    },
    Column {
        name: "triple_guarantee.expense",
        kind: Kind::Money,
        get: |_, m| opt_money(m.triple_guarantee.as_ref().map(|t| t.expense)),
    },
    Column {
        name: "triple_guarantee.basic",
        kind: Kind::Money,
        get: |_, m| opt_money(m.triple_guarantee.as_ref().map(|t| t.basic)),
    },
    Column {
        name: "triple_guarantee.critical_illness",
        kind: Kind::Money,
        get: |_, m| opt_money(m.triple_guarantee.as_ref().map(|t| t.critical_illness)),
    },
    Column {
        name: "triple_guarantee.assistance",
        kind: Kind::Money,
        get: |_, m| opt_money(m.triple_guarantee.as_ref().map(|t| t.assistance)),
    },
    Column {
        name: "triple_guarantee.out_of_pocket",
        kind: Kind::Money,
        get: |_, m| opt_money(m.triple_guarantee.as_ref().map(|t| t.out_of_pocket)),
    },
    Column {
        name: "child_support.basis",
        kind: Kind::Str,
        get: |_, m| opt_word(m.child_support.as_ref().map(|c| &c.basis)),
    },
    Column {
        name: "child_support.monthly",
        kind: Kind::Money,
        get: |_, m| opt_money(m.child_support.as_ref().map(|c| c.monthly)),
    },
    Column {
        name: "care_visits",
        kind: Kind::Bool,
        get: |_, m| Cell::Bool(m.care_visits),
    },
    Column {
        name: "coverage_gaps",
        kind: Kind::StrList,
        get: |a, m| Cell::MemberGaps(&a.coverage_gaps, &m.person_id),
    },
    Column {
        name: "margin.tekun.minor",
        kind: Kind::Int,
        get: |a, m| margin(a, Some(&m.person_id), MarginDecision::TekunMinor),
    },
    Column {
        name: "margin.disability.child_rehabilitation",
        kind: Kind::Int,
        get: |a, m| margin(a, Some(&m.person_id), MarginDecision::ChildRehabilitation),
    },
    Column {
        name: "margin.education.dropout_alert",
        kind: Kind::Int,
        get: |a, m| margin(a, Some(&m.person_id), MarginDecision::DropoutAlert),
    },
    Column {
        name: "margin.pension.age",
        kind: Kind::Int,
        get: |a, m| margin(a, Some(&m.person_id), MarginDecision::PensionAge),
    },
];

/// The columns every table starts with: the ids, then the first error of the row.
fn leading(level: Level) -> Vec<(&'static str, Kind)> {
    let mut cols = vec![("household_id", Kind::Str)];
    if level == Level::Members {
        cols.push(("person_id", Kind::Str));
    }
    cols.extend([
        ("error.code", Kind::Str),
        ("error.path", Kind::Str),
        ("error.message_en", Kind::Str),
        ("error.message_zh", Kind::Str),
        ("error.count", Kind::Int),
    ]);
    cols
}

/// Every column of a level, in order, with its type.
pub fn columns(level: Level) -> Vec<(&'static str, Kind)> {
    let mut cols = leading(level);
    match level {
        Level::Households => cols.extend(HOUSEHOLD_COLUMNS.iter().map(|c| (c.name, c.kind))),
        Level::Members => cols.extend(MEMBER_COLUMNS.iter().map(|c| (c.name, c.kind))),
    }
    cols
}

/// The output schema of a level (every field nullable).
pub fn schema(level: Level) -> SchemaRef {
    Arc::new(Schema::new(
        columns(level)
            .into_iter()
            .map(|(name, kind)| Field::new(name, kind.data_type(), true))
            .collect::<Vec<_>>(),
    ))
}

/// Whether an `outputs` selection keeps a column (docs/rust.md#outputs): the ids, `error.*`,
/// `as_of`, `jurisdiction`, `provenance.*`, `members.count` and `age` always; another column when
/// the output that writes its first key ([`hengjie::Output::of_key`]; `margin.*` is `margins`)
/// is selected.
pub fn keeps(name: &str, outputs: hengjie::Outputs) -> bool {
    let key = name.split('.').next().unwrap_or(name);
    let output = if key == "margin" {
        Some(hengjie::Output::Margins)
    } else {
        hengjie::Output::of_key(key)
    };
    output.is_none_or(|o| outputs.contains(o))
}

/// The output schema of a level under an `outputs` selection: the columns it [`keeps`].
pub fn selected_schema(level: Level, outputs: hengjie::Outputs) -> SchemaRef {
    let full = schema(level);
    let fields: Vec<_> = full
        .fields()
        .iter()
        .filter(|f| keeps(f.name(), outputs))
        .cloned()
        .collect();
    Arc::new(Schema::new(fields))
}

/// A built batch cut to the columns an `outputs` selection keeps (the whole batch without one).
pub fn select(batch: RecordBatch, outputs: hengjie::Outputs) -> RecordBatch {
    if outputs.is_all() {
        return batch;
    }
    let kept: Vec<usize> = (0..batch.num_columns())
        .filter(|&i| keeps(batch.schema_ref().field(i).name(), outputs))
        .collect();
    let empty = RecordBatch::new_empty(batch.schema());
    batch.project(&kept).unwrap_or(empty)
}

/// A column being built.
enum Builder {
    /// A column an `outputs` selection leaves out: its cells are not kept.
    Skip,
    Str(StringBuilder),
    Bool(BooleanBuilder),
    Int(Int32Builder),
    Money(Decimal128Builder),
    Date(Date32Builder),
    StrList(ListBuilder<StringBuilder>),
}

const EPOCH_DAYS_FROM_CE: i32 = 719_163;

fn days(date: Date) -> i32 {
    use chrono::Datelike;
    date.num_days_from_ce() - EPOCH_DAYS_FROM_CE
}

/// An amount in fen (the mantissa of `decimal128(20, 2)`).
fn fen(money: Money) -> i128 {
    i128::from(money.fen())
}

impl Builder {
    fn new(kind: Kind, capacity: usize) -> Builder {
        match kind {
            Kind::Str => Builder::Str(StringBuilder::with_capacity(capacity, capacity * 8)),
            Kind::Bool => Builder::Bool(BooleanBuilder::with_capacity(capacity)),
            Kind::Int => Builder::Int(Int32Builder::with_capacity(capacity)),
            Kind::Money => Builder::Money(
                Decimal128Builder::with_capacity(capacity).with_data_type(Kind::Money.data_type()),
            ),
            Kind::Date => Builder::Date(Date32Builder::with_capacity(capacity)),
            Kind::StrList => Builder::StrList(ListBuilder::with_capacity(
                StringBuilder::with_capacity(capacity, capacity * 8),
                capacity,
            )),
        }
    }

    /// Appends a null.
    #[inline]
    fn append_null(&mut self) {
        match self {
            Builder::Skip => {}
            Builder::Str(b) => b.append_null(),
            Builder::Bool(b) => b.append_null(),
            Builder::Int(b) => b.append_null(),
            Builder::Money(b) => b.append_null(),
            Builder::Date(b) => b.append_null(),
            Builder::StrList(b) => b.append(false),
        }
    }

    /// Appends a cell `rows` times; `false` (and nulls) when it does not fit the column's type.
    /// An empty text column is first given room for exactly these values.
    fn append_n(&mut self, cell: Cell<'_>, rows: usize) -> bool {
        match (self, cell) {
            (Builder::Skip, _) => {}
            (Builder::Date(b), Cell::Date(d)) => b.append_value_n(days(d), rows),
            (Builder::Str(b), Cell::Str(v)) => {
                if arrow_array::builder::ArrayBuilder::is_empty(b) {
                    *b = StringBuilder::with_capacity(rows, rows.saturating_mul(v.len()));
                }
                for _ in 0..rows {
                    b.append_value(v);
                }
            }
            (other, _) => {
                other.append_nulls(rows);
                return false;
            }
        }
        true
    }

    /// Appends `rows` nulls.
    fn append_nulls(&mut self, rows: usize) {
        match self {
            Builder::Skip => {}
            Builder::Str(b) => b.append_nulls(rows),
            Builder::Bool(b) => b.append_nulls(rows),
            Builder::Int(b) => b.append_nulls(rows),
            Builder::Money(b) => b.append_nulls(rows),
            Builder::Date(b) => b.append_nulls(rows),
            Builder::StrList(b) => b.append_nulls(rows),
        }
    }

    /// Appends a cell; `false` (and a null) when the cell does not fit the column's type.
    /// Inlined where the cell is made, so that only the arm of the cell's variant is left.
    #[inline(always)]
    fn append(&mut self, cell: Cell<'_>) -> bool {
        match (self, cell) {
            (Builder::Skip, _) => {}
            (b, Cell::Null) => b.append_null(),
            (Builder::Str(b), Cell::Str(s)) => b.append_value(s),
            (Builder::Bool(b), Cell::Bool(v)) => b.append_value(v),
            (Builder::Int(b), Cell::Int(v)) => match i32::try_from(v) {
                Ok(v) => b.append_value(v),
                Err(_) => b.append_null(),
            },
            (Builder::Money(b), Cell::Money(m)) => b.append_value(fen(m)),
            (Builder::Money(b), Cell::Fen(f)) => b.append_value(f),
            (Builder::Date(b), Cell::Date(d)) => b.append_value(days(d)),
            (Builder::StrList(b), Cell::Words(words)) => {
                words.append_words(b.values());
                b.append(true);
            }
            (Builder::StrList(b), Cell::Ids(ids)) => {
                for id in ids {
                    b.values().append_value(id);
                }
                b.append(true);
            }
            (Builder::StrList(b), Cell::Gaps(gaps)) => {
                use std::fmt::Write;
                let values = b.values();
                for g in gaps {
                    if let Some(person) = &g.person_id {
                        // Written into the value being built; a StringBuilder never fails.
                        let _ = values.write_str(person);
                        let _ = values.write_str(":");
                    }
                    values.append_value(word(&g.code));
                }
                b.append(true);
            }
            (Builder::StrList(b), Cell::MemberGaps(gaps, person)) => {
                for g in gaps {
                    if g.person_id.as_deref() == Some(person) {
                        b.values().append_value(word(&g.code));
                    }
                }
                b.append(true);
            }
            (other, _) => {
                other.append_null();
                return false;
            }
        }
        true
    }

    /// The column, `None` for one left out.
    fn finish(self) -> Option<ArrayRef> {
        Some(match self {
            Builder::Skip => return None,
            Builder::Str(mut b) => Arc::new(b.finish()),
            Builder::Bool(mut b) => Arc::new(b.finish()),
            Builder::Int(mut b) => Arc::new(b.finish()),
            Builder::Money(mut b) => Arc::new(b.finish()),
            Builder::Date(mut b) => Arc::new(b.finish()),
            Builder::StrList(mut b) => Arc::new(b.finish()),
        })
    }
}

/// One input row's outcome.
pub type Outcome = Result<Assessment, Errors>;

/// A table of one level being built, an outcome at a time (each assessment can be dropped as
/// soon as it is appended): the typed builders of its columns, in order.
///
/// The `error.*` columns are filled only up to the last refused row: the rows after it, assessed,
/// have nulls and a count of 0 there, appended at once when the next refused row or the end comes.
pub struct TableBuilder {
    level: Level,
    outputs: hengjie::Outputs,
    builders: Vec<Builder>,
    mismatches: usize,
    /// The rows appended.
    rows: usize,
    /// The rows the `error.*` columns hold.
    error_rows: usize,
    /// The rows the builders were made with room for.
    capacity: usize,
    /// Whether the text columns were given room after the first assessment ([`TableBuilder::fit`]).
    fitted: bool,
    /// Households level: the run of assessed rows whose first cells, the run's constants, are
    /// the same ([`TableBuilder::fill_stamp`]).
    stamp: Option<StampRun>,
}

/// The first [`STAMP_COLUMNS`] household cells of a run of assessed rows: the date, the
/// jurisdiction and the provenance, the same for every row of a batch (one policy, one date).
/// They are appended when the run ends, all at once, instead of row by row.
struct StampRun {
    as_of: Date,
    jurisdiction: Arc<str>,
    provenance: Arc<hengjie::Stamp>,
    rows: usize,
}

impl StampRun {
    fn of(a: &Assessment) -> StampRun {
        StampRun {
            as_of: a.as_of,
            jurisdiction: Arc::clone(&a.jurisdiction),
            provenance: Arc::clone(&a.provenance),
            rows: 0,
        }
    }

    /// Whether an assessment has these cells (the same shared values, as a batch's do).
    fn holds(&self, a: &Assessment) -> bool {
        self.as_of == a.as_of
            && Arc::ptr_eq(&self.jurisdiction, &a.jurisdiction)
            && Arc::ptr_eq(&self.provenance, &a.provenance)
    }

    /// The cells, in column order ([`HOUSEHOLD_COLUMNS`]' first ones).
    fn cells(&self) -> [Cell<'_>; STAMP_COLUMNS] {
        [
            Cell::Date(self.as_of),
            Cell::Str(&self.jurisdiction),
            Cell::Str(&self.provenance.engine),
            Cell::Str(&self.provenance.rules),
            Cell::Str(&self.provenance.policy.digest),
        ]
    }
}

/// The household columns a [`StampRun`] holds: `as_of`, `jurisdiction`, `provenance.*`.
const STAMP_COLUMNS: usize = 5;

/// The number of `error.*` columns.
const ERROR_COLUMNS: usize = 5;

impl std::fmt::Debug for TableBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableBuilder")
            .field("level", &self.level)
            .field("columns", &self.builders.len())
            .finish_non_exhaustive()
    }
}

impl TableBuilder {
    /// An empty table with room for about `rows` rows.
    pub fn new(level: Level, rows: usize) -> TableBuilder {
        TableBuilder::selected(level, rows, hengjie::Outputs::ALL)
    }

    /// An empty table of the columns an `outputs` selection [`keeps`] (the others' cells are
    /// passed over as they come).
    pub fn selected(level: Level, rows: usize, outputs: hengjie::Outputs) -> TableBuilder {
        TableBuilder {
            level,
            outputs,
            builders: columns(level)
                .iter()
                .map(|(name, k)| {
                    if keeps(name, outputs) {
                        Builder::new(*k, rows)
                    } else {
                        Builder::Skip
                    }
                })
                .collect(),
            mismatches: 0,
            rows: 0,
            error_rows: 0,
            capacity: rows,
            fitted: false,
            stamp: None,
        }
    }

    /// Gives each text column room for its rows at the bytes a row of the first assessment's rows
    /// take (and a quarter more), where its first room, 8 bytes a row, is short: a column would
    /// otherwise be copied as it grows, doubling (the policy's digest takes 64 bytes a row).
    fn fit(&mut self) {
        for b in &mut self.builders {
            let Builder::Str(s) = b else { continue };
            let rows = s.offsets_slice().len().saturating_sub(1);
            let bytes = s.values_slice().len().div_ceil(rows.max(1));
            let room = self.capacity.saturating_mul(bytes + bytes / 4);
            // Only a column without nulls so far is remade (its values copied as they are).
            if rows == 0 || s.validity_slice().is_some() || s.values_capacity() >= room {
                continue;
            }
            let first = s.finish();
            let mut fitted = StringBuilder::with_capacity(self.capacity, room);
            for value in first.iter().flatten() {
                fitted.append_value(value);
            }
            *s = fitted;
        }
    }

    /// Appends the rows of one outcome: one for a household (or a refused member row), one a
    /// member. `id` is the household id of a refused row, when it has one.
    pub fn push(&mut self, id: Option<&str>, outcome: &Outcome) {
        match outcome {
            Ok(a) => self.push_assessment(a),
            Err(errors) => self.push_errors(id, errors),
        }
    }

    /// The number of id columns before the `error.*` ones.
    fn id_columns(&self) -> usize {
        match self.level {
            Level::Households => 1,
            Level::Members => 2,
        }
    }

    /// Fills the `error.*` columns up to the rows appended: nulls and a count of 0.
    fn fill_errors(&mut self) {
        let rows = self.rows - self.error_rows;
        if rows == 0 {
            return;
        }
        let ids = self.id_columns();
        let mut cells = self.builders.iter_mut().skip(ids);
        for b in cells.by_ref().take(ERROR_COLUMNS - 1) {
            b.append_nulls(rows);
        }
        match cells.next() {
            Some(Builder::Int(count)) => count.append_value_n(0, rows),
            _ => self.mismatches += rows,
        }
        self.error_rows = self.rows;
    }

    /// Appends the cells of the run of rows with the same first household cells, and ends it.
    fn fill_stamp(&mut self) {
        let Some(run) = self.stamp.take() else {
            return;
        };
        let cells = self.builders.iter_mut().skip(1 + ERROR_COLUMNS);
        for (b, cell) in cells.zip(run.cells()) {
            if !b.append_n(cell, run.rows) {
                self.mismatches += run.rows;
            }
        }
    }

    /// Appends the rows of an assessment: one for a household, one a member.
    pub fn push_assessment(&mut self, a: &Assessment) {
        if self.level == Level::Households {
            // The run's constant cells are appended when the run ends.
            if !self.stamp.as_ref().is_some_and(|run| run.holds(a)) {
                self.fill_stamp();
                self.stamp = Some(StampRun::of(a));
            }
            if let Some(run) = &mut self.stamp {
                run.rows += 1;
            }
            let n = &mut self.mismatches;
            let mut cells = self.builders.iter_mut();
            put(&mut cells, Cell::Str(&a.household_id), n);
            // The `error.*` cells are filled later ([`TableBuilder::fill_errors`]), and so are
            // the stamp's.
            cells.nth(ERROR_COLUMNS + STAMP_COLUMNS - 1);
            household_cells(&mut cells, a, n);
            self.rows += 1;
        } else {
            let n = &mut self.mismatches;
            for m in &a.members {
                let mut cells = self.builders.iter_mut();
                put(&mut cells, Cell::Str(&a.household_id), n);
                put(&mut cells, Cell::Str(&m.person_id), n);
                cells.nth(ERROR_COLUMNS - 1);
                member_cells(&mut cells, a, m, n);
            }
            self.rows += a.members.len();
        }
        if !self.fitted {
            self.fitted = true;
            self.fit();
        }
    }

    /// Appends the row of a refused household. `id` is its household id, when it has one.
    pub fn push_errors(&mut self, id: Option<&str>, errors: &Errors) {
        self.fill_errors();
        self.fill_stamp();
        let n = &mut self.mismatches;
        let first = errors.list().first();
        let mut cells = self.builders.iter_mut();
        put(&mut cells, id.map_or(Cell::Null, Cell::Str), n);
        if self.level == Level::Members {
            put(&mut cells, Cell::Null, n);
        }
        put(
            &mut cells,
            first.map_or(Cell::Null, |e| Cell::Str(e.code().as_str())),
            n,
        );
        put(
            &mut cells,
            first.map_or(Cell::Null, |e| Cell::Str(e.path())),
            n,
        );
        put(
            &mut cells,
            first.map_or(Cell::Null, |e| Cell::Str(e.message_en())),
            n,
        );
        put(
            &mut cells,
            first.map_or(Cell::Null, |e| Cell::Str(e.message_zh())),
            n,
        );
        let count = i64::try_from(errors.list().len()).unwrap_or(i64::MAX);
        put(&mut cells, Cell::Int(count), n);
        for b in cells {
            b.append_null();
        }
        self.rows += 1;
        self.error_rows = self.rows;
    }

    /// The record batch, and the number of cells whose value did not fit their column's type
    /// (always 0 unless a column table is wrong — a test checks it).
    pub fn finish(mut self) -> (RecordBatch, usize) {
        self.fill_errors();
        self.fill_stamp();
        let schema = if self.outputs.is_all() {
            schema(self.level)
        } else {
            selected_schema(self.level, self.outputs)
        };
        let arrays: Vec<ArrayRef> = self
            .builders
            .into_iter()
            .filter_map(Builder::finish)
            .collect();
        let batch = RecordBatch::try_new(Arc::clone(&schema), arrays)
            .unwrap_or_else(|_| RecordBatch::new_empty(schema));
        (batch, self.mismatches)
    }
}

/// Appends the cells of columns `$k` of a column table, in order, to the next builders: in
/// straight-line code, where each getter is read from the constant table at a constant index, so
/// that it is called directly (and inlined) and its cell matched where it is made. A column the
/// selection leaves out is passed over before its cell is made.
macro_rules! append_columns {
    ($cells:expr, $mismatches:expr, $table:ident $args:tt, [$($k:literal)*]) => {
        $(
            if let (Some(b), Some(c)) = ($cells.next(), $table.get($k))
                && !matches!(b, Builder::Skip)
                && !b.append((c.get) $args)
            {
                *$mismatches += 1;
            }
        )*
    };
}

// The indices `append_columns!` is given are every column of the tables (the households' first
// [`STAMP_COLUMNS`] are appended by [`TableBuilder::fill_stamp`]).
const _: () = assert!(HOUSEHOLD_COLUMNS.len() == 39 && MEMBER_COLUMNS.len() == 36);

/// Appends the cells of [`HOUSEHOLD_COLUMNS`] after the stamp's ([`StampRun`]) read from an
/// assessment.
fn household_cells(cells: &mut std::slice::IterMut<'_, Builder>, a: &Assessment, n: &mut usize) {
    append_columns!(
        cells,
        n,
        HOUSEHOLD_COLUMNS(a),
        [5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35
         36 37 38]
    );
}

/// Appends the cells of [`MEMBER_COLUMNS`] read from a member's assessment.
fn member_cells(
    cells: &mut std::slice::IterMut<'_, Builder>,
    a: &Assessment,
    m: &MemberAssessment,
    n: &mut usize,
) {
    append_columns!(
        cells,
        n,
        MEMBER_COLUMNS(a, m),
        [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32
         33 34 35]
    );
}

/// Appends a cell to the next column, counting a cell that does not fit it (inlined, as
/// [`Builder::append`], where the cell is made).
#[inline(always)]
fn put(cells: &mut std::slice::IterMut<'_, Builder>, cell: Cell<'_>, mismatches: &mut usize) {
    if !cells.next().is_some_and(|b| b.append(cell)) {
        *mismatches += 1;
    }
}

/// Builds a record batch of a level from outcomes; `mismatches` counts cells whose value did not
/// fit their column's type (always 0 unless a column table is wrong — a test checks it).
pub fn build(level: Level, outcomes: &[(Option<String>, Outcome)]) -> (RecordBatch, usize) {
    let rows = match level {
        Level::Households => outcomes.len(),
        Level::Members => outcomes
            .iter()
            .map(|(_, o)| o.as_ref().map_or(1, |a| a.members.len().max(1)))
            .sum(),
    };
    let mut table = TableBuilder::new(level, rows);
    for (id, outcome) in outcomes {
        table.push(id.as_deref(), outcome);
    }
    table.finish()
}

// ---------------------------------------------------------------------------------------------
// Input rows
// ---------------------------------------------------------------------------------------------

/// Households as the contract's JSON values, with the errors only their source can have.
#[derive(Debug, Default)]
pub struct Rows {
    /// The core's trees (a JSON text read by the core keeps its numbers as written).
    pub values: Vec<hengjie::json::Value>,
    pub own: Vec<Vec<ErrorDetail>>,
}

impl Rows {
    pub fn push(&mut self, value: hengjie::json::Value, own: Vec<ErrorDetail>) {
        self.values.push(value);
        self.own.push(own);
    }
}

/// Assesses one row with the call's assessor (parameters resolved once, explanations off: the
/// table has no reasons); a row's errors never cost the others.
fn assess_one(
    value: &(impl hengjie::json::Input + ?Sized),
    own: &[ErrorDetail],
    assessor: &Result<Assessor<'_>, Errors>,
) -> (Option<String>, Outcome) {
    let outcome = match assessor {
        Err(e) => Err(e.clone()),
        Ok(_) if !own.is_empty() => {
            Err(api::validate_value(value, assessor_date(assessor)).merged_with(own.to_vec()))
        }
        Ok(assessor) => assessor.assess_value(value),
    };
    let id = match &outcome {
        Ok(_) => None,
        // The household id when it is a string of 1–64 characters (as the CLI reports it).
        Err(_) => hengjie::lines::id_of(value),
    };
    (id, outcome)
}

fn assessor_date(assessor: &Result<Assessor<'_>, Errors>) -> Date {
    assessor.as_ref().map(Assessor::as_of).unwrap_or_default()
}

fn assessor(
    policy: &Policy,
    as_of: Date,
    outputs: hengjie::Outputs,
) -> Result<Assessor<'_>, Errors> {
    // A table has no column for the run's shared parts (the parameter rows, the
    // illustrative-parameter warnings): the assessor does not make them for each row.
    Assessor::new(policy, as_of).map(|a| a.explain(false).parameters_once(true).selection(outputs))
}

/// The chunk's own copy of the assessor ([`Assessor::for_thread`]): the two threads do not
/// contend for the reference counts every assessment takes and drops.
fn for_thread<'p>(assessor: &Result<Assessor<'p>, Errors>) -> Result<Assessor<'p>, Errors> {
    assessor
        .as_ref()
        .map(Assessor::for_thread)
        .map_err(Clone::clone)
}

/// The result of a batch: output record batches in input order, the first bad row, and (when
/// asked for) every bad row with all its errors, in input order.
#[derive(Debug)]
pub struct BatchOutput {
    pub batches: Vec<RecordBatch>,
    pub first_error: Option<(usize, Errors)>,
    pub errors: Vec<(usize, Errors)>,
}

/// A chunk's output being built, an outcome at a time: its table and its bad rows (all of them
/// with `all`, else the first).
struct Chunk {
    table: TableBuilder,
    errors: Vec<(usize, Errors)>,
    all: bool,
    row: usize,
}

impl Chunk {
    fn new(level: Level, start: usize, rows: usize, all: bool, outputs: hengjie::Outputs) -> Chunk {
        let capacity = match level {
            Level::Households => rows,
            // About three members a household.
            Level::Members => rows * 3,
        };
        Chunk {
            table: TableBuilder::selected(level, capacity, outputs),
            errors: Vec::new(),
            all,
            row: start,
        }
    }

    fn add(&mut self, (id, outcome): (Option<String>, Outcome)) {
        if let Err(e) = &outcome
            && (self.all || self.errors.is_empty())
        {
            self.errors.push((self.row, e.clone()));
        }
        self.table.push(id.as_deref(), &outcome);
        self.row += 1;
    }

    /// Appends an assessment (by reference: it is not moved on the way).
    fn assessed(&mut self, a: &Assessment) {
        self.table.push_assessment(a);
        self.row += 1;
    }

    fn finish(self) -> (RecordBatch, Vec<(usize, Errors)>) {
        (self.table.finish().0, self.errors)
    }
}

/// The chunks' tables (already of the selected columns) and errors, in order.
fn collect(parts: Vec<(RecordBatch, Vec<(usize, Errors)>)>) -> BatchOutput {
    let mut batches = Vec::with_capacity(parts.len());
    let mut errors = Vec::new();
    for (batch, errs) in parts {
        batches.push(batch);
        errors.extend(errs);
    }
    BatchOutput {
        batches,
        first_error: errors.first().cloned(),
        errors,
    }
}

/// `duplicate_id` for every row whose household id another row of the batches also has (by
/// global row index): with households joined to their members, such rows cannot be told apart.
pub fn duplicate_ids(batches: &[RecordBatch]) -> std::collections::HashMap<usize, ErrorDetail> {
    use std::collections::HashMap;
    let mut ids: Vec<Option<&str>> = Vec::new();
    for batch in batches {
        let column = batch.column_by_name("id");
        for i in 0..batch.num_rows() {
            ids.push(column.and_then(|c| crate::arrow_cells::text_value(c.as_ref(), i)));
        }
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for id in ids.iter().flatten() {
        *counts.entry(id).or_default() += 1;
    }
    ids.iter()
        .enumerate()
        .filter_map(|(row, id)| {
            let id = (*id)?;
            let n = *counts.get(id)?;
            (n > 1).then(|| (row, hengjie::validate::duplicate_household(id, n)))
        })
        .collect()
}

/// Assesses rows already converted (the Python-dict path), in parallel chunks; the table has
/// the columns `outputs` keeps.
pub fn run_rows(
    rows: &Rows,
    as_of: Date,
    policy: &Policy,
    level: Level,
    outputs: hengjie::Outputs,
) -> BatchOutput {
    let assessor = assessor(policy, as_of, outputs);
    let parts = rows
        .values
        .par_chunks(CHUNK)
        .zip(rows.own.par_chunks(CHUNK))
        .enumerate()
        .map(|(k, (values, own))| {
            let assessor = for_thread(&assessor);
            let mut chunk = Chunk::new(level, k * CHUNK, values.len(), false, outputs);
            for (v, o) in values.iter().zip(own) {
                chunk.add(assess_one(v, o, &assessor));
            }
            chunk.finish()
        })
        .collect();
    collect(parts)
}

/// Assesses Arrow record batches (one household per row), in parallel chunks.
pub fn run_arrow(
    batches: &[RecordBatch],
    as_of: Date,
    policy: &Policy,
    level: Level,
    outputs: hengjie::Outputs,
) -> BatchOutput {
    run_arrow_checked(
        batches,
        as_of,
        policy,
        level,
        &std::collections::HashMap::new(),
        false,
        outputs,
    )
}

/// Like [`run_arrow`], with errors of the rows' source (by global row index: a repeated
/// household id) added to the rows' own; `all_errors` keeps every bad row's errors.
pub fn run_arrow_checked(
    batches: &[RecordBatch],
    as_of: Date,
    policy: &Policy,
    level: Level,
    extra: &std::collections::HashMap<usize, ErrorDetail>,
    all_errors: bool,
    outputs: hengjie::Outputs,
) -> BatchOutput {
    let assessor = assessor(policy, as_of, outputs);
    let mut slices = Vec::new();
    let mut start = 0;
    for batch in batches {
        let mut offset = 0;
        while offset < batch.num_rows() {
            let len = CHUNK.min(batch.num_rows() - offset);
            slices.push((start + offset, batch.slice(offset, len)));
            offset += len;
        }
        start += batch.num_rows();
    }
    let parts = slices
        .par_iter()
        .map(|(first, slice)| {
            let assessor = for_thread(&assessor);
            // The slice's columns downcast once; one household filled row after row.
            let reader = crate::arrow_household::Reader::new(slice);
            let mut household = hengjie::model::Household::absent();
            // Row by row: each household is assessed while it is still in cache, and its
            // assessment appended to the output and dropped.
            let mut chunk = Chunk::new(level, *first, slice.num_rows(), all_errors, outputs);
            for i in 0..slice.num_rows() {
                let extra = extra.get(&(first + i));
                // The assessment stays where the core made it: appended by reference, then dropped.
                let assessed = match extra {
                    None => fast(&reader, i, &mut household, &assessor),
                    Some(_) => None,
                };
                if let Some(a) = &assessed {
                    chunk.assessed(a);
                } else {
                    let (value, mut own) = arrow_row(slice, i);
                    own.extend(extra.cloned());
                    chunk.add(assess_one(&value, &own, &assessor));
                }
            }
            chunk.finish()
        })
        .collect();
    collect(parts)
}

/// The fast path: row `i` read straight into a typed household that passes the core's typed
/// check; `None` sends the row the JSON way (which gives its exact errors).
fn fast(
    reader: &crate::arrow_household::Reader<'_>,
    i: usize,
    household: &mut hengjie::model::Household,
    assessor: &Result<Assessor<'_>, Errors>,
) -> Option<Assessment> {
    let assessor = assessor.as_ref().ok()?;
    if !reader.read(i, household) {
        return None;
    }
    assessor.assess_typed(household)
}

/// The JSON value of row `i` of a record batch.
pub fn arrow_row(batch: &RecordBatch, i: usize) -> (Value, Vec<ErrorDetail>) {
    let mut reader = ArrowReader {
        errors: Vec::new(),
        path: Vec::new(),
    };
    let mut map = Map::new();
    for (field, column) in batch.schema_ref().fields().iter().zip(batch.columns()) {
        reader.path.push(Segment::Key(field.name()));
        if let Some(v) = reader.cell(column.as_ref(), i) {
            map.insert(field.name().clone(), v);
        }
        reader.path.pop();
    }
    (Value::Object(map), reader.errors)
}

/// A step of a JSON Pointer, kept unformatted until an error needs it.
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

struct ArrowReader<'a> {
    errors: Vec<ErrorDetail>,
    path: Vec<Segment<'a>>,
}

const NANOS_PER_DAY: i64 = 86_400_000_000_000;

impl<'a> ArrowReader<'a> {
    fn pointer(&self) -> String {
        let mut out = String::new();
        for segment in &self.path {
            out.push('/');
            match segment {
                Segment::Key(k) => out.push_str(&escape_pointer_token(k)),
                Segment::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }

    fn wrong(&mut self, en: String, zh: String) -> Option<Value> {
        let path = self.pointer();
        self.errors
            .push(ErrorDetail::new(ErrorCode::InvalidType, path, en, zh));
        Some(Value::Null)
    }

    fn date(&mut self, date: Option<Date>) -> Option<Value> {
        match date {
            Some(d) => {
                use chrono::Datelike;
                Some(Value::String(format!(
                    "{:04}-{:02}-{:02}",
                    d.year(),
                    d.month(),
                    d.day()
                )))
            }
            None => self.wrong(
                "the date is outside the calendar".to_owned(),
                "日期超出日历范围".to_owned(),
            ),
        }
    }

    /// A timestamp counts as a date only at midnight with no time zone.
    fn timestamp(&mut self, value: i64, per_day: i64, zoned: bool) -> Option<Value> {
        if zoned || value.rem_euclid(per_day) != 0 {
            return self.wrong(
                "expected a date, found a timestamp with a time of day or a time zone".to_owned(),
                "应为日期,实际为带时刻或时区的时间戳".to_owned(),
            );
        }
        let days = i32::try_from(value.div_euclid(per_day)).ok();
        self.date(days.and_then(|d| Date::from_num_days_from_ce_opt(d + EPOCH_DAYS_FROM_CE)))
    }

    /// The value at `i`, or `None` for a null (an absent field).
    fn cell(&mut self, array: &'a dyn Array, i: usize) -> Option<Value> {
        if array.data_type() == &DataType::Null || array.is_null(i) {
            return None;
        }
        match array.data_type() {
            DataType::Boolean => array.as_boolean_opt().map(|a| Value::Bool(a.value(i))),
            DataType::Utf8 => array
                .as_string_opt::<i32>()
                .map(|a| Value::from(a.value(i))),
            DataType::LargeUtf8 => array
                .as_string_opt::<i64>()
                .map(|a| Value::from(a.value(i))),
            DataType::Utf8View => array.as_string_view_opt().map(|a| Value::from(a.value(i))),
            DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
            | DataType::UInt64 => {
                crate::arrow_cells::int_value(array, i).map(|v| match i64::try_from(v) {
                    Ok(n) => Value::from(n),
                    // Only a UInt64 above i64::MAX gets here, and it fits a u64.
                    Err(_) => u64::try_from(v).map(Value::from).unwrap_or(Value::Null),
                })
            }
            DataType::Decimal128(_, _) => array
                .as_primitive_opt::<arrow_array::types::Decimal128Type>()
                .map(|a| Value::String(trim_decimal(a.value_as_string(i)))),
            DataType::Decimal256(_, _) => array
                .as_primitive_opt::<arrow_array::types::Decimal256Type>()
                .map(|a| Value::String(trim_decimal(a.value_as_string(i)))),
            DataType::Date32 => {
                let d = array
                    .as_primitive_opt::<arrow_array::types::Date32Type>()
                    .map(|a| a.value(i))?;
                self.date(
                    d.checked_add(EPOCH_DAYS_FROM_CE)
                        .and_then(Date::from_num_days_from_ce_opt),
                )
            }
            DataType::Date64 => {
                let ms = array.as_primitive_opt::<Date64Type>().map(|a| a.value(i))?;
                self.timestamp(ms, 86_400_000, false)
            }
            DataType::Timestamp(unit, tz) => {
                let (value, per_day) = match unit {
                    TimeUnit::Second => (
                        array
                            .as_primitive_opt::<TimestampSecondType>()
                            .map(|a| a.value(i)),
                        86_400,
                    ),
                    TimeUnit::Millisecond => (
                        array
                            .as_primitive_opt::<TimestampMillisecondType>()
                            .map(|a| a.value(i)),
                        86_400_000,
                    ),
                    TimeUnit::Microsecond => (
                        array
                            .as_primitive_opt::<TimestampMicrosecondType>()
                            .map(|a| a.value(i)),
                        86_400_000_000,
                    ),
                    TimeUnit::Nanosecond => (
                        array
                            .as_primitive_opt::<TimestampNanosecondType>()
                            .map(|a| a.value(i)),
                        NANOS_PER_DAY,
                    ),
                };
                self.timestamp(value?, per_day, tz.is_some())
            }
            DataType::Float16 | DataType::Float32 | DataType::Float64 => self.wrong(
                "expected an exact number (decimal, integer or string), found a float".to_owned(),
                "应为精确数值(十进制数、整数或字符串),实际为浮点数".to_owned(),
            ),
            DataType::Struct(_) => {
                let s = array.as_struct_opt()?;
                let mut map = Map::new();
                for (field, column) in s.fields().iter().zip(s.columns()) {
                    self.path.push(Segment::Key(field.name()));
                    if let Some(v) = self.cell(column.as_ref(), i) {
                        map.insert(field.name().clone(), v);
                    }
                    self.path.pop();
                }
                Some(Value::Object(map))
            }
            DataType::List(_) => {
                let l = array.as_list_opt::<i32>()?;
                let offsets = l.value_offsets();
                let (from, to) = (offsets.get(i)?, offsets.get(i + 1)?);
                let (from, to) = (usize::try_from(*from).ok()?, usize::try_from(*to).ok()?);
                Some(self.items(l.values().as_ref(), from, to))
            }
            DataType::LargeList(_) => {
                let l = array.as_list_opt::<i64>()?;
                let offsets = l.value_offsets();
                let (from, to) = (offsets.get(i)?, offsets.get(i + 1)?);
                let (from, to) = (usize::try_from(*from).ok()?, usize::try_from(*to).ok()?);
                Some(self.items(l.values().as_ref(), from, to))
            }
            DataType::Dictionary(_, _) => {
                let d = array.as_any_dictionary_opt()?;
                let key = dictionary_key(d.keys(), i)?;
                self.cell(d.values().as_ref(), key)
            }
            other => {
                let other = other.to_string();
                self.wrong(
                    format!(
                        "A value of Arrow type {other} cannot be read; use text, numbers or bools."
                    ),
                    format!("无法读取 Arrow 类型为 {other} 的值，请使用文字、数字或布尔值。"),
                )
            }
        }
    }

    fn items(&mut self, values: &'a dyn Array, from: usize, to: usize) -> Value {
        let mut items = Vec::with_capacity(to.saturating_sub(from));
        for (k, j) in (from..to).enumerate() {
            self.path.push(Segment::Index(k));
            items.push(self.cell(values, j).unwrap_or(Value::Null));
            self.path.pop();
        }
        Value::Array(items)
    }
}

fn dictionary_key(keys: &dyn Array, i: usize) -> Option<usize> {
    crate::arrow_cells::int_value(keys, i).and_then(|k| usize::try_from(k).ok())
}

/// A decimal's text without the zeros its Arrow scale adds (`12.5000` → `12.5`).
fn trim_decimal(text: String) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every assessable household vector: (assessment, its canonical JSON value).
    fn assessments() -> Vec<(Assessment, Value)> {
        let paths = hengjie_testkit::vector_files();
        let mut out = Vec::new();
        for path in paths {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            if v.get("kind").and_then(Value::as_str).unwrap_or("household") != "household" {
                continue;
            }
            let mut policy = Policy::default();
            if let Some(layer) = v.get("params").filter(|p| !p.is_null()) {
                match policy.with_layer_json(&layer.to_string()) {
                    Ok(p) => policy = p,
                    Err(_) => continue,
                }
            }
            let Some(date) = v["as_of"].as_str().and_then(|d| api::parse_as_of(d).ok()) else {
                continue;
            };
            if let Ok(a) = api::assess_value(&v["input"], date, &policy) {
                let json: Value = serde_json::from_str(&a.to_canonical_json()).unwrap();
                out.push((a, json));
            }
        }
        assert!(
            out.len() > 100,
            "only {} household vectors assessed",
            out.len()
        );
        out
    }

    /// The dotted names of every leaf of an output object (a null object counts as a leaf).
    fn leaves(value: &Value, prefix: &str, skip: &[&str], out: &mut Vec<String>) {
        let Value::Object(map) = value else { return };
        for (k, v) in map {
            if prefix.is_empty() && skip.contains(&k.as_str()) {
                continue;
            }
            let name = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                Value::Object(_) => leaves(v, &name, skip, out),
                _ => out.push(name),
            }
        }
    }

    fn covered(name: &str, cols: &[(&'static str, Kind)]) -> bool {
        cols.iter()
            .any(|(c, _)| *c == name || c.strip_prefix(name).is_some_and(|r| r.starts_with('.')))
    }

    #[test]
    fn every_leaf_of_the_assessment_has_a_column() {
        let households = columns(Level::Households);
        let members = columns(Level::Members);
        for (_, json) in assessments() {
            let mut names = Vec::new();
            leaves(
                &json,
                "",
                &["members", "reasons", "parameters", "warnings", "margins"],
                &mut names,
            );
            for m in json["margins"].as_array().unwrap() {
                let name = format!("margin.{}", m["decision"].as_str().unwrap());
                let cols = if m["person_id"].is_null() {
                    &households
                } else {
                    &members
                };
                assert!(covered(&name, cols), "margin `{name}` has no column");
            }
            // The per-layer list of the stamp has no column by decision (docs/python-tables.md):
            // a table carries the engine, the rules and the one policy digest.
            for name in names
                .into_iter()
                .filter(|n| n != "provenance.policy.layers")
            {
                assert!(
                    covered(&name, &households),
                    "household leaf `{name}` has no column"
                );
            }
            for member in json["members"].as_array().unwrap() {
                let mut names = Vec::new();
                leaves(member, "", &[], &mut names);
                for name in names {
                    assert!(
                        covered(&name, &members),
                        "member leaf `{name}` has no column"
                    );
                }
            }
        }
    }

    #[test]
    fn every_cell_fits_its_column_and_matches_the_json() {
        let all = assessments();
        for level in [Level::Households, Level::Members] {
            let outcomes: Vec<_> = all.iter().map(|(a, _)| (None, Ok(a.clone()))).collect();
            let (batch, mismatches) = build(level, &outcomes);
            assert_eq!(mismatches, 0);
            let rows: usize = match level {
                Level::Households => all.len(),
                Level::Members => all.iter().map(|(a, _)| a.members.len()).sum(),
            };
            assert_eq!(batch.num_rows(), rows);
        }
        // Money and words agree with the canonical JSON.
        let outcomes: Vec<_> = all.iter().map(|(a, _)| (None, Ok(a.clone()))).collect();
        let (batch, _) = build(Level::Households, &outcomes);
        let benefit = batch
            .column_by_name("dibao.monthly_benefit")
            .unwrap()
            .as_primitive::<arrow_array::types::Decimal128Type>();
        let status = batch
            .column_by_name("dibao.status")
            .unwrap()
            .as_string::<i32>();
        for (i, (_, json)) in all.iter().enumerate() {
            assert_eq!(
                benefit.value_as_string(i),
                json["dibao"]["monthly_benefit"].as_str().unwrap()
            );
            assert_eq!(status.value(i), json["dibao"]["status"].as_str().unwrap());
        }
    }

    #[test]
    fn an_arrow_row_reads_as_its_json() {
        let all = assessments();
        assert!(!all.is_empty());
        let schema = Arc::new(Schema::new(vec![
            Field::new("id", DataType::Utf8, true),
            Field::new("wages", DataType::Decimal128(12, 4), true),
            Field::new("grade", DataType::Float64, true),
            Field::new("born", DataType::Date32, true),
        ]));
        let batch = RecordBatch::try_new(
            schema,
            vec![
                Arc::new(arrow_array::StringArray::from(vec![Some("HH-1"), None])),
                Arc::new(
                    arrow_array::Decimal128Array::from(vec![Some(12_5000), Some(1)])
                        .with_precision_and_scale(12, 4)
                        .unwrap(),
                ),
                Arc::new(arrow_array::Float64Array::from(vec![Some(2.0), None])),
                Arc::new(arrow_array::Date32Array::from(vec![Some(19_000), None])),
            ],
        )
        .unwrap();
        let (value, own) = arrow_row(&batch, 0);
        assert_eq!(
            value,
            serde_json::json!({"id": "HH-1", "wages": "12.5", "grade": null, "born": "2022-01-08"})
        );
        assert_eq!(own.len(), 1);
        assert_eq!(own[0].path(), "/grade");
        assert_eq!(own[0].code(), ErrorCode::InvalidType);
        let (value, own) = arrow_row(&batch, 1);
        assert_eq!(value, serde_json::json!({"wages": "0.0001"}));
        assert!(own.is_empty());
    }

    /// Refused rows among assessed ones, at both ends and in a run: each has its first error and
    /// the count of its errors; every assessed row has nulls and a count of 0 (the `error.*` cells
    /// of assessed rows are appended in runs).
    #[test]
    fn error_cells_are_on_the_refused_rows_only() {
        let all = assessments();
        let bad = |path: &str, n: usize| {
            Err(Errors::new(
                (0..n)
                    .map(|k| {
                        ErrorDetail::new(
                            ErrorCode::InvalidType,
                            format!("{path}/{k}"),
                            "wrong type",
                            "类型不对",
                        )
                    })
                    .collect(),
            ))
        };
        let ok = |k: usize| Ok(all[k].0.clone());
        let outcomes: Vec<(Option<String>, Outcome)> = vec![
            (Some("HH-A".to_owned()), bad("/a", 2)),
            (None, ok(0)),
            (None, ok(1)),
            (None, bad("/b", 1)),
            (Some("HH-C".to_owned()), bad("/c", 3)),
            (None, ok(2)),
            (None, ok(3)),
        ];
        let members = |k: usize| all[k].0.members.len();
        // Per level: the rows of each outcome.
        for level in [Level::Households, Level::Members] {
            let rows = |o: usize| match (level, o) {
                (Level::Households, _) | (_, 0 | 3 | 4) => 1,
                (_, 1) => members(0),
                (_, 2) => members(1),
                (_, 5) => members(2),
                _ => members(3),
            };
            let mut code = Vec::new();
            let mut path = Vec::new();
            let mut count = Vec::new();
            let mut id = Vec::new();
            for (o, (c, p, n, i)) in [
                (Some("invalid_type"), Some("/a/0"), 2, Some("HH-A")),
                (None, None, 0, Some(all[0].0.household_id.as_str())),
                (None, None, 0, Some(all[1].0.household_id.as_str())),
                (Some("invalid_type"), Some("/b/0"), 1, None),
                (Some("invalid_type"), Some("/c/0"), 3, Some("HH-C")),
                (None, None, 0, Some(all[2].0.household_id.as_str())),
                (None, None, 0, Some(all[3].0.household_id.as_str())),
            ]
            .into_iter()
            .enumerate()
            {
                for _ in 0..rows(o) {
                    code.push(c);
                    path.push(p);
                    count.push(Some(n));
                    id.push(i);
                }
            }
            let (batch, mismatches) = build(level, &outcomes);
            assert_eq!(mismatches, 0);
            let text = |name: &str| -> Vec<Option<String>> {
                let column = batch.column_by_name(name).unwrap().as_string::<i32>();
                column.iter().map(|v| v.map(str::to_owned)).collect()
            };
            let owned = |v: Vec<Option<&str>>| -> Vec<Option<String>> {
                v.into_iter().map(|s| s.map(str::to_owned)).collect()
            };
            assert_eq!(text("error.code"), owned(code.clone()));
            assert_eq!(text("error.path"), owned(path));
            let en: Vec<_> = code.iter().map(|c| c.map(|_| "wrong type")).collect();
            let zh: Vec<_> = code.iter().map(|c| c.map(|_| "类型不对")).collect();
            assert_eq!(text("error.message_en"), owned(en));
            assert_eq!(text("error.message_zh"), owned(zh));
            assert_eq!(text("household_id"), owned(id));
            let counts = batch
                .column_by_name("error.count")
                .unwrap()
                .as_primitive::<arrow_array::types::Int32Type>();
            assert_eq!(counts.iter().collect::<Vec<_>>(), count);
            assert_eq!(counts.null_count(), 0);
            // A refused row has no assessed cell.
            let status = batch.column(batch.num_columns() - 1);
            for (row, c) in code.iter().enumerate() {
                if c.is_some() {
                    assert!(status.is_null(row), "{level:?} row {row}");
                }
            }
            // The stamp's cells (appended a run at a time) are each assessed row's own, the
            // vectors' dates and policies differing from row to row, and null on refused rows.
            if level == Level::Households {
                let stamp = |k: usize| {
                    let a = &all[k].0;
                    let digest = a.provenance.policy.digest.clone();
                    Some((days(a.as_of), a.jurisdiction.to_string(), digest))
                };
                let expected = [None, stamp(0), stamp(1), None, None, stamp(2), stamp(3)];
                let dates = batch
                    .column_by_name("as_of")
                    .unwrap()
                    .as_primitive::<arrow_array::types::Date32Type>();
                let (jurisdiction, digest) =
                    (text("jurisdiction"), text("provenance.policy.digest"));
                let engine = text("provenance.engine");
                for (row, want) in expected.iter().enumerate() {
                    let got = dates.is_valid(row).then(|| {
                        let (j, d) = (&jurisdiction[row], &digest[row]);
                        (dates.value(row), j.clone().unwrap(), d.clone().unwrap())
                    });
                    assert_eq!(&got, want, "row {row}");
                    let version = want.as_ref().map(|_| hengjie::ENGINE_VERSION.to_owned());
                    assert_eq!(engine[row], version, "row {row}");
                }
                assert!((0..4).any(|k| all[k].0.as_of != all[0].0.as_of));
            }
        }
        // A table of assessed rows only: every `error.*` cell is null, every count 0.
        let (batch, _) = build(Level::Households, &[(None, ok(0)), (None, ok(1))]);
        for name in [
            "error.code",
            "error.path",
            "error.message_en",
            "error.message_zh",
        ] {
            assert_eq!(batch.column_by_name(name).unwrap().null_count(), 2);
        }
        let counts = batch
            .column_by_name("error.count")
            .unwrap()
            .as_primitive::<arrow_array::types::Int32Type>();
        assert_eq!(counts.values().to_vec(), vec![0, 0]);
    }

    #[test]
    fn every_column_has_a_label_in_the_core_table() {
        let mut missing = Vec::new();
        for level in [Level::Households, Level::Members] {
            for (name, _) in columns(level) {
                if hengjie::labels::column_label(name).is_none() && !missing.contains(&name) {
                    missing.push(name);
                }
            }
        }
        assert!(
            missing.is_empty(),
            "columns without a label in core/src/labels.rs: {missing:?}"
        );
    }

    #[test]
    fn words_are_the_wire_words() {
        let all = assessments();
        let (a, json) = &all[0];
        assert_eq!(
            word(&a.dibao.status),
            json["dibao"]["status"].as_str().unwrap()
        );
        assert_eq!(word(&1_u32), "");
    }
}
