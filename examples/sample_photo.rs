//! Paints the sample site's photo (`content/guides/getting-outside/photo.jpg`): a made-up
//! landscape of sky, sun, hills, grass and a path, with smooth noise so it compresses like a
//! real photo. Our own picture, so the repository holds no one else's work; deterministic, so
//! running it again gives the same file.
//!
//! cargo run --release --example sample_photo -- OUT.jpg [WIDTH] [QUALITY]

use image::{Rgb, RgbImage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        return Err("usage: sample_photo OUT.jpg [WIDTH] [QUALITY]".into());
    };
    let width: u32 = args.next().map_or(Ok(2000), |w| w.parse())?;
    let quality: u8 = args.next().map_or(Ok(70), |q| q.parse())?;
    let height = width * 2 / 3;
    let picture = landscape(width, height);
    let file = std::io::BufWriter::new(std::fs::File::create(&out)?);
    picture.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
        file, quality,
    ))?;
    Ok(())
}

/// The scene, painted pixel by pixel from coordinates in 0..1.
fn landscape(width: u32, height: u32) -> RgbImage {
    let noise = ValueNoise::new(7);
    RgbImage::from_fn(width, height, |x, y| {
        let u = x as f32 / width as f32;
        let v = y as f32 / height as f32;
        let texture = noise.octaves(u * 24.0, v * 16.0);
        let grain = noise.at(x as f32 * 0.9, y as f32 * 0.9) - 0.5;
        let far_hill = 0.48 + 0.06 * (u * 5.0).sin() + 0.04 * noise.octaves(u * 4.0, 1.0);
        let near_hill = 0.62 + 0.08 * (u * 2.3 + 1.0).cos() + 0.03 * noise.octaves(u * 7.0, 3.0);
        let colour = if v < far_hill {
            sky(u, v, noise.octaves(u * 6.0, v * 10.0))
        } else if v < near_hill {
            mix([70.0, 105.0, 80.0], [45.0, 80.0, 55.0], texture)
        } else if is_path(u, v) {
            mix([190.0, 165.0, 120.0], [150.0, 125.0, 90.0], texture)
        } else {
            let depth = (v - near_hill) / (1.0 - near_hill);
            mix(
                [95.0, 150.0, 60.0],
                [40.0, 95.0, 35.0],
                texture * 0.7 + depth * 0.3,
            )
        };
        Rgb(colour.map(|c| (c + grain * 14.0).clamp(0.0, 255.0) as u8))
    })
}

/// Blue deepening upward, clouds from the noise, and a warm glow around a low sun.
fn sky(u: f32, v: f32, cloud: f32) -> [f32; 3] {
    let blue = mix([200.0, 220.0, 235.0], [90.0, 140.0, 200.0], 1.0 - v * 2.0);
    let cloudy = mix(
        blue,
        [245.0, 245.0, 240.0],
        ((cloud - 0.55) * 3.0).clamp(0.0, 1.0),
    );
    let sun = ((u - 0.72).powi(2) + (v - 0.3).powi(2)).sqrt();
    let glow = (1.0 - sun * 5.0).clamp(0.0, 1.0).powi(2);
    mix(cloudy, [255.0, 235.0, 180.0], glow)
}

/// A path that narrows as it winds into the distance.
fn is_path(u: f32, v: f32) -> bool {
    let centre = 0.45 + 0.12 * (v * 9.0).sin() * (1.0 - v);
    (u - centre).abs() < 0.01 + 0.12 * (v - 0.6).max(0.0)
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    let t = t.clamp(0.0, 1.0);
    [0, 1, 2].map(|i| a[i] + (b[i] - a[i]) * t)
}

/// Smooth value noise over a 256 × 256 lattice of seeded random values.
struct ValueNoise {
    lattice: Vec<f32>,
}

impl ValueNoise {
    fn new(seed: u32) -> Self {
        let mut state = seed;
        let lattice = (0..256 * 256)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                (state >> 8) as f32 / (1u32 << 24) as f32
            })
            .collect();
        ValueNoise { lattice }
    }

    fn value(&self, x: i64, y: i64) -> f32 {
        self.lattice[(y.rem_euclid(256) * 256 + x.rem_euclid(256)) as usize]
    }

    /// The noise at a point, interpolated smoothly between lattice values.
    fn at(&self, x: f32, y: f32) -> f32 {
        let (x0, y0) = (x.floor(), y.floor());
        let smooth = |t: f32| t * t * (3.0 - 2.0 * t);
        let (tx, ty) = (smooth(x - x0), smooth(y - y0));
        let (x0, y0) = (x0 as i64, y0 as i64);
        let top = self.value(x0, y0) + (self.value(x0 + 1, y0) - self.value(x0, y0)) * tx;
        let bottom =
            self.value(x0, y0 + 1) + (self.value(x0 + 1, y0 + 1) - self.value(x0, y0 + 1)) * tx;
        top + (bottom - top) * ty
    }

    /// Four octaves, for texture at several scales.
    fn octaves(&self, x: f32, y: f32) -> f32 {
        (0..4)
            .map(|i| {
                let scale = (1 << i) as f32;
                self.at(x * scale, y * scale) / scale
            })
            .sum::<f32>()
            / 1.875
    }
}
