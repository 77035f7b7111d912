//! Headers and values: the built-in aliases of docs/reconcile.md and a user's column map (TOML:
//! `[school.headers] "学生身份证" = "id_number"`, `[school.values.status] "随班就读" = "enrolled"`).

use std::collections::HashMap;

use hengjie::reconcile::RosterKind;

use crate::TableError;

/// Every canonical column name.
pub const CANONICAL: [&str; 10] = [
    "id_number",
    "name",
    "monthly_benefit",
    "since",
    "out_of_pocket",
    "status",
    "grade",
    "category",
    "date",
    "reason",
];

/// The built-in header aliases of each canonical column.
pub fn header_aliases(column: &str) -> &'static [&'static str] {
    match column {
        "id_number" => &[
            "公民身份号码",
            "公民身份证号码",
            "身份证号",
            "身份证号码",
            "身份证件号码",
            "证件号码",
            "社会保障号码",
        ],
        "name" => &["姓名"],
        "monthly_benefit" => &["保障金额", "月保障金", "户月保障金"],
        "since" => &["享受日期", "起始日期"],
        "out_of_pocket" => &["个人自付", "自付金额"],
        "status" => &["在学状态", "学籍状态"],
        "grade" => &["残疾等级"],
        "category" => &["残疾类别"],
        "date" => &["死亡日期", "注销日期"],
        "reason" => &["比对类型"],
        _ => &[],
    }
}

/// A header as compared: spaces and line breaks, `*`, `(必填)` and a trailing unit in
/// parentheses (`(元)`, `（元）`) removed.
pub fn normalise_header(text: &str) -> String {
    let mut s: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '\u{FEFF}')
        .collect();
    for marker in ["(必填)", "（必填）"] {
        s = s.replace(marker, "");
    }
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(at) = s.rfind(open).filter(|at| *at > 0 && s.ends_with(close)) {
            s.truncate(at);
        }
    }
    s
}

/// A user's column map, per roster kind.
#[derive(Debug, Clone, Default)]
pub struct ColumnMap {
    headers: HashMap<(RosterKind, String), &'static str>,
    values: HashMap<(RosterKind, &'static str), HashMap<String, String>>,
}

impl ColumnMap {
    /// No user aliases.
    pub fn new() -> Self {
        ColumnMap::default()
    }

    /// Reads a column map from TOML text; `file` names it in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<Self, TableError> {
        let bad = |reason: String| TableError::ColumnMap {
            file: file.to_owned(),
            reason,
        };
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| bad(e.message().to_owned()))?;
        let mut map = ColumnMap::new();
        for (kind_word, section) in &table {
            let kind = RosterKind::from_wire(kind_word)
                .ok_or_else(|| bad(format!("unknown roster kind `{kind_word}`")))?;
            let section = section
                .as_table()
                .ok_or_else(|| bad(format!("`{kind_word}` is not a table")))?;
            for (part, entries) in section {
                let entries = entries
                    .as_table()
                    .ok_or_else(|| bad(format!("`{kind_word}.{part}` is not a table")))?;
                match part.as_str() {
                    "headers" => {
                        for (header, column) in entries {
                            let column = column
                                .as_str()
                                .and_then(|c| CANONICAL.iter().find(|x| **x == c))
                                .ok_or_else(|| {
                                    bad(format!(
                                        "header `{header}` maps to {column}, not a column name ({})",
                                        CANONICAL.join(", ")
                                    ))
                                })?;
                            map.headers.insert((kind, normalise_header(header)), column);
                        }
                    }
                    "values" => {
                        for (column, words) in entries {
                            let column = CANONICAL
                                .iter()
                                .find(|x| **x == column.as_str())
                                .ok_or_else(|| bad(format!("unknown column `{column}`")))?;
                            let words = words.as_table().ok_or_else(|| {
                                bad(format!("`{kind_word}.values.{column}` is not a table"))
                            })?;
                            for (from, to) in words {
                                let to = match to {
                                    toml::Value::String(s) => s.clone(),
                                    toml::Value::Integer(n) => n.to_string(),
                                    other => {
                                        return Err(bad(format!(
                                            "value `{from}` maps to {other}, not a word"
                                        )));
                                    }
                                };
                                map.values
                                    .entry((kind, column))
                                    .or_default()
                                    .insert(from.trim().to_owned(), to);
                            }
                        }
                    }
                    other => {
                        return Err(bad(format!(
                            "`{kind_word}.{other}`: only `headers` and `values` are allowed"
                        )));
                    }
                }
            }
        }
        Ok(map)
    }

    /// The canonical column a header names for a kind, if any.
    pub fn column(&self, kind: RosterKind, header: &str) -> Option<&'static str> {
        let h = normalise_header(header);
        if let Some(c) = self.headers.get(&(kind, h.clone())) {
            return Some(c);
        }
        CANONICAL
            .into_iter()
            .find(|c| *c == h || header_aliases(c).contains(&h.as_str()))
    }

    /// A user's value alias.
    pub fn value(&self, kind: RosterKind, column: &'static str, text: &str) -> Option<&str> {
        self.values
            .get(&(kind, column))?
            .get(text)
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_normalised() {
        assert_eq!(normalise_header(" *身份证号\n(必填)"), "身份证号");
        assert_eq!(normalise_header("保障金额（元）"), "保障金额");
        assert_eq!(normalise_header("个人自付 (元)"), "个人自付");
        let map = ColumnMap::new();
        assert_eq!(
            map.column(RosterKind::Dibao, "户月保障金(元)"),
            Some("monthly_benefit")
        );
        assert_eq!(
            map.column(RosterKind::Dibao, "id_number"),
            Some("id_number")
        );
        assert_eq!(map.column(RosterKind::Dibao, "户主姓名"), None);
    }

    #[test]
    fn user_maps() {
        let map = ColumnMap::from_toml(
            "[school.headers]\n\"学生身份证\" = \"id_number\"\n[school.values.status]\n\"随班就读\" = \"enrolled\"\n",
            "map.toml",
        )
        .unwrap();
        assert_eq!(
            map.column(RosterKind::School, "学生身份证"),
            Some("id_number")
        );
        assert_eq!(map.column(RosterKind::Dibao, "学生身份证"), None);
        assert_eq!(
            map.value(RosterKind::School, "status", "随班就读"),
            Some("enrolled")
        );
        let bad = ColumnMap::from_toml("[schools.headers]\n", "m.toml").unwrap_err();
        assert!(
            bad.to_string()
                .starts_with("m.toml: bad column map: unknown roster kind")
        );
        assert!(ColumnMap::from_toml("[school.headers]\n\"x\" = \"nope\"\n", "m.toml").is_err());
    }
}
