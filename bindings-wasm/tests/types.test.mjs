// The checked-in TypeScript declarations of the input (src/household.d.ts) and of the outputs
// (src/assessment.d.ts) are what scripts/gen-types.mjs makes from src/household.schema.json and
// src/assessment.schema.json (themselves kept current by tests/generated.rs); householdSchema()
// returns the input's schema; the package's declarations carry both the generated and the
// hand-written types.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import {
  DECLARATIONS, ENUMS, OUTPUT_DECLARATIONS, OUTPUT_SCHEMA, SCHEMA, generate, generateEnums, generateOutputs,
} from "../scripts/gen-types.mjs";
import { PKG, SAMPLE, hengjie } from "./helpers.mjs";

test("src/household.d.ts is current (regenerate: node bindings-wasm/scripts/gen-types.mjs)", async () => {
  assert.equal(readFileSync(DECLARATIONS, "utf8"), await generate());
});

test("js/enums.{js,cjs,d.ts} are current (regenerate: node bindings-wasm/scripts/gen-types.mjs)", () => {
  const [esm, cjs, dts] = generateEnums();
  assert.equal(readFileSync(`${ENUMS}.js`, "utf8"), esm);
  assert.equal(readFileSync(`${ENUMS}.cjs`, "utf8"), cjs);
  assert.equal(readFileSync(`${ENUMS}.d.ts`, "utf8"), dts);
  assert.match(esm, /export const LABOR_CAPACITY = Object.freeze\(\["full","partial","none"\]\);/);
  assert.match(esm, /export const DISABILITY_GRADE = Object.freeze\(\[1,2,3,4\]\);/);
});

test("every property of the household schema carries a Chinese title and an English one", () => {
  const schema = JSON.parse(readFileSync(SCHEMA, "utf8"));
  const objects = [schema, ...Object.values(schema.$defs)].filter((d) => d.properties);
  let n = 0;
  for (const o of objects) {
    for (const [key, p] of Object.entries(o.properties)) {
      assert.ok(p.title && /[\u4e00-\u9fff]/.test(p.title), `${key} has no Chinese title`);
      assert.ok(p["x-title-en"], `${key} has no English title`);
      n++;
    }
  }
  assert.ok(n > 40, `${n} properties`);
  let lists = 0;
  for (const [name, def] of Object.entries(schema.$defs)) {
    const words = def.enum ?? def.oneOf?.map((x) => x.const);
    if (!words || words.includes(undefined)) continue;
    assert.deepEqual(Object.keys(def["x-enum-labels"]), words.map(String), name);
    assert.deepEqual(Object.keys(def["x-enum-labels-en"]), words.map(String), name);
    lists++;
  }
  assert.equal(lists, 8);
});

test("src/assessment.d.ts is current (regenerate: node bindings-wasm/scripts/gen-types.mjs)", async () => {
  assert.equal(readFileSync(OUTPUT_DECLARATIONS, "utf8"), await generateOutputs());
});

test("the output schema says every key is written: nullable, never optional; no extra keys", () => {
  // The one exception: an error's `params` and the keys inside it, present only where the
  // contract gives them (docs/contract.md#errors).
  const schema = JSON.parse(readFileSync(OUTPUT_SCHEMA, "utf8"));
  const objects = [schema, ...Object.values(schema.$defs)].filter((s) => s.type === "object" && s.properties);
  assert.ok(objects.length > 20, `${objects.length} object schemas`);
  for (const s of objects) {
    const optional = s === schema.$defs.ErrorParams ? Object.keys(s.properties)
      : s === schema.$defs.ErrorDetail ? ["params"] : [];
    const keys = Object.keys(s.properties).filter((k) => !optional.includes(k));
    assert.deepEqual([...(s.required ?? [])].sort(), keys.sort(), s.description);
    assert.equal(s.additionalProperties, false, s.description);
  }
  const dts = readFileSync(OUTPUT_DECLARATIONS, "utf8");
  const optional = [...dts.matchAll(/(\w+)\?:/g)].map((m) => m[1]);
  assert.deepEqual(
    [...new Set(optional)].sort(),
    ["allowed", "allowed_labels_en", "allowed_labels_zh", "max", "min", "params"],
    "no optional property in assessment.d.ts but an error's params",
  );
  assert.ok(!/:\s*unknown\b/.test(dts), "no unknown-typed member in assessment.d.ts");
});

test("householdSchema() is the checked-in schema", () => {
  const schema = hengjie.householdSchema();
  assert.deepEqual(schema, JSON.parse(readFileSync(SCHEMA, "utf8")));
  assert.deepEqual(schema.required, ["id", "poverty_alleviated", "members"]);
  assert.equal(schema.additionalProperties, false);
  // Every field the schema names is one the sample may carry, and the sample's fields are in it.
  for (const key of Object.keys(SAMPLE)) assert.ok(key in schema.properties, key);
});

test("the package's declarations include the generated input types and the API", () => {
  for (const dir of ["node", "web"]) {
    const dts = readFileSync(join(PKG, dir, "hengjie_wasm.d.ts"), "utf8");
    for (const name of [
      "export interface Household", "export interface Member", "export interface Assessment",
      "export type ValidationError", "export function householdSchema", "export function withLayer",
      "export class Policy", "export function assessVillage", "export interface Village",
      "export interface VillageAssessment", "export interface FarmlandAssessment",
      "export interface ErrorDetail", "export interface ParamRow", "export interface Margin",
    ]) {
      assert.ok(dts.includes(name), `${dir}: ${name}`);
    }
  }
});

test("ruleParams names real parameters, for every rule that gives reasons", () => {
  const byRule = hengjie.ruleParams();
  const known = new Set(hengjie.params().map((p) => p.name));
  // docs/parameters.md: §15 (low_income) and §16 (housing) read no parameters of their own.
  const without = Object.entries(byRule).filter(([, names]) => names.length === 0).map(([rule]) => rule);
  assert.deepEqual(without, ["low_income", "housing"]);
  for (const [rule, names] of Object.entries(byRule)) {
    for (const n of names) assert.ok(known.has(n), `${rule}: ${n}`);
  }
  for (const r of hengjie.assess(SAMPLE, "2023-06-30").reasons) assert.ok(r.rule in byRule, r.rule);
});

test("withLayer reads a layer once and assesses like assess(…, layer)", () => {
  const layer = {
    jurisdiction: "what-if",
    parameters: { "dibao.standard_monthly": [{ from: "2023-01-01", value: "500" }] },
  };
  const policy = hengjie.withLayer(layer);
  assert.equal(policy.jurisdiction, "what-if");
  assert.equal(policy.assessJson(SAMPLE, "2023-06-30"), hengjie.assessJson(SAMPLE, "2023-06-30", layer));
  assert.deepEqual(policy.assess(SAMPLE, "2023-06-30"), hengjie.assess(SAMPLE, "2023-06-30", layer));
  assert.deepEqual(policy.params("2023-06-30"), hengjie.params("2023-06-30", layer));
  assert.throws(() => policy.assess(SAMPLE, "2020-12-31"), (e) => e.kind === "parameter");
  policy.free();
  assert.throws(() => hengjie.withLayer({ jurisdiction: "x", parameters: { nope: [] } }),
    (e) => e.name === "HengjieError" && e.kind === "parameter");
});
