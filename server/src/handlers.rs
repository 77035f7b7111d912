//! The routes: convert, call the core, write canonical JSON.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::extract::{Path, State as Extract};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use hengjie::Explain;
use hengjie::api::{self, parse_as_of};
use hengjie::date::Date;
use hengjie::lines::{Job, Outcome, id_of, record, validate_record};
use hengjie::validate::{MAX_DOCUMENT_BYTES, parse_json_bytes, too_large};
use hengjie::{Errors, canonical_json};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ApiError, json};
use crate::{State, openapi, stream};

type Shared = Extract<Arc<State>>;

/// The query string read strictly: an unknown parameter or a value of the wrong kind is
/// 400 `bad_query`.
fn query<T: serde::de::DeserializeOwned>(uri: &Uri) -> Result<T, ApiError> {
    serde_urlencoded::from_str(uri.query().unwrap_or("")).map_err(|e| {
        ApiError::bad_query(
            "",
            format!("the query string is not accepted: {e}"),
            format!("查询参数有误:{e}"),
        )
    })
}

/// An as-of date from the query: the core's reading (`invalid_value`), answered 400.
fn as_of(text: Option<&str>) -> Result<Date, ApiError> {
    match text {
        Some(t) => parse_as_of(t).map_err(|e| ApiError::core(StatusCode::BAD_REQUEST, &e)),
        None => Err(ApiError::bad_query(
            "as_of",
            "the query parameter `as_of` (YYYY-MM-DD) is required",
            "缺少查询参数 `as_of`(YYYY-MM-DD)",
        )),
    }
}

/// The body's media type, lower-cased, without parameters.
fn media_type(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    Some(
        v.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase(),
    )
}

fn is_json(mt: &str) -> bool {
    mt == "application/json" || (mt.starts_with("application/") && mt.ends_with("+json"))
}

fn is_ndjson(mt: &str) -> bool {
    matches!(
        mt,
        "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines"
    )
}

/// Reads a JSON document body, up to the 1 MiB document limit: over it, 413 `too_large` (the
/// core's error, with the size counted — not kept — to the end of the body).
async fn document(headers: &HeaderMap, body: Body) -> Result<Vec<u8>, ApiError> {
    if !media_type(headers).is_some_and(|mt| is_json(&mt)) {
        return Err(ApiError::media_type(false));
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if let Some(n) = declared.filter(|n| *n > MAX_DOCUMENT_BYTES) {
        return Err(ApiError::core(
            StatusCode::PAYLOAD_TOO_LARGE,
            &Errors::one(too_large(n)),
        ));
    }
    let mut out = Vec::with_capacity(declared.unwrap_or(4096).min(MAX_DOCUMENT_BYTES));
    let mut counted = 0usize;
    let mut body = body.into_data_stream();
    while let Some(frame) = futures_util::StreamExt::next(&mut body).await {
        let Ok(data) = frame else {
            return Err(ApiError::http(
                StatusCode::BAD_REQUEST,
                "malformed_json",
                "",
                "the body could not be read to its end",
                "请求体未能完整读取",
            ));
        };
        counted += data.len();
        if counted <= MAX_DOCUMENT_BYTES {
            out.extend_from_slice(&data);
        } else {
            out = Vec::new();
        }
    }
    if counted > MAX_DOCUMENT_BYTES {
        return Err(ApiError::core(
            StatusCode::PAYLOAD_TOO_LARGE,
            &Errors::one(too_large(counted)),
        ));
    }
    Ok(out)
}

/// A judged document as the answer: 200 with the result, or the CLI's error wrapper
/// (`{"household_id": …, "errors": [...]}`) with 400 for text that is not one JSON document,
/// 413 over the limit, 422 for a contract violation.
fn one(outcome: Outcome) -> Result<Response, ApiError> {
    let text = canonical_json(&outcome);
    let Outcome::Failed { errors, .. } = &outcome else {
        return Ok(json(StatusCode::OK, text));
    };
    let status = match errors.list().first().map(hengjie::ErrorDetail::code) {
        Some(hengjie::ErrorCode::MalformedJson) => StatusCode::BAD_REQUEST,
        Some(hengjie::ErrorCode::TooLarge) => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    Err(ApiError::written(status, text))
}

/// The `explain` query: `full` (the default), `codes` or `none`, as the CLI's `--explain`;
/// `true` and `false` are `full` and `none`.
fn explain(word: Option<&str>) -> Result<Explain, ApiError> {
    match word {
        None | Some("true") => Ok(Explain::Full),
        Some("false") => Ok(Explain::None),
        Some(w) => Explain::from_word(w).ok_or_else(|| {
            ApiError::bad_query(
                "explain",
                format!("explain must be full, codes or none (or true/false), not `{w}`"),
                format!("explain 须为 full、codes 或 none(或 true/false),而非 `{w}`"),
            )
        }),
    }
}

/// The `outputs` query: the CLI's `--outputs` (comma-separated names, docs/rust.md#outputs;
/// every output when absent), read by the core's [`hengjie::Outputs::parse`]. A name that is not
/// an output is the core's `invalid_value` error, answered 400 at the parameter (`/outputs`), as
/// the other query errors point at theirs.
fn outputs(names: Option<&str>) -> Result<hengjie::Outputs, ApiError> {
    match names {
        None => Ok(hengjie::Outputs::ALL),
        Some(names) => hengjie::Outputs::parse(names).map_err(|e| {
            let at: Vec<_> = e.list().iter().map(|d| d.at("/outputs")).collect();
            ApiError::core(StatusCode::BAD_REQUEST, &Errors::new(at))
        }),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessQuery {
    as_of: Option<String>,
    explain: Option<String>,
    outputs: Option<String>,
}

/// `POST /v1/assess`. (The request whole, not `Uri` and `HeaderMap` extractors, which copy
/// them.)
pub async fn assess(Extract(state): Shared, request: axum::extract::Request) -> Response {
    let (parts, body) = request.into_parts();
    match assess_inner(state, &parts.uri, &parts.headers, body).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn assess_inner(
    state: Arc<State>,
    uri: &Uri,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let q: AssessQuery = query(uri)?;
    let mt = media_type(headers);
    let ndjson = mt.as_deref().is_some_and(is_ndjson);
    if !ndjson && !mt.as_deref().is_some_and(is_json) {
        return Err(ApiError::media_type(true));
    }
    let date = as_of(q.as_of.as_deref())?;
    // The CLI's order: the date, the outputs, then the parameters on the date.
    let selection = outputs(q.outputs.as_deref())?;
    let assessor = state
        .assessor(date)
        .map_err(|e| ApiError::core(StatusCode::BAD_REQUEST, &e))?
        .explanations(explain(q.explain.as_deref())?)
        .selection(selection);
    if ndjson {
        let expects_continue = headers
            .get(header::EXPECT)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
        let body = stream::answer(
            Arc::clone(&state),
            Job::Household(assessor),
            body,
            expects_continue,
        )
        .await;
        return Ok((
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/x-ndjson"),
            )],
            body,
        )
            .into_response());
    }
    let bytes = document(headers, body).await?;
    state.metrics.households.fetch_add(1, Ordering::Relaxed);
    one(Job::Household(assessor).run_text(&bytes))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateQuery {
    as_of: Option<String>,
}

/// `POST /v1/validate`: `{"errors": [...]}`, empty when valid (always 200 once the document
/// is read).
pub async fn validate(
    Extract(_state): Shared,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let q: DateQuery = query(&uri)?;
    let date = match q.as_of.as_deref() {
        Some(t) => as_of(Some(t))?,
        None => today_in_china(),
    };
    let bytes = document(&headers, body).await?;
    let errors = validate_record(record(&bytes), date);
    #[derive(Serialize)]
    struct Answer {
        errors: Errors,
    }
    Ok(json(StatusCode::OK, canonical_json(&Answer { errors })))
}

/// Today's date in China Standard Time (UTC+8), as the CLI's `validate` defaults.
fn today_in_china() -> Date {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// `POST /v1/village`.
pub async fn village(
    Extract(state): Shared,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let q: DateQuery = query(&uri)?;
    let date = as_of(q.as_of.as_deref())?;
    let policy = state.policy();
    policy
        .resolve(date)
        .map_err(|e| ApiError::core(StatusCode::BAD_REQUEST, &e))?;
    let bytes = document(&headers, body).await?;
    let job = Job::Village {
        as_of: date,
        policy,
    };
    one(job.run(record(&bytes)))
}

/// `POST /v1/farmland`.
pub async fn farmland(
    Extract(_state): Shared,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let _: Empty = query(&uri)?;
    let bytes = document(&headers, body).await?;
    one(Job::Farmland.run(record(&bytes)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutiesQuery {
    unit: Option<String>,
    #[serde(alias = "clause")]
    measure: Option<String>,
}

/// `GET /v1/duties?unit=|measure=`: the CLI's `duties` (without either: every measure).
pub async fn duties(uri: Uri) -> Result<Response, ApiError> {
    let q: DutiesQuery = query(&uri)?;
    let entries = match (q.unit.as_deref(), q.measure.as_deref()) {
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_query(
                "measure",
                "give `unit` or `measure`, not both",
                "`unit` 与 `measure` 只能给出其一",
            ));
        }
        (Some(u), None) => hengjie::ledger::by_unit(u),
        (None, Some(c)) => hengjie::ledger::by_clause(c),
        (None, None) => hengjie::ledger::measures().iter().collect(),
    };
    Ok(json(StatusCode::OK, canonical_json(&entries)))
}

/// `GET /v1/parameters?as_of=`: the CLI's `params`.
pub async fn parameters(Extract(state): Shared, uri: Uri) -> Result<Response, ApiError> {
    let q: DateQuery = query(&uri)?;
    let rows = match q.as_of.as_deref() {
        Some(t) => state
            .policy()
            .rows_on(as_of(Some(t))?)
            .map_err(|e| ApiError::core(StatusCode::BAD_REQUEST, &e))?,
        None => state.policy().rows(),
    };
    Ok(json(StatusCode::OK, canonical_json(&rows)))
}

/// `GET /v1/parameters/{name}`: the whole dated series, oldest first.
pub async fn parameter(
    Extract(state): Shared,
    Path(name): Path<String>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let _: Empty = query(&uri)?;
    let Some(param) = hengjie::Param::from_name(&name) else {
        return Err(ApiError::not_found(
            &format!("no parameter is named `{name}`"),
            &format!("没有名为 `{name}` 的参数"),
        ));
    };
    #[derive(Serialize)]
    struct Series {
        name: &'static str,
        series: Vec<hengjie::params::ParamRow>,
    }
    let series = state
        .policy()
        .rows()
        .into_iter()
        .filter(|r| r.name == param.name())
        .collect();
    Ok(json(
        StatusCode::OK,
        canonical_json(&Series {
            name: param.name(),
            series,
        }),
    ))
}

/// `POST /v1/compare?as_of=`: `{"households": [...], "reform": layer}` → each household's
/// changed decision fields under the reform (the core's `compare`), errors in place.
pub async fn compare(
    Extract(state): Shared,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let (date, mut request) = dated_object(&uri, &headers, body, request_shape).await?;
    let (Some(Value::Array(households)), Some(reform)) =
        (request.remove("households"), request.remove("reform"))
    else {
        return Err(request_shape());
    };
    if !request.is_empty() {
        return Err(request_shape());
    }
    let reformed = state
        .policy()
        .with_layer_json(&reform.to_string())
        .map_err(|e| ApiError::core(StatusCode::BAD_REQUEST, &e))?;
    let base = state
        .assessor(date)
        .map_err(|e| ApiError::core(StatusCode::BAD_REQUEST, &e))?
        .explanations(Explain::None);
    let reform_assessor = api::Assessor::new(&reformed, date)
        .map_err(|e| ApiError::core(StatusCode::BAD_REQUEST, &e))?
        .explanations(Explain::None);
    let results: Vec<Value> = households
        .iter()
        .map(
            |h| match hengjie::api::compare(h, &base, &reform_assessor) {
                Ok(c) => serde_json::to_value(c).unwrap_or(Value::Null),
                Err(errors) => serde_json::to_value(Outcome::Failed {
                    key: "household_id",
                    id: id_of(h),
                    line: None,
                    errors,
                })
                .unwrap_or(Value::Null),
            },
        )
        .collect();
    state.metrics.households.fetch_add(
        u64::try_from(households.len()).unwrap_or(u64::MAX),
        Ordering::Relaxed,
    );
    #[derive(Serialize)]
    struct Answer<'a> {
        jurisdiction: &'a str,
        reform_jurisdiction: &'a str,
        households: Vec<Value>,
    }
    Ok(json(
        StatusCode::OK,
        canonical_json(&Answer {
            jurisdiction: state.policy().jurisdiction(),
            reform_jurisdiction: reformed.jurisdiction(),
            households: results,
        }),
    ))
}

/// The start of every route whose body is one JSON object and whose query names the date
/// (`/v1/compare`, `/v1/reconcile`): `as_of`, the body within the size limit, the JSON parse, and
/// `shape`'s error when the document is not an object.
async fn dated_object(
    uri: &Uri,
    headers: &HeaderMap,
    body: Body,
    shape: impl FnOnce() -> ApiError,
) -> Result<(Date, serde_json::Map<String, Value>), ApiError> {
    let q: DateQuery = query(uri)?;
    let date = as_of(q.as_of.as_deref())?;
    let bytes = document(headers, body).await?;
    let parsed =
        parse_json_bytes(&bytes).map_err(|e| ApiError::core(StatusCode::BAD_REQUEST, &e))?;
    match Value::from(parsed) {
        Value::Object(request) => Ok((date, request)),
        _ => Err(shape()),
    }
}

fn request_shape() -> ApiError {
    ApiError::http(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_type",
        "",
        "the body must be {\"households\": [...], \"reform\": {parameter layer}}",
        "请求体必须是 {\"households\": [...], \"reform\": {参数层}}",
    )
}

fn static_json(text: &'static str) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        text,
    )
        .into_response()
}

/// `GET /v1/schema/household`.
pub async fn household_schema() -> Response {
    static_json(openapi::HOUSEHOLD_SCHEMA)
}

/// `GET /v1/schema/assessment`.
pub async fn assessment_schema() -> Response {
    static_json(openapi::ASSESSMENT_SCHEMA)
}

fn documents() -> &'static (String, String) {
    static DOCS: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    DOCS.get_or_init(|| {
        let doc = openapi::document();
        (canonical_json(&doc), canonical_json(&openapi::to_3_0(&doc)))
    })
}

/// `GET /openapi.json`.
pub async fn openapi() -> Response {
    static_json(documents().0.as_str())
}

/// `GET /openapi-3.0.json`.
pub async fn openapi_3_0() -> Response {
    static_json(documents().1.as_str())
}

/// `GET /health`.
pub async fn health() -> Response {
    static_json(r#"{"status":"ok"}"#)
}

/// `GET /metrics`.
pub async fn metrics(Extract(state): Shared) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        state.metrics.render(),
    )
        .into_response()
}

/// No such route: 404 `not_found`.
pub async fn not_found(uri: Uri) -> ApiError {
    let path = uri.path();
    ApiError::not_found(&format!("no route `{path}`"), &format!("没有路由 `{path}`"))
}

/// The route exists, not with this method: 405 `method_not_allowed`.
pub async fn method_not_allowed() -> ApiError {
    ApiError::http(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "",
        "this route does not take this method (see /openapi.json)",
        "该路由不支持此请求方法(见 /openapi.json)",
    )
}

/// `POST /v1/reconcile?as_of=`: `{"households": [...], "rosters": {kind: roster, …},
/// "columns": "TOML"?}` → docs/reconcile.md's output document, the bytes `hengjie reconcile
/// --format json` writes. A roster is an array of records (column name → cell; the header is
/// every key in order of first appearance, read by hengjie-tables as a DataFrame is) or
/// `{"files": [{"name": …, "text": …}]}` (file texts, read as the CLI reads files). Rosters are
/// read in kind order, a kind's files in the order given — as the CLI and Python read them.
pub async fn reconcile(
    Extract(state): Shared,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    use hengjie::reconcile::{RosterKind, Rosters, reconcile_values};
    use hengjie_tables::{ColumnMap, read_roster, read_roster_records};

    let (date, mut request) = dated_object(&uri, &headers, body, || reconcile_shape("")).await?;
    let Some(Value::Array(households)) = request.remove("households") else {
        return Err(reconcile_shape("/households"));
    };
    let Some(Value::Object(given)) = request.remove("rosters") else {
        return Err(reconcile_shape("/rosters"));
    };
    let map = match request.remove("columns") {
        None | Some(Value::Null) => ColumnMap::new(),
        Some(Value::String(text)) => {
            ColumnMap::from_toml(&text, "columns").map_err(|e| table_error("/columns", &e))?
        }
        Some(_) => return Err(reconcile_shape("/columns")),
    };
    if let Some(key) = request.keys().next() {
        return Err(ApiError::http(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_field",
            format!("/{}", hengjie::error::escape_pointer_token(key)),
            "the body takes only households, rosters and columns",
            "请求体只接受 households、rosters 与 columns",
        ));
    }
    let mut kinds: Vec<(RosterKind, String, &Value)> = Vec::new();
    for (word, roster) in &given {
        let path = format!("/rosters/{}", hengjie::error::escape_pointer_token(word));
        let Some(kind) = RosterKind::from_wire(word) else {
            return Err(ApiError::http(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown_field",
                path,
                format!(
                    "unknown roster kind `{word}`: use {}",
                    RosterKind::ALL.map(RosterKind::as_str).join(", ")
                ),
                format!(
                    "未知的名单类型 `{word}`:应为 {}",
                    RosterKind::ALL.map(RosterKind::as_str).join("、")
                ),
            ));
        };
        kinds.push((kind, path, roster));
    }
    kinds.sort_by_key(|(kind, _, _)| RosterKind::ALL.iter().position(|k| k == kind));
    let mut rosters = Rosters::new();
    for (kind, path, roster) in kinds {
        match roster {
            Value::Array(records) => {
                let (header, rows) = roster_table(records, &path, kind, &map)?;
                read_roster_records(&mut rosters, kind, &header, rows, date, &map)
                    .map_err(|e| table_error(&path, &e))?;
            }
            Value::Object(o) if o.len() == 1 && matches!(o.get("files"), Some(Value::Array(_))) => {
                let files = o
                    .get("files")
                    .and_then(Value::as_array)
                    .map_or(&[][..], Vec::as_slice);
                for (i, file) in files.iter().enumerate() {
                    let at = format!("{path}/files/{i}");
                    let (Some(name), Some(text)) = (
                        file.get("name").and_then(Value::as_str),
                        file.get("text").and_then(Value::as_str),
                    ) else {
                        return Err(reconcile_shape(&at));
                    };
                    read_roster(&mut rosters, kind, name, text.as_bytes(), date, &map)
                        .map_err(|e| table_error(&at, &e))?;
                }
            }
            _ => return Err(reconcile_shape(&path)),
        }
    }
    let doc = reconcile_values(households.iter(), rosters, date, state.policy())
        .map_err(|e| ApiError::core(StatusCode::BAD_REQUEST, &e))?;
    state.metrics.households.fetch_add(
        u64::try_from(households.len()).unwrap_or(u64::MAX),
        Ordering::Relaxed,
    );
    Ok(json(
        StatusCode::OK,
        format!("{}\n", hengjie::pretty_json(&doc)),
    ))
}

/// Records as a text table: the header is every key in order of first appearance, then each of
/// the kind's columns (`id_number` first) that no key names, under its canonical name, so that
/// a key left out of every record is an absent value, as in the vectors' records (docs/reconcile.md
/// "Conformance vectors"), and `[]` is a roster supplied with nobody on it. A cell is its
/// string (empty or null: an empty cell), a boolean, or for a JSON number a number cell, as a
/// spreadsheet's (the vectors' meaning: an id number sent as a number is the Excel-mangled id
/// the comparison warns about; money is read from the number's shortest text, so a JSON
/// amount of up to 15 significant digits is read exactly).
fn roster_table(
    records: &[Value],
    path: &str,
    kind: hengjie::reconcile::RosterKind,
    map: &hengjie_tables::ColumnMap,
) -> Result<(Vec<String>, Vec<Vec<hengjie_tables::Cell>>), ApiError> {
    use hengjie_tables::Cell;
    let mut header: Vec<String> = Vec::new();
    for (i, record) in records.iter().enumerate() {
        let Value::Object(o) = record else {
            return Err(reconcile_shape(&format!("{path}/{i}")));
        };
        for key in o.keys() {
            if !header.iter().any(|h| h == key) {
                header.push(key.clone());
            }
        }
    }
    let canonical = std::iter::once("id_number").chain(kind.columns().iter().map(|c| c.name));
    for name in canonical.collect::<Vec<_>>() {
        if !header.iter().any(|h| map.column(kind, h) == Some(name)) {
            header.push(name.to_owned());
        }
    }
    let mut rows = Vec::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        let mut row = Vec::with_capacity(header.len());
        for h in &header {
            row.push(match record.get(h) {
                None | Some(Value::Null) => Cell::Empty,
                Some(Value::String(s)) if s.is_empty() => Cell::Empty,
                Some(Value::String(s)) => Cell::Text(s.clone()),
                Some(Value::Number(n)) => Cell::Number(n.as_f64().unwrap_or(f64::NAN)),
                Some(Value::Bool(b)) => Cell::Bool(*b),
                Some(_) => {
                    return Err(ApiError::http(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "invalid_type",
                        format!("{path}/{i}/{}", hengjie::error::escape_pointer_token(h)),
                        "a roster cell is a string, a number, a boolean or null",
                        "名单单元格须为字符串、数字、布尔值或 null",
                    ));
                }
            });
        }
        rows.push(row);
    }
    Ok((header, rows))
}

/// A roster that cannot be used (no id column, a required column missing, a bad column map):
/// `invalid_value`, as the CLI stops on it; the message names the column, never a cell.
fn table_error(path: &str, e: &hengjie_tables::TableError) -> ApiError {
    ApiError::http(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_value",
        path,
        e.to_string(),
        e.message_zh(),
    )
}

fn reconcile_shape(path: &str) -> ApiError {
    ApiError::http(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_type",
        path,
        "the body must be {\"households\": [...], \"rosters\": {kind: [records] or {\"files\": [{\"name\", \"text\"}]}}, \"columns\": \"TOML\"?}",
        "请求体必须是 {\"households\": [...], \"rosters\": {类型: [记录] 或 {\"files\": [{\"name\", \"text\"}]}}, \"columns\": \"TOML\"?}",
    )
}
