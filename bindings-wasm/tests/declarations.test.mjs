// The output declarations (src/assessment.d.ts, generated from the core's types: Assessment,
// VillageAssessment, FarmlandAssessment, ErrorDetail, ParamRow; ValidationError is an alias in
// src/hengjie.d.ts) against what the module really returns: every conformance vector's input is
// run through the module and each result is written into a TypeScript file as an object literal
// annotated with its declared type; `tsc --noEmit` then fails on a missing field, a wrong type,
// or (excess property checks) a field the declarations do not know. types.test.mjs checks that
// the generated files are current; this checks that they are right.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { PKG, SAMPLE, VECTORS, hengjie, jsonFiles } from "./helpers.mjs";

const TSC = join(PKG, "..", "node_modules", ".bin", "tsc");

function outputs() {
  const lines = [];
  let n = 0;
  const emit = (type, value) => lines.push(`export const v${n++}: ${type} = ${JSON.stringify(value)};`);
  for (const rel of jsonFiles(VECTORS)) {
    const v = JSON.parse(readFileSync(join(VECTORS, rel), "utf8"));
    const input = typeof v.input === "string" ? v.input : v.input;
    try {
      if (v.kind === "household") {
        emit("Assessment", hengjie.assess(input, v.as_of, v.params ?? undefined));
        emit("ValidationError[]", hengjie.validate(input, v.as_of));
      } else if (v.kind === "village") {
        emit("VillageAssessment", hengjie.assessVillage(input, v.as_of, v.params ?? undefined));
      } else if (v.kind === "farmland") {
        emit("FarmlandAssessment", hengjie.checkFarmland(input));
      }
    } catch (e) {
      if (e.name !== "HengjieError") throw e;
      emit("HengjieError['errors']", e.errors);
    }
  }
  emit("ParamRow[]", hengjie.params("2023-06-30"));
  emit("Measure[]", hengjie.duties());
  emit("Assessment", hengjie.assess(SAMPLE, "2023-06-30"));
  for (const outputs of [["dibao", "monitoring"], ["pension", "housing"], ["margins", "care_visits"], []]) {
    emit("SelectedAssessment", hengjie.assess(SAMPLE, "2023-06-30", null, { outputs }));
  }
  return { text: lines.join("\n"), count: n };
}

test("every output the module returns for the vectors matches its declared type exactly", () => {
  const dir = mkdtempSync(join(tmpdir(), "hengjie-dts-"));
  try {
    const { text, count } = outputs();
    assert.ok(count > 500, `${count} outputs`);
    writeFileSync(join(dir, "outputs.ts"),
      `import type { Assessment, FarmlandAssessment, HengjieError, Measure, ParamRow, SelectedAssessment,\n` +
      `  ValidationError, VillageAssessment } from ${JSON.stringify(join(PKG, "node", "hengjie_wasm.js"))};\n${text}\n`);
    try {
      execFileSync(TSC, ["--noEmit", "--strict", "--target", "es2022", "--module", "nodenext",
        "--moduleResolution", "nodenext", "--types", "", join(dir, "outputs.ts")],
      { encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      assert.fail(`the declarations drifted from the outputs:\n${(e.stdout ?? "").slice(0, 4000)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
