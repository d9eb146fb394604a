//! Hostile and unusual input: every case in `tests/bad-inputs/` is built by the real binary and
//! must meet the expectation in its `expect.yaml` (see `tests/bad-inputs/README.md`).
//!
//! For every case, whatever it expects: the build finishes within [`HANG_AFTER`] (it is killed
//! and reported as a hang otherwise), nothing panics, and no staging folder is left behind. A
//! failing build must leave the output folder from an earlier build exactly as it was; a
//! successful one must replace it.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::*;
use serde::Deserialize;

/// A build still running after this long is treated as hung (no case comes near it).
const HANG_AFTER: Duration = Duration::from_secs(60);

/// The base URL given to builds whose site.yaml has none.
const BASE_URL: &str = "https://example.test/site";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// What the case is about, in a sentence.
    about: String,
    /// The exit code: 0 built, 1 errors in the site, 2 usage error.
    exit: i32,
    /// The first (or only) error expected: its file, line and part of its message.
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    line: Option<usize>,
    #[serde(default)]
    message_contains: Option<String>,
    /// Part of that error's help line (`= help: ...`), when the help is the point.
    #[serde(default)]
    hint_contains: Option<String>,
    /// More errors expected in the same run.
    #[serde(default)]
    errors: Vec<ExpectedDiagnostic>,
    /// Warnings expected (on success or failure).
    #[serde(default)]
    warnings: Vec<ExpectedDiagnostic>,
    /// Strings that must not appear in what the build prints (stdout or stderr).
    #[serde(default)]
    output_contains_none: Vec<String>,
    /// Extra arguments for `attach-gen build`.
    #[serde(default)]
    args: Vec<String>,
    /// Environment variables for `attach-gen build` (`ATTACH_GEN_RENDER_TIMEOUT: "2"`).
    #[serde(default)]
    env: BTreeMap<String, String>,
    /// Files made by the runner rather than committed (too big, binary, or special).
    #[serde(default)]
    generate: Vec<Generate>,
    /// Checks on the built site (successful cases only).
    #[serde(default)]
    html: Vec<HtmlCheck>,
    /// Paths that must be in the output after a successful build.
    #[serde(default)]
    output_has: Vec<String>,
    /// Paths (files, folders or links) that must not be in the output, whatever the outcome.
    #[serde(default)]
    output_lacks: Vec<String>,
    /// Replaces `exit`, `file`, `line` and `message_contains` when the test runs with the
    /// privilege to read a file whose mode is 000 (root does): such a case cannot be made
    /// unreadable, so it checks whatever then happens is clean.
    #[serde(default)]
    privileged: Option<Privileged>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedDiagnostic {
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    line: Option<usize>,
    message_contains: String,
    /// Part of its help line: a diagnostic without one, or with another, does not match.
    #[serde(default)]
    hint_contains: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Privileged {
    /// Exit codes that are acceptable (a build, or a clear error).
    exit_any_of: Vec<i32>,
    /// For an error: the file it must name.
    #[serde(default)]
    file: Option<String>,
}

/// One generated file: `text`, then the bytes of `hex`, then `repeat` `times` times (with
/// `{n}` in it replaced by 0, 1, 2, ...), then `then`, then grown to `size` bytes. Or a folder
/// (`dir`), a symbolic link (`symlink`) or a named pipe (`fifo`). `mode` is applied last.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Generate {
    path: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    hex: String,
    #[serde(default)]
    repeat: String,
    #[serde(default)]
    times: usize,
    #[serde(default)]
    then: String,
    #[serde(default)]
    dir: bool,
    #[serde(default)]
    symlink: Option<String>,
    /// A named pipe (FIFO) instead of a file.
    #[serde(default)]
    fifo: bool,
    /// Makes the file this many bytes long (sparse: the bytes take no disk space).
    #[serde(default)]
    size: Option<u64>,
    /// Unix permission bits, written in octal (`"000"`).
    #[serde(default)]
    mode: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HtmlCheck {
    /// Relative to the output folder.
    file: String,
    select: String,
    /// The number of matching elements.
    #[serde(default)]
    count: Option<usize>,
    /// The text of every matching element, in order.
    #[serde(default)]
    texts: Option<Vec<String>>,
    /// An attribute to compare instead of the text.
    #[serde(default)]
    attr: Option<String>,
    /// No matching element's text (or `attr`) contains this.
    #[serde(default)]
    text_contains_none: Option<String>,
}

fn cases_dir() -> PathBuf {
    repo_root().join("tests/bad-inputs")
}

/// Every case folder, sorted by name.
fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(cases_dir())
        .expect("tests/bad-inputs exists")
        .map(|e| e.expect("read entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

fn load_expect(case: &Path) -> Expect {
    let path = case.join("expect.yaml");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Makes the files `expect.yaml` asks for. Returns whether a mode-000 file could still be read
/// (the test runs as root, or with CAP_DAC_OVERRIDE).
fn generate(root: &Path, items: &[Generate]) -> bool {
    let mut privileged = false;
    for item in items {
        let path = root.join(&item.path);
        fs::create_dir_all(path.parent().expect("has a parent")).expect("create folders");
        if item.dir {
            fs::create_dir_all(&path).expect("create folder");
        } else if let Some(target) = &item.symlink {
            #[cfg(unix)]
            std::os::unix::fs::symlink(target, &path).expect("create symlink");
            #[cfg(not(unix))]
            let _ = target;
        } else if item.fifo {
            let made = Command::new("mkfifo")
                .arg(&path)
                .status()
                .is_ok_and(|s| s.success());
            assert!(made, "mkfifo {}", path.display());
        } else {
            let mut bytes = item.text.as_bytes().to_vec();
            bytes.extend(hex_bytes(&item.hex));
            bytes.reserve(item.repeat.len() * item.times + item.then.len());
            for n in 0..item.times {
                if item.repeat.contains("{n}") {
                    bytes.extend_from_slice(item.repeat.replace("{n}", &n.to_string()).as_bytes());
                } else {
                    bytes.extend_from_slice(item.repeat.as_bytes());
                }
            }
            bytes.extend_from_slice(item.then.as_bytes());
            fs::write(&path, bytes).expect("write generated file");
            if let Some(size) = item.size {
                let file = fs::OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .expect("open generated file");
                file.set_len(size).expect("grow generated file");
            }
        }
        if let Some(mode) = &item.mode {
            let mode = u32::from_str_radix(mode, 8).expect("mode in octal");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                fs::set_permissions(&path, fs::Permissions::from_mode(mode)).expect("chmod");
                if mode & 0o444 == 0 && fs::read(&path).is_ok() {
                    privileged = true;
                }
            }
        }
    }
    privileged
}

fn hex_bytes(hex: &str) -> Vec<u8> {
    hex.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).unwrap_or_else(|e| panic!("hex byte {b:?}: {e}")))
        .collect()
}

/// Gives back read and write permission to everything under `dir`, so it can be removed.
fn unlock(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for entry in walkdir::WalkDir::new(dir).follow_links(false) {
            let Ok(entry) = entry else { continue };
            if entry.path_is_symlink() {
                continue;
            }
            let mode = if entry.file_type().is_dir() {
                0o755
            } else {
                0o644
            };
            let _ = fs::set_permissions(entry.path(), fs::Permissions::from_mode(mode));
        }
    }
}

/// Runs `attach-gen build` in `root`, killing it after [`HANG_AFTER`].
fn build_with_timeout(
    root: &Path,
    (args, env): (&[String], &BTreeMap<String, String>),
    logs: &Path,
) -> Result<Run, String> {
    let stdout_path = logs.join("stdout");
    let stderr_path = logs.join("stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_attach-gen"))
        .env_remove("GITHUB_ACTIONS")
        // The case's own limits, not the developer's.
        .env_remove("ATTACH_GEN_RENDER_TIMEOUT")
        .envs(env)
        .arg("build")
        // Every error printed: a case expects those it names, wherever they come in the list.
        .arg("--show-all")
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(fs::File::create(&stdout_path).expect("stdout file"))
        .stderr(fs::File::create(&stderr_path).expect("stderr file"))
        .spawn()
        .expect("start attach-gen");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for attach-gen") {
            break status;
        }
        if started.elapsed() > HANG_AFTER {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("hang: still running after {HANG_AFTER:?}, killed"));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |p: &Path| String::from_utf8_lossy(&fs::read(p).unwrap_or_default()).into_owned();
    Ok(Run {
        code: status.code().unwrap_or(-1),
        stdout: read(&stdout_path),
        stderr: read(&stderr_path),
    })
}

/// Stands in for an earlier build's output: marked as attach-gen's, so builds may replace it.
fn old_output(root: &Path) {
    let out = root.join("output");
    fs::create_dir_all(out.join("old")).expect("create old output");
    fs::write(out.join(".attach-gen-output"), "marker\n").expect("write marker");
    fs::write(out.join("index.html"), "<p>the previous build</p>\n").expect("write");
    fs::write(out.join("old/index.html"), "<p>an old page</p>\n").expect("write");
}

fn matches(found: &Reported, expected: &ExpectedDiagnostic) -> bool {
    expected.file.as_ref().is_none_or(|f| *f == found.file)
        && expected.line.is_none_or(|l| l == found.line)
        && found.message.contains(&expected.message_contains)
        && expected.hint_contains.as_ref().is_none_or(|h| {
            found
                .hint
                .as_ref()
                .is_some_and(|hint| hint.contains(h.as_str()))
        })
}

/// Runs one case; returns what is wrong with the outcome (nothing when it met its expectation).
fn run_case(case: &Path) -> Vec<String> {
    let name = case
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let expect = load_expect(case);
    let work = tempfile::Builder::new()
        .prefix("attach-gen-bad-")
        .tempdir()
        .expect("temp dir");
    let root = work.path().join("site");
    let logs = work.path().join("logs");
    fs::create_dir_all(&logs).expect("logs folder");
    copy_dir(case, &root);
    fs::remove_file(root.join("expect.yaml")).expect("remove expect.yaml from the copy");
    // The theme comes from the repository unless the case brings its own.
    if !root.join("themes").exists() {
        copy_dir(
            &repo_root().join("themes/default"),
            &root.join("themes/default"),
        );
    }
    let privileged = generate(&root, &expect.generate);
    old_output(&root);
    let before = snapshot(&root.join("output"));

    let mut args = expect.args.clone();
    // site.yaml may be a named pipe or a link to /dev/zero: read it only if it is a file.
    let config_path = root.join("site.yaml");
    let config = if fs::symlink_metadata(&config_path).is_ok_and(|m| m.is_file()) {
        fs::read_to_string(&config_path).unwrap_or_default()
    } else {
        String::new()
    };
    if !config.lines().any(|l| l.starts_with("base_url:"))
        && !args.iter().any(|a| a == "--base-url")
    {
        args.extend(["--base-url".to_string(), BASE_URL.to_string()]);
    }
    let outcome = build_with_timeout(&root, (&args, &expect.env), &logs);
    let mut problems = Vec::new();
    let run = match outcome {
        Ok(run) => run,
        Err(hang) => {
            unlock(work.path());
            return vec![format!("{name}: {hang}")];
        }
    };
    let mut fail = |why: String| problems.push(format!("{name}: {why}"));

    if run.stderr.contains("panicked") || run.code == 101 {
        fail(format!("panicked:\n{}", run.stderr));
    }
    if run.code < 0 || run.code > 2 {
        fail(format!(
            "crashed (exit {}), stderr:\n{}",
            run.code,
            tail(&run.stderr)
        ));
    }

    let errors = run.errors();
    let mut wanted: Vec<ExpectedDiagnostic> = Vec::new();
    let exit_ok = match (&expect.privileged, privileged) {
        (Some(p), true) => {
            if run.code != 0
                && let Some(file) = &p.file
                && !errors.iter().any(|e| &e.file == file)
            {
                fail(format!(
                    "(privileged) no error names {file}:\n{}",
                    run.stderr
                ));
            }
            p.exit_any_of.contains(&run.code)
        }
        _ => {
            if let Some(message) = &expect.message_contains {
                wanted.push(ExpectedDiagnostic {
                    file: expect.file.clone(),
                    line: expect.line,
                    message_contains: message.clone(),
                    hint_contains: expect.hint_contains.clone(),
                });
            }
            wanted.extend(expect.errors.iter().cloned());
            run.code == expect.exit
        }
    };
    if !exit_ok {
        fail(format!(
            "exit {} (expected {}); stdout:\n{}\nstderr:\n{}",
            run.code,
            expect.exit,
            run.stdout,
            tail(&run.stderr)
        ));
    }
    for want in &wanted {
        if !errors.iter().any(|e| matches(e, want)) {
            fail(format!(
                "no error like {want:?}; errors: {errors:#?}\nstderr:\n{}",
                tail(&run.stderr)
            ));
        }
    }
    let warnings = run.warnings();
    for want in &expect.warnings {
        if !warnings.iter().any(|w| matches(w, want)) {
            fail(format!(
                "no warning like {want:?}; warnings: {warnings:#?}\nstderr:\n{}",
                tail(&run.stderr)
            ));
        }
    }
    for bad in &expect.output_contains_none {
        if run.stderr.contains(bad.as_str()) || run.stdout.contains(bad.as_str()) {
            fail(format!("printed {bad:?}:\n{}", tail(&run.stderr)));
        }
    }
    // Every error names a file when the case says which one (a located error is a usable one).
    if expect.exit == 1 && !privileged && errors.is_empty() {
        fail(format!("exit 1 but no error printed:\n{}", run.stderr));
    }

    let output = root.join("output");
    let leftovers = hidden_entries(&root);
    if !leftovers.is_empty() {
        fail(format!("left behind in the site folder: {leftovers:?}"));
    }
    if run.code == 0 {
        if !output.join(".attach-gen-output").is_file() || !output.join("index.html").is_file() {
            fail("success, but the output has no marker or index.html".into());
        }
        if output.join("old/index.html").exists() {
            fail("success, but the previous output was not replaced".into());
        }
        for check in &expect.html {
            if let Err(why) = check_html(&output, check) {
                fail(why);
            }
        }
        for path in &expect.output_has {
            if !output.join(path).exists() {
                fail(format!("success, but the output has no {path}"));
            }
        }
    } else if snapshot(&output) != before {
        fail("the build failed but the previous output changed".into());
    }
    for path in &expect.output_lacks {
        if fs::symlink_metadata(output.join(path)).is_ok() {
            fail(format!("the output holds {path}, which it must not"));
        }
    }
    unlock(work.path());
    problems
}

fn check_html(output: &Path, check: &HtmlCheck) -> Result<(), String> {
    let path = output.join(&check.file);
    let source = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", check.file))?;
    let html = scraper::Html::parse_document(&source);
    let found = select(&html, &check.select);
    if let Some(count) = check.count
        && found.len() != count
    {
        return Err(format!(
            "{}: {} `{}` elements, expected {count}",
            check.file,
            found.len(),
            check.select
        ));
    }
    let got: Vec<String> = found
        .iter()
        .map(|e| match &check.attr {
            Some(attr) => e.value().attr(attr).unwrap_or_default().to_string(),
            None => text(*e),
        })
        .collect();
    if let Some(bad) = &check.text_contains_none
        && let Some(found) = got.iter().find(|t| t.contains(bad.as_str()))
    {
        return Err(format!(
            "{}: a `{}` element holds {bad:?}: {found:?}",
            check.file, check.select
        ));
    }
    if let Some(expected) = &check.texts
        && &got != expected
    {
        return Err(format!(
            "{}: `{}` gives {got:?}, expected {expected:?}",
            check.file, check.select
        ));
    }
    Ok(())
}

/// The end of a long stderr (a 10,000-deep error message need not be shown whole).
fn tail(text: &str) -> &str {
    let limit = 4000;
    if text.len() <= limit {
        return text;
    }
    let mut start = text.len() - limit;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

#[test]
fn every_bad_input_meets_its_expectation() {
    let cases = cases();
    let next = AtomicUsize::new(0);
    let problems: Mutex<BTreeMap<String, Vec<String>>> = Mutex::default();
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 4);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(case) = cases.get(index) else { break };
                    let found = std::panic::catch_unwind(|| run_case(case)).unwrap_or_else(|e| {
                        let why = e
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_default();
                        vec![format!("the runner failed on {}: {why}", case.display())]
                    });
                    let name = case
                        .file_name()
                        .expect("name")
                        .to_string_lossy()
                        .into_owned();
                    problems.lock().expect("lock").insert(name, found);
                }
            });
        }
    });
    let problems = problems.into_inner().expect("lock");
    assert_eq!(problems.len(), cases.len());
    let failed: Vec<String> = problems.into_values().flatten().collect();
    assert!(
        failed.is_empty(),
        "{} problems:\n\n{}",
        failed.len(),
        failed.join("\n\n")
    );
}

#[test]
fn the_corpus_is_complete_and_well_formed() {
    let cases = cases();
    assert!(cases.len() >= 32, "only {} cases", cases.len());
    let mut numbers = Vec::new();
    for case in &cases {
        let name = case
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let (number, rest) = name.split_once('-').unwrap_or(("", ""));
        // Two digits, or three from 100 on (parallel work takes separate ranges).
        assert!(
            (2..=3).contains(&number.len())
                && number.chars().all(|c| c.is_ascii_digit())
                && !rest.is_empty(),
            "{name}: case folders are named NN-short-name (or NNN-short-name)"
        );
        numbers.push(number.to_string());
        let expect = load_expect(case);
        assert!(
            !expect.about.trim().is_empty(),
            "{name}: say what it is about"
        );
        assert!(
            matches!(expect.exit, 0..=2),
            "{name}: exit must be 0, 1 or 2"
        );
        if expect.exit == 1 {
            assert!(
                expect.message_contains.is_some() || !expect.errors.is_empty(),
                "{name}: a failing case names the error it expects"
            );
            assert!(
                expect.file.is_some() || expect.errors.iter().any(|e| e.file.is_some()),
                "{name}: a failing case names the file the error is in"
            );
        }
        // A help expected of no error would check nothing.
        assert!(
            expect.hint_contains.is_none() || expect.message_contains.is_some(),
            "{name}: `hint_contains` goes with `message_contains`"
        );
        let has_site = case.join("site.yaml").is_file()
            || expect.generate.iter().any(|g| g.path == "site.yaml");
        assert!(has_site || expect.exit == 2, "{name}: no site.yaml");
    }
    let count = numbers.len();
    numbers.dedup();
    assert_eq!(numbers.len(), count, "case numbers are unique");
}
