//! The responsibility ledger (docs/rules/village.md#13-responsibility-ledger-责任分工) checked against
//! the policy text: one entry per measure of §三–§七 (plus `结语` for the closing paragraph), in document order, each title the measure's
//! heading, and each entry's units exactly the units of the responsibility line after the measure,
//! spelled as in the text.
//!
//! The measures and their responsibility lines are found by scanning the text, not listed here, so
//! an entry missed, added, reordered or misspelt in `core/data/ledger.json` fails a test.

#![expect(clippy::expect_used, reason = "a test fails loudly")]

use std::collections::HashSet;

use serde_json::Value;

const ROLES: [&str; 3] = ["lead", "cooperating", "shared"];
const NUMERALS: [char; 5] = ['一', '二', '三', '四', '五'];
/// The start of the closing paragraph, which gets the entry `结语`.
const CLOSING: &str = "各部门、阳和街道办事处要认真对照本实施方案";

fn read(relative: &str) -> String {
    std::fs::read_to_string(format!("{}{relative}", env!("CARGO_MANIFEST_DIR")))
        .expect("the ledger file and the policy text are readable")
}

fn text() -> String {
    read("/../docs/policy/yanghe-2021-30.zh.txt")
}

fn ledger() -> Value {
    serde_json::from_str(&read("/data/ledger.json")).expect("core/data/ledger.json is JSON")
}

fn entries(ledger: &Value) -> Vec<Value> {
    ledger
        .get("measures")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn field<'a>(entry: &'a Value, key: &str) -> &'a str {
    entry.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn units(entry: &Value, role: &str) -> Vec<String> {
    entry
        .get(role)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|u| u.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A measure as the text has it.
#[derive(Debug)]
struct TextMeasure {
    clause: String,
    /// The heading sentence: after "(一)" up to the first "。".
    title: String,
    /// Whether the text numbers it (§五's fourth item lost its number).
    numbered: bool,
    /// The "(牵头单位:…)" or "(…按职责分工负责)" line that follows the measure.
    line: Option<String>,
}

#[derive(Debug, Default)]
struct Scan {
    measures: Vec<TextMeasure>,
    /// Responsibility lines with no measure before them still waiting for one.
    orphans: Vec<String>,
    closing: Option<String>,
}

fn section_heading(line: &str) -> Option<char> {
    let mut chars = line.chars();
    let first = chars
        .next()
        .filter(|c| "一二三四五六七八九十".contains(*c))?;
    (chars.next() == Some('、')).then_some(first)
}

/// "(三)健全…机制。…" → ('三', "健全…机制").
fn numbered_item(line: &str) -> Option<(char, String)> {
    let rest = line.strip_prefix('(')?;
    let mut chars = rest.chars();
    let numeral = chars.next().filter(|c| NUMERALS.contains(c))?;
    let body = chars.as_str().strip_prefix(')')?;
    Some((numeral, heading(body)))
}

fn heading(body: &str) -> String {
    body.split('。').next().unwrap_or_default().to_owned()
}

fn is_responsibility_line(line: &str) -> bool {
    line.starts_with('(') && line.ends_with(')') && numbered_item(line).is_none()
}

/// Scans §三–§七 for their measures, each with the responsibility line after it, up to the closing
/// paragraph. A paragraph standing where a measure's heading is expected (right after a
/// responsibility line) is an unnumbered measure taking the next number.
fn scan(text: &str) -> Scan {
    let mut out = Scan::default();
    let mut section = None;
    let mut last_numeral = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(s) = section_heading(line) {
            section = "三四五六七".contains(s).then_some(s);
            last_numeral = None;
            continue;
        }
        let Some(s) = section else { continue };
        if line.starts_with(CLOSING) {
            out.closing = Some(line.to_owned());
            break;
        }
        let awaiting_line = out.measures.last().is_some_and(|m| m.line.is_none());
        if let Some((numeral, title)) = numbered_item(line) {
            out.measures.push(TextMeasure {
                clause: format!("{s}({numeral})"),
                title,
                numbered: true,
                line: None,
            });
            last_numeral = Some(numeral);
        } else if is_responsibility_line(line) {
            match out.measures.last_mut() {
                Some(m) if awaiting_line => m.line = Some(line.to_owned()),
                _ => out.orphans.push(line.to_owned()),
            }
        } else if !awaiting_line {
            let next = match last_numeral {
                None => NUMERALS.first(),
                Some(n) => NUMERALS.iter().skip_while(|c| **c != n).nth(1),
            };
            let numeral = next.copied().unwrap_or('?');
            out.measures.push(TextMeasure {
                clause: format!("{s}({numeral})"),
                title: heading(line),
                numbered: false,
                line: None,
            });
            last_numeral = Some(numeral);
        }
    }
    out
}

/// Drops the "按职责分工配合"/"按职责分工负责" after a list and splits it on 、.
fn split_units(list: &str) -> Vec<String> {
    let list = list
        .strip_suffix("按职责分工配合")
        .or_else(|| list.strip_suffix("按职责分工负责"))
        .unwrap_or(list);
    list.split('、').map(str::to_owned).collect()
}

/// A responsibility line's units as [lead, cooperating, shared], split as
/// docs/rules/village.md#13-responsibility-ledger-责任分工 says; `None` when the line has a shape the
/// spec does not describe.
fn parse_line(line: &str) -> Option<[Vec<String>; 3]> {
    let inner = line.strip_prefix('(')?.strip_suffix(')')?;
    let labels = ["牵头单位:", "配合单位:"];
    let mut starts: Vec<(usize, usize)> = labels
        .iter()
        .enumerate()
        .filter_map(|(i, label)| inner.find(label).map(|at| (at, i)))
        .collect();
    if starts.is_empty() {
        let list = inner.strip_suffix("按职责分工负责")?;
        return Some([Vec::new(), Vec::new(), split_units(list)]);
    }
    starts.sort_unstable();
    if starts.first().map(|(at, _)| *at) != Some(0) {
        return None;
    }
    let mut roles = [Vec::new(), Vec::new(), Vec::new()];
    for (k, (at, i)) in starts.iter().enumerate() {
        let label = labels.get(*i)?;
        let end = starts.get(k + 1).map_or(inner.len(), |(next, _)| *next);
        let list = inner.get(at + label.len()..end)?;
        // Lead and cooperating lists are separated by ";" or, in §七, by ",".
        let list = list.strip_suffix([';', ',']).unwrap_or(list);
        *roles.get_mut(*i)? = split_units(list);
    }
    Some(roles)
}

#[test]
fn the_file_has_the_agreed_shape() {
    let ledger = ledger();
    assert_eq!(ledger["source"], "阳发〔2021〕30号");
    let keys: HashSet<&str> = ledger
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, HashSet::from(["source", "measures"]));
    let entries = entries(&ledger);
    assert!(!entries.is_empty());
    let mut clauses = HashSet::new();
    for entry in &entries {
        let clause = field(entry, "clause");
        assert!(clauses.insert(clause), "clause {clause} appears twice");
        assert!(
            !clause.contains(['\u{FF08}', '\u{FF09}']),
            "{clause}: ASCII parentheses"
        );
        let keys: HashSet<&str> = entry
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut want = HashSet::from(["clause", "title", "lead", "cooperating", "shared"]);
        if clause == "结语" {
            // Only the closing paragraph needed a judgment, explained in its note.
            want.insert("note");
            assert!(!field(entry, "note").is_empty());
        }
        assert_eq!(keys, want, "{clause}: fields");
        assert!(!field(entry, "title").is_empty(), "{clause}: title");
        let mut seen = HashSet::new();
        for role in ROLES {
            assert!(entry[role].is_array(), "{clause}: {role} is a list");
            for unit in entry[role].as_array().expect("a list") {
                let unit = unit.as_str().expect("a unit is a string");
                assert!(
                    !unit.is_empty() && unit.trim() == unit,
                    "{clause}: unit `{unit}`"
                );
                assert!(seen.insert(unit), "{clause}: `{unit}` listed twice");
            }
        }
        assert!(!seen.is_empty(), "{clause} names no unit");
    }
}

#[test]
fn every_measure_of_the_text_has_one_entry_in_order() {
    let text = text();
    let scan = scan(&text);
    assert!(
        scan.orphans.is_empty(),
        "responsibility lines after no measure: {:?}",
        scan.orphans
    );
    assert!(
        scan.closing.is_some(),
        "the closing paragraph was not found"
    );
    // §三 3, §四 4, §五 5 (one unnumbered), §六 4, §七 3.
    assert_eq!(scan.measures.len(), 19, "{:?}", scan.measures);
    let unnumbered: Vec<&str> = scan
        .measures
        .iter()
        .filter(|m| !m.numbered)
        .map(|m| m.clause.as_str())
        .collect();
    assert_eq!(
        unnumbered,
        ["五(四)"],
        "only §五's fourth item lost its number"
    );
    // Within each section the items run (一), (二), … with no gap or repeat.
    let mut expected = Vec::new();
    for (section, count) in [('三', 3), ('四', 4), ('五', 5), ('六', 4), ('七', 3)] {
        for numeral in NUMERALS.iter().take(count) {
            expected.push(format!("{section}({numeral})"));
        }
    }
    let found: Vec<&str> = scan.measures.iter().map(|m| m.clause.as_str()).collect();
    assert_eq!(found, expected);
    for m in &scan.measures {
        assert!(m.line.is_some(), "{}: no responsibility line", m.clause);
    }

    let ledger = ledger();
    let clauses: Vec<String> = entries(&ledger)
        .iter()
        .map(|e| field(e, "clause").to_owned())
        .collect();
    let mut want: Vec<String> = expected;
    want.push("结语".to_owned());
    assert_eq!(clauses, want, "one entry per measure, in order, then 结语");
}

#[test]
fn every_title_is_the_heading_of_its_measure() {
    let text = text();
    let scan = scan(&text);
    let ledger = ledger();
    let entries = entries(&ledger);
    assert_eq!(entries.len(), scan.measures.len() + 1);
    for (entry, m) in entries.iter().zip(&scan.measures) {
        let title = field(entry, "title");
        assert!(
            text.contains(title),
            "{}: `{title}` is not in the text",
            m.clause
        );
        assert_eq!(title, m.title, "{}: title", m.clause);
    }
    let closing = entries.last().expect("a 结语 entry");
    let title = field(closing, "title");
    assert!(
        scan.closing.as_deref().unwrap_or_default().contains(title),
        "结语: `{title}` is not in the closing paragraph"
    );
}

#[test]
fn every_unit_is_spelled_as_in_its_responsibility_line_and_none_is_missed() {
    let text = text();
    let scan = scan(&text);
    let ledger = ledger();
    let entries = entries(&ledger);
    assert_eq!(entries.len(), scan.measures.len() + 1);
    for (entry, m) in entries.iter().zip(&scan.measures) {
        let clause = &m.clause;
        let line = m.line.as_deref().expect("a responsibility line");
        let roles = ROLES.map(|role| units(entry, role));
        for unit in roles.iter().flatten() {
            assert!(
                text.contains(unit.as_str()),
                "{clause}: `{unit}` is not in the text"
            );
            assert!(
                line.contains(unit.as_str()),
                "{clause}: `{unit}` is not in `{line}`"
            );
        }
        let parsed = parse_line(line).expect("a responsibility line of a known shape");
        for ((role, want), got) in ROLES.iter().zip(&parsed).zip(&roles) {
            assert_eq!(got, want, "{clause}: {role} from `{line}`");
        }
        assert_eq!(
            roles.concat(),
            parsed.concat(),
            "{clause}: the line's units, all of them, once each"
        );
    }
    // The closing paragraph names its units without "牵头单位"/"配合单位".
    let closing_entry = entries.last().expect("a 结语 entry");
    let closing = scan.closing.as_deref().expect("the closing paragraph");
    assert!(!closing.contains("牵头单位:") && !closing.contains("配合单位:"));
    let named = ROLES.map(|role| units(closing_entry, role)).concat();
    assert_eq!(named, ["各部门", "阳和街道办事处"]);
    for unit in &named {
        assert!(closing.contains(unit.as_str()), "结语: `{unit}`");
    }
}

#[test]
fn the_splitting_follows_the_spec() {
    // Both separators, and the trailing "按职责分工配合" after a list (§六(三)).
    let roles = parse_line("(牵头单位:甲、乙,配合单位:丙、丁按职责分工配合)").expect("parses");
    assert_eq!(
        roles,
        [vec!["甲", "乙"], vec!["丙", "丁"], vec![]]
            .map(|v| v.into_iter().map(str::to_owned).collect::<Vec<_>>())
    );
    let roles = parse_line("(牵头单位:甲;配合单位:各有关单位按职责分工配合)").expect("parses");
    assert_eq!(roles[1], ["各有关单位"]);
    let roles = parse_line("(甲、乙按职责分工负责)").expect("parses");
    assert_eq!(roles[2], ["甲", "乙"]);
    assert!(parse_line("(甲、乙)").is_none());
    assert!(parse_line("(前言牵头单位:甲)").is_none());
}

#[test]
fn the_library_embeds_the_same_ledger() {
    let ledger = ledger();
    let entries = entries(&ledger);
    let measures = hengjie::ledger::measures();
    assert_eq!(measures.len(), entries.len(), "the embedded file parses");
    for (m, entry) in measures.iter().zip(&entries) {
        assert_eq!(m.clause, field(entry, "clause"));
        assert_eq!(m.title, field(entry, "title"));
        assert_eq!(m.lead, units(entry, "lead"));
        assert_eq!(m.cooperating, units(entry, "cooperating"));
        assert_eq!(m.shared, units(entry, "shared"));
    }
}

#[test]
fn queries_go_both_ways() {
    use hengjie::ledger;
    let by_clause = ledger::by_clause("五(二)");
    assert_eq!(by_clause.len(), 1);
    assert_eq!(by_clause[0].lead, ["社会事务管理局"]);
    assert_eq!(by_clause[0].cooperating, ["阳和街道办事处"]);
    assert_eq!(
        ledger::by_clause("§五\u{FF08}二\u{FF09}"),
        by_clause,
        "full-width parentheses and § are accepted"
    );
    let finance: Vec<&str> = ledger::by_unit("财政局")
        .iter()
        .map(|m| m.clause.as_str())
        .collect();
    assert_eq!(finance, ["四(一)", "六(一)", "六(二)", "六(三)"]);
    assert!(ledger::by_unit("不存在的单位").is_empty());
    assert!(ledger::units().contains(&"各有关单位"));
}
