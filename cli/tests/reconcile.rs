//! `hengjie reconcile` as a user runs it: files in, the warning list out, exit statuses, and the
//! roster counts adding up on a file with bad rows.
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::io::Write;
use std::process::{Command, Output};

const A: &str = "450205198005010017";
const B: &str = "450205198005010025";

/// HH-1: one member, 特困 by its own account, with id number A.
fn tekun_household() -> String {
    format!(
        r#"{{"id":"HH-1","poverty_alleviated":false,"members":[{{"id":"P1","birth_date":"1980-05-01","labor_capacity":"full","medical_insured":true,"tekun":true,"id_number":"{A}"}}],"income":{{"wages":"20000"}}}}"#
    )
}

fn households() -> String {
    format!(
        "{}\n{}\n",
        tekun_household(),
        format_args!(
            r#"{{"id":"HH-2","poverty_alleviated":false,"members":[{{"id":"Q1","birth_date":"1980-05-01","labor_capacity":"full","medical_insured":true,"id_number":"12345"}}],"income":{{"wages":"20000"}}}}"#
        )
    )
}

fn file(contents: &[u8], suffix: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(suffix).tempfile().unwrap();
    f.write_all(contents).unwrap();
    f
}

fn hengjie(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hengjie"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// `hengjie reconcile` of a JSON Lines text as of 2021-06-30 against a tekun roster, where some
/// household fails (exit 1): the answer document.
fn reconcile_tekun(text: &str, roster: &tempfile::NamedTempFile) -> serde_json::Value {
    let hh = file(text.as_bytes(), ".jsonl");
    let o = hengjie(&[
        "reconcile",
        hh.path().to_str().unwrap(),
        "--as-of",
        "2021-06-30",
        "--roster",
        &format!("tekun={}", roster.path().display()),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// A tekun roster of id number A alone.
fn only_a_roster() -> tempfile::NamedTempFile {
    file(format!("身份证号码\n{A}\n").as_bytes(), ".csv")
}

/// A tekun roster (GB18030, a title row) with a good row, a bad id, a blank row, a repeat and a
/// stranger.
fn tekun_roster() -> tempfile::NamedTempFile {
    let text =
        format!("特困供养人员名单\n身份证号码,姓名\n{A},甲\n4.50205E+17,乙\n\n{A},甲\n{B},丙\n");
    file(&encoding_rs::GB18030.encode(&text).0, ".csv")
}

#[test]
fn the_counts_add_up_on_a_file_with_bad_rows() {
    let hh = file(households().as_bytes(), ".jsonl");
    let roster = tekun_roster();
    let spec = format!("tekun={}", roster.path().display());
    let o = hengjie(&[
        "reconcile",
        hh.path().to_str().unwrap(),
        "--as-of",
        "2021-06-30",
        "--roster",
        &spec,
    ]);
    // HH-2's id number is malformed: its errors are in place and the exit status is 1.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let r = &doc["rosters"][0];
    assert_eq!(r["rows"], 4);
    assert_eq!(r["matched"], 1);
    assert_eq!(r["invalid"], 1);
    assert_eq!(r["duplicates"], 1);
    let unmatched = 4 - 1 - 1 - 1;
    let other = doc["other_signals"].as_array().unwrap();
    let codes: Vec<&str> = other.iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        ["roster_row_invalid", "roster_duplicate", "roster_unmatched"]
    );
    assert_eq!(
        other
            .iter()
            .filter(|s| s["code"] == "roster_unmatched")
            .count(),
        unmatched
    );
    // Rows after the header, the blank one counted.
    let rows: Vec<u64> = other.iter().map(|s| s["row"].as_u64().unwrap()).collect();
    assert_eq!(rows, [2, 4, 5]);
    assert_eq!(other[2]["roster"], "450205********0025");
    assert_eq!(doc["households"][0]["household_id"], "HH-2");
    assert_eq!(
        doc["households"][0]["errors"][0]["path"],
        "/members/0/id_number"
    );
    assert_eq!(doc["summary"]["households"], 2);
    assert_eq!(doc["summary"]["failed"], 1);
    // What produced it, after `as_of`, as on an assessment: the digest `params --digest` prints.
    let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    assert_eq!(keys[..2], ["as_of", "provenance"]);
    let digest = hengjie(&["params", "--digest"]);
    assert_eq!(
        doc["provenance"]["policy"]["digest"].as_str().unwrap(),
        String::from_utf8(digest.stdout).unwrap().trim()
    );
    assert_eq!(doc["provenance"]["rules"], hengjie::RULES_VERSION);
    // The id number is never printed whole.
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(!text.contains(B));
    // JSON Lines: the last line carries the same stamp after `as_of`.
    let o = hengjie(&[
        "reconcile",
        hh.path().to_str().unwrap(),
        "--as-of",
        "2021-06-30",
        "--roster",
        &spec,
        "--format",
        "jsonl",
    ]);
    let last: serde_json::Value =
        serde_json::from_str(String::from_utf8(o.stdout).unwrap().lines().last().unwrap()).unwrap();
    let keys: Vec<&String> = last.as_object().unwrap().keys().collect();
    assert_eq!(keys[..2], ["as_of", "provenance"]);
    assert_eq!(last["provenance"], doc["provenance"]);
}

#[test]
fn csv_output_has_a_bom_and_a_changes_file() {
    let hh = file(households().as_bytes(), ".jsonl");
    let roster = tekun_roster();
    let spec = format!("tekun={}", roster.path().display());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("warnings.csv");
    let o = hengjie(&[
        "reconcile",
        hh.path().to_str().unwrap(),
        "--as-of",
        "2021-06-30",
        "--roster",
        &spec,
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let signals = std::fs::read(&out).unwrap();
    assert!(signals.starts_with(b"\xEF\xBB\xBFcode,severity,action,kind,"));
    let text = String::from_utf8(signals).unwrap();
    assert_eq!(text.lines().count(), 4, "{text}");
    let changes = std::fs::read(dir.path().join("warnings.changes.csv")).unwrap();
    assert!(
        changes.starts_with(b"\xEF\xBB\xBFhousehold_id,decision,person_id,declared,reconciled")
    );
}

#[test]
fn run_stopping_errors_name_the_file_and_exit_2() {
    let hh = file(households().as_bytes(), ".jsonl");
    let hh = hh.path().to_str().unwrap();
    let no_status = file("身份证号,姓名\n".as_bytes(), ".csv");
    // The codes as `assess` gives them (docs/cli.md, exit statuses): a bad command line is
    // `usage`, a file that cannot be read `io_error`, a roster read but unusable `invalid_value`.
    let cases = [
        (
            "schools=x.csv".to_owned(),
            "usage",
            "unknown roster kind `schools`",
        ),
        (
            "tekun".to_owned(),
            "usage",
            "--roster `tekun`: write KIND=PATH",
        ),
        (
            "tekun=/nonexistent/tekun.csv".to_owned(),
            "io_error",
            "/nonexistent/tekun.csv: cannot read",
        ),
        (
            format!("school={}", no_status.path().display()),
            "invalid_value",
            "the school roster needs a `status` column",
        ),
    ];
    for (spec, code, message) in cases {
        let o = hengjie(&["reconcile", hh, "--as-of", "2021-06-30", "--roster", &spec]);
        assert_eq!(o.status.code(), Some(2), "{spec}");
        let err = stderr(&o);
        assert!(err.contains(message), "{spec}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        let errors: serde_json::Value = serde_json::from_str(&err).unwrap();
        assert_eq!(errors["errors"][0]["code"], code, "{spec}");
        // The message in Chinese is Chinese, not the English one again.
        let zh = errors["errors"][0]["message_zh"].as_str().unwrap();
        assert!(zh.chars().any(|c| c > '\u{2e80}'), "{spec}: {zh}");
        assert!(o.stdout.is_empty());
    }
    let roster = format!("tekun={}", tekun_roster().path().display());
    let o = hengjie(&[
        "reconcile",
        hh,
        "--as-of",
        "2021-02-30",
        "--roster",
        &roster,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(r#""code":"usage""#), "{}", stderr(&o));
    let map = file(b"[schools.headers]\n", ".toml");
    let o = hengjie(&[
        "reconcile",
        hh,
        "--as-of",
        "2021-06-30",
        "--roster",
        &format!("tekun={}", tekun_roster().path().display()),
        "--columns",
        map.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad column map: unknown roster kind `schools`"));
}

/// Households are read as `assess` reads them (issue 20): a byte order mark is skipped, a bad
/// first line costs that household only, and a repeated key is `duplicate_key` with the
/// household's other errors, in place.
#[test]
fn households_are_read_as_assess_reads_them() {
    let good = tekun_household();
    let repeated = r#"{"id":"HH-3","poverty_alleviated":false,"members":[{"id":"Q1","birth_date":"1980-05-01","labor_capacity":"full","medical_insured":true}],"income":{"wages":"20000"},"income":{"wages":"1"}}"#;
    let text = format!("\u{feff}{{\"id\":\"HH-0\",\"poverty\n{good}\n\n{repeated}\n");
    let doc = reconcile_tekun(&text, &only_a_roster());
    let listed = doc["households"].as_array().unwrap();
    // HH-1 agrees with the roster (tekun on both sides) and is not listed; HH-3 failed
    // validation, so it is not compared (no id_number_missing for Q1).
    assert_eq!(listed.len(), 2, "{doc}");
    assert_eq!(listed[0]["household_id"], serde_json::Value::Null);
    assert_eq!(listed[0]["errors"][0]["code"], "malformed_json");
    assert_eq!(listed[1]["household_id"], "HH-3");
    assert_eq!(listed[1]["errors"][0]["code"], "duplicate_key");
    assert_eq!(listed[1]["errors"][0]["path"], "/income");
    // Each failed household names its input line, after its id, as `assess`'s error records do
    // (the blank third line counted).
    assert_eq!(listed[0]["line"], 1);
    assert_eq!(listed[1]["line"], 4);
    let keys: Vec<&String> = listed[1].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["household_id", "line", "errors"]);
    assert_eq!(doc["summary"]["households"], 3);
    assert_eq!(doc["summary"]["failed"], 2);
    assert_eq!(doc["rosters"][0]["matched"], 1);
}

/// Lines over the 1 MiB document limit are `too_large`, as `assess` answers them: one the reader
/// keeps (up to 4 MiB) with its id, one longer than that without (its text was not kept, so it
/// is not malformed JSON either).
#[test]
fn lines_over_the_limit_are_too_large_with_their_id_when_kept() {
    let good = tekun_household();
    // 2 MiB and 5 MiB of padding in a string the validator would refuse anyway: the size is
    // checked first.
    let kept = format!(r#"{{"id":"HH-MID","pad":"{}"}}"#, "x".repeat(2 << 20));
    let dropped = format!(r#"{{"id":"HH-BIG","pad":"{}"}}"#, "x".repeat(5 << 20));
    let text = format!("{good}\n{kept}\n{dropped}\n");
    let doc = reconcile_tekun(&text, &only_a_roster());
    let listed = doc["households"].as_array().unwrap();
    assert_eq!(listed.len(), 2, "{doc}");
    // The lengths: the padding, the 22 bytes of `{"id":"HH-MID","pad":"` and the closing `"}`.
    let kept_len = (2 << 20) + 22 + 2;
    let dropped_len = (5 << 20) + 22 + 2;
    assert_eq!(kept.len(), kept_len);
    for (record, id, line, len) in [
        (&listed[0], serde_json::json!("HH-MID"), 2, kept_len),
        (&listed[1], serde_json::Value::Null, 3, dropped_len),
    ] {
        assert_eq!(record["household_id"], id, "{record}");
        assert_eq!(record["line"], line);
        assert_eq!(record["errors"].as_array().unwrap().len(), 1);
        assert_eq!(record["errors"][0]["code"], "too_large");
        assert_eq!(record["errors"][0]["path"], "");
        assert_eq!(
            record["errors"][0]["message_en"],
            format!("The form is too large ({len} bytes; at most 1048576); send less at a time.")
        );
    }
    assert_eq!(doc["summary"]["households"], 3);
    assert_eq!(doc["summary"]["failed"], 2);
}

#[test]
fn the_sample_rosters_read() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let kinds = [
        ("dibao", "dibao.csv"),
        ("tekun", "tekun.csv"),
        ("medical_insured", "medical_insured.csv"),
        ("medical_cost", "medical_cost.csv"),
        ("school", "school.xlsx"),
        ("disability", "disability.tsv"),
        ("deceased", "deceased.csv"),
        ("pension_insured", "pension_insured.csv"),
        ("exclusion", "exclusion.csv"),
    ];
    let mut args: Vec<String> = vec![
        "reconcile".into(),
        format!("{root}/examples/households.jsonl"),
        "--as-of".into(),
        "2023-06-30".into(),
    ];
    for (kind, name) in kinds {
        args.push("--roster".into());
        args.push(format!("{kind}={root}/examples/rosters/{name}"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = hengjie(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rosters = doc["rosters"].as_array().unwrap();
    assert_eq!(rosters.len(), 9);
    // The school roll's number id cell is its one invalid row.
    let school = &rosters[4];
    assert_eq!(school["kind"], "school");
    assert_eq!(school["invalid"], 1);
    assert_eq!(school["rows"], 13);
    assert_eq!(doc["summary"]["households"], 24);
    assert!(doc["summary"]["by_severity"]["red"].as_u64().unwrap() >= 3);
}

/// The flat household tables (`--members`, docs/reconcile.md#command-line) give the same warning
/// list as the same households written as JSON Lines.
#[test]
fn flat_household_tables_compare_as_their_json_does() {
    let homes = file(
        b"id,poverty_alleviated,income.wages\nHH-1,false,20000\nHH-2,false,20000\n",
        ".csv",
    );
    let members = file(
        format!(
            "household_id,id,birth_date,labor_capacity,medical_insured,tekun,id_number\n\
             HH-1,P1,1980-05-01,full,true,true,{A}\nHH-2,Q1,1980-05-01,full,true,,12345\n"
        )
        .as_bytes(),
        ".csv",
    );
    let hh = file(households().as_bytes(), ".jsonl");
    let roster = tekun_roster();
    let spec = format!("tekun={}", roster.path().display());
    let run = |input: &[&str]| {
        let mut args = vec!["reconcile"];
        args.extend_from_slice(input);
        args.extend_from_slice(&["--as-of", "2021-06-30", "--roster", &spec]);
        let o = hengjie(&args);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let mut doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        // The roster's temporary file is the same; nothing else may differ.
        doc["provenance"].take();
        doc
    };
    let flat = run(&[
        homes.path().to_str().unwrap(),
        "--members",
        members.path().to_str().unwrap(),
    ]);
    let mut json = run(&[hh.path().to_str().unwrap()]);
    // `line` is a JSON Lines line number; a table's households have none.
    json["households"][0]
        .as_object_mut()
        .unwrap()
        .remove("line");
    assert_eq!(flat, json);
    assert_eq!(flat["rosters"][0]["matched"], 1);
    assert_eq!(
        flat["households"][0]["errors"][0]["path"],
        "/members/0/id_number"
    );
}

/// The XLSX writer needs a temporary folder (rust_xlsxwriter's constant-memory sheets); an
/// unwritable one is exit 2 with a message naming it, never a panic.
#[test]
fn an_unwritable_temporary_folder_is_an_error_not_a_panic() {
    let hh = file(households().as_bytes(), ".jsonl");
    let roster = tekun_roster();
    let out = tempfile::Builder::new().suffix(".xlsx").tempfile().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_hengjie"))
        .args([
            "reconcile",
            hh.path().to_str().unwrap(),
            "--as-of",
            "2021-06-30",
            "--roster",
            &format!("tekun={}", roster.path().display()),
            "--format",
            "xlsx",
            "--out",
            out.path().to_str().unwrap(),
        ])
        .env("TMPDIR", "/nonexistent/hengjie-tmp")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no temporary file can be made in /nonexistent/hengjie-tmp"),
        "{}",
        stderr(&o)
    );
}
