//! The fast path of the batch layer: Arrow rows read straight into a typed [`Household`], with
//! no JSON value in between. A [`Reader`] downcasts every column of a record batch once (not per
//! cell) and then fills one reused household per row from the typed columns, keeping the
//! buffers (members, ids) of the row before.
//!
//! It reads only what it is sure of — the contract's field names with the plain Arrow types
//! (strings, booleans, integers, `decimal128`, `date32`, text money and dates) — and refuses a
//! row (`false`) for anything else: an unknown field that is set, a float, a dictionary, a
//! missing required field, a word outside its list, two fields of one name, ... A refused row,
//! or a household the core's typed check refuses, goes the JSON way instead
//! ([`crate::batch::arrow_row`]), which reports the errors exactly; so the fast path changes
//! speed, never an answer (tests compare both paths on every vector and on a synthetic
//! population).

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Decimal128Type};
use arrow_array::{
    Array, BooleanArray, Date32Array, Decimal128Array, LargeStringArray, ListArray, RecordBatch,
    StringArray, StringViewArray, StructArray,
};
use arrow_buffer::NullBuffer;
use arrow_schema::{DataType, Fields};
use hengjie::date::{Date, parse_date};
use hengjie::model::{
    Credit, DibaoReceipt, Disability, DisabilityCategory, Employment, Guardianship, HospitalLevel,
    Hospitalization, Household, HousingGrade, Income, LaborCapacity, Member, MonitoringCategory,
    MonitoringRecord, RigidExpenditure, SchoolStage, Schooling, SchoolingStatus,
};
use hengjie::money::parse_money_text;
use rust_decimal::Decimal;

use crate::arrow_cells::int_value;

const EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// A cell: `Ok(None)` for a null, `Err(())` when the fast path cannot read it.
type Cell<T> = Result<Option<T>, ()>;

/// A text column, downcast.
#[derive(Clone, Copy)]
enum Text<'a> {
    Utf8(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
}

/// A column as the fast path reads it, downcast once per record batch: its nulls and its values.
#[derive(Clone, Copy)]
struct Col<'a> {
    nulls: Option<&'a NullBuffer>,
    values: Values<'a>,
}

/// The values of a column, by type.
#[derive(Clone, Copy)]
enum Values<'a> {
    /// No such column, or a column of Arrow's `Null` type: every cell is absent.
    Absent,
    Text(Text<'a>),
    Bool(&'a BooleanArray),
    /// Any Arrow integer (read through [`int_value`]).
    Int(&'a dyn Array),
    /// `decimal128` with its scale.
    Decimal(&'a Decimal128Array, u32),
    Date32(&'a Date32Array),
    Struct(&'a StructArray),
    List(&'a ListArray),
    /// Any other type: a cell that is set sends the row the JSON way.
    Other,
}

const ABSENT: Col<'static> = Col {
    nulls: None,
    values: Values::Absent,
};

impl<'a> Col<'a> {
    fn of(a: &'a dyn Array) -> Col<'a> {
        let values = match a.data_type() {
            DataType::Null => return ABSENT,
            DataType::Utf8 => a
                .as_string_opt::<i32>()
                .map(|s| Values::Text(Text::Utf8(s))),
            DataType::LargeUtf8 => a
                .as_string_opt::<i64>()
                .map(|s| Values::Text(Text::Large(s))),
            DataType::Utf8View => a.as_string_view_opt().map(|s| Values::Text(Text::View(s))),
            DataType::Boolean => a.as_boolean_opt().map(Values::Bool),
            DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
            | DataType::UInt64 => Some(Values::Int(a)),
            DataType::Decimal128(_, scale) => a
                .as_primitive_opt::<Decimal128Type>()
                .zip(u32::try_from(*scale).ok())
                .map(|(d, scale)| Values::Decimal(d, scale)),
            DataType::Date32 => a.as_primitive_opt::<Date32Type>().map(Values::Date32),
            DataType::Struct(_) => a.as_struct_opt().map(Values::Struct),
            DataType::List(_) => a.as_list_opt::<i32>().map(Values::List),
            _ => None,
        };
        Col {
            nulls: a.nulls(),
            values: values.unwrap_or(Values::Other),
        }
    }

    #[inline]
    fn is_null(self, i: usize) -> bool {
        matches!(self.values, Values::Absent) || self.nulls.is_some_and(|n| n.is_null(i))
    }

    fn text(self, i: usize) -> Cell<&'a str> {
        if self.is_null(i) {
            return Ok(None);
        }
        match self.values {
            Values::Text(Text::Utf8(a)) => Ok(Some(a.value(i))),
            Values::Text(Text::Large(a)) => Ok(Some(a.value(i))),
            Values::Text(Text::View(a)) => Ok(Some(a.value(i))),
            _ => Err(()),
        }
    }

    fn boolean(self, i: usize) -> Cell<bool> {
        if self.is_null(i) {
            return Ok(None);
        }
        match self.values {
            Values::Bool(a) => Ok(Some(a.value(i))),
            _ => Err(()),
        }
    }

    fn integer(self, i: usize) -> Cell<i128> {
        if self.is_null(i) {
            return Ok(None);
        }
        match self.values {
            Values::Int(a) => int_value(a, i).map(Some).ok_or(()),
            _ => Err(()),
        }
    }

    /// Money as the JSON path reads it: text strictly, integers exactly, decimals without the
    /// zeros their scale adds.
    fn money(self, i: usize) -> Cell<Decimal> {
        if self.is_null(i) {
            return Ok(None);
        }
        match self.values {
            Values::Decimal(a, scale) => decimal(a.value(i), scale).map(Some),
            Values::Text(_) => parse_money_text(self.text(i)?.ok_or(())?)
                .map(Some)
                .map_err(|_| ()),
            // Beyond the money bound the JSON path reports out_of_range: let it.
            Values::Int(_) => i64::try_from(self.integer(i)?.ok_or(())?)
                .map(|v| Some(Decimal::from(v)))
                .map_err(|_| ()),
            _ => Err(()),
        }
    }

    fn date(self, i: usize) -> Cell<Date> {
        if self.is_null(i) {
            return Ok(None);
        }
        match self.values {
            Values::Date32(a) => a
                .value(i)
                .checked_add(EPOCH_DAYS_FROM_CE)
                .and_then(Date::from_num_days_from_ce_opt)
                .map(Some)
                .ok_or(()),
            Values::Text(_) => parse_date(self.text(i)?.ok_or(())?)
                .map(Some)
                .map_err(|_| ()),
            _ => Err(()),
        }
    }

    fn word<T>(self, i: usize, from_wire: fn(&str) -> Option<T>) -> Cell<T> {
        match self.text(i)? {
            None => Ok(None),
            Some(t) => from_wire(t).map(Some).ok_or(()),
        }
    }

    fn count(self, i: usize) -> Cell<u32> {
        self.integer(i)?
            .map_or(Ok(None), |v| u32::try_from(v).map(Some).map_err(|_| ()))
    }

    /// The row range of list cell `i` in the list's values (`Ok(None)` when null).
    fn range(self, i: usize) -> Result<Option<(usize, usize)>, ()> {
        if self.is_null(i) {
            return Ok(None);
        }
        let Values::List(l) = self.values else {
            return Err(());
        };
        let offsets = l.value_offsets();
        let from = usize::try_from(*offsets.get(i).ok_or(())?).map_err(|_| ())?;
        let to = usize::try_from(*offsets.get(i + 1).ok_or(())?).map_err(|_| ())?;
        Ok(Some((from, to)))
    }

    /// Whether struct cell `i` is set: `Ok(false)` when null, `Err` when not a struct.
    fn set(self, i: usize) -> Result<bool, ()> {
        match self.values {
            _ if self.is_null(i) => Ok(false),
            Values::Struct(_) => Ok(true),
            _ => Err(()),
        }
    }
}

/// A decimal of `decimal128`. At most 2 decimals (money's `decimal128(20, 2)`) it is taken as it
/// is: the rules read input money in fen, where trailing zeros make no difference. With more,
/// the zeros its scale adds are dropped (`Decimal::normalize`, on the integer; in 64 bits when
/// it fits), so that `decimal128(20, 4)` holding whole fen passes the typed check as JSON's
/// `"1.23"` does.
fn decimal(v: i128, mut scale: u32) -> Result<Decimal, ()> {
    if let Ok(mut small) = i64::try_from(v) {
        if scale <= 2 {
            return Decimal::try_new(small, scale).map_err(|_| ());
        }
        while scale > 0 && small % 10 == 0 {
            small /= 10;
            scale -= 1;
        }
        return Decimal::try_new(small, scale).map_err(|_| ());
    }
    let mut v = v;
    while scale > 0 && v % 10 == 0 {
        v /= 10;
        scale -= 1;
    }
    Decimal::try_from_i128_with_scale(v, scale).map_err(|_| ())
}

/// The fields of a struct (or of a record batch) that the fast path knows, by the position of
/// their name in `names`, and the others, which must be null.
struct Known<'a, const N: usize> {
    cols: [Col<'a>; N],
    others: Vec<&'a dyn Array>,
    /// Two fields of one name: every row goes the JSON way.
    duplicate: bool,
}

impl<'a, const N: usize> Known<'a, N> {
    fn new(
        fields: &'a Fields,
        columns: &'a [arrow_array::ArrayRef],
        names: &[&str; N],
    ) -> Known<'a, N> {
        let mut known = Known {
            cols: [ABSENT; N],
            others: Vec::new(),
            duplicate: false,
        };
        let mut seen = [false; N];
        for (field, column) in fields.iter().zip(columns) {
            let a = column.as_ref();
            match names.iter().position(|n| *n == field.name().as_str()) {
                Some(k) => {
                    if let (Some(col), Some(seen)) = (known.cols.get_mut(k), seen.get_mut(k)) {
                        known.duplicate |= *seen;
                        *seen = true;
                        *col = Col::of(a);
                    }
                }
                None if a.data_type() == &DataType::Null => {}
                None => known.others.push(a),
            }
        }
        known
    }

    fn of_struct(s: Option<&'a StructArray>, names: &[&str; N]) -> Option<Known<'a, N>> {
        s.map(|s| Known::new(s.fields(), s.columns(), names))
    }

    /// Column `k` (by its name's position).
    fn col(&self, k: usize) -> Col<'a> {
        self.cols.get(k).copied().unwrap_or(ABSENT)
    }

    /// `Err` when row `i` cannot be read: an unknown field set, or a repeated name.
    fn check(&self, i: usize) -> Result<(), ()> {
        if self.duplicate || self.others.iter().any(|a| !a.is_null(i)) {
            Err(())
        } else {
            Ok(())
        }
    }
}

/// A struct column and its known fields (`None` when the column is no struct: a set cell is
/// refused).
struct Nested<'a, const N: usize> {
    col: Col<'a>,
    fields: Option<Known<'a, N>>,
}

impl<'a, const N: usize> Nested<'a, N> {
    fn new(col: Col<'a>, names: &[&str; N]) -> Nested<'a, N> {
        let s = match col.values {
            Values::Struct(s) => Some(s),
            _ => None,
        };
        Nested {
            col,
            fields: Known::of_struct(s, names),
        }
    }

    /// The known fields when struct cell `i` is set and readable, `None` when it is null.
    fn row(&self, i: usize) -> Result<Option<&Known<'a, N>>, ()> {
        if !self.col.set(i)? {
            return Ok(None);
        }
        let known = self.fields.as_ref().ok_or(())?;
        known.check(i)?;
        Ok(Some(known))
    }
}

/// A list of structs and the known fields of its items.
struct Items<'a, const N: usize> {
    col: Col<'a>,
    item: Col<'a>,
    fields: Option<Known<'a, N>>,
}

impl<'a, const N: usize> Items<'a, N> {
    fn new(col: Col<'a>, names: &[&str; N]) -> Items<'a, N> {
        let item = match col.values {
            Values::List(l) => Col::of(l.values().as_ref()),
            _ => ABSENT,
        };
        let s = match item.values {
            Values::Struct(s) => Some(s),
            _ => None,
        };
        Items {
            col,
            item,
            fields: Known::of_struct(s, names),
        }
    }

    /// The item rows of list cell `i` with their fields (`Ok(None)` when null).
    fn rows(&self, i: usize) -> Result<Option<(std::ops::Range<usize>, &Known<'a, N>)>, ()> {
        let Some((from, to)) = self.col.range(i)? else {
            return Ok(None);
        };
        let known = self.fields.as_ref().ok_or(())?;
        Ok(Some((from..to, known)))
    }

    /// `Err` when item `j` is null or has an unknown field set.
    fn check(&self, known: &Known<'a, N>, j: usize) -> Result<(), ()> {
        if self.item.is_null(j) {
            return Err(());
        }
        known.check(j)
    }
}

/// The household's and a member's fields, as the core's validator names them (in the
/// contract's order: the reader takes `members` as the fourth column).
const HOUSEHOLD: [&str; 15] = fixed(hengjie::validate::HOUSEHOLD_KEYS);
const MEMBER: [&str; 14] = fixed(hengjie::validate::MEMBER_KEYS);

/// The core's list of keys as an array of its length; a list of another length stops the build.
#[expect(
    clippy::indexing_slicing,
    reason = "evaluated when compiling: a length that does not match is a build error"
)]
const fn fixed<const N: usize>(keys: &'static [&'static str]) -> [&'static str; N] {
    assert!(keys.len() == N, "the core's key list changed length");
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = keys[i];
        i += 1;
    }
    out
}
const INCOME: [&str; 4] = ["wages", "business", "property", "transfers"];
const RIGID: [&str; 4] = ["medical", "education", "disaster", "accident"];
const DIBAO: [&str; 3] = ["since", "current_monthly_benefit", "income_exceeded_on"];
const MONITORING: [&str; 4] = ["category", "since", "stable_income_months", "measures"];
const CREDIT: [&str; 2] = ["rating_ok", "outstanding"];
const HOSPITALIZATION: [&str; 3] = ["person_id", "expense", "level"];
const DISABILITY: [&str; 2] = ["grade", "category"];
const SCHOOLING: [&str; 2] = ["status", "stage"];
const EMPLOYMENT: [&str; 3] = ["wants_work", "wants_training", "employed"];

/// The member struct's columns, with its nested structs.
struct Members<'a> {
    list: Items<'a, 14>,
    disability: Option<Nested<'a, 2>>,
    schooling: Option<Nested<'a, 2>>,
    employment: Option<Nested<'a, 3>>,
}

/// Reads the rows of one record batch as typed households: the columns are downcast once, in
/// [`Reader::new`].
pub struct Reader<'a> {
    top: Known<'a, 15>,
    members: Members<'a>,
    income: Nested<'a, 4>,
    rigid: Nested<'a, 4>,
    dibao: Nested<'a, 3>,
    monitoring: Nested<'a, 4>,
    credit: Nested<'a, 2>,
    hospitalizations: Items<'a, 3>,
    /// What a null (absent) optional field is read as, made once per record batch (not per row:
    /// every field of a reused household is set from a cell or from these).
    absent: Household,
    absent_member: Member,
}

impl std::fmt::Debug for Reader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader").finish_non_exhaustive()
    }
}

impl<'a> Reader<'a> {
    pub fn new(batch: &'a RecordBatch) -> Reader<'a> {
        let top = Known::new(batch.schema_ref().fields(), batch.columns(), &HOUSEHOLD);
        let list = Items::new(top.col(3), &MEMBER);
        let member = |k| list.fields.as_ref().map_or(ABSENT, |f| f.col(k));
        let members = Members {
            disability: list
                .fields
                .as_ref()
                .map(|_| Nested::new(member(4), &DISABILITY)),
            schooling: list
                .fields
                .as_ref()
                .map(|_| Nested::new(member(5), &SCHOOLING)),
            employment: list
                .fields
                .as_ref()
                .map(|_| Nested::new(member(10), &EMPLOYMENT)),
            list,
        };
        Reader {
            income: Nested::new(top.col(4), &INCOME),
            rigid: Nested::new(top.col(6), &RIGID),
            dibao: Nested::new(top.col(11), &DIBAO),
            monitoring: Nested::new(top.col(12), &MONITORING),
            credit: Nested::new(top.col(13), &CREDIT),
            hospitalizations: Items::new(top.col(14), &HOSPITALIZATION),
            members,
            top,
            absent: Household::absent(),
            absent_member: Member::absent(),
        }
    }

    /// Row `i` as a new household, or `None` to take the JSON way.
    pub fn household(&self, i: usize) -> Option<Household> {
        let mut h = Household::absent();
        self.read(i, &mut h).then_some(h)
    }

    /// Fills `h` with row `i`, reusing its buffers; `false` (and `h` in no useful state) to take
    /// the JSON way.
    pub fn read(&self, i: usize, h: &mut Household) -> bool {
        self.read_household(i, h).is_ok()
    }

    fn read_household(&self, i: usize, h: &mut Household) -> Result<(), ()> {
        let absent = &self.absent;
        let top = &self.top;
        top.check(i)?;
        set_text(&mut h.id, top.col(0).text(i)?.ok_or(())?);
        match top.col(1).text(i)? {
            None => h.village_id = None,
            Some(v) => match &mut h.village_id {
                Some(buf) => set_text(buf, v),
                None => h.village_id = Some(v.to_owned()),
            },
        }
        h.poverty_alleviated = top.col(2).boolean(i)?.ok_or(())?;
        self.read_members(i, &mut h.members)?;
        h.income = match self.income.row(i)? {
            None => absent.income,
            Some(s) => Income {
                wages: s.col(0).money(i)?.unwrap_or_default(),
                business: s.col(1).money(i)?.unwrap_or_default(),
                property: s.col(2).money(i)?.unwrap_or_default(),
                transfers: s.col(3).money(i)?.unwrap_or_default(),
            },
        };
        h.previous_year_income = top.col(5).money(i)?;
        h.rigid_expenditure = match self.rigid.row(i)? {
            None => absent.rigid_expenditure,
            Some(s) => RigidExpenditure {
                medical: s.col(0).money(i)?.unwrap_or_default(),
                education: s.col(1).money(i)?.unwrap_or_default(),
                disaster: s.col(2).money(i)?.unwrap_or_default(),
                accident: s.col(3).money(i)?.unwrap_or_default(),
            },
        };
        h.housing_grade = top.col(7).word(i, HousingGrade::from_wire)?;
        h.drinking_water_safe = top.col(8).boolean(i)?.unwrap_or(absent.drinking_water_safe);
        h.food_clothing_secure = top
            .col(9)
            .boolean(i)?
            .unwrap_or(absent.food_clothing_secure);
        h.assets_within_limit = top.col(10).boolean(i)?;
        h.dibao = match self.dibao.row(i)? {
            None => None,
            Some(s) => Some(DibaoReceipt {
                since: s.col(0).date(i)?.ok_or(())?,
                current_monthly_benefit: s.col(1).money(i)?.unwrap_or_default(),
                income_exceeded_on: s.col(2).date(i)?,
            }),
        };
        h.monitoring = match self.monitoring.row(i)? {
            None => None,
            Some(s) => Some(MonitoringRecord {
                category: s.col(0).word(i, MonitoringCategory::from_wire)?.ok_or(())?,
                since: s.col(1).date(i)?.ok_or(())?,
                stable_income_months: s.col(2).count(i)?.unwrap_or(0),
                measures: s.col(3).count(i)?.unwrap_or(0),
            }),
        };
        h.credit = match self.credit.row(i)? {
            None => None,
            Some(s) => Some(Credit {
                rating_ok: s.col(0).boolean(i)?.ok_or(())?,
                outstanding: s.col(1).money(i)?.unwrap_or_default(),
            }),
        };
        self.read_hospitalizations(i, &mut h.hospitalizations)
    }

    fn read_hospitalizations(&self, i: usize, out: &mut Vec<Hospitalization>) -> Result<(), ()> {
        let items = &self.hospitalizations;
        let Some((rows, s)) = items.rows(i)? else {
            out.clear();
            return Ok(());
        };
        out.truncate(rows.len());
        for (k, j) in rows.enumerate() {
            items.check(s, j)?;
            let person = s.col(0).text(j)?.ok_or(())?;
            let expense = s.col(1).money(j)?.ok_or(())?;
            let level = s.col(2).word(j, HospitalLevel::from_wire)?.ok_or(())?;
            match out.get_mut(k) {
                Some(h) => {
                    set_text(&mut h.person_id, person);
                    h.expense = expense;
                    h.level = level;
                }
                None => out.push(Hospitalization {
                    person_id: person.to_owned(),
                    expense,
                    level,
                }),
            }
        }
        Ok(())
    }

    fn read_members(&self, i: usize, out: &mut Vec<Member>) -> Result<(), ()> {
        let m = &self.members;
        let (rows, s) = m.list.rows(i)?.ok_or(())?;
        out.truncate(rows.len());
        for (k, j) in rows.enumerate() {
            m.list.check(s, j)?;
            let id = s.col(0).text(j)?.ok_or(())?;
            let member = match out.get_mut(k) {
                Some(member) => {
                    set_text(&mut member.id, id);
                    member
                }
                None => {
                    out.push(Member {
                        id: id.to_owned(),
                        ..Member::absent()
                    });
                    out.last_mut().ok_or(())?
                }
            };
            self.read_member(s, j, member)?;
        }
        Ok(())
    }

    /// The fields of member row `j` after its id.
    fn read_member(&self, s: &Known<'a, 14>, j: usize, m: &mut Member) -> Result<(), ()> {
        let absent = &self.absent_member;
        m.birth_date = s.col(1).date(j)?.ok_or(())?;
        m.labor_capacity = s.col(2).word(j, LaborCapacity::from_wire)?.ok_or(())?;
        m.medical_insured = s.col(3).boolean(j)?.ok_or(())?;
        m.disability = match self.members.disability.as_ref().ok_or(())?.row(j)? {
            None => None,
            Some(d) => {
                let grade = d.col(0).integer(j)?.ok_or(())?;
                Some(Disability {
                    grade: u8::try_from(grade).map_err(|_| ())?,
                    category: d.col(1).word(j, DisabilityCategory::from_wire)?.ok_or(())?,
                })
            }
        };
        m.schooling = match self.members.schooling.as_ref().ok_or(())?.row(j)? {
            None => None,
            Some(d) => Some(Schooling {
                status: d.col(0).word(j, SchoolingStatus::from_wire)?.ok_or(())?,
                stage: d.col(1).word(j, SchoolStage::from_wire)?.ok_or(())?,
            }),
        };
        m.pension_insured = s.col(6).boolean(j)?.unwrap_or(absent.pension_insured);
        m.tekun = s.col(7).boolean(j)?.unwrap_or(absent.tekun);
        m.legal_supporter_able = s.col(8).boolean(j)?.unwrap_or(absent.legal_supporter_able);
        m.own_income = s.col(9).money(j)?.unwrap_or(absent.own_income);
        m.employment = match self.members.employment.as_ref().ok_or(())?.row(j)? {
            None => absent.employment,
            Some(e) => Employment {
                wants_work: e.col(0).boolean(j)?.unwrap_or(absent.employment.wants_work),
                wants_training: e
                    .col(1)
                    .boolean(j)?
                    .unwrap_or(absent.employment.wants_training),
                employed: e.col(2).boolean(j)?.unwrap_or(absent.employment.employed),
            },
        };
        m.guardianship = s
            .col(11)
            .word(j, Guardianship::from_wire)?
            .unwrap_or(absent.guardianship);
        m.self_care_able = s.col(12).boolean(j)?.unwrap_or(absent.self_care_able);
        match s.col(13).text(j)? {
            None => m.id_number = None,
            Some(v) => match &mut m.id_number {
                Some(buf) => set_text(buf, v),
                None => m.id_number = Some(v.to_owned()),
            },
        }
        Ok(())
    }
}

/// Replaces a string's text, keeping its buffer.
fn set_text(buf: &mut String, text: &str) {
    buf.clear();
    buf.push_str(text);
}

/// Reads row `i` of a record batch as a typed household, or `None` to take the JSON way (one
/// row; a batch's rows are read faster through one [`Reader`]).
pub fn household(batch: &RecordBatch, i: usize) -> Option<Household> {
    Reader::new(batch).household(i)
}
