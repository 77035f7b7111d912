//! JVM bindings of hengjie: the native half of the Java package `org.hengjie`
//! (`bindings-jvm/java/`), loaded from `hengjie.jar` by `org.hengjie.NativeLoader`.
//!
//! Every call takes and gives JSON text, and is a thin shell over [`hengjie::api`], exactly as the
//! CLI, Python and WASM doors are: this crate decides nothing. [`door`] holds the calls over Rust
//! strings (unit-tested here); [`exports`] holds the JNI entry points, which read Java strings,
//! run a call under `catch_unwind` and turn its failure into a Java exception.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod door;
mod exports;
mod registry;
