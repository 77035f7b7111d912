//! Every problem the validator can find in an input, as a typed variant carrying its data (the
//! field's label, the limit, what was typed), each with its stable [`ErrorCode`], its structured
//! facts ([`ErrorParams`]) and its two messages, written once below. The validator (and the
//! village and farmland readers, and the API's as-of date) construct variants only; a variant
//! becomes the [`ErrorDetail`] that crosses the boundary at its path with [`Problem::at`].
//! `docs/errors.md` lists every message from the same text (drift-tested).

use crate::date::Date;
use crate::error::{ErrorCode, ErrorDetail, ErrorParams};
use crate::labels::{Label, WordList};
use crate::limits::{
    MAX_AGE, MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_LISTED_MONTHS, MAX_MEMBERS, MONEY_BOUND_INT,
};

use super::capital;

/// One kind of problem as `docs/errors.md` lists it: written once, in the `problems!` table below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProblemDoc {
    /// The variant's name.
    pub name: &'static str,
    /// The stable code it maps to.
    pub code: ErrorCode,
    /// When the validator finds it (the variant's doc comment).
    pub when: &'static [&'static str],
    /// The English message, with its `{placeholders}`.
    pub message_en: &'static str,
    /// The Chinese message, with its `{placeholders}`.
    pub message_zh: &'static str,
}

/// Declares the problem enum: per variant its fields, its code, and its two messages as format
/// strings over the fields (plus `name = expression` arguments for words made from them).
macro_rules! problems {
    (
        $(#[doc = $about:literal])*
        pub enum $name:ident {
            $(
                $(#[doc = $doc:literal])*
                $variant:ident { $($field:ident: $fty:ty),* $(,)? } => $code:ident
                en($en:literal $(, $ea:ident = $ee:expr)* $(,)?)
                zh($zh:literal $(, $za:ident = $ze:expr)* $(,)?)
            )*
        }
    ) => {
        $(#[doc = $about])*
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[doc = $doc])*
                $variant { $($field: $fty),* },
            )*
        }

        impl $name {
            /// Every kind of problem, in declaration order, with its code and message templates.
            pub const DOCS: &'static [ProblemDoc] = &[$(
                ProblemDoc {
                    name: stringify!($variant),
                    code: ErrorCode::$code,
                    when: &[$($doc),*],
                    message_en: $en,
                    message_zh: $zh,
                },
            )*];

            /// The stable code of the contract.
            pub fn code(&self) -> ErrorCode {
                match self {
                    $(Self::$variant { .. } => ErrorCode::$code,)*
                }
            }

            /// The messages, English then Chinese.
            pub fn messages(&self) -> (String, String) {
                match self {
                    $(Self::$variant { $($field),* } => {
                        $(let _ = $field;)*
                        (format!($en $(, $ea = $ee)*), format!($zh $(, $za = $ze)*))
                    })*
                }
            }
        }
    };
}

/// What a value is, or should be, in words (a wrong type names both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// JSON `null`.
    Nothing,
    /// A boolean.
    YesOrNo,
    /// A JSON number.
    Number,
    /// A string.
    Text,
    /// A JSON array, as found.
    List,
    /// A JSON object, as found.
    Group,
    /// A JSON array, as wanted.
    Array,
    /// A JSON object, as wanted.
    Object,
    /// An integer.
    WholeNumber,
    /// Money.
    Money,
    /// A date string.
    Date,
    /// One word of a list.
    Choice,
    /// An area in mu.
    Area,
}

impl Kind {
    /// What a JSON value is.
    pub fn of(value: &crate::json::Value) -> Kind {
        use crate::json::Value;
        match value {
            Value::Null => Kind::Nothing,
            Value::Bool(_) => Kind::YesOrNo,
            Value::Number(_) => Kind::Number,
            Value::String(_) => Kind::Text,
            Value::Array(_) => Kind::List,
            Value::Object(_) => Kind::Group,
        }
    }

    /// The words, English then Chinese.
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            Kind::Nothing => ("nothing", "空"),
            Kind::YesOrNo => ("yes or no", "是或否"),
            Kind::Number => ("a number", "数字"),
            Kind::Text => ("text", "文字"),
            Kind::List => ("a list", "列表"),
            Kind::Group => ("a group of entries", "一组填写项"),
            Kind::Array => ("an array", "数组"),
            Kind::Object => ("an object", "对象"),
            Kind::WholeNumber => ("a whole number", "整数"),
            Kind::Money => ("an amount of money", "金额"),
            Kind::Date => ("a date written as text", "日期"),
            Kind::Choice => ("one of the choices", "选项之一"),
            Kind::Area => ("an area in mu", "面积（亩）"),
        }
    }
}

/// How a calendar string is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateShape {
    /// `YYYY-MM-DD`.
    Day,
    /// `YYYY-MM`.
    Month,
}

impl DateShape {
    /// How to write it, English then Chinese.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            DateShape::Day => (
                "year-month-day, for example 1980-05-01",
                "“年-月-日”填写，例如 1980-05-01",
            ),
            DateShape::Month => (
                "year-month, for example 2023-06",
                "“年-月”填写，例如 2023-06",
            ),
        }
    }
}

/// The allowed words of a field: labelled by the label table, or (a field it lacks) the words.
#[derive(Debug, Clone)]
pub enum Choices {
    /// A list of the label table.
    Labelled(&'static WordList),
    /// The words themselves.
    Words(Vec<&'static str>),
}

impl Choices {
    fn listed(&self, en: bool) -> String {
        let sep = if en { "; " } else { "、" };
        match self {
            Choices::Labelled(list) => list
                .words
                .iter()
                .map(|w| if en { w.label.en } else { w.label.zh })
                .collect::<Vec<_>>()
                .join(sep),
            Choices::Words(words) => words.join(sep),
        }
    }
}

/// Year and month of a date, as a village's period is written.
fn ym(d: &Date) -> chrono::format::DelayedFormat<chrono::format::StrftimeItems<'static>> {
    d.format("%Y-%m")
}

problems! {
    /// A problem of an input document (docs/errors.md). Fields named `field` are the label of
    /// the field at the problem's path; `value`, `id` and `name` are what was typed, shortened
    /// for quoting; an id number is masked.
    pub enum Problem {
        /// The bytes are not UTF-8.
        NotUtf8 {} => MalformedJson
        en("The file is not plain text (UTF-8); save it as UTF-8 text and try again.")
        zh("文件不是 UTF-8 文本，请另存为 UTF-8 格式后重试。")

        /// The text is not JSON (at a line and column).
        Malformed { line: usize, column: usize } => MalformedJson
        en("The form could not be read (not valid JSON at line {line}, column {column}); check the text there.")
        zh("资料无法读取（第 {line} 行第 {column} 列不是有效的 JSON 格式），请检查该处。")

        /// A document over the size limit, refused before it is read.
        TooLarge { bytes: usize } => TooLarge
        en("The form is too large ({bytes} bytes; at most {max}); send less at a time.", max = MAX_DOCUMENT_BYTES)
        zh("资料太大（{bytes} 字节，最多 {max} 字节），请分开提交。", max = MAX_DOCUMENT_BYTES)

        /// A document known to be over the size limit before its exact size is (a door stops
        /// reading a host value once its JSON text is past the limit).
        TooLargeAtLeast {} => TooLarge
        en("The form is too large (over {max} bytes as JSON text); send less at a time.", max = MAX_DOCUMENT_BYTES)
        zh("资料太大（JSON 文本超过 {max} 字节），请分开提交。", max = MAX_DOCUMENT_BYTES)

        /// A document nested deeper than the limit.
        TooDeep {} => InvalidValue
        en("The form has more than {max} levels of nesting; check how it was made.", max = MAX_DEPTH)
        zh("资料的层级超过 {max} 层，请检查资料的格式。", max = MAX_DEPTH)

        /// A key repeated in one object: the `nth` occurrence.
        DuplicateKey { field: Label, nth: usize } => DuplicateKey
        en("{field} is filled in more than once (this is time {nth}); only the first is read. Please remove the repeated one.", field = capital(field.en))
        zh("{field}填写了不止一次（这是第 {nth} 次），只读取第一次填写的内容，请删除重复的一项。", field = field.zh)

        /// A household number used by several rows of one table.
        DuplicateHousehold { field: Label, id: String, rows: usize } => DuplicateId
        en("The {field} {id} is used by {rows} rows of this table; give each household one row and its own number.", field = field.en)
        zh("{field}（{id}）在这张表中出现了 {rows} 次，请让每户只占一行、编号各不相同。", field = field.zh)

        /// A household form that could not be read, with no other error to say why.
        HouseholdUnreadable {} => InvalidValue
        en("The household form could not be read; check it and try again.")
        zh("家庭信息无法读取，请检查后重试。")

        /// A form that could not be read, with no other error to say why.
        Unreadable {} => InvalidValue
        en("The form could not be read; check it and try again.")
        zh("资料无法读取，请检查后重试。")

        /// A typed household that could not be turned into the value the validator reads.
        HouseholdNotSerialisable { reason: String } => InvalidValue
        en("The household could not be read ({reason}); check it and try again.")
        zh("家庭信息无法读取（{reason}），请检查后重试。")

        /// An assessment date that is not a real date.
        AsOfNotADate { text: String } => InvalidValue
        en("The assessment date ({text}) is not a real date; write it as year-month-day, for example 2023-06-30.")
        zh("评估日期（{text}）不是有效的日期，请按“年-月-日”填写，例如 2023-06-30。")

        /// A name in an `outputs` selection that is not an output (`list`: the names allowed).
        UnknownOutput { name: String, list: String } => InvalidValue
        en("\"{name}\" is not an output that can be asked for; choose from: {list}.")
        zh("“{name}”不是可以选择的结果，请从以下名称中选择：{list}。")

        /// A value of the wrong JSON type.
        WrongType { field: Label, want: Kind, found: Kind } => InvalidType
        en("{field} should be {want}, not {found}; please correct it.", field = capital(field.en), want = want.words().0, found = found.words().0)
        zh("{field}应填{want}，现在填的是{found}，请改正。", field = field.zh, want = want.words().1, found = found.words().1)

        /// A host value a door cannot convert (a Python `float`, a JavaScript `BigInt`), in the
        /// door's words (a door may give it another code).
        HostValue { field: Label, want: (&'static str, &'static str), found: (&'static str, &'static str) } => InvalidType
        en("{field} should be {want}, not {found}; please correct it.", field = capital(field.en), want = want.0, found = found.0)
        zh("{field}应填{want}，现在是{found}，请改正。", field = field.zh, want = want.1, found = found.1)

        /// A key the contract does not name, inside the field `within`.
        UnknownField { within: Label, name: String } => UnknownField
        en("\"{name}\" is not an entry of {within}; remove it or correct its name.", within = within.en)
        zh("{within}中有一项“{name}”无法识别，请删除或改正这一项的名称。", within = within.zh)

        /// A required field absent or null.
        Missing { field: Label } => MissingField
        en("Please fill in: {field}.", field = field.en)
        zh("请填写{field}。", field = field.zh)

        /// An empty or blank string.
        Empty { field: Label } => EmptyValue
        en("Please fill in: {field} (it is empty).", field = field.en)
        zh("请填写{field}（现在是空的）。", field = field.zh)

        /// Text longer than `max` characters.
        TooLong { field: Label, chars: usize, max: usize } => OutOfRange
        en("{field} is too long ({chars} characters); use at most {max}.", field = capital(field.en))
        zh("{field}太长了（{chars} 个字），最多 {max} 个字，请缩短。", field = field.zh)

        /// An integer outside `min ..= max`.
        IntegerRange { field: Label, value: String, min: u32, max: u32 } => OutOfRange
        en("{field} ({value}) must be from {min} to {max}; please correct it.", field = capital(field.en))
        zh("{field}（{value}）应在 {min} 到 {max} 之间，请改正。", field = field.zh)

        /// Negative money where it must be 0 or more.
        NegativeMoney { field: Label, value: String } => OutOfRange
        en("{field} ({value}) cannot be negative; enter 0 or more.", field = capital(field.en))
        zh("{field}（{value}）不能是负数，请填 0 或更大的数。", field = field.zh)

        /// Money beyond the bound (`signed`: the field may be negative).
        MoneyTooLarge { field: Label, value: String, signed: bool } => OutOfRange
        en("{field} ({value}) is too large; amounts go up to {bound} yuan. Please check it.", field = capital(field.en), bound = MONEY_BOUND_INT)
        zh("{field}（{value}）超出范围，金额最多 {bound} 元，请核对。", field = field.zh, bound = MONEY_BOUND_INT)

        /// Money text that is not digits with at most 2 decimals.
        NotMoney { field: Label, value: String } => InvalidValue
        en("{field} ({value}) is not an amount; write digits only, with at most 2 decimals, for example 1200 or 1200.50.", field = capital(field.en))
        zh("{field}（{value}）不是有效的金额，请只填数字，最多两位小数，例如 1200 或 1200.50。", field = field.zh)

        /// An impossible or misshapen date.
        NotADate { field: Label, value: String, shape: DateShape } => InvalidValue
        en("{field} ({value}) is not a real date; write it as {shape}.", field = capital(field.en), shape = shape.words().0)
        zh("{field}（{value}）不是有效的日期，请按{shape}。", field = field.zh, shape = shape.words().1)

        /// A date after the assessment date (`earliest` is the `min` of its bounds).
        AfterAsOf { field: Label, date: Date, as_of: Date, earliest: String } => OutOfRange
        en("The {field} ({date}) is after the assessment date ({as_of}).", field = field.en)
        zh("{field}（{date}）晚于评估日期（{as_of}）。", field = field.zh)

        /// A word outside the allowed list.
        NotAChoice { field: Label, value: String, allowed: Choices } => InvalidValue
        en("{field} ({value}) is not one of the choices; choose one of: {list}.", field = capital(field.en), list = allowed.listed(true))
        zh("{field}（{value}）不是可选的内容，请从以下选项中选择：{list}。", field = field.zh, list = allowed.listed(false))

        /// A date of birth that makes the member older than the limit on the assessment date
        /// (`earliest` is the `min` of its bounds).
        TooOld { date: Date, age: u32, as_of: Date, earliest: String } => OutOfRange
        en("The date of birth ({date}) makes the member {age} on the assessment date ({as_of}), older than {max}; please check it.", max = MAX_AGE)
        zh("出生日期（{date}）表示到评估日期（{as_of}）已满 {age} 岁，超过 {max} 岁，请核对。", max = MAX_AGE)

        /// A household with no members.
        NoMembers {} => OutOfRange
        en("Please add at least one household member.")
        zh("请至少填写一位家庭成员。")

        /// A household with more members than the limit.
        TooManyMembers { count: usize } => OutOfRange
        en("A household has 1 to {max} members, not {count}; please remove some.", max = MAX_MEMBERS)
        zh("家庭成员应为 1 到 {max} 人，现在是 {count} 人，请删减。", max = MAX_MEMBERS)

        /// A member number an earlier member already uses.
        DuplicateMemberId { id: String } => DuplicateId
        en("The member number ({id}) is already used by an earlier member; give each member a different number.")
        zh("成员编号（{id}）已经被前面的成员用过，请给每位成员不同的编号。")

        /// A citizen ID number an earlier member already has (masked).
        DuplicateIdNumber { masked: String } => DuplicateId
        en("The citizen ID number ({masked}) is already given for an earlier member; each person has their own number.")
        zh("公民身份号码（{masked}）已经填给了前面的成员，每人的号码各不相同。")

        /// A citizen ID number of the wrong form (masked).
        BadIdNumber { masked: String } => InvalidValue
        en("The citizen ID number ({masked}) is not right: it has 18 characters, 17 digits and then a digit or X.")
        zh("公民身份号码（{masked}）不对：应为 18 位，前 17 位是数字，最后一位是数字或 X。")

        /// A hospitalisation naming no member of the household.
        UnknownPerson { id: String } => UnknownReference
        en("The member who was in hospital ({id}) is not a member of this household; choose one of the household's members.")
        zh("住院的家庭成员（{id}）不是本户成员，请从本户的家庭成员中选择。")

        /// A village's period that ends before it starts.
        PeriodReversed { start: Date, end: Date } => InvalidValue
        en("The first month reported ({start}) is after the last month reported ({end}); please check both.", start = ym(start), end = ym(end))
        zh("报告期开始月份（{start}）晚于结束月份（{end}），请核对。", start = ym(start), end = ym(end))

        /// A village's period longer than `max` months (`last` is the last month allowed).
        PeriodTooLong { start: Date, last: Date, max: u32 } => OutOfRange
        en("The period reported spans more than {max} months; report a shorter period.")
        zh("报告期超过 {max} 个月，请缩短报告期。")

        /// A list of more months than the limit.
        TooManyMonths { field: Label, count: usize } => OutOfRange
        en("{field}: {count} months are listed; list at most {max}.", field = capital(field.en), max = MAX_LISTED_MONTHS)
        zh("{field}列出了 {count} 个月份，最多 {max} 个，请删减。", field = field.zh, max = MAX_LISTED_MONTHS)

        /// A negative area.
        NegativeArea { field: Label, value: String } => OutOfRange
        en("{field} ({value}) cannot be negative; enter 0 or more.", field = capital(field.en))
        zh("{field}（{value}）不能是负数，请填 0 或更大的数。", field = field.zh)

        /// An area beyond the bound.
        AreaTooLarge { field: Label, value: String } => OutOfRange
        en("{field} ({value}) is too large; areas go up to {bound} mu. Please check it.", field = capital(field.en), bound = MONEY_BOUND_INT)
        zh("{field}（{value}）超出范围，最多 {bound} 亩，请核对。", field = field.zh, bound = MONEY_BOUND_INT)

        /// Area text that is not digits with at most 4 decimals.
        NotAnArea { field: Label, value: String } => InvalidValue
        en("{field} ({value}) is not an area; write digits only, with at most 4 decimals, for example 12.5.", field = capital(field.en))
        zh("{field}（{value}）不是有效的面积，请只填数字，最多四位小数，例如 12.5。", field = field.zh)
    }
}

impl Problem {
    /// The structured facts beside the messages (docs/contract.md#errors): `{min, max}` on every
    /// `out_of_range`, the allowed words of a labelled list.
    pub fn params(&self) -> Option<ErrorParams> {
        let money_min = |signed: bool| if signed { -MONEY_BOUND_INT } else { 0 };
        Some(match self {
            Problem::TooLong { max, .. } => ErrorParams::range(1, max),
            Problem::IntegerRange { min, max, .. } => ErrorParams::range(min, max),
            Problem::NegativeMoney { .. } | Problem::NegativeArea { .. } => {
                ErrorParams::range(0, MONEY_BOUND_INT)
            }
            Problem::AreaTooLarge { .. } => ErrorParams::range(0, MONEY_BOUND_INT),
            Problem::MoneyTooLarge { signed, .. } => {
                ErrorParams::range(money_min(*signed), MONEY_BOUND_INT)
            }
            Problem::AfterAsOf {
                earliest, as_of, ..
            }
            | Problem::TooOld {
                earliest, as_of, ..
            } => ErrorParams::range(earliest, as_of),
            Problem::NotAChoice {
                allowed: Choices::Labelled(list),
                ..
            } => ErrorParams::words(list),
            Problem::NoMembers {} | Problem::TooManyMembers { .. } => {
                ErrorParams::range(1, MAX_MEMBERS)
            }
            Problem::PeriodTooLong { start, last, .. } => ErrorParams::range(ym(start), ym(last)),
            Problem::TooManyMonths { .. } => ErrorParams::range(0, MAX_LISTED_MONTHS),
            _ => return None,
        })
    }

    /// The error at a path (a JSON Pointer): code, facts and messages.
    pub fn at(&self, path: impl Into<String>) -> ErrorDetail {
        let (en, zh) = self.messages();
        let detail = ErrorDetail::new(self.code(), path, en, zh);
        match self.params() {
            Some(params) => detail.with_params(params),
            None => detail,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_listed_once_with_distinct_names() {
        let mut names: Vec<&str> = Problem::DOCS.iter().map(|d| d.name).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n);
    }

    #[test]
    fn a_problem_carries_its_code_facts_and_messages() {
        let p = Problem::TooLong {
            field: Label {
                zh: "户编号",
                en: "household number",
            },
            chars: 70,
            max: 64,
        };
        let d = p.at("/id");
        assert_eq!(d.code(), ErrorCode::OutOfRange);
        assert_eq!(d.path(), "/id");
        assert_eq!(d.params(), Some(&ErrorParams::range("1", "64")));
        assert_eq!(
            d.message_en(),
            "Household number is too long (70 characters); use at most 64."
        );
        assert_eq!(
            d.message_zh(),
            "户编号太长了（70 个字），最多 64 个字，请缩短。"
        );
    }

    #[test]
    fn money_bounds_are_signed_only_where_the_field_may_be_negative() {
        let field = Label {
            zh: "经营",
            en: "business",
        };
        let signed = Problem::MoneyTooLarge {
            field,
            value: "1e20".into(),
            signed: true,
        };
        assert_eq!(
            signed.params(),
            Some(ErrorParams::range("-10000000000", "10000000000"))
        );
        let unsigned = Problem::MoneyTooLarge {
            field,
            value: "1e20".into(),
            signed: false,
        };
        assert_eq!(
            unsigned.params(),
            Some(ErrorParams::range("0", "10000000000"))
        );
    }
}
