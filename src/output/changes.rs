//! What a build changed in the output folder, and keeping what it did not change as it was.
//!
//! Deploy tools (`rsync`, `aws s3 sync`, `gsutil rsync`) upload a file when its size or
//! modification time differ. A file whose bytes are the same as in the old output is therefore
//! not written again but linked from the old output into the new one (a hard link: same inode,
//! same modification time), or, where the file system cannot link, written and given the old
//! file's modification time. Files the new site no longer has are found by walking the old
//! output once, as it is removed after the swap. [`ChangeSet`] lists the rest, for
//! `--changed-list`.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// How a file of the new output differs from the old output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Not in the old output.
    Added,
    /// In the old output with other bytes.
    Modified,
    /// In the old output, not in the new one.
    Deleted,
}

impl ChangeKind {
    /// The letter `git diff --name-status` uses for it.
    pub fn letter(self) -> char {
        match self {
            ChangeKind::Added => 'A',
            ChangeKind::Modified => 'M',
            ChangeKind::Deleted => 'D',
        }
    }
}

/// The files a build added, modified or deleted, by `/`-separated path inside the output.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ChangeSet {
    /// Sorted by path.
    pub files: Vec<(String, ChangeKind)>,
    /// Files of the new output whose bytes were as before (kept, with their modification time).
    pub unchanged: usize,
}

impl ChangeSet {
    /// The change set of `changed` files, `unchanged` ones, and `deleted` ones.
    pub fn new(
        mut changed: Vec<(String, ChangeKind)>,
        unchanged: usize,
        deleted: Vec<String>,
    ) -> ChangeSet {
        changed.extend(deleted.into_iter().map(|p| (p, ChangeKind::Deleted)));
        // In parallel: one after the other, sorting a large site's paths kept a core idle at
        // the end of the build. Equal entries are the same, so an unstable sort is the same.
        rayon::slice::ParallelSliceMut::par_sort_unstable(&mut changed[..]);
        ChangeSet {
            files: changed,
            unchanged,
        }
    }

    pub fn count(&self, kind: ChangeKind) -> usize {
        self.files.iter().filter(|(_, k)| *k == kind).count()
    }

    /// The list `--changed-list` writes: a line per file, `A`, `M` or `D`, a tab, the path
    /// (the format of `git diff --name-status`). A path holding a tab, newline or backslash
    /// has them written as `\t`, `\n`, `\\`, so every line is one file.
    pub fn to_list(&self) -> String {
        let mut out = String::new();
        for (path, kind) in &self.files {
            out.push(kind.letter());
            out.push('\t');
            for c in path.chars() {
                match c {
                    '\t' => out.push_str("\\t"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\\' => out.push_str("\\\\"),
                    c => out.push(c),
                }
            }
            out.push('\n');
        }
        out
    }
}

/// Collects what the writes of a build did, from many threads.
#[derive(Default)]
pub struct ChangeLog {
    changed: Mutex<Vec<(String, ChangeKind)>>,
    /// The paths of the files kept as they were.
    unchanged: Mutex<Vec<String>>,
}

impl ChangeLog {
    fn record(&self, rel: &str, kind: Option<ChangeKind>) {
        match kind {
            Some(kind) => self
                .changed
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((rel.to_string(), kind)),
            None => self
                .unchanged
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(rel.to_string()),
        }
    }

    /// What was written: the files added or modified, and those kept as they were.
    pub fn into_parts(self) -> (Vec<(String, ChangeKind)>, Vec<String>) {
        (
            self.changed.into_inner().unwrap_or_else(|p| p.into_inner()),
            self.unchanged
                .into_inner()
                .unwrap_or_else(|p| p.into_inner()),
        )
    }

    /// The change set, with `deleted` added.
    #[cfg(test)]
    pub fn finish(self, deleted: Vec<String>) -> ChangeSet {
        let (changed, unchanged) = self.into_parts();
        ChangeSet::new(changed, unchanged.len(), deleted)
    }

    /// Writes `bytes` to `new`, or keeps `rel` of the `old` output when it holds exactly those
    /// bytes.
    pub fn write(&self, rel: &str, old: &OldOutput, new: &Path, bytes: &[u8]) -> io::Result<()> {
        let kind = match old.file(rel, bytes.len() as u64)? {
            OldFile::Same(mut file, meta) => {
                if read_equal(&mut file, bytes)? {
                    keep(&file, &old.path(rel), new, &meta, |path| {
                        fs::write(path, bytes)
                    })?;
                    None
                } else {
                    Some(ChangeKind::Modified)
                }
            }
            OldFile::Missing => Some(ChangeKind::Added),
            OldFile::Other => Some(ChangeKind::Modified),
        };
        if kind.is_some() {
            fs::write(new, bytes)?;
        }
        self.record(rel, kind);
        Ok(())
    }

    /// Copies `source` (open, `size` bytes long) to `new`, or keeps `rel` of the `old` output
    /// when it holds the same bytes. `reopen` opens the source again after a comparison read
    /// part of it.
    pub fn copy(
        &self,
        rel: &str,
        old: &OldOutput,
        new: &Path,
        size: u64,
        reopen: &dyn Fn() -> io::Result<fs::File>,
    ) -> io::Result<()> {
        let copy = |path: &Path| -> io::Result<()> {
            let mut source = reopen()?;
            let mut dest = fs::File::create(path)?;
            io::copy(&mut source, &mut dest).map(|_| ())
        };
        let kind = match old.file(rel, size)? {
            OldFile::Same(mut file, meta) => {
                if streams_equal(&mut reopen()?, &mut file)? {
                    keep(&file, &old.path(rel), new, &meta, copy)?;
                    None
                } else {
                    Some(ChangeKind::Modified)
                }
            }
            OldFile::Missing => Some(ChangeKind::Added),
            OldFile::Other => Some(ChangeKind::Modified),
        };
        if kind.is_some() {
            copy(new)?;
        }
        self.record(rel, kind);
        Ok(())
    }
}

/// What the old output holds at a path.
enum OldFile {
    Missing,
    /// A regular file of the expected size, open for reading, and what it is.
    Same(fs::File, fs::Metadata),
    /// Anything else: another size, a folder, a link.
    Other,
}

/// The old output, where a new file's old bytes are looked for.
///
/// A file is looked up beneath the old output's folder without following a link anywhere on
/// the way, not only at its end: a folder of the old output that is a link to somewhere else
/// (`blog -> ~/documents`) would otherwise have the files behind it compared with the new
/// site's and, when equal, hard-linked into it, making a file outside the output part of the
/// site. On Linux this is one `openat2` call beneath the open folder; elsewhere, or where the
/// system refuses `openat2`, each folder on the way is looked at first. Such a file is
/// Modified: its address was the old site's. The file compared is the file linked (see
/// [`link_open`]). Anything else that changes the old output while the build runs is not
/// guarded against: whoever can do that can change the site after it anyway.
pub struct OldOutput {
    /// The folder (resolved: not a link).
    path: PathBuf,
    root: Root,
    /// Whether the system refused `openat2`: files are then looked up by path.
    refused: AtomicBool,
}

/// How [`OldOutput`] finds its files.
enum Root {
    /// There is no old output: every file is new.
    Absent,
    /// The folder, open: files are opened beneath it with `openat2`.
    #[cfg(target_os = "linux")]
    Open(std::os::fd::OwnedFd),
    /// By path, each folder on the way checked not to be a link.
    ByPath,
}

impl OldOutput {
    /// The old output at `path` (resolved), which may not exist.
    pub fn open(path: &Path) -> OldOutput {
        let root = match fs::symlink_metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Root::Absent,
            Ok(meta) if !meta.is_dir() => Root::Absent,
            _ => Root::opened(path),
        };
        OldOutput {
            path: path.to_path_buf(),
            root,
            refused: AtomicBool::new(false),
        }
    }

    /// The path of `rel` in the old output.
    fn path(&self, rel: &str) -> PathBuf {
        self.path.join(rel)
    }

    /// What the old output holds at `rel`, where the new one has a file of `size` bytes.
    ///
    /// The file is opened (never through a link) and the open file looked at: one lookup of
    /// the path instead of a look at it and then an open, and the file whose size is checked
    /// is the one that is read. Any failure but "not there" or "a link on the way" is judged
    /// by path, as without opening, so a socket or a file that may not be read is what it was
    /// before. Whatever is at the path is opened, not only a regular file of the expected
    /// size: a device node there (only root can make one) would have its driver's open run.
    fn file(&self, rel: &str, size: u64) -> io::Result<OldFile> {
        match &self.root {
            Root::Absent => Ok(OldFile::Missing),
            #[cfg(target_os = "linux")]
            Root::Open(_) if self.refused.load(Ordering::Relaxed) => self.file_by_path(rel, size),
            #[cfg(target_os = "linux")]
            Root::Open(dir) => match open_beneath(dir, rel) {
                Ok(file) => judge(file, size),
                Err(e) => match e.raw_os_error() {
                    Some(libc::ENOENT | libc::ENOTDIR) => Ok(OldFile::Missing),
                    // A link on the way, at the end or in a folder: not a file of the old
                    // output's, but its address was one of the old site's, so Modified (a
                    // deploy purges a cached copy of a modified file).
                    Some(libc::ELOOP) => Ok(OldFile::Other),
                    // No openat2 (a kernel before 5.6, or a sandbox that forbids it): by path
                    // from now on.
                    Some(libc::ENOSYS | libc::EPERM | libc::E2BIG) => {
                        self.refused.store(true, Ordering::Relaxed);
                        self.file_by_path(rel, size)
                    }
                    _ => old_file_by_path(&self.path(rel), size, e),
                },
            },
            Root::ByPath => self.file_by_path(rel, size),
        }
    }

    /// [`OldOutput::file`] by path: each folder on the way looked at first.
    fn file_by_path(&self, rel: &str, size: u64) -> io::Result<OldFile> {
        if self.linked_folder(rel) {
            return Ok(OldFile::Other);
        }
        old_file(&self.path(rel), size)
    }

    /// Whether a folder on the way to `rel` in the old output is a link.
    fn linked_folder(&self, rel: &str) -> bool {
        let mut folder = self.path.clone();
        let mut parts = rel.split('/').peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                break;
            }
            folder.push(part);
            match fs::symlink_metadata(&folder) {
                Ok(meta) if meta.file_type().is_symlink() => return true,
                Ok(meta) if meta.is_dir() => {}
                _ => return false,
            }
        }
        false
    }
}

impl Root {
    /// The folder at `path`, open, where files can be opened beneath it.
    #[cfg(target_os = "linux")]
    fn opened(path: &Path) -> Root {
        use std::os::unix::fs::OpenOptionsExt;
        fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(path)
            .map_or(Root::ByPath, |dir| Root::Open(dir.into()))
    }

    #[cfg(not(target_os = "linux"))]
    fn opened(_: &Path) -> Root {
        Root::ByPath
    }
}

/// The argument of `openat2` (linux/openat2.h); libc's is not constructible outside it.
#[cfg(target_os = "linux")]
#[repr(C)]
struct OpenHow {
    flags: u64,
    mode: u64,
    resolve: u64,
}

/// Opens `rel` beneath the folder `dir` for reading, failing with `ELOOP` on a link anywhere on
/// the way, without blocking on a named pipe and without taking a terminal as the build's.
#[cfg(target_os = "linux")]
fn open_beneath(dir: &std::os::fd::OwnedFd, rel: &str) -> io::Result<fs::File> {
    use std::ffi::CString;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    let rel = CString::new(rel)?;
    let how = OpenHow {
        // O_LARGEFILE: 32-bit systems refuse a file over 2 GiB without it (0 on 64-bit ones).
        flags: (libc::O_RDONLY
            | libc::O_NOFOLLOW
            | libc::O_NONBLOCK
            | libc::O_NOCTTY
            | libc::O_CLOEXEC
            | libc::O_LARGEFILE) as u64,
        mode: 0,
        resolve: libc::RESOLVE_BENEATH | libc::RESOLVE_NO_SYMLINKS | libc::RESOLVE_NO_MAGICLINKS,
    };
    retried(|| {
        // SAFETY: `rel` is NUL-terminated and `how` is a live `open_how` of the size given; the
        // kernel only reads them.
        let result = unsafe {
            libc::syscall(
                libc::SYS_openat2,
                dir.as_raw_fd(),
                rel.as_ptr(),
                &how as *const OpenHow,
                std::mem::size_of::<OpenHow>(),
            )
        };
        match i32::try_from(result) {
            // SAFETY: a non-negative result is a new descriptor that nothing else owns.
            Ok(fd) if fd >= 0 => Ok(fs::File::from(unsafe { OwnedFd::from_raw_fd(fd) })),
            _ => Err(io::Error::last_os_error()),
        }
    })
}

/// `call` (a system call), made again while it fails as interrupted by a signal.
#[cfg(target_os = "linux")]
fn retried<T>(mut call: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    loop {
        match call() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            done => return done,
        }
    }
}

/// `file`, open where the new output has a file of `size` bytes: the same kind and size, or not.
fn judge(file: fs::File, size: u64) -> io::Result<OldFile> {
    let meta = file.metadata()?;
    Ok(if meta.is_file() && meta.len() == size {
        OldFile::Same(file, meta)
    } else {
        OldFile::Other
    })
}

/// What the old output holds at the path `old` (see [`OldOutput::file`]), opened never
/// through a link at its end.
#[cfg(unix)]
fn old_file(old: &Path, size: u64) -> io::Result<OldFile> {
    use std::os::unix::fs::OpenOptionsExt;
    let opened = fs::OpenOptions::new()
        .read(true)
        // Not through a link (it fails instead); a named pipe does not block; a terminal
        // does not become the build's.
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(old);
    match opened {
        Ok(file) => judge(file, size),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(OldFile::Missing),
        Err(e) => old_file_by_path(old, size, e),
    }
}

/// [`old_file`] where files cannot be opened without following links: looked at by path first.
#[cfg(not(unix))]
fn old_file(old: &Path, size: u64) -> io::Result<OldFile> {
    match fs::symlink_metadata(old) {
        Err(_) => Ok(OldFile::Missing),
        Ok(meta) if meta.is_file() && meta.len() == size => {
            Ok(OldFile::Same(fs::File::open(old)?, meta))
        }
        Ok(_) => Ok(OldFile::Other),
    }
}

/// What `old`, which could not be opened (`error`), is, looked at by path: a regular file of
/// the expected size that cannot be read fails with `error`, as it always did. One that
/// refused only to be opened without waiting (another program holds a lease on it: Samba, an
/// NFS server) is opened again, waiting, as before the first open was made not to wait.
#[cfg(unix)]
fn old_file_by_path(old: &Path, size: u64, error: io::Error) -> io::Result<OldFile> {
    use std::os::unix::fs::OpenOptionsExt;
    match fs::symlink_metadata(old) {
        Err(_) => Ok(OldFile::Missing),
        Ok(meta) if meta.is_file() && meta.len() == size => {
            if error.kind() != io::ErrorKind::WouldBlock {
                return Err(error);
            }
            let file = fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NOFOLLOW | libc::O_NOCTTY)
                .open(old)?;
            judge(file, size)
        }
        Ok(_) => Ok(OldFile::Other),
    }
}

/// Puts the unchanged `old` (open as `file`) at `new`: a hard link when `old` has no other
/// links (a file with more could be shared with something outside the output, which must not
/// become part of the site), otherwise a fresh file written by `write` with `old`'s
/// modification time.
fn keep(
    file: &fs::File,
    old: &Path,
    new: &Path,
    meta: &fs::Metadata,
    write: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    if link_count(meta) == 1 && link_open(file, old, new).is_ok() {
        return Ok(());
    }
    write(new)?;
    let modified = meta.modified()?;
    fs::File::options()
        .write(true)
        .open(new)?
        .set_modified(modified)
}

/// Links the open `file` (found at `old`) at `new`, so that the file linked is the one
/// compared even if a folder on the way to `old` were swapped for a link meanwhile. On Linux
/// by the open file itself (`AT_EMPTY_PATH`, allowed since Linux 6.10); where that is refused,
/// through `/proc/self/fd` (about 5 µs a file more: a tenth of a 10,000-page build's system
/// time); by path where there is no `/proc`.
#[cfg(target_os = "linux")]
fn link_open(file: &fs::File, old: &Path, new: &Path) -> io::Result<()> {
    static EMPTY_PATH_REFUSED: AtomicBool = AtomicBool::new(false);
    static PROC: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if !EMPTY_PATH_REFUSED.load(Ordering::Relaxed) {
        match link_by(LinkBy::Descriptor, file, old, new) {
            // Before 6.10, refused without CAP_DAC_READ_SEARCH (ENOENT).
            Err(e) if e.raw_os_error() == Some(libc::ENOENT) => {
                EMPTY_PATH_REFUSED.store(true, Ordering::Relaxed);
            }
            done => return done,
        }
    }
    if *PROC.get_or_init(|| Path::new("/proc/self/fd").is_dir()) {
        link_by(LinkBy::Proc, file, old, new)
    } else {
        link_by(LinkBy::Path, file, old, new)
    }
}

/// The ways [`link_open`] has of linking an open file, best first.
#[cfg(target_os = "linux")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkBy {
    /// `linkat(fd, "", AT_EMPTY_PATH)`: the open file itself.
    Descriptor,
    /// `/proc/self/fd/N`, followed: the open file itself.
    Proc,
    /// The path it was found at: whatever is there now.
    Path,
}

#[cfg(target_os = "linux")]
fn link_by(way: LinkBy, file: &fs::File, old: &Path, new: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::fd::AsRawFd;
    use std::os::unix::ffi::OsStrExt;
    let to = || CString::new(new.as_os_str().as_bytes());
    match way {
        LinkBy::Descriptor => linkat(file.as_raw_fd(), c"", &to()?, libc::AT_EMPTY_PATH),
        LinkBy::Proc => {
            let from = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))?;
            linkat(libc::AT_FDCWD, &from, &to()?, libc::AT_SYMLINK_FOLLOW)
        }
        LinkBy::Path => fs::hard_link(old, new),
    }
}

/// `linkat(from_dir, from, AT_FDCWD, to, flags)`, retried when interrupted.
#[cfg(target_os = "linux")]
fn linkat(
    from_dir: std::os::fd::RawFd,
    from: &std::ffi::CStr,
    to: &std::ffi::CStr,
    flags: libc::c_int,
) -> io::Result<()> {
    retried(|| {
        // SAFETY: both pointers are to NUL-terminated strings that outlive the call, and
        // linkat only reads them; `from_dir` is an open descriptor or AT_FDCWD.
        let result =
            unsafe { libc::linkat(from_dir, from.as_ptr(), libc::AT_FDCWD, to.as_ptr(), flags) };
        if result == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    })
}

#[cfg(not(target_os = "linux"))]
fn link_open(_: &fs::File, old: &Path, new: &Path) -> io::Result<()> {
    fs::hard_link(old, new)
}

#[cfg(unix)]
fn link_count(meta: &fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

#[cfg(not(unix))]
fn link_count(_: &fs::Metadata) -> u64 {
    // Without a link count, never link: copy and keep the time.
    2
}

/// Whether `file`, found to be `bytes.len()` long, holds `bytes`. Read in blocks of up to 64 KB
/// into a buffer kept by the thread (zeroing one for each of 14,000 files was ~1% of a build),
/// each read asking for one byte more than is left: on a regular file a read gives fewer bytes
/// than asked only at the end, so for a page (one block) a single read both gives its bytes
/// and shows the file ends there, and a file that grew since its size was looked at gives the
/// byte more. (Reading to the end and asking once more was three reads a file.)
fn read_equal(file: &mut impl Read, bytes: &[u8]) -> io::Result<bool> {
    const BLOCK: usize = 64 * 1024;
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buffer| {
        let longest = bytes.len().min(BLOCK) + 1;
        if buffer.len() < longest {
            buffer.resize(longest, 0);
        }
        let mut compared = 0;
        loop {
            let left = bytes.len() - compared;
            let asked = left.min(BLOCK) + 1;
            let read = match file.read(&mut buffer[..asked]) {
                Ok(read) => read,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if read == 0 {
                return Ok(left == 0);
            }
            if read > left || buffer[..read] != bytes[compared..compared + read] {
                return Ok(false);
            }
            compared += read;
            if compared == bytes.len() && read < asked {
                return Ok(true);
            }
        }
    })
}

/// Whether two readers give the same bytes, read in blocks (static files may be large).
fn streams_equal(a: &mut dyn Read, b: &mut dyn Read) -> io::Result<bool> {
    const BLOCK: usize = 64 * 1024;
    let (mut buf_a, mut buf_b) = (vec![0u8; BLOCK], vec![0u8; BLOCK]);
    loop {
        let n = read_full(a, &mut buf_a)?;
        let m = read_full(b, &mut buf_b)?;
        if n != m || buf_a[..n] != buf_b[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

/// Reads until `buf` is full or the reader ends; the number of bytes read.
fn read_full(reader: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// The files (and links) under `old` that `new` does not have, as `/`-separated paths; folders
/// named by `skip` at the top (work folders of builds) are not looked into. Links are not
/// followed, the top-level ones neither. The top-level entries are looked into in parallel (an
/// old site holds tens of thousands of files); the order does not matter, as
/// [`ChangeLog::finish`] sorts.
pub fn deleted(old: &Path, new: &Path, skip: &dyn Fn(&str) -> bool) -> Vec<String> {
    let none = HashSet::new();
    let walk = OldWalk {
        new,
        written: &none,
        remove: false,
    };
    walk.run(old, skip)
}

/// Removes `old`, an old output already replaced by `new`, and gives the files it held that
/// `new` does not have: one walk does both (finding them first was a second walk of tens of
/// thousands of files). A path the build `written` is in `new`; any other is looked up there.
/// The top-level entries go in parallel. Links are removed, never followed, the top-level ones
/// too. A file that cannot be removed is left (the next build removes what is left) and still
/// judged.
pub fn remove_old(old: &Path, new: &Path, written: &HashSet<&str>) -> Vec<String> {
    let walk = OldWalk {
        new,
        written,
        remove: true,
    };
    let gone = walk.run(old, &|_| false);
    let _ = fs::remove_dir(old);
    gone
}

/// A walk of an old output ([`deleted`], [`remove_old`]) against the new one.
struct OldWalk<'a> {
    new: &'a Path,
    /// The paths the build wrote into `new`.
    written: &'a HashSet<&'a str>,
    /// Whether the old output is removed as it is walked.
    remove: bool,
}

impl OldWalk<'_> {
    /// The files under `old` that the new output lacks, its top-level entries (but those
    /// named by `skip`) walked in parallel.
    fn run(&self, old: &Path, skip: &dyn Fn(&str) -> bool) -> Vec<String> {
        use rayon::prelude::*;
        let mut entries = folder_entries(old);
        entries.retain(|(name, _)| !skip(&name.to_string_lossy()));
        entries
            .into_par_iter()
            .flat_map_iter(|(name, is_dir)| {
                let mut gone = Vec::new();
                let rel = name.to_string_lossy().into_owned();
                self.walk(old.join(&name), is_dir, rel, &mut gone);
                gone
            })
            .collect()
    }

    /// Walks `path` of the old output (a folder with what it holds when `is_dir`), whose
    /// path inside it is `rel`, adding to `gone` the files there that the new output lacks,
    /// and removing them when the walk removes.
    /// The path inside is carried down rather than cut out of each full path again (that and
    /// `walkdir`'s entries were ~1% of a build's instructions). The folders being walked are
    /// kept in a list, not on the call stack: a path may be thousands of folders deep.
    fn walk(&self, path: PathBuf, is_dir: bool, mut rel: String, gone: &mut Vec<String>) {
        if !is_dir {
            return self.file(&path, &rel, gone);
        }
        let entries = folder_entries(&path).into_iter();
        // Each folder open in the walk: its path, the length of its path inside (`rel` is
        // cut back to it), and the entries not yet removed.
        let mut open = vec![(path, rel.len(), entries)];
        while let Some((dir, len, entries)) = open.last_mut() {
            rel.truncate(*len);
            let Some((name, is_dir)) = entries.next() else {
                if let Some((dir, ..)) = open.pop()
                    && self.remove
                {
                    let _ = fs::remove_dir(dir);
                }
                continue;
            };
            let path = dir.join(&name);
            rel.push('/');
            rel.push_str(&name.to_string_lossy());
            if is_dir {
                let entries = folder_entries(&path).into_iter();
                open.push((path, rel.len(), entries));
            } else {
                self.file(&path, &rel, gone);
            }
        }
    }

    /// The file (or link) `path`, at `rel` inside the old output: noted in `gone` when the new
    /// output lacks it, and removed when the walk removes.
    fn file(&self, path: &Path, rel: &str, gone: &mut Vec<String>) {
        if !self.written.contains(rel) && fs::symlink_metadata(self.new.join(rel)).is_err() {
            gone.push(rel.to_string());
        }
        if self.remove {
            let _ = fs::remove_file(path);
        }
    }
}

/// The entries of the folder `dir` (none when it cannot be read), each with whether it is a
/// folder (a link to one is not): all read first, so that the folder is closed before those
/// under it are opened.
fn folder_entries(dir: &Path) -> Vec<(std::ffi::OsString, bool)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| Some((entry.file_name(), entry.file_type().ok()?.is_dir())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_equal_only_to_the_same_bytes_across_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old");
        // Over two blocks, with the difference in the second.
        let bytes: Vec<u8> = (0..150_000u32).map(|i| (i % 251) as u8).collect();
        let equal = |bytes: &[u8]| read_equal(&mut fs::File::open(&path).unwrap(), bytes).unwrap();
        fs::write(&path, &bytes).unwrap();
        assert!(equal(&bytes));
        let mut other = bytes.clone();
        other[140_000] ^= 1;
        assert!(!equal(&other));
        assert!(!equal(&bytes[..bytes.len() - 1]));
        assert!(
            !equal(&bytes[..65_536]),
            "a longer file, the rest past one block"
        );
        fs::write(&path, &bytes[..65_536]).unwrap();
        assert!(equal(&bytes[..65_536]), "exactly one block");
        fs::write(&path, b"").unwrap();
        assert!(equal(b""));
        assert!(!equal(b"x"));
    }

    /// An old output folder `old` in `dir` holding `files` (path, bytes), opened.
    fn old_output(dir: &Path, files: &[(&str, &str)]) -> OldOutput {
        let old = dir.join("old");
        fs::create_dir_all(&old).unwrap();
        for (rel, bytes) in files {
            let path = old.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
        OldOutput::open(&old)
    }

    /// The old output of [`old_output`] looked up by path, as where `openat2` is refused.
    fn by_path(old: &OldOutput) -> OldOutput {
        let by_path = OldOutput::open(&old.path);
        by_path.refused.store(true, Ordering::Relaxed);
        by_path
    }

    #[test]
    fn an_unchanged_file_keeps_its_inode_and_time() {
        let dir = tempfile::tempdir().unwrap();
        let old = old_output(dir.path(), &[("a.html", "same")]);
        let new = dir.path().join("new");
        let before = fs::metadata(old.path("a.html"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let log = ChangeLog::default();
        log.write("a.html", &old, &new, b"same").unwrap();
        let meta = fs::metadata(&new).unwrap();
        assert_eq!(meta.modified().unwrap(), before);
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            assert_eq!(meta.ino(), fs::metadata(old.path("a.html")).unwrap().ino());
        }
        let set = log.finish(vec![]);
        assert!(set.files.is_empty());
        assert_eq!(set.unchanged, 1);
    }

    /// The file linked into the new output is the one that was opened and compared, not
    /// whatever is at its path by the time it is linked.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_file_compared_is_the_file_linked() {
        use std::os::unix::fs::MetadataExt;
        let linked = |way: Option<LinkBy>| {
            let dir = tempfile::tempdir().unwrap();
            let old = old_output(dir.path(), &[("a.html", "same")]);
            let OldFile::Same(file, _) = old.file("a.html", 4).unwrap() else {
                panic!("the old file, the same size");
            };
            // Swapped under the build: the compared file moved away, another put in its place.
            fs::rename(old.path("a.html"), dir.path().join("moved")).unwrap();
            fs::write(old.path("a.html"), "evil").unwrap();
            let new = dir.path().join("new");
            match way {
                Some(way) => link_by(way, &file, &old.path("a.html"), &new)?,
                None => link_open(&file, &old.path("a.html"), &new)?,
            }
            let inode = |path: &Path| fs::metadata(path).unwrap().ino();
            let moved = inode(&dir.path().join("moved")) == inode(&new);
            io::Result::Ok((fs::read_to_string(&new).unwrap(), moved))
        };
        let same = ("same".to_string(), true);
        // The way this system allows, and each fallback: both through the open file...
        assert_eq!(linked(None).unwrap(), same);
        match linked(Some(LinkBy::Descriptor)) {
            // Refused before Linux 6.10: nothing to test there.
            Err(e) if e.raw_os_error() == Some(libc::ENOENT) => {}
            done => assert_eq!(done.unwrap(), same),
        }
        if Path::new("/proc/self/fd").is_dir() {
            assert_eq!(linked(Some(LinkBy::Proc)).unwrap(), same);
        }
        // ...but by path, where there is no /proc, whatever is at the path by then.
        assert_eq!(
            linked(Some(LinkBy::Path)).unwrap(),
            ("evil".to_string(), false)
        );
    }

    #[test]
    fn a_file_shared_with_something_else_is_copied_not_linked_and_keeps_its_time() {
        let dir = tempfile::tempdir().unwrap();
        let old = old_output(dir.path(), &[]);
        let (new, elsewhere) = (dir.path().join("new"), dir.path().join("elsewhere"));
        fs::write(&elsewhere, "same").unwrap();
        fs::hard_link(&elsewhere, old.path("a.html")).unwrap();
        let log = ChangeLog::default();
        log.write("a.html", &old, &new, b"same").unwrap();
        let meta = fs::metadata(&new).unwrap();
        assert_eq!(
            meta.modified().unwrap(),
            fs::metadata(&elsewhere).unwrap().modified().unwrap()
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            assert_ne!(meta.ino(), fs::metadata(&elsewhere).unwrap().ino());
        }
    }

    #[test]
    fn an_old_link_folder_or_pipe_is_modified_and_never_followed_or_read() {
        let dir = tempfile::tempdir().unwrap();
        let old = old_output(dir.path(), &[]);
        let target = dir.path().join("target");
        fs::write(&target, "same").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, old.path("link.html")).unwrap();
        fs::create_dir(old.path("folder.html")).unwrap();
        let mut olds = vec!["folder.html"];
        #[cfg(unix)]
        olds.push("link.html");
        // A named pipe with no writer: opening it to read would wait for ever.
        if std::process::Command::new("mkfifo")
            .arg(old.path("pipe.html"))
            .status()
            .is_ok_and(|s| s.success())
        {
            olds.push("pipe.html");
        }
        // Opening the pipe to read would wait for a writer for ever: fail instead of hanging.
        // The guard marks the test done however it ends, a failed assertion included.
        struct Done(std::sync::Arc<AtomicBool>);
        impl Drop for Done {
            fn drop(&mut self) {
                self.0.store(true, Ordering::SeqCst);
            }
        }
        let done = std::sync::Arc::new(AtomicBool::new(false));
        let watched = std::sync::Arc::clone(&done);
        let _done = Done(done);
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(120));
            if !watched.load(Ordering::SeqCst) {
                eprintln!("an old file was waited on for two minutes: a named pipe was opened");
                std::process::exit(101);
            }
        });
        for old in [&old, &by_path(&old)] {
            let log = ChangeLog::default();
            for (i, rel) in olds.iter().enumerate() {
                let new = dir.path().join(format!("new{i}"));
                let _ = fs::remove_file(&new);
                log.write(rel, old, &new, b"same").unwrap();
                assert_eq!(fs::read(&new).unwrap(), b"same", "{rel}");
                assert!(!fs::symlink_metadata(&new).unwrap().is_symlink(), "{rel}");
            }
            let set = log.finish(vec![]);
            assert_eq!(set.count(ChangeKind::Modified), olds.len());
            assert_eq!(set.unchanged, 0);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            assert_eq!(
                fs::metadata(&target).unwrap().nlink(),
                1,
                "the link's target"
            );
            assert!(
                fs::symlink_metadata(old.path("link.html"))
                    .unwrap()
                    .is_symlink()
            );
        }
    }

    /// A folder of the old output that is a link to somewhere else: the files behind it are
    /// not the old output's, so they are neither compared nor linked into the new site; the
    /// new site's files there are listed as modified (their addresses were the old site's).
    #[cfg(unix)]
    #[test]
    fn a_file_behind_a_linked_folder_of_the_old_output_is_modified_and_never_linked() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let old = old_output(dir.path(), &[("deep/kept.html", "same")]);
        let outside = dir.path().join("outside");
        fs::create_dir_all(outside.join("sub")).unwrap();
        fs::write(outside.join("a.html"), "same").unwrap();
        fs::write(outside.join("sub/b.html"), "same").unwrap();
        std::os::unix::fs::symlink(&outside, old.path("blog")).unwrap();
        std::os::unix::fs::symlink(&outside, old.path("deep/er")).unwrap();
        for (n, old) in [&old, &by_path(&old)].into_iter().enumerate() {
            let log = ChangeLog::default();
            for (i, rel) in [
                "blog/a.html",
                "blog/sub/b.html",
                "deep/er/a.html",
                "deep/kept.html",
            ]
            .into_iter()
            .enumerate()
            {
                let new = dir.path().join(format!("new{n}-{i}"));
                log.write(rel, old, &new, b"same").unwrap();
                assert_eq!(fs::read(&new).unwrap(), b"same", "{rel}");
            }
            assert_eq!(
                log.finish(vec![]).to_list(),
                "M\tblog/a.html\nM\tblog/sub/b.html\nM\tdeep/er/a.html\n"
            );
        }
        for file in ["a.html", "sub/b.html"] {
            assert_eq!(
                fs::metadata(outside.join(file)).unwrap().nlink(),
                1,
                "{file}"
            );
        }
        // The old output's own file is linked (by the first pass; the second finds it shared
        // and copies it).
        assert_eq!(fs::metadata(old.path("deep/kept.html")).unwrap().nlink(), 2);
    }

    #[test]
    fn a_file_under_a_path_that_is_a_file_in_the_old_output_is_added() {
        let dir = tempfile::tempdir().unwrap();
        let old = old_output(dir.path(), &[("old", "x")]);
        for old in [&old, &by_path(&old)] {
            let log = ChangeLog::default();
            log.write("old/a.html", old, &dir.path().join("n"), b"x")
                .unwrap();
            let _ = fs::remove_file(dir.path().join("n"));
            assert_eq!(log.finish(vec![]).to_list(), "A\told/a.html\n");
        }
    }

    #[test]
    fn every_file_of_a_site_without_an_old_output_is_added() {
        let dir = tempfile::tempdir().unwrap();
        let old = OldOutput::open(&dir.path().join("none"));
        let log = ChangeLog::default();
        log.write("a/b.html", &old, &dir.path().join("n"), b"x")
            .unwrap();
        assert_eq!(log.finish(vec![]).to_list(), "A\ta/b.html\n");
    }

    #[test]
    fn changed_and_new_files_are_listed() {
        let dir = tempfile::tempdir().unwrap();
        let old = old_output(dir.path(), &[("b.html", "abcd")]);
        let log = ChangeLog::default();
        log.write("b.html", &old, &dir.path().join("n1"), b"abce")
            .unwrap();
        log.write("a.html", &old, &dir.path().join("n2"), b"x")
            .unwrap();
        let set = log.finish(vec!["gone/x\ty.html".into()]);
        assert_eq!(set.to_list(), "A\ta.html\nM\tb.html\nD\tgone/x\\ty.html\n");
        assert_eq!(fs::read(dir.path().join("n1")).unwrap(), b"abce");
    }

    #[test]
    fn the_old_output_is_removed_and_what_the_new_lacks_is_listed() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        for path in [
            "kept.html",
            "a/kept.html",
            "a/gone.html",
            "b/c/gone.css",
            "other.txt",
        ] {
            let file = old.join(path);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, "x").unwrap();
        }
        fs::create_dir_all(new.join("a")).unwrap();
        fs::write(new.join("kept.html"), "x").unwrap();
        fs::write(new.join("a/kept.html"), "x").unwrap();
        // Written by something outside the log: looked up in the new output.
        fs::write(new.join("other.txt"), "x").unwrap();
        let written: HashSet<&str> = ["kept.html", "a/kept.html"].into_iter().collect();
        let mut gone = remove_old(&old, &new, &written);
        gone.sort();
        assert_eq!(gone, ["a/gone.html", "b/c/gone.css"]);
        assert!(!old.exists(), "the old output is removed");
        assert!(new.join("a/kept.html").exists());
    }

    #[cfg(unix)]
    #[test]
    fn removing_the_old_output_never_follows_a_link_nor_lists_what_is_behind_it() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new, outside) = (
            dir.path().join("old"),
            dir.path().join("new"),
            dir.path().join("outside"),
        );
        fs::create_dir_all(outside.join("sub")).unwrap();
        fs::write(outside.join("a.txt"), "keep").unwrap();
        fs::write(outside.join("sub/b.txt"), "keep").unwrap();
        fs::create_dir_all(old.join("deep/er")).unwrap();
        fs::create_dir_all(&new).unwrap();
        std::os::unix::fs::symlink(&outside, old.join("top-link")).unwrap();
        std::os::unix::fs::symlink(&outside, old.join("deep/er/link")).unwrap();
        fs::write(old.join("deep/er/gone.html"), "x").unwrap();
        let mut gone = remove_old(&old, &new, &HashSet::new());
        gone.sort();
        assert_eq!(gone, ["deep/er/gone.html", "deep/er/link", "top-link"]);
        assert!(!old.exists());
        assert!(outside.join("a.txt").exists() && outside.join("sub/b.txt").exists());
        // Listing what an old output in place lacks does not look behind a link either.
        fs::create_dir_all(old.join("deep")).unwrap();
        std::os::unix::fs::symlink(&outside, old.join("top-link")).unwrap();
        std::os::unix::fs::symlink(&outside, old.join("deep/link")).unwrap();
        let mut listed = deleted(&old, &new, &|_| false);
        listed.sort();
        assert_eq!(listed, ["deep/link", "top-link"]);
    }

    /// The walk keeps its folders in a list, not on the call stack: an old output as deep as
    /// paths go is removed on a small stack, and what the new output lacks listed from it.
    #[test]
    fn an_old_output_as_deep_as_paths_go_is_removed_on_a_small_stack() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        fs::create_dir_all(&new).unwrap();
        let mut deep = old.clone();
        let mut depth = 0;
        while deep.as_os_str().len() + 4 < 4000 {
            deep.push("a");
            depth += 1;
        }
        fs::create_dir_all(&deep).unwrap();
        fs::write(deep.join("f"), "x").unwrap();
        fs::write(old.join("kept.html"), "x").unwrap();
        fs::write(new.join("kept.html"), "x").unwrap();
        let removed = std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(move || {
                let gone = remove_old(&old, &new, &HashSet::new());
                (gone, old.exists())
            })
            .unwrap()
            .join()
            .unwrap();
        let (gone, left) = removed;
        let expected = format!("{}f", "a/".repeat(depth));
        assert_eq!(gone, [expected]);
        assert!(!left);
    }

    #[test]
    fn streams_compare_across_blocks() {
        let a = vec![7u8; 200_000];
        let mut b = a.clone();
        assert!(streams_equal(&mut a.as_slice(), &mut b.as_slice()).unwrap());
        b[150_000] = 8;
        assert!(!streams_equal(&mut a.as_slice(), &mut b.as_slice()).unwrap());
        assert!(!streams_equal(&mut a.as_slice(), &mut &b[..1000]).unwrap());
    }
}
