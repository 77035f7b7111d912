//! The OpenAPI description, built at start-up from the schemas the npm package ships
//! (`bindings-wasm/src/household.schema.json` and `assessment.schema.json`, generated from the
//! core's model by schemars and kept in step by bindings-wasm's tests). The data is described
//! once, there; this module only places those schemas under the routes and adds the envelopes
//! that exist only over HTTP (the error list, the stream, the comparison).

use serde_json::{Map, Value, json};

use crate::error::HTTP_CODES;

/// The input schema (JSON Schema 2020-12), as the npm package ships it.
pub const HOUSEHOLD_SCHEMA: &str = include_str!("../../bindings-wasm/src/household.schema.json");
/// The output schema (JSON Schema 2020-12), as the npm package ships it.
pub const ASSESSMENT_SCHEMA: &str = include_str!("../../bindings-wasm/src/assessment.schema.json");

const REF_PREFIX: &str = "#/components/schemas/";

/// Moves a schema's `$defs` into `components` (renaming on a clash with different content)
/// and returns the schema itself, every `$ref` pointing into `components`.
fn absorb(schema: &str, prefix: &str, components: &mut Map<String, Value>) -> Value {
    let Ok(Value::Object(mut root)) = serde_json::from_str::<Value>(schema) else {
        return json!({});
    };
    root.remove("$schema");
    let defs = match root.remove("$defs") {
        Some(Value::Object(defs)) => defs,
        _ => Map::new(),
    };
    // Each definition's name in components.
    let mut names = Map::new();
    for (name, def) in &defs {
        let target = match components.get(name) {
            Some(existing) if existing != def => format!("{prefix}{name}"),
            _ => name.clone(),
        };
        names.insert(name.clone(), Value::String(target));
    }
    for (name, mut def) in defs {
        rewrite_refs(&mut def, &names);
        let target = names
            .get(&name)
            .and_then(Value::as_str)
            .unwrap_or(&name)
            .to_owned();
        components.insert(target, def);
    }
    let mut root = Value::Object(root);
    rewrite_refs(&mut root, &names);
    root
}

fn rewrite_refs(value: &mut Value, names: &Map<String, Value>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if let Some(name) = r.strip_prefix("#/$defs/") {
                    let target = names.get(name).and_then(Value::as_str).unwrap_or(name);
                    *r = format!("{REF_PREFIX}{target}");
                }
            }
            for v in map.values_mut() {
                rewrite_refs(v, names);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, names)),
        _ => {}
    }
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("{REF_PREFIX}{name}") })
}

fn json_content(schema: Value) -> Value {
    json!({ "application/json": { "schema": schema } })
}

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": json_content(schema_ref("ErrorResponse")) })
}

/// The answers every route can give besides its own.
fn common_errors(responses: &mut Map<String, Value>, with_body: bool) {
    responses.insert(
        "401".into(),
        error_response("missing or wrong bearer token (`unauthorized`)"),
    );
    responses.insert(
        "408".into(),
        error_response("the request timeout passed (`timeout`)"),
    );
    responses.insert(
        "503".into(),
        error_response("at the in-flight limit (`overloaded`); see Retry-After"),
    );
    if with_body {
        responses.insert(
            "413".into(),
            error_response("the document is over 1 MiB (`too_large`)"),
        );
        responses.insert(
            "415".into(),
            error_response("wrong Content-Type (`unsupported_media_type`)"),
        );
    }
}

fn query(name: &str, required: bool, schema: Value, description: &str) -> Value {
    json!({ "name": name, "in": "query", "required": required, "schema": schema, "description": description })
}

fn date_schema() -> Value {
    json!({ "type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" })
}

struct Op {
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    parameters: Vec<Value>,
    body: Option<Value>,
    ok: Value,
    errors: &'static [(&'static str, &'static str)],
}

fn operation(op: Op) -> Value {
    let mut responses = Map::new();
    responses.insert("200".into(), op.ok);
    for (status, description) in op.errors {
        responses.insert((*status).into(), error_response(description));
    }
    common_errors(&mut responses, op.body.is_some());
    let mut o = Map::new();
    o.insert("summary".into(), Value::String(op.summary.into()));
    o.insert(
        "operationId".into(),
        Value::String(format!(
            "{}{}",
            op.method,
            op.path
                .split(['/', '{', '}', '.', '-'])
                .filter(|s| !s.is_empty())
                .map(|s| {
                    let mut c = s.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect::<String>())
                        .unwrap_or_default()
                })
                .collect::<String>()
        )),
    );
    if !op.parameters.is_empty() {
        o.insert("parameters".into(), Value::Array(op.parameters));
    }
    if let Some(body) = op.body {
        o.insert(
            "requestBody".into(),
            json!({ "required": true, "content": body }),
        );
    }
    o.insert("responses".into(), Value::Object(responses));
    Value::Object(o)
}

fn ok(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": json_content(schema) })
}

/// The OpenAPI 3.1 document of every route.
pub fn document() -> Value {
    let mut components = Map::new();
    let household = absorb(HOUSEHOLD_SCHEMA, "Household", &mut components);
    let assessment = absorb(ASSESSMENT_SCHEMA, "Assessment", &mut components);
    components.insert("Household".into(), household);
    components.insert("Assessment".into(), assessment);
    components.insert(
        "HttpErrorDetail".into(),
        json!({
            "description": "An error only HTTP has (docs/service.md#errors), in the contract's error shape.",
            "type": "object",
            "properties": {
                "code": { "type": "string", "enum": HTTP_CODES },
                "path": { "type": "string" },
                "message_en": { "type": "string" },
                "message_zh": { "type": "string" }
            },
            "required": ["code", "path", "message_en", "message_zh"],
            "additionalProperties": false
        }),
    );
    components.insert(
        "ErrorResponse".into(),
        json!({
            "description": "Every error answer. `household_id` (or `village_id`, `project_id`) is there when the errors are one document's, as the CLI prints them in place of a record.",
            "type": "object",
            "properties": {
                "household_id": { "type": ["string", "null"] },
                "village_id": { "type": ["string", "null"] },
                "project_id": { "type": ["string", "null"] },
                "errors": { "type": "array", "items": { "anyOf": [schema_ref("ErrorDetail"), schema_ref("HttpErrorDetail")] } }
            },
            "required": ["errors"],
            "additionalProperties": false
        }),
    );
    components.insert(
        "ValidateResponse".into(),
        json!({
            "type": "object",
            "properties": { "errors": { "type": "array", "items": schema_ref("ErrorDetail") } },
            "required": ["errors"],
            "additionalProperties": false
        }),
    );
    components.insert(
        "CompareRequest".into(),
        json!({
            "description": "Households, and a parameter layer (docs/contract.md#parameter-layer-files) laid over the service's policy.",
            "type": "object",
            "properties": {
                "households": { "type": "array", "items": schema_ref("Household") },
                "reform": { "type": "object", "description": "A parameter layer: {\"jurisdiction\": …, \"parameters\": {name: [{from, value, …}]}}" }
            },
            "required": ["households", "reform"],
            "additionalProperties": false
        }),
    );
    components.insert(
        "ReconcileRequest".into(),
        json!({
            "description": "Households, and department rosters by kind (docs/reconcile.md#rosters): each roster an array of records (column name → cell; the Chinese headers or the canonical column names, read by hengjie-tables as a table of named columns is) or {\"files\": [{\"name\", \"text\"}]} (file texts: CSV, TSV or HTML tables, read as the CLI reads files). `columns` is a column map (TOML text, as `--columns`).",
            "type": "object",
            "properties": {
                "households": { "type": "array", "items": schema_ref("Household") },
                "rosters": {
                    "type": "object",
                    "propertyNames": { "enum": ["dibao", "tekun", "medical_insured", "medical_cost", "school", "disability", "deceased", "pension_insured", "exclusion"] },
                    "additionalProperties": {
                        "anyOf": [
                            { "type": "array", "items": { "type": "object", "additionalProperties": { "type": ["string", "number", "boolean", "null"] } } },
                            {
                                "type": "object",
                                "properties": {
                                    "files": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": { "name": { "type": "string" }, "text": { "type": "string" } },
                                            "required": ["name", "text"]
                                        }
                                    }
                                },
                                "required": ["files"],
                                "additionalProperties": false
                            }
                        ]
                    }
                },
                "columns": { "type": ["string", "null"], "description": "A column map (TOML), as `hengjie reconcile --columns`" }
            },
            "required": ["households", "rosters"],
            "additionalProperties": false
        }),
    );
    components.insert(
        "ReconcileResponse".into(),
        json!({
            "description": "The output document of docs/reconcile.md: what `hengjie reconcile --format json` writes, byte for byte.",
            "type": "object",
            "properties": {
                "as_of": { "type": "string", "format": "date" },
                "provenance": { "type": "object", "description": "engine, rules and policy, as an assessment's provenance" },
                "rosters": { "type": "array", "items": { "type": "object" } },
                "households": { "type": "array", "items": { "type": "object" } },
                "other_signals": { "type": "array", "items": { "type": "object" } },
                "parameters": { "type": "array", "items": { "type": "object" } },
                "warnings": { "type": "array", "items": { "type": "object" } },
                "summary": { "type": "object" }
            },
            "required": ["as_of", "provenance", "rosters", "households", "other_signals", "parameters", "warnings", "summary"]
        }),
    );
    components.insert(
        "Change".into(),
        json!({
            "type": "object",
            "properties": {
                "path": { "type": "string", "description": "JSON Pointer into the assessment" },
                "before": {},
                "after": {}
            },
            "required": ["path", "before", "after"],
            "additionalProperties": false
        }),
    );
    components.insert(
        "CompareResponse".into(),
        json!({
            "type": "object",
            "properties": {
                "jurisdiction": { "type": "string" },
                "reform_jurisdiction": { "type": "string" },
                "households": { "type": "array", "items": { "anyOf": [
                    { "type": "object",
                      "properties": { "household_id": { "type": "string" }, "changes": { "type": "array", "items": schema_ref("Change") } },
                      "required": ["household_id", "changes"], "additionalProperties": false },
                    schema_ref("ErrorResponse")
                ] } }
            },
            "required": ["jurisdiction", "reform_jurisdiction", "households"],
            "additionalProperties": false
        }),
    );
    components.insert(
        "ParameterSeries".into(),
        json!({
            "type": "object",
            "properties": {
                "name": { "type": "string" },
                "series": { "type": "array", "items": schema_ref("ParamRow") }
            },
            "required": ["name", "series"],
            "additionalProperties": false
        }),
    );
    components.insert(
        "Measure".into(),
        json!({
            "description": "A measure of the responsibility ledger (docs/rules/village.md).",
            "type": "object",
            "properties": {
                "clause": { "type": "string" }, "title": { "type": "string" },
                "lead": { "type": "array", "items": { "type": "string" } },
                "cooperating": { "type": "array", "items": { "type": "string" } },
                "shared": { "type": "array", "items": { "type": "string" } },
                "note": { "type": "string" }
            },
            "required": ["clause", "title", "lead", "cooperating", "shared"]
        }),
    );

    let as_of_required = || {
        query(
            "as_of",
            true,
            date_schema(),
            "The assessment date, YYYY-MM-DD.",
        )
    };
    let explain = || {
        query(
            "explain",
            false,
            json!({ "type": "string", "enum": ["full", "codes", "none", "true", "false"], "default": "full" }),
            "How much explanation each assessment carries, as the CLI's `--explain`: `full`, `codes` (reasons without their texts) or `none` (no `reasons`, no `parameters` rows); `true`/`false` are `full`/`none`. Every decision is the same.",
        )
    };
    let outputs = || {
        query(
            "outputs",
            false,
            json!({ "type": "string" }),
            &format!(
                "Compute and answer only these outputs, comma-separated (`monitoring,dibao`), as the CLI's `--outputs`: {}. Only the rules they need run; each assessment then holds `household_id`, `as_of`, `jurisdiction`, `provenance`, the selected outputs (and `members`, each with `person_id`, `age` and the selected fields, when a per-member output is selected) and the `reasons`, `parameters` and `warnings` of the rules that ran, so it has fewer fields than the Assessment schema requires; each output is the same as in the full assessment (docs/rust.md#outputs). An unknown name is 400 `invalid_value` at `/outputs`, with the names in `params.allowed`. Without it, every output.",
                hengjie::Output::ALL.map(hengjie::Output::name).join(", ")
            ),
        )
    };
    let assessment_or_stream = json!({
        "description": "The assessment (canonical JSON, the bytes of the CLI's JSON Lines record); for an NDJSON body, one line per input line, in order, errors in place.",
        "content": {
            "application/json": { "schema": schema_ref("Assessment") },
            "application/x-ndjson": { "schema": { "type": "string" } }
        }
    });
    let ops = vec![
        Op {
            method: "post",
            path: "/v1/assess",
            summary: "Assess one household (JSON) or a stream of households (NDJSON)",
            parameters: vec![as_of_required(), explain(), outputs()],
            body: Some(json!({
                "application/json": { "schema": schema_ref("Household") },
                "application/x-ndjson": { "schema": { "type": "string" } }
            })),
            ok: assessment_or_stream,
            errors: &[
                (
                    "400",
                    "a bad query (`bad_query`, the as-of date's `invalid_value`, an unknown output name's `invalid_value` at `/outputs`, `parameter_undefined`) or malformed JSON (`malformed_json`)",
                ),
                (
                    "422",
                    "the household breaks the contract: every error with its path",
                ),
            ],
        },
        Op {
            method: "post",
            path: "/v1/validate",
            summary: "Validate one household: every error with its code and JSON Pointer",
            parameters: vec![query(
                "as_of",
                false,
                date_schema(),
                "The date the checks are made on; default today in China (UTC+8).",
            )],
            body: Some(json_content(schema_ref("Household"))),
            ok: ok(
                "`errors` is empty when the household is valid",
                schema_ref("ValidateResponse"),
            ),
            errors: &[("400", "a bad query")],
        },
        Op {
            method: "post",
            path: "/v1/village",
            summary: "Check a village against the service standards",
            parameters: vec![as_of_required()],
            body: Some(json_content(json!({ "type": "object" }))),
            ok: ok("the village's assessment", schema_ref("VillageAssessment")),
            errors: &[
                ("400", "a bad query or malformed JSON"),
                ("422", "the village breaks the contract"),
            ],
        },
        Op {
            method: "post",
            path: "/v1/farmland",
            summary: "Check a farmland project for the occupation–supplement balance",
            parameters: vec![],
            body: Some(json_content(json!({ "type": "object" }))),
            ok: ok("the project's check", schema_ref("FarmlandAssessment")),
            errors: &[
                ("400", "malformed JSON"),
                ("422", "the project breaks the contract"),
            ],
        },
        Op {
            method: "get",
            path: "/v1/duties",
            summary: "The responsibility ledger: a unit's measures, or a measure's units (all without a query)",
            parameters: vec![
                query(
                    "unit",
                    false,
                    json!({ "type": "string" }),
                    "A unit as spelled in the policy text, e.g. 社会事务管理局.",
                ),
                query(
                    "measure",
                    false,
                    json!({ "type": "string" }),
                    "A measure's clause, e.g. 五(二).",
                ),
            ],
            body: None,
            ok: ok(
                "the ledger entries, in document order",
                json!({ "type": "array", "items": schema_ref("Measure") }),
            ),
            errors: &[(
                "400",
                "both `unit` and `measure`, or an unknown query parameter",
            )],
        },
        Op {
            method: "get",
            path: "/v1/parameters",
            summary: "Parameters: every dated value, or with as_of the value in effect on that date",
            parameters: vec![query(
                "as_of",
                false,
                date_schema(),
                "The date to resolve on.",
            )],
            body: None,
            ok: ok(
                "parameter rows, sorted by name (then `from`)",
                json!({ "type": "array", "items": schema_ref("ParamRow") }),
            ),
            errors: &[("400", "a bad date, or a parameter undefined on it")],
        },
        Op {
            method: "get",
            path: "/v1/parameters/{name}",
            summary: "One parameter's whole dated series, with provenance and source",
            parameters: vec![
                json!({ "name": "name", "in": "path", "required": true, "schema": { "type": "string" } }),
            ],
            body: None,
            ok: ok("the series, oldest first", schema_ref("ParameterSeries")),
            errors: &[("404", "no parameter of that name (`not_found`)")],
        },
        Op {
            method: "post",
            path: "/v1/compare",
            summary: "What a reform layer changes: each household's decision fields that differ",
            parameters: vec![as_of_required()],
            body: Some(json_content(schema_ref("CompareRequest"))),
            ok: ok(
                "per household, the changed decision fields (errors in place)",
                schema_ref("CompareResponse"),
            ),
            errors: &[
                (
                    "400",
                    "a bad query, malformed JSON or a bad reform layer (`invalid_parameter`)",
                ),
                (
                    "422",
                    "the body is not {\"households\": [...], \"reform\": {...}} (`invalid_type`)",
                ),
            ],
        },
        Op {
            method: "post",
            path: "/v1/reconcile",
            summary: "Department data comparison (部门信息比对): rosters against households, the warning list",
            parameters: vec![as_of_required()],
            body: Some(json_content(schema_ref("ReconcileRequest"))),
            ok: ok(
                "The output document of docs/reconcile.md (signals, changes, summary; failed households in place)",
                schema_ref("ReconcileResponse"),
            ),
            errors: &[
                ("400", "a bad query or malformed JSON"),
                (
                    "422",
                    "the body is not {\"households\": [...], \"rosters\": {...}} (`invalid_type`), an unknown roster kind (`unknown_field` at /rosters/<kind>), or a roster without an id-number column or a required column (`invalid_value`)",
                ),
            ],
        },
        Op {
            method: "get",
            path: "/v1/schema/household",
            summary: "The JSON Schema of the household (input)",
            parameters: vec![],
            body: None,
            ok: ok("JSON Schema 2020-12", json!({ "type": "object" })),
            errors: &[],
        },
        Op {
            method: "get",
            path: "/v1/schema/assessment",
            summary: "The JSON Schema of the assessment (output)",
            parameters: vec![],
            body: None,
            ok: ok("JSON Schema 2020-12", json!({ "type": "object" })),
            errors: &[],
        },
        Op {
            method: "get",
            path: "/openapi.json",
            summary: "This document (OpenAPI 3.1)",
            parameters: vec![],
            body: None,
            ok: ok("OpenAPI 3.1", json!({ "type": "object" })),
            errors: &[],
        },
        Op {
            method: "get",
            path: "/openapi-3.0.json",
            summary: "This document converted to OpenAPI 3.0 (for generators that read only 3.0)",
            parameters: vec![],
            body: None,
            ok: ok("OpenAPI 3.0.3", json!({ "type": "object" })),
            errors: &[],
        },
        Op {
            method: "get",
            path: "/health",
            summary: "Liveness",
            parameters: vec![],
            body: None,
            ok: ok(
                "the service is up",
                json!({ "type": "object", "properties": { "status": { "const": "ok" } }, "required": ["status"] }),
            ),
            errors: &[],
        },
        Op {
            method: "get",
            path: "/metrics",
            summary: "Prometheus metrics (text exposition format 0.0.4)",
            parameters: vec![],
            body: None,
            ok: json!({ "description": "the metrics", "content": { "text/plain": { "schema": { "type": "string" } } } }),
            errors: &[],
        },
    ];
    let mut paths = Map::new();
    for op in ops {
        let (path, method) = (op.path, op.method);
        let entry = paths
            .entry(path.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(methods) = entry {
            methods.insert(method.to_owned(), operation(op));
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "hengjie",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The rules of 阳发〔2021〕30号 over HTTP: the same decisions as the Rust crate, the CLI, Python and the browser. Every response carries `Hengjie-Version` and `Hengjie-Policy` (the policy digest `sha256:…`, the same text as every assessment's `provenance.policy.digest` and `hengjie params --digest`). See docs/service.md."
        },
        "servers": [{ "url": "http://127.0.0.1:8080" }],
        "security": [{}, { "bearer": [] }],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } }
        }
    })
}

/// The document converted to OpenAPI 3.0.3: `type` lists with `null` become `nullable`,
/// `const` becomes a one-value `enum`, `examples` the first `example`; keywords 3.0 lacks
/// are dropped.
pub fn to_3_0(doc: &Value) -> Value {
    let mut doc = doc.clone();
    if let Value::Object(map) = &mut doc {
        map.insert("openapi".into(), Value::String("3.0.3".into()));
    }
    downgrade(&mut doc);
    doc
}

fn downgrade(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get("type").cloned() {
                let non_null: Vec<Value> = types
                    .iter()
                    .filter(|t| t.as_str() != Some("null"))
                    .cloned()
                    .collect();
                if non_null.len() < types.len() {
                    map.insert("nullable".into(), Value::Bool(true));
                }
                match non_null.as_slice() {
                    [one] => {
                        map.insert("type".into(), one.clone());
                    }
                    [] => {
                        map.remove("type");
                    }
                    many => {
                        map.remove("type");
                        let any: Vec<Value> = many.iter().map(|t| json!({ "type": t })).collect();
                        map.insert("anyOf".into(), Value::Array(any));
                    }
                }
            }
            if let Some(c) = map.remove("const") {
                if c.is_null() {
                    map.insert("nullable".into(), Value::Bool(true));
                    map.insert("enum".into(), json!([null]));
                } else {
                    map.insert("enum".into(), Value::Array(vec![c]));
                }
            }
            if let Some(Value::Array(examples)) = map.remove("examples") {
                if let Some(first) = examples.into_iter().next() {
                    map.insert("example".into(), first);
                }
            }
            // anyOf/oneOf of [X, {type: null}] → X nullable (schemars' Option<T>).
            for key in ["anyOf", "oneOf"] {
                if let Some(Value::Array(options)) = map.get(key).cloned() {
                    let is_null = |v: &Value| v.get("type").and_then(Value::as_str) == Some("null");
                    if options.iter().any(is_null) {
                        let rest: Vec<Value> =
                            options.into_iter().filter(|v| !is_null(v)).collect();
                        map.insert("nullable".into(), Value::Bool(true));
                        map.insert(key.into(), Value::Array(rest));
                    }
                }
            }
            for key in [
                "$schema",
                "$defs",
                "unevaluatedProperties",
                "contentEncoding",
                "contentMediaType",
            ] {
                map.remove(key);
            }
            for v in map.values_mut() {
                downgrade(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(downgrade),
        _ => {}
    }
}
