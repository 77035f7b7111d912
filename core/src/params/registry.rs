//! The registry of every parameter of docs/parameters.md: its name and kind.

/// What values a parameter takes (docs/parameters.md#kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Yuan, ≥ 0.
    Money,
    /// 0..1.
    Ratio,
    /// A signed ratio, −1..1 (a growth rate).
    SignedRatio,
    /// A multiple, ≥ 0 (named `_multiple`).
    Multiple,
    /// Ages, months, counts: a whole number ≥ 0.
    Integer,
    /// A window flag.
    Boolean,
    /// A date.
    Date,
}

impl Kind {
    /// What the kind is, for messages.
    pub fn describe(self) -> (&'static str, &'static str) {
        match self {
            Kind::Money => (
                "an amount of money 0..10000000000 as a string, at most 2 decimals",
                "0 至 10000000000 的金额字符串，最多 2 位小数",
            ),
            Kind::Ratio => (
                "a ratio 0..1 as a string, at most 4 decimals",
                "0 至 1 的比例字符串，最多 4 位小数",
            ),
            Kind::Multiple => (
                "a multiple 0..1000 as a string, at most 4 decimals",
                "0 至 1000 的倍数字符串，最多 4 位小数",
            ),
            Kind::SignedRatio => (
                "a signed ratio -1..1 as a string, at most 4 decimals",
                "-1 至 1 的比例字符串，最多 4 位小数",
            ),
            Kind::Integer => ("a whole number 0..10000", "0 至 10000 的整数"),
            Kind::Boolean => ("true or false", "true 或 false"),
            Kind::Date => ("a date YYYY-MM-DD", "日期 YYYY-MM-DD"),
        }
    }
}

/// The Levenshtein distance of two texts, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let (Some(&left), Some(&up)) = (row.get(j), row.get(j + 1)) else {
                break;
            };
            let next = (diagonal + usize::from(ca != *cb))
                .min(left + 1)
                .min(up + 1);
            diagonal = up;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = next;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

macro_rules! registry {
    ($($variant:ident = $name:literal : $kind:ident,)+) => {
        /// A parameter of docs/parameters.md. Declared in name order, so the derived order is name
        /// order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Param { $(#[doc = $name] $variant,)+ }

        impl Param {
            /// Every parameter, sorted by name.
            pub const ALL: &'static [Param] = &[$(Param::$variant,)+];

            /// Its dotted name.
            pub fn name(self) -> &'static str {
                match self { $(Param::$variant => $name,)+ }
            }

            /// Its kind.
            pub fn kind(self) -> Kind {
                match self { $(Param::$variant => Kind::$kind,)+ }
            }

            /// Looks a parameter up by name.
            pub fn from_name(name: &str) -> Option<Param> {
                match name { $($name => Some(Param::$variant),)+ _ => None }
            }

            /// The parameter whose name is nearest a misspelt `name` (the "did you mean" of an
            /// unknown parameter): the smallest edit distance among the names at most a third
            /// of its length away (and at least 2) or that start with it (`dibao.standard`),
            /// ties to the first in name order; `None` when nothing is that near.
            pub fn closest(name: &str) -> Option<Param> {
                let limit = (name.chars().count() / 3).max(2);
                Param::ALL
                    .iter()
                    .map(|p| (edit_distance(name, p.name()), *p))
                    .filter(|(d, p)| *d <= limit || (name.len() >= 5 && p.name().starts_with(name)))
                    .min_by_key(|(d, _)| *d)
                    .map(|(_, p)| p)
            }

            /// Its position in [`Param::ALL`].
            pub fn index(self) -> usize {
                self as usize
            }
        }
    };
}

registry! {
    ChildrenDisabledSubsidyMonthly = "children.disabled_subsidy_monthly": Money,
    ChildrenOrphanBasicLivingMonthly = "children.orphan_basic_living_monthly": Money,
    CreditInForce = "credit.in_force": Boolean,
    CreditInterestSubsidyInForce = "credit.interest_subsidy_in_force": Boolean,
    CreditMaxAge = "credit.max_age": Integer,
    CreditMaxAmount = "credit.max_amount": Money,
    CreditMaxTermMonths = "credit.max_term_months": Integer,
    CreditMinAge = "credit.min_age": Integer,
    DibaoGradualExitMonths = "dibao.gradual_exit_months": Integer,
    DibaoStandardMonthly = "dibao.standard_monthly": Money,
    DisabilityCareSubsidyMonthly = "disability.care_subsidy_monthly": Money,
    DisabilityChildRehabAgeLimit = "disability.child_rehab_age_limit": Integer,
    DisabilityLivingSubsidyMonthly = "disability.living_subsidy_monthly": Money,
    EducationCompulsoryAgeLimit = "education.compulsory_age_limit": Integer,
    EducationCompulsoryAgeMin = "education.compulsory_age_min": Integer,
    EducationVocationalInForce = "education.vocational_in_force": Boolean,
    EducationVocationalSubsidyAnnual = "education.vocational_subsidy_annual": Money,
    EmploymentAgeLimit = "employment.age_limit": Integer,
    EmploymentMinAge = "employment.min_age": Integer,
    EmploymentPostAgeLimit = "employment.post_age_limit": Integer,
    IndicatorsLargeScaleShare = "indicators.large_scale_share": Ratio,
    IndicatorsLiuzhouRuralIncomeGrowth = "indicators.liuzhou_rural_income_growth": SignedRatio,
    MedicalBasicCap = "medical.basic_cap": Money,
    MedicalCiCap = "medical.ci_cap": Money,
    MedicalCiDeductible = "medical.ci_deductible": Money,
    MedicalCiRatio = "medical.ci_ratio": Ratio,
    MedicalCiTiltDeductibleFactor = "medical.ci_tilt_deductible_factor": Ratio,
    MedicalCiTiltRatioAdd = "medical.ci_tilt_ratio_add": Ratio,
    MedicalDeductibleCounty = "medical.deductible.county": Money,
    MedicalDeductibleMunicipal = "medical.deductible.municipal": Money,
    MedicalDeductibleTownship = "medical.deductible.township": Money,
    MedicalIndividualContribution = "medical.individual_contribution": Money,
    MedicalMaCap = "medical.ma_cap": Money,
    MedicalMaDeductibleMonitored = "medical.ma_deductible.monitored": Money,
    MedicalMaRatioDibao = "medical.ma_ratio.dibao": Ratio,
    MedicalMaRatioMonitored = "medical.ma_ratio.monitored": Ratio,
    MedicalMaRatioTekun = "medical.ma_ratio.tekun": Ratio,
    MedicalRatioCounty = "medical.ratio.county": Ratio,
    MedicalRatioMunicipal = "medical.ratio.municipal": Ratio,
    MedicalRatioTownship = "medical.ratio.township": Ratio,
    MedicalSubsidyAlleviated = "medical.subsidy.alleviated": Money,
    MedicalSubsidyDibao = "medical.subsidy.dibao": Money,
    MedicalSubsidyMonitored = "medical.subsidy.monitored": Money,
    MonitoringExitStableIncomeMonths = "monitoring.exit_stable_income_months": Integer,
    MonitoringIncomeDropShare = "monitoring.income_drop_share": Ratio,
    MonitoringIncomeLine = "monitoring.income_line": Money,
    MonitoringMinMonthsMonitored = "monitoring.min_months_monitored": Integer,
    PensionContributionSubsidy = "pension.contribution_subsidy": Money,
    PensionLowestTier = "pension.lowest_tier": Money,
    PensionMaxAge = "pension.max_age": Integer,
    PensionMinAge = "pension.min_age": Integer,
    PensionProxyShareDibao = "pension.proxy_share.dibao": Ratio,
    PensionProxyShareMonitored = "pension.proxy_share.monitored": Ratio,
    PensionProxyShareSevereDisability = "pension.proxy_share.severe_disability": Ratio,
    PensionProxyShareTekun = "pension.proxy_share.tekun": Ratio,
    PensionRetainedLowestTier = "pension.retained_lowest_tier": Money,
    ReconcileMedicalHighCost = "reconcile.medical_high_cost": Money,
    TekunBasicLivingMultiple = "tekun.basic_living_multiple": Multiple,
    TekunElderAge = "tekun.elder_age": Integer,
    TekunInSchoolExtension = "tekun.in_school_extension": Boolean,
    TekunMinorAgeLimit = "tekun.minor_age_limit": Integer,
    TemporaryAssistanceCapMonths = "temporary_assistance.cap_months": Integer,
    TransitionEnd = "transition.end": Date,
    TransitionStart = "transition.start": Date,
    VillageMinPlatformStaff = "village.min_platform_staff": Integer,
    VillageMinVisitHalfDays = "village.min_visit_half_days": Integer,
}
