// 10000 mutated documents (fixed seed) never make the WebAssembly module trap or throw anything
// but a HengjieError, and the module keeps working afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";

import { hengjie } from "./helpers.mjs";

const SAMPLE = {
  id: "HH-1",
  poverty_alleviated: false,
  members: [{ id: "P1", birth_date: "1980-05-01", labor_capacity: "full", medical_insured: true }],
  income: { wages: "5000" },
};
const TEXT = JSON.stringify(SAMPLE);

/** mulberry32: a small deterministic PRNG. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD = [null, undefined, true, 0, -1, 1.5, 2 ** 60, NaN, Infinity, "", "x".repeat(70), "2023-02-30",
  "1e3", [], {}, [[[[]]]], { a: { b: { c: {} } } }, Symbol("s"), () => 1, 10n];

/** A printable form of any document (BigInt and symbols included). */
const show = (doc) => {
  try {
    return JSON.stringify(doc, (_, v) => (typeof v === "bigint" || typeof v === "symbol" ? String(v) : v));
  } catch {
    return String(doc);
  }
};

function mutate(random) {
  if (random() < 0.5) {
    const chars = [...TEXT];
    const edits = 1 + Math.floor(random() * 4);
    for (let k = 0; k < edits; k++) {
      const i = Math.floor(random() * (chars.length + 1));
      const c = String.fromCodePoint(Math.floor(random() * 0x2fff));
      const op = random();
      if (op < 0.33) chars.splice(i, 1);
      else if (op < 0.66) chars.splice(i, 0, c);
      else chars[i] = c;
    }
    return chars.join("");
  }
  const doc = structuredClone(SAMPLE);
  const slots = [
    [doc, "id"], [doc, "poverty_alleviated"], [doc, "members"], [doc, "income"], [doc.income, "wages"],
    [doc.members[0], "birth_date"], [doc.members[0], "labor_capacity"], [doc.members[0], "medical_insured"],
    [doc, "extra"], [doc.members, 0], [doc, "hospitalizations"], [doc, "monitoring"],
  ];
  const [object, key] = slots[Math.floor(random() * slots.length)];
  object[key] = WEIRD[Math.floor(random() * WEIRD.length)];
  return doc;
}

test("10000 mutated documents: only HengjieErrors, never a trap", () => {
  const random = rng(20211231);
  let thrown = 0;
  for (let n = 0; n < 10_000; n++) {
    const doc = mutate(random);
    for (const call of [
      () => hengjie.assess(doc, "2023-06-30"),
      () => hengjie.validate(doc, "2023-06-30"),
      () => hengjie.assessVillage(doc, "2023-06-30"),
      () => hengjie.checkFarmland(doc),
    ]) {
      try {
        call();
      } catch (e) {
        assert.ok(!(e instanceof WebAssembly.RuntimeError), `a trap on ${show(doc)}`);
        assert.equal(e.name, "HengjieError", `${e} on ${show(doc)}`);
        assert.ok(Array.isArray(e.errors) && e.errors.length > 0);
        thrown++;
      }
    }
  }
  assert.ok(thrown > 5_000, `only ${thrown} errors: the mutations are too tame`);
  assert.equal(hengjie.assess(SAMPLE, "2023-06-30").dibao.monthly_benefit, "83.33"); // (500 × 12 − 5000) / 12
});
