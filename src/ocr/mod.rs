//! Stage module: ocr (being written).
