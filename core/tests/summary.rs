//! The applicant's summary: which supports, in which order, with which amounts and units, for
//! whom and where to apply. The amounts below are computed by hand from the assessment values
//! given (a monthly amount counts 12 times a year, per member it applies to).
#![expect(clippy::unwrap_used, reason = "test helpers read known-good values")]

use hengjie::labels::Lang;
use hengjie::{Policy, api};
use serde_json::{Value, json};

fn member(id: &str, living: &str, care: &str, medical: &str, pension: Option<&str>) -> Value {
    json!({"person_id": id, "age": 40,
        "tekun": {"eligible": false, "basic_living_monthly": null},
        "disability_living_subsidy_monthly": living, "disability_care_subsidy_monthly": care,
        "child_rehabilitation": false,
        "medical_subsidy": {"basis": null, "subsidy": medical, "personal_contribution": "0.00"},
        "pension": pension.map(|p| json!({"proxy_payment": p, "proxy_basis": "dibao", "lowest_tier_available": p})),
        "dropout_alert": false, "vocational_subsidy_annual": "0.00", "undergraduate_aid": false,
        "nutrition_plan": false, "student_aid": false, "job_info_push": id == "P1",
        "training_info_push": false,
        "public_welfare_post": {"eligible": false, "priority": false},
        "triple_guarantee": null})
}

fn assessment() -> Value {
    json!({"household_id": "HH-9", "as_of": "2023-06-30",
        "monitoring": {"include": false},
        "dibao": {"status": "eligible", "eligible": true, "monthly_benefit": "460.00", "gradual_exit_until": null},
        "temporary_assistance": {"eligible": true, "amount": "3000.00"},
        "small_loan": {"status": "eligible", "eligible": true, "max_amount": "50000.00", "max_term_months": 36, "borrowers": ["P1"], "interest_subsidised": true},
        "members": [
            member("P1", "80.00", "80.00", "175.00", Some("100.00")),
            member("P2", "80.00", "0.00", "280.00", None)],
        "warnings": [{"code": "illustrative_parameter", "parameter": "disability.living_subsidy_monthly", "person_id": null}]})
}

fn codes(summary: &Value) -> Vec<(String, Value, Value)> {
    summary["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["code"].as_str().unwrap().to_owned(),
                i["amount"].clone(),
                i["annual_value"].clone(),
            )
        })
        .collect()
}

#[test]
fn supports_come_most_valuable_first_with_hand_computed_annual_values() {
    let s = Value::from(api::applicant_summary(&assessment(), Lang::Zh));
    let expected: Vec<(&str, Value, Value)> = vec![
        ("dibao", json!("460.00"), json!("5520.00")), // 460 × 12
        ("temporary_assistance", json!("3000.00"), json!("3000.00")), // once
        ("disability_living", json!("80.00"), json!("1920.00")), // 80 × 12 × 2 members
        ("disability_care", json!("80.00"), json!("960.00")), // 80 × 12 × 1
        ("medical_subsidy", json!("280.00"), json!("280.00")), // P2, yearly
        ("medical_subsidy", json!("175.00"), json!("175.00")), // P1, yearly
        ("pension_proxy", json!("100.00"), json!("100.00")), // P1, yearly
        ("small_loan", json!("50000.00"), Value::Null), // a loan: not paid money
        ("interest_subsidy", Value::Null, Value::Null), // §20, interest_subsidised
        ("job_info", Value::Null, Value::Null),
    ];
    let expected: Vec<(String, Value, Value)> = expected
        .into_iter()
        .map(|(c, a, y)| (c.to_owned(), a, y))
        .collect();
    assert_eq!(codes(&s), expected);
    let items = s["items"].as_array().unwrap();
    let dibao = &items[0];
    assert_eq!(dibao["title"], "农村低保金");
    assert_eq!(dibao["amount_text"], "每户每月 460.00 元");
    assert_eq!(dibao["for_text"], "全家");
    assert_eq!(dibao["members"], json!([]));
    // §五(二): lead 社会事务管理局, cooperating 阳和街道办事处 — the street office first, once.
    assert_eq!(
        dibao["apply_at"],
        json!(["阳和街道办事处", "社会事务管理局"])
    );
    assert_eq!(
        dibao["apply_text"],
        "到阳和街道办事处申请；负责部门：社会事务管理局"
    );
    let living = &items[2];
    assert_eq!(living["members"], json!(["P1", "P2"]));
    assert_eq!(living["for_text"], "成员 P1、P2");
    assert_eq!(living["amount_text"], "每人每月 80.00 元*");
    assert_eq!(living["illustrative"], true);
    // Only the disability rule reads the illustrative parameter: one footnote, and the items of
    // other rules are not starred.
    assert_eq!(items[0]["illustrative"], false);
    assert!(
        s["footnote"]
            .as_str()
            .unwrap()
            .starts_with("* 标星号的金额按示例标准计算")
    );
    // §五(五): leads 人力资源和社会保障局, 社会事务管理局; cooperating 阳和街道办事处.
    assert_eq!(
        items[4]["apply_at"],
        json!(["阳和街道办事处", "人力资源和社会保障局", "社会事务管理局"])
    );
    // §六(二): lead 财政局; cooperating 社会事务管理局, 经济发展局 — street office still first.
    assert_eq!(
        items[7]["apply_at"],
        json!(["阳和街道办事处", "财政局", "社会事务管理局", "经济发展局"])
    );
    assert_eq!(items[7]["amount_text"], "每户最多可贷 50000.00 元");
    assert_eq!(
        s["headline"],
        "根据您填写的情况，您家可能可以申请以下 10 项帮扶（金额大的在前）："
    );
    let en = Value::from(api::applicant_summary(&assessment(), Lang::En));
    assert_eq!(
        en["items"][0]["amount_text"],
        "per household per month: 460.00 yuan"
    );
    assert_eq!(en["items"][2]["for_text"], "members P1, P2");
}

#[test]
fn a_household_owed_nothing_reads_one_line() {
    let household = json!({"id": "HH-R", "poverty_alleviated": false,
        "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full", "medical_insured": true, "pension_insured": true}],
        "income": {"wages": "200000"}});
    let as_of = api::parse_as_of("2023-06-30").unwrap();
    let a = api::assess_value(&household, as_of, &Policy::default()).unwrap();
    let s = Value::from(hengjie::api::applicant_summary_of(&a, Lang::Zh));
    assert_eq!(s["items"], json!([]));
    assert_eq!(s["footnote"], Value::Null);
    let headline = s["headline"].as_str().unwrap();
    assert!(
        headline.starts_with("根据您填写的情况，您家目前不符合"),
        "{headline}"
    );
    assert!(!headline.contains('\n'));
}

#[test]
fn equal_values_keep_table_order_and_zero_amounts_are_left_out() {
    let mut a = assessment();
    a["dibao"]["monthly_benefit"] = json!("250.00"); // 3000.00 a year, as the one-off aid
    a["members"][1]["disability_living_subsidy_monthly"] = json!("0.00");
    let s = Value::from(api::applicant_summary(&a, Lang::En));
    let order: Vec<String> = codes(&s).into_iter().map(|(c, _, _)| c).collect();
    assert_eq!(
        &order[..3],
        ["dibao", "temporary_assistance", "disability_care"]
    );
    let living = s["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "disability_living")
        .unwrap();
    assert_eq!(living["members"], json!(["P1"]));
    assert_eq!(living["annual_value"], "960.00");
}

/// The v1.2/v1.3 outputs (docs/rules/pension.md, §15–§20) in the summary: a child's support per
/// month, the pension contribution subsidy per year, the low-income groups and the housing status in
/// words, work relief, care visits and the loan's interest subsidy.
#[test]
fn the_v1_3_outputs_are_supports_with_their_kind_in_words() {
    let mut a = assessment();
    a["dibao"]["monthly_benefit"] = json!("500.00");
    a["warnings"] = json!([]);
    a["low_income"] = json!({"population": true, "groups": ["dibao", "at_risk"]});
    a["housing"] = json!({"status": "renovation_eligible"});
    let p1 = &mut a["members"][0];
    p1["pension"]["contribution_subsidy"] = json!("30.00");
    p1["work_relief_priority"] = json!(true);
    p1["child_support"] = Value::Null;
    p1["care_visits"] = json!(false);
    let p2 = &mut a["members"][1];
    p2["child_support"] = json!({"basis": "orphan", "monthly": "1200.00"});
    p2["care_visits"] = json!(true);
    p2["work_relief_priority"] = json!(false);
    a["members"]
        .as_array_mut()
        .unwrap()
        .push(member("P3", "0.00", "0.00", "0.00", None));
    a["members"][2]["child_support"] = json!({"basis": "unattended", "monthly": "1200.00"});
    let s = Value::from(api::applicant_summary(&a, Lang::Zh));
    let expected: Vec<(&str, Value, Value)> = vec![
        ("child_support", json!("1200.00"), json!("28800.00")), // 1200 × 12 × 2 children
        ("dibao", json!("500.00"), json!("6000.00")),           // 500 × 12
        ("temporary_assistance", json!("3000.00"), json!("3000.00")),
        ("disability_living", json!("80.00"), json!("1920.00")),
        ("disability_care", json!("80.00"), json!("960.00")),
        ("medical_subsidy", json!("280.00"), json!("280.00")),
        ("medical_subsidy", json!("175.00"), json!("175.00")),
        ("pension_proxy", json!("100.00"), json!("100.00")),
        (
            "pension_contribution_subsidy",
            json!("30.00"),
            json!("30.00"),
        ), // P1, yearly
        ("small_loan", json!("50000.00"), Value::Null),
        ("interest_subsidy", Value::Null, Value::Null),
        ("housing_renovation", Value::Null, Value::Null),
        ("low_income", Value::Null, Value::Null),
        ("work_relief", Value::Null, Value::Null),
        ("job_info", Value::Null, Value::Null),
        ("care_visits", Value::Null, Value::Null),
    ];
    let expected: Vec<(String, Value, Value)> = expected
        .into_iter()
        .map(|(c, a, y)| (c.to_owned(), a, y))
        .collect();
    assert_eq!(codes(&s), expected);
    let item = |code: &str| {
        s["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .unwrap()
            .clone()
    };
    let child = item("child_support");
    assert_eq!(child["title"], "困境儿童基本生活保障金");
    assert_eq!(child["amount_text"], "每人每月 1200.00 元");
    assert_eq!(child["for_text"], "成员 P2、P3");
    assert_eq!(child["detail"], "孤儿、事实无人抚养儿童");
    // §五(三): leads 人力资源和社会保障局, 社会事务管理局; cooperating 阳和街道办事处.
    assert_eq!(
        child["apply_at"],
        json!(["阳和街道办事处", "人力资源和社会保障局", "社会事务管理局"])
    );
    assert_eq!(item("low_income")["detail"], "低保对象、易返贫致贫人口");
    assert_eq!(item("low_income")["for_text"], "全家");
    // §五(一): lead 社会事务管理局; its cooperating "各有关单位" is no place to go.
    assert_eq!(
        item("low_income")["apply_at"],
        json!(["阳和街道办事处", "社会事务管理局"])
    );
    assert_eq!(item("housing_renovation")["detail"], "危房，可申请危房改造");
    assert_eq!(item("housing_renovation")["amount_text"], "");
    assert_eq!(item("work_relief")["for_text"], "成员 P1");
    assert_eq!(item("care_visits")["for_text"], "成员 P2");
    assert_eq!(item("care_visits")["clause"], "§五(二)");
    assert_eq!(
        item("pension_contribution_subsidy")["amount_text"],
        "每人每年 30.00 元"
    );
    assert_eq!(item("dibao")["detail"], "");
    assert_eq!(s["footnote"], Value::Null, "no illustrative warning");
    let en = Value::from(api::applicant_summary(&a, Lang::En));
    let en_item = |code: &str| {
        en["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(
        en_item("low_income")["detail"],
        "receiving or owed dibao, at risk of falling (back) into poverty"
    );
    assert_eq!(
        en_item("child_support")["detail"],
        "orphan, child no one in fact raises"
    );

    // An unsafe house outside the renovation groups, no interest subsidy, no low income: none
    // of those is a support.
    a["housing"] = json!({"status": "unsafe_not_in_group"});
    a["small_loan"]["interest_subsidised"] = json!(false);
    a["low_income"] = json!({"population": false, "groups": []});
    let left: Vec<String> = codes(&Value::from(api::applicant_summary(&a, Lang::Zh)))
        .into_iter()
        .map(|(c, _, _)| c)
        .collect();
    for code in ["housing_renovation", "interest_subsidy", "low_income"] {
        assert!(!left.iter().any(|c| c == code), "{code} in {left:?}");
    }
}

/// The engine's own assessment of the browser test's household (rules v1.3, 2025-06-30): P1
/// born 1970, partial labour capacity; P2 born 2012, a primary-school orphan who cannot look
/// after themselves; wages 6000; assets within the limit.
#[test]
fn an_orphan_in_a_dibao_household_is_owed_child_support_first() {
    let household = json!({"id": "HH-O", "poverty_alleviated": false,
        "members": [
            {"id": "P1", "birth_date": "1970-01-01", "labor_capacity": "partial", "medical_insured": true},
            {"id": "P2", "birth_date": "2012-03-01", "labor_capacity": "none", "medical_insured": true,
             "schooling": {"status": "enrolled", "stage": "primary"},
             "guardianship": "orphan", "self_care_able": false}],
        "income": {"wages": "6000"}, "assets_within_limit": true});
    let as_of = api::parse_as_of("2025-06-30").unwrap();
    let a = api::assess_value(&household, as_of, &Policy::default()).unwrap();
    let s = Value::from(hengjie::api::applicant_summary_of(&a, Lang::Zh));
    let items = s["items"].as_array().unwrap();
    // children.orphan_basic_living_monthly 1200 × 12 = 14400 a year, above dibao's
    // (500 × 12 × 2 − 6000) / 12 = 500.00 a month × 12 = 6000.
    assert_eq!(items[0]["code"], "child_support");
    assert_eq!(items[0]["amount"], "1200.00");
    assert_eq!(items[0]["annual_value"], "14400.00");
    assert_eq!(items[0]["members"], json!(["P2"]));
    assert_eq!(items[0]["detail"], "孤儿");
    assert_eq!(
        items[0]["illustrative"], true,
        "an illustrative figure (docs/parameters.md)"
    );
    assert_eq!(items[1]["code"], "dibao");
    assert_eq!(items[1]["amount"], "500.00");
    let find = |code: &str| items.iter().find(|i| i["code"] == code);
    // §15: dibao-eligible → dibao; monitored (6000 < 8000 × 2) → at_risk.
    assert_eq!(
        find("low_income").unwrap()["detail"],
        "低保对象、易返贫致贫人口"
    );
    // §18: P1 is 55, partial capacity, not employed, in a low-income household.
    assert_eq!(find("work_relief").unwrap()["members"], json!(["P1"]));
    // §19: a minor without self-care in a dibao-eligible household.
    assert_eq!(find("care_visits").unwrap()["members"], json!(["P2"]));
    // No housing grade given: status unknown, no renovation.
    assert!(find("housing_renovation").is_none());
    assert!(s["footnote"].as_str().unwrap().starts_with("* 标星号"));
}
