//! The rules of docs/rules/, one file per rule, run in rule order over one [`Facts`].

pub mod assistance_approach;
pub mod care;
pub mod children;
pub mod dibao;
pub mod disability;
pub mod education;
pub mod employment;
pub mod housing;
pub mod low_income;
pub mod medical;
pub mod monitoring;
pub mod pension;
pub mod small_loan;
pub mod tekun;
pub mod temporary_assistance;
pub mod transition;

use crate::date::{self, Date};
use crate::model::Household;
use crate::money::fen_of;
use crate::params::Resolved;

/// What every rule may read: the household, the date, the parameters on that date, and the
/// quantities of docs/rules/conventions.md#household-amounts computed once.
#[derive(Debug)]
pub struct Facts<'a> {
    pub household: &'a Household,
    pub as_of: Date,
    pub params: &'a Resolved<'a>,
    /// `n`, the number of members.
    pub n: i64,
    /// `net` = wages + business + property + transfers, in fen (input money is whole fen).
    pub net: i64,
    /// `rigid` = the sum of the rigid expenditure, in fen.
    pub rigid: i64,
    /// Each member's age on the as-of date, in member order.
    pub ages: Ages,
}

/// A value per member, in member order: inline for a household within the member limit (no heap
/// allocation a household), on the heap beyond it (a household built in code and not checked).
#[derive(Debug, Clone)]
pub struct PerMember<T> {
    inline: [T; crate::limits::MAX_MEMBERS],
    len: usize,
    spilled: Vec<T>,
}

/// Each member's age on the as-of date.
pub type Ages = PerMember<u32>;

/// Members a household may have before a rule's per-member outcomes leave the stack: most
/// households have fewer (issue 18, lever 2).
pub(crate) const INLINE_MEMBERS: usize = 8;

/// A per-member rule's outcomes, in member order: inline within [`INLINE_MEMBERS`], so a typical
/// household's rules allocate nothing for them; on the heap beyond.
pub(crate) type PerMemberOutcomes<T> = smallvec::SmallVec<[T; INLINE_MEMBERS]>;

impl<T: Copy + Default> PerMember<T> {
    /// The values of an iterator of known length.
    pub fn new(values: impl ExactSizeIterator<Item = T>) -> Self {
        let mut out = PerMember {
            inline: [T::default(); crate::limits::MAX_MEMBERS],
            len: values.len(),
            spilled: Vec::new(),
        };
        if out.len > out.inline.len() {
            out.spilled = values.collect();
        } else {
            for (slot, value) in out.inline.iter_mut().zip(values) {
                *slot = value;
            }
        }
        out
    }

    /// The values.
    pub fn as_slice(&self) -> &[T] {
        if self.spilled.is_empty() {
            self.inline.get(..self.len).unwrap_or_default()
        } else {
            &self.spilled
        }
    }

    /// The values, to change in place.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        if self.spilled.is_empty() {
            self.inline.get_mut(..self.len).unwrap_or_default()
        } else {
            &mut self.spilled
        }
    }
}

impl<T: Copy + Default> Default for PerMember<T> {
    fn default() -> Self {
        PerMember::new(std::iter::empty())
    }
}

impl<T: Copy + Default + PartialEq> PartialEq for PerMember<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Copy + Default + Eq> Eq for PerMember<T> {}

impl<'a> Facts<'a> {
    /// Computes the shared quantities.
    pub fn new(household: &'a Household, as_of: Date, params: &'a Resolved<'a>) -> Self {
        Facts {
            household,
            as_of,
            params,
            n: i64::try_from(household.members.len()).unwrap_or(i64::MAX),
            net: income_fen(&household.income),
            rigid: rigid_fen(&household.rigid_expenditure),
            ages: Ages::new(
                household
                    .members
                    .iter()
                    .map(|m| date::age(m.birth_date, as_of)),
            ),
        }
    }

    /// Members with their ages.
    pub fn members(&self) -> impl Iterator<Item = (&'a crate::model::Member, u32)> + '_ {
        self.household
            .members
            .iter()
            .zip(self.ages.as_slice().iter().copied())
    }
}

/// `net` in fen: each component converted once (whole fen, within ±10^10 yuan, so the sum fits).
fn income_fen(i: &crate::model::Income) -> i64 {
    [i.wages, i.business, i.property, i.transfers]
        .into_iter()
        .map(fen_of)
        .fold(0, i64::saturating_add)
}

/// `rigid` in fen.
fn rigid_fen(r: &crate::model::RigidExpenditure) -> i64 {
    [r.medical, r.education, r.disaster, r.accident]
        .into_iter()
        .map(fen_of)
        .fold(0, i64::saturating_add)
}

/// The household's standing after §2 and §3, which the later rules read
/// (docs/rules/conventions.md#terms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// *Monitored*: §2 includes it, or it is on the roll and may not exit.
    pub monitored: bool,
    /// *On dibao*: the input has `dibao`.
    pub on_dibao: bool,
    /// *Dibao-eligible*: §3 gives status `eligible`.
    pub dibao_eligible: bool,
    /// §2 raised `income_drop`.
    pub income_drop: bool,
    /// Per member: raised §2's flag 4 (`dropout`).
    pub dropouts: PerMember<bool>,
}

/// The parameters a rule reads (its `PARAMS` lists), by the rule's name as in `reasons[].rule`:
/// a decision rests on an illustrative parameter when one of these is illustrative. The WASM
/// binding's `ruleParams()` and the applicant's summary read this one list.
pub fn params_of(rule: crate::explain::Rule) -> Vec<crate::params::Param> {
    use crate::explain::Rule;
    let lists: &[&[crate::params::Param]] = match rule {
        Rule::Transition => &[transition::PARAMS],
        Rule::Monitoring => &[monitoring::PARAMS, monitoring::EXIT_PARAMS],
        Rule::AssistanceApproach => &[assistance_approach::PARAMS],
        Rule::Dibao => &[dibao::PARAMS],
        Rule::Tekun => &[tekun::PARAMS],
        Rule::TemporaryAssistance => &[temporary_assistance::PARAMS],
        Rule::Disability => &[disability::PARAMS],
        Rule::Medical => &[medical::SUBSIDY_PARAMS, medical::TRIPLE_PARAMS],
        Rule::Pension => &[pension::PARAMS],
        Rule::Education => &[education::PARAMS],
        Rule::Employment => &[employment::PARAMS],
        Rule::SmallLoan => &[small_loan::PARAMS, small_loan::IN_FORCE_PARAMS],
        Rule::LowIncome | Rule::Housing => &[],
        Rule::Children => &[children::PARAMS],
        Rule::Care => &[care::PARAMS],
    };
    lists.iter().flat_map(|l| l.iter().copied()).collect()
}
