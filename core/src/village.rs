//! Village service standards (RULES §12) — 阳发〔2021〕30号 §四(三): a standardised clinic with a
//! qualified doctor or visits of at least 3 half-days a week; an employment platform with at least
//! two staff; job information pushed every month; the village ledger reported every month (RULES
//! §22, when `ledger_months` is given). And the farmland balance (RULES §13) —
//! §六(三): supplemented farmland no less in area and no worse in grade than what is occupied.

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use crate::date::{Date, add_months};
use crate::error::{Error, ErrorCode, ErrorDetail, Errors};
use crate::params::{Param, Policy};
use crate::validate::{Path, Validator, check_depth};

/// The most months a reporting period may span.
pub const MAX_PERIOD_MONTHS: u32 = 600;

/// A village's facilities over a reporting period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Village {
    pub id: String,
    pub clinic: Clinic,
    pub platform_staff: u32,
    /// The first day of the first month.
    pub period_start: Date,
    /// The first day of the last month.
    pub period_end: Date,
    /// First days of the months with job information pushed.
    pub job_info_months: Vec<Date>,
    /// First days of the months the village ledger was reported to the street office (RULES
    /// §22); `None` when not given: the ledger is then not assessed.
    pub ledger_months: Option<Vec<Date>>,
}

/// 村卫生室.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Clinic {
    pub present: bool,
    pub standardised: bool,
    pub qualified_doctors: u32,
    pub visit_half_days_per_week: u32,
}

/// The village assessment: `{village_id, compliant, gaps}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct VillageAssessment {
    pub village_id: String,
    pub compliant: bool,
    pub gaps: Vec<String>,
}

/// Checks a village against the standards in force on `as_of`.
pub fn assess_village(
    village: &Village,
    as_of: Date,
    policy: &Policy,
) -> Result<VillageAssessment, Error> {
    let params = policy.resolve(as_of).map_err(Error::Parameter)?;
    let mut gaps = Vec::new();
    let c = village.clinic;
    if !c.present {
        gaps.push("no_clinic".to_owned());
    } else {
        if !c.standardised {
            gaps.push("clinic_not_standard".to_owned());
        }
        if c.qualified_doctors < 1
            && c.visit_half_days_per_week < params.int(Param::VillageMinVisitHalfDays)
        {
            gaps.push("no_doctor_or_visits".to_owned());
        }
    }
    if village.platform_staff < params.int(Param::VillageMinPlatformStaff) {
        gaps.push("platform_understaffed".to_owned());
    }
    month_gaps(
        village,
        &village.job_info_months,
        "job_info_missing",
        &mut gaps,
    );
    if let Some(ledger) = &village.ledger_months {
        month_gaps(village, ledger, "ledger_missing", &mut gaps);
    }
    Ok(VillageAssessment {
        village_id: village.id.clone(),
        compliant: gaps.is_empty(),
        gaps,
    })
}

/// `<code>:YYYY-MM` for each month of the period that `listed` lacks, in month order.
fn month_gaps(village: &Village, listed: &[Date], code: &str, gaps: &mut Vec<String>) {
    let mut month = village.period_start;
    let mut n = 0;
    while month <= village.period_end && n <= MAX_PERIOD_MONTHS {
        if !listed.contains(&month) {
            gaps.push(format!("{code}:{}", month.format("%Y-%m")));
        }
        n += 1;
        match add_months(village.period_start, n) {
            Some(next) => month = next,
            None => break,
        }
    }
}

/// Validates and assesses a village value.
pub fn assess_village_value(
    value: &Value,
    as_of: Date,
    policy: &Policy,
) -> Result<VillageAssessment, Error> {
    policy.resolve(as_of).map_err(Error::Parameter)?;
    let village = parse_village(value).map_err(Error::InvalidInput)?;
    assess_village(&village, as_of, policy)
}

/// Validates a village value, reporting every error.
pub fn parse_village(value: &Value) -> Result<Village, Errors> {
    check_depth(value)?;
    let mut v = Validator::new(None);
    let village = v.village(value, &Path::Root);
    v.finish(village)
}

/// A farmland project (耕地占补平衡): areas in mu, grades 1 (best) to 10.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FarmlandProject {
    pub id: String,
    pub occupied_area: Decimal,
    pub occupied_grade: u32,
    pub supplemented_area: Decimal,
    pub supplemented_grade: u32,
}

/// `{project_id, compliant, gaps}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct FarmlandAssessment {
    pub project_id: String,
    pub compliant: bool,
    #[cfg_attr(feature = "schema", schemars(extend("items" = {"type": "string", "enum": ["area_short", "quality_lower"]})))]
    pub gaps: Vec<String>,
}

/// Checks the balance: `area_short` when less is supplemented than occupied, `quality_lower` when
/// the supplemented grade is worse (a higher number).
pub fn check_farmland(project: &FarmlandProject) -> FarmlandAssessment {
    let mut gaps = Vec::new();
    if project.supplemented_area < project.occupied_area {
        gaps.push("area_short".to_owned());
    }
    if project.supplemented_grade > project.occupied_grade {
        gaps.push("quality_lower".to_owned());
    }
    FarmlandAssessment {
        project_id: project.id.clone(),
        compliant: gaps.is_empty(),
        gaps,
    }
}

/// Validates and checks a farmland project value.
pub fn check_farmland_value(value: &Value) -> Result<FarmlandAssessment, Errors> {
    check_depth(value)?;
    let mut v = Validator::new(None);
    let project = v.farmland(value, &Path::Root);
    v.finish(project).map(|p| check_farmland(&p))
}

/// Helper for the month-range error of a village.
pub(crate) fn period_error(path: &Path<'_>, start: Date, end: Date) -> ErrorDetail {
    ErrorDetail::new(
        ErrorCode::InvalidValue,
        path.render(),
        format!(
            "the period starts `{}` after it ends `{}`",
            start.format("%Y-%m"),
            end.format("%Y-%m")
        ),
        format!(
            "报告期开始 `{}` 晚于结束 `{}`",
            start.format("%Y-%m"),
            end.format("%Y-%m")
        ),
    )
}
