//! The Rust side of `make bench-jvm` (not a test): the work of each Java call without the JVM, on
//! the same household (core/benches/assess.rs's TYPICAL, as of 2023-06-30), measured exactly as
//! org.hengjie.Bench measures Java — same warm-up, same call counts, medians of 7 rounds, wall and
//! thread CPU time (CPU time is the fair figure on a machine shared with other work):
//! - `assess_json_str` → canonical JSON: the reference for `Hengjie.assess(h, d)`;
//! - the same with explanations off (`Assessor::explain(false)`), as `Hengjie.assess(h, d, false)`;
//! - 10 000 lines assessed one after another on one thread, for `assessJsonLines`.

//!
//! This binary uses the system allocator, as the core's criterion benchmarks do;
//! benches/reference_mimalloc.rs runs the same with mimalloc, the JVM library's allocator.

#[path = "reference/work.rs"]
mod work;

fn main() {
    work::run("system allocator (glibc)");
}
