// The self-application form as an applicant's page, in headless Chromium at a phone's size
// (390×844; make test-browser): served from 127.0.0.1, filled with the keyboard only, checked for
// errors on touched fields only, a full-width amount, the applicant's summary of an eligible and
// an ineligible household, one live region, 44 px tap targets, no 户编号 or 评估日期 field. No
// request may leave the page after it loads. Screenshots in target/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { LAUNCH, serve } from "./server.mjs";

const TARGET = fileURLToPath(new URL("../../../target/", import.meta.url));
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

let server;
let browser;
before(async () => {
  server = await serve();
  browser = await chromium.launch(LAUNCH);
  mkdirSync(TARGET, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open() {
  const page = await browser.newPage(PHONE);
  const requests = [];
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e));
  let loaded = false;
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    requests.push({ url: url.href, afterLoad: loaded });
    if (url.hostname !== "127.0.0.1") return route.abort();
    return route.continue();
  });
  await page.goto(server.url);
  await page.waitForSelector("body[data-ready=true]");
  loaded = true;
  return { page, requests, pageErrors };
}

/** Presses Tab until the element matching `selector` has the focus (keyboard only). */
async function tabTo(page, selector) {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

test("an applicant fills the form with the keyboard at phone size and reads what to apply for", async () => {
  const { page, requests, pageErrors } = await open();

  // No 户编号, no 评估日期: the date is today in China, clamped into the transition period.
  assert.equal(await page.locator('[data-path="/id"]').count(), 0);
  assert.equal(await page.locator("#as_of, input[type=date]").count(), 0);
  const asOf = await page.evaluate(() => window.hengjieDemo.asOf);
  assert.ok(asOf >= "2021-01-01" && asOf <= "2025-12-31", asOf);
  assert.match(await page.textContent("#as-of-note"), new RegExp(asOf));

  // Nothing is shown as an error before a field is touched; one live region only.
  assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);
  assert.equal(await page.textContent("#form-errors"), "");
  assert.equal(await page.locator("[aria-live]").count(), 1);
  assert.equal(await page.locator("[role=alert]").count(), 0);
  // Required fields say so.
  for (const path of ["/members/0/birth_date", "/members/0/labor_capacity", "/members/0/medical_insured",
    "/poverty_alleviated"]) {
    assert.equal(await page.getAttribute(`[data-path="${path}"]`, "aria-required"), "true", path);
  }

  // Keyboard only: Tab into the birth date, leave it empty → the empty-field error, at the field.
  const birth = '[data-path="/members/0/birth_date"]';
  await tabTo(page, birth);
  await page.keyboard.press("Tab");
  await page.waitForSelector(`${birth}[aria-invalid="true"]`);
  const errorId = await page.getAttribute(birth, "aria-describedby");
  assert.equal(await page.textContent(`#${errorId}`), "请填写出生日期（现在是空的）。");
  assert.equal(await page.locator('[aria-invalid="true"]').count(), 1, "only the touched field");
  assert.equal(await page.textContent("#announce"), "有 1 处需要更正");

  // Type the date; labour capacity with the arrow keys (full → partial).
  await tabTo(page, birth);
  await page.keyboard.type("1970-01-01");
  await page.keyboard.press("Tab");
  await tabTo(page, '[data-path="/members/0/labor_capacity"]');
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.inputValue('[data-path="/members/0/labor_capacity"]'), "partial");
  await page.keyboard.press("Tab");
  // A second member: the "add" button with Enter, a child at primary school.
  await tabTo(page, "#add-member");
  await page.keyboard.press("Enter");
  await tabTo(page, '[data-path="/members/1/birth_date"]');
  await page.keyboard.type("2012年3月1日"); // normalize reads a date as people write it
  await tabTo(page, '[data-path="/members/1/labor_capacity"]');
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await tabTo(page, '[data-path="/members/1/schooling/status"]');
  await page.keyboard.press("ArrowDown");
  await tabTo(page, '[data-path="/members/1/schooling/stage"]');
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.inputValue('[data-path="/members/1/schooling/stage"]'), "primary");
  await tabTo(page, "#hh-assets");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.inputValue("#hh-assets"), "true");
  // A full-width amount as a Chinese keyboard types it.
  await tabTo(page, "#inc-wages");
  await page.keyboard.type("６，０００元");
  await page.keyboard.press("Tab");
  assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);

  // The jump to the result: the summary comes first, the reasons one tap away.
  await tabTo(page, "#jump");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#summary-items");
  assert.equal(await page.evaluate(() => document.activeElement.id), "result");
  // n = 2, wages 6000 (typed ６，０００元), no other income; S = dibao.standard_monthly on the
  // page's date, read from the parameter table: dibao = (S × 12 × 2 − 6000) / 12 a month
  // (S = 500 from 2022-12-01: 500.00), the most valuable support, to the whole household.
  // dibao.standard_monthly is a local figure and the gradual-exit months a seed value: no star.
  const standard = await page.evaluate(() =>
    window.hengjieDemo.params().find((p) => p.name === "dibao.standard_monthly").value);
  const fen = (Number(standard) * 100 * 24 - 600000) / 12; // whole fen: exact in a double
  const benefit = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
  const first = page.locator("#summary-items li").first();
  assert.equal(await first.getAttribute("data-code"), "dibao");
  assert.equal(await first.locator(".title").textContent(), "农村低保金");
  assert.equal((await first.locator(".amount").textContent()).trim(), `每户每月 ${benefit} 元`);
  assert.equal(await first.locator(".who").textContent(), "全家");
  assert.match(await first.locator(".where").textContent(), /^到阳和街道办事处申请/);
  // The medical insurance subsidy's figures are illustrative (docs/parameters.md): a star and one
  // footnote.
  const medical = page.locator('#summary-items li[data-code="medical_subsidy"]');
  assert.match(await medical.locator(".amount").textContent(), /元\*$/);
  // docs/rules/low_income.md: dibao-eligible → dibao; monitored (6000 < 8000 × 2) → at_risk: the
  // groups in words.
  const lowIncome = page.locator('#summary-items li[data-code="low_income"]');
  assert.equal(await lowIncome.locator(".title").textContent(), "农村低收入人口常态化帮扶");
  assert.equal(await lowIncome.locator(".detail").textContent(), "低保对象、易返贫致贫人口");
  // §18: P1 is of working age, partial capacity, not employed, low-income: work relief first.
  const relief = page.locator('#summary-items li[data-code="work_relief"]');
  assert.equal(await relief.locator(".who").textContent(), "成员 P1");
  assert.match(await page.textContent("#summary-footnote"), /^\* 标星号的金额按示例标准计算/);
  assert.equal((await page.textContent("#summary-footnote")).split("*").length, 2, "one footnote");
  assert.match(await page.textContent("#announce"), /^可以申请 \d+ 项帮扶$/);
  const details = page.locator("#details");
  assert.equal(await details.getAttribute("open"), null, "reasons start folded");
  await page.click("#details > summary");
  assert.equal(await details.getAttribute("open"), "");
  assert.equal(await page.textContent('.decision[data-rule="education"] h3'), "教育资助"); // the core's title
  assert.match(await page.textContent('.decision[data-rule="dibao"]'), /§五\(二\)/);
  // The v1.3 decisions in the details, in the label table's words.
  assert.equal(await page.textContent("#low-income-result"), "低保对象、易返贫致贫人口");
  assert.equal(await page.textContent("#housing-result"), "住房安全未鉴定");
  assert.equal(await page.textContent("#work-relief-result"), "P1 优先；P2 —");
  assert.equal(await page.textContent('.decision[data-rule="low_income"] h3'), "农村低收入人口");

  // P2 (13) becomes an orphan who cannot look after themselves: §17 orphan support of
  // children.orphan_basic_living_monthly = 1200.00 a month (illustrative: starred), worth
  // 14400.00 a year, so first; §19 care visits for a minor without self-care in a
  // dibao-eligible household.
  await page.selectOption('[data-path="/members/1/guardianship"]', "orphan");
  await page.uncheck('[data-path="/members/1/self_care_able"]');
  await page.waitForFunction(() => document.querySelector("#children-result")?.textContent.includes("孤儿"));
  assert.equal(await page.textContent("#children-result"), "P1 —；P2 孤儿 · 1200.00 元/月");
  assert.equal(await page.textContent("#care-result"), "P1 —；P2 符合条件");
  const child = page.locator("#summary-items li").first();
  assert.equal(await child.getAttribute("data-code"), "child_support");
  assert.equal(await child.locator(".title").textContent(), "困境儿童基本生活保障金");
  assert.equal((await child.locator(".amount").textContent()).trim(), "每人每月 1200.00 元*");
  assert.equal(await child.locator(".detail").textContent(), "孤儿");
  assert.equal(await child.locator(".who").textContent(), "成员 P2");
  const care = page.locator('#summary-items li[data-code="care_visits"]');
  assert.equal(await care.locator(".title").textContent(), "访视、照料服务");
  assert.equal(await care.locator(".who").textContent(), "成员 P2");
  await page.screenshot({ path: `${TARGET}summary-eligible.png`, fullPage: true });
  // The same in English, from the same core and label table.
  await page.click("#lang-toggle");
  assert.equal(await page.textContent("#children-result"), "P1 —; P2 orphan · 1200.00 yuan a month");
  assert.equal(await child.locator(".title").textContent(), "Basic living allowance for a child in difficulty");
  assert.equal(await child.locator(".detail").textContent(), "orphan");
  assert.equal(await page.textContent("#housing-result"), "housing not assessed");
  await page.click("#lang-toggle");
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");

  // One adult with a high income (the child, owed school meals whatever the income, removed):
  // nothing applies, one line says so.
  await page.click(".member:nth-child(2) .remove-member");
  await page.fill("#inc-wages", "");
  await page.locator("#inc-wages").pressSequentially("200000");
  await page.waitForFunction(() => document.querySelector("#summary-headline")?.textContent.includes("不符合"));
  assert.equal(await page.locator("#summary-items").count(), 0);
  assert.equal(await page.locator("#summary-footnote").count(), 0);
  assert.match(await page.textContent("#summary-headline"), /^根据您填写的情况，您家目前不符合/);
  assert.equal(await page.textContent("#announce"), "暂不符合帮扶条件");
  await page.screenshot({ path: `${TARGET}summary-ineligible.png`, fullPage: true });

  // English: the summary in English from the same core.
  await page.click("#lang-toggle");
  assert.match(await page.textContent("#summary-headline"), /does not qualify/);

  assert.deepEqual(requests.filter((r) => r.afterLoad), [], "no request after the page loaded");
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test("at 390×844 every tap target is 44 px or more, one column, every field labelled", async () => {
  const { page } = await open();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth);
  assert.equal(overflow, false, "no horizontal scrolling");
  const small = await page.evaluate(() =>
    [...document.querySelectorAll("input, select, button, a, summary")]
      .filter((el) => el.offsetParent !== null && el.type !== "checkbox")
      .map((el) => [el.id || el.dataset.path || el.textContent.trim(), el.getBoundingClientRect()])
      .filter(([, r]) => r.height < 44)
      .map(([name, r]) => `${name} ${r.height}`));
  assert.deepEqual(small, []);
  // A checkbox is tapped through its row (its label): 44 px high.
  const rows = await page.evaluate(() =>
    [...document.querySelectorAll(".field.check label")]
      .filter((el) => el.offsetParent !== null)
      .map((el) => el.getBoundingClientRect().height));
  assert.ok(rows.length >= 5 && rows.every((h) => h >= 44), JSON.stringify(rows));
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("input, select")]
      .filter((el) => !el.labels || el.labels.length === 0).map((el) => el.id));
  assert.deepEqual(unlabelled, []);
  await page.close();
});
