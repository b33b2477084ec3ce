//! The search image: a downscaled copy of the page, binarised against its local
//! background, and its connected ink components ("blobs").
//!
//! Everything here is rotation-free, so the blobs are found once per page and turned
//! (cheaply, as boxes) for every quarter turn that is searched.

use image::GrayImage;

/// Longest side of the search image. A passport page scanned at 300 dpi (3508 px) is
/// searched at a third of its size, where an OCR-B glyph (about 28 px tall at 300 dpi)
/// is still 9 px tall; a small specimen or card photo is searched as it is.
const SEARCH_SIDE: u32 = 1200;

/// Half the side of the window whose mean is a pixel's local background. Much larger
/// than a glyph stroke (so strokes stand out) and small enough to follow shadows and
/// tinted security print.
const BACKGROUND_RADIUS: u32 = 15;

/// A pixel is ink when it is darker than its local background by this many grey
/// levels at least ...
const MIN_CONTRAST: f32 = 18.0;
/// ... and by this fraction of the background: faint guilloche lines (a few per cent
/// darker than the paper) stay background.
const REL_CONTRAST: f32 = 0.12;

/// How many page pixels make one search pixel along each axis.
pub(super) fn search_factor(w: u32, h: u32) -> u32 {
    w.max(h).div_ceil(SEARCH_SIDE).max(1)
}

/// Averages `k`×`k` blocks (a box filter: thin strokes fade but do not vanish, as they
/// would under plain subsampling). A partial block at the right or bottom edge is
/// dropped.
pub(super) fn downscale(page: &GrayImage, k: u32) -> GrayImage {
    let (w, h) = page.dimensions();
    if k <= 1 || w < k || h < k {
        return page.clone();
    }
    let (sw, sh) = (w / k, h / k);
    let raw = page.as_raw();
    let n = k * k;
    // Rows are summed first (a plain, vectorisable add over whole rows), then blocks
    // of `k` columns of the summed row.
    let mut rows = vec![0u32; w as usize];
    let mut out = Vec::with_capacity((sw * sh) as usize);
    for sy in 0..sh {
        rows.fill(0);
        for dy in 0..k {
            let start = ((sy * k + dy) * w) as usize;
            for (acc, &v) in rows.iter_mut().zip(&raw[start..start + w as usize]) {
                *acc += v as u32;
            }
        }
        out.extend(
            rows.chunks_exact(k as usize)
                .take(sw as usize)
                .map(|block| ((block.iter().sum::<u32>() + n / 2) / n) as u8),
        );
    }
    GrayImage::from_raw(sw, sh, out).expect("buffer of the downscaled size")
}

/// A binarised image: `true` is ink.
pub(super) struct Mask {
    pub w: u32,
    pub h: u32,
    pub ink: Vec<bool>,
}

/// Marks as ink every pixel clearly darker than the mean of its neighbourhood, so an
/// unevenly lit page, a shadow or a tinted background do not matter, only local
/// contrast does.
pub(super) fn binarise(img: &GrayImage) -> Mask {
    let (w, h) = img.dimensions();
    let integral = integral_image(img);
    let stride = (w + 1) as usize;
    let r = BACKGROUND_RADIUS;
    let raw = img.as_raw();
    // In integers: ink when `mean - v > max(MIN, REL·mean)`, multiplied by the area.
    let min = MIN_CONTRAST as i64;
    let rel = (REL_CONTRAST * 1000.0) as i64;
    let mut ink = vec![false; (w * h) as usize];
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(r) as usize, (y + r + 1).min(h) as usize);
        let (top, bottom) = (&integral[y0 * stride..], &integral[y1 * stride..]);
        let row = &raw[(y * w) as usize..((y + 1) * w) as usize];
        let out = &mut ink[(y * w) as usize..((y + 1) * w) as usize];
        for (x, (o, &v)) in out.iter_mut().zip(row).enumerate() {
            let (x0, x1) = (
                x.saturating_sub(r as usize),
                (x + r as usize + 1).min(w as usize),
            );
            let sum = (bottom[x1] + top[x0] - top[x1] - bottom[x0]) as i64;
            let area = ((x1 - x0) * (y1 - y0)) as i64;
            let darker = sum - v as i64 * area;
            *o = darker > min * area && darker * 1000 > rel * sum;
        }
    }
    Mask { w, h, ink }
}

/// Summed-area table with a zero first row and column: `(w+1)×(h+1)` entries.
fn integral_image(img: &GrayImage) -> Vec<u64> {
    let (w, h) = img.dimensions();
    let stride = (w + 1) as usize;
    let mut t = vec![0u64; stride * (h + 1) as usize];
    for y in 0..h as usize {
        let mut row = 0u64;
        for x in 0..w as usize {
            row += img.as_raw()[y * w as usize + x] as u64;
            t[(y + 1) * stride + x + 1] = t[y * stride + x + 1] + row;
        }
    }
    t
}

/// A connected component of ink: its bounding box in continuous coordinates (pixel
/// `x` covers `x..x+1`) and its pixel count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Blob {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub area: u32,
}

impl Blob {
    pub fn w(&self) -> f32 {
        self.x1 - self.x0
    }
    pub fn h(&self) -> f32 {
        self.y1 - self.y0
    }
    pub fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }

    /// The smallest blob holding both (a glyph broken in two is one cell).
    pub fn union(&self, o: &Blob) -> Blob {
        Blob {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
            area: self.area + o.area,
        }
    }

    /// This blob on the image turned by `turn` degrees clockwise (0, 90, 180, 270),
    /// the unturned image being `w`×`h`; the same mapping as
    /// `image::imageops::rotate90` and friends.
    pub fn turned(&self, turn: u16, w: f32, h: f32) -> Blob {
        let (x0, y0, x1, y1) = match turn {
            90 => (h - self.y1, self.x0, h - self.y0, self.x1),
            180 => (w - self.x1, h - self.y1, w - self.x0, h - self.y0),
            270 => (self.y0, w - self.x1, self.y1, w - self.x0),
            _ => (self.x0, self.y0, self.x1, self.y1),
        };
        Blob {
            x0,
            y0,
            x1,
            y1,
            area: self.area,
        }
    }
}

/// A horizontal run of ink on one row, end exclusive, with its provisional label.
struct Run {
    x0: u32,
    x1: u32,
    label: usize,
}

/// The 8-connected components of the mask, found run by run (one union-find over the
/// runs, then one pass to gather boxes): cheap even on a megapixel page of text.
pub(super) fn blobs(mask: &Mask) -> Vec<Blob> {
    let mut parent: Vec<usize> = Vec::new();
    let mut rows: Vec<Vec<Run>> = Vec::with_capacity(mask.h as usize);
    for y in 0..mask.h as usize {
        let ink = &mask.ink[y * mask.w as usize..(y + 1) * mask.w as usize];
        let cur = row_runs(ink, &mut parent);
        if let Some(prev) = rows.last() {
            // Runs of the previous row touching this one (diagonals included).
            let mut j = 0;
            for run in &cur {
                while j < prev.len() && prev[j].x1 < run.x0 {
                    j += 1;
                }
                let mut k = j;
                while k < prev.len() && prev[k].x0 <= run.x1 {
                    union(&mut parent, prev[k].label, run.label);
                    k += 1;
                }
            }
        }
        rows.push(cur);
    }
    let mut boxes: Vec<Option<Blob>> = vec![None; parent.len()];
    for (y, runs) in rows.iter().enumerate() {
        for run in runs {
            let root = find(&mut parent, run.label);
            let b = Blob {
                x0: run.x0 as f32,
                y0: y as f32,
                x1: run.x1 as f32,
                y1: (y + 1) as f32,
                area: run.x1 - run.x0,
            };
            boxes[root] = Some(boxes[root].map_or(b, |a| a.union(&b)));
        }
    }
    boxes.into_iter().flatten().collect()
}

/// The runs of ink of one row, each with a fresh label.
fn row_runs(row: &[bool], parent: &mut Vec<usize>) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut start = None;
    for (x, &on) in row.iter().chain(std::iter::once(&false)).enumerate() {
        match (on, start) {
            (true, None) => start = Some(x as u32),
            (false, Some(s)) => {
                parent.push(parent.len());
                runs.push(Run {
                    x0: s,
                    x1: x as u32,
                    label: parent.len() - 1,
                });
                start = None;
            }
            _ => {}
        }
    }
    runs
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    fn mask(rows: &[&str]) -> Mask {
        Mask {
            w: rows[0].len() as u32,
            h: rows.len() as u32,
            ink: rows
                .iter()
                .flat_map(|r| r.chars().map(|c| c == '#'))
                .collect(),
        }
    }

    #[test]
    fn components_join_diagonals_and_keep_separate_shapes_apart() {
        let m = mask(&["#..#..", ".#.#..", "..##.#", "......", "##...."]);
        let mut b = blobs(&m);
        b.sort_by(|a, c| (a.y0, a.x0).partial_cmp(&(c.y0, c.x0)).unwrap());
        assert_eq!(b.len(), 3, "{b:?}");
        assert_eq!((b[0].x0, b[0].y0, b[0].x1, b[0].y1), (0.0, 0.0, 4.0, 3.0));
        assert_eq!(b[0].area, 6);
        assert_eq!((b[1].x0, b[1].y0, b[1].area), (5.0, 2.0, 1));
        assert_eq!((b[2].x0, b[2].y0, b[2].x1, b[2].y1), (0.0, 4.0, 2.0, 5.0));
    }

    #[test]
    fn binarising_follows_the_local_background() {
        // Two dark dots on a background shading from bright to dark.
        let img = GrayImage::from_fn(80, 40, |x, y| {
            let bg = 240 - (x * 3 / 2) as u8;
            let dot = (x == 20 || x == 60) && (18..22).contains(&y);
            Luma([if dot { bg - 70 } else { bg }])
        });
        let m = binarise(&img);
        let inked: Vec<(u32, u32)> = (0..40)
            .flat_map(|y| (0..80).map(move |x| (x, y)))
            .filter(|&(x, y)| m.ink[(y * 80 + x) as usize])
            .collect();
        assert_eq!(inked.len(), 8, "{inked:?}");
    }

    #[test]
    fn turning_a_box_matches_rotating_the_image() {
        let b = Blob {
            x0: 1.0,
            y0: 2.0,
            x1: 3.0,
            y1: 5.0,
            area: 6,
        };
        // On a 10×8 image rotated clockwise, pixel (x, y) goes to (7 - y, x).
        let t = b.turned(90, 10.0, 8.0);
        assert_eq!((t.x0, t.y0, t.x1, t.y1), (3.0, 1.0, 6.0, 3.0));
        let t = b.turned(270, 10.0, 8.0);
        assert_eq!((t.x0, t.y0, t.x1, t.y1), (2.0, 7.0, 5.0, 9.0));
    }
}
