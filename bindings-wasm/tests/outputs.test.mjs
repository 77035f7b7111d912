// `options.outputs`: only the outputs asked for, each exactly as in the full assessment
// (docs/rust.md#outputs), as Python's `outputs=[...]` and the CLI's `--outputs`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";

import { PKG, VECTORS, hengjie, readText } from "./helpers.mjs";

// tests/vectors/dibao/benefit_129_96.json: two members, net 9240.50 + 1200 = 10440.50 a year under
// 500 × 12 × 2 = 12000 → eligible, (12000 − 10440.50) / 12 = 129.958… → 129.96.
const VECTOR = JSON.parse(readText(join(VECTORS, "dibao", "benefit_129_96.json")));
const AS_OF = VECTOR.as_of;
const IDS = ["household_id", "as_of", "jurisdiction", "provenance"];
const EXPLANATION = ["reasons", "parameters", "warnings"];
const LAYER_550 = { jurisdiction: "what-if", parameters: { "dibao.standard_monthly": [{ from: "2023-01-01", value: "550" }] } };

function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail("nothing was thrown");
}

test("outputs gives the selected outputs, each as the full assessment gives it", () => {
  assert.equal(VECTOR.params, null);
  for (const input of [VECTOR.input, JSON.stringify(VECTOR.input)]) {
    const full = hengjie.assess(input, AS_OF);
    const some = hengjie.assess(input, AS_OF, null, { outputs: ["dibao", "monitoring"] });
    assert.deepEqual(Object.keys(some), [...IDS, "monitoring", "dibao", ...EXPLANATION]);
    assert.deepEqual(some.dibao, full.dibao);
    assert.deepEqual(some.monitoring, full.monitoring);
    assert.deepEqual(some.dibao, VECTOR.expected.dibao);
    assert.equal(some.dibao.monthly_benefit, "129.96");
    assert.deepEqual(some.provenance, full.provenance);
    // Only the reasons of §2 and §3, each one of the full assessment's.
    assert.ok(some.reasons.some((r) => r.rule === "dibao"));
    for (const r of some.reasons) {
      assert.ok(["monitoring", "dibao"].includes(r.rule), r.rule);
      assert.ok(full.reasons.some((f) => JSON.stringify(f) === JSON.stringify(r)));
    }
  }
});

test("a per-member output gives members with person_id, age and its fields only", () => {
  const full = hengjie.assess(VECTOR.input, AS_OF);
  const text = hengjie.assessJson(VECTOR.input, AS_OF, null, { outputs: ["pension", "housing"], explain: false });
  const some = JSON.parse(text);
  assert.deepEqual(Object.keys(some), [...IDS, "housing", "members", ...EXPLANATION]);
  assert.deepEqual(some.housing, full.housing);
  assert.deepEqual(some.reasons, []);
  assert.deepEqual(some.parameters, []);
  assert.equal(some.members.length, 2);
  some.members.forEach((m, i) => {
    assert.deepEqual(Object.keys(m), ["person_id", "age", "pension"]);
    assert.equal(m.person_id, ["P1", "P2"][i]);
    // Born 1980-05-10 and 1982-03-03: 43 and 41 on 2023-06-30.
    assert.equal(m.age, [43, 41][i]);
    assert.deepEqual(m.pension, full.members[i].pension);
  });
  // The same bytes as each output of the full record: the selected record is a part of it.
  assert.ok(hengjie.assessJson(VECTOR.input, AS_OF).includes(JSON.stringify(some.housing)));
});

test("a layered policy's methods take outputs too", () => {
  const policy = hengjie.withLayer(LAYER_550);
  const full = policy.assess(VECTOR.input, AS_OF);
  const some = policy.assess(VECTOR.input, AS_OF, { outputs: ["dibao"] });
  assert.deepEqual(Object.keys(some), [...IDS, "dibao", ...EXPLANATION]);
  assert.deepEqual(some.dibao, full.dibao);
  // (550 × 12 × 2 − 10440.50) / 12 = 2759.50 / 12 = 229.958… → 229.96
  assert.equal(some.dibao.monthly_benefit, "229.96");
  assert.deepEqual(JSON.parse(policy.assessJson(VECTOR.input, AS_OF, { outputs: ["dibao"] })), some);
  assert.deepEqual(hengjie.assess(VECTOR.input, AS_OF, LAYER_550, { outputs: ["dibao"] }), some);
});

test("an unknown output name throws the core's invalid_value at the document", () => {
  for (const call of [
    () => hengjie.assess(VECTOR.input, AS_OF, null, { outputs: ["monitoring", "dibao_amount"] }),
    () => hengjie.assessJson(VECTOR.input, AS_OF, null, { outputs: ["monitoring", "dibao_amount"] }),
    () => hengjie.withLayer(LAYER_550).assess(VECTOR.input, AS_OF, { outputs: ["monitoring", "dibao_amount"] }),
  ]) {
    const e = thrown(call);
    assert.equal(e.name, "HengjieError");
    assert.equal(e.kind, "invalid_input");
    assert.equal(e.errors.length, 1);
    const [error] = e.errors;
    assert.equal(error.code, "invalid_value");
    assert.equal(error.path, "");
    assert.match(error.message_en, /"dibao_amount"/);
    assert.match(error.message_zh, /“dibao_amount”/);
    assert.equal(error.params.allowed.length, 18);
    assert.equal(error.params.allowed[0], "transition");
    assert.ok(error.params.allowed.includes("dibao"));
  }
  // An empty list names no output: only the identifying fields and the explanation.
  const none = hengjie.assess(VECTOR.input, AS_OF, null, { outputs: [] });
  assert.deepEqual(Object.keys(none), [...IDS, ...EXPLANATION]);
  assert.deepEqual(none.reasons, []);
  // The as-of date is checked first, as the CLI checks it.
  assert.equal(thrown(() => hengjie.assess(VECTOR.input, "2023-02-30", null, { outputs: ["x"] })).errors[0].message_en.includes("2023-02-30"), true);
});

test("outputs that is not an array of strings is a TypeError; null is every output", () => {
  for (const outputs of ["monitoring,dibao", "dibao", 3, { dibao: true }, ["dibao", 3]]) {
    const e = thrown(() => hengjie.assess(VECTOR.input, AS_OF, null, { outputs }));
    assert.equal(e.name, "TypeError", JSON.stringify(outputs));
    assert.match(e.message, /options\.outputs must be an array of output names/);
  }
  assert.deepEqual(hengjie.assess(VECTOR.input, AS_OF, null, { outputs: null }), hengjie.assess(VECTOR.input, AS_OF));
});

test("the TypeScript OutputName union names the core's outputs, in order", () => {
  const allowed = thrown(() => hengjie.assess(VECTOR.input, AS_OF, null, { outputs: ["?"] })).errors[0].params.allowed;
  for (const build of ["node", "web"]) {
    const dts = readText(join(PKG, build, "hengjie_wasm.d.ts"));
    const union = /export type OutputName =([^;]*);/.exec(dts);
    assert.ok(union, `no OutputName union in pkg/${build}`);
    assert.deepEqual([...union[1].matchAll(/"([a-z_]+)"/g)].map((m) => m[1]), allowed);
  }
});
