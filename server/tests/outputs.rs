//! `POST /v1/assess?outputs=…`: the CLI's `--outputs` over HTTP (docs/rust.md#outputs), for one
//! document and for an NDJSON stream.
#![expect(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly"
)]

mod common;

use common::{client, start};
use hengjie::api::{Assessor, parse_as_of};
use hengjie::lines::{Job, record};
use hengjie::{Outputs, Policy, canonical_json};
use hengjie_server::Config;
use serde_json::Value;

const JSON: &str = "application/json";
const NDJSON: &str = "application/x-ndjson";

/// tests/vectors/dibao/benefit_129_96.json: two members, net 9240.50 + 1200 = 10440.50 a year
/// under 500 × 12 × 2 = 12000 → eligible, (12000 − 10440.50) / 12 = 129.958… → 129.96.
fn vector() -> (String, String) {
    let path = common::root().join("tests/vectors/dibao/benefit_129_96.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(doc["params"].is_null());
    (
        doc["as_of"].as_str().unwrap().to_owned(),
        doc["input"].to_string(),
    )
}

/// The bytes the CLI prints for a record under `--outputs names`.
fn cli_line(text: &str, as_of: &str, names: &str) -> String {
    let policy = Policy::default();
    let assessor = Assessor::new(&policy, parse_as_of(as_of).unwrap())
        .unwrap()
        .selection(Outputs::parse(names).unwrap());
    canonical_json(&Job::Household(assessor).run(record(text.as_bytes())))
}

async fn post(s: &common::Service, query: &str, ct: &str, body: String) -> (u16, String) {
    let r = client()
        .post(s.url(&format!("/v1/assess{query}")))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

#[tokio::test]
async fn a_selection_answers_the_selected_outputs_as_the_full_assessment_gives_them() {
    let s = start(Config::default()).await;
    let (as_of, input) = vector();
    let (status, full) = post(&s, &format!("?as_of={as_of}"), JSON, input.clone()).await;
    assert_eq!(status, 200);
    let full: Value = serde_json::from_str(&full).unwrap();

    let (status, text) = post(
        &s,
        &format!("?as_of={as_of}&outputs=dibao,monitoring"),
        JSON,
        input.clone(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(text, cli_line(&input, &as_of, "monitoring,dibao"));
    let some: Value = serde_json::from_str(&text).unwrap();
    // docs/rust.md#outputs: the identifying fields, the outputs in output order, the explanation.
    assert_eq!(
        keys(&some),
        [
            "household_id",
            "as_of",
            "jurisdiction",
            "provenance",
            "monitoring",
            "dibao",
            "reasons",
            "parameters",
            "warnings"
        ]
    );
    assert_eq!(some["dibao"], full["dibao"]);
    assert_eq!(some["monitoring"], full["monitoring"]);
    assert_eq!(some["dibao"]["monthly_benefit"], "129.96");
    assert_eq!(some["dibao"]["status"], "eligible");
    assert_eq!(some["provenance"], full["provenance"]);
    // Only the reasons of §2 and §3, which are those of the full assessment.
    let rules: Vec<&str> = some["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"dibao"));
    assert!(rules.iter().all(|r| ["monitoring", "dibao"].contains(r)));
    for r in some["reasons"].as_array().unwrap() {
        assert!(full["reasons"].as_array().unwrap().contains(r), "{r}");
    }

    // A per-member output: `members` with `person_id`, `age` and its fields only.
    let (status, text) = post(
        &s,
        &format!("?as_of={as_of}&outputs=pension&explain=none"),
        JSON,
        input.clone(),
    )
    .await;
    assert_eq!(status, 200);
    let some: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        keys(&some),
        [
            "household_id",
            "as_of",
            "jurisdiction",
            "provenance",
            "members",
            "reasons",
            "parameters",
            "warnings"
        ]
    );
    assert_eq!(some["reasons"], Value::Array(vec![]));
    let members = some["members"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    for (i, m) in members.iter().enumerate() {
        assert_eq!(keys(m), ["person_id", "age", "pension"]);
        assert_eq!(m["person_id"], ["P1", "P2"][i]);
        // Born 1980-05-10 and 1982-03-03: 43 and 41 on 2023-06-30.
        assert_eq!(m["age"], [43, 41][i]);
        assert_eq!(m["pension"], full["members"][i]["pension"]);
    }
    s.stop().await;
}

#[tokio::test]
async fn an_ndjson_stream_answers_each_line_under_the_selection() {
    let s = start(Config::default()).await;
    let (as_of, input) = vector();
    let body = format!(
        "{input}\n{{\"id\": \"HH-X\"}}\n{}\n",
        common::sample_lines()[0]
    );
    let (status, text) = post(
        &s,
        &format!("?as_of={as_of}&outputs=care_visits,dibao"),
        NDJSON,
        body,
    )
    .await;
    assert_eq!(status, 200);
    let out: Vec<&str> = text.lines().collect();
    assert_eq!(out.len(), 3);
    assert_eq!(out[0], cli_line(&input, &as_of, "dibao,care_visits"));
    let first: Value = serde_json::from_str(out[0]).unwrap();
    assert_eq!(first["dibao"]["monthly_benefit"], "129.96");
    assert!(first.get("monitoring").is_none() && first.get("transition").is_none());
    for m in first["members"].as_array().unwrap() {
        assert_eq!(keys(m), ["person_id", "age", "care_visits"]);
    }
    // A bad line is its errors in place, as without a selection.
    let second: Value = serde_json::from_str(out[1]).unwrap();
    assert_eq!(second["household_id"], "HH-X");
    assert_eq!(second["line"], 2);
    assert_eq!(second["errors"][0]["code"], "missing_field");
    assert_eq!(
        out[2],
        cli_line(&common::sample_lines()[0], &as_of, "dibao,care_visits")
    );
    s.stop().await;
}

#[tokio::test]
async fn an_unknown_output_is_the_cores_invalid_value_at_the_parameter() {
    let s = start(Config::default()).await;
    let (as_of, input) = vector();
    for ct in [JSON, NDJSON] {
        let (status, text) = post(
            &s,
            &format!("?as_of={as_of}&outputs=monitoring,dibao_amount"),
            ct,
            input.clone(),
        )
        .await;
        assert_eq!(status, 400, "{ct}");
        let v: Value = serde_json::from_str(&text).unwrap();
        let errors = v["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{v}");
        let e = &errors[0];
        assert_eq!(e["code"], "invalid_value");
        assert_eq!(e["path"], "/outputs");
        // The core's words, as the CLI prints them.
        let core = Outputs::parse("dibao_amount").unwrap_err();
        assert_eq!(e["message_en"], core.list()[0].message_en());
        assert_eq!(e["message_zh"], core.list()[0].message_zh());
        assert!(
            e["message_en"]
                .as_str()
                .unwrap()
                .contains("\"dibao_amount\"")
        );
        assert!(e["message_zh"].as_str().unwrap().contains("“dibao_amount”"));
        let allowed = e["params"]["allowed"].as_array().unwrap();
        assert_eq!(allowed.len(), 18);
        assert_eq!(allowed[0], "transition");
        assert!(allowed.contains(&Value::from("dibao")));
    }
    // Two unknown names: one error each; an empty selection names nothing.
    let (status, text) = post(
        &s,
        &format!("?as_of={as_of}&outputs=dibao,x,y"),
        JSON,
        input.clone(),
    )
    .await;
    assert_eq!(status, 400);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["errors"].as_array().unwrap().len(), 2);
    let (status, _) = post(&s, &format!("?as_of={as_of}&outputs="), JSON, input).await;
    assert_eq!(status, 400);
    s.stop().await;
}

#[tokio::test]
async fn the_openapi_document_describes_the_outputs_parameter() {
    let s = start(Config::default()).await;
    let doc: Value = serde_json::from_str(
        &client()
            .get(s.url("/openapi.json"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    let params = doc["paths"]["/v1/assess"]["post"]["parameters"]
        .as_array()
        .unwrap();
    let outputs = params.iter().find(|p| p["name"] == "outputs").unwrap();
    assert_eq!(outputs["in"], "query");
    assert_eq!(outputs["required"], false);
    let description = outputs["description"].as_str().unwrap();
    for name in hengjie::Output::ALL.map(hengjie::Output::name) {
        assert!(description.contains(name), "{name}");
    }
    s.stop().await;
}
