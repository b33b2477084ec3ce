//! PDF ingest: the input as a PDF file through `ingest::open` and `ingest::load_page`
//! for every page (text layer or scan image), with tight limits. Inputs that do not
//! sniff as PDF are skipped. See `dossier_fuzz::ingest` for what is asserted.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| dossier_fuzz::ingest(data, dossier_fuzz::Kind::Pdf));
