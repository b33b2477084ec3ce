//! Stage module: report (being written).
