//! `hengjie assess --out`: the household table as XLSX or CSV (docs/cli.md#table-output), with
//! the columns, headers and words of Python's `hengjie.export`, read back here with calamine.
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]
#![expect(clippy::indexing_slicing, reason = "test helpers fail loudly")]

use std::path::Path;
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};

const HOUSEHOLDS: &str = "../examples/office-export/households.csv";
const MEMBERS: &str = "../examples/office-export/members.csv";

fn hengjie(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hengjie"))
        .args(args)
        .output()
        .unwrap()
}

/// The first sheet's name and its rows.
fn sheet(path: &Path) -> (String, Vec<Vec<Data>>) {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    (name, range.rows().map(<[Data]>::to_vec).collect())
}

/// The cell of a row under a header.
fn at<'a>(rows: &'a [Vec<Data>], row: usize, header: &str) -> &'a Data {
    let col = rows[0]
        .iter()
        .position(|h| h == &Data::String(header.to_owned()))
        .unwrap();
    &rows[row][col]
}

/// `hengjie assess HOUSEHOLDS --members MEMBERS --as-of 2023-06-30 --out OUT …`, which must
/// succeed and print nothing.
fn assess_to(households: &str, members: &str, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "assess",
        households,
        "--members",
        members,
        "--as-of",
        "2023-06-30",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = hengjie(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.stdout.is_empty(), "the table goes to the file only");
}

fn text(s: &str) -> Data {
    Data::String(s.to_owned())
}

/// An office's two CSV exports in, a Chinese workbook out.
#[test]
fn two_office_tables_in_and_a_chinese_workbook_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("结果.xlsx");
    assess_to(HOUSEHOLDS, MEMBERS, &out, &[]);
    let (name, rows) = sheet(&out);
    assert_eq!(name, "结果");
    assert_eq!(rows.len(), 4, "the header and three households");
    assert_eq!(
        &rows[0][..3],
        &[text("户编号"), text("错误代码"), text("出错位置")]
    );
    assert_eq!(at(&rows, 1, "户编号"), &text("1001"));
    // 1001: 3 members, net 3000 + 1200.50 + 0 + 600 = 4800.50 a year; the dibao standard is
    // 500 a month from 2022-12-01: (500 × 12 × 3 − 4800.50) / 12 = 1099.958… → 1099.96, an
    // exact number cell.
    assert_eq!(at(&rows, 1, "低保金（每户每月）"), &Data::Float(1099.96));
    assert_eq!(at(&rows, 1, "符合低保条件"), &text("是"));
    // Per person 1600.17 a year, under the 7000 line, alleviated: 脱贫不稳定户.
    assert_eq!(at(&rows, 1, "监测对象类别"), &text("脱贫不稳定户"));
    // 1002: 30000 / 2 = 15000 a person, over the line: no dibao, not monitored.
    assert_eq!(at(&rows, 2, "符合低保条件"), &text("否"));
    assert_eq!(at(&rows, 2, "纳入防返贫监测"), &text("否"));
    assert_eq!(at(&rows, 2, "低保金（每户每月）"), &Data::Float(0.0));
    assert_eq!(at(&rows, 1, "评估日期"), &text("2023-06-30"));
    assert_eq!(at(&rows, 1, "错误数"), &Data::Float(0.0));
}

/// The same in English as CSV: UTF-8 with a BOM, CRLF, exact money text, Yes/No.
#[test]
fn english_csv_with_a_bom() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("result.CSV");
    assess_to(HOUSEHOLDS, MEMBERS, &out, &["--lang", "en"]);
    let raw = std::fs::read(&out).unwrap();
    assert!(raw.starts_with(b"\xEF\xBB\xBFhousehold number,error code,"));
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 4, "the header and three rows");
    let cell = |row: usize, h: &str| csv_cell(&rows, row, h);
    assert_eq!(cell(1, "dibao per household per month"), "1099.96");
    assert_eq!(cell(1, "eligible for dibao"), "Yes");
    assert_eq!(cell(2, "eligible for dibao"), "No");
    assert_eq!(cell(1, "dibao status"), "eligible");
}

/// The fields of a CSV line: quoted ones (a list joined with ", ") unquoted.
fn fields(line: &str) -> Vec<String> {
    let (mut out, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    out.push(field);
    out
}

/// The rows of a CSV file `--out` wrote: a BOM, then lines ending in CRLF.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let raw = std::fs::read_to_string(path).unwrap();
    let body = raw.strip_prefix('\u{feff}').unwrap();
    let body = body.strip_suffix("\r\n").unwrap();
    body.split("\r\n").map(fields).collect()
}

/// The cell of a CSV row under a header.
fn csv_cell(rows: &[Vec<String>], row: usize, header: &str) -> String {
    let col = rows[0].iter().position(|x| x == header).unwrap();
    rows[row][col].clone()
}

/// Writes a CSV file's rows as the text cells of a one-sheet workbook; with `number_column`,
/// that column's cells (after the header) as Excel number cells.
fn workbook_of(csv: &str, path: &Path, number_column: Option<usize>) {
    let text = std::fs::read_to_string(csv).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in (0u32..).zip(text.trim_start_matches('\u{feff}').lines()) {
        for (c, cell) in (0u16..).zip(line.split(',')) {
            if r > 0 && number_column == Some(usize::from(c)) && !cell.is_empty() {
                sheet
                    .write_number(r, c, cell.parse::<f64>().unwrap())
                    .unwrap();
            } else if !cell.is_empty() {
                sheet.write_string(r, c, cell).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

/// A cadre's two Excel files in, an Excel answer out: the same table as from the CSV files.
#[test]
fn two_excel_files_in_and_an_excel_answer_out() {
    let dir = tempfile::tempdir().unwrap();
    let (homes, members) = (dir.path().join("农户.xlsx"), dir.path().join("成员.xlsx"));
    workbook_of(HOUSEHOLDS, &homes, None);
    workbook_of(MEMBERS, &members, None);
    let (from_excel, from_csv) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    assess_to(
        homes.to_str().unwrap(),
        members.to_str().unwrap(),
        &from_excel,
        &[],
    );
    assess_to(HOUSEHOLDS, MEMBERS, &from_csv, &[]);
    let (rows, same) = (sheet(&from_excel).1, sheet(&from_csv).1);
    assert_eq!(at(&rows, 1, "低保金（每户每月）"), &Data::Float(1099.96));
    assert_eq!(rows, same);
}

/// A member's id number in an Excel number cell has lost its last digits (Excel keeps 15): an
/// error at its place naming the limit, in both languages, never a wrong id read silently.
#[test]
fn an_id_number_in_an_excel_number_cell_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let (homes, members) = (dir.path().join("农户.csv"), dir.path().join("成员.xlsx"));
    std::fs::write(&homes, "户编号,是否脱贫户\n1001,是\n1002,否\n").unwrap();
    let list = dir.path().join("members.csv");
    // 1001's second member's id (valid check digit) typed as a number: 4.50205197208011e17.
    std::fs::write(
        &list,
        "户编号,成员编号,出生日期,劳动能力,是否参加医保,公民身份号码\n\
         1001,1,1970-03-15,普通劳动力,是,\n\
         1001,2,1972-08-01,普通劳动力,是,450205197208011023\n\
         1002,1,1985-01-01,普通劳动力,是,\n",
    )
    .unwrap();
    workbook_of(list.to_str().unwrap(), &members, Some(5));
    let args = |extra: &[&str]| {
        let mut a = vec![
            "assess",
            homes.to_str().unwrap(),
            "--members",
            members.to_str().unwrap(),
            "--as-of",
            "2023-06-30",
        ];
        a.extend_from_slice(extra);
        a.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let o = Command::new(env!("CARGO_BIN_EXE_hengjie"))
        .args(args(&["--explain", "none"]))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "one household has an error");
    let all: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let errors = all[0]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["code"], "invalid_type");
    assert_eq!(errors[0]["path"], "/members/1/id_number");
    assert!(
        errors[0]["message_en"]
            .as_str()
            .unwrap()
            .contains("15 significant digits")
    );
    assert!(
        errors[0]["message_zh"]
            .as_str()
            .unwrap()
            .contains("15 位有效数字")
    );
    // The other household is assessed.
    assert_eq!(all[1]["household_id"], "1002");
    // In the table: the error in its row, the other row assessed.
    let out = dir.path().join("结果.xlsx");
    let o = Command::new(env!("CARGO_BIN_EXE_hengjie"))
        .args(args(&["--out", out.to_str().unwrap()]))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let rows = sheet(&out).1;
    assert_eq!(at(&rows, 1, "户编号"), &text("1001"));
    assert_eq!(at(&rows, 1, "出错位置"), &text("/members/1/id_number"));
    assert_eq!(at(&rows, 1, "错误代码"), &text("invalid_type"));
    assert_eq!(at(&rows, 2, "错误数"), &Data::Float(0.0));
}

#[test]
fn out_writes_csv_or_xlsx_only_and_not_with_table() {
    let o = hengjie(&[
        "assess",
        HOUSEHOLDS,
        "--members",
        MEMBERS,
        "--as-of",
        "2023-06-30",
        "--out",
        "r.xls",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err: serde_json::Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(err["errors"][0]["code"], "usage");
    assert!(
        err["errors"][0]["message_en"]
            .as_str()
            .unwrap()
            .contains(".csv or .xlsx")
    );
    assert!(!Path::new("r.xls").exists());
    let o = hengjie(&[
        "assess",
        HOUSEHOLDS,
        "--as-of",
        "2023-06-30",
        "--out",
        "r.csv",
        "--table",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!Path::new("r.csv").exists());
}

/// JSON Lines in (here on standard input), the table out: a line that is not JSON is its row
/// with its error, the others are assessed.
#[test]
fn json_lines_in_and_a_csv_table_out() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("result.csv");
    let hh = r#"{"id":"HH-1","poverty_alleviated":false,"members":[{"id":"P1","birth_date":"1980-05-01","labor_capacity":"full","medical_insured":true}],"income":{"wages":"5000"}}"#;
    let mut child = Command::new(env!("CARGO_BIN_EXE_hengjie"))
        .args(["assess", "-", "--as-of", "2023-06-30", "--format", "jsonl"])
        .arg("--out")
        .arg(&out)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(format!("{hh}\n{{\"id\": \"HH-2\",\n").as_bytes())
        .unwrap();
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(1));
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 3, "the header and two rows");
    let cell = |row: usize, h: &str| csv_cell(&rows, row, h);
    // (500 × 12 − 5000) / 12 = 83.33
    assert_eq!(cell(1, "低保金（每户每月）"), "83.33");
    assert_eq!(cell(1, "错误数"), "0");
    assert_eq!(cell(2, "错误代码"), "malformed_json");
    assert_eq!(cell(2, "低保金（每户每月）"), "");
}
