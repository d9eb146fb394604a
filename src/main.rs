//! The `attach-gen` command line: parses arguments, runs the library, prints what happened.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use attach_gen::{BuildOptions, Diagnostic};

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
        /// Print only errors
        #[arg(long, short)]
        quiet: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap uses 2 for usage errors, 0 for --help and --version.
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
    };
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            force,
            quiet,
        } => {
            let options = BuildOptions {
                root: root.unwrap_or_else(|| PathBuf::from(".")),
                output,
                base_url,
                drafts,
                force,
            };
            match attach_gen::build(&options) {
                Ok(report) => {
                    if !quiet {
                        print_all(&report.warnings);
                        println!(
                            "Built {} into {} in {} ms: {}, {}, {}.",
                            plural(report.files, "file"),
                            report
                                .output
                                .strip_prefix(".")
                                .unwrap_or(&report.output)
                                .display(),
                            report.elapsed.as_millis(),
                            plural(report.pages, "page"),
                            plural(report.categories, "category"),
                            plural(report.references, "reference"),
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(failure) => {
                    if !quiet {
                        print_all(&failure.warnings);
                    }
                    print_all(&failure.errors);
                    eprintln!(
                        "Build failed with {}; the output folder was not changed.",
                        plural(failure.errors.len(), "error")
                    );
                    // Pointing at a folder that is not a site is a usage error, not a content error.
                    let usage = failure
                        .errors
                        .iter()
                        .any(|e| matches!(e.code, "no-site" | "usage"));
                    ExitCode::from(if usage { 2 } else { 1 })
                }
            }
        }
    }
}

fn print_all(diagnostics: &[Diagnostic]) {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diagnostics {
        let text = d.render();
        if colour {
            let (label, painted) = match d.severity {
                attach_gen::Severity::Error => ("error:", "\x1b[1;31merror:\x1b[0m"),
                attach_gen::Severity::Warning => ("warning:", "\x1b[1;33mwarning:\x1b[0m"),
            };
            eprintln!("{}\n", text.replacen(label, painted, 1));
        } else {
            eprintln!("{text}\n");
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, _) => format!("1 {word}"),
        (_, "category") => format!("{n} categories"),
        _ => format!("{n} {word}s"),
    }
}
