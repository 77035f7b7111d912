
/** Every error code of the contract (CONTRACT.md "Errors"); `errorCodes()` lists them at run time. */
export type ErrorCode =
  | "malformed_json"
  | "invalid_type"
  | "missing_field"
  | "unknown_field"
  | "invalid_value"
  | "out_of_range"
  | "duplicate_id"
  | "unknown_reference"
  | "too_large"
  | "parameter_undefined"
  | "invalid_parameter";

/** One error: a stable code, a JSON Pointer into the input (`""` for the document) and messages. */
export interface ErrorDetail {
  code: ErrorCode;
  path: string;
  message_en: string;
  message_zh: string;
}

/** A per-field validation error, as `validate` returns them (an alias of `ErrorDetail`). */
export type ValidationError = ErrorDetail;

/** What `assess`, `assessJson` and `params` throw. */
export interface HengjieError extends Error {
  name: "HengjieError";
  /** `"invalid_input"`: the household or the as-of date; `"parameter"`: the layer, or a parameter undefined on the date. */
  kind: "invalid_input" | "parameter";
  errors: ErrorDetail[];
}

/** An exact amount: decimal text such as `"1200.50"`, or a safe integer (a non-integer number is `invalid_type`). */
export type Money = string | number;

// `Household`, `Member` and the other input types are generated from the core's model: see
// household.d.ts (scripts/gen-types.mjs), appended to this file by wasm-bindgen.

/** A parameter layer (CONTRACT.md "Parameter layer files"), laid over the embedded policy. */
export interface Layer {
  jurisdiction: string;
  parameters: Record<string, { from: string; value: string | number | boolean; provenance?: "seed" | "national" | "illustrative"; source?: string }[]>;
}

/** One dated parameter value. */
export interface ParamRow {
  name: string;
  value: string;
  from: string;
  provenance: "seed" | "national" | "illustrative";
  source: string;
}

/** An assessment (CONTRACT.md "Assessment"); every money field is a 2-decimal string. */
export interface MemberAssessment {
  person_id: string;
  age: number;
  tekun: { eligible: boolean; basic_living_monthly: string | null };
  disability_living_subsidy_monthly: string;
  disability_care_subsidy_monthly: string;
  child_rehabilitation: boolean;
  medical_subsidy: { basis: "tekun" | "dibao" | "monitored" | "alleviated" | null; subsidy: string; personal_contribution: string };
  pension: {
    proxy_payment: string;
    proxy_basis: "tekun" | "severe_disability" | "dibao" | "monitored" | null;
    lowest_tier_available: string;
  } | null;
  dropout_alert: boolean;
  vocational_subsidy_annual: string;
  undergraduate_aid: boolean;
  nutrition_plan: boolean;
  student_aid: boolean;
  job_info_push: boolean;
  training_info_push: boolean;
  public_welfare_post: { eligible: boolean; priority: boolean };
  triple_guarantee: {
    expense: string;
    basic: string;
    critical_illness: string;
    assistance: string;
    out_of_pocket: string;
  } | null;
}

export interface Assessment {
  household_id: string;
  as_of: string;
  jurisdiction: string;
  transition: { phase: "before" | "in" | "after"; year: number | null };
  monitoring: {
    include: boolean;
    category: "unstable_alleviated" | "marginal" | "sudden_hardship" | null;
    risks: string[];
    review: boolean;
    pc_income: string;
    pc_income_after_rigid: string;
    line: string;
    exit: { eligible: boolean; blockers: string[] } | null;
  };
  assistance_approach: "development" | "safety_net" | null;
  dibao: { status: "eligible" | "gradual_exit" | "not_eligible"; eligible: boolean; monthly_benefit: string; gradual_exit_until: string | null };
  temporary_assistance: { eligible: boolean; amount: string };
  small_loan: {
    status: "eligible" | "not_eligible" | "not_in_force";
    eligible: boolean;
    max_amount: string;
    max_term_months: number | null;
    borrowers: string[];
  };
  members: MemberAssessment[];
  coverage_gaps: { code: "dibao_not_covered" | "tekun_not_covered" | "pension_not_insured"; person_id: string | null }[];
  /** How far each threshold decision is from flipping ("why not"): money in 2-decimal strings; ages and day counts as numbers. */
  margins: Margin[];
  reasons: { rule: string; code: string; clause: string; person_id: string | null; message_zh: string; message_en: string; values: Record<string, string> }[];
  parameters: ParamRow[];
  warnings: { code: string; parameter: string | null; person_id: string | null }[];
}

/** One margin of `Assessment.margins`. */
export interface Margin {
  decision:
    | "monitoring.income_below_line"
    | "dibao.income_below_standard"
    | "dibao.gradual_exit"
    | "tekun.minor"
    | "disability.child_rehabilitation"
    | "education.dropout_alert"
    | "pension.age";
  person_id: string | null;
  parameter: string;
  unit: "yuan_per_person_year" | "yuan_per_person_month" | "date" | "age";
  /** Money units: 2-decimal strings; `date`: dates; `age`: whole years. */
  current: string | number;
  threshold: string | number;
  /** Money units: a 2-decimal string; `date` and `age`: days (a number). */
  change: string | number;
  message_zh: string;
  message_en: string;
}

/**
 * Assesses a household (an object, or JSON text) as of `asOf` ("YYYY-MM-DD"), with an optional
 * parameter layer (an object, or JSON text) over the default policy. Throws a `HengjieError`.
 */
export function assess(household: Household | string, asOf: string, layer?: Layer | string | null, options?: AssessOptions): Assessment;

/** Like `assess`, returning the canonical JSON text (byte-identical across bindings). */
export function assessJson(household: Household | string, asOf: string, layer?: Layer | string | null, options?: AssessOptions): string;

/**
 * `explain: false` leaves `reasons` and `parameters` empty (their texts are never rendered); every
 * decision, margin and warning is the same. Default `true`.
 */
export interface AssessOptions {
  explain?: boolean;
}

/** Every error of the household, sorted by path then code; `[]` when it is valid. */
export function validate(household: unknown, asOf: string): ErrorDetail[];

/** With `asOf`, the value in effect of every parameter on that date; without, every dated value. */
export function params(asOf?: string | null, layer?: Layer | string | null): ParamRow[];

/** Every error code, in the contract's order. */
export function errorCodes(): ErrorCode[];

/** A village's facilities over a reporting period (CONTRACT "Village"). */
export interface Village {
  id: string;
  clinic: { present: boolean; standardised: boolean; qualified_doctors: number; visit_half_days_per_week: number };
  platform_staff: number;
  period_start: string;
  period_end: string;
  job_info_months?: string[] | null;
}

export interface VillageAssessment {
  village_id: string;
  compliant: boolean;
  gaps: string[];
}

export interface FarmlandProject {
  id: string;
  occupied_area: string | number;
  occupied_grade: number;
  supplemented_area: string | number;
  supplemented_grade: number;
}

export interface FarmlandAssessment {
  project_id: string;
  compliant: boolean;
  gaps: ("area_short" | "quality_lower")[];
}

/** A measure of the responsibility ledger (RULES §13). */
export interface Measure {
  clause: string;
  title: string;
  lead: string[];
  cooperating: string[];
  shared: string[];
  note?: string;
}

/** Checks a village against the service standards in force on `asOf`. Throws a `HengjieError`. */
export function assessVillage(village: Village | string, asOf: string, layer?: Layer | string | null): VillageAssessment;

/** Checks a farmland project's occupation–supplement balance. Throws a `HengjieError`. */
export function checkFarmland(project: FarmlandProject | string): FarmlandAssessment;

/** The measures a unit is named in, or the measure of a clause ("五(二)"); with neither, all. */
export function duties(unit?: string | null, clause?: string | null): Measure[];

/** The JSON Schema (draft 2020-12) of `Household`, generated from the core's model. */
export function householdSchema(): Record<string, unknown>;

/** The parameters each rule reads, by rule name (as in `Assessment.reasons[].rule`). */
export function ruleParams(): Record<string, string[]>;

/** The default policy with a deploying office's layer, read once. Throws a `HengjieError` (kind `"parameter"`). */
export function withLayer(layer: Layer | string): Policy;

/** A policy with a layer (`withLayer`); call `free()` to release it early. */
export class Policy {
  private constructor();
  free(): void;
  readonly jurisdiction: string;
  assess(household: Household | string, asOf: string, options?: AssessOptions): Assessment;
  assessJson(household: Household | string, asOf: string, options?: AssessOptions): string;
  assessVillage(village: Village | string, asOf: string): VillageAssessment;
  params(asOf?: string | null): ParamRow[];
}
