//! The applicant's summary (issue 22): from an assessment, the supports the household may be
//! owed, most valuable first, each with its amount and unit in words, who it is for and where to
//! apply. Decided here once; the bindings call [`applicant_summary_value`].
//!
//! - **Which supports**: those of [`SUPPORTS`] the assessment grants (a money amount above zero,
//!   or a yes); everything else is left out. When nothing applies, `items` is empty and
//!   `headline` is one line saying so.
//! - **Order**: by annual value, largest first, compared exactly as decimals: a monthly amount
//!   counts twelve times, a yearly or one-off amount once, and an amount for each of several
//!   members once per member. Supports that are not money paid to the household (a loan, a job,
//!   information) have no annual value and come after every paid support. Ties keep the order
//!   of [`SUPPORTS`].
//! - **Where to apply**: 阳和街道办事处 first (households apply through the street office,
//!   §三(二) 农户主动申请), then the lead and cooperating units of the support's measure in the
//!   responsibility ledger ([`crate::ledger`]), each once; where the measure names no lead, its
//!   shared units. The placeholder "各有关单位" is left out (it is no place to go).
//! - **Illustrative amounts**: a support whose rule reads a parameter the assessment warns is
//!   illustrative is marked `illustrative`, and one footnote says what that means.

use crate::json::{Map, Value};
use rust_decimal::Decimal;

use crate::explain::Rule;
use crate::labels::{Label, Lang};

/// How an amount is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// 每户每月.
    HouseholdMonthly,
    /// 每人每月.
    PersonMonthly,
    /// 每人每年.
    PersonYearly,
    /// 每户一次.
    HouseholdOnce,
    /// 每人一次 (for the hospital stays of the last 12 months).
    PersonOnce,
    /// 每户最多 (a loan limit: not paid).
    HouseholdLoanLimit,
    /// Not money.
    Service,
}

impl Unit {
    /// The unit code of the output.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::HouseholdMonthly => "household_monthly",
            Unit::PersonMonthly => "person_monthly",
            Unit::PersonYearly => "person_yearly",
            Unit::HouseholdOnce => "household_once",
            Unit::PersonOnce => "person_once",
            Unit::HouseholdLoanLimit => "household_loan_limit",
            Unit::Service => "service",
        }
    }

    /// The unit in words.
    pub fn words(self) -> Label {
        let (zh, en) = match self {
            Unit::HouseholdMonthly => ("每户每月", "per household per month"),
            Unit::PersonMonthly => ("每人每月", "per person per month"),
            Unit::PersonYearly => ("每人每年", "per person per year"),
            Unit::HouseholdOnce => ("每户一次性", "once, per household"),
            Unit::PersonOnce => ("每人一次性", "once, per person"),
            Unit::HouseholdLoanLimit => ("每户最多可贷", "loan of up to, per household"),
            Unit::Service => ("", ""),
        };
        Label { zh, en }
    }

    /// How many times a year the amount is paid (0: not paid money).
    fn per_year(self) -> Decimal {
        match self {
            Unit::HouseholdMonthly | Unit::PersonMonthly => Decimal::from(12),
            Unit::PersonYearly | Unit::HouseholdOnce | Unit::PersonOnce => Decimal::ONE,
            Unit::HouseholdLoanLimit | Unit::Service => Decimal::ZERO,
        }
    }
}

/// Where a support's amount is found in an assessment.
#[derive(Debug, Clone, Copy)]
enum Source {
    /// A household money field (a JSON Pointer), granted when it is above zero and, if given,
    /// the flag at the second pointer is true.
    Household(&'static str, Option<&'static str>),
    /// A member money field (pointer inside a member), granted when above zero.
    Member(&'static str),
    /// A member flag (pointer inside a member), granted when true.
    MemberFlag(&'static str),
    /// A household flag.
    HouseholdFlag(&'static str),
    /// A household word (a JSON Pointer) equal to the given word.
    HouseholdWord(&'static str, &'static str),
}

/// What kind of a support it is, in words from the label table's output words: the field of the
/// assessment whose words say it, read in the household (`low_income.groups`, a list, or
/// `housing.status`) or in each member the item is for (`members.child_support.basis`).
#[derive(Debug, Clone, Copy)]
enum Detail {
    None,
    /// Words of the household at a pointer (a word or a list of words), labelled by the table's
    /// output words of `field`.
    Household(&'static str, &'static str),
    /// A word of each member the item is for, labelled likewise; each label once.
    Member(&'static str, &'static str),
}

/// One kind of support an applicant may be owed.
#[derive(Debug, Clone, Copy)]
pub struct Support {
    pub code: &'static str,
    pub title: Label,
    rule: Rule,
    /// The measure of the responsibility ledger (`五(二)`).
    pub clause: &'static str,
    pub unit: Unit,
    source: Source,
    detail: Detail,
}

const fn s(
    code: &'static str,
    title: Label,
    rule: Rule,
    clause: &'static str,
    unit: Unit,
    source: Source,
) -> Support {
    Support {
        code,
        title,
        rule,
        clause,
        unit,
        source,
        detail: Detail::None,
    }
}

/// A support with a [`Detail`].
const fn sd(
    code: &'static str,
    title: Label,
    rule: Rule,
    clause: &'static str,
    unit: Unit,
    source: Source,
    detail: Detail,
) -> Support {
    Support {
        code,
        title,
        rule,
        clause,
        unit,
        source,
        detail,
    }
}

const fn t(zh: &'static str, en: &'static str) -> Label {
    Label { zh, en }
}

/// Every support of the summary, in the order ties keep.
pub const SUPPORTS: &[Support] = &[
    s(
        "dibao",
        t("农村低保金", "Rural minimum living guarantee (dibao)"),
        Rule::Dibao,
        "五(二)",
        Unit::HouseholdMonthly,
        Source::Household("/dibao/monthly_benefit", None),
    ),
    s(
        "tekun",
        t(
            "特困人员基本生活费",
            "Basic living allowance for the extremely poor",
        ),
        Rule::Tekun,
        "五(四)",
        Unit::PersonMonthly,
        Source::Member("/tekun/basic_living_monthly"),
    ),
    sd(
        "child_support",
        t(
            "困境儿童基本生活保障金",
            "Basic living allowance for a child in difficulty",
        ),
        Rule::Children,
        "五(三)",
        Unit::PersonMonthly,
        Source::Member("/child_support/monthly"),
        Detail::Member("/child_support/basis", "members.child_support.basis"),
    ),
    s(
        "temporary_assistance",
        t("临时救助金", "Temporary assistance"),
        Rule::TemporaryAssistance,
        "五(二)",
        Unit::HouseholdOnce,
        Source::Household(
            "/temporary_assistance/amount",
            Some("/temporary_assistance/eligible"),
        ),
    ),
    s(
        "medical_assistance",
        t("住院医疗救助", "Medical assistance for hospital costs"),
        Rule::Medical,
        "五(五)",
        Unit::PersonOnce,
        Source::Member("/triple_guarantee/assistance"),
    ),
    s(
        "disability_care",
        t("重度残疾人护理补贴", "Care allowance for severe disability"),
        Rule::Disability,
        "五(二)",
        Unit::PersonMonthly,
        Source::Member("/disability_care_subsidy_monthly"),
    ),
    s(
        "disability_living",
        t(
            "困难残疾人生活补贴",
            "Living allowance for people with disabilities",
        ),
        Rule::Disability,
        "五(二)",
        Unit::PersonMonthly,
        Source::Member("/disability_living_subsidy_monthly"),
    ),
    s(
        "vocational_subsidy",
        t("中职、高职学生资助", "Vocational school aid"),
        Rule::Education,
        "六(四)",
        Unit::PersonYearly,
        Source::Member("/vocational_subsidy_annual"),
    ),
    s(
        "medical_subsidy",
        t("医保参保费资助", "Help with the medical insurance premium"),
        Rule::Medical,
        "五(五)",
        Unit::PersonYearly,
        Source::Member("/medical_subsidy/subsidy"),
    ),
    s(
        "pension_proxy",
        t("代缴养老保险费", "Pension contribution paid for you"),
        Rule::Pension,
        "五(三)",
        Unit::PersonYearly,
        Source::Member("/pension/proxy_payment"),
    ),
    s(
        "pension_contribution_subsidy",
        t(
            "城乡居民养老保险缴费补贴",
            "Help with your own pension contributions",
        ),
        Rule::Pension,
        "五(三)",
        Unit::PersonYearly,
        Source::Member("/pension/contribution_subsidy"),
    ),
    s(
        "small_loan",
        t("扶贫小额信贷", "Small loan for households out of poverty"),
        Rule::SmallLoan,
        "六(二)",
        Unit::HouseholdLoanLimit,
        Source::Household("/small_loan/max_amount", Some("/small_loan/eligible")),
    ),
    s(
        "interest_subsidy",
        t(
            "小额信贷财政贴息",
            "Interest on the small loan paid by the state",
        ),
        Rule::SmallLoan,
        "六(二)",
        Unit::Service,
        Source::HouseholdFlag("/small_loan/interest_subsidised"),
    ),
    sd(
        "housing_renovation",
        t("农村危房改造", "Repair of an unsafe rural house"),
        Rule::Housing,
        "三(三)",
        Unit::Service,
        Source::HouseholdWord("/housing/status", "renovation_eligible"),
        Detail::Household("/housing/status", "housing.status"),
    ),
    sd(
        "low_income",
        t(
            "农村低收入人口常态化帮扶",
            "Regular support for the rural low-income population",
        ),
        Rule::LowIncome,
        "五(一)",
        Unit::Service,
        Source::HouseholdFlag("/low_income/population"),
        Detail::Household("/low_income/groups", "low_income.groups"),
    ),
    s(
        "work_relief",
        t("以工代赈务工（优先安排）", "Priority for work-relief jobs"),
        Rule::Employment,
        "四(二)",
        Unit::Service,
        Source::MemberFlag("/work_relief_priority"),
    ),
    s(
        "public_welfare_post",
        t("公益性岗位", "Public-service job"),
        Rule::Employment,
        "四(二)",
        Unit::Service,
        Source::MemberFlag("/public_welfare_post/eligible"),
    ),
    s(
        "job_info",
        t("就业岗位信息", "Job notices"),
        Rule::Employment,
        "四(二)",
        Unit::Service,
        Source::MemberFlag("/job_info_push"),
    ),
    s(
        "training_info",
        t("技能培训信息", "Skills training notices"),
        Rule::Employment,
        "四(二)",
        Unit::Service,
        Source::MemberFlag("/training_info_push"),
    ),
    s(
        "student_aid",
        t("学生资助", "Student aid"),
        Rule::Education,
        "四(三)",
        Unit::Service,
        Source::MemberFlag("/student_aid"),
    ),
    s(
        "nutrition_plan",
        t("学生营养餐", "School meals"),
        Rule::Education,
        "四(三)",
        Unit::Service,
        Source::MemberFlag("/nutrition_plan"),
    ),
    s(
        "undergraduate_aid",
        t("大学生资助", "University student aid"),
        Rule::Education,
        "六(四)",
        Unit::Service,
        Source::MemberFlag("/undergraduate_aid"),
    ),
    s(
        "dropout_return",
        t("劝返复学帮助", "Help returning to school"),
        Rule::Education,
        "三(三)",
        Unit::Service,
        Source::MemberFlag("/dropout_alert"),
    ),
    s(
        "child_rehabilitation",
        t(
            "残疾儿童康复救助",
            "Rehabilitation for a child with a disability",
        ),
        Rule::Disability,
        "五(二)",
        Unit::Service,
        Source::MemberFlag("/child_rehabilitation"),
    ),
    s(
        "care_visits",
        t("访视、照料服务", "Care visits"),
        Rule::Care,
        "五(二)",
        Unit::Service,
        Source::MemberFlag("/care_visits"),
    ),
    s(
        "monitoring",
        t(
            "防返贫监测和针对性帮扶",
            "Return-to-poverty monitoring and matched support",
        ),
        Rule::Monitoring,
        "三(二)",
        Unit::Service,
        Source::HouseholdFlag("/monitoring/include"),
    ),
];

/// The street office: households apply there.
pub const APPLY_FIRST: &str = "阳和街道办事处";
const PLACEHOLDER: &str = "各有关单位";

/// Where to apply for the support of a ledger clause: [`APPLY_FIRST`], then the lead and
/// cooperating units (the shared ones when there is no lead), each once.
pub fn apply_at(clause: &str) -> Vec<&'static str> {
    let mut out = vec![APPLY_FIRST];
    for m in crate::ledger::by_clause(clause) {
        let units: Vec<&String> = if m.lead.is_empty() {
            m.shared.iter().collect()
        } else {
            m.lead.iter().chain(&m.cooperating).collect()
        };
        for u in units {
            if u != PLACEHOLDER && !out.contains(&u.as_str()) {
                out.push(u.as_str());
            }
        }
    }
    out
}

/// A money value (a string, as every door writes it; a number, as Python's `Decimal` reads
/// back), when above zero.
fn money_at(value: &Value, pointer: &str) -> Option<Decimal> {
    let text = match value.pointer(pointer)? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    text.parse::<Decimal>().ok().filter(|d| *d > Decimal::ZERO)
}

fn flag_at(value: &Value, pointer: &str) -> bool {
    value.pointer(pointer).and_then(Value::as_bool) == Some(true)
}

/// One line of the summary, before wording.
#[derive(Debug, Clone)]
struct Item {
    support: &'static Support,
    amount: Option<Decimal>,
    people: Vec<String>,
    annual: Option<Decimal>,
    illustrative: bool,
}

/// The items of an assessment (the JSON value every door gives), in summary order.
fn items(assessment: &Value) -> Vec<Item> {
    let illustrative: Vec<&str> = assessment
        .get("warnings")
        .and_then(Value::as_array)
        .map(|ws| {
            ws.iter()
                .filter(|w| w.get("code").and_then(Value::as_str) == Some("illustrative_parameter"))
                .filter_map(|w| w.get("parameter").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    let members: &[Value] = assessment
        .get("members")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let person = |m: &Value| {
        m.get("person_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let mut out: Vec<Item> = Vec::new();
    for support in SUPPORTS {
        let rests_on_example = crate::rules::params_of(support.rule)
            .iter()
            .any(|p| illustrative.contains(&p.name()));
        let mut push = |amount: Option<Decimal>, people: Vec<String>| {
            let count = Decimal::from(people.len().max(1));
            let annual = amount
                .filter(|_| support.unit.per_year() > Decimal::ZERO)
                .map(|a| a * support.unit.per_year() * count);
            out.push(Item {
                support,
                amount,
                people,
                annual,
                illustrative: rests_on_example && amount.is_some(),
            });
        };
        match support.source {
            Source::Household(pointer, flag) => {
                if flag.is_none_or(|f| flag_at(assessment, f))
                    && let Some(a) = money_at(assessment, pointer)
                {
                    push(Some(a), Vec::new());
                }
            }
            Source::HouseholdFlag(pointer) => {
                if flag_at(assessment, pointer) {
                    push(None, Vec::new());
                }
            }
            Source::HouseholdWord(pointer, word) => {
                if assessment.pointer(pointer).and_then(Value::as_str) == Some(word) {
                    push(None, Vec::new());
                }
            }
            Source::Member(pointer) => {
                // Members with the same amount share one line, in member order.
                let mut groups: Vec<(Decimal, Vec<String>)> = Vec::new();
                for m in members {
                    if let Some(a) = money_at(m, pointer) {
                        match groups.iter_mut().find(|(x, _)| *x == a) {
                            Some((_, ids)) => ids.push(person(m)),
                            None => groups.push((a, vec![person(m)])),
                        }
                    }
                }
                for (a, ids) in groups {
                    push(Some(a), ids);
                }
            }
            Source::MemberFlag(pointer) => {
                let ids: Vec<String> = members
                    .iter()
                    .filter(|m| flag_at(m, pointer))
                    .map(person)
                    .collect();
                if !ids.is_empty() {
                    push(None, ids);
                }
            }
        }
    }
    // Stable: ties keep table order. Paid supports (an annual value) before the others.
    out.sort_by(|a, b| match (a.annual, b.annual) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    out
}

/// The item's [`Detail`] in words (`""` when it has none).
fn detail_text(item: &Item, assessment: &Value, lang: Lang) -> String {
    let word_label = |field: &str, v: &Value| {
        v.as_str()
            .and_then(|w| crate::labels::output_word(field, w))
            .map(|l| l.get(lang))
    };
    let mut words: Vec<&str> = Vec::new();
    match item.support.detail {
        Detail::None => {}
        Detail::Household(pointer, field) => match assessment.pointer(pointer) {
            Some(Value::Array(list)) => {
                words.extend(list.iter().filter_map(|v| word_label(field, v)))
            }
            Some(v) => words.extend(word_label(field, v)),
            None => {}
        },
        Detail::Member(pointer, field) => {
            let members = assessment.get("members").and_then(Value::as_array);
            for m in members.into_iter().flatten() {
                let id = m
                    .get("person_id")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if !item.people.iter().any(|p| p == id) {
                    continue;
                }
                if let Some(label) = m.pointer(pointer).and_then(|v| word_label(field, v))
                    && !words.contains(&label)
                {
                    words.push(label);
                }
            }
        }
    }
    join(lang, &words)
}

fn join(lang: Lang, parts: &[&str]) -> String {
    parts.join(match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    })
}

/// The applicant's summary of an assessment (its JSON value, as every door has it):
/// `{lang, household_id, as_of, headline, items: [{code, title, amount, unit, amount_text,
/// annual_value, members, for_text, apply_at, apply_text, clause, illustrative, detail}],
/// footnote}`; `detail` names what kind of the support it is, in words (the low-income groups,
/// the housing status, a child's basis of support), or is `""`.
/// `amount` and `annual_value` are money strings with 2 decimals (`null` for a support that is
/// not money); `members` is empty for a support to the household as a whole; `footnote` is `null`
/// unless an item is illustrative.
pub fn applicant_summary_value(assessment: &Value, lang: Lang) -> Value {
    let list = items(assessment);
    let zh = lang == Lang::Zh;
    let headline = match list.len() {
        0 if zh => "根据您填写的情况，您家目前不符合本文件所列任何帮扶的条件；情况有变化时可以再查一次，或到阳和街道办事处咨询。".to_owned(),
        0 => "From what you entered, your household does not qualify for any support in this policy now; check again when things change, or ask at the Yanghe street office (阳和街道办事处).".to_owned(),
        n if zh => format!("根据您填写的情况，您家可能可以申请以下 {n} 项帮扶（金额大的在前）："),
        n => format!(
            "From what you entered, your household may apply for {n} kind{} of support (largest amounts first):",
            if n == 1 { "" } else { "s" }
        ),
    };
    let any_illustrative = list.iter().any(|i| i.illustrative);
    let items: Vec<Value> = list
        .iter()
        .map(|item| {
            let s = item.support;
            let unit = s.unit.words().get(lang);
            let amount_text = match item.amount {
                Some(a) if zh => format!("{unit} {} 元{}", money(a), star(item.illustrative)),
                Some(a) => format!("{unit}: {} yuan{}", money(a), star(item.illustrative)),
                None => String::new(),
            };
            let people: Vec<&str> = item.people.iter().map(String::as_str).collect();
            let for_text = match (people.is_empty(), zh) {
                (true, true) => "全家".to_owned(),
                (true, false) => "the whole household".to_owned(),
                (false, true) => format!("成员 {}", join(lang, &people)),
                (false, false) => format!(
                    "member{} {}",
                    if people.len() == 1 { "" } else { "s" },
                    join(lang, &people)
                ),
            };
            let places = apply_at(s.clause);
            let apply_text = match (places.split_first(), zh) {
                (Some((first, [])), true) => format!("到{first}申请"),
                (Some((first, rest)), true) => {
                    format!("到{first}申请；负责部门：{}", join(lang, rest))
                }
                (Some((first, [])), false) => format!("apply at {first}"),
                (Some((first, rest)), false) => {
                    format!("apply at {first}; handled by {}", join(lang, rest))
                }
                (None, _) => String::new(),
            };
            let mut o = Map::new();
            o.insert("code".into(), Value::from(s.code));
            o.insert("title".into(), Value::from(s.title.get(lang)));
            o.insert(
                "amount".into(),
                item.amount.map_or(Value::Null, |a| Value::from(money(a))),
            );
            o.insert("unit".into(), Value::from(s.unit.as_str()));
            o.insert("amount_text".into(), Value::from(amount_text));
            o.insert(
                "annual_value".into(),
                item.annual.map_or(Value::Null, |a| Value::from(money(a))),
            );
            o.insert("members".into(), Value::from(item.people.clone()));
            o.insert("for_text".into(), Value::from(for_text));
            o.insert("apply_at".into(), Value::from(places));
            o.insert("apply_text".into(), Value::from(apply_text));
            o.insert("clause".into(), Value::from(format!("§{}", s.clause)));
            o.insert("illustrative".into(), Value::from(item.illustrative));
            o.insert(
                "detail".into(),
                Value::from(detail_text(item, assessment, lang)),
            );
            Value::Object(o)
        })
        .collect();
    let footnote = match (any_illustrative, zh) {
        (false, _) => Value::Null,
        (true, true) => Value::from(
            "* 标星号的金额按示例标准计算，不是正式公布的标准，实际金额以审核结果为准。结果仅供参考，以街道和区有关部门审核认定为准。",
        ),
        (true, false) => Value::from(
            "* Amounts marked with a star use example rates, not published ones; the amount paid is what the offices decide. This is a guide only: the street office and the district decide.",
        ),
    };
    let mut out = Map::new();
    out.insert("lang".into(), Value::from(lang.as_str()));
    out.insert(
        "household_id".into(),
        assessment
            .get("household_id")
            .cloned()
            .unwrap_or(Value::Null),
    );
    out.insert(
        "as_of".into(),
        assessment.get("as_of").cloned().unwrap_or(Value::Null),
    );
    out.insert("headline".into(), Value::from(headline));
    out.insert("items".into(), Value::Array(items));
    out.insert("footnote".into(), footnote);
    Value::Object(out)
}

/// The summary of a typed assessment.
pub fn applicant_summary(assessment: &crate::Assessment, lang: Lang) -> Value {
    let value = crate::json::to_value(assessment);
    applicant_summary_value(&value, lang)
}

fn money(d: Decimal) -> String {
    let mut d = d;
    d.rescale(2);
    d.to_string()
}

fn star(on: bool) -> &'static str {
    if on { "*" } else { "" }
}
