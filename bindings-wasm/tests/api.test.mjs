// The JavaScript API of the Node build: conversion of objects, errors, layers, parameters.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";

import { PKG, SAMPLE, hengjie, readText } from "./helpers.mjs";

const AS_OF = "2023-06-30";
const CONTRACT_CODES = [
  "malformed_json",
  "invalid_type",
  "missing_field",
  "unknown_field",
  "invalid_value",
  "out_of_range",
  "duplicate_id",
  "duplicate_key",
  "empty_value",
  "unknown_reference",
  "too_large",
  "parameter_undefined",
  "invalid_parameter",
];
// The default standard is 500 from 2022-12-01; the what-if layer sets 550 from 2023-01-01.
const LAYER_550 = {
  jurisdiction: "what-if",
  parameters: { "dibao.standard_monthly": [{ from: "2023-01-01", value: "550" }] },
};

const clone = (v) => structuredClone(v);
const with_ = (patch) => ({ ...clone(SAMPLE), ...patch });
const pairs = (errors) => errors.map((e) => [e.code, e.path]);

/** The error `fn` throws. */
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail("expected a throw");
}

test("the sample household: dibao 83.33 a month, monitored as marginal", () => {
  const a = hengjie.assess(SAMPLE, AS_OF);
  assert.equal(a.dibao.monthly_benefit, "83.33"); // (500 × 12 − 5000) / 12
  assert.equal(a.monitoring.category, "marginal");
  assert.equal(a.household_id, "HH-1");
  assert.equal(a.jurisdiction, "yanghe");
  assert.equal(a.members[0].age, 43);
});

test("the output is JSON.parse of the canonical JSON: contract key order, money as strings", () => {
  const text = hengjie.assessJson(SAMPLE, AS_OF);
  const a = hengjie.assess(SAMPLE, AS_OF);
  assert.deepEqual(a, JSON.parse(text));
  assert.equal(JSON.stringify(a), text);
  assert.deepEqual(Object.keys(a), [
    "household_id",
    "as_of",
    "jurisdiction",
    "provenance",
    "transition",
    "monitoring",
    "assistance_approach",
    "dibao",
    "temporary_assistance",
    "small_loan",
    "low_income",
    "housing",
    "members",
    "coverage_gaps",
    "margins",
    "reasons",
    "parameters",
    "warnings",
  ]);
  // docs/contract.md#assessment-output member order: … public_welfare_post, work_relief_priority,
  // triple_guarantee, child_support, care_visits.
  assert.deepEqual(Object.keys(a.members[0]).slice(-5),
    ["public_welfare_post", "work_relief_priority", "triple_guarantee", "child_support", "care_visits"]);
  assert.deepEqual(Object.keys(a.small_loan).at(-1), "interest_subsidised");
  assert.deepEqual(Object.keys(a.members[0].pension ?? { contribution_subsidy: 0 }).at(-1), "contribution_subsidy");
  assert.equal(typeof a.monitoring.pc_income, "string");
  assert.equal(text.endsWith("\n"), false);
});

test("object input and JSON text input give the same result", () => {
  const text = JSON.stringify(SAMPLE);
  assert.equal(hengjie.assessJson(SAMPLE, AS_OF), hengjie.assessJson(text, AS_OF));
  assert.deepEqual(hengjie.assess(SAMPLE, AS_OF), hengjie.assess(text, AS_OF));
  const bad = with_({ members: [], extra: 1 });
  assert.deepEqual(hengjie.validate(bad, AS_OF), hengjie.validate(JSON.stringify(bad), AS_OF));
});

test("validate returns [] for a valid household, and for the same as JSON text", () => {
  assert.deepEqual(hengjie.validate(SAMPLE, AS_OF), []);
  assert.deepEqual(hengjie.validate(JSON.stringify(SAMPLE), AS_OF), []);
});

test("1200.5 as a JS number is invalid_type at its path; \"1200.5\" and 1200 work", () => {
  const errors = hengjie.validate(with_({ income: { wages: 1200.5 } }), AS_OF);
  assert.deepEqual(pairs(errors), [["invalid_type", "/income/wages"]]);
  assert.equal(
    errors[0].message_en,
    'Wages should be a whole number, or an amount written as text ("1200.50"), not a number with decimals or too large to be exact; please correct it.',
  );
  assert.equal(
    errors[0].message_zh,
    "工资性收入应填整数，或写成文字的金额（\"1200.50\"），现在是带小数或过大而不精确的数字，请改正。",
  );
  assert.equal(hengjie.assess(with_({ income: { wages: "1200.5" } }), AS_OF).as_of, AS_OF);
  assert.equal(
    hengjie.assessJson(with_({ income: { wages: 1200 } }), AS_OF),
    hengjie.assessJson(with_({ income: { wages: "1200" } }), AS_OF),
  );
  // In JSON text the number is exact, so there it is fine.
  assert.deepEqual(hengjie.validate('{"id":"HH-1","poverty_alleviated":false,"members":[{"id":"P1","birth_date":"1980-05-01","labor_capacity":"full","medical_insured":true}],"income":{"wages":1200.5}}', AS_OF), []);
});

test("2**53, NaN and ±Infinity are invalid_type; -0 and 2**53-1 are integers", () => {
  for (const n of [2 ** 53, -(2 ** 53), 2 ** 60, NaN, Infinity, -Infinity, 0.1]) {
    const errors = hengjie.validate(with_({ income: { transfers: n } }), AS_OF);
    assert.deepEqual(pairs(errors), [["invalid_type", "/income/transfers"]], String(n));
  }
  assert.deepEqual(hengjie.validate(with_({ income: { transfers: -0 } }), AS_OF), []);
  assert.deepEqual(
    pairs(hengjie.validate(with_({ income: { transfers: 2 ** 53 - 1 } }), AS_OF)),
    pairs(hengjie.validate(with_({ income: { transfers: String(2 ** 53 - 1) } }), AS_OF)),
  );
});

test("a bad number replaces the core's error at its path, and the others are kept, sorted", () => {
  const household = with_({ income: { wages: 0.5 }, hospitalizations: [{ person_id: "P9", expense: 1.5, level: "county" }] });
  delete household.poverty_alleviated;
  household.members[0].medical_insured = 2.5; // null to the core: no missing_field here
  household.typo = 3.25; // unknown_field at /typo is replaced by invalid_type at /typo
  assert.deepEqual(pairs(hengjie.validate(household, AS_OF)), [
    ["invalid_type", "/hospitalizations/0/expense"],
    ["unknown_reference", "/hospitalizations/0/person_id"],
    ["invalid_type", "/income/wages"],
    ["invalid_type", "/members/0/medical_insured"],
    ["missing_field", "/poverty_alleviated"],
    ["invalid_type", "/typo"],
  ]);
  const e = thrown(() => hengjie.assess(household, AS_OF));
  assert.equal(e.kind, "invalid_input");
  assert.deepEqual(e.errors, hengjie.validate(household, AS_OF));
});

test("undefined is absent like null; BigInt, symbols and functions are invalid_type", () => {
  assert.deepEqual(hengjie.validate(with_({ village_id: undefined, previous_year_income: null }), AS_OF), []);
  const odd = with_({ previous_year_income: 10n, village_id: Symbol("v"), housing_grade: () => "A" });
  assert.deepEqual(pairs(hengjie.validate(odd, AS_OF)), [
    ["invalid_type", "/housing_grade"],
    ["invalid_type", "/previous_year_income"],
    ["invalid_type", "/village_id"],
  ]);
  assert.deepEqual(pairs(hengjie.validate([1n], AS_OF)), [["invalid_type", ""], ["invalid_type", "/0"]]);
  assert.deepEqual(pairs(hengjie.validate(with_({ "a/b~c": 1.5 }), AS_OF)), [["invalid_type", "/a~1b~0c"]]);
});

test("a getter or proxy that throws is invalid_value at its path, never an exception", () => {
  const household = with_({});
  Object.defineProperty(household, "income", { enumerable: true, get: () => { throw new Error("boom"); } });
  assert.deepEqual(pairs(hengjie.validate(household, AS_OF)), [["invalid_value", "/income"]]);
  const trap = new Proxy({}, { ownKeys: () => { throw new Error("no keys"); } });
  assert.deepEqual(pairs(hengjie.validate(trap, AS_OF)), [["invalid_value", ""]]);
  const e = thrown(() => hengjie.assess(with_({ members: [trap] }), AS_OF));
  assert.deepEqual(pairs(e.errors), [["invalid_value", "/members/0"]]);
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  assert.deepEqual(pairs(hengjie.validate(with_({ income: proxy }), AS_OF)), [["invalid_value", "/income"]]);
  assert.equal(thrown(() => hengjie.assess(proxy, AS_OF, proxy)).kind, "parameter");
  // The module is still sound after all these.
  for (let i = 0; i < 1000; i++) hengjie.validate(with_({ income: proxy, members: [trap] }), AS_OF);
  assert.equal(hengjie.assess(SAMPLE, AS_OF).dibao.monthly_benefit, "83.33");
});

test("a cyclic object is invalid_value at \"\" (nesting too deep), quickly, with no trap", () => {
  const cyclic = with_({});
  cyclic.members[0].self = cyclic;
  const started = Date.now();
  const errors = hengjie.validate(cyclic, AS_OF);
  assert.deepEqual(pairs(errors), [["invalid_value", ""]]);
  assert.equal(errors[0].message_en, "The form has more than 32 levels of nesting; check how it was made.");
  const e = thrown(() => hengjie.assess(cyclic, AS_OF));
  assert.equal(e.kind, "invalid_input");
  assert.deepEqual(e.errors, errors);
  const loop = [];
  loop.push(loop);
  assert.deepEqual(pairs(hengjie.validate(loop, AS_OF)), [["invalid_value", ""]]);
  assert.ok(Date.now() - started < 2000);
  // The module is still usable afterwards.
  assert.equal(hengjie.assess(SAMPLE, AS_OF).dibao.monthly_benefit, "83.33");
});

test("nesting: 32 levels are read, 33 are refused, exactly as for JSON text", () => {
  const nest = (n) => { let v = 0; for (let i = 0; i < n; i++) v = [v]; return v; };
  for (const depth of [31, 32, 33, 34, 200]) {
    const household = with_({ extra: nest(depth - 1) });
    assert.deepEqual(
      hengjie.validate(household, AS_OF),
      hengjie.validate(JSON.stringify(household), AS_OF),
      `depth ${depth}`,
    );
  }
  assert.deepEqual(pairs(hengjie.validate(with_({ extra: nest(31) }), AS_OF)), [["unknown_field", "/extra"]]);
  assert.deepEqual(pairs(hengjie.validate(with_({ extra: nest(32) }), AS_OF)), [["invalid_value", ""]]);
});

test("over 1 MiB is too_large at \"\", for objects, shared sub-objects, sparse arrays and text", () => {
  const big = with_({ village_id: "x".repeat(1024 * 1024) });
  assert.deepEqual(pairs(hengjie.validate(big, AS_OF)), [["too_large", ""]]);
  assert.deepEqual(pairs(hengjie.validate(JSON.stringify(big), AS_OF)), [["too_large", ""]]);
  // Just under: not too large (other errors only).
  const under = with_({ village_id: "x".repeat(1024 * 1024 - 400) });
  assert.deepEqual(pairs(hengjie.validate(under, AS_OF)), [["out_of_range", "/village_id"]]);
  // A shared sub-object 2^30 times over: stopped as soon as the size is known to be over.
  const wide = {};
  let node = wide;
  for (let i = 0; i < 30; i++) { const next = {}; node.a = next; node.b = next; node = next; }
  let started = Date.now();
  assert.deepEqual(pairs(hengjie.validate(wide, AS_OF)), [["too_large", ""]]);
  assert.ok(Date.now() - started < 5000);
  const sparse = [];
  sparse.length = 2 ** 32 - 1;
  started = Date.now();
  assert.deepEqual(pairs(hengjie.validate(with_({ members: sparse }), AS_OF)), [["too_large", ""]]);
  assert.ok(Date.now() - started < 5000);
  // A key or a string far over the limit is refused without being copied into the module.
  assert.deepEqual(pairs(hengjie.validate({ ["k".repeat(2 * 1024 * 1024)]: 1 }, AS_OF)), [["too_large", ""]]);
  const huge = " ".repeat(16 * 1024 * 1024);
  assert.deepEqual(pairs(hengjie.validate(huge, AS_OF)), [["too_large", ""]]);
  assert.equal(thrown(() => hengjie.assess(huge, AS_OF)).kind, "invalid_input");
  // A text a little over the limit gets the core's own message.
  const text = " ".repeat(1024 * 1024 + 1);
  assert.equal(
    hengjie.validate(text, AS_OF)[0].message_en,
    "The form is too large (1048577 bytes; at most 1048576); send less at a time.",
  );
});

test("malformed JSON text is malformed_json; other non-households give errors, never a throw", () => {
  assert.deepEqual(pairs(hengjie.validate("{not json", AS_OF)), [["malformed_json", ""]]);
  assert.equal(thrown(() => hengjie.assess("{not json", AS_OF)).errors[0].code, "malformed_json");
  for (const v of [undefined, null, 5, true, [], {}, "", "[]", "null", () => 1, new Date(), new Map()]) {
    const errors = hengjie.validate(v, AS_OF);
    assert.ok(Array.isArray(errors) && errors.length > 0, String(v));
  }
});

test("a thrown error is an Error named HengjieError with .kind, .errors and an English summary", () => {
  const e = thrown(() => hengjie.assess(with_({ members: [] }), AS_OF));
  assert.ok(e instanceof Error);
  assert.equal(e.name, "HengjieError");
  assert.equal(e.kind, "invalid_input");
  assert.ok(Array.isArray(e.errors));
  // `params` (after `path`) on out_of_range: the bounds, as text.
  assert.deepEqual(Object.keys(e.errors[0]), ["code", "path", "params", "message_en", "message_zh"]);
  assert.deepEqual(e.errors[0].params, { min: "1", max: "50" });
  assert.equal(e.errors[0].message_zh, "请至少填写一位家庭成员。");
  assert.deepEqual(pairs(e.errors), [["out_of_range", "/members"]]);
  assert.match(e.message, /^invalid input: out_of_range at \/members: /);
  const many = thrown(() => hengjie.assessJson({}, AS_OF));
  assert.match(many.message, /^invalid input: 3 errors, the first: missing_field at \/id: /);
});

test("2020-12-31 is parameter_undefined (kind parameter), before any input error", () => {
  const e = thrown(() => hengjie.assess(SAMPLE, "2020-12-31"));
  assert.equal(e.kind, "parameter");
  assert.deepEqual(pairs(e.errors), [["parameter_undefined", ""]]);
  const worse = thrown(() => hengjie.assessJson({ members: 1.5 }, "2020-12-31"));
  assert.equal(worse.kind, "parameter");
  assert.equal(thrown(() => hengjie.assessJson("{not json", "2020-12-31")).kind, "parameter");
  // validate does not read parameters.
  assert.deepEqual(hengjie.validate(SAMPLE, "2020-12-31"), []);
});

test("a bad as-of date throws invalid_value (or invalid_type) at \"\"", () => {
  for (const [asOf, code] of [["2023-02-30", "invalid_value"], ["30/06/2023", "invalid_value"], [20230630, "invalid_type"], [undefined, "invalid_type"]]) {
    for (const call of [() => hengjie.assess(SAMPLE, asOf), () => hengjie.validate(SAMPLE, asOf)]) {
      const e = thrown(call);
      assert.equal(e.kind, "invalid_input");
      assert.deepEqual(pairs(e.errors), [[code, ""]], String(asOf));
    }
  }
});

test("a layer raising the dibao standard to 550 from 2023-01-01 gives 133.33, as object or text", () => {
  const a = hengjie.assess(SAMPLE, AS_OF, LAYER_550);
  assert.equal(a.dibao.monthly_benefit, "133.33"); // (550 × 12 − 5000) / 12
  assert.equal(a.jurisdiction, "what-if");
  const row = a.parameters.find((p) => p.name === "dibao.standard_monthly");
  assert.deepEqual(row, { name: "dibao.standard_monthly", value: "550", from: "2023-01-01", provenance: "illustrative", source: row.source, layer: "what-if" });
  // The stamp names the five layers and changes with the value.
  assert.deepEqual(a.provenance.policy.layers.map((l) => l.jurisdiction), ["national", "guangxi", "liuzhou", "yanghe", "what-if"]);
  assert.notEqual(a.provenance.policy.digest, hengjie.assess(SAMPLE, AS_OF).provenance.policy.digest);
  assert.equal(hengjie.assessJson(SAMPLE, AS_OF, JSON.stringify(LAYER_550)), hengjie.assessJson(SAMPLE, AS_OF, LAYER_550));
  // A safe integer value means the same as its text; null and undefined mean no layer.
  const intLayer = clone(LAYER_550);
  intLayer.parameters["dibao.standard_monthly"][0].value = 550;
  assert.equal(hengjie.assessJson(SAMPLE, AS_OF, intLayer), hengjie.assessJson(SAMPLE, AS_OF, LAYER_550));
  assert.equal(hengjie.assessJson(SAMPLE, AS_OF, null), hengjie.assessJson(SAMPLE, AS_OF));
  assert.equal(hengjie.assess(SAMPLE, AS_OF, undefined).dibao.monthly_benefit, "83.33");
});

test("a bad layer throws invalid_parameter (kind parameter) with the full pointer", () => {
  const float = clone(LAYER_550);
  float.parameters["dibao.standard_monthly"][0].value = 500.5;
  let e = thrown(() => hengjie.assess(SAMPLE, AS_OF, float));
  assert.equal(e.kind, "parameter");
  assert.deepEqual(pairs(e.errors), [["invalid_parameter", "/parameters/dibao.standard_monthly/0/value"]]);
  const unknown = { jurisdiction: "x", parameters: { "no.such": [{ from: "2023-01-01", value: "1" }] } };
  e = thrown(() => hengjie.assess(SAMPLE, AS_OF, unknown));
  assert.deepEqual(pairs(e.errors), [["invalid_parameter", "/parameters/no.such"]]);
  assert.deepEqual(thrown(() => hengjie.assess(SAMPLE, AS_OF, JSON.stringify(unknown))).errors, e.errors);
  e = thrown(() => hengjie.assess(SAMPLE, AS_OF, "{nope"));
  assert.equal(e.kind, "parameter");
  assert.deepEqual(pairs(e.errors), [["invalid_parameter", ""]]);
  // The layer is checked before the household.
  assert.equal(thrown(() => hengjie.assess({}, AS_OF, unknown)).kind, "parameter");
});

test("params: every dated value, or the values on a date, sorted by name then from", () => {
  const all = hengjie.params();
  const on = hengjie.params(AS_OF);
  assert.ok(all.length >= on.length && on.length > 0);
  for (const rows of [all, on]) {
    for (const row of rows) assert.deepEqual(Object.keys(row), ["name", "value", "from", "provenance", "source", "layer"]);
    const keys = rows.map((r) => [r.name, r.from]);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    assert.deepEqual(keys, sorted);
  }
  assert.equal(new Set(on.map((r) => r.name)).size, on.length);
  assert.equal(hengjie.params(AS_OF, LAYER_550).find((r) => r.name === "dibao.standard_monthly").value, "550");
  assert.equal(hengjie.params(null, JSON.stringify(LAYER_550)).filter((r) => r.name === "dibao.standard_monthly").at(-1).value, "550");
  const e = thrown(() => hengjie.params("2020-12-31"));
  assert.equal(e.kind, "parameter");
  assert.equal(e.errors[0].code, "parameter_undefined");
  assert.equal(thrown(() => hengjie.params(AS_OF, "{")).kind, "parameter");
});

test("errorCodes() is the contract's list, and the TypeScript ErrorCode union names the same", () => {
  assert.deepEqual(hengjie.errorCodes(), CONTRACT_CODES);
  for (const build of ["node", "web"]) {
    const dts = readText(join(PKG, build, "hengjie_wasm.d.ts"));
    const union = /export type ErrorCode =([^;]*);/.exec(dts);
    assert.ok(union, `no ErrorCode union in pkg/${build}`);
    assert.deepEqual([...union[1].matchAll(/"([a-z_]+)"/g)].map((m) => m[1]), CONTRACT_CODES);
  }
});

test("explain: false leaves out reasons and parameters and changes no decision", () => {
  for (const input of [SAMPLE, JSON.stringify(SAMPLE)]) {
    const full = hengjie.assess(input, AS_OF);
    const quiet = hengjie.assess(input, AS_OF, null, { explain: false });
    assert.ok(full.reasons.length > 0 && full.parameters.length > 0);
    assert.deepEqual(quiet.reasons, []);
    assert.deepEqual(quiet.parameters, []);
    assert.deepEqual({ ...quiet, reasons: full.reasons, parameters: full.parameters }, full);
    const text = hengjie.assessJson(input, AS_OF, LAYER_550, { explain: false });
    assert.equal(JSON.parse(text).dibao.monthly_benefit, hengjie.assess(input, AS_OF, LAYER_550).dibao.monthly_benefit);
  }
  // Anything but `explain: false` explains.
  assert.ok(hengjie.assess(SAMPLE, AS_OF, null, { explain: 0 }).reasons.length > 0);
  assert.ok(hengjie.withLayer(LAYER_550).assess(SAMPLE, AS_OF, { explain: false }).reasons.length === 0);
});

test("a repeated key comes with the document's other errors, as the CLI gives them", () => {
  // `poverty_alleviated` twice: the first occurrence ("no") is read and is not a boolean; the
  // second is the repeated key. Both are reported, sorted by path then code.
  const text = `{"poverty_alleviated": "no", ${JSON.stringify(SAMPLE).slice(1)}`;
  const expected = [
    ["invalid_type", "/poverty_alleviated"],
    ["duplicate_key", "/poverty_alleviated"],
  ];
  assert.deepEqual(pairs(hengjie.validate(text, AS_OF)), expected);
  assert.deepEqual(pairs(thrown(() => hengjie.assess(text, AS_OF)).errors), expected);
  assert.deepEqual(pairs(thrown(() => hengjie.assessJson(text, AS_OF)).errors), expected);
  // A village's text: its first `id` is not a string, and it lacks the required fields.
  const village = thrown(() => hengjie.assessVillage('{"id": 7, "id": "V-1"}', AS_OF));
  assert.deepEqual(pairs(village.errors), [
    ["missing_field", "/clinic"],
    ["invalid_type", "/id"],
    ["duplicate_key", "/id"],
    ["missing_field", "/period_end"],
    ["missing_field", "/period_start"],
    ["missing_field", "/platform_staff"],
  ]);
});
