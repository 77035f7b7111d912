// A typed use of the npm package, checked by `tsc --noEmit -p bindings-wasm/examples`
// (make test-ts): the declarations in pkg/ are the ones wasm-bindgen emits from src/*.d.ts.
import {
  assess,
  householdSchema,
  params,
  ruleParams,
  validate,
  withLayer,
  type Assessment,
  type Household,
  type Layer,
  type Policy,
  type SelectedAssessment,
  type ValidationError,
} from "../pkg/node/hengjie_wasm.js";

const household: Household = {
  id: "HH-1",
  poverty_alleviated: false,
  members: [
    { id: "P1", birth_date: "1970-01-01", labor_capacity: "partial", medical_insured: true },
    {
      id: "P2",
      birth_date: "2012-03-01",
      labor_capacity: "none",
      medical_insured: true,
      schooling: { status: "enrolled", stage: "primary" },
    },
  ],
  income: { wages: "6000" },
  assets_within_limit: true,
};

const errors: ValidationError[] = validate(household, "2025-06-30");
for (const e of errors) console.log(e.path, e.code, e.message_zh);

const a: Assessment = assess(household, "2025-06-30");
const benefit: string = a.dibao.monthly_benefit;
const category: "unstable_alleviated" | "marginal" | "sudden_hardship" | null = a.monitoring.category;

const layer: Layer = {
  jurisdiction: "what-if",
  parameters: { "dibao.standard_monthly": [{ from: "2023-01-01", value: "550" }] },
};
const office: Policy = withLayer(layer);
const fromOffice: Assessment = office.assess(household, "2025-06-30");
// Only dibao and the rules it needs: the other outputs are absent.
const some: SelectedAssessment = office.assess(household, "2025-06-30", { outputs: ["dibao"] });
const selected: string | undefined = some.dibao?.monthly_benefit;
office.free();

const schema: Record<string, unknown> = householdSchema();
const byRule: Record<string, string[]> = ruleParams();
const standard = params("2025-06-30").find((p) => p.name === "dibao.standard_monthly")?.value;

console.log(benefit, category, fromOffice.jurisdiction, selected, schema.title, byRule.dibao, standard);
