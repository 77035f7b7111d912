//! benches/reference.rs with mimalloc as the global allocator, as libhengjie_jvm (and the CLI and
//! the Python extension) use it.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "reference/work.rs"]
mod work;

fn main() {
    work::run("mimalloc");
}
