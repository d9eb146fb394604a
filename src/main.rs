//! The `attach-gen` command line: parses arguments, runs the library, prints what happened.

use std::io::{IsTerminal, Write as _};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};

use attach_gen::commands::check::{CheckOptions, check};
use attach_gen::commands::reviews;
use attach_gen::commands::scaffold::{self, NewPage};
use attach_gen::commands::serve::{Log, ServeError, ServeOptions};
use attach_gen::content::Date;
use attach_gen::support::diagnostic::{self, Code, SHOWN_PER_CODE, printable_path};
use attach_gen::support::render_guard;
use attach_gen::{BuildOptions, Diagnostic, Progress, Severity};

// mimalloc: a build allocates and frees millions of small strings from two threads; glibc's
// allocator slows as its heap fragments (malloc was a sixth of a 100,000-page build's time),
// mimalloc does not (docs/performance.md). Guarded: a template whose value doubles in a loop
// ends the build with an error instead of taking all memory (support::render_guard).
#[global_allocator]
static ALLOCATOR: render_guard::GuardedAllocator = render_guard::GuardedAllocator;

/// A static site generator for resource pages: Markdown with front matter in, a complete
/// static site with categories, citations and a bibliography out.
#[derive(Parser)]
#[command(name = "attach-gen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into its output folder.
    Build {
        /// The site's folder (the one holding site.yaml) [default: the current folder]
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// Where to write the site [default: <root>/output]
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The absolute URL the site is published at (overrides base_url in site.yaml)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Replace the output folder even if attach-gen did not create it
        #[arg(long)]
        force: bool,
        /// Write the files this build added (A), modified (M) or deleted (D) to FILE, a tab
        /// and a path per line, for a deploy that uploads only those
        #[arg(long, value_name = "FILE")]
        changed_list: Option<PathBuf>,
        /// Print only errors
        #[arg(long, short)]
        quiet: bool,
        /// Print every error and warning; by default the first 20 of each kind are printed,
        /// then how many more there are
        #[arg(long)]
        show_all: bool,
        /// How to print problems [default: github when GITHUB_ACTIONS=true, else human]
        #[arg(long, alias = "format", value_enum, value_name = "FORMAT")]
        message_format: Option<Format>,
        /// The date review statuses are worked out on [default: the day of SOURCE_DATE_EPOCH if set, else today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        today: Option<Date>,
    },
    /// Serve the site on this computer, rebuilding it and reloading open pages on every change.
    Serve {
        /// The site's folder (the one holding site.yaml) [default: the current folder]
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// The port to listen on
        #[arg(long, short, default_value_t = 1111, value_parser = parse_port, allow_negative_numbers = true)]
        port: u16,
        /// The address to listen on; the default is reachable only from this computer
        #[arg(long, default_value = "127.0.0.1", value_parser = parse_interface)]
        interface: IpAddr,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Open the site in a web browser
        #[arg(long)]
        open: bool,
        /// Print every error and warning; by default the first 20 of each kind are printed,
        /// then how many more there are
        #[arg(long)]
        show_all: bool,
        /// How to print problems [default: github when GITHUB_ACTIONS=true, else human]
        #[arg(long, alias = "format", value_enum, value_name = "FORMAT")]
        message_format: Option<Format>,
    },
    /// Start a new page: content/[DIR/]<slug>.md with its front matter filled in; or, given a
    /// translation's file name (guides/sleep.mi.md), start that translation of guides/sleep.md.
    New {
        /// The page's title, on one line (after `--` when it starts with `-`), or a
        /// translation's file name under content/ (guides/sleep.mi.md)
        title: String,
        /// A category to file the page under (repeat for several)
        #[arg(long = "category", short, value_name = "NAME")]
        categories: Vec<String>,
        /// A folder under content/ to put the page in, such as `guides`
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// The site's folder (the one holding site.yaml) [default: the current folder]
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
    /// Start a new site in an empty folder, ready to build.
    Init {
        /// The folder to create the site in [default: the current folder]
        dir: Option<PathBuf>,
    },
    /// Check the site for every problem build finds, and more, without writing anything.
    Check {
        /// The site's folder (the one holding site.yaml) [default: the current folder]
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// The absolute URL the site is published at (overrides base_url in site.yaml)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// How to print the findings [default: github when GITHUB_ACTIONS=true, else human]
        #[arg(long, alias = "format", value_enum, value_name = "FORMAT")]
        message_format: Option<Format>,
        /// Fail (exit 1) on warnings too
        #[arg(long)]
        deny_warnings: bool,
        /// Print every error and warning; by default the first 20 of each kind are printed,
        /// then how many more there are
        #[arg(long)]
        show_all: bool,
        /// The date review statuses are worked out on [default: the day of SOURCE_DATE_EPOCH if set, else today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        today: Option<Date>,
    },
    /// List every page with its last review, next review, reviewers, status and readability grade, soonest due first.
    Reviews {
        /// The site's folder (the one holding site.yaml) [default: the current folder]
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// Only pages due within this span (and overdue or never reviewed ones): 90d, 12w, 3m
        #[arg(long, value_name = "SPAN", value_parser = reviews::parse_span, allow_hyphen_values = true)]
        due_within: Option<reviews::Span>,
        /// How to print the report
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// The absolute URL the site is published at, for the pages' absolute URLs (overrides base_url in site.yaml)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// The date statuses are worked out on [default: the day of SOURCE_DATE_EPOCH if set, else today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        today: Option<Date>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    /// Aligned columns, for reading
    Table,
    /// Comma-separated values with a header row, for a spreadsheet
    Csv,
    /// A JSON array with one object per page
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// `path:line:col: error: message`, the line and a hint
    Human,
    /// JSON: an array of findings on standard output (`serve`: one object a line)
    Json,
    /// GitHub Actions commands (`::error file=…,line=…,col=…::message`) on standard output
    Github,
}

impl Format {
    /// The format asked for, or the one that suits where attach-gen runs: GitHub's inside
    /// GitHub Actions, so that problems show on the lines of a pull request.
    fn chosen(asked: Option<Format>) -> Format {
        asked.unwrap_or_else(|| {
            if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
                Format::Github
            } else {
                Format::Human
            }
        })
    }

    /// Prints `diagnostics` in this format (JSON as one array). `show_all`: `None` prints every
    /// finding; else `human` prints the first [`SHOWN_PER_CODE`] of each code and severity, then
    /// how many more there are and how to see them (`show_all` says how). Tools (`json`,
    /// `github`) always get every finding.
    fn print(self, diagnostics: &[Diagnostic], show_all: Option<&str>) {
        match self {
            Format::Human => match show_all {
                None => print_all(diagnostics),
                Some(how) => print_capped(diagnostics, how),
            },
            Format::Json => print_json(diagnostics),
            Format::Github => {
                let mut out = std::io::stdout().lock();
                for d in diagnostics {
                    // A closed pipe (`| head`) is not worth a panic.
                    let _ = writeln!(
                        out,
                        "{}",
                        attach_gen::support::diagnostic::github::command(d)
                    );
                }
            }
        }
    }
}

/// `diagnostics` as one JSON array on standard output.
fn print_json(diagnostics: &[Diagnostic]) {
    match serde_json::to_string_pretty(diagnostics) {
        // A closed pipe (`| head`) is not worth a panic.
        Ok(json) => {
            let _ = writeln!(std::io::stdout(), "{json}");
        }
        Err(e) => eprintln!("error: cannot write JSON: {e}"),
    }
}

/// The command line, or the exit code after clap's message (or a hint for a title typed
/// without quotes, or a command of another tool).
fn parse_cli() -> Result<Cli, ExitCode> {
    match Cli::try_parse() {
        Ok(cli) => Ok(cli),
        Err(e) => {
            if e.kind() == clap::error::ErrorKind::UnknownArgument
                && let Some(args) = utf8_args()
                && let Some(hint) = unquoted_title(&args).or_else(|| hyphen_title(&args))
            {
                // The words typed, as shown: no escape sequence reaches the terminal.
                for line in hint.lines() {
                    eprintln!("{}", attach_gen::support::diagnostic::printable(line));
                }
                return Err(ExitCode::from(2));
            }
            if e.kind() == clap::error::ErrorKind::InvalidSubcommand
                && let Some(args) = utf8_args()
                && let Some(hint) = translate_command(&args)
            {
                for line in hint.lines() {
                    eprintln!("{}", attach_gen::support::diagnostic::printable(line));
                }
                return Err(ExitCode::from(2));
            }
            let _ = e.print();
            // clap uses 2 for usage errors, 0 for --help and --version.
            Err(ExitCode::from(e.exit_code().clamp(0, 255) as u8))
        }
    }
}

fn main() -> ExitCode {
    let cli = match parse_cli() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let here = || PathBuf::from(".");
    if let Err(code) = guard_renders(&cli.command) {
        return code;
    }
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            force,
            changed_list,
            quiet,
            show_all,
            message_format,
            today,
        } => build(
            BuildOptions {
                root: root.unwrap_or_else(here),
                output,
                base_url,
                drafts,
                force,
                changed_list,
                today,
            },
            quiet,
            Format::chosen(message_format),
            capped(show_all),
        ),
        Command::Serve {
            root,
            port,
            interface,
            drafts,
            open,
            show_all,
            message_format,
        } => serve(
            ServeOptions {
                root: root.unwrap_or_else(here),
                port,
                interface,
                drafts,
            },
            open,
            Format::chosen(message_format),
            capped(show_all),
        ),
        Command::New {
            title,
            categories,
            dir,
            root,
        } => new_page(&NewPage {
            root: root.unwrap_or_else(here),
            title,
            categories,
            dir,
        }),
        Command::Init { dir } => init(&dir.unwrap_or_else(here)),
        Command::Reviews {
            root,
            due_within,
            format,
            base_url,
            today,
        } => review_report(
            &reviews::ReviewsOptions {
                root: root.unwrap_or_else(here),
                today,
                due_within,
                base_url,
            },
            format,
        ),
        Command::Check {
            root,
            base_url,
            drafts,
            message_format,
            deny_warnings,
            show_all,
            today,
        } => check_site(
            &CheckOptions {
                root: root.unwrap_or_else(here),
                base_url,
                drafts,
                today,
            },
            Format::chosen(message_format),
            deny_warnings,
            capped(show_all),
        ),
    }
}

/// For a command that renders templates (`build`, `check`, `serve`): its render time limit
/// checked (refused before anything is read: a limit written wrong would otherwise quietly be
/// 60 s), and the error that stops a runaway template printed its way, with the line a human
/// reader gets after it.
fn guard_renders(command: &Command) -> Result<(), ExitCode> {
    let (summary, asked) = match command {
        Command::Build { message_format, .. } => (
            "Build failed with 1 error; the output folder was not changed.",
            message_format,
        ),
        Command::Check { message_format, .. } => ("Check stopped with 1 error.", message_format),
        Command::Serve { message_format, .. } => ("The server stopped.", message_format),
        _ => return Ok(()),
    };
    let written = std::env::var(render_guard::TIME_LIMIT_VARIABLE).ok();
    if let Err(message) = render_guard::time_limit_from(written.as_deref()) {
        eprintln!("error: {message}");
        return Err(ExitCode::from(2));
    }
    report_runaway_renders(Format::chosen(*asked), summary);
    Ok(())
}

/// Prints the error that stops a runaway template (render_guard) as the command prints its
/// findings: in its message format, the progress line cleared, `summary` after it.
fn report_runaway_renders(format: Format, summary: &'static str) {
    render_guard::report_with(move |error| {
        if std::io::stderr().is_terminal() {
            eprint!("\r\x1b[2K");
        }
        format.print(std::slice::from_ref(error), None);
        if format != Format::Json {
            eprintln!("{summary}");
        }
    });
}

/// The command's arguments after its name, or `None` when one is not UTF-8 (a title
/// suggested from it could not be pasted back as written; `std::env::args` would panic).
fn utf8_args() -> Option<Vec<String>> {
    std::env::args_os()
        .skip(1)
        .map(|arg| arg.into_string().ok())
        .collect()
}

/// The options of `new`, each of which takes a value.
const NEW_VALUE_OPTIONS: [&str; 4] = ["--category", "-c", "--dir", "--root"];

/// What follows the first `-` of an option of `new`: `-` (`--dir`), `c` (`-c NAME`, `-cNAME`)
/// or `h`. A word that starts with `-` and anything else (`-rf`, `-5`) is no option of `new`,
/// and is taken for a title.
const NEW_OPTION_STARTS: [char; 3] = ['-', 'c', 'h'];

/// One of `new`'s arguments, as [`new_args`] walks them.
enum NewArg<'a> {
    /// One of [`NEW_VALUE_OPTIONS`] and its value, the next argument (none when it is last).
    WithValue(&'a String, Option<&'a String>),
    /// Any other argument that starts with `-` (`--dir=guides`, `-cWellbeing`, `--bogus`, `-5`).
    Dashed(&'a String),
    /// An argument that does not start with `-`.
    Word(&'a String),
    /// Every argument after `--` (which is not among them): words, whatever they start with.
    AfterEnd(&'a [String]),
}

/// `args` (after the program's name) walked as `new`'s: each option that takes a value with
/// it, so that a value is never taken for a title's word. `None` when they are not a `new`
/// command.
fn new_args(args: &[String]) -> Option<Vec<NewArg<'_>>> {
    let (first, rest) = args.split_first()?;
    if first != "new" {
        return None;
    }
    let mut walked = Vec::new();
    let mut i = 0;
    while let Some(arg) = rest.get(i) {
        i += 1;
        if arg == "--" {
            walked.push(NewArg::AfterEnd(&rest[i..]));
            break;
        } else if NEW_VALUE_OPTIONS.contains(&arg.as_str()) {
            walked.push(NewArg::WithValue(arg, rest.get(i)));
            i += 1;
        } else if arg.starts_with('-') {
            walked.push(NewArg::Dashed(arg));
        } else {
            walked.push(NewArg::Word(arg));
        }
    }
    Some(walked)
}

/// Whether `arg` is one of `new`'s options with its value in the same argument, as clap reads
/// them: `--dir=guides`, `-cWellbeing`.
fn with_joined_value(arg: &str) -> bool {
    let name = arg.split('=').next().unwrap_or_default();
    NEW_VALUE_OPTIONS.contains(&name) || (arg.starts_with("-c") && !arg.starts_with("--"))
}

/// For `attach-gen new Two words` (a title the shell split into words): the error, saying to
/// quote the title, with the command to run. `None` when `args` (after the program's name) are
/// not a `new` command with more than one plain word. With an option `new` does not have among
/// them, the error names it (quoting the words would not mend that; clap names a word).
fn unquoted_title(args: &[String]) -> Option<String> {
    let mut words = Vec::new();
    let mut options = Vec::new();
    // Options written after `--` (`new -- "-5 ways" -c Wellbeing`), which are read as words.
    let mut after_end = Vec::new();
    let mut unknown = None;
    for walked in new_args(args)? {
        match walked {
            NewArg::AfterEnd(after) => {
                let mut rest = after.iter();
                while let Some(word) = rest.next() {
                    if words.is_empty() {
                        words.push(word.clone());
                    } else if NEW_VALUE_OPTIONS.contains(&word.as_str()) {
                        // Its value, or a stand-in to fill in: the command shown must run.
                        let value = rest.next().cloned().unwrap_or_else(|| "NAME".into());
                        after_end.push(word.clone());
                        after_end.push(value);
                    } else if with_joined_value(word) {
                        after_end.push(word.clone());
                    } else {
                        words.push(word.clone());
                    }
                }
            }
            NewArg::WithValue(option, value) => {
                options.push(option.clone());
                options.extend(value.cloned());
            }
            NewArg::Dashed(arg) => {
                // `--dir=guides`, `-cWellbeing` (clap's `-c Wellbeing`) and `--help` are `new`'s.
                let name = arg.split('=').next().unwrap_or_default();
                let known = with_joined_value(arg) || matches!(name, "--help" | "-h");
                if !known {
                    unknown.get_or_insert(arg);
                }
                options.push(arg.clone());
            }
            NewArg::Word(arg) => words.push(arg.clone()),
        }
    }
    if words.len() < 2 && after_end.is_empty() {
        return None;
    }
    if let Some(option) = unknown {
        // clap would name the second word, not the option: quoting would not mend this.
        return Some(format!(
            "error: unexpected argument '{}' found: `new` has no such option\n = help: `new` takes \
             one title (in quotes when it has spaces) and the options --category, --dir and \
             --root (see attach-gen new --help)",
            attach_gen::support::diagnostic::printable(option)
        ));
    }
    if words.iter().any(|w| w.ends_with(".md")) {
        // Translations' file names, not a title's words: `new` starts one at a time.
        return Some(format!(
            "error: `new` starts one page at a time, but it got {} arguments: {}\n = help: give one \
             title, or one translation's file name (the original's name with the language's code \
             before `.md`, such as `guides/sleep.mi.md`), and run `new` again for the next",
            words.len(),
            ticked(&words)
        ));
    }
    let title = words.join(" ");
    let mut command = String::from("attach-gen new");
    let quoted_title = attach_gen::support::escape::shell_word(&title);
    if !title.starts_with('-') {
        command.push(' ');
        command.push_str(&quoted_title);
    }
    for option in options.iter().chain(&after_end) {
        command.push(' ');
        command.push_str(&attach_gen::support::escape::shell_word(option));
    }
    // A title that starts with `-` goes last, after `--`, or it is read as an option.
    if title.starts_with('-') {
        command.push_str(" -- ");
        command.push_str(&quoted_title);
    }
    if words.len() < 2 {
        return Some(format!(
            "error: after `--`, every argument is a word of the title, so {} would be read as part of it\n = help: put the options before `--`: {command}",
            ticked(&after_end)
        ));
    }
    Some(format!(
        "error: `new` takes the title as one argument, but it got {} words: {}\n = help: put the title in quotes: {command}",
        words.len(),
        ticked(&words)
    ))
}

/// For `attach-gen translate …`, a command there is not (clap suggests none, as no command's
/// name is like it): the error, with the `new` command that starts a translation, as
/// docs/commands.md describes it. The page and the language's code are taken from the words
/// typed when they are there (`translate guides/sleep.md mi` is `new guides/sleep.mi.md`),
/// else an example is given. `None` when `args` are not a `translate` command.
fn translate_command(args: &[String]) -> Option<String> {
    let (first, rest) = args.split_first()?;
    if !matches!(first.to_lowercase().as_str(), "translate" | "translation") {
        return None;
    }
    let words: Vec<&str> = rest
        .iter()
        .map(String::as_str)
        .filter(|w| !w.starts_with('-'))
        .collect();
    let page = words.iter().find(|w| w.ends_with(".md"));
    let is_code = |w: &&str| {
        let mut parts = w.split('-');
        parts.next().is_some_and(|p| {
            (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic())
        }) && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
    };
    // The last: `translate sleep.md to mi`.
    let code = words.iter().rev().find(|w| is_code(w));
    let translation = |page: &str, code: &str| match page.strip_suffix("/index.md") {
        Some(folder) => format!("{folder}.{code}/index.md"),
        None => format!("{}.{code}.md", page.strip_suffix(".md").unwrap_or(page)),
    };
    let command = |file: &str| {
        format!(
            "attach-gen new {}",
            attach_gen::support::escape::shell_word(file)
        )
    };
    let coded = |page: &str| {
        attach_gen::config::languages::file_language_suffix(page).is_some_and(|c| is_code(&c))
    };
    let example = match (page, code) {
        // Already a translation's name (`translate sleep.mi.md`).
        (Some(page), _) if coded(page) => command(page),
        (Some(page), Some(code)) => command(&translation(page, code)),
        (Some(page), None) => format!(
            "{} (`mi` standing for the language's code, as site.yaml's `languages` has it)",
            command(&translation(page, "mi"))
        ),
        (None, _) => {
            "attach-gen new guides/sleep.mi.md (the `mi` version of guides/sleep.md)".to_string()
        }
    };
    Some(format!(
        "error: attach-gen has no `{first}` command\n = help: a translation is started with `new`, \
         given the translation's file name (the original's name with the language's code before \
         `.md`): {example}; see \"Starting a translation\" in docs/commands.md"
    ))
}

/// `words` in backticks, separated by commas.
fn ticked(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// For `attach-gen new "- five ways to rest"` (a title that starts with `-`, which clap reads
/// as an option): the error, saying to put `--` before the title, with the command to run.
/// `None` when `args` are not a `new` command with such a title: an unknown option that holds
/// a space, or whose `-` is followed by something no option starts with (`-5`, `- `, `-—`, or
/// a letter that is none of `new`'s short options: `-rf`, which clap would read as `-r` and
/// `-f` and tip to pass as `-- -r`). A long option (`--bogus`) is clap's to report.
fn hyphen_title(args: &[String]) -> Option<String> {
    // A `--` anywhere, even as an option's value (`--dir --`), leaves the title to clap.
    if args.iter().skip(1).any(|a| a == "--") {
        return None;
    }
    let known = [NEW_VALUE_OPTIONS.as_slice(), &["--help", "-h"]].concat();
    let mut options = Vec::new();
    let mut title = None;
    for walked in new_args(args)? {
        match walked {
            NewArg::WithValue(option, value) => {
                options.push(option.clone());
                options.extend(value.cloned());
            }
            NewArg::Dashed(arg) => {
                let after = arg.strip_prefix('-').unwrap_or(arg);
                if !known.iter().any(|k| arg.split('=').next() == Some(*k))
                    && title.is_none()
                    && (arg.contains(char::is_whitespace) || !after.starts_with(NEW_OPTION_STARTS))
                {
                    title = Some(arg.clone());
                } else {
                    options.push(arg.clone());
                }
            }
            NewArg::Word(_) | NewArg::AfterEnd(_) => return None,
        }
    }
    // Its line breaks and such are refused by `new` itself: the command shown is one to paste.
    let typed = title?;
    let title = scaffold::without_unwritable(&typed);
    let mut command = String::from("attach-gen new");
    for option in &options {
        command.push(' ');
        command.push_str(&attach_gen::support::escape::shell_word(option));
    }
    command.push_str(" -- ");
    command.push_str(&attach_gen::support::escape::shell_word(&title));
    Some(format!(
        "error: the title `{}` starts with `-`, so it is read as an option\n = help: put `--` before the title (every word after it is the title): {command}",
        attach_gen::support::diagnostic::printable(&typed)
    ))
}

fn new_page(page: &NewPage) -> ExitCode {
    match scaffold::new_page(page) {
        Ok(path) => {
            // Printed for a person or a script; a name's control characters are shown, not
            // obeyed (`new --dir` takes any folder name).
            println!("{}", printable_path(&path));
            ExitCode::SUCCESS
        }
        Err(d) => {
            print_all(std::slice::from_ref(&d));
            ExitCode::from(if d.is_usage_error() { 2 } else { 1 })
        }
    }
}

fn init(dir: &Path) -> ExitCode {
    match scaffold::init(dir) {
        Ok(files) => {
            // The folder's name is the user's, and may hold escape sequences or line breaks:
            // shown, not obeyed.
            println!("Created a new site in {}:", printable_path(dir));
            for file in files {
                println!("  {}", printable_path(&file));
            }
            let cd = if dir == Path::new(".") {
                String::new()
            } else {
                format!(
                    "cd {} && ",
                    attach_gen::support::escape::shell_path(&printable_path(dir))
                )
            };
            println!(
                "Next: {cd}attach-gen serve (then open the address it prints). Edit site.yaml first: set title and base_url."
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            print_all(std::slice::from_ref(&d));
            ExitCode::from(if d.is_usage_error() { 2 } else { 1 })
        }
    }
}

fn review_report(options: &reviews::ReviewsOptions, format: ReportFormat) -> ExitCode {
    match reviews::reviews(options) {
        Ok(report) => {
            let text = match format {
                ReportFormat::Table => reviews::table(&report),
                ReportFormat::Csv => reviews::csv(&report),
                ReportFormat::Json => match serde_json::to_string_pretty(&report.entries) {
                    Ok(json) => json + "\n",
                    Err(e) => {
                        eprintln!("error: cannot write JSON: {e}");
                        return ExitCode::from(1);
                    }
                },
            };
            // A closed pipe (`| head`) is not worth a panic.
            let _ = write!(std::io::stdout(), "{text}");
            // A table of headings alone reads as a fault: say why it is empty (on standard
            // error, so what a script reads stays the table).
            if report.entries.is_empty() && matches!(format, ReportFormat::Table) {
                eprintln!(
                    "{}",
                    match options.due_within {
                        Some(span) => format!(
                            "No page is due for review within {span}, overdue or never reviewed."
                        ),
                        None => "The site has no published pages to review.".to_string(),
                    }
                );
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            print_all(&errors);
            let usage = errors.iter().any(Diagnostic::is_usage_error);
            // As `build` ends with "Build failed": say that no report was made, and what to do.
            if !usage {
                let n = diagnostic::count(&errors);
                eprintln!(
                    "No report made: {} in the site (a report would leave pages out); fix {} and run `attach-gen reviews` again.",
                    plural(n, "error"),
                    if n == 1 { "it" } else { "them" }
                );
            }
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

/// `--show-all` as [`Format::print`] takes it: `None` to print every finding, else what the
/// line counting those left out says to do.
fn capped(show_all: bool) -> Option<&'static str> {
    (!show_all).then_some("add --show-all to see every one")
}

fn check_site(
    options: &CheckOptions,
    format: Format,
    deny_warnings: bool,
    show_all: Option<&str>,
) -> ExitCode {
    let report = check(options);
    match format {
        Format::Json => print_json(&report.findings),
        Format::Human | Format::Github => {
            // Every page's readability figure is for tools (`--format json`) and `reviews`;
            // the human list keeps what needs doing.
            let shown: Vec<Diagnostic> = report
                .findings
                .iter()
                .filter(|d| !(d.code == Code::Readability && d.severity == Severity::Note))
                .cloned()
                .collect();
            format.print(&shown, show_all);
            let (errors, warnings) = (report.errors(), report.warnings());
            if report.is_usage_error() {
                // No site was read: the usage error says what to do, and a summary of "0
                // pages, 1 error" would read as a site checked.
            } else if errors == 0 && warnings == 0 {
                println!(
                    "Checked {} in {} ms: no problems found.",
                    checked_pages(&report),
                    report.elapsed.as_millis()
                );
            } else {
                println!(
                    "Checked {} in {} ms: {}, {}.",
                    checked_pages(&report),
                    report.elapsed.as_millis(),
                    plural(errors, "error"),
                    plural(warnings, "warning")
                );
            }
        }
    }
    if report.is_usage_error() {
        ExitCode::from(2)
    } else if report.errors() > 0 || (deny_warnings && report.warnings() > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `3 files changed (1 added, 2 modified), 1 deleted`, or `no file changed`.
fn changed_summary(changes: &attach_gen::output::ChangeSet) -> String {
    use attach_gen::output::ChangeKind::{Added, Deleted, Modified};
    let (added, modified, deleted) = (
        changes.count(Added),
        changes.count(Modified),
        changes.count(Deleted),
    );
    let mut text = match added + modified {
        0 => "no file changed".to_string(),
        n => format!(
            "{} changed ({added} added, {modified} modified)",
            plural(n, "file")
        ),
    };
    if deleted > 0 {
        text.push_str(&format!(", {deleted} deleted"));
    }
    text
}

fn build(options: BuildOptions, quiet: bool, format: Format, show_all: Option<&str>) -> ExitCode {
    let counter = (!quiet && std::io::stderr().is_terminal()).then(Counter::start);
    let result = attach_gen::build_with_progress(&options, &|p| {
        if let Some(counter) = &counter {
            counter.update(p);
        }
    });
    if let Some(counter) = counter {
        counter.finish();
    }
    match result {
        Ok(report) => {
            // JSON is printed even when quiet (an empty array): a tool reads it.
            format.print(if quiet { &[] } else { &report.warnings }, show_all);
            if !quiet {
                let shown = report.output.strip_prefix(".").unwrap_or(&report.output);
                let is_link = std::fs::symlink_metadata(&report.output)
                    .is_ok_and(|m| m.file_type().is_symlink());
                let into = if is_link {
                    format!(
                        "{} (a link to {})",
                        printable_path(shown),
                        printable_path(&report.written_to)
                    )
                } else {
                    printable_path(shown)
                };
                let summary = format!(
                    "Built {} into {into} in {} ms: {}, {}, {}; {}.",
                    plural(report.files, "file"),
                    report.elapsed.as_millis(),
                    pages_and_drafts(report.pages, report.drafts_left_out, "builds"),
                    plural(report.categories, "category"),
                    plural(report.references, "reference"),
                    changed_summary(&report.changes),
                );
                // JSON on standard output stays one document.
                if format == Format::Json {
                    eprintln!("{summary}");
                } else {
                    println!("{summary}");
                }
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            let mut shown = if quiet {
                Vec::new()
            } else {
                failure.warnings.clone()
            };
            shown.extend(failure.errors.iter().cloned());
            format.print(&shown, show_all);
            // Pointing at a folder that is not a site is a usage error, not a content error:
            // it is shown alone, with no "Build failed" summary as if a site had been read.
            let usage = failure.errors.iter().any(Diagnostic::is_usage_error);
            if !usage {
                let output = if failure.site_replaced {
                    "the new site is in the output folder"
                } else {
                    "the output folder was not changed"
                };
                eprintln!(
                    "Build failed with {}; {output}.",
                    plural(diagnostic::count(&failure.errors), "error")
                );
            }
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

/// A progress line on a terminal for builds that take a while: nothing for the first 300 ms,
/// then `Reading pages…` or `Rendering 412/1016 files`, redrawn at most ten times a second and
/// erased before the summary.
struct Counter {
    state: Arc<Mutex<(Option<Progress>, bool)>>,
    done: mpsc::Sender<()>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Counter {
    fn start() -> Counter {
        let state: Arc<Mutex<(Option<Progress>, bool)>> = Arc::new(Mutex::new((None, false)));
        let (done, finished) = mpsc::channel();
        let shared = state.clone();
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            let mut wait = Duration::from_millis(300);
            while let Err(mpsc::RecvTimeoutError::Timeout) = finished.recv_timeout(wait) {
                wait = Duration::from_millis(100);
                let mut state = shared.lock().unwrap_or_else(|e| e.into_inner());
                let line = match state.0 {
                    // The total is an estimate (pages, categories and a few more).
                    Some(Progress::Rendering { done, total }) if done < total => {
                        format!("Rendering {done}/{total} files")
                    }
                    Some(Progress::Rendering { done, .. }) => format!("Rendering {done} files"),
                    _ => "Reading pages".to_string(),
                };
                eprint!("\r\x1b[2K{line} ({:.1} s)", started.elapsed().as_secs_f64());
                state.1 = true;
            }
        });
        Counter {
            state,
            done,
            thread: Some(thread),
        }
    }

    fn update(&self, progress: Progress) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).0 = Some(progress);
    }

    fn finish(mut self) {
        let _ = self.done.send(());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        if self.state.lock().unwrap_or_else(|e| e.into_inner()).1 {
            eprint!("\r\x1b[2K");
        }
    }
}

/// Prints to stderr with a timestamp-free, plain format the tests and editors can read;
/// problems in the format asked for (JSON one object a line, as a server's log runs on).
/// The second field is `--show-all` as [`Format::print`] takes it.
struct StderrLog(Format, Option<&'static str>);

impl Log for StderrLog {
    fn info(&self, text: &str) {
        eprintln!("{text}");
    }

    fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        match self.0 {
            Format::Json => {
                for d in diagnostics {
                    if let Ok(line) = serde_json::to_string(d) {
                        eprintln!("{line}");
                    }
                }
            }
            format => format.print(diagnostics, self.1),
        }
    }
}

fn serve(
    options: ServeOptions,
    open: bool,
    format: Format,
    show_all: Option<&'static str>,
) -> ExitCode {
    let stop = Arc::new(AtomicBool::new(false));
    let handler_stop = stop.clone();
    if let Err(e) = ctrlc::set_handler(move || handler_stop.store(true, Ordering::Relaxed)) {
        eprintln!("warning: cannot catch Ctrl-C ({e}); stop the server by closing the terminal");
    }
    let on_ready = |address: &str| {
        eprintln!("Serving the site at {address} (press Ctrl-C to stop)");
        if options.interface.is_unspecified() {
            eprintln!(
                "Other computers on the network reach it at this computer's address (such as http://192.168.1.5:{}/).",
                address
                    .rsplit(':')
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches('/')
            );
        }
        if open {
            open_browser(address);
        }
    };
    let log = Arc::new(StderrLog(format, show_all));
    match attach_gen::commands::serve::serve(&options, stop, log.clone(), &on_ready) {
        Ok(()) => {
            eprintln!("Stopped.");
            ExitCode::SUCCESS
        }
        Err(e) => {
            log.diagnostics(&e.diagnostics());
            // Pointing at a folder that is not a site is a usage error.
            ExitCode::from(if matches!(e, ServeError::NotASite(_)) {
                2
            } else {
                1
            })
        }
    }
}

/// Opens `address` in the default browser with the system's own opener (no crate needed for
/// one command).
fn open_browser(address: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let result = command
        .arg(address)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = result {
        eprintln!("warning: cannot open a browser ({e}); open {address} yourself");
    }
}

fn print_all(diagnostics: &[Diagnostic]) {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diagnostics {
        eprintln!("{}\n", d.render_styled(colour));
    }
}

/// The first [`SHOWN_PER_CODE`] findings of each code and severity, then a line for each
/// code with more: how many, and `how` to see them all.
fn print_capped(diagnostics: &[Diagnostic], how: &str) {
    let (shown, hidden) = diagnostic::shown_per_code(diagnostics, SHOWN_PER_CODE);
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut err = std::io::stderr().lock();
    for d in shown {
        let _ = writeln!(err, "{}\n", d.render_styled(colour));
    }
    for more in &hidden {
        let kind = match more.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        let (n, plural_s, are) = match more.problems {
            1 => (1, "", "is"),
            n => (n, "s", "are"),
        };
        let _ = writeln!(
            err,
            "note: {n} more `{}` {kind}{plural_s} {are} not shown (the first {SHOWN_PER_CODE} are); {how}\n",
            more.code,
        );
    }
}

/// `--today`: a date written YYYY-MM-DD.
fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
}

/// `serve --port`: a number from 0 to 65535, or why not in words an editor can act on. A
/// number out of that range, however long (past what any integer type holds) or negative,
/// is said to be out of range, not "not a port number".
fn parse_port(text: &str) -> Result<u16, String> {
    let written = text.trim();
    // A number is shown whole up to 24 characters (a pasted megabyte of digits is not).
    let shown = match written.char_indices().nth(24) {
        Some((cut, _)) => format!("{}…", &written[..cut]),
        None => written.to_string(),
    };
    let shown = printable_path(Path::new(&shown));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let range = "ports run from 1 to 65535 (0 picks a free one), such as --port 1112";
    match written.parse::<u64>() {
        Ok(port) => {
            u16::try_from(port).map_err(|_| format!("{shown} is too high for a port: {range}"))
        }
        Err(_) if digits(written.strip_prefix('+').unwrap_or(written)) => {
            Err(format!("{shown} is too high for a port: {range}"))
        }
        Err(_) if written.strip_prefix('-').is_some_and(digits) => {
            Err(format!("{shown} is below 0, which no port is: {range}"))
        }
        Err(_) => Err(format!(
            "`{shown}` is not a port number: give a number from 1 to 65535 (0 picks a free one), such as --port 1112"
        )),
    }
}

/// `serve --interface`: an IP address, or `localhost` (this computer only, 127.0.0.1).
fn parse_interface(text: &str) -> Result<IpAddr, String> {
    if text.trim().eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::from([127, 0, 0, 1]));
    }
    text.trim().parse().map_err(|_| {
        format!(
            "`{}` is not an IP address: use 127.0.0.1 (or localhost) for this computer only, or 0.0.0.0 for every network it is on",
            printable_path(Path::new(text))
        )
    })
}

/// The pages `check` found: `4 pages (1 could not be read)`, with the drafts left out as
/// [`pages_and_drafts`] says them. A page that could not be read (or whose front matter is
/// broken) is one of the site's pages all the same: left out of the count, "Checked 3 pages"
/// hid it.
fn checked_pages(report: &attach_gen::commands::check::CheckReport) -> String {
    let pages = report.pages + report.unreadable;
    let unreadable =
        (report.unreadable > 0).then(|| format!("{} could not be read", report.unreadable));
    counted_pages(pages, unreadable, report.drafts_left_out, "checks")
}

/// `3 pages`, and the drafts left out with what builds them: an editor who has just run
/// `attach-gen new` (which writes a draft) and then `build` is told where the page went.
/// "3 pages (1 draft left out; --drafts builds it)": `does` is what `--drafts` does to drafts.
fn pages_and_drafts(pages: usize, drafts: usize, does: &str) -> String {
    counted_pages(pages, None, drafts, does)
}

/// `pages` with what else is said of them in brackets: `note` first, then the drafts left out
/// (as [`pages_and_drafts`] says them), separated by `; `.
fn counted_pages(pages: usize, note: Option<String>, drafts: usize, does: &str) -> String {
    let drafts = (drafts > 0).then(|| {
        format!(
            "{} left out; --drafts {does} {}",
            plural(drafts, "draft"),
            if drafts == 1 { "it" } else { "them" }
        )
    });
    let said: Vec<String> = note.into_iter().chain(drafts).collect();
    if said.is_empty() {
        plural(pages, "page")
    } else {
        format!("{} ({})", plural(pages, "page"), said.join("; "))
    }
}

fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, _) => format!("1 {word}"),
        (_, "category") => format!("{n} categories"),
        _ => format!("{n} {word}s"),
    }
}
