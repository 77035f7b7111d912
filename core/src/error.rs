//! The one error shape that crosses every boundary: a stable code, a JSON Pointer and messages
//! in Chinese and English (docs/contract.md#errors).

use std::fmt;

use serde::Serialize;

/// A stable error code. The list is part of the contract: the Python stub and the TypeScript
/// declarations name the same codes, and a test in each binding checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Not JSON at all.
    MalformedJson,
    /// A wrong JSON type.
    InvalidType,
    /// A required field is missing (or null).
    MissingField,
    /// A field the contract does not name.
    UnknownField,
    /// A word outside the allowed list, an impossible date, bad money text, nesting too deep.
    InvalidValue,
    /// A number, date, length or count outside its bounds.
    OutOfRange,
    /// A second member with an id already used.
    DuplicateId,
    /// A key repeated in one object (each extra occurrence; the first is the value read).
    DuplicateKey,
    /// An empty or blank string, in any field (v1.3).
    EmptyValue,
    /// A hospitalization naming no member.
    UnknownReference,
    /// A document over 1 MiB.
    TooLarge,
    /// A parameter asked for on a date before its first value.
    ParameterUndefined,
    /// A parameter layer that breaks the layer format.
    InvalidParameter,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 13] = [
        ErrorCode::MalformedJson,
        ErrorCode::InvalidType,
        ErrorCode::MissingField,
        ErrorCode::UnknownField,
        ErrorCode::InvalidValue,
        ErrorCode::OutOfRange,
        ErrorCode::DuplicateId,
        ErrorCode::DuplicateKey,
        ErrorCode::EmptyValue,
        ErrorCode::UnknownReference,
        ErrorCode::TooLarge,
        ErrorCode::ParameterUndefined,
        ErrorCode::InvalidParameter,
    ];

    /// The code as it is written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MalformedJson => "malformed_json",
            ErrorCode::InvalidType => "invalid_type",
            ErrorCode::MissingField => "missing_field",
            ErrorCode::UnknownField => "unknown_field",
            ErrorCode::InvalidValue => "invalid_value",
            ErrorCode::OutOfRange => "out_of_range",
            ErrorCode::DuplicateId => "duplicate_id",
            ErrorCode::DuplicateKey => "duplicate_key",
            ErrorCode::EmptyValue => "empty_value",
            ErrorCode::UnknownReference => "unknown_reference",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::ParameterUndefined => "parameter_undefined",
            ErrorCode::InvalidParameter => "invalid_parameter",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The structured facts of an error, so a caller can word its own message
/// (docs/contract.md#errors):
/// `{min, max}` (as text) on `out_of_range`; `{allowed}` (the words, in contract order) on an
/// `invalid_value` for a list of words, with `allowed_labels_zh` and `allowed_labels_en` (their
/// labels from [`crate::labels`], in the same order) beside it — an addition to the contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct ErrorParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_labels_zh: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_labels_en: Option<Vec<String>>,
}

impl ErrorParams {
    /// `{min, max}`.
    pub fn range(min: impl ToString, max: impl ToString) -> Self {
        ErrorParams {
            min: Some(min.to_string()),
            max: Some(max.to_string()),
            allowed: None,
            allowed_labels_zh: None,
            allowed_labels_en: None,
        }
    }

    /// `{allowed, allowed_labels_zh, allowed_labels_en}` of a list of words.
    pub fn words(list: &crate::labels::WordList) -> Self {
        let each = |f: fn(&crate::labels::Word) -> &'static str| {
            Some(list.words.iter().map(|w| f(w).to_owned()).collect())
        };
        ErrorParams {
            min: None,
            max: None,
            allowed: each(|w| w.word),
            allowed_labels_zh: each(|w| w.label.zh),
            allowed_labels_en: each(|w| w.label.en),
        }
    }
}

/// One error: `{code, path, params?, message_en, message_zh}` (`params` only where
/// docs/contract.md#errors puts it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct ErrorDetail {
    code: ErrorCode,
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    params: Option<ErrorParams>,
    message_en: String,
    message_zh: String,
}

impl ErrorDetail {
    /// Makes an error.
    pub fn new(
        code: ErrorCode,
        path: impl Into<String>,
        message_en: impl Into<String>,
        message_zh: impl Into<String>,
    ) -> Self {
        ErrorDetail {
            code,
            path: path.into(),
            params: None,
            message_en: message_en.into(),
            message_zh: message_zh.into(),
        }
    }

    /// The same error with structured facts.
    #[must_use]
    pub fn with_params(mut self, params: ErrorParams) -> Self {
        self.params = Some(params);
        self
    }

    /// The same error at another path (a batch's row prefix), facts and messages kept.
    #[must_use]
    pub fn at(&self, path: impl Into<String>) -> Self {
        ErrorDetail {
            path: path.into(),
            ..self.clone()
        }
    }

    /// The same error with another code (a layer's errors as `invalid_parameter`).
    #[must_use]
    pub fn recoded(&self, code: ErrorCode) -> Self {
        ErrorDetail {
            code,
            ..self.clone()
        }
    }

    /// The structured facts, where the contract gives them.
    pub fn params(&self) -> Option<&ErrorParams> {
        self.params.as_ref()
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The JSON Pointer into the input (`""` for the document itself).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The English message.
    pub fn message_en(&self) -> &str {
        &self.message_en
    }

    /// The Chinese message.
    pub fn message_zh(&self) -> &str {
        &self.message_zh
    }
}

impl fmt::Display for ErrorDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.path.is_empty() {
            "the document"
        } else {
            &self.path
        };
        write!(f, "{} at {}: {}", self.code, at, self.message_en)
    }
}

/// Every error found in one document, sorted by path (code-point order), then code.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct Errors(Vec<ErrorDetail>);

impl Errors {
    /// Sorts and wraps a list of errors.
    pub fn new(mut list: Vec<ErrorDetail>) -> Self {
        list.sort_by(|a, b| a.path.cmp(&b.path).then(a.code.cmp(&b.code)));
        list.dedup();
        Errors(list)
    }

    /// One error.
    pub fn one(detail: ErrorDetail) -> Self {
        Errors(vec![detail])
    }

    /// The errors, sorted.
    pub fn list(&self) -> &[ErrorDetail] {
        &self.0
    }

    /// Takes the list.
    pub fn into_list(self) -> Vec<ErrorDetail> {
        self.0
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A door's own errors (found while converting a host value: a Python `float`, a JavaScript
    /// number that is not a safe integer) merged with the core's errors on the converted value:
    /// a core error at a path the door already reported (the `null` the conversion left there,
    /// and the `missing_field` it caused) is dropped; all sorted.
    pub fn merged_with(self, own: Vec<ErrorDetail>) -> Errors {
        let mut list: Vec<ErrorDetail> = self
            .0
            .into_iter()
            .filter(|e| !own.iter().any(|o| o.path() == e.path()))
            .collect();
        list.extend(own);
        Errors::new(list)
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "{n} error{}", if n == 1 { "" } else { "s" })?;
        for e in &self.0 {
            write!(f, "; {e}")?;
        }
        Ok(())
    }
}

/// So that `?` carries an error list into `Box<dyn std::error::Error>` and friends.
impl std::error::Error for Errors {}

/// Why an assessment could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The input breaks the contract.
    #[error("invalid input: {0}")]
    InvalidInput(Errors),
    /// A parameter is missing on the date or a layer is malformed.
    #[error("parameter error: {0}")]
    Parameter(Errors),
}

impl Error {
    /// The error list, whatever the kind.
    pub fn errors(&self) -> &Errors {
        match self {
            Error::InvalidInput(e) | Error::Parameter(e) => e,
        }
    }

    /// Takes the error list, whatever the kind.
    pub fn into_errors(self) -> Errors {
        match self {
            Error::InvalidInput(e) | Error::Parameter(e) => e,
        }
    }
}

/// An [`Error`] is its list: functions that return the list alone (validation, the
/// [`crate::api::Assessor`]) and those that say which kind (`assess_*`) compose with `?`.
impl From<Error> for Errors {
    fn from(e: Error) -> Self {
        e.into_errors()
    }
}

/// Escapes one JSON Pointer reference token (`~` → `~0`, `/` → `~1`).
pub fn escape_pointer_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1").into()
    } else {
        token.into()
    }
}

/// Reads one escaped JSON Pointer reference token back (`~1` → `/`, then `~0` → `~`).
pub fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
