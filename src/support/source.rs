//! Reading the site's own files: the one place that decides which files a build may read.
//!
//! - **Links.** A symbolic link that leads outside the site's folder is never followed: not a
//!   page, not a static file or template, not a top-level folder such as `static/` or
//!   `themes/<name>/`, not `site.yaml` or a bibliography file. Links to files inside the site
//!   are followed; links to folders inside a source folder are not (a source folder itself may
//!   be a link to a folder inside the site). What is skipped gets a warning saying why, so a
//!   cloned site cannot publish, or print in its error messages, files of the computer that
//!   builds it (`ln -s /etc static`).
//! - **Kinds.** Only regular files are read. A named pipe would block the build for ever and a
//!   device such as `/dev/zero` never ends, so the kind is checked on the opened file before a
//!   byte is read (opened non-blocking, so even opening a pipe cannot hang).
//! - **Size.** No file read into memory may be larger than [`MAX_FILE_BYTES`]; a larger one is
//!   an error at its path. Static files are copied as streams and have no limit.
//! - **Hidden files.** Hidden files and folders hold what must never be published: a
//!   repository (`.git/config`, with credentials in its remote URLs), secrets (`.env`,
//!   `.htpasswd`). A link into one (`static/x.txt -> ../.git/config`), a source folder that is
//!   one, and a file site.yaml names that resolves into one are not read (a warning, or an
//!   error for site.yaml's files, which would print its lines in a message). Walks leave hidden
//!   names out: silently for pages and templates, with a warning for static files, which are
//!   published as they are, except the few hidden names made for web servers
//!   ([`PUBLISHED_HIDDEN`]).
//!
//! Hard links cannot be told from ordinary files (they are the same file); a site that holds
//! one publishes it like any file it holds.

use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use crate::support::diagnostic::{Code, Diagnostic};

/// Folders where version control keeps a repository's own data (its history, its settings,
/// credentials in remote URLs): never published, never an output.
pub const VCS_DIRS: [&str; 3] = [".git", ".hg", ".svn"];

/// Hidden names that are published: `.well-known/` (RFC 8615: `security.txt`, app links),
/// `.htaccess` (Apache's settings for the folder, never served by it) and `.nojekyll`
/// (GitHub Pages).
pub const PUBLISHED_HIDDEN: [&str; 3] = [".well-known", ".htaccess", ".nojekyll"];

/// Whether a file or folder of this name is hidden from the site: a dot name not in
/// [`PUBLISHED_HIDDEN`].
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') && !PUBLISHED_HIDDEN.contains(&name.as_ref())
}

/// The first hidden part of `target` (resolved) below the site's folder `root` (resolved), and
/// whether it is `target`'s last part (a hidden file) or a folder on the way.
fn hidden_part(root: &Path, target: &Path) -> Option<(String, bool)> {
    let inside: Vec<_> = target.strip_prefix(root).ok()?.components().collect();
    let at = inside.iter().position(|c| is_hidden(c.as_os_str()))?;
    let name = inside[at].as_os_str().to_string_lossy().into_owned();
    Some((name, at + 1 == inside.len()))
}

/// The largest file read into memory: a page, site.yaml, a bibliography, a style or a template.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// Not a regular file: what it is (`a named pipe (FIFO)`).
    NotAFile(&'static str),
    /// Its size in bytes, over [`MAX_FILE_BYTES`].
    TooLarge(u64),
    /// A path or link that leads outside the site's folder, to this target.
    Outside(PathBuf),
    /// A path or link that leads into a hidden file or folder of the site: the target, below
    /// the site's folder, the hidden name, and whether it is the target's own.
    Hidden(PathBuf, String, bool),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotAFile(kind) => write!(f, "it is {kind}, not a regular file"),
            ReadError::TooLarge(size) => write!(
                f,
                "it is {} MiB, and attach-gen reads files of at most {} MiB",
                size.div_ceil(1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            ReadError::Outside(target) => write!(
                f,
                "it leads outside the site's folder, to {}",
                target.display()
            ),
            ReadError::Hidden(target, name, last) => write!(
                f,
                "it leads to {}, {}",
                target.display(),
                hidden_words(name, *last)
            ),
        }
    }
}

impl ReadError {
    /// What to do about it.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            ReadError::Io(_) => None,
            ReadError::NotAFile(_) => Some("replace it with an ordinary file"),
            ReadError::TooLarge(_) => Some("split it into smaller files"),
            ReadError::Outside(_) => Some(OUTSIDE_HINT),
            ReadError::Hidden(..) => Some(HIDDEN_HINT),
        }
    }

    /// `error` (whose message should end with `: `) with this reason and its hint.
    pub fn diagnostic(&self, code: Code, message: &str) -> Diagnostic {
        let d = Diagnostic::error(code, format!("{message}{self}"));
        match self.hint() {
            Some(hint) => d.with_hint(hint),
            None => d,
        }
    }
}

/// As an I/O error, its message kept (for writers that speak `io::Result`).
impl From<ReadError> for io::Error {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Io(e) => e,
            other => io::Error::other(other.to_string()),
        }
    }
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

const OUTSIDE_HINT: &str = "copy it into the site's folder: attach-gen reads nothing outside the site, so that building a site cannot publish or print files of this computer";

const HIDDEN_HINT: &str = "keep the site's files out of hidden files and folders: attach-gen reads nothing in them (they hold a repository's data and secrets such as .env), so that building a site cannot publish or print them";

/// Why a path into the hidden file or folder `name` (`last`: the target itself) is not
/// followed.
fn hidden_words(name: &str, last: bool) -> String {
    if last {
        "which is hidden: attach-gen never reads hidden files and folders".to_string()
    } else {
        format!(
            "inside the hidden folder `{name}`: attach-gen never reads hidden files and folders"
        )
    }
}

/// Reads the file at `path`: a regular file of at most [`MAX_FILE_BYTES`].
pub fn read(path: &Path) -> Result<Vec<u8>, ReadError> {
    let (file, size) = open_regular(path)?;
    if size > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // The file may grow while it is read: never read past the limit.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads `path`, a file of the site at `root` named in site.yaml (or site.yaml itself): like
/// [`read`], and refused when it, or a link on the way, leads outside the site.
pub fn read_site_file(root: &Path, path: &Path) -> Result<Vec<u8>, ReadError> {
    if let Ok(target) = path.canonicalize() {
        let root = resolved(root);
        if !target.starts_with(&root) {
            return Err(ReadError::Outside(target));
        }
        if let Some((name, last)) = hidden_part(&root, &target) {
            return Err(ReadError::Hidden(shown(&root, &target), name, last));
        }
    }
    read(path)
}

/// Opens `path` for reading if it is a regular file; gives the file and its size.
pub fn open_regular(path: &Path) -> Result<(fs::File, u64), ReadError> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO for reading blocks until a writer comes; non-blocking, it does not.
        // On a regular file the flag changes nothing.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(kind(&meta.file_type())));
    }
    Ok((file, meta.len()))
}

/// What a file system entry that is not a regular file is, in words.
pub fn kind(file_type: &fs::FileType) -> &'static str {
    if file_type.is_dir() {
        return "a folder";
    }
    if file_type.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() {
            return "a character device (such as /dev/zero)";
        }
        if file_type.is_block_device() {
            return "a block device (a disk)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    "not a file or folder"
}

/// `path` with every link resolved (itself when it cannot be resolved).
pub fn resolved(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// `path` made absolute with every symbolic link resolved, as the system will resolve it. The
/// part that does not exist yet is appended as written; it may not climb with `..` (what that
/// means depends on folders that are not there yet).
pub fn absolute_resolved(path: &Path) -> Result<PathBuf, String> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| format!("cannot tell the current folder: {e}"))?
            .join(path)
    };
    let mut existing = path.as_path();
    let mut missing: Vec<OsString> = Vec::new();
    loop {
        if let Ok(resolved) = fs::canonicalize(existing) {
            let mut resolved = resolved;
            for part in missing.iter().rev() {
                resolved.push(part);
            }
            return Ok(resolved);
        }
        let last = existing.components().next_back();
        match (last, existing.parent()) {
            (Some(Component::Normal(name)), Some(parent)) => {
                missing.push(name.to_os_string());
                existing = parent;
            }
            (Some(Component::CurDir), Some(parent)) => existing = parent,
            _ => {
                return Err(
                    "its path climbs with `..` through folders that do not exist".to_string(),
                );
            }
        }
    }
}

/// `path` as the user would type it: relative to the site's folder.
pub fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// What a walk of a source folder does with hidden files and folders (see [`is_hidden`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// Leave them out without a word (pages and templates: a `.DS_Store` beside them is
    /// common, and nothing of them is published as it is).
    Skip,
    /// Leave them out with a warning each (static files, published as they are: a file left
    /// out is news to whoever put it there).
    Warn,
}

/// Which files a walk of a source folder keeps.
pub struct Rules {
    pub hidden: Hidden,
    /// Files (by path) the caller wants; others are passed over without a word.
    pub wanted: fn(&Path) -> bool,
}

/// What a walk of a source folder found.
#[derive(Default)]
pub struct Found {
    /// Each file: its `/`-separated path relative to the folder, and its full path.
    pub files: Vec<(String, PathBuf)>,
    /// Links and special files skipped (warnings), folders that could not be read (errors).
    pub diagnostics: Vec<Diagnostic>,
}

fn skipped(code: Code, root: &Path, path: &Path, why: String) -> Diagnostic {
    let d = Diagnostic::warning(code, format!("skipped: {why}")).in_file(shown(root, path));
    if why.contains("outside the site") {
        d.with_hint(OUTSIDE_HINT)
    } else {
        d
    }
}

/// Whether the folder `dir` of the site at `root` may be read: it exists, is a folder, and it
/// (or a link on the way to it) does not lead outside the site. `Err` holds the warning when it
/// exists but may not be used.
pub fn usable_folder(root: &Path, dir: &Path) -> Result<bool, Diagnostic> {
    if fs::symlink_metadata(dir).is_err() {
        return Ok(false);
    }
    let folder = format!("{}/", shown(root, dir).display());
    match dir.canonicalize() {
        Err(_) => Err(skipped(
            Code::Symlink,
            root,
            dir,
            format!("{folder} is a link that leads nowhere (its target is missing, or links loop)"),
        )),
        Ok(target) if !target.starts_with(resolved(root)) => Err(skipped(
            Code::Symlink,
            root,
            dir,
            format!(
                "{folder} is a link to a folder outside the site ({})",
                target.display()
            ),
        )),
        Ok(target) if let Some((name, last)) = hidden_part(&resolved(root), &target) => {
            Err(Diagnostic::warning(
                Code::HiddenFile,
                format!(
                    "skipped: {folder} is a link to {}, {}",
                    shown(&resolved(root), &target).display(),
                    hidden_words(&name, last)
                ),
            )
            .in_file(shown(root, dir))
            .with_hint(HIDDEN_HINT))
        }
        Ok(target) if !target.is_dir() => Ok(false),
        Ok(_) => Ok(true),
    }
}

/// Every file under `dir` (a source folder of the site at `root`) that `rules` wants, sorted by
/// path, following the link rules in the module documentation.
pub fn walk(root: &Path, dir: &Path, rules: &Rules) -> Found {
    let mut found = Found::default();
    match usable_folder(root, dir) {
        Ok(true) => {}
        Ok(false) => return found,
        Err(warning) => {
            found.diagnostics.push(warning);
            return found;
        }
    }
    let canonical_root = resolved(root);
    // Hidden files and folders (a folder's files with it) left out, to warn about.
    let mut hidden: Vec<(PathBuf, bool)> = Vec::new();
    // The folder last warned of for a name Windows refuses: once for a folder and its files.
    let mut told_folder: Option<PathBuf> = None;
    // Folders whose names are not UTF-8, left out with all they hold: one warning each, naming
    // the folder (not each file in it, whose own name may be fine).
    let mut unnamed_folders: Vec<PathBuf> = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let keep = entry.depth() == 0 || !is_hidden(entry.file_name());
            if !keep && rules.hidden == Hidden::Warn {
                hidden.push((entry.path().to_path_buf(), entry.file_type().is_dir()));
            }
            if keep
                && entry.depth() > 0
                && entry.file_type().is_dir()
                && entry.file_name().to_str().is_none()
            {
                unnamed_folders.push(entry.path().to_path_buf());
                return false;
            }
            keep
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(dir);
                found.diagnostics.push(
                    Diagnostic::error(Code::Io, format!("cannot read this folder: {e}"))
                        .in_file(shown(root, path)),
                );
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let path = entry.path();
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        // A name that is not UTF-8 has no URL a browser could ask for, and two such names
        // would be shown (and published) as one.
        // Its path below the walked folder, found once for the checks and its name.
        let inside = path.strip_prefix(dir).unwrap_or(path);
        let Some(inside_text) = inside.to_str() else {
            found.diagnostics.push(skipped(
                Code::Encoding,
                root,
                path,
                format!(
                    "its name (`{}`) is not UTF-8 text, so it can have no web address; rename it",
                    escaped_name(path)
                ),
            ));
            continue;
        };
        if let Some(warning) = name_windows_refuses(root, dir, path, inside, &mut told_folder) {
            found.diagnostics.push(warning);
        }
        if file_type.is_symlink() {
            match follow_link(root, &canonical_root, path, rules) {
                Link::Keep => found
                    .files
                    .push((relative(inside, inside_text), path.to_path_buf())),
                Link::Skip(warning) => found.diagnostics.push(warning),
                Link::Unwanted => {}
            }
            continue;
        }
        if !(rules.wanted)(path) {
            continue;
        }
        if file_type.is_file() {
            found
                .files
                .push((relative(inside, inside_text), path.to_path_buf()));
        } else {
            found.diagnostics.push(skipped(
                Code::SpecialFile,
                root,
                path,
                format!("it is {}, not a file", kind(&file_type)),
            ));
        }
    }
    found.diagnostics.extend(
        hidden
            .iter()
            .map(|(path, is_dir)| hidden_skipped(root, path, *is_dir)),
    );
    found.diagnostics.extend(unnamed_folders.iter().map(|path| {
        skipped(
            Code::Encoding,
            root,
            path,
            format!(
                "the folder's name (`{}`) is not UTF-8 text, so nothing in it can have a web address; rename the folder",
                escaped_name(path)
            ),
        )
    }));
    found
}

/// The warning for the hidden file or folder at `path`, left out of a walk.
fn hidden_skipped(root: &Path, path: &Path, is_dir: bool) -> Diagnostic {
    let (what, shown_path) = if is_dir {
        ("folder", format!("{}/", shown(root, path).display()))
    } else {
        ("file", shown(root, path).display().to_string())
    };
    Diagnostic::warning(
        Code::HiddenFile,
        format!(
            "skipped: {shown_path} is a hidden {what}, and hidden files and folders are not published (they hold secrets such as .env and .htpasswd, a repository's .git, or litter such as .DS_Store)"
        ),
    )
    .in_file(shown(root, path))
    .with_hint(format!(
        "if visitors should get it, rename it without the leading dot; the hidden names published are {}",
        PUBLISHED_HIDDEN.join(", ")
    ))
}

/// What a walk does with a symbolic link.
enum Link {
    /// A file of the site: read it.
    Keep,
    /// Not followed, and why.
    Skip(Diagnostic),
    /// A file the walk does not want: passed over without a word.
    Unwanted,
}

/// Whether the link at `path` in a walk of the site at `root` (`canonical_root` resolved) is
/// followed, by the link rules in the module documentation.
fn follow_link(root: &Path, canonical_root: &Path, path: &Path, rules: &Rules) -> Link {
    let target = path.canonicalize();
    if let Some((name, last)) = target
        .as_ref()
        .ok()
        .and_then(|t| hidden_part(canonical_root, t))
    {
        let to = target.as_deref().map(|t| shown(canonical_root, t));
        return Link::Skip(
            Diagnostic::warning(
                Code::HiddenFile,
                format!(
                    "skipped: it is a link to {}, {}",
                    to.unwrap_or_default().display(),
                    hidden_words(&name, last)
                ),
            )
            .in_file(shown(root, path))
            .with_hint(HIDDEN_HINT),
        );
    }
    let why = match target {
        Err(_) => "it leads nowhere (its target is missing, or links loop)".to_string(),
        Ok(target) if target.is_dir() => {
            if target.starts_with(canonical_root) {
                "it is a link to a folder, and links to folders inside a source folder are not followed (link the files, or make the whole source folder a link)".to_string()
            } else {
                format!(
                    "it is a link to a folder outside the site ({})",
                    target.display()
                )
            }
        }
        Ok(_) if !(rules.wanted)(path) => return Link::Unwanted,
        Ok(target) if !target.starts_with(canonical_root) => format!(
            "it is a link to a file outside the site ({})",
            target.display()
        ),
        Ok(target) => match fs::metadata(&target) {
            Ok(meta) if meta.is_file() => return Link::Keep,
            Ok(meta) => format!("it is a link to {}, not a file", kind(&meta.file_type())),
            Err(e) => format!("its target cannot be read: {e}"),
        },
    };
    Link::Skip(skipped(Code::Symlink, root, path, why))
}

/// A file name with each byte that is not UTF-8 written `\xFF`, so that two such names can be
/// told apart in a message.
fn escaped_name(path: &Path) -> String {
    let name = path.file_name().unwrap_or(path.as_os_str());
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        name.as_bytes()
            .utf8_chunks()
            .map(|chunk| {
                let mut text = chunk.valid().to_string();
                for byte in chunk.invalid() {
                    text.push_str(&format!("\\x{byte:02X}"));
                }
                text
            })
            .collect()
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned()
    }
}

/// `inside` (a walked file's path below its folder, whose text is `text`) with `/` separators.
fn relative(inside: &Path, text: &str) -> String {
    // A path as the walk makes it (`guides/sleep.md`) is that already.
    if joined_already(text) {
        return text.to_string();
    }
    inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether `text`, a relative path, reads the same as its components joined by `/`: no
/// empty component (`a//b`, a `/` first or last), no `.` (which `components` leaves out) and
/// no `\` (a separator on Windows).
fn joined_already(text: &str) -> bool {
    !text.is_empty()
        && !text.contains('\\')
        && text.split('/').all(|part| !part.is_empty() && part != ".")
}

/// The characters Windows does not allow in a file or folder's name, besides control
/// characters (`\\` is its folder separator).
pub const NOT_ON_WINDOWS: [char; 8] = ['<', '>', ':', '"', '|', '?', '*', '\\'];

/// A warning for a file (at `path`; `inside` is its path below `dir`) whose name, or whose
/// folder's under `dir`, Windows does not allow: [`NOT_ON_WINDOWS`], a control character, or a
/// dot or space at the end. It is built all the same (its URL is made from its name), but a
/// site holding it cannot be checked out or copied on Windows. A folder is told once: the walk is depth first, so
/// the files under a folder told come before any other folder is (`told` is the last one).
fn name_windows_refuses(
    root: &Path,
    dir: &Path,
    path: &Path,
    inside: &Path,
    told: &mut Option<PathBuf>,
) -> Option<Diagnostic> {
    let (depth, why) = inside.components().enumerate().find_map(|(depth, part)| {
        let Component::Normal(name) = part else {
            return None;
        };
        let name = name.to_str()?;
        let why = match name
            .chars()
            .find(|c| c.is_control() || NOT_ON_WINDOWS.contains(c))
        {
            Some(c) if c.is_control() => format!("the control character U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
            None if name.ends_with(['.', ' ']) => "a dot or a space at its end".to_string(),
            None => return None,
        };
        Some((depth, why))
    })?;
    let named = dir.join(inside.components().take(depth + 1).collect::<PathBuf>());
    if told.as_ref() == Some(&named) {
        return None;
    }
    let folder = named != path;
    if folder {
        *told = Some(named.clone());
    }
    let what = if folder { "folder" } else { "file" };
    Some(
        Diagnostic::warning(
            Code::FileName,
            crate::support::diagnostic::printable_message(&format!(
                "this {what}'s name holds {why}, which Windows does not allow in a name: it is built, but the site cannot be checked out or copied on Windows"
            )),
        )
        .in_file(shown(root, &named))
        .with_hint("rename it without that character"),
    )
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn every(_: &Path) -> bool {
        true
    }

    const ALL: Rules = Rules {
        hidden: Hidden::Warn,
        wanted: every,
    };

    #[test]
    fn links_out_of_the_site_and_special_files_are_skipped_with_a_reason() {
        let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(outside.path().join("secret"), "secret").ok();
        let site = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = site.path();
        let static_dir = root.join("static");
        std::fs::create_dir_all(static_dir.join("sub")).ok();
        std::fs::write(static_dir.join("sub/ok.txt"), "ok").ok();
        std::fs::write(root.join("inside.txt"), "inside").ok();
        symlink(outside.path().join("secret"), static_dir.join("secret")).ok();
        symlink(root.join("inside.txt"), static_dir.join("inside.txt")).ok();
        symlink(outside.path(), static_dir.join("elsewhere")).ok();
        symlink("/dev/zero", static_dir.join("zero")).ok();
        let found = walk(root, &static_dir, &ALL);
        let files: Vec<&str> = found.files.iter().map(|(rel, _)| rel.as_str()).collect();
        assert_eq!(files, ["inside.txt", "sub/ok.txt"]);
        let skipped: Vec<String> = found
            .diagnostics
            .iter()
            .map(|d| {
                d.file
                    .as_ref()
                    .map(|f| f.display().to_string())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(
            skipped,
            ["static/elsewhere", "static/secret", "static/zero"]
        );

        // The folder itself a link out of the site: nothing is read from it.
        let linked = root.join("linked");
        symlink(outside.path(), &linked).ok();
        let found = walk(root, &linked, &ALL);
        assert!(found.files.is_empty());
        assert!(found.diagnostics[0].message.contains("outside the site"));
    }

    #[test]
    fn only_regular_files_are_read_and_never_past_the_limit() {
        assert!(matches!(
            read(Path::new("/dev/zero")),
            Err(ReadError::NotAFile(kind)) if kind.contains("character device")
        ));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Returns at once instead of waiting for a writer.
            assert!(matches!(read(&fifo), Err(ReadError::NotAFile(_))));
        }
        let big = dir.path().join("big");
        let file = std::fs::File::create(&big).unwrap_or_else(|e| panic!("{e}"));
        file.set_len(MAX_FILE_BYTES + 1).ok();
        assert!(matches!(read(&big), Err(ReadError::TooLarge(_))));
        assert!(matches!(
            read(dir.path()),
            Err(ReadError::NotAFile("a folder")) | Err(ReadError::Io(_))
        ));
    }

    #[test]
    fn a_path_joined_already_is_taken_as_it_is_and_any_other_is_joined() {
        // Pages are read under these names (`content::read`): as `components` joined by `/`.
        for (inside, rel) in [
            ("guides/sleep.md", "guides/sleep.md"),
            ("a//b.md", "a/b.md"),
            ("a/./b.md", "a/b.md"),
            ("a/../b.md", "a/../b.md"),
            // The root's `/` joined to the next part by another, as before.
            ("/abs/x.md", "//abs/x.md"),
        ] {
            let slow: Vec<String> = Path::new(inside)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            assert_eq!(relative(Path::new(inside), inside), slow.join("/"));
            assert_eq!(relative(Path::new(inside), inside), rel);
        }
    }
}
