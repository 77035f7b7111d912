//! The 22 signal codes of docs/reconcile.md with their severity, action and clause, in the table's
//! order, and the signal record itself.

use serde::Serialize;

/// How urgent a signal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Basic living or 三保障 at risk: act now.
    Red,
    /// Support status disagrees: verify in person (入户核实).
    Orange,
    /// A record to correct.
    Yellow,
}

impl Severity {
    /// The word used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Red => "red",
            Severity::Orange => "orange",
            Severity::Yellow => "yellow",
        }
    }
}

/// What the office should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Correct the household's record.
    UpdateRecord,
    /// Verify in person.
    Verify,
    /// Enrol the person.
    Enrol,
    /// Consider the household for monitoring.
    ConsiderMonitoring,
    /// Follow up a school dropout (控辍保学).
    DropoutFollowup,
    /// Ask the department to fix its roster.
    FixRoster,
}

impl Action {
    /// The word used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::UpdateRecord => "update_record",
            Action::Verify => "verify",
            Action::Enrol => "enrol",
            Action::ConsiderMonitoring => "consider_monitoring",
            Action::DropoutFollowup => "dropout_followup",
            Action::FixRoster => "fix_roster",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $wire:literal, $kind:literal, $sev:ident, $action:ident, $clause:literal;)+) => {
        /// A signal code. Declared in the table's order, so the derived order is that order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Code { $(#[doc = $wire] $variant,)+ }

        impl Code {
            /// Every code, in the table's order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            /// The word used on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $wire,)+ }
            }

            /// The roster kind it compares (`household` for the declaration's own checks;
            /// `any` for the row checks, whose signals carry the row's kind).
            pub fn table_kind(self) -> &'static str {
                match self { $(Code::$variant => $kind,)+ }
            }

            /// Its severity.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)+ }
            }

            /// What the office should do.
            pub fn action(self) -> Action {
                match self { $(Code::$variant => Action::$action,)+ }
            }

            /// The policy clause it rests on.
            pub fn clause(self) -> &'static str {
                match self { $(Code::$variant => $clause,)+ }
            }
        }
    };
}

codes! {
    IdNumberChecksum = "id_number_checksum", "household", Yellow, UpdateRecord, "§五(一)";
    BirthDateMismatch = "birth_date_mismatch", "household", Yellow, UpdateRecord, "§五(一)";
    IdNumberMissing = "id_number_missing", "household", Yellow, UpdateRecord, "§五(一)";
    IdNumberDuplicate = "id_number_duplicate", "household", Yellow, UpdateRecord, "§五(一)";
    MemberDeceased = "member_deceased", "deceased", Red, UpdateRecord, "§五(一)";
    DibaoNotDeclared = "dibao_not_declared", "dibao", Orange, Verify, "§五(一)";
    DibaoNotOnRoster = "dibao_not_on_roster", "dibao", Orange, Verify, "§五(一)";
    DibaoBenefitMismatch = "dibao_benefit_mismatch", "dibao", Yellow, UpdateRecord, "§五(二)";
    TekunNotDeclared = "tekun_not_declared", "tekun", Orange, Verify, "§五(一)";
    TekunNotOnRoster = "tekun_not_on_roster", "tekun", Orange, Verify, "§五(一)";
    MedicalNotOnRoster = "medical_not_on_roster", "medical_insured", Red, Enrol, "§三(三)";
    MedicalInsuredNotDeclared = "medical_insured_not_declared", "medical_insured", Yellow, UpdateRecord, "§三(三)";
    MedicalHighCost = "medical_high_cost", "medical_cost", Red, ConsiderMonitoring, "§三(二)";
    SchoolNotEnrolled = "school_not_enrolled", "school", Red, DropoutFollowup, "§三(三)";
    SchoolNotOnRoster = "school_not_on_roster", "school", Orange, Verify, "§三(三)";
    DisabilityNotDeclared = "disability_not_declared", "disability", Orange, Verify, "§五(二)";
    DisabilityGradeMismatch = "disability_grade_mismatch", "disability", Yellow, UpdateRecord, "§五(二)";
    PensionNotOnRoster = "pension_not_on_roster", "pension_insured", Orange, Enrol, "§五(三)";
    ExclusionFinding = "exclusion_finding", "exclusion", Orange, Verify, "§五(一)";
    RosterUnmatched = "roster_unmatched", "any", Orange, Verify, "§五(一)";
    RosterRowInvalid = "roster_row_invalid", "any", Yellow, FixRoster, "§五(一)";
    RosterDuplicate = "roster_duplicate", "any", Yellow, FixRoster, "§五(一)";
}

/// One line of the warning list (预警名单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signal {
    pub code: Code,
    pub severity: Severity,
    pub action: Action,
    /// The roster kind, or `household` for checks of the declaration alone.
    pub kind: &'static str,
    pub household_id: Option<String>,
    pub person_id: Option<String>,
    /// The roster file's name as given (null for an in-memory table).
    pub file: Option<String>,
    /// The row after the header (the first is 1); null when no row is involved.
    pub row: Option<u64>,
    /// The declared value as text (id numbers masked).
    pub declared: Option<String>,
    /// The roster's value as text (id numbers masked).
    pub roster: Option<String>,
    pub clause: &'static str,
    pub message_zh: String,
    pub message_en: String,
}

/// The facts a message is worded from.
#[derive(Debug, Default)]
pub(crate) struct Wording<'a> {
    pub person: Option<&'a str>,
    pub declared: Option<&'a str>,
    pub roster: Option<&'a str>,
    pub kind: &'static str,
    pub numeric_cell: bool,
}

/// The two messages of a signal: one sentence each, naming the member by `person_id` and any id
/// number masked (the caller passes masked values only).
pub(crate) fn messages(code: Code, w: &Wording<'_>) -> (String, String) {
    let p = w.person.unwrap_or("");
    let d = w.declared.unwrap_or("—");
    let r = w.roster.unwrap_or("—");
    match code {
        Code::IdNumberChecksum => (
            format!("成员 {p} 的公民身份号码 {d} 校验位不对,请核对后更正。"),
            format!("Member {p}'s citizen id number {d} has a wrong check digit; check and correct it."),
        ),
        Code::BirthDateMismatch => (
            format!("成员 {p} 的出生日期 {d} 与公民身份号码中的出生日期 {r} 不一致,请核对后更正。"),
            format!("Member {p}'s date of birth {d} differs from the one in the id number ({r}); check and correct it."),
        ),
        Code::IdNumberMissing => (
            format!("成员 {p} 没有公民身份号码,无法与部门名单比对,请补录。"),
            format!("Member {p} has no citizen id number and cannot be compared with the departments' rosters; add it."),
        ),
        Code::IdNumberDuplicate => (
            format!("成员 {p} 的公民身份号码 {d} 已登记在前面的另一户,本成员未参与比对,请核对。"),
            format!("Member {p}'s citizen id number {d} is already recorded in an earlier household, so this member was not compared; check it."),
        ),
        Code::MemberDeceased => (
            format!("成员 {p} 在死亡(注销)名单上,日期 {r},请核实后更新家庭成员。"),
            format!("Member {p} is on the deceased roster (date {r}); verify and update the household's members."),
        ),
        Code::DibaoNotDeclared => (
            "本户成员在民政低保名单上,但农户信息未登记低保,请入户核实。".to_owned(),
            "A member is on the civil-affairs dibao roster but the household's record shows no dibao; verify in person.".to_owned(),
        ),
        Code::DibaoNotOnRoster => (
            "本户登记享受低保,但成员均不在民政低保名单上,请入户核实。".to_owned(),
            "The household's record shows dibao but no member is on the civil-affairs dibao roster; verify in person.".to_owned(),
        ),
        Code::DibaoBenefitMismatch => (
            format!("本户登记的低保月保障金 {d} 元与民政名单的 {r} 元不一致,请更正。"),
            format!("The household's recorded monthly dibao benefit of {d} yuan differs from the roster's {r} yuan; correct the record."),
        ),
        Code::TekunNotDeclared => (
            format!("成员 {p} 在特困人员名单上,但农户信息未登记为特困人员,请入户核实。"),
            format!("Member {p} is on the tekun roster but is not recorded as supported as tekun; verify in person."),
        ),
        Code::TekunNotOnRoster => (
            format!("成员 {p} 登记为特困人员,但不在民政特困人员名单上,请入户核实。"),
            format!("Member {p} is recorded as tekun but is not on the civil-affairs tekun roster; verify in person."),
        ),
        Code::MedicalNotOnRoster => (
            format!("成员 {p} 登记已参加基本医疗保险,但不在医保参保名单上,请尽快落实参保。"),
            format!("Member {p} is recorded as insured but is not on the medical-insurance roster; enrol the member now."),
        ),
        Code::MedicalInsuredNotDeclared => (
            format!("成员 {p} 在医保参保名单上,但农户信息登记为未参保,请更正。"),
            format!("Member {p} is on the medical-insurance roster but recorded as not insured; correct the record."),
        ),
        Code::MedicalHighCost => (
            format!("成员 {p} 近 12 个月个人自付医疗费用合计 {r} 元,达到高额标准,本户未纳入监测,请研究是否纳入监测。"),
            format!("Member {p} paid {r} yuan out of pocket for medical care in 12 months, at or over the high-cost line, and the household is not monitored; consider monitoring it."),
        ),
        Code::SchoolNotEnrolled => (
            format!("成员 {p} 处于义务教育年龄,学籍名单显示未在学,请立即开展控辍保学。"),
            format!("Member {p} is of compulsory-school age and the school roll shows not enrolled; follow up the dropout now."),
        ),
        Code::SchoolNotOnRoster => (
            format!("成员 {p} 处于义务教育年龄,但不在学籍名单上,请入户核实在学情况。"),
            format!("Member {p} is of compulsory-school age but is not on the school roll; verify the schooling in person."),
        ),
        Code::DisabilityNotDeclared => (
            format!("成员 {p} 持有残疾人证({r} 级),但农户信息未登记残疾,请入户核实。"),
            format!("Member {p} holds a disability certificate (grade {r}) that the household's record does not show; verify in person."),
        ),
        Code::DisabilityGradeMismatch => (
            format!("成员 {p} 登记的残疾等级 {d} 级与残联名单的 {r} 级不一致,请更正。"),
            format!("Member {p}'s recorded disability grade {d} differs from the roster's grade {r}; correct the record."),
        ),
        Code::PensionNotOnRoster => (
            format!("成员 {p} 登记已参加城乡居民养老保险,但不在人社参保名单上,请落实参保。"),
            format!("Member {p} is recorded as enrolled in the residents' pension insurance but is not on its roster; enrol the member."),
        ),
        Code::ExclusionFinding => (
            format!("成员 {p} 在部门比对中有{}记录,本户享受低保、特困或在监测中,请入户核实。", reason_zh(r)),
            format!("Member {p} has a {} finding while the household receives dibao or tekun support or is monitored; verify in person.", reason_en(r)),
        ),
        Code::RosterUnmatched => (
            format!("{}名单上的 {r} 不在任何农户的成员中,请核实。", kind_zh(w.kind)),
            format!("{r} on the {} roster is not a member of any household; verify.", w.kind),
        ),
        Code::RosterRowInvalid if w.numeric_cell => (
            "名单中这一行的公民身份号码是数字格式单元格,Excel 只保留 15 位有效数字,后几位已丢失,请把该列设为文本后重新导出。".to_owned(),
            "This roster row's id number is a number cell; Excel keeps only 15 significant digits, so the last digits are lost: export the column as text.".to_owned(),
        ),
        Code::RosterRowInvalid => (
            format!("名单中这一行的 {r} 一栏缺失或无法识别,已跳过,请更正名单。"),
            format!("This roster row's {r} column is missing or cannot be read, so the row was skipped; correct the roster."),
        ),
        Code::RosterDuplicate => (
            format!("{r} 在{}名单中重复出现,后一行已忽略,请更正名单。", kind_zh(w.kind)),
            format!("{r} appears more than once on the {} roster; the later row was ignored: correct the roster.", w.kind),
        ),
    }
}

fn kind_zh(kind: &str) -> &'static str {
    match kind {
        "dibao" => "低保",
        "tekun" => "特困人员",
        "medical_insured" => "医保参保",
        "medical_cost" => "医疗费用",
        "school" => "学籍",
        "disability" => "残疾人",
        "deceased" => "死亡注销",
        "pension_insured" => "养老保险参保",
        _ => "部门比对",
    }
}

fn reason_zh(reason: &str) -> &'static str {
    match reason {
        "vehicle" => "车辆",
        "business" => "工商登记",
        "public_employee" => "财政供养人员",
        _ => "城镇住房",
    }
}

fn reason_en(reason: &str) -> &'static str {
    match reason {
        "vehicle" => "vehicle",
        "business" => "business registration",
        "public_employee" => "public employee",
        _ => "urban housing",
    }
}
