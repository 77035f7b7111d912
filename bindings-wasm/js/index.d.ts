// The package's declarations for `import` (browser, bundler, Node.js): the functions and data
// types wasm-bindgen declares from src/*.d.ts, `init` and `initSync` (no-ops in Node.js), the
// runtime `HengjieError` class and the lists of allowed words.
import type { ErrorDetail } from "./hengjie_wasm.js";

export * from "./hengjie_wasm.js";
export { default } from "./hengjie_wasm.js";
export * from "./enums.js";

/** What the functions throw; `e instanceof HengjieError` holds for every error hengjie throws. */
export declare class HengjieError extends Error {
  constructor(message: string, kind: HengjieError["kind"], errors?: ErrorDetail[]);
  name: "HengjieError";
  /** `"invalid_input"`, `"parameter"`, or `"not_initialized"` (a function called before `init()`). */
  kind: "invalid_input" | "parameter" | "not_initialized";
  errors: ErrorDetail[];
}

/** Whether a value is an error thrown by hengjie. */
export declare function isHengjieError(value: unknown): value is HengjieError;
