//! Headers and values: the one table of the words offices write for hengjie's columns and
//! words, read by every table reader (the department rosters of docs/reconcile.md and the household
//! tables of the Python batch layer), and a user's column map (TOML:
//! `[school.headers] "学生身份证" = "id_number"`, `[school.values.status] "随班就读" = "enrolled"`).
//!
//! Each contract word and each household field also reads as its Chinese label from the core's
//! label table (`hengjie::labels`): 劳动能力 is `labor_capacity`, 二级 is grade `2`. The lists
//! here hold only the other spellings found in exports.

use std::collections::HashMap;

use hengjie::reconcile::RosterKind;

use crate::TableError;
use CellKind::{Bool, Count, Date as DateCell, Id, Money, Word};

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

/// The three tables of an office's household export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HouseholdTable {
    /// One row per household (`id`, `poverty_alleviated`, `income.wages`, …).
    Households,
    /// One row per member, with `household_id`.
    Members,
    /// One row per hospital stay, with `household_id`.
    Hospitalizations,
}

/// How a household column's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// Text; integers read as their digits (ids).
    Id,
    /// Yes or no (是/否, true/false).
    Bool,
    /// Exact money: text, an integer or a decimal, never a float.
    Money,
    /// A date.
    Date,
    /// A whole number.
    Count,
    /// A word of the core's list of this name (`labor_capacity`, `disability_grade`, …).
    Word(&'static str),
}

/// A flat column of a household table: its canonical (dotted) name, the label-table pattern of
/// the field it fills, and how its cells are read.
#[derive(Debug, Clone, Copy)]
pub struct HouseholdColumn {
    pub name: &'static str,
    pub pattern: &'static str,
    pub kind: CellKind,
}

const fn hc(name: &'static str, pattern: &'static str, kind: CellKind) -> HouseholdColumn {
    HouseholdColumn {
        name,
        pattern,
        kind,
    }
}

/// Every flat column of each household table, in contract order.
pub fn household_columns(table: HouseholdTable) -> &'static [HouseholdColumn] {
    match table {
        HouseholdTable::Households => HOUSEHOLDS,
        HouseholdTable::Members => MEMBERS,
        HouseholdTable::Hospitalizations => HOSPITALIZATIONS,
    }
}

const HOUSEHOLDS: &[HouseholdColumn] = &[
    hc("id", "id", Id),
    hc("village_id", "village_id", Id),
    hc("poverty_alleviated", "poverty_alleviated", Bool),
    hc("income.wages", "income/wages", Money),
    hc("income.business", "income/business", Money),
    hc("income.property", "income/property", Money),
    hc("income.transfers", "income/transfers", Money),
    hc("previous_year_income", "previous_year_income", Money),
    hc(
        "rigid_expenditure.medical",
        "rigid_expenditure/medical",
        Money,
    ),
    hc(
        "rigid_expenditure.education",
        "rigid_expenditure/education",
        Money,
    ),
    hc(
        "rigid_expenditure.disaster",
        "rigid_expenditure/disaster",
        Money,
    ),
    hc(
        "rigid_expenditure.accident",
        "rigid_expenditure/accident",
        Money,
    ),
    hc("housing_grade", "housing_grade", Word("housing_grade")),
    hc("drinking_water_safe", "drinking_water_safe", Bool),
    hc("food_clothing_secure", "food_clothing_secure", Bool),
    hc("assets_within_limit", "assets_within_limit", Bool),
    hc("dibao.since", "dibao/since", DateCell),
    hc(
        "dibao.current_monthly_benefit",
        "dibao/current_monthly_benefit",
        Money,
    ),
    hc(
        "dibao.income_exceeded_on",
        "dibao/income_exceeded_on",
        DateCell,
    ),
    hc(
        "monitoring.category",
        "monitoring/category",
        Word("monitoring_category"),
    ),
    hc("monitoring.since", "monitoring/since", DateCell),
    hc(
        "monitoring.stable_income_months",
        "monitoring/stable_income_months",
        Count,
    ),
    hc("monitoring.measures", "monitoring/measures", Count),
    hc("credit.rating_ok", "credit/rating_ok", Bool),
    hc("credit.outstanding", "credit/outstanding", Money),
];

const MEMBERS: &[HouseholdColumn] = &[
    hc("household_id", "id", Id),
    hc("id", "members/*/id", Id),
    hc("birth_date", "members/*/birth_date", DateCell),
    hc(
        "labor_capacity",
        "members/*/labor_capacity",
        Word("labor_capacity"),
    ),
    hc("medical_insured", "members/*/medical_insured", Bool),
    hc(
        "disability.grade",
        "members/*/disability/grade",
        Word("disability_grade"),
    ),
    hc(
        "disability.category",
        "members/*/disability/category",
        Word("disability_category"),
    ),
    hc(
        "schooling.status",
        "members/*/schooling/status",
        Word("schooling_status"),
    ),
    hc(
        "schooling.stage",
        "members/*/schooling/stage",
        Word("school_stage"),
    ),
    hc("pension_insured", "members/*/pension_insured", Bool),
    hc("tekun", "members/*/tekun", Bool),
    hc(
        "legal_supporter_able",
        "members/*/legal_supporter_able",
        Bool,
    ),
    hc("own_income", "members/*/own_income", Money),
    hc(
        "employment.wants_work",
        "members/*/employment/wants_work",
        Bool,
    ),
    hc(
        "employment.wants_training",
        "members/*/employment/wants_training",
        Bool,
    ),
    hc("employment.employed", "members/*/employment/employed", Bool),
    hc(
        "guardianship",
        "members/*/guardianship",
        Word("guardianship"),
    ),
    hc("self_care_able", "members/*/self_care_able", Bool),
    hc("id_number", "members/*/id_number", Id),
];

const HOSPITALIZATIONS: &[HouseholdColumn] = &[
    hc("household_id", "id", Id),
    hc("person_id", "hospitalizations/*/person_id", Id),
    hc("expense", "hospitalizations/*/expense", Money),
    hc("level", "hospitalizations/*/level", Word("hospital_level")),
];

/// Header aliases of the household columns found in exports, beyond each field's label
/// (the label of `id` is 户编号, of `members/*/birth_date` 出生日期, …).
pub fn household_header_aliases(table: HouseholdTable, column: &str) -> &'static [&'static str] {
    use HouseholdTable as T;
    match (table, column) {
        (T::Households, "id") | (T::Members | T::Hospitalizations, "household_id") => {
            &["户编号", "户号", "户码", "家庭编号"]
        }
        (T::Households, "village_id") => &["村编号", "村", "所在村", "行政村", "村名"],
        (T::Households, "poverty_alleviated") => {
            &["是否脱贫户", "是否已脱贫", "脱贫户", "是否脱贫"]
        }
        (T::Households, "income.wages") => &["工资性收入"],
        (T::Households, "income.business") => &["生产经营性收入", "经营性收入", "经营净收入"],
        (T::Households, "income.property") => &["财产性收入"],
        (T::Households, "income.transfers") => &["转移性收入"],
        (T::Households, "previous_year_income") => &["上年家庭纯收入", "上年纯收入"],
        (T::Households, "housing_grade") => &["住房安全等级", "房屋安全等级", "住房鉴定等级"],
        (T::Households, "assets_within_limit") => &["财产是否符合低保规定", "家庭财产是否符合规定"],
        (T::Households, "monitoring.category") => &["监测对象类别", "监测类型", "户类型"],
        (T::Households, "monitoring.since") => &["纳入监测时间", "识别监测时间"],
        (T::Households, "dibao.since") => &["享受低保日期", "低保起始日期"],
        (T::Households, "dibao.current_monthly_benefit") => &["月低保金", "低保金"],
        (T::Members, "id") => &["成员编号", "人员编号", "个人编号"],
        (T::Members, "labor_capacity") => &["劳动能力", "劳动技能"],
        (T::Members, "medical_insured") => &[
            "是否参加医保",
            "是否参加城乡居民基本医疗保险",
            "是否参加基本医疗保险",
        ],
        (T::Members, "pension_insured") => &["是否参加养老保险", "是否参加城乡居民基本养老保险"],
        (T::Members, "tekun") => &["是否特困", "是否特困供养人员"],
        (T::Members, "disability.grade") => &["残疾等级"],
        (T::Members, "disability.category") => &["残疾类别"],
        (T::Members, "schooling.status") => &["在学状态", "学籍状态", "在校生状况"],
        (T::Members, "schooling.stage") => &["在校学段", "就读学段"],
        (T::Members, "own_income") => &["本人收入", "个人年收入"],
        (T::Members, "self_care_able") => &["能否自理", "是否能自理"],
        (T::Members, "id_number") => header_aliases("id_number"),
        (T::Hospitalizations, "person_id") => &["成员编号", "人员编号", "个人编号"],
        (T::Hospitalizations, "expense") => &["住院费用", "医疗总费用", "总费用"],
        (T::Hospitalizations, "level") => &["医院级别", "医疗机构级别"],
        _ => &[],
    }
}

/// The household column a header names in a table: the column's own name, its label in the
/// core's label table, or one of its built-in aliases (headers compared as
/// [`normalise_header`] leaves them).
pub fn household_column(table: HouseholdTable, header: &str) -> Option<&'static HouseholdColumn> {
    let h = normalise_header(header);
    let columns = household_columns(table);
    columns.iter().find(|c| c.name == h).or_else(|| {
        columns.iter().find(|c| {
            household_header_aliases(table, c.name).contains(&h.as_str())
                || (c.name != "household_id"
                    && hengjie::labels::HOUSEHOLD_FIELDS
                        .iter()
                        .any(|f| f.pattern == c.pattern && normalise_header(f.label.zh) == h))
        })
    })
}

/// Built-in spellings of the contract's words, by the core's list name (plus `bool`,
/// `exclusion_reason`): `(list, word, spellings)`. A word also reads as itself (any case) and
/// as its Chinese label in the core's label table.
pub const VALUE_ALIASES: &[(&str, &str, &[&str])] = &[
    (
        "bool",
        "true",
        &["是", "有", "Y", "yes", "1", "√", "已参保", "已参加", "能"],
    ),
    (
        "bool",
        "false",
        &["否", "无", "N", "no", "0", "×", "未参保", "未参加", "不能"],
    ),
    (
        "labor_capacity",
        "full",
        &[
            "普通劳动力",
            "技能劳动力",
            "有劳动能力",
            "劳动力",
            "全劳动力",
        ],
    ),
    (
        "labor_capacity",
        "partial",
        &[
            "弱劳动力",
            "半劳动力",
            "弱劳动力或半劳动力",
            "部分丧失劳动能力",
        ],
    ),
    (
        "labor_capacity",
        "none",
        &["丧失劳动力", "无劳动力", "丧失劳动能力", "无劳动能力"],
    ),
    ("disability_grade", "1", &["一级", "1级", "Ⅰ级", "一", "Ⅰ"]),
    ("disability_grade", "2", &["二级", "2级", "Ⅱ级", "二", "Ⅱ"]),
    ("disability_grade", "3", &["三级", "3级", "Ⅲ级", "三", "Ⅲ"]),
    ("disability_grade", "4", &["四级", "4级", "Ⅳ级", "四", "Ⅳ"]),
    ("disability_category", "visual", &["视力", "视力残疾"]),
    ("disability_category", "hearing", &["听力", "听力残疾"]),
    ("disability_category", "speech", &["言语", "言语残疾"]),
    ("disability_category", "physical", &["肢体", "肢体残疾"]),
    ("disability_category", "intellectual", &["智力", "智力残疾"]),
    ("disability_category", "mental", &["精神", "精神残疾"]),
    ("disability_category", "multiple", &["多重", "多重残疾"]),
    (
        "schooling_status",
        "enrolled",
        &["在校", "在读", "在籍", "送教上门", "转出"],
    ),
    (
        "schooling_status",
        "not_enrolled",
        &["辍学", "失学", "未入学", "休学", "缓学"],
    ),
    ("schooling_status", "completed", &["毕业", "结业"]),
    ("schooling_status", "exempt_health", &["因病免学", "免学"]),
    ("school_stage", "preschool", &["学前", "学前教育", "幼儿园"]),
    ("school_stage", "primary", &["小学"]),
    ("school_stage", "junior_secondary", &["初中"]),
    ("school_stage", "senior_secondary", &["高中", "普通高中"]),
    (
        "school_stage",
        "secondary_vocational",
        &["中职", "中专", "技校", "职高"],
    ),
    (
        "school_stage",
        "higher_vocational",
        &["高职", "大专", "专科"],
    ),
    (
        "school_stage",
        "undergraduate",
        &["本科", "大学本科", "大学"],
    ),
    ("school_stage", "postgraduate", &["研究生", "硕士", "博士"]),
    ("housing_grade", "A", &["A级", "A级安全"]),
    ("housing_grade", "B", &["B级", "B级基本安全"]),
    ("housing_grade", "C", &["C级", "C级危房", "C级局部危险"]),
    ("housing_grade", "D", &["D级", "D级危房", "D级整栋危房"]),
    (
        "monitoring_category",
        "unstable_alleviated",
        &["脱贫不稳定户", "脱贫不稳定"],
    ),
    (
        "monitoring_category",
        "marginal",
        &["边缘易致贫户", "边缘户", "边缘易致贫"],
    ),
    (
        "monitoring_category",
        "sudden_hardship",
        &["突发严重困难户", "突发困难户", "突发严重困难"],
    ),
    ("guardianship", "parents", &["父母", "父母抚养"]),
    ("guardianship", "orphan", &["孤儿"]),
    (
        "guardianship",
        "unattended",
        &["事实无人抚养", "事实无人抚养儿童"],
    ),
    (
        "hospital_level",
        "township",
        &["乡镇", "乡镇卫生院", "乡镇级"],
    ),
    ("hospital_level", "county", &["县级", "县级医院", "县"]),
    ("hospital_level", "municipal", &["市级", "市级医院", "市"]),
    ("exclusion_reason", "vehicle", &["车辆", "机动车"]),
    (
        "exclusion_reason",
        "business",
        &["工商登记", "个体工商户", "企业法人"],
    ),
    (
        "exclusion_reason",
        "public_employee",
        &["财政供养", "公职人员"],
    ),
    ("exclusion_reason", "urban_housing", &["城镇住房", "商品房"]),
];

/// A value as compared: white space (the ideographic space too) removed, full-width ASCII
/// forms as ASCII, the half-width parentheses of a label read as full-width.
fn value_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{FEFF}')
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// The contract word a cell's text stands for in a list (`None` when it stands for none): the
/// word itself (any case), its Chinese label in the core's label table, or a built-in spelling
/// of [`VALUE_ALIASES`]. `bool` gives `"true"` or `"false"`.
pub fn value_alias(list: &str, text: &str) -> Option<&'static str> {
    let key = value_key(text);
    if key.is_empty() {
        return None;
    }
    let builtin = VALUE_ALIASES
        .iter()
        .filter(|(l, _, _)| *l == list)
        .find(|(_, word, spellings)| {
            word.eq_ignore_ascii_case(&key)
                || spellings.iter().any(|s| s.eq_ignore_ascii_case(&key))
        })
        .map(|(_, word, _)| *word);
    builtin.or_else(|| {
        let words = hengjie::labels::word_list(list)?.words;
        words
            .iter()
            .find(|w| {
                w.word.eq_ignore_ascii_case(&key)
                    || value_key(w.label.zh).replace(['（', '）', '(', ')'], "")
                        == key.replace(['（', '）', '(', ')'], "")
            })
            .map(|w| w.word)
    })
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
    fn household_headers_and_values_read_as_the_contract_s() {
        use HouseholdTable as T;
        let name = |t, h| household_column(t, h).map(|c| c.name);
        assert_eq!(name(T::Households, "户编号"), Some("id"));
        assert_eq!(name(T::Members, "户编号"), Some("household_id"));
        assert_eq!(name(T::Members, "成员编号"), Some("id"));
        assert_eq!(name(T::Members, "出生日期"), Some("birth_date"));
        assert_eq!(name(T::Members, "劳动能力"), Some("labor_capacity"));
        assert_eq!(name(T::Members, "身份证号码"), Some("id_number"));
        assert_eq!(
            name(T::Households, "工资性收入（元）"),
            Some("income.wages")
        );
        assert_eq!(name(T::Households, "income.wages"), Some("income.wages"));
        assert_eq!(name(T::Members, "姓名"), None);
        assert_eq!(name(T::Members, "与户主关系"), None);
        assert_eq!(value_alias("labor_capacity", "普通劳动力"), Some("full"));
        assert_eq!(value_alias("labor_capacity", "弱劳动力"), Some("partial"));
        assert_eq!(value_alias("labor_capacity", "丧失劳动力"), Some("none"));
        assert_eq!(value_alias("labor_capacity", "无劳动力"), Some("none"));
        // The label of the core's table reads as its word.
        assert_eq!(
            value_alias("labor_capacity", "只能干些轻活"),
            Some("partial")
        );
        assert_eq!(value_alias("labor_capacity", "FULL"), Some("full"));
        assert_eq!(value_alias("bool", "是"), Some("true"));
        assert_eq!(value_alias("bool", "否"), Some("false"));
        assert_eq!(value_alias("housing_grade", "B级"), Some("B"));
        assert_eq!(value_alias("housing_grade", "B 级（基本安全）"), Some("B"));
        assert_eq!(value_alias("housing_grade", "b"), Some("B"));
        assert_eq!(value_alias("disability_grade", "二级"), Some("2"));
        assert_eq!(value_alias("disability_grade", "一级（最重）"), Some("1"));
        assert_eq!(
            value_alias("disability_category", "肢体残疾"),
            Some("physical")
        );
        assert_eq!(
            value_alias("monitoring_category", "边缘易致贫户"),
            Some("marginal")
        );
        assert_eq!(value_alias("labor_capacity", "半"), None);
        assert_eq!(value_alias("labor_capacity", ""), None);
    }

    #[test]
    fn every_word_of_the_aliases_is_a_word_of_its_list() {
        for (list, word, _) in VALUE_ALIASES {
            match *list {
                "bool" => assert!(["true", "false"].contains(word)),
                "exclusion_reason" => assert!(
                    hengjie::reconcile::ExclusionReason::from_wire(word).is_some(),
                    "{word}"
                ),
                _ => {
                    let words = hengjie::labels::word_list(list).unwrap().words;
                    assert!(words.iter().any(|w| w.word == *word), "{list} {word}");
                }
            }
        }
        // No spelling stands for two words of one list.
        for (i, (list, word, spellings)) in VALUE_ALIASES.iter().enumerate() {
            for s in *spellings {
                for (other_list, other, others) in VALUE_ALIASES.iter().skip(i + 1) {
                    assert!(
                        !(list == other_list && others.contains(s)),
                        "{s}: {word} and {other}"
                    );
                }
            }
        }
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
