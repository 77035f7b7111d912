//! The fast path of the batch layer: an Arrow row read straight into a typed [`Household`], with
//! no JSON value in between. It reads only what it is sure of — the contract's field names with
//! the plain Arrow types (strings, booleans, integers, `decimal128`, `date32`, text money and
//! dates) — and gives `None` for anything else (an unknown field, a float, a dictionary, a
//! missing required field, a word outside its list, ...). A `None`, or a household the core's
//! typed check refuses, goes the JSON way instead ([`crate::batch::arrow_row`]), which reports
//! the errors exactly; so the fast path changes speed, never an answer (a test compares both
//! paths on every vector).

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Decimal128Type};
use arrow_array::{Array, RecordBatch, StructArray};
use arrow_schema::DataType;
use hengjie::date::{Date, parse_date};
use hengjie::model::{
    Credit, DibaoReceipt, Disability, DisabilityCategory, Employment, Guardianship, HospitalLevel,
    Hospitalization, Household, HousingGrade, Income, LaborCapacity, Member, MonitoringCategory,
    MonitoringRecord, RigidExpenditure, SchoolStage, Schooling, SchoolingStatus,
};
use hengjie::money::parse_money_text;
use rust_decimal::Decimal;

const EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// A cell: `Ok(None)` for a null, `Err(())` when the fast path cannot read it.
type Cell<T> = Result<Option<T>, ()>;

fn text(a: &dyn Array, i: usize) -> Cell<&str> {
    if a.is_null(i) {
        return Ok(None);
    }
    match a.data_type() {
        DataType::Utf8 => a.as_string_opt::<i32>().map(|s| s.value(i)),
        DataType::LargeUtf8 => a.as_string_opt::<i64>().map(|s| s.value(i)),
        DataType::Utf8View => a.as_string_view_opt().map(|s| s.value(i)),
        _ => None,
    }
    .map(Some)
    .ok_or(())
}

fn boolean(a: &dyn Array, i: usize) -> Cell<bool> {
    if a.is_null(i) {
        return Ok(None);
    }
    a.as_boolean_opt().map(|b| Some(b.value(i))).ok_or(())
}

fn integer(a: &dyn Array, i: usize) -> Cell<i128> {
    if a.is_null(i) {
        return Ok(None);
    }
    int_value(a, i).map(Some).ok_or(())
}

use crate::arrow_cells::int_value;

/// Money as the JSON path reads it: text strictly, integers exactly, decimals without the zeros
/// their scale adds.
fn money(a: &dyn Array, i: usize) -> Cell<Decimal> {
    if a.is_null(i) {
        return Ok(None);
    }
    match a.data_type() {
        DataType::Decimal128(_, scale) => {
            let v = a.as_primitive_opt::<Decimal128Type>().ok_or(())?.value(i);
            let scale = u32::try_from(*scale).map_err(|_| ())?;
            Decimal::try_from_i128_with_scale(v, scale)
                .map(|d| Some(d.normalize()))
                .map_err(|_| ())
        }
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let t = text(a, i)?.ok_or(())?;
            parse_money_text(t).map(Some).map_err(|_| ())
        }
        _ => {
            let v = integer(a, i)?.ok_or(())?;
            // Beyond the money bound the JSON path reports out_of_range: let it.
            i64::try_from(v)
                .map(|v| Some(Decimal::from(v)))
                .map_err(|_| ())
        }
    }
}

fn date(a: &dyn Array, i: usize) -> Cell<Date> {
    if a.is_null(i) {
        return Ok(None);
    }
    match a.data_type() {
        DataType::Date32 => {
            let d = a.as_primitive_opt::<Date32Type>().ok_or(())?.value(i);
            d.checked_add(EPOCH_DAYS_FROM_CE)
                .and_then(Date::from_num_days_from_ce_opt)
                .map(Some)
                .ok_or(())
        }
        _ => parse_date(text(a, i)?.ok_or(())?).map(Some).map_err(|_| ()),
    }
}

fn word<T>(a: &dyn Array, i: usize, from_wire: fn(&str) -> Option<T>) -> Cell<T> {
    match text(a, i)? {
        None => Ok(None),
        Some(t) => from_wire(t).map(Some).ok_or(()),
    }
}

fn count(a: &dyn Array, i: usize) -> Cell<u32> {
    integer(a, i)?.map_or(Ok(None), |v| u32::try_from(v).map(Some).map_err(|_| ()))
}

fn required<T>(cell: Cell<T>) -> Result<T, ()> {
    cell?.ok_or(())
}

/// The fields of a struct column that are set in row `i`: `Ok(None)` when the struct is null.
fn fields(a: &dyn Array, i: usize) -> Result<Option<&StructArray>, ()> {
    if a.is_null(i) {
        return Ok(None);
    }
    a.as_struct_opt().map(Some).ok_or(())
}

/// The child rows of a list cell (`Ok(None)` when null).
fn list(a: &dyn Array, i: usize) -> Result<Option<(&dyn Array, usize, usize)>, ()> {
    if a.is_null(i) {
        return Ok(None);
    }
    let l = a.as_list_opt::<i32>().ok_or(())?;
    let offsets = l.value_offsets();
    let from = usize::try_from(*offsets.get(i).ok_or(())?).map_err(|_| ())?;
    let to = usize::try_from(*offsets.get(i + 1).ok_or(())?).map_err(|_| ())?;
    Ok(Some((l.values().as_ref(), from, to)))
}

/// Reads row `i` of a record batch as a typed household, or `None` to take the JSON way.
pub fn household(batch: &RecordBatch, i: usize) -> Option<Household> {
    read_household(batch, i).ok()
}

fn read_household(batch: &RecordBatch, i: usize) -> Result<Household, ()> {
    let mut id = None;
    let mut village_id = None;
    let mut poverty_alleviated = None;
    let mut members = None;
    let mut h_income = Income::default();
    let mut previous_year_income = None;
    let mut rigid = RigidExpenditure::default();
    let mut housing_grade = None;
    let mut drinking_water_safe = true;
    let mut food_clothing_secure = true;
    let mut assets_within_limit = None;
    let mut dibao = None;
    let mut monitoring = None;
    let mut credit = None;
    let mut hospitalizations = Vec::new();
    for (field, column) in batch.schema_ref().fields().iter().zip(batch.columns()) {
        let a = column.as_ref();
        if a.data_type() == &DataType::Null {
            continue;
        }
        match field.name().as_str() {
            "id" => id = text(a, i)?,
            "village_id" => village_id = text(a, i)?,
            "poverty_alleviated" => poverty_alleviated = boolean(a, i)?,
            "members" => members = list(a, i)?.map(members_of).transpose()?,
            "income" => {
                if let Some(s) = fields(a, i)? {
                    h_income = income(s, i)?;
                }
            }
            "previous_year_income" => previous_year_income = money(a, i)?,
            "rigid_expenditure" => {
                if let Some(s) = fields(a, i)? {
                    rigid = rigid_expenditure(s, i)?;
                }
            }
            "housing_grade" => housing_grade = word(a, i, HousingGrade::from_wire)?,
            "drinking_water_safe" => drinking_water_safe = boolean(a, i)?.unwrap_or(true),
            "food_clothing_secure" => food_clothing_secure = boolean(a, i)?.unwrap_or(true),
            "assets_within_limit" => assets_within_limit = boolean(a, i)?,
            "dibao" => dibao = fields(a, i)?.map(|s| dibao_of(s, i)).transpose()?,
            "monitoring" => monitoring = fields(a, i)?.map(|s| monitoring_of(s, i)).transpose()?,
            "credit" => credit = fields(a, i)?.map(|s| credit_of(s, i)).transpose()?,
            "hospitalizations" => {
                if let Some(rows) = list(a, i)? {
                    hospitalizations = hospitalizations_of(rows)?;
                }
            }
            _ => {
                if !a.is_null(i) {
                    return Err(()); // unknown_field: the JSON path says so
                }
            }
        }
    }
    Ok(Household {
        id: id.ok_or(())?.to_owned(),
        village_id: village_id.map(str::to_owned),
        poverty_alleviated: poverty_alleviated.ok_or(())?,
        members: members.ok_or(())?,
        income: h_income,
        previous_year_income,
        rigid_expenditure: rigid,
        housing_grade,
        drinking_water_safe,
        food_clothing_secure,
        assets_within_limit,
        dibao,
        monitoring,
        credit,
        hospitalizations,
    })
}

/// Calls `read(name, column)` for every field of a struct; an unknown field set in row `i`
/// fails the fast path.
fn each_field<'a>(
    s: &'a StructArray,
    i: usize,
    known: &[&str],
    mut read: impl FnMut(&str, &'a dyn Array) -> Result<(), ()>,
) -> Result<(), ()> {
    for (field, column) in s.fields().iter().zip(s.columns()) {
        let a = column.as_ref();
        if a.data_type() == &DataType::Null {
            continue;
        }
        let name = field.name().as_str();
        if known.contains(&name) {
            read(name, a)?;
        } else if !a.is_null(i) {
            return Err(());
        }
    }
    Ok(())
}

fn income(s: &StructArray, i: usize) -> Result<Income, ()> {
    let mut v = Income::default();
    each_field(
        s,
        i,
        &["wages", "business", "property", "transfers"],
        |name, a| {
            let d = money(a, i)?.unwrap_or_default();
            match name {
                "wages" => v.wages = d,
                "business" => v.business = d,
                "property" => v.property = d,
                _ => v.transfers = d,
            }
            Ok(())
        },
    )?;
    Ok(v)
}

fn rigid_expenditure(s: &StructArray, i: usize) -> Result<RigidExpenditure, ()> {
    let mut v = RigidExpenditure::default();
    each_field(
        s,
        i,
        &["medical", "education", "disaster", "accident"],
        |name, a| {
            let d = money(a, i)?.unwrap_or_default();
            match name {
                "medical" => v.medical = d,
                "education" => v.education = d,
                "disaster" => v.disaster = d,
                _ => v.accident = d,
            }
            Ok(())
        },
    )?;
    Ok(v)
}

fn dibao_of(s: &StructArray, i: usize) -> Result<DibaoReceipt, ()> {
    let (mut since, mut benefit, mut exceeded) = (None, None, None);
    each_field(
        s,
        i,
        &["since", "current_monthly_benefit", "income_exceeded_on"],
        |name, a| {
            match name {
                "since" => since = date(a, i)?,
                "current_monthly_benefit" => benefit = money(a, i)?,
                _ => exceeded = date(a, i)?,
            }
            Ok(())
        },
    )?;
    Ok(DibaoReceipt {
        since: since.ok_or(())?,
        current_monthly_benefit: benefit.unwrap_or_default(),
        income_exceeded_on: exceeded,
    })
}

fn monitoring_of(s: &StructArray, i: usize) -> Result<MonitoringRecord, ()> {
    let (mut category, mut since, mut months, mut measures) = (None, None, None, None);
    each_field(
        s,
        i,
        &["category", "since", "stable_income_months", "measures"],
        |name, a| {
            match name {
                "category" => category = word(a, i, MonitoringCategory::from_wire)?,
                "since" => since = date(a, i)?,
                "stable_income_months" => months = count(a, i)?,
                _ => measures = count(a, i)?,
            }
            Ok(())
        },
    )?;
    Ok(MonitoringRecord {
        category: category.ok_or(())?,
        since: since.ok_or(())?,
        stable_income_months: months.unwrap_or(0),
        measures: measures.unwrap_or(0),
    })
}

fn credit_of(s: &StructArray, i: usize) -> Result<Credit, ()> {
    let (mut rating_ok, mut outstanding) = (None, None);
    each_field(s, i, &["rating_ok", "outstanding"], |name, a| {
        match name {
            "rating_ok" => rating_ok = boolean(a, i)?,
            _ => outstanding = money(a, i)?,
        }
        Ok(())
    })?;
    Ok(Credit {
        rating_ok: rating_ok.ok_or(())?,
        outstanding: outstanding.unwrap_or_default(),
    })
}

fn hospitalizations_of(
    (a, from, to): (&dyn Array, usize, usize),
) -> Result<Vec<Hospitalization>, ()> {
    let s = a.as_struct_opt().ok_or(())?;
    (from..to)
        .map(|j| {
            if s.is_null(j) {
                return Err(());
            }
            let (mut person, mut expense, mut level) = (None, None, None);
            each_field(s, j, &["person_id", "expense", "level"], |name, a| {
                match name {
                    "person_id" => person = text(a, j)?,
                    "expense" => expense = money(a, j)?,
                    _ => level = word(a, j, HospitalLevel::from_wire)?,
                }
                Ok(())
            })?;
            Ok(Hospitalization {
                person_id: person.ok_or(())?.to_owned(),
                expense: expense.ok_or(())?,
                level: level.ok_or(())?,
            })
        })
        .collect()
}

fn members_of((a, from, to): (&dyn Array, usize, usize)) -> Result<Vec<Member>, ()> {
    let s = a.as_struct_opt().ok_or(())?;
    (from..to).map(|j| member(s, j)).collect()
}

fn member(s: &StructArray, j: usize) -> Result<Member, ()> {
    if s.is_null(j) {
        return Err(());
    }
    let mut id = None;
    let mut birth_date = None;
    let mut labor_capacity = None;
    let mut medical_insured = None;
    let mut disability = None;
    let mut schooling = None;
    let mut pension_insured = false;
    let mut tekun = false;
    let mut legal_supporter_able = true;
    let mut own_income = Decimal::ZERO;
    let mut employment = Employment::default();
    let mut guardianship = Guardianship::Parents;
    let mut self_care_able = true;
    let mut id_number = None;
    each_field(s, j, hengjie::validate::MEMBER_KEYS, |name, a| {
        match name {
            "id" => id = text(a, j)?,
            "birth_date" => birth_date = date(a, j)?,
            "labor_capacity" => labor_capacity = word(a, j, LaborCapacity::from_wire)?,
            "medical_insured" => medical_insured = boolean(a, j)?,
            "disability" => {
                if let Some(d) = fields(a, j)? {
                    let (mut grade, mut category) = (None, None);
                    each_field(d, j, &["grade", "category"], |name, a| {
                        match name {
                            "grade" => grade = integer(a, j)?,
                            _ => category = word(a, j, DisabilityCategory::from_wire)?,
                        }
                        Ok(())
                    })?;
                    disability = Some(Disability {
                        grade: u8::try_from(grade.ok_or(())?).map_err(|_| ())?,
                        category: category.ok_or(())?,
                    });
                }
            }
            "schooling" => {
                if let Some(d) = fields(a, j)? {
                    let (mut status, mut stage) = (None, None);
                    each_field(d, j, &["status", "stage"], |name, a| {
                        match name {
                            "status" => status = word(a, j, SchoolingStatus::from_wire)?,
                            _ => stage = word(a, j, SchoolStage::from_wire)?,
                        }
                        Ok(())
                    })?;
                    schooling = Some(Schooling {
                        status: status.ok_or(())?,
                        stage: stage.ok_or(())?,
                    });
                }
            }
            "pension_insured" => pension_insured = boolean(a, j)?.unwrap_or(false),
            "tekun" => tekun = boolean(a, j)?.unwrap_or(false),
            "legal_supporter_able" => legal_supporter_able = boolean(a, j)?.unwrap_or(true),
            "own_income" => own_income = money(a, j)?.unwrap_or_default(),
            "id_number" => id_number = text(a, j)?.map(str::to_owned),
            "guardianship" => {
                guardianship = word(a, j, Guardianship::from_wire)?.unwrap_or_default();
            }
            "self_care_able" => self_care_able = boolean(a, j)?.unwrap_or(true),
            "employment" => {
                if let Some(e) = fields(a, j)? {
                    each_field(
                        e,
                        j,
                        &["wants_work", "wants_training", "employed"],
                        |name, a| {
                            let v = boolean(a, j)?.unwrap_or(false);
                            match name {
                                "wants_work" => employment.wants_work = v,
                                "wants_training" => employment.wants_training = v,
                                _ => employment.employed = v,
                            }
                            Ok(())
                        },
                    )?;
                }
            }
            // A key of MEMBER_KEYS this reader does not know: the JSON path decides.
            _ => return Err(()),
        }
        Ok(())
    })?;
    Ok(Member {
        id: required(Ok(id))?.to_owned(),
        birth_date: birth_date.ok_or(())?,
        labor_capacity: labor_capacity.ok_or(())?,
        medical_insured: medical_insured.ok_or(())?,
        disability,
        schooling,
        pension_insured,
        tekun,
        legal_supporter_able,
        own_income,
        employment,
        guardianship,
        self_care_able,
        id_number,
    })
}
