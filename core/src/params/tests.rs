use super::*;
use crate::date::parse_date;

fn d(s: &str) -> Date {
    parse_date(s).unwrap()
}

fn codes_paths(e: &Errors) -> Vec<(ErrorCode, String)> {
    e.list()
        .iter()
        .map(|x| (x.code(), x.path().to_owned()))
        .collect()
}

fn embedded(file: &str, text: &str) -> Result<Layer, Errors> {
    Layer::from_json_str(text, LayerSource::Embedded(file))
}

#[test]
fn the_embedded_layers_load_and_define_every_parameter_from_2021() {
    let policy = Policy::embedded().unwrap();
    assert_eq!(policy.jurisdiction(), "yanghe");
    assert_eq!(Policy::default(), policy);
    for p in Param::ALL {
        assert!(!policy.series(*p).is_empty(), "{} has no value", p.name());
        assert!(
            policy.entry_on(*p, d("2021-01-01")).is_some(),
            "{} undefined on 2021-01-01",
            p.name()
        );
    }
    // docs/parameters.md names 66 parameters, counted by hand row by row of its table.
    assert_eq!(Param::ALL.len(), 66);
}

#[test]
fn the_registry_is_sorted_by_name() {
    let names: Vec<_> = Param::ALL.iter().map(|p| p.name()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    for p in Param::ALL {
        assert_eq!(Param::from_name(p.name()), Some(*p));
    }
}

#[test]
fn the_default_policy_yields_the_rules_table() {
    let policy = Policy::default();
    let series = |name: &str| -> Vec<(String, String, &'static str)> {
        policy
            .series(Param::from_name(name).unwrap())
            .iter()
            .map(|e| {
                (
                    e.from().to_string(),
                    e.value().text(),
                    e.provenance().as_str(),
                )
            })
            .collect()
    };
    let row = |f: &str, v: &str, p: &'static str| (f.to_owned(), v.to_owned(), p);
    assert_eq!(
        series("monitoring.income_line"),
        vec![
            row("2021-01-01", "6000", "national"),
            row("2022-01-01", "6500", "illustrative"),
            row("2023-01-01", "7000", "illustrative"),
            row("2024-01-01", "7500", "illustrative"),
            row("2025-01-01", "8000", "illustrative"),
        ]
    );
    assert_eq!(
        series("tekun.minor_age_limit"),
        vec![
            row("2016-01-01", "16", "national"),
            row("2021-07-01", "18", "seed")
        ]
    );
    assert_eq!(
        series("credit.in_force"),
        vec![
            row("2021-01-01", "false", "national"),
            row("2021-03-04", "true", "national"),
            row("2026-01-01", "false", "national"),
        ]
    );
    assert_eq!(
        series("transition.start"),
        vec![row("0001-01-01", "2021-01-01", "seed")]
    );
    assert_eq!(
        series("transition.end"),
        vec![row("0001-01-01", "2025-12-31", "national")]
    );
    assert_eq!(
        series("monitoring.income_drop_share"),
        vec![row("2021-01-01", "0.3", "illustrative")]
    );
    assert_eq!(
        series("tekun.basic_living_multiple"),
        vec![
            row("2021-01-01", "1.3", "illustrative"),
            row("2022-12-01", "1.3", "local")
        ]
    );
    assert_eq!(
        series("pension.lowest_tier"),
        vec![
            row("2021-01-01", "100", "national"),
            row("2023-01-01", "200", "illustrative")
        ]
    );
    assert_eq!(
        series("pension.retained_lowest_tier"),
        vec![row("2021-01-01", "100", "seed")]
    );
    assert_eq!(
        series("dibao.gradual_exit_months"),
        vec![row("2021-01-01", "6", "seed")]
    );
    assert_eq!(
        series("medical.subsidy.alleviated").last(),
        Some(&row("2025-01-01", "0", "illustrative"))
    );
    assert_eq!(
        series("dibao.standard_monthly"),
        vec![
            row("2021-01-01", "400", "illustrative"),
            row("2022-01-01", "420", "illustrative"),
            row("2022-12-01", "500", "local")
        ]
    );
    for name in [
        "disability.living_subsidy_monthly",
        "disability.care_subsidy_monthly",
    ] {
        assert_eq!(
            series(name),
            vec![
                row("2021-01-01", "80", "illustrative"),
                row("2025-01-01", "90", "local")
            ]
        );
    }
    assert_eq!(
        series("credit.interest_subsidy_in_force"),
        vec![
            row("2021-01-01", "false", "national"),
            row("2021-03-04", "true", "national"),
            row("2026-01-01", "false", "national")
        ]
    );
    assert_eq!(
        series("indicators.liuzhou_rural_income_growth"),
        vec![
            row("2021-01-01", "0.1", "illustrative"),
            row("2022-01-01", "0.065", "illustrative"),
            row("2023-01-01", "0.07", "illustrative"),
            row("2024-01-01", "0.065", "illustrative"),
            row("2025-01-01", "0.06", "illustrative")
        ]
    );
    assert_eq!(
        series("pension.contribution_subsidy"),
        vec![row("2014-01-01", "30", "national")]
    );
    assert_eq!(
        series("children.orphan_basic_living_monthly"),
        vec![row("2021-01-01", "1200", "illustrative")]
    );
    assert_eq!(
        series("children.disabled_subsidy_monthly"),
        vec![row("2021-01-01", "200", "illustrative")]
    );
    assert_eq!(
        series("reconcile.medical_high_cost"),
        vec![row("2021-01-01", "10000", "illustrative")]
    );
    // Every dated value of the §14 table, counted by hand row by row.
    assert_eq!(policy.rows().len(), 95);
}

#[test]
fn a_date_before_the_first_value_is_parameter_undefined() {
    let policy = Policy::default();
    let err = policy.resolve(d("2020-12-31")).unwrap_err();
    assert_eq!(
        codes_paths(&err),
        vec![(ErrorCode::ParameterUndefined, String::new())]
    );
    assert!(err.list()[0].message_en().contains("2020-12-31"));
    assert!(policy.resolve(d("2021-01-01")).is_ok());
}

#[test]
fn values_hold_until_the_next_from_date() {
    let policy = Policy::default();
    let std = |on: &str| {
        policy
            .resolve(d(on))
            .unwrap()
            .dec(Param::DibaoStandardMonthly)
            .to_string()
    };
    assert_eq!(std("2022-11-30"), "420");
    assert_eq!(std("2022-12-01"), "500");
    assert_eq!(std("2030-06-30"), "500");
    let minor = |on: &str| {
        policy
            .resolve(d(on))
            .unwrap()
            .int(Param::TekunMinorAgeLimit)
    };
    assert_eq!(minor("2021-06-30"), 16);
    assert_eq!(minor("2021-07-01"), 18);
}

#[test]
fn a_layer_replaces_the_series_below_from_its_first_date_on() {
    let layer = r#"{"jurisdiction": "liuzhou-2024", "parameters": {
        "dibao.standard_monthly": [{"from": "2024-01-01", "value": "500", "provenance": "national", "source": "x"}]}}"#;
    let policy = Policy::default().with_layer_json(layer).unwrap();
    assert_eq!(policy.jurisdiction(), "liuzhou-2024");
    let values: Vec<_> = policy
        .series(Param::DibaoStandardMonthly)
        .iter()
        .map(|e| (e.from().to_string(), e.value().text()))
        .collect();
    assert_eq!(
        values,
        [
            ("2021-01-01", "400"),
            ("2022-01-01", "420"),
            ("2022-12-01", "500"),
            ("2024-01-01", "500")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    // A user layer's provenance defaults to illustrative.
    let user = r#"{"jurisdiction": "mine", "parameters": {"dibao.standard_monthly": [{"from": "2023-01-01", "value": 450}]}}"#;
    let policy = Policy::default().with_layer_json(user).unwrap();
    let e = policy
        .entry_on(Param::DibaoStandardMonthly, d("2025-06-01"))
        .unwrap();
    assert_eq!(
        (e.value().text(), e.provenance()),
        ("450".to_owned(), Provenance::Illustrative)
    );
}

#[test]
fn loading_is_strict_with_file_and_key_in_every_error() {
    let cases: &[(&str, &str)] = &[
        // unknown parameter
        (
            r#"{"jurisdiction":"x","parameters":{"dibao.standard":[{"from":"2021-01-01","value":"1","provenance":"seed","source":"s"}]}}"#,
            "/parameters/dibao.standard",
        ),
        // unknown key in an entry
        (
            r#"{"jurisdiction":"x","parameters":{"dibao.standard_monthly":[{"from":"2021-01-01","value":"1","provenance":"seed","source":"s","note":1}]}}"#,
            "/parameters/dibao.standard_monthly/0/note",
        ),
        // unknown top-level key
        (
            r#"{"jurisdiction":"x","parameters":{},"extra":true}"#,
            "/extra",
        ),
        // unsorted dates
        (
            r#"{"jurisdiction":"x","parameters":{"dibao.standard_monthly":[{"from":"2022-01-01","value":"1","provenance":"seed","source":"s"},{"from":"2021-01-01","value":"2","provenance":"seed","source":"s"}]}}"#,
            "/parameters/dibao.standard_monthly/1/from",
        ),
        // duplicate dates
        (
            r#"{"jurisdiction":"x","parameters":{"dibao.standard_monthly":[{"from":"2021-01-01","value":"1","provenance":"seed","source":"s"},{"from":"2021-01-01","value":"2","provenance":"seed","source":"s"}]}}"#,
            "/parameters/dibao.standard_monthly/1/from",
        ),
        // missing provenance in an embedded file
        (
            r#"{"jurisdiction":"x","parameters":{"dibao.standard_monthly":[{"from":"2021-01-01","value":"1","source":"s"}]}}"#,
            "/parameters/dibao.standard_monthly/0/provenance",
        ),
        // missing source in an embedded file
        (
            r#"{"jurisdiction":"x","parameters":{"dibao.standard_monthly":[{"from":"2021-01-01","value":"1","provenance":"seed"}]}}"#,
            "/parameters/dibao.standard_monthly/0/source",
        ),
        // a ratio above 1
        (
            r#"{"jurisdiction":"x","parameters":{"monitoring.income_drop_share":[{"from":"2021-01-01","value":"1.5","provenance":"seed","source":"s"}]}}"#,
            "/parameters/monitoring.income_drop_share/0/value",
        ),
        // negative money
        (
            r#"{"jurisdiction":"x","parameters":{"dibao.standard_monthly":[{"from":"2021-01-01","value":"-1","provenance":"seed","source":"s"}]}}"#,
            "/parameters/dibao.standard_monthly/0/value",
        ),
        // a string where a boolean is expected
        (
            r#"{"jurisdiction":"x","parameters":{"credit.in_force":[{"from":"2021-01-01","value":"yes","provenance":"seed","source":"s"}]}}"#,
            "/parameters/credit.in_force/0/value",
        ),
        // a fractional integer
        (
            r#"{"jurisdiction":"x","parameters":{"tekun.elder_age":[{"from":"2021-01-01","value":60.5,"provenance":"seed","source":"s"}]}}"#,
            "/parameters/tekun.elder_age/0/value",
        ),
        // an impossible date
        (
            r#"{"jurisdiction":"x","parameters":{"tekun.elder_age":[{"from":"2021-02-30","value":60,"provenance":"seed","source":"s"}]}}"#,
            "/parameters/tekun.elder_age/0/from",
        ),
        // missing value
        (
            r#"{"jurisdiction":"x","parameters":{"tekun.elder_age":[{"from":"2021-01-01","provenance":"seed","source":"s"}]}}"#,
            "/parameters/tekun.elder_age/0/value",
        ),
        // missing jurisdiction
        (r#"{"parameters":{}}"#, "/jurisdiction"),
        // a bad provenance word
        (
            r#"{"jurisdiction":"x","parameters":{"tekun.elder_age":[{"from":"2021-01-01","value":60,"provenance":"guess","source":"s"}]}}"#,
            "/parameters/tekun.elder_age/0/provenance",
        ),
    ];
    for (text, path) in cases {
        let err = embedded("guangxi.json", text).unwrap_err();
        assert_eq!(
            codes_paths(&err),
            vec![(ErrorCode::InvalidParameter, (*path).to_owned())],
            "{text}"
        );
        assert!(
            err.list()[0].message_en().starts_with("guangxi.json: "),
            "{}",
            err.list()[0].message_en()
        );
        assert!(err.list()[0].message_zh().starts_with("guangxi.json:"));
    }
}

#[test]
fn toml_layers_are_read_and_floats_refused() {
    let good = "jurisdiction = \"t\"\n[[parameters.\"dibao.standard_monthly\"]]\nfrom = \"2024-01-01\"\nvalue = \"500\"\n";
    let layer = Layer::from_toml_str(good, LayerSource::User).unwrap();
    let policy = Policy::default().with_layer(&layer);
    assert_eq!(
        policy
            .entry_on(Param::DibaoStandardMonthly, d("2024-01-01"))
            .unwrap()
            .value()
            .text(),
        "500"
    );
    let float = "jurisdiction = \"t\"\n[[parameters.\"dibao.standard_monthly\"]]\nfrom = \"2024-01-01\"\nvalue = 500.5\n";
    let err = Layer::from_toml_str(float, LayerSource::User).unwrap_err();
    assert_eq!(
        codes_paths(&err),
        vec![(
            ErrorCode::InvalidParameter,
            "/parameters/dibao.standard_monthly/0/value".to_owned()
        )]
    );
}

#[test]
fn the_income_growth_is_a_signed_ratio_and_only_it() {
    let layer = |name: &str, value: &str| {
        format!(
            r#"{{"jurisdiction":"x","parameters":{{"{name}":[{{"from":"2021-01-01","value":"{value}"}}]}}}}"#
        )
    };
    let growth = "indicators.liuzhou_rural_income_growth";
    for (value, text) in [("-0.02", "-0.02"), ("-1", "-1"), ("1", "1"), ("-0", "0")] {
        let policy = Policy::default()
            .with_layer_json(&layer(growth, value))
            .unwrap();
        let e = policy
            .entry_on(Param::IndicatorsLiuzhouRuralIncomeGrowth, d("2023-06-30"))
            .unwrap();
        assert_eq!(
            (e.value().text(), e.provenance()),
            (text.to_owned(), Provenance::Illustrative)
        );
    }
    for (name, value) in [
        (growth, "-1.01"),
        (growth, "1.5"),
        (growth, "--1"),
        (growth, "-"),
        ("indicators.large_scale_share", "-0.02"),
        ("dibao.standard_monthly", "-1"),
    ] {
        let err = Policy::default()
            .with_layer_json(&layer(name, value))
            .unwrap_err();
        assert_eq!(
            codes_paths(&err),
            vec![(
                ErrorCode::InvalidParameter,
                format!("/parameters/{name}/0/value")
            )],
            "{name} = {value}"
        );
    }
}

#[test]
fn provenance_local_is_read_in_any_layer() {
    let text = r#"{"jurisdiction":"x","parameters":{"dibao.standard_monthly":[{"from":"2024-01-01","value":"510","provenance":"local","source":"a Liuzhou notice"}]}}"#;
    let policy = Policy::default().with_layer_json(text).unwrap();
    let e = policy
        .entry_on(Param::DibaoStandardMonthly, d("2024-06-30"))
        .unwrap();
    assert_eq!(e.provenance(), Provenance::Local);
    assert_eq!(e.provenance().as_str(), "local");
}

#[test]
fn an_unknown_parameter_says_which_name_was_meant() {
    assert_eq!(
        Param::closest("dibao.standrd_monthly"),
        Some(Param::DibaoStandardMonthly)
    );
    assert_eq!(
        Param::closest("dibao.standard"),
        Some(Param::DibaoStandardMonthly)
    );
    assert_eq!(
        Param::closest("credit.max_amount_x"),
        Some(Param::CreditMaxAmount)
    );
    assert_eq!(Param::closest("colour"), None);
    let layer = r#"{"jurisdiction": "mine", "parameters": {"dibao.standrd_monthly": [{"from": "2023-01-01", "value": 450}]}}"#;
    let e = Policy::default().with_layer_json(layer).unwrap_err();
    let first = &e.list()[0];
    assert_eq!(first.path(), "/parameters/dibao.standrd_monthly");
    assert_eq!(
        first.message_en(),
        "unknown parameter \"dibao.standrd_monthly\"; did you mean \"dibao.standard_monthly\"?"
    );
    assert_eq!(
        first.message_zh(),
        "未知参数 “dibao.standrd_monthly”，是不是 “dibao.standard_monthly”？"
    );
}

#[test]
fn a_value_the_integer_arithmetic_cannot_hold_exactly_is_refused_when_resolved() {
    // A layer built in code can hold what a layer file cannot: money with a third decimal, a
    // ratio with a fifth, a multiple beyond 1000.
    let entry = |value: Decimal| {
        vec![Entry::new(
            d("2021-01-01"),
            Value::Decimal(value),
            Provenance::Illustrative,
            "test",
        )]
    };
    let cases = [
        (Param::DibaoStandardMonthly, Decimal::new(440_005, 3)),
        (Param::MonitoringIncomeDropShare, Decimal::new(12_345, 5)),
        (Param::TekunBasicLivingMultiple, Decimal::new(10_000_001, 4)),
        (Param::CreditMaxAmount, Decimal::new(1_000_000_000_001, 2)),
    ];
    for (param, value) in cases {
        let layer = Layer::new("test").with_series(param, entry(value));
        let policy = Policy::default().with_layer(&layer);
        let err = policy.resolve(d("2023-06-30")).unwrap_err();
        assert_eq!(
            codes_paths(&err),
            vec![(ErrorCode::InvalidParameter, String::new())],
            "{value}"
        );
        let (en, zh) = (err.list()[0].message_en(), err.list()[0].message_zh());
        assert!(
            en.contains(param.name()) && en.contains(&value.to_string()),
            "{en}"
        );
        assert!(
            zh.contains(param.name()) && zh.contains("无法精确计算"),
            "{zh}"
        );
    }
    // The same amounts within the bounds are held exactly: 440.00, 0.1234, 1000, 10^10 yuan.
    let exact = [
        (
            Param::DibaoStandardMonthly,
            Decimal::new(440_000, 3),
            44_000,
        ),
        (
            Param::MonitoringIncomeDropShare,
            Decimal::new(12_340, 5),
            1_234,
        ),
        (
            Param::TekunBasicLivingMultiple,
            Decimal::from(1000),
            10_000_000,
        ),
        (
            Param::CreditMaxAmount,
            Decimal::from(10_000_000_000_i64),
            1_000_000_000_000,
        ),
    ];
    for (param, value, units) in exact {
        let layer = Layer::new("test").with_series(param, entry(value));
        let policy = Policy::default().with_layer(&layer);
        let resolved = policy.resolve(d("2023-06-30")).unwrap();
        assert_eq!(resolved.fen(param), units, "{value}");
    }
}
