//! Deploys that upload only what changed: a file whose bytes did not change keeps its
//! modification time and inode across builds, and `--changed-list FILE` names exactly the
//! files whose bytes changed (added, modified, deleted). The binary runs from the site's folder
//! with relative paths, as in a CI deploy step.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::{Run, Site, Snapshot, run_in};

const CONFIG: &str = "title: Deploys\nbase_url: https://example.test/\n";

/// A site with pages in two categories and one static file.
fn site() -> Site {
    let site = Site::new();
    site.file("site.yaml", CONFIG)
        .page(
            "content/a.md",
            "title: Alpha\ndate: 2024-01-01\ncategories: [Wellbeing]",
            "Alpha body.\n",
        )
        .page(
            "content/b.md",
            "title: Beta\ndate: 2024-01-02\ncategories: [Wellbeing]",
            "Beta body.\n",
        )
        .page(
            "content/c.md",
            "title: Gamma\ndate: 2024-01-03\ncategories: [Mental Health]",
            "Gamma body.\n",
        )
        .file("static/leaflet.txt", "print me\n");
    site
}

/// `attach-gen build --changed-list changes.txt` in the site's folder.
fn build(site: &Site) -> Run {
    let run = run_in(site.root(), &["build", "--changed-list", "changes.txt"]);
    run.assert_ok();
    run
}

/// The lines of the changed list, as (letter, path).
fn listed(site: &Site) -> BTreeSet<(String, String)> {
    fs::read_to_string(site.path("changes.txt"))
        .expect("the changed list was written")
        .lines()
        .map(|line| {
            let (kind, path) = line.split_once('\t').expect("a tab in every line");
            (kind.to_string(), path.to_string())
        })
        .collect()
}

/// What a change from `before` to `after` should list: the files whose bytes differ.
fn byte_changes(before: &Snapshot, after: &Snapshot) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, (bytes, _)) in after {
        match before.get(path) {
            None => out.insert(("A".to_string(), path.clone())),
            Some((old, _)) if old != bytes => out.insert(("M".to_string(), path.clone())),
            Some(_) => false,
        };
    }
    for path in before.keys().filter(|p| !after.contains_key(*p)) {
        out.insert(("D".to_string(), path.clone()));
    }
    out.retain(|(_, path)| path != ".attach-gen-output");
    out
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).expect("file exists").ino()
}

#[cfg(not(unix))]
fn inode(_: &Path) -> u64 {
    0
}

/// Every file of `after` that `before` had with the same bytes kept its time and inode.
fn assert_unchanged_files_kept(site: &Site, before: &Snapshot, inodes: &[(String, u64)]) {
    let after = site.snapshot("output");
    for (path, (bytes, modified)) in before {
        let Some((new_bytes, new_modified)) = after.get(path) else {
            continue;
        };
        if new_bytes == bytes {
            assert_eq!(new_modified, modified, "{path} kept its modification time");
            let old_inode = inodes.iter().find(|(p, _)| p == path).map(|(_, i)| *i);
            assert_eq!(
                Some(inode(&site.path(&format!("output/{path}")))),
                old_inode,
                "{path} kept its inode"
            );
        }
    }
}

fn inodes(site: &Site, snapshot: &Snapshot) -> Vec<(String, u64)> {
    snapshot
        .keys()
        .map(|path| (path.clone(), inode(&site.path(&format!("output/{path}")))))
        .collect()
}

#[test]
fn a_build_of_an_unchanged_site_changes_no_file() {
    let site = site();
    let first = build(&site);
    assert!(first.stdout.contains("files changed ("), "{}", first.stdout);
    let all = listed(&site);
    assert!(all.iter().all(|(kind, _)| kind == "A"), "{all:?}");
    assert!(all.contains(&("A".into(), "a/index.html".into())));
    assert!(all.contains(&("A".into(), "leaflet.txt".into())));
    assert_eq!(
        all.len(),
        site.snapshot("output").len() - 1,
        "all but the marker"
    );

    let before = site.snapshot("output");
    let ids = inodes(&site, &before);
    std::thread::sleep(std::time::Duration::from_millis(30));
    let second = build(&site);
    assert!(
        second.stdout.contains("no file changed"),
        "{}",
        second.stdout
    );
    assert_eq!(listed(&site), BTreeSet::new());
    assert_eq!(site.snapshot("output"), before, "same bytes, same times");
    assert_unchanged_files_kept(&site, &before, &ids);
}

#[test]
fn a_body_edit_changes_only_that_page() {
    let site = site();
    build(&site);
    let before = site.snapshot("output");
    let ids = inodes(&site, &before);
    site.page(
        "content/c.md",
        "title: Gamma\ndate: 2024-01-03\ncategories: [Mental Health]",
        "Gamma body, now longer.\n",
    );
    let run = build(&site);
    assert!(run.stdout.contains("4 files changed"), "{}", run.stdout);
    // The page has no `description:`, so its summary (its first words) is in the feeds, and
    // the search index holds its text; no listing page and no other page changes.
    let expected = [
        "atom.xml",
        "c/index.html",
        "categories/mental-health/atom.xml",
        "search-index.js",
    ];
    assert_eq!(
        listed(&site),
        expected
            .iter()
            .map(|p| ("M".to_string(), p.to_string()))
            .collect::<BTreeSet<_>>()
    );
    assert_eq!(
        byte_changes(&before, &site.snapshot("output")),
        listed(&site)
    );
    assert_unchanged_files_kept(&site, &before, &ids);
}

#[test]
fn a_title_edit_changes_the_page_its_listings_and_the_site_wide_files_only() {
    let site = site();
    build(&site);
    let before = site.snapshot("output");
    let ids = inodes(&site, &before);
    site.page(
        "content/a.md",
        "title: Alpha renamed\ndate: 2024-01-01\ncategories: [Wellbeing]",
        "Alpha body.\n",
    );
    build(&site);
    let after = site.snapshot("output");
    let changed = listed(&site);
    assert_eq!(
        byte_changes(&before, &after),
        changed,
        "the list is the byte diff"
    );
    let paths: BTreeSet<&str> = changed.iter().map(|(_, p)| p.as_str()).collect();
    assert!(paths.contains("a/index.html"), "{paths:?}");
    // What may show Alpha's title: its category's listing, the home page and category index,
    // pages that list it as related, the search index, feeds and sitemap.
    let may_change = |path: &str| {
        path == "a/index.html"
            || path == "b/index.html"
            || path == "index.html"
            || path.starts_with("categories/wellbeing/")
            || path == "categories/index.html"
            || path.starts_with("search")
            || path.ends_with(".xml")
            || path.ends_with(".json")
    };
    for path in &paths {
        assert!(may_change(path), "{path} changed but does not show Alpha");
    }
    assert!(!paths.contains("c/index.html"));
    assert!(!paths.contains("leaflet.txt"));
    assert_unchanged_files_kept(&site, &before, &ids);
}

#[test]
fn deleted_pages_and_changed_static_files_are_listed() {
    let site = site();
    build(&site);
    let before = site.snapshot("output");
    site.remove("content/b.md")
        .file("static/leaflet.txt", "print me twice\n")
        .file("static/new.txt", "new\n");
    let run = build(&site);
    let changed = listed(&site);
    assert!(
        changed.contains(&("D".into(), "b/index.html".into())),
        "{changed:?}"
    );
    assert!(changed.contains(&("M".into(), "leaflet.txt".into())));
    assert!(changed.contains(&("A".into(), "new.txt".into())));
    assert_eq!(byte_changes(&before, &site.snapshot("output")), changed);
    assert!(run.stdout.contains("deleted"), "{}", run.stdout);
}

#[test]
fn an_unchanged_large_static_file_keeps_its_time() {
    let site = site();
    let big: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    site.file("static/big.bin", &big);
    build(&site);
    let before = site.snapshot("output");
    let ids = inodes(&site, &before);
    build(&site);
    assert_eq!(listed(&site), BTreeSet::new());
    assert_unchanged_files_kept(&site, &before, &ids);
    // Same size, one byte different at the end: modified.
    let mut changed = big.clone();
    if let Some(last) = changed.last_mut() {
        *last ^= 1;
    }
    site.file("static/big.bin", &changed);
    build(&site);
    assert_eq!(
        listed(&site),
        BTreeSet::from([("M".to_string(), "big.bin".to_string())])
    );
}

#[test]
fn a_file_in_the_old_output_linked_from_elsewhere_is_not_linked_into_the_site() {
    let site = site();
    build(&site);
    // Someone hard-linked a file of the output to a file outside it.
    let outside = site.path("outside.txt");
    fs::hard_link(site.path("output/leaflet.txt"), &outside).expect("hard link");
    build(&site);
    assert_eq!(listed(&site), BTreeSet::new(), "same bytes: not a change");
    assert_ne!(inode(&site.path("output/leaflet.txt")), inode(&outside));
    assert_eq!(fs::read_to_string(&outside).expect("kept"), "print me\n");
}

/// A folder of the old output that is a link to a folder elsewhere holding the same bytes: the
/// files behind it are not the old output's, so none is linked into the new site (which would
/// make a file outside the output part of it); the page is listed as modified (its address
/// was the old site's: a deploy purges its cached copy), and the outside is kept.
#[cfg(unix)]
#[test]
fn a_file_behind_a_linked_folder_of_the_old_output_is_modified_and_never_linked_into_the_site() {
    use std::os::unix::fs::MetadataExt;
    let site = site();
    build(&site);
    let outside = site.path("elsewhere");
    fs::rename(site.path("output/a"), &outside).expect("move the page's folder out");
    std::os::unix::fs::symlink("../elsewhere", site.path("output/a")).expect("link");
    let page = fs::read(outside.join("index.html")).expect("the page, moved");
    build(&site);
    assert_eq!(
        listed(&site),
        BTreeSet::from([("M".to_string(), "a/index.html".to_string())])
    );
    let built = site.path("output/a");
    assert!(
        fs::symlink_metadata(&built).expect("a").is_dir(),
        "a folder now"
    );
    assert_eq!(fs::read(built.join("index.html")).expect("built"), page);
    let behind = fs::metadata(outside.join("index.html")).expect("kept");
    assert_eq!(behind.nlink(), 1, "never linked into the site");
    assert_ne!(inode(&built.join("index.html")), behind.ino());
}

#[test]
fn a_changed_list_inside_the_output_folder_is_refused_and_nothing_changes() {
    let site = site();
    build(&site);
    let before = site.snapshot("output");
    let run = run_in(
        site.root(),
        &["build", "--changed-list", "output/changes.txt"],
    );
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("--changed-list output/changes.txt is inside the output folder"),
        "{}",
        run.stderr
    );
    assert_eq!(site.snapshot("output"), before);
}

#[test]
fn a_changed_list_on_the_sites_own_files_is_refused_and_they_are_kept() {
    // `--changed-list site.yaml` replaced the site's configuration with the list.
    let site = site();
    site.file("site.yaml", format!("{CONFIG}bibliography: [refs.bib]\n"))
        .file(
            "refs.bib",
            "@book{k, author = {A, B}, title = {T}, year = {2000}}\n",
        );
    build(&site);
    let sources = ["site.yaml", "refs.bib", "content/a.md"]
        .map(|f| (f, std::fs::read(site.path(f)).unwrap_or_default()));
    let before = site.snapshot("output");
    for (list, expected) in [
        (
            "site.yaml",
            "--changed-list site.yaml is the site's own site.yaml",
        ),
        ("./refs.bib", "is the site's own refs.bib"),
        (
            "content/a.md",
            "--changed-list content/a.md is inside content/",
        ),
        ("static/changed.txt", "is inside static/"),
        ("content/../site.yaml", "is the site's own site.yaml"),
    ] {
        let run = run_in(site.root(), &["build", "--changed-list", list]);
        run.assert_code(2);
        assert!(run.stderr.contains(expected), "{list}: {}", run.stderr);
    }
    for (file, text) in sources {
        assert_eq!(
            std::fs::read(site.path(file)).unwrap_or_default(),
            text,
            "{file} is kept"
        );
    }
    assert!(!site.exists("static/changed.txt"));
    assert_eq!(site.snapshot("output"), before);
}

#[test]
fn a_changed_list_naming_a_folder_or_in_a_missing_folder_is_refused_before_the_build() {
    // `--changed-list .` built the site, replaced the output, then failed to write the list.
    let site = site();
    build(&site);
    fs::create_dir_all(site.path("deploy")).expect("a folder");
    let before = site.snapshot("output");
    site.page("content/d.md", "title: Delta", "Delta body.\n");
    for (list, message, hint) in [
        (
            ".",
            "--changed-list . is a folder, but the list is a file",
            "--changed-list ./changed.txt",
        ),
        (
            "deploy",
            "--changed-list deploy is a folder",
            "--changed-list deploy/changed.txt",
        ),
        (
            "later/",
            "--changed-list later/ is a folder",
            "--changed-list later/changed.txt",
        ),
        (
            "no such/changes.txt",
            "its folder `no such` does not exist",
            "mkdir -p \"no such\"",
        ),
        (
            "changes.txt/list.txt",
            "its folder `changes.txt` is not a folder",
            "--changed-list changed.txt",
        ),
        // A folder that exists but takes no new file, even from root: found by opening the
        // list before the build, not after it replaced the output.
        (
            "/proc/attach-gen-changed.txt",
            "--changed-list /proc/attach-gen-changed.txt: the list cannot be written there",
            "write the list in a folder you may write to",
        ),
    ] {
        let run = run_in(site.root(), &["build", "--changed-list", list]);
        run.assert_code(2);
        assert!(
            run.stderr.contains(message) && run.stderr.contains(hint),
            "{list}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("Build failed"), "{}", run.stderr);
    }
    assert_eq!(site.snapshot("output"), before, "nothing was built");
    assert!(!site.exists("later"));
    // The file tried before the build is not left behind when the build then fails.
    site.file("content/broken.md", "---\ntitle: [\n---\nBody.\n");
    let run = run_in(site.root(), &["build", "--changed-list", "fresh.txt"]);
    run.assert_code(1);
    assert!(!site.exists("fresh.txt"), "{}", run.stderr);
    assert_eq!(site.snapshot("output"), before, "nothing was built");
}

/// A list that cannot be written once the site is built (here a full disk) is an error that
/// says the new site is in place, and so to upload all of it: a build now would list nothing.
#[cfg(target_os = "linux")]
#[test]
fn a_changed_list_that_cannot_be_written_is_an_error_after_the_build() {
    let site = site();
    let run = run_in(site.root(), &["build", "--changed-list", "/dev/full"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("the site was built into")
            && run.stderr.contains("/dev/full")
            && run.stderr.contains("the new site is in the output folder")
            && run
                .stderr
                .contains("upload the whole output folder this time"),
        "{}",
        run.stderr
    );
    assert!(
        site.exists("output/a/index.html"),
        "the site itself was built"
    );
}
