//! The one label table (STYLE "Decisions apart from wording"): the Chinese and English name of
//! every input field, every allowed word, every rule and every output word a form, a spreadsheet
//! or an error message shows. Error messages ([`crate::validate`]), the schema's titles
//! (`householdSchema()`), the applicant's summary (`core/src/summary.rs`) and the bindings'
//! `labels(lang)` all read it; nothing else writes a label.
//!
//! Fields are keyed by a JSON Pointer pattern without the leading `/`, `*` standing for an array
//! index (`members/*/birth_date`). Words are keyed by the kind of list they belong to
//! (`labor_capacity`) and the word itself.

#[cfg(feature = "schema")]
use serde_json::{Map, Value};

use crate::json::{Map as JMap, Value as JValue};

use crate::model::{
    DisabilityCategory, Guardianship, HospitalLevel, HousingGrade, LaborCapacity,
    MonitoringCategory, SchoolStage, SchoolingStatus,
};

/// A language of the labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// 中文.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// `"zh"` or `"en"` (anything starting `zh`, such as `zh-CN`, is Chinese; `en…` English).
    pub fn parse(text: &str) -> Option<Lang> {
        let t = text.trim().to_ascii_lowercase();
        if t.starts_with("zh") {
            Some(Lang::Zh)
        } else if t.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The code, `"zh"` or `"en"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// A label in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Label {
    /// The label in one language.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

const fn l(zh: &'static str, en: &'static str) -> Label {
    Label { zh, en }
}

/// A field of an input document: its pointer pattern, its label, and (where a form needs one) a
/// short hint.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub pattern: &'static str,
    pub label: Label,
    pub hint: Option<Label>,
}

const fn f(pattern: &'static str, zh: &'static str, en: &'static str) -> Field {
    Field {
        pattern,
        label: l(zh, en),
        hint: None,
    }
}

const fn fh(pattern: &'static str, label: Label, hint: Label) -> Field {
    Field {
        pattern,
        label,
        hint: Some(hint),
    }
}

const MONEY_HINT: Label = l(
    "单位：元，可填到角分，例如 1200 或 1200.50",
    "in yuan, with up to 2 decimals, for example 1200 or 1200.50",
);
const YEAR_MONEY_HINT: Label = l(
    "过去 12 个月的合计，单位：元，例如 1200 或 1200.50",
    "the total of the last 12 months, in yuan, for example 1200 or 1200.50",
);
const DATE_HINT: Label = l("例如 1980-05-01", "for example 1980-05-01");

/// The household input (docs/contract.md#household-input).
pub const HOUSEHOLD_FIELDS: &[Field] = &[
    f("", "这份家庭信息", "this household form"),
    f("id", "户编号", "household number"),
    f("village_id", "村编号", "village number"),
    f(
        "poverty_alleviated",
        "是否已登记脱贫",
        "registered as having left poverty",
    ),
    f("members", "家庭成员", "household members"),
    f("members/*", "这位家庭成员", "this household member"),
    f("members/*/id", "成员编号", "member number"),
    fh(
        "members/*/birth_date",
        l("出生日期", "date of birth"),
        DATE_HINT,
    ),
    f("members/*/labor_capacity", "劳动能力", "ability to work"),
    f(
        "members/*/medical_insured",
        "是否参加城乡居民医保",
        "enrolled in the medical insurance",
    ),
    f("members/*/disability", "残疾情况", "disability"),
    f("members/*/disability/grade", "残疾等级", "disability grade"),
    f(
        "members/*/disability/category",
        "残疾类别",
        "kind of disability",
    ),
    f("members/*/schooling", "上学情况", "schooling"),
    f(
        "members/*/schooling/status",
        "上学状态",
        "school attendance",
    ),
    f("members/*/schooling/stage", "学段", "school stage"),
    f(
        "members/*/pension_insured",
        "是否参加城乡居民养老保险",
        "enrolled in the pension insurance",
    ),
    f(
        "members/*/tekun",
        "是否已纳入特困供养",
        "already supported as extremely poor",
    ),
    f(
        "members/*/legal_supporter_able",
        "是否有能赡养、抚养或扶养的家人",
        "has family able to support them",
    ),
    fh(
        "members/*/own_income",
        l("本人年收入", "own yearly income"),
        YEAR_MONEY_HINT,
    ),
    f("members/*/employment", "就业情况", "work"),
    f(
        "members/*/employment/wants_work",
        "是否想找工作",
        "wants a job",
    ),
    f(
        "members/*/employment/wants_training",
        "是否想参加技能培训",
        "wants skills training",
    ),
    f("members/*/employment/employed", "是否已有工作", "has a job"),
    f(
        "members/*/guardianship",
        "未成年人由谁抚养",
        "who raises this child",
    ),
    f(
        "members/*/self_care_able",
        "生活能否自理",
        "can look after themselves",
    ),
    f("members/*/id_number", "公民身份号码", "citizen ID number"),
    f("income", "家庭纯收入", "household net income"),
    fh("income/wages", l("工资性收入", "wages"), YEAR_MONEY_HINT),
    fh(
        "income/business",
        l("经营净收入", "net income from farming or business"),
        YEAR_MONEY_HINT,
    ),
    fh(
        "income/property",
        l("财产净收入", "net income from property or rent"),
        YEAR_MONEY_HINT,
    ),
    fh(
        "income/transfers",
        l(
            "转移净收入",
            "net transfers (pensions, subsidies, money sent home)",
        ),
        YEAR_MONEY_HINT,
    ),
    fh(
        "previous_year_income",
        l(
            "上一年家庭纯收入",
            "household net income of the year before",
        ),
        MONEY_HINT,
    ),
    f(
        "rigid_expenditure",
        "必需的大额支出",
        "unavoidable large expenses",
    ),
    fh(
        "rigid_expenditure/medical",
        l("医疗支出", "medical expenses"),
        YEAR_MONEY_HINT,
    ),
    fh(
        "rigid_expenditure/education",
        l("教育支出", "education expenses"),
        YEAR_MONEY_HINT,
    ),
    fh(
        "rigid_expenditure/disaster",
        l("灾害损失", "losses from a disaster"),
        YEAR_MONEY_HINT,
    ),
    fh(
        "rigid_expenditure/accident",
        l("意外事故支出", "costs of an accident"),
        YEAR_MONEY_HINT,
    ),
    f("housing_grade", "住房安全等级", "housing safety grade"),
    f("drinking_water_safe", "饮水是否安全", "safe drinking water"),
    f(
        "food_clothing_secure",
        "是否不愁吃、不愁穿",
        "enough food and clothing",
    ),
    f(
        "assets_within_limit",
        "家庭财产是否符合低保规定",
        "savings and property within the dibao limit",
    ),
    f("dibao", "正在领取的低保", "the dibao received now"),
    fh(
        "dibao/since",
        l("开始领取低保的日期", "date the dibao started"),
        DATE_HINT,
    ),
    fh(
        "dibao/current_monthly_benefit",
        l("现在每月领取的低保金", "dibao received each month now"),
        MONEY_HINT,
    ),
    fh(
        "dibao/income_exceeded_on",
        l(
            "收入超过低保标准的日期",
            "date income rose above the dibao line",
        ),
        DATE_HINT,
    ),
    f(
        "monitoring",
        "防返贫监测情况",
        "return-to-poverty monitoring",
    ),
    f(
        "monitoring/category",
        "监测对象类别",
        "kind of monitored household",
    ),
    fh(
        "monitoring/since",
        l("纳入监测的日期", "date monitoring started"),
        DATE_HINT,
    ),
    f(
        "monitoring/stable_income_months",
        "收入稳定的月数",
        "months of stable income",
    ),
    f(
        "monitoring/measures",
        "已落实的帮扶措施数",
        "support measures in place",
    ),
    f("credit", "信用情况", "credit record"),
    f(
        "credit/rating_ok",
        "信用评级是否合格",
        "credit rating good enough",
    ),
    fh(
        "credit/outstanding",
        l("尚未还清的贷款", "loans still owed"),
        MONEY_HINT,
    ),
    f("hospitalizations", "住院记录", "hospital stays"),
    f("hospitalizations/*", "这条住院记录", "this hospital stay"),
    f(
        "hospitalizations/*/person_id",
        "住院的家庭成员",
        "member who was in hospital",
    ),
    fh(
        "hospitalizations/*/expense",
        l("住院总费用", "total cost of the stay"),
        MONEY_HINT,
    ),
    f("hospitalizations/*/level", "医院级别", "kind of hospital"),
];

/// The village input (docs/rules/village.md#12-village-service-standards-村级服务标准).
pub const VILLAGE_FIELDS: &[Field] = &[
    f("", "这份村情资料", "this village form"),
    f("id", "村编号", "village number"),
    f("clinic", "村卫生室", "village clinic"),
    f("clinic/present", "是否有村卫生室", "has a village clinic"),
    f(
        "clinic/standardised",
        "卫生室是否达标",
        "clinic meets the standard",
    ),
    f(
        "clinic/qualified_doctors",
        "合格村医人数",
        "qualified village doctors",
    ),
    f(
        "clinic/visit_half_days_per_week",
        "每周坐诊半天数",
        "half-days of surgery each week",
    ),
    f(
        "platform_staff",
        "服务平台工作人员数",
        "service platform staff",
    ),
    f("period_start", "报告期开始月份", "first month reported"),
    f("period_end", "报告期结束月份", "last month reported"),
    f(
        "job_info_months",
        "发布就业信息的月份",
        "months with job notices",
    ),
    f(
        "job_info_months/*",
        "发布就业信息的月份",
        "month with job notices",
    ),
    f(
        "ledger_months",
        "帮扶台账已更新的月份",
        "months with the support ledger updated",
    ),
    f(
        "ledger_months/*",
        "帮扶台账已更新的月份",
        "month with the support ledger updated",
    ),
];

/// The farmland project input (docs/rules/village.md#13-farmland-balance-耕地占补平衡).
pub const FARMLAND_FIELDS: &[Field] = &[
    f("", "这份耕地项目资料", "this farmland project form"),
    f("id", "项目编号", "project number"),
    f("occupied_area", "占用耕地面积（亩）", "farmland taken (mu)"),
    f(
        "occupied_grade",
        "占用耕地等别",
        "grade of the farmland taken",
    ),
    f(
        "supplemented_area",
        "补充耕地面积（亩）",
        "farmland added (mu)",
    ),
    f(
        "supplemented_grade",
        "补充耕地等别",
        "grade of the farmland added",
    ),
];

/// Which input a path points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Household,
    Village,
    Farmland,
}

impl Document {
    fn fields(self) -> &'static [Field] {
        match self {
            Document::Household => HOUSEHOLD_FIELDS,
            Document::Village => VILLAGE_FIELDS,
            Document::Farmland => FARMLAND_FIELDS,
        }
    }
}

/// A JSON Pointer as a pattern: leading `/` dropped, array indexes as `*`, `~1` and `~0`
/// unescaped (`/members/0/birth_date` → `members/*/birth_date`).
pub fn pattern_of(pointer: &str) -> String {
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|t| {
            if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
                "*".to_owned()
            } else {
                crate::error::unescape_pointer_token(t)
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The field a pointer names, if the table has it.
pub fn field(document: Document, pointer: &str) -> Option<&'static Field> {
    let pattern = pattern_of(pointer);
    document.fields().iter().find(|f| f.pattern == pattern)
}

/// The label of the field a pointer names; for a pointer the table does not know, the label of
/// its nearest known parent, else a neutral "this entry".
pub fn field_label(document: Document, pointer: &str) -> Label {
    let mut p = pointer;
    loop {
        if let Some(found) = field(document, p) {
            return found.label;
        }
        match p.rfind('/') {
            Some(i) => p = p.get(..i).unwrap_or(""),
            None => return l("这一项", "this entry"),
        }
    }
}

/// One allowed word of a list, with its label.
#[derive(Debug, Clone, Copy)]
pub struct Word {
    pub word: &'static str,
    pub label: Label,
}

const fn w(word: &'static str, zh: &'static str, en: &'static str) -> Word {
    Word {
        word,
        label: l(zh, en),
    }
}

/// A list of allowed words: its name (the snake_case of the model's enum), the fields that take
/// it, and its words in contract order.
#[derive(Debug, Clone, Copy)]
pub struct WordList {
    pub name: &'static str,
    pub fields: &'static [&'static str],
    pub words: &'static [Word],
}

/// Every list of allowed words of the inputs, plus `disability_grade` (an integer 1–4).
pub const WORD_LISTS: &[WordList] = &[
    WordList {
        name: "labor_capacity",
        fields: &["members/*/labor_capacity"],
        words: &[
            w("full", "能正常干活", "can work normally"),
            w("partial", "只能干些轻活", "can do only light work"),
            w("none", "不能干活", "cannot work"),
        ],
    },
    WordList {
        name: "disability_category",
        fields: &["members/*/disability/category"],
        words: &[
            w("visual", "视力残疾", "visual"),
            w("hearing", "听力残疾", "hearing"),
            w("speech", "言语残疾", "speech"),
            w("physical", "肢体残疾", "physical"),
            w("intellectual", "智力残疾", "intellectual"),
            w("mental", "精神残疾", "mental"),
            w("multiple", "多重残疾", "more than one kind"),
        ],
    },
    WordList {
        name: "disability_grade",
        fields: &["members/*/disability/grade"],
        words: &[
            w("1", "一级（最重）", "grade 1 (most severe)"),
            w("2", "二级", "grade 2"),
            w("3", "三级", "grade 3"),
            w("4", "四级（最轻）", "grade 4 (mildest)"),
        ],
    },
    WordList {
        name: "schooling_status",
        fields: &["members/*/schooling/status"],
        words: &[
            w("enrolled", "在上学", "in school"),
            w(
                "not_enrolled",
                "没上学或已辍学",
                "not in school or dropped out",
            ),
            w(
                "exempt_health",
                "因身体原因免于上学",
                "excused from school for health",
            ),
            w("completed", "已毕业", "finished school"),
        ],
    },
    WordList {
        name: "school_stage",
        fields: &["members/*/schooling/stage"],
        words: &[
            w("preschool", "幼儿园", "preschool"),
            w("primary", "小学", "primary school"),
            w("junior_secondary", "初中", "junior secondary school"),
            w("senior_secondary", "普通高中", "senior secondary school"),
            w(
                "secondary_vocational",
                "中职（中专、技校）",
                "secondary vocational school",
            ),
            w("higher_vocational", "高职（大专）", "vocational college"),
            w("undergraduate", "大学本科", "university (bachelor's)"),
            w("postgraduate", "研究生", "postgraduate study"),
        ],
    },
    WordList {
        name: "housing_grade",
        fields: &["housing_grade"],
        words: &[
            w("A", "A 级（安全）", "grade A (safe)"),
            w("B", "B 级（基本安全）", "grade B (mostly safe)"),
            w("C", "C 级（局部危险）", "grade C (partly unsafe)"),
            w("D", "D 级（整栋危房）", "grade D (unsafe)"),
        ],
    },
    WordList {
        name: "monitoring_category",
        fields: &["monitoring/category"],
        words: &[
            w(
                "unstable_alleviated",
                "脱贫不稳定户",
                "left poverty but not yet stable",
            ),
            w(
                "marginal",
                "边缘易致贫户",
                "at risk of falling into poverty",
            ),
            w(
                "sudden_hardship",
                "突发严重困难户",
                "in sudden serious hardship",
            ),
        ],
    },
    WordList {
        name: "guardianship",
        fields: &["members/*/guardianship"],
        words: &[
            w("parents", "由父母抚养", "raised by a parent"),
            w(
                "orphan",
                "孤儿（父母双亡或下落不明）",
                "orphan (no living or known parent)",
            ),
            w(
                "unattended",
                "事实无人抚养（父母无力抚养）",
                "no one in fact raises the child (parents unable)",
            ),
        ],
    },
    WordList {
        name: "hospital_level",
        fields: &["hospitalizations/*/level"],
        words: &[
            w("township", "乡镇卫生院", "township health centre"),
            w("county", "县级医院", "county hospital"),
            w("municipal", "市级医院", "city hospital"),
        ],
    },
];

/// The list of allowed words by name.
pub fn word_list(name: &str) -> Option<&'static WordList> {
    WORD_LISTS.iter().find(|w| w.name == name)
}

/// The list of allowed words a field takes.
pub fn word_list_of_field(pointer: &str) -> Option<&'static WordList> {
    let pattern = pattern_of(pointer);
    WORD_LISTS
        .iter()
        .find(|w| w.fields.contains(&pattern.as_str()))
}

/// The label of one word of a list (`None` for a word the list does not have).
pub fn word_label(list: &str, word: &str) -> Option<Label> {
    word_list(list)?
        .words
        .iter()
        .find(|x| x.word == word)
        .map(|x| x.label)
}

/// The rules (`reasons[].rule`), with their titles, in rule order.
pub const RULES: &[(&str, Label)] = &[
    ("transition", l("过渡期", "Transition period")),
    (
        "monitoring",
        l("防返贫监测", "Return-to-poverty monitoring"),
    ),
    ("assistance_approach", l("帮扶方式", "Kind of support")),
    (
        "dibao",
        l("农村低保", "Rural minimum living guarantee (dibao)"),
    ),
    (
        "tekun",
        l("特困人员供养", "Support for the extremely poor (tekun)"),
    ),
    (
        "temporary_assistance",
        l("临时救助", "Temporary assistance"),
    ),
    ("disability", l("残疾人两项补贴", "Disability allowances")),
    ("medical", l("医疗保障", "Medical insurance and costs")),
    (
        "pension",
        l("养老保险代缴", "Pension contributions paid for you"),
    ),
    ("education", l("教育资助", "Education aid")),
    ("employment", l("就业帮扶", "Help finding work")),
    ("small_loan", l("小额信贷", "Small loans")),
    (
        "low_income",
        l("农村低收入人口", "Rural low-income population"),
    ),
    ("housing", l("住房安全", "Housing safety")),
    (
        "children",
        l("困境儿童基本生活保障", "Children in difficulty"),
    ),
    ("care", l("访视、照料服务", "Care visits")),
];

/// The title of a rule.
pub fn rule_title(rule: &str) -> Option<Label> {
    RULES.iter().find(|(r, _)| *r == rule).map(|(_, t)| *t)
}

/// Words of the outputs a form or spreadsheet shows, by output field.
pub const OUTPUT_WORDS: &[(&str, &[Word])] = &[
    (
        "transition.phase",
        &[
            w("before", "过渡期前", "before the transition period"),
            w("in", "过渡期内", "in the transition period"),
            w("after", "过渡期后", "after the transition period"),
        ],
    ),
    (
        "monitoring.category",
        &[
            w(
                "unstable_alleviated",
                "脱贫不稳定户",
                "left poverty but not yet stable",
            ),
            w(
                "marginal",
                "边缘易致贫户",
                "at risk of falling into poverty",
            ),
            w(
                "sudden_hardship",
                "突发严重困难户",
                "in sudden serious hardship",
            ),
        ],
    ),
    (
        "monitoring.risks",
        &[
            w(
                "income_below_line",
                "收入低于监测线",
                "income below the monitoring line",
            ),
            w(
                "rigid_expenditure",
                "必需支出过大",
                "unavoidable expenses too high",
            ),
            w("income_drop", "收入大幅下降", "income dropped sharply"),
            w(
                "dropout",
                "义务教育阶段辍学",
                "a child out of compulsory school",
            ),
            w(
                "uninsured",
                "未参加基本医疗保险",
                "not in basic medical insurance",
            ),
            w("unsafe_housing", "住房不安全", "unsafe housing"),
            w("unsafe_water", "饮水不安全", "unsafe drinking water"),
            w(
                "food_clothing",
                "吃穿没有保障",
                "food and clothing not secure",
            ),
        ],
    ),
    (
        "monitoring.exit.blockers",
        &[
            w(
                "too_recent",
                "监测时间还不够长",
                "monitored for too short a time",
            ),
            w(
                "income_not_stable",
                "收入稳定的时间还不够长",
                "income not yet stable for long enough",
            ),
            w("risk_remaining", "风险尚未消除", "a risk remains"),
            w("no_measure", "还没有帮扶措施", "no support measure yet"),
            w(
                "no_labor_capacity",
                "家中无人能干活",
                "no one in the household can work",
            ),
        ],
    ),
    (
        "assistance_approach",
        &[
            w(
                "development",
                "开发式帮扶（以就业、产业为主）",
                "help to earn (work, farming, business)",
            ),
            w("safety_net", "兜底保障", "safety-net support"),
        ],
    ),
    (
        "dibao.status",
        &[
            w("eligible", "符合条件", "eligible"),
            w("gradual_exit", "渐退期", "being phased out"),
            w("not_eligible", "不符合条件", "not eligible"),
        ],
    ),
    (
        "small_loan.status",
        &[
            w("eligible", "符合条件", "eligible"),
            w("not_eligible", "不符合条件", "not eligible"),
            w("not_in_force", "政策未实施", "not offered on that date"),
        ],
    ),
    (
        "low_income.groups",
        &[
            w("dibao", "低保对象", "receiving or owed dibao"),
            w("tekun", "特困人员", "supported as extremely poor"),
            w(
                "at_risk",
                "易返贫致贫人口",
                "at risk of falling (back) into poverty",
            ),
            w(
                "hardship",
                "基本生活出现严重困难人口",
                "in serious hardship in daily life",
            ),
        ],
    ),
    (
        "housing.status",
        &[
            w("unknown", "住房安全未鉴定", "housing not assessed"),
            w("safe", "住房安全", "housing safe"),
            w(
                "renovation_eligible",
                "危房，可申请危房改造",
                "unsafe, renovation can be applied for",
            ),
            w(
                "unsafe_not_in_group",
                "危房，但不属于危房改造对象",
                "unsafe, but not in a group renovation covers",
            ),
        ],
    ),
    (
        "members.child_support.basis",
        &[
            w("orphan", "孤儿", "orphan"),
            w(
                "unattended",
                "事实无人抚养儿童",
                "child no one in fact raises",
            ),
            w("disabled", "残疾儿童", "child with a disability"),
        ],
    ),
    (
        "members.medical_subsidy.basis",
        &[
            w("tekun", "特困人员", "supported as extremely poor"),
            w("dibao", "低保对象", "on dibao"),
            w("monitored", "防返贫监测对象", "monitored household"),
            w("alleviated", "脱贫人口", "left poverty"),
        ],
    ),
    (
        "members.pension.proxy_basis",
        &[
            w("tekun", "特困人员", "supported as extremely poor"),
            w("severe_disability", "重度残疾人", "severe disability"),
            w("dibao", "低保对象", "on dibao"),
            w("monitored", "防返贫监测对象", "monitored household"),
        ],
    ),
    (
        "unit",
        &[
            w("households", "户", "households"),
            w("yuan_per_month", "元/月", "yuan per month"),
            w("yuan_once", "元（一次性）", "yuan, once"),
            w("yuan_per_year", "元/年", "yuan per year"),
            // the axis of a chart of money totals of different periods (each bar names its own)
            w("yuan", "元", "yuan"),
        ],
    ),
    // A yes-or-no output (`monitoring.include`, `temporary_assistance.eligible`, …) in words.
    ("bool", &[w("true", "是", "yes"), w("false", "否", "no")]),
    (
        "warnings.code",
        &[
            w(
                "illustrative_parameter",
                "所用参数是示例值，须换成本地数值",
                "a parameter used is an illustrative value: replace it with the local figure",
            ),
            w(
                "schooling_unknown",
                "义务教育年龄的孩子没有填上学情况",
                "a child of compulsory-school age has no schooling given",
            ),
            w(
                "asset_test_not_provided",
                "没有填家庭财产是否符合低保规定",
                "the dibao asset test was not given",
            ),
            w(
                "income_exceeded_on_not_provided",
                "没有填收入超过低保标准的日期",
                "the date income rose above the dibao line was not given",
            ),
        ],
    ),
    (
        "parameters.provenance",
        &[
            w("seed", "本政策文件", "this policy document"),
            w("national", "国家文件", "a national document"),
            w("local", "广西或柳州文件", "a Guangxi or Liuzhou document"),
            w(
                "illustrative",
                "示例值（须换成本地数值）",
                "illustrative (replace with the local figure)",
            ),
        ],
    ),
    (
        "coverage_gaps.code",
        &[
            w(
                "dibao_not_covered",
                "符合低保条件但未纳入",
                "eligible for dibao but not receiving it",
            ),
            w(
                "tekun_not_covered",
                "符合特困条件但未纳入",
                "eligible as extremely poor but not supported",
            ),
            w(
                "pension_not_insured",
                "可代缴养老保险但未参保",
                "pension contributions could be paid but not enrolled",
            ),
        ],
    ),
];

/// The label of an output word.
pub fn output_word(field: &str, word: &str) -> Option<Label> {
    OUTPUT_WORDS
        .iter()
        .find(|(f, _)| *f == field)
        .and_then(|(_, words)| words.iter().find(|x| x.word == word))
        .map(|x| x.label)
}

/// Headers of the analysts' tables (the Python batch layer's flat dotted columns) and of
/// spreadsheets of assessments, by column name.
pub const COLUMNS: &[(&str, Label)] = &[
    ("household_id", l("户编号", "household number")),
    ("person_id", l("成员编号", "member number")),
    ("as_of", l("评估日期", "assessment date")),
    ("jurisdiction", l("适用地区", "jurisdiction")),
    ("provenance.engine", l("计算程序版本", "engine version")),
    ("provenance.rules", l("规则版本", "rules version")),
    (
        "provenance.policy.digest",
        l("所用参数的校验码", "digest of the parameters used"),
    ),
    (
        "small_loan.interest_subsidised",
        l("小额信贷财政贴息", "loan interest paid by the state"),
    ),
    (
        "low_income.population",
        l("属于农村低收入人口", "in the rural low-income population"),
    ),
    (
        "low_income.groups",
        l("低收入人口类别", "low-income groups"),
    ),
    ("housing.status", l("住房安全情况", "housing status")),
    (
        "pension.contribution_subsidy",
        l("养老保险缴费补贴", "pension contribution subsidy"),
    ),
    (
        "work_relief_priority",
        l("以工代赈优先", "priority for work relief"),
    ),
    (
        "child_support.basis",
        l("困境儿童类别", "kind of child in difficulty"),
    ),
    (
        "child_support.monthly",
        l("困境儿童每月基本生活费", "child support per month"),
    ),
    ("care_visits", l("访视、照料服务", "care visits")),
    ("transition.phase", l("过渡期阶段", "transition phase")),
    (
        "transition.year",
        l("过渡期第几年", "year of the transition period"),
    ),
    ("monitoring.include", l("纳入防返贫监测", "to be monitored")),
    (
        "monitoring.category",
        l("监测对象类别", "kind of monitored household"),
    ),
    ("monitoring.risks", l("风险", "risks")),
    ("monitoring.review", l("需要复核", "to be reviewed")),
    (
        "monitoring.pc_income",
        l("人均纯收入", "net income per person"),
    ),
    (
        "monitoring.pc_income_after_rigid",
        l(
            "扣除必需支出后的人均纯收入",
            "net income per person after unavoidable expenses",
        ),
    ),
    ("monitoring.line", l("监测收入线", "monitoring income line")),
    (
        "monitoring.exit.eligible",
        l("可以退出监测", "may leave monitoring"),
    ),
    (
        "monitoring.exit.blockers",
        l("暂不能退出监测的原因", "why not yet out of monitoring"),
    ),
    ("assistance_approach", l("帮扶方式", "kind of support")),
    ("dibao.status", l("低保状态", "dibao status")),
    ("dibao.eligible", l("符合低保条件", "eligible for dibao")),
    (
        "dibao.monthly_benefit",
        l("低保金（每户每月）", "dibao per household per month"),
    ),
    (
        "dibao.gradual_exit_until",
        l("低保渐退截止日期", "dibao phased out until"),
    ),
    (
        "temporary_assistance.eligible",
        l("符合临时救助条件", "eligible for temporary assistance"),
    ),
    (
        "temporary_assistance.amount",
        l("临时救助金额", "temporary assistance amount"),
    ),
    ("small_loan.status", l("小额信贷状态", "small loan status")),
    (
        "small_loan.eligible",
        l("符合小额信贷条件", "eligible for a small loan"),
    ),
    (
        "small_loan.max_amount",
        l("小额信贷最高额度", "largest small loan"),
    ),
    (
        "small_loan.max_term_months",
        l("小额信贷最长期限（月）", "longest small-loan term (months)"),
    ),
    (
        "small_loan.borrowers",
        l("可作借款人的成员", "members who may borrow"),
    ),
    (
        "coverage_gaps",
        l("应享未享的帮扶", "support owed but not received"),
    ),
    ("members.count", l("家庭人数", "household size")),
    (
        "medical_subsidy.total",
        l("医保参保资助合计", "medical insurance help in total"),
    ),
    (
        "pension.proxy_payment_total",
        l("代缴养老保险费合计", "pension contributions paid, in total"),
    ),
    (
        "margin.monitoring.income_below_line",
        l("距监测收入线", "distance to the monitoring line"),
    ),
    (
        "margin.dibao.income_below_standard",
        l("距低保标准", "distance to the dibao line"),
    ),
    (
        "margin.dibao.gradual_exit",
        l(
            "距低保渐退截止",
            "distance to the end of the dibao phase-out",
        ),
    ),
    ("age", l("年龄", "age")),
    (
        "tekun.eligible",
        l("符合特困供养条件", "eligible as extremely poor"),
    ),
    (
        "tekun.basic_living_monthly",
        l("特困基本生活费（每月）", "basic living allowance per month"),
    ),
    (
        "disability_living_subsidy_monthly",
        l(
            "困难残疾人生活补贴（每月）",
            "disability living allowance per month",
        ),
    ),
    (
        "disability_care_subsidy_monthly",
        l(
            "重度残疾人护理补贴（每月）",
            "disability care allowance per month",
        ),
    ),
    (
        "child_rehabilitation",
        l(
            "残疾儿童康复救助",
            "rehabilitation for a child with a disability",
        ),
    ),
    (
        "medical_subsidy.basis",
        l("医保参保资助依据", "basis of the medical insurance help"),
    ),
    (
        "medical_subsidy.subsidy",
        l("医保参保资助（每年）", "medical insurance help per year"),
    ),
    (
        "medical_subsidy.personal_contribution",
        l("个人缴纳的医保费", "own medical insurance premium"),
    ),
    (
        "pension.proxy_payment",
        l(
            "代缴养老保险费（每年）",
            "pension contribution paid for you per year",
        ),
    ),
    (
        "pension.proxy_basis",
        l("代缴依据", "basis of the paid contribution"),
    ),
    (
        "pension.lowest_tier_available",
        l("最低缴费档次", "lowest contribution tier"),
    ),
    ("dropout_alert", l("辍学提醒", "school dropout alert")),
    (
        "vocational_subsidy_annual",
        l("中职、高职资助（每年）", "vocational school aid per year"),
    ),
    (
        "undergraduate_aid",
        l("大学生资助", "university student aid"),
    ),
    ("nutrition_plan", l("学生营养餐", "school meals")),
    ("student_aid", l("学生资助", "student aid")),
    ("job_info_push", l("推送就业信息", "send job notices")),
    (
        "training_info_push",
        l("推送培训信息", "send training notices"),
    ),
    (
        "public_welfare_post.eligible",
        l("可安排公益性岗位", "may have a public-service job"),
    ),
    (
        "public_welfare_post.priority",
        l(
            "优先安排公益性岗位",
            "first in line for a public-service job",
        ),
    ),
    (
        "triple_guarantee.expense",
        l("住院总费用", "total hospital costs"),
    ),
    (
        "triple_guarantee.basic",
        l("基本医保报销", "basic insurance reimbursement"),
    ),
    (
        "triple_guarantee.critical_illness",
        l("大病保险报销", "critical illness insurance reimbursement"),
    ),
    (
        "triple_guarantee.assistance",
        l("医疗救助", "medical assistance"),
    ),
    (
        "triple_guarantee.out_of_pocket",
        l("个人自付", "paid by the household"),
    ),
    (
        "margin.tekun.minor",
        l("距特困年龄界限", "distance to the tekun age limit"),
    ),
    (
        "margin.disability.child_rehabilitation",
        l(
            "距残疾儿童康复年龄界限",
            "distance to the child rehabilitation age limit",
        ),
    ),
    (
        "margin.education.dropout_alert",
        l(
            "距辍学提醒年龄界限",
            "distance to the dropout alert age limit",
        ),
    ),
    (
        "margin.pension.age",
        l("距养老保险代缴年龄", "distance to the pension age"),
    ),
    // `hengjie.summarize`, `compare` and `sweep` (the what-if tables): their metrics and
    // columns.
    ("households", l("户数", "households")),
    ("assessed", l("已评估户数", "households assessed")),
    ("failed", l("出错户数", "households with errors")),
    ("included", l("纳入监测户数", "households monitored")),
    (
        "unstable_alleviated",
        l("脱贫不稳定户", "left poverty but not yet stable"),
    ),
    (
        "marginal",
        l("边缘易致贫户", "at risk of falling into poverty"),
    ),
    (
        "sudden_hardship",
        l("突发严重困难户", "in sudden serious hardship"),
    ),
    (
        "newly_included",
        l("新纳入监测户数", "households newly monitored"),
    ),
    (
        "dropped",
        l("不再监测户数", "households no longer monitored"),
    ),
    ("dibao_households", l("低保户数", "dibao households")),
    (
        "dibao_monthly_total",
        l("低保金合计（每月）", "dibao in total per month"),
    ),
    (
        "temporary_assistance_households",
        l("临时救助户数", "temporary assistance households"),
    ),
    (
        "temporary_assistance_total",
        l(
            "临时救助合计（一次性）",
            "temporary assistance in total, once",
        ),
    ),
    (
        "medical_subsidy_total",
        l(
            "医保参保资助合计（每年）",
            "medical insurance help in total per year",
        ),
    ),
    (
        "pension_proxy_total",
        l(
            "代缴养老保险费合计（每年）",
            "pension contributions paid in total per year",
        ),
    ),
    (
        "small_loan_households",
        l("符合小额信贷户数", "households eligible for a small loan"),
    ),
    (
        "low_income_households",
        l("农村低收入人口户数", "low-income households"),
    ),
    ("metric", l("指标", "metric")),
    ("unit", l("单位", "unit")),
    ("value", l("参数取值", "parameter value")),
    // The sweep chart's marker and title: the value the policy itself sets on the as-of date,
    // and the date every swept value applies from.
    ("current_value", l("现行取值", "current value")),
    ("effective_from", l("生效日期", "in force from")),
    ("baseline", l("现行政策", "baseline")),
    ("reform", l("调整后", "reform")),
    ("change", l("变化", "change")),
    ("row", l("行号", "row")),
    ("changes", l("变化的决定", "decisions that change")),
    ("error.code", l("错误代码", "error code")),
    ("error.path", l("出错位置", "where the error is")),
    ("error.message_en", l("错误说明（英文）", "error (English)")),
    ("error.message_zh", l("错误说明（中文）", "error (Chinese)")),
    ("error.count", l("错误数", "number of errors")),
    // `hengjie.explain` (an assessment explained for a colleague): its headings and headers.
    (
        "explain.title",
        l("评估说明", "Explanation of an assessment"),
    ),
    // The policy the clauses (`§五(二)`) belong to: its document number, in both languages.
    (
        "explain.document",
        l("阳发〔2021〕30号", "阳发〔2021〕30号"),
    ),
    ("explain.clause", l("条款", "clause")),
    ("explain.code", l("代码", "code")),
    ("explain.message_zh", l("中文说明", "in Chinese")),
    ("explain.message_en", l("英文说明", "in English")),
    ("explain.values", l("依据的数值", "figures used")),
    (
        "explain.per_member",
        l(
            "按成员分别决定，见下列理由",
            "decided for each member: see the reasons below",
        ),
    ),
    (
        "explain.margins",
        l("离改变决定还差多少", "how far from a different decision"),
    ),
    ("explain.decision", l("决定", "decision")),
    ("explain.current", l("现在", "now")),
    ("explain.threshold", l("界限", "threshold")),
    ("explain.warnings", l("提示", "warnings")),
    ("explain.none", l("无", "none")),
    ("explain.parameters", l("所用参数", "parameters used")),
    ("explain.parameter", l("参数", "parameter")),
    ("explain.from", l("起用日期", "in force from")),
    ("explain.provenance", l("出处类别", "kind of source")),
    ("explain.source", l("出处", "source")),
    ("explain.illustrative", l("示例值", "illustrative")),
    (
        "explain.illustrative_note",
        l(
            "示例值是占位数字，部署单位须换成本地数值",
            "an illustrative value is a placeholder a deploying office must replace with the local figure",
        ),
    ),
];

/// The label of a table column.
pub fn column_label(column: &str) -> Option<Label> {
    COLUMNS.iter().find(|(c, _)| *c == column).map(|(_, l)| *l)
}

/// The whole table in one language, as the bindings' `labels(lang)` return it:
/// `{lang, fields: {pattern: label}, hints: {pattern: hint}, village_fields, farmland_fields,
/// values: {list: {word: label}}, value_fields: {list: [patterns]}, rules: {rule: title},
/// outputs: {field: {word: label}}, columns: {column: label}, supports: {code: title}}`, every
/// map in table order.
pub fn table(lang: Lang) -> JValue {
    let fields = |list: &[Field]| -> JValue {
        JValue::Object(
            list.iter()
                .map(|f| (f.pattern.to_owned(), JValue::from(f.label.get(lang))))
                .collect(),
        )
    };
    let hints: JMap = HOUSEHOLD_FIELDS
        .iter()
        .filter_map(|f| {
            f.hint
                .map(|h| (f.pattern.to_owned(), JValue::from(h.get(lang))))
        })
        .collect();
    let words = |list: &[Word]| -> JValue {
        JValue::Object(
            list.iter()
                .map(|x| (x.word.to_owned(), JValue::from(x.label.get(lang))))
                .collect(),
        )
    };
    let mut out = JMap::new();
    out.insert("lang".into(), JValue::from(lang.as_str()));
    out.insert("fields".into(), fields(HOUSEHOLD_FIELDS));
    out.insert("hints".into(), JValue::Object(hints));
    out.insert("village_fields".into(), fields(VILLAGE_FIELDS));
    out.insert("farmland_fields".into(), fields(FARMLAND_FIELDS));
    out.insert(
        "values".into(),
        JValue::Object(
            WORD_LISTS
                .iter()
                .map(|list| (list.name.to_owned(), words(list.words)))
                .collect(),
        ),
    );
    out.insert(
        "value_fields".into(),
        JValue::Object(
            WORD_LISTS
                .iter()
                .map(|list| (list.name.to_owned(), JValue::from(list.fields.to_vec())))
                .collect(),
        ),
    );
    out.insert(
        "rules".into(),
        JValue::Object(
            RULES
                .iter()
                .map(|(r, t)| ((*r).to_owned(), JValue::from(t.get(lang))))
                .collect(),
        ),
    );
    out.insert(
        "outputs".into(),
        JValue::Object(
            OUTPUT_WORDS
                .iter()
                .map(|(f, list)| ((*f).to_owned(), words(list)))
                .collect(),
        ),
    );
    out.insert(
        "columns".into(),
        JValue::Object(
            COLUMNS
                .iter()
                .map(|(c, t)| ((*c).to_owned(), JValue::from(t.get(lang))))
                .collect(),
        ),
    );
    out.insert(
        "supports".into(),
        JValue::Object(
            crate::summary::SUPPORTS
                .iter()
                .map(|s| (s.code.to_owned(), JValue::from(s.title.get(lang))))
                .collect(),
        ),
    );
    JValue::Object(out)
}

/// The words of the model's enums, in contract order: the table's lists must name the same
/// words (a test checks it).
pub fn model_words() -> [(&'static str, Vec<&'static str>); 8] {
    [
        (
            "labor_capacity",
            LaborCapacity::ALL.iter().map(|x| x.as_str()).collect(),
        ),
        (
            "disability_category",
            DisabilityCategory::ALL.iter().map(|x| x.as_str()).collect(),
        ),
        (
            "schooling_status",
            SchoolingStatus::ALL.iter().map(|x| x.as_str()).collect(),
        ),
        (
            "school_stage",
            SchoolStage::ALL.iter().map(|x| x.as_str()).collect(),
        ),
        (
            "housing_grade",
            HousingGrade::ALL.iter().map(|x| x.as_str()).collect(),
        ),
        (
            "monitoring_category",
            MonitoringCategory::ALL.iter().map(|x| x.as_str()).collect(),
        ),
        (
            "guardianship",
            Guardianship::ALL.iter().map(|x| x.as_str()).collect(),
        ),
        (
            "hospital_level",
            HospitalLevel::ALL.iter().map(|x| x.as_str()).collect(),
        ),
    ]
}

/// The JSON Schema of the household input with the table's labels (the `schema` feature):
/// schemars' schema of [`crate::model::Household`], where every property carries `title` (its
/// Chinese label), `x-title-en`, and where the table has a hint `x-description-zh` and
/// `x-description-en`; every list of words carries `x-enum-labels` and `x-enum-labels-en`
/// (word → label), as does the disability grade. `householdSchema()` returns it.
#[cfg(feature = "schema")]
pub fn household_schema() -> Value {
    let schema = schemars::schema_for!(crate::model::Household);
    let mut root = serde_json::to_value(&schema).unwrap_or(Value::Null);
    let mut defs = root
        .get("$defs")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    root.as_object_mut()
        .map(|o| o.insert("x-title-zh".into(), Value::from("家庭信息")));
    annotate_object(&mut root, "", &mut defs);
    for (name, def) in defs.iter_mut() {
        let list = WORD_LISTS.iter().find(|l| snake(name) == l.name);
        if let (Some(list), Some(o)) = (list, def.as_object_mut()) {
            enum_labels(o, list);
        }
    }
    if let Some(o) = root.as_object_mut() {
        o.insert("$defs".into(), Value::Object(defs));
    }
    root
}

#[cfg(feature = "schema")]
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(feature = "schema")]
fn enum_labels(o: &mut Map<String, Value>, list: &WordList) {
    let map = |f: fn(Label) -> &'static str| -> Value {
        Value::Object(
            list.words
                .iter()
                .map(|w| (w.word.to_owned(), Value::from(f(w.label))))
                .collect(),
        )
    };
    o.insert("x-enum-labels".into(), map(|l| l.zh));
    o.insert("x-enum-labels-en".into(), map(|l| l.en));
}

/// Labels the properties of a schema object at `prefix`, and (once) the definitions it refers to.
#[cfg(feature = "schema")]
fn annotate_object(node: &mut Value, prefix: &str, defs: &mut Map<String, Value>) {
    let Some(props) = node.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for (key, prop) in props.iter_mut() {
        let pattern = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}/{key}")
        };
        let Some(field) = HOUSEHOLD_FIELDS.iter().find(|f| f.pattern == pattern) else {
            continue;
        };
        if let Some(o) = prop.as_object_mut() {
            o.insert("title".into(), Value::from(field.label.zh));
            o.insert("x-title-en".into(), Value::from(field.label.en));
            if let Some(h) = field.hint {
                o.insert("x-description-zh".into(), Value::from(h.zh));
                o.insert("x-description-en".into(), Value::from(h.en));
            }
            if let Some(list) = WORD_LISTS
                .iter()
                .find(|l| l.fields.contains(&pattern.as_str()) && l.name == "disability_grade")
            {
                enum_labels(o, list);
            }
        }
        let array = prop.get("items").is_some()
            || prop
                .get("anyOf")
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(|x| x.get("items").is_some()));
        let child = if array {
            format!("{pattern}/*")
        } else {
            pattern.clone()
        };
        let mut refs = Vec::new();
        collect_refs(prop, &mut refs);
        for r in refs {
            let name = r.trim_start_matches("#/$defs/").to_owned();
            if let Some(mut def) = defs.get(&name).cloned() {
                annotate_object(&mut def, &child, defs);
                if let Some(slot) = defs.get_mut(&name) {
                    *slot = def;
                }
            }
        }
    }
}

#[cfg(feature = "schema")]
fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                match (k.as_str(), x) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => collect_refs(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_model_word_has_a_label_in_contract_order() {
        for (name, words) in model_words() {
            let list = word_list(name).unwrap();
            let table: Vec<&str> = list.words.iter().map(|x| x.word).collect();
            assert_eq!(table, words, "{name}");
        }
    }

    #[test]
    fn pointers_become_patterns_and_labels() {
        assert_eq!(pattern_of("/members/0/birth_date"), "members/*/birth_date");
        assert_eq!(pattern_of(""), "");
        assert_eq!(
            field_label(Document::Household, "/members/3/birth_date").zh,
            "出生日期"
        );
        assert_eq!(
            field_label(Document::Household, "/members/3/birth_date").en,
            "date of birth"
        );
        // An unknown key falls back to its parent's label.
        assert_eq!(
            field_label(Document::Household, "/members/0/colour").zh,
            "这位家庭成员"
        );
        assert_eq!(field_label(Document::Village, "/id").zh, "村编号");
    }

    #[test]
    fn labels_have_no_backticks_and_chinese_uses_full_width_punctuation() {
        let mut all: Vec<Label> = Vec::new();
        for list in [HOUSEHOLD_FIELDS, VILLAGE_FIELDS, FARMLAND_FIELDS] {
            all.extend(list.iter().map(|f| f.label));
            all.extend(list.iter().filter_map(|f| f.hint));
        }
        for list in WORD_LISTS {
            all.extend(list.words.iter().map(|x| x.label));
        }
        all.extend(RULES.iter().map(|(_, t)| *t));
        all.extend(COLUMNS.iter().map(|(_, t)| *t));
        for (_, words) in OUTPUT_WORDS {
            all.extend(words.iter().map(|x| x.label));
        }
        for l in all {
            assert!(!l.zh.contains('`') && !l.en.contains('`'), "{l:?}");
            assert!(
                !l.zh.contains(['(', ')', ',', ':', ';']),
                "half-width punctuation in {l:?}"
            );
        }
    }

    #[test]
    fn every_output_word_of_a_table_column_has_a_label() {
        use crate::rules::{medical, monitoring as m, pension};
        let names = |field: &str| -> Vec<&str> {
            OUTPUT_WORDS
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, words)| words.iter().map(|x| x.word).collect())
                .unwrap_or_default()
        };
        let risks = [
            m::RiskFlag::IncomeBelowLine,
            m::RiskFlag::RigidExpenditure,
            m::RiskFlag::IncomeDrop,
            m::RiskFlag::Dropout,
            m::RiskFlag::Uninsured,
            m::RiskFlag::UnsafeHousing,
            m::RiskFlag::UnsafeWater,
            m::RiskFlag::FoodClothing,
        ];
        let wire: Vec<&str> = risks.iter().map(crate::wire_name).collect();
        assert_eq!(names("monitoring.risks"), wire);
        let blockers = [
            m::ExitBlocker::TooRecent,
            m::ExitBlocker::IncomeNotStable,
            m::ExitBlocker::RiskRemaining,
            m::ExitBlocker::NoMeasure,
            m::ExitBlocker::NoLaborCapacity,
        ];
        let wire: Vec<&str> = blockers.iter().map(|b| b.as_str()).collect();
        assert_eq!(names("monitoring.exit.blockers"), wire);
        let bases = [
            medical::Basis::Tekun,
            medical::Basis::Dibao,
            medical::Basis::Monitored,
            medical::Basis::Alleviated,
        ];
        let wire: Vec<&str> = bases.iter().map(|b| b.as_str()).collect();
        assert_eq!(names("members.medical_subsidy.basis"), wire);
        let bases = [
            pension::ProxyBasis::Tekun,
            pension::ProxyBasis::SevereDisability,
            pension::ProxyBasis::Dibao,
            pension::ProxyBasis::Monitored,
        ];
        let wire: Vec<&str> = bases.iter().map(|b| b.as_str()).collect();
        assert_eq!(names("members.pension.proxy_basis"), wire);
        use crate::explain::WarningCode as W;
        let codes = [
            W::IllustrativeParameter,
            W::SchoolingUnknown,
            W::AssetTestNotProvided,
            W::IncomeExceededOnNotProvided,
        ];
        let wire: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
        assert_eq!(names("warnings.code"), wire);
        use crate::params::Provenance as P;
        let kinds = [P::Seed, P::National, P::Local, P::Illustrative];
        let wire: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        assert_eq!(names("parameters.provenance"), wire);
        assert_eq!(
            output_word("monitoring.risks", "rigid_expenditure").map(|l| l.zh),
            Some("必需支出过大")
        );
    }

    #[test]
    fn the_table_keeps_every_rule_in_rule_order() {
        let t = table(Lang::Zh);
        let rules: Vec<&String> = t["rules"].as_object().unwrap().keys().collect();
        assert_eq!(rules.len(), 16);
        use crate::explain::Rule as R;
        let order: Vec<String> = [
            R::Transition,
            R::Monitoring,
            R::AssistanceApproach,
            R::Dibao,
            R::Tekun,
            R::TemporaryAssistance,
            R::Disability,
            R::Medical,
            R::Pension,
            R::Education,
            R::Employment,
            R::SmallLoan,
            R::LowIncome,
            R::Housing,
            R::Children,
            R::Care,
        ]
        .iter()
        .map(|r| crate::wire_name(r).to_owned())
        .collect();
        assert_eq!(rules, order.iter().collect::<Vec<_>>());
        assert_eq!(t["rules"]["education"], "教育资助");
        assert_eq!(
            table(Lang::En)["values"]["labor_capacity"]["none"],
            "cannot work"
        );
    }

    /// Every field of the household schema (every property of every object, however deep) has a
    /// Chinese and an English title, and every list of words labels each of its words in both
    /// languages, in the schema's order.
    #[cfg(feature = "schema")]
    #[test]
    fn every_schema_field_and_word_has_a_label() {
        let schema = household_schema();
        let defs = schema["$defs"].as_object().unwrap();
        let mut fields = 0;
        for object in std::iter::once(&schema).chain(defs.values()) {
            let Some(props) = object.get("properties").and_then(Value::as_object) else {
                continue;
            };
            for (key, p) in props {
                let zh = p["title"].as_str().unwrap_or_default();
                assert!(
                    zh.chars().any(|c| c > '\u{2e80}'),
                    "{key}: no Chinese title"
                );
                assert!(p["x-title-en"].is_string(), "{key}: no English title");
                fields += 1;
            }
        }
        // HOUSEHOLD_FIELDS less the document, the array items and the objects' own rows.
        assert!(fields >= 45, "{fields} fields");
        for key in ["guardianship", "self_care_able"] {
            assert!(
                defs["Member"]["properties"][key]["title"].is_string(),
                "{key}"
            );
        }
        let mut lists = Vec::new();
        for (name, def) in defs {
            // A list of words is an `enum`, or a `oneOf` of `const`s (words with their own doc).
            let words: Vec<&str> = match (def.get("enum"), def.get("oneOf")) {
                (Some(Value::Array(e)), _) => e.iter().filter_map(Value::as_str).collect(),
                (None, Some(Value::Array(o))) => {
                    o.iter().filter_map(|x| x["const"].as_str()).collect()
                }
                _ => continue,
            };
            for lang in ["x-enum-labels", "x-enum-labels-en"] {
                let labels = def[lang]
                    .as_object()
                    .unwrap_or_else(|| panic!("{name}: no {lang}"));
                let keys: Vec<&str> = labels.keys().map(String::as_str).collect();
                assert_eq!(keys, words, "{name} {lang}");
                assert!(
                    labels
                        .values()
                        .all(|l| l.as_str().is_some_and(|t| !t.is_empty()))
                );
            }
            lists.push(snake(name));
        }
        lists.sort();
        let mut expected: Vec<String> =
            model_words().iter().map(|(n, _)| (*n).to_owned()).collect();
        expected.sort();
        assert_eq!(lists, expected);
        // The disability grade, an integer, is labelled at its property.
        let grade = &defs["Disability"]["properties"]["grade"];
        assert_eq!(grade["x-enum-labels"]["1"], "一级（最重）");
    }
}
