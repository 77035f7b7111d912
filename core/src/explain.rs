//! Explanations: reasons (with clause, messages in Chinese and English, and the values used),
//! warnings, and the parameters read (docs/contract.md#assessment-output,
//! docs/rules/conventions.md#explanations).

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::params::Param;

/// The rule a reason belongs to, in rule order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
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

    /// No values yet, room for `n`.
    pub(crate) fn with_capacity(n: usize) -> Self {
        Values(Vec::with_capacity(n))
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
// `remote = "Self"`: the derived serialiser becomes `Warning::serialize`, which the `Serialize`
// impl below calls unless the canonical writer can take the warning's kept text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(remote = "Self")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Warning {
    pub code: WarningCode,
    pub parameter: Option<&'static str>,
    pub person_id: Option<String>,
}

impl Serialize for Warning {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // An assessment carries an `illustrative_parameter` warning for each illustrative
        // parameter it read, some twenty a household, the same for every household: the
        // canonical writer takes each as the text kept for its parameter.
        if self.code == WarningCode::IllustrativeParameter
            && self.person_id.is_none()
            && crate::canonical::writing()
            && let Some(text) = self.parameter.and_then(illustrative_text)
        {
            return crate::canonical::raw(serializer, text);
        }
        Warning::serialize(self, serializer)
    }
}

/// The `warnings` field of an assessment. Most households of a run carry one of a few dozen
/// lists (which illustrative parameters their rules read), none naming a person: while the
/// canonical writer runs, each thread keeps the text of each such list it has written, found by
/// the codes and the names' addresses, and the writer takes it whole. A list naming a person, and
/// every other serializer, gets the list element by element.
pub(crate) fn serialize_warnings<S: Serializer>(
    warnings: &[Warning],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    /// A warning's code and parameter name, the name by address and length.
    type Names = (WarningCode, usize, usize);
    thread_local! {
        static KEPT: std::cell::RefCell<crate::canonical::KeptLists<Names>> =
            const { std::cell::RefCell::new(crate::canonical::KeptLists::new()) };
    }
    let names = |w: &Warning| {
        let (address, len) = w
            .parameter
            .map_or((0, 0), |p| (p.as_ptr() as usize, p.len()));
        (w.code, address, len)
    };
    if warnings.iter().any(|w| w.person_id.is_some()) {
        return serializer.collect_seq(warnings);
    }
    let key = warnings.iter().fold(warnings.len() as u64, |key, w| {
        let (code, address, len) = names(w);
        [code as u64, address as u64, len as u64]
            .into_iter()
            .fold(key, crate::canonical::mix)
    });
    KEPT.with_borrow_mut(|kept| {
        kept.serialize(warnings, key, |k, w| *k == names(w), names, serializer)
    })
}

/// The canonical JSON of the `illustrative_parameter` warning (no person) of the parameter named
/// by `name`, made once per process by serde_json from the warning itself. `name` is found by its
/// address among the registry's names (a warning's name is [`Param::name`]'s `&'static str`);
/// another string with the same text is not found, and its warning is serialised as usual.
fn illustrative_text(name: &'static str) -> Option<&'static str> {
    struct Texts {
        /// Each parameter name's address, in address order, with the warning's text.
        by_address: Vec<(usize, &'static str, String)>,
    }
    static TEXTS: std::sync::OnceLock<Texts> = std::sync::OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        let mut by_address: Vec<(usize, &'static str, String)> = crate::canonical::outside(|| {
            Param::ALL
                .iter()
                .filter_map(|p| {
                    let warning = Warning {
                        code: WarningCode::IllustrativeParameter,
                        parameter: Some(p.name()),
                        person_id: None,
                    };
                    let text = serde_json::to_string(&warning).ok()?;
                    Some((p.name().as_ptr() as usize, p.name(), text))
                })
                .collect()
        });
        by_address.sort_unstable_by_key(|(address, _, _)| *address);
        Texts { by_address }
    });
    let address = name.as_ptr() as usize;
    let at = texts
        .by_address
        .binary_search_by_key(&address, |(a, _, _)| *a)
        .ok()?;
    let (_, known, text) = texts.by_address.get(at)?;
    // The same address and length: the same `&'static str`.
    (known.len() == name.len()).then_some(text.as_str())
}

// Reading a stored assessment back (`Deserialize`). Codes, clauses, value names and parameter
// names are the engine's own `&'static str`s: each is looked up in the tables that wrote it (the
// rule's reason enum, the parameter registry), so a record names only what this engine can give.

/// The reason as it is stored, before its names are looked up.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredReason {
    rule: Rule,
    code: String,
    clause: String,
    person_id: Option<String>,
    message_zh: String,
    message_en: String,
    values: StoredValues,
}

/// An object of strings, in its stored order.
struct StoredValues(Vec<(String, String)>);

impl<'de> Deserialize<'de> for StoredValues {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StoredValues;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StoredValues, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry::<String, String>()? {
                    out.push(entry);
                }
                Ok(StoredValues(out))
            }
        }
        deserializer.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = StoredReason::deserialize(deserializer)?;
        let docs = stored.rule.reasons().codes;
        let doc = docs.iter().find(|d| d.code == stored.code).ok_or_else(|| {
            de::Error::custom(format!(
                "`{}` is not a reason code of rule `{}`",
                stored.code,
                crate::wire::name_of(&stored.rule)
            ))
        })?;
        // A code cites one clause; the stored one must be it.
        if doc.clause != stored.clause {
            return Err(de::Error::custom(format!(
                "reason `{}` cites `{}`, not `{}`",
                doc.code, doc.clause, stored.clause
            )));
        }
        let mut values = Values::with_capacity(stored.values.0.len());
        for (name, value) in stored.values.0 {
            let name = doc.values.iter().find(|n| **n == name).ok_or_else(|| {
                de::Error::custom(format!("`{name}` is not a value of reason `{}`", doc.code))
            })?;
            values.0.push((name, value));
        }
        Ok(Reason {
            rule: stored.rule,
            code: doc.code,
            clause: doc.clause,
            person_id: stored.person_id,
            message_zh: stored.message_zh,
            message_en: stored.message_en,
            values,
        })
    }
}

/// The warning as it is stored, before its parameter's name is looked up.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredWarning {
    code: WarningCode,
    parameter: Option<String>,
    person_id: Option<String>,
}

impl<'de> Deserialize<'de> for Warning {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = StoredWarning::deserialize(deserializer)?;
        let parameter = match stored.parameter {
            None => None,
            Some(name) => Some(
                Param::from_name(&name)
                    .map(Param::name)
                    .ok_or_else(|| de::Error::custom(format!("`{name}` is not a parameter")))?,
            ),
        };
        Ok(Warning {
            code: stored.code,
            parameter,
            person_id: stored.person_id,
        })
    }
}

/// Warning codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
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

/// Collects a rule's reasons and warnings as it runs. A rule hands over its reason as a value of
/// its reason enum (see [`reasons!`]); the trail renders its values only when explanations are on
/// and its texts only when they are [`Explain::Full`].
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

    /// Records a reason of the household (`person_id` `None`) or of one member. Inlined into
    /// each rule so that with explanations off it is one comparison, not a call.
    #[inline(always)]
    pub(crate) fn reason<R: RuleReason>(&mut self, person_id: Option<&str>, reason: R) {
        if self.mode != Explain::None {
            self.record(person_id, reason);
        }
    }

    /// Renders and keeps a reason (explanations on).
    #[inline]
    fn record<R: RuleReason>(&mut self, person_id: Option<&str>, reason: R) {
        let (values, texts) = reason.render(self.mode == Explain::Full);
        let (message_zh, message_en) = texts.unwrap_or_default();
        self.reasons.push(Reason {
            rule: R::RULE,
            code: reason.code(),
            clause: reason.clause(),
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

    /// The parameters in both sets.
    pub(crate) fn intersection(self, other: ParamSet) -> ParamSet {
        ParamSet(self.0 & other.0)
    }

    /// How many parameters the set holds.
    pub(crate) fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The parameters, sorted by name, each once: a parameter's bit is its place in
    /// [`Param::ALL`], which is sorted by name, so the set bits are visited in order.
    pub(crate) fn iter(self) -> impl Iterator<Item = Param> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            while bits != 0 {
                let index = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if let Some(p) = Param::ALL.get(index) {
                    return Some(*p);
                }
            }
            None
        })
    }
}

/// A rule's reason codes ([`Rule::reasons`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReasonSet {
    /// What the rule's reason enum says of them all, one line per element.
    pub about: &'static [&'static str],
    /// The codes, in declaration order.
    pub codes: &'static [ReasonDoc],
}

/// One reason code of a rule, as `docs/reasons.md` lists it: written once, in the rule's reason
/// enum (see [`Rule::reasons`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReasonDoc {
    /// The stable code.
    pub code: &'static str,
    /// The clause of 阳发〔2021〕30号 it cites.
    pub clause: &'static str,
    /// When the rule gives it (the variant's doc comment, one line per element).
    pub when: &'static [&'static str],
    /// The names of its values, in output order.
    pub values: &'static [&'static str],
    /// The Chinese message template: `{name}` is a value, a field of the variant or a word
    /// chosen from them in the rule file.
    pub message_zh: &'static str,
    /// The English message template.
    pub message_en: &'static str,
}

impl Rule {
    /// Every rule, in rule order.
    pub const ALL: [Rule; 16] = [
        Rule::Transition,
        Rule::Monitoring,
        Rule::AssistanceApproach,
        Rule::Dibao,
        Rule::Tekun,
        Rule::TemporaryAssistance,
        Rule::Disability,
        Rule::Medical,
        Rule::Pension,
        Rule::Education,
        Rule::Employment,
        Rule::SmallLoan,
        Rule::LowIncome,
        Rule::Housing,
        Rule::Children,
        Rule::Care,
    ];

    /// Every reason code the rule can give, in the order its reason enum declares them, with what
    /// the enum says of them all.
    pub fn reasons(self) -> ReasonSet {
        use crate::explain::RuleReason as R;
        use crate::rules::*;
        fn set<T: R>() -> ReasonSet {
            ReasonSet {
                about: T::ABOUT,
                codes: T::DOCS,
            }
        }
        match self {
            Rule::Transition => set::<transition::TransitionReason>(),
            Rule::Monitoring => set::<monitoring::MonitoringReason>(),
            Rule::AssistanceApproach => set::<assistance_approach::ApproachReason>(),
            Rule::Dibao => set::<dibao::DibaoReason>(),
            Rule::Tekun => set::<tekun::TekunReason>(),
            Rule::TemporaryAssistance => set::<temporary_assistance::TemporaryReason>(),
            Rule::Disability => set::<disability::DisabilityReason>(),
            Rule::Medical => set::<medical::MedicalReason>(),
            Rule::Pension => set::<pension::PensionReason>(),
            Rule::Education => set::<education::EducationReason>(),
            Rule::Employment => set::<employment::EmploymentReason>(),
            Rule::SmallLoan => set::<small_loan::LoanReason>(),
            Rule::LowIncome => set::<low_income::LowIncomeReason>(),
            Rule::Housing => set::<housing::HousingReason>(),
            Rule::Children => set::<children::ChildReason>(),
            Rule::Care => set::<care::CareReason>(),
        }
    }
}

/// A rule's reasons: an enum with one variant per code, made by [`reasons!`].
pub(crate) trait RuleReason {
    /// The rule every variant belongs to.
    const RULE: Rule;
    /// The enum's doc comment, one line per element.
    const ABOUT: &'static [&'static str];
    /// Every variant's code, clause, value names and message templates.
    const DOCS: &'static [ReasonDoc];
    /// The variant's code.
    fn code(&self) -> &'static str;
    /// The variant's clause.
    fn clause(&self) -> &'static str;
    /// The values, and with `texts` the messages (zh, en).
    fn render(&self, texts: bool) -> (Values, Option<(String, String)>);
}

/// Writes a list of words comma-joined, as the values of a reason carry lists.
#[derive(Debug, Clone, Copy)]
pub(crate) struct List<'a, T>(pub &'a [T]);

impl<T: std::fmt::Display> std::fmt::Display for List<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{item}")?;
        }
        Ok(())
    }
}

/// Writes an optional word, `none` when absent.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OrNone<T>(pub Option<T>);

impl<T: std::fmt::Display> std::fmt::Display for OrNone<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(v) => write!(f, "{v}"),
            None => f.write_str("none"),
        }
    }
}

/// Declares a rule's reason enum: per variant its code, clause, fields (the typed quantities the
/// reason rests on, cheap to build), its values (a field of the same name, or `name = expression`
/// over the fields and the values before it), and its two messages as format strings over the
/// fields and values (plus `name = expression` arguments for words chosen from them). The doc
/// comment of a variant says when the rule gives it. Everything but the fields is evaluated only
/// when a [`Trail`] renders the reason; `docs/reasons.md` is generated from the same text.
macro_rules! reasons {
    (@value $v:ident) => {};
    (@value $v:ident = $e:expr) => {
        let $v = $e;
    };
    (
        $(#[doc = $about:literal])*
        $vis:vis enum $name:ident $(<$lt:lifetime>)? for $rule:ident {
            $(
                $(#[doc = $doc:literal])*
                $variant:ident($code:literal, $clause:literal) { $($field:ident: $fty:ty),* $(,)? }
                values($($vn:ident $(= $ve:expr)?),* $(,)?)
                zh($zh:literal $(, $za:ident = $ze:expr)* $(,)?)
                en($en:literal $(, $ea:ident = $ee:expr)* $(,)?)
            )*
        }
    ) => {
        $(#[doc = $about])*
        #[derive(Debug, Clone, Copy)]
        $vis enum $name $(<$lt>)? {
            $(
                $(#[doc = $doc])*
                $variant { $($field: $fty),* },
            )*
        }

        impl $(<$lt>)? $crate::explain::RuleReason for $name $(<$lt>)? {
            const RULE: $crate::explain::Rule = $crate::explain::Rule::$rule;
            const ABOUT: &'static [&'static str] = &[$($about),*];
            const DOCS: &'static [$crate::explain::ReasonDoc] = &[$(
                $crate::explain::ReasonDoc {
                    code: $code,
                    clause: $clause,
                    when: &[$($doc),*],
                    values: &[$(stringify!($vn)),*],
                    message_zh: $zh,
                    message_en: $en,
                },
            )*];

            fn code(&self) -> &'static str {
                match self {
                    $(Self::$variant { .. } => $code,)*
                }
            }

            fn clause(&self) -> &'static str {
                match self {
                    $(Self::$variant { .. } => $clause,)*
                }
            }

            fn render(&self, texts: bool) -> ($crate::explain::Values, Option<(String, String)>) {
                match *self {
                    $(Self::$variant { $($field),* } => {
                        $(let _ = $field;)*
                        $($crate::explain::reasons!(@value $vn $(= $ve)?);)*
                        let names: &[&str] = &[$(stringify!($vn)),*];
                        let values = $crate::explain::Values::with_capacity(names.len())
                            $(.with(stringify!($vn), $vn))*;
                        let texts = texts.then(|| {
                            (format!($zh $(, $za = $ze)*), format!($en $(, $ea = $ee)*))
                        });
                        (values, texts)
                    })*
                }
            }
        }
    };
}
pub(crate) use reasons;
