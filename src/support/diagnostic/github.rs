//! Diagnostics as GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`),
//! which GitHub shows on the lines of a pull request. `--message-format github` prints them,
//! and it is chosen by itself when `GITHUB_ACTIONS=true`.

use super::{Diagnostic, Severity, printable_message, printable_path};

/// `d` as one workflow command line.
pub fn command(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    // The site's text (a file name, a title in a message) as the terminal shows it: GitHub's
    // log draws ANSI escapes, and `%0A` is still a line break once GitHub has read it.
    let mut properties = Vec::new();
    if let Some(file) = &d.file {
        properties.push(format!(
            "file={}",
            property(&printable_path(file).replace('\\', "/"))
        ));
        if d.line > 0 {
            properties.push(format!("line={}", d.line));
        }
        if d.column > 0 {
            properties.push(format!("col={}", d.column));
        }
    }
    properties.push(format!(
        "title={}",
        property(&format!("attach-gen {}", d.code))
    ));
    let mut message = printable_message(&d.message);
    if let Some(hint) = &d.hint {
        message.push_str("\nhelp: ");
        message.push_str(&printable_message(hint));
    }
    format!("::{kind} {}::{}", properties.join(","), data(&message))
}

/// A message as GitHub reads it: `%`, CR and LF escaped.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: as [`data`], and `:` and `,` escaped too.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::command;
    use crate::support::diagnostic::{Code, Diagnostic};

    #[test]
    fn diagnostics_become_workflow_commands() {
        let mut d = Diagnostic::error(Code::Category, "`Wellbeeing` is 100% wrong")
            .in_file("content/a, b.md")
            .with_hint("did you mean `Wellbeing`?");
        d.line = 5;
        d.column = 3;
        assert_eq!(
            command(&d),
            "::error file=content/a%2C b.md,line=5,col=3,title=attach-gen category::`Wellbeeing` is 100%25 wrong%0Ahelp: did you mean `Wellbeing`?"
        );
        let hostile = Diagnostic::error(Code::FrontMatter, "key `\u{1b}[31m`")
            .in_file("content/a\n::error file=x::y\u{7}.md")
            .with_hint("\u{202e}x");
        assert_eq!(
            command(&hostile),
            "::error file=content/a␊%3A%3Aerror file=x%3A%3Ay␇.md,title=attach-gen front-matter::key `␛[31m`%0Ahelp: <U+202E>x"
        );
        let w = Diagnostic::warning(Code::Uncited, "two works");
        assert_eq!(command(&w), "::warning title=attach-gen uncited::two works");
    }
}
