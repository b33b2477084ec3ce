//! Stage module: ingest (being written).
