// The package's declarations for Node.js `require`: the Node.js build's functions and types, a
// no-op `init`/`initSync`, the runtime `HengjieError` class and the lists of allowed words.
import type { ErrorDetail } from "./hengjie_wasm.js";

export * from "./hengjie_wasm.js";
export * from "./enums.cjs";

/** Nothing to do in Node.js: the module is ready once loaded. */
export declare function init(input?: unknown): Promise<unknown>;
export declare function initSync(module?: unknown): unknown;

/** What the functions throw; `e instanceof HengjieError` holds for every error hengjie throws. */
export declare class HengjieError extends Error {
  constructor(message: string, kind: HengjieError["kind"], errors?: ErrorDetail[]);
  name: "HengjieError";
  kind: "invalid_input" | "parameter" | "not_initialized";
  errors: ErrorDetail[];
}

export declare function isHengjieError(value: unknown): value is HengjieError;
