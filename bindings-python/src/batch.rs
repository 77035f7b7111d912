//! The batch layer is the tables crate's ([`hengjie_tables::batch`]: Arrow rows in, the one
//! output schema out, shared with the command line); this door adds Arrow IPC streams.

use std::io::Cursor;

use arrow_array::RecordBatch;
use arrow_schema::{ArrowError, SchemaRef};
pub use hengjie_tables::batch::*;

/// Reads an Arrow IPC stream.
pub fn read_ipc(bytes: &[u8]) -> Result<(SchemaRef, Vec<RecordBatch>), ArrowError> {
    let reader = arrow_ipc::reader::StreamReader::try_new(Cursor::new(bytes), None)?;
    let schema = reader.schema();
    let batches = reader.collect::<Result<Vec<_>, _>>()?;
    Ok((schema, batches))
}

/// Writes record batches as an Arrow IPC stream.
pub fn write_ipc(schema: &SchemaRef, batches: &[RecordBatch]) -> Result<Vec<u8>, ArrowError> {
    let mut writer = arrow_ipc::writer::StreamWriter::try_new(Vec::new(), schema)?;
    for batch in batches {
        writer.write(batch)?;
    }
    writer.finish()?;
    writer.into_inner()
}
