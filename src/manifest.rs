//! Stage module: manifest (being written).
