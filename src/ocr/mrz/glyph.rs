//! The glyph recogniser: a small model over the 37 MRZ symbols, trained on OCR-B.
