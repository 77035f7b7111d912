//! Cells of Arrow columns, read the one way every Arrow reader of hengjie reads them (the
//! export reader here, the Python binding's typed rows, JSON rows and dictionary keys).

use arrow_array::Array;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_schema::DataType;

/// The text of cell `i` of a text column (`Utf8`, `LargeUtf8`, `Utf8View`); `None` when it is
/// null or the column holds no text.
pub fn text_value(a: &dyn Array, i: usize) -> Option<&str> {
    if a.is_null(i) {
        return None;
    }
    match a.data_type() {
        DataType::Utf8 => a.as_string_opt::<i32>().map(|s| s.value(i)),
        DataType::LargeUtf8 => a.as_string_opt::<i64>().map(|s| s.value(i)),
        DataType::Utf8View => a.as_string_view_opt().map(|s| s.value(i)),
        _ => None,
    }
}

/// The value at `i` of any Arrow integer array (8 to 64 bits, signed or not); `None` for another
/// type. Nulls are the caller's to check.
pub fn int_value(a: &dyn Array, i: usize) -> Option<i128> {
    macro_rules! int {
        ($t:ty) => {
            a.as_primitive_opt::<$t>().map(|p| i128::from(p.value(i)))
        };
    }
    match a.data_type() {
        DataType::Int8 => int!(Int8Type),
        DataType::Int16 => int!(Int16Type),
        DataType::Int32 => int!(Int32Type),
        DataType::Int64 => int!(Int64Type),
        DataType::UInt8 => int!(UInt8Type),
        DataType::UInt16 => int!(UInt16Type),
        DataType::UInt32 => int!(UInt32Type),
        DataType::UInt64 => int!(UInt64Type),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Int8Array, LargeStringArray, StringArray, UInt64Array};

    #[test]
    fn every_text_and_integer_width_reads() {
        let s = StringArray::from(vec![Some("户"), None]);
        assert_eq!(text_value(&s, 0), Some("户"));
        assert_eq!(text_value(&s, 1), None);
        assert_eq!(text_value(&LargeStringArray::from(vec!["x"]), 0), Some("x"));
        assert_eq!(int_value(&Int8Array::from(vec![-3]), 0), Some(-3));
        assert_eq!(
            int_value(&UInt64Array::from(vec![u64::MAX]), 0),
            Some(i128::from(u64::MAX))
        );
        assert_eq!(int_value(&s, 0), None);
    }
}
