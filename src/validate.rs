//! Stage module: validate (being written).
