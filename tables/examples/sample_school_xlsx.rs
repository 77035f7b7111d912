//! Writes `examples/rosters/school.xlsx`, the sample 学籍 roster of `make reconcile-demo`, in
//! the shape school-roll exports have: a title row, Chinese headers, ids as text, and one id
//! typed as a number (Excel's 15-digit damage, which the comparison reports).
//!
//! `cargo run -p hengjie-tables --example sample_school_xlsx`

use rust_xlsxwriter::{Workbook, XlsxError};

/// (name, id number, status, written as a number cell)
const ROWS: &[(&str, &str, &str, bool)] = &[
    ("P2", "450205200909011020", "在校", false),
    ("H3", "450205201402201057", "在校", false),
    ("H4", "450205201008091064", "在校", true),
    ("C3", "450205201605051140", "在校", false),
    ("E3", "450205201212121195", "在校", false),
    ("H2", "45020520130325126X", "在校", false),
    ("J3", "45020520040130130X", "在读", false),
    ("K3", "450205201111111334", "辍学", false),
    ("N3", "450205200904101393", "休学", false),
    ("N4", "45020520140630140X", "在校", false),
    ("N5", "450205200602281413", "在读", false),
    ("R3", "450205201501311462", "在校", false),
    ("T4", "45020520070630152X", "在校", false),
];

fn main() -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("学籍名单")?;
    sheet.write_string(0, 0, "阳和工业新区义务教育阶段学生学籍名单(2023年春季学期)")?;
    for (c, h) in (0u16..).zip(["序号", "姓名", "身份证件号码", "就读学校", "学籍状态"])
    {
        sheet.write_string(1, c, h)?;
    }
    for (r, (name, id, status, as_number)) in (2u32..).zip(ROWS) {
        sheet.write_number(r, 0, f64::from(r - 1))?;
        sheet.write_string(r, 1, *name)?;
        if *as_number {
            sheet.write_number(r, 2, id.parse::<f64>().unwrap_or(0.0))?;
        } else {
            sheet.write_string(r, 2, *id)?;
        }
        sheet.write_string(r, 3, "阳和第一小学")?;
        sheet.write_string(r, 4, *status)?;
    }
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/rosters/school.xlsx"
    );
    book.save(path)?;
    println!("wrote {path}");
    Ok(())
}
