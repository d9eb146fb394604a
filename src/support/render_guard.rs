//! Guards against a template that runs away where the template engine cannot be stopped:
//! memory (the process's allocator) and time (a watchdog).
//!
//! - **Memory.** A template can build a value that doubles at each turn of a loop (`{%
//!   set_global s = s ~ s %}`, a `replace` that lengthens): forty turns ask for terabytes.
//!   Nothing in the template's text shows it, and what it writes is capped (`render::limits`),
//!   but the value is not written: an allocation that fails aborts the process without a word
//!   of which template did it, and where memory is overcommitted the machine swaps until the
//!   kernel kills something. So the allocator ([`GuardedAllocator`]: mimalloc) refuses, while a
//!   file is rendered ([`watch`]), one allocation of more than [`LIMIT`], far above anything a
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
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

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

/// The folder the build is writing its new output into, removed when the guard stops it.
static UNFINISHED: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Names the folder the build is writing its new output into (`None` once it is the output or
/// removed): a build the guard stops removes it, as a build that fails does.
pub fn unfinished_output(folder: Option<&Path>) {
    if let Ok(mut unfinished) = UNFINISHED.lock() {
        *unfinished = folder.map(Path::to_path_buf);
    }
}

/// How long one file may take to render: `ATTACH_GEN_RENDER_TIMEOUT` (whole seconds; `0`
/// for no limit), else 60 s. `None`: no limit.
pub fn time_limit() -> Option<Duration> {
    static LIMIT: OnceLock<Option<Duration>> = OnceLock::new();
    *LIMIT.get_or_init(|| {
        let seconds = std::env::var("ATTACH_GEN_RENDER_TIMEOUT").ok();
        match seconds.and_then(|s| s.trim().parse::<u64>().ok()) {
            Some(0) => None,
            Some(seconds) => Some(Duration::from_secs(seconds)),
            None => Some(DEFAULT_TIME_LIMIT),
        }
    })
}

thread_local! {
    /// The file being rendered on this thread, while [`watch`]'s guard lives.
    static RENDERING: Cell<*const RenderedFile<'static>> = const { Cell::new(std::ptr::null()) };
}

/// The files being rendered, and since when, for the watchdog.
struct Watched(Vec<(*const RenderedFile<'static>, Instant)>);

// SAFETY: the pointers are only read with the table locked, and each entry is taken out (under
// the lock) before the file it points to is dropped.
unsafe impl Send for Watched {}

static WATCHED: Mutex<Watched> = Mutex::new(Watched(Vec::new()));

/// While the guard lives, an allocation past [`LIMIT`] on this thread, or rendering for longer
/// than [`time_limit`], ends the build with an error about `file`.
pub fn watch<'a>(file: &'a RenderedFile<'a>) -> Watching<'a> {
    let file = (file as *const RenderedFile<'a>).cast::<RenderedFile<'static>>();
    RENDERING.with(|current| current.set(file));
    let timed = time_limit().is_some_and(|limit| {
        static WATCHDOG: OnceLock<bool> = OnceLock::new();
        *WATCHDOG.get_or_init(|| start_watchdog(limit))
    });
    if timed && let Ok(mut watched) = WATCHED.lock() {
        watched.0.push((file, Instant::now()));
    }
    Watching {
        file,
        timed,
        _file: PhantomData,
    }
}

/// Returned by [`watch`]: the file stops being watched when it drops.
pub struct Watching<'a> {
    file: *const RenderedFile<'static>,
    timed: bool,
    _file: PhantomData<&'a RenderedFile<'a>>,
}

impl Drop for Watching<'_> {
    fn drop(&mut self) {
        RENDERING.with(|current| current.set(std::ptr::null()));
        if self.timed
            && let Ok(mut watched) = WATCHED.lock()
            && let Some(at) = watched.0.iter().position(|(file, _)| *file == self.file)
        {
            watched.0.swap_remove(at);
        }
    }
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
    // SAFETY: set by `watch` from a reference that outlives its guard, and cleared when the
    // guard drops, on this thread only.
    stop(unsafe { &*file }, Reason::TooBig);
}

/// Why the build was stopped.
enum Reason {
    TooBig,
    TooLong(Duration),
}

/// Prints the error about `file`, removes the unfinished output and ends the process. Called
/// from the allocator before the allocation reaches mimalloc, so allocating here is safe.
fn stop(file: &RenderedFile, reason: Reason) {
    let (what, help) = match reason {
        Reason::TooBig => (
            format!("one value grew past {} MB (far more than any page needs)", LIMIT >> 20),
            "a loop probably makes a value twice as long at each turn, such as `{% set_global s = s ~ s %}`: look at the `set` and `set_global` inside `{% for %}` loops of this template and those it extends or includes".to_string(),
        ),
        Reason::TooLong(limit) => (
            format!("it has been rendering for more than {} s", limit.as_secs()),
            "a component that calls itself, or nested loops over the site's data, probably repeat far more than meant: look at this template and those it extends or includes (ATTACH_GEN_RENDER_TIMEOUT=<seconds> gives a slow template more time)".to_string(),
        ),
    };
    let message = format!(
        "{}: error: in template `{}`: writing {}, {what}; the build stopped\n = help: {help}\n\nBuild failed with 1 error; the output folder was not changed.\n",
        file.shown, file.template, file.path
    );
    {
        use std::io::Write;
        let _ = std::io::stderr().write_all(message.as_bytes());
    }
    // Another thread may still be writing into the folder: tried a few times; what is left is
    // removed by the next build, as after a killed build.
    if let Ok(unfinished) = UNFINISHED.try_lock()
        && let Some(folder) = unfinished.as_ref()
    {
        for _ in 0..3 {
            if std::fs::remove_dir_all(folder).is_ok() {
                break;
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
    fn a_file_is_watched_only_while_its_guard_lives() {
        let current = || RENDERING.with(|c| c.get());
        assert!(current().is_null());
        let file = RenderedFile {
            template: "page.html",
            shown: "templates/page.html",
            path: "a/index.html",
        };
        {
            let _watching = watch(&file);
            assert!(!current().is_null());
            // SAFETY: set just above from `file`, which is alive.
            assert_eq!(unsafe { (*current()).path }, "a/index.html");
            // Another thread renders nothing.
            std::thread::spawn(move || assert!(RENDERING.with(|c| c.get()).is_null()))
                .join()
                .unwrap();
        }
        assert!(current().is_null());
        // Outside a rendering, a large allocation goes ahead (the process is not ended).
        refuse_while_rendering();
    }
}
