//! Writes a result-shaped table to XLSX through `TableXlsx` and prints the time taken (issue 21):
//! `cargo run --release -p hengjie-tables --example xlsx_bench [rows]` (200 000 by default).
//! 46 columns a row like `bench/export.py`'s table: ids, Chinese words, money as decimals,
//! booleans, counts and joined lists. The file goes to the temporary directory and is removed,
//! unless a second argument names where to keep it.

use std::borrow::Cow;
use std::time::Instant;

use hengjie_tables::write::{TableXlsx, TypedCell, Words};
use rust_decimal::Decimal;

const WORDS: [&str; 6] = [
    "一类对象",
    "二类对象",
    "非对象",
    "监测户",
    "脱贫户",
    "低保户",
];
const LISTS: [&str; 4] = ["", "医疗; 教育", "住房", "P1 医疗; P2 养老保险; 教育"];

#[path = "common/cpu.rs"]
mod cpu;
use cpu::cpu_seconds;

/// The `n`th word of `words`, round and round.
fn pick(words: &[&'static str], n: u32) -> &'static str {
    words
        .get(n as usize % words.len())
        .copied()
        .unwrap_or_default()
}

fn header() -> Vec<String> {
    (0..46).map(|i| format!("列{i:02}_column")).collect()
}

fn row(i: u32, ids: &mut [String; 3]) -> Vec<TypedCell<'_>> {
    let n = i64::from(i);
    let money = |k: i64| TypedCell::Decimal(Decimal::new((n * 7919 + k * 104_729) % 9_000_000, 2));
    let [household, person, village] = ids;
    *household = format!("H{:08}", i);
    *person = format!("4401{:014}", u64::from(i) * 37);
    *village = format!("V{:04}", i % 1500);
    let mut cells = vec![
        TypedCell::Text(Cow::Borrowed(household.as_str())),
        TypedCell::Text(Cow::Borrowed(person.as_str())),
        TypedCell::Text(Cow::Borrowed(village.as_str())),
        TypedCell::Text(Cow::Borrowed("2021-06-30")),
    ];
    for k in 0..12 {
        cells.push(TypedCell::Text(Cow::Borrowed(pick(&WORDS, i + k))));
    }
    for k in 0..14 {
        cells.push(money(k));
    }
    for k in 0..8 {
        cells.push(TypedCell::Bool((i + k).is_multiple_of(3)));
    }
    for k in 0..4 {
        cells.push(TypedCell::Int(n % 7 + k));
    }
    for k in 0..4 {
        let list = pick(&LISTS, i + k);
        cells.push(if list.is_empty() {
            TypedCell::Empty
        } else {
            TypedCell::Text(Cow::Borrowed(list))
        });
    }
    cells
}

fn main() -> Result<(), String> {
    let rows: u32 = std::env::args()
        .nth(1)
        .map_or(Ok(200_000), |a| a.parse())
        .map_err(|e| format!("rows: {e}"))?;
    let keep = std::env::args().nth(2).map(std::path::PathBuf::from);
    let path = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("xlsx_bench_{}.xlsx", std::process::id()))
    });
    let header = header();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let words = Words {
        yes: "是",
        no: "否",
    };
    let wall = Instant::now();
    let cpu = cpu_seconds();
    let mut book = TableXlsx::new();
    let mut sheet = book.sheet("结果", &header, words)?;
    let mut ids: [String; 3] = Default::default();
    for i in 0..rows {
        sheet.row(&row(i, &mut ids))?;
    }
    book.push(sheet)?;
    let filled = wall.elapsed().as_secs_f64();
    book.save(&path)?;
    let total = wall.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu).map(|(b, a)| b - a);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    if keep.is_none() {
        let _ = std::fs::remove_file(&path);
    }
    println!(
        "{rows} rows x 46 cells: wall {total:.2} s (rows {filled:.2} s, save {:.2} s), CPU {}, {:.1} MB",
        total - filled,
        cpu.map_or("n/a".to_owned(), |c| format!("{c:.2} s")),
        size as f64 / 1e6
    );
    Ok(())
}
