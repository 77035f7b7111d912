//! Parameter layer files (docs/contract.md#parameter-layer-files), read strictly.

use crate::json::{Map, Value as Json};
use rust_decimal::Decimal;

use super::{Entry, Kind, Param, Provenance, Value};
use crate::date::parse_date;
use crate::error::{ErrorCode, ErrorDetail, Errors, escape_pointer_token};

/// Where a layer comes from: the embedded files must give a provenance and a source for every
/// value; a user layer's provenance defaults to `illustrative`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerSource<'a> {
    /// One of the four files built into the library.
    Embedded(&'a str),
    /// A user's file, by its path.
    File(&'a str),
    /// A user's layer given as text or data.
    User,
}

impl LayerSource<'_> {
    fn label(&self) -> Option<&str> {
        match self {
            LayerSource::Embedded(f) | LayerSource::File(f) => Some(f),
            LayerSource::User => None,
        }
    }
}

/// One layer: a jurisdiction and, for some parameters, a dated series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    jurisdiction: String,
    series: Vec<(Param, Vec<Entry>)>,
}

/// The most a money parameter may be.
const MONEY_MAX: Decimal = Decimal::from_parts(1_410_065_408, 2, 0, false, 0);
/// The most an integer parameter may be.
const INTEGER_MAX: u32 = 10_000;

impl Layer {
    /// A layer made in code.
    pub fn new(jurisdiction: impl Into<String>) -> Self {
        Layer {
            jurisdiction: jurisdiction.into(),
            series: Vec::new(),
        }
    }

    /// Adds a series (sorted by `from`, no duplicates: the caller's responsibility here;
    /// files are checked).
    #[must_use]
    pub fn with_series(mut self, param: Param, entries: Vec<Entry>) -> Self {
        self.series.retain(|(p, _)| *p != param);
        self.series.push((param, entries));
        self
    }

    /// The jurisdiction named by the layer.
    pub fn jurisdiction(&self) -> &str {
        &self.jurisdiction
    }

    /// Its series.
    pub fn series(&self) -> impl Iterator<Item = (Param, &[Entry])> {
        self.series.iter().map(|(p, e)| (*p, e.as_slice()))
    }

    /// Reads a layer from JSON text.
    pub fn from_json_str(text: &str, source: LayerSource<'_>) -> Result<Self, Errors> {
        let parsed = crate::validate::read_json_unbounded(text).map_err(|e| {
            Errors::one(match e {
                crate::json::ReadError::Syntax(e) => bad(
                    &source,
                    "",
                    format!(
                        "the layer is not valid JSON: line {}, column {}",
                        e.line(),
                        e.column()
                    ),
                    format!(
                        "参数层不是有效的 JSON:第 {} 行第 {} 列",
                        e.line(),
                        e.column()
                    ),
                ),
                crate::json::ReadError::TooDeep => bad(
                    &source,
                    "",
                    format!(
                        "the layer is nested more than {} levels deep",
                        crate::json::MAX_NESTING
                    ),
                    format!("参数层的层级超过 {} 层", crate::json::MAX_NESTING),
                ),
            })
        })?;
        // A repeated key (docs/contract.md#errors): `invalid_parameter` at each extra occurrence.
        let repeated: Vec<ErrorDetail> = parsed
            .duplicates
            .iter()
            .map(|d| {
                bad(
                    &source,
                    d.path(),
                    "this key appears more than once; only its first value is read".into(),
                    "此键重复出现，只读取第一个值".into(),
                )
            })
            .collect();
        match Self::from_value(&parsed.value, source) {
            Ok(layer) if repeated.is_empty() => Ok(layer),
            Ok(_) => Err(Errors::new(repeated)),
            Err(e) => {
                let mut list = e.into_list();
                list.extend(repeated);
                Err(Errors::new(list))
            }
        }
    }

    /// Reads a layer from TOML text (money and ratios as strings; TOML floats are refused).
    pub fn from_toml_str(text: &str, source: LayerSource<'_>) -> Result<Self, Errors> {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            Errors::one(bad(
                &source,
                "",
                format!("the layer is not valid TOML: {}", e.message()),
                format!("参数层不是有效的 TOML:{}", e.message()),
            ))
        })?;
        // The same text read again, spans and raw text kept: a float is quoted as written.
        let raw = toml::de::DeTable::parse(text)
            .ok()
            .map(|t| toml::de::DeValue::Table(t.into_inner()));
        let mut errors = Vec::new();
        let value = toml_to_json(
            &toml::Value::Table(table),
            raw.as_ref(),
            "",
            &source,
            &mut errors,
        );
        if !errors.is_empty() {
            return Err(Errors::new(errors));
        }
        Self::from_value(&value, source)
    }

    /// Reads a layer file: `.toml` as TOML, anything else as JSON.
    pub fn from_file(path: &std::path::Path) -> Result<Self, Errors> {
        let label = path.display().to_string();
        let source = LayerSource::File(&label);
        let text = std::fs::read_to_string(path).map_err(|e| {
            Errors::one(bad(
                &source,
                "",
                format!("cannot read the layer file: {e}"),
                format!("无法读取参数层文件:{e}"),
            ))
        })?;
        if path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("toml"))
        {
            Self::from_toml_str(&text, source)
        } else {
            Self::from_json_str(&text, source)
        }
    }

    /// Reads a layer from a JSON value, reporting every problem.
    pub fn from_value(value: &Json, source: LayerSource<'_>) -> Result<Self, Errors> {
        let mut errors = Vec::new();
        let layer = read_layer(value, &source, &mut errors);
        match layer {
            Some(layer) if errors.is_empty() => Ok(layer),
            _ => Err(Errors::new(errors)),
        }
    }
}

fn bad(source: &LayerSource<'_>, path: &str, en: String, zh: String) -> ErrorDetail {
    match source.label() {
        Some(file) => ErrorDetail::new(
            ErrorCode::InvalidParameter,
            path,
            format!("{file}: {en}"),
            format!("{file}:{zh}"),
        ),
        None => ErrorDetail::new(ErrorCode::InvalidParameter, path, en, zh),
    }
}

fn toml_to_json(
    value: &toml::Value,
    raw: Option<&toml::de::DeValue<'_>>,
    path: &str,
    source: &LayerSource<'_>,
    errors: &mut Vec<ErrorDetail>,
) -> Json {
    match value {
        toml::Value::String(s) => Json::String(s.clone()),
        toml::Value::Integer(i) => Json::Number((*i).into()),
        toml::Value::Boolean(b) => Json::Bool(*b),
        toml::Value::Float(f) => {
            // As written (`520.0`, `5.2e2`); failing that, the shortest text that reads back.
            let text = raw
                .and_then(toml::de::DeValue::as_float)
                .map_or_else(|| format!("{f:?}"), |x| x.as_str().to_owned());
            errors.push(bad(
                source,
                path,
                format!("\"{text}\" is a TOML float; write money and ratios as strings"),
                format!("“{text}” 是 TOML 浮点数；金额和比例请写成字符串"),
            ));
            Json::Null
        }
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(items) => Json::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let raw = raw.and_then(|r| r.get(i)).map(|s| s.get_ref());
                    toml_to_json(v, raw, &format!("{path}/{i}"), source, errors)
                })
                .collect(),
        ),
        toml::Value::Table(t) => Json::Object(
            t.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        toml_to_json(
                            v,
                            raw.and_then(|r| r.get(k.as_str())).map(|s| s.get_ref()),
                            &format!("{path}/{}", escape_pointer_token(k)),
                            source,
                            errors,
                        ),
                    )
                })
                .collect::<Map>(),
        ),
    }
}

fn read_layer(
    value: &Json,
    source: &LayerSource<'_>,
    errors: &mut Vec<ErrorDetail>,
) -> Option<Layer> {
    let Json::Object(map) = value else {
        errors.push(bad(
            source,
            "",
            "a layer must be an object".into(),
            "参数层必须是对象".into(),
        ));
        return None;
    };
    for key in map
        .keys()
        .filter(|k| !matches!(k.as_str(), "jurisdiction" | "parameters"))
    {
        let path = format!("/{}", escape_pointer_token(key));
        errors.push(bad(
            source,
            &path,
            format!("unknown key \"{key}\""),
            format!("未知键 “{key}”"),
        ));
    }
    let jurisdiction = match map.get("jurisdiction") {
        Some(Json::String(s)) if !s.is_empty() && s.chars().count() <= 64 => Some(s.clone()),
        Some(_) => {
            errors.push(bad(
                source,
                "/jurisdiction",
                "\"jurisdiction\" must be a string of 1 to 64 characters".into(),
                "“jurisdiction” 必须是 1 至 64 个字符的字符串".into(),
            ));
            None
        }
        None => {
            errors.push(bad(
                source,
                "/jurisdiction",
                "missing \"jurisdiction\"".into(),
                "缺少 “jurisdiction”".into(),
            ));
            None
        }
    };
    let mut series = Vec::new();
    match map.get("parameters") {
        Some(Json::Object(params)) => {
            for (name, entries) in params {
                let path = format!("/parameters/{}", escape_pointer_token(name));
                let Some(param) = Param::from_name(name) else {
                    let (en, zh) = match Param::closest(name) {
                        Some(p) => (
                            format!(
                                "unknown parameter \"{name}\"; did you mean \"{}\"?",
                                p.name()
                            ),
                            format!("未知参数 “{name}”，是不是 “{}”？", p.name()),
                        ),
                        None => (
                            format!("unknown parameter \"{name}\""),
                            format!("未知参数 “{name}”"),
                        ),
                    };
                    errors.push(bad(source, &path, en, zh));
                    continue;
                };
                if let Some(list) = read_series(param, entries, &path, source, errors) {
                    series.push((param, list));
                }
            }
        }
        Some(_) => errors.push(bad(
            source,
            "/parameters",
            "\"parameters\" must be an object".into(),
            "“parameters” 必须是对象".into(),
        )),
        None => errors.push(bad(
            source,
            "/parameters",
            "missing \"parameters\"".into(),
            "缺少 “parameters”".into(),
        )),
    }
    Some(Layer {
        jurisdiction: jurisdiction?,
        series,
    })
}

fn read_series(
    param: Param,
    value: &Json,
    path: &str,
    source: &LayerSource<'_>,
    errors: &mut Vec<ErrorDetail>,
) -> Option<Vec<Entry>> {
    let Json::Array(items) = value else {
        errors.push(bad(
            source,
            path,
            "a series must be an array".into(),
            "取值序列必须是数组".into(),
        ));
        return None;
    };
    if items.is_empty() {
        errors.push(bad(
            source,
            path,
            "a series needs at least one value".into(),
            "取值序列至少需要一个值".into(),
        ));
        return None;
    }
    let mut out: Vec<Entry> = Vec::with_capacity(items.len());
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let ipath = format!("{path}/{i}");
        match read_entry(param, item, &ipath, source, errors) {
            Some(entry) => {
                if let Some(prev) = out.last().filter(|p| p.from >= entry.from) {
                    let (en, zh) = if prev.from == entry.from {
                        ("duplicate", "重复")
                    } else {
                        ("unsorted", "未按时间排序")
                    };
                    errors.push(bad(
                        source,
                        &format!("{ipath}/from"),
                        format!(
                            "{en} date \"{}\" in \"{}\": dates must increase",
                            entry.from,
                            param.name()
                        ),
                        format!(
                            "“{}” 的日期 “{}” {zh}:日期必须递增",
                            param.name(),
                            entry.from
                        ),
                    ));
                    ok = false;
                }
                out.push(entry);
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_entry(
    param: Param,
    value: &Json,
    path: &str,
    source: &LayerSource<'_>,
    errors: &mut Vec<ErrorDetail>,
) -> Option<Entry> {
    let Json::Object(map) = value else {
        errors.push(bad(
            source,
            path,
            "a dated value must be an object".into(),
            "带日期的取值必须是对象".into(),
        ));
        return None;
    };
    let before = errors.len();
    for key in map
        .keys()
        .filter(|k| !matches!(k.as_str(), "from" | "value" | "provenance" | "source"))
    {
        errors.push(bad(
            source,
            &format!("{path}/{}", escape_pointer_token(key)),
            format!("unknown key \"{key}\""),
            format!("未知键 “{key}”"),
        ));
    }
    let from = match map.get("from") {
        Some(Json::String(s)) => parse_date(s).ok(),
        _ => None,
    };
    if from.is_none() {
        let (en, zh) = if map.contains_key("from") {
            (
                "\"from\" must be a date YYYY-MM-DD",
                "“from” 必须是日期 YYYY-MM-DD",
            )
        } else {
            ("missing “from”", "缺少 “from”")
        };
        errors.push(bad(source, &format!("{path}/from"), en.into(), zh.into()));
    }
    let value = match map.get("value") {
        Some(v) => read_value(param, v, &format!("{path}/value"), source, errors),
        None => {
            errors.push(bad(
                source,
                &format!("{path}/value"),
                "missing \"value\"".into(),
                "缺少 “value”".into(),
            ));
            None
        }
    };
    let embedded = matches!(source, LayerSource::Embedded(_));
    let provenance = match map.get("provenance") {
        Some(Json::String(s)) => Provenance::from_wire(s),
        Some(_) => None,
        None if embedded => None,
        None => Some(Provenance::Illustrative),
    };
    if provenance.is_none() {
        errors.push(bad(
            source,
            &format!("{path}/provenance"),
            "\"provenance\" must be \"seed\", \"national\", \"local\" or \"illustrative\"".into(),
            "“provenance” 必须是 “seed”、“national”、“local” 或 “illustrative”".into(),
        ));
    }
    let note = match map.get("source") {
        Some(Json::String(s)) => Some(s.clone()),
        None if !embedded => Some(String::new()),
        _ => None,
    };
    if note.is_none() {
        errors.push(bad(
            source,
            &format!("{path}/source"),
            "\"source\" must be text naming where the value comes from".into(),
            "“source” 必须是说明取值来源的文字".into(),
        ));
    }
    if errors.len() > before {
        return None;
    }
    Some(Entry::new(from?, value?, provenance?, note?))
}

fn read_value(
    param: Param,
    value: &Json,
    path: &str,
    source: &LayerSource<'_>,
    errors: &mut Vec<ErrorDetail>,
) -> Option<Value> {
    let kind = param.kind();
    let parsed = match (kind, value) {
        (Kind::Boolean, Json::Bool(b)) => Some(Value::Boolean(*b)),
        (Kind::Date, Json::String(s)) => parse_date(s).ok().map(Value::Date),
        (Kind::Integer, Json::Number(n)) => n
            .to_string()
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= INTEGER_MAX)
            .map(Value::Integer),
        (Kind::Integer, Json::String(s)) if s.bytes().all(|b| b.is_ascii_digit()) => s
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= INTEGER_MAX)
            .map(Value::Integer),
        (Kind::Money | Kind::Ratio | Kind::SignedRatio | Kind::Multiple, Json::String(s)) => {
            decimal(kind, s)
        }
        (Kind::Money | Kind::Ratio | Kind::SignedRatio | Kind::Multiple, Json::Number(n)) => {
            decimal(kind, &n.to_string())
        }
        _ => None,
    };
    if parsed.is_none() {
        let (want_en, want_zh) = kind.describe();
        errors.push(bad(
            source,
            path,
            format!(
                "\"{value}\" is not a valid value of \"{}\": expected {want_en}",
                param.name()
            ),
            format!(
                "“{value}” 不是 “{}” 的有效取值：应为{want_zh}",
                param.name()
            ),
        ));
    }
    parsed
}

fn decimal(kind: Kind, text: &str) -> Option<Value> {
    // Only a signed ratio may be negative.
    let text = match (kind, text.strip_prefix('-')) {
        (Kind::SignedRatio, Some(rest)) => {
            let d = match decimal(Kind::Ratio, rest)? {
                Value::Decimal(d) if d.is_zero() => Decimal::ZERO,
                Value::Decimal(d) => -d,
                other => return Some(other),
            };
            return Some(Value::Decimal(d));
        }
        _ => text,
    };
    // Money takes at most 2 decimals, ratios and multiples 4, once trailing zeros are dropped
    // (`"520.50"` and `"520.500"` are 520.5; `"520.555"` is refused).
    let places = match kind {
        Kind::Ratio | Kind::SignedRatio | Kind::Multiple => 4,
        _ => 2,
    };
    let shape = {
        let (int, frac) = text.split_once('.').unwrap_or((text, "0"));
        !int.is_empty()
            && !frac.is_empty()
            && int.len() <= 12
            && frac.len() <= 10
            && frac.trim_end_matches('0').len() <= places
            && int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    };
    if !shape {
        return None;
    }
    let d = Decimal::from_str_exact(text).ok()?;
    let max = match kind {
        Kind::Ratio | Kind::SignedRatio => Decimal::ONE,
        Kind::Multiple => Decimal::from(1000),
        _ => MONEY_MAX,
    };
    (d <= max).then_some(Value::Decimal(d))
}
