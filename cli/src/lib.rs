//! The library half of the `hengjie` command line: input shape detection and streaming, shared
//! with the fuzz targets.

pub mod input;
