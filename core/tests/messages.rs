//! Messages meant for people (STYLE "Errors", docs/contract.md#errors): every error code and every
//! reason of every vector is worded in plain language — no backtick, no field key of the contract, and
//! in Chinese no half-width punctuation outside the quoted input.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers build known-good documents; a failure is a test failure"
)]

use std::collections::BTreeSet;

use hengjie::{ErrorCode, ErrorDetail, Policy, api, village};
use serde_json::{Value, json};

const AS_OF: &str = "2023-06-30";

/// Every snake_case key of the contract's inputs and outputs (a word with an underscore that
/// names a field): a message must name fields by their label instead.
fn contract_keys() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut walk = |v: &Value| collect_keys(v, &mut keys);
    let household = json!({"id": "H", "village_id": "V", "poverty_alleviated": true,
        "members": [{"id": "P1", "birth_date": "1980-01-01", "labor_capacity": "full",
            "medical_insured": true, "disability": {"grade": 1, "category": "physical"},
            "schooling": {"status": "enrolled", "stage": "primary"}, "pension_insured": true,
            "tekun": false, "legal_supporter_able": true, "own_income": "0",
            "employment": {"wants_work": true, "wants_training": true, "employed": false},
            "guardianship": "parents", "self_care_able": true}],
        "income": {"wages": "0", "business": "0", "property": "0", "transfers": "0"},
        "previous_year_income": "0",
        "rigid_expenditure": {"medical": "0", "education": "0", "disaster": "0", "accident": "0"},
        "housing_grade": "A", "drinking_water_safe": true, "food_clothing_secure": true,
        "assets_within_limit": true,
        "dibao": {"since": "2021-01-01", "current_monthly_benefit": "1", "income_exceeded_on": null},
        "monitoring": {"category": "marginal", "since": "2021-01-01", "stable_income_months": 1, "measures": 1},
        "credit": {"rating_ok": true, "outstanding": "0"},
        "hospitalizations": [{"person_id": "P1", "expense": "1", "level": "county"}]});
    walk(&household);
    let assessment = api::assess_value(&household, date(AS_OF), &Policy::default()).unwrap();
    walk(&serde_json::to_value(&assessment).unwrap());
    for k in [
        "clinic",
        "platform_staff",
        "period_start",
        "period_end",
        "job_info_months",
        "ledger_months",
        "qualified_doctors",
        "visit_half_days_per_week",
        "occupied_area",
        "occupied_grade",
        "supplemented_area",
        "supplemented_grade",
    ] {
        keys.insert(k.to_owned());
    }
    keys.retain(|k| k.contains('_'));
    keys
}

fn collect_keys(v: &Value, keys: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                keys.insert(k.clone());
                collect_keys(x, keys);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_keys(x, keys)),
        _ => {}
    }
}

fn date(text: &str) -> hengjie::date::Date {
    api::parse_as_of(text).unwrap()
}

fn household() -> Value {
    json!({"id": "HH-1", "poverty_alleviated": false,
        "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full", "medical_insured": true}],
        "income": {"wages": "5000"}})
}

/// A household with `f` applied, validated on [`AS_OF`].
fn errors_of(f: impl FnOnce(&mut Value)) -> Vec<ErrorDetail> {
    let mut h = household();
    f(&mut h);
    api::validate_value(&h, date(AS_OF)).into_list()
}

/// Documents that between them raise every error code, and many messages of each.
fn every_error() -> Vec<ErrorDetail> {
    let mut all = Vec::new();
    let set = |pointer: &'static str, value: Value| {
        move |h: &mut Value| {
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            h.pointer_mut(parent)
                .unwrap()
                .as_object_mut()
                .unwrap()
                .insert(key.to_owned(), value);
        }
    };
    for (pointer, value) in [
        ("/members/0/birth_date", json!("2031-01-01")),
        ("/members/0/birth_date", json!("1800-01-01")),
        ("/members/0/birth_date", json!("2023-02-30")),
        ("/members/0/birth_date", json!(19800501)),
        ("/members/0/birth_date", json!("")),
        ("/members/0/labor_capacity", json!("strong")),
        ("/members/0/labor_capacity", json!(" ")),
        ("/members/0/medical_insured", json!("yes")),
        ("/members/0/colour", json!("red")),
        (
            "/members/0/disability",
            json!({"grade": 7, "category": "arm"}),
        ),
        ("/members/0/disability", json!({"grade": "2"})),
        ("/members/0/schooling", json!({"status": "x", "stage": "y"})),
        ("/members/0/own_income", json!("-5")),
        ("/members/0/guardianship", json!("grandparents")),
        ("/members/0/guardianship", json!("")),
        ("/members/0/self_care_able", json!("no")),
        ("/income/wages", json!("1,200")),
        ("/income/wages", json!("１２００")),
        ("/income/wages", json!("99999999999")),
        ("/income/wages", json!([1])),
        ("/income/business", json!("")),
        ("/housing_grade", json!("E")),
        ("/id", json!("x".repeat(65))),
        ("/id", json!("")),
        ("/village_id", json!(5)),
        ("/members", json!([])),
        ("/dibao", json!({"since": "2030-01-01"})),
        (
            "/monitoring",
            json!({"category": "poor", "since": "2021-01-01", "measures": 5000}),
        ),
        ("/credit", json!({"outstanding": "x"})),
        (
            "/hospitalizations",
            json!([{"person_id": "P9", "expense": "1", "level": "clinic"}]),
        ),
    ] {
        all.extend(errors_of(set(pointer, value)));
    }
    all.extend(errors_of(|h| {
        h["members"] = json!([
            {"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full", "medical_insured": true},
            {"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full"}]);
    }));
    all.extend(errors_of(|h| {
        h.as_object_mut().unwrap().remove("poverty_alleviated");
    }));
    all.extend(api::validate_json_str("{\"id\": ", date(AS_OF)).into_list());
    // A repeated key (docs/contract.md#errors), at the top and inside a member.
    all.extend(
        api::validate_json_str(
            r#"{"id": "A", "id": "B", "poverty_alleviated": false, "members": [{"id": "P1",
                "birth_date": "1980-05-01", "labor_capacity": "full", "labor_capacity": "none",
                "medical_insured": true}]}"#,
            date(AS_OF),
        )
        .into_list(),
    );
    all.extend(api::validate_json_str(&"[".repeat(40), date(AS_OF)).into_list());
    all.extend(api::validate_json_str(&" ".repeat(2 * 1024 * 1024), date(AS_OF)).into_list());
    all.extend(api::parse_as_of("2023-13-01").unwrap_err().into_list());
    all.extend(
        Policy::default()
            .resolve(date("2020-12-31"))
            .err()
            .unwrap()
            .into_list(),
    );
    for layer in [
        r#"{"parameters": {}}"#,
        r#"{"jurisdiction": "x", "parameters": {"no.such": []}}"#,
        r#"{"jurisdiction": "x", "parameters": {"dibao.standard_monthly": [{"from": "2023", "value": "1"}]}}"#,
        r#"{"jurisdiction": "x", "parameters": {"dibao.standard_monthly": [{"from": "2023-01-01", "value": true}]}}"#,
    ] {
        all.extend(
            Policy::default()
                .with_layer_json(layer)
                .unwrap_err()
                .into_list(),
        );
    }
    let village_doc = json!({"id": "", "clinic": {"present": 1}, "platform_staff": -1,
        "period_start": "2023-05", "period_end": "2023-01", "job_info_months": ["2023-13"],
        "ledger_months": "2023-01"});
    all.extend(
        village::parse_village(&village_doc)
            .unwrap_err()
            .into_list(),
    );
    let farmland = json!({"id": "F", "occupied_area": "-1", "occupied_grade": 11,
        "supplemented_area": "1.23456", "supplemented_grade": 1});
    all.extend(
        village::check_farmland_value(&farmland)
            .unwrap_err()
            .into_list(),
    );
    all
}

/// Snake_case words of a message that are contract keys.
fn keys_in(text: &str, keys: &BTreeSet<String>) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| keys.contains(*w))
        .map(str::to_owned)
        .collect()
}

/// The message with the quoted input taken out (what the person typed may be anything).
fn without_quoted(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '（' | '“' => depth += 1,
            '）' | '”' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A message with the parameter names taken out: a layer's author writes them in the layer file,
/// so a message about a layer names them.
fn without_parameter_names(text: &str) -> String {
    hengjie::params::Param::ALL
        .iter()
        .fold(text.to_owned(), |t, p| t.replace(p.name(), ""))
}

fn check_plain(zh: &str, en: &str, keys: &BTreeSet<String>, what: &str) {
    for m in [zh, en] {
        let m = &without_parameter_names(m);
        assert!(!m.contains('`'), "backtick in {what}: {m}");
        assert!(
            keys_in(m, keys).is_empty(),
            "field key {:?} in {what}: {m}",
            keys_in(m, keys)
        );
    }
}

fn check(zh: &str, en: &str, keys: &BTreeSet<String>, what: &str) {
    check_plain(zh, en, keys, what);
    let bare = without_quoted(zh);
    assert!(
        !bare.contains([',', ';', '(', ')']) && !bare.contains(": "),
        "half-width punctuation in the Chinese of {what}: {zh}"
    );
}

#[test]
fn every_error_code_is_worded_for_people() {
    let keys = contract_keys();
    assert!(keys.contains("birth_date") && keys.contains("labor_capacity"));
    let all = every_error();
    let seen: BTreeSet<ErrorCode> = all.iter().map(ErrorDetail::code).collect();
    let missing: Vec<_> = ErrorCode::ALL
        .iter()
        .filter(|c| !seen.contains(c))
        .collect();
    assert!(missing.is_empty(), "codes not exercised: {missing:?}");
    for e in &all {
        check(
            e.message_zh(),
            e.message_en(),
            &keys,
            &format!("{} at {}", e.code(), e.path()),
        );
    }
}

#[test]
fn errors_name_fields_by_label_and_carry_their_facts() {
    let e = errors_of(|h| h["members"][0]["birth_date"] = json!("2031-01-01"));
    let e = &e[0];
    assert_eq!(
        e.message_zh(),
        "出生日期（2031-01-01）晚于评估日期（2023-06-30）。"
    );
    assert_eq!(
        serde_json::to_string(e).unwrap(),
        r#"{"code":"out_of_range","path":"/members/0/birth_date","params":{"min":"1893-06-30","max":"2023-06-30"},"message_en":"The date of birth (2031-01-01) is after the assessment date (2023-06-30).","message_zh":"出生日期（2031-01-01）晚于评估日期（2023-06-30）。"}"#
    );
    let e = errors_of(|h| h["members"][0]["labor_capacity"] = json!("strong"));
    let p = serde_json::to_value(&e[0]).unwrap();
    assert_eq!(p["params"]["allowed"], json!(["full", "partial", "none"]));
    assert_eq!(
        p["params"]["allowed_labels_zh"],
        json!(["能正常干活", "只能干些轻活", "不能干活"])
    );
    assert!(
        e[0].message_zh()
            .starts_with("劳动能力（strong）不是可选的内容")
    );
    let e =
        errors_of(|h| h["members"][0]["disability"] = json!({"grade": 5, "category": "visual"}));
    let p = serde_json::to_value(&e[0]).unwrap();
    assert_eq!(p["params"], json!({"min": "1", "max": "4"}));
    let e = errors_of(|h| {
        h.as_object_mut().unwrap().remove("poverty_alleviated");
    });
    assert_eq!(e[0].message_zh(), "请填写是否已登记脱贫。");
    assert!(serde_json::to_value(&e[0]).unwrap().get("params").is_none());
    let e = errors_of(|h| h["income"]["wages"] = json!("  "));
    assert_eq!(e[0].code(), ErrorCode::EmptyValue);
    assert_eq!(e[0].message_zh(), "请填写工资性收入（现在是空的）。");
}

#[test]
fn every_reason_of_every_vector_is_worded_for_people() {
    let keys = contract_keys();
    let files = hengjie_testkit::vector_files();
    let mut reasons = 0;
    for file in files {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        if v["kind"] != "household" || v["params"] != Value::Null {
            continue;
        }
        let Some(as_of) = v["as_of"].as_str() else {
            continue;
        };
        let Ok(a) = api::assess_value(&v["input"], date(as_of), &Policy::default()) else {
            continue;
        };
        for r in &a.reasons {
            reasons += 1;
            // Reasons: no backtick, no field key. (Their Chinese punctuation is the rules' own
            // wording, left to the rules' authors.)
            check_plain(
                &r.message_zh,
                &r.message_en,
                &keys,
                &format!("{} in {}", r.code, file.display()),
            );
        }
    }
    assert!(reasons > 1000, "only {reasons} reasons checked");
}
