//! One contract, machine-checked: the household JSON Schema the npm package ships (and `hengjie
//! schema household` prints) accepts exactly the documents the engine's validation accepts, over
//! every household vector and a few thousand mutated documents, money text included.
//!
//! Left out of the comparison, explicitly, because JSON Schema cannot express them
//! (docs/contract.md#5-schemas): an engine refusal whose every error is of one of these classes —
//! - `duplicate_id` (member ids unique in a household) and `unknown_reference` (a hospitalization
//!   naming a member of the same document);
//! - a date judged against the assessment date or the calendar: `out_of_range` or `invalid_value`
//!   at a date (a birth date after the as-of date, an age over 130, `2023-02-30`);
//! - money given as a JSON number, which the engine reads by its literal text (no exponent, at
//!   most 2 decimals), while a schema sees only the number's value.
//!
//! Every other disagreement fails the test, in both directions.
#![expect(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::path::Path;
use std::process::Command;

use hengjie::api;
use serde_json::{Value, json};

const HOUSEHOLD_SCHEMA: &str = include_str!("../../bindings-wasm/src/household.schema.json");

fn vectors() -> Vec<(String, Value)> {
    hengjie_testkit::vector_files()
        .into_iter()
        .filter_map(|f| {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&f).ok()?).ok()?;
            let kind = v.get("kind").and_then(Value::as_str).unwrap_or("household");
            (kind == "household")
                .then(|| (v["as_of"].as_str().unwrap().to_owned(), v["input"].clone()))
        })
        .collect()
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap()).unwrap()
    }
}

/// Every pointer of a value (containers and leaves), with the value there.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        _ => {}
    }
}

fn pool() -> Vec<Value> {
    vec![
        json!("5000.500"),
        json!("5000.50"),
        json!("5000.5"),
        json!("5000"),
        json!("1e3"),
        json!("-5"),
        json!("+5"),
        json!(".5"),
        json!("5."),
        json!("10000000000"),
        json!("10000000000.00"),
        json!("10000000000.01"),
        json!("-10000000000"),
        json!("00012.3"),
        json!("-0"),
        json!("-0.00"),
        json!("99999999999"),
        json!("abc"),
        json!(""),
        json!(" "),
        json!(true),
        json!(false),
        json!(null),
        json!(0),
        json!(-1),
        json!(7),
        json!(51),
        json!(1000),
        json!("2023-01-01"),
        json!("1800-01-01"),
        json!("full"),
        json!("none"),
        json!("severe"),
        json!("P1"),
        json!("x".repeat(65)),
        json!([]),
        json!({}),
        json!([{}]),
    ]
}

fn mutate(doc: &Value, rng: &mut Rng) -> Value {
    let mut doc = doc.clone();
    let mut ps = Vec::new();
    pointers(&doc, String::new(), &mut ps);
    if ps.is_empty() {
        return doc;
    }
    let at = ps[rng.below(ps.len())].clone();
    let (parent, key) = at.rsplit_once('/').unwrap();
    let key = key.replace("~1", "/").replace("~0", "~");
    let pool = pool();
    let choice = rng.below(10);
    let target = if parent.is_empty() {
        Some(&mut doc)
    } else {
        doc.pointer_mut(parent)
    };
    match target {
        Some(Value::Object(m)) => match choice {
            0 => {
                m.remove(&key);
            }
            1 => {
                m.insert("unexpected".into(), json!(1));
            }
            _ => {
                m.insert(key, pool[rng.below(pool.len())].clone());
            }
        },
        Some(Value::Array(a)) => {
            let i: usize = key.parse().unwrap();
            match choice {
                0 => {
                    a.remove(i);
                }
                1 => {
                    let x = a[i].clone();
                    a.push(x);
                }
                _ => a[i] = pool[rng.below(pool.len())].clone(),
            }
        }
        _ => {}
    }
    doc
}

const DATE_KEYS: &[&str] = &[
    "birth_date",
    "since",
    "income_exceeded_on",
    "alleviated_on",
    "admitted_on",
    "date",
];

/// An engine error JSON Schema cannot express (see the module comment).
fn inexpressible(doc: &Value, code: &str, path: &str) -> bool {
    if matches!(code, "duplicate_id" | "unknown_reference") {
        return true;
    }
    let value = doc.pointer(path);
    let last = path.rsplit('/').next().unwrap_or("");
    let is_date = DATE_KEYS.contains(&last)
        || value
            .and_then(Value::as_str)
            .is_some_and(|s| s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-');
    if is_date && matches!(code, "out_of_range" | "invalid_value") {
        return true;
    }
    // Money as a JSON number: the engine reads its literal text.
    matches!(value, Some(Value::Number(n)) if !n.is_u64() && !n.is_i64())
        || (matches!(value, Some(Value::Number(_))) && code == "out_of_range")
}

#[test]
fn the_household_schema_and_the_engine_agree() {
    let schema: Value = serde_json::from_str(HOUSEHOLD_SCHEMA).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let base = vectors();
    assert!(base.len() > 100, "{}", base.len());
    let mut rng = Rng(0x2021_0830_0000_0030);
    let mut docs: Vec<(String, Value)> = base.clone();
    let valid: Vec<&(String, Value)> = base
        .iter()
        .filter(|(on, d)| api::validate_value(d, api::parse_as_of(on).unwrap()).is_empty())
        .collect();
    for n in 0..4000 {
        let (on, d) = valid[n % valid.len()];
        let mut m = mutate(d, &mut rng);
        if rng.below(3) == 0 {
            m = mutate(&m, &mut rng);
        }
        docs.push((on.clone(), m));
    }
    let (mut compared, mut excluded, mut rejected) = (0, 0, 0);
    let mut disagreements = Vec::new();
    for (on, doc) in &docs {
        let errors = api::validate_value(doc, api::parse_as_of(on).unwrap());
        let engine = errors.is_empty();
        let schema_ok = validator.is_valid(doc);
        if !engine
            && schema_ok
            && errors
                .list()
                .iter()
                .all(|e| inexpressible(doc, e.code().as_str(), e.path()))
        {
            excluded += 1;
            continue;
        }
        compared += 1;
        rejected += usize::from(!engine);
        if engine != schema_ok {
            disagreements.push(format!(
                "engine {engine}, schema {schema_ok}: {} {}",
                serde_json::to_string(&errors).unwrap(),
                serde_json::to_string(doc).unwrap()
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {compared} disagree (excluded {excluded}):\n{}",
        disagreements.len(),
        disagreements
            .iter()
            .take(8)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        compared > 3000 && rejected > 1000,
        "{compared} {rejected} {excluded}"
    );
}

#[test]
fn the_cli_prints_the_shipped_schemas() {
    let bin = env!("CARGO_BIN_EXE_hengjie");
    let out = |which: &str| {
        let o = Command::new(bin).args(["schema", which]).output().unwrap();
        assert_eq!(o.status.code(), Some(0));
        serde_json::from_slice::<Value>(&o.stdout).unwrap()
    };
    assert_eq!(
        out("household"),
        serde_json::from_str::<Value>(HOUSEHOLD_SCHEMA).unwrap()
    );
    let assessment = out("assessment");
    assert!(assessment["properties"]["provenance"].is_object());
    // The layer schema accepts the embedded layers' shape and refuses 3-decimal money.
    let layer = jsonschema::options()
        .should_validate_formats(true)
        .build(&out("layer"))
        .unwrap();
    let good = json!({"jurisdiction": "t", "parameters": {"dibao.standard_monthly": [{"from": "2024-01-01", "value": "520.50"}]}});
    assert!(layer.is_valid(&good));
    let mut bad = good.clone();
    bad["parameters"]["dibao.standard_monthly"][0]["value"] = json!("520.555");
    assert!(!layer.is_valid(&bad));
    bad["parameters"] = json!({"no.such": []});
    assert!(!layer.is_valid(&bad));
    for file in ["national", "guangxi", "liuzhou", "yanghe"] {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../core/params/{file}.json")),
        )
        .unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert!(layer.is_valid(&v), "{file}");
    }
}
