//! Parquet rosters: the column names are the header, each row's values become [`Cell`]s (text
//! as text, numbers as numbers, dates as dates), so a Parquet export reads as its CSV would.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type,
    UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, RecordBatch, RecordBatchReader};
use arrow_schema::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::cell::Cell;

/// The header and every row of a Parquet file.
pub(crate) fn table(bytes: &[u8]) -> Result<(Vec<String>, Vec<Vec<Cell>>), String> {
    let data = bytes::Bytes::copy_from_slice(bytes);
    let reader = ParquetRecordBatchReaderBuilder::try_new(data)
        .and_then(|builder| builder.build())
        .map_err(|e| e.to_string())?;
    let header: Vec<String> = reader
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let mut rows = Vec::new();
    for batch in reader {
        let batch: RecordBatch = batch.map_err(|e| e.to_string())?;
        for i in 0..batch.num_rows() {
            rows.push(
                batch
                    .columns()
                    .iter()
                    .map(|c| cell(c.as_ref(), i))
                    .collect(),
            );
        }
    }
    Ok((header, rows))
}

#[expect(
    clippy::cast_precision_loss,
    reason = "numbers become Excel-like doubles"
)]
fn cell(a: &dyn Array, i: usize) -> Cell {
    if a.is_null(i) {
        return Cell::Empty;
    }
    match a.data_type() {
        DataType::Utf8 => Cell::Text(a.as_string::<i32>().value(i).to_owned()),
        DataType::LargeUtf8 => Cell::Text(a.as_string::<i64>().value(i).to_owned()),
        DataType::Utf8View => Cell::Text(a.as_string_view().value(i).to_owned()),
        DataType::Boolean => Cell::Bool(a.as_boolean().value(i)),
        DataType::Int8 => Cell::Number(f64::from(a.as_primitive::<Int8Type>().value(i))),
        DataType::Int16 => Cell::Number(f64::from(a.as_primitive::<Int16Type>().value(i))),
        DataType::Int32 => Cell::Number(f64::from(a.as_primitive::<Int32Type>().value(i))),
        DataType::Int64 => Cell::Number(a.as_primitive::<Int64Type>().value(i) as f64),
        DataType::UInt8 => Cell::Number(f64::from(a.as_primitive::<UInt8Type>().value(i))),
        DataType::UInt16 => Cell::Number(f64::from(a.as_primitive::<UInt16Type>().value(i))),
        DataType::UInt32 => Cell::Number(f64::from(a.as_primitive::<UInt32Type>().value(i))),
        DataType::UInt64 => Cell::Number(a.as_primitive::<UInt64Type>().value(i) as f64),
        DataType::Float32 => Cell::Number(f64::from(a.as_primitive::<Float32Type>().value(i))),
        DataType::Float64 => Cell::Number(a.as_primitive::<Float64Type>().value(i)),
        DataType::Date32 => {
            let days = a.as_primitive::<Date32Type>().value(i);
            chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
                .and_then(|e| e.checked_add_signed(chrono::Duration::days(i64::from(days))))
                .map_or(Cell::Empty, Cell::Date)
        }
        // Anything else (decimals, timestamps): its text as Arrow writes it.
        _ => arrow_cast::display::ArrayFormatter::try_new(a, &Default::default())
            .map_or(Cell::Empty, |f| Cell::Text(f.value(i).to_string())),
    }
}
