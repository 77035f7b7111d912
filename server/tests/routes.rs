//! Every route and every error status, against a service on 127.0.0.1.
#![expect(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly"
)]

mod common;

use std::time::Duration;

use common::{HOUSEHOLD, client, start, start_with};
use hengjie::Explain;
use hengjie::api::{Assessor, parse_as_of};
use hengjie::lines::{Job, Line, Splitter, record};
use hengjie::{Policy, canonical_json};
use hengjie_server::Config;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const JSON: &str = "application/json";
const NDJSON: &str = "application/x-ndjson";

/// The bytes the CLI prints for one record (its engine, `hengjie::lines`).
fn cli_line(text: &str, as_of: &str, explain: &str) -> String {
    let policy = Policy::default();
    let assessor = Assessor::new(&policy, parse_as_of(as_of).unwrap())
        .unwrap()
        .explanations(Explain::from_word(explain).unwrap());
    canonical_json(&Job::Household(assessor).run(record(text.as_bytes())))
}

async fn body_json(r: reqwest::Response) -> Value {
    serde_json::from_str(&r.text().await.unwrap()).unwrap()
}

fn first_code(v: &Value) -> &str {
    v["errors"][0]["code"].as_str().unwrap()
}

#[tokio::test]
async fn assess_answers_the_clis_bytes_with_version_and_policy_headers() {
    let s = start(Config::default()).await;
    let c = client();
    for (explain, word) in [
        ("true", "full"),
        ("full", "full"),
        ("codes", "codes"),
        ("none", "none"),
        ("false", "none"),
    ] {
        let r = c
            .post(s.url(&format!("/v1/assess?as_of=2023-06-30&explain={explain}")))
            .header("content-type", JSON)
            .body(HOUSEHOLD)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["hengjie-version"], env!("CARGO_PKG_VERSION"));
        // The core's policy digest, as `hengjie params --digest` prints it and as the stamp says.
        let policy = r.headers()["hengjie-policy"].to_str().unwrap().to_owned();
        assert_eq!(policy, Policy::default().digest());
        assert!(policy.starts_with("sha256:") && policy.len() == "sha256:".len() + 64);
        let text = r.text().await.unwrap();
        assert_eq!(text, cli_line(HOUSEHOLD, "2023-06-30", word));
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["provenance"]["policy"]["digest"], policy.as_str());
        assert_eq!(v["provenance"]["engine"], hengjie::ENGINE_VERSION);
        assert_eq!(v["provenance"]["rules"], hengjie::RULES_VERSION);
        // (500 × 12 − 5000) / 12
        assert_eq!(v["dibao"]["monthly_benefit"], "83.33");
        assert_eq!(v["reasons"].as_array().unwrap().is_empty(), word == "none");
    }
    s.stop().await;
}

#[tokio::test]
async fn every_household_vector_gives_the_clis_bytes() {
    let s = start(Config::default()).await;
    let c = client();
    let mut n = 0;
    for entry in hengjie_testkit::vector_files() {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&entry).unwrap()).unwrap();
        if doc
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or("household")
            != "household"
            || !doc["params"].is_null()
        {
            continue;
        }
        let as_of = doc["as_of"].as_str().unwrap();
        let input = doc["input"].to_string();
        let r = c
            .post(s.url(&format!("/v1/assess?as_of={as_of}")))
            .header("content-type", JSON)
            .body(input.clone())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        let policy = Policy::default();
        match Assessor::new(&policy, parse_as_of(as_of).unwrap()) {
            Ok(_) => assert_eq!(text, cli_line(&input, as_of, "full"), "{}", entry.display()),
            // The CLI stops with `{"errors": [...]}` (exit 2); the service answers it 400.
            Err(errors) => {
                assert_eq!(status, 400, "{}", entry.display());
                assert_eq!(text, canonical_json(&json!({ "errors": errors })));
                n += 1;
                continue;
            }
        }
        let valid = doc
            .get("expected_errors")
            .is_none_or(|e| e.as_array().is_some_and(Vec::is_empty));
        assert_eq!(status == 200, valid, "{}: {status}", entry.display());
        n += 1;
    }
    assert!(n >= 400, "{n} household vectors");
    s.stop().await;
}

#[tokio::test]
async fn ndjson_answers_one_line_per_line_in_order_errors_in_place() {
    let s = start(Config::default()).await;
    let lines = common::sample_lines();
    let big = format!(
        "{{\"id\": \"HH-BIG\", \"pad\": \"{}\"}}",
        "x".repeat(1 << 20)
    );
    // A byte order mark first, as a spreadsheet writes it: it costs no record.
    let mut body = b"\xEF\xBB\xBF".to_vec();
    for l in &lines {
        body.extend_from_slice(l.as_bytes());
        body.push(b'\n');
    }
    body.extend_from_slice(b"{not json\r\n\n   \n");
    body.extend_from_slice(big.as_bytes());
    body.push(b'\n');
    body.extend_from_slice(b"{\"id\": \"\xff\"}\n");
    body.extend_from_slice(b"{\"id\": \"HH-X\"}"); // no final newline
    let r = client()
        .post(s.url("/v1/assess?as_of=2023-06-30"))
        .header("content-type", NDJSON)
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], NDJSON);
    let text = r.text().await.unwrap();
    let out: Vec<&str> = text.lines().collect();
    assert_eq!(
        out.len(),
        lines.len() + 4,
        "blank lines are skipped, as by the CLI"
    );
    // The CLI's bytes for the same input, line by line (its reader and engine: hengjie::lines).
    let policy = Policy::default();
    let job = Job::Household(Assessor::new(&policy, parse_as_of("2023-06-30").unwrap()).unwrap());
    let mut split = Splitter::new();
    let mut rest = &body[..];
    let mut expected = String::new();
    let mut emit = |line: Option<Line>| {
        if let Some(line) = line {
            expected.push_str(&canonical_json(&job.run_line(&line)));
            expected.push('\n');
        }
    };
    while !rest.is_empty() {
        let (used, line) = split.push(rest);
        rest = &rest[used..];
        emit(line);
    }
    emit(split.finish());
    assert_eq!(text, expected);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(out[i], cli_line(l, "2023-06-30", "full"));
    }
    let tail: Vec<Value> = out[lines.len()..]
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let n = lines.len();
    assert_eq!(first_code(&tail[0]), "malformed_json");
    assert_eq!(tail[0]["household_id"], Value::Null);
    assert_eq!(tail[0]["line"], n + 1);
    assert_eq!(first_code(&tail[1]), "too_large");
    assert_eq!(
        tail[1]["household_id"], "HH-BIG",
        "the id of a record too large"
    );
    assert_eq!(tail[1]["line"], n + 4, "blank lines count in line numbers");
    assert!(
        tail[1]["errors"][0]["message_en"]
            .as_str()
            .unwrap()
            .contains(&big.len().to_string())
    );
    assert_eq!(first_code(&tail[2]), "malformed_json", "not UTF-8");
    assert_eq!(tail[2]["line"], n + 5);
    assert_eq!(tail[3]["household_id"], "HH-X");
    assert_eq!(tail[3]["line"], n + 6);
    assert_eq!(first_code(&tail[3]), "missing_field");
    s.stop().await;
}

#[tokio::test]
async fn an_ndjson_stream_of_large_households_is_answered_whole_in_order() {
    // Households padded with spaces to 300 KB a line: 48 lines are 14 MB, so the stream is cut
    // into chunks by their bytes (`CHUNK_BYTES`, 4 MiB), not by their 256 lines.
    let s = start(Config::default()).await;
    let lines: Vec<String> = common::sample_lines().into_iter().take(5).collect();
    let mut body = Vec::new();
    let mut sent = Vec::new();
    for i in 0..48 {
        let l = &lines[i % lines.len()];
        let padded = format!("{{{}{}", " ".repeat(300_000), &l[1..]);
        assert!(padded.len() < 1 << 20);
        body.extend_from_slice(padded.as_bytes());
        body.push(b'\n');
        sent.push(l);
    }
    assert!(body.len() > 3 * hengjie_server::CHUNK_BYTES);
    let r = client()
        .post(s.url("/v1/assess?as_of=2023-06-30"))
        .header("content-type", NDJSON)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    let out: Vec<&str> = text.lines().collect();
    assert_eq!(out.len(), sent.len());
    for (answer, l) in out.iter().zip(&sent) {
        assert_eq!(*answer, cli_line(l, "2023-06-30", "full"));
    }
    s.stop().await;
}

#[tokio::test]
async fn validate_village_farmland_duties_parameters_schemas_health() {
    let s = start(Config::default()).await;
    let c = client();
    let post = |path: &str, body: String| {
        c.post(s.url(path))
            .header("content-type", JSON)
            .body(body)
            .send()
    };
    // validate: 200 with every error, or an empty list.
    let v = body_json(
        post(
            "/v1/validate?as_of=2023-06-30",
            r#"{"id": "H", "members": []}"#.into(),
        )
        .await
        .unwrap(),
    )
    .await;
    let codes: Vec<(&str, &str)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["code"].as_str().unwrap(), e["path"].as_str().unwrap()))
        .collect();
    assert!(
        codes.contains(&("missing_field", "/poverty_alleviated")),
        "{codes:?}"
    );
    let ok = body_json(
        post("/v1/validate?as_of=2023-06-30", HOUSEHOLD.into())
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(ok, json!({"errors": []}));
    let no_date = post("/v1/validate", HOUSEHOLD.into()).await.unwrap();
    assert_eq!(no_date.status(), 200);

    // village and farmland: the vectors' inputs, answered as the core answers them.
    let vectors = common::root().join("tests/vectors");
    for kind in ["village", "farmland"] {
        let dir = vectors.join(kind);
        let mut n = 0;
        for p in hengjie_testkit::json_files(&dir) {
            let doc: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            if !doc["params"].is_null() {
                continue;
            }
            let as_of = doc["as_of"].as_str().unwrap();
            let input = doc["input"].to_string();
            let path = if kind == "village" {
                format!("/v1/village?as_of={as_of}")
            } else {
                "/v1/farmland".to_owned()
            };
            let r = post(&path, input.clone()).await.unwrap();
            let status = r.status().as_u16();
            let text = r.text().await.unwrap();
            let policy = Policy::default();
            if kind == "village" {
                if let Err(errors) = policy.resolve(parse_as_of(as_of).unwrap()) {
                    assert_eq!(status, 400, "{}", p.display());
                    assert_eq!(text, canonical_json(&json!({ "errors": errors })));
                    continue;
                }
            }
            let job = if kind == "village" {
                Job::Village {
                    as_of: parse_as_of(as_of).unwrap(),
                    policy: &policy,
                }
            } else {
                Job::Farmland
            };
            let expected = job.run(record(input.as_bytes()));
            assert_eq!(text, canonical_json(&expected), "{}", p.display());
            assert_eq!(status == 200, expected.ok(), "{}", p.display());
            n += 1;
        }
        assert!(n >= 10, "{kind}: {n}");
    }

    // duties: by unit, by measure, all.
    let by_measure = body_json(
        c.get(s.url("/v1/duties?measure=五(二)"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(by_measure.as_array().unwrap().len(), 1);
    assert_eq!(by_measure[0]["clause"], "五(二)");
    let by_unit = body_json(
        c.get(s.url("/v1/duties?unit=社会事务管理局"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        by_unit.as_array().unwrap().len(),
        hengjie::ledger::by_unit("社会事务管理局").len()
    );
    assert!(!by_unit.as_array().unwrap().is_empty());
    let all = body_json(c.get(s.url("/v1/duties")).send().await.unwrap()).await;
    assert_eq!(
        all.as_array().unwrap().len(),
        hengjie::ledger::measures().len()
    );
    let both = c
        .get(s.url("/v1/duties?unit=a&measure=b"))
        .send()
        .await
        .unwrap();
    assert_eq!(both.status(), 400);
    assert_eq!(first_code(&body_json(both).await), "bad_query");

    // parameters: on a date, and one whole series.
    let on = body_json(
        c.get(s.url("/v1/parameters?as_of=2023-06-30"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let row = on
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "dibao.standard_monthly")
        .unwrap();
    assert_eq!(row["value"], "500");
    assert_eq!(row["from"], "2022-12-01");
    let all_rows = body_json(c.get(s.url("/v1/parameters")).send().await.unwrap()).await;
    assert_eq!(
        all_rows.as_array().unwrap().len(),
        Policy::default().rows().len()
    );
    let series = body_json(
        c.get(s.url("/v1/parameters/dibao.standard_monthly"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(series["name"], "dibao.standard_monthly");
    let values: Vec<&str> = series["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].as_str().unwrap())
        .collect();
    // The core's dated series (yanghe's 2022-12 raise to 500 included).
    let core_rows = serde_json::to_value(Policy::default().rows()).unwrap();
    let want: Vec<&str> = core_rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["name"] == "dibao.standard_monthly")
        .map(|r| r["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, want);
    assert_eq!(values.last(), Some(&"500"));
    assert!(series["series"][0]["provenance"].is_string());
    assert!(series["series"][0]["source"].is_string());
    let missing = c.get(s.url("/v1/parameters/no.such")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(first_code(&body_json(missing).await), "not_found");
    let undefined = c
        .get(s.url("/v1/parameters?as_of=1990-01-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(undefined.status(), 400);
    assert_eq!(
        first_code(&body_json(undefined).await),
        "parameter_undefined"
    );

    // schemas: the npm package's files, byte for byte.
    let hs = c
        .get(s.url("/v1/schema/household"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        hs,
        std::fs::read_to_string(common::root().join("bindings-wasm/src/household.schema.json"))
            .unwrap()
    );
    let as_ = c
        .get(s.url("/v1/schema/assessment"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        as_,
        std::fs::read_to_string(common::root().join("bindings-wasm/src/assessment.schema.json"))
            .unwrap()
    );
    let health = body_json(c.get(s.url("/health")).send().await.unwrap()).await;
    assert_eq!(health, json!({"status": "ok"}));
    s.stop().await;
}

#[tokio::test]
async fn compare_lists_the_changed_decisions_under_a_reform() {
    let s = start(Config::default()).await;
    let household: Value = serde_json::from_str(HOUSEHOLD).unwrap();
    let body = json!({
        "households": [household, {"id": "BAD"}],
        "reform": {"jurisdiction": "what-if", "parameters": {"dibao.standard_monthly": [{"from": "2023-01-01", "value": "600"}]}}
    });
    let r = client()
        .post(s.url("/v1/compare?as_of=2023-06-30"))
        .header("content-type", JSON)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v = body_json(r).await;
    assert_eq!(v["jurisdiction"], "yanghe");
    assert_eq!(v["reform_jurisdiction"], "what-if");
    let changes = v["households"][0]["changes"].as_array().unwrap();
    let benefit = changes
        .iter()
        .find(|c| c["path"] == "/dibao/monthly_benefit")
        .unwrap();
    // (500 × 12 − 5000) / 12 → (600 × 12 − 5000) / 12
    assert_eq!(benefit["before"], "83.33");
    assert_eq!(benefit["after"], "183.33");
    assert_eq!(v["households"][1]["household_id"], "BAD");
    assert_eq!(v["households"][1]["errors"][0]["code"], "missing_field");
    // A broken layer is the core's `invalid_parameter`.
    let bad = client()
        .post(s.url("/v1/compare?as_of=2023-06-30"))
        .header("content-type", JSON)
        .body(json!({"households": [], "reform": {"jurisdiction": "x", "parameters": {"no.such": []}}}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert_eq!(first_code(&body_json(bad).await), "invalid_parameter");
    s.stop().await;
}

/// Query, Content-Type, body, expected status and code.
type Case<'a> = (&'a str, Option<&'a str>, Vec<u8>, u16, &'a str);

#[tokio::test]
async fn error_statuses_are_coded_json() {
    let s = start(Config::default()).await;
    let c = client();
    let assess = |query: &str, ct: Option<&str>, body: Vec<u8>| {
        let mut r = c.post(s.url(&format!("/v1/assess{query}"))).body(body);
        if let Some(ct) = ct {
            r = r.header("content-type", ct);
        }
        r.send()
    };
    let cases: Vec<Case<'_>> = vec![
        (
            "?as_of=2023-06-30",
            Some(JSON),
            br#"{"id": "H"}"#.to_vec(),
            422,
            "missing_field",
        ),
        (
            "?as_of=2023-06-30",
            Some(JSON),
            b"{not json".to_vec(),
            400,
            "malformed_json",
        ),
        (
            "?as_of=2023-02-30",
            Some(JSON),
            HOUSEHOLD.into(),
            400,
            "invalid_value",
        ),
        ("", Some(JSON), HOUSEHOLD.into(), 400, "bad_query"),
        (
            "?as_of=2023-06-30&explain=maybe",
            Some(JSON),
            HOUSEHOLD.into(),
            400,
            "bad_query",
        ),
        (
            "?as_of=2023-06-30&color=red",
            Some(JSON),
            HOUSEHOLD.into(),
            400,
            "bad_query",
        ),
        (
            "?as_of=1990-01-01",
            Some(JSON),
            HOUSEHOLD.into(),
            400,
            "parameter_undefined",
        ),
        (
            "?as_of=2023-06-30",
            Some("text/plain"),
            HOUSEHOLD.into(),
            415,
            "unsupported_media_type",
        ),
        (
            "?as_of=2023-06-30",
            None,
            HOUSEHOLD.into(),
            415,
            "unsupported_media_type",
        ),
        (
            "?as_of=2023-06-30",
            Some(JSON),
            format!("{{\"id\": \"{}\"}}", "x".repeat(1 << 20)).into_bytes(),
            413,
            "too_large",
        ),
    ];
    for (query, ct, body, status, code) in cases {
        let r = assess(query, ct, body).await.unwrap();
        assert_eq!(r.status().as_u16(), status, "{query} {ct:?}");
        assert_eq!(r.headers()["content-type"], JSON);
        assert!(r.headers().contains_key("hengjie-policy"));
        let v = body_json(r).await;
        assert_eq!(first_code(&v), code, "{query}: {v}");
        let e = &v["errors"][0];
        assert!(
            e["message_en"].is_string() && e["message_zh"].is_string() && e["path"].is_string()
        );
    }
    // Over the limit without a Content-Length (chunked): counted as it comes.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..20).map(|_| Ok(vec![b' '; 64 * 1024])).collect();
    let r = c
        .post(s.url("/v1/assess?as_of=2023-06-30"))
        .header("content-type", JSON)
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(first_code(&body_json(r).await), "too_large");
    // 404 and 405.
    let r = c.get(s.url("/v2/assess")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(first_code(&body_json(r).await), "not_found");
    let r = c.get(s.url("/v1/assess")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(first_code(&body_json(r).await), "method_not_allowed");
    s.stop().await;
}

#[tokio::test]
async fn a_bearer_token_guards_every_route_but_health() {
    let config = Config {
        token: Some("s3cret-token".into()),
        ..Config::default()
    };
    let s = start(config).await;
    let c = client();
    for auth in [
        None,
        Some("Bearer wrong"),
        Some("Bearer s3cret-tokenX"),
        Some("s3cret-token"),
    ] {
        let mut r = c.get(s.url("/v1/parameters"));
        if let Some(a) = auth {
            r = r.header("authorization", a);
        }
        let r = r.send().await.unwrap();
        assert_eq!(r.status(), 401, "{auth:?}");
        assert_eq!(r.headers()["www-authenticate"], "Bearer");
        assert_eq!(first_code(&body_json(r).await), "unauthorized");
    }
    let r = c
        .get(s.url("/v1/parameters"))
        .header("authorization", "Bearer s3cret-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(c.get(s.url("/health")).send().await.unwrap().status(), 200);
    s.stop().await;
}

#[tokio::test]
async fn at_the_in_flight_limit_requests_are_shed_with_retry_after() {
    let config = Config {
        max_in_flight: 1,
        ..Config::default()
    };
    let s = start(config).await;
    let c = client();
    // An NDJSON stream held open occupies the one slot.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    let body = reqwest::Body::wrap_stream(tokio_stream(rx));
    let first = tokio::spawn({
        let c = c.clone();
        let url = s.url("/v1/assess?as_of=2023-06-30");
        async move {
            c.post(url)
                .header("content-type", NDJSON)
                .body(body)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    });
    tx.send(Ok(
        format!("{}\n", HOUSEHOLD.replace('\n', " ")).into_bytes()
    ))
    .await
    .unwrap();
    // Wait (bounded) until the stream is in flight.
    for _ in 0..100 {
        if s.state
            .metrics
            .in_flight
            .load(std::sync::atomic::Ordering::Relaxed)
            >= 1
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let r = c.get(s.url("/health")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    assert_eq!(r.headers()["retry-after"], "1");
    assert_eq!(first_code(&body_json(r).await), "overloaded");
    drop(tx);
    let answered = first.await.unwrap();
    assert_eq!(answered.lines().count(), 1);
    // The slot is free again.
    assert_eq!(c.get(s.url("/health")).send().await.unwrap().status(), 200);
    let metrics = c
        .get(s.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("hengjie_http_requests_total{route=\"/health\",status=\"503\"} 1\n"),
        "{metrics}"
    );
    assert!(metrics.contains("hengjie_households_assessed_total 1\n"));
    assert!(
        metrics.contains("hengjie_http_requests_in_flight 1\n"),
        "the /metrics request itself"
    );
    s.stop().await;
}

fn tokio_stream(
    rx: tokio::sync::mpsc::Receiver<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|x| (x, rx)) })
}

#[tokio::test]
async fn a_slow_trickle_is_answered_408_timeout() {
    let config = Config {
        request_timeout: Duration::from_millis(500),
        ..Config::default()
    };
    let s = start(config).await;
    let mut conn = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    conn.write_all(
        b"POST /v1/assess?as_of=2023-06-30 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n",
    )
    .await
    .unwrap();
    // One byte every 100 ms, at most 30 bytes (3 s): the answer comes first.
    let mut answer = Vec::new();
    for _ in 0..30 {
        if conn.write_all(b" ").await.is_err() {
            break;
        }
        let mut buf = [0u8; 4096];
        match tokio::time::timeout(Duration::from_millis(100), conn.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => {
                answer.extend_from_slice(&buf[..n]);
                break;
            }
            _ => {}
        }
    }
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("\"code\":\"timeout\""), "{text}");
    // An NDJSON stream that stops sending is ended with a `timeout` line after the idle time.
    let config = Config {
        idle_timeout: Duration::from_millis(300),
        ..Config::default()
    };
    let s2 = start(config).await;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    tx.send(Ok(
        format!("{}\n", HOUSEHOLD.replace('\n', " ")).into_bytes()
    ))
    .await
    .unwrap();
    let text = client()
        .post(s2.url("/v1/assess?as_of=2023-06-30"))
        .header("content-type", NDJSON)
        .body(reqwest::Body::wrap_stream(tokio_stream(rx)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("{\"household_id\":\"HH-1\""));
    assert!(lines[1].contains("\"code\":\"timeout\""));
    drop(tx);
    s.stop().await;
    s2.stop().await;
}

#[tokio::test]
async fn a_panic_is_answered_500_json_and_the_service_keeps_serving() {
    async fn boom() -> &'static str {
        panic!("a test-only handler panics")
    }
    let extra = axum::Router::new().route("/test/panic", axum::routing::get(boom));
    let s = start_with(Config::default(), extra).await;
    let c = client();
    let r = c.get(s.url("/test/panic")).send().await.unwrap();
    assert_eq!(r.status(), 500);
    assert!(r.headers().contains_key("hengjie-version"));
    assert_eq!(first_code(&body_json(r).await), "internal");
    let r = c
        .post(s.url("/v1/assess?as_of=2023-06-30"))
        .header("content-type", JSON)
        .body(HOUSEHOLD)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    s.stop().await;
}

#[tokio::test]
async fn the_openapi_documents_describe_every_route() {
    let s = start(Config::default()).await;
    let c = client();
    let doc = body_json(c.get(s.url("/openapi.json")).send().await.unwrap()).await;
    assert_eq!(doc["openapi"], "3.1.0");
    for (method, path, _) in hengjie_server::routes() {
        let m = method.as_str().to_ascii_lowercase();
        assert!(
            doc["paths"][path][&m].is_object(),
            "{method} {path} is missing from /openapi.json"
        );
    }
    // The data schemas are the npm package's: Household and Assessment with their $defs.
    let schemas = &doc["components"]["schemas"];
    for name in [
        "Household",
        "Assessment",
        "Member",
        "Dibao",
        "ErrorDetail",
        "ParamRow",
        "VillageAssessment",
    ] {
        assert!(schemas[name].is_object(), "{name}");
    }
    let text = doc.to_string();
    assert!(
        !text.contains("#/$defs/"),
        "every $ref points into components"
    );
    // Every $ref resolves.
    for r in refs(&doc) {
        let name = r.strip_prefix("#/components/schemas/").unwrap();
        assert!(schemas[name].is_object(), "{r}");
    }
    let v30 = body_json(c.get(s.url("/openapi-3.0.json")).send().await.unwrap()).await;
    assert_eq!(v30["openapi"], "3.0.3");
    assert_eq!(
        v30["paths"].as_object().unwrap().len(),
        doc["paths"].as_object().unwrap().len()
    );
    assert_no_3_1_keywords(&v30);
    s.stop().await;
}

fn refs(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.push(r.clone());
            }
            m.values().for_each(|x| out.extend(refs(x)));
        }
        Value::Array(a) => a.iter().for_each(|x| out.extend(refs(x))),
        _ => {}
    }
    out
}

fn assert_no_3_1_keywords(v: &Value) {
    match v {
        Value::Object(m) => {
            assert!(!m.contains_key("const"), "{v}");
            assert!(!m.contains_key("$defs"));
            if let Some(t) = m.get("type") {
                assert!(t.is_string(), "type lists are 3.1 only: {v}");
            }
            m.values().for_each(assert_no_3_1_keywords);
        }
        Value::Array(a) => a.iter().for_each(assert_no_3_1_keywords),
        _ => {}
    }
}

#[tokio::test]
async fn a_layered_service_names_its_policy_as_the_stamp_does() {
    // The layer changes the dibao standard from 2023-01-01: the header, the stamp of every
    // assessment (single and NDJSON) and the core's digest of the same layers are one text.
    let layer = r#"{"jurisdiction": "what-if", "parameters": {"dibao.standard_monthly":
        [{"from": "2023-01-01", "value": "600"}]}}"#;
    let policy = Policy::default().with_layer_json(layer).unwrap();
    let digest = policy.digest().to_owned();
    assert_ne!(digest, Policy::default().digest());
    let s = start(Config {
        policy: policy.clone(),
        ..Config::default()
    })
    .await;
    let c = client();
    let r = c
        .post(s.url("/v1/assess?as_of=2023-06-30"))
        .header("content-type", JSON)
        .body(HOUSEHOLD)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["hengjie-policy"], digest.as_str());
    let text = r.text().await.unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["provenance"]["policy"]["digest"], digest.as_str());
    let layers: Vec<&str> = v["provenance"]["policy"]["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["jurisdiction"].as_str().unwrap())
        .collect();
    assert_eq!(layers.last(), Some(&"what-if"));
    assert_eq!(
        layers.len(),
        Policy::default().stamp().layers.len() + 1,
        "the default layers, then the service's"
    );
    // (600 × 12 − 5000) / 12
    assert_eq!(v["dibao"]["monthly_benefit"], "183.33");
    // The CLI's bytes under the same layers.
    let assessor = Assessor::new(&policy, parse_as_of("2023-06-30").unwrap()).unwrap();
    assert_eq!(
        text,
        canonical_json(&Job::Household(assessor).run(record(HOUSEHOLD.as_bytes())))
    );
    let stream = c
        .post(s.url("/v1/assess?as_of=2023-06-30"))
        .header("content-type", NDJSON)
        .body(format!(
            "{}\n{}\n",
            HOUSEHOLD.replace('\n', " "),
            HOUSEHOLD.replace('\n', " ")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.headers()["hengjie-policy"], digest.as_str());
    for line in stream.text().await.unwrap().lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["provenance"]["policy"]["digest"], digest.as_str());
    }
    s.stop().await;
}

#[tokio::test]
async fn an_ndjson_stream_answers_each_line_before_the_next_is_sent() {
    // As the CLI's `--flush`: a caller writes one line and reads its answer, then the next,
    // over one request. Each answer must come while the request body is still open.
    let s = start(Config::default()).await;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(1);
    let policy = Policy::default();
    let assessor = Assessor::new(&policy, parse_as_of("2023-06-30").unwrap())
        .unwrap()
        .explanations(Explain::None);
    let job = Job::Household(assessor);
    let line = |id: &str| HOUSEHOLD.replace('\n', " ").replace("HH-1", id);
    // A byte order mark first and a blank line after each record: neither costs nor adds an
    // answer.
    tx.send(Ok(format!("\u{feff}{}\n\n", line("HH-A")).into_bytes()))
        .await
        .unwrap();
    let request = client()
        .post(s.url("/v1/assess?as_of=2023-06-30&explain=none"))
        .header("content-type", NDJSON)
        .body(reqwest::Body::wrap_stream(tokio_stream(rx)))
        .send();
    let mut r = tokio::time::timeout(Duration::from_secs(10), request)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.status(), 200);
    let mut partial = Vec::new();
    for (i, id) in ["HH-A", "HH-B", "HH-C"].into_iter().enumerate() {
        if i > 0 {
            tx.send(Ok(format!("{}\n\n", line(id)).into_bytes()))
                .await
                .unwrap();
        }
        // This line's answer, within 10 s, while the body is still open.
        let got = tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                if let Some(end) = partial.iter().position(|b| *b == b'\n') {
                    let l: Vec<u8> = partial.drain(..=end).collect();
                    return String::from_utf8(l).unwrap();
                }
                partial.extend_from_slice(&r.chunk().await.unwrap().unwrap());
            }
        })
        .await
        .unwrap();
        assert_eq!(
            got.trim_end(),
            canonical_json(&job.run(record(line(id).as_bytes()))),
            "answer {i}"
        );
        assert!(got.starts_with(&format!("{{\"household_id\":\"{id}\"")));
    }
    drop(tx);
    // The end of the body ends the answer: nothing more.
    assert!(r.chunk().await.unwrap().is_none());
    assert!(partial.is_empty());
    s.stop().await;
}

#[tokio::test]
async fn an_ndjson_stream_that_expects_100_continue_is_told_to_go_on_first() {
    // curl sends `Expect: 100-continue` with a body over 1 MiB and waits up to a second for
    // `100 Continue` before it sends the body; the answer's head must not come first.
    let s = start(Config::default()).await;
    let body = format!("{}\n", HOUSEHOLD.replace('\n', " "));
    let mut conn = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    let head = format!(
        "POST /v1/assess?as_of=2023-06-30&explain=none HTTP/1.1\r\nHost: x\r\n\
         Content-Type: application/x-ndjson\r\nExpect: 100-continue\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let continued = b"HTTP/1.1 100 Continue\r\n\r\n";
    tokio::time::timeout(Duration::from_secs(10), async {
        while got.len() < continued.len() {
            let n = conn.read(&mut buf).await.unwrap();
            assert!(n > 0, "the service closed the connection");
            got.extend_from_slice(&buf[..n]);
        }
    })
    .await
    .unwrap();
    assert_eq!(
        &got[..continued.len()],
        continued,
        "{}",
        String::from_utf8_lossy(&got)
    );
    // Then the body, and its answer: one line, as for any stream.
    conn.write_all(body.as_bytes()).await.unwrap();
    let mut rest = got.split_off(continued.len());
    tokio::time::timeout(Duration::from_secs(10), async {
        while !String::from_utf8_lossy(&rest).contains("\"household_id\":\"HH-1\"") {
            let n = conn.read(&mut buf).await.unwrap();
            assert!(n > 0, "the service closed the connection");
            rest.extend_from_slice(&buf[..n]);
        }
    })
    .await
    .unwrap();
    let text = String::from_utf8_lossy(&rest);
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(
        text.contains("content-type: application/x-ndjson"),
        "{text}"
    );
    s.stop().await;
}

/// `a` holds everything `expected` states: objects key by key, arrays element by element (same
/// length), other values equal.
fn holds(a: &Value, expected: &Value, at: &str) {
    match expected {
        Value::Object(e) => {
            for (k, v) in e {
                holds(&a[k.as_str()], v, &format!("{at}/{k}"));
            }
        }
        Value::Array(e) => {
            assert!(a.is_array(), "{at}: not an array: {a}");
            let got = a.as_array().unwrap();
            assert_eq!(got.len(), e.len(), "{at}: {a}");
            for (i, (g, v)) in got.iter().zip(e).enumerate() {
                holds(g, v, &format!("{at}/{i}"));
            }
        }
        _ => assert_eq!(a, expected, "{at}"),
    }
}

/// A vector's rosters as the cross-door test gives them to the CLI: records written as
/// `<kind>.csv`, files as they are.
fn as_files(rosters: &Value) -> Value {
    fn field(s: &str) -> String {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    }
    let mut out = serde_json::Map::new();
    for (kind, roster) in rosters.as_object().unwrap() {
        let Some(records) = roster.as_array() else {
            out.insert(kind.clone(), roster.clone());
            continue;
        };
        // id_number and the kind's columns, then any other key: a column no record fills is
        // there, empty, as the service reads records.
        let kind_columns = hengjie::reconcile::RosterKind::from_wire(kind)
            .unwrap()
            .columns();
        let mut header: Vec<String> = std::iter::once("id_number")
            .chain(kind_columns.iter().map(|c| c.name))
            .map(str::to_owned)
            .collect();
        for r in records {
            for k in r.as_object().unwrap().keys() {
                if !header.contains(k) {
                    header.push(k.clone());
                }
            }
        }
        let mut text = header
            .iter()
            .map(|h| field(h))
            .collect::<Vec<_>>()
            .join(",")
            + "\r\n";
        for r in records {
            let cells: Vec<String> = header
                .iter()
                .map(|h| match &r[h.as_str()] {
                    Value::Null => String::new(),
                    Value::String(s) => field(s),
                    other => field(&other.to_string()),
                })
                .collect();
            text += &(cells.join(",") + "\r\n");
        }
        out.insert(
            kind.clone(),
            json!({"files": [{"name": format!("{kind}.csv"), "text": text}]}),
        );
    }
    Value::Object(out)
}

/// The bytes `hengjie reconcile --format json` writes for these households and roster files:
/// its reading (hengjie-tables' `read_roster`, kinds in order, a kind's files in order), the
/// core's comparison of the households as text, and its pretty JSON with a newline.
fn cli_reconcile(households: &Value, files: &Value, as_of: &str, columns: Option<&str>) -> String {
    use hengjie::reconcile::{RosterKind, Rosters, reconcile_texts};
    let date = parse_as_of(as_of).unwrap();
    let map = columns.map_or_else(hengjie_tables::ColumnMap::new, |t| {
        hengjie_tables::ColumnMap::from_toml(t, "columns.toml").unwrap()
    });
    let mut rosters = Rosters::new();
    for kind in RosterKind::ALL {
        let Some(roster) = files.get(kind.as_str()) else {
            continue;
        };
        for f in roster["files"].as_array().unwrap() {
            let (name, text) = (f["name"].as_str().unwrap(), f["text"].as_str().unwrap());
            hengjie_tables::read_roster(&mut rosters, kind, name, text.as_bytes(), date, &map)
                .unwrap();
        }
    }
    let texts: Vec<String> = households
        .as_array()
        .unwrap()
        .iter()
        .map(Value::to_string)
        .collect();
    let doc = reconcile_texts(
        texts.iter().map(String::as_str),
        rosters,
        date,
        &Policy::default(),
    )
    .unwrap();
    format!("{}\n", hengjie::pretty_json(&doc))
}

async fn post_reconcile(s: &common::Service, as_of: &str, body: &Value) -> reqwest::Response {
    client()
        .post(s.url(&format!("/v1/reconcile?as_of={as_of}")))
        .header("content-type", JSON)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn reconcile_answers_each_vectors_document_and_the_clis_bytes() {
    let s = start(Config::default()).await;
    let dir = common::root().join("tests/vectors/reconcile");
    let paths = hengjie_testkit::json_files(&dir);
    let (mut as_records, mut identical) = (0, 0);
    for path in paths {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let shown = path.display();
        // The service runs the default policy; layered vectors and files in other encodings
        // (bytes, not JSON text) are the CLI's and Python's to check.
        let other_encoding = v["rosters"].as_object().unwrap().values().any(|r| {
            r["files"].as_array().is_some_and(|fs| {
                fs.iter()
                    .any(|f| f["encoding"].as_str().is_some_and(|e| e != "utf-8"))
            })
        });
        if !v["params"].is_null() || other_encoding {
            continue;
        }
        let as_of = v["as_of"].as_str().unwrap();
        let mut body = json!({"households": v["households"], "rosters": v["rosters"]});
        if let Some(c) = v["columns"].as_str() {
            body["columns"] = json!(c);
        }
        // Files carry no `encoding` in the request: a JSON string is UTF-8 text.
        for r in body["rosters"].as_object_mut().unwrap().values_mut() {
            if let Some(fs) = r.get_mut("files").and_then(Value::as_array_mut) {
                for f in fs {
                    f.as_object_mut().unwrap().remove("encoding");
                }
            }
        }
        let r = post_reconcile(&s, as_of, &body).await;
        let status = r.status();
        let text = r.text().await.unwrap();
        if let Some(stop) = v["expected_error"].as_str() {
            // The CLI stops (exit 2); the service answers 422 `invalid_value` naming the file.
            assert_eq!(status, 422, "{shown}: {text}");
            let e: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(e["errors"][0]["code"], "invalid_value", "{shown}");
            assert!(
                e["errors"][0]["message_en"]
                    .as_str()
                    .unwrap()
                    .contains(stop),
                "{shown}: {text}"
            );
            assert!(
                e["errors"][0]["path"]
                    .as_str()
                    .unwrap()
                    .starts_with("/rosters/"),
                "{shown}: {text}"
            );
            continue;
        }
        assert_eq!(status, 200, "{shown}: {text}");
        let doc: Value = serde_json::from_str(&text).unwrap();
        holds(&doc, &v["expected"], &shown.to_string());
        as_records += usize::from(
            v["rosters"]
                .as_object()
                .unwrap()
                .values()
                .any(Value::is_array),
        );
        // The same rosters as files, as the CLI is given them: the CLI's bytes exactly.
        if v["rosters"].as_object().unwrap().is_empty() {
            continue;
        }
        let files = as_files(&body["rosters"]);
        let mut as_files_body = body.clone();
        as_files_body["rosters"] = files.clone();
        let r = post_reconcile(&s, as_of, &as_files_body).await;
        assert_eq!(r.status(), 200, "{shown}");
        assert_eq!(
            r.text().await.unwrap(),
            cli_reconcile(&v["households"], &files, as_of, v["columns"].as_str()),
            "{shown}"
        );
        identical += 1;
    }
    assert!(as_records >= 20, "{as_records} vectors with record rosters");
    assert!(identical >= 40, "{identical} vectors with the CLI's bytes");
    s.stop().await;
}

#[tokio::test]
async fn reconcile_reads_chinese_headers_and_answers_bad_requests_coded() {
    let s = start(Config::default()).await;
    let id = "450205198005010017";
    let household = json!({
        "id": "HH-1", "poverty_alleviated": false,
        "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full",
                     "medical_insured": true, "id_number": id}],
        "income": {"wages": "20000"},
        "dibao": {"since": "2021-01-01", "current_monthly_benefit": "100"}
    });
    // The department's own headers (公民身份号码, 户月保障金 (元)) and a number cell.
    let body = json!({"households": [household],
                      "rosters": {"dibao": [{"公民身份号码": id, "户月保障金 (元)": 120.5}]}});
    let r = post_reconcile(&s, "2021-06-30", &body).await;
    assert_eq!(r.status(), 200);
    let doc = body_json(r).await;
    let signal = &doc["households"][0]["signals"][0];
    assert_eq!(signal["code"], "dibao_benefit_mismatch");
    assert_eq!(signal["declared"], "100.00");
    assert_eq!(signal["roster"], "120.50");
    assert_eq!(signal["file"], Value::Null);
    assert_eq!(doc["as_of"], "2021-06-30");

    let cases: Vec<(&str, Vec<u8>, u16, &str, &str)> = vec![
        ("as_of=2021-06-30", b"{".to_vec(), 400, "malformed_json", ""),
        (
            "",
            body.to_string().into_bytes(),
            400,
            "bad_query",
            "/as_of",
        ),
        ("as_of=2021-06-30", b"[]".to_vec(), 422, "invalid_type", ""),
        (
            "as_of=2021-06-30",
            json!({"households": []}).to_string().into_bytes(),
            422,
            "invalid_type",
            "/rosters",
        ),
        (
            "as_of=2021-06-30",
            json!({"households": [], "rosters": {"dibao": [], "pets": [{"id_number": id}]}})
                .to_string()
                .into_bytes(),
            422,
            "unknown_field",
            "/rosters/pets",
        ),
        (
            "as_of=2021-06-30",
            json!({"households": [], "rosters": {}, "extra": 1})
                .to_string()
                .into_bytes(),
            422,
            "unknown_field",
            "/extra",
        ),
        (
            "as_of=2021-06-30",
            json!({"households": [], "rosters": {"tekun": [{"id_number": [id]}]}})
                .to_string()
                .into_bytes(),
            422,
            "invalid_type",
            "/rosters/tekun/0/id_number",
        ),
        (
            "as_of=2021-06-30",
            json!({"households": [], "rosters": {"tekun": {"files": [
                {"name": "特困.csv", "text": format!("姓名,备注\r\n张三,{id}\r\n")}]}}})
            .to_string()
            .into_bytes(),
            422,
            "invalid_value",
            "/rosters/tekun/files/0",
        ),
        (
            "as_of=2021-06-30",
            json!({"households": [], "rosters": {}, "columns": "[school.headers"})
                .to_string()
                .into_bytes(),
            422,
            "invalid_value",
            "/columns",
        ),
        (
            "as_of=2021-06-30",
            json!({"households": [], "rosters": {"school": {"files": [{"name": "x.csv"}]}}})
                .to_string()
                .into_bytes(),
            422,
            "invalid_type",
            "/rosters/school/files/0",
        ),
    ];
    for (q, bytes, status, code, path) in cases {
        let r = client()
            .post(s.url(&format!("/v1/reconcile?{q}")))
            .header("content-type", JSON)
            .body(bytes)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), status, "{q} {code} {path}");
        let text = r.text().await.unwrap();
        assert!(!text.contains(id), "an id number echoed whole: {text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["errors"][0]["code"], code, "{text}");
        assert_eq!(v["errors"][0]["path"], path, "{text}");
        assert!(!v["errors"][0]["message_zh"].as_str().unwrap().is_empty());
    }
    // Over the 1 MiB document limit: 413, as every other document route.
    let big = format!(
        "{{\"households\": [], \"rosters\": {{\"dibao\": [{{\"id_number\": \"{}\"}}]}}}}",
        "1".repeat(1 << 20)
    );
    let r = client()
        .post(s.url("/v1/reconcile?as_of=2021-06-30"))
        .header("content-type", JSON)
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(first_code(&body_json(r).await), "too_large");
    // The route counts in the metrics as every other.
    let m = client()
        .get(s.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(m.contains("route=\"/v1/reconcile\""), "{m}");
    s.stop().await;
}
