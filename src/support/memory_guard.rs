//! The process's allocator: mimalloc, with one guard for templates.
//!
//! A template can build a value that doubles at each turn of a loop (`{% set_global s = s ~ s
//! %}`, a `replace` that lengthens): forty turns ask for terabytes. Nothing in the template's
//! text shows it, and what it writes is capped (`render::limits`), but the value is not
//! written: an allocation that fails aborts the process without a word of which template did
//! it, and where memory is overcommitted the machine swaps until the kernel kills something.
//! So while a file is rendered ([`watch`]), one allocation of more than [`LIMIT`] (far above
//! anything a page needs: a 20 MB Markdown page renders to about 25 MB, and a file may be
//! at most 128 MB) ends the build at once
//! with an error naming the template and the file, before the memory is taken. The output
//! folder is left as it was, and the unfinished one beside it removed ([`unfinished_output`]).
//!
//! The cost is one comparison of each allocation's size: the thread's state is read only for
//! an allocation past the limit.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The largest single allocation a template may cause while a file is rendered.
pub const LIMIT: usize = 256 << 20;

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

thread_local! {
    /// The file being rendered on this thread, while [`watch`]'s guard lives.
    static RENDERING: Cell<*const RenderedFile<'static>> = const { Cell::new(std::ptr::null()) };
}

/// While the guard lives, an allocation past [`LIMIT`] on this thread ends the build with an
/// error about `file`.
pub fn watch<'a>(file: &'a RenderedFile<'a>) -> Watching<'a> {
    let file = (file as *const RenderedFile<'a>).cast::<RenderedFile<'static>>();
    RENDERING.with(|current| current.set(file));
    Watching(PhantomData)
}

/// Returned by [`watch`]: the file stops being watched when it drops.
pub struct Watching<'a>(PhantomData<&'a RenderedFile<'a>>);

impl Drop for Watching<'_> {
    fn drop(&mut self) {
        RENDERING.with(|current| current.set(std::ptr::null()));
    }
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
    let file = unsafe { &*file };
    stop(file);
}

/// Prints the error about `file` and ends the process.
#[cfg(unix)]
fn stop(file: &RenderedFile) {
    // Written without allocating: the allocator is where this runs.
    let parts: [&str; 9] = [
        file.shown,
        ": error: in template `",
        file.template,
        "`: writing ",
        file.path,
        ", one value grew past 256 MB (far more than any page needs); the build stopped and the output folder was not changed\n",
        " = help: a loop probably makes a value twice as long at each turn, such as `{% set_global s = s ~ s %}`: look at the `set` and `set_global` inside `{% for %}` loops of this template and those it extends or includes\n",
        "\n",
        "Build failed with 1 error; the output folder was not changed.\n",
    ];
    for part in parts {
        write_stderr(part.as_bytes());
    }
    // Not inside mimalloc here (the call past the limit has not reached it), so removing,
    // which allocates, is safe. Another thread may still be writing into the folder: tried
    // a few times; what is left is removed by the next build, as after a killed build.
    if let Ok(unfinished) = UNFINISHED.try_lock()
        && let Some(folder) = unfinished.as_ref()
    {
        for _ in 0..3 {
            if std::fs::remove_dir_all(folder).is_ok() {
                break;
            }
        }
    }
    // SAFETY: `_exit` ends the process; nothing after it runs.
    unsafe { libc::_exit(1) }
}

/// Elsewhere the allocation goes ahead, as without the guard.
#[cfg(not(unix))]
fn stop(_: &RenderedFile) {}

#[cfg(unix)]
fn write_stderr(mut bytes: &[u8]) {
    while !bytes.is_empty() {
        // SAFETY: the pointer and length are those of a live slice.
        let written = unsafe { libc::write(2, bytes.as_ptr().cast(), bytes.len()) };
        if written <= 0 {
            return;
        }
        bytes = &bytes[written.unsigned_abs().min(bytes.len())..];
    }
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
