//! What `documents` and `batch` vary beyond a document's content: the layout family, the
//! font family and whether a file is a phone photo rather than a scan, each drawn from
//! its own RNG (the seed of the document or package mixed with a salt) so the content's
//! draws are those of the plain generator.
//!
//! Held back from tuning and unit tests: layout family `c` of every kind
//! ([`Layout::C`]) and the PT Sans / PT Serif face ([`Face::PtSans`]). `--held-out`
//! chooses: `exclude` (the default: tuning runs never see them), `include` (every family
//! and face, uniformly: what evaluation wants, reported apart by `examples/evaluate`) or
//! `only` (layout `c` in PT Sans only). The fixtures keep family `a` in DejaVu and scans.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

use crate::render::{Face, Fonts, Layout, MrzSet};

/// Which held-back data a run may draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum HeldOut {
    /// Seen families and faces only (for tuning).
    Exclude,
    /// Everything, uniformly (for evaluation).
    Include,
    /// The held-back layout family in the held-back face only.
    Only,
}

/// Share of files drawn as phone photos.
pub const PHOTO_SHARE: f64 = 0.25;

const SALT: u64 = 0x5354_594c_455f_3031;

/// The style RNG of a document or package seeded with `seed`.
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed ^ SALT)
}

/// Layout family and face of one document or package.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    pub layout: Layout,
    pub face: Face,
    /// MRZ pitch and size, within ICAO's tolerances.
    pub mrz: MrzSet,
}

impl Style {
    /// The fixtures' look: layout family `a`, DejaVu, the MRZ at ICAO's nominal setting.
    pub const PLAIN: Style = Style {
        layout: Layout::A,
        face: Face::DejaVu,
        mrz: MrzSet::NOMINAL,
    };

    /// Draws a style as `held` allows.
    pub fn pick(rng: &mut ChaCha8Rng, held: HeldOut) -> Style {
        let layouts: Vec<Layout> = Layout::ALL
            .into_iter()
            .filter(|l| match held {
                HeldOut::Exclude => !l.held_out(),
                HeldOut::Include => true,
                HeldOut::Only => l.held_out(),
            })
            .collect();
        let faces: Vec<Face> = Face::ALL
            .into_iter()
            .filter(|f| match held {
                HeldOut::Exclude => !f.held_out(),
                HeldOut::Include => true,
                HeldOut::Only => f.held_out(),
            })
            .collect();
        Style {
            layout: layouts[rng.random_range(0..layouts.len())],
            face: faces[rng.random_range(0..faces.len())],
            mrz: MrzSet::draw(rng),
        }
    }

    /// `fonts` in this style; the error names a missing font package.
    pub fn fonts(&self, fonts: &Fonts) -> Result<Fonts, String> {
        let mut f = fonts.styled(self.face, self.layout)?;
        f.mrz = self.mrz;
        Ok(f)
    }

    /// The truth's record of the style: `layout`, `font` and what of it is held back.
    pub fn truth(&self, photo: bool) -> Vec<(&'static str, Value)> {
        vec![
            ("layout", json!(self.layout.id())),
            ("font", json!(self.face.id())),
            ("layout_held_out", json!(self.layout.held_out())),
            ("font_held_out", json!(self.face.held_out())),
            ("capture", json!(if photo { "photo" } else { "scan" })),
            ("mrz_pitch_mm", json!(round(self.mrz.pitch, 100.0))),
            ("mrz_size_pt", json!(round(self.mrz.size, 10.0))),
        ]
    }
}

/// `v` rounded to 1/`k` as f64, so truth.json shows 2.43 and not 2.430000066757202.
fn round(v: f32, k: f64) -> f64 {
    (f64::from(v) * k).round() / k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclude_never_draws_held_back_data_and_include_draws_it() {
        let mut rng = rng(1);
        let mut held = (0, 0);
        for _ in 0..300 {
            let s = Style::pick(&mut rng, HeldOut::Exclude);
            assert!(!s.layout.held_out() && !s.face.held_out(), "{s:?}");
            let t = Style::pick(&mut rng, HeldOut::Include);
            held.0 += usize::from(t.layout.held_out());
            held.1 += usize::from(t.face.held_out());
            let o = Style::pick(&mut rng, HeldOut::Only);
            assert!(o.layout.held_out() && o.face.held_out());
        }
        assert!(held.0 > 50 && held.1 > 40, "{held:?}");
    }

    #[test]
    fn mrz_settings_stay_in_their_ranges() {
        let mut rng = rng(2);
        for _ in 0..200 {
            let m = MrzSet::draw(&mut rng);
            assert!((2.39..=2.69).contains(&m.pitch), "{m:?}");
            assert!((9.7..=12.3).contains(&m.size), "{m:?}");
        }
    }
}
