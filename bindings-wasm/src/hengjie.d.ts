
// The output types (`Assessment`, `MemberAssessment`, `Margin`, `ErrorDetail`, `ErrorCode`,
// `ParamRow`, `VillageAssessment`, `FarmlandAssessment`, ...) are generated from the core's types:
// see assessment.d.ts (scripts/gen-types.mjs), appended to this file by wasm-bindgen.

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
  /** Months the village ledger was reported (RULES §22); absent: the ledger is not assessed. */
  ledger_months?: string[] | null;
}

export interface FarmlandProject {
  id: string;
  occupied_area: string | number;
  occupied_grade: number;
  supplemented_area: string | number;
  supplemented_grade: number;
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
