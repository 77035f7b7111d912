
// The output types (`Assessment`, `MemberAssessment`, `Margin`, `ErrorDetail`, `ErrorCode`,
// `ParamRow`, `VillageAssessment`, `FarmlandAssessment`, ...) are generated from the core's types:
// see assessment.d.ts (scripts/gen-types.mjs), appended to this file by wasm-bindgen.

/** A per-field validation error, as `validate` returns them (an alias of `ErrorDetail`). */
export type ValidationError = ErrorDetail;

/** What `assess`, `assessJson` and `params` throw. */
export interface HengjieError extends Error {
  name: "HengjieError";
  /** `"invalid_input"`: the household or the as-of date; `"parameter"`: the layer, or a parameter undefined on the date; `"not_initialized"`: called before `init()` (the package entry only). */
  kind: "invalid_input" | "parameter" | "not_initialized";
  errors: ErrorDetail[];
}

/** An exact amount: decimal text such as `"1200.50"`, or a safe integer (a non-integer number is `invalid_type`). */
export type Money = string | number;

// `Household`, `Member` and the other input types are generated from the core's model: see
// household.d.ts (scripts/gen-types.mjs), appended to this file by wasm-bindgen.

/** A parameter layer (docs/contract.md#parameter-layer-files), laid over the embedded policy. */
export interface Layer {
  jurisdiction: string;
  parameters: Record<string, { from: string; value: string | number | boolean; provenance?: "seed" | "national" | "illustrative"; source?: string }[]>;
}

/**
 * Assesses a household (an object, or JSON text) as of `asOf` ("YYYY-MM-DD"), with an optional
 * parameter layer (an object, or JSON text) over the default policy. Throws a `HengjieError`.
 */
export function assess(household: Household | string, asOf: string, layer: Layer | string | null | undefined, options: SelectOptions): SelectedAssessment;
export function assess(household: Household | string, asOf: string, layer?: Layer | string | null, options?: AssessOptions): Assessment;

/** Like `assess`, returning the canonical JSON text (byte-identical across bindings). */
export function assessJson(household: Household | string, asOf: string, layer?: Layer | string | null, options?: AssessOptions): string;

/**
 * `explain: false` leaves `reasons` and `parameters` empty (their texts are never rendered); every
 * decision, margin and warning is the same. Default `true`.
 *
 * `outputs: ["monitoring", "dibao"]` computes and gives only those outputs and the rules they
 * depend on (docs/rust.md#outputs; Python's `outputs=[...]`, the CLI's `--outputs`): the answer is
 * a `SelectedAssessment`. A name that is not an output throws a `HengjieError` of kind
 * `"invalid_input"` with the core's `invalid_value` error (path `""`, the names in
 * `params.allowed`); a value that is not an array of strings throws a `TypeError`. Absent or
 * `null`: every output.
 */
export interface AssessOptions {
  explain?: boolean;
  outputs?: OutputName[] | null;
}

/** `AssessOptions` with an `outputs` selection. */
export interface SelectOptions extends AssessOptions {
  outputs: OutputName[];
}

/** An output an assessment can be asked for (docs/rust.md#outputs), in output order. */
export type OutputName =
  | "transition"
  | "monitoring"
  | "assistance_approach"
  | "dibao"
  | "temporary_assistance"
  | "small_loan"
  | "low_income"
  | "housing"
  | "tekun"
  | "disability"
  | "medical"
  | "pension"
  | "education"
  | "employment"
  | "child_support"
  | "care_visits"
  | "coverage_gaps"
  | "margins";

/**
 * An assessment under an `outputs` selection: `household_id`, `as_of`, `jurisdiction`,
 * `provenance`, the selected outputs (each as in the full `Assessment`), `members` when a
 * per-member output is selected (each with `person_id`, `age` and the selected outputs' fields),
 * and the `reasons`, `parameters` and `warnings` of the rules that ran.
 */
export type SelectedAssessment = Pick<Assessment, "household_id" | "as_of" | "jurisdiction" | "provenance" | "reasons" | "parameters" | "warnings">
  & Partial<Omit<Assessment, "members">>
  & { members?: SelectedMember[] };

/** A member of a `SelectedAssessment`: `person_id`, `age` and the selected outputs' fields. */
export type SelectedMember = Pick<MemberAssessment, "person_id" | "age"> & Partial<MemberAssessment>;

/** Every error of the household, sorted by path then code; `[]` when it is valid. */
export function validate(household: unknown, asOf: string): ErrorDetail[];

/** With `asOf`, the value in effect of every parameter on that date; without, every dated value. */
export function params(asOf?: string | null, layer?: Layer | string | null): ParamRow[];

/** Every error code, in the contract's order. */
export function errorCodes(): ErrorCode[];

/** A village's facilities over a reporting period (docs/contract.md#village-and-farmland). */
export interface Village {
  id: string;
  clinic: { present: boolean; standardised: boolean; qualified_doctors: number; visit_half_days_per_week: number };
  platform_staff: number;
  period_start: string;
  period_end: string;
  job_info_months?: string[] | null;
  /** Months the village ledger was reported
   * (docs/rules/village.md#12-village-service-standards-村级服务标准); absent: the ledger is not
   * assessed. */
  ledger_months?: string[] | null;
}

export interface FarmlandProject {
  id: string;
  occupied_area: string | number;
  occupied_grade: number;
  supplemented_area: string | number;
  supplemented_grade: number;
}

/** A measure of the responsibility ledger (docs/rules/village.md#13-responsibility-ledger-责任分工). */
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
export function householdSchema(): HouseholdSchema;

/** The parameters each rule reads, by rule name (as in `Assessment.reasons[].rule`). */
export function ruleParams(): Record<string, string[]>;

/** The default policy with a deploying office's layer, read once. Throws a `HengjieError` (kind `"parameter"`). */
export function withLayer(layer: Layer | string): Policy;

/** A policy with a layer (`withLayer`); call `free()` to release it early. */
export class Policy {
  private constructor();
  free(): void;
  readonly jurisdiction: string;
  assess(household: Household | string, asOf: string, options: SelectOptions): SelectedAssessment;
  assess(household: Household | string, asOf: string, options?: AssessOptions): Assessment;
  assessJson(household: Household | string, asOf: string, options?: AssessOptions): string;
  assessVillage(village: Village | string, asOf: string): VillageAssessment;
  params(asOf?: string | null): ParamRow[];
}

/** A language of the label table and the applicant's summary. */
export type Lang = "zh" | "en";

/** The one label table of the core (`labels(lang)`): every map in table order. */
export interface LabelTable {
  lang: Lang;
  /** Household input fields by JSON Pointer pattern without the leading `/` (`members/&#42;/birth_date`). */
  fields: Record<string, string>;
  /** Short hints for money and date fields, by pattern. */
  hints: Record<string, string>;
  village_fields: Record<string, string>;
  farmland_fields: Record<string, string>;
  /** The label of every allowed word, by list (`labor_capacity`) and word. */
  values: Record<string, Record<string, string>>;
  /** The field patterns each list of words belongs to. */
  value_fields: Record<string, string[]>;
  /** Rule titles by `reasons[].rule`. */
  rules: Record<string, string>;
  /** Output words by output field (`dibao.status`). */
  outputs: Record<string, Record<string, string>>;
  /** Headers of the analysts' tables (the Python batch layer's dotted columns), by column. */
  columns: Record<string, string>;
  /** Support titles of the applicant's summary, by code. */
  supports: Record<string, string>;
}

/** The label table in one language (default `"zh"`). */
export function labels(lang?: Lang): LabelTable;

/**
 * Form input made into contract input: full-width digits, thousands separators, a trailing 元,
 * surrounding spaces, dates such as `1980年5月1日`, word case. Its result validates as is when
 * what was typed meant a valid value.
 */
export function normalize<T>(household: T): T;

/** One support of the applicant's summary. */
export interface SummaryItem {
  code: string;
  title: string;
  /** Money text with 2 decimals; `null` for a support that is not money. */
  amount: string | null;
  unit: "household_monthly" | "person_monthly" | "person_yearly" | "household_once" | "person_once" | "household_loan_limit" | "service";
  /** Amount and unit in words (`每户每月 460.00 元`), `*` when the amount is illustrative; `""` for a service. */
  amount_text: string;
  /** What it is worth in a year (the ordering key); `null` when not paid money. */
  annual_value: string | null;
  /** Member ids it is for; `[]` for the whole household. */
  members: string[];
  for_text: string;
  /** 阳和街道办事处 first, then the measure's lead and cooperating units. */
  apply_at: string[];
  apply_text: string;
  clause: string;
  illustrative: boolean;
  /** What kind of the support it is, in words (the low-income groups, the housing status, a
   * child's basis of support: `低保对象、易返贫致贫人口`); `""` when nothing more needs saying. */
  detail: string;
}

/** What the household may apply for, most valuable first (`applicantSummary`). */
export interface ApplicantSummary {
  lang: Lang;
  household_id: string | null;
  as_of: string | null;
  /** One line; when nothing applies, the only line. */
  headline: string;
  items: SummaryItem[];
  /** Said once when an amount rests on an illustrative parameter; else `null`. */
  footnote: string | null;
}

/** The applicant's summary of an assessment, decided in the core (default language `"zh"`). */
export function applicantSummary(assessment: Assessment, lang?: Lang): ApplicantSummary;

/** A date as a form sends it: `YYYY-MM-DD`. */
export type DateText = `${number}-${number}-${number}`;
/** Money as a form sends it: decimal text (`"1200.50"`); `normalize` turns what people type into it. */
export type MoneyText = string;

/**
 * A strict household for forms: money as text, at least one member, disability grades 1–4,
 * dates as `YYYY-MM-DD` text. Every `FormHousehold` is a `Household` (checked by tsc in
 * examples/usage.ts); `Household` stays the type of JSON input.
 */
export interface FormHousehold {
  id: string;
  village_id?: string | null;
  poverty_alleviated: boolean;
  members: [FormMember, ...FormMember[]];
  income?: { wages?: MoneyText | null; business?: MoneyText | null; property?: MoneyText | null; transfers?: MoneyText | null } | null;
  previous_year_income?: MoneyText | null;
  rigid_expenditure?: { medical?: MoneyText | null; education?: MoneyText | null; disaster?: MoneyText | null; accident?: MoneyText | null } | null;
  housing_grade?: HousingGrade | null;
  drinking_water_safe?: boolean | null;
  food_clothing_secure?: boolean | null;
  assets_within_limit?: boolean | null;
  dibao?: { since: DateText; current_monthly_benefit?: MoneyText | null; income_exceeded_on?: DateText | null } | null;
  monitoring?: { category: MonitoringCategory; since: DateText; stable_income_months?: number | null; measures?: number | null } | null;
  credit?: { rating_ok: boolean; outstanding?: MoneyText | null } | null;
  hospitalizations?: { person_id: string; expense: MoneyText; level: HospitalLevel }[] | null;
}

/** A member of a `FormHousehold`. */
export interface FormMember {
  id: string;
  birth_date: DateText;
  labor_capacity: LaborCapacity;
  medical_insured: boolean;
  disability?: { grade: 1 | 2 | 3 | 4; category: DisabilityCategory } | null;
  schooling?: { status: SchoolingStatus; stage: SchoolStage } | null;
  pension_insured?: boolean | null;
  tekun?: boolean | null;
  legal_supporter_able?: boolean | null;
  own_income?: MoneyText | null;
  employment?: { wants_work?: boolean | null; wants_training?: boolean | null; employed?: boolean | null } | null;
}
