//! Images beside the page: page bundles, image paths relative to the Markdown file, alt text,
//! sizes, `loading="lazy"`, resized copies with `srcset`, captions, and broken image files.
//! Every site here is built the way an editor builds it: from its folder, no flags.

mod common;

use std::fs;
use std::io::Cursor;

use common::*;
use image::{ImageFormat, RgbImage};

const SITE_YAML: &str = "title: Images\nbase_url: https://example.test/site\n";

/// A photo-like JPEG: gradients and noise, so it compresses like a photo.
fn photo(width: u32, height: u32) -> Vec<u8> {
    let mut seed: u32 = 12345;
    let picture = RgbImage::from_fn(width, height, |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let noise = (seed >> 24) as u8 / 4;
        image::Rgb([
            ((x * 200 / width) as u8).saturating_add(noise),
            ((y * 180 / height) as u8).saturating_add(noise),
            (((x + y) * 120 / (width + height)) as u8).saturating_add(noise),
        ])
    });
    let mut bytes = Vec::new();
    picture
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut bytes, 92,
        ))
        .expect("encode a JPEG");
    bytes
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = RgbImage::from_pixel(width, height, image::Rgb([200, 100, 50]));
    let mut bytes = Vec::new();
    picture
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .expect("encode a PNG");
    bytes
}

/// An image of `width`×`height` in `format` (GIF or lossless WebP).
fn encoded(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let picture = image::RgbaImage::from_fn(width, height, |x, y| {
        image::Rgba([(x * 7) as u8, (y * 5) as u8, ((x + y) * 3) as u8, 255])
    });
    let mut bytes = Vec::new();
    picture
        .write_to(&mut Cursor::new(&mut bytes), format)
        .expect("encode an image");
    bytes
}

/// Builds the site from its own folder, as an editor would: `attach-gen build`.
fn build(site: &Site) -> Run {
    run_in(site.root(), &["build"])
}

fn img<'a>(html: &'a scraper::Html, nth: usize) -> scraper::ElementRef<'a> {
    select(html, "main img")[nth]
}

#[test]
fn a_bundle_is_its_folders_page_and_its_files_are_published_beside_it() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("content/guides/sleep/photo.png", png(40, 30))
        .file("content/guides/sleep/leaflet.pdf", "%PDF-1.4")
        .file("content/guides/sleep/extra/skipped.png", png(4, 4))
        .file("static/images/shared.png", png(20, 10))
        .page(
            "content/guides/sleep/index.md",
            "title: Sleep",
            "![A bedroom at night](photo.png)\n\n![A shared picture](/images/shared.png)\n\n[The leaflet](leaflet.pdf)\n",
        );
    build(&site).assert_ok();
    assert!(site.exists("output/guides/sleep/index.html"));
    assert_eq!(
        fs::read(site.path("output/guides/sleep/photo.png")).unwrap(),
        png(40, 30)
    );
    assert!(site.exists("output/guides/sleep/leaflet.pdf"));
    assert!(!site.exists("output/guides/sleep/extra/skipped.png"));
    let html = site.html("output/guides/sleep/index.html");
    let first = img(&html, 0);
    assert_eq!(first.attr("src"), Some("photo.png"));
    assert_eq!(first.attr("alt"), Some("A bedroom at night"));
    assert_eq!(
        (first.attr("width"), first.attr("height")),
        (Some("40"), Some("30"))
    );
    assert_eq!(first.attr("loading"), None, "the first image loads at once");
    let second = img(&html, 1);
    assert_eq!(
        second.attr("src"),
        Some("../../images/shared.png"),
        "a /path is written relative, so the site works under a sub-path"
    );
    assert_eq!(second.attr("loading"), Some("lazy"));
    assert_eq!(second.attr("decoding"), Some("async"));
}

#[test]
fn relative_paths_resolve_against_the_markdown_file() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("content/guides/walk/map.png", png(10, 10))
        .file("static/images/x.png", png(12, 6))
        .page("content/guides/walk/index.md", "title: Walk", "A walk.\n")
        .page(
            "content/guides/sleep.md",
            "title: Sleep\nslug: rest/sleeping",
            "![The walk's map](walk/map.png)\n\n![A picture](../images/x.png)\n",
        );
    build(&site).assert_ok();
    let html = site.html("output/rest/sleeping/index.html");
    assert_eq!(img(&html, 0).attr("src"), Some("../../guides/walk/map.png"));
    assert_eq!(img(&html, 1).attr("src"), Some("../../images/x.png"));
    assert_eq!(img(&html, 1).attr("width"), Some("12"));
}

#[test]
fn a_missing_image_is_an_error_at_its_line_and_the_old_output_stays() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .page("content/a.md", "title: A", "Fine.\n");
    build(&site).assert_ok();
    let before = site.snapshot("output");
    site.page(
        "content/guides/sleep/index.md",
        "title: Sleep",
        "Text.\n\n![A bedroom](photo.jpg)\n",
    );
    let run = build(&site);
    run.assert_code(1);
    let error = run.error_at("content/guides/sleep/index.md", 6);
    assert_eq!(error.column, 1);
    assert!(
        error.message.contains("`photo.jpg` does not exist"),
        "{error:?}"
    );
    assert!(
        error
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("beside this page's index.md"),
        "{error:?}"
    );
    assert_eq!(site.snapshot("output"), before);
    let check = run_in(site.root(), &["check"]);
    check.assert_code(1);
    check.error_at("content/guides/sleep/index.md", 6);
}

#[test]
fn a_missing_image_of_a_page_that_is_no_bundle_is_not_said_to_be_missing_beside_it() {
    // `path.png` is beside `walk.md`, but a page that is not a bundle publishes no file
    // beside it: the message said it was "neither beside this page nor a static file".
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("content/guides/path.png", png(8, 8))
        .page(
            "content/guides/walk.md",
            "title: Walk",
            "![A path](path.png)\n\n![A map](http://)\n",
        )
        .page(
            "content/guides/run/index.md",
            "title: Run",
            "![A track](track.png)\n\n![A map](http://)\n",
        )
        // Another page in a bundle's folder (as a translation, `index.mi.md`, is): the files
        // beside it are the bundle's, so they are published.
        .page(
            "content/guides/run/laps.md",
            "title: Laps",
            "![A lane](lane.png)\n",
        );
    let run = build(&site);
    run.assert_code(1);
    let plain = run.error_at("content/guides/walk.md", 4);
    assert_eq!(
        plain.message,
        "the image `path.png` is not a file of the site: it is not a static file, and a page that is not a bundle (`index.md` in a folder of its own) publishes no file beside it"
    );
    assert!(
        plain
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("move it to content/guides/walk/index.md with `path.png` beside it"),
        "{plain:?}"
    );
    let bundle = run.error_at("content/guides/run/index.md", 4);
    assert_eq!(
        bundle.message,
        "the image `track.png` does not exist: it is neither beside this page nor a static file"
    );
    let beside = run.error_at("content/guides/run/laps.md", 4);
    assert_eq!(
        beside.message,
        "the image `lane.png` does not exist: it is neither beside this page nor a static file"
    );
    assert_eq!(
        beside.hint.as_deref(),
        Some(
            "put `lane.png` in this page's folder, content/guides/run/ (paths are relative to it), or under static/ and write `/lane.png`"
        )
    );
    // Its sibling, the help for an address that cannot be read, says to put the image beside
    // the page only where that publishes it.
    let unreadable = |file| {
        run.errors()
            .into_iter()
            .find(|e| e.file == file && e.line == 6 && e.message.contains("cannot be shown"))
            .and_then(|e| e.hint)
            .unwrap_or_default()
    };
    assert!(
        unreadable("content/guides/walk.md").contains("under static/"),
        "{run:?}"
    );
    assert!(
        unreadable("content/guides/run/index.md").contains("beside the page"),
        "{run:?}"
    );

    // What the help says works: the page made a bundle with its image beside it.
    site.remove("content/guides/walk.md")
        .remove("content/guides/path.png")
        .file("content/guides/walk/path.png", png(8, 8))
        .page(
            "content/guides/walk/index.md",
            "title: Walk",
            "![A path](path.png)\n",
        )
        .page("content/guides/run/index.md", "title: Run", "Text.\n")
        .file("content/guides/run/lane.png", png(8, 8));
    build(&site).assert_ok();
    let html = site.html("output/guides/run/laps/index.html");
    assert_eq!(
        img(&html, 0).attr("src"),
        Some("../../../guides/run/lane.png")
    );
    let html = site.html("output/guides/walk/index.html");
    assert_eq!(img(&html, 0).attr("src"), Some("path.png"));
}

#[test]
fn a_missing_image_hint_names_the_file_of_that_name_and_how_to_write_it() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("static/images/beach.png", png(8, 8))
        .file("content/walks/dunes/map.png", png(8, 8))
        .page("content/walks/dunes/index.md", "title: Dunes", "Text.\n")
        .page(
            "content/guides/sleep.md",
            "title: Sleep",
            "![A beach](beach.png)\n\n![A map](dunes/map.png)\n",
        );
    let run = build(&site);
    run.assert_code(1);
    let hint = |line| {
        run.error_at("content/guides/sleep.md", line)
            .hint
            .unwrap_or_default()
    };
    assert_eq!(
        hint(4),
        "the static file `images/beach.png` has that name: write `/images/beach.png`"
    );
    assert_eq!(
        hint(6),
        "content/walks/dunes/map.png has that name: from this page write `../walks/dunes/map.png`"
    );

    // What the hints say to write works.
    site.page(
        "content/guides/sleep.md",
        "title: Sleep",
        "![A beach](/images/beach.png)\n\n![A map](../walks/dunes/map.png)\n",
    );
    build(&site).assert_ok();
    let html = site.html("output/guides/sleep/index.html");
    assert_eq!(img(&html, 0).attr("src"), Some("../../images/beach.png"));
    assert_eq!(img(&html, 1).attr("src"), Some("../../walks/dunes/map.png"));

    // A path from the root that nothing has: the hint keeps its folders (it said to write
    // `/divider.png`); one relative to a bundle's index.md keeps them too.
    site.page(
        "content/guides/sleep.md",
        "title: Sleep",
        "![A divider](/images/divider.png)\n",
    )
    .page(
        "content/walks/dunes/index.md",
        "title: Dunes",
        "![A path](maps/path.png)\n",
    );
    let run = build(&site);
    run.assert_code(1);
    assert_eq!(
        run.error_at("content/guides/sleep.md", 4).hint.as_deref(),
        Some("put the file at `static/images/divider.png`, or fix the path")
    );
    assert_eq!(
        run.error_at("content/walks/dunes/index.md", 4)
            .hint
            .as_deref(),
        Some(
            "put `maps/path.png` beside this page's index.md (paths are relative to it), or under static/ and write `/path.png`"
        )
    );
}

#[test]
fn alt_text_is_required_unless_the_image_is_marked_decorative() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("static/line.png", png(100, 2))
        .page(
            "content/a.md",
            "title: A",
            "![](/line.png)\n\n![A line](/line.png \"decorative\")\n",
        );
    let run = build(&site);
    run.assert_code(1);
    let missing = run.error_at("content/a.md", 4);
    assert!(missing.message.contains("has no alt text"), "{missing:?}");
    assert!(missing.hint.unwrap_or_default().contains("\"decorative\""));
    let both = run.error_at("content/a.md", 6);
    assert!(
        both.message.contains("marked decorative but has alt text"),
        "{both:?}"
    );

    site.page(
        "content/a.md",
        "title: A",
        "![](/line.png \"Decorative\")\n",
    );
    build(&site).assert_ok();
    let html = site.html("output/a/index.html");
    let line = img(&html, 0);
    assert_eq!(line.attr("alt"), Some(""));
    assert_eq!(line.attr("title"), None);
    assert!(select(&html, "main figure").is_empty());
}

#[test]
fn an_image_alone_with_a_title_becomes_a_figure_with_a_caption() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("static/p.png", png(8, 8))
        .page(
            "content/a.md",
            "title: A",
            "![A path](/p.png \"The path to the beach\")\n\nText ![Inline](/p.png \"Not a caption\") here.\n",
        );
    build(&site).assert_ok();
    let html = site.html("output/a/index.html");
    let figures = select(&html, "main figure");
    assert_eq!(figures.len(), 1);
    assert_eq!(
        select_in(figures[0], "figcaption")
            .iter()
            .map(|c| text(*c))
            .collect::<Vec<_>>(),
        ["The path to the beach"]
    );
    assert_eq!(select_in(figures[0], "img")[0].attr("alt"), Some("A path"));
    assert_eq!(img(&html, 1).attr("title"), Some("Not a caption"));
}

#[test]
fn a_wide_photo_gets_smaller_copies_once_and_phones_get_a_small_one() {
    let site = Site::new();
    let original = photo(2400, 1800);
    site.file("site.yaml", SITE_YAML)
        .file("content/guides/sleep/photo.jpg", &original)
        .page(
            "content/guides/sleep/index.md",
            "title: Sleep",
            "![A bedroom at night](photo.jpg)\n",
        );
    build(&site).assert_ok();
    let html = site.html("output/guides/sleep/index.html");
    let photo = img(&html, 0);
    assert_eq!(photo.attr("src"), Some("photo.1600w.jpg"));
    assert_eq!(
        (photo.attr("width"), photo.attr("height")),
        (Some("1600"), Some("1200"))
    );
    assert_eq!(
        photo.attr("srcset"),
        Some("photo.480w.jpg 480w, photo.960w.jpg 960w, photo.1600w.jpg 1600w")
    );
    assert!(photo.attr("sizes").is_some());
    for (name, width) in [
        ("photo.480w.jpg", 480),
        ("photo.960w.jpg", 960),
        ("photo.1600w.jpg", 1600),
    ] {
        let bytes = fs::read(site.path(&format!("output/guides/sleep/{name}"))).unwrap();
        let copy = image::load_from_memory(&bytes).unwrap();
        assert_eq!(copy.width(), width);
        assert!(
            bytes.len() < original.len() / 2,
            "{name}: {} bytes",
            bytes.len()
        );
    }
    // The copies are kept in the cache, by the original's bytes: a second build reuses them.
    let cache = site.path(".attach-gen-cache/images");
    let cached = files_under(&cache);
    assert_eq!(cached.len(), 3, "{cached:?}");
    let times: Vec<_> = cached
        .iter()
        .map(|p| fs::metadata(p).unwrap().modified().unwrap())
        .collect();
    build(&site).assert_ok();
    let again: Vec<_> = cached
        .iter()
        .map(|p| fs::metadata(p).unwrap().modified().unwrap())
        .collect();
    assert_eq!(times, again, "an unchanged image is not resized again");
}

#[test]
fn file_names_with_spaces_commas_and_percent_signs_are_encoded_in_src_and_srcset() {
    // `srcset="my photo.480w.jpg 480w"` reads `my` as the address and `photo.480w.jpg` as a
    // width it cannot parse, and a comma starts the next candidate: a phone got no picture.
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("{SITE_YAML}logo: {{src: \"brand/our logo#1.png\", alt: \"\"}}\nfavicon: \"brand/icon 100%.png\"\n"),
    )
    .file("static/brand/our logo#1.png", png(8, 8))
    .file("static/brand/icon 100%.png", png(8, 8))
    .file("content/walk/a photo, 2x.jpg", photo(1800, 900))
    .file("static/shared images/beach?.png", png(8, 8))
    .page(
        "content/walk/index.md",
        "title: Walk",
        "![A path](<a photo, 2x.jpg>)\n\n![A beach](/shared%20images/beach%3F.png)\n\n![Far](<https://example.org/a b.png?q=\"x\">)\n",
    );
    // Written as a path, the `?` starts a query: the hint gives the address that works.
    let page = site.path("content/walk/index.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(
        &page,
        text.replace(
            "/shared%20images/beach%3F.png",
            "</shared images/beach?.png>",
        ),
    )
    .unwrap();
    let failed = build(&site);
    failed.assert_code(1);
    assert_eq!(
        failed.error_at("content/walk/index.md", 6).hint.as_deref(),
        Some(
            "the static file `shared images/beach?.png` has that name: write `/shared%20images/beach%3F.png`"
        )
    );
    fs::write(&page, text).unwrap();
    build(&site).assert_ok();
    let html = site.html("output/walk/index.html");
    let photo = img(&html, 0);
    assert_eq!(photo.attr("src"), Some("a%20photo%2C%202x.1600w.jpg"));
    assert_eq!(
        photo.attr("srcset"),
        Some(
            "a%20photo%2C%202x.480w.jpg 480w, a%20photo%2C%202x.960w.jpg 960w, a%20photo%2C%202x.1600w.jpg 1600w"
        )
    );
    assert!(site.exists("output/walk/a photo, 2x.480w.jpg"));
    assert_eq!(
        img(&html, 1).attr("src"),
        Some("../shared%20images/beach%3F.png")
    );
    assert_eq!(
        img(&html, 2).attr("src"),
        Some("https://example.org/a%20b.png?q=%22x%22")
    );
    assert_eq!(
        attrs(&html, "img.logo", "src"),
        ["../brand/our%20logo%231.png"]
    );
    assert_eq!(
        attrs(&html, "link[rel=icon]", "href"),
        ["../brand/icon%20100%25.png"]
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_site_folder_still_builds_its_images() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("content/p/photo.jpg", photo(1800, 900))
        .page("content/p/index.md", "title: P", "![A photo](photo.jpg)\n");
    let out = tempfile::tempdir().unwrap();
    let out_path = out.path().join("site");
    let out_arg = out_path.to_string_lossy().into_owned();
    let read_only = fs::Permissions::from_mode(0o555);
    fs::set_permissions(site.root(), read_only).unwrap();
    let run = run_in(site.root(), &["build", "--output", &out_arg]);
    fs::set_permissions(site.root(), fs::Permissions::from_mode(0o755)).unwrap();
    if nix_is_root() {
        return; // root writes anywhere: nothing to test
    }
    run.assert_ok();
    assert!(
        run.stderr
            .contains("could not be kept in .attach-gen-cache/images"),
        "{}",
        run.stderr
    );
    assert!(out_path.join("p/photo.1600w.jpg").is_file());
    assert!(!site.exists(".attach-gen-cache"));
}

fn nix_is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

#[test]
fn broken_and_huge_images_are_errors_at_the_pages_line() {
    let site = Site::new();
    let mut cut = photo(1800, 1200);
    cut.truncate(cut.len() / 3);
    // A PNG header claiming 100000×100000 pixels: a decompression bomb.
    let mut bomb = png(1, 1);
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32fast::hash(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    site.file("site.yaml", SITE_YAML)
        .file("content/p/cut.jpg", cut)
        .file("content/p/bomb.png", bomb)
        .file("content/p/text.png", "not a picture")
        .file("content/p/renamed.png", photo(40, 30))
        .page(
            "content/p/index.md",
            "title: P",
            "![Cut](cut.jpg)\n\n![Bomb](bomb.png)\n\n![Text](text.png)\n\n![Renamed](renamed.png)\n",
        );
    let run = build(&site);
    run.assert_code(1);
    for line in [4, 6, 8, 10] {
        let error = run.error_at("content/p/index.md", line);
        assert!(error.message.starts_with("the image `"), "{error:?}");
    }
    // A file that is not an image was reported as "cut short", sending the editor to the
    // wrong fix; a JPEG named .png says what it is.
    assert_eq!(
        run.error_at("content/p/index.md", 8).message,
        "the image `text.png` is not a PNG image (its first bytes are not a PNG's): it may be another kind of file renamed"
    );
    assert_eq!(
        run.error_at("content/p/index.md", 10).message,
        "the image `renamed.png` is not a PNG image: its bytes are a `.jpg` image's (give it that extension)"
    );
    assert!(
        run.error_at("content/p/index.md", 4)
            .message
            .contains("is cut short")
    );
    assert!(!site.exists("output"));
}

/// A GIF or WebP cut short (an upload that stopped half-way) was published as a broken
/// picture with its header's size, as only JPEG and PNG were checked: now each is an error at
/// the line that shows it, found without decoding (a GIF's blocks walked to its trailer, a
/// WebP's RIFF size), while whole ones, with bytes after a GIF's trailer too, are published.
#[test]
fn a_gif_or_webp_cut_short_is_an_error_and_whole_ones_are_published() {
    let site = Site::new();
    let gif = encoded(300, 200, ImageFormat::Gif);
    let webp = encoded(300, 200, ImageFormat::WebP);
    let mut trailing = gif.clone();
    trailing.extend_from_slice(b"camera notes");
    site.file("site.yaml", SITE_YAML)
        .file("content/p/cut.gif", &gif[..gif.len() * 2 / 3])
        .file("content/p/cut.webp", &webp[..webp.len() - 10])
        .file("content/p/whole.gif", &gif)
        .file("content/p/whole.webp", &webp)
        .file("content/p/trailing.gif", trailing)
        .page(
            "content/p/index.md",
            "title: P",
            "![Cut](cut.gif)\n\n![Cut](cut.webp)\n\n![Whole](whole.gif)\n\n![Whole](whole.webp)\n\n![Trailing](trailing.gif)\n",
        );
    let run = build(&site);
    run.assert_code(1);
    for (line, name) in [(4, "cut.gif"), (6, "cut.webp")] {
        let error = run.error_at("content/p/index.md", line);
        assert_eq!(
            error.message,
            format!("the image `{name}` is cut short (the file ends before the picture does)")
        );
    }
    assert_eq!(run.errors().len(), 2, "{}", run.stderr);
    fs::remove_file(site.path("content/p/cut.gif")).unwrap();
    fs::remove_file(site.path("content/p/cut.webp")).unwrap();
    site.page(
        "content/p/index.md",
        "title: P",
        "![Whole](whole.gif)\n\n![Whole](whole.webp)\n\n![Trailing](trailing.gif)\n",
    );
    build(&site).assert_ok();
    let html = site.html("output/p/index.html");
    for nth in 0..3 {
        assert_eq!(img(&html, nth).attr("width"), Some("300"));
        assert_eq!(img(&html, nth).attr("height"), Some("200"));
    }
}

#[test]
fn a_bundle_file_where_a_static_file_goes_is_an_error_naming_both() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("content/guides/sleep/photo.png", png(4, 4))
        .file("static/guides/sleep/photo.png", png(4, 4))
        .page("content/guides/sleep/index.md", "title: Sleep", "Text.\n");
    let run = build(&site);
    run.assert_code(1);
    let error = run
        .errors()
        .into_iter()
        .find(|e| e.file == "content/guides/sleep/photo.png")
        .expect("an error on the bundle file");
    assert!(
        error
            .message
            .contains("the static file `guides/sleep/photo.png`"),
        "{error:?}"
    );
}

#[test]
fn a_file_where_a_resized_copy_goes_is_an_error_at_that_file() {
    // The error named no file ("the resized copy `g/photo.480w.png` ... clashes with a file").
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("content/g/photo.png", png(2000, 20))
        .file("content/g/photo.480w.png", png(4, 4))
        .file("static/g/photo.960w.png", png(4, 4))
        .page("content/g/index.md", "title: G", "![A photo](photo.png)\n");
    let run = build(&site);
    run.assert_code(1);
    let mut places: Vec<(String, String)> = run
        .errors()
        .into_iter()
        .map(|e| (e.file, e.message))
        .collect();
    places.sort();
    assert_eq!(
        places,
        [
            (
                "content/g/photo.480w.png".to_string(),
                "this file is published at `g/photo.480w.png`, where a resized copy of an image goes".to_string()
            ),
            (
                "static/g/photo.960w.png".to_string(),
                "this file is published at `g/photo.960w.png`, where a resized copy of an image goes".to_string()
            ),
        ],
        "{}",
        run.stderr
    );
    assert!(!site.exists("output"));
}

#[cfg(unix)]
#[test]
fn a_bundle_photo_that_links_outside_the_site_is_skipped_with_a_warning_naming_it() {
    let outside = tempfile::tempdir().expect("a temporary folder");
    fs::write(outside.path().join("secret.png"), png(4, 4)).expect("write outside the site");
    let site = Site::new();
    site.file("site.yaml", SITE_YAML).page(
        "content/guides/sleep/index.md",
        "title: Sleep",
        "![A bedroom](photo.png)\n",
    );
    std::os::unix::fs::symlink(
        outside.path().join("secret.png"),
        site.path("content/guides/sleep/photo.png"),
    )
    .expect("link out of the site");
    let run = build(&site);
    run.assert_code(1);
    let warning = run
        .warnings()
        .into_iter()
        .find(|w| w.file == "content/guides/sleep/photo.png")
        .expect("a warning on the link");
    assert!(
        warning
            .message
            .contains("a link to a file outside the site"),
        "{warning:?}"
    );
    run.error_at("content/guides/sleep/index.md", 4);
    assert!(!site.exists("output"), "nothing was published");
}

/// A site with one wide photo, built once so that its copies are in the cache. Gives the
/// cached copies' names (480w, 960w, 1600w).
#[cfg(unix)]
fn cached_photo_site() -> (Site, Vec<String>) {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("content/p/photo.jpg", photo(1800, 900))
        .page("content/p/index.md", "title: P", "![A photo](photo.jpg)\n");
    build(&site).assert_ok();
    let mut names: Vec<String> = files_under(&site.path(".attach-gen-cache/images"))
        .iter()
        .filter_map(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
        .collect();
    names.sort_by_key(|n| n.len());
    assert_eq!(names.len(), 3, "{names:?}");
    (site, names)
}

/// The copies of `p/photo.jpg` in the output each decode as an image of their width, and
/// the page's `srcset` names them.
#[cfg(unix)]
fn assert_real_copies(site: &Site) {
    let html = site.html("output/p/index.html");
    assert_eq!(
        img(&html, 0).attr("srcset"),
        Some("photo.480w.jpg 480w, photo.960w.jpg 960w, photo.1600w.jpg 1600w")
    );
    for width in [480, 960, 1600] {
        let bytes = fs::read(site.path(&format!("output/p/photo.{width}w.jpg"))).unwrap();
        let copy = image::load_from_memory(&bytes).expect("a real image");
        assert_eq!(copy.width(), width);
    }
}

#[cfg(unix)]
#[test]
fn a_cached_copy_that_is_a_link_is_made_again_and_never_published() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("passwd");
    fs::write(&secret, "root:x:0:0:secret\n").unwrap();
    let (site, names) = cached_photo_site();
    let cache = site.path(".attach-gen-cache/images");
    // One copy a link out of the site, one a link to a file of the site.
    fs::remove_file(cache.join(&names[0])).unwrap();
    symlink(&secret, cache.join(&names[0])).unwrap();
    fs::remove_file(cache.join(&names[1])).unwrap();
    symlink(site.path("site.yaml"), cache.join(&names[1])).unwrap();

    let run = build(&site);
    run.assert_ok();
    let warned: Vec<String> = run
        .warnings()
        .into_iter()
        .filter(|w| {
            w.message
                .contains("cached copy is a link or not a regular file")
        })
        .map(|w| w.file)
        .collect();
    let mut expected: Vec<String> = names[..2]
        .iter()
        .map(|n| format!(".attach-gen-cache/images/{n}"))
        .collect();
    expected.sort();
    assert_eq!(warned, expected, "{}", run.stderr);
    assert_real_copies(&site);
    // The links were replaced by real copies; what they pointed to is untouched.
    for name in &names {
        let meta = fs::symlink_metadata(cache.join(name)).unwrap();
        assert!(meta.file_type().is_file(), "{name} is still a link");
    }
    assert_eq!(fs::read_to_string(&secret).unwrap(), "root:x:0:0:secret\n");
    assert!(
        fs::read_to_string(site.path("site.yaml"))
            .unwrap()
            .starts_with("title: Images")
    );
    // Nothing of either file reached the output.
    for file in files_under(&site.path("output")) {
        let bytes = fs::read(&file).unwrap();
        assert!(
            !bytes.windows(10).any(|w| w == b"root:x:0:0") && !bytes.starts_with(b"title:"),
            "{} holds a linked file",
            file.display()
        );
    }
}

/// A cached copy that is a regular file but not a whole image of its width (committed with
/// the site, or damaged by a crash) is made again with a warning saying what was wrong,
/// rather than published as it is.
#[cfg(unix)]
#[test]
fn a_cached_copy_that_is_not_a_whole_image_of_its_width_is_made_again() {
    let (site, names) = cached_photo_site();
    let cache = site.path(".attach-gen-cache/images");
    fs::write(
        cache.join(&names[0]),
        "<html><script>alert(1)</script></html>",
    )
    .unwrap();
    fs::write(cache.join(&names[1]), photo(700, 350)).unwrap();
    let whole = fs::read(cache.join(&names[2])).unwrap();
    fs::write(cache.join(&names[2]), &whole[..whole.len() / 2]).unwrap();
    fs::remove_dir_all(site.path("output")).unwrap();

    let run = build(&site);
    run.assert_ok();
    let mut warned: Vec<(String, String)> = run
        .warnings()
        .into_iter()
        .filter(|w| w.message.contains("this cached copy"))
        .map(|w| (w.file, w.message))
        .collect();
    warned.sort();
    let mut expected = vec![
        (&names[0], "is not a JPEG image"),
        (&names[1], "is 700 pixels wide, not the 960 its name says"),
        (&names[2], "is cut short"),
    ];
    expected.sort();
    assert_eq!(warned.len(), 3, "{}", run.stderr);
    for ((file, message), (name, why)) in warned.iter().zip(&expected) {
        assert_eq!(file, &format!(".attach-gen-cache/images/{name}"));
        assert!(message.contains(why), "{message}");
        assert!(!message.contains("give it"), "{message}");
    }
    assert_real_copies(&site);
    // The cache holds good copies again: the next build uses them without a word.
    let again = build(&site);
    again.assert_ok();
    assert!(!again.stderr.contains("cached copy"), "{}", again.stderr);
}

#[cfg(unix)]
#[test]
fn a_cache_folder_that_is_a_link_out_of_the_site_is_neither_read_nor_written() {
    use std::os::unix::fs::symlink;
    for linked in [".attach-gen-cache", ".attach-gen-cache/images"] {
        let (site, names) = cached_photo_site();
        let outside = tempfile::tempdir().unwrap();
        // The folder outside holds files at the cache's names that are not images.
        let images = if linked.ends_with("images") {
            outside.path().to_path_buf()
        } else {
            outside.path().join("images")
        };
        fs::create_dir_all(&images).unwrap();
        for name in &names {
            fs::write(images.join(name), "not from this site\n").unwrap();
        }
        fs::remove_dir_all(site.path(linked)).unwrap();
        symlink(outside.path(), site.path(linked)).unwrap();
        let before = snapshot(outside.path());
        // A new photo, whose copies are not cached anywhere yet.
        site.file("content/p/photo.jpg", photo(2000, 1000));

        let run = build(&site);
        run.assert_ok();
        let warning = run
            .warnings()
            .into_iter()
            .find(|w| w.file == linked)
            .unwrap_or_else(|| panic!("no warning on {linked}:\n{}", run.stderr));
        assert!(
            warning.message.contains("is a link")
                && warning.message.contains("made in memory for this build"),
            "{warning:?}"
        );
        assert_eq!(
            warning.hint.as_deref(),
            Some(
                format!(
                    "remove the link (`rm {linked}`); the next build makes the folder again, inside the site"
                )
                .as_str()
            )
        );
        assert_real_copies(&site);
        assert!(
            snapshot(outside.path()) == before,
            "{linked}: the folder outside the site changed"
        );
        assert!(
            fs::symlink_metadata(site.path(linked))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
}

/// A bundle holding files a browser would run (a page, an SVG, XML, a script) besides a photo
/// and a PDF, on a site whose site.yaml says `raw_html` is `raw_html`.
fn active_bundle(raw_html: bool) -> Site {
    let site = Site::new();
    let script = "<script>alert(document.cookie)</script>";
    site.file(
        "site.yaml",
        format!("{SITE_YAML}markdown: {{raw_html: {raw_html}}}\n"),
    )
    .file(
        "content/guide/diagram.svg",
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">{script}</svg>"),
    )
    .file("content/guide/leaflet.html", script)
    .file(
        "content/guide/x.xhtml",
        format!("<html xmlns=\"http://www.w3.org/1999/xhtml\">{script}</html>"),
    )
    .file("content/guide/feed.XML", "<a xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:script>alert(1)</h:script></a>")
    .file("content/guide/app.js", "alert(1)\n")
    .file("content/guide/photo.png", png(40, 30))
    .file("content/guide/leaflet.pdf", "%PDF-1.4")
    .page(
        "content/guide/index.md",
        "title: Guide",
        "# Guide\n\n![A diagram of the steps](diagram.svg)\n\n![A photo](photo.png)\n\n[The leaflet](leaflet.pdf), [as a web page](leaflet.html)\n",
    );
    site
}

#[test]
fn with_raw_html_off_a_bundle_may_not_publish_pages_svg_or_scripts() {
    let site = active_bundle(false);
    let run = build(&site);
    run.assert_code(1);
    let errors = run.errors();
    for (file, what) in [
        ("app.js", "it is a script"),
        (
            "diagram.svg",
            "it is an SVG image, which runs the scripts it holds",
        ),
        ("feed.XML", "it is a page (HTML or XML)"),
        ("leaflet.html", "it is a page (HTML or XML)"),
        ("x.xhtml", "it is a page (HTML or XML)"),
    ] {
        let path = format!("content/guide/{file}");
        let error = errors
            .iter()
            .find(|e| e.file == path)
            .unwrap_or_else(|| panic!("no error at {path}:\n{}", run.stderr));
        assert!(
            error
                .message
                .starts_with("this file of a page bundle is not published: ")
                && error.message.contains(what)
                && error.message.contains("`markdown: {raw_html: false}`"),
            "{error:?}"
        );
        let hint = error.hint.as_deref().unwrap_or_default();
        assert!(hint.contains("set `markdown: {raw_html: true}`"), "{hint}");
        if file.ends_with(".svg") {
            assert!(hint.starts_with("convert it to PNG"), "{hint}");
        }
    }
    // The page showing the SVG is not told the file is missing, nor its link to the page that
    // it is broken: the file's own error says why.
    assert_eq!(errors.len(), 5, "{}", run.stderr);
    assert!(!run.stderr.contains("no file or page"), "{}", run.stderr);
    assert!(!site.exists("output"), "a failed build published something");

    // Without them the site builds, and its photo and PDF are published.
    for file in [
        "app.js",
        "diagram.svg",
        "feed.XML",
        "leaflet.html",
        "x.xhtml",
    ] {
        site.remove(&format!("content/guide/{file}"));
    }
    site.page(
        "content/guide/index.md",
        "title: Guide",
        "# Guide\n\n![A photo](photo.png)\n\n[The leaflet](leaflet.pdf)\n",
    );
    build(&site).assert_ok();
    let html = site.html("output/guide/index.html");
    assert_eq!(attrs(&html, "main img", "src"), ["photo.png"]);
    assert!(site.exists("output/guide/leaflet.pdf"));
    assert_eq!(
        files_under(&site.path("output/guide"))
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect::<Vec<_>>(),
        ["index.html", "leaflet.pdf", "photo.png"]
    );
}

#[test]
fn with_raw_html_on_a_bundle_publishes_its_files_as_they_are() {
    let site = active_bundle(true);
    build(&site).assert_ok();
    let html = site.html("output/guide/index.html");
    assert_eq!(
        attrs(&html, "main img", "src"),
        ["diagram.svg", "photo.png"]
    );
    for file in [
        "app.js",
        "diagram.svg",
        "feed.XML",
        "leaflet.html",
        "x.xhtml",
    ] {
        assert_eq!(
            fs::read(site.path(&format!("output/guide/{file}"))).unwrap(),
            fs::read(site.path(&format!("content/guide/{file}"))).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn a_raw_html_image_of_a_document_is_reported_at_its_address_not_at_the_spaces_before_it() {
    let site = Site::new();
    let page = "---\ntitle: Leaflets\n---\nOur leaflet:\n\n<img src=\"  sleep-leaflet.pdf \" alt=\"Sleep leaflet\">\n\n<img alt='Talk' src=' stress.mp4'>\n";
    site.file(
        "site.yaml",
        format!("{SITE_YAML}markdown: {{raw_html: true}}\n"),
    )
    .file("content/leaflets.md", page);
    let run = build(&site);
    run.assert_code(1);
    for (line, address) in [(6, "sleep-leaflet.pdf"), (8, "stress.mp4")] {
        let error = run.error_at("content/leaflets.md", line);
        let written = page.lines().nth(line - 1).expect("the line");
        let column = written.find(address).expect("the address") + 1;
        assert_eq!(error.column, column, "{error:?}");
        assert!(error.message.contains(&format!("`{address}`")), "{error:?}");
    }
}

/// A page beside a bundle's `index.md` (and a translation of it, and a page below it) links to
/// the bundle's files as its images find them: from the Markdown file's folder. `check` and
/// `build` agree, and each `href` leads to the published file.
#[test]
fn a_link_beside_a_bundle_finds_its_file_as_an_image_does() {
    let site = Site::new();
    site.file("site.yaml", SITE_YAML)
        .file("content/walk/photo.png", png(40, 30))
        .file("content/walk/leaflet.pdf", "%PDF-1.4")
        .file("static/files/map.pdf", "%PDF-1.4")
        .page("content/walk/index.md", "title: Walk", "The walk.\n")
        .page(
            "content/walk/extra.md",
            "title: Extra",
            "![A path](photo.png)\n\n[leaflet](leaflet.pdf) [again](./leaflet.pdf?v=2#page=2) [map](../files/map.pdf) [gone](gone.pdf)\n",
        )
        .page(
            "content/walk/sub/deep.md",
            "title: Deep",
            "[leaflet](../leaflet.pdf) [here](leaflet.pdf)\n",
        );
    let check = run_in(site.root(), &["check"]);
    let build = build(&site);
    build.assert_ok();
    for run in [&check, &build] {
        let broken: Vec<_> = run
            .warnings()
            .into_iter()
            .filter(|w| w.message.contains("links to"))
            .collect();
        assert_eq!(broken.len(), 2, "{}", run.stderr);
        // A bundle's file of that name is written as from the Markdown file, as an image's.
        assert_eq!(broken[1].file, "content/walk/sub/deep.md");
        assert_eq!(
            broken[1].hint.as_deref(),
            Some("content/walk/leaflet.pdf has that name: from this page write `../leaflet.pdf`")
        );
        assert_eq!(broken[0].file, "content/walk/extra.md");
        assert!(
            broken[0]
                .message
                .contains("content/walk/gone.pdf does not exist"),
            "{}",
            broken[0].message
        );
        let hint = broken[0].hint.clone().unwrap_or_default();
        assert!(hint.contains("this page's folder, content/walk/"), "{hint}");
        assert!(!hint.contains("index.md"), "{hint}");
    }
    let output = site.path("output");
    let extra = site.path("output/walk/extra/index.html");
    let html = site.html("output/walk/extra/index.html");
    let src = img(&html, 0).attr("src").unwrap_or_default().to_string();
    let hrefs = attrs(&html, ".content a", "href");
    assert_eq!(
        hrefs,
        [
            "../leaflet.pdf",
            "../leaflet.pdf?v=2#page=2",
            "../../files/map.pdf",
            "gone.pdf"
        ]
    );
    for href in hrefs[..3].iter().chain([&src]) {
        let (file, _) = resolve_link(&output, &extra, href).unwrap_or_else(|e| panic!("{e}"));
        assert!(file.is_file(), "{href} → {}", file.display());
    }
    let deep = site.html("output/walk/sub/deep/index.html");
    assert_eq!(
        attrs(&deep, ".content a", "href"),
        ["../../leaflet.pdf", "leaflet.pdf"]
    );
    // The bundle's own page is written as before: the file is beside it.
    assert!(site.exists("output/walk/leaflet.pdf"));
}

/// `content/index.md` is no home page and no bundle: an image or file beside it in content/ is
/// not published, and the help says to put it in static/ (not to move the page to
/// `content/index/index.md`, which would be the page `index/` still). Following the help works.
#[test]
fn files_beside_content_index_go_in_static_and_the_help_says_so() {
    let site = Site::bare();
    run_in(site.root(), &["init"]).assert_ok();
    site.file("content/team.jpg", photo(64, 48))
        .file("content/leaflet.pdf", "%PDF-1.4")
        .page(
            "content/index.md",
            "title: Welcome\ndescription: Our service.",
            "![Our team](team.jpg)\n\n[Our leaflet](leaflet.pdf)\n",
        );
    for args in [&["check"][..], &["build"]] {
        let run = run_in(site.root(), args);
        run.assert_code(1);
        assert!(!run.stderr.contains("index/index.md"), "{}", run.stderr);
        let error = run.error_at("content/index.md", 5);
        assert!(
            error
                .message
                .contains("no file beside `index.md` in content/ is published"),
            "{}",
            error.message
        );
        let hint = error.hint.unwrap_or_default();
        assert!(
            hint.contains("static/images/team.jpg) and write `/images/team.jpg`"),
            "{hint}"
        );
        let link = run
            .warnings()
            .into_iter()
            .find(|w| w.message.contains("links to `leaflet.pdf`"))
            .unwrap_or_else(|| panic!("{}", run.stderr));
        assert!(
            link.hint
                .unwrap_or_default()
                .contains("static/files/leaflet.pdf) and write `/files/leaflet.pdf`"),
            "{}",
            run.stderr
        );
    }
    // As the help says.
    fs::create_dir_all(site.path("static/images")).unwrap();
    fs::create_dir_all(site.path("static/files")).unwrap();
    fs::rename(
        site.path("content/team.jpg"),
        site.path("static/images/team.jpg"),
    )
    .unwrap();
    fs::rename(
        site.path("content/leaflet.pdf"),
        site.path("static/files/leaflet.pdf"),
    )
    .unwrap();
    site.page(
        "content/index.md",
        "title: Welcome\ndescription: Our service.",
        "![Our team](/images/team.jpg)\n\n[Our leaflet](/files/leaflet.pdf)\n",
    );
    build(&site).assert_ok();
    let page = site.path("output/index/index.html");
    let html = site.html("output/index/index.html");
    let src = img(&html, 0).attr("src").unwrap_or_default().to_string();
    let hrefs = attrs(&html, ".content a", "href");
    for link in hrefs.iter().chain([&src]) {
        let (file, _) =
            resolve_link(&site.path("output"), &page, link).unwrap_or_else(|e| panic!("{e}"));
        assert!(file.is_file(), "{link} → {}", file.display());
    }
}

#[test]
fn a_tag_written_in_alt_text_is_text_there_as_in_the_page_when_raw_html_is_off() {
    // `<Enter>` is shown as text in the page without raw HTML; the alt text lost it ("Press
    // the  key"), and alt text that was only such a word was "no alt text".
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: T\nbase_url: https://example.test/\nmarkdown: {raw_html: false}\n",
    )
    .file("static/images/keys.png", png(4, 4))
    .page(
        "content/keys.md",
        "title: Keys\ndescription: Keys.",
        "Press <Enter> to go on.\n\n![Press the <Enter> key](/images/keys.png)\n\n![<Warning sign>](/images/keys.png)\n",
    );
    build(&site).assert_ok();
    let html = site.html("output/keys/index.html");
    assert_eq!(img(&html, 0).attr("alt"), Some("Press the <Enter> key"));
    assert_eq!(img(&html, 1).attr("alt"), Some("<Warning sign>"));
    assert!(
        texts(&html, "main p").contains(&"Press <Enter> to go on.".to_string()),
        "{:?}",
        texts(&html, "main p")
    );
    // With raw HTML on, the tag shows nothing in the page, nor in the alt.
    site.file(
        "site.yaml",
        "title: T\nbase_url: https://example.test/\nmarkdown: {raw_html: true}\n",
    )
    .page(
        "content/keys.md",
        "title: Keys\ndescription: Keys.",
        "![Press the <kbd>Enter</kbd> key](/images/keys.png)\n",
    );
    build(&site).assert_ok();
    let html = site.html("output/keys/index.html");
    assert_eq!(img(&html, 0).attr("alt"), Some("Press the Enter key"));
}
