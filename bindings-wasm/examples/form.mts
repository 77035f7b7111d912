// The package as a form uses it, through the package entry (pkg/index.d.ts: every build, with
// `init`, the runtime `HengjieError` and the word lists), checked by tsc (make test-ts).
import init, {
  HengjieError,
  LABOR_CAPACITY,
  applicantSummary,
  assess,
  householdSchema,
  isHengjieError,
  labels,
  normalize,
  validate,
  type ApplicantSummary,
  type FormHousehold,
  type Household,
  type HouseholdSchema,
  type LabelTable,
} from "../pkg/web/index.js";

await init();

const form: FormHousehold = {
  id: "自助申请",
  poverty_alleviated: false,
  members: [
    { id: "P1", birth_date: "1970-01-01", labor_capacity: "partial", medical_insured: true,
      disability: { grade: 2, category: "physical" } },
  ],
  income: { wages: "6000" },
};
// Every form household is a household (the JSON input type).
const asJson: Household = form;

// @ts-expect-error money is text in a form, never a float
const floatMoney: FormHousehold = { ...form, income: { wages: 1200.5 } };
// @ts-expect-error at least one member
const noMembers: FormHousehold = { ...form, members: [] };
// @ts-expect-error grades are 1 | 2 | 3 | 4
const grade7: FormHousehold["members"][0] = { ...form.members[0], disability: { grade: 7, category: "physical" } };
// @ts-expect-error dates are YYYY-MM-DD
const slashDate: FormHousehold["members"][0] = { ...form.members[0], birth_date: "1980/05/01" };

const schema: HouseholdSchema = householdSchema();
const title: "出生日期" = schema.$defs.Member.properties.birth_date.title;
const words: readonly ["full", "partial", "none"] = LABOR_CAPACITY;
const table: LabelTable = labels("zh");
const errors = validate(normalize(form), "2025-06-30");
for (const e of errors) console.log(e.params?.min, e.params?.allowed);
try {
  const summary: ApplicantSummary = applicantSummary(assess(form, "2025-06-30"), "zh");
  console.log(summary.items.map((i) => `${i.title} ${i.amount_text}`));
} catch (e) {
  if (e instanceof HengjieError) console.log(e.kind, e.errors);
  if (isHengjieError(e)) console.log(e.errors.length);
}
console.log(asJson, floatMoney, noMembers, grade7, slashDate, title, words, table.rules.dibao);
