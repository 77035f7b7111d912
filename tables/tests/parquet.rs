//! A Parquet roster reads as its CSV would: column names as the header, text, numbers, dates.

use std::sync::Arc;

use arrow_array::{ArrayRef, Date32Array, Int64Array, RecordBatch, StringArray};
use hengjie::reconcile::{RosterKind, Rosters, reconcile_values};
use hengjie::{Policy, api};
use hengjie_tables::{ColumnMap, read_roster};
use parquet::arrow::ArrowWriter;
use serde_json::json;

const K1: &str = "450205201203010012";
const K2: &str = "450205201203010020";

#[test]
fn a_parquet_school_roll() {
    let ids: ArrayRef = Arc::new(StringArray::from(vec![Some(K1), Some(K2), None]));
    let status: ArrayRef = Arc::new(StringArray::from(vec!["辍学", "在校", "在校"]));
    let number: ArrayRef = Arc::new(Int64Array::from(vec![1, 2, 3]));
    let day: ArrayRef = Arc::new(Date32Array::from(vec![18_628, 18_628, 18_628]));
    let batch = RecordBatch::try_from_iter([
        ("学号", number),
        ("身份证件号码", ids),
        ("学籍状态", status),
        ("登记日期", day),
    ])
    .unwrap();
    let mut bytes = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut bytes, batch.schema(), None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();

    let as_of = api::parse_as_of("2021-06-30").unwrap();
    let mut rosters = Rosters::new();
    read_roster(
        &mut rosters,
        RosterKind::School,
        "school.parquet",
        &bytes,
        as_of,
        &ColumnMap::new(),
    )
    .unwrap();
    let child = |id: &str, n: &str| {
        json!({"id": n, "birth_date": "2012-03-01", "labor_capacity": "none",
               "medical_insured": true, "id_number": id,
               "schooling": {"status": "enrolled", "stage": "primary"}})
    };
    let households = [json!({"id": "HH-1", "poverty_alleviated": false,
        "income": {"wages": "20000"}, "members": [child(K1, "C1"), child(K2, "C2")]})];
    let doc = reconcile_values(&households, rosters, as_of, &Policy::default()).unwrap();
    let doc = serde_json::to_value(&doc).unwrap();
    let s = &doc["households"][0]["signals"];
    assert_eq!(s.as_array().unwrap().len(), 1, "{s}");
    assert_eq!(s[0]["code"], "school_not_enrolled");
    assert_eq!(s[0]["person_id"], "C1");
    assert_eq!(s[0]["file"], "school.parquet");
    assert_eq!(s[0]["row"], 1);
    // The third row has no id: one invalid row.
    assert_eq!(doc["other_signals"][0]["code"], "roster_row_invalid");
    assert_eq!(doc["other_signals"][0]["row"], 3);
    assert_eq!(doc["rosters"][0]["rows"], 3);
    assert_eq!(doc["rosters"][0]["invalid"], 1);
}
