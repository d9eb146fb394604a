//! `attach-gen new` (a page) and `attach-gen init` (a site): files to start from, so editors
//! never copy boilerplate by hand. Both refuse to overwrite anything.

use std::fs;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::content::placeholder;
use crate::support::diagnostic::{Code, Diagnostic};
use crate::support::slug::slugify;

/// What `attach-gen new` was asked to write.
#[derive(Debug, Clone, Default)]
pub struct NewPage {
    /// The site's folder (holding site.yaml).
    pub root: PathBuf,
    pub title: String,
    pub categories: Vec<String>,
    /// A folder under `content/`, such as `guides`.
    pub dir: Option<PathBuf>,
}

/// Writes `content/[<dir>/]<slug>.md` and returns its path (under `page.root`).
pub fn new_page(page: &NewPage) -> Result<PathBuf, Diagnostic> {
    if !page.root.join(crate::config::CONFIG_FILE).is_file() {
        return Err(crate::config::no_site(&page.root, "attach-gen new"));
    }
    // `attach-gen new guides/sleep.mi.md`: the te reo Māori version of guides/sleep.md.
    if super::translate::is_file_name(&page.title) {
        return super::translate::new_translation(page);
    }
    let title = page.title.trim();
    if title.is_empty() {
        return Err(Diagnostic::error(Code::Usage, "the title is empty")
            .with_hint("give the page a title: attach-gen new \"Sleep and mood\""));
    }
    // The file name is made from the title's words, without its spans' markup.
    let words = check_title(page, title)?;
    let slug = shortened(slugify(&words));
    if slug.is_empty() {
        return Err(Diagnostic::error(
            Code::EmptySlug,
            format!("cannot make a file name from the title `{title}`: it has no letters or digits"),
        )
        .with_hint("use a title with at least one word in it; you can change the title in the file afterwards"));
    }
    let mut folder = page.root.join(crate::content::CONTENT_DIR);
    let dir = page
        .dir
        .as_deref()
        .and_then(|dir| without_content_prefix(&page.root, dir));
    if let Some(dir) = &dir {
        let safe = dir
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !safe || dir.as_os_str().is_empty() {
            return Err(dir_outside_content(page.dir.as_deref().unwrap_or(dir), dir));
        }
        // After that check: `../a?` is told it leads out of content/, not sent to `--dir a`.
        check_dir_name(page, dir)?;
        // Rebuilt from its parts: `a//b`, `./a/./b` are `a/b`, as the page's path is shown.
        folder = folder.join(
            dir.components()
                .filter(|c| matches!(c, Component::Normal(_)))
                .collect::<PathBuf>(),
        );
    }
    check_address(dir.as_deref(), &slug)?;
    let categories = categories_to_write(&page.root, &page.categories)?;
    let path = folder.join(format!("{slug}.md"));
    let shown = path.strip_prefix(".").unwrap_or(&path).to_path_buf();
    check_no_bundle(&page.root, &folder, &slug, &shown)?;
    check_no_claim(&page.root, &folder, &slug, &shown)?;
    check_real_folder(&page.root, &folder, "or choose another --dir")?;
    let text = page_text(title, &categories, &today());
    write_new(
        &path,
        &shown,
        &text,
        "edit that page, or choose a different title (or --dir)",
    )?;
    Ok(shown)
}

/// The title is one line of plain text, written into front matter as it is given: a line
/// break, a tab or another control character in it (pasted, or from `$'...'` in a shell), or an
/// invisible character the build warns of, is refused with the command to run instead; so is a
/// language span the build would refuse (`[x]{onclick=...}`), as for `--category`. Returns
/// the title's words, as plain text (`[whānau]{lang=mi}` is `whānau`).
fn check_title(page: &NewPage, title: &str) -> Result<String, Diagnostic> {
    if let Some(what) = unwritable(title) {
        let mut hint = String::from(
            "a title is one line of plain text, typed or pasted without such characters",
        );
        let clean = without_unwritable(title);
        if !clean.is_empty() {
            hint.push_str(&format!(": {}", suggested_new(page, &clean)));
        }
        return Err(
            Diagnostic::error(Code::Usage, format!("the title `{title}` holds {what}"))
                .with_hint(hint),
        );
    }
    crate::support::lang::marked(title)
        .map(|marked| marked.plain)
        .map_err(|problem| {
            Diagnostic::error(
                Code::Usage,
                format!("the title `{title}`: {}", problem.message),
            )
            .with_hint(problem.hint)
        })
}

/// What the first character of `text` that a one-line field of a new page may not hold is:
/// a control character (a line break, a tab, an escape...), an invisible character the build
/// warns of in front matter (a line or paragraph separator, a zero-width space, a direction
/// control), or U+FFFE or U+FFFF, which no web page may hold. `None` when there is none.
fn unwritable(text: &str) -> Option<String> {
    use crate::content::{invisible_message, is_invisible_in_front_matter};
    text.chars().find_map(|c| match c {
        '\n' => Some("a line break".to_string()),
        '\r' => Some("a carriage return (a line break)".to_string()),
        '\t' => Some("a tab".to_string()),
        c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => Some(format!(
            "the control character U+{:04X}, which no web page or feed may hold",
            c as u32
        )),
        c if is_invisible_in_front_matter(c) => Some(invisible_message(c)),
        _ => None,
    })
}

/// `text` with what [`unwritable`] finds taken out: line breaks, tabs and separators made
/// spaces (each run of spaces one), the others left out: the title a suggested command gives.
pub fn without_unwritable(text: &str) -> String {
    let spaced: String = text
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => Some(' '),
            c if unwritable(c.encode_utf8(&mut [0; 4])).is_some() => None,
            c => Some(c),
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `attach-gen new` command for `page` with `title` instead of its own, as one line to
/// paste: the title quoted (after `--` when it starts with `-`), then its options.
fn suggested_new(page: &NewPage, title: &str) -> String {
    use crate::support::escape::{shell_path, shell_word};
    let mut command = String::from("attach-gen new ");
    if title.starts_with('-') {
        command.push_str("-- ");
    }
    command.push_str(&shell_word(title));
    let mut options: Vec<String> = Vec::new();
    for category in &page.categories {
        options.push(format!("--category {}", shell_word(category)));
    }
    if let Some(dir) = &page.dir {
        options.push(format!("--dir {}", shell_path(&dir.to_string_lossy())));
    }
    if page.root != Path::new(".") {
        options.push(format!(
            "--root {}",
            shell_path(&page.root.to_string_lossy())
        ));
    }
    if title.starts_with('-') {
        // Options go before `--`, after which every word is the title.
        let rest = command.split_off("attach-gen new ".len());
        command.push_str(&options.iter().map(|o| format!("{o} ")).collect::<String>());
        command.push_str(&rest);
    } else {
        for option in options {
            command.push(' ');
            command.push_str(&option);
        }
    }
    command
}

/// A page bundle at the page's URL (`content/rest/index.md` for `content/rest.md`) is an error:
/// both would want `rest/`. So is a bundle or page whose name is written otherwise but makes
/// the same URL, as a build slugifies each name (`Rest/index.md`, `Rest.md`). It looks at file
/// names only, so it still works where [`check_no_claim`] cannot: when site.yaml cannot be
/// read, and for a page whose front matter does not parse (which no build reads, but whose
/// fix would clash).
fn check_no_bundle(root: &Path, folder: &Path, slug: &str, shown: &Path) -> Result<(), Diagnostic> {
    let Some(bundle) = same_url(folder, slug) else {
        return Ok(());
    };
    let content = root.join(crate::content::CONTENT_DIR);
    let url = folder
        .strip_prefix(&content)
        .unwrap_or(Path::new(""))
        .join(slug);
    Err(Diagnostic::error(
        Code::Exists,
        format!(
            "{} already has the URL `{}/`, which {} would want too",
            bundle.strip_prefix(".").unwrap_or(&bundle).display(),
            slugified_url(&url),
            shown.display()
        ),
    )
    .in_file(bundle.strip_prefix(".").unwrap_or(&bundle))
    .with_hint("edit that page, or choose a different title (or --dir)"))
}

/// The page in `folder` whose URL is `slug`'s: the bundle `slug/index.md`, else a bundle or a
/// page whose name slugifies to `slug` (`Rest/index.md`, `Sleep Well.md`). The page `slug.md`
/// itself is left to the write, which refuses it. A name with a `.` in its stem (`rest.mi.md`,
/// a translation) is not looked at.
fn same_url(folder: &Path, slug: &str) -> Option<PathBuf> {
    let exact = folder.join(slug).join("index.md");
    if exact.is_file() {
        return Some(exact);
    }
    let mut found: Vec<PathBuf> = fs::read_dir(folder)
        .ok()?
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name();
            let name = name.to_str()?;
            match name.strip_suffix(".md") {
                Some(stem) => (stem != slug && !stem.contains('.') && slugify(stem) == slug)
                    .then(|| entry.path()),
                None => {
                    let bundle = entry.path().join("index.md");
                    (slugify(name) == slug && bundle.is_file()).then_some(bundle)
                }
            }
        })
        .collect();
    found.sort();
    found.into_iter().next()
}

/// A URL this site's build writes itself (`glossary/` with a `glossary`, `mi/` and `mi/page/2/`
/// on a site with a `mi` language) is a usage error, as [`check_address`]'s are. Another page
/// that has the new page's URL already is an error naming it: by its `slug`
/// (`slug: rest`), one of its `aliases` (`aliases: [rest/]`), or its file's path
/// (`content/Rest.md`, which is `rest/` too). Front matter of every page is read (drafts too,
/// as `--drafts` builds them), which is cheap enough for a command run once; a site.yaml that
/// cannot be read is the build's to report. The file itself, if it exists, is left to the
/// "already exists" error.
fn check_no_claim(root: &Path, folder: &Path, slug: &str, shown: &Path) -> Result<(), Diagnostic> {
    let Ok(config) = crate::config::load(root) else {
        return Ok(());
    };
    let content = root.join(crate::content::CONTENT_DIR);
    let under = folder.strip_prefix(&content).unwrap_or(Path::new(""));
    let url = format!("{}/", slugified_url(&under.join(slug)));
    let rel_path = under
        .join(format!("{slug}.md"))
        .to_string_lossy()
        .replace('\\', "/");
    if let Some(reserved) = crate::site::reserved_url(&config, &url) {
        return Err(Diagnostic::error(
            Code::Usage,
            format!(
                "the page {} would be at `{url}`, so no build would publish it: {}",
                shown.display(),
                reserved
                    .message
                    .replacen(&format!("the URL `{url}` "), "it ", 1)
            ),
        )
        .with_hint(
            "choose another title or --dir (you can change the title in the file afterwards)",
        ));
    }
    let want = crate::support::urls::written_file(&url).to_lowercase();
    let mut sources = crate::content::load(root, true).pages;
    let (urls, aliases) = crate::site::claimed_addresses(&config, &mut sources);
    let claims = |other: &str| crate::support::urls::written_file(other).to_lowercase() == want;
    for (index, page) in sources.iter().enumerate() {
        if page.rel_path == rel_path {
            continue;
        }
        let named = page.path.strip_prefix(".").unwrap_or(&page.path).display();
        let hint = "edit that page, or choose a different title (or --dir)";
        if urls.get(index).is_some_and(|u| !u.is_empty() && claims(u)) {
            let how = if page.front.slug.is_some() {
                " (its `slug`)"
            } else {
                ""
            };
            let d = Diagnostic::error(
                Code::Exists,
                format!(
                    "{named} already has the URL `{url}`{how}, which {} would want too",
                    shown.display()
                ),
            )
            .with_hint(hint);
            return Err(match page.front.slug {
                Some(_) => page.diagnostic_at_key(d, "slug"),
                None => d.in_file(&page.path),
            });
        }
        if aliases
            .get(index)
            .is_some_and(|a| a.iter().any(|a| claims(a)))
        {
            let d = Diagnostic::error(
                Code::Exists,
                format!(
                    "{named} has `{url}` among its `aliases` (an old address that leads to it), which {} would want too",
                    shown.display()
                ),
            )
            .with_hint("choose a different title (or --dir), or take the alias out of that page if nothing links to the old address any more");
            return Err(page.diagnostic_at_key(d, "aliases"));
        }
    }
    Ok(())
}

/// `path` (a folder under `content/` and a slug) as the URL a build gives it: each folder's
/// name slugified (`Our Guides/rest` → `our-guides/rest`).
fn slugified_url(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(slugify(&name.to_string_lossy())),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// An error when `folder` (under content/) is, or is inside, a symbolic link: one leading
/// outside the site would have `new` write there, and builds follow no link to a folder, so
/// nothing written through one is published. `other` ends the hint (`or choose another --dir`).
pub(crate) fn check_real_folder(root: &Path, folder: &Path, other: &str) -> Result<(), Diagnostic> {
    // content/ (or a folder in it) may be a link: a page written where it leads, outside the
    // site, would be skipped by every build (and is not this command's to write).
    if let (Ok(resolved), Ok(root)) = (
        crate::support::source::absolute_resolved(folder),
        crate::support::source::absolute_resolved(root),
    ) && !resolved.starts_with(&root)
    {
        return Err(Diagnostic::error(
            Code::Outside,
            format!(
                "{} leads outside the site's folder, to {}; attach-gen new writes pages only inside the site",
                folder.strip_prefix(".").unwrap_or(folder).display(),
                resolved.display()
            ),
        )
        .with_hint(format!("replace the link with a real folder, {other}")));
    }
    if let Some(link) = linked_folder(root, folder) {
        return Err(Diagnostic::error(
            Code::Usage,
            format!(
                "{} is a link to a folder, which builds do not follow, so no build would publish it",
                link.strip_prefix(".").unwrap_or(&link).display()
            ),
        )
        .with_hint(format!("replace the link with a real folder (move the files into it), {other}")));
    }
    Ok(())
}

/// The first folder below `content/` on the way to `folder` that is a symbolic link: builds
/// do not follow links to folders inside a source folder (`content/` itself may be one).
fn linked_folder(root: &Path, folder: &Path) -> Option<PathBuf> {
    let content = root.join(crate::content::CONTENT_DIR);
    let below = folder.strip_prefix(&content).ok()?;
    let mut path = content;
    for part in below.components() {
        path.push(part);
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return Some(path),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

/// Writes `text` to a new file at `path` (`shown` in messages), making its folders: an
/// existing file is an error with `exists_hint`, never overwritten (`create_new` leaves no
/// window in which one could appear).
pub(crate) fn write_new(
    path: &Path,
    shown: &Path,
    text: &str,
    exists_hint: &str,
) -> Result<(), Diagnostic> {
    let fix = "or run attach-gen new as the user who owns the site";
    if let Some(folder) = path.parent() {
        fs::create_dir_all(folder).map_err(|e| write_failed("create", folder, &e, fix))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::error(
                    Code::Exists,
                    format!(
                        "{} already exists; attach-gen new never overwrites a page",
                        shown.display()
                    ),
                )
                .with_hint(exists_hint)
            } else {
                write_failed("write", shown, &e, fix)
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| write_failed("write", shown, &e, fix))
}

/// `new` or `init` could not `action` (create, write) `path`: the message names the path,
/// and when permissions or a read-only disk are the cause, the folder that refused and what
/// to do (`fix`: the command's own way out).
pub(crate) fn write_failed(
    action: &str,
    path: &Path,
    error: &std::io::Error,
    fix: &str,
) -> Diagnostic {
    use std::io::ErrorKind as K;
    let shown = path.strip_prefix(".").unwrap_or(path);
    // The folder that refused: the nearest one that exists above what was to be made.
    let folder = path
        .ancestors()
        .skip(1)
        .find(|a| a.as_os_str().is_empty() || a.is_dir())
        .map(|a| match a.strip_prefix(".").unwrap_or(a) {
            a if a.as_os_str().is_empty() => Path::new("."),
            a => a,
        })
        .unwrap_or(Path::new("."));
    // A link that leads nowhere (`my-site` → a folder since deleted) stops `create_dir_all`
    // with "File exists": name the link and where it leads.
    let dangling = path.ancestors().find(|a| {
        a.symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
            && !a.exists()
    });
    let (why, hint) = match (error.kind(), dangling) {
        (_, Some(link)) => {
            let target = fs::read_link(link).unwrap_or_default();
            // A relative target is read from the link's folder, not from here.
            let made = link.parent().unwrap_or(Path::new("")).join(&target);
            let made = made.strip_prefix(".").unwrap_or(&made).to_path_buf();
            let link = link.strip_prefix(".").unwrap_or(link);
            let removed = crate::support::escape::shell_word(&link.to_string_lossy());
            if made.symlink_metadata().is_ok() {
                // A link to a link that leads nowhere, or back round (`a` → `b` → `a`): no
                // `mkdir -p` makes that folder.
                let why = format!(
                    "{} is a link to {}, itself a link that leads nowhere (or round in a loop)",
                    link.display(),
                    target.display()
                );
                let hint =
                    format!("remove the link (`rm {removed}`) and run the command again, {fix}");
                (why, Some(hint))
            } else {
                (
                    format!(
                        "{} is a link to {}, which does not exist",
                        link.display(),
                        target.display()
                    ),
                    Some(format!(
                        "make that folder first (`mkdir -p {}`), or remove the link (`rm {}`) and run the command again, {fix}",
                        crate::support::escape::shell_word(&made.to_string_lossy()),
                        removed
                    )),
                )
            }
        }
        (K::PermissionDenied, _) => (
            format!("you may not write to the folder {}", folder.display()),
            Some(format!(
                "check who owns it and its permissions (`ls -ld {0}`) and make it writable (`chmod u+w {0}`), {fix}",
                folder.display()
            )),
        ),
        (K::ReadOnlyFilesystem, _) => (
            format!("{} is on a read-only file system", folder.display()),
            Some("work on a disk you can write to (copy the site there if need be)".to_string()),
        ),
        (K::StorageFull | K::QuotaExceeded, _) => (
            format!("the disk holding {} is full", folder.display()),
            Some("free some space on it and run the command again".to_string()),
        ),
        _ => (String::new(), None),
    };
    let message = if why.is_empty() {
        format!("cannot {action} {}: {error}", shown.display())
    } else if dangling.is_some() {
        // The system's "File exists" would only mislead.
        format!("cannot {action} {}: {why}", shown.display())
    } else {
        format!("cannot {action} {}: {why} ({error})", shown.display())
    };
    let d = Diagnostic::error(Code::Io, message);
    match hint {
        Some(hint) => d.with_hint(hint),
        None => d,
    }
}

/// The longest file name `new` makes from a title, in bytes: a long title makes a long URL
/// (and past 255 bytes, a name no file system takes).
const MAX_SLUG_BYTES: usize = 80;

/// `slug` cut to [`MAX_SLUG_BYTES`] at a word's end.
fn shortened(slug: String) -> String {
    if slug.len() <= MAX_SLUG_BYTES {
        return slug;
    }
    let cut = &slug[..MAX_SLUG_BYTES];
    cut.rsplit_once('-')
        .map_or(cut, |(words, _)| words)
        .to_string()
}

/// `--dir` names folders to make, so a character no folder should hold is refused with the
/// command to run instead: a control character or an invisible one (as in a title), or one
/// Windows does not allow in a name (`:`, `?`, `*`...), which would leave the site's files
/// impossible to check out there, where many editors work; `\` is read as Windows reads it,
/// a folder separator.
fn check_dir_name(page: &NewPage, dir: &Path) -> Result<(), Diagnostic> {
    use crate::support::source::NOT_ON_WINDOWS;
    let typed = page.dir.as_deref().unwrap_or(dir).to_string_lossy();
    let what = unwritable(&typed).or_else(|| {
        typed.chars().find(|c| NOT_ON_WINDOWS.contains(c)).map(|c| match c {
            '\\' => "`\\`, which Windows reads as a folder separator and this computer as part of a name".to_string(),
            c => format!("`{c}`, which Windows does not allow in a folder's name: the site could not be checked out or copied there"),
        })
    });
    let Some(what) = what else {
        return Ok(());
    };
    let spaced: String = without_unwritable(&typed)
        .chars()
        .map(|c| match c {
            '\\' => '/',
            c if NOT_ON_WINDOWS.contains(&c) => ' ',
            c => c,
        })
        .collect();
    let clean = spaced
        .split('/')
        .map(|folder| folder.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|folder| !folder.is_empty())
        .collect::<Vec<_>>()
        .join("/");
    let mut hint = String::from("a folder's name is plain words; separate folders with `/`");
    // `..\guides` read as Windows reads it leads out of content/: no command to run then.
    if !clean.is_empty() && !clean.split('/').any(|folder| folder == "..") {
        let suggested = NewPage {
            dir: Some(PathBuf::from(clean)),
            ..page.clone()
        };
        hint.push_str(&format!(
            ": {}",
            suggested_new(&suggested, page.title.trim())
        ));
    }
    Err(Diagnostic::error(Code::Usage, format!("--dir `{typed}` holds {what}")).with_hint(hint))
}

/// An error when the page `new` would write is one every build skips or refuses: in a hidden
/// folder, at a name Windows reserves (`con`), or at a URL attach-gen writes itself
/// (`categories/`). The URL is made as a build makes it, each folder's name slugified
/// (`--dir "Our Guides"` is `our-guides/`).
fn check_address(dir: Option<&Path>, slug: &str) -> Result<(), Diagnostic> {
    let folders: Vec<String> = dir
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let path = folders
        .iter()
        .map(String::as_str)
        .chain([slug])
        .collect::<Vec<_>>()
        .join("/");
    let url = folders
        .iter()
        .map(|f| slugify(f))
        .chain([slug.to_string()])
        .collect::<Vec<_>>()
        .join("/");
    let first = url.split('/').next().unwrap_or_default();
    let why = if folders.iter().any(|f| f.starts_with('.')) {
        Some("is in a hidden folder, which builds skip".to_string())
    } else if let Some(folder) = folders.iter().find(|f| slugify(f).is_empty()) {
        Some(format!(
            "is in the folder `{folder}`, whose name has no letters or digits to make a URL from"
        ))
    } else if crate::site::RESERVED_SECTIONS.contains(&first) {
        Some(format!(
            "would be at `{first}/`, which attach-gen writes itself"
        ))
    } else {
        crate::site::check_slug(&url).err()
    };
    match why {
        None => Ok(()),
        Some(why) => Err(Diagnostic::error(
            Code::Usage,
            format!("the page `content/{path}.md` {why}, so no build would publish it"),
        )
        .with_hint(
            "choose another title or --dir (you can change the title in the file afterwards)",
        )),
    }
}

/// The names `new` writes for the `--category` values: the spelling site.yaml lists, or on an
/// open list the spelling another page already uses; each category once.
pub(crate) fn categories_to_write(
    root: &Path,
    asked: &[String],
) -> Result<Vec<String>, Diagnostic> {
    // A category site.yaml does not list would only be found by the first build that
    // publishes the page (a new page is a draft): check it now, and write the listed name.
    // A site.yaml that cannot be read is the build's to report.
    let config = crate::config::load(root).ok();
    // On an open list, a name another page (draft or not) already uses is written as it is
    // there: `sleep` beside a page's `Sleep` would be an error at the next check.
    let used: Vec<String> = match &config {
        Some(config) if config.categories_open && !asked.is_empty() => {
            crate::content::load(root, true)
                .pages
                .into_iter()
                .flat_map(|p| p.front.categories)
                .collect()
        }
        _ => Vec::new(),
    };
    let mut categories: Vec<String> = Vec::with_capacity(asked.len());
    for name in asked {
        if let Some(what) = unwritable(name) {
            return Err(Diagnostic::error(
                Code::Usage,
                format!("--category `{name}` holds {what}"),
            )
            .with_hint(format!(
                "a category's name is one line of plain text: --category {}",
                crate::support::escape::shell_word(&without_unwritable(name))
            )));
        }
        // A span the build would refuse (`[x]{lang=mi onclick=1}`) is refused before the page
        // is written.
        if let Err(problem) = crate::support::lang::marked(name) {
            return Err(Diagnostic::error(
                Code::Usage,
                format!("--category `{name}`: {}", problem.message),
            )
            .with_hint(problem.hint));
        }
        if slugify(name).is_empty() {
            return Err(Diagnostic::error(
                Code::Usage,
                format!("--category `{name}`: a category name needs letters or digits"),
            ));
        }
        let mut name = match &config {
            Some(config) => {
                crate::site::categories::listed_name(config, name.trim()).map_err(|d| {
                    Diagnostic {
                        message: format!("--category {}", d.message),
                        ..d
                    }
                })?
            }
            None => name.clone(),
        };
        if let Some(spelling) = used.iter().find(|u| slugify(u) == slugify(&name)) {
            name = spelling.clone();
        }
        // The same category twice (`-c Wellbeing -c wellbeing`) is written once.
        if !categories.iter().any(|c| slugify(c) == slugify(&name)) {
            categories.push(name);
        }
    }
    Ok(categories)
}

/// The front matter lines that make a page `new` writes a draft, and say how to publish it.
pub(super) const DRAFT_LINES: &str =
    "# Drafts are built only with --drafts. Take this line out to publish the page.\ndraft: true\n";

/// `categories` as the inside of a YAML flow list: `"Sleep", "Whānau"`.
pub(super) fn categories_list(categories: &[String]) -> String {
    let names: Vec<String> = categories.iter().map(|c| yaml_string(c.trim())).collect();
    names.join(", ")
}

/// The text of a new page.
pub fn page_text(title: &str, categories: &[String], date: &str) -> String {
    format!(
        "---\n\
         title: {}\n\
         description: \"\"\n\
         categories: [{}]\n\
         date: {date}\n\
         {DRAFT_LINES}\
         ---\n\
         \n\
         {}\n\
         \n\
         ## A first heading\n\
         \n\
         {} Cite a work from the bibliography by its key in square brackets,\n\
         such as `[@bowlby1973]`, and link to another page by its file, such as\n\
         `[sleep and mood](sleep-and-mood.md)`.\n",
        yaml_string(title),
        categories_list(categories),
        placeholder::SENTENCES[0],
        placeholder::SENTENCES[1],
    )
}

/// `text` as a YAML double-quoted string: safe whatever it holds (`: `, `#`, quotes, a leading
/// `-` or `[`, words YAML would read as booleans or numbers).
pub fn yaml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Today's date (UTC) as `YYYY-MM-DD`, from the system clock. No date crate: the civil date
/// of a day count is a few lines (Howard Hinnant's `civil_from_days`), and a page's date is
/// only a starting point the editor can change.
pub fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    #[cfg(unix)]
    if let Some(date) = local_date(seconds) {
        return date;
    }
    let (y, m, d) = crate::content::civil_from_days((seconds / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The date in the local time zone (`TZ`, or the system's) at `seconds` since 1970, from the C
/// library, which already knows the zone's rules: no time zone crate for one date a page.
#[cfg(unix)]
fn local_date(seconds: u64) -> Option<String> {
    let time = libc::time_t::try_from(seconds).ok()?;
    // SAFETY: an all-zero `tm` is a valid value (integers, and a null zone name pointer).
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: localtime_r reads `time` and writes only `tm`, both live for the call; it is the
    // thread-safe form of localtime.
    let filled = unsafe { libc::localtime_r(&time, &mut tm) };
    if filled.is_null() {
        return None;
    }
    Some(format!(
        "{:04}-{:02}-{:02}",
        i64::from(tm.tm_year) + 1900,
        tm.tm_mon + 1,
        tm.tm_mday
    ))
}

/// The files of a new site.
pub fn site_files(date: &str) -> Vec<(&'static str, String)> {
    vec![
        ("site.yaml", SITE_YAML.to_string()),
        (
            "content/why-feeling-safe-with-others-matters.md",
            EXAMPLE_PAGE.replace("{date}", date),
        ),
        ("bibliography.bib", BIBLIOGRAPHY.to_string()),
        (".gitignore", "output/\n.attach-gen-cache/\n".to_string()),
    ]
}

/// The error for a `--dir` that is not a folder inside content/: it names the folder as the
/// editor typed it (`--dir content/..`, not what was left of it once `content/` was taken
/// off), and why it is not one.
fn dir_outside_content(typed: &Path, left: &Path) -> Diagnostic {
    let shown = crate::support::diagnostic::printable_message(&typed.display().to_string());
    let why = if left.as_os_str().is_empty() {
        "names no folder".to_string()
    } else if left.has_root() {
        "is an absolute path, outside content/".to_string()
    } else if left
        .components()
        .next()
        .is_some_and(|c| c == Component::ParentDir)
    {
        "leads out of content/ with `..`".to_string()
    } else {
        "has `..` in it, which `new` does not follow (it could lead out of content/)".to_string()
    };
    Diagnostic::error(
        Code::Usage,
        format!(
            "--dir `{shown}` {why}: `attach-gen new` writes pages only in content/ and the folders inside it"
        ),
    )
    .with_hint(
        "give the folder as seen from content/, such as `--dir guides` for content/guides/ (`--dir content/guides` works too), or leave --dir out to write the page at the top of content/",
    )
}

/// `--dir` as a folder under `content/`: an editor who writes the folder as they see it from
/// the site's folder (`--dir content/guides`) means `guides`, unless the site really has a
/// `content/content/` folder. `None` when nothing is left (`--dir content`: the top).
pub(crate) fn without_content_prefix(root: &Path, dir: &Path) -> Option<PathBuf> {
    let mut parts = dir
        .components()
        .skip_while(|c| matches!(c, Component::CurDir))
        .peekable();
    let names_content = parts
        .peek()
        .is_some_and(|c| c.as_os_str() == crate::content::CONTENT_DIR);
    let has_inner = root
        .join(crate::content::CONTENT_DIR)
        .join(crate::content::CONTENT_DIR)
        .exists();
    if !names_content || has_inner {
        return Some(dir.to_path_buf());
    }
    parts.next();
    let rest: PathBuf = parts.collect();
    (!rest.as_os_str().is_empty()).then_some(rest)
}

/// A site started inside another site's `content/` (or `static/`, `templates/`, `themes/`,
/// `i18n/`) is read by every build of that one, its sample page published as that site's
/// own; one started inside its `output/`, or inside any folder a build wrote (`--output
/// public`, which holds the output marker), is deleted by its next build. Both are refused,
/// with the folder to start it in instead. Every site above is looked at, not only the
/// nearest: a stray site.yaml in `content/notes/` does not make `content/notes/new-site`
/// safe. Elsewhere in a site's folder (`my-site/drafts-site`) no build reads it, so it is
/// allowed.
fn check_not_inside_a_site(dir: &Path) -> Result<(), Diagnostic> {
    use crate::config::layout::{CONFIG_FILE, OUTPUT_DIR, OUTPUT_MARKER, SOURCE_DIRS};
    let Ok(absolute) = crate::support::source::absolute_resolved(dir) else {
        return Ok(());
    };
    for folder in absolute.ancestors() {
        if folder == absolute || !folder.join(CONFIG_FILE).is_file() {
            continue;
        }
        let Some(Component::Normal(first)) = absolute
            .strip_prefix(folder)
            .ok()
            .and_then(|inside| inside.components().next())
        else {
            continue;
        };
        let first = first.to_string_lossy();
        let why = if first == OUTPUT_DIR {
            "its next build would delete it"
        } else if SOURCE_DIRS.contains(&first.as_ref()) {
            "every build of that site would read its files as that site's own (its pages published there)"
        } else {
            continue;
        };
        return Err(inside_a_site(dir, &absolute, folder, Some(&first), why));
    }
    // An output folder named with `--output`, wherever it is.
    match absolute
        .ancestors()
        .find(|folder| folder.join(OUTPUT_MARKER).is_file())
    {
        Some(built) => {
            let why = "the next build into that folder would delete it";
            Err(inside_a_site(dir, &absolute, built, None, why))
        }
        None => Ok(()),
    }
}

/// The error for a site to be started at `dir` (`absolute`) inside the folder `first` of the
/// site in `site` (or inside `site` itself, a built site's output folder, when `first` is
/// `None`).
fn inside_a_site(
    dir: &Path,
    absolute: &Path,
    site: &Path,
    first: Option<&str>,
    why: &str,
) -> Diagnostic {
    use crate::config::layout::{CONFIG_FILE, OUTPUT_MARKER};
    use crate::support::diagnostic::printable_message;
    let place = match first {
        Some(first) => format!(
            "inside {first}/ of the site in {} (it has a {CONFIG_FILE})",
            site.display()
        ),
        None => format!(
            "inside {}, a site that attach-gen built (it has a {OUTPUT_MARKER})",
            site.display()
        ),
    };
    // Start it beside the site, or beside the folder holding the built site.
    let outside = site.parent().unwrap_or(site);
    let name = absolute.file_name().map_or_else(
        || "my-site".to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    Diagnostic::error(
        Code::Usage,
        printable_message(&format!("{} is {place}: {why}", dir.display())),
    )
    .with_hint(printable_message(&format!(
        "start the new site outside that one: cd {} && attach-gen init {}",
        crate::support::escape::shell_path(&outside.to_string_lossy()),
        crate::support::escape::shell_word(&name)
    )))
}

/// Writes a new site into `dir` (created if needed), which must be empty (a `.git` folder is
/// allowed). Returns the files written, under `dir`.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.exists() && !dir.is_dir() {
        return Err(Diagnostic::error(
            Code::Usage,
            format!(
                "{} is a file, not a folder",
                crate::support::diagnostic::printable_message(&dir.display().to_string())
            ),
        )
        .with_hint("name a new folder for the site: attach-gen init my-site"));
    }
    if dir.is_dir() {
        let entries: Vec<String> = fs::read_dir(dir)
            .map_err(|e| {
                Diagnostic::error(Code::Io, format!("cannot read {}: {e}", dir.display()))
            })?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name != ".git")
            .collect();
        if !entries.is_empty() {
            let mut shown = entries.clone();
            shown.sort();
            shown.truncate(5);
            return Err(Diagnostic::error(
                Code::NotEmpty,
                format!(
                    "{} is not empty (it holds {}{}), so attach-gen init will not write a site into it",
                    dir.display(),
                    shown.join(", "),
                    if entries.len() > 5 { ", ..." } else { "" }
                ),
            )
            .with_hint("name a new folder: attach-gen init my-site"));
        }
    }
    check_not_inside_a_site(dir)?;
    let date = today();
    let mut written = Vec::new();
    let fix = "or start the site in a folder of your own: attach-gen init ~/my-site";
    for (rel, text) in site_files(&date) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| write_failed("create", parent, &e, fix))?;
        }
        fs::write(&path, text).map_err(|e| write_failed("write", &path, &e, fix))?;
        written.push(path.strip_prefix(".").unwrap_or(&path).to_path_buf());
    }
    Ok(written)
}

const SITE_YAML: &str = r#"# This site's settings. Every setting attach-gen knows is here: the ones commented out (#)
# show their default. docs/configuration.md in attach-gen's repository explains each in full.

# The site's name, shown in the header, the footer and every page's <title>. Required.
title: My Resources
# One sentence about the site, shown on the home page and in the footer.
description: Plain-language guides on wellbeing.
# The address the site will be published at (feeds, the sitemap and canonical links need it).
base_url: https://example.org/resources
# The language of the text, as a tag such as en, en-NZ or mi (also the citations' language).
language: en
# A site in more than one language lists them; the first is the default (and the site's
# language). A translation of `page.md` is `page.mi.md`, published under the language's prefix;
# `attach-gen new page.mi.md` starts one from page.md.
# languages:
#   - { code: en, name: English }
#   - { code: mi, name: Te reo Māori, prefix: mi/ }
# (A category may then be named per language: `name: { en: Wellbeing, mi: Hauora }`.)
# The country the site is for (two letters), for link previews' locale (og:locale, en_NZ).
# Default: the region of `language` (en-NZ gives NZ); without one, the language alone.
# region: NZ
# The theme: a folder under themes/. `default` is built in, so it needs no folder.
# theme: default
# A notice at the top of every page, with an optional link.
# banner:
#   text: "New: a free course on looking after your wellbeing."
#   link: https://example.org/course
# "Need help now?": a box on every page, with phone and text links, that the header's
# "Get help" link jumps to. Numbers are written for people; the links dial the digits.
# With `languages`, title and text may be given per language: `title: { en: ..., mi: ... }`,
# and so may a contact's name, note and hours: `note: { en: Free call, mi: ... }`.
help:
  title: Need help now?
  text: If you or someone else is in immediate danger, call 111.
  contacts:
    - { name: Need to talk?, phone: "1737", sms: "1737", note: "Free call or text, any time" }
#   - { name: Another service, phone: "0800 000 000", hours: "24/7", url: "https://example.org/chat" }
# A logo beside the site's name, from static/ (alt: "" when it only repeats the name).
# logo:
#   src: images/logo.svg
#   alt: ""
# The icon browsers show in tabs: a file in static/. Default: the theme's favicon.svg.
# favicon: favicon.svg
# Links at the foot of every page: a page of the site (privacy/) or a full address.
# footer:
#   links:
#     - { name: Privacy, url: privacy/ }
#     - { name: Contact us, url: "mailto:hello@example.org" }
# The home page lists these pages (files under content/) first, then the rest by weight
# and title.
# home:
#   featured: [why-feeling-safe-with-others-matters.md]
# The categories, in order, each with an introduction. A page's category must be one of
# these (or one of their aliases: old names pages may still use); `slug` sets its URL part.
categories:
  - name: Wellbeing
    description: Looking after body and mind.
    # aliases: [Self-care]
  - name: For Family / Whānau
    description: Guides for parents, caregivers and extended family.
    # slug: whanau
# true: pages may also name categories the list above does not have.
# categories_open: false
# Bibliography files (.bib, CSL-JSON .json as Zotero exports it, RIS .ris, or CSL YAML or Hayagriva .yaml), relative
# to this folder.
bibliography:
  files: [bibliography.bib]
  # true: also list works no page cites, under "Further reading" on the bibliography page.
  show_uncited: false
# A glossary of words from another language (such as te reo Māori) that pages use: a YAML
# file of terms, each with its lang and meaning. Every use is marked with its language, the
# first on a page links to the glossary page, and a word missing a macron is a warning.
# glossary: glossary.yaml
# The citation style: a built-in name (apa, chicago-author-date, ieee, ...) or a .csl file.
citation_style: apa
# raw_html: pass HTML written in pages through (true) or show it as text (false); false
# also keeps HTML, SVG and script files of page bundles off the site.
markdown:
  raw_html: true
# Photos wider than max_width pixels are published with smaller copies (480, 960 and
# max_width wide) so that phones do not download the full file.
# images:
#   max_width: 1600
# How many pages each page of a listing (the home page, a category) shows.
# paginate_by: 20
# Review dates: a page's `next_review` defaults to its `reviewed` date plus interval_months;
# build warns about pages past it and notes pages due within warn_days. require: true makes a
# page without `reviewed` an error; publish_report: true publishes the review report for staff
# at reviews/ (left out of search, the sitemap and the feeds). Without `review:`, nothing is
# checked and pages are schema.org Articles rather than MedicalWebPages.
# review:
#   interval_months: 24
#   warn_days: 60
#   require: false
#   publish_report: false
# The people who review pages, by the id a page's `reviewed_by` names them with.
# people:
#   dr-ana-smith:
#     name: Dr Ana Smith
#     role: Clinical psychologist
#     credentials: PhD
#     url: https://example.org/team/ana-smith
# Plain language: `check` warns about pages above this Flesch-Kincaid grade (a page may set
# its own `readability: {max_grade: 11}`) and sentences longer than max_sentence_words.
# readability:
#   max_grade: 9
#   max_sentence_words: 35
# Your own values for templates, which see them as site.extra.
# extra:
#   organisation: Our Trust
"#;

const EXAMPLE_PAGE: &str = r#"---
title: Why feeling safe with others matters
description: An example page that shows categories and citations. Edit it or delete it.
categories: [Wellbeing, For Family / Whānau]
date: {date}
---

This is an example page. Every page is a Markdown file in `content/` that starts with front
matter: the lines between the two `---` above. Edit this one, or delete it once you have
written your own.

## Citing a source

Cite a work from `bibliography.bib` by its key in square brackets. The study of how children
bond with the people who care for them began with John Bowlby's work on separation
[@bowlby1973]. Write the key without brackets to name the author in the sentence:
@ainsworth1978 watched how infants respond when a caregiver leaves the room and comes back.

Each citation links to the reference list at the end of the page, and every work cited is
listed on the site's bibliography page.

## Categories

The `categories:` line above files this page under Wellbeing and For Family / Whānau. Each
category has its own page that lists its pages.

## Next steps

- `attach-gen serve` shows the site as you write: open the address it prints.
- `attach-gen new "My first page" --category Wellbeing` starts a new page.
- `attach-gen check` finds broken links, missing images and unknown citation keys.
- `attach-gen build` writes the finished site into `output/`.
"#;

const BIBLIOGRAPHY: &str = r#"@book{bowlby1973,
  author    = {Bowlby, John},
  title     = {Attachment and Loss: Volume {II}: Separation, Anxiety and Anger},
  publisher = {The Hogarth Press and the Institute of Psycho-Analysis},
  address   = {London},
  year      = {1973},
}

@book{ainsworth1978,
  author    = {Ainsworth, Mary D. Salter and Blehar, Mary C. and Waters, Everett and Wall, Sally},
  title     = {Patterns of Attachment: A Psychological Study of the Strange Situation},
  publisher = {Lawrence Erlbaum},
  address   = {Hillsdale, NJ},
  year      = {1978},
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert!(crate::content::Date::parse(&today()).is_ok());
    }

    #[test]
    fn titles_are_quoted_safely() {
        assert_eq!(yaml_string("a: \"b\" #c \\"), r#""a: \"b\" #c \\""#);
        let text = page_text(
            "Yes: no # \"maybe\"",
            &["Grief & Loss".into()],
            "2024-01-02",
        );
        let page = crate::content::parse_page(Path::new("a.md"), "a.md".into(), text.into_bytes());
        let page = page.map_err(|e| format!("{e:?}"));
        let Ok(page) = page else { panic!("{page:?}") };
        assert_eq!(page.front.title, "Yes: no # \"maybe\"");
        assert_eq!(page.front.categories, ["Grief & Loss"]);
    }

    #[test]
    fn site_yaml_names_every_setting() {
        let config = crate::config::parse(Path::new("."), SITE_YAML);
        assert!(config.is_ok(), "{config:?}");
        for key in crate::config::KEYS {
            let present = SITE_YAML
                .lines()
                .any(|l| l.starts_with(&format!("{key}:")) || l.starts_with(&format!("# {key}:")));
            assert!(present, "site.yaml of `init` does not mention `{key}`");
        }
    }
}
