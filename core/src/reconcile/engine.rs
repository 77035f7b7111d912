//! The comparison itself: rosters indexed by id number, matching, signals in their order, and
//! the consequences step (docs/reconcile.md#matching, #signals, #consequences, #output-document).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::json::{Input, Value};
use rust_decimal::Decimal;
use serde::Serialize;

use super::id;
use super::signal::{Code, Severity, Signal, Wording, messages};
use super::{FileId, RosterKind, Rosters, RowOutcome, RowProblem, RowValues};
use crate::api::{Assessor, Checked};
use crate::assessment::{Assessment, Stamp};
use crate::date::{self, Date};
use crate::error::Errors;
use crate::explain::{Warning, WarningCode};
use crate::model::{DibaoReceipt, Household, SchoolStage, Schooling, SchoolingStatus};
use crate::money::Money;
use crate::params::{Param, ParamRow, Policy, Provenance};
use crate::validate::Parsed;

/// Where a row is: its file and its row number (rows past 4 billion share the last number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct RowRef {
    file: FileId,
    row: u32,
}

/// Hashes the id keys (already well spread: 17 digits and a check value) with one multiply,
/// instead of SipHash: the maps hold millions of them.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 =
                (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        self.0 ^= self.0 >> 32;
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;
type KeySet = HashSet<u64, BuildHasherDefault<KeyHasher>>;

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

#[derive(Debug)]
struct Person {
    /// The first valid row, when there is one.
    first: Option<RowRef>,
    /// Valid rows counted (several only for `medical_cost` and `exclusion`).
    rows: u32,
    /// An invalid row with this (valid) id: no absence-based signal or fact.
    shadow: bool,
    /// A taking-part member holds this id (set by [`Reconciler::compare`], which runs on
    /// several threads; read at the end).
    matched: AtomicBool,
    data: Option<Data>,
}

/// One kind's roster.
#[derive(Debug, Default)]
pub(crate) struct KindRoster {
    pub(crate) files: Vec<Option<String>>,
    people: KeyMap<Person>,
    rows: u64,
    invalid: u64,
    duplicates: u64,
}

/// A household-less signal waiting for the end, with its sort key.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    kind: RosterKind,
    at: RowRef,
    code: Code,
    id_key: Option<u64>,
    numeric_cell: bool,
    column: &'static str,
}

impl KindRoster {
    pub(crate) fn reserve(&mut self, people: usize) {
        self.people.reserve(people);
    }

    pub(crate) fn add_row(
        &mut self,
        kind: RosterKind,
        file: FileId,
        row: u64,
        outcome: RowOutcome,
    ) -> Option<Pending> {
        self.rows += 1;
        let at = RowRef {
            file,
            row: u32::try_from(row).unwrap_or(u32::MAX),
        };
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
                            matched: AtomicBool::new(false),
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
                    matched: AtomicBool::new(false),
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
                        person.rows = person.rows.saturating_add(1);
                        None
                    }
                    (Some(Data::Exclusion(list)), RowValues::Exclusion { reason }) => {
                        list.push((at, reason));
                        person.rows = person.rows.saturating_add(1);
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
}

/// One household's taking-part members' roster entries ([`Reconciler::found`]), by member.
struct Found<'a> {
    keys: &'a [Option<u64>],
    entries: Vec<[Option<&'a Person>; 9]>,
}

impl<'a> Found<'a> {
    fn entry(&self, kind: RosterKind, key: u64) -> Option<&'a Person> {
        let i = self.keys.iter().position(|k| *k == Some(key))?;
        self.entries.get(i)?.get(kind.index()).copied().flatten()
    }

    /// The person's entry when at least one valid row lists it.
    fn on(&self, kind: RosterKind, key: u64) -> Option<&'a Person> {
        self.entry(kind, key).filter(|p| p.data.is_some())
    }

    /// An invalid row holds the person's (valid) id.
    fn shadowed(&self, kind: RosterKind, key: u64) -> bool {
        self.entry(kind, key).is_some_and(|p| p.shadow)
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

/// Validates households as [`Reconciler::validate`] and [`Reconciler::validate_parsed`] do,
/// borrowing only the policy ([`Reconciler::validator`]).
#[derive(Debug, Clone)]
pub struct Validator<'p> {
    assessor: Assessor<'p>,
}

impl Validator<'_> {
    /// As [`Reconciler::validate`].
    pub fn validate(&self, value: &(impl Input + ?Sized)) -> Result<Checked, Prepared> {
        validate(&self.assessor, value)
    }

    /// As [`Reconciler::validate_parsed`].
    pub fn validate_parsed(&self, parsed: &Parsed) -> Result<Checked, Prepared> {
        validate_parsed(&self.assessor, parsed)
    }
}

fn validate(assessor: &Assessor<'_>, value: &(impl Input + ?Sized)) -> Result<Checked, Prepared> {
    let value = value.json();
    assessor.parse(&*value).map_err(|errors| Prepared::Failed {
        household_id: value.get("id").and_then(Value::as_str).map(str::to_owned),
        errors,
    })
}

fn validate_parsed(assessor: &Assessor<'_>, parsed: &Parsed) -> Result<Checked, Prepared> {
    parsed
        .check(assessor.parse(&parsed.value))
        .map_err(|errors| Prepared::Failed {
            household_id: parsed
                .value
                .get("id")
                .and_then(Value::as_str)
                .map(str::to_owned),
            errors,
        })
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
        /// The 1-based line of a JSON Lines input, when the caller knows it (the CLI sets it,
        /// as on `assess`'s error records); written after the id.
        line: Option<usize>,
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
                line,
                errors,
            } => {
                map.serialize_entry("household_id", household_id)?;
                if let Some(line) = line {
                    map.serialize_entry("line", line)?;
                }
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
        self.count_code(s.code);
    }

    fn count_code(&mut self, code: Code) {
        match code.severity() {
            Severity::Red => self.by_severity.red += 1,
            Severity::Orange => self.by_severity.orange += 1,
            Severity::Yellow => self.by_severity.yellow += 1,
        }
        *self.by_code.entry(code.as_str()).or_insert(0) += 1;
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

/// What is known only at the end: the rosters' counts, the household-less signals (made one
/// at a time by [`Tail::other_signals`], so millions of them are never held as text), the
/// parameters read and the summary.
#[derive(Debug, Clone)]
pub struct Tail {
    pub as_of: Date,
    /// What produced the comparison: engine, rules and the policy's layers (as an assessment's
    /// `provenance`).
    pub provenance: Stamp,
    pub rosters: Vec<RosterSummary>,
    pub parameters: Vec<ParamRow>,
    pub warnings: Vec<Warning>,
    pub summary: Summary,
    pending: Vec<Pending>,
    files: Vec<Vec<Option<String>>>,
}

impl Tail {
    /// The household-less signals, in their order (kind, file, row, code).
    pub fn other_signals(&self) -> impl Iterator<Item = Signal> + '_ {
        self.pending.iter().map(|p| self.signal(p))
    }

    /// How many there are.
    pub fn other_signal_count(&self) -> usize {
        self.pending.len()
    }

    fn signal(&self, p: &Pending) -> Signal {
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
        let file = self
            .files
            .get(p.kind.index())
            .and_then(|f| f.get(usize::try_from(p.at.file.0).unwrap_or(usize::MAX)))
            .cloned()
            .flatten();
        Signal {
            code: p.code,
            severity: p.code.severity(),
            action: p.code.action(),
            kind: p.kind.as_str(),
            household_id: None,
            person_id: None,
            file,
            row: Some(u64::from(p.at.row)),
            declared: None,
            roster,
            clause: p.code.clause(),
            message_zh,
            message_en,
        }
    }
}

/// Compares households, in input order, with the supplied rosters.
///
/// [`Reconciler::prepare`] is sequential (it decides which member takes part, in input order);
/// [`Reconciler::compare`] takes `&self` (it marks the rosters' matches with atomic flags), so
/// prepared households may be compared on several threads. Compare every prepared household
/// before [`Reconciler::finish`]. Households are never kept: a population streams through.
#[derive(Debug)]
pub struct Reconciler<'p> {
    assessor: Assessor<'p>,
    provenance: Stamp,
    rosters: Rosters,
    claimed: KeySet,
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
            provenance: Stamp::clone(policy.provenance()),
            rosters,
            claimed: KeySet::default(),
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
    /// household holds takes no part). Call it in input order.
    pub fn prepare(&mut self, value: &(impl Input + ?Sized)) -> Prepared {
        match self.validate(value) {
            Ok(household) => self.prepare_checked(household),
            Err(failed) => failed,
        }
    }

    /// Validates a household value; it reads no state, so a stream validates on every core and
    /// then calls [`Reconciler::prepare_checked`] in input order.
    pub fn validate(&self, value: &(impl Input + ?Sized)) -> Result<Checked, Prepared> {
        validate(&self.assessor, value)
    }

    /// [`Reconciler::validate`] for JSON text already read ([`crate::validate::read_json_text`]):
    /// a repeated key is a `duplicate_key` error reported with the household's other errors, as
    /// `assess` reports it (docs/contract.md#errors).
    pub fn validate_parsed(&self, parsed: &Parsed) -> Result<Checked, Prepared> {
        validate_parsed(&self.assessor, parsed)
    }

    /// A [`Validator`] of its own: validation on other threads while this reconciler goes on
    /// with the households read before.
    pub fn validator(&self) -> Validator<'p> {
        Validator {
            assessor: self.assessor.clone(),
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

    /// The signals and changes of a prepared household; marks the rosters' rows its taking-part
    /// members match (counted as `matched` and never `roster_unmatched` by
    /// [`Reconciler::finish`]).
    pub fn compare(&self, prepared: Prepared) -> HouseholdOutcome {
        match prepared {
            Prepared::Failed {
                household_id,
                errors,
            } => HouseholdOutcome::Failed {
                household_id,
                line: None,
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

    /// Each taking-part member's entry in every supplied roster, looked up once; the entries
    /// are marked as matched.
    fn found<'a>(&'a self, taking_part: &'a [Option<u64>]) -> Found<'a> {
        let entries = taking_part
            .iter()
            .map(|key| {
                let mut row: [Option<&Person>; 9] = [None; 9];
                if let Some(k) = key {
                    for (slot, roster) in row.iter_mut().zip(&self.rosters.kinds) {
                        *slot = roster.as_ref().and_then(|r| r.people.get(k));
                        if let Some(p) = slot {
                            p.matched.store(true, Ordering::Relaxed);
                        }
                    }
                }
                row
            })
            .collect();
        Found {
            keys: taking_part,
            entries,
        }
    }

    #[expect(
        clippy::too_many_lines,
        reason = "one pass over the table of docs/reconcile.md, in its order"
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
        let found = self.found(taking_part);
        let on = |kind: RosterKind, key: Option<u64>| -> Option<&Person> {
            key.and_then(|k| found.on(kind, k))
        };
        let shadowed = |kind: RosterKind, key: Option<u64>| -> bool {
            key.is_some_and(|k| found.shadowed(kind, k))
        };
        let deceased: Vec<bool> = taking_part
            .iter()
            .map(|k| on(RosterKind::Deceased, *k).is_some())
            .collect();

        // Household-level: the three dibao codes, on taking-part members not deceased.
        if self.rosters.supplied(RosterKind::Dibao) {
            let part: Vec<u64> = taking_part
                .iter()
                .zip(&deceased)
                .filter(|(_, d)| !**d)
                .filter_map(|(k, _)| *k)
                .collect();
            let listed: Vec<&Person> = part
                .iter()
                .filter_map(|k| found.on(RosterKind::Dibao, *k))
                .collect();
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
                        && !part.iter().any(|k| found.shadowed(RosterKind::Dibao, *k))
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

        let changes = match self.reconciled(h, taking_part, &found) {
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
                        line: None,
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

    /// The household with the rosters' facts applied (docs/reconcile.md#consequences), or `None`
    /// when every member is on the deceased roster.
    fn reconciled(
        &self,
        h: &Household,
        taking_part: &[Option<u64>],
        found: &Found<'_>,
    ) -> Option<Household> {
        let mut copy = h.clone();
        let as_of = self.as_of();
        let on = |kind: RosterKind, key: u64| found.on(kind, key);
        let shadowed = |kind: RosterKind, key: u64| found.shadowed(kind, key);
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
        let as_of = self.as_of();
        let provenance = self.provenance.clone();
        let high_cost_row = self.high_cost_row.clone();
        let mut pending: Vec<Pending> = Vec::new();
        let mut rosters = Vec::new();
        for kind in RosterKind::ALL {
            let Some(r) = self.roster(kind) else { continue };
            let mut matched = 0;
            for (key, p) in &r.people {
                let is_matched = p.matched.load(Ordering::Relaxed);
                if is_matched {
                    matched += u64::from(p.rows);
                }
                if matches!(kind, RosterKind::Dibao | RosterKind::Tekun) && !is_matched {
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
        let Reconciler {
            rosters: Rosters { kinds, other },
            ..
        } = self;
        pending.extend(other);
        pending.sort_by_key(|p| (p.kind, p.at, p.code));
        for p in &pending {
            summary.count_code(p.code);
        }
        let files = kinds
            .iter()
            .map(|k| k.as_ref().map(|r| r.files.clone()).unwrap_or_default())
            .collect();
        let (parameters, warnings) = if kinds
            .get(RosterKind::MedicalCost.index())
            .is_some_and(Option::is_some)
        {
            let illustrative = high_cost_row.provenance == Provenance::Illustrative;
            let warnings = if illustrative {
                vec![Warning {
                    code: WarningCode::IllustrativeParameter,
                    parameter: Some(Param::ReconcileMedicalHighCost.name()),
                    person_id: None,
                }]
            } else {
                Vec::new()
            };
            (vec![high_cost_row], warnings)
        } else {
            (Vec::new(), Vec::new())
        };
        Tail {
            as_of,
            provenance,
            rosters,
            parameters,
            warnings,
            summary,
            pending,
            files,
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
            Some(at) => (r.file_name(kind, at.file), Some(u64::from(at.row))),
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

/// The household decisions docs/reconcile.md compares, in order (`low_income.groups` and
/// `housing.status` are docs/rules/low_income.md and
/// docs/rules/housing.md).
pub const HOUSEHOLD_DECISIONS: [&str; 9] = [
    "monitoring.include",
    "monitoring.category",
    "monitoring.review",
    "dibao.status",
    "dibao.monthly_benefit",
    "temporary_assistance.amount",
    "coverage_gaps",
    "low_income.groups",
    "housing.status",
];

/// The member decisions compared, in order.
pub const MEMBER_DECISIONS: [&str; 6] = [
    "tekun.eligible",
    "medical_subsidy.subsidy",
    "disability_living_subsidy_monthly",
    "disability_care_subsidy_monthly",
    "pension.proxy_payment",
    "dropout_alert",
];

/// A value as the assessment writes it.
fn json<T: Serialize>(v: &T) -> Value {
    crate::json::to_value(v)
}

/// The decisions that differ between the declared and the reconciled assessment, compared on
/// the typed values (a JSON value is made only for a difference).
fn differences(before: &Assessment, after: &Assessment) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |decision: &'static str, person: Option<&str>, x: Value, y: Value| {
        out.push(Change {
            decision,
            person_id: person.map(str::to_owned),
            declared: x,
            reconciled: y,
        });
    };
    macro_rules! cmp {
        ($decision:expr, $person:expr, $x:expr, $y:expr) => {
            if $x != $y {
                push($decision, $person, json(&$x), json(&$y));
            }
        };
    }
    let (b, a) = (before, after);
    cmp!(
        HOUSEHOLD_DECISIONS[0],
        None,
        b.monitoring.include,
        a.monitoring.include
    );
    cmp!(
        HOUSEHOLD_DECISIONS[1],
        None,
        b.monitoring.category,
        a.monitoring.category
    );
    cmp!(
        HOUSEHOLD_DECISIONS[2],
        None,
        b.monitoring.review,
        a.monitoring.review
    );
    cmp!(HOUSEHOLD_DECISIONS[3], None, b.dibao.status, a.dibao.status);
    cmp!(
        HOUSEHOLD_DECISIONS[4],
        None,
        b.dibao.monthly_benefit,
        a.dibao.monthly_benefit
    );
    cmp!(
        HOUSEHOLD_DECISIONS[5],
        None,
        b.temporary_assistance.amount,
        a.temporary_assistance.amount
    );
    cmp!(
        HOUSEHOLD_DECISIONS[6],
        None,
        b.coverage_gaps,
        a.coverage_gaps
    );
    cmp!(
        HOUSEHOLD_DECISIONS[7],
        None,
        b.low_income.groups,
        a.low_income.groups
    );
    cmp!(
        HOUSEHOLD_DECISIONS[8],
        None,
        b.housing.status,
        a.housing.status
    );
    for m in &a.members {
        let Some(old) = b.members.iter().find(|x| x.person_id == m.person_id) else {
            continue;
        };
        let p = Some(m.person_id.as_str());
        cmp!(MEMBER_DECISIONS[0], p, old.tekun.eligible, m.tekun.eligible);
        cmp!(
            MEMBER_DECISIONS[1],
            p,
            old.medical_subsidy.subsidy,
            m.medical_subsidy.subsidy
        );
        cmp!(
            MEMBER_DECISIONS[2],
            p,
            old.disability_living_subsidy_monthly,
            m.disability_living_subsidy_monthly
        );
        cmp!(
            MEMBER_DECISIONS[3],
            p,
            old.disability_care_subsidy_monthly,
            m.disability_care_subsidy_monthly
        );
        cmp!(
            MEMBER_DECISIONS[4],
            p,
            old.pension.map(|x| x.proxy_payment),
            m.pension.map(|x| x.proxy_payment)
        );
        cmp!(MEMBER_DECISIONS[5], p, old.dropout_alert, m.dropout_alert);
    }
    out
}

/// The whole answer as one document (docs/reconcile.md#output-document, the JSON form).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub as_of: Date,
    /// What produced the comparison (hengjie's addition: docs/contract.md#2-provenance-stamp).
    pub provenance: Stamp,
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
        let other_signals = tail.other_signals().collect();
        Document {
            as_of: tail.as_of,
            provenance: tail.provenance,
            rosters: tail.rosters,
            households,
            other_signals,
            parameters: tail.parameters,
            warnings: tail.warnings,
            summary: tail.summary,
        }
    }
}

/// Compares household values (in order) with the rosters: the whole document at once. Streams
/// still hold only the listed households; a caller with millions of records and an output of
/// its own uses [`Reconciler`] directly.
pub fn reconcile_values<'v, V: Input + 'v>(
    values: impl IntoIterator<Item = &'v V>,
    rosters: Rosters,
    as_of: Date,
    policy: &Policy,
) -> Result<Document, Errors> {
    reconcile_with(values, rosters, as_of, policy, |r, value| r.prepare(value))
}

/// [`reconcile_values`] for households given as JSON text, read as `assess` reads text
/// ([`crate::validate::read_json_text`]): a text that is not a document within the limits is a
/// failed household with those errors (`household_id` null), and a repeated key is
/// `duplicate_key` with the household's other errors.
pub fn reconcile_texts<'t>(
    texts: impl IntoIterator<Item = &'t str>,
    rosters: Rosters,
    as_of: Date,
    policy: &Policy,
) -> Result<Document, Errors> {
    reconcile_with(
        texts,
        rosters,
        as_of,
        policy,
        |r, text| match crate::validate::read_json_text(text) {
            Ok(parsed) => match r.validate_parsed(&parsed) {
                Ok(household) => r.prepare_checked(household),
                Err(failed) => failed,
            },
            Err(errors) => Prepared::Failed {
                household_id: None,
                errors,
            },
        },
    )
}

fn reconcile_with<T>(
    items: impl IntoIterator<Item = T>,
    rosters: Rosters,
    as_of: Date,
    policy: &Policy,
    prepare: impl Fn(&mut Reconciler<'_>, T) -> Prepared,
) -> Result<Document, Errors> {
    let mut reconciler = Reconciler::new(policy, as_of, rosters)?;
    let mut summary = Summary::default();
    let mut listed = Vec::new();
    for item in items {
        let prepared = prepare(&mut reconciler, item);
        let outcome = reconciler.compare(prepared);
        summary.add(&outcome);
        if outcome.listed() {
            listed.push(outcome);
        }
    }
    Ok(Document::new(listed, reconciler.finish(summary)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Assessment {
        let policy = Policy::default();
        let as_of = crate::api::parse_as_of("2021-06-30").unwrap();
        let value = serde_json::json!({"id": "HH-1", "poverty_alleviated": false,
            "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full",
                         "medical_insured": true}], "income": {"wages": "5000"}});
        crate::api::assess_value(&value, as_of, &policy).unwrap()
    }

    /// Every decision of docs/reconcile.md's list names a field the assessment writes.
    #[test]
    fn every_compared_decision_is_a_field_of_the_assessment() {
        let v = serde_json::to_value(sample()).unwrap();
        for decision in HOUSEHOLD_DECISIONS {
            let pointer = format!("/{}", decision.replace('.', "/"));
            assert!(v.pointer(&pointer).is_some(), "{decision}");
        }
        let m = &v["members"][0];
        for decision in MEMBER_DECISIONS {
            let pointer = format!("/{}", decision.replace('.', "/"));
            assert!(m.pointer(&pointer).is_some(), "{decision}");
        }
        assert_eq!(differences(&sample(), &sample()), Vec::new());
    }

    /// Text is read as `assess` reads it: a repeated key is `duplicate_key` with the other
    /// errors (the household's id kept), text that is not JSON a failed household with no id.
    #[test]
    fn texts_are_read_as_assess_reads_them() {
        let as_of = crate::api::parse_as_of("2021-06-30").unwrap();
        let texts = [
            r#"{"id":"HH-1","poverty_alleviated":false,"poverty_alleviated":true,"members":[]}"#,
            r#"{"id":"HH-2","#,
        ];
        let doc = reconcile_texts(texts, Rosters::new(), as_of, &Policy::default()).unwrap();
        let v = serde_json::to_value(&doc).unwrap();
        assert_eq!(v["households"][0]["household_id"], "HH-1");
        let codes: Vec<(&str, &str)> = v["households"][0]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["code"].as_str().unwrap(), e["path"].as_str().unwrap()))
            .collect();
        assert!(
            codes.contains(&("duplicate_key", "/poverty_alleviated")),
            "{codes:?}"
        );
        assert_eq!(v["households"][1]["household_id"], serde_json::Value::Null);
        assert_eq!(v["households"][1]["errors"][0]["code"], "malformed_json");
        assert_eq!(v["summary"]["households"], 2);
        assert_eq!(v["summary"]["failed"], 2);
    }

    /// The v1.3 outputs (`low_income.groups` of docs/rules/low_income.md, `housing.status` of
    /// docs/rules/housing.md) are compared, as
    /// the assessment writes them, after `coverage_gaps`.
    #[test]
    fn low_income_groups_and_housing_status_are_compared() {
        use crate::rules::housing::HousingStatus as Status;
        use crate::rules::low_income::Group;
        // 5000 a person a year is below the 2021 line of 6000 (monitored: `at_risk`) and above
        // the dibao standard of 400 × 12 = 4800.
        let before = sample();
        assert_eq!(before.low_income.groups, vec![Group::AtRisk]);
        assert_eq!(before.housing.status, Status::Unknown);
        let mut after = before.clone();
        after.low_income.groups = vec![Group::Dibao, Group::AtRisk];
        after.housing.status = Status::RenovationEligible;
        assert_eq!(
            differences(&before, &after),
            vec![
                Change {
                    decision: "low_income.groups",
                    person_id: None,
                    declared: serde_json::json!(["at_risk"]).into(),
                    reconciled: serde_json::json!(["dibao", "at_risk"]).into(),
                },
                Change {
                    decision: "housing.status",
                    person_id: None,
                    declared: serde_json::json!("unknown").into(),
                    reconciled: serde_json::json!("renovation_eligible").into(),
                },
            ]
        );
    }
}
