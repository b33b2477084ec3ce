//! Stage module: classify (being written).
