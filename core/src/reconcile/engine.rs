//! The comparison itself: rosters indexed by id number, matching, signals in their order, and
//! the consequences step (RECONCILE.md "Matching", "Signals", "Consequences", "Output").

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use super::id;
use super::signal::{Code, Severity, Signal, Wording, messages};
use super::{FileId, RosterKind, Rosters, RowOutcome, RowProblem, RowValues};
use crate::api::{Assessor, Checked};
use crate::assessment::Assessment;
use crate::date::{self, Date};
use crate::error::Errors;
use crate::explain::{Warning, WarningCode};
use crate::model::{DibaoReceipt, Household, SchoolStage, Schooling, SchoolingStatus};
use crate::money::Money;
use crate::params::{Param, ParamRow, Policy, Provenance};

/// Where a row is: its file and its row number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct RowRef {
    file: FileId,
    row: u64,
}

/// What a roster says of one person, merged over its valid rows.
#[derive(Debug, Clone)]
enum Data {
    Listed,
    Dibao {
        benefit: Option<Decimal>,
        since: Option<Date>,
    },
    Cost(Decimal),
    School(SchoolingStatus),
    Disability(u8, crate::model::DisabilityCategory),
    Deceased(Date),
    Exclusion(Vec<(RowRef, super::ExclusionReason)>),
}

#[derive(Debug, Clone)]
struct Person {
    /// The first valid row, when there is one.
    first: Option<RowRef>,
    /// Valid rows counted (several only for `medical_cost` and `exclusion`).
    rows: u64,
    /// An invalid row with this (valid) id: no absence-based signal or fact.
    shadow: bool,
    /// A taking-part member holds this id.
    matched: bool,
    data: Option<Data>,
}

/// One kind's roster.
#[derive(Debug, Default)]
pub(crate) struct KindRoster {
    pub(crate) files: Vec<Option<String>>,
    people: HashMap<u64, Person>,
    rows: u64,
    invalid: u64,
    duplicates: u64,
}

/// A household-less signal waiting for the end, with its sort key.
#[derive(Debug)]
pub(crate) struct Pending {
    kind: RosterKind,
    at: RowRef,
    code: Code,
    id_key: Option<u64>,
    numeric_cell: bool,
    column: &'static str,
}

impl KindRoster {
    pub(crate) fn add_row(
        &mut self,
        kind: RosterKind,
        file: FileId,
        row: u64,
        outcome: RowOutcome,
    ) -> Option<Pending> {
        self.rows += 1;
        let at = RowRef { file, row };
        match outcome {
            RowOutcome::Invalid {
                id_number,
                column,
                problem,
            } => {
                self.invalid += 1;
                if let Some(key) = id_number.as_deref().and_then(id::key) {
                    self.people
                        .entry(key)
                        .or_insert_with(|| Person {
                            first: None,
                            rows: 0,
                            shadow: false,
                            matched: false,
                            data: None,
                        })
                        .shadow = true;
                }
                Some(Pending {
                    kind,
                    at,
                    code: Code::RosterRowInvalid,
                    id_key: None,
                    numeric_cell: problem == RowProblem::NumericIdCell,
                    column,
                })
            }
            RowOutcome::Valid { id_number, values } => {
                let Some(key) = id::key(&id_number) else {
                    // Unreachable for rows read by the tables crate; counted as invalid.
                    self.invalid += 1;
                    return Some(Pending {
                        kind,
                        at,
                        code: Code::RosterRowInvalid,
                        id_key: None,
                        numeric_cell: false,
                        column: "id_number",
                    });
                };
                let person = self.people.entry(key).or_insert_with(|| Person {
                    first: None,
                    rows: 0,
                    shadow: false,
                    matched: false,
                    data: None,
                });
                match (&mut person.data, values) {
                    (None, values) => {
                        person.first = Some(at);
                        person.rows = 1;
                        person.data = Some(match values {
                            RowValues::Listed => Data::Listed,
                            RowValues::Dibao {
                                monthly_benefit,
                                since,
                            } => Data::Dibao {
                                benefit: monthly_benefit,
                                since,
                            },
                            RowValues::MedicalCost { out_of_pocket } => Data::Cost(out_of_pocket),
                            RowValues::School { status } => Data::School(status),
                            RowValues::Disability { grade, category } => {
                                Data::Disability(grade, category)
                            }
                            RowValues::Deceased { date } => Data::Deceased(date),
                            RowValues::Exclusion { reason } => Data::Exclusion(vec![(at, reason)]),
                        });
                        None
                    }
                    (Some(Data::Cost(sum)), RowValues::MedicalCost { out_of_pocket }) => {
                        *sum += out_of_pocket;
                        person.rows += 1;
                        None
                    }
                    (Some(Data::Exclusion(list)), RowValues::Exclusion { reason }) => {
                        list.push((at, reason));
                        person.rows += 1;
                        None
                    }
                    (Some(_), _) => {
                        self.duplicates += 1;
                        Some(Pending {
                            kind,
                            at,
                            code: Code::RosterDuplicate,
                            id_key: Some(key),
                            numeric_cell: false,
                            column: "id_number",
                        })
                    }
                }
            }
        }
    }

    /// The person's entry when at least one valid row lists it.
    fn on(&self, key: u64) -> Option<&Person> {
        self.people.get(&key).filter(|p| p.data.is_some())
    }

    fn shadowed(&self, key: u64) -> bool {
        self.people.get(&key).is_some_and(|p| p.shadow)
    }
}

/// The number behind a key, for masking (the key is 17 digits × 11 + the check value).
fn number_of_key(key: u64) -> String {
    let check = match key % 11 {
        10 => 'X',
        d => char::from(b'0' + u8::try_from(d).unwrap_or(0)),
    };
    format!("{:017}{check}", key / 11)
}

/// A household read and matched, ready for [`Reconciler::compare`].
#[derive(Debug)]
pub enum Prepared {
    /// It passed validation: each member's id key when it takes part, and whether a member
    /// repeats an id number an earlier household holds.
    Valid {
        household: Box<Checked>,
        taking_part: Vec<Option<u64>>,
        duplicate: Vec<bool>,
    },
    /// It failed validation: its errors, in place.
    Failed {
        household_id: Option<String>,
        errors: Errors,
    },
}

/// A decision the rosters' facts would change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The decision, as a dotted path of the assessment (`dibao.status`, `tekun.eligible`).
    pub decision: &'static str,
    pub person_id: Option<String>,
    /// The value on the declared household, as the assessment writes it.
    pub declared: Value,
    /// The value on the household with the rosters' facts applied.
    pub reconciled: Value,
}

/// One household's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum HouseholdOutcome {
    /// Compared: its signals in order and the decisions that would change (`None` when every
    /// member is on the deceased roster and nothing is left to assess).
    Compared {
        household_id: String,
        signals: Vec<Signal>,
        changes: Option<Vec<Change>>,
    },
    /// Not compared: the household document failed validation.
    Failed {
        household_id: Option<String>,
        errors: Errors,
    },
}

impl HouseholdOutcome {
    /// Its signals, when compared.
    pub fn signals(&self) -> Option<&[Signal]> {
        match self {
            HouseholdOutcome::Compared { signals, .. } => Some(signals),
            HouseholdOutcome::Failed { .. } => None,
        }
    }

    /// Whether it belongs in the output's `households`: failed, or with signals or changes.
    pub fn listed(&self) -> bool {
        match self {
            HouseholdOutcome::Compared {
                signals, changes, ..
            } => !signals.is_empty() || changes.as_ref().is_some_and(|c| !c.is_empty()),
            HouseholdOutcome::Failed { .. } => true,
        }
    }
}

impl Serialize for HouseholdOutcome {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(3))?;
        match self {
            HouseholdOutcome::Compared {
                household_id,
                signals,
                changes,
            } => {
                map.serialize_entry("household_id", household_id)?;
                map.serialize_entry("signals", signals)?;
                map.serialize_entry("changes", changes)?;
            }
            HouseholdOutcome::Failed {
                household_id,
                errors,
            } => {
                map.serialize_entry("household_id", household_id)?;
                map.serialize_entry("errors", errors)?;
            }
        }
        map.end()
    }
}

/// The counts of `summary`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub households: u64,
    pub failed: u64,
    pub with_signals: u64,
    pub with_changes: u64,
    pub by_severity: BySeverity,
    pub by_code: BTreeMap<&'static str, u64>,
}

/// Signals by severity, always the three keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BySeverity {
    pub red: u64,
    pub orange: u64,
    pub yellow: u64,
}

impl Summary {
    /// Counts one household's outcome.
    pub fn add(&mut self, outcome: &HouseholdOutcome) {
        self.households += 1;
        match outcome {
            HouseholdOutcome::Failed { .. } => self.failed += 1,
            HouseholdOutcome::Compared {
                signals, changes, ..
            } => {
                if !signals.is_empty() {
                    self.with_signals += 1;
                }
                if changes.as_ref().is_some_and(|c| !c.is_empty()) {
                    self.with_changes += 1;
                }
                for s in signals {
                    self.count(s);
                }
            }
        }
    }

    fn count(&mut self, s: &Signal) {
        match s.severity {
            Severity::Red => self.by_severity.red += 1,
            Severity::Orange => self.by_severity.orange += 1,
            Severity::Yellow => self.by_severity.yellow += 1,
        }
        *self.by_code.entry(s.code.as_str()).or_insert(0) += 1;
    }
}

/// One entry of `rosters`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterSummary {
    pub kind: RosterKind,
    pub files: Vec<Option<String>>,
    /// Data rows read (blank rows not counted).
    pub rows: u64,
    /// Rows neither invalid nor repeated whose id a taking-part member holds.
    pub matched: u64,
    pub invalid: u64,
    pub duplicates: u64,
}

/// What is known only at the end: the rosters' counts, the household-less signals, the
/// parameters read and the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tail {
    pub as_of: Date,
    pub rosters: Vec<RosterSummary>,
    pub other_signals: Vec<Signal>,
    pub parameters: Vec<ParamRow>,
    pub warnings: Vec<Warning>,
    pub summary: Summary,
}

/// Compares households, in input order, with the supplied rosters.
///
/// [`Reconciler::prepare`] is sequential (it decides which member takes part, in input order,
/// and marks the rosters' matches); [`Reconciler::compare`] only reads, so prepared households
/// may be compared on several threads. Households are never kept: a population streams through.
#[derive(Debug)]
pub struct Reconciler<'p> {
    assessor: Assessor<'p>,
    rosters: Rosters,
    claimed: HashSet<u64>,
    high_cost: Decimal,
    high_cost_row: ParamRow,
    compulsory: (u32, u32),
    any_roster: bool,
}

impl<'p> Reconciler<'p> {
    /// Resolves the parameters once (`parameter_undefined` when one has no value on `as_of`).
    pub fn new(policy: &'p Policy, as_of: Date, rosters: Rosters) -> Result<Self, Errors> {
        let assessor = Assessor::new(policy, as_of)?.explain(false);
        let params = assessor.resolved();
        let high_cost = params.dec(Param::ReconcileMedicalHighCost);
        let high_cost_row = params.row(Param::ReconcileMedicalHighCost);
        let compulsory = (
            params.int(Param::EducationCompulsoryAgeMin),
            params.int(Param::EducationCompulsoryAgeLimit),
        );
        let any_roster = RosterKind::ALL.iter().any(|k| rosters.supplied(*k));
        Ok(Reconciler {
            assessor,
            rosters,
            claimed: HashSet::new(),
            high_cost,
            high_cost_row,
            compulsory,
            any_roster,
        })
    }

    /// The date compared on.
    pub fn as_of(&self) -> Date {
        self.assessor.as_of()
    }

    /// Validates a household value, decides which members take part (an id number an earlier
    /// household holds takes no part) and marks the rosters' rows they match. Call it in input
    /// order.
    pub fn prepare(&mut self, value: &Value) -> Prepared {
        match self.assessor.parse(value) {
            Ok(household) => self.prepare_checked(household),
            Err(errors) => Prepared::Failed {
                household_id: value.get("id").and_then(Value::as_str).map(str::to_owned),
                errors,
            },
        }
    }

    /// [`Reconciler::prepare`] for a household already validated.
    pub fn prepare_checked(&mut self, household: Checked) -> Prepared {
        let mut taking_part = Vec::with_capacity(household.members.len());
        let mut duplicate = Vec::with_capacity(household.members.len());
        for m in &household.members {
            let key = m.id_number.as_deref().and_then(id::key);
            match key {
                Some(k) if self.claimed.insert(k) => {
                    for roster in self.rosters.kinds.iter_mut().flatten() {
                        if let Some(p) = roster.people.get_mut(&k) {
                            p.matched = true;
                        }
                    }
                    taking_part.push(Some(k));
                    duplicate.push(false);
                }
                Some(_) => {
                    taking_part.push(None);
                    duplicate.push(true);
                }
                None => {
                    taking_part.push(None);
                    duplicate.push(false);
                }
            }
        }
        Prepared::Valid {
            household: Box::new(household),
            taking_part,
            duplicate,
        }
    }

    /// The signals and changes of a prepared household.
    pub fn compare(&self, prepared: Prepared) -> HouseholdOutcome {
        match prepared {
            Prepared::Failed {
                household_id,
                errors,
            } => HouseholdOutcome::Failed {
                household_id,
                errors,
            },
            Prepared::Valid {
                household,
                taking_part,
                duplicate,
            } => self.compare_valid(&household, &taking_part, &duplicate),
        }
    }

    fn roster(&self, kind: RosterKind) -> Option<&KindRoster> {
        self.rosters.get(kind)
    }

    fn file_name(&self, kind: RosterKind, file: FileId) -> Option<String> {
        self.roster(kind)
            .and_then(|r| r.files.get(usize::try_from(file.0).unwrap_or(usize::MAX)))
            .cloned()
            .flatten()
    }

    fn compulsory_age(&self, birth: Date) -> bool {
        let age = date::age(birth, self.as_of());
        (self.compulsory.0..self.compulsory.1).contains(&age)
    }

    #[expect(
        clippy::too_many_lines,
        reason = "one pass over the table of RECONCILE.md, in its order"
    )]
    fn compare_valid(
        &self,
        h: &Checked,
        taking_part: &[Option<u64>],
        duplicate: &[bool],
    ) -> HouseholdOutcome {
        let mut out = Out {
            household_id: &h.id,
            signals: Vec::new(),
        };
        let mut declared: Option<Assessment> = None;
        let monitored = |declared: &mut Option<Assessment>| {
            declared
                .get_or_insert_with(|| self.assessor.assess_checked(h))
                .monitoring
                .monitored()
        };
        let on = |kind: RosterKind, key: Option<u64>| -> Option<&Person> {
            key.and_then(|k| self.roster(kind).and_then(|r| r.on(k)))
        };
        let shadowed = |kind: RosterKind, key: Option<u64>| -> bool {
            key.is_some_and(|k| self.roster(kind).is_some_and(|r| r.shadowed(k)))
        };
        let deceased: Vec<bool> = taking_part
            .iter()
            .map(|k| on(RosterKind::Deceased, *k).is_some())
            .collect();

        // Household-level: the three dibao codes, on taking-part members not deceased.
        if let Some(dibao) = self.roster(RosterKind::Dibao) {
            let part: Vec<u64> = taking_part
                .iter()
                .zip(&deceased)
                .filter(|(_, d)| !**d)
                .filter_map(|(k, _)| *k)
                .collect();
            let listed: Vec<&Person> = part.iter().filter_map(|k| dibao.on(*k)).collect();
            match &h.dibao {
                None => {
                    if let Some(first) = listed.first() {
                        out.push(
                            self,
                            RosterKind::Dibao,
                            Code::DibaoNotDeclared,
                            None,
                            first.first,
                            flag(false),
                            flag(true),
                        );
                    }
                }
                Some(receipt) => {
                    if !part.is_empty()
                        && listed.is_empty()
                        && !part.iter().any(|k| dibao.shadowed(*k))
                    {
                        out.push(
                            self,
                            RosterKind::Dibao,
                            Code::DibaoNotOnRoster,
                            None,
                            None,
                            flag(true),
                            flag(false),
                        );
                    }
                    let with_benefit = listed.iter().find_map(|p| match &p.data {
                        Some(Data::Dibao {
                            benefit: Some(b), ..
                        }) => Some((p.first, *b)),
                        _ => None,
                    });
                    if let Some((row, amount)) = with_benefit {
                        if amount != receipt.current_monthly_benefit {
                            out.push(
                                self,
                                RosterKind::Dibao,
                                Code::DibaoBenefitMismatch,
                                None,
                                row,
                                Some(money_text(receipt.current_monthly_benefit)),
                                Some(money_text(amount)),
                            );
                        }
                    }
                }
            }
        }

        let any_tekun = h.members.iter().any(|m| m.tekun);
        for (i, m) in h.members.iter().enumerate() {
            let key = taking_part.get(i).copied().flatten();
            let person = Some(m.id.as_str());
            if let Some(p) = on(RosterKind::Deceased, key) {
                let date = match p.data {
                    Some(Data::Deceased(d)) => Some(d.to_string()),
                    _ => None,
                };
                out.push(
                    self,
                    RosterKind::Deceased,
                    Code::MemberDeceased,
                    person,
                    p.first,
                    None,
                    date,
                );
                continue;
            }
            match &m.id_number {
                Some(number) => {
                    if !id::check_digit_ok(number) {
                        out.push_household(
                            Code::IdNumberChecksum,
                            &m.id,
                            Some(id::mask(number)),
                            None,
                        );
                    }
                    let (digits, birth) = id::birth_digits(number);
                    if birth != Some(m.birth_date) {
                        out.push_household(
                            Code::BirthDateMismatch,
                            &m.id,
                            Some(m.birth_date.to_string()),
                            Some(digits),
                        );
                    }
                }
                None if self.any_roster => {
                    out.push_household(Code::IdNumberMissing, &m.id, None, None);
                }
                None => {}
            }
            if duplicate.get(i).copied().unwrap_or(false) {
                let masked = m.id_number.as_deref().map(id::mask);
                out.push_household(Code::IdNumberDuplicate, &m.id, masked, None);
            }
            if key.is_none() {
                continue;
            }
            if self.rosters.supplied(RosterKind::Tekun) {
                let listed = on(RosterKind::Tekun, key);
                if let (Some(p), false) = (listed, m.tekun) {
                    out.push(
                        self,
                        RosterKind::Tekun,
                        Code::TekunNotDeclared,
                        person,
                        p.first,
                        flag(false),
                        flag(true),
                    );
                }
                if m.tekun && listed.is_none() && !shadowed(RosterKind::Tekun, key) {
                    out.push(
                        self,
                        RosterKind::Tekun,
                        Code::TekunNotOnRoster,
                        person,
                        None,
                        flag(true),
                        flag(false),
                    );
                }
            }
            if self.rosters.supplied(RosterKind::MedicalInsured) {
                let listed = on(RosterKind::MedicalInsured, key);
                if m.medical_insured
                    && listed.is_none()
                    && !shadowed(RosterKind::MedicalInsured, key)
                {
                    out.push(
                        self,
                        RosterKind::MedicalInsured,
                        Code::MedicalNotOnRoster,
                        person,
                        None,
                        flag(true),
                        flag(false),
                    );
                }
                if let (Some(p), false) = (listed, m.medical_insured) {
                    out.push(
                        self,
                        RosterKind::MedicalInsured,
                        Code::MedicalInsuredNotDeclared,
                        person,
                        p.first,
                        flag(false),
                        flag(true),
                    );
                }
            }
            if let Some(p) = on(RosterKind::MedicalCost, key) {
                if let Some(Data::Cost(sum)) = p.data {
                    if sum >= self.high_cost && !monitored(&mut declared) {
                        out.push(
                            self,
                            RosterKind::MedicalCost,
                            Code::MedicalHighCost,
                            person,
                            p.first,
                            None,
                            Some(money_text(sum)),
                        );
                    }
                }
            }
            if self.rosters.supplied(RosterKind::School) && self.compulsory_age(m.birth_date) {
                let status = m.schooling.map(|s| s.status);
                if !matches!(
                    status,
                    Some(SchoolingStatus::ExemptHealth | SchoolingStatus::Completed)
                ) {
                    let declared_status = status.map(|s| s.as_str().to_owned());
                    match on(RosterKind::School, key) {
                        Some(p) => {
                            if matches!(p.data, Some(Data::School(SchoolingStatus::NotEnrolled))) {
                                out.push(
                                    self,
                                    RosterKind::School,
                                    Code::SchoolNotEnrolled,
                                    person,
                                    p.first,
                                    declared_status,
                                    Some("not_enrolled".to_owned()),
                                );
                            }
                        }
                        None if !shadowed(RosterKind::School, key) => {
                            out.push(
                                self,
                                RosterKind::School,
                                Code::SchoolNotOnRoster,
                                person,
                                None,
                                declared_status,
                                None,
                            );
                        }
                        None => {}
                    }
                }
            }
            if let Some(p) = on(RosterKind::Disability, key) {
                if let Some(Data::Disability(grade, _)) = p.data {
                    match m.disability {
                        None => out.push(
                            self,
                            RosterKind::Disability,
                            Code::DisabilityNotDeclared,
                            person,
                            p.first,
                            None,
                            Some(grade.to_string()),
                        ),
                        Some(d) if d.grade != grade => out.push(
                            self,
                            RosterKind::Disability,
                            Code::DisabilityGradeMismatch,
                            person,
                            p.first,
                            Some(d.grade.to_string()),
                            Some(grade.to_string()),
                        ),
                        Some(_) => {}
                    }
                }
            }
            if self.rosters.supplied(RosterKind::PensionInsured)
                && m.pension_insured
                && on(RosterKind::PensionInsured, key).is_none()
                && !shadowed(RosterKind::PensionInsured, key)
            {
                out.push(
                    self,
                    RosterKind::PensionInsured,
                    Code::PensionNotOnRoster,
                    person,
                    None,
                    flag(true),
                    flag(false),
                );
            }
            if let Some(p) = on(RosterKind::Exclusion, key) {
                if let Some(Data::Exclusion(rows)) = &p.data {
                    if h.dibao.is_some() || any_tekun || monitored(&mut declared) {
                        let mut rows = rows.clone();
                        rows.sort_by_key(|(at, _)| *at);
                        for (at, reason) in rows {
                            out.push(
                                self,
                                RosterKind::Exclusion,
                                Code::ExclusionFinding,
                                person,
                                Some(at),
                                None,
                                Some(reason.as_str().to_owned()),
                            );
                        }
                    }
                }
            }
        }

        let changes = match self.reconciled(h, taking_part) {
            None => None,
            Some(copy) if copy == **h => Some(Vec::new()),
            Some(copy) => match self.assessor.check(copy) {
                Ok(checked) => {
                    let before = declared.unwrap_or_else(|| self.assessor.assess_checked(h));
                    let after = self.assessor.assess_checked(&checked);
                    Some(differences(&before, &after))
                }
                Err(errors) => {
                    return HouseholdOutcome::Failed {
                        household_id: Some(h.id.clone()),
                        errors,
                    };
                }
            },
        };
        HouseholdOutcome::Compared {
            household_id: h.id.clone(),
            signals: out.signals,
            changes,
        }
    }

    /// The household with the rosters' facts applied (RECONCILE.md "Consequences"), or `None`
    /// when every member is on the deceased roster.
    fn reconciled(&self, h: &Household, taking_part: &[Option<u64>]) -> Option<Household> {
        let mut copy = h.clone();
        let as_of = self.as_of();
        let on = |kind: RosterKind, key: u64| self.roster(kind).and_then(|r| r.on(key));
        let shadowed =
            |kind: RosterKind, key: u64| self.roster(kind).is_some_and(|r| r.shadowed(key));
        let mut dibao_listed: Vec<&Person> = Vec::new();
        let mut dibao_shadow = false;
        let mut any_part = false;
        let mut cost = Decimal::ZERO;
        let mut excluded = false;
        let mut dead: Vec<String> = Vec::new();
        for (m, key) in copy.members.iter_mut().zip(taking_part) {
            let Some(key) = *key else { continue };
            any_part = true;
            let flags: [(RosterKind, &mut bool); 3] = [
                (RosterKind::MedicalInsured, &mut m.medical_insured),
                (RosterKind::PensionInsured, &mut m.pension_insured),
                (RosterKind::Tekun, &mut m.tekun),
            ];
            for (kind, flag) in flags {
                if self.rosters.supplied(kind) {
                    if on(kind, key).is_some() {
                        *flag = true;
                    } else if !shadowed(kind, key) {
                        *flag = false;
                    }
                }
            }
            if let Some(Data::Disability(grade, category)) =
                on(RosterKind::Disability, key).and_then(|p| p.data.clone())
            {
                m.disability = Some(crate::model::Disability { grade, category });
            }
            if self.rosters.supplied(RosterKind::School) {
                let kept = matches!(
                    m.schooling.map(|s| s.status),
                    Some(SchoolingStatus::ExemptHealth | SchoolingStatus::Completed)
                );
                let status = match on(RosterKind::School, key).and_then(|p| p.data.clone()) {
                    Some(Data::School(status)) => Some(status),
                    _ if self.compulsory_age(m.birth_date)
                        && !shadowed(RosterKind::School, key) =>
                    {
                        Some(SchoolingStatus::NotEnrolled)
                    }
                    _ => None,
                };
                if let (false, Some(status)) = (kept, status) {
                    m.schooling = Some(Schooling {
                        status,
                        stage: m.schooling.map_or(SchoolStage::Primary, |s| s.stage),
                    });
                }
            }
            if let Some(p) = on(RosterKind::Dibao, key) {
                dibao_listed.push(p);
            }
            dibao_shadow |= shadowed(RosterKind::Dibao, key);
            if let Some(Data::Cost(sum)) =
                on(RosterKind::MedicalCost, key).and_then(|p| p.data.clone())
            {
                cost += sum;
            }
            excluded |= on(RosterKind::Exclusion, key).is_some();
            if on(RosterKind::Deceased, key).is_some() {
                dead.push(m.id.clone());
            }
        }
        if self.rosters.supplied(RosterKind::Dibao) {
            match copy.dibao {
                None if !dibao_listed.is_empty() => {
                    let since = dibao_listed
                        .iter()
                        .filter_map(|p| match p.data {
                            Some(Data::Dibao { since, .. }) => since,
                            _ => None,
                        })
                        .min()
                        .unwrap_or(as_of);
                    let benefit = dibao_listed
                        .iter()
                        .find_map(|p| match p.data {
                            Some(Data::Dibao { benefit, .. }) => benefit,
                            _ => None,
                        })
                        .unwrap_or(Decimal::ZERO);
                    copy.dibao = Some(DibaoReceipt {
                        since,
                        current_monthly_benefit: benefit,
                        income_exceeded_on: None,
                    });
                }
                Some(_) if any_part && dibao_listed.is_empty() && !dibao_shadow => {
                    copy.dibao = None;
                }
                _ => {}
            }
        }
        if cost > copy.rigid_expenditure.medical {
            copy.rigid_expenditure.medical = cost;
        }
        if excluded {
            copy.assets_within_limit = Some(false);
        }
        if !dead.is_empty() {
            copy.members.retain(|m| !dead.contains(&m.id));
            copy.hospitalizations
                .retain(|s| !dead.contains(&s.person_id));
            if copy.members.is_empty() {
                return None;
            }
        }
        Some(copy)
    }

    /// The end of the run: roster counts, household-less signals in their order, the
    /// parameters read and their warnings, and the summary (given the households' counts).
    pub fn finish(self, mut summary: Summary) -> Tail {
        let mut pending: Vec<Pending> = Vec::new();
        let mut rosters = Vec::new();
        for kind in RosterKind::ALL {
            let Some(r) = self.roster(kind) else { continue };
            let mut matched = 0;
            for (key, p) in &r.people {
                if p.matched {
                    matched += p.rows;
                }
                if matches!(kind, RosterKind::Dibao | RosterKind::Tekun) && !p.matched {
                    if let Some(at) = p.first {
                        pending.push(Pending {
                            kind,
                            at,
                            code: Code::RosterUnmatched,
                            id_key: Some(*key),
                            numeric_cell: false,
                            column: "id_number",
                        });
                    }
                }
            }
            rosters.push(RosterSummary {
                kind,
                files: r.files.clone(),
                rows: r.rows,
                matched,
                invalid: r.invalid,
                duplicates: r.duplicates,
            });
        }
        let mut all: Vec<&Pending> = self.rosters.other.iter().chain(&pending).collect();
        all.sort_by_key(|p| (p.kind, p.at, p.code));
        let other_signals: Vec<Signal> = all
            .into_iter()
            .map(|p| {
                let masked = p.id_key.map(|k| id::mask(&number_of_key(k)));
                let roster = match p.code {
                    Code::RosterRowInvalid => Some(p.column.to_owned()),
                    _ => masked,
                };
                let (message_zh, message_en) = messages(
                    p.code,
                    &Wording {
                        person: None,
                        declared: None,
                        roster: roster.as_deref(),
                        kind: p.kind.as_str(),
                        numeric_cell: p.numeric_cell,
                    },
                );
                Signal {
                    code: p.code,
                    severity: p.code.severity(),
                    action: p.code.action(),
                    kind: p.kind.as_str(),
                    household_id: None,
                    person_id: None,
                    file: self.file_name(p.kind, p.at.file),
                    row: Some(p.at.row),
                    declared: None,
                    roster,
                    clause: p.code.clause(),
                    message_zh,
                    message_en,
                }
            })
            .collect();
        for s in &other_signals {
            summary.count(s);
        }
        let (parameters, warnings) = if self.rosters.supplied(RosterKind::MedicalCost) {
            let illustrative = self.high_cost_row.provenance == Provenance::Illustrative;
            let warnings = if illustrative {
                vec![Warning {
                    code: WarningCode::IllustrativeParameter,
                    parameter: Some(Param::ReconcileMedicalHighCost.name()),
                    person_id: None,
                }]
            } else {
                Vec::new()
            };
            (vec![self.high_cost_row.clone()], warnings)
        } else {
            (Vec::new(), Vec::new())
        };
        Tail {
            as_of: self.as_of(),
            rosters,
            other_signals,
            parameters,
            warnings,
            summary,
        }
    }
}

/// Signals of one household under construction.
struct Out<'h> {
    household_id: &'h str,
    signals: Vec<Signal>,
}

impl Out<'_> {
    #[expect(clippy::too_many_arguments, reason = "the columns of a signal")]
    fn push(
        &mut self,
        r: &Reconciler<'_>,
        kind: RosterKind,
        code: Code,
        person: Option<&str>,
        at: Option<RowRef>,
        declared: Option<String>,
        roster: Option<String>,
    ) {
        let (file, row) = match at {
            Some(at) => (r.file_name(kind, at.file), Some(at.row)),
            None => (None, None),
        };
        self.signals.push(signal(
            code,
            kind.as_str(),
            self.household_id,
            person,
            file,
            row,
            declared,
            roster,
        ));
    }

    fn push_household(
        &mut self,
        code: Code,
        person: &str,
        declared: Option<String>,
        roster: Option<String>,
    ) {
        self.signals.push(signal(
            code,
            "household",
            self.household_id,
            Some(person),
            None,
            None,
            declared,
            roster,
        ));
    }
}

#[expect(clippy::too_many_arguments, reason = "the columns of a signal")]
fn signal(
    code: Code,
    kind: &'static str,
    household_id: &str,
    person: Option<&str>,
    file: Option<String>,
    row: Option<u64>,
    declared: Option<String>,
    roster: Option<String>,
) -> Signal {
    let (message_zh, message_en) = messages(
        code,
        &Wording {
            person,
            declared: declared.as_deref(),
            roster: roster.as_deref(),
            kind,
            numeric_cell: false,
        },
    );
    Signal {
        code,
        severity: code.severity(),
        action: code.action(),
        kind,
        household_id: Some(household_id.to_owned()),
        person_id: person.map(str::to_owned),
        file,
        row,
        declared,
        roster,
        clause: code.clause(),
        message_zh,
        message_en,
    }
}

fn flag(b: bool) -> Option<String> {
    Some(b.to_string())
}

fn money_text(d: Decimal) -> String {
    Money::round(d).to_string()
}

/// The household decisions compared, in order, as JSON Pointers into the assessment.
const HOUSEHOLD_DECISIONS: [(&str, &str); 9] = [
    ("monitoring.include", "/monitoring/include"),
    ("monitoring.category", "/monitoring/category"),
    ("monitoring.review", "/monitoring/review"),
    ("dibao.status", "/dibao/status"),
    ("dibao.monthly_benefit", "/dibao/monthly_benefit"),
    (
        "temporary_assistance.amount",
        "/temporary_assistance/amount",
    ),
    ("coverage_gaps", "/coverage_gaps"),
    ("low_income.groups", "/low_income/groups"),
    ("housing.status", "/housing/status"),
];

/// The member decisions compared, in order.
const MEMBER_DECISIONS: [(&str, &str); 6] = [
    ("tekun.eligible", "/tekun/eligible"),
    ("medical_subsidy.subsidy", "/medical_subsidy/subsidy"),
    (
        "disability_living_subsidy_monthly",
        "/disability_living_subsidy_monthly",
    ),
    (
        "disability_care_subsidy_monthly",
        "/disability_care_subsidy_monthly",
    ),
    ("pension.proxy_payment", "/pension/proxy_payment"),
    ("dropout_alert", "/dropout_alert"),
];

/// The decisions that differ between the declared and the reconciled assessment. A decision
/// the assessment does not have (an output of a later contract version) is skipped.
fn differences(before: &Assessment, after: &Assessment) -> Vec<Change> {
    let (Ok(b), Ok(a)) = (serde_json::to_value(before), serde_json::to_value(after)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (decision, pointer) in HOUSEHOLD_DECISIONS {
        if b.pointer(pointer).is_none() && a.pointer(pointer).is_none() {
            continue;
        }
        let (x, y) = (pick(&b, pointer), pick(&a, pointer));
        if x != y {
            out.push(Change {
                decision,
                person_id: None,
                declared: x,
                reconciled: y,
            });
        }
    }
    let empty = Vec::new();
    let members_before = b.get("members").and_then(Value::as_array).unwrap_or(&empty);
    let members_after = a.get("members").and_then(Value::as_array).unwrap_or(&empty);
    for m in members_after {
        let id = m
            .get("person_id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let Some(old) = members_before
            .iter()
            .find(|x| x.get("person_id").and_then(Value::as_str) == Some(id))
        else {
            continue;
        };
        for (decision, pointer) in MEMBER_DECISIONS {
            let (x, y) = (pick(old, pointer), pick(m, pointer));
            if x != y {
                out.push(Change {
                    decision,
                    person_id: Some(id.to_owned()),
                    declared: x,
                    reconciled: y,
                });
            }
        }
    }
    out
}

/// The value at a pointer; null when it is absent (`pension.proxy_payment` when `pension` is null).
fn pick(v: &Value, pointer: &str) -> Value {
    v.pointer(pointer).cloned().unwrap_or(Value::Null)
}

/// The whole answer as one document (RECONCILE.md "Output", the JSON form).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub as_of: Date,
    pub rosters: Vec<RosterSummary>,
    /// Failed households, and compared ones with signals or changes, in input order.
    pub households: Vec<HouseholdOutcome>,
    pub other_signals: Vec<Signal>,
    pub parameters: Vec<ParamRow>,
    pub warnings: Vec<Warning>,
    pub summary: Summary,
}

impl Document {
    /// Assembles the document from the listed households and the tail.
    pub fn new(households: Vec<HouseholdOutcome>, tail: Tail) -> Self {
        Document {
            as_of: tail.as_of,
            rosters: tail.rosters,
            households,
            other_signals: tail.other_signals,
            parameters: tail.parameters,
            warnings: tail.warnings,
            summary: tail.summary,
        }
    }
}

/// Compares household values (in order) with the rosters: the whole document at once. Streams
/// still hold only the listed households; a caller with millions of records and an output of
/// its own uses [`Reconciler`] directly.
pub fn reconcile_values<'v>(
    values: impl IntoIterator<Item = &'v Value>,
    rosters: Rosters,
    as_of: Date,
    policy: &Policy,
) -> Result<Document, Errors> {
    let mut reconciler = Reconciler::new(policy, as_of, rosters)?;
    let mut summary = Summary::default();
    let mut listed = Vec::new();
    for value in values {
        let prepared = reconciler.prepare(value);
        let outcome = reconciler.compare(prepared);
        summary.add(&outcome);
        if outcome.listed() {
            listed.push(outcome);
        }
    }
    Ok(Document::new(listed, reconciler.finish(summary)))
}
