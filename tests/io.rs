//! Files in and out, the way a user (or a hostile site) meets them: every test runs the real
//! binary from the site's folder with default flags and relative paths, inside a temporary
//! "world" holding the site, a fake home folder (`$HOME`) and a fake host folder with secrets,
//! and checks both the outcome and that nothing outside the output changed.
//!
//! - links in any source folder (top-level folders too) that lead outside the site;
//! - `--force` against home folders, the site and its (linked) sources;
//! - special files (FIFOs, devices) and oversized files instead of sources;
//! - output folders that are links, mount points, full or read-only disks;
//! - static files beside pages, and clashes between static and generated files.
//!
//! Tests that mount a tmpfs need root (or CAP_SYS_ADMIN); without it they say so and pass.

mod common;

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A temporary folder holding `site/` (a small good site), `home/me/` (the fake `$HOME`) and
/// `host/` (files of "this computer" that must never be published or touched).
struct World {
    dir: tempfile::TempDir,
}

impl World {
    fn new() -> World {
        let dir = tempfile::Builder::new()
            .prefix("attach-gen-io-")
            .tempdir()
            .expect("temp dir");
        let world = World { dir };
        let site = world.site();
        copy_dir(
            &repo_root().join("themes/default"),
            &site.join("themes/default"),
        );
        world
            .write(
                "site/site.yaml",
                "title: Io\nbase_url: https://example.test/io\n",
            )
            .write(
                "site/content/a.md",
                &page_text("title: A\ndate: 2024-01-01", "Text.\n"),
            )
            .write(
                "site/content/guides/walk.md",
                &page_text("title: Walk\ndate: 2024-01-02", "Walking.\n"),
            )
            .write("home/me/notes.txt", "my notes\n")
            .write("home/me/work/draft.md", "draft\n")
            .write("host/etc/passwd", "root:x:0:0:HOST-SECRET\n")
            .write("host/etc/shadow", "root:HOST-SECRET-HASH\n")
            .write(
                "host/theme/templates/page.html",
                "HOST-TEMPLATE-SECRET {{ page.title }}",
            );
        world
    }

    fn root(&self) -> PathBuf {
        self.dir
            .path()
            .canonicalize()
            .expect("resolve the temp dir")
    }

    fn site(&self) -> PathBuf {
        self.root().join("site")
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    fn write(&self, rel: &str, text: &str) -> &World {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("create folders");
        fs::write(&path, text).expect("write");
        self
    }

    /// Makes `rel` a symbolic link to `target` (written as given: relative targets are relative
    /// to the link's folder).
    fn link(&self, rel: &str, target: &str) -> &World {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("create folders");
        if path.is_dir() && !path.is_symlink() {
            fs::remove_dir_all(&path).expect("remove the folder the link replaces");
        }
        symlink(target, &path).expect("symlink");
        self
    }

    /// Runs `attach-gen <args>` in the site's folder with `$HOME` set to the fake home.
    fn run(&self, args: &[&str]) -> Run {
        let home = self.path("home/me");
        run_in_env(
            &self.site(),
            args,
            &[("HOME", home.to_str().expect("UTF-8 path"))],
        )
    }

    /// Every file of the world except those under `except` (relative paths), with bytes and
    /// times: what must not change.
    fn snapshot_except(&self, except: &[&str]) -> Snapshot {
        snapshot(&self.root())
            .into_iter()
            .filter(|(path, _)| {
                !except
                    .iter()
                    .any(|e| path == e || path.starts_with(&format!("{e}/")))
            })
            .collect()
    }
}

/// Whether any file under `dir` holds `text`.
fn any_file_contains(dir: &Path, text: &str) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .any(|e| String::from_utf8_lossy(&fs::read(e.path()).unwrap_or_default()).contains(text))
}

fn warning_about(run: &Run, file: &str, text: &str) {
    assert!(
        run.warnings()
            .iter()
            .any(|w| w.file == file && w.message.contains(text)),
        "no warning at {file} saying {text:?}:\n{}",
        run.stderr
    );
}

fn error_about(run: &Run, file: &str, text: &str) {
    assert!(
        run.errors()
            .iter()
            .any(|e| e.file == file && e.message.contains(text)),
        "no error at {file:?} saying {text:?}:\n{}",
        run.stderr
    );
}

fn refused(run: &Run, why: &str) {
    assert_eq!(run.code, 1, "expected a refusal:\n{}", run.stderr);
    assert!(
        run.errors()
            .iter()
            .any(|e| e.message.contains("refusing") && e.message.contains(why)),
        "expected a refusal saying {why:?}:\n{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// Item 2: links in source folders that lead outside the site

#[test]
fn a_static_folder_linked_outside_the_site_publishes_nothing_of_the_host() {
    let world = World::new();
    world.link("site/static", "../host/etc");
    let before = world.snapshot_except(&["site/output"]);
    let run = world.run(&["build"]);
    run.assert_ok();
    warning_about(
        &run,
        "static",
        "static/ is a link to a folder outside the site",
    );
    let output = world.path("site/output");
    assert!(!output.join("passwd").exists() && !output.join("shadow").exists());
    assert!(!any_file_contains(&output, "HOST-SECRET"));
    assert!(output.join("a/index.html").is_file());
    assert!(world.snapshot_except(&["site/output"]) == before);
}

#[test]
fn templates_and_theme_folders_linked_outside_the_site_are_not_used() {
    let world = World::new();
    // The site's templates/, and the theme's static/ folder, both lead to the host.
    world
        .link("site/templates", "../host/theme/templates")
        .link("site/themes/default/static", "../../../host/etc");
    let before = world.snapshot_except(&["site/output"]);
    let run = world.run(&["build"]);
    run.assert_ok();
    warning_about(&run, "templates", "outside the site");
    warning_about(&run, "themes/default/static", "outside the site");
    let output = world.path("site/output");
    assert!(!any_file_contains(&output, "HOST-TEMPLATE-SECRET"));
    assert!(!any_file_contains(&output, "HOST-SECRET"));
    assert_eq!(
        texts(&parse_html_file(&output.join("a/index.html")), "h1"),
        ["A"]
    );
    assert!(world.snapshot_except(&["site/output"]) == before);

    // A whole theme folder leading outside: the built-in theme is used instead of it.
    fs::remove_dir_all(world.path("site/themes")).expect("remove themes");
    world.link("site/themes", "../host/theme-collection");
    copy_dir(
        &repo_root().join("themes/default"),
        &world.path("host/theme-collection/default"),
    );
    world.write(
        "host/theme-collection/default/static/leak.txt",
        "HOST-SECRET from a theme\n",
    );
    fs::remove_file(world.path("site/templates")).expect("remove the templates link");
    let run = world.run(&["build"]);
    run.assert_ok();
    warning_about(&run, "themes/default", "outside the site");
    assert!(!output.join("leak.txt").exists());
    assert!(output.join("style.css").is_file(), "the built-in theme");
}

#[test]
fn a_content_folder_linked_outside_the_site_is_skipped() {
    let world = World::new();
    fs::rename(world.path("site/content"), world.path("host/pages")).expect("move the pages");
    world.link("site/content", "../host/pages");
    let run = world.run(&["build"]);
    run.assert_ok();
    warning_about(
        &run,
        "content",
        "content/ is a link to a folder outside the site",
    );
    assert!(!world.path("site/output/a").exists());
}

#[test]
fn links_inside_static_are_followed_only_to_files_inside_the_site() {
    let world = World::new();
    world
        .write("site/assets/logo.svg", "<svg/>")
        .write("site/static/real.txt", "real\n")
        .link("site/static/logo.svg", "../assets/logo.svg")
        .link("site/static/passwd", "../../host/etc/passwd")
        .link("site/static/etc", "../../host/etc")
        .link("site/static/assets", "../assets")
        .link("site/static/dangling.txt", "missing.txt");
    let run = world.run(&["build"]);
    run.assert_ok();
    warning_about(&run, "static/passwd", "a link to a file outside the site");
    warning_about(&run, "static/etc", "a link to a folder outside the site");
    warning_about(
        &run,
        "static/assets",
        "links to folders inside a source folder are not followed",
    );
    warning_about(&run, "static/dangling.txt", "leads nowhere");
    let output = world.path("site/output");
    assert_eq!(
        fs::read_to_string(output.join("logo.svg")).ok().as_deref(),
        Some("<svg/>")
    );
    assert!(output.join("real.txt").is_file());
    for gone in ["passwd", "etc", "assets", "dangling.txt"] {
        assert!(fs::symlink_metadata(output.join(gone)).is_err(), "{gone}");
    }
    assert!(!any_file_contains(&output, "HOST-SECRET"));

    // A static folder that is a link to a folder inside the site is used.
    fs::remove_dir_all(world.path("site/static")).expect("remove static");
    world.link("site/static", "assets");
    world.run(&["build"]).assert_ok();
    assert!(output.join("logo.svg").is_file());
}

#[test]
fn a_bibliography_or_style_outside_the_site_is_refused_at_its_line() {
    let world = World::new();
    world
        .write(
            "host/library.bib",
            "@book{a, title={A}, author={B, C}, year={2000}, publisher={P}}\n",
        )
        .write(
            "site/site.yaml",
            "title: Io\nbase_url: https://example.test/io\nbibliography: [../host/library.bib]\n",
        );
    let run = world.run(&["build"]);
    run.assert_code(1);
    let error = run.error_at("site.yaml", 3);
    assert!(
        error.message.contains("leads outside the site's folder"),
        "{error:?}"
    );

    world.link("site/refs.bib", "../host/library.bib").write(
        "site/site.yaml",
        "title: Io\nbase_url: https://example.test/io\nbibliography: [refs.bib]\n",
    );
    let run = world.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.error_at("site.yaml", 3)
            .message
            .contains("outside the site")
    );

    world.link("site/style.csl", "../host/etc/passwd").write(
        "site/site.yaml",
        "title: Io\nbase_url: https://example.test/io\ncitation_style: style.csl\n",
    );
    let run = world.run(&["build"]);
    run.assert_code(1);
    let error = run.error_at("site.yaml", 3);
    assert!(error.message.contains("outside the site"), "{error:?}");
    assert!(!run.stderr.contains("HOST-SECRET"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Item 3: --force never deletes what the docs promise

#[test]
fn force_never_deletes_the_home_folder_its_parents_or_the_root() {
    let world = World::new();
    let before = world.snapshot_except(&[]);
    let home = world.path("home/me");
    let home_parent = world.path("home");
    let world_root = world.root();
    for (output, why) in [
        (home.clone(), "it is your home folder"),
        (home_parent.clone(), "it contains your home folder"),
        (world_root.clone(), "it contains your home folder"),
        (PathBuf::from("/"), "the file system's root"),
        (home.join("work/.."), "it is your home folder"),
    ] {
        let output = output.to_string_lossy().into_owned();
        refused(&world.run(&["build", "--output", &output, "--force"]), why);
        assert!(world.snapshot_except(&[]) == before, "--output {output}");
    }
    // The same through a link: `public` leads to the home folder's parent.
    world.link("site/public", "../home");
    let before = world.snapshot_except(&[]);
    refused(
        &world.run(&["build", "--output", "public", "--force"]),
        "it contains your home folder",
    );
    assert!(world.snapshot_except(&[]) == before);
}

#[test]
fn force_never_deletes_a_linked_content_folder_or_a_bibliography() {
    let world = World::new();
    // content/ is a link to pages/ (inside the site): its target is a source too.
    fs::rename(world.path("site/content"), world.path("site/pages")).expect("move");
    world
        .link("site/content", "pages")
        .write(
            "site/refs/library.bib",
            "@book{a, title={A}, author={B, C}, year={2000}, publisher={P}}\n",
        )
        .write(
            "site/site.yaml",
            "title: Io\nbase_url: https://example.test/io\nbibliography: [refs/library.bib]\n",
        );
    let before = world.snapshot_except(&[]);
    for (output, why) in [
        ("pages", "it is the site's content/ folder (a link to"),
        (
            "pages/guides",
            "it is inside the site's content/ folder (a link to",
        ),
        ("refs", "it contains the site's refs/library.bib"),
        ("refs/site", "the folder of the site's refs/library.bib"),
        ("themes/default/static", "inside the site's themes/ folder"),
    ] {
        refused(&world.run(&["build", "--output", output, "--force"]), why);
        assert!(world.snapshot_except(&[]) == before, "--output {output}");
    }

    // content/ leading outside the site is skipped, and its target is still never deleted.
    world.write("pages-elsewhere/keep.md", "keep\n");
    fs::remove_file(world.path("site/content")).expect("remove the link");
    world.link("site/content", "../pages-elsewhere");
    let before = world.snapshot_except(&[]);
    let target = world.path("pages-elsewhere").to_string_lossy().into_owned();
    refused(
        &world.run(&["build", "--output", &target, "--force"]),
        "it is the site's content/ folder",
    );
    assert!(world.snapshot_except(&[]) == before);
}

// ---------------------------------------------------------------------------------------------
// Item 6: only regular files are read, with a size limit

/// Makes a named pipe at `path`; false when `mkfifo` is not available.
fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `attach-gen build` in `site`, failing the test if it takes more than 60 s (a FIFO read
/// would block for ever).
fn build_within_a_minute(site: &Path) -> Run {
    let logs = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_attach-gen"))
        .env_remove("GITHUB_ACTIONS")
        .arg("build")
        .current_dir(site)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(fs::File::create(logs.path().join("out")).expect("file"))
        .stderr(fs::File::create(logs.path().join("err")).expect("file"))
        .spawn()
        .expect("start attach-gen");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("attach-gen hung on a special file");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |name: &str| {
        String::from_utf8_lossy(&fs::read(logs.path().join(name)).unwrap_or_default()).into_owned()
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: read("out"),
        stderr: read("err"),
    }
}

#[test]
fn named_pipes_are_never_read() {
    let world = World::new();
    let site = world.site();
    if !mkfifo(&site.join("refs.bib")) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    assert!(mkfifo(&site.join("style.csl")));
    assert!(mkfifo(&site.join("content/pipe.md")));
    world.write(
        "site/site.yaml",
        "title: Io\nbase_url: https://example.test/io\nbibliography: [refs.bib]\ncitation_style: style.csl\n",
    );
    let run = build_within_a_minute(&site);
    run.assert_code(1);
    warning_about(
        &run,
        "content/pipe.md",
        "skipped: it is a named pipe (FIFO), not a file",
    );
    let bib = run.error_at("site.yaml", 3);
    assert!(
        bib.message
            .contains("refs.bib: it is a named pipe (FIFO), not a regular file"),
        "{bib:?}"
    );
    let style = run.error_at("site.yaml", 4);
    assert!(style.message.contains("named pipe"), "{style:?}");

    // A template that is a named pipe is skipped like any special file in a source folder
    // (the theme's own page.html is used).
    world.write(
        "site/site.yaml",
        "title: Io\nbase_url: https://example.test/io\n",
    );
    fs::create_dir_all(site.join("templates")).expect("templates");
    assert!(mkfifo(&site.join("templates/page.html")));
    let run = build_within_a_minute(&site);
    run.assert_ok();
    warning_about(
        &run,
        "templates/page.html",
        "skipped: it is a named pipe (FIFO), not a file",
    );

    // site.yaml itself a named pipe.
    fs::remove_file(site.join("site.yaml")).expect("remove");
    assert!(mkfifo(&site.join("site.yaml")));
    let run = build_within_a_minute(&site);
    run.assert_code(1);
    error_about(
        &run,
        "site.yaml",
        "it is a named pipe (FIFO), not a regular file",
    );
}

#[test]
fn site_yaml_linked_to_dev_zero_is_refused_at_once() {
    let world = World::new();
    fs::remove_file(world.path("site/site.yaml")).expect("remove");
    world.link("site/site.yaml", "/dev/zero");
    let run = build_within_a_minute(&world.site());
    run.assert_code(1);
    error_about(
        &run,
        "site.yaml",
        "leads outside the site's folder, to /dev/zero",
    );
}

#[test]
fn a_page_over_the_size_limit_is_an_error_at_its_path() {
    let world = World::new();
    let big = world.path("site/content/huge.md");
    let file = fs::File::create(&big).expect("create");
    // Sparse: 65 MiB that take no disk space.
    file.set_len(65 * 1024 * 1024).expect("grow");
    let before = world.snapshot_except(&["site/content/huge.md"]);
    let run = world.run(&["build"]);
    run.assert_code(1);
    error_about(
        &run,
        "content/huge.md",
        "it is 65 MiB, and attach-gen reads files of at most 64 MiB",
    );
    assert!(world.snapshot_except(&["site/content/huge.md"]) == before);
}

// ---------------------------------------------------------------------------------------------
// Item 11: an output folder that is a link

#[test]
fn a_linked_output_is_built_into_its_target_and_keeps_its_permissions() {
    let world = World::new();
    fs::create_dir_all(world.path("www/site")).expect("web root");
    fs::set_permissions(world.path("www/site"), fs::Permissions::from_mode(0o750)).expect("chmod");
    world.link("site/output", "../www/site");
    let run = world.run(&["build"]);
    run.assert_ok();
    assert!(
        run.stdout.contains("into output (a link to "),
        "{}",
        run.stdout
    );
    assert!(
        fs::symlink_metadata(world.path("site/output"))
            .expect("link")
            .is_symlink()
    );
    let target = world.path("www/site");
    assert!(target.join("a/index.html").is_file());
    assert!(target.join(".attach-gen-output").is_file());
    let mode = |p: &Path| fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&target), 0o750);

    // Built again: still the link, still 0750, the new page there, nothing left beside it.
    world.write("site/content/b.md", &page_text("title: B", "New.\n"));
    world.run(&["build"]).assert_ok();
    assert!(
        fs::symlink_metadata(world.path("site/output"))
            .expect("link")
            .is_symlink()
    );
    assert!(target.join("b/index.html").is_file());
    assert_eq!(mode(&target), 0o750);
    assert_eq!(hidden_entries(&world.path("www")), Vec::<String>::new());
    assert_eq!(hidden_entries(&world.site()), Vec::<String>::new());
}

#[test]
fn a_linked_output_is_guarded_by_where_it_leads() {
    let world = World::new();
    world.link("site/output", "content");
    let before = world.snapshot_except(&["site/output"]);
    refused(
        &world.run(&["build", "--force"]),
        "it is the site's content/ folder",
    );
    fs::remove_file(world.path("site/output")).expect("remove link");
    world.link("site/output", "../home/me");
    refused(&world.run(&["build", "--force"]), "it is your home folder");
    assert!(world.snapshot_except(&["site/output"]) == before);
}

#[test]
fn a_build_keeps_the_output_folders_permissions() {
    let world = World::new();
    world.run(&["build"]).assert_ok();
    let output = world.path("site/output");
    fs::set_permissions(&output, fs::Permissions::from_mode(0o750)).expect("chmod");
    world.run(&["build"]).assert_ok();
    assert_eq!(
        fs::metadata(&output)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777,
        0o750
    );
}

// ---------------------------------------------------------------------------------------------
// Item 12: static files beside pages; generated files over static ones

#[test]
fn static_files_and_pages_share_folders() {
    let world = World::new();
    world
        .write("site/static/guides/diagram.png", "PNG")
        .write("site/static/guides/walk/photo.jpg", "JPG")
        .write("site/static/categories/banner.svg", "<svg/>");
    let run = world.run(&["build"]);
    run.assert_ok();
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    let output = world.path("site/output");
    for file in [
        "guides/diagram.png",
        "guides/walk/photo.jpg",
        "guides/walk/index.html",
        "categories/banner.svg",
        "categories/index.html",
    ] {
        assert!(output.join(file).is_file(), "{file}");
    }
}

#[test]
fn a_static_file_that_a_generated_file_replaces_gets_a_warning_naming_both() {
    let world = World::new();
    world
        .write("site/static/sitemap.xml", "<stale/>")
        .write("site/static/robots.txt", "User-agent: *\nDisallow: /\n");
    let run = world.run(&["build"]);
    run.assert_ok();
    warning_about(
        &run,
        "static/sitemap.xml",
        "static/sitemap.xml is not copied: attach-gen writes `sitemap.xml` itself",
    );
    warning_about(
        &run,
        "static/robots.txt",
        "attach-gen writes `robots.txt` itself",
    );
    let sitemap = fs::read_to_string(world.path("site/output/sitemap.xml")).expect("sitemap");
    assert!(sitemap.contains("<urlset"), "the generated sitemap wins");
}

#[test]
fn only_the_same_output_path_collides() {
    // A static file at the page's own path, and a static file where the page needs a folder.
    for (file, clash) in [
        (
            "site/static/guides/walk/index.html",
            "the static file `guides/walk/index.html`",
        ),
        (
            "site/static/guides",
            "the static file `guides`, where the page needs a folder",
        ),
    ] {
        let world = World::new();
        world.write(file, "static");
        let before = world.snapshot_except(&[]);
        let run = world.run(&["build"]);
        run.assert_code(1);
        let error = run.error_at("content/guides/walk.md", 1);
        assert!(error.message.contains(clash), "{error:?}");
        assert!(world.snapshot_except(&[]) == before);
    }
}

#[test]
fn file_and_folder_clashes_name_both_paths() {
    // A theme file where the site has a folder.
    let world = World::new();
    world
        .write("site/themes/default/static/docs", "a file in the theme")
        .write("site/static/docs/guide.pdf", "PDF");
    let run = world.run(&["build"]);
    run.assert_code(1);
    error_about(
        &run,
        "static/docs/guide.pdf",
        "themes/default/static/docs and static/docs/guide.pdf cannot both be copied",
    );
    // A static file where a generated folder goes, and a static folder where a generated
    // file goes.
    let world = World::new();
    world
        .write("site/static/categories", "not a folder")
        .write("site/static/atom.xml/feed.txt", "x");
    let run = world.run(&["build"]);
    run.assert_code(1);
    error_about(
        &run,
        "static/categories",
        "static/categories is a file where attach-gen writes the folder `categories/`",
    );
    error_about(
        &run,
        "static/atom.xml/feed.txt",
        "attach-gen writes the file `atom.xml` there",
    );
    assert!(!world.path("site/output").exists());
    assert_eq!(hidden_entries(&world.site()), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// Item 15: "File exists" clashes with attach-gen's own marker

#[test]
fn a_page_or_static_folder_named_like_the_output_marker_is_an_error_at_its_path() {
    let world = World::new();
    world.write(
        "site/content/hidden.md",
        &page_text("title: Hidden\nslug: .attach-gen-output", "x\n"),
    );
    let run = world.run(&["build"]);
    run.assert_code(1);
    let error = run.error_at("content/hidden.md", 3);
    assert!(error.message.contains("`.attach-gen-output`"), "{error:?}");

    // A static folder of that name is hidden: left out with a warning naming it.
    let world = World::new();
    world.write("site/static/.attach-gen-output/x.txt", "x");
    let run = world.run(&["build"]);
    run.assert_ok();
    assert!(
        run.warnings()
            .iter()
            .any(|w| w.file == "static/.attach-gen-output"
                && w.message.contains("is a hidden folder")),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// Items 10 and 15: mount points, full and read-only disks (a tmpfs, mounted as root)

/// A tmpfs mounted at `path` for the life of the value (needs root or CAP_SYS_ADMIN).
struct Tmpfs {
    path: PathBuf,
}

impl Tmpfs {
    /// `None` (after saying why) when it cannot be mounted here.
    fn mount(path: &Path, options: &str) -> Option<Tmpfs> {
        fs::create_dir_all(path).expect("mount point");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("skipped: cannot mount a tmpfs here (needs root)");
            return None;
        }
        Some(Tmpfs {
            path: path.to_path_buf(),
        })
    }

    fn remount(&self, options: &str) {
        let done = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.path)
            .status()
            .is_ok_and(|s| s.success());
        assert!(done, "remount {options}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

#[test]
fn an_output_folder_that_is_a_mount_point_is_replaced_in_place() {
    let world = World::new();
    let output = world.path("site/output");
    let Some(_mount) = Tmpfs::mount(&output, "size=16m,mode=0750") else {
        return;
    };
    let before = world.snapshot_except(&["site/output"]);
    let run = world.run(&["build"]);
    run.assert_ok();
    assert!(output.join("a/index.html").is_file());
    assert!(output.join(".attach-gen-output").is_file());

    // Rebuilt with a page gone and one added: the mount stays, the old page goes.
    fs::remove_file(world.path("site/content/a.md")).expect("remove a page");
    world.write("site/content/b.md", &page_text("title: B", "New.\n"));
    world.run(&["build"]).assert_ok();
    assert!(output.join("b/index.html").is_file());
    assert!(!output.join("a").exists());
    assert_eq!(hidden_entries(&output), [".attach-gen-output"]);
    assert_eq!(hidden_entries(&world.site()), Vec::<String>::new());
    assert_eq!(
        fs::metadata(&output)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777,
        0o750
    );

    // A failed build leaves it byte for byte.
    let built = snapshot(&output);
    world.write("site/content/b.md", "no front matter\n");
    world.run(&["build"]).assert_code(1);
    assert!(snapshot(&output) == built);
    assert_eq!(hidden_entries(&output), [".attach-gen-output"]);
    let mut unchanged = before;
    unchanged.retain(|path, _| !path.starts_with("site/content"));
    let mut now = world.snapshot_except(&["site/output"]);
    now.retain(|path, _| !path.starts_with("site/content"));
    assert!(now == unchanged);
}

/// A site whose output is several megabytes.
fn big_world() -> World {
    let world = World::new();
    let filler = "Words to fill the page so that the output is large. ".repeat(200);
    for i in 0..200 {
        world.write(
            &format!("site/content/bulk/page-{i}.md"),
            &page_text(&format!("title: Page {i}"), &filler),
        );
    }
    world
}

#[test]
fn a_full_disk_is_one_error_naming_the_output_folder() {
    let world = big_world();
    let disk = world.path("disk");
    let Some(_mount) = Tmpfs::mount(&disk, "size=2m") else {
        return;
    };
    // A small site fits: it is the previous build.
    let small = World::new();
    let output = disk.join("public");
    let output_arg = output.to_string_lossy().into_owned();
    small.run(&["build", "--output", &output_arg]).assert_ok();
    let previous = snapshot(&output);

    let run = world.run(&["build", "--output", &output_arg]);
    run.assert_code(1);
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0]
            .message
            .contains(&format!("the disk holding {output_arg} is full")),
        "{errors:?}"
    );
    assert_eq!(
        run.stderr.matches("No space left").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(snapshot(&output) == previous, "the previous build changed");
    assert_eq!(hidden_entries(&disk), Vec::<String>::new());
}

#[test]
fn a_read_only_output_disk_is_one_error_and_nothing_changes() {
    let world = World::new();
    let disk = world.path("disk");
    let Some(mount) = Tmpfs::mount(&disk, "size=8m") else {
        return;
    };
    let output = disk.join("public").to_string_lossy().into_owned();
    world.run(&["build", "--output", &output]).assert_ok();
    let previous = snapshot(&disk);
    mount.remount("ro");
    let run = world.run(&["build", "--output", &output]);
    run.assert_code(1);
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].message.contains("read-only file system"),
        "{errors:?}"
    );
    assert!(errors[0].message.contains(&output), "{errors:?}");
    assert!(snapshot(&disk) == previous);
    mount.remount("rw");
}

#[test]
fn a_bind_mounted_output_on_the_same_disk_is_replaced_in_place() {
    // A Docker-style bind mount: the same device as its parent, so only the system's mount
    // table tells it is one; swapping it would fail with "Device or resource busy".
    let world = World::new();
    let shared = world.path("shared");
    let output = world.path("site/output");
    fs::create_dir_all(&shared).expect("shared folder");
    fs::create_dir_all(&output).expect("mount point");
    let bound = Command::new("mount")
        .arg("--bind")
        .arg(&shared)
        .arg(&output)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !bound {
        eprintln!("skipped: cannot bind-mount here (needs root)");
        return;
    }
    let _unmount = Tmpfs {
        path: output.clone(),
    };
    world.run(&["build"]).assert_ok();
    world.write("site/content/b.md", &page_text("title: B", "New.\n"));
    world.run(&["build"]).assert_ok();
    assert!(shared.join("a/index.html").is_file());
    assert!(shared.join("b/index.html").is_file());
    assert_eq!(hidden_entries(&shared), [".attach-gen-output"]);
    assert_eq!(hidden_entries(&world.site()), Vec::<String>::new());
}

#[test]
fn a_dangling_output_link_is_refused_and_stays_a_link() {
    let world = World::new();
    world.link("site/output", "../www/missing");
    let run = world.run(&["build"]);
    refused(&run, "it is a link to ../www/missing, which does not exist");
    assert!(
        fs::symlink_metadata(world.path("site/output"))
            .expect("link")
            .is_symlink()
    );
    assert!(!world.path("www").exists());
}

// ---------------------------------------------------------------------------------------------
// `new` writes only inside the site

#[test]
fn new_never_writes_a_page_where_a_linked_content_folder_leads_outside() {
    let world = World::new();
    fs::create_dir_all(world.path("host/pages")).expect("folder");
    world.link("site/content/shared", "../../host/pages");
    let before = world.snapshot_except(&[]);
    let run = world.run(&["new", "Sleep and mood", "--dir", "shared"]);
    run.assert_code(1);
    let error = &run.errors()[0];
    assert!(
        error
            .message
            .contains("content/shared leads outside the site's folder"),
        "{}",
        run.stderr
    );
    let run = world.run(&["new", "Sleep and mood", "--dir", "shared/deeper"]);
    run.assert_code(1);
    assert!(world.snapshot_except(&[]) == before);
    assert!(!world.path("host/pages/deeper").exists());
    // Inside the site it works as before.
    world
        .run(&["new", "Sleep and mood", "--dir", "guides"])
        .assert_ok();
    assert!(
        world
            .path("site/content/guides/sleep-and-mood.md")
            .is_file()
    );
}

/// A folder of `content/` that is a link to another folder of the site (`static/docs`): builds
/// do not follow it, so a page written through it would never be published. `new` refuses it
/// (a usage error, as for a hidden folder) and writes nothing.
#[test]
fn new_refuses_a_dir_that_is_a_link_builds_do_not_follow() {
    let world = World::new();
    fs::create_dir_all(world.path("site/static/docs/inner")).expect("folder");
    world.link("site/content/linked", "../static/docs");
    let before = world.snapshot_except(&[]);
    for dir in ["linked", "linked/inner", "content/linked/new"] {
        let run = world.run(&["new", "Sleep and mood", "--dir", dir]);
        run.assert_code(2);
        let errors = run.errors();
        assert_eq!(errors.len(), 1, "{dir}: {errors:#?}");
        assert!(
            errors[0]
                .message
                .contains("content/linked is a link to a folder, which builds do not follow, so no build would publish it"),
            "{dir}: {}",
            run.stderr
        );
        assert!(world.snapshot_except(&[]) == before, "{dir}");
    }
    assert!(!world.path("site/static/docs/sleep-and-mood.md").exists());
    // A real folder beside it works as before.
    world
        .run(&["new", "Sleep and mood", "--dir", "guides"])
        .assert_ok();
}

/// Files whose names are not UTF-8: two static ones were published as one `�.txt` (the other
/// lost without a word), and pages were shown alike. Each is skipped with a warning naming its
/// bytes.
#[test]
fn files_whose_names_are_not_utf8_are_skipped_each_with_a_warning() {
    use std::os::unix::ffi::OsStrExt;
    let site = Site::new();
    site.file("site.yaml", "title: T\nbase_url: https://example.test/\n")
        .page("content/a.md", "title: A", "Text.\n");
    // A folder's name too: one warning at the folder, not one for each file in it.
    let names: [&[u8]; 5] = [
        b"static/\xff.txt",
        b"static/\xfe.txt",
        b"content/b\xff.md",
        b"content/caf\xe9/sleep.md",
        b"content/caf\xe9/rest.md",
    ];
    for name in names {
        let path = site.root().join(std::ffi::OsStr::from_bytes(name));
        let _ = fs::create_dir_all(path.parent().unwrap_or(site.root()));
        if fs::write(&path, "---\ntitle: X\n---\nx\n").is_err() {
            println!("skipped: this file system refuses names that are not UTF-8");
            return;
        }
    }
    let run = site.build(&[]);
    run.assert_ok();
    let mut named: Vec<String> = run
        .warnings()
        .into_iter()
        .filter(|w| w.message.contains("is not UTF-8 text"))
        .map(|w| w.message)
        .collect();
    named.sort();
    assert_eq!(
        named,
        [
            "skipped: its name (`\\xFE.txt`) is not UTF-8 text, so it can have no web address; rename it",
            "skipped: its name (`\\xFF.txt`) is not UTF-8 text, so it can have no web address; rename it",
            "skipped: its name (`b\\xFF.md`) is not UTF-8 text, so it can have no web address; rename it",
            "skipped: the folder's name (`caf\\xE9`) is not UTF-8 text, so nothing in it can have a web address; rename the folder",
        ],
        "{}",
        run.stderr
    );
    let published: Vec<PathBuf> = files_under(&site.path("output"));
    assert!(
        published
            .iter()
            .all(|p| !p.to_string_lossy().contains('\u{FFFD}')),
        "{published:?}"
    );
    assert!(site.exists("output/a/index.html"));
}

/// `new guides/sleep.mi.md` where `content/guides` is a link: the translation was written
/// where the link leads (outside the site, or a folder no build follows). It is refused as a
/// new page there is, and nothing is written.
#[test]
fn new_never_writes_a_translation_through_a_linked_folder() {
    let world = World::new();
    world
        .write(
            "site/site.yaml",
            "title: Io\nbase_url: https://example.test/io\nlanguages:\n  - { code: en, name: English }\n  - { code: mi, name: Te reo Māori, prefix: mi/ }\n",
        )
        .write(
            "host/pages/sleep.md",
            &page_text("title: Sleep\ndate: 2024-01-01", "Rest.\n"),
        )
        .write(
            "site/static/docs/sleep.md",
            &page_text("title: Sleep\ndate: 2024-01-01", "Rest.\n"),
        );
    world.link("site/content/shared", "../../host/pages");
    world.link("site/content/linked", "../static/docs");
    let before = world.snapshot_except(&[]);
    let run = world.run(&["new", "shared/sleep.mi.md"]);
    run.assert_code(1);
    assert!(
        run.errors()[0]
            .message
            .contains("content/shared leads outside the site's folder"),
        "{}",
        run.stderr
    );
    // As for `new --dir linked`: a usage error.
    let run = world.run(&["new", "linked/sleep.mi.md"]);
    run.assert_code(2);
    assert!(
        run.errors()[0]
            .message
            .contains("content/linked is a link to a folder, which builds do not follow"),
        "{}",
        run.stderr
    );
    assert!(world.snapshot_except(&[]) == before);
    assert!(!world.path("host/pages/sleep.mi.md").exists());
    assert!(!world.path("site/static/docs/sleep.mi.md").exists());
}
