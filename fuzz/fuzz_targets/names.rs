//! Names: `compare`, `transliterate`, `transliterations`, `sound_key`. The input is two
//! names separated by the first newline. Never panics; scores lie in 0..=1; a name
//! compared with itself scores 1 (unless it is empty); `transliterations` gives 1 to
//! 64 readings, the ICAO one (`transliterate`) first.
#![no_main]

use dossier::parse::names::{compare, sound_key, transliterate, transliterations};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dossier_fuzz::only_own_panics_crash();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (a, b) = text.split_once('\n').unwrap_or((text, ""));
    let m = compare(a, b);
    assert!(
        (0.0..=1.0).contains(&m.score),
        "score {} for {a:?} / {b:?}",
        m.score
    );
    assert!(!m.reason.is_empty());
    let same = compare(a, a);
    if same.reason != "one of the names is empty" {
        assert_eq!(
            same.score, 1.0,
            "{a:?} compared with itself: {}",
            same.reason
        );
    }
    let icao = transliterate(a);
    let all = transliterations(a);
    assert!(!all.is_empty() && all.len() <= 64, "{} readings", all.len());
    assert_eq!(all[0], icao, "the first reading is not the ICAO one");
    let _ = sound_key(a);
    let _ = sound_key(&icao);
});
