//! Village service standards — 阳发〔2021〕30号 §四(三): a standardised clinic with a qualified
//! doctor or visits of at least 3 half-days a week; an employment platform with at least two
//! staff; job information pushed every month; the village ledger reported every month (when
//! `ledger_months` is given). And the farmland balance — §六(三): supplemented farmland no less in
//! area and no worse in grade than what is occupied. The rules:
//! docs/rules/village.md#12-village-service-standards-村级服务标准 and
//! docs/rules/village.md#13-farmland-balance-耕地占补平衡.

use crate::json::{Input, Value};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::date::{Date, add_months};
use crate::error::{Error, Errors};
use crate::limits::MAX_LISTED_MONTHS;
use crate::money::MoneyTextError;
use crate::params::{Param, Policy};
use crate::validate::{Kind, Obj, Path, Problem, Validator, blank, check_depth, quote};

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
    /// First days of the months the village ledger was reported to the street office
    /// (docs/rules/village.md#12-village-service-standards-村级服务标准); `None` when not given:
    /// the ledger is then not assessed.
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
    value: &(impl Input + ?Sized),
    as_of: Date,
    policy: &Policy,
) -> Result<VillageAssessment, Error> {
    policy.resolve(as_of).map_err(Error::Parameter)?;
    let village = parse_village(value).map_err(Error::InvalidInput)?;
    assess_village(&village, as_of, policy)
}

/// Validates a village value, reporting every error.
pub fn parse_village(value: &(impl Input + ?Sized)) -> Result<Village, Errors> {
    let value = &*value.json();
    check_depth(value)?;
    let mut v = Validator::new(None, crate::labels::Document::Village);
    let village = v.village(value, &Path::Root);
    v.finish(village, Problem::Unreadable {})
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
pub fn check_farmland_value(value: &(impl Input + ?Sized)) -> Result<FarmlandAssessment, Errors> {
    let value = &*value.json();
    check_depth(value)?;
    let mut v = Validator::new(None, crate::labels::Document::Farmland);
    let project = v.farmland(value, &Path::Root);
    v.finish(project, Problem::Unreadable {})
        .map(|p| check_farmland(&p))
}

/// Reading a village or a farmland project, with the validator's primitives (the validator knows
/// nothing of villages: this module depends on it, not the other way round).
impl Validator {
    pub(crate) fn village(&mut self, value: &Value, path: &Path<'_>) -> Option<Village> {
        const KEYS: &[&str] = &[
            "id",
            "clinic",
            "platform_staff",
            "period_start",
            "period_end",
            "job_info_months",
            "ledger_months",
        ];
        let map = self.object(value, path, KEYS)?;
        let id = self.req_id(map, path);
        let clinic = self.required(map, "clinic", path).and_then(|v| {
            let cpath = path.key("clinic");
            let c = self.object(
                v,
                &cpath,
                &[
                    "present",
                    "standardised",
                    "qualified_doctors",
                    "visit_half_days_per_week",
                ],
            )?;
            let present = self.req_bool(c, "present", &cpath);
            let standardised = self.req_bool(c, "standardised", &cpath);
            let doctors = self.req_integer(c, "qualified_doctors", &cpath, 0, 10_000);
            let visits = self.req_integer(c, "visit_half_days_per_week", &cpath, 0, 14);
            Some(Clinic {
                present: present?,
                standardised: standardised?,
                qualified_doctors: doctors?,
                visit_half_days_per_week: visits?,
            })
        });
        let staff = self.req_integer(map, "platform_staff", path, 0, 10_000);
        let start = self
            .required(map, "period_start", path)
            .and_then(|v| self.month(v, &path.key("period_start")));
        let end = self
            .required(map, "period_end", path)
            .and_then(|v| self.month(v, &path.key("period_end")));
        let end = match (start, end) {
            (Some(start), Some(end)) if start > end => {
                self.push(
                    &path.key("period_end"),
                    Problem::PeriodReversed { start, end },
                );
                None
            }
            (Some(start), Some(e)) if crate::date::whole_months(start, e) >= MAX_PERIOD_MONTHS => {
                let max = MAX_PERIOD_MONTHS;
                let last = add_months(start, max - 1).unwrap_or(start);
                self.push(
                    &path.key("period_end"),
                    Problem::PeriodTooLong { start, last, max },
                );
                None
            }
            (_, e) => e,
        };
        let months = match Self::optional(map, "job_info_months") {
            None => Some(Vec::new()),
            Some(v) => self.months(v, &path.key("job_info_months")),
        };
        // Absent: the ledger is not assessed
        // (docs/rules/village.md#12-village-service-standards-村级服务标准).
        let ledger = match Self::optional(map, "ledger_months") {
            None => Some(None),
            Some(v) => self.months(v, &path.key("ledger_months")).map(Some),
        };
        Some(Village {
            id: id?,
            clinic: clinic?,
            platform_staff: staff?,
            period_start: start?,
            period_end: end?,
            job_info_months: months?,
            ledger_months: ledger?,
        })
    }

    /// A list of months, at most 10000.
    fn months(&mut self, value: &Value, path: &Path<'_>) -> Option<Vec<Date>> {
        match value {
            Value::Array(items) if items.len() > MAX_LISTED_MONTHS => {
                let field = self.label(path);
                let count = items.len();
                self.push(path, Problem::TooManyMonths { field, count });
                None
            }
            Value::Array(items) => {
                let parsed: Vec<Option<Date>> = items
                    .iter()
                    .enumerate()
                    .map(|(i, m)| self.month(m, &path.index(i)))
                    .collect();
                parsed.into_iter().collect()
            }
            other => {
                self.wrong_type(other, path, Kind::Array);
                None
            }
        }
    }

    /// An area in mu: decimal text (number or string), 0 ..= 10^10, at most 4 decimals.
    fn area(&mut self, map: &Obj, key: &str, path: &Path<'_>) -> Option<Decimal> {
        let v = self.required(map, key, path)?;
        let apath = path.key(key);
        let text = match v {
            Value::Number(n) => n.to_string(),
            Value::String(s) if blank(s) => {
                self.empty(&apath);
                return None;
            }
            Value::String(s) => s.clone(),
            other => {
                self.wrong_type(other, &apath, Kind::Area);
                return None;
            }
        };
        let parsed = crate::money::parse_decimal_text(&text, 4);
        if let Ok(d) = parsed
            && (!d.is_sign_negative() || d.is_zero())
        {
            return Some(d);
        }
        let field = self.label(&apath);
        let value = quote(v);
        let problem = match parsed {
            Ok(_) => Problem::NegativeArea { field, value },
            Err(MoneyTextError::Range) => Problem::AreaTooLarge { field, value },
            Err(MoneyTextError::Format) => Problem::NotAnArea { field, value },
        };
        self.push(&apath, problem);
        None
    }

    pub(crate) fn farmland(&mut self, value: &Value, path: &Path<'_>) -> Option<FarmlandProject> {
        const KEYS: &[&str] = &[
            "id",
            "occupied_area",
            "occupied_grade",
            "supplemented_area",
            "supplemented_grade",
        ];
        let map = self.object(value, path, KEYS)?;
        let id = self.req_id(map, path);
        let occupied_area = self.area(map, "occupied_area", path);
        let occupied_grade = self.req_integer(map, "occupied_grade", path, 1, 10);
        let supplemented_area = self.area(map, "supplemented_area", path);
        let supplemented_grade = self.req_integer(map, "supplemented_grade", path, 1, 10);
        Some(FarmlandProject {
            id: id?,
            occupied_area: occupied_area?,
            occupied_grade: occupied_grade?,
            supplemented_area: supplemented_area?,
            supplemented_grade: supplemented_grade?,
        })
    }
}
