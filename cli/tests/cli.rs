//! The command line as a user runs it: outputs, streaming, exit statuses.
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::io::Write;
use std::process::{Command, Output, Stdio};

const HH: &str = r#"{"id":"HH-1","poverty_alleviated":false,"members":[{"id":"P1","birth_date":"1980-05-01","labor_capacity":"full","medical_insured":true}],"income":{"wages":"5000"}}"#;

fn hengjie(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hengjie"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let text = stdin.to_owned();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(text.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

fn file(contents: &str, suffix: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(suffix).tempfile().unwrap();
    f.write_all(contents.as_bytes()).unwrap();
    f
}

#[test]
fn a_single_document_is_pretty_printed() {
    let pretty = HH.replace(',', ",\n  ");
    let o = hengjie(&["assess", "-", "--as-of", "2023-06-30"], &pretty);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(
        text.starts_with("{\n  \"household_id\": \"HH-1\""),
        "{text}"
    );
    assert!(text.ends_with("}\n"));
    let v = json(&text);
    assert_eq!(v["dibao"]["monthly_benefit"], "23.33");
    assert_eq!(v["monitoring"]["category"], "marginal");
}

#[test]
fn a_file_argument_is_read() {
    let f = file(HH, ".json");
    let o = hengjie(
        &[
            "assess",
            f.path().to_str().unwrap(),
            "--as-of",
            "2023-06-30",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&stdout(&o))["household_id"], "HH-1");
}

#[test]
fn an_array_gives_a_pretty_array_in_order() {
    let bad = HH
        .replace(r#""id":"HH-1""#, r#""id":"HH-2""#)
        .replace("1980-05-01", "2023-02-30");
    let o = hengjie(
        &["assess", "--as-of", "2023-06-30"],
        &format!("  [{HH},\n{bad}]"),
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json(&stdout(&o));
    assert_eq!(v[0]["household_id"], "HH-1");
    assert_eq!(v[1]["household_id"], "HH-2");
    assert_eq!(v[1]["errors"][0]["code"], "invalid_value");
    assert_eq!(v[1]["errors"][0]["path"], "/members/0/birth_date");
}

#[test]
fn json_lines_keep_going_past_a_bad_record() {
    let second = HH
        .replace("HH-1", "HH-2")
        .replace(r#""wages":"5000""#, r#""wages":"abc""#);
    let third = HH.replace("HH-1", "HH-3");
    let input = format!("{HH}\n\n{second}\n{{not json\n{third}\n");
    let o = hengjie(&["assess", "--as-of", "2023-06-30"], &input);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        !lines[0].contains('\n')
            && lines[0].starts_with(r#"{"household_id":"HH-1","as_of":"2023-06-30""#)
    );
    assert_eq!(
        lines[1],
        r#"{"household_id":"HH-2","errors":[{"code":"invalid_value","path":"/income/wages","message_en":"`abc` is not a money amount: digits with at most 2 decimals, no exponent","message_zh":"`abc` 不是有效金额:应为数字,最多 2 位小数,不得使用指数"}]}"#
    );
    assert_eq!(json(lines[2])["household_id"], serde_json::Value::Null);
    assert_eq!(json(lines[2])["errors"][0]["code"], "malformed_json");
    assert_eq!(json(lines[3])["household_id"], "HH-3");
}

#[test]
fn a_record_over_one_mebibyte_is_too_large_and_the_others_are_assessed() {
    let big = format!(r#"{{"id":"HH-BIG","pad":"{}"}}"#, "x".repeat(1024 * 1024));
    let input = format!("{HH}\n{big}\n{}\n", HH.replace("HH-1", "HH-3"));
    let o = hengjie(&["assess", "--as-of", "2023-06-30"], &input);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    let v = json(lines[1]);
    assert_eq!(v["household_id"], "HH-BIG");
    assert_eq!(v["errors"][0]["code"], "too_large");
    assert_eq!(json(lines[2])["household_id"], "HH-3");
}

#[test]
fn an_input_whose_first_value_cannot_be_parsed_is_one_malformed_document() {
    let o = hengjie(
        &["assess", "--as-of", "2023-06-30"],
        &format!("{{\"id\": \n{HH}\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json(&stdout(&o));
    assert_eq!(v["household_id"], serde_json::Value::Null);
    assert_eq!(v["errors"][0]["code"], "malformed_json");
    let empty = hengjie(&["assess", "--as-of", "2023-06-30"], "");
    assert_eq!(empty.status.code(), Some(1));
    assert_eq!(json(&stdout(&empty))["errors"][0]["code"], "malformed_json");
}

#[test]
fn a_date_without_parameters_exits_2_before_any_output() {
    let o = hengjie(&["assess", "--as-of", "2020-12-31"], HH);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = json(&String::from_utf8(o.stderr).unwrap());
    assert_eq!(err["errors"][0]["code"], "parameter_undefined");
    assert_eq!(err["errors"][0]["path"], "");
}

#[test]
fn bad_command_lines_and_unreadable_files_exit_2() {
    for args in [
        vec!["assess", "--as-of", "2023-02-30"],
        vec!["assess"],
        vec!["assess", "--as-of", "2023-06-30", "--bogus"],
        vec!["frobnicate"],
        vec!["assess", "/no/such/file.jsonl", "--as-of", "2023-06-30"],
    ] {
        let o = hengjie(&args, HH);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        let err = json(&String::from_utf8(o.stderr).unwrap());
        assert_eq!(err["errors"][0]["code"], "invalid_value", "{args:?}");
    }
    let help = hengjie(&["--help"], "");
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("assess"));
}

#[test]
fn validate_prints_every_list_and_sets_the_exit_status() {
    let ok = hengjie(&["validate", "--as-of", "2023-06-30"], HH);
    assert_eq!(
        (ok.status.code(), stdout(&ok)),
        (Some(0), "[]\n".to_owned())
    );
    let bad = HH.replace("1980-05-01", "2031-01-01");
    let o = hengjie(
        &["validate", "--as-of", "2023-06-30"],
        &format!("{HH}\n{bad}\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "[]");
    assert_eq!(json(lines[1])[0]["code"], "out_of_range");
    let array = hengjie(
        &["validate", "--as-of", "2023-06-30"],
        &format!("[{HH},{bad}]"),
    );
    assert_eq!(array.status.code(), Some(1));
    assert_eq!(json(&stdout(&array))[1][0]["path"], "/members/0/birth_date");
    // Without --as-of, today in China: a household born in 1980 is valid.
    assert_eq!(hengjie(&["validate"], HH).status.code(), Some(0));
}

#[test]
fn params_lists_values_with_provenance() {
    let o = hengjie(&["params", "--as-of", "2023-06-30"], "");
    assert_eq!(o.status.code(), Some(0));
    let rows = json(&stdout(&o));
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "dibao.standard_monthly")
        .unwrap();
    assert_eq!(
        (&row["value"], &row["from"], &row["provenance"]),
        (&"440".into(), &"2023-01-01".into(), &"illustrative".into())
    );
    assert_eq!(rows.as_array().unwrap().len(), 61);
    let all = json(&stdout(&hengjie(&["params"], "")));
    assert_eq!(all.as_array().unwrap().len(), 85);
    let undefined = hengjie(&["params", "--as-of", "2020-06-30"], "");
    assert_eq!(undefined.status.code(), Some(2));
}

#[test]
fn a_layer_file_changes_the_decision_json_or_toml() {
    let layer = file(
        r#"{"jurisdiction":"what-if","parameters":{"dibao.standard_monthly":[{"from":"2023-01-01","value":"500"}]}}"#,
        ".json",
    );
    let toml = file(
        "jurisdiction = \"what-if\"\n[[parameters.\"dibao.standard_monthly\"]]\nfrom = \"2023-01-01\"\nvalue = \"500\"\n",
        ".toml",
    );
    for f in [&layer, &toml] {
        let o = hengjie(
            &[
                "assess",
                "--as-of",
                "2023-06-30",
                "--params",
                f.path().to_str().unwrap(),
            ],
            HH,
        );
        assert_eq!(o.status.code(), Some(0));
        let v = json(&stdout(&o));
        assert_eq!(v["dibao"]["monthly_benefit"], "83.33"); // (500 × 12 − 5000) / 12
        assert_eq!(v["jurisdiction"], "what-if");
    }
    let bad = file(
        r#"{"jurisdiction":"x","parameters":{"dibao.standard":[]}}"#,
        ".json",
    );
    let o = hengjie(
        &[
            "assess",
            "--as-of",
            "2023-06-30",
            "--params",
            bad.path().to_str().unwrap(),
        ],
        HH,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = json(&String::from_utf8(o.stderr).unwrap());
    assert_eq!(err["errors"][0]["code"], "invalid_parameter");
    assert_eq!(err["errors"][0]["path"], "/parameters/dibao.standard");
}

#[test]
fn the_table_summarises_the_sample_population() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/households.jsonl");
    let o = hengjie(&["assess", sample, "--as-of", "2023-06-30", "--table"], "");
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.starts_with("hengjie assessment as of 2023-06-30: 24 households\n"));
    assert!(text.lines().any(|l| l.starts_with("HH-001")
        && l.contains("unstable_alleviated")
        && l.contains("eligible 129.96")));
}
