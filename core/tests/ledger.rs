//! The responsibility ledger holds every measure of §三–§七 and the closing paragraph, and every
//! unit is spelled exactly as in the policy text (RULES §13).

use hengjie::ledger;

const TEXT: &str = include_str!("../../docs/policy/yanghe-2021-30.zh.txt");

/// The measures of §三–§七 as the text numbers them, with the responsibility line after each.
fn measures_in_text() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut section = None;
    let mut pending: Option<String> = None;
    for line in TEXT.lines().map(str::trim) {
        let first = line.chars().next();
        if line.chars().nth(1) == Some('、') {
            section = first.filter(|c| "三四五六七".contains(*c));
            continue;
        }
        let Some(s) = section else { continue };
        let number = line
            .chars()
            .nth(1)
            .filter(|_| line.starts_with('(') && line.chars().nth(2) == Some(')'));
        if let Some(n) = number {
            pending = Some(format!("{s}({n})"));
        } else if line.starts_with("健全丧失劳动能力人口基本生活保障底线帮扶机制")
        {
            // §五's fourth item lost its number in the published text.
            pending = Some("五(四)".to_owned());
        } else if line.starts_with('(') && line.ends_with(')') {
            if let Some(clause) = pending.take() {
                out.push((clause, line.to_owned()));
            }
        }
    }
    out
}

#[test]
fn every_measure_is_in_the_ledger_in_order() {
    let found = measures_in_text();
    // 三 3, 四 4, 五 5 (one unnumbered), 六 4, 七 3.
    assert_eq!(found.len(), 19, "{found:?}");
    let clauses: Vec<&str> = ledger::measures()
        .iter()
        .map(|m| m.clause.as_str())
        .collect();
    let mut want: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    want.push("结语");
    assert_eq!(clauses, want);
}

#[test]
fn every_unit_is_spelled_as_in_its_responsibility_line() {
    for ((clause, line), m) in measures_in_text().iter().zip(ledger::measures()) {
        assert_eq!(&m.clause, clause);
        assert!(
            TEXT.contains(&m.title),
            "{clause}: title `{}` is not in the text",
            m.title
        );
        let units: Vec<&String> = m
            .lead
            .iter()
            .chain(&m.cooperating)
            .chain(&m.shared)
            .collect();
        assert!(!units.is_empty(), "{clause} names no unit");
        for unit in &units {
            assert!(
                line.contains(unit.as_str()),
                "{clause}: `{unit}` is not in `{line}`"
            );
        }
        // Nothing is missed: the line minus the units and the connecting words is empty.
        let mut rest = line
            .trim_start_matches('(')
            .trim_end_matches(')')
            .to_owned();
        for unit in &units {
            rest = rest.replacen(unit.as_str(), "", 1);
        }
        for word in [
            "牵头单位",
            "配合单位",
            "按职责分工负责",
            "按职责分工配合",
            ":",
            ";",
            ",",
            "、",
        ] {
            rest = rest.replace(word, "");
        }
        assert_eq!(rest, "", "{clause}: left over from `{line}`");
        assert_eq!(
            m.lead.is_empty(),
            !line.contains("牵头单位"),
            "{clause}: lead"
        );
        assert_eq!(
            m.shared.is_empty(),
            !line.ends_with("按职责分工负责)"),
            "{clause}: shared"
        );
    }
}

#[test]
fn queries_go_both_ways() {
    let by_clause = ledger::by_clause("五(二)");
    assert_eq!(by_clause.len(), 1);
    assert_eq!(by_clause[0].lead, ["社会事务管理局"]);
    assert_eq!(by_clause[0].cooperating, ["阳和街道办事处"]);
    assert_eq!(
        ledger::by_clause("§五(二)"),
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
