//! Stage module: pipeline (being written).
