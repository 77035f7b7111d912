//! The CLI's input reader (document, array or JSON Lines): never a panic, and every record read.
#![no_main]
use hengjie_cli::input::{self, Shape};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(shape) = input::detect(std::io::Cursor::new(data), None) else {
        return;
    };
    if let Shape::Lines(first, mut rest) = shape {
        for line in first {
            let _ = input::record(&line.text);
        }
        while let Ok(Some(line)) = rest.next_line() {
            let _ = input::record(&line.text);
        }
    }
});
