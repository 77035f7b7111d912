//! The request/answer surface every front door uses: typed, from a JSON value, and from JSON
//! text. Bindings wrap these and nothing else.

use crate::json::{Input, Value};

use crate::assessment::Stamp;
use crate::assessment::{Assessment, CoverageGap, GapCode, MemberAssessment};
use crate::date::{Date, parse_date};
use crate::error::{Error, Errors};
use crate::explain::{Explain, ParamSet, Trail, Warning, WarningCode};
use crate::margins::{self, MarginDecision, MarginUnit};
use crate::model::Household;
use crate::outputs::{Output, Outputs};
use crate::params::ParamRow;
use crate::params::{Param, Policy, Provenance, Resolved};
use crate::rules::{
    Facts, PerMemberOutcomes, Standing, assistance_approach, care, children, dibao, disability,
    education, employment, housing, low_income, medical, monitoring, pension, small_loan, tekun,
    temporary_assistance, transition,
};
use crate::validate::{Problem, parse_household, read_json_text};
use compact_str::CompactString;
use serde::Serialize;

/// Parses an as-of date given by a caller (`invalid_value` at `""` when it is not a real
/// `YYYY-MM-DD` date).
pub fn parse_as_of(text: &str) -> Result<Date, Errors> {
    parse_date(text).map_err(|_| {
        Errors::one(
            Problem::AsOfNotADate {
                text: text.to_owned(),
            }
            .at(""),
        )
    })
}

/// Validates a household value; the list is empty when it is valid.
pub fn validate_value(value: &(impl Input + ?Sized), as_of: Date) -> Errors {
    read_household(value, as_of).err().unwrap_or_default()
}

/// A household value within the depth limit, validated as of a date and typed: what every
/// value-taking function reads.
fn read_household(value: &(impl Input + ?Sized), as_of: Date) -> Result<Household, Errors> {
    let value = value.json();
    crate::validate::check_depth(&value)?;
    parse_household(&*value, Some(as_of))
}

/// Validates household JSON text; the list is empty when it is valid.
pub fn validate_json_str(text: &str, as_of: Date) -> Errors {
    match read_json_text(text) {
        Ok(parsed) => parsed.errors_with(validate_value(&parsed.value, as_of)),
        Err(e) => e,
    }
}

/// Assesses a household value: parameters first (`parameter_undefined`), then validation, then
/// the rules.
pub fn assess_value(
    value: &(impl Input + ?Sized),
    as_of: Date,
    policy: &Policy,
) -> Result<Assessment, Error> {
    let params = policy.resolve(as_of).map_err(Error::Parameter)?;
    let household = read_household(value, as_of).map_err(Error::InvalidInput)?;
    Ok(run(&household, as_of, policy, &params, Explain::Full))
}

/// Assesses household JSON text with every output and explanation: [`Assessor::assess_json_text`],
/// a parameter missing on `as_of` being [`Error::Parameter`] and the text's errors (a repeated
/// key's `duplicate_key` with the document's other errors, as [`validate_json_str`] gives them)
/// [`Error::InvalidInput`].
pub fn assess_json_str(text: &str, as_of: Date, policy: &Policy) -> Result<Assessment, Error> {
    Assessor::new(policy, as_of)
        .map_err(Error::Parameter)?
        .assess_json_text(text)
        .map_err(Error::InvalidInput)
}

/// Assesses many household values on one date with one policy: the parameters are resolved
/// once (a `parameter_undefined` fails the whole batch), then each record is validated and
/// assessed on its own, so a bad record never costs the others. Results keep input order.
pub fn assess_batch<V: Input>(
    values: &[V],
    as_of: Date,
    policy: &Policy,
) -> Result<Vec<Result<Assessment, Errors>>, Errors> {
    let assessor = Assessor::new(policy, as_of)?;
    Ok(values.iter().map(|v| assessor.assess_value(v)).collect())
}

/// A household that passed validation ([`Assessor::parse`]), ready for the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked(Household);

impl std::ops::Deref for Checked {
    type Target = Household;
    fn deref(&self) -> &Household {
        &self.0
    }
}

/// Assesses any number of households on one date under one policy, with the parameters
/// resolved once — the hot path of batches, the CLI's streams and the bindings' tables.
/// It is `Sync`: share one across threads.
///
/// ```
/// use hengjie::{Policy, api};
/// let policy = Policy::default();
/// let as_of = api::parse_as_of("2023-06-30").unwrap();
/// let assessor = api::Assessor::new(&policy, as_of).unwrap().explain(false);
/// let value = serde_json::json!({"id": "HH-1", "poverty_alleviated": false,
///     "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full",
///                  "medical_insured": true}], "income": {"wages": "5000"}});
/// let household = assessor.parse(&value).unwrap();
/// let a = assessor.assess_checked(&household);
/// assert_eq!(a.dibao.monthly_benefit.to_string(), "83.33"); // (500 × 12 − 5000) / 12
/// assert!(a.reasons.is_empty()); // explanations off: the same decisions, no texts
/// ```
#[derive(Debug, Clone)]
pub struct Assessor<'p> {
    policy: &'p Policy,
    params: Resolved<'p>,
    as_of: Date,
    explain: Explain,
    parameters_once: bool,
    outputs: Outputs,
    /// The outputs whose rules run: `outputs.needed()`, once per assessor.
    needed: Outputs,
    /// What every assessment points to: the provenance stamp and the jurisdiction
    /// ([`Assessor::for_thread`]).
    shared: Shared,
}

/// The values every assessment of an assessor points to (reference-counted).
#[derive(Debug, Clone)]
struct Shared {
    stamp: std::sync::Arc<Stamp>,
    jurisdiction: std::sync::Arc<str>,
}

impl Shared {
    fn of(policy: &Policy) -> Shared {
        Shared {
            stamp: Stamp::of(policy),
            jurisdiction: std::sync::Arc::clone(policy.jurisdiction_shared()),
        }
    }
}

/// The record written once before a run's assessments when their shared rows are left out of
/// each ([`Assessor::parameters_once`], `--parameters once`): `{"as_of", "provenance",
/// "parameters", "warnings"}` — every parameter in effect on the date, and an
/// `illustrative_parameter` warning for each of them that is illustrative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RunHeader {
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub as_of: Date,
    pub provenance: Stamp,
    pub parameters: Vec<ParamRow>,
    pub warnings: Vec<Warning>,
}

impl<'p> Assessor<'p> {
    /// Resolves every parameter on `as_of` (`parameter_undefined` when one has no value).
    pub fn new(policy: &'p Policy, as_of: Date) -> Result<Self, Errors> {
        Ok(Assessor {
            policy,
            params: policy.resolve(as_of)?,
            as_of,
            explain: Explain::Full,
            parameters_once: false,
            outputs: Outputs::ALL,
            needed: Outputs::ALL,
            shared: Shared::of(policy),
        })
    }

    /// The same assessor with its own copies of what each of its assessments points to (the
    /// provenance stamp, the jurisdiction). Assessments hold those by reference count, and
    /// threads that count on one shared value contend for its cache line at every assessment
    /// made and dropped: a batch gives each chunk of rows its own copy. Assessments are the same.
    #[must_use]
    pub fn for_thread(&self) -> Self {
        Assessor {
            shared: Shared {
                stamp: std::sync::Arc::new(Stamp::clone(&self.shared.stamp)),
                jurisdiction: std::sync::Arc::from(&*self.shared.jurisdiction),
            },
            ..self.clone()
        }
    }

    /// With `false`, assessments carry no `reasons` and no `parameters` rows (their texts are
    /// never rendered); every decision, margin and warning is the same. The same as
    /// [`Assessor::explanations`] with [`Explain::None`] (`false`) or [`Explain::Full`] (`true`).
    #[must_use]
    pub fn explain(self, on: bool) -> Self {
        self.explanations(if on { Explain::Full } else { Explain::None })
    }

    /// How much explanation each assessment carries: [`Explain::Full`] (the default),
    /// [`Explain::Codes`] (reasons without their texts) or [`Explain::None`].
    #[must_use]
    pub fn explanations(mut self, mode: Explain) -> Self {
        self.explain = mode;
        self
    }

    /// With `true`, assessments leave out what is the same for every household of the run —
    /// the `parameters` rows and the `illustrative_parameter` warnings — which
    /// [`Assessor::header`] gives once. The warnings about a household's own input
    /// (`schooling_unknown`, `asset_test_not_provided`, `income_exceeded_on_not_provided`) stay
    /// in its record.
    #[must_use]
    pub fn parameters_once(mut self, on: bool) -> Self {
        self.parameters_once = on;
        self
    }

    /// Asks for these outputs only (docs/rust.md#outputs): the rules they need run
    /// ([`Outputs::needed`], the one table of `core/src/outputs.rs`), the others are skipped, and
    /// an assessment writes its identifying fields, these outputs (in output order) and the
    /// reasons, parameters and warnings of the rules that ran. Each output written is
    /// byte-identical to the same field of a full assessment. By default every output.
    ///
    /// ```
    /// use hengjie::{Output, Policy, api};
    /// let policy = Policy::default();
    /// let as_of = api::parse_as_of("2023-06-30").unwrap();
    /// let assessor = api::Assessor::new(&policy, as_of)
    ///     .unwrap()
    ///     .explain(false)
    ///     .outputs(&[Output::Monitoring, Output::Dibao]);
    /// let value = serde_json::json!({"id": "HH-1", "poverty_alleviated": false,
    ///     "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full",
    ///                  "medical_insured": true}], "income": {"wages": "5000"}});
    /// let a = assessor.assess_value(&value).unwrap();
    /// let json = hengjie::canonical_json(&a);
    /// assert!(json.contains(r#""dibao":{"status":"eligible""#));
    /// assert!(!json.contains("transition") && !json.contains("members"));
    /// ```
    #[must_use]
    pub fn outputs(self, outputs: &[Output]) -> Self {
        self.selection(Outputs::from(outputs))
    }

    /// Asks for a set of outputs ([`Assessor::outputs`]; [`Outputs::parse`] reads one from text).
    #[must_use]
    pub fn selection(mut self, outputs: Outputs) -> Self {
        self.outputs = outputs;
        self.needed = outputs.needed();
        self
    }

    /// The outputs asked for.
    pub fn selected(&self) -> Outputs {
        self.outputs
    }

    /// The run's header: the date, the provenance stamp, every parameter row in effect and an
    /// `illustrative_parameter` warning for each illustrative one (by name).
    pub fn header(&self) -> RunHeader {
        let parameters = Param::ALL.iter().map(|p| self.params.row(*p)).collect();
        let warnings = Param::ALL
            .iter()
            .filter(|p| {
                self.params
                    .entry(**p)
                    .is_none_or(|e| e.provenance() == Provenance::Illustrative)
            })
            .map(|p| Warning {
                code: WarningCode::IllustrativeParameter,
                parameter: Some(p.name()),
                person_id: None,
            })
            .collect();
        RunHeader {
            as_of: self.as_of,
            provenance: Stamp::clone(self.policy.provenance()),
            parameters,
            warnings,
        }
    }

    /// The date assessed on.
    pub fn as_of(&self) -> Date {
        self.as_of
    }

    /// The parameters resolved on the date.
    pub(crate) fn resolved(&self) -> &Resolved<'p> {
        &self.params
    }

    /// Validates a household value against the contract (every error, coded).
    pub fn parse(&self, value: &(impl Input + ?Sized)) -> Result<Checked, Errors> {
        read_household(value, self.as_of).map(Checked)
    }

    /// Checks a typed household against the contract without serialising it
    /// ([`crate::validate::check_household`]). Only when that check fails is the household
    /// turned into JSON and validated as JSON is, so the errors are exactly those its JSON would
    /// give.
    pub fn check(&self, household: Household) -> Result<Checked, Errors> {
        if crate::validate::check_household(&household, Some(self.as_of)) {
            return Ok(Checked(household));
        }
        self.parse(&household_value(&household)?)
    }

    /// Validates and assesses a household value.
    pub fn assess_value(&self, value: &(impl Input + ?Sized)) -> Result<Assessment, Errors> {
        self.parse(value).map(|h| self.assess_checked(&h))
    }

    /// Assesses a validated household: the rules only.
    pub fn assess_checked(&self, household: &Checked) -> Assessment {
        self.assess_valid(household)
    }

    /// Assesses a typed household when it passes the typed check
    /// ([`crate::validate::check_household`]), borrowing it, so that a batch can fill one
    /// household's buffers row after row; `None` when it does not pass (the caller then
    /// validates the household's source, for its exact errors).
    pub fn assess_typed(&self, household: &Household) -> Option<Assessment> {
        crate::validate::check_household(household, Some(self.as_of))
            .then(|| self.assess_valid(household))
    }

    /// Assesses household JSON text by the fast path ([`crate::fast_json`]): the household read
    /// straight from the text, when the reader is sure of it, and passing the typed check;
    /// `None` otherwise (the caller then reads the text the slow way, for the same assessment or
    /// the exact errors).
    pub fn assess_json_fast(&self, text: &[u8]) -> Option<Assessment> {
        self.assess_typed(&crate::fast_json::household_from_json(text)?)
    }

    /// Assesses household JSON text: by the fast path when it is sure of the text, else read
    /// the slow way ([`read_json_text`], then validated as [`Assessor::assess_value`] validates),
    /// which gives the same assessment or every error, a repeated key's `duplicate_key` with the
    /// document's other errors (docs/contract.md#errors). The one entry of a door given text.
    pub fn assess_json_text(&self, text: &str) -> Result<Assessment, Errors> {
        if let Some(a) = self.assess_json_fast(text.as_bytes()) {
            return Ok(a);
        }
        // A repeated key's `duplicate_key` errors come with the document's other errors.
        let parsed = read_json_text(text)?;
        let household = parsed.check(self.parse(&parsed.value))?;
        Ok(self.assess_checked(&household))
    }

    /// The rules on a household that passed validation.
    fn assess_valid(&self, household: &Household) -> Assessment {
        run_selected(
            household,
            self.as_of,
            &self.shared,
            &self.params,
            (self.explain, !self.parameters_once),
            (self.outputs, self.needed),
        )
    }
}

/// Assesses a typed household. It is checked against the contract first, exactly as JSON input
/// is, so a household built in code cannot reach the rules with, say, no members: the fast
/// typed check, and only when it fails the JSON path for the errors ([`Assessor::check`]).
pub fn assess(household: &Household, as_of: Date, policy: &Policy) -> Result<Assessment, Error> {
    let params = policy.resolve(as_of).map_err(Error::Parameter)?;
    if crate::validate::check_household(household, Some(as_of)) {
        return Ok(run(household, as_of, policy, &params, Explain::Full));
    }
    let value = household_value(household).map_err(Error::InvalidInput)?;
    let checked = parse_household(&value, Some(as_of)).map_err(Error::InvalidInput)?;
    Ok(run(&checked, as_of, policy, &params, Explain::Full))
}

/// A typed household as the JSON value the validator reads.
fn household_value(household: &Household) -> Result<Value, Errors> {
    crate::json::to_value_checked(household).map_err(|e| {
        Errors::one(
            Problem::HouseholdNotSerialisable {
                reason: e.to_string(),
            }
            .at(""),
        )
    })
}

/// Runs every rule in rule order over a valid household.
pub(crate) fn run(
    h: &Household,
    as_of: Date,
    policy: &Policy,
    params: &Resolved<'_>,
    explain: Explain,
) -> Assessment {
    run_selected(
        h,
        as_of,
        &Shared::of(policy),
        params,
        (explain, true),
        (Outputs::ALL, Outputs::ALL),
    )
}

/// Runs, in rule order, the rules the selected outputs need (`need`: [`Outputs::needed`] of
/// `selected`, from the one table of `outputs.rs`) and skips the others; an output no rule
/// decided holds a placeholder ([`not_run`]) that the selection never writes.
fn run_selected(
    h: &Household,
    as_of: Date,
    shared: &Shared,
    params: &Resolved<'_>,
    // `per_record`: whether the record holds what is the same for the whole run (the parameter
    // rows and the illustrative-parameter warnings; `false` under `Assessor::parameters_once`).
    (explain, per_record): (Explain, bool),
    (selected, need): (Outputs, Outputs),
) -> Assessment {
    let on = |o: Output| need.contains(o);
    let facts = Facts::new(h, as_of, params);
    let mut trail = Trail::new(explain);
    let transition = on(Output::Transition).then(|| transition::assess(&facts, &mut trail));
    let monitoring = on(Output::Monitoring).then(|| monitoring::assess(&facts, &mut trail));
    // §2a needs §3's eligibility, but its reasons come before §3's: run §3 on its own trail.
    let mut dibao_trail = Trail::new(explain);
    let dibao = on(Output::Dibao).then(|| dibao::assess(&facts, &mut dibao_trail));
    // The household's standing after §2 and §3 (docs/rules/conventions.md#terms), which the
    // later rules read.
    let standing = match (&monitoring, &dibao) {
        (Some(monitoring), Some(dibao)) => Some(Standing {
            monitored: monitoring.monitored(),
            on_dibao: h.dibao.is_some(),
            dibao_eligible: dibao.income_eligible(),
            income_drop: monitoring.has(monitoring::RiskFlag::IncomeDrop),
            dropouts: monitoring.dropouts.clone(),
        }),
        _ => None,
    };
    let approach = match &standing {
        Some(st) if on(Output::AssistanceApproach) => Some(assistance_approach::assess(
            &facts,
            st.monitored,
            st.dibao_eligible,
            &mut trail,
        )),
        _ => None,
    };
    trail.reasons.append(&mut dibao_trail.reasons);
    trail.warnings.append(&mut dibao_trail.warnings);
    trail.used.extend(dibao_trail.used);

    // A rule that reads the standing, run when its output is needed (the table makes the
    // standing needed then too).
    macro_rules! with_standing {
        ($output:expr, |$st:ident| $rule:expr) => {
            match &standing {
                Some($st) if on($output) => Some($rule),
                _ => None,
            }
        };
    }
    // The per-member rules fill these in place (inline storage, never copied); each is read
    // through an `Option` that is `None` when its rule did not run.
    let mut out = MemberOutcomes::default();
    let tekun = with_standing!(Output::Tekun, |st| {
        tekun::assess(&facts, st, &mut trail, &mut out.tekun)
    });
    let temporary_assistance = with_standing!(Output::TemporaryAssistance, |st| {
        temporary_assistance::assess(&facts, st, &mut trail)
    });
    let disability = with_standing!(Output::Disability, |st| {
        disability::assess(&facts, st, &mut trail, &mut out.disability)
    });
    let medical = with_standing!(Output::Medical, |st| {
        medical::assess(&facts, st, &mut trail, &mut out.medical)
    });
    let pension = with_standing!(Output::Pension, |st| {
        pension::assess(&facts, st, &mut trail, &mut out.pension)
    });
    let education = with_standing!(Output::Education, |st| {
        education::assess(&facts, st, &mut trail, &mut out.education)
    });
    let tekun = tekun.map(|()| &out.tekun);
    // §15 decides from §2–§5; §10's work relief (§18) needs it, its reason follows §11's.
    let some_tekun = tekun.map(|tekun| {
        h.members
            .iter()
            .zip(tekun)
            .any(|(m, t)| m.tekun || t.eligible)
    });
    let low_income = match (
        &standing,
        &monitoring,
        &dibao,
        some_tekun,
        &temporary_assistance,
    ) {
        (Some(standing), Some(monitoring), Some(dibao), Some(tekun), Some(temporary))
            if on(Output::LowIncome) =>
        {
            Some(low_income::decide(low_income::Inputs {
                standing,
                monitoring,
                dibao_payable: dibao.eligible,
                tekun,
                temporary_assistance: temporary.eligible,
            }))
        }
        _ => None,
    };
    let population = low_income.as_ref().map(|l| l.population);
    let employment = match (&standing, population) {
        (Some(st), Some(population)) if on(Output::Employment) => {
            employment::assess(&facts, st, population, &mut trail, &mut out.employment);
            Some(())
        }
        _ => None,
    };
    let small_loan = with_standing!(Output::SmallLoan, |st| {
        small_loan::assess(&facts, st, &mut trail)
    });
    if let Some(low_income) = &low_income {
        low_income::explain(low_income, &mut trail);
    }
    let housing = population
        .filter(|_| on(Output::Housing))
        .map(|population| housing::assess(&facts, population, &mut trail));
    let child_support = population
        .filter(|_| on(Output::ChildSupport))
        .map(|population| children::assess(&facts, population, &mut trail, &mut out.children));
    // §19's social-assistance household: on dibao, dibao-eligible, or a member 特困 or eligible.
    let care_visits = match (&dibao, some_tekun) {
        (Some(dibao), Some(some_tekun)) if on(Output::CareVisits) => {
            let social_assistance = h.dibao.is_some() || dibao.income_eligible() || some_tekun;
            care::assess(&facts, social_assistance, &mut trail, &mut out.care);
            Some(())
        }
        _ => None,
    };
    let disability = disability.map(|()| &out.disability);
    let medical = medical.map(|()| &out.medical);
    let pension = pension.map(|()| &out.pension);
    let education = education.map(|()| &out.education);
    let employment = employment.map(|()| &out.employment);
    let child_support = child_support.map(|()| &out.children);
    let care_visits = care_visits.map(|()| &out.care);

    let gaps = on(Output::CoverageGaps);
    let mut coverage_gaps = Vec::new();
    if gaps
        && dibao
            .as_ref()
            .is_some_and(|d| d.not_covered(h.dibao.is_some()))
    {
        coverage_gaps.push(CoverageGap {
            code: GapCode::DibaoNotCovered,
            person_id: None,
        });
    }
    let with_margins = on(Output::Margins);
    let mut margins = match (&monitoring, &dibao) {
        (Some(monitoring), Some(dibao)) if with_margins => {
            household_margins(&facts, monitoring, dibao)
        }
        _ => Vec::new(),
    };
    let mut members = Vec::with_capacity(h.members.len());
    for (i, (m, age)) in facts.members().enumerate() {
        let t = nth(tekun, i);
        let d = nth(disability, i);
        let med = nth(medical, i);
        let pen = nth(pension, i);
        let edu = nth(education, i);
        let emp = nth(employment, i);
        let child = nth(child_support, i).flatten();
        let care = nth(care_visits, i);
        if gaps && t.is_some_and(|t| t.eligible && !m.tekun) {
            coverage_gaps.push(CoverageGap {
                code: GapCode::TekunNotCovered,
                person_id: Some(CompactString::from(m.id.as_str())),
            });
        }
        if gaps && pen.is_some_and(|p| p.not_insured) {
            coverage_gaps.push(CoverageGap {
                code: GapCode::PensionNotInsured,
                person_id: Some(CompactString::from(m.id.as_str())),
            });
        }
        if let (true, Some(t), Some(d), Some(edu), Some(pen)) = (with_margins, &t, &d, &edu, &pen) {
            member_margins(&facts, m, age, (t, d, edu, pen), &mut margins);
        }
        let d = d.unwrap_or(not_run::DISABILITY);
        let med = med.unwrap_or(not_run::MEDICAL);
        let edu = edu.unwrap_or(not_run::EDUCATION);
        let emp = emp.unwrap_or(not_run::EMPLOYMENT);
        members.push(MemberAssessment {
            person_id: CompactString::from(m.id.as_str()),
            age,
            tekun: t.unwrap_or(not_run::TEKUN),
            disability_living_subsidy_monthly: d.living_subsidy_monthly,
            disability_care_subsidy_monthly: d.care_subsidy_monthly,
            child_rehabilitation: d.child_rehabilitation,
            medical_subsidy: med.subsidy,
            pension: pen.and_then(|p| p.pension),
            dropout_alert: edu.dropout_alert,
            vocational_subsidy_annual: edu.vocational_subsidy_annual,
            undergraduate_aid: edu.undergraduate_aid,
            nutrition_plan: edu.nutrition_plan,
            student_aid: edu.student_aid,
            job_info_push: emp.job_info_push,
            training_info_push: emp.training_info_push,
            public_welfare_post: emp.public_welfare_post,
            work_relief_priority: emp.work_relief_priority,
            triple_guarantee: med.triple_guarantee,
            child_support: child,
            care_visits: care.unwrap_or(false),
        });
    }

    let used = trail.used;
    // The illustrative parameters were found once for the date: the list is allocated once at
    // its length.
    // Under `parameters_once` neither the warnings nor the rows are made (the header has them).
    let illustrative = if per_record {
        used.intersection(params.illustrative())
    } else {
        ParamSet::default()
    };
    let mut warnings = Vec::with_capacity(illustrative.len() + trail.warnings.len());
    warnings.extend(illustrative.iter().map(|p| Warning {
        code: WarningCode::IllustrativeParameter,
        parameter: Some(p.name()),
        person_id: None,
    }));
    warnings.append(&mut trail.warnings);
    let parameters = if per_record && explain != Explain::None {
        used.iter().map(|p| params.row(p)).collect()
    } else {
        Vec::new()
    };

    Assessment {
        household_id: CompactString::from(h.id.as_str()),
        as_of,
        jurisdiction: std::sync::Arc::clone(&shared.jurisdiction),
        provenance: std::sync::Arc::clone(&shared.stamp),
        transition: transition.unwrap_or(not_run::TRANSITION),
        monitoring: monitoring.unwrap_or_else(not_run::monitoring),
        assistance_approach: approach.flatten(),
        dibao: dibao.unwrap_or(not_run::DIBAO),
        temporary_assistance: temporary_assistance.unwrap_or(not_run::TEMPORARY_ASSISTANCE),
        small_loan: small_loan.unwrap_or_else(not_run::small_loan),
        low_income: low_income.unwrap_or_else(not_run::low_income),
        housing: housing.unwrap_or(not_run::HOUSING),
        members,
        coverage_gaps,
        margins,
        reasons: trail.reasons,
        parameters,
        warnings,
        poverty_alleviated: h.poverty_alleviated,
        on_monitoring_roll: h.monitoring.is_some(),
        net_income: rust_decimal::Decimal::new(facts.net, 2),
        previous_year_income: h.previous_year_income,
        outputs: selected,
    }
}

/// A per-member rule's outcome for member `i`; `None` when the rule did not run.
fn nth<T: Copy>(outcomes: Option<&PerMemberOutcomes<T>>, i: usize) -> Option<T> {
    outcomes.and_then(|o| o.get(i)).copied()
}

/// Where the per-member rules write their outcomes, one slot a member, in member order.
#[derive(Default)]
struct MemberOutcomes {
    tekun: PerMemberOutcomes<tekun::Tekun>,
    disability: PerMemberOutcomes<disability::DisabilitySupport>,
    medical: PerMemberOutcomes<medical::Medical>,
    pension: PerMemberOutcomes<pension::PensionOutcome>,
    education: PerMemberOutcomes<education::EducationSupport>,
    employment: PerMemberOutcomes<employment::EmploymentSupport>,
    children: PerMemberOutcomes<Option<children::ChildSupport>>,
    care: PerMemberOutcomes<bool>,
}

/// The values an assessment holds for an output whose rule did not run (a selection leaves it
/// out: it is never written and no rule decided it).
mod not_run {
    use crate::money::Money;
    use crate::rules::{
        dibao, disability, education, employment, housing, low_income, medical, monitoring,
        small_loan, tekun, temporary_assistance, transition,
    };

    pub const TRANSITION: transition::Transition = transition::Transition {
        phase: transition::Phase::Before,
        year: None,
    };
    pub const DIBAO: dibao::Dibao = dibao::Dibao {
        status: dibao::DibaoStatus::NotEligible,
        eligible: false,
        monthly_benefit: Money::ZERO,
        gradual_exit_until: None,
    };
    pub const TEMPORARY_ASSISTANCE: temporary_assistance::TemporaryAssistance =
        temporary_assistance::TemporaryAssistance {
            eligible: false,
            amount: Money::ZERO,
        };
    pub const HOUSING: housing::Housing = housing::Housing {
        status: housing::HousingStatus::Unknown,
    };
    pub const TEKUN: tekun::Tekun = tekun::Tekun {
        eligible: false,
        basic_living_monthly: None,
    };
    pub const DISABILITY: disability::DisabilitySupport = disability::DisabilitySupport {
        living_subsidy_monthly: Money::ZERO,
        care_subsidy_monthly: Money::ZERO,
        child_rehabilitation: false,
    };
    pub const MEDICAL: medical::Medical = medical::Medical {
        subsidy: medical::MedicalSubsidy {
            basis: None,
            subsidy: Money::ZERO,
            personal_contribution: Money::ZERO,
        },
        triple_guarantee: None,
    };
    pub const EDUCATION: education::EducationSupport = education::EducationSupport {
        dropout_alert: false,
        vocational_subsidy_annual: Money::ZERO,
        undergraduate_aid: false,
        nutrition_plan: false,
        student_aid: false,
    };
    pub const EMPLOYMENT: employment::EmploymentSupport = employment::EmploymentSupport {
        job_info_push: false,
        training_info_push: false,
        public_welfare_post: employment::PublicWelfarePost {
            eligible: false,
            priority: false,
        },
        work_relief_priority: false,
    };

    pub fn monitoring() -> monitoring::Monitoring {
        monitoring::Monitoring {
            include: false,
            category: None,
            risks: Vec::new(),
            review: false,
            pc_income: Money::ZERO,
            pc_income_after_rigid: Money::ZERO,
            line: Money::ZERO,
            exit: None,
            dropouts: Default::default(),
        }
    }

    pub fn small_loan() -> small_loan::SmallLoan {
        small_loan::SmallLoan {
            status: small_loan::LoanStatus::NotInForce,
            eligible: false,
            max_amount: Money::ZERO,
            max_term_months: None,
            borrowers: Vec::new(),
            interest_subsidised: false,
        }
    }

    pub fn low_income() -> low_income::LowIncome {
        low_income::LowIncome {
            population: false,
            groups: Vec::new(),
        }
    }
}

/// The household's margins: the income tests of §2 and §3 (each told whether its decision is
/// taken: included, dibao `eligible`), then the gradual exit's last day.
fn household_margins(
    facts: &Facts<'_>,
    monitoring: &monitoring::Monitoring,
    dibao: &dibao::Dibao,
) -> Vec<margins::Margin> {
    let p = facts.params;
    let n = facts.n;
    // Room for the gradual exit and a member's margin each, so that the members' margins seldom
    // make the list grow (and copy itself).
    let mut out = Vec::with_capacity(3 + facts.household.members.len());
    out.extend([
        margins::income(
            MarginDecision::MonitoringIncomeBelowLine,
            Param::MonitoringIncomeLine,
            MarginUnit::YuanPerPersonYear,
            margins::PerPerson {
                total: facts.net,
                per: n,
            },
            p.fen(Param::MonitoringIncomeLine),
            monitoring.include,
        ),
        margins::income(
            MarginDecision::DibaoIncomeBelowStandard,
            Param::DibaoStandardMonthly,
            MarginUnit::YuanPerPersonMonth,
            margins::PerPerson {
                total: facts.net,
                per: 12 * n,
            },
            p.fen(Param::DibaoStandardMonthly),
            dibao.status == dibao::DibaoStatus::Eligible,
        ),
    ]);
    if let (dibao::DibaoStatus::GradualExit, Some(until)) = (dibao.status, dibao.gradual_exit_until)
    {
        out.push(margins::gradual_exit(facts.as_of, until));
    }
    out
}

/// A member's margins: each age limit that ends a support the member has now, in this order:
/// 特困 minor ground, child rehabilitation, dropout alert, the pension proxy payment.
fn member_margins(
    facts: &Facts<'_>,
    m: &crate::model::Member,
    age: u32,
    (t, d, edu, pen): (
        &tekun::Tekun,
        &disability::DisabilitySupport,
        &education::EducationSupport,
        &pension::PensionOutcome,
    ),
    out: &mut Vec<margins::Margin>,
) {
    let p = facts.params;
    let limits = [
        (
            t.eligible,
            MarginDecision::TekunMinor,
            Param::TekunMinorAgeLimit,
            0,
        ),
        (
            d.child_rehabilitation,
            MarginDecision::ChildRehabilitation,
            Param::DisabilityChildRehabAgeLimit,
            0,
        ),
        (
            edu.dropout_alert,
            MarginDecision::DropoutAlert,
            Param::EducationCompulsoryAgeLimit,
            0,
        ),
        // A proxy payment runs through `pension.max_age`; it ends a year later.
        (
            pen.pension.is_some_and(|x| x.proxy_basis.is_some()),
            MarginDecision::PensionAge,
            Param::PensionMaxAge,
            1,
        ),
    ];
    for (holds, decision, param, after) in limits {
        if !holds {
            continue;
        }
        let limit = p.int(param).saturating_add(after);
        if let Some(margin) = margins::age(
            decision,
            param,
            &m.id,
            m.birth_date,
            facts.as_of,
            age,
            limit,
        ) {
            out.push(margin);
        }
    }
}

/// The parameters a caller may look up by name (`hengjie params`), re-exported for bindings.
pub fn param_names() -> impl Iterator<Item = &'static str> {
    Param::ALL.iter().map(|p| p.name())
}

/// Form input made into contract input before validation ([`crate::normalize`]): full-width
/// digits, thousands separators, a trailing 元, surrounding spaces.
pub fn normalize(household: &serde_json::Value) -> serde_json::Value {
    crate::normalize::normalize(household)
}

/// The label table in one language ([`crate::labels::table`]), as every door's `labels(lang)`.
pub fn labels(lang: crate::labels::Lang) -> Value {
    crate::labels::table(lang)
}

/// The applicant's summary of an assessment's JSON value (`core/src/summary.rs`).
pub fn applicant_summary(assessment: &(impl Input + ?Sized), lang: crate::labels::Lang) -> Value {
    crate::summary::applicant_summary_value(&assessment.json(), lang)
}

/// The applicant's summary of a typed assessment, as [`applicant_summary`] gives it from JSON.
pub fn applicant_summary_of(assessment: &Assessment, lang: crate::labels::Lang) -> Value {
    crate::summary::applicant_summary(assessment, lang)
}

/// Assesses a household value under `base` and `reform` (both on the same date) and lists the
/// decision fields that differ, in output order; invalid input gives the validator's errors.
pub fn compare(
    value: &(impl Input + ?Sized),
    base: &Assessor<'_>,
    reform: &Assessor<'_>,
) -> Result<crate::HouseholdChanges, Errors> {
    crate::compare::household(value, base, reform)
}

/// The decision fields of two assessments of one household that differ, in output order.
pub fn changes(before: &Assessment, after: &Assessment) -> Vec<crate::Change> {
    crate::compare::changes(before, after)
}

/// The parameters each rule reads ([`crate::rules::params_of`]), by the rule's name as in
/// `reasons[].rule`, rules in rule order: `{"transition": ["transition.end", …], …}`. A decision
/// rests on an illustrative value when one of its rule's parameters is illustrative; the WASM
/// binding's `ruleParams()` serves this map.
pub fn rule_params() -> Value {
    let map = crate::explain::Rule::ALL
        .iter()
        .map(|&rule| {
            let names = crate::rules::params_of(rule)
                .iter()
                .map(|p| Value::from(p.name()))
                .collect();
            (rule.as_str().to_owned(), Value::Array(names))
        })
        .collect();
    Value::Object(map)
}
