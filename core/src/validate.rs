//! Input validation: a JSON value (first phase) becomes a typed [`Household`] (second phase),
//! collecting *every* error with its code, JSON Pointer and messages.

use crate::json::{Input, Map, Value};
use rust_decimal::Decimal;

use crate::date::{self, Date};
use crate::error::{ErrorDetail, Errors, escape_pointer_token};
use crate::labels::{self, Document, Label};
use crate::model::*;
use crate::money::{MoneyTextError, parse_money_text};

mod check_household;
mod problem;
pub use check_household::check_household;
pub use problem::{Choices, DateShape, Kind, Problem, ProblemDoc};

pub use crate::limits::{MAX_AGE, MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_MEMBERS};
use crate::limits::{MAX_DISABILITY_GRADE, MAX_ID_CHARS, MAX_MEASURES, MAX_STABLE_INCOME_MONTHS};

/// A JSON Pointer under construction, rendered only when an error needs it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    pub(crate) fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    pub(crate) fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }

    pub(crate) fn render(&self) -> String {
        match self {
            Path::Root => String::new(),
            Path::Key(parent, key) => format!("{}/{}", parent.render(), escape_pointer_token(key)),
            Path::Index(parent, i) => format!("{}/{i}", parent.render()),
        }
    }
}

/// Parses JSON text with the document limits: over 1 MiB is `too_large`, not JSON is
/// `malformed_json`, deeper than 32 is `invalid_value`, all at path `""`. A repeated key makes
/// it fail with its `duplicate_key` errors only; [`read_json_text`] keeps them apart, so that
/// they join the document's other errors.
pub fn parse_json_text(text: &str) -> Result<Value, Errors> {
    read_json_text(text)?.into_value()
}

/// Like [`parse_json_text`], for bytes that may not be UTF-8.
pub fn parse_json_bytes(bytes: &[u8]) -> Result<Value, Errors> {
    read_json_bytes(bytes)?.into_value()
}

/// JSON text read within the document limits: the value (the first occurrence of a repeated
/// key kept) and a `duplicate_key` error for every extra occurrence (docs/contract.md#errors).
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The value, the first occurrence of each repeated key kept.
    pub value: Value,
    /// One `duplicate_key` per extra occurrence of a key, at its pointer.
    pub duplicates: Vec<ErrorDetail>,
}

impl Parsed {
    /// The value, or the `duplicate_key` errors when a key repeats.
    pub fn into_value(self) -> Result<Value, Errors> {
        self.check(Ok(()))?;
        Ok(self.value)
    }

    /// The document's errors as the contract reports them: `errors`, those of validating the
    /// value (empty when it is valid), and the duplicates, together and sorted; empty when there
    /// are neither. Every door reading a document's text reports a repeated key this way.
    pub fn errors_with(&self, errors: Errors) -> Errors {
        let outcome = if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        };
        self.check(outcome).err().unwrap_or_default()
    }

    /// Joins the duplicates to the outcome of validating the value: its errors and the
    /// duplicates together, sorted; or the duplicates alone when the value was otherwise valid.
    pub fn check<T>(&self, outcome: Result<T, Errors>) -> Result<T, Errors> {
        match outcome {
            Ok(t) if self.duplicates.is_empty() => Ok(t),
            Ok(_) => Err(Errors::new(self.duplicates.clone())),
            Err(e) if self.duplicates.is_empty() => Err(e),
            Err(e) => {
                let mut list = e.into_list();
                list.extend(self.duplicates.iter().cloned());
                Err(Errors::new(list))
            }
        }
    }
}

/// Reads JSON text with the document limits (see [`parse_json_text`]), keeping repeated keys
/// apart as `duplicate_key` errors.
pub fn read_json_text(text: &str) -> Result<Parsed, Errors> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Errors::one(too_large(text.len())));
    }
    let read = crate::json::parse(text).map_err(|e| match e {
        crate::json::ReadError::TooDeep => Errors::one(too_deep()),
        crate::json::ReadError::Syntax(e) => Errors::one(malformed(&e)),
    })?;
    // The depth the reader counted: the same as `check_depth`, without walking the tree again.
    if read.depth > MAX_DEPTH {
        return Err(Errors::one(too_deep()));
    }
    Ok(parsed(read))
}

/// A document's JSON text read within the document limits, as every door given text reads one:
/// the value; or, when a key repeats, the `duplicate_key` errors with the value's own
/// (`core_errors`, those of validating it), as [`Parsed::errors_with`] gives them.
pub fn read_document(
    text: &str,
    core_errors: impl FnOnce(&Value) -> Errors,
) -> Result<Value, Errors> {
    let parsed = read_json_text(text)?;
    if parsed.duplicates.is_empty() {
        return Ok(parsed.value);
    }
    Err(parsed.errors_with(core_errors(&parsed.value)))
}

/// Like [`read_json_text`], for bytes that may not be UTF-8.
pub fn read_json_bytes(bytes: &[u8]) -> Result<Parsed, Errors> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Errors::one(too_large(bytes.len())));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => read_json_text(text),
        Err(_) => Err(Errors::one(Problem::NotUtf8 {}.at(""))),
    }
}

/// Parses JSON text of any size (no limits checked), the first occurrence of a repeated key
/// kept and every extra occurrence reported as `duplicate_key` (a batch reader splits a JSON
/// array's duplicates among its items by their pointers).
pub fn read_json_unbounded(text: &str) -> Result<Parsed, crate::json::ReadError> {
    crate::json::parse(text).map(parsed)
}

/// The reader's tree, its repeated keys made `duplicate_key` errors.
fn parsed(read: crate::json::Read) -> Parsed {
    // Each extra occurrence is its own error: the message counts it, so that no two are alike.
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut duplicates = Vec::with_capacity(read.duplicates.len());
    for path in &read.duplicates {
        let n = seen.entry(path).or_insert(1);
        *n += 1;
        duplicates.push(duplicate_key(path.clone(), *n));
    }
    Parsed {
        value: read.value,
        duplicates,
    }
}

/// `duplicate_key` at a repeated key's pointer, the field named by its label. The reader does
/// not know which document it reads; the household's labels name the field (a village or
/// farmland field the household table lacks is named by its nearest labelled parent). In a JSON
/// array of documents (the command line's batches) the item's index is not part of the field.
fn duplicate_key(path: String, nth: usize) -> ErrorDetail {
    let field = match path.strip_prefix('/').and_then(|p| p.split_once('/')) {
        Some((index, rest)) if index.bytes().all(|b| b.is_ascii_digit()) => format!("/{rest}"),
        _ => path.clone(),
    };
    let field = labels::field_label(Document::Household, &field);
    Problem::DuplicateKey { field, nth }.at(path)
}

/// `too_large` at `""`: a document (or a JSON Lines line, counted but not kept) of `bytes` bytes
/// over [`MAX_DOCUMENT_BYTES`] (every door words it with this).
pub fn too_large(bytes: usize) -> ErrorDetail {
    Problem::TooLarge { bytes }.at("")
}

/// `invalid_value` at `""`: nested deeper than [`MAX_DEPTH`].
pub fn too_deep() -> ErrorDetail {
    Problem::TooDeep {}.at("")
}

fn malformed(e: &serde_json::Error) -> ErrorDetail {
    Problem::Malformed {
        line: e.line(),
        column: e.column(),
    }
    .at("")
}

/// Nesting depth: scalars 0, each array or object one more than its deepest child.
pub fn depth(value: &Value) -> usize {
    match value {
        Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        Value::Object(o) => 1 + o.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// `invalid_value` at `""` when the value is nested deeper than [`MAX_DEPTH`].
pub fn check_depth(value: &Value) -> Result<(), Errors> {
    if depth(value) > MAX_DEPTH {
        Err(Errors::one(too_deep()))
    } else {
        Ok(())
    }
}

/// The keys a household object may have, in the contract's order (the Arrow reader of the tables
/// crate finds its columns by them).
pub const HOUSEHOLD_KEYS: &[&str] = &[
    "id",
    "village_id",
    "poverty_alleviated",
    "members",
    "income",
    "previous_year_income",
    "rigid_expenditure",
    "housing_grade",
    "drinking_water_safe",
    "food_clothing_secure",
    "assets_within_limit",
    "dibao",
    "monitoring",
    "credit",
    "hospitalizations",
];

/// The keys a member object may have, in the contract's order (readers of other shapes, such as
/// the Python binding's Arrow reader, check their columns against it).
pub const MEMBER_KEYS: &[&str] = &[
    "id",
    "birth_date",
    "labor_capacity",
    "medical_insured",
    "disability",
    "schooling",
    "pension_insured",
    "tekun",
    "legal_supporter_able",
    "own_income",
    "employment",
    "guardianship",
    "self_care_able",
    "id_number",
];

/// Validates a household value as of a date (date checks need it) and types it.
pub fn parse_household(
    value: &(impl Input + ?Sized),
    as_of: Option<Date>,
) -> Result<Household, Errors> {
    let value = value.json();
    let mut v = Validator::new(as_of, Document::Household);
    let household = v.household(&value, &Path::Root);
    v.finish(household, Problem::HouseholdUnreadable {})
}

/// `duplicate_id` at `/id` for a household whose number another row of the same batch also
/// uses: which row holds the household (and which members are its) cannot be told.
pub fn duplicate_household(id: &str, rows: usize) -> ErrorDetail {
    Problem::DuplicateHousehold {
        field: labels::field_label(Document::Household, "/id"),
        id: quote(&Value::String(id.to_owned())),
        rows,
    }
    .at("/id")
}

/// An `invalid_type` (or other code) raised by a door while it converts a host value (a Python
/// `float`, a JavaScript `BigInt`), worded as the core words its own: the field's label, what it
/// should be, what was found, what to do.
pub fn door_error(
    code: crate::error::ErrorCode,
    path: &str,
    want: (&'static str, &'static str),
    found: (&'static str, &'static str),
) -> ErrorDetail {
    let field = labels::field_label(Document::Household, path);
    Problem::HostValue { field, want, found }
        .at(path)
        .recoded(code)
}

/// The first letter in upper case (English sentences start with a label).
pub(crate) fn capital(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether a string is empty or only white space (`empty_value`, docs/contract.md#errors).
pub(crate) fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// Shortens user input quoted in a message.
pub(crate) fn quote(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

pub(crate) struct Validator {
    pub(crate) errors: Vec<ErrorDetail>,
    as_of: Option<Date>,
    /// Which document's labels name the fields.
    doc: Document,
}

pub(crate) type Obj = Map;

impl Validator {
    pub(crate) fn new(as_of: Option<Date>, doc: Document) -> Self {
        Validator {
            errors: Vec::new(),
            as_of,
            doc,
        }
    }

    /// The label of the field at a path.
    pub(crate) fn label(&self, path: &Path<'_>) -> Label {
        labels::field_label(self.doc, &path.render())
    }

    /// `empty_value`: "please fill in".
    pub(crate) fn empty(&mut self, path: &Path<'_>) {
        let field = self.label(path);
        self.push(path, Problem::Empty { field });
    }

    /// The typed value when no error was found, else every error, sorted (`unreadable` at `""`
    /// when no error says why: unreachable in practice, as every `None` records an error first).
    pub(crate) fn finish<T>(mut self, value: Option<T>, unreadable: Problem) -> Result<T, Errors> {
        match value {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ => {
                if self.errors.is_empty() {
                    self.errors.push(unreadable.at(""));
                }
                Err(Errors::new(self.errors))
            }
        }
    }

    /// Records a problem at a path.
    pub(crate) fn push(&mut self, path: &Path<'_>, problem: Problem) {
        self.errors.push(problem.at(path.render()));
    }

    /// `invalid_type`: the value is not the kind wanted.
    pub(crate) fn wrong_type(&mut self, value: &Value, path: &Path<'_>, want: Kind) {
        let field = self.label(path);
        let found = Kind::of(value);
        self.push(path, Problem::WrongType { field, want, found });
    }

    /// A string that is not blank: `empty_value` for a blank one, `invalid_type` (wanting `want`)
    /// for any other JSON value.
    fn filled<'v>(&mut self, value: &'v Value, path: &Path<'_>, want: Kind) -> Option<&'v str> {
        match value {
            Value::String(s) if blank(s) => {
                self.empty(path);
                None
            }
            Value::String(s) => Some(s),
            other => {
                self.wrong_type(other, path, want);
                None
            }
        }
    }

    /// An object with only the allowed keys (unknown ones are reported).
    pub(crate) fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &Path<'_>,
        allowed: &[&str],
    ) -> Option<&'v Obj> {
        let Value::Object(map) = value else {
            self.wrong_type(value, path, Kind::Object);
            return None;
        };
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                let name = quote(&Value::String(key.clone()));
                let within = self.label(path);
                self.push(&path.key(key), Problem::UnknownField { within, name });
            }
        }
        Some(map)
    }

    /// A present, non-null field.
    pub(crate) fn optional<'v>(map: &'v Obj, key: &str) -> Option<&'v Value> {
        map.get(key).filter(|v| !v.is_null())
    }

    pub(crate) fn required<'v>(
        &mut self,
        map: &'v Obj,
        key: &str,
        path: &Path<'_>,
    ) -> Option<&'v Value> {
        let found = Self::optional(map, key);
        if found.is_none() {
            let at = path.key(key);
            let field = self.label(&at);
            self.push(&at, Problem::Missing { field });
        }
        found
    }

    fn boolean(&mut self, value: &Value, path: &Path<'_>) -> Option<bool> {
        match value {
            Value::Bool(b) => Some(*b),
            other => {
                self.wrong_type(other, path, Kind::YesOrNo);
                None
            }
        }
    }

    fn opt_bool(&mut self, map: &Obj, key: &str, path: &Path<'_>, default: bool) -> Option<bool> {
        match Self::optional(map, key) {
            Some(v) => self.boolean(v, &path.key(key)),
            None => Some(default),
        }
    }

    pub(crate) fn req_bool(&mut self, map: &Obj, key: &str, path: &Path<'_>) -> Option<bool> {
        let v = self.required(map, key, path)?;
        self.boolean(v, &path.key(key))
    }

    fn text(&mut self, value: &Value, path: &Path<'_>, max_chars: usize) -> Option<String> {
        let s = self.filled(value, path, Kind::Text)?;
        let chars = s.chars().count();
        if chars > max_chars {
            let field = self.label(path);
            let max = max_chars;
            self.push(path, Problem::TooLong { field, chars, max });
            return None;
        }
        Some(s.to_owned())
    }

    fn integer(&mut self, value: &Value, path: &Path<'_>, min: u32, max: u32) -> Option<u32> {
        let n = match value {
            Value::Number(n) => n,
            Value::String(s) if blank(s) => {
                self.empty(path);
                return None;
            }
            other => {
                self.wrong_type(other, path, Kind::WholeNumber);
                return None;
            }
        };
        let text = n.to_string();
        let digits = text.strip_prefix('-').unwrap_or(&text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            self.wrong_type(value, path, Kind::WholeNumber);
            return None;
        }
        let parsed = if text.starts_with('-') {
            None
        } else {
            digits.parse::<u32>().ok()
        };
        match parsed.filter(|n| (min..=max).contains(n)) {
            Some(n) => Some(n),
            None => {
                let field = self.label(path);
                let value = quote(value);
                self.push(
                    path,
                    Problem::IntegerRange {
                        field,
                        value,
                        min,
                        max,
                    },
                );
                None
            }
        }
    }

    fn opt_integer(
        &mut self,
        map: &Obj,
        key: &str,
        path: &Path<'_>,
        min: u32,
        max: u32,
        default: u32,
    ) -> Option<u32> {
        match Self::optional(map, key) {
            Some(v) => self.integer(v, &path.key(key), min, max),
            None => Some(default),
        }
    }

    /// Money: a JSON number or a string, read as decimal text. `non_negative` adds the ≥ 0 bound.
    fn money(&mut self, value: &Value, path: &Path<'_>, non_negative: bool) -> Option<Decimal> {
        let text: std::borrow::Cow<'_, str> = match value {
            Value::Number(n) => n.to_string().into(),
            Value::String(s) if blank(s) => {
                self.empty(path);
                return None;
            }
            Value::String(s) => s.as_str().into(),
            other => {
                self.wrong_type(other, path, Kind::Money);
                return None;
            }
        };
        let parsed = parse_money_text(&text);
        if let Ok(d) = parsed
            && !(non_negative && d.is_sign_negative() && !d.is_zero())
        {
            return Some(d);
        }
        // The problem is built only for a value that is refused.
        let field = self.label(path);
        let value = quote(value);
        let problem = match parsed {
            Ok(_) => Problem::NegativeMoney { field, value },
            Err(MoneyTextError::Format) => Problem::NotMoney { field, value },
            Err(MoneyTextError::Range) => Problem::MoneyTooLarge {
                field,
                value,
                signed: !non_negative,
            },
        };
        self.push(path, problem);
        None
    }

    fn opt_money(
        &mut self,
        map: &Obj,
        key: &str,
        path: &Path<'_>,
        non_negative: bool,
    ) -> Option<Decimal> {
        match Self::optional(map, key) {
            Some(v) => self.money(v, &path.key(key), non_negative),
            None => Some(Decimal::ZERO),
        }
    }

    fn date(&mut self, value: &Value, path: &Path<'_>) -> Option<Date> {
        self.calendar(value, path, date::parse_date, DateShape::Day)
    }

    pub(crate) fn month(&mut self, value: &Value, path: &Path<'_>) -> Option<Date> {
        self.calendar(value, path, date::parse_month, DateShape::Month)
    }

    /// A calendar string of one shape: a wrong type is `invalid_type`, an impossible or
    /// misshapen one `invalid_value`.
    fn calendar(
        &mut self,
        value: &Value,
        path: &Path<'_>,
        parse: fn(&str) -> Result<Date, date::DateTextError>,
        shape: DateShape,
    ) -> Option<Date> {
        let s = self.filled(value, path, Kind::Date)?;
        match parse(s) {
            Ok(d) => Some(d),
            Err(_) => {
                let field = self.label(path);
                let value = quote(value);
                self.push(
                    path,
                    Problem::NotADate {
                        field,
                        value,
                        shape,
                    },
                );
                None
            }
        }
    }

    /// A date that must not be after the assessment date.
    fn past_date(&mut self, value: &Value, path: &Path<'_>) -> Option<Date> {
        let d = self.date(value, path)?;
        if let Some(as_of) = self.as_of.filter(|a| d > *a) {
            let problem = Problem::AfterAsOf {
                field: self.label(path),
                date: d,
                as_of,
                earliest: self.earliest(path, as_of),
            };
            self.push(path, problem);
            return None;
        }
        Some(d)
    }

    /// The `min` of a date's bounds: for a birth date the as-of date 130 years back (the example
    /// of docs/contract.md#errors), for other dates the first day the date format writes.
    fn earliest(&self, path: &Path<'_>, as_of: Date) -> String {
        let birth = matches!(path, Path::Key(_, "birth_date"));
        match as_of.checked_sub_months(chrono::Months::new(MAX_AGE * 12)) {
            Some(d) if birth => d.to_string(),
            _ => "0000-01-01".to_owned(),
        }
    }

    fn word<T: Copy>(
        &mut self,
        value: &Value,
        path: &Path<'_>,
        from_wire: fn(&str) -> Option<T>,
        all: &[T],
        as_str: fn(T) -> &'static str,
    ) -> Option<T> {
        let s = self.filled(value, path, Kind::Choice)?;
        let found = from_wire(s);
        if found.is_none() {
            let allowed = match labels::word_list_of_field(&path.render()) {
                Some(list) => Choices::Labelled(list),
                None => Choices::Words(all.iter().map(|w| as_str(*w)).collect()),
            };
            let problem = Problem::NotAChoice {
                field: self.label(path),
                value: quote(value),
                allowed,
            };
            self.push(path, problem);
        }
        found
    }

    /// The required `id` of a document or member: 1–64 characters.
    pub(crate) fn req_id(&mut self, map: &Obj, path: &Path<'_>) -> Option<String> {
        let v = self.required(map, "id", path)?;
        self.text(v, &path.key("id"), MAX_ID_CHARS)
    }

    pub(crate) fn req_integer(
        &mut self,
        map: &Obj,
        key: &str,
        path: &Path<'_>,
        min: u32,
        max: u32,
    ) -> Option<u32> {
        let v = self.required(map, key, path)?;
        self.integer(v, &path.key(key), min, max)
    }

    fn household(&mut self, value: &Value, path: &Path<'_>) -> Option<Household> {
        let map = self.object(value, path, HOUSEHOLD_KEYS)?;
        // What an absent (or `null`) optional field is read as.
        let absent = Household::absent();
        let id = self.req_id(map, path);
        let village_id = match Self::optional(map, "village_id") {
            Some(v) => self
                .text(v, &path.key("village_id"), MAX_ID_CHARS)
                .map(Some),
            None => Some(None),
        };
        let alleviated = self.req_bool(map, "poverty_alleviated", path);
        let members = self.members(map, path);
        let income = match Self::optional(map, "income") {
            Some(v) => self.income(v, &path.key("income")),
            None => Some(absent.income),
        };
        let previous_year_income = match Self::optional(map, "previous_year_income") {
            Some(v) => self
                .money(v, &path.key("previous_year_income"), true)
                .map(Some),
            None => Some(None),
        };
        let rigid = match Self::optional(map, "rigid_expenditure") {
            Some(v) => self.rigid(v, &path.key("rigid_expenditure")),
            None => Some(absent.rigid_expenditure),
        };
        let housing_grade = match Self::optional(map, "housing_grade") {
            Some(v) => self
                .word(
                    v,
                    &path.key("housing_grade"),
                    HousingGrade::from_wire,
                    HousingGrade::ALL,
                    HousingGrade::as_str,
                )
                .map(Some),
            None => Some(None),
        };
        let water = self.opt_bool(map, "drinking_water_safe", path, absent.drinking_water_safe);
        let food = self.opt_bool(
            map,
            "food_clothing_secure",
            path,
            absent.food_clothing_secure,
        );
        let assets = match Self::optional(map, "assets_within_limit") {
            Some(v) => self.boolean(v, &path.key("assets_within_limit")).map(Some),
            None => Some(None),
        };
        let dibao = match Self::optional(map, "dibao") {
            Some(v) => self.dibao(v, &path.key("dibao")).map(Some),
            None => Some(None),
        };
        let monitoring = match Self::optional(map, "monitoring") {
            Some(v) => self.monitoring(v, &path.key("monitoring")).map(Some),
            None => Some(None),
        };
        let credit = match Self::optional(map, "credit") {
            Some(v) => self.credit(v, &path.key("credit")).map(Some),
            None => Some(None),
        };
        let hospitalizations = self.hospitalizations(map, path, members.as_deref());
        Some(Household {
            id: id?,
            village_id: village_id?,
            poverty_alleviated: alleviated?,
            members: members?,
            income: income?,
            previous_year_income: previous_year_income?,
            rigid_expenditure: rigid?,
            housing_grade: housing_grade?,
            drinking_water_safe: water?,
            food_clothing_secure: food?,
            assets_within_limit: assets?,
            dibao: dibao?,
            monitoring: monitoring?,
            credit: credit?,
            hospitalizations: hospitalizations?,
        })
    }

    fn members(&mut self, map: &Obj, path: &Path<'_>) -> Option<Vec<Member>> {
        let mpath = path.key("members");
        let value = self.required(map, "members", path)?;
        let Value::Array(items) = value else {
            self.wrong_type(value, &mpath, Kind::Array);
            return None;
        };
        let mut ok = true;
        if items.is_empty() {
            self.push(&mpath, Problem::NoMembers {});
            ok = false;
        } else if items.len() > MAX_MEMBERS {
            let count = items.len();
            self.push(&mpath, Problem::TooManyMembers { count });
            ok = false;
        }
        let mut members = Vec::with_capacity(items.len());
        let mut seen: Vec<&str> = Vec::with_capacity(items.len());
        let mut seen_numbers: Vec<String> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let ipath = mpath.index(i);
            if let Some(m) = self.member(item, &ipath) {
                members.push(m);
            } else {
                ok = false;
            }
            // Duplicate ids are checked on the raw value so that a member with other errors
            // still counts as using its id.
            if let Some(id) = item.get("id").and_then(Value::as_str) {
                if seen.contains(&id) {
                    let id = quote(&Value::String(id.to_owned()));
                    self.push(&ipath.key("id"), Problem::DuplicateMemberId { id });
                    ok = false;
                } else {
                    seen.push(id);
                }
            }
            // Id numbers too, among well-formed ones, compared with `x` read as `X`.
            if let Some(number) = item
                .get("id_number")
                .and_then(Value::as_str)
                .and_then(crate::reconcile::id::canonical)
            {
                if seen_numbers.contains(&number) {
                    let masked = crate::reconcile::id::mask(&number);
                    self.push(
                        &ipath.key("id_number"),
                        Problem::DuplicateIdNumber { masked },
                    );
                    ok = false;
                } else {
                    seen_numbers.push(number);
                }
            }
        }
        ok.then_some(members)
    }

    fn member(&mut self, value: &Value, path: &Path<'_>) -> Option<Member> {
        let map = self.object(value, path, MEMBER_KEYS)?;
        // What an absent (or `null`) optional field is read as.
        let absent = Member::absent();
        let id = self.req_id(map, path);
        let birth = self.required(map, "birth_date", path).and_then(|v| {
            let bpath = path.key("birth_date");
            let d = self.past_date(v, &bpath)?;
            if let Some(as_of) = self.as_of {
                let age = date::age(d, as_of);
                if age > MAX_AGE {
                    let earliest = self.earliest(&bpath, as_of);
                    let problem = Problem::TooOld {
                        date: d,
                        age,
                        as_of,
                        earliest,
                    };
                    self.push(&bpath, problem);
                    return None;
                }
            }
            Some(d)
        });
        let labor = self.required(map, "labor_capacity", path).and_then(|v| {
            self.word(
                v,
                &path.key("labor_capacity"),
                LaborCapacity::from_wire,
                LaborCapacity::ALL,
                LaborCapacity::as_str,
            )
        });
        let insured = self.req_bool(map, "medical_insured", path);
        let disability = match Self::optional(map, "disability") {
            Some(v) => self.disability(v, &path.key("disability")).map(Some),
            None => Some(None),
        };
        let schooling = match Self::optional(map, "schooling") {
            Some(v) => self.schooling(v, &path.key("schooling")).map(Some),
            None => Some(None),
        };
        let pension_insured = self.opt_bool(map, "pension_insured", path, absent.pension_insured);
        let tekun = self.opt_bool(map, "tekun", path, absent.tekun);
        let supporter = self.opt_bool(
            map,
            "legal_supporter_able",
            path,
            absent.legal_supporter_able,
        );
        let own_income = match Self::optional(map, "own_income") {
            Some(v) => self.money(v, &path.key("own_income"), true),
            None => Some(absent.own_income),
        };
        let employment = match Self::optional(map, "employment") {
            Some(v) => self.employment(v, &path.key("employment")),
            None => Some(absent.employment),
        };
        let guardianship = match Self::optional(map, "guardianship") {
            Some(v) => self.word(
                v,
                &path.key("guardianship"),
                Guardianship::from_wire,
                Guardianship::ALL,
                Guardianship::as_str,
            ),
            None => Some(absent.guardianship),
        };
        let self_care_able = self.opt_bool(map, "self_care_able", path, absent.self_care_able);
        let id_number = match Self::optional(map, "id_number") {
            Some(v) => self.id_number(v, &path.key("id_number")).map(Some),
            None => Some(None),
        };
        Some(Member {
            id: id?,
            birth_date: birth?,
            labor_capacity: labor?,
            medical_insured: insured?,
            disability: disability?,
            schooling: schooling?,
            pension_insured: pension_insured?,
            tekun: tekun?,
            legal_supporter_able: supporter?,
            own_income: own_income?,
            employment: employment?,
            guardianship: guardianship?,
            self_care_able: self_care_able?,
            id_number: id_number?,
        })
    }

    /// 公民身份号码: 17 digits then a digit or `X` (`x` read as `X`). Never quoted whole.
    fn id_number(&mut self, value: &Value, path: &Path<'_>) -> Option<String> {
        let s = self.filled(value, path, Kind::Text)?;
        let canonical = crate::reconcile::id::canonical(s);
        if canonical.is_none() {
            // Never the whole number: masked, as everywhere (docs/reconcile.md).
            let masked = crate::reconcile::id::mask(s);
            self.push(path, Problem::BadIdNumber { masked });
        }
        canonical
    }

    fn disability(&mut self, value: &Value, path: &Path<'_>) -> Option<Disability> {
        let map = self.object(value, path, &["grade", "category"])?;
        let grade = self
            .required(map, "grade", path)
            .and_then(|v| self.integer(v, &path.key("grade"), 1, MAX_DISABILITY_GRADE));
        let category = self.required(map, "category", path).and_then(|v| {
            self.word(
                v,
                &path.key("category"),
                DisabilityCategory::from_wire,
                DisabilityCategory::ALL,
                DisabilityCategory::as_str,
            )
        });
        Some(Disability {
            grade: u8::try_from(grade?).ok()?,
            category: category?,
        })
    }

    fn schooling(&mut self, value: &Value, path: &Path<'_>) -> Option<Schooling> {
        let map = self.object(value, path, &["status", "stage"])?;
        let status = self.required(map, "status", path).and_then(|v| {
            self.word(
                v,
                &path.key("status"),
                SchoolingStatus::from_wire,
                SchoolingStatus::ALL,
                SchoolingStatus::as_str,
            )
        });
        let stage = self.required(map, "stage", path).and_then(|v| {
            self.word(
                v,
                &path.key("stage"),
                SchoolStage::from_wire,
                SchoolStage::ALL,
                SchoolStage::as_str,
            )
        });
        Some(Schooling {
            status: status?,
            stage: stage?,
        })
    }

    fn employment(&mut self, value: &Value, path: &Path<'_>) -> Option<Employment> {
        let map = self.object(value, path, &["wants_work", "wants_training", "employed"])?;
        // Each absent flag as in the absent employment ([`Member::absent`]).
        let absent = Employment::default();
        let wants_work = self.opt_bool(map, "wants_work", path, absent.wants_work);
        let wants_training = self.opt_bool(map, "wants_training", path, absent.wants_training);
        let employed = self.opt_bool(map, "employed", path, absent.employed);
        Some(Employment {
            wants_work: wants_work?,
            wants_training: wants_training?,
            employed: employed?,
        })
    }

    fn income(&mut self, value: &Value, path: &Path<'_>) -> Option<Income> {
        let [wages, business, property, transfers] = self.amounts(
            value,
            path,
            [
                ("wages", false),
                ("business", true),
                ("property", true),
                ("transfers", false),
            ],
        )?;
        Some(Income {
            wages,
            business,
            property,
            transfers,
        })
    }

    fn rigid(&mut self, value: &Value, path: &Path<'_>) -> Option<RigidExpenditure> {
        let [medical, education, disaster, accident] = self.amounts(
            value,
            path,
            [
                ("medical", false),
                ("education", false),
                ("disaster", false),
                ("accident", false),
            ],
        )?;
        Some(RigidExpenditure {
            medical,
            education,
            disaster,
            accident,
        })
    }

    /// An object of amounts of money only (the income, the rigid expenditure), each `(key,
    /// may be negative)`; an absent one is 0.
    fn amounts<const N: usize>(
        &mut self,
        value: &Value,
        path: &Path<'_>,
        fields: [(&str, bool); N],
    ) -> Option<[Decimal; N]> {
        let map = self.object(value, path, &fields.map(|(key, _)| key))?;
        let read = fields.map(|(key, signed)| self.opt_money(map, key, path, !signed));
        let mut out = [Decimal::ZERO; N];
        for (slot, amount) in out.iter_mut().zip(read) {
            *slot = amount?;
        }
        Some(out)
    }

    fn dibao(&mut self, value: &Value, path: &Path<'_>) -> Option<DibaoReceipt> {
        let map = self.object(
            value,
            path,
            &["since", "current_monthly_benefit", "income_exceeded_on"],
        )?;
        let since = self
            .required(map, "since", path)
            .and_then(|v| self.past_date(v, &path.key("since")));
        let benefit = self.opt_money(map, "current_monthly_benefit", path, true);
        let exceeded = match Self::optional(map, "income_exceeded_on") {
            Some(v) => self.past_date(v, &path.key("income_exceeded_on")).map(Some),
            None => Some(None),
        };
        Some(DibaoReceipt {
            since: since?,
            current_monthly_benefit: benefit?,
            income_exceeded_on: exceeded?,
        })
    }

    fn monitoring(&mut self, value: &Value, path: &Path<'_>) -> Option<MonitoringRecord> {
        let map = self.object(
            value,
            path,
            &["category", "since", "stable_income_months", "measures"],
        )?;
        let category = self.required(map, "category", path).and_then(|v| {
            self.word(
                v,
                &path.key("category"),
                MonitoringCategory::from_wire,
                MonitoringCategory::ALL,
                MonitoringCategory::as_str,
            )
        });
        let since = self
            .required(map, "since", path)
            .and_then(|v| self.past_date(v, &path.key("since")));
        let stable = self.opt_integer(
            map,
            "stable_income_months",
            path,
            0,
            MAX_STABLE_INCOME_MONTHS,
            0,
        );
        let measures = self.opt_integer(map, "measures", path, 0, MAX_MEASURES, 0);
        Some(MonitoringRecord {
            category: category?,
            since: since?,
            stable_income_months: stable?,
            measures: measures?,
        })
    }

    fn credit(&mut self, value: &Value, path: &Path<'_>) -> Option<Credit> {
        let map = self.object(value, path, &["rating_ok", "outstanding"])?;
        let rating_ok = self.req_bool(map, "rating_ok", path);
        let outstanding = self.opt_money(map, "outstanding", path, true);
        Some(Credit {
            rating_ok: rating_ok?,
            outstanding: outstanding?,
        })
    }

    fn hospitalizations(
        &mut self,
        map: &Obj,
        path: &Path<'_>,
        members: Option<&[Member]>,
    ) -> Option<Vec<Hospitalization>> {
        let hpath = path.key("hospitalizations");
        let Some(value) = Self::optional(map, "hospitalizations") else {
            return Some(Vec::new());
        };
        let Value::Array(items) = value else {
            self.wrong_type(value, &hpath, Kind::Array);
            return None;
        };
        let member_ids: Option<Vec<&str>> = match map.get("members") {
            Some(Value::Array(ms)) => Some(
                ms.iter()
                    .filter_map(|m| m.get("id").and_then(Value::as_str))
                    .collect(),
            ),
            _ => members.map(|ms| ms.iter().map(|m| m.id.as_str()).collect()),
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let ipath = hpath.index(i);
            let Some(h) = self.object(item, &ipath, &["person_id", "expense", "level"]) else {
                ok = false;
                continue;
            };
            let person = self
                .required(h, "person_id", &ipath)
                .and_then(|v| self.text(v, &ipath.key("person_id"), MAX_ID_CHARS));
            let person = person.and_then(|p| {
                if member_ids
                    .as_ref()
                    .is_some_and(|ids| !ids.contains(&p.as_str()))
                {
                    let id = quote(&Value::String(p.clone()));
                    self.push(&ipath.key("person_id"), Problem::UnknownPerson { id });
                    None
                } else {
                    Some(p)
                }
            });
            let expense = self
                .required(h, "expense", &ipath)
                .and_then(|v| self.money(v, &ipath.key("expense"), true));
            let level = self.required(h, "level", &ipath).and_then(|v| {
                self.word(
                    v,
                    &ipath.key("level"),
                    HospitalLevel::from_wire,
                    HospitalLevel::ALL,
                    HospitalLevel::as_str,
                )
            });
            match (person, expense, level) {
                (Some(person_id), Some(expense), Some(level)) => out.push(Hospitalization {
                    person_id,
                    expense,
                    level,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }
}
