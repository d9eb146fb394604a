//! Image files: their size in pixels (read from the header, cheaply), and for photos wider
//! than `images.max_width`, smaller copies (480, 960 and `max_width` pixels wide), kept in a
//! cache by the bytes of the original so that an unchanged image is never resized twice.
//!
//! Only JPEG and PNG are resized (JPEG at quality 82, PNG lossless); GIF (it may be animated)
//! and WebP are published as they are, with their size; SVG and other formats as they are,
//! without a size. Decoding is bounded: an image of more than [`MAX_PIXELS`] or wider or taller
//! than [`MAX_SIDE`] is refused before a pixel is decoded, and the decoder may not allocate
//! more than [`MAX_ALLOC`] bytes, so a decompression bomb is an error, not an out-of-memory.
//! Resizing is bounded too: an image whose resizing would take more than [`RESIZE_BUDGET`]
//! is refused from its header, and images are resized at once only while their estimates fit
//! in that budget together, however many threads there are.
//!
//! The cache obeys the link rules of every other source (see [`crate::support::source`]): a
//! cache folder that is a symbolic link is neither read nor written through (a committed
//! `.attach-gen-cache -> /elsewhere` would have the build write there), and a cached copy that
//! is a link or not a regular file is never published (a committed
//! `<key>-v1-480w.png -> /etc/passwd` would be): it is made again, replacing it. Nor is a
//! cached copy that is not a whole image of its format and width (a committed or damaged file:
//! HTML named `.jpg`, a copy cut short, another picture's copy): it is made again too.

use std::hash::{Hash, Hasher};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::site::bundles::AssetSource;
use crate::support::diagnostic::{Code, Diagnostic};

/// The most pixels an image may have (a 50-megapixel camera's).
pub const MAX_PIXELS: u64 = 50_000_000;
/// The widest or tallest an image may be, in pixels.
pub const MAX_SIDE: u32 = 20_000;
/// The most memory a decoder may take for one image.
pub const MAX_ALLOC: u64 = 256 * 1024 * 1024;
/// The most memory resizing one image may take (the decoded picture, the resizer's working
/// copy and the largest copy), and the most all the images being resized at once may take:
/// images are resized in parallel only as far as this allows.
pub const RESIZE_BUDGET: u64 = 512 * 1024 * 1024;
/// Widths of the smaller copies, besides `max_width` itself.
pub const COPY_WIDTHS: [u32; 2] = [480, 960];
/// JPEG quality of the smaller copies: no visible loss on a phone, a fraction of the bytes.
pub const JPEG_QUALITY: u8 = 82;
/// Where resized copies are kept, inside the site's folder (git-ignored by `init`).
pub const CACHE_DIR: &str = ".attach-gen-cache/images";
/// Changes when the way copies are made does, so that old copies are not used.
const CACHE_VERSION: u32 = 1;

/// What an image file is, read from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picture {
    /// As shown (after the EXIF orientation).
    pub width: u32,
    pub height: u32,
    /// Resized when wider than `max_width`.
    pub resizable: bool,
}

/// Reads the header of the image at `path`: `Ok(None)` for a format whose size is not read
/// (SVG, AVIF, ...), an error (what is wrong, for a message) for a file that is not a usable
/// image.
pub fn read_picture(path: &Path) -> Result<Option<Picture>, String> {
    let Some(format) = ImageFormat::from_path(path).ok().filter(|f| {
        matches!(
            f,
            ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif | ImageFormat::WebP
        )
    }) else {
        return Ok(None);
    };
    let mut file = std::fs::File::open(path).map_err(|e| format!("cannot be read ({e})"))?;
    check_start(&mut file, format)?;
    check_ending(&mut file, format)?;
    let reader = ImageReader::with_format(std::io::BufReader::new(file), format);
    let mut decoder = decoder(reader)?;
    let (width, height) = shown_size(&mut decoder)?;
    Ok(Some(Picture {
        width,
        height,
        resizable: matches!(format, ImageFormat::Jpeg | ImageFormat::Png),
    }))
}

/// A file must start as its extension's format does: a text file named `.png` is not an image,
/// which says more than "cut short" would.
fn check_start(file: &mut std::fs::File, format: ImageFormat) -> Result<(), String> {
    use std::io::{Read, Seek, SeekFrom};
    let mut start = Vec::with_capacity(12);
    file.take(12)
        .read_to_end(&mut start)
        .and_then(|_| file.seek(SeekFrom::Start(0)))
        .map_err(|e| format!("cannot be read ({e})"))?;
    let (name, fits) = match format {
        ImageFormat::Jpeg => ("JPEG", start.starts_with(&[0xFF, 0xD8, 0xFF])),
        ImageFormat::Png => ("PNG", start.starts_with(b"\x89PNG\r\n\x1a\n")),
        ImageFormat::Gif => ("GIF", start.starts_with(b"GIF8")),
        ImageFormat::WebP => (
            "WebP",
            start.starts_with(b"RIFF") && start.get(8..12) == Some(b"WEBP"),
        ),
        _ => return Ok(()),
    };
    if fits {
        return Ok(());
    }
    let actual = image::guess_format(&start)
        .ok()
        .map(|f| f.extensions_str().first().copied().unwrap_or("other"));
    Err(match actual {
        Some(ext) => format!(
            "is not a {name} image: its bytes are a `.{ext}` image's (give it that extension)"
        ),
        None => format!(
            "is not a {name} image (its first bytes are not a {name}'s): it may be another kind of file renamed"
        ),
    })
}

/// A JPEG must end with its end-of-image marker, a PNG with its `IEND` chunk, a GIF with its
/// trailer after its last block, a WebP no shorter than its RIFF header says: a file cut short
/// (an upload that stopped half-way) is found without decoding it. Cameras may add data after
/// a JPEG's end, so the marker is looked for in the last 64 KiB.
fn check_ending(file: &mut std::fs::File, format: ImageFormat) -> Result<(), String> {
    use std::io::{Read, Seek, SeekFrom};
    const PNG_END: &[u8] = &[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82];
    const TAIL: u64 = 64 * 1024;
    const CUT_SHORT: &str = "is cut short (the file ends before the picture does)";
    let length = file
        .metadata()
        .map_err(|e| format!("cannot be read ({e})"))?
        .len();
    let whole = match format {
        ImageFormat::Gif => Some(gif_is_whole(file)),
        // The RIFF header's size counts the bytes after its first 8.
        ImageFormat::WebP => Some(riff_size(file)?.is_some_and(|size| size + 8 <= length)),
        _ => None,
    };
    if let Some(whole) = whole {
        file.seek(SeekFrom::Start(0))
            .map_err(|e| format!("cannot be read ({e})"))?;
        return if whole { Ok(()) } else { Err(CUT_SHORT.into()) };
    }
    let mut tail = Vec::new();
    file.seek(SeekFrom::Start(length.saturating_sub(TAIL)))
        .and_then(|_| file.take(TAIL).read_to_end(&mut tail))
        .and_then(|_| file.seek(SeekFrom::Start(0)))
        .map_err(|e| format!("cannot be read ({e})"))?;
    let whole = match format {
        ImageFormat::Jpeg => tail.windows(2).any(|w| w == [0xFF, 0xD9]),
        ImageFormat::Png => tail.ends_with(PNG_END),
        _ => true,
    };
    if whole { Ok(()) } else { Err(CUT_SHORT.into()) }
}

/// The size a WebP's RIFF header gives (bytes 4 to 8, little-endian); `None` when the file is
/// too short to hold one.
fn riff_size(file: &mut std::fs::File) -> Result<Option<u64>, String> {
    use std::io::Read;
    let mut head = Vec::with_capacity(8);
    file.take(8)
        .read_to_end(&mut head)
        .map_err(|e| format!("cannot be read ({e})"))?;
    Ok(head
        .get(4..8)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(|b| u64::from(u32::from_le_bytes(b))))
}

/// Whether a GIF reaches its trailer: its blocks are walked by their lengths, without
/// decoding a pixel (a GIF's last bytes may be anything, so they cannot tell).
fn gif_is_whole(file: &mut std::fs::File) -> bool {
    use std::io::{BufReader, Read, Seek, SeekFrom};
    let Ok(_) = file.seek(SeekFrom::Start(0)) else {
        return false;
    };
    let mut reader = BufReader::new(file);
    let byte = |reader: &mut BufReader<&mut std::fs::File>| -> Option<u8> {
        let mut one = [0u8; 1];
        reader.read_exact(&mut one).ok().map(|()| one[0])
    };
    let skip = |reader: &mut BufReader<&mut std::fs::File>, count: i64| {
        reader.seek_relative(count).is_ok()
    };
    // Sub-blocks, each its length then its bytes, to a zero length.
    let sub_blocks = |reader: &mut BufReader<&mut std::fs::File>| -> Option<()> {
        loop {
            match byte(reader)? {
                0 => return Some(()),
                length => skip(reader, i64::from(length)).then_some(())?,
            }
        }
    };
    let mut walk = || -> Option<()> {
        let mut header = [0u8; 13];
        reader.read_exact(&mut header).ok()?;
        // A global colour table of 2^(n+1) colours, three bytes each, when its flag is set.
        if header[10] & 0x80 != 0 {
            skip(&mut reader, 3 << ((header[10] & 7) + 1)).then_some(())?;
        }
        loop {
            match byte(&mut reader)? {
                0x3B => return Some(()),
                0x21 => {
                    byte(&mut reader)?;
                    sub_blocks(&mut reader)?;
                }
                0x2C => {
                    let mut descriptor = [0u8; 9];
                    reader.read_exact(&mut descriptor).ok()?;
                    if descriptor[8] & 0x80 != 0 {
                        skip(&mut reader, 3 << ((descriptor[8] & 7) + 1)).then_some(())?;
                    }
                    byte(&mut reader)?;
                    sub_blocks(&mut reader)?;
                }
                // Not a block: a damaged file, not a short one; the decoder says what it is.
                _ => return Some(()),
            }
        }
    };
    walk().is_some()
}

/// A decoder for `reader` with the limits set, its header read.
fn decoder<'a, R: std::io::BufRead + std::io::Seek + 'a>(
    mut reader: ImageReader<R>,
) -> Result<impl ImageDecoder + 'a, String> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(describe)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err("has no pixels".into());
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "is {width}×{height} pixels, more than the {} million an image may have",
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(decoder)
}

/// The size as shown: width and height swap when the EXIF orientation turns the picture.
fn shown_size(decoder: &mut impl ImageDecoder) -> Result<(u32, u32), String> {
    let (width, height) = decoder.dimensions();
    let turned = matches!(
        decoder.orientation().map_err(describe)?,
        image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH
    );
    Ok(if turned {
        (height, width)
    } else {
        (width, height)
    })
}

/// Why the image crate refused a file, in words for an editor.
fn describe(error: image::ImageError) -> String {
    match error {
        image::ImageError::Limits(_) => format!(
            "is too large to read (more than {MAX_SIDE} pixels a side, or more than {} MiB to decode)",
            MAX_ALLOC / 1024 / 1024
        ),
        image::ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            "is cut short (the file ends before the picture does)".into()
        }
        other => format!("cannot be read as an image ({other})"),
    }
}

/// The widths of the smaller copies of an image `width` pixels wide: none unless it is wider
/// than `max_width`.
pub fn copy_widths(width: u32, max_width: u32) -> Vec<u32> {
    if width <= max_width {
        return Vec::new();
    }
    let mut widths: Vec<u32> = COPY_WIDTHS.into_iter().filter(|w| *w < max_width).collect();
    widths.push(max_width);
    widths
}

/// The output path of the copy `width` pixels wide of the image published at `output`:
/// `guides/sleep/photo.jpg` → `guides/sleep/photo.960w.jpg`.
pub fn copy_path(output: &str, width: u32) -> String {
    let (folder, name) = output
        .rsplit_once('/')
        .map_or(("", output), |(f, n)| (f, n));
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let name = format!("{stem}.{width}w.{ext}");
    if folder.is_empty() {
        name
    } else {
        format!("{folder}/{name}")
    }
}

/// Where resized copies are kept, and whether that place can be written.
pub struct ImageCache {
    dir: PathBuf,
    /// Why the cache folder may not be used at all (it is a link): nothing is read from it or
    /// written to it, and copies are kept in memory.
    refused: Option<Diagnostic>,
    /// Cached copies that were links, special files or not whole images of their width,
    /// replaced by new copies in this build, each with what was wrong with it.
    replaced: Mutex<Vec<(PathBuf, String)>>,
    /// Set when a copy could not be written there: copies are then kept in memory.
    unwritable: AtomicBool,
    /// The first reason, for the message.
    why: Mutex<Option<String>>,
}

impl ImageCache {
    /// The cache of the site at `root`.
    pub fn new(root: &Path) -> ImageCache {
        ImageCache {
            dir: root.join(CACHE_DIR),
            refused: linked_folder(root),
            replaced: Mutex::new(Vec::new()),
            unwritable: AtomicBool::new(false),
            why: Mutex::new(None),
        }
    }

    /// The warnings of this build: the cache folder is a link, cached copies that were links or
    /// special files, or the cache could not be written.
    pub fn notes(&self, root: &Path) -> Vec<Diagnostic> {
        if let Some(refused) = &self.refused {
            return vec![refused.clone()];
        }
        let mut replaced =
            std::mem::take(&mut *self.replaced.lock().unwrap_or_else(|p| p.into_inner()));
        replaced.sort();
        let mut notes: Vec<Diagnostic> = replaced
            .iter()
            .map(|(path, why)| {
                Diagnostic::warning(
                    Code::ImageCache,
                    format!("skipped: this cached copy {why}, so it was not published; a new copy was made in its place"),
                )
                .in_file(crate::support::source::shown(root, path))
                .with_hint("attach-gen writes this folder itself: do not commit it or put links in it (delete .attach-gen-cache; the next build makes it again)")
            })
            .collect();
        notes.extend(self.note());
        notes
    }

    /// A warning when the cache could not be written in this build.
    fn note(&self) -> Option<Diagnostic> {
        if !self.unwritable.load(Ordering::Relaxed) {
            return None;
        }
        let why = self
            .why
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .unwrap_or_default();
        Some(
            Diagnostic::warning(
                Code::ImageCache,
                format!("resized images could not be kept in {CACHE_DIR} ({why}): they were made again for this build"),
            )
            .with_hint("the site was built all the same; make the site's folder writable to build faster next time"),
        )
    }

    /// The copies of the image at `path` at each of `widths`, from the cache or made now.
    pub fn copies(&self, path: &Path, widths: &[u32]) -> Result<Vec<AssetSource>, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot be read ({e})"))?;
        let format = ImageFormat::from_path(path).map_err(describe)?;
        let key = content_key(&bytes);
        let ext = format.extensions_str().first().copied().unwrap_or("img");
        let cached: Vec<PathBuf> = widths
            .iter()
            .map(|w| {
                self.dir
                    .join(format!("{key:016x}-v{CACHE_VERSION}-{w}w.{ext}"))
            })
            .collect();
        if self.refused.is_none() {
            let faults: Vec<Option<String>> = cached
                .iter()
                .zip(widths)
                .map(|(path, width)| cached_fault(path, *width))
                .collect();
            if faults.iter().all(|f| f.as_deref() == Some("")) {
                return Ok(cached.into_iter().map(AssetSource::File).collect());
            }
            let mut replaced = self.replaced.lock().unwrap_or_else(|p| p.into_inner());
            for (path, fault) in cached.iter().zip(faults) {
                if let Some(why) = fault.filter(|why| !why.is_empty()) {
                    replaced.push((path.clone(), why));
                }
            }
        }
        let made = resize(&bytes, format, widths)?;
        Ok(made
            .into_iter()
            .zip(cached)
            .map(|(bytes, at)| match self.keep(&at, &bytes) {
                true => AssetSource::File(at),
                false => AssetSource::Bytes(Arc::new(bytes)),
            })
            .collect())
    }

    /// Writes `bytes` to `at` (through a temporary file, so a half-written copy is never
    /// used; renaming over a link replaces the link, not its target); false when it cannot.
    fn keep(&self, at: &Path, bytes: &[u8]) -> bool {
        if self.refused.is_some() || self.unwritable.load(Ordering::Relaxed) {
            return false;
        }
        // One name per copy: two images with the same bytes are kept at once by two threads.
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let temporary = at.with_extension(format!(
            "tmp{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let written = std::fs::create_dir_all(&self.dir)
            .and_then(|()| write_new(&temporary, bytes))
            .and_then(|()| std::fs::rename(&temporary, at));
        match written {
            Ok(()) => true,
            Err(e) => {
                let _ = std::fs::remove_file(&temporary);
                self.unwritable.store(true, Ordering::Relaxed);
                let mut why = self.why.lock().unwrap_or_else(|p| p.into_inner());
                why.get_or_insert_with(|| e.to_string());
                false
            }
        }
    }
}

/// What is wrong with the cached copy at `path`, meant to be `width` pixels wide: `None` when
/// there is none (it is made now), `Some("")` when it may be published, else why not. A link is
/// not followed (it could publish any file of this computer), and a regular file must be a
/// whole image of its extension's format and of its width: the cache is a folder of the site,
/// so a clone may hold a committed copy, and a crash or a full disk may have left a damaged one.
fn cached_fault(path: &Path, width: u32) -> Option<String> {
    let kind = std::fs::symlink_metadata(path).ok()?.file_type();
    if !kind.is_file() {
        return Some("is a link or not a regular file".into());
    }
    Some(match read_picture(path) {
        Ok(Some(picture)) if picture.width == width => String::new(),
        Ok(Some(picture)) => format!(
            "is {} pixels wide, not the {width} its name says",
            picture.width
        ),
        Ok(None) => "is not an image attach-gen makes".into(),
        // The advice for an editor's file ("give it that extension") is not for a copy.
        Err(why) => why
            .split_once(" (give it")
            .map_or(why.as_str(), |(what, _)| what)
            .to_string(),
    })
}

/// Writes `bytes` to a new file at `path`. Whatever is there (a killed build's leftover, or a
/// committed link) is removed first, and the file is created exclusively, so that a link at
/// that name is never written through.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let _ = std::fs::remove_file(path);
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(bytes)
}

/// The warning when the cache folder of the site at `root`, or its `images/` folder, is a
/// symbolic link: the cache is then not used.
fn linked_folder(root: &Path) -> Option<Diagnostic> {
    let top = CACHE_DIR.split('/').next().unwrap_or(CACHE_DIR);
    [top, CACHE_DIR].into_iter().find_map(|folder| {
        let path = root.join(folder);
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        is_link.then(|| {
            let target = std::fs::canonicalize(&path)
                .or_else(|_| std::fs::read_link(&path))
                .unwrap_or_default();
            Diagnostic::warning(
                Code::ImageCache,
                format!(
                    "the image cache {folder}/ is a link (to {}), and attach-gen neither reads nor writes the cache through a link: resized images were made in memory for this build",
                    target.display()
                ),
            )
            .in_file(folder)
            .with_hint(format!("remove the link (`rm {folder}`); the next build makes the folder again, inside the site"))
        })
    })
}

/// A hash of the image's bytes, naming its copies in the cache.
fn content_key(bytes: &[u8]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.len().hash(&mut hasher);
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// Memory handed out to the images being resized now, against [`RESIZE_BUDGET`].
static RESIZING: Mutex<u64> = Mutex::new(0);
static RESIZED: std::sync::Condvar = std::sync::Condvar::new();

/// A share of [`RESIZE_BUDGET`], given back when dropped.
struct BudgetShare(u64);

impl BudgetShare {
    /// Waits until `bytes` fit in what other resizes leave of the budget.
    fn take(bytes: u64) -> BudgetShare {
        let bytes = bytes.min(RESIZE_BUDGET);
        let mut used = RESIZING.lock().unwrap_or_else(|p| p.into_inner());
        while *used + bytes > RESIZE_BUDGET {
            used = RESIZED.wait(used).unwrap_or_else(|p| p.into_inner());
        }
        *used += bytes;
        BudgetShare(bytes)
    }
}

impl Drop for BudgetShare {
    fn drop(&mut self) {
        let mut used = RESIZING.lock().unwrap_or_else(|p| p.into_inner());
        *used = used.saturating_sub(self.0);
        RESIZED.notify_all();
    }
}

/// About how much memory resizing a `width`×`height` picture of `bytes_per_pixel` to
/// `largest` pixels wide takes: the decoded picture, the resizer's working copy (four 32-bit
/// floats a pixel, the original's width by the copy's height) and the copy.
fn resize_memory(bytes_per_pixel: u64, (width, height): (u32, u32), largest: u32) -> u64 {
    let copy_height = u64::from(scaled_height(width, height, largest));
    u64::from(width) * u64::from(height) * bytes_per_pixel
        + u64::from(width) * copy_height * 16
        + u64::from(largest) * copy_height * bytes_per_pixel
}

/// Decodes `bytes` (under the limits) and encodes a copy at each of `widths` (ascending).
fn resize(bytes: &[u8], format: ImageFormat, widths: &[u32]) -> Result<Vec<Vec<u8>>, String> {
    let reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut decoder = decoder(reader)?;
    let (width, height) = decoder.dimensions();
    let bytes_per_pixel = u64::from(decoder.color_type().bytes_per_pixel());
    let need = resize_memory(
        bytes_per_pixel,
        (width, height),
        widths.last().copied().unwrap_or(0),
    );
    if need > RESIZE_BUDGET {
        return Err(format!(
            "would take about {} MiB of memory to resize, more than the {} MiB an image may (a {width}×{height} picture of {bytes_per_pixel} bytes a pixel)",
            need / 1024 / 1024,
            RESIZE_BUDGET / 1024 / 1024,
        ));
    }
    let _share = BudgetShare::take(need);
    let orientation = decoder.orientation().map_err(describe)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(describe)?;
    picture.apply_orientation(orientation);
    let mut copies = Vec::with_capacity(widths.len());
    // The largest first, each smaller one from the one before: much faster than each from the
    // original, and as sharp.
    let mut from = picture;
    for &width in widths.iter().rev() {
        let height = scaled_height(from.width(), from.height(), width);
        from = from.resize_exact(width, height, FilterType::CatmullRom);
        copies.push(encode(&from, format)?);
    }
    copies.reverse();
    Ok(copies)
}

/// The height of a copy `width` wide of a `w`×`h` picture (at least one pixel).
pub fn scaled_height(w: u32, h: u32, width: u32) -> u32 {
    let height = (u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w.max(1));
    u32::try_from(height.max(1)).unwrap_or(u32::MAX)
}

fn encode(picture: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let written = match format {
        ImageFormat::Jpeg => picture.to_rgb8().write_with_encoder(
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY),
        ),
        _ => picture.write_to(&mut Cursor::new(&mut out), format),
    };
    written.map_err(|e| format!("could not be resized ({e})"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_named_beside_the_original() {
        assert_eq!(copy_path("a/b/photo.jpg", 480), "a/b/photo.480w.jpg");
        assert_eq!(copy_path("photo.png", 960), "photo.960w.png");
        assert_eq!(copy_widths(1600, 1600), Vec::<u32>::new());
        assert_eq!(copy_widths(4000, 1600), vec![480, 960, 1600]);
        assert_eq!(copy_widths(4000, 800), vec![480, 800]);
        assert_eq!(scaled_height(4000, 3000, 480), 360);
        assert_eq!(scaled_height(4000, 1, 480), 1);
    }

    /// A PNG's first bytes: the signature, a header chunk for `width`×`height` at `depth`
    /// bits, RGBA, and a first data chunk holding nothing (resizing reads no further before
    /// deciding).
    fn png_header(width: u32, height: u32, depth: u8) -> Vec<u8> {
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend(width.to_be_bytes());
        ihdr.extend(height.to_be_bytes());
        ihdr.extend([depth, 6, 0, 0, 0]);
        let crc = crc32fast::hash(&ihdr);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(13u32.to_be_bytes());
        png.extend(ihdr);
        png.extend(crc.to_be_bytes());
        let idat = b"IDAT\x78\x9c\x03\x00\x00\x00\x00\x01";
        png.extend(8u32.to_be_bytes());
        png.extend(idat);
        png.extend(crc32fast::hash(idat).to_be_bytes());
        png
    }

    #[test]
    fn an_image_too_large_to_resize_is_refused_from_its_header() {
        // 7071×7071 at 16 bits a channel: under the pixel limit, but 400 MB decoded and a
        // working copy besides; it once took 596 MB, and six in parallel 3.6 GB.
        let error = resize(
            &png_header(7071, 7071, 16),
            ImageFormat::Png,
            &[480, 960, 1600],
        )
        .err()
        .unwrap_or_default();
        assert!(
            error
                .starts_with("would take about 573 MiB of memory to resize, more than the 512 MiB"),
            "{error}"
        );
        // The same picture at 8 bits a channel fits (and fails later: there are no pixels).
        let error = resize(
            &png_header(7071, 7071, 8),
            ImageFormat::Png,
            &[480, 960, 1600],
        )
        .err()
        .unwrap_or_default();
        assert!(!error.contains("MiB of memory"), "{error}");
        assert_eq!(
            resize_memory(3, (4000, 3000), 1600),
            36_000_000 + 4000 * 1200 * 16 + 1600 * 1200 * 3
        );
    }

    #[test]
    fn the_budget_is_shared_and_given_back() {
        // Other tests may resize at the same time: only this test's own shares are counted.
        let whole = BudgetShare::take(RESIZE_BUDGET * 4);
        assert_eq!(
            whole.0, RESIZE_BUDGET,
            "one image alone may take the whole budget"
        );
        drop(whole);
        // A share waits for another to be given back.
        let first = BudgetShare::take(RESIZE_BUDGET / 2 + 1);
        let waiting = std::thread::spawn(|| BudgetShare::take(RESIZE_BUDGET / 2).0);
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!waiting.is_finished(), "it waits while the budget is taken");
        drop(first);
        assert_eq!(waiting.join().ok(), Some(RESIZE_BUDGET / 2));
    }
}
