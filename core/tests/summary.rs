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
    let s = api::applicant_summary(&assessment(), Lang::Zh);
    let expected: Vec<(&str, Value, Value)> = vec![
        ("dibao", json!("460.00"), json!("5520.00")), // 460 × 12
        ("temporary_assistance", json!("3000.00"), json!("3000.00")), // once
        ("disability_living", json!("80.00"), json!("1920.00")), // 80 × 12 × 2 members
        ("disability_care", json!("80.00"), json!("960.00")), // 80 × 12 × 1
        ("medical_subsidy", json!("280.00"), json!("280.00")), // P2, yearly
        ("medical_subsidy", json!("175.00"), json!("175.00")), // P1, yearly
        ("pension_proxy", json!("100.00"), json!("100.00")), // P1, yearly
        ("small_loan", json!("50000.00"), Value::Null), // a loan: not paid money
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
        "根据您填写的情况，您家可能可以申请以下 9 项帮扶（金额大的在前）："
    );
    let en = api::applicant_summary(&assessment(), Lang::En);
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
    let s = hengjie::summary::applicant_summary(&a, Lang::Zh);
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
    let s = api::applicant_summary(&a, Lang::En);
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
