//! Population indicators over a batch of assessments (RULES §13) — 阳发〔2021〕30号 §七(三):
//! "坚决守住不发生规模性返贫的底线" (no large-scale return to poverty).

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::assessment::{Assessment, GapCode};
use crate::date::Date;
use crate::error::Errors;
use crate::model::MonitoringCategory;
use crate::money::{Money, plain_decimal};
use crate::params::{Param, Policy};

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
}

impl IndicatorsBuilder {
    /// A builder with the `indicators.large_scale_share` in force on `as_of`.
    pub fn for_date(policy: &Policy, as_of: Date) -> Result<Self, Errors> {
        let threshold = policy.resolve(as_of)?.dec(Param::IndicatorsLargeScaleShare);
        Ok(Self::with_threshold(threshold))
    }

    /// A builder with an explicit threshold.
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
    }

    /// Counts one record that could not be assessed.
    pub fn add_failed(&mut self) {
        self.failed += 1;
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
        }
    }
}
