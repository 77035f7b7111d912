//! Input validation: a JSON value (first phase) becomes a typed [`Household`] (second phase),
//! collecting *every* error with its code, JSON Pointer and messages.

use crate::json::{Input, Map, Value};
use rust_decimal::Decimal;

use crate::date::{self, Date};
use crate::error::{ErrorCode, ErrorDetail, ErrorParams, Errors, escape_pointer_token};
use crate::labels::{self, Document, Label};
use crate::model::*;
use crate::money::{MoneyTextError, parse_money_text};

mod check_household;
pub use check_household::check_household;

use crate::limits::MAX_ID_CHARS;
pub use crate::limits::{MAX_AGE, MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_MEMBERS};

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
    let parsed = read_json_unbounded(text).map_err(|e| match e {
        crate::json::ReadError::TooDeep => Errors::one(too_deep()),
        crate::json::ReadError::Syntax(e) => Errors::one(malformed(&e)),
    })?;
    check_depth(&parsed.value)?;
    Ok(parsed)
}

/// Like [`read_json_text`], for bytes that may not be UTF-8.
pub fn read_json_bytes(bytes: &[u8]) -> Result<Parsed, Errors> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Errors::one(too_large(bytes.len())));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => read_json_text(text),
        Err(_) => Err(Errors::one(ErrorDetail::new(
            ErrorCode::MalformedJson,
            "",
            "The file is not plain text (UTF-8); save it as UTF-8 text and try again.",
            "文件不是 UTF-8 文本，请另存为 UTF-8 格式后重试。",
        ))),
    }
}

/// Parses JSON text of any size (no limits checked), the first occurrence of a repeated key
/// kept and every extra occurrence reported as `duplicate_key` (a batch reader splits a JSON
/// array's duplicates among its items by their pointers).
pub fn read_json_unbounded(text: &str) -> Result<Parsed, crate::json::ReadError> {
    let read = crate::json::parse(text)?;
    // Each extra occurrence is its own error: the message counts it, so that no two are alike.
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut duplicates = Vec::with_capacity(read.duplicates.len());
    for path in &read.duplicates {
        let n = seen.entry(path).or_insert(1);
        *n += 1;
        duplicates.push(duplicate_key(path.clone(), *n));
    }
    Ok(Parsed {
        value: read.value,
        duplicates,
    })
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
    let l = labels::field_label(Document::Household, &field);
    ErrorDetail::new(
        ErrorCode::DuplicateKey,
        path,
        format!(
            "{} is filled in more than once (this is time {nth}); only the first is read. Please remove the repeated one.",
            capital(l.en)
        ),
        format!(
            "{}填写了不止一次（这是第 {nth} 次），只读取第一次填写的内容，请删除重复的一项。",
            l.zh
        ),
    )
}

/// `too_large` at `""`: a document (or a JSON Lines line, counted but not kept) of `bytes` bytes
/// over [`MAX_DOCUMENT_BYTES`] (every door words it with this).
pub fn too_large(bytes: usize) -> ErrorDetail {
    ErrorDetail::new(
        ErrorCode::TooLarge,
        "",
        format!(
            "The form is too large ({bytes} bytes; at most {MAX_DOCUMENT_BYTES}); send less at a time."
        ),
        format!("资料太大（{bytes} 字节，最多 {MAX_DOCUMENT_BYTES} 字节），请分开提交。"),
    )
}

/// `invalid_value` at `""`: nested deeper than [`MAX_DEPTH`].
pub fn too_deep() -> ErrorDetail {
    ErrorDetail::new(
        ErrorCode::InvalidValue,
        "",
        format!("The form has more than {MAX_DEPTH} levels of nesting; check how it was made."),
        format!("资料的层级超过 {MAX_DEPTH} 层，请检查资料的格式。"),
    )
}

fn malformed(e: &serde_json::Error) -> ErrorDetail {
    ErrorDetail::new(
        ErrorCode::MalformedJson,
        "",
        format!(
            "The form could not be read (not valid JSON at line {}, column {}); check the text there.",
            e.line(),
            e.column()
        ),
        format!(
            "资料无法读取（第 {} 行第 {} 列不是有效的 JSON 格式），请检查该处。",
            e.line(),
            e.column()
        ),
    )
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
    match household {
        Some(h) if v.errors.is_empty() => Ok(h),
        _ => {
            if v.errors.is_empty() {
                // Unreachable in practice: every `None` above records an error first.
                v.errors.push(ErrorDetail::new(
                    ErrorCode::InvalidValue,
                    "",
                    "The household form could not be read; check it and try again.",
                    "家庭信息无法读取，请检查后重试。",
                ));
            }
            Err(Errors::new(v.errors))
        }
    }
}

/// `duplicate_id` at `/id` for a household whose number another row of the same batch also
/// uses: which row holds the household (and which members are its) cannot be told.
pub fn duplicate_household(id: &str, rows: usize) -> ErrorDetail {
    let l = labels::field_label(Document::Household, "/id");
    let shown = quote(&Value::String(id.to_owned()));
    ErrorDetail::new(
        ErrorCode::DuplicateId,
        "/id",
        format!(
            "The {} {shown} is used by {rows} rows of this table; give each household one row and its own number.",
            l.en
        ),
        format!(
            "{}（{shown}）在这张表中出现了 {rows} 次，请让每户只占一行、编号各不相同。",
            l.zh
        ),
    )
}

/// What a value of the wrong type was, in words.
fn json_kind(value: &Value) -> (&'static str, &'static str) {
    match value {
        Value::Null => ("nothing", "空"),
        Value::Bool(_) => ("yes or no", "是或否"),
        Value::Number(_) => ("a number", "数字"),
        Value::String(_) => ("text", "文字"),
        Value::Array(_) => ("a list", "列表"),
        Value::Object(_) => ("a group of entries", "一组填写项"),
    }
}

/// An `invalid_type` (or other code) raised by a door while it converts a host value (a Python
/// `float`, a JavaScript `BigInt`), worded as the core words its own: the field's label, what it
/// should be, what was found, what to do.
pub fn door_error(
    code: ErrorCode,
    path: &str,
    (want_en, want_zh): (&str, &str),
    (found_en, found_zh): (&str, &str),
) -> ErrorDetail {
    let l = labels::field_label(Document::Household, path);
    ErrorDetail::new(
        code,
        path,
        format!(
            "{} should be {want_en}, not {found_en}; please correct it.",
            capital(l.en)
        ),
        format!("{}应填{want_zh}，现在是{found_zh}，请改正。", l.zh),
    )
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
        let l = self.label(path);
        self.push(
            ErrorCode::EmptyValue,
            path,
            format!("Please fill in: {} (it is empty).", l.en),
            format!("请填写{}（现在是空的）。", l.zh),
        );
    }

    /// The typed value when no error was found, else every error, sorted.
    pub(crate) fn finish<T>(mut self, value: Option<T>) -> Result<T, Errors> {
        match value {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ => {
                if self.errors.is_empty() {
                    self.errors.push(ErrorDetail::new(
                        ErrorCode::InvalidValue,
                        "",
                        "The form could not be read; check it and try again.",
                        "资料无法读取，请检查后重试。",
                    ));
                }
                Err(Errors::new(self.errors))
            }
        }
    }

    pub(crate) fn push(&mut self, code: ErrorCode, path: &Path<'_>, en: String, zh: String) {
        self.errors
            .push(ErrorDetail::new(code, path.render(), en, zh));
    }

    pub(crate) fn push_with(
        &mut self,
        code: ErrorCode,
        path: &Path<'_>,
        params: ErrorParams,
        en: String,
        zh: String,
    ) {
        self.errors
            .push(ErrorDetail::new(code, path.render(), en, zh).with_params(params));
    }

    pub(crate) fn wrong_type(
        &mut self,
        value: &Value,
        path: &Path<'_>,
        want_en: &str,
        want_zh: &str,
    ) {
        let (found_en, found_zh) = json_kind(value);
        let l = self.label(path);
        self.push(
            ErrorCode::InvalidType,
            path,
            format!(
                "{} should be {want_en}, not {found_en}; please correct it.",
                capital(l.en)
            ),
            format!("{}应填{want_zh}，现在填的是{found_zh}，请改正。", l.zh),
        );
    }

    /// An object with only the allowed keys (unknown ones are reported).
    pub(crate) fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &Path<'_>,
        allowed: &[&str],
    ) -> Option<&'v Obj> {
        let Value::Object(map) = value else {
            self.wrong_type(value, path, "an object", "对象");
            return None;
        };
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                let shown = quote(&Value::String(key.clone()));
                let l = self.label(path);
                self.push(
                    ErrorCode::UnknownField,
                    &path.key(key),
                    format!(
                        "\"{shown}\" is not an entry of {}; remove it or correct its name.",
                        l.en
                    ),
                    format!(
                        "{}中有一项“{shown}”无法识别，请删除或改正这一项的名称。",
                        l.zh
                    ),
                );
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
            let l = self.label(&at);
            self.push(
                ErrorCode::MissingField,
                &at,
                format!("Please fill in: {}.", l.en),
                format!("请填写{}。", l.zh),
            );
        }
        found
    }

    fn boolean(&mut self, value: &Value, path: &Path<'_>) -> Option<bool> {
        match value {
            Value::Bool(b) => Some(*b),
            other => {
                self.wrong_type(other, path, "yes or no", "是或否");
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
        let Value::String(s) = value else {
            self.wrong_type(value, path, "text", "文字");
            return None;
        };
        if blank(s) {
            self.empty(path);
            return None;
        }
        let n = s.chars().count();
        if n > max_chars {
            let l = self.label(path);
            self.push_with(
                ErrorCode::OutOfRange,
                path,
                ErrorParams::range(1, max_chars),
                format!(
                    "{} is too long ({n} characters); use at most {max_chars}.",
                    capital(l.en)
                ),
                format!(
                    "{}太长了（{n} 个字），最多 {max_chars} 个字，请缩短。",
                    l.zh
                ),
            );
            return None;
        }
        Some(s.clone())
    }

    fn integer(&mut self, value: &Value, path: &Path<'_>, min: u32, max: u32) -> Option<u32> {
        let n = match value {
            Value::Number(n) => n,
            Value::String(s) if blank(s) => {
                self.empty(path);
                return None;
            }
            other => {
                self.wrong_type(other, path, "a whole number", "整数");
                return None;
            }
        };
        let text = n.to_string();
        let digits = text.strip_prefix('-').unwrap_or(&text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            self.wrong_type(value, path, "a whole number", "整数");
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
                let l = self.label(path);
                let v = quote(value);
                self.push_with(
                    ErrorCode::OutOfRange,
                    path,
                    ErrorParams::range(min, max),
                    format!(
                        "{} ({v}) must be from {min} to {max}; please correct it.",
                        capital(l.en)
                    ),
                    format!("{}（{v}）应在 {min} 到 {max} 之间，请改正。", l.zh),
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
                self.wrong_type(other, path, "an amount of money", "金额");
                return None;
            }
        };
        let parsed = parse_money_text(&text);
        if let Ok(d) = parsed
            && !(non_negative && d.is_sign_negative() && !d.is_zero())
        {
            return Some(d);
        }
        // The messages are built only for a value that is refused.
        let l = self.label(path);
        let v = quote(value);
        let min = if non_negative { "0" } else { "-10000000000" };
        match parsed {
            Ok(_) => {
                self.push_with(
                    ErrorCode::OutOfRange,
                    path,
                    ErrorParams::range(min, "10000000000"),
                    format!(
                        "{} ({v}) cannot be negative; enter 0 or more.",
                        capital(l.en)
                    ),
                    format!("{}（{v}）不能是负数，请填 0 或更大的数。", l.zh),
                );
            }
            Err(MoneyTextError::Format) => {
                self.push(
                    ErrorCode::InvalidValue,
                    path,
                    format!(
                        "{} ({v}) is not an amount; write digits only, with at most 2 decimals, for example 1200 or 1200.50.",
                        capital(l.en)
                    ),
                    format!(
                        "{}（{v}）不是有效的金额，请只填数字，最多两位小数，例如 1200 或 1200.50。",
                        l.zh
                    ),
                );
            }
            Err(MoneyTextError::Range) => {
                self.push_with(
                    ErrorCode::OutOfRange,
                    path,
                    ErrorParams::range(min, "10000000000"),
                    format!(
                        "{} ({v}) is too large; amounts go up to 10000000000 yuan. Please check it.",
                        capital(l.en)
                    ),
                    format!("{}（{v}）超出范围，金额最多 10000000000 元，请核对。", l.zh),
                );
            }
        }
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
        self.calendar(
            value,
            path,
            date::parse_date,
            (
                "year-month-day, for example 1980-05-01",
                "“年-月-日”填写，例如 1980-05-01",
            ),
        )
    }

    pub(crate) fn month(&mut self, value: &Value, path: &Path<'_>) -> Option<Date> {
        self.calendar(
            value,
            path,
            date::parse_month,
            (
                "year-month, for example 2023-06",
                "“年-月”填写，例如 2023-06",
            ),
        )
    }

    /// A calendar string of one shape: a wrong type is `invalid_type`, an impossible or
    /// misshapen one `invalid_value`.
    fn calendar(
        &mut self,
        value: &Value,
        path: &Path<'_>,
        parse: fn(&str) -> Result<Date, date::DateTextError>,
        (shape_en, shape_zh): (&str, &str),
    ) -> Option<Date> {
        let s = match value {
            Value::String(s) if blank(s) => {
                self.empty(path);
                return None;
            }
            Value::String(s) => s,
            other => {
                self.wrong_type(other, path, "a date written as text", "日期");
                return None;
            }
        };
        match parse(s) {
            Ok(d) => Some(d),
            Err(_) => {
                let l = self.label(path);
                let v = quote(value);
                self.push(
                    ErrorCode::InvalidValue,
                    path,
                    format!(
                        "{} ({v}) is not a real date; write it as {shape_en}.",
                        capital(l.en)
                    ),
                    format!("{}（{v}）不是有效的日期，请按{shape_zh}。", l.zh),
                );
                None
            }
        }
    }

    /// A date that must not be after the assessment date.
    fn past_date(&mut self, value: &Value, path: &Path<'_>) -> Option<Date> {
        let d = self.date(value, path)?;
        if let Some(as_of) = self.as_of.filter(|a| d > *a) {
            let l = self.label(path);
            self.push_with(
                ErrorCode::OutOfRange,
                path,
                ErrorParams::range(self.earliest(path, as_of), as_of),
                format!("The {} ({d}) is after the assessment date ({as_of}).", l.en),
                format!("{}（{d}）晚于评估日期（{as_of}）。", l.zh),
            );
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
        let s = match value {
            Value::String(s) if blank(s) => {
                self.empty(path);
                return None;
            }
            Value::String(s) => s,
            other => {
                self.wrong_type(other, path, "one of the choices", "选项之一");
                return None;
            }
        };
        let found = from_wire(s);
        if found.is_none() {
            let l = self.label(path);
            let v = quote(value);
            let list = labels::word_list_of_field(&path.render());
            let words = |f: fn(Label) -> &'static str, sep: &str| -> String {
                match list {
                    Some(list) => list
                        .words
                        .iter()
                        .map(|w| f(w.label))
                        .collect::<Vec<_>>()
                        .join(sep),
                    None => all.iter().map(|w| as_str(*w)).collect::<Vec<_>>().join(sep),
                }
            };
            let en = format!(
                "{} ({v}) is not one of the choices; choose one of: {}.",
                capital(l.en),
                words(|x| x.en, "; ")
            );
            let zh = format!(
                "{}（{v}）不是可选的内容，请从以下选项中选择：{}。",
                l.zh,
                words(|x| x.zh, "、")
            );
            let detail = ErrorDetail::new(ErrorCode::InvalidValue, path.render(), en, zh);
            self.errors.push(match list {
                Some(list) => detail.with_params(ErrorParams::words(list)),
                None => detail,
            });
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
        const KEYS: &[&str] = &[
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
        let map = self.object(value, path, KEYS)?;
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
            None => Some(Income::default()),
        };
        let previous_year_income = match Self::optional(map, "previous_year_income") {
            Some(v) => self
                .money(v, &path.key("previous_year_income"), true)
                .map(Some),
            None => Some(None),
        };
        let rigid = match Self::optional(map, "rigid_expenditure") {
            Some(v) => self.rigid(v, &path.key("rigid_expenditure")),
            None => Some(RigidExpenditure::default()),
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
        let water = self.opt_bool(map, "drinking_water_safe", path, true);
        let food = self.opt_bool(map, "food_clothing_secure", path, true);
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
            self.wrong_type(value, &mpath, "an array", "数组");
            return None;
        };
        let mut ok = true;
        if items.is_empty() || items.len() > MAX_MEMBERS {
            let n = items.len();
            let (en, zh) = if n == 0 {
                (
                    "Please add at least one household member.".to_owned(),
                    "请至少填写一位家庭成员。".to_owned(),
                )
            } else {
                (
                    format!(
                        "A household has 1 to {MAX_MEMBERS} members, not {n}; please remove some."
                    ),
                    format!("家庭成员应为 1 到 {MAX_MEMBERS} 人，现在是 {n} 人，请删减。"),
                )
            };
            self.push_with(
                ErrorCode::OutOfRange,
                &mpath,
                ErrorParams::range(1, MAX_MEMBERS),
                en,
                zh,
            );
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
                    let shown = quote(&Value::String(id.to_owned()));
                    self.push(
                        ErrorCode::DuplicateId,
                        &ipath.key("id"),
                        format!(
                            "The member number ({shown}) is already used by an earlier member; give each member a different number."
                        ),
                        format!("成员编号（{shown}）已经被前面的成员用过，请给每位成员不同的编号。"),
                    );
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
                        ErrorCode::DuplicateId,
                        &ipath.key("id_number"),
                        format!(
                            "The citizen ID number ({masked}) is already given for an earlier member; each person has their own number."
                        ),
                        format!("公民身份号码（{masked}）已经填给了前面的成员，每人的号码各不相同。"),
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
        let id = self.req_id(map, path);
        let birth = self.required(map, "birth_date", path).and_then(|v| {
            let bpath = path.key("birth_date");
            let d = self.past_date(v, &bpath)?;
            if let Some(as_of) = self.as_of {
                let age = date::age(d, as_of);
                if age > MAX_AGE {
                    let min = self.earliest(&bpath, as_of);
                    self.push_with(
                        ErrorCode::OutOfRange,
                        &bpath,
                        ErrorParams::range(min, as_of),
                        format!(
                            "The date of birth ({d}) makes the member {age} on the assessment date ({as_of}), older than {MAX_AGE}; please check it."
                        ),
                        format!(
                            "出生日期（{d}）表示到评估日期（{as_of}）已满 {age} 岁，超过 {MAX_AGE} 岁，请核对。"
                        ),
                    );
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
        let pension_insured = self.opt_bool(map, "pension_insured", path, false);
        let tekun = self.opt_bool(map, "tekun", path, false);
        let supporter = self.opt_bool(map, "legal_supporter_able", path, true);
        let own_income = self.opt_money(map, "own_income", path, true);
        let employment = match Self::optional(map, "employment") {
            Some(v) => self.employment(v, &path.key("employment")),
            None => Some(Employment::default()),
        };
        let guardianship = match Self::optional(map, "guardianship") {
            Some(v) => self.word(
                v,
                &path.key("guardianship"),
                Guardianship::from_wire,
                Guardianship::ALL,
                Guardianship::as_str,
            ),
            None => Some(Guardianship::Parents),
        };
        let self_care_able = self.opt_bool(map, "self_care_able", path, true);
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
        let Value::String(s) = value else {
            self.wrong_type(value, path, "text", "文字");
            return None;
        };
        if blank(s) {
            self.empty(path);
            return None;
        }
        let canonical = crate::reconcile::id::canonical(s);
        if canonical.is_none() {
            // Never the whole number: masked, as everywhere (docs/reconcile.md).
            let masked = crate::reconcile::id::mask(s);
            self.push(
                ErrorCode::InvalidValue,
                path,
                format!(
                    "The citizen ID number ({masked}) is not right: it has 18 characters, 17 digits and then a digit or X."
                ),
                format!("公民身份号码（{masked}）不对：应为 18 位，前 17 位是数字，最后一位是数字或 X。"),
            );
        }
        canonical
    }

    fn disability(&mut self, value: &Value, path: &Path<'_>) -> Option<Disability> {
        let map = self.object(value, path, &["grade", "category"])?;
        let grade = self
            .required(map, "grade", path)
            .and_then(|v| self.integer(v, &path.key("grade"), 1, 4));
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
        let wants_work = self.opt_bool(map, "wants_work", path, false);
        let wants_training = self.opt_bool(map, "wants_training", path, false);
        let employed = self.opt_bool(map, "employed", path, false);
        Some(Employment {
            wants_work: wants_work?,
            wants_training: wants_training?,
            employed: employed?,
        })
    }

    fn income(&mut self, value: &Value, path: &Path<'_>) -> Option<Income> {
        let map = self.object(value, path, &["wages", "business", "property", "transfers"])?;
        let wages = self.opt_money(map, "wages", path, true);
        let business = self.opt_money(map, "business", path, false);
        let property = self.opt_money(map, "property", path, false);
        let transfers = self.opt_money(map, "transfers", path, true);
        Some(Income {
            wages: wages?,
            business: business?,
            property: property?,
            transfers: transfers?,
        })
    }

    fn rigid(&mut self, value: &Value, path: &Path<'_>) -> Option<RigidExpenditure> {
        let map = self.object(
            value,
            path,
            &["medical", "education", "disaster", "accident"],
        )?;
        let medical = self.opt_money(map, "medical", path, true);
        let education = self.opt_money(map, "education", path, true);
        let disaster = self.opt_money(map, "disaster", path, true);
        let accident = self.opt_money(map, "accident", path, true);
        Some(RigidExpenditure {
            medical: medical?,
            education: education?,
            disaster: disaster?,
            accident: accident?,
        })
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
        let stable = self.opt_integer(map, "stable_income_months", path, 0, 600, 0);
        let measures = self.opt_integer(map, "measures", path, 0, 1000, 0);
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
            self.wrong_type(value, &hpath, "an array", "数组");
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
                    let shown = quote(&Value::String(p.clone()));
                    self.push(
                        ErrorCode::UnknownReference,
                        &ipath.key("person_id"),
                        format!(
                            "The member who was in hospital ({shown}) is not a member of this household; choose one of the household's members."
                        ),
                        format!("住院的家庭成员（{shown}）不是本户成员，请从本户的家庭成员中选择。"),
                    );
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
