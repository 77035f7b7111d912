//! Population indicators over a batch of assessments
//! (docs/rules/village.md#13-population-indicators-七三-不发生规模性返贫) — 阳发〔2021〕30号 §七(三):
//! "坚决守住不发生规模性返贫的底线" (no large-scale return to poverty); with the low-income population (§15) and the income-growth target (§21, §二 "脱贫地区农民收入增速高于柳州市农民平均水平").

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::assessment::{Assessment, GapCode};
use crate::date::Date;
use crate::error::Errors;
use crate::model::MonitoringCategory;
use crate::money::{Money, plain_decimal};
use crate::params::{Param, Policy, Provenance};
use crate::rules::low_income::Group;

/// Households by monitoring category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ByCategory {
    pub unstable_alleviated: u64,
    pub marginal: u64,
    pub sudden_hardship: u64,
}

/// Coverage gaps by code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct GapCounts {
    pub dibao_not_covered: u64,
    pub tekun_not_covered: u64,
    pub pension_not_insured: u64,
}

/// The "no large-scale return to poverty" check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LargeScaleReturn {
    /// Newly included alleviated households / alleviated households, 4 decimals.
    pub share: String,
    pub threshold: String,
    pub exceeded: bool,
}

/// Low-income households by group (§15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ByGroup {
    pub dibao: u64,
    pub tekun: u64,
    pub at_risk: u64,
    pub hardship: u64,
}

/// The low-income population of the batch (§15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct LowIncomeCounts {
    /// Households in the population.
    pub households: u64,
    /// Every member of those households.
    pub persons: u64,
    /// Households by group (a household counts once in each of its groups).
    pub by_group: ByGroup,
}

/// The income-growth target (§21).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IncomeGrowth {
    /// Assessed alleviated households with `previous_year_income` > 0.
    pub alleviated_households: u64,
    /// Σ net / Σ previous − 1, exactly 4 decimals, half away from zero; null when none.
    pub growth: Option<String>,
    /// `indicators.liuzhou_rural_income_growth` as its text.
    pub liuzhou_growth: String,
    pub liuzhou_growth_provenance: Provenance,
    /// Σ net > (1 + liuzhou_growth) × Σ previous, exact; null when `growth` is null.
    pub ahead: Option<bool>,
}

/// The indicators of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Indicators {
    pub households: u64,
    pub assessed: u64,
    pub failed: u64,
    pub by_category: ByCategory,
    pub newly_included: u64,
    pub exit_eligible: u64,
    pub coverage_gaps: GapCounts,
    pub dropout_alerts: u64,
    pub dibao_monthly_total: Money,
    pub temporary_assistance_total: Money,
    pub large_scale_return: LargeScaleReturn,
    pub low_income: LowIncomeCounts,
    pub income_growth: IncomeGrowth,
}

/// Accumulates assessments one by one (constant memory, for streams).
#[derive(Debug, Clone)]
pub struct IndicatorsBuilder {
    threshold: Decimal,
    assessed: u64,
    failed: u64,
    by_category: ByCategory,
    newly_included: u64,
    exit_eligible: u64,
    gaps: GapCounts,
    dropout_alerts: u64,
    dibao: Decimal,
    temporary: Decimal,
    alleviated: u64,
    alleviated_newly_included: u64,
    low_income: LowIncomeCounts,
    liuzhou_growth: Decimal,
    liuzhou_growth_provenance: Provenance,
    growth_households: u64,
    /// Σ net and Σ previous of those households, in fen (inputs have at most 2 decimals).
    growth_net_fen: i128,
    growth_previous_fen: i128,
}

impl IndicatorsBuilder {
    /// A builder with the `indicators.*` parameters in force on `as_of`.
    pub fn for_date(policy: &Policy, as_of: Date) -> Result<Self, Errors> {
        let params = policy.resolve(as_of)?;
        let growth = Param::IndicatorsLiuzhouRuralIncomeGrowth;
        let provenance = params
            .entry(growth)
            .map_or(Provenance::Illustrative, |e| e.provenance());
        Ok(
            Self::with_threshold(params.dec(Param::IndicatorsLargeScaleShare))
                .with_liuzhou_growth(params.dec(growth), provenance),
        )
    }

    /// The Liuzhou rural income growth compared with (§21).
    #[must_use]
    pub fn with_liuzhou_growth(mut self, growth: Decimal, provenance: Provenance) -> Self {
        self.liuzhou_growth = growth;
        self.liuzhou_growth_provenance = provenance;
        self
    }

    /// A builder with an explicit threshold (and a Liuzhou growth of 0, illustrative, until
    /// [`Self::with_liuzhou_growth`]).
    pub fn with_threshold(threshold: Decimal) -> Self {
        IndicatorsBuilder {
            threshold,
            assessed: 0,
            failed: 0,
            by_category: ByCategory::default(),
            newly_included: 0,
            exit_eligible: 0,
            gaps: GapCounts::default(),
            dropout_alerts: 0,
            dibao: Decimal::ZERO,
            temporary: Decimal::ZERO,
            alleviated: 0,
            alleviated_newly_included: 0,
            low_income: LowIncomeCounts::default(),
            liuzhou_growth: Decimal::ZERO,
            liuzhou_growth_provenance: Provenance::Illustrative,
            growth_households: 0,
            growth_net_fen: 0,
            growth_previous_fen: 0,
        }
    }

    /// Counts one assessed household.
    pub fn add(&mut self, a: &Assessment) {
        self.assessed += 1;
        match a.monitoring.category {
            Some(MonitoringCategory::UnstableAlleviated) => {
                self.by_category.unstable_alleviated += 1
            }
            Some(MonitoringCategory::Marginal) => self.by_category.marginal += 1,
            Some(MonitoringCategory::SuddenHardship) => self.by_category.sudden_hardship += 1,
            None => {}
        }
        let newly = a.monitoring.include && !a.on_monitoring_roll;
        if newly {
            self.newly_included += 1;
        }
        if a.poverty_alleviated {
            self.alleviated += 1;
            if newly {
                self.alleviated_newly_included += 1;
            }
        }
        if a.monitoring.exit.as_ref().is_some_and(|e| e.eligible) {
            self.exit_eligible += 1;
        }
        for gap in &a.coverage_gaps {
            match gap.code {
                GapCode::DibaoNotCovered => self.gaps.dibao_not_covered += 1,
                GapCode::TekunNotCovered => self.gaps.tekun_not_covered += 1,
                GapCode::PensionNotInsured => self.gaps.pension_not_insured += 1,
            }
        }
        self.dropout_alerts += a.members.iter().filter(|m| m.dropout_alert).count() as u64;
        self.dibao += a.dibao.monthly_benefit.value();
        self.temporary += a.temporary_assistance.amount.value();
        if a.low_income.population {
            let li = &mut self.low_income;
            li.households += 1;
            li.persons += a.members.len() as u64;
            for g in &a.low_income.groups {
                match g {
                    Group::Dibao => li.by_group.dibao += 1,
                    Group::Tekun => li.by_group.tekun += 1,
                    Group::AtRisk => li.by_group.at_risk += 1,
                    Group::Hardship => li.by_group.hardship += 1,
                }
            }
        }
        if let Some(prev) = a
            .previous_year_income
            .filter(|p| a.poverty_alleviated && *p > Decimal::ZERO)
        {
            self.growth_households += 1;
            self.growth_net_fen += fen(a.net_income);
            self.growth_previous_fen += fen(prev);
        }
    }

    /// Counts one record that could not be assessed.
    pub fn add_failed(&mut self) {
        self.failed += 1;
    }

    /// Adds the households counted by `other` (a part of the same batch, counted on another
    /// core) to these: every count and sum is exact, so the parts give what one builder fed
    /// every household gives, in any order. The threshold and the Liuzhou growth stay this
    /// builder's.
    pub fn merge(&mut self, other: &IndicatorsBuilder) {
        // Every field named: a field added to the builder is not forgotten here.
        let IndicatorsBuilder {
            threshold: _,
            assessed,
            failed,
            by_category,
            newly_included,
            exit_eligible,
            gaps,
            dropout_alerts,
            dibao,
            temporary,
            alleviated,
            alleviated_newly_included,
            low_income,
            liuzhou_growth: _,
            liuzhou_growth_provenance: _,
            growth_households,
            growth_net_fen,
            growth_previous_fen,
        } = other;
        self.assessed += assessed;
        self.failed += failed;
        let mine = &mut self.by_category;
        mine.unstable_alleviated += by_category.unstable_alleviated;
        mine.marginal += by_category.marginal;
        mine.sudden_hardship += by_category.sudden_hardship;
        self.newly_included += newly_included;
        self.exit_eligible += exit_eligible;
        let mine = &mut self.gaps;
        mine.dibao_not_covered += gaps.dibao_not_covered;
        mine.tekun_not_covered += gaps.tekun_not_covered;
        mine.pension_not_insured += gaps.pension_not_insured;
        self.dropout_alerts += dropout_alerts;
        self.dibao += dibao;
        self.temporary += temporary;
        self.alleviated += alleviated;
        self.alleviated_newly_included += alleviated_newly_included;
        let mine = &mut self.low_income;
        mine.households += low_income.households;
        mine.persons += low_income.persons;
        mine.by_group.dibao += low_income.by_group.dibao;
        mine.by_group.tekun += low_income.by_group.tekun;
        mine.by_group.at_risk += low_income.by_group.at_risk;
        mine.by_group.hardship += low_income.by_group.hardship;
        self.growth_households += growth_households;
        self.growth_net_fen += growth_net_fen;
        self.growth_previous_fen += growth_previous_fen;
    }

    /// The indicators so far.
    pub fn finish(&self) -> Indicators {
        let share = if self.alleviated == 0 {
            Decimal::ZERO
        } else {
            (Decimal::from(self.alleviated_newly_included) / Decimal::from(self.alleviated))
                .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
        };
        let mut shown = share;
        shown.rescale(4);
        Indicators {
            households: self.assessed + self.failed,
            assessed: self.assessed,
            failed: self.failed,
            by_category: self.by_category,
            newly_included: self.newly_included,
            exit_eligible: self.exit_eligible,
            coverage_gaps: self.gaps,
            dropout_alerts: self.dropout_alerts,
            dibao_monthly_total: Money::round(self.dibao),
            temporary_assistance_total: Money::round(self.temporary),
            large_scale_return: LargeScaleReturn {
                share: shown.to_string(),
                threshold: plain_decimal(self.threshold),
                exceeded: share > self.threshold,
            },
            low_income: self.low_income,
            income_growth: self.income_growth(),
        }
    }

    /// §21: growth = Σ net / Σ previous − 1 to 4 decimals, computed in integers (exact rounding);
    /// `ahead` = Σ net > (1 + g) × Σ previous, i.e. (Σ net − Σ previous) > g × Σ previous.
    fn income_growth(&self) -> IncomeGrowth {
        let (net, prev) = (self.growth_net_fen, self.growth_previous_fen);
        let (growth, ahead) = if self.growth_households == 0 || prev <= 0 {
            (None, None)
        } else {
            let num = (net - prev).saturating_mul(10_000);
            let (q, r) = (num / prev, num % prev);
            // Half away from zero: |r| ≥ prev / 2, the quotient moves away from zero.
            let q = if r.unsigned_abs().saturating_mul(2) >= prev.unsigned_abs() {
                q + num.signum()
            } else {
                q
            };
            let text = format!(
                "{}{}.{:04}",
                if q < 0 { "-" } else { "" },
                q.unsigned_abs() / 10_000,
                q.unsigned_abs() % 10_000
            );
            let gain = Decimal::from_i128_with_scale(net - prev, 2);
            let target = Decimal::from_i128_with_scale(prev, 2).checked_mul(self.liuzhou_growth);
            (Some(text), target.map(|t| gain > t))
        };
        IncomeGrowth {
            alleviated_households: self.growth_households,
            growth,
            liuzhou_growth: plain_decimal(self.liuzhou_growth),
            liuzhou_growth_provenance: self.liuzhou_growth_provenance,
            ahead,
        }
    }
}

/// An amount of at most 2 decimals in fen.
fn fen(d: Decimal) -> i128 {
    let mut d = d.round_dp(2);
    d.rescale(2);
    d.mantissa()
}
