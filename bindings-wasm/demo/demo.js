// The self-application form (§三(二) 农户主动申请): every input event builds the household from the
// form, runs hengjie's `validate` in this page's WebAssembly module and shows each error next to
// the field its JSON Pointer names; a valid household is assessed and its decisions are shown with
// their reasons and clauses. Nothing is sent anywhere: the module is the same code the district's
// systems run.
import init, { assess, validate, ruleParams } from "./pkg/hengjie_wasm.js";

const T = {
  zh: {
    title: "农户自主申请 · 帮扶资格自查",
    intro: "依据阳发〔2021〕30号。在本机浏览器中计算，填写内容不会发送到任何地方。",
    household: "家庭情况", as_of: "评估日期", hh_id: "户编号", alleviated: "脱贫户（已登记脱贫）",
    housing: "住房安全等级", unknown: "未鉴定", grade_c: "C（危房）", grade_d: "D（危房）",
    water: "饮水安全", food: "不愁吃、不愁穿", assets: "家庭财产符合低保规定",
    not_stated: "未说明", yes: "是", no: "否",
    members: "家庭成员", add_member: "添加成员", remove_member: "删除此成员", member: "成员",
    income: "过去 12 个月家庭纯收入（元）", wages: "工资性收入", business: "经营净收入",
    property: "财产净收入", transfers: "转移净收入", previous: "上一年度家庭纯收入",
    rigid: "过去 12 个月刚性支出（元）", r_medical: "医疗", r_education: "教育",
    r_disaster: "灾害", r_accident: "意外事故",
    m_birth: "出生日期", m_labor: "劳动能力", labor_full: "有劳动能力",
    labor_partial: "部分丧失劳动能力", labor_none: "无劳动能力", m_disability: "残疾等级",
    none: "无", m_category: "残疾类别", d_physical: "肢体", d_visual: "视力", d_hearing: "听力",
    d_speech: "言语", d_intellectual: "智力", d_mental: "精神", d_multiple: "多重",
    m_school: "在学状态", not_applicable: "不适用", s_enrolled: "在校",
    s_not_enrolled: "未入学/辍学", s_exempt: "因身体原因免学", s_completed: "已毕业",
    m_stage: "学段", st_preschool: "学前", st_primary: "小学", st_junior: "初中",
    st_senior: "普通高中", st_sec_voc: "中职", st_high_voc: "高职", st_undergrad: "本科",
    st_postgrad: "研究生", m_own_income: "本人年收入（元）", m_medical: "参加城乡居民医保",
    m_pension: "参加城乡居民养老保险", m_tekun: "已纳入特困供养",
    m_supporter: "有具备赡养/抚养能力的法定义务人",
    m_guardianship: "监护情况（未成年人）", g_parents: "父母抚养", g_orphan: "孤儿",
    g_unattended: "事实无人抚养", m_self_care: "能否生活自理（能）",
    result: "可能享受的帮扶", loading: "正在加载……", fix: "请先更正上面标出的错误。",
    ready: "根据所填信息，评估日期 {as_of}：",
    note: "结果仅供参考，以乡镇（街道）和县级部门审核认定为准。标有“示例参数”的结论依据的是示例参数，不是正式公布的标准。",
    illustrative: "示例参数", clause: "条款", lang: "English",
    d_monitoring: "防返贫监测", d_dibao: "农村低保", d_temporary: "临时救助",
    d_approach: "帮扶方式", d_tekun: "特困供养", d_disability: "残疾人补贴",
    d_medical: "医疗保障", d_pension: "养老保险代缴", d_education: "教育资助",
    d_employment: "就业帮扶", d_loan: "小额信贷", d_transition: "过渡期",
    d_low_income: "农村低收入人口", d_housing: "住房安全", d_children: "困境儿童基本生活保障",
    d_work_relief: "以工代赈", d_care: "访视、照料服务",
    li_dibao: "低保对象", li_tekun: "特困人员", li_at_risk: "易返贫致贫人口",
    li_hardship: "基本生活严重困难", li_none: "不属于",
    h_unknown: "未鉴定", h_safe: "安全", h_renovation_eligible: "可纳入危房改造",
    h_unsafe_not_in_group: "危房（跟踪回访）",
    c_orphan: "孤儿", c_unattended: "事实无人抚养儿童", c_disabled: "残疾儿童",
    priority: "优先", interest_subsidy: "财政贴息",
    cat_unstable_alleviated: "脱贫不稳定户", cat_marginal: "边缘易致贫户",
    cat_sudden_hardship: "突发严重困难户", cat_none: "不纳入监测",
    dibao_eligible: "符合条件", dibao_gradual_exit: "渐退期", dibao_not_eligible: "不符合条件",
    per_month: "元/月", yuan: "元", eligible: "符合条件", not_eligible: "不符合条件",
    development: "开发式帮扶", safety_net: "兜底保障",
    phase_before: "过渡期前", phase_in: "过渡期内", phase_after: "过渡期后",
  },
  en: {
    title: "Household self-application · support check",
    intro: "Under Yangfa [2021] No. 30. Computed in this browser; nothing you enter is sent anywhere.",
    household: "Household", as_of: "Assessment date", hh_id: "Household ID",
    alleviated: "Household that has exited poverty (registered)", housing: "Housing safety grade",
    unknown: "Not assessed", grade_c: "C (unsafe)", grade_d: "D (unsafe)",
    water: "Safe drinking water", food: "Enough food and clothing",
    assets: "Assets within the dibao limit", not_stated: "Not stated", yes: "Yes", no: "No",
    members: "Members", add_member: "Add a member", remove_member: "Remove this member",
    member: "Member", income: "Net income of the last 12 months (yuan)", wages: "Wages",
    business: "Business income", property: "Property income", transfers: "Transfers",
    previous: "Net income of the previous year", rigid: "Rigid expenditure of the last 12 months (yuan)",
    r_medical: "Medical", r_education: "Education", r_disaster: "Disaster", r_accident: "Accident",
    m_birth: "Birth date", m_labor: "Labour capacity", labor_full: "Full",
    labor_partial: "Partial", labor_none: "None", m_disability: "Disability grade", none: "None",
    m_category: "Disability category", d_physical: "Physical", d_visual: "Visual",
    d_hearing: "Hearing", d_speech: "Speech", d_intellectual: "Intellectual", d_mental: "Mental",
    d_multiple: "Multiple", m_school: "Schooling", not_applicable: "Not applicable",
    s_enrolled: "Enrolled", s_not_enrolled: "Not enrolled / dropped out",
    s_exempt: "Exempt for health", s_completed: "Completed", m_stage: "Stage",
    st_preschool: "Preschool", st_primary: "Primary", st_junior: "Junior secondary",
    st_senior: "Senior secondary", st_sec_voc: "Secondary vocational",
    st_high_voc: "Higher vocational", st_undergrad: "Undergraduate", st_postgrad: "Postgraduate",
    m_own_income: "Own annual income (yuan)", m_medical: "Medical insurance",
    m_pension: "Pension insurance", m_tekun: "Supported as extremely poor (tekun)",
    m_supporter: "Has a legal supporter able to support",
    m_guardianship: "Guardianship (minors)", g_parents: "Raised by parents", g_orphan: "Orphan",
    g_unattended: "Unattended (parents unable)", m_self_care: "Able to look after themselves",
    result: "Support you may be owed", loading: "Loading…",
    fix: "Please correct the errors marked above first.",
    ready: "From what you entered, as of {as_of}:",
    note: "For reference only: the township and county offices decide. Decisions marked “illustrative parameter” rest on example values, not published standards.",
    illustrative: "illustrative parameter", clause: "clause", lang: "中文",
    d_monitoring: "Return-to-poverty monitoring", d_dibao: "Minimum living guarantee (dibao)",
    d_temporary: "Temporary assistance", d_approach: "Assistance approach",
    d_tekun: "Extremely poor persons (tekun)", d_disability: "Disability subsidies",
    d_medical: "Medical insurance", d_pension: "Pension contributions", d_education: "Education aid",
    d_employment: "Employment support", d_loan: "Small loans", d_transition: "Transition period",
    d_low_income: "Rural low-income population", d_housing: "Housing safety",
    d_children: "Children in difficulty", d_work_relief: "Work relief", d_care: "Care visits",
    li_dibao: "dibao", li_tekun: "tekun", li_at_risk: "at risk of poverty",
    li_hardship: "severe hardship", li_none: "not in it",
    h_unknown: "not assessed", h_safe: "safe", h_renovation_eligible: "eligible for renovation",
    h_unsafe_not_in_group: "unsafe (a cadre follows up)",
    c_orphan: "orphan", c_unattended: "unattended child", c_disabled: "disabled child",
    priority: "priority", interest_subsidy: "interest subsidised",
    cat_unstable_alleviated: "unstable alleviated household", cat_marginal: "marginal household",
    cat_sudden_hardship: "sudden hardship household", cat_none: "not monitored",
    dibao_eligible: "eligible", dibao_gradual_exit: "gradual exit", dibao_not_eligible: "not eligible",
    per_month: "yuan a month", yuan: "yuan", eligible: "eligible", not_eligible: "not eligible",
    development: "development", safety_net: "safety net",
    phase_before: "before the transition period", phase_in: "in the transition period",
    phase_after: "after the transition period",
  },
};

let lang = "zh";
let lastErrors = [];
let lastAssessment = null;
let rules = {};
let memberSerial = 0;
const $ = (sel, root = document) => root.querySelector(sel);
const t = (key) => T[lang][key] ?? key;

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// ---- members ----------------------------------------------------------------------------------

function addMember(values = {}) {
  const node = $("#member-template").content.firstElementChild.cloneNode(true);
  node.dataset.serial = String(++memberSerial);
  for (const [key, value] of Object.entries(values)) {
    const el = node.querySelector(`[data-key="${key}"]`);
    if (el?.type === "checkbox") el.checked = Boolean(value);
    else if (el) el.value = value;
  }
  $("#members").append(node);
  node.querySelector(".remove-member").addEventListener("click", () => {
    node.remove();
    renumber();
    update();
  });
  renumber();
  translate(node);
}

/** Gives each member's fields their ids, labels and JSON Pointers (they move when one is removed). */
function renumber() {
  const members = [...document.querySelectorAll("#members .member")];
  members.forEach((node, i) => {
    node.querySelector(".member-no").textContent = `P${i + 1}`;
    node.querySelector(".remove-member").hidden = members.length === 1;
    for (const field of node.querySelectorAll(".field")) {
      const input = field.querySelector("[data-key]");
      const id = `m${node.dataset.serial}-${input.dataset.key.replace("/", "-")}`;
      input.id = id;
      input.dataset.path = `/members/${i}/${input.dataset.key}`;
      field.querySelector("label").htmlFor = id;
    }
  });
}

// ---- the household from the form --------------------------------------------------------------

function text(el) {
  const v = el.value.trim();
  return v === "" ? undefined : v;
}

function money(ids) {
  const out = {};
  for (const [key, id] of Object.entries(ids)) {
    const v = text($(id));
    if (v !== undefined) out[key] = v; // decimal text: money is never a float
  }
  return Object.keys(out).length ? out : undefined;
}

function household() {
  const members = [...document.querySelectorAll("#members .member")].map((node, i) => {
    const get = (key) => node.querySelector(`[data-key="${key}"]`);
    const m = {
      id: `P${i + 1}`,
      birth_date: get("birth_date").value,
      labor_capacity: get("labor_capacity").value,
      medical_insured: get("medical_insured").checked,
      pension_insured: get("pension_insured").checked,
      tekun: get("tekun").checked,
      legal_supporter_able: get("legal_supporter_able").checked,
      guardianship: get("guardianship").value,
      self_care_able: get("self_care_able").checked,
    };
    const grade = get("disability/grade").value;
    if (grade) m.disability = { grade: Number(grade), category: get("disability/category").value };
    const status = get("schooling/status").value;
    if (status) m.schooling = { status, stage: get("schooling/stage").value };
    const own = text(get("own_income"));
    if (own !== undefined) m.own_income = own;
    return m;
  });
  const h = {
    id: $("#hh-id").value,
    poverty_alleviated: $("#hh-alleviated").checked,
    members,
    drinking_water_safe: $("#hh-water").checked,
    food_clothing_secure: $("#hh-food").checked,
  };
  const income = money({ wages: "#inc-wages", business: "#inc-business",
    property: "#inc-property", transfers: "#inc-transfers" });
  if (income) h.income = income;
  const previous = text($("#inc-previous"));
  if (previous !== undefined) h.previous_year_income = previous;
  const rigid = money({ medical: "#rig-medical", education: "#rig-education",
    disaster: "#rig-disaster", accident: "#rig-accident" });
  if (rigid) h.rigid_expenditure = rigid;
  if ($("#hh-housing").value) h.housing_grade = $("#hh-housing").value;
  if ($("#hh-assets").value) h.assets_within_limit = $("#hh-assets").value === "true";
  return h;
}

// ---- errors next to their fields --------------------------------------------------------------

/** The element a JSON Pointer names, or the nearest one above it (`/members/0/disability` → grade). */
function fieldFor(path) {
  for (let p = path; p; p = p.slice(0, p.lastIndexOf("/"))) {
    const el = document.querySelector(`[data-path="${p}"]`) ??
      document.querySelector(`[data-path^="${p}/"]`);
    if (el) return el;
  }
  return null;
}

function showErrors() {
  for (const el of document.querySelectorAll("[aria-invalid]")) {
    el.removeAttribute("aria-invalid");
    el.removeAttribute("aria-describedby");
  }
  for (const span of document.querySelectorAll(".field .error")) span.textContent = "";
  const general = [];
  for (const e of lastErrors) {
    const message = lang === "zh" ? e.message_zh : e.message_en;
    const el = e.path === "as_of" ? $("#as_of") : fieldFor(e.path);
    if (!el) {
      general.push(message);
      continue;
    }
    const span = el.closest(".field").querySelector(".error");
    span.id ||= `${el.id}-error`;
    const sep = lang === "zh" ? "；" : "; ";
    span.textContent = span.textContent ? `${span.textContent}${sep}${message}` : message;
    el.setAttribute("aria-invalid", "true");
    el.setAttribute("aria-describedby", span.id);
  }
  $("#form-errors").textContent = general.join(lang === "zh" ? "；" : "; ");
}

// ---- decisions --------------------------------------------------------------------------------

function illustrativeRule(a, rule) {
  const illustrative = new Set(a.parameters.filter((p) => p.provenance === "illustrative")
    .map((p) => p.name));
  return (rules[rule] ?? []).some((name) => illustrative.has(name));
}

function decision(a, rule, titleKey, value, id) {
  const box = document.createElement("article");
  box.className = "decision";
  box.dataset.rule = rule;
  const h = document.createElement("h3");
  h.textContent = t(titleKey);
  if (illustrativeRule(a, rule)) {
    const mark = document.createElement("span");
    mark.className = "illustrative";
    mark.textContent = t("illustrative");
    h.append(" ", mark);
  }
  const v = document.createElement("p");
  v.className = "value";
  v.id = id;
  v.textContent = value;
  const list = document.createElement("ul");
  for (const r of a.reasons.filter((r) => r.rule === rule)) {
    const li = document.createElement("li");
    const who = r.person_id ? `${r.person_id}: ` : "";
    li.textContent = `${who}${lang === "zh" ? r.message_zh : r.message_en} `;
    const clause = document.createElement("span");
    clause.className = "clause";
    clause.textContent = `${t("clause")} ${r.clause}`;
    li.append(clause);
    list.append(li);
  }
  box.append(h, v, list);
  return box;
}

/** §18 work relief (以工代赈): a block of its own, with the `work_relief` reasons of rule employment. */
function workRelief(a) {
  const box = decision(a, "employment", "d_work_relief",
    perMember(a, (m) => m.work_relief_priority ? t("priority") : "—"), "work-relief-result");
  box.dataset.rule = "work_relief";
  const list = box.querySelector("ul");
  for (const li of [...list.children]) li.remove();
  for (const r of a.reasons.filter((r) => r.rule === "employment" && r.code === "work_relief")) {
    const li = document.createElement("li");
    li.textContent = `${r.person_id}: ${lang === "zh" ? r.message_zh : r.message_en} `;
    const clause = document.createElement("span");
    clause.className = "clause";
    clause.textContent = `${t("clause")} ${r.clause}`;
    li.append(clause);
    list.append(li);
  }
  return box;
}

function perMember(a, pick) {
  return a.members.map((m) => `${m.person_id} ${pick(m)}`).join(lang === "zh" ? "；" : "; ");
}

function showResult() {
  const out = $("#decisions");
  out.replaceChildren();
  const status = $("#result-status");
  const a = lastAssessment;
  if (!a) {
    status.textContent = lastErrors.length ? t("fix") : t("loading");
    return;
  }
  status.textContent = t("ready").replace("{as_of}", a.as_of);
  const yuan = (s) => `${s} ${t("yuan")}`;
  const mo = (s) => `${s} ${t("per_month")}`;
  const yes = (b) => t(b ? "eligible" : "not_eligible");
  const cat = a.monitoring.category ? t(`cat_${a.monitoring.category}`) : t("cat_none");
  out.append(
    decision(a, "monitoring", "d_monitoring", cat, "monitoring-category"),
    decision(a, "dibao", "d_dibao",
      `${t(`dibao_${a.dibao.status}`)}${a.dibao.eligible ? ` · ${mo(a.dibao.monthly_benefit)}` : ""}`,
      "dibao-result"),
    decision(a, "temporary_assistance", "d_temporary",
      a.temporary_assistance.eligible ? yuan(a.temporary_assistance.amount) : yes(false),
      "temporary-result"),
    decision(a, "tekun", "d_tekun", perMember(a, (m) => m.tekun.eligible
      ? `${yes(true)} · ${mo(m.tekun.basic_living_monthly)}` : yes(false)), "tekun-result"),
    decision(a, "disability", "d_disability", perMember(a, (m) =>
      `${mo(m.disability_living_subsidy_monthly)} + ${mo(m.disability_care_subsidy_monthly)}`),
    "disability-result"),
    decision(a, "medical", "d_medical", perMember(a, (m) =>
      yuan(m.medical_subsidy.subsidy)), "medical-result"),
    decision(a, "pension", "d_pension", perMember(a, (m) =>
      m.pension ? yuan(m.pension.proxy_payment) : "—"), "pension-result"),
    decision(a, "education", "d_education", perMember(a, (m) =>
      m.vocational_subsidy_annual !== "0.00" ? yuan(m.vocational_subsidy_annual)
        : (m.nutrition_plan || m.student_aid || m.undergraduate_aid ? yes(true) : "—")),
    "education-result"),
    decision(a, "employment", "d_employment", perMember(a, (m) =>
      yes(m.public_welfare_post.eligible || m.job_info_push || m.training_info_push)),
    "employment-result"),
    decision(a, "assistance_approach", "d_approach",
      a.assistance_approach ? t(a.assistance_approach) : "—", "approach-result"),
    decision(a, "small_loan", "d_loan", a.small_loan.eligible
      ? `${yes(true)} · ${yuan(a.small_loan.max_amount)}`
        + (a.small_loan.interest_subsidised ? ` · ${t("interest_subsidy")}` : "")
      : yes(false), "loan-result"),
    decision(a, "low_income", "d_low_income", a.low_income.population
      ? a.low_income.groups.map((g) => t(`li_${g}`)).join(lang === "zh" ? "、" : ", ")
      : t("li_none"), "low-income-result"),
    decision(a, "housing", "d_housing", t(`h_${a.housing.status}`), "housing-result"),
    decision(a, "children", "d_children", perMember(a, (m) => m.child_support
      ? `${t(`c_${m.child_support.basis}`)} · ${mo(m.child_support.monthly)}` : "—"),
    "children-result"),
    // §18 work relief: its reasons are the employment rule's `work_relief` ones.
    workRelief(a),
    decision(a, "care", "d_care", perMember(a, (m) => m.care_visits ? yes(true) : "—"),
      "care-result"),
    decision(a, "transition", "d_transition", t(`phase_${a.transition.phase}`), "transition-result"),
  );
}

// ---- the loop ---------------------------------------------------------------------------------

function update() {
  const asOf = $("#as_of").value;
  const h = household();
  try {
    lastErrors = validate(h, asOf);
  } catch (e) {
    lastErrors = (e.errors ?? []).map((x) => ({ ...x, path: "as_of" }));
  }
  lastAssessment = null;
  if (lastErrors.length === 0) {
    try {
      lastAssessment = assess(h, asOf);
    } catch (e) {
      lastErrors = e.errors ?? [];
    }
  }
  showErrors();
  showResult();
}

function translate(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
}

function switchLanguage() {
  lang = lang === "zh" ? "en" : "zh";
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  const button = $("#lang-toggle");
  button.textContent = t("lang");
  button.lang = lang === "zh" ? "en" : "zh-CN";
  document.title = t("title");
  translate();
  showErrors();
  showResult();
}

await init(); // fetches pkg/hengjie_wasm_bg.wasm from this server, once
rules = ruleParams();
$("#as_of").value = today();
addMember({ labor_capacity: "full" });
$("#add-member").addEventListener("click", () => {
  addMember();
  update();
});
$("#lang-toggle").addEventListener("click", switchLanguage);
$("#form").addEventListener("input", update);
$("#form").addEventListener("change", update);
update();
document.body.dataset.ready = "true";
