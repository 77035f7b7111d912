//! The CLI's input reader (document, array or JSON Lines): never a panic, and every record read.
#![no_main]
// The command line's own reader, compiled here as it is (see fuzz/Cargo.toml).
#[path = "../../cli/src/input.rs"]
#[allow(dead_code, reason = "the command line uses the rest of its reader")]
mod input;

use input::Shape;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(shape) = input::detect(std::io::Cursor::new(data), None) else {
        return;
    };
    if let Shape::Lines(first, mut rest) = shape {
        for line in first {
            let _ = line.record();
        }
        while let Ok(Some(line)) = rest.next_line() {
            let _ = line.record();
        }
    }
});
