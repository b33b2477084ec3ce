//! How a page is captured: pieces laid on a sheet of paper (tight crop, or an A4
//! photocopy), then either a flatbed scan (resolution, skew) or a phone photo (a frame with
//! a table behind the paper, perspective, uneven light, a shadow, colour cast), then blur,
//! streaks, noise, JPEG and whole turns. One resampling from the pieces to the output, so
//! a clean unskewed scan is pixel-exact.
//!
//! Every point of interest (the MRZ glyphs) goes through the same transforms, so the
//! truth's `mrz_bbox_px` and `char_pitch_px` are measured on the output image.

use image::{DynamicImage, Rgb, RgbImage};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::canvas::Color;
use super::layout::Piece;

/// A piece laid on the paper: centre in paper mm, rotation in radians (clockwise).
pub struct Placed {
    pub piece: Piece,
    pub centre: (f32, f32),
    pub angle: f32,
}

/// The sheet being captured.
pub struct Scene {
    pub w: f32,
    pub h: f32,
    pub paper: Color,
    pub placed: Vec<Placed>,
}

impl Placed {
    /// Piece mm → paper mm.
    fn piece_to_paper(&self, p: (f32, f32)) -> (f32, f32) {
        let (w, h) = (self.piece.canvas.w_mm(), self.piece.canvas.h_mm());
        let (dx, dy) = (p.0 - w / 2.0, p.1 - h / 2.0);
        let (s, c) = self.angle.sin_cos();
        (
            self.centre.0 + c * dx - s * dy,
            self.centre.1 + s * dx + c * dy,
        )
    }

    /// Paper mm → piece mm.
    fn paper_to_piece(&self, p: (f32, f32), sc: (f32, f32)) -> (f32, f32) {
        let (w, h) = (self.piece.canvas.w_mm(), self.piece.canvas.h_mm());
        let (dx, dy) = (p.0 - self.centre.0, p.1 - self.centre.1);
        let (s, c) = sc;
        (c * dx + s * dy + w / 2.0, -s * dx + c * dy + h / 2.0)
    }
}

/// The capture levels the evaluation reports apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Clean,
    Office,
    Photo,
}

impl Level {
    pub fn id(self) -> &'static str {
        match self {
            Level::Clean => "clean",
            Level::Office => "office",
            Level::Photo => "photo",
        }
    }
}

/// Everything chosen about the capture of one page.
#[derive(Clone, Debug, PartialEq)]
pub struct Capture {
    pub level: Level,
    /// Resolution on the paper (pixels per inch of paper).
    pub dpi: u32,
    /// Scanner skew in degrees (office) or in-frame rotation (photo).
    pub skew: f32,
    /// Keystone strength (photo), fraction of the paper's size.
    pub keystone: f32,
    /// Share of the frame's long side the paper spans (photo).
    pub fill: f32,
    pub blur: f32,
    pub noise: u8,
    pub jpeg_quality: u8,
    pub gray: bool,
    pub streaks: u8,
    pub shadow: bool,
    pub turn: u16,
}

impl Capture {
    pub fn choose(rng: &mut ChaCha8Rng, level: Level, dpi: u32) -> Capture {
        let mut c = Capture {
            level,
            dpi,
            skew: 0.0,
            keystone: 0.0,
            fill: 1.0,
            blur: 0.0,
            noise: 0,
            jpeg_quality: 95,
            gray: rng.random_bool(0.4),
            streaks: 0,
            shadow: false,
            turn: 0,
        };
        match level {
            Level::Clean => {}
            Level::Office => {
                c.skew = rng.random_range(-30..=30) as f32 / 10.0;
                c.blur = rng.random_range(3..=10) as f32 / 10.0;
                c.noise = rng.random_range(0..=6);
                c.jpeg_quality = rng.random_range(45..=90);
                c.gray = rng.random_bool(0.75);
                c.streaks = if rng.random_bool(0.25) {
                    rng.random_range(1..4)
                } else {
                    0
                };
            }
            Level::Photo => {
                c.skew = rng.random_range(-80..=80) as f32 / 10.0;
                c.keystone = rng.random_range(1.0..7.0f32) / 100.0;
                c.fill = rng.random_range(0.55..0.92f32);
                c.blur = rng.random_range(5..=15) as f32 / 10.0;
                c.noise = rng.random_range(2..=9);
                c.jpeg_quality = rng.random_range(55..=90);
                c.gray = false;
                c.streaks = if rng.random_bool(0.3) {
                    rng.random_range(1..5)
                } else {
                    0
                };
                c.shadow = rng.random_bool(0.5);
            }
        }
        c.turn = match rng.random_range(0..24) {
            0 => 90,
            1 => 180,
            2 => 270,
            _ => 0,
        };
        c
    }

    pub fn describe(&self) -> String {
        let mut parts = vec![format!("{} dpi", self.dpi), self.level.id().to_string()];
        if self.skew != 0.0 {
            parts.push(format!("rotation {:+.1}°", self.skew));
        }
        if self.keystone > 0.0 {
            parts.push(format!("keystone {:.0}%", self.keystone * 100.0));
        }
        if self.blur > 0.0 {
            parts.push(format!("blur σ{:.1}", self.blur));
        }
        if self.noise > 0 {
            parts.push(format!("noise ±{}", self.noise));
        }
        if self.streaks > 0 {
            parts.push(format!("{} streaks", self.streaks));
        }
        if self.shadow {
            parts.push("shadow".into());
        }
        if self.turn != 0 {
            parts.push(format!("turned {}°", self.turn));
        }
        parts.push(if self.gray { "gray" } else { "colour" }.into());
        if self.level != Level::Clean {
            parts.push(format!("q{}", self.jpeg_quality));
        }
        parts.join(", ")
    }
}

type Mat = [f64; 9];

fn apply(m: &Mat, p: (f64, f64)) -> (f64, f64) {
    let w = m[6] * p.0 + m[7] * p.1 + m[8];
    (
        (m[0] * p.0 + m[1] * p.1 + m[2]) / w,
        (m[3] * p.0 + m[4] * p.1 + m[5]) / w,
    )
}

fn invert(m: &Mat) -> Mat {
    let [a, b, c, d, e, f, g, h, i] = *m;
    let det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    let k = 1.0 / det;
    [
        (e * i - f * h) * k,
        (c * h - b * i) * k,
        (b * f - c * e) * k,
        (f * g - d * i) * k,
        (a * i - c * g) * k,
        (c * d - a * f) * k,
        (d * h - e * g) * k,
        (b * g - a * h) * k,
        (a * e - b * d) * k,
    ]
}

/// The homography taking the four `src` points to `dst` (Gaussian elimination on 8×8).
#[allow(clippy::needless_range_loop)]
fn homography(src: [(f64, f64); 4], dst: [(f64, f64); 4]) -> Mat {
    let mut a = [[0.0f64; 9]; 8];
    for k in 0..4 {
        let (x, y) = src[k];
        let (u, v) = dst[k];
        a[2 * k] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
        a[2 * k + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
    }
    for col in 0..8 {
        let piv = (col..8)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, piv);
        let p = a[col][col];
        for k in col..9 {
            a[col][k] /= p;
        }
        for r in 0..8 {
            if r != col {
                let f = a[r][col];
                for k in col..9 {
                    a[r][k] -= f * a[col][k];
                }
            }
        }
    }
    [
        a[0][8], a[1][8], a[2][8], a[3][8], a[4][8], a[5][8], a[6][8], a[7][8], 1.0,
    ]
}

/// The captured image and where the MRZ went.
pub struct Shot {
    pub image: DynamicImage,
    /// Per MRZ line: transformed glyph ink corners and cell centres, in output pixels.
    pub bbox: Option<[u32; 4]>,
    pub pitch: Option<f32>,
}

fn sample(img: &RgbImage, x: f32, y: f32) -> [f32; 3] {
    let (w, h) = (img.width() as i64, img.height() as i64);
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let get = |xx: i64, yy: i64| {
        let p = img
            .get_pixel(xx.clamp(0, w - 1) as u32, yy.clamp(0, h - 1) as u32)
            .0;
        [f32::from(p[0]), f32::from(p[1]), f32::from(p[2])]
    };
    let (xi, yi) = (x0 as i64, y0 as i64);
    let (a, b, c, d) = (
        get(xi, yi),
        get(xi + 1, yi),
        get(xi, yi + 1),
        get(xi + 1, yi + 1),
    );
    let mut out = [0.0; 3];
    for k in 0..3 {
        let top = a[k] + (b[k] - a[k]) * fx;
        let bot = c[k] + (d[k] - c[k]) * fx;
        out[k] = top + (bot - top) * fy;
    }
    out
}

/// Captures `scene` as `cap` says.
pub fn shoot(rng: &mut ChaCha8Rng, scene: &Scene, cap: &Capture) -> Shot {
    let ppm = f64::from(cap.dpi) / 25.4;
    let (pw, ph) = (f64::from(scene.w), f64::from(scene.h));
    let corners = [(0.0, 0.0), (pw, 0.0), (pw, ph), (0.0, ph)];
    let theta = f64::from(cap.skew).to_radians();
    let (s, c) = theta.sin_cos();
    let rot = |p: (f64, f64), cx: f64, cy: f64, ox: f64, oy: f64| {
        let (dx, dy) = ((p.0 - pw / 2.0) * ppm, (p.1 - ph / 2.0) * ppm);
        (ox + cx + c * dx - s * dy, oy + cy + s * dx + c * dy)
    };
    let (out_w, out_h, h) = if cap.level == Level::Photo {
        // A 4:3 frame the paper fills `fill` of, oriented like the paper.
        let long = pw.max(ph) * ppm / f64::from(cap.fill);
        let (fw, fh) = if pw >= ph {
            (long, long * 0.75)
        } else {
            (long * 0.75, long)
        };
        // Free room for an offset, after the rotation.
        let rotated: Vec<(f64, f64)> = corners
            .iter()
            .map(|&p| rot(p, 0.0, 0.0, 0.0, 0.0))
            .collect();
        let ext_x = rotated.iter().map(|p| p.0.abs()).fold(0.0, f64::max);
        let ext_y = rotated.iter().map(|p| p.1.abs()).fold(0.0, f64::max);
        // The whole paper stays in the frame (a 4:3 frame grown if the rotation needs it).
        let grow = (2.06 * ext_x / fw).max(2.06 * ext_y / fh).max(1.0);
        let (fw, fh) = ((fw * grow).round().max(16.0), (fh * grow).round().max(16.0));
        let room_x = (fw / 2.0 - ext_x).max(0.0) * 0.8;
        let room_y = (fh / 2.0 - ext_y).max(0.0) * 0.8;
        let ox = if room_x > 0.0 {
            rng.random_range(-room_x..=room_x)
        } else {
            0.0
        };
        let oy = if room_y > 0.0 {
            rng.random_range(-room_y..=room_y)
        } else {
            0.0
        };
        let mut dst: Vec<(f64, f64)> = corners
            .iter()
            .map(|&p| rot(p, fw / 2.0, fh / 2.0, ox, oy))
            .collect();
        // Keystone: one edge of the paper farther from the camera, so shorter.
        let k = f64::from(cap.keystone);
        let edge = rng.random_range(0..4usize);
        let (a, b) = (edge, (edge + 1) % 4);
        let (oa, ob) = ((edge + 3) % 4, (edge + 2) % 4);
        let mid = ((dst[a].0 + dst[b].0) / 2.0, (dst[a].1 + dst[b].1) / 2.0);
        for (i, o) in [(a, oa), (b, ob)] {
            let (pa, po) = (dst[i], dst[o]);
            // Towards the edge's middle (shorter edge) and slightly towards the far side.
            dst[i] = (
                pa.0 + (mid.0 - pa.0) * k + (po.0 - pa.0) * k * 0.3,
                pa.1 + (mid.1 - pa.1) * k + (po.1 - pa.1) * k * 0.3,
            );
        }
        for p in dst.iter_mut() {
            let j = 0.006 * pw.max(ph) * ppm;
            p.0 += rng.random_range(-j..=j);
            p.1 += rng.random_range(-j..=j);
        }
        let src = corners;
        let h = homography(src, [dst[0], dst[1], dst[2], dst[3]]);
        (fw as u32, fh as u32, h)
    } else {
        let rotated: Vec<(f64, f64)> = corners
            .iter()
            .map(|&p| rot(p, 0.0, 0.0, 0.0, 0.0))
            .collect();
        let ext_x = rotated.iter().map(|p| p.0.abs()).fold(0.0, f64::max);
        let ext_y = rotated.iter().map(|p| p.1.abs()).fold(0.0, f64::max);
        let (fw, fh) = if cap.skew == 0.0 {
            ((pw * ppm).round(), (ph * ppm).round())
        } else {
            ((2.0 * ext_x).ceil(), (2.0 * ext_y).ceil())
        };
        let src = [corners[0], corners[1], corners[2]];
        let dst: Vec<(f64, f64)> = src
            .iter()
            .map(|&p| rot(p, fw / 2.0, fh / 2.0, 0.0, 0.0))
            .collect();
        // An affine map: solve with a fourth point completing the parallelogram.
        let d4 = (
            dst[0].0 + dst[2].0 - dst[1].0,
            dst[0].1 + dst[2].1 - dst[1].1,
        );
        let h = homography(
            [src[0], src[1], src[2], corners[3]],
            [dst[0], dst[1], dst[2], d4],
        );
        (fw as u32, fh as u32, h)
    };
    let hinv = invert(&h);
    let mut img = render(rng, scene, cap, &hinv, out_w, out_h);
    effects(rng, &mut img, cap);
    // Where the zone went.
    let mut xs = Vec::new();
    let mut ys = Vec::new();
    let mut pitches = Vec::new();
    for pl in &scene.placed {
        for line in &pl.piece.mrz {
            for r in &line.ink {
                for p in [(r[0], r[1]), (r[2], r[1]), (r[2], r[3]), (r[0], r[3])] {
                    let q = pl.piece_to_paper(p);
                    let o = apply(&h, (f64::from(q.0), f64::from(q.1)));
                    xs.push(o.0);
                    ys.push(o.1);
                }
            }
            if let (Some(a), Some(b)) = (line.centres.first(), line.centres.last()) {
                let (a, b) = (pl.piece_to_paper(*a), pl.piece_to_paper(*b));
                let (a, b) = (
                    apply(&h, (f64::from(a.0), f64::from(a.1))),
                    apply(&h, (f64::from(b.0), f64::from(b.1))),
                );
                let n = (line.centres.len() - 1).max(1) as f64;
                pitches.push(((b.0 - a.0).hypot(b.1 - a.1) / n) as f32);
            }
        }
    }
    let (w, hgt) = (f64::from(out_w), f64::from(out_h));
    let mut bbox = if xs.is_empty() {
        None
    } else {
        let fold = |v: &[f64], f: fn(f64, f64) -> f64, init: f64| v.iter().copied().fold(init, f);
        Some([
            fold(&xs, f64::min, f64::MAX).clamp(0.0, w),
            fold(&ys, f64::min, f64::MAX).clamp(0.0, hgt),
            fold(&xs, f64::max, f64::MIN).clamp(0.0, w),
            fold(&ys, f64::max, f64::MIN).clamp(0.0, hgt),
        ])
    };
    let mut image = if cap.gray {
        DynamicImage::ImageLuma8(DynamicImage::ImageRgb8(img).to_luma8())
    } else {
        DynamicImage::ImageRgb8(img)
    };
    image = match cap.turn {
        90 => image.rotate90(),
        180 => image.rotate180(),
        270 => image.rotate270(),
        _ => image,
    };
    if let Some(b) = bbox.as_mut() {
        *b = match cap.turn {
            90 => [hgt - b[3], b[0], hgt - b[1], b[2]],
            180 => [w - b[2], hgt - b[3], w - b[0], hgt - b[1]],
            270 => [b[1], w - b[2], b[3], w - b[0]],
            _ => *b,
        };
    }
    let pitch = (!pitches.is_empty()).then(|| pitches.iter().sum::<f32>() / pitches.len() as f32);
    Shot {
        image,
        bbox: bbox.map(|b| {
            [
                b[0].floor() as u32,
                b[1].floor() as u32,
                b[2].ceil() as u32,
                b[3].ceil() as u32,
            ]
        }),
        pitch,
    }
}

/// One resampling: each output pixel looks up the paper, the pieces on it, or what is
/// behind the paper (the scanner lid, or a table for photos).
fn render(
    rng: &mut ChaCha8Rng,
    scene: &Scene,
    cap: &Capture,
    hinv: &Mat,
    w: u32,
    h: u32,
) -> RgbImage {
    let table: [Color; 5] = [
        [112, 82, 58],
        [150, 150, 152],
        [214, 210, 202],
        [52, 56, 66],
        [160, 128, 96],
    ];
    let bg = if cap.level == Level::Photo {
        table[rng.random_range(0..table.len())]
    } else {
        let g = rng.random_range(228..250u8);
        [g, g, g]
    };
    let grain = (
        rng.random_range(0.002..0.01f32),
        rng.random_range(0.01..0.05f32),
        rng.random_range(0.0..6.3f32),
    );
    let rots: Vec<(f32, f32)> = scene.placed.iter().map(|p| p.angle.sin_cos()).collect();
    let mut out = RgbImage::new(w, h);
    for (x, y, px) in out.enumerate_pixels_mut() {
        let (u, v) = apply(hinv, (f64::from(x) + 0.5, f64::from(y) + 0.5));
        let (u, v) = (u as f32, v as f32);
        let mut col = [0.0f32; 3];
        if u < 0.0 || v < 0.0 || u >= scene.w || v >= scene.h {
            let g = if cap.level == Level::Photo {
                1.0 + 0.07
                    * ((y as f32) * grain.1 + 3.0 * ((x as f32) * grain.0 + grain.2).sin()).sin()
            } else {
                1.0
            };
            for k in 0..3 {
                col[k] = f32::from(bg[k]) * g;
            }
        } else {
            let mut hit = false;
            for (pl, &sc) in scene.placed.iter().zip(&rots).rev() {
                let (lx, ly) = pl.paper_to_piece((u, v), sc);
                let cv = &pl.piece.canvas;
                if lx >= 0.0 && ly >= 0.0 && lx < cv.w_mm() && ly < cv.h_mm() {
                    col = sample(&cv.img, lx * cv.ppm - 0.5, ly * cv.ppm - 0.5);
                    hit = true;
                    break;
                }
            }
            if !hit {
                col = [
                    f32::from(scene.paper[0]),
                    f32::from(scene.paper[1]),
                    f32::from(scene.paper[2]),
                ];
            }
        }
        *px = Rgb([
            col[0].clamp(0.0, 255.0) as u8,
            col[1].clamp(0.0, 255.0) as u8,
            col[2].clamp(0.0, 255.0) as u8,
        ]);
    }
    out
}

/// Light, colour, streaks, blur and noise.
fn effects(rng: &mut ChaCha8Rng, img: &mut RgbImage, cap: &Capture) {
    let (w, h) = (img.width() as f32, img.height() as f32);
    let photo = cap.level == Level::Photo;
    // Per-column streak gains (scanner or sensor streaks run vertically).
    let mut column = vec![1.0f32; img.width() as usize];
    for _ in 0..cap.streaks {
        let x = rng.random_range(0.0..w);
        let sw = rng.random_range(1.0..(w / 60.0).max(2.0));
        let a = rng.random_range(0.04..0.14f32) * if rng.random_bool(0.5) { 1.0 } else { -1.0 };
        for (i, g) in column.iter_mut().enumerate() {
            let d = (i as f32 - x).abs() / sw;
            if d < 1.0 {
                *g *= 1.0 - a * (1.0 - d * d);
            }
        }
    }
    let light = if photo {
        let (gx, gy) = (
            rng.random_range(-0.25..0.25f32),
            rng.random_range(-0.25..0.25f32),
        );
        let vig = rng.random_range(0.0..0.35f32);
        let base = rng.random_range(0.8..1.05f32);
        let cast = [
            rng.random_range(0.9..1.08f32),
            rng.random_range(0.94..1.04f32),
            rng.random_range(0.8..1.02f32),
        ];
        let black = rng.random_range(8.0..45.0f32);
        let shadow = cap.shadow.then(|| {
            let ang = rng.random_range(0.0..std::f32::consts::TAU);
            let (n0, n1) = (ang.cos(), ang.sin());
            // The shadow's edge passes through a point of the frame's outer part.
            let (px, py) = (
                rng.random_range(0.1..0.9f32) * w,
                rng.random_range(0.1..0.9f32) * h,
            );
            let soft = rng.random_range(0.01..0.06f32) * w.max(h);
            let dark = rng.random_range(0.55..0.85f32);
            (n0, n1, n0 * px + n1 * py, soft, dark)
        });
        Some((gx, gy, vig, base, cast, black, shadow))
    } else {
        None
    };
    if light.is_some() || cap.streaks > 0 {
        for (x, y, p) in img.enumerate_pixels_mut() {
            let (fx, fy) = (x as f32, y as f32);
            let mut g = column[x as usize];
            let mut cast = [1.0f32; 3];
            let mut black = 0.0;
            if let Some((gx, gy, vig, base, c, bl, shadow)) = light {
                let (nx, ny) = (fx / w - 0.5, fy / h - 0.5);
                g *= base * (1.0 + gx * nx + gy * ny) * (1.0 - vig * (nx * nx + ny * ny) * 2.0);
                if let Some((n0, n1, d, soft, dark)) = shadow {
                    let t = ((n0 * fx + n1 * fy - d) / soft).clamp(-1.0, 1.0) * 0.5 + 0.5;
                    g *= 1.0 - (1.0 - dark) * t;
                }
                cast = c;
                black = bl;
            }
            for (ch, c) in p.0.iter_mut().zip(cast) {
                let v = black + f32::from(*ch) * (255.0 - black) / 255.0;
                *ch = (v * g * c).clamp(0.0, 255.0) as u8;
            }
        }
    }
    if cap.blur > 0.0 {
        *img = imageproc::filter::gaussian_blur_f32(img, cap.blur);
    }
    if cap.noise > 0 {
        let a = i16::from(cap.noise);
        for p in img.pixels_mut() {
            let n = rng.random_range(-a..=a) / 2 + rng.random_range(-a..=a) / 2;
            // Mostly luminance noise, a little chroma for photos.
            for c in p.0.iter_mut() {
                let chroma = if photo {
                    rng.random_range(-1..=1i16)
                } else {
                    0
                };
                *c = (i16::from(*c) + n + chroma).clamp(0, 255) as u8;
            }
        }
    }
}

/// A phone photo (or any capture) of a whole rendered page of `dpi` pixels per inch:
/// the page is the paper, nothing is laid on it. Used by the documents' degradations.
pub fn photograph(rng: &mut ChaCha8Rng, page: &RgbImage, dpi: u32, cap: &Capture) -> DynamicImage {
    let ppm = dpi as f32 / 25.4;
    let canvas = super::canvas::Canvas {
        img: page.clone(),
        ppm,
    };
    let (w, h) = (canvas.w_mm(), canvas.h_mm());
    let scene = Scene {
        w,
        h,
        paper: [255, 255, 255],
        placed: vec![Placed {
            piece: Piece {
                canvas,
                mrz: Vec::new(),
                tags: Vec::new(),
            },
            centre: (w / 2.0, h / 2.0),
            angle: 0.0,
        }],
    };
    shoot(rng, &scene, cap).image
}
