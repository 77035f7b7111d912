// The package's entry for Node.js `import` (the `node` export condition): the CommonJS entry
// (index.cjs) as an ES module, with `init` as the default export, as in the browser build.
import cjs from "./index.cjs";

export default cjs.init;
export const {
  applicantSummary,
  assess,
  assessJson,
  assessVillage,
  checkFarmland,
  duties,
  errorCodes,
  householdSchema,
  labels,
  normalize,
  params,
  ruleParams,
  validate,
  withLayer,
  Policy,
  HengjieError,
  isHengjieError,
  init,
  initSync,
} = cjs;
export * from "../web/enums.js";
