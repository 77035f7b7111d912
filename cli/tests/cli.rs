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
    // (500 × 12 − 5000) / 12 = 83.33
    assert_eq!(v["dibao"]["monthly_benefit"], "83.33");
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
        r#"{"household_id":"HH-2","line":3,"errors":[{"code":"invalid_value","path":"/income/wages","message_en":"Wages (abc) is not an amount; write digits only, with at most 2 decimals, for example 1200 or 1200.50.","message_zh":"工资性收入（abc）不是有效的金额，请只填数字，最多两位小数，例如 1200 或 1200.50。"}]}"#
    );
    assert_eq!(json(lines[2])["household_id"], serde_json::Value::Null);
    assert_eq!(json(lines[2])["line"], 4);
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

/// The `too_large` record of a line of `len` bytes, as docs/contract.md words it: the id when it
/// is a string of 1–64 characters (read from a line up to 4 MiB), the line, one error at `""`.
fn too_large_line(id: Option<&str>, line: usize, len: usize) -> String {
    let id = id.map_or("null".to_owned(), |id| format!("\"{id}\""));
    format!(
        r#"{{"household_id":{id},"line":{line},"errors":[{{"code":"too_large","path":"","message_en":"The form is too large ({len} bytes; at most 1048576); send less at a time.","message_zh":"资料太大（{len} 字节，最多 1048576 字节），请分开提交。"}}]}}"#
    )
}

/// Many lines over the 1 MiB limit spread over two chunks of 256: each is answered `too_large`
/// in its place (it is judged as soon as it is read, so a chunk never holds it), the others
/// assessed, on every path that reads JSON Lines in chunks (the stream of two chunks in
/// flight, `--flush`, `--summary`).
#[test]
fn many_lines_over_the_limit_are_each_too_large_in_place_among_the_others() {
    let mut input = String::new();
    let mut want: Vec<String> = Vec::new();
    // 300 lines and a blank one: every 7th over the limit (43 of them, about 47 MB), one of
    // those without a usable id (a number), one over 4 MiB (counted, not kept: no id).
    for n in 1..=301 {
        if n == 150 {
            input.push_str("  \n");
            continue;
        }
        if n % 7 == 0 {
            let (id, text) = match n {
                14 => (
                    None,
                    format!(r#"{{"id":14,"pad":"{}"}}"#, "x".repeat(1_100_000)),
                ),
                21 => (
                    None,
                    format!(r#"{{"id":"HH-{n}","pad":"{}"}}"#, "x".repeat(5 << 20)),
                ),
                _ => (
                    Some(format!("HH-{n}")),
                    format!(r#"{{"id":"HH-{n}","pad":"{}"}}"#, "x".repeat(1_100_000 + n)),
                ),
            };
            want.push(too_large_line(id.as_deref(), n, text.len()));
            input.push_str(&text);
        } else {
            input.push_str(&HH.replace("HH-1", &format!("HH-{n}")));
            want.push(format!(
                r#"{{"household_id":"HH-{n}","as_of":"2023-06-30","#
            ));
        }
        input.push('\n');
    }
    assert_eq!(want.len(), 300);
    let args = ["assess", "-", "--as-of", "2023-06-30", "--explain", "none"];
    let o = hengjie(&args, &input);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let got: Vec<&str> = text.lines().collect();
    assert_eq!(got.len(), 300);
    for (got, want) in got.iter().zip(&want) {
        if want.ends_with(',') {
            // A good household assessed: (500 × 12 − 5000) / 12 = 83.33 a month.
            assert!(got.starts_with(want.as_str()), "{got}");
            assert!(got.contains(r#""monthly_benefit":"83.33""#), "{got}");
        } else {
            assert_eq!(got, want);
        }
    }
    // The same bytes one line at a time, and with the population indicators after them.
    let flushed = hengjie(&[&args[..], &["--flush"]].concat(), &input);
    assert_eq!(stdout(&flushed), text);
    let summed = hengjie(&[&args[..], &["--summary"]].concat(), &input);
    let summed = stdout(&summed);
    let (records, summary) = summed.trim_end().rsplit_once('\n').unwrap();
    assert_eq!(format!("{records}\n"), text);
    assert!(!summary.contains("household_id"), "{summary}");
}

#[test]
fn an_input_whose_only_value_cannot_be_parsed_is_one_malformed_document() {
    // A pretty-printed document (a lone `{` on its first line) that is broken stays one document.
    let o = hengjie(
        &["assess", "--as-of", "2023-06-30"],
        &format!("{{\n\"id\": \n{HH}\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json(&stdout(&o));
    assert_eq!(v["household_id"], serde_json::Value::Null);
    assert_eq!(v["errors"][0]["code"], "malformed_json");
    assert_eq!(v.get("line"), None);
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
    for (args, code) in [
        (vec!["assess", "--as-of", "2023-02-30"], "usage"),
        (vec!["assess"], "usage"),
        (vec!["assess", "--as-of", "2023-06-30", "--bogus"], "usage"),
        (
            vec!["assess", "--as-of", "2023-06-30", "--format", "xml"],
            "usage",
        ),
        (vec!["frobnicate"], "usage"),
        (
            vec!["assess", "/no/such/file.jsonl", "--as-of", "2023-06-30"],
            "io_error",
        ),
        (
            vec![
                "assess",
                "--as-of",
                "2023-06-30",
                "--params",
                "/no/such.toml",
            ],
            "io_error",
        ),
    ] {
        let o = hengjie(&args, HH);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        let err = json(&String::from_utf8(o.stderr).unwrap());
        assert_eq!(err["errors"][0]["code"], code, "{args:?}");
        assert_eq!(err["errors"][0]["path"], "", "{args:?}");
    }
    // clap's whole message: what is missing, the usage line and the hint.
    let missing = hengjie(&["assess"], HH);
    let err = json(&String::from_utf8(missing.stderr).unwrap());
    let message = err["errors"][0]["message_en"].as_str().unwrap();
    assert!(
        message.contains("--as-of <YYYY-MM-DD>") && message.contains("Usage: hengjie assess"),
        "{message}"
    );
    let date = hengjie(&["assess", "--as-of", "2023-02-30"], HH);
    let err = json(&String::from_utf8(date.stderr).unwrap());
    assert_eq!(
        err["errors"][0]["message_en"],
        "The assessment date given with --as-of (2023-02-30) is not a real date; write it as YYYY-MM-DD, for example 2023-06-30."
    );
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
        (&"500".into(), &"2022-12-01".into(), &"local".into())
    );
    assert_eq!(rows.as_array().unwrap().len(), 66); // docs/parameters.md: 66 parameters
    let all = json(&stdout(&hengjie(&["params"], "")));
    assert_eq!(all.as_array().unwrap().len(), 95); // every dated value of the §14 table
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
        && l.contains("eligible 249.96")
        && l.contains("dibao,at_risk,hardship")
        && l.contains("work_relief:P1")));
}

/// JSON Lines with a bad first line, a byte order mark, blank lines, a 2 MiB line and a bad
/// last line: one answer per record (a blank line is not a record), in order, each error record
/// with its line number.
#[test]
fn every_record_of_a_batch_gets_one_answer_in_order() {
    let id = |n: u32| HH.replace("HH-1", &format!("HH-{n}"));
    let big = format!(
        r#"{{"id":"HH-BIG","pad":"{}"}}"#,
        "x".repeat(2 * 1024 * 1024)
    );
    let input = format!(
        "\u{feff}{{\"id\": \"HH-0\", \"poverty_alleviated\": tru\n{}\n\n   \n{}\r\n{big}\n{}\n{{\"id\":\"HH-9\",\n",
        id(2),
        id(3),
        id(4)
    );
    for format in [None, Some("jsonl")] {
        let mut args = vec!["assess", "--as-of", "2023-06-30"];
        if let Some(f) = format {
            args.extend(["--format", f]);
        }
        let o = hengjie(&args, &input);
        assert_eq!(o.status.code(), Some(1));
        let text = stdout(&o);
        let records: Vec<serde_json::Value> = text.lines().map(json).collect();
        let summary: Vec<(String, Option<u64>, Option<String>)> = records
            .iter()
            .map(|r| {
                (
                    r["household_id"].as_str().unwrap_or("null").to_owned(),
                    r["line"].as_u64(),
                    r["errors"][0]["code"].as_str().map(str::to_owned),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("null".into(), Some(1), Some("malformed_json".into())),
                ("HH-2".into(), None, None),
                ("HH-3".into(), None, None),
                ("HH-BIG".into(), Some(6), Some("too_large".into())),
                ("HH-4".into(), None, None),
                ("null".into(), Some(8), Some("malformed_json".into())),
            ],
            "{format:?}"
        );
        // `line` comes after the id.
        assert!(
            text.lines()
                .next()
                .unwrap()
                .starts_with(r#"{"household_id":null,"line":1,"errors":"#)
        );
    }
    // validate: one list per record, in the same order.
    let o = hengjie(&["validate", "--as-of", "2023-06-30"], &input);
    assert_eq!(o.status.code(), Some(1));
    let lists: Vec<serde_json::Value> = stdout(&o).lines().map(json).collect();
    assert_eq!(lists.len(), 6);
    assert_eq!(lists[1], serde_json::json!([]));
    assert_eq!(lists[3][0]["code"], "too_large");
}

#[test]
fn an_explicit_format_reads_one_line_as_json_lines_and_an_array_as_records() {
    let o = hengjie(
        &["assess", "--as-of", "2023-06-30", "--format", "jsonl"],
        HH,
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).lines().count(), 1);
    assert!(stdout(&o).starts_with(r#"{"household_id":"HH-1""#));
    let o = hengjie(
        &["assess", "--as-of", "2023-06-30", "--format", "array"],
        &format!("\u{feff}[{HH}]"),
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&stdout(&o))[0]["household_id"], "HH-1");
    let o = hengjie(
        &["assess", "--as-of", "2023-06-30", "--format", "json"],
        &format!("{HH}\n{HH}\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&stdout(&o))["errors"][0]["code"], "malformed_json");
}

/// `--flush`: a helper process answers each line before its input is closed.
#[test]
fn flush_answers_each_line_while_the_input_stays_open() {
    use std::io::{BufRead, BufReader};
    for command in ["assess", "validate"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hengjie"))
            .args([command, "--as-of", "2023-06-30", "--flush"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        let mut output = BufReader::new(child.stdout.take().unwrap());
        for n in 1..=3 {
            writeln!(input, "{}", HH.replace("HH-1", &format!("HH-{n}"))).unwrap();
            input.flush().unwrap();
            let mut answer = String::new();
            output.read_line(&mut answer).unwrap();
            let v = json(&answer);
            if command == "assess" {
                assert_eq!(v["household_id"], format!("HH-{n}"));
            } else {
                assert_eq!(v, serde_json::json!([]));
            }
        }
        drop(input);
        assert_eq!(child.wait().unwrap().code(), Some(0));
    }
}

/// A reader that stops early (`head -1`): `output_closed` on stderr, exit status 2.
#[test]
fn a_closed_output_is_output_closed() {
    let lines: String = (0..5000).map(|_| format!("{HH}\n")).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hengjie"))
        .args(["assess", "--as-of", "2023-06-30"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    drop(child.stdout.take());
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(lines.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = json(&String::from_utf8(out.stderr).unwrap());
    assert_eq!(err["errors"][0]["code"], "output_closed");
}

#[test]
fn the_version_and_the_digest_say_what_produces_a_decision() {
    let v = hengjie(&["--version"], "");
    assert_eq!(v.status.code(), Some(0));
    assert_eq!(
        stdout(&v).trim(),
        format!(
            "hengjie {0} (engine {0}, rules 1.3)",
            env!("CARGO_PKG_VERSION")
        )
    );
    let d = hengjie(&["params", "--digest"], "");
    assert_eq!(d.status.code(), Some(0));
    let digest = stdout(&d).trim().to_owned();
    assert!(
        digest.starts_with("sha256:") && digest.len() == 71,
        "{digest}"
    );
    let a = json(&stdout(&hengjie(&["assess", "--as-of", "2023-06-30"], HH)));
    assert_eq!(a["provenance"]["policy"]["digest"], digest.as_str());
    assert_eq!(a["provenance"]["rules"], "1.3");
    let layer = file(
        r#"{"jurisdiction": "what-if", "parameters": {"dibao.standard_monthly": [{"from": "2024-01-01", "value": "501"}]}}"#,
        ".json",
    );
    let path = layer.path().to_str().unwrap();
    let other = stdout(&hengjie(&["params", "--digest", "--params", path], ""));
    assert_ne!(other.trim(), digest);
    let rows = json(&stdout(&hengjie(
        &["params", "--as-of", "2024-06-30", "--params", path],
        "",
    )));
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "dibao.standard_monthly")
        .unwrap();
    assert_eq!(row["layer"], "what-if");
}

#[test]
fn a_repeated_key_is_duplicate_key_in_every_shape() {
    let dup = HH.replace(r#""id":"HH-1","#, r#""id":"HH-1","id":"HH-X","#);
    let o = hengjie(
        &["assess", "--as-of", "2023-06-30"],
        &format!("{dup}\n{HH}\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let first = json(text.lines().next().unwrap());
    assert_eq!(first["household_id"], "HH-1");
    assert_eq!(first["line"], 1);
    assert_eq!(first["errors"][0]["code"], "duplicate_key");
    assert_eq!(first["errors"][0]["path"], "/id");
    let o = hengjie(
        &["assess", "--as-of", "2023-06-30"],
        &format!("[{HH},{dup}]"),
    );
    let v = json(&stdout(&o));
    assert_eq!(v[0]["household_id"], "HH-1");
    assert_eq!(v[1]["errors"][0]["path"], "/id");
    let o = hengjie(&["validate", "--as-of", "2023-06-30"], &dup);
    assert_eq!(json(&stdout(&o))[0]["code"], "duplicate_key");
}

#[test]
fn explain_and_parameters_once_make_records_smaller_and_keep_the_decisions() {
    let input = format!("{HH}\n{}\n", HH.replace("HH-1", "HH-2"));
    let run = |extra: &[&str]| {
        let mut args = vec!["assess", "--as-of", "2023-06-30"];
        args.extend_from_slice(extra);
        let o = hengjie(&args, &input);
        assert_eq!(o.status.code(), Some(0), "{extra:?}");
        stdout(&o)
    };
    let full = run(&[]);
    let codes = run(&["--explain", "codes"]);
    let none = run(&["--explain", "none"]);
    let once = run(&["--explain", "codes", "--parameters", "once"]);
    assert!(
        full.len() > codes.len() && codes.len() > none.len(),
        "sizes"
    );
    let (f, c, n) = (
        json(full.lines().next().unwrap()),
        json(codes.lines().next().unwrap()),
        json(none.lines().next().unwrap()),
    );
    assert_eq!(f["dibao"], n["dibao"]);
    assert_eq!(c["reasons"][0]["code"], f["reasons"][0]["code"]);
    assert_eq!(c["reasons"][0]["message_en"], "");
    assert_eq!(n["reasons"], serde_json::json!([]));
    assert_eq!(n["parameters"], serde_json::json!([]));
    let lines: Vec<serde_json::Value> = once.lines().map(json).collect();
    assert_eq!(lines.len(), 3);
    let header = &lines[0];
    let keys: Vec<&str> = header
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["as_of", "provenance", "parameters", "warnings"]);
    assert_eq!(header["provenance"], f["provenance"]);
    assert!(
        header["parameters"].as_array().unwrap().len() >= f["parameters"].as_array().unwrap().len()
    );
    assert_eq!(lines[1]["parameters"], serde_json::json!([]));
    assert!(
        lines[1]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["code"] != "illustrative_parameter")
    );
    assert_eq!(lines[2]["household_id"], "HH-2");
}

#[test]
fn a_line_too_long_to_keep_is_too_large_without_its_id_and_a_long_array_is_still_an_array() {
    // Over 4 MiB (hengjie::lines::KEEP_BYTES) a line is counted, not kept: its id is not read,
    // and memory stays bounded. The next record is assessed, with its line number counted.
    let huge = format!(r#"{{"id":"HH-HUGE","pad":"{}"}}"#, "x".repeat(5 << 20));
    let input = format!("{HH}\n{huge}\n\n{}\n", HH.replace("HH-1", "HH-3"));
    let o = hengjie(&["assess", "--as-of", "2023-06-30"], &input);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    let v = json(lines[1]);
    assert_eq!(v["household_id"], serde_json::Value::Null);
    assert_eq!(v["line"], 2);
    assert_eq!(v["errors"][0]["code"], "too_large");
    assert!(
        v["errors"][0]["message_en"]
            .as_str()
            .unwrap()
            .contains(&huge.len().to_string())
    );
    assert_eq!(json(lines[2])["household_id"], "HH-3");
    // A JSON array on one line has no length limit: its first line is read whole.
    let pad = format!(r#","pad":"{}"}}"#, "x".repeat(900 << 10));
    let items: Vec<String> = (0..6)
        .map(|i| {
            HH.replace("HH-1", &format!("HH-{i}"))
                .replacen('}', &pad, 1)
        })
        .collect();
    let array = format!("[{}]\n", items.join(","));
    assert!(array.len() > 5 << 20);
    let o = hengjie(&["validate", "--as-of", "2023-06-30"], &array);
    let lists: Vec<serde_json::Value> = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(lists.len(), 6, "one error list per array item");
}

/// `hengjie assess --members`: an office's two CSV exports (examples/office-export: Chinese
/// headers, 是/否, B级, 普通劳动力, extra columns such as 姓名) assessed as they are.
#[test]
fn an_offices_household_and_member_tables_are_assessed_as_they_are() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_hengjie"))
        .args([
            "assess",
            "../examples/office-export/households.csv",
            "--members",
            "../examples/office-export/members.csv",
            "--as-of",
            "2023-06-30",
            "--explain",
            "none",
        ])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let all: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let ids: Vec<&str> = all
        .iter()
        .map(|a| a["household_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1001", "1002", "1003"]);
    // 1001: 3 members, net 3000 + 1200.50 + 0 + 600 = 4800.50 a year; per person 1600.17, under
    // the 7000 line and alleviated: 脱贫不稳定户. Dibao standard 500 a month from 2022-12-01
    // (docs/parameters.md): (500 × 12 × 3 − 4800.50) / 12 = 1099.958… → 1099.96.
    assert_eq!(all[0]["dibao"]["monthly_benefit"], "1099.96");
    assert_eq!(all[0]["monitoring"]["category"], "unstable_alleviated");
    // 1002: 30000 / 2 = 15000 a person, over the line: not included. 1003's house is C级:
    // renovation (docs/rules/housing.md).
    assert_eq!(all[1]["monitoring"]["include"], false);
    assert_eq!(all[2]["housing"]["status"], "renovation_eligible");
}

/// A member row of a household the households table does not have stops the run (exit 2), the
/// message naming the file and the row.
#[test]
fn a_member_of_an_unknown_household_stops_assess_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let homes = dir.path().join("households.csv");
    let members = dir.path().join("members.csv");
    std::fs::write(&homes, "户编号,是否脱贫户\n1001,是\n").unwrap();
    std::fs::write(
        &members,
        "户编号,成员编号,出生日期,劳动能力,是否参加医保\n1002,1,1970-03-15,普通劳动力,是\n",
    )
    .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_hengjie"))
        .args(["assess"])
        .arg(&homes)
        .arg("--members")
        .arg(&members)
        // With the header record asked for, still nothing is written before the tables are read.
        .args(["--as-of", "2023-06-30", "--parameters", "once"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err: serde_json::Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(err["errors"][0]["code"], "invalid_value");
    let en = err["errors"][0]["message_en"].as_str().unwrap();
    assert!(
        en.contains("members.csv: row 2 names household \"1002\""),
        "{en}"
    );
}

/// `--outputs monitoring,dibao`: each record has the identifying fields, those two outputs
/// (byte for byte as in the full record) and the explanation; an unknown name exits 2 with the
/// core's coded error.
#[test]
fn outputs_writes_only_the_outputs_asked_for() {
    let lines = format!("{HH}\n{}\n", HH.replace("HH-1", "HH-2"));
    let full = hengjie(
        &["assess", "-", "--as-of", "2023-06-30", "--format", "jsonl"],
        &lines,
    );
    let some = hengjie(
        &[
            "assess",
            "-",
            "--as-of",
            "2023-06-30",
            "--format",
            "jsonl",
            "--outputs",
            "monitoring,dibao",
        ],
        &lines,
    );
    assert_eq!(some.status.code(), Some(0));
    let (full, some) = (stdout(&full), stdout(&some));
    assert_eq!(some.lines().count(), 2);
    for (f, s) in full.lines().zip(some.lines()) {
        let (f, s) = (json(f), json(s));
        let keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
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
        assert_eq!(s["monitoring"], f["monitoring"]);
        assert_eq!(s["dibao"], f["dibao"]);
        // (500 × 12 − 5000) / 12 = 83.33
        assert_eq!(s["dibao"]["monthly_benefit"], "83.33");
        assert!(s["reasons"].as_array().unwrap().iter().all(|r| {
            let rule = r["rule"].as_str().unwrap();
            rule == "monitoring" || rule == "dibao"
        }));
    }

    let bad = hengjie(
        &[
            "assess",
            "-",
            "--as-of",
            "2023-06-30",
            "--outputs",
            "monitoring,dibao_amount",
        ],
        HH,
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(bad.stdout.is_empty());
    let err = json(&String::from_utf8(bad.stderr).unwrap());
    assert_eq!(err["errors"][0]["code"], "invalid_value");
    assert_eq!(err["errors"][0]["path"], "");
    assert!(
        err["errors"][0]["message_en"]
            .as_str()
            .unwrap()
            .contains("\"dibao_amount\"")
    );
    assert_eq!(err["errors"][0]["params"]["allowed"][3], "dibao");

    let table = hengjie(
        &[
            "assess",
            "-",
            "--as-of",
            "2023-06-30",
            "--table",
            "--outputs",
            "dibao",
        ],
        HH,
    );
    assert_eq!(table.status.code(), Some(2));
}

#[test]
fn a_stream_of_many_chunks_is_answered_in_order_with_the_same_bytes_as_one_line_at_a_time() {
    // 1000 lines (four chunks of 256, the last part-filled), each household its own id, a bad
    // line in the second chunk and one in the last: the chunks judged while the one before is
    // written (their outcomes counted on the cores that judged them) give exactly the lines
    // `--flush` gives one by one, and the summary after them.
    let mut input = String::new();
    for n in 0..1000u32 {
        if n == 300 || n == 999 {
            input.push_str("{\"id\": \"broken\",\n");
        } else {
            input.push_str(&HH.replace("HH-1", &format!("HH-{n}")).replace('\n', " "));
            input.push('\n');
        }
    }
    let args = [
        "assess",
        "--as-of",
        "2023-06-30",
        "--format",
        "jsonl",
        "--summary",
    ];
    let chunked = hengjie(&args, &input);
    let flushed = hengjie(&[&args[..], &["--flush"]].concat(), &input);
    assert_eq!(chunked.status.code(), Some(1));
    assert_eq!(flushed.status.code(), Some(1));
    assert_eq!(stdout(&chunked), stdout(&flushed));
    let text = stdout(&chunked);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1001, "1000 records and the summary");
    assert_eq!(json(lines[0])["household_id"], "HH-0");
    assert_eq!(json(lines[300])["line"], 301);
    assert_eq!(json(lines[301])["household_id"], "HH-301");
    assert_eq!(json(lines[998])["household_id"], "HH-998");
    assert_eq!(json(lines[999])["line"], 1000);
    // The summary counts every line once: 998 households assessed, the 2 broken lines failed;
    // each household is HH's (5000 a year, 500 a month standard: dibao 83.33 a month).
    let summary = json(lines[1000]);
    assert_eq!(summary["households"], 1000);
    assert_eq!(summary["assessed"], 998);
    assert_eq!(summary["failed"], 2);
    assert_eq!(summary["dibao_monthly_total"], "83163.34", "998 × 83.33");
}
