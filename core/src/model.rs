//! The household input of CONTRACT.md, typed. Build one with [`crate::parse_household`] (all
//! errors at once, coded) or by hand; every field keeps the contract's name.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::date::Date;

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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
    /// 医疗机构级别: hospital level.
    HospitalLevel { Township = "township", County = "county", Municipal = "municipal" }
}

/// A household (农户) as of the assessment date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Household {
    pub id: String,
    pub village_id: Option<String>,
    /// 脱贫户: a registered poor household that has exited poverty.
    pub poverty_alleviated: bool,
    pub members: Vec<Member>,
    pub income: Income,
    pub previous_year_income: Option<Decimal>,
    pub rigid_expenditure: RigidExpenditure,
    pub housing_grade: Option<HousingGrade>,
    pub drinking_water_safe: bool,
    pub food_clothing_secure: bool,
    pub assets_within_limit: Option<bool>,
    /// 低保: present when the household receives it now.
    pub dibao: Option<DibaoReceipt>,
    /// Present when the household is on the monitoring roll now.
    pub monitoring: Option<MonitoringRecord>,
    pub credit: Option<Credit>,
    pub hospitalizations: Vec<Hospitalization>,
}

/// A member of the household.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub id: String,
    pub birth_date: Date,
    pub labor_capacity: LaborCapacity,
    pub medical_insured: bool,
    pub disability: Option<Disability>,
    pub schooling: Option<Schooling>,
    pub pension_insured: bool,
    /// 特困: supported as an extremely poor person now.
    pub tekun: bool,
    pub legal_supporter_able: bool,
    pub own_income: Decimal,
    pub employment: Employment,
}

/// A certified disability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Disability {
    pub grade: u8,
    pub category: DisabilityCategory,
}

/// Schooling status and stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Schooling {
    pub status: SchoolingStatus,
    pub stage: SchoolStage,
}

/// Employment wishes and state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Employment {
    pub wants_work: bool,
    pub wants_training: bool,
    pub employed: bool,
}

/// Annual net income of the 12 months before the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Income {
    pub wages: Decimal,
    pub business: Decimal,
    pub property: Decimal,
    pub transfers: Decimal,
}

impl Income {
    /// `net` = wages + business + property + transfers.
    pub fn net(&self) -> Decimal {
        self.wages + self.business + self.property + self.transfers
    }
}

/// 刚性支出: rigid expenditure of the 12 months before the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct RigidExpenditure {
    pub medical: Decimal,
    pub education: Decimal,
    pub disaster: Decimal,
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
pub struct DibaoReceipt {
    pub since: Date,
    pub current_monthly_benefit: Decimal,
    pub income_exceeded_on: Option<Date>,
}

/// The household's entry on the monitoring roll.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonitoringRecord {
    pub category: MonitoringCategory,
    pub since: Date,
    pub stable_income_months: u32,
    pub measures: u32,
}

/// Credit rating for small loans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Credit {
    pub rating_ok: bool,
    pub outstanding: Decimal,
}

/// One hospital stay of the 12 months before the as-of date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hospitalization {
    pub person_id: String,
    pub expense: Decimal,
    pub level: HospitalLevel,
}
