//! Stage module: extract (being written).
