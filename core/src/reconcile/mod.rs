//! Department data comparison (部门信息比对, docs/reconcile.md): departments' rosters (名单) against the
//! households' own declarations. Pure: rosters arrive as typed rows (the `hengjie-tables` crate
//! reads files), households one at a time in input order, and the answer is a warning list
//! (预警名单) of [`Signal`]s with, per household, the decisions the rosters' facts would change.
//!
//! ```
//! use hengjie::{Policy, api, reconcile::{Reconciler, RosterKind, Rosters, RowOutcome, RowValues}};
//! let policy = Policy::default();
//! let as_of = api::parse_as_of("2021-06-30").unwrap();
//! let mut rosters = Rosters::new();
//! let file = rosters.add_file(RosterKind::Tekun, None);
//! rosters.add_row(RosterKind::Tekun, file, 1, RowOutcome::Valid {
//!     id_number: "11010519491231002X".into(), values: RowValues::Listed });
//! let mut reconciler = Reconciler::new(&policy, as_of, rosters).unwrap();
//! let household = serde_json::json!({"id": "HH-1", "poverty_alleviated": false,
//!     "members": [{"id": "P1", "birth_date": "1949-12-31", "labor_capacity": "none",
//!                  "medical_insured": true, "id_number": "11010519491231002X"}]});
//! let prepared = reconciler.prepare(&household);
//! let outcome = reconciler.compare(prepared);
//! assert_eq!(outcome.signals().unwrap()[0].code.as_str(), "tekun_not_declared");
//! ```

mod engine;
pub mod id;
mod signal;

use rust_decimal::Decimal;

use crate::date::Date;
use crate::model::{DisabilityCategory, SchoolingStatus};

pub use engine::{
    Change, Document, HOUSEHOLD_DECISIONS, HouseholdOutcome, MEMBER_DECISIONS, Prepared,
    Reconciler, RosterSummary, Summary, Tail, Validator, reconcile_texts, reconcile_values,
};
pub use signal::{Action, Code, Severity, Signal};

/// A department's roster kind, in the order docs/reconcile.md lists them (the order of `rosters` in
/// the output and of household-less signals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RosterKind {
    /// 低保名单 (民政): the person's household receives dibao now.
    Dibao,
    /// 特困人员名单 (民政).
    Tekun,
    /// 基本医疗保险参保名单 (医保).
    MedicalInsured,
    /// 医疗费用结算名单 (医保): one settlement's personal out-of-pocket cost per row.
    MedicalCost,
    /// 学籍名单 (教育).
    School,
    /// 残疾人证名单 (残联).
    Disability,
    /// 死亡/户籍注销名单 (公安, 民政).
    Deceased,
    /// 城乡居民养老保险参保名单 (人社).
    PensionInsured,
    /// 比对排除名单 (市场监管, 车管, 住建, 组织人事): vehicles, businesses, public employees, urban housing.
    Exclusion,
}

/// A roster column: its canonical name and whether a row must have it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
}

const fn col(name: &'static str, required: bool) -> Column {
    Column { name, required }
}

impl RosterKind {
    /// Every kind, in order.
    pub const ALL: [RosterKind; 9] = [
        RosterKind::Dibao,
        RosterKind::Tekun,
        RosterKind::MedicalInsured,
        RosterKind::MedicalCost,
        RosterKind::School,
        RosterKind::Disability,
        RosterKind::Deceased,
        RosterKind::PensionInsured,
        RosterKind::Exclusion,
    ];

    /// The word used on the wire and the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            RosterKind::Dibao => "dibao",
            RosterKind::Tekun => "tekun",
            RosterKind::MedicalInsured => "medical_insured",
            RosterKind::MedicalCost => "medical_cost",
            RosterKind::School => "school",
            RosterKind::Disability => "disability",
            RosterKind::Deceased => "deceased",
            RosterKind::PensionInsured => "pension_insured",
            RosterKind::Exclusion => "exclusion",
        }
    }

    /// Reads a kind word.
    pub fn from_wire(word: &str) -> Option<Self> {
        RosterKind::ALL.into_iter().find(|k| k.as_str() == word)
    }

    /// Its position in [`RosterKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Its columns besides `id_number`, in the contract's order.
    pub fn columns(self) -> &'static [Column] {
        const DIBAO: &[Column] = &[col("monthly_benefit", false), col("since", false)];
        const COST: &[Column] = &[col("out_of_pocket", true)];
        const SCHOOL: &[Column] = &[col("status", true)];
        const DISABILITY: &[Column] = &[col("grade", true), col("category", true)];
        const DECEASED: &[Column] = &[col("date", true)];
        const EXCLUSION: &[Column] = &[col("reason", true)];
        match self {
            RosterKind::Dibao => DIBAO,
            RosterKind::MedicalCost => COST,
            RosterKind::School => SCHOOL,
            RosterKind::Disability => DISABILITY,
            RosterKind::Deceased => DECEASED,
            RosterKind::Exclusion => EXCLUSION,
            RosterKind::Tekun | RosterKind::MedicalInsured | RosterKind::PensionInsured => &[],
        }
    }

    /// The department that keeps it.
    pub fn department_zh(self) -> &'static str {
        match self {
            RosterKind::Dibao | RosterKind::Tekun => "民政",
            RosterKind::MedicalInsured | RosterKind::MedicalCost => "医保",
            RosterKind::School => "教育",
            RosterKind::Disability => "残联",
            RosterKind::Deceased => "公安/民政",
            RosterKind::PensionInsured => "人社",
            RosterKind::Exclusion => "市场监管/车管/住建/组织人事",
        }
    }
}

/// A finding that normally rules out means-tested support (比对类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionReason {
    /// 车辆 / 机动车
    Vehicle,
    /// 工商登记 / 个体工商户 / 企业法人
    Business,
    /// 财政供养 / 公职人员
    PublicEmployee,
    /// 城镇住房 / 商品房
    UrbanHousing,
}

impl ExclusionReason {
    /// Every reason, in contract order.
    pub const ALL: [ExclusionReason; 4] = [
        ExclusionReason::Vehicle,
        ExclusionReason::Business,
        ExclusionReason::PublicEmployee,
        ExclusionReason::UrbanHousing,
    ];

    /// The word used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ExclusionReason::Vehicle => "vehicle",
            ExclusionReason::Business => "business",
            ExclusionReason::PublicEmployee => "public_employee",
            ExclusionReason::UrbanHousing => "urban_housing",
        }
    }

    /// Reads a wire word.
    pub fn from_wire(word: &str) -> Option<Self> {
        ExclusionReason::ALL
            .into_iter()
            .find(|r| r.as_str() == word)
    }
}

/// The typed values of one valid roster row, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowValues {
    /// `dibao`: both optional.
    Dibao {
        monthly_benefit: Option<Decimal>,
        since: Option<Date>,
    },
    /// `tekun`, `medical_insured`, `pension_insured`: being listed is the fact.
    Listed,
    /// `medical_cost`: one settlement.
    MedicalCost { out_of_pocket: Decimal },
    /// `school`: `enrolled`, `not_enrolled` or `completed`.
    School { status: SchoolingStatus },
    /// `disability`.
    Disability {
        grade: u8,
        category: DisabilityCategory,
    },
    /// `deceased`.
    Deceased { date: Date },
    /// `exclusion`.
    Exclusion { reason: ExclusionReason },
}

/// Why a row is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowProblem {
    /// The id cell is an Excel number: Excel keeps 15 significant digits, so the last 3 are lost.
    NumericIdCell,
    /// The id looks like Excel's rounding of an 18-digit number (E-notation, or ending in `000`
    /// with a wrong check digit).
    ExcelMangledId,
    /// A 15-digit first-generation id number.
    FirstGenerationId,
    /// A required value is missing.
    Missing,
    /// A value cannot be read.
    Invalid,
}

/// One roster row as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowOutcome {
    /// A row with a well-formed `id_number` (canonical: `x` read as `X`) and valid values.
    Valid {
        id_number: String,
        values: RowValues,
    },
    /// A row with an invalid id or an invalid or missing required value: one
    /// `roster_row_invalid`. `id_number` is the canonical id when it is well-formed (it then
    /// shadows absence-based signals and facts); `column` the canonical name of the first bad
    /// column (`id_number` first, then the table's order).
    Invalid {
        id_number: Option<String>,
        column: &'static str,
        problem: RowProblem,
    },
}

/// A file (or in-memory table) of a roster, by its position in the roster's argument order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub(crate) u32);

/// The supplied rosters, indexed by id number. Rows are added file by file in argument order,
/// each file's rows in order; the first valid row of a person is the one signals point to.
#[derive(Debug, Default)]
pub struct Rosters {
    kinds: [Option<engine::KindRoster>; 9],
    other: Vec<engine::Pending>,
}

impl Rosters {
    /// No roster supplied.
    pub fn new() -> Self {
        Rosters::default()
    }

    /// Declares the next file of a kind (`None` for an in-memory table); the kind counts as
    /// supplied from now on, even if the file has no rows.
    pub fn add_file(&mut self, kind: RosterKind, name: Option<String>) -> FileId {
        let roster = self.kind_mut(kind);
        roster.files.push(name);
        FileId(u32::try_from(roster.files.len().saturating_sub(1)).unwrap_or(u32::MAX))
    }

    /// Makes room for about `people` more people in a kind's roster (a file's line count), so
    /// that its map is not grown and copied again and again while it fills. An estimate: it
    /// changes nothing but the time and memory taken.
    pub fn reserve(&mut self, kind: RosterKind, people: usize) {
        self.kind_mut(kind).reserve(people);
    }

    /// Adds a data row (`row` counts from 1 after the header, blank rows included).
    pub fn add_row(&mut self, kind: RosterKind, file: FileId, row: u64, outcome: RowOutcome) {
        let pending = self.kind_mut(kind).add_row(kind, file, row, outcome);
        self.other.extend(pending);
    }

    /// Takes over the kinds of `other` that this one lacks (read rosters of different kinds on
    /// different threads, then merge them). A kind both have keeps this one's rows only.
    pub fn merge(&mut self, other: Rosters) {
        let Rosters { kinds, other } = other;
        for (mine, theirs) in self.kinds.iter_mut().zip(kinds) {
            if mine.is_none() {
                *mine = theirs;
            }
        }
        self.other.extend(other);
    }

    /// Whether a kind was supplied.
    pub fn supplied(&self, kind: RosterKind) -> bool {
        self.get(kind).is_some()
    }

    fn get(&self, kind: RosterKind) -> Option<&engine::KindRoster> {
        self.kinds.get(kind.index()).and_then(Option::as_ref)
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "a kind's index is below 9, the array's length"
    )]
    fn kind_mut(&mut self, kind: RosterKind) -> &mut engine::KindRoster {
        self.kinds[kind.index()].get_or_insert_with(engine::KindRoster::default)
    }
}
