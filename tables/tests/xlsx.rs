//! XLSX rosters as real exports have them (a title row, text and number id cells, date cells,
//! money as numbers), and the XLSX warning list read back.

use hengjie::reconcile::{RosterKind, Rosters, reconcile_values};
use hengjie::{Policy, api};
use hengjie_tables::{ColumnMap, TableError, read_roster};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::json;

const A: &str = "450205198005010017";
const B: &str = "450205198005010025";

fn dibao_workbook() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "阳和工业新区低保对象花名册")?;
    for (c, h) in ["序号", "姓名", "身份证号码", "保障金额(元)", "享受日期"]
        .iter()
        .enumerate()
    {
        sheet.write_string(2, u16::try_from(c).unwrap_or(0), *h)?;
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    // Row 1: text id, number money with 3 decimals, a date cell.
    sheet.write_number(3, 0, 1)?;
    sheet.write_string(3, 1, "张三")?;
    sheet.write_string(3, 2, A)?;
    sheet.write_number(3, 3, 120.125)?;
    sheet.write_datetime_with_format(3, 4, ExcelDateTime::parse_from_str("2021-01-05")?, &date)?;
    // Row 2 left blank; row 3: the id typed as a number (Excel shows 4.50205E+17).
    sheet.write_number(5, 0, 3)?;
    sheet.write_number(5, 2, 450_205_198_005_010_025.0)?;
    book.save_to_buffer()
}

#[test]
fn an_xlsx_roster_with_a_title_row_number_ids_and_date_cells() {
    let as_of = api::parse_as_of("2021-06-30").unwrap();
    let mut rosters = Rosters::new();
    read_roster(
        &mut rosters,
        RosterKind::Dibao,
        "低保.xlsx",
        &dibao_workbook().unwrap(),
        as_of,
        &ColumnMap::new(),
    )
    .unwrap();
    let households = [
        json!({"id": "HH-1", "poverty_alleviated": false, "income": {"wages": "20000"},
               "dibao": {"since": "2021-01-05", "current_monthly_benefit": "100"},
               "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full",
                            "medical_insured": true, "id_number": A}]}),
        json!({"id": "HH-2", "poverty_alleviated": false, "income": {"wages": "20000"},
               "dibao": {"since": "2021-01-05", "current_monthly_benefit": "100"},
               "members": [{"id": "Q1", "birth_date": "1980-05-01", "labor_capacity": "full",
                            "medical_insured": true, "id_number": B}]}),
    ];
    let doc = reconcile_values(&households, rosters, as_of, &Policy::default()).unwrap();
    let doc = serde_json::to_value(&doc).unwrap();
    // 120.125 rounds half away from zero to 120.13.
    let s = &doc["households"][0]["signals"][0];
    assert_eq!(s["code"], "dibao_benefit_mismatch");
    assert_eq!(s["file"], "低保.xlsx");
    assert_eq!(s["row"], 1);
    assert_eq!(s["roster"], "120.13");
    // The number cell is one invalid row naming Excel's 15 digits, and Q1's absence is
    // shadowed by nothing (the id could not be read), so HH-2 gets dibao_not_on_roster.
    assert_eq!(
        doc["households"][1]["signals"][0]["code"],
        "dibao_not_on_roster"
    );
    let invalid = &doc["other_signals"][0];
    assert_eq!(invalid["code"], "roster_row_invalid");
    assert_eq!(invalid["row"], 3);
    assert_eq!(invalid["roster"], "id_number");
    assert!(
        invalid["message_en"]
            .as_str()
            .unwrap()
            .contains("15 significant digits")
    );
    assert_eq!(doc["rosters"][0]["rows"], 2);
    assert_eq!(doc["rosters"][0]["matched"], 1);
    assert_eq!(doc["rosters"][0]["invalid"], 1);
}

#[test]
fn a_workbook_without_an_id_header_stops_the_run() {
    let mut book = Workbook::new();
    book.add_worksheet().write_string(0, 0, "姓名").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let as_of = api::parse_as_of("2021-06-30").unwrap();
    let err = read_roster(
        &mut Rosters::new(),
        RosterKind::Tekun,
        "t.xlsx",
        &bytes,
        as_of,
        &ColumnMap::new(),
    )
    .unwrap_err();
    assert!(matches!(err, TableError::NoIdHeader { .. }));
    assert!(err.to_string().starts_with("t.xlsx: "));
}

#[test]
fn the_xlsx_warning_list_reads_back() {
    let as_of = api::parse_as_of("2021-06-30").unwrap();
    let mut rosters = Rosters::new();
    read_roster(
        &mut rosters,
        RosterKind::Dibao,
        "低保.xlsx",
        &dibao_workbook().unwrap(),
        as_of,
        &ColumnMap::new(),
    )
    .unwrap();
    let households = [json!({"id": "HH-1", "poverty_alleviated": false,
        "income": {"wages": "20000"},
        "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full",
                     "medical_insured": true, "id_number": A}]})];
    let doc = reconcile_values(&households, rosters, as_of, &Policy::default()).unwrap();
    let signals: Vec<_> = doc
        .households
        .iter()
        .flat_map(|h| h.signals().unwrap_or_default().to_vec())
        .chain(doc.other_signals.clone())
        .collect();
    let summary = vec![("households".to_owned(), doc.summary.households.to_string())];
    let bytes = hengjie_tables::write::xlsx(&signals, &[], &summary).unwrap();
    use calamine::{Data, Reader, open_workbook_auto_from_rs};
    let mut book = open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["signals", "changes", "summary"]);
    let sheet = book.worksheet_range("signals").unwrap();
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("code".into())));
    assert_eq!(
        sheet.get((1, 0)),
        Some(&Data::String("dibao_not_declared".into()))
    );
    assert_eq!(
        sheet.get((2, 0)),
        Some(&Data::String("roster_row_invalid".into()))
    );
    assert_eq!(sheet.get((2, 7)), Some(&Data::String("3".into())));
    assert_eq!(signals.len(), 2);
}
