//! The household input of docs/contract.md, typed. Build one with [`crate::parse_household`] (all
//! errors at once, coded) or by hand; every field keeps the contract's name.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::date::Date;

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $wire)] $variant),+
        }

        impl $name {
            /// Every value, in contract order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word used on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            /// Reads a wire word.
            pub fn from_wire(word: &str) -> Option<Self> {
                match word { $($wire => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_enum! {
    /// 劳动能力: labour capacity of a member.
    LaborCapacity { Full = "full", Partial = "partial", None = "none" }
}

wire_enum! {
    /// 残疾类别: disability category.
    DisabilityCategory {
        Visual = "visual", Hearing = "hearing", Speech = "speech", Physical = "physical",
        Intellectual = "intellectual", Mental = "mental", Multiple = "multiple",
    }
}

wire_enum! {
    /// 在学状态: schooling status.
    SchoolingStatus {
        Enrolled = "enrolled", NotEnrolled = "not_enrolled", ExemptHealth = "exempt_health",
        Completed = "completed",
    }
}

wire_enum! {
    /// 学段: school stage.
    SchoolStage {
        Preschool = "preschool", Primary = "primary", JuniorSecondary = "junior_secondary",
        SeniorSecondary = "senior_secondary", SecondaryVocational = "secondary_vocational",
        HigherVocational = "higher_vocational", Undergraduate = "undergraduate",
        Postgraduate = "postgraduate",
    }
}

wire_enum! {
    /// 住房安全等级: housing safety grade (C and D are unsafe, 危房).
    HousingGrade { A = "A", B = "B", C = "C", D = "D" }
}

wire_enum! {
    /// 监测对象类别: the three kinds of monitored household.
    MonitoringCategory {
        /// 脱贫不稳定户
        UnstableAlleviated = "unstable_alleviated",
        /// 边缘易致贫户
        Marginal = "marginal",
        /// 突发严重困难户
        SuddenHardship = "sudden_hardship",
    }
}

wire_enum! {
    /// 监护情况: who raises a child (docs/rules/children.md).
    #[derive(Default)]
    Guardianship {
        /// 父母抚养 (the default).
        #[default]
        Parents = "parents",
        /// 孤儿: both parents dead, declared missing or unknown.
        Orphan = "orphan",
        /// 事实无人抚养儿童: parents alive (or one dead) but neither able to raise the child.
        Unattended = "unattended",
    }
}

wire_enum! {
    /// 医疗机构级别: hospital level.
    HospitalLevel { Township = "township", County = "county", Municipal = "municipal" }
}

/// A household (农户) as of the assessment date.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Household {
    // Not blank: an empty or blank id is `empty_value` (docs/contract.md#errors).
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = crate::limits::MAX_ID_CHARS), extend("pattern" = r"\S")))]
    pub id: String,
    // Not blank: an empty or blank id is `empty_value` (docs/contract.md#errors).
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = crate::limits::MAX_ID_CHARS), extend("pattern" = r"\S")))]
    pub village_id: Option<String>,
    /// 脱贫户: a registered poor household that has exited poverty.
    pub poverty_alleviated: bool,
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = crate::limits::MAX_MEMBERS)))]
    pub members: Vec<Member>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<Income>"))]
    pub income: Income,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("type" = ["string", "number", "null"], "pattern" = crate::limits::MONEY_PATTERN, "minimum" = 0, "maximum" = crate::limits::MONEY_BOUND_INT)))]
    pub previous_year_income: Option<Decimal>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<RigidExpenditure>"))]
    pub rigid_expenditure: RigidExpenditure,
    pub housing_grade: Option<HousingGrade>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>", extend("default" = true)))]
    pub drinking_water_safe: bool,
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>", extend("default" = true)))]
    pub food_clothing_secure: bool,
    pub assets_within_limit: Option<bool>,
    /// 低保: present when the household receives it now.
    pub dibao: Option<DibaoReceipt>,
    /// Present when the household is on the monitoring roll now.
    pub monitoring: Option<MonitoringRecord>,
    pub credit: Option<Credit>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<Hospitalization>>"))]
    pub hospitalizations: Vec<Hospitalization>,
}

/// A member of the household.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Member {
    // Not blank: an empty or blank id is `empty_value` (docs/contract.md#errors).
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = crate::limits::MAX_ID_CHARS), extend("pattern" = r"\S")))]
    pub id: String,
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date", "pattern" = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))]
    pub birth_date: Date,
    pub labor_capacity: LaborCapacity,
    pub medical_insured: bool,
    pub disability: Option<Disability>,
    pub schooling: Option<Schooling>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>", extend("default" = false)))]
    pub pension_insured: bool,
    /// 特困: supported as an extremely poor person now.
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>", extend("default" = false)))]
    pub tekun: bool,
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>", extend("default" = true)))]
    pub legal_supporter_able: bool,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("type" = ["string", "number", "null"], "pattern" = crate::limits::MONEY_PATTERN, "minimum" = 0, "maximum" = crate::limits::MONEY_BOUND_INT)))]
    pub own_income: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "Option<Employment>"))]
    pub employment: Employment,
    /// 监护情况 (docs/rules/children.md); absent means `parents`.
    #[cfg_attr(feature = "schema", schemars(with = "Option<Guardianship>", extend("default" = "parents")))]
    pub guardianship: Guardianship,
    /// 能否生活自理 (docs/rules/care.md); absent means true.
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>", extend("default" = true)))]
    pub self_care_able: bool,
    /// 公民身份号码: used only by department comparison, never printed by an assessment.
    #[cfg_attr(feature = "schema", schemars(pattern(r"^[0-9]{17}[0-9Xx]$")))]
    pub id_number: Option<String>,
}

impl Household {
    /// A household whose every optional field is absent, holding what the contract reads for
    /// each (docs/contract.md#household-input, "values and default"): no village, zero income
    /// and rigid expenditure, no previous year's income, no housing grade, drinking water safe
    /// and food and clothing secure (default true), the asset test not given (`None`: read as
    /// true, with a warning), no dibao, no monitoring, no credit, no hospital stays. `null` on
    /// input means absent, so a `null` is read as the same value.
    ///
    /// Each default is written here once; every reader of a household (the slow JSON reader, the
    /// fast one, the Arrow rows) starts from it or takes a field's default from it. The required
    /// fields are placeholders for a reader to fill: an empty `id`, no members, not
    /// `poverty_alleviated`.
    #[inline]
    #[must_use]
    pub fn absent() -> Household {
        Household {
            id: String::new(),
            village_id: None,
            poverty_alleviated: false,
            members: Vec::new(),
            income: Income::default(),
            previous_year_income: None,
            rigid_expenditure: RigidExpenditure::default(),
            housing_grade: None,
            drinking_water_safe: true,
            food_clothing_secure: true,
            assets_within_limit: None,
            dibao: None,
            monitoring: None,
            credit: None,
            hospitalizations: Vec::new(),
        }
    }
}

impl Member {
    /// A member whose every optional field is absent, holding what the contract reads for each
    /// (docs/contract.md#household-input, the member's "values and default"): no disability, no
    /// schooling, not pension-insured and not 特困 (default false), a legal supporter able to
    /// support (default true), no own income (0), no employment wishes (each default false),
    /// raised by the parents (`parents`, the default), able to care for themselves (default
    /// true), no id number. `null` on input is read as the same value.
    ///
    /// Each default is written here once (see [`Household::absent`]). The required fields are
    /// placeholders for a reader to fill: an empty `id`, the earliest date, labour capacity
    /// `none`, not medically insured.
    #[inline]
    #[must_use]
    pub fn absent() -> Member {
        Member {
            id: String::new(),
            birth_date: Date::MIN,
            labor_capacity: LaborCapacity::None,
            medical_insured: false,
            disability: None,
            schooling: None,
            pension_insured: false,
            tekun: false,
            legal_supporter_able: true,
            own_income: Decimal::ZERO,
            employment: Employment::default(),
            guardianship: Guardianship::default(),
            self_care_able: true,
            id_number: None,
        }
    }
}

/// A certified disability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Disability {
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = crate::limits::MAX_DISABILITY_GRADE)))]
    pub grade: u8,
    pub category: DisabilityCategory,
}

/// Schooling status and stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Schooling {
    pub status: SchoolingStatus,
    pub stage: SchoolStage,
}

/// Employment wishes and state.
// Its `Default` (each false) is the contract's default of each field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Employment {
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>", extend("default" = false)))]
    pub wants_work: bool,
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>", extend("default" = false)))]
    pub wants_training: bool,
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>", extend("default" = false)))]
    pub employed: bool,
}

/// Annual net income of the 12 months before the as-of date.
// Its `Default` (each 0) is the contract's default of each field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Income {
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("type" = ["string", "number", "null"], "pattern" = crate::limits::MONEY_PATTERN, "minimum" = 0, "maximum" = crate::limits::MONEY_BOUND_INT)))]
    pub wages: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("type" = ["string", "number", "null"], "pattern" = crate::limits::SIGNED_MONEY_PATTERN, "minimum" = -crate::limits::MONEY_BOUND_INT, "maximum" = crate::limits::MONEY_BOUND_INT)))]
    pub business: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("type" = ["string", "number", "null"], "pattern" = crate::limits::SIGNED_MONEY_PATTERN, "minimum" = -crate::limits::MONEY_BOUND_INT, "maximum" = crate::limits::MONEY_BOUND_INT)))]
    pub property: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("type" = ["string", "number", "null"], "pattern" = crate::limits::MONEY_PATTERN, "minimum" = 0, "maximum" = crate::limits::MONEY_BOUND_INT)))]
    pub transfers: Decimal,
}

impl Income {
    /// `net` = wages + business + property + transfers.
    pub fn net(&self) -> Decimal {
        self.wages + self.business + self.property + self.transfers
    }
}

/// 刚性支出: rigid expenditure of the 12 months before the as-of date.
// Its `Default` (each 0) is the contract's default of each field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct RigidExpenditure {
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("type" = ["string", "number", "null"], "pattern" = crate::limits::MONEY_PATTERN, "minimum" = 0, "maximum" = crate::limits::MONEY_BOUND_INT)))]
    pub medical: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("type" = ["string", "number", "null"], "pattern" = crate::limits::MONEY_PATTERN, "minimum" = 0, "maximum" = crate::limits::MONEY_BOUND_INT)))]
    pub education: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("type" = ["string", "number", "null"], "pattern" = crate::limits::MONEY_PATTERN, "minimum" = 0, "maximum" = crate::limits::MONEY_BOUND_INT)))]
    pub disaster: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("type" = ["string", "number", "null"], "pattern" = crate::limits::MONEY_PATTERN, "minimum" = 0, "maximum" = crate::limits::MONEY_BOUND_INT)))]
    pub accident: Decimal,
}

impl RigidExpenditure {
    /// `rigid` = the sum of the components.
    pub fn total(&self) -> Decimal {
        self.medical + self.education + self.disaster + self.accident
    }
}

/// The dibao the household receives now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct DibaoReceipt {
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date", "pattern" = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))]
    pub since: Date,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("type" = ["string", "number", "null"], "pattern" = crate::limits::MONEY_PATTERN, "minimum" = 0, "maximum" = crate::limits::MONEY_BOUND_INT)))]
    pub current_monthly_benefit: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("format" = "date", "pattern" = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))]
    pub income_exceeded_on: Option<Date>,
}

/// The household's entry on the monitoring roll.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct MonitoringRecord {
    pub category: MonitoringCategory,
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date", "pattern" = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))]
    pub since: Date,
    #[cfg_attr(feature = "schema", schemars(with = "Option<u32>", range(max = crate::limits::MAX_STABLE_INCOME_MONTHS), extend("default" = 0)))]
    pub stable_income_months: u32,
    #[cfg_attr(feature = "schema", schemars(with = "Option<u32>", range(max = crate::limits::MAX_MEASURES), extend("default" = 0)))]
    pub measures: u32,
}

/// Credit rating for small loans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Credit {
    pub rating_ok: bool,
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("type" = ["string", "number", "null"], "pattern" = crate::limits::MONEY_PATTERN, "minimum" = 0, "maximum" = crate::limits::MONEY_BOUND_INT)))]
    pub outstanding: Decimal,
}

/// One hospital stay of the 12 months before the as-of date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Hospitalization {
    // Not blank: an empty or blank id is `empty_value` (docs/contract.md#errors).
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = crate::limits::MAX_ID_CHARS), extend("pattern" = r"\S")))]
    pub person_id: String,
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("type" = ["string", "number"], "pattern" = crate::limits::MONEY_PATTERN, "minimum" = 0, "maximum" = crate::limits::MONEY_BOUND_INT)))]
    pub expense: Decimal,
    pub level: HospitalLevel,
}
