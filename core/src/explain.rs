//! Explanations: reasons (with clause, messages in Chinese and English, and the values used),
//! warnings, and the parameters read (CONTRACT "Assessment", RULES §0 "Explanations").

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::params::Param;

/// The rule a reason belongs to, in rule order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// §1 transition period.
    Transition,
    /// §2 return-to-poverty monitoring.
    Monitoring,
    /// §2a assistance approach.
    AssistanceApproach,
    /// §3 dibao.
    Dibao,
    /// §4 extremely poor persons.
    Tekun,
    /// §5 temporary assistance.
    TemporaryAssistance,
    /// §6 disability subsidies.
    Disability,
    /// §7 medical insurance and the three-layer reimbursement.
    Medical,
    /// §8 pension.
    Pension,
    /// §9 education.
    Education,
    /// §10 employment.
    Employment,
    /// §11 small loans (with §20's interest subsidy).
    SmallLoan,
    /// §15 low-income population.
    LowIncome,
    /// §16 housing safety.
    Housing,
    /// §17 children in difficulty.
    Children,
    /// §19 care visits.
    Care,
}

/// The values a reason rests on, as strings, in the order the rule gives them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Values(Vec<(&'static str, String)>);

impl Values {
    /// No values.
    pub fn new() -> Self {
        Values(Vec::new())
    }

    /// Adds one value.
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.0.push((name, value.to_string()));
        self
    }

    /// A value by name.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Serialize for Values {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// In the schema of the output: an object of strings, as it serialises.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Values {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Values".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": { "type": "string" }
        })
    }
}

/// One reason for a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Reason {
    pub rule: Rule,
    pub code: &'static str,
    pub clause: &'static str,
    pub person_id: Option<String>,
    pub message_zh: String,
    pub message_en: String,
    pub values: Values,
}

/// A warning: an illustrative parameter, or a missing input value that was actually used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Warning {
    pub code: WarningCode,
    pub parameter: Option<&'static str>,
    pub person_id: Option<String>,
}

/// Warning codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// A parameter read has provenance `illustrative`.
    IllustrativeParameter,
    /// A child of compulsory-school age has no `schooling` (§2).
    SchoolingUnknown,
    /// The dibao income test passed and `assets_within_limit` was absent (§3).
    AssetTestNotProvided,
    /// The gradual-exit case applied and `income_exceeded_on` was absent (§3).
    IncomeExceededOnNotProvided,
}

/// How much explanation an assessment carries (`--explain`, [`crate::api::Assessor::explanations`]).
/// Every decision, margin and warning is the same whatever the choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Explain {
    /// Reasons with their texts in Chinese and English, and the parameter rows read.
    #[default]
    Full,
    /// Reasons with rule, code, clause, person and values, their `message_zh`/`message_en`
    /// empty strings (every key stays present); the parameter rows read.
    Codes,
    /// No reasons and no parameter rows: decisions, margins and warnings.
    None,
}

impl Explain {
    /// The word used on the command line and in the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            Explain::Full => "full",
            Explain::Codes => "codes",
            Explain::None => "none",
        }
    }

    /// Reads `full`, `codes` or `none`.
    pub fn from_word(word: &str) -> Option<Self> {
        match word {
            "full" => Some(Explain::Full),
            "codes" => Some(Explain::Codes),
            "none" => Some(Explain::None),
            _ => None,
        }
    }
}

impl std::fmt::Display for Explain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Collects a rule's reasons and warnings as it runs. Reason texts and values are rendered only
/// when explanations are on: the rules hand them over as closures.
#[derive(Debug, Default)]
pub(crate) struct Trail {
    pub(crate) reasons: Vec<Reason>,
    pub(crate) warnings: Vec<Warning>,
    pub(crate) used: ParamSet,
    /// What `reason` records.
    pub(crate) mode: Explain,
}

impl Trail {
    /// A trail that renders reasons in full, without their texts, or not at all.
    pub(crate) fn new(mode: Explain) -> Self {
        Trail {
            mode,
            ..Trail::default()
        }
    }

    /// Records a reason; `render` gives its values and its messages (zh, en).
    pub(crate) fn reason(
        &mut self,
        rule: Rule,
        code: &'static str,
        clause: &'static str,
        person_id: Option<&str>,
        render: impl FnOnce() -> (Values, (String, String)),
    ) {
        if self.mode == Explain::None {
            return;
        }
        let (values, (mut message_zh, mut message_en)) = render();
        if self.mode == Explain::Codes {
            message_zh.clear();
            message_en.clear();
        }
        self.reasons.push(Reason {
            rule,
            code,
            clause,
            person_id: person_id.map(str::to_owned),
            message_zh,
            message_en,
            values,
        });
    }

    /// Records a warning about a missing input value.
    pub(crate) fn warn(&mut self, code: WarningCode, person_id: Option<&str>) {
        self.warnings.push(Warning {
            code,
            parameter: None,
            person_id: person_id.map(str::to_owned),
        });
    }

    /// Records the fixed parameter set of a rule that ran.
    pub(crate) fn uses(&mut self, params: &[Param]) {
        for p in params {
            self.used.insert(*p);
        }
    }
}

/// A set of parameters, as bits in [`Param::ALL`] order (which is name order).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ParamSet(u128);

const _: () = assert!(
    Param::ALL.len() <= 128,
    "ParamSet holds at most 128 parameters"
);

impl ParamSet {
    /// Adds a parameter.
    pub(crate) fn insert(&mut self, param: Param) {
        self.0 |= 1u128 << param.index();
    }

    /// Adds every parameter of another set.
    pub(crate) fn extend(&mut self, other: ParamSet) {
        self.0 |= other.0;
    }

    /// The parameters, sorted by name, each once.
    pub(crate) fn iter(self) -> impl Iterator<Item = Param> {
        Param::ALL
            .iter()
            .copied()
            .filter(move |p| self.0 & (1u128 << p.index()) != 0)
    }
}
