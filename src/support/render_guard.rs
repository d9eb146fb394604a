//! Guards against a template that runs away where the template engine cannot be stopped:
//! memory (the process's allocator) and time (a watchdog).
//!
//! - **Memory.** A template can build a value that doubles at each turn of a loop (`{%
//!   set_global s = s ~ s %}`, a `replace` that lengthens): forty turns ask for terabytes.
//!   Nothing in the template's text shows it, and what it writes is capped (`render::limits`),
//!   but the value is not written: an allocation that fails aborts the process without a word
//!   of which template did it, and where memory is overcommitted the machine swaps until the
//!   kernel kills something. So the allocator ([`GuardedAllocator`]: mimalloc) refuses, while a
//!   file is rendered ([`watching`]), one allocation of more than [`LIMIT`], far above anything a
//!   page needs (a 20 MB Markdown page renders to about 25 MB; a file may be at most 128 MB).
//!   The cost is one comparison of each allocation's size.
//! - **Time.** Components that call themselves several times each, twenty deep (Tera's
//!   limit), make trillions of calls while writing nothing and allocating little: the build
//!   would never end. A watchdog thread ends it when one file has been rendering for longer
//!   than [`time_limit`] (60 s; Hugo's `timeout` is 30 s).
//!
//! Either way the build ends at once with an error naming the template and the file, the output
//! folder left as it was and the unfinished one beside it removed ([`unfinished_output`]).

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::support::diagnostic::{Code, Diagnostic};

/// The largest single allocation a template may cause while a file is rendered.
pub const LIMIT: usize = 256 << 20;

/// How long one file may take to render when `ATTACH_GEN_RENDER_TIMEOUT` does not say.
const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(60);

/// mimalloc (a build allocates and frees millions of small strings from two threads; glibc's
/// allocator slows as its heap fragments, see docs/performance.md), refusing, while a file is
/// rendered, an allocation past [`LIMIT`].
pub struct GuardedAllocator;

/// The file being rendered on a thread, for the message.
pub struct RenderedFile<'a> {
    /// The template's name (`page.html`).
    pub template: &'a str,
    /// Its file as the site shows it (`templates/page.html`), or its name when built in.
    pub shown: &'a str,
    /// The file written, relative to the output (`guides/sleep/index.html`).
    pub path: &'a str,
}

/// The folders builds of this process are writing their new outputs into, removed when the
/// guard stops the process (every build in it ends then).
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Names a folder a build is writing its new output into (`started`), or no longer (it is the
/// output now, or removed): a process the guard stops removes it, as a build that fails does.
pub fn unfinished_output(folder: &Path, started: bool) {
    if let Ok(mut unfinished) = UNFINISHED.lock() {
        unfinished.retain(|f| f != folder);
        if started {
            unfinished.push(folder.to_path_buf());
        }
    }
}

/// The environment variable that sets [`time_limit`].
pub const TIME_LIMIT_VARIABLE: &str = "ATTACH_GEN_RENDER_TIMEOUT";

/// How long one file may take to render: [`TIME_LIMIT_VARIABLE`] read by
/// [`time_limit_from`], else 60 s. `None`: no limit.
pub fn time_limit() -> Option<Duration> {
    static LIMIT: OnceLock<Option<Duration>> = OnceLock::new();
    *LIMIT.get_or_init(|| {
        let written = std::env::var(TIME_LIMIT_VARIABLE).ok();
        time_limit_from(written.as_deref()).unwrap_or(Some(DEFAULT_TIME_LIMIT))
    })
}

/// The time limit `written` in [`TIME_LIMIT_VARIABLE`]: seconds (`90`, `2.5`), `0` for none;
/// unset, 60 s. The CLI refuses a value this refuses, before it builds.
pub fn time_limit_from(written: Option<&str>) -> Result<Option<Duration>, String> {
    let Some(written) = written else {
        return Ok(Some(DEFAULT_TIME_LIMIT));
    };
    match written.trim().parse::<f64>() {
        Ok(0.0) => Ok(None),
        Ok(seconds) if seconds > 0.0 && seconds.is_finite() && seconds < 1e9 => {
            Ok(Some(Duration::from_secs_f64(seconds)))
        }
        _ => Err(format!(
            "{TIME_LIMIT_VARIABLE} is `{}`: it takes the seconds one file may take to render (such as `120` or `2.5`), or `0` for no limit",
            crate::support::diagnostic::printable(written)
        )),
    }
}

thread_local! {
    /// The file being rendered on this thread, while [`watching`] runs its render.
    static RENDERING: Cell<*const RenderedFile<'static>> = const { Cell::new(std::ptr::null()) };
}

/// The files being rendered, and since when, for the watchdog.
struct Watched(Vec<(*const RenderedFile<'static>, Instant)>);

// SAFETY: the pointers are only read with the table locked, and each entry is taken out (under
// the lock) before the file it points to is dropped.
unsafe impl Send for Watched {}

static WATCHED: Mutex<Watched> = Mutex::new(Watched(Vec::new()));

/// Runs `render` (the rendering of `file`) watched: an allocation past [`LIMIT`] on this
/// thread, or rendering for longer than [`time_limit`], ends the build with an error about
/// `file`. Scoped, so that the file cannot be dropped while it is watched.
pub fn watching<R>(file: &RenderedFile, render: impl FnOnce() -> R) -> R {
    let pointer = (file as *const RenderedFile).cast::<RenderedFile<'static>>();
    let watched = Watching::start(pointer);
    let result = render();
    drop(watched);
    result
}

/// A file being watched; it stops being watched when this drops (also when `render`
/// unwinds).
struct Watching {
    file: *const RenderedFile<'static>,
    timed: bool,
    /// What this thread was watching before (`watching` inside `watching`).
    outer: *const RenderedFile<'static>,
}

impl Watching {
    fn start(file: *const RenderedFile<'static>) -> Watching {
        let outer = RENDERING.with(|current| current.replace(file));
        let timed = time_limit().is_some_and(|limit| {
            static WATCHDOG: OnceLock<bool> = OnceLock::new();
            *WATCHDOG.get_or_init(|| start_watchdog(limit))
        });
        if timed && let Ok(mut watched) = WATCHED.lock() {
            watched.0.push((file, Instant::now()));
        }
        Watching { file, timed, outer }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        RENDERING.with(|current| current.set(self.outer));
        if self.timed
            && let Ok(mut watched) = WATCHED.lock()
            && let Some(at) = watched.0.iter().position(|(file, _)| *file == self.file)
        {
            watched.0.swap_remove(at);
        }
    }
}

/// Whether `file` is in the watchdog's table (for tests).
#[cfg(test)]
fn in_table(file: &RenderedFile) -> bool {
    let pointer = (file as *const RenderedFile).cast::<RenderedFile<'static>>();
    WATCHED
        .lock()
        .map(|w| w.0.iter().any(|(f, _)| *f == pointer))
        .unwrap_or(false)
}

/// Starts the thread that stops the build when a file renders for longer than `limit`;
/// whether it started.
fn start_watchdog(limit: Duration) -> bool {
    let tick = (limit / 20).clamp(Duration::from_millis(10), Duration::from_secs(1));
    let watchdog = move || {
        loop {
            std::thread::sleep(tick);
            let overdue = WATCHED.lock().ok().and_then(|watched| {
                let (file, _) = watched
                    .0
                    .iter()
                    .find(|(_, since)| since.elapsed() > limit)?;
                // SAFETY: an entry is taken out, under this lock, before its file is dropped.
                let file = unsafe { &**file };
                Some((
                    file.shown.to_string(),
                    file.template.to_string(),
                    file.path.to_string(),
                ))
            });
            if let Some((shown, template, path)) = overdue {
                let file = RenderedFile {
                    template: &template,
                    shown: &shown,
                    path: &path,
                };
                stop(&file, Reason::TooLong(limit));
            }
        }
    };
    std::thread::Builder::new()
        .name("render watchdog".into())
        .spawn(watchdog)
        .is_ok()
}

/// Ends the process with an error when a file is being rendered on this thread; returns
/// otherwise (the allocation then goes ahead).
#[cold]
fn refuse_while_rendering() {
    let file = RENDERING
        .try_with(|current| current.get())
        .unwrap_or(std::ptr::null());
    if file.is_null() {
        return;
    }
    // SAFETY: set by `watching` from a reference that outlives the render, and reset when the
    // guard drops, on this thread only.
    stop(unsafe { &*file }, Reason::TooBig);
}

/// Why the build was stopped.
enum Reason {
    TooBig,
    TooLong(Duration),
}

/// Prints the error that stops a runaway render, as the command prints its findings (its
/// message format, a progress line cleared first); set once by the CLI. Without one, the
/// error is printed as a plain finding on standard error.
static REPORT: OnceLock<Box<Reporter>> = OnceLock::new();

/// What [`report_with`] is given.
type Reporter = dyn Fn(&Diagnostic) + Send + Sync;

/// Sets how the error that stops a runaway render is printed (see [`REPORT`]).
pub fn report_with(report: impl Fn(&Diagnostic) + Send + Sync + 'static) {
    let _ = REPORT.set(Box::new(report));
}

/// The error about `file`.
fn stopped(file: &RenderedFile, reason: &Reason) -> Diagnostic {
    let (what, help) = match reason {
        Reason::TooBig => (
            format!(
                "one value grew past {} MB, far more than any page needs",
                LIMIT >> 20
            ),
            "a loop probably repeats far more than meant, or makes a value twice as long at each turn (`{% set_global s = s ~ s %}`): look at the `{% for %}` loops, and the `set` and `set_global` inside them, of this template and those it extends or includes".to_string(),
        ),
        Reason::TooLong(limit) => (
            format!(
                "it has been rendering for more than {} s",
                limit.as_secs_f64()
            ),
            format!(
                "a component that calls itself, or nested loops over the site's data, probably repeat far more than meant: look at this template and those it extends or includes ({TIME_LIMIT_VARIABLE}=<seconds> gives a template that is slow on purpose more time)"
            ),
        ),
    };
    Diagnostic::error(
        Code::Template,
        format!(
            "in template `{}`: writing {}, {what}; the build stopped",
            file.template, file.path
        ),
    )
    .with_hint(help)
    .in_file(Path::new(file.shown))
}

/// Prints the error about `file`, removes the unfinished outputs and ends the process. Called
/// from the allocator before the allocation reaches mimalloc, so allocating here is safe.
fn stop(file: &RenderedFile, reason: Reason) {
    let error = stopped(file, &reason);
    match REPORT.get() {
        Some(report) => report(&error),
        None => eprintln!("{}\n", error.render_styled(false)),
    }
    // Another thread may still be writing into a folder: tried a few times; what is left is
    // removed by the next build, as after a killed build.
    if let Ok(unfinished) = UNFINISHED.try_lock() {
        for folder in unfinished.iter() {
            for _ in 0..3 {
                if std::fs::remove_dir_all(folder).is_ok() {
                    break;
                }
            }
        }
    }
    end_now();
}

/// Ends the process at once: without running exit handlers, which could meet the other
/// threads' allocations half done.
fn end_now() {
    #[cfg(unix)]
    {
        // SAFETY: `_exit` ends the process; nothing after it runs.
        unsafe { libc::_exit(1) }
    }
    #[cfg(not(unix))]
    std::process::exit(1)
}

// SAFETY: every call is passed on to mimalloc unchanged, except that a call past the limit may
// first end the process.
unsafe impl GlobalAlloc for GuardedAllocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() > LIMIT {
            refuse_while_rendering();
        }
        // SAFETY: the caller's guarantees, passed on.
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.size() > LIMIT {
            refuse_while_rendering();
        }
        // SAFETY: the caller's guarantees, passed on.
        unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's guarantees, passed on.
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > LIMIT {
            refuse_while_rendering();
        }
        // SAFETY: the caller's guarantees, passed on.
        unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_watched_only_while_it_renders() {
        let current = || RENDERING.with(|c| c.get());
        assert!(current().is_null());
        let file = RenderedFile {
            template: "page.html",
            shown: "templates/page.html",
            path: "a/index.html",
        };
        let inner = RenderedFile {
            template: "inner.html",
            shown: "templates/inner.html",
            path: "b/index.html",
        };
        watching(&file, || {
            // SAFETY: set from `file`, which is alive.
            assert_eq!(unsafe { (*current()).path }, "a/index.html");
            assert!(in_table(&file));
            // Another thread renders nothing.
            std::thread::spawn(move || assert!(RENDERING.with(|c| c.get()).is_null()))
                .join()
                .unwrap();
            // Inside another: the inner file, then the outer again.
            watching(&inner, || {
                // SAFETY: set from `inner`, which is alive.
                assert_eq!(unsafe { (*current()).path }, "b/index.html");
            });
            // SAFETY: set from `file` again.
            assert_eq!(unsafe { (*current()).path }, "a/index.html");
            assert!(!in_table(&inner));
        });
        assert!(current().is_null());
        assert!(!in_table(&file));
        // A render that panics is no longer watched after it.
        let panicked = std::panic::catch_unwind(|| watching(&file, || panic!("in the template")));
        assert!(panicked.is_err());
        assert!(current().is_null() && !in_table(&file));
        // Outside a rendering, a large allocation goes ahead (the process is not ended).
        refuse_while_rendering();
    }

    #[test]
    fn the_time_limit_is_seconds_or_zero_for_none() {
        let secs = |s: f64| Ok(Some(Duration::from_secs_f64(s)));
        assert_eq!(time_limit_from(None), secs(60.0));
        assert_eq!(time_limit_from(Some("120")), secs(120.0));
        assert_eq!(time_limit_from(Some(" 2.5 ")), secs(2.5));
        assert_eq!(time_limit_from(Some("0")), Ok(None));
        for wrong in ["", "ten", "-1", "1e300", "NaN", "inf", "2s"] {
            let refused = time_limit_from(Some(wrong)).unwrap_err();
            assert!(
                refused.contains("ATTACH_GEN_RENDER_TIMEOUT is"),
                "{wrong}: {refused}"
            );
        }
    }

    #[test]
    fn the_error_names_the_template_the_file_and_what_to_do() {
        let file = RenderedFile {
            template: "page.html",
            shown: "templates/page.html",
            path: "a/index.html",
        };
        let big = stopped(&file, &Reason::TooBig);
        assert_eq!(big.file.as_deref(), Some(Path::new("templates/page.html")));
        assert!(
            big.message.contains(
                "in template `page.html`: writing a/index.html, one value grew past 256 MB"
            )
        );
        assert!(
            big.hint
                .as_deref()
                .unwrap_or_default()
                .contains("set_global s = s ~ s")
        );
        let long = stopped(&file, &Reason::TooLong(Duration::from_millis(2500)));
        assert!(
            long.message.contains("rendering for more than 2.5 s"),
            "{}",
            long.message
        );
        assert!(
            long.hint
                .as_deref()
                .unwrap_or_default()
                .contains("ATTACH_GEN_RENDER_TIMEOUT")
        );
    }
}
