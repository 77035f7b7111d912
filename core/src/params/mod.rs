//! Dated parameters (docs/rules/conventions.md#parameters, docs/parameters.md): the registry of
//! names and kinds, layer files, the merged [`Policy`] and a [`Resolved`] view on one date.

mod digest;
mod layer;
mod registry;
mod schema;

pub use digest::{LayerStamp, PolicyStamp};
pub use schema::layer_schema;

use std::sync::{Arc, OnceLock};

use rust_decimal::Decimal;
use serde::Serialize;

pub use layer::{Layer, LayerSource};
pub use registry::{Kind, Param};

use crate::date::Date;
use crate::error::{ErrorCode, ErrorDetail, Errors};
use crate::explain::ParamSet;
use crate::money::plain_decimal;

/// Where a value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// The policy text itself (阳发〔2021〕30号), with its clause.
    Seed,
    /// A national document, named in the source.
    National,
    /// A Guangxi or Liuzhou document, named in the source ("to verify" where it was seen only
    /// second-hand).
    Local,
    /// A plausible placeholder a deploying office must replace.
    Illustrative,
}

impl Provenance {
    /// The word used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Provenance::Seed => "seed",
            Provenance::National => "national",
            Provenance::Local => "local",
            Provenance::Illustrative => "illustrative",
        }
    }

    fn from_wire(word: &str) -> Option<Self> {
        match word {
            "seed" => Some(Provenance::Seed),
            "national" => Some(Provenance::National),
            "local" => Some(Provenance::Local),
            "illustrative" => Some(Provenance::Illustrative),
            _ => None,
        }
    }
}

/// A typed parameter value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Value {
    /// Money, ratio or multiple.
    Decimal(Decimal),
    /// Ages, months, counts.
    Integer(u32),
    /// A window flag.
    Boolean(bool),
    /// A date.
    Date(Date),
}

impl Value {
    /// The value as `parameters` print it: decimals without trailing zeros, booleans as
    /// `true`/`false`, dates as `YYYY-MM-DD`.
    pub fn text(&self) -> String {
        match self {
            Value::Decimal(d) => plain_decimal(*d),
            Value::Integer(n) => n.to_string(),
            Value::Boolean(b) => b.to_string(),
            Value::Date(d) => d.to_string(),
        }
    }
}

/// One dated value of a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    from: Date,
    value: Value,
    provenance: Provenance,
    source: Arc<str>,
    /// The jurisdiction of the layer whose series supplied it (set when a policy lays it).
    layer: Arc<str>,
    /// The value and the date as a `parameters` row writes them, made once with the entry: an
    /// explained assessment carries some forty rows, and each row only shares these.
    value_text: Arc<str>,
    from_text: Arc<str>,
    /// The value as the rules' integer arithmetic reads it ([`fixed_value`]), fixed when a
    /// policy lays the entry under its parameter; `None` before that, or when the value is not
    /// exact (then `invalid_parameter` on a date it is in effect).
    fixed: Option<i64>,
}

impl Entry {
    /// Makes an entry.
    pub fn new(
        from: Date,
        value: Value,
        provenance: Provenance,
        source: impl Into<Arc<str>>,
    ) -> Self {
        Entry {
            from,
            value,
            provenance,
            source: source.into(),
            layer: Arc::from(""),
            value_text: Arc::from(value.text()),
            from_text: Arc::from(from.to_string()),
            fixed: None,
        }
    }

    /// The first day it holds.
    pub fn from(&self) -> Date {
        self.from
    }

    /// The value.
    pub fn value(&self) -> Value {
        self.value
    }

    /// Where it comes from.
    pub fn provenance(&self) -> Provenance {
        self.provenance
    }

    /// The source note.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The jurisdiction of the layer that supplied it (empty for an entry not yet laid).
    pub fn layer(&self) -> &str {
        &self.layer
    }
}

/// A row of `hengjie params` and of an assessment's `parameters`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct ParamRow {
    pub name: &'static str,
    pub value: Arc<str>,
    pub from: Arc<str>,
    pub provenance: Provenance,
    pub source: Arc<str>,
    /// The jurisdiction whose series supplied the value (docs/contract.md#provenance).
    pub layer: Arc<str>,
}

/// The `parameters` field of an explained assessment: some forty rows, one of a few dozen lists
/// in a run. While the canonical writer runs, each thread keeps the text of each list it writes,
/// found by the rows' names and their texts' `Arc`s (kept with it) and compared by them
/// ([`crate::canonical::KeptLists`]); every other serializer gets the rows one by one.
pub(crate) fn serialize_rows<S: serde::Serializer>(
    rows: &[ParamRow],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    thread_local! {
        static KEPT: std::cell::RefCell<crate::canonical::KeptLists<ParamRow>> =
            const { std::cell::RefCell::new(crate::canonical::KeptLists::new()) };
    }
    let same = |k: &ParamRow, r: &ParamRow| {
        std::ptr::eq(k.name, r.name)
            && Arc::ptr_eq(&k.value, &r.value)
            && Arc::ptr_eq(&k.from, &r.from)
            && Arc::ptr_eq(&k.source, &r.source)
            && Arc::ptr_eq(&k.layer, &r.layer)
            && k.provenance == r.provenance
    };
    let key = rows.iter().fold(rows.len() as u64, |key, r| {
        [
            r.name.as_ptr() as u64,
            r.value.as_ptr() as u64,
            r.from.as_ptr() as u64,
            r.source.as_ptr() as u64,
            r.layer.as_ptr() as u64,
            r.provenance as u64,
        ]
        .into_iter()
        .fold(key, crate::canonical::mix)
    });
    KEPT.with_borrow_mut(|kept| kept.serialize(rows, key, same, Clone::clone, serializer))
}

/// Reads a stored row back; its name is looked up in the registry (an unknown name is an error).
impl<'de> serde::Deserialize<'de> for ParamRow {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Stored {
            name: String,
            value: String,
            from: String,
            provenance: Provenance,
            source: String,
            layer: String,
        }
        let row = Stored::deserialize(deserializer)?;
        let name = Param::from_name(&row.name)
            .map(Param::name)
            .ok_or_else(|| {
                serde::de::Error::custom(format!("`{}` is not a parameter", row.name))
            })?;
        Ok(ParamRow {
            name,
            value: row.value.into(),
            from: row.from.into(),
            provenance: row.provenance,
            source: row.source.into(),
            layer: row.layer.into(),
        })
    }
}

impl ParamRow {
    /// The row of an entry: its texts are shared with the entry, not copied.
    fn new(param: Param, entry: &Entry) -> Self {
        ParamRow {
            name: param.name(),
            value: Arc::clone(&entry.value_text),
            from: Arc::clone(&entry.from_text),
            provenance: entry.provenance,
            source: Arc::clone(&entry.source),
            layer: Arc::clone(&entry.layer),
        }
    }
}

/// The four embedded layers, lowest first.
const EMBEDDED: [(&str, &str); 4] = [
    ("national.json", include_str!("../../params/national.json")),
    ("guangxi.json", include_str!("../../params/guangxi.json")),
    ("liuzhou.json", include_str!("../../params/liuzhou.json")),
    ("yanghe.json", include_str!("../../params/yanghe.json")),
];

/// Every parameter's dated series, merged from layers (docs/rules/conventions.md#layers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Shared, as the series are: by every assessment made under the policy (no copy a
    /// household), and by its clones (every call of a door that was given no policy clones the
    /// default one: two pointers, not some seventy series).
    jurisdiction: Arc<str>,
    series: Arc<[Vec<Entry>]>,
    /// The provenance stamp every assessment under this policy carries: the layers laid so far
    /// and the digest of the merged series (computed once per layer), built once with the policy
    /// and shared by reference (no copy per household).
    provenance: Arc<crate::assessment::Stamp>,
}

impl Default for Policy {
    /// The embedded `yanghe` policy (national ← guangxi ← liuzhou ← yanghe).
    fn default() -> Self {
        static DEFAULT: OnceLock<Policy> = OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                // Unreachable: a unit test loads the embedded layers. Should they ever fail,
                // every assessment reports `parameter_undefined` instead of panicking.
                Policy::embedded().unwrap_or_else(|_| Policy::empty("yanghe"))
            })
            .clone()
    }
}

impl Policy {
    /// An empty policy: every parameter undefined.
    pub fn empty(jurisdiction: impl Into<String>) -> Self {
        let series = vec![Vec::new(); Param::ALL.len()];
        let stamp = PolicyStamp {
            layers: Vec::new(),
            digest: digest::merged(&series),
        };
        Policy {
            jurisdiction: Arc::from(jurisdiction.into()),
            provenance: crate::assessment::Stamp::new(stamp),
            series: series.into(),
        }
    }

    /// Loads the four embedded layers strictly.
    pub fn embedded() -> Result<Self, Errors> {
        let mut policy = Policy::empty("embedded");
        for (file, text) in EMBEDDED {
            let layer = Layer::from_json_str(text, LayerSource::Embedded(file))?;
            policy = policy.with_layer(&layer);
        }
        Ok(policy)
    }

    /// This policy with `layer` laid on top: each of its series replaces the one below from
    /// its first `from` date on; earlier values of the lower series are kept.
    #[must_use]
    pub fn with_layer(&self, layer: &Layer) -> Self {
        let mut series = self.series.to_vec();
        for (param, entries) in layer.series() {
            let Some(first) = entries.first() else {
                continue;
            };
            if let Some(slot) = series.get_mut(param.index()) {
                slot.retain(|e| e.from < first.from);
                let name: Arc<str> = Arc::from(layer.jurisdiction());
                slot.extend(entries.iter().map(|e| Entry {
                    layer: Arc::clone(&name),
                    fixed: fixed_value(param, e.value),
                    ..e.clone()
                }));
            }
        }
        let mut layers = self.provenance.policy.layers.clone();
        layers.push(LayerStamp {
            jurisdiction: layer.jurisdiction().to_owned(),
            digest: digest::layer(layer),
        });
        let stamp = PolicyStamp {
            layers,
            digest: digest::merged(&series),
        };
        Policy {
            jurisdiction: Arc::from(layer.jurisdiction()),
            provenance: crate::assessment::Stamp::new(stamp),
            series: series.into(),
        }
    }

    /// The layers laid, bottom to top, each with its digest, and the digest of every
    /// parameter's merged dated series (docs/contract.md#provenance): one policy, one
    /// digest, whatever the date assessed on.
    pub fn stamp(&self) -> &PolicyStamp {
        &self.provenance.policy
    }

    /// The provenance stamp of every assessment made under this policy (shared).
    pub fn provenance(&self) -> &Arc<crate::assessment::Stamp> {
        &self.provenance
    }

    /// The digest of every parameter's merged dated series (`"sha256:…"`).
    pub fn digest(&self) -> &str {
        &self.provenance.policy.digest
    }

    /// Lays a layer given as JSON text (docs/contract.md#parameter-layer-files).
    pub fn with_layer_json(&self, text: &str) -> Result<Self, Errors> {
        Ok(self.with_layer(&Layer::from_json_str(text, LayerSource::User)?))
    }

    /// Lays a layer file: `.toml` is read as TOML, anything else as JSON.
    pub fn with_layer_file(&self, path: &std::path::Path) -> Result<Self, Errors> {
        Ok(self.with_layer(&Layer::from_file(path)?))
    }

    /// The name of the topmost layer.
    pub fn jurisdiction(&self) -> &str {
        &self.jurisdiction
    }

    /// The jurisdiction, shared: what an assessment holds.
    pub(crate) fn jurisdiction_shared(&self) -> &Arc<str> {
        &self.jurisdiction
    }

    /// The dated series of one parameter.
    pub fn series(&self, param: Param) -> &[Entry] {
        self.series.get(param.index()).map_or(&[], Vec::as_slice)
    }

    /// The entry in effect on a date, if any.
    pub fn entry_on(&self, param: Param, on: Date) -> Option<&Entry> {
        self.series(param).iter().rev().find(|e| e.from <= on)
    }

    /// Every parameter resolved on one date; the first undefined one (by name) is
    /// `parameter_undefined`.
    ///
    /// Each money, ratio and multiple value is fixed here as a whole number of its unit (fen;
    /// ten-thousandths) for the rules' integer arithmetic; a value that is not a whole number of
    /// its unit, or is beyond its kind's bound (docs/parameters.md#kinds), is
    /// `invalid_parameter` (a layer read from JSON or TOML cannot hold one; a [`Layer`] built in
    /// code can).
    pub fn resolve(&self, on: Date) -> Result<Resolved<'_>, Errors> {
        let mut entries = Vec::with_capacity(Param::ALL.len());
        for param in Param::ALL {
            match self.entry_on(*param, on) {
                Some(e) => {
                    let fixed = e
                        .fixed
                        .ok_or_else(|| Errors::one(not_exact(*param, e, on)))?;
                    entries.push((e, fixed));
                }
                None => return Err(Errors::one(undefined(*param, on))),
            }
        }
        let mut illustrative = ParamSet::default();
        for (param, (entry, _)) in Param::ALL.iter().zip(&entries) {
            if entry.provenance() == Provenance::Illustrative {
                illustrative.insert(*param);
            }
        }
        Ok(Resolved {
            on,
            entries,
            illustrative,
        })
    }

    /// Every dated value, sorted by name then `from`.
    pub fn rows(&self) -> Vec<ParamRow> {
        Param::ALL
            .iter()
            .flat_map(|p| self.series(*p).iter().map(move |e| ParamRow::new(*p, e)))
            .collect()
    }

    /// The value in effect of every parameter on a date, sorted by name.
    pub fn rows_on(&self, on: Date) -> Result<Vec<ParamRow>, Errors> {
        let resolved = self.resolve(on)?;
        Ok(Param::ALL.iter().map(|p| resolved.row(*p)).collect())
    }
}

/// The largest money parameter in fen (10^10 yuan, the bound of docs/parameters.md#kinds).
pub const PARAM_MONEY_MAX_FEN: i64 = 1_000_000_000_000;
/// The largest ratio or multiple in ten-thousandths (a multiple of 1000).
pub const PARAM_RATIO_MAX_BP: i64 = 10_000_000;

/// A value as the rules' integer arithmetic reads it: money in fen, a ratio or multiple in
/// ten-thousandths, an integer as itself (booleans and dates 0); `None` when the value is not a
/// whole number of its unit or is beyond its kind's bound.
fn fixed_value(param: Param, value: Value) -> Option<i64> {
    let (places, max) = match param.kind() {
        Kind::Money => (2, PARAM_MONEY_MAX_FEN),
        Kind::Ratio | Kind::SignedRatio | Kind::Multiple => (4, PARAM_RATIO_MAX_BP),
        Kind::Integer => {
            return Some(match value {
                Value::Integer(n) => i64::from(n),
                _ => 0,
            });
        }
        Kind::Boolean | Kind::Date => return Some(0),
    };
    let units = match value {
        Value::Decimal(d) => whole_units(d, places)?,
        Value::Integer(n) => i64::from(n).checked_mul(10_i64.pow(places))?,
        _ => return None,
    };
    (units.abs() <= max).then_some(units)
}

/// `value × 10^places` when it is a whole number that fits an `i64`.
pub(crate) fn whole_units(value: Decimal, places: u32) -> Option<i64> {
    let (mantissa, scale) = (value.mantissa(), value.scale());
    let units = if scale <= places {
        mantissa.checked_mul(10_i128.checked_pow(places - scale)?)?
    } else {
        let div = 10_i128.checked_pow(scale - places)?;
        if mantissa % div != 0 {
            return None;
        }
        mantissa / div
    };
    i64::try_from(units).ok()
}

fn not_exact(param: Param, entry: &Entry, on: Date) -> ErrorDetail {
    let (what_en, what_zh) = param.kind().describe();
    let value = entry.value.text();
    ErrorDetail::new(
        ErrorCode::InvalidParameter,
        "",
        format!(
            "The parameter {} has the value {value} on {on}, which the rules cannot compute with exactly: it must be {what_en}.",
            param.name()
        ),
        format!(
            "参数 {} 在 {on} 的取值 {value} 无法精确计算：应为{what_zh}。",
            param.name()
        ),
    )
}

fn undefined(param: Param, on: Date) -> ErrorDetail {
    ErrorDetail::new(
        ErrorCode::ParameterUndefined,
        "",
        format!(
            "The parameter {} has no value on {on}; choose a later assessment date or give it a value in a parameter layer.",
            param.name()
        ),
        format!(
            "参数 {} 在 {on} 还没有取值，请选择更晚的评估日期，或在参数层中补充取值。",
            param.name()
        ),
    )
}

/// Every parameter's entry in effect on one date.
#[derive(Debug, Clone)]
pub struct Resolved<'p> {
    on: Date,
    /// By [`Param::index`]: the entry, and its value fixed for the integer arithmetic
    /// ([`fixed_value`]).
    entries: Vec<(&'p Entry, i64)>,
    /// The parameters whose value in effect is illustrative (an assessment warns of each it
    /// used), found once for every household assessed on the date.
    illustrative: ParamSet,
}

impl Resolved<'_> {
    /// The date resolved on.
    pub fn on(&self) -> Date {
        self.on
    }

    /// The entry of a parameter.
    pub fn entry(&self, param: Param) -> Option<&Entry> {
        self.entries.get(param.index()).map(|(e, _)| *e)
    }

    /// The parameters whose value in effect is illustrative.
    pub(crate) fn illustrative(&self) -> ParamSet {
        self.illustrative
    }

    /// The `parameters` row of a parameter.
    pub fn row(&self, param: Param) -> ParamRow {
        match self.entry(param) {
            Some(e) => ParamRow::new(param, e),
            None => {
                let empty: Arc<str> = Arc::from("");
                ParamRow {
                    name: param.name(),
                    value: Arc::clone(&empty),
                    from: Arc::clone(&empty),
                    provenance: Provenance::Illustrative,
                    source: Arc::clone(&empty),
                    layer: empty,
                }
            }
        }
    }

    /// A money, ratio or multiple parameter (kinds are checked when layers load).
    pub fn dec(&self, param: Param) -> Decimal {
        match self.entry(param).map(|e| e.value) {
            Some(Value::Decimal(d)) => d,
            Some(Value::Integer(n)) => Decimal::from(n),
            _ => Decimal::ZERO,
        }
    }

    /// A money parameter in fen.
    pub fn fen(&self, param: Param) -> i64 {
        self.entries.get(param.index()).map_or(0, |(_, v)| *v)
    }

    /// A ratio or multiple parameter in ten-thousandths (0.3 is 3000).
    pub fn bp(&self, param: Param) -> i64 {
        self.entries.get(param.index()).map_or(0, |(_, v)| *v)
    }

    /// An integer parameter.
    pub fn int(&self, param: Param) -> u32 {
        match self.entry(param).map(|e| e.value) {
            Some(Value::Integer(n)) => n,
            _ => 0,
        }
    }

    /// A boolean parameter.
    pub fn flag(&self, param: Param) -> bool {
        matches!(
            self.entry(param).map(|e| e.value),
            Some(Value::Boolean(true))
        )
    }

    /// A date parameter.
    pub fn date(&self, param: Param) -> Date {
        match self.entry(param).map(|e| e.value) {
            Some(Value::Date(d)) => d,
            _ => self.on,
        }
    }
}

#[cfg(test)]
mod tests;
