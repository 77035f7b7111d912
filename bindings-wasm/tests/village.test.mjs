// Villages, farmland and the responsibility ledger from JavaScript.
import { test } from "node:test";
import assert from "node:assert/strict";

import { hengjie } from "./helpers.mjs";

const VILLAGE = {
  id: "V-01",
  clinic: { present: true, standardised: true, qualified_doctors: 0, visit_half_days_per_week: 3 },
  platform_staff: 2,
  period_start: "2022-11",
  period_end: "2023-02",
  job_info_months: ["2022-11", "2023-01"],
};

test("a village across a year end: 3 half-days and 2 staff suffice, two months are missing", () => {
  assert.deepEqual(hengjie.assessVillage(VILLAGE, "2023-06-30"), {
    village_id: "V-01",
    compliant: false,
    gaps: ["job_info_missing:2022-12", "job_info_missing:2023-02"],
  });
  assert.deepEqual(hengjie.assessVillage(JSON.stringify(VILLAGE), "2023-06-30"), hengjie.assessVillage(VILLAGE, "2023-06-30"));
});

test("a village error is thrown with its path; a date before the parameters is a parameter error", () => {
  const bad = { ...VILLAGE, clinic: { ...VILLAGE.clinic, visit_half_days_per_week: 2.5 } };
  assert.throws(() => hengjie.assessVillage(bad, "2023-06-30"), (e) => {
    assert.equal(e.kind, "invalid_input");
    assert.deepEqual(e.errors.map((x) => [x.code, x.path]), [["invalid_type", "/clinic/visit_half_days_per_week"]]);
    return true;
  });
  assert.throws(() => hengjie.assessVillage(VILLAGE, "2020-12-31"), (e) => e.kind === "parameter");
});

test("farmland: equal is compliant, less area and a worse grade are both gaps", () => {
  const project = { id: "F-1", occupied_area: "10.5", occupied_grade: 3, supplemented_area: "10.5", supplemented_grade: 3 };
  assert.deepEqual(hengjie.checkFarmland(project), { project_id: "F-1", compliant: true, gaps: [] });
  const worse = { ...project, supplemented_area: "10.4999", supplemented_grade: 4 };
  assert.deepEqual(hengjie.checkFarmland(worse).gaps, ["area_short", "quality_lower"]);
});

test("the ledger both ways", () => {
  const byClause = hengjie.duties(null, "五(二)");
  assert.deepEqual(byClause.map((m) => [m.clause, m.lead, m.cooperating]), [["五(二)", ["社会事务管理局"], ["阳和街道办事处"]]]);
  const finance = hengjie.duties("财政局").map((m) => m.clause);
  assert.deepEqual(finance, ["四(一)", "六(一)", "六(二)", "六(三)"]);
  assert.equal(hengjie.duties().length, 20);
});
