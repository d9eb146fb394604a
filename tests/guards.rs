//! The guards around the output folder, and what a build may and may not produce: each test
//! runs the real binary and looks at the files it leaves.
//!
//! - a failed build, or one killed part-way, leaves the previous output byte for byte;
//! - a later build removes what killed builds left behind;
//! - output folders whose replacement would lose work are refused, with the reason;
//! - symbolic links are never followed out of the site or the old output;
//! - the same input gives the same bytes, whatever the thread count, file order or time;
//! - text from front matter and site.yaml cannot inject markup anywhere.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::*;

const BASE_URL: &str = "https://example.test/site";

fn good_site() -> Site {
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("title: Guarded\nbase_url: {BASE_URL}\nlanguage: en-NZ\n"),
    )
    .page(
        "content/a.md",
        "title: A\ndate: 2024-01-01\ncategories: [Wellbeing]",
        "# A\n\nText.\n",
    )
    .page(
        "content/b.md",
        "title: B\ndate: 2024-01-02",
        "Text with a [link](a.md).\n",
    )
    .page("content/guides/c.md", "title: C", "Guide.\n");
    site
}

/// Every file under `dir` with its bytes (no times): what "byte for byte the same" compares.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot(dir)
        .into_iter()
        .map(|(path, (bytes, _))| (path, bytes))
        .collect()
}

fn assert_refused(run: &Run, why: &str) {
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
// Failed and interrupted builds

#[test]
fn a_failed_build_leaves_the_old_output_byte_for_byte() {
    let site = good_site();
    site.build(&[]).assert_ok();
    let before = site.snapshot("output");
    // A mistake discovered late (in the Markdown, after every page was read) ...
    site.page("content/b.md", "title: B", "A [link](missing.md).\n");
    site.build(&[]).assert_code(1);
    assert!(site.snapshot("output") == before, "the output changed");
    // ... and one discovered while rendering (a template that fails on one page only).
    site.page("content/b.md", "title: B", "Fine again.\n").file(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.title }}{% if page.title == \"C\" %}{{ nope.nope }}{% endif %}{% endblock main %}",
    );
    let run = site.build(&[]);
    run.assert_code(1);
    assert!(run.stderr.contains("nope"), "{}", run.stderr);
    assert!(site.snapshot("output") == before, "the output changed");
    assert_eq!(hidden_entries(site.root()), Vec::<String>::new());
}

/// A site big enough that building it takes a good while: 3,000 pages.
fn big_site() -> Site {
    let site = Site::new();
    site.file("site.yaml", format!("title: Big\nbase_url: {BASE_URL}\n"));
    let categories = [
        "Wellbeing",
        "Sleep",
        "Family",
        "Grief",
        "Work",
        "Anxiety",
        "Parenting",
        "Rest",
    ];
    for i in 0..3000 {
        let mut body = String::new();
        for part in 0..4 {
            body.push_str(&format!("## Part {part}\n\n"));
            for _ in 0..4 {
                body.push_str(&format!(
                    "Some *text* about {} with a [link](page-{}.md) and more words to fill it. ",
                    categories[i % 8],
                    (i + 1) % 3000
                ));
            }
            body.push_str("\n\n- one\n- two\n- three\n\n");
        }
        site.page(
            &format!("content/page-{i}.md"),
            &format!(
                "title: Page {i}\ndescription: About page {i}.\ncategories: [{}, {}]\ndate: 2024-01-{:02}",
                categories[i % 8],
                categories[(i / 8) % 8],
                i % 28 + 1
            ),
            &body,
        );
    }
    site
}

/// Starts `attach-gen build` on `site` without waiting for it.
fn spawn_build(site: &Site) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_attach-gen"))
        .env_remove("GITHUB_ACTIONS")
        .args(["build", "--root"])
        .arg(site.root())
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start attach-gen")
}

/// Whether the staging folder of the build with process id `pid` holds at least `files` files.
fn staging_holds(root: &Path, pid: u32, files: usize) -> bool {
    let staging = root.join(format!(".output.attach-gen-new-{pid}"));
    staging.is_dir()
        && walkdir::WalkDir::new(staging)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .take(files)
            .count()
            >= files
}

#[test]
fn a_build_killed_part_way_leaves_the_old_output_and_the_next_build_tidies_up() {
    let site = big_site();
    site.build(&[]).assert_ok();
    let before = site.snapshot("output");
    let mut interrupted = 0;
    // Killed while reading, while rendering, while writing: fixed delays, then "once the
    // staging folder holds files" (whatever the machine's speed).
    let kill_points = [Some(50), Some(90), Some(150), None, None];
    for (attempt, delay) in kill_points.into_iter().enumerate() {
        let mut child = spawn_build(&site);
        match delay {
            Some(ms) => std::thread::sleep(Duration::from_millis(ms)),
            None => {
                // Wait (as long as it takes) for the new site to be part-written.
                let wanted = 200 * attempt;
                let started = Instant::now();
                while !staging_holds(site.root(), child.id(), wanted)
                    && child.try_wait().expect("poll").is_none()
                    && started.elapsed() < Duration::from_secs(120)
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
        }
        let finished_first = child.try_wait().expect("poll").is_some();
        child.kill().ok();
        child.wait().expect("reap");
        if finished_first {
            // Too late to interrupt it: it replaced the output, which is now the one to keep.
            eprintln!("attempt {attempt}: the build finished before it could be killed");
            continue;
        }
        interrupted += 1;
        assert!(
            site.snapshot("output") == before,
            "attempt {attempt} ({delay:?} ms): the output changed when the build was killed"
        );
    }
    assert!(interrupted > 0, "no build was interrupted");

    // The next build succeeds and removes the staging folders the killed ones left.
    site.page(
        "content/page-0.md",
        "title: Page zero, rebuilt",
        "New text.\n",
    );
    site.build(&[]).assert_ok();
    assert_eq!(hidden_entries(site.root()), Vec::<String>::new());
    assert_eq!(
        texts(&site.html("output/page-0/index.html"), "h1"),
        ["Page zero, rebuilt"]
    );
}

// ---------------------------------------------------------------------------------------------
// Output folders that are refused

#[test]
fn output_dot_and_dot_dot_are_refused_and_the_site_is_untouched() {
    let site = good_site();
    let parent = site
        .root()
        .parent()
        .expect("temp dir has a parent")
        .to_path_buf();
    let before = site.snapshot("");
    for (output, why) in [
        (".", "the site's own folder"),
        ("..", "contains the site's folder"),
        ("./content/..", "the site's own folder"),
    ] {
        let run = run_in(
            site.root(),
            &[
                "build",
                "--root",
                ".",
                "--output",
                output,
                "--base-url",
                BASE_URL,
            ],
        );
        assert_refused(&run, why);
        assert!(
            site.snapshot("") == before,
            "--output {output} changed the site"
        );
    }
    // Nothing was written beside the site either.
    assert!(
        !hidden_entries(&parent)
            .iter()
            .any(|n| n.contains(".attach-gen-")),
        "{:?}",
        hidden_entries(&parent)
    );
}

#[test]
fn an_output_folder_that_looks_like_a_site_is_refused_even_with_force() {
    let site = good_site();
    site.file("other/site.yaml", "title: Another site\n")
        .file("other/notes.md", "mine\n")
        .file("third/content/a.md", "mine too\n");
    for folder in ["other", "third"] {
        let before = site.snapshot(folder);
        let output = site.path(folder).to_string_lossy().into_owned();
        for force in [false, true] {
            let mut args = vec!["--output", output.as_str()];
            if force {
                args.push("--force");
            }
            assert_refused(&site.build(&args), "looks like a site");
            assert!(site.snapshot(folder) == before, "{folder} changed");
        }
    }
}

#[test]
fn a_folder_attach_gen_did_not_make_is_replaced_only_with_force() {
    let site = good_site();
    site.file("mine/notes.txt", "precious\n");
    let mine = site.path("mine").to_string_lossy().into_owned();
    let before = site.snapshot("mine");
    let run = site.build(&["--output", &mine]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.errors().iter().any(|e| e
            .message
            .contains("not empty and attach-gen did not create it")),
        "{}",
        run.stderr
    );
    assert!(site.snapshot("mine") == before);

    site.build(&["--output", &mine, "--force"]).assert_ok();
    assert!(!site.exists("mine/notes.txt"));
    assert!(site.exists("mine/index.html"));
    assert!(site.exists("mine/.attach-gen-output"));
    // Now it is attach-gen's: no --force needed.
    site.build(&["--output", &mine]).assert_ok();
}

#[test]
fn output_inside_the_sources_or_over_a_file_is_refused() {
    let site = good_site();
    site.file("static/logo.txt", "logo\n")
        .file("notes.txt", "a file\n");
    let before = site.snapshot("");
    for (output, why) in [
        ("static/site", "inside the site's static/ folder"),
        ("content/out", "inside the site's content/ folder"),
        ("themes/default", "inside the site's themes/ folder"),
        ("notes.txt", "it is a file"),
        ("missing/../..", "climbs with `..`"),
    ] {
        let path = site.path(output).to_string_lossy().into_owned();
        let run = site.build(&["--output", &path, "--force"]);
        assert_refused(&run, why);
        assert!(
            site.snapshot("") == before,
            "--output {output} changed the site"
        );
    }
}

/// Every entry under `dir`, not following links: its path, and a regular file's bytes (a
/// special file is never opened: reading a named pipe would wait for ever).
fn entries(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .display()
                .to_string();
            let bytes = e
                .file_type()
                .is_file()
                .then(|| fs::read(e.path()).expect("read"));
            (rel, bytes)
        })
        .collect()
}

/// The names directly in `dir` (a system folder: listed, never read).
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A site with an error in a page: whatever the output guard decides, such a build stops
/// before it writes, so a test of system folders can never damage the machine it runs on.
fn broken_site() -> Site {
    let site = good_site();
    site.file(
        "content/broken.md",
        "---\ntitle: [never closed\n---\nText.\n",
    );
    site
}

#[test]
fn system_folders_and_what_holds_them_are_refused_even_with_force() {
    let site = broken_site();
    for (output, why) in [
        ("/dev", "it is the system folder /dev,"),
        ("/dev/shm", "it is the system folder /dev/shm,"),
        ("/dev/pts", "it is inside the system folder /dev,"),
        ("/proc", "it is the system folder /proc,"),
        ("/sys/kernel", "it is inside the system folder /sys,"),
        ("/etc", "it is the system folder /etc,"),
        ("/etc/ssl", "it is inside the system folder /etc,"),
        ("/usr", "it is the system folder /usr,"),
        ("/var", "it is the system folder /var,"),
        ("/var/lib", "it is the system folder /var/lib,"),
        ("/srv", "it is the system folder /srv,"),
        ("/opt", "it is the system folder /opt,"),
        ("/boot", "it is the system folder /boot,"),
    ] {
        let listed = names(Path::new(output));
        let run = site.build(&["--output", output, "--force"]);
        assert_refused(&run, why);
        let refusal = run
            .errors()
            .into_iter()
            .find(|e| e.message.contains("refusing"))
            .expect("a refusal");
        assert!(
            refusal.message.contains("holds the computer's own files"),
            "{refusal:?}"
        );
        assert_eq!(
            refusal.hint.as_deref(),
            Some(
                "pass a folder of its own with --output, such as --output output, or one below this folder (--output /var/www/site)"
            )
        );
        // The kernel's own folders change by themselves (a folder per process).
        if !output.starts_with("/proc") && !output.starts_with("/sys") {
            assert_eq!(names(Path::new(output)), listed, "{output} changed");
        }
    }
    // Folders below the ones that are not trees of the system's own are outputs like any.
    let mut allowed = vec![
        "/var/www/site".to_string(),
        "/srv/www/site".to_string(),
        "/usr/share/nginx/html".to_string(),
        "/tmp/attach-gen-guard-test/site".to_string(),
    ];
    if Path::new("/dev/shm").is_dir() {
        allowed.push("/dev/shm/attach-gen-guard-test".to_string());
    }
    for output in &allowed {
        let existed = Path::new(output).exists();
        let run = site.build(&["--output", output, "--force"]);
        run.assert_code(1);
        assert!(
            !run.errors().iter().any(|e| e.message.contains("refusing")),
            "{output} was refused:\n{}",
            run.stderr
        );
        assert_eq!(
            Path::new(output).exists(),
            existed,
            "the broken site wrote {output}"
        );
    }
}

#[test]
fn a_folder_below_dev_shm_is_an_output() {
    if !Path::new("/dev/shm").is_dir() {
        return;
    }
    let site = good_site();
    let shm = tempfile::tempdir_in("/dev/shm").expect("temp dir in /dev/shm");
    let output = shm.path().join("site");
    let output = output.to_string_lossy().into_owned();
    site.build(&["--output", &output]).assert_ok();
    assert_eq!(
        texts(
            &parse_html_file(&Path::new(&output).join("a/index.html")),
            "h1"
        ),
        ["A"]
    );
}

#[cfg(unix)]
#[test]
fn a_folder_holding_special_files_is_refused_even_with_force() {
    let site = good_site();
    let outside = tempfile::tempdir().expect("temp dir");
    let (pipes, sockets) = (outside.path().join("pipes"), outside.path().join("sockets"));
    fs::create_dir_all(pipes.join("deep/er")).expect("mkdir");
    fs::write(pipes.join("notes.txt"), "mine\n").expect("write");
    let made = Command::new("mkfifo")
        .arg(pipes.join("deep/er/pipe"))
        .status()
        .expect("run mkfifo");
    assert!(made.success());
    fs::create_dir_all(&sockets).expect("mkdir");
    fs::write(sockets.join("notes.txt"), "mine\n").expect("write");
    let _listener =
        std::os::unix::net::UnixListener::bind(sockets.join("daemon.sock")).expect("a socket");
    for (folder, found, kind) in [
        (&pipes, "deep/er/pipe", "a named pipe (FIFO)"),
        (&sockets, "daemon.sock", "a socket"),
    ] {
        let before = entries(folder);
        let output = folder.to_string_lossy().into_owned();
        for force in [true, false] {
            let mut args = vec!["--output", output.as_str()];
            if force {
                args.push("--force");
            }
            let run = site.build(&args);
            assert_refused(
                &run,
                &format!(
                    "it holds {}, which is {kind}, and attach-gen never writes one, so this folder is not a site's output",
                    folder.join(found).display()
                ),
            );
            let hint = run.errors()[0].hint.clone().unwrap_or_default();
            assert!(hint.contains("--output output"), "{hint}");
            assert!(entries(folder) == before, "{output} changed");
        }
    }
    assert_eq!(hidden_entries(outside.path()), Vec::<String>::new());
}

#[test]
fn a_repository_is_refused_as_output_even_with_force() {
    let site = good_site();
    let outside = tempfile::tempdir().expect("temp dir");
    let repo = outside.path().join("repo");
    fs::create_dir_all(repo.join(".git/objects")).expect("mkdir");
    fs::write(repo.join(".git/HEAD"), "ref: refs/heads/main\n").expect("write");
    fs::write(repo.join("index.html"), "published by hand\n").expect("write");
    // A worktree's `.git` is a file; a repository deeper inside is found too.
    let worktree = outside.path().join("worktree");
    fs::create_dir_all(&worktree).expect("mkdir");
    fs::write(worktree.join(".git"), "gitdir: /elsewhere\n").expect("write");
    let holder = outside.path().join("holder");
    fs::create_dir_all(holder.join("project/.hg")).expect("mkdir");
    let before = entries(outside.path());
    for (output, why) in [
        (
            repo.clone(),
            "it holds a .git folder, so it is a repository".to_string(),
        ),
        (
            worktree.clone(),
            "it holds a .git folder, so it is a repository".to_string(),
        ),
        (repo.join(".git"), "it is inside a .git folder".to_string()),
        (
            repo.join(".git/pages"),
            "it is inside a .git folder".to_string(),
        ),
        (
            holder.clone(),
            format!(
                "it holds {}, a repository",
                holder.join("project/.hg").display()
            ),
        ),
    ] {
        let shown = output.to_string_lossy().into_owned();
        let run = site.build(&["--output", &shown, "--force"]);
        assert_refused(&run, &why);
        let hint = run.errors()[0].hint.clone().unwrap_or_default();
        assert!(hint.contains("build into a folder of its own"), "{hint}");
        assert!(entries(outside.path()) == before, "{shown}: changed");
    }
}

#[cfg(unix)]
#[test]
fn force_does_not_reach_through_a_link_out_of_the_site_unless_it_is_named() {
    use std::os::unix::fs::symlink;
    let site = good_site();
    let outside = tempfile::tempdir().expect("temp dir");
    let precious = outside.path().join("precious");
    fs::create_dir_all(precious.join("photos")).expect("mkdir");
    fs::write(precious.join("photos/family.jpg"), "irreplaceable\n").expect("write");
    // As a cloned site could hold it: its `output` a link to a folder of this computer.
    symlink(&precious, site.path("output")).expect("symlink");
    let before = entries(&precious);

    let run = site.build(&["--force"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let error = &run.errors()[0];
    assert!(
        error.message.contains(&format!(
            "it is a link to {}, a folder outside the site that is not empty and that attach-gen did not create; --force replaces such a folder only when you name it with --output",
            precious.display()
        )),
        "{error:?}"
    );
    assert_eq!(
        error.hint.as_deref(),
        Some(
            format!(
                "if you mean to replace it, run again with --output {} --force; otherwise remove the link `{}`",
                precious.display(),
                site.path("output").display()
            )
            .as_str()
        )
    );
    assert!(entries(&precious) == before, "the linked folder changed");
    assert_eq!(hidden_entries(outside.path()), Vec::<String>::new());

    // Named, it is the user's decision; from then on it is attach-gen's, and the link is
    // followed without --output.
    let named = site.path("output").to_string_lossy().into_owned();
    site.build(&["--output", &named, "--force"]).assert_ok();
    assert!(!precious.join("photos").exists());
    assert_eq!(
        texts(&parse_html_file(&precious.join("a/index.html")), "h1"),
        ["A"]
    );
    site.build(&[]).assert_ok();
    assert!(
        fs::symlink_metadata(site.path("output"))
            .expect("the link")
            .file_type()
            .is_symlink()
    );

    // A link to a folder inside the site is the site's own business: forced as before.
    fs::remove_file(site.path("output")).expect("remove the link");
    site.file("public/notes.txt", "old\n");
    symlink(site.path("public"), site.path("output")).expect("symlink");
    site.build(&["--force"]).assert_ok();
    assert!(site.exists("public/index.html") && !site.exists("public/notes.txt"));
}

// ---------------------------------------------------------------------------------------------
// Symbolic links

#[cfg(unix)]
#[test]
fn a_symlink_in_the_old_output_is_not_followed_when_it_is_removed() {
    use std::os::unix::fs::symlink;
    let site = good_site();
    site.build(&[]).assert_ok();
    let outside = tempfile::tempdir().expect("temp dir");
    fs::write(outside.path().join("keep.txt"), "keep me\n").expect("write");
    fs::create_dir(outside.path().join("folder")).expect("mkdir");
    fs::write(outside.path().join("folder/also.txt"), "me too\n").expect("write");
    symlink(outside.path(), site.path("output/escape")).expect("symlink to a folder");
    symlink(
        outside.path().join("keep.txt"),
        site.path("output/a/keep-link.txt"),
    )
    .expect("symlink to a file");

    site.build(&[]).assert_ok();
    assert_eq!(
        fs::read_to_string(outside.path().join("keep.txt")).expect("kept"),
        "keep me\n"
    );
    assert_eq!(
        fs::read_to_string(outside.path().join("folder/also.txt")).expect("kept"),
        "me too\n"
    );
    assert!(fs::symlink_metadata(site.path("output/escape")).is_err());
    assert!(fs::symlink_metadata(site.path("output/a/keep-link.txt")).is_err());
    assert_eq!(hidden_entries(site.root()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_symlink_in_content_to_outside_the_site_is_skipped_with_a_warning() {
    use std::os::unix::fs::symlink;
    let site = good_site();
    let outside = tempfile::tempdir().expect("temp dir");
    fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: Secret\n---\nNot for the site.\n",
    )
    .expect("write");
    symlink(
        outside.path().join("secret.md"),
        site.path("content/secret.md"),
    )
    .expect("symlink");
    symlink(outside.path(), site.path("content/elsewhere")).expect("symlink to a folder");
    let run = site.build(&[]);
    run.assert_ok();
    let warning = run
        .warnings()
        .into_iter()
        .find(|w| w.file == "content/secret.md")
        .unwrap_or_else(|| panic!("no warning naming content/secret.md:\n{}", run.stderr));
    assert!(warning.message.contains("outside the site"), "{warning:?}");
    assert!(!site.exists("output/secret"));
    assert!(!site.exists("output/elsewhere"));
    let home = site.html("output/index.html");
    assert!(!texts(&home, "main ul.page-list h3 a").contains(&"Secret".to_string()));
}

/// The site's repository and secrets, in its own folder as in any checkout.
const GIT_CONFIG: &str =
    "[remote \"origin\"]\n\turl = https://user:SECRET-TOKEN@example.test/x.git\n";
const DOT_ENV: &str = "API_KEY=SECRET-KEY\n";

/// Whether any file under `dir` holds one of the secrets above.
fn leaks(dir: &Path) -> Vec<String> {
    files_under(dir)
        .into_iter()
        .filter(|f| {
            let bytes = fs::read(f).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            text.contains("SECRET-TOKEN") || text.contains("SECRET-KEY")
        })
        .map(|f| f.display().to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn links_into_hidden_folders_and_hidden_static_files_are_not_published() {
    use std::os::unix::fs::symlink;
    let site = good_site();
    site.file(".git/config", GIT_CONFIG)
        .file(".env", DOT_ENV)
        .file(
            "static/.well-known/security.txt",
            "Contact: mailto:security@example.test\n",
        )
        .file("static/.htaccess", "ErrorDocument 404 /404.html\n")
        .file("static/.nojekyll", "")
        .file("static/.env", DOT_ENV)
        .file("static/.htpasswd", "admin:SECRET-KEY\n")
        .file("static/.DS_Store", "litter")
        .file("static/vendor/.git/config", GIT_CONFIG)
        .file("static/vendor/.gitignore", "*.log\n")
        .file("static/vendor/lib.js", "// fine\n")
        .page(
            "content/guide/index.md",
            "title: Guide",
            "# Guide\n\nSee [the notes](notes.txt).\n",
        );
    symlink("../.git/config", site.path("static/gitconfig.txt")).expect("symlink");
    symlink("../.env", site.path("static/env.txt")).expect("symlink");
    symlink("../../.env", site.path("content/guide/notes.txt")).expect("symlink");
    symlink("../.git", site.path("static/repo")).expect("symlink to a folder");

    let run = site.build(&[]);
    run.assert_ok();
    // Each link and hidden file is named once, saying why.
    let warnings = run.warnings();
    for (file, says) in [
        (
            "static/gitconfig.txt",
            "it is a link to .git/config, inside the hidden folder `.git`",
        ),
        ("static/env.txt", "it is a link to .env, which is hidden"),
        (
            "content/guide/notes.txt",
            "it is a link to .env, which is hidden",
        ),
        ("static/repo", "it is a link to .git, which is hidden"),
        ("static/.env", "static/.env is a hidden file"),
        ("static/.htpasswd", "static/.htpasswd is a hidden file"),
        ("static/.DS_Store", "static/.DS_Store is a hidden file"),
        (
            "static/vendor/.git",
            "static/vendor/.git/ is a hidden folder",
        ),
        (
            "static/vendor/.gitignore",
            "static/vendor/.gitignore is a hidden file",
        ),
    ] {
        let about: Vec<_> = warnings.iter().filter(|w| w.file == file).collect();
        assert_eq!(about.len(), 1, "{file}: {about:?}\n{}", run.stderr);
        assert!(
            about[0].message.starts_with("skipped: ") && about[0].message.contains(says),
            "{file}: {:?}",
            about[0]
        );
        assert!(about[0].hint.is_some(), "{file}: no hint");
    }
    for w in &warnings {
        assert!(
            !w.file.contains(".well-known")
                && !w.file.contains(".htaccess")
                && !w.file.contains(".nojekyll"),
            "{w:?}"
        );
    }
    // The hidden names made for web servers are published, and nothing of the secrets is.
    assert_eq!(
        fs::read_to_string(site.path("output/.well-known/security.txt")).expect("published"),
        "Contact: mailto:security@example.test\n"
    );
    assert!(site.exists("output/.htaccess") && site.exists("output/.nojekyll"));
    assert!(site.exists("output/vendor/lib.js"));
    for gone in [
        "gitconfig.txt",
        "env.txt",
        "repo",
        ".env",
        ".htpasswd",
        ".DS_Store",
        "vendor/.git",
        "vendor/.gitignore",
        "guide/notes.txt",
    ] {
        assert!(
            fs::symlink_metadata(site.path(&format!("output/{gone}"))).is_err(),
            "{gone} was published"
        );
    }
    assert_eq!(
        texts(&site.html("output/guide/index.html"), "h1"),
        ["Guide"]
    );
    assert_eq!(leaks(&site.path("output")), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_source_folder_that_is_a_link_into_a_hidden_folder_is_not_read() {
    use std::os::unix::fs::symlink;
    let site = good_site();
    site.file(".git/config", GIT_CONFIG);
    symlink(".git", site.path("static")).expect("symlink");
    let run = site.build(&[]);
    run.assert_ok();
    let warning = run
        .warnings()
        .into_iter()
        .find(|w| w.file == "static")
        .unwrap_or_else(|| panic!("no warning on static:\n{}", run.stderr));
    assert!(
        warning
            .message
            .contains("static/ is a link to .git, which is hidden"),
        "{warning:?}"
    );
    assert!(!site.exists("output/config"));
    assert_eq!(leaks(&site.path("output")), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_site_yaml_path_into_a_hidden_folder_is_an_error_that_prints_none_of_it() {
    use std::os::unix::fs::symlink;
    let site = good_site();
    site.file(".git/config", GIT_CONFIG)
        .file(".env", DOT_ENV)
        .file(".styles/apa.csl", "<style>SECRET</style>\n");
    symlink(".git/config", site.path("glossary.yaml")).expect("symlink");
    for (setting, key, says) in [
        (
            "glossary: .git/config",
            "glossary",
            "inside the hidden folder `.git`",
        ),
        (
            "glossary: glossary.yaml",
            "glossary",
            "it leads to .git/config, inside the hidden folder `.git`",
        ),
        (
            "bibliography: .env",
            "bibliography",
            "it leads to .env, which is hidden",
        ),
        (
            "citation_style: .styles/apa.csl",
            "citation_style",
            "inside the hidden folder `.styles`",
        ),
    ] {
        site.file(
            "site.yaml",
            format!("title: Guarded\nbase_url: {BASE_URL}\n{setting}\n"),
        );
        let run = site.build(&[]);
        assert_eq!(run.code, 1, "{setting}:\n{}", run.stderr);
        let error = run.error_at("site.yaml", 3);
        assert!(error.message.contains(says), "{setting}: {error:?}");
        assert!(error.hint.is_some(), "{setting}: no hint");
        assert!(
            !run.stderr.contains("SECRET") && !run.stdout.contains("SECRET"),
            "{setting} printed a secret:\n{}",
            run.stderr
        );
        assert!(!site.exists("output"), "{key}");
    }
}

// ---------------------------------------------------------------------------------------------
// Reproducible builds

const REFS: &str = r"@book{bowlby1973,
  author = {Bowlby, John},
  title = {Attachment and Loss},
  publisher = {Hogarth Press},
  year = {1973},
}
@book{heller2019,
  author = {Heller, Diane Poole},
  title = {The Power of Attachment},
  publisher = {Sounds True},
  year = {2019},
}
@book{heller2019b,
  author = {Heller, Diane Poole},
  title = {Another Book},
  publisher = {Sounds True},
  year = {2019},
}
";

/// The files of a site with a bit of everything: categories, citations (with 2019a/2019b),
/// footnotes, headings, drafts, ties in every sort order, pagination, static files.
fn rich_site_files() -> Vec<(String, String)> {
    let mut files = vec![
        (
            "site.yaml".to_string(),
            format!(
                "title: Reproducible\nbase_url: {BASE_URL}\nlanguage: en-NZ\npaginate_by: 4\n\
                 bibliography: [refs.bib]\ncategories_open: true\ncategories:\n  - name: Wellbeing\n    description: Feeling well.\n"
            ),
        ),
        ("refs.bib".to_string(), REFS.to_string()),
        ("static/img/logo.svg".to_string(), "<svg/>\n".to_string()),
        ("static/notes.txt".to_string(), "static\n".to_string()),
    ];
    let categories = ["Wellbeing", "Sleep", "Whānau", "Grief & Loss", "Rest"];
    for i in 0..24 {
        // Several pages share a date and a title, so every tie-break is exercised.
        let title = if i % 6 == 0 {
            "Same title".to_string()
        } else {
            format!("Page {i}")
        };
        let date = format!("2024-0{}-1{}", i % 3 + 1, i % 2);
        let cats = format!(
            "[\"{}\", \"{}\"]",
            categories[i % 5],
            categories[(i + 2) % 5]
        );
        let draft = if i == 7 { "\ndraft: true" } else { "" };
        files.push((
            format!("content/section-{}/page-{i}.md", i % 3),
            format!(
                "---\ntitle: {title}\ndate: {date}\ncategories: {cats}\nreferences: [heller2019b]{draft}\n---\n\n\
                 ## Overview\n\nAs shown [@bowlby1973, p. {i}] and @heller2019.[^n]\n\n## Overview\n\n\
                 Words about sleep, rest and whānau for page {i}.\n\n![Logo](../../img/logo.svg)\n\n[^n]: A note.\n"
            ),
        ));
    }
    files
}

/// Writes `files` into a new site, in the given order, each with its own modification time.
fn write_site(files: &[(String, String)], mtime_base: u64) -> Site {
    let site = Site::new();
    for (i, (path, text)) in files.iter().enumerate() {
        site.file(path, text);
        let file = fs::File::options()
            .write(true)
            .open(site.path(path))
            .expect("open");
        let when = SystemTime::UNIX_EPOCH + Duration::from_secs(mtime_base + 7919 * i as u64);
        file.set_modified(when).expect("set mtime");
    }
    site
}

fn build_with_env(site: &Site, env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_attach-gen"));
    command.env_remove("GITHUB_ACTIONS");
    command
        .args(["build", "--root"])
        .arg(site.root())
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("run attach-gen");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

#[test]
fn builds_are_byte_identical_whatever_the_threads_file_order_or_time() {
    let files = rich_site_files();
    let first = write_site(&files, 1_000_000_000);
    let mut reversed = files.clone();
    reversed.reverse();
    let second = write_site(&reversed, 1_700_000_000);

    build_with_env(&first, &[("RAYON_NUM_THREADS", "1"), ("TZ", "UTC")]).assert_ok();
    // A second later, so a timestamp with seconds in it would differ.
    std::thread::sleep(Duration::from_millis(1100));
    build_with_env(
        &second,
        &[("RAYON_NUM_THREADS", "8"), ("TZ", "Pacific/Auckland")],
    )
    .assert_ok();

    let a = tree(&first.path("output"));
    let b = tree(&second.path("output"));
    assert!(
        a.contains_key(".attach-gen-output"),
        "the marker is compared too"
    );
    assert!(a.len() > 30, "only {} files", a.len());
    let names_a: Vec<&String> = a.keys().collect();
    let names_b: Vec<&String> = b.keys().collect();
    assert_eq!(names_a, names_b, "the two builds wrote different files");
    let differing: Vec<&String> = a
        .iter()
        .filter(|(path, bytes)| b.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(differing.is_empty(), "files that differ: {differing:?}");

    // And a rebuild of the same folder gives the same bytes again.
    build_with_env(&first, &[("RAYON_NUM_THREADS", "3")]).assert_ok();
    assert!(tree(&first.path("output")) == a, "a rebuild differs");
}

// ---------------------------------------------------------------------------------------------
// Nothing from front matter or site.yaml can inject markup

const EVIL_TITLE: &str = "</script><script>alert(1)</script> \"double\" 'single' & <b>bold</b>";
const EVIL_DESCRIPTION: &str = "\"><script>alert(2)</script><img src=x onerror=alert(3)>";
const EVIL_CATEGORY: &str = "</script><script>alert(4)</script>";
const EVIL_SITE_TITLE: &str = "</title><script>alert(5)</script>";
const EVIL_SITE_DESCRIPTION: &str = "\" onmouseover=\"alert(6)";
const EVIL_BANNER: &str = "<script>alert(7)</script>";
const EVIL_REFERENCE: &str = "<script>alert(8)</script> A book & more";

/// A YAML double-quoted string holding `text`.
fn yaml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The same site twice: once with markup-breaking text in every field that takes text, once
/// with plain text of the same shape (the category slugifies the same, so the files line up).
fn injection_site(evil: bool) -> Site {
    let pick = |bad: &'static str, plain: &'static str| if evil { bad } else { plain };
    let site = Site::new();
    site.file(
        "site.yaml",
        format!(
            "title: {}\ndescription: {}\nbase_url: {BASE_URL}\nbanner:\n  text: {}\n  link: https://example.org/\n",
            yaml_string(pick(EVIL_SITE_TITLE, "Title script alert 5 script")),
            yaml_string(pick(EVIL_SITE_DESCRIPTION, "Onmouseover alert 6")),
            yaml_string(pick(EVIL_BANNER, "Script alert 7 script")),
        ),
    );
    let body = "## Why &lt;/script&gt; matters\n\nPlain words about sleep and rest.\n";
    site.page(
        "content/evil.md",
        &format!(
            // The weight puts it first on the home page whatever its title sorts as.
            "title: {}\ndescription: {}\ndate: 2024-05-05\nweight: 1\ncategories: [{}]\nreferences: [{}]",
            yaml_string(pick(
                EVIL_TITLE,
                "Script script alert 1 script double single bold"
            )),
            yaml_string(pick(
                EVIL_DESCRIPTION,
                "Script alert 2 script img src x onerror"
            )),
            yaml_string(pick(EVIL_CATEGORY, "script script alert 4 script")),
            yaml_string(pick(
                EVIL_REFERENCE,
                "Script alert 8 script A book and more"
            )),
        ),
        body,
    )
    .page(
        "content/plain.md",
        &format!(
            "title: Plain\ndate: 2024-05-04\ncategories: [{}]",
            yaml_string(pick(EVIL_CATEGORY, "script script alert 4 script"))
        ),
        body,
    );
    site.build(&[]).assert_ok();
    site
}

/// Every element's name in document order, and every `script` element's `type` and `src`.
fn structure(html: &scraper::Html) -> (Vec<String>, Vec<(String, String)>) {
    let names = select(html, "*")
        .iter()
        .map(|e| e.value().name().to_string())
        .collect();
    let scripts = select(html, "script")
        .iter()
        .map(|s| {
            (
                s.value().attr("type").unwrap_or_default().to_string(),
                s.value().attr("src").unwrap_or_default().to_string(),
            )
        })
        .collect();
    (names, scripts)
}

/// Whether any string in `value` (recursively) equals `text`.
fn json_has_string(value: &serde_json::Value, text: &str) -> bool {
    match value {
        serde_json::Value::String(s) => s == text,
        serde_json::Value::Array(items) => items.iter().any(|v| json_has_string(v, text)),
        serde_json::Value::Object(map) => map.values().any(|v| json_has_string(v, text)),
        _ => false,
    }
}

#[test]
fn text_from_front_matter_and_site_yaml_cannot_inject_markup() {
    let evil = injection_site(true);
    let plain = injection_site(false);
    let evil_out = evil.path("output");
    let plain_out = plain.path("output");
    let evil_files: Vec<String> = tree(&evil_out).into_keys().collect();
    let plain_files: Vec<String> = tree(&plain_out).into_keys().collect();
    assert_eq!(
        evil_files, plain_files,
        "the two sites wrote different files"
    );

    let mut checked = 0;
    for rel in &evil_files {
        if !rel.ends_with(".html") {
            continue;
        }
        checked += 1;
        let html = parse_html_file(&evil_out.join(rel));
        let control = parse_html_file(&plain_out.join(rel));
        let (names, scripts) = structure(&html);
        let (control_names, control_scripts) = structure(&control);
        // The theme's own scripts, and nothing else: no element was added or broken off.
        assert_eq!(
            scripts, control_scripts,
            "{rel}: scripts differ from the theme's"
        );
        assert_eq!(names, control_names, "{rel}: the element structure differs");
        for element in select(&html, "*") {
            for (name, _) in element.value().attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{rel}: an event handler attribute `{name}` on <{}>",
                    element.value().name()
                );
            }
        }
        // JSON-LD parses, and the title in it is the title as written.
        for script in select(&html, "script[type='application/ld+json']") {
            let text: String = script.text().collect();
            let json: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{rel}: JSON-LD does not parse ({e}): {text}"));
            if rel == "evil/index.html" {
                assert!(
                    json_has_string(&json, EVIL_TITLE),
                    "{rel}: the title is not in the JSON-LD as written: {json}"
                );
            }
        }
        // The banner comes back as written wherever it is shown.
        for banner in texts(&html, "aside.banner a") {
            assert_eq!(banner, EVIL_BANNER, "{rel}");
        }
    }
    assert!(checked >= 6, "only {checked} HTML files");

    // The page itself: every field round-trips as text.
    let page = evil.html("output/evil/index.html");
    assert_eq!(texts(&page, "h1"), [EVIL_TITLE]);
    assert!(texts(&page, "title")[0].contains(EVIL_TITLE));
    assert_eq!(
        attrs(&page, "meta[name=description]", "content"),
        [EVIL_DESCRIPTION]
    );
    assert_eq!(texts(&page, "p.lead"), [EVIL_DESCRIPTION]);
    assert_eq!(texts(&page, "p.categories a"), [EVIL_CATEGORY]);
    assert!(
        texts(&page, ".reference-list li")
            .iter()
            .any(|r| r == EVIL_REFERENCE),
        "{:?}",
        texts(&page, ".reference-list li")
    );
    let home = evil.html("output/index.html");
    assert_eq!(
        attrs(&home, "meta[name=description]", "content"),
        [EVIL_SITE_DESCRIPTION]
    );
    assert!(texts(&home, "title")[0].contains(EVIL_SITE_TITLE));
    assert_eq!(texts(&home, "a.site-title"), [EVIL_SITE_TITLE]);
    assert_eq!(texts(&home, "aside.banner a"), [EVIL_BANNER]);

    // The search index is a script: it must parse, and hold the title as written.
    let index = fs::read_to_string(evil_out.join("search-index.js")).expect("search index");
    assert!(!index.contains("</script"), "{index}");
    let json = index
        .trim()
        .strip_prefix("window.ATTACH_GEN_SEARCH = ")
        .and_then(|rest| rest.strip_suffix(';'))
        .unwrap_or_else(|| panic!("unexpected search index shape: {index}"));
    let json: serde_json::Value = serde_json::from_str(json).expect("search index parses");
    assert!(json_has_string(&json, EVIL_TITLE), "{json}");
    assert!(json_has_string(&json, EVIL_CATEGORY), "{json}");

    // Feeds and the sitemap are XML that parses, with the title as written.
    let mut feeds = 0;
    for rel in evil_files.iter().filter(|f| f.ends_with(".xml")) {
        let text = fs::read_to_string(evil_out.join(rel)).expect("read xml");
        let doc = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{rel} is not well-formed XML: {e}"));
        assert!(
            !doc.descendants()
                .any(|n| n.tag_name().name().eq_ignore_ascii_case("script")),
            "{rel}: a script element"
        );
        if doc.root_element().tag_name().name() == "feed" {
            feeds += 1;
            assert!(
                doc.descendants()
                    .any(|n| n.tag_name().name() == "title" && n.text() == Some(EVIL_TITLE)),
                "{rel}: the page title is not in the feed as written"
            );
        }
    }
    assert!(feeds > 0, "no Atom feed found");
}

/// The check above compares with a build of plain text; make sure it notices an injection.
#[test]
fn the_injection_check_notices_an_injected_element() {
    let html = scraper::Html::parse_document(
        "<html><head><script type=\"application/ld+json\">{\"t\":\"</script><script>alert(1)</script>\"}</script></head></html>",
    );
    let control = scraper::Html::parse_document(
        "<html><head><script type=\"application/ld+json\">{\"t\":\"x\"}</script></head></html>",
    );
    assert_ne!(structure(&html), structure(&control));
}
