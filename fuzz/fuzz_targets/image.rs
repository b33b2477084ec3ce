//! Image ingest: the input as an image file (JPEG, PNG, TIFF, BMP, WebP, or bytes of
//! no format) through `ingest::open` and `ingest::load_page` for every page, with tight
//! limits. See `dossier_fuzz::ingest` for what is asserted.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| dossier_fuzz::ingest(data, dossier_fuzz::Kind::Image));
