//! Page orientation (0/90/180/270) without Tesseract's OSD.
//!
//! OSD was measured on the fixtures' kind of page and rejected: about 0.3 s a page,
//! and on a sparse passport data page it answered with an orientation confidence of
//! 0.07 (no decision at all). Instead, two cheap signals:
//!
//! 1. The *axis* (upright or upside down vs. lying on a side) comes from projection
//!    profiles: text lines make the profile across them alternate between full and
//!    empty rows, so the axis with the stronger profile is the line direction
//!    ([`preprocess::estimate_layout`], measured together with the skew).
//! 2. The *direction* along that axis comes from reading: an MRZ found at the bottom
//!    of one of the two candidate rotations and read into plausible lines settles it
//!    (the "try the MRZ both ways" signal); otherwise the page pass runs on the first
//!    candidate and, only when its confidence is poor, on the second, keeping the
//!    better. Upright pages (the common case) therefore cost nothing extra.

use super::preprocess::Layout;
use crate::model::Word;

/// Mean word confidence above which the first candidate rotation is accepted without
/// trying the opposite one.
pub const ACCEPT_CONFIDENCE: f32 = 70.0;

/// The two clockwise rotations (degrees) that can make a page with this layout
/// upright, most likely first.
pub fn candidates(layout: &Layout) -> [u16; 2] {
    if layout.vertical {
        [90, 270]
    } else {
        [0, 180]
    }
}

/// The angle to pass to [`preprocess::deskew`](super::preprocess::deskew) for this
/// layout, before any quarter-turn: for lines running down the image the measured
/// angle is from the vertical and levels the other way.
pub fn level_angle(layout: &Layout) -> f32 {
    if layout.vertical {
        -layout.skew_deg
    } else {
        layout.skew_deg
    }
}

/// A reading's quality for comparing orientations: mean confidence of its words,
/// 0 without words.
pub fn quality(words: &[Word]) -> f32 {
    if words.is_empty() {
        return 0.0;
    }
    // Long words weigh more: upside-down text produces many one-letter "words" with
    // middling confidence.
    let (sum, weight) = words.iter().fold((0.0f32, 0.0f32), |(s, n), w| {
        let len = w.text.chars().count().min(8) as f32;
        (s + w.confidence * len, n + len)
    });
    if weight > 0.0 {
        sum / weight
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BBox;

    fn word(text: &str, confidence: f32) -> Word {
        Word {
            text: text.into(),
            bbox: BBox::default(),
            confidence,
            line: 0,
        }
    }

    #[test]
    fn quality_weighs_long_words() {
        assert_eq!(quality(&[]), 0.0);
        let q = quality(&[word("passport", 90.0), word("x", 10.0)]);
        assert!(q > 80.0, "{q}");
    }

    #[test]
    fn vertical_pages_turn_a_quarter() {
        let l = Layout {
            vertical: true,
            skew_deg: 1.5,
            score: 1.0,
        };
        assert_eq!(candidates(&l), [90, 270]);
        assert_eq!(level_angle(&l), -1.5);
    }
}
