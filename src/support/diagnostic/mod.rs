//! Problems found in a site, as values.
//!
//! Every stage reports what is wrong with the site as [`Diagnostic`]s that carry the file, line
//! and column, the offending source line and, where we can tell, what to do about it. Stages never
//! print: the CLI decides how to show them (see [`Diagnostic::render`]).

mod code;
pub mod github;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use code::Code;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, nothing to fix yet (a page due for review soon); never fails a command.
    Note,
    Warning,
    Error,
}

/// One problem, located as precisely as we know.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short, stable identifier (`front-matter`, `unknown-key`, ...) for tools.
    pub code: Code,
    /// The file, as the user would type it (relative to the site root where possible).
    pub file: Option<PathBuf>,
    /// 1-based; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub column: usize,
    /// Cut, where long values are quoted, when written for tools as when printed (see
    /// [`excerpt_quotes`]): one made as a struct is not cut where it is made.
    #[serde(serialize_with = "serialize_excerpted")]
    pub message: String,
    /// What to do next.
    #[serde(serialize_with = "serialize_excerpted_hint")]
    pub hint: Option<String>,
    /// The text of `line`, shown under the message; of a long line, only the part around
    /// `column` (see [`Diagnostic::set_source_line`]).
    #[serde(skip)]
    pub source_line: Option<String>,
    /// How many characters of the line come before `source_line` (0 unless it was cut).
    #[serde(skip)]
    pub source_from: usize,
    /// Numbers behind the finding, for tools (`check --format json`): a page's readability
    /// figures. Not shown in the human form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub figures: Option<serde_json::Value>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: None,
            line: 0,
            column: 0,
            message: excerpt_quotes(message.into()),
            hint: None,
            source_line: None,
            source_from: 0,
            figures: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn note(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    /// Places the finding at `line:column` of `source` (the whole file's text), keeping the line
    /// itself so it can be shown without reading the file again.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self.source_line = None;
        if let Some(text) = line
            .checked_sub(1)
            .and_then(|index| source.lines().nth(index))
        {
            self.set_source_line(text);
        }
        self
    }

    /// [`Diagnostic::at`] with the file's [`LineIndex`], made once for all of its diagnostics:
    /// reading the text from its start for each took time growing with the square of their
    /// number (a file of thousands of mistakes).
    pub fn at_indexed(mut self, lines: &LineIndex, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self.source_line = None;
        if let Some(text) = lines.line(line) {
            self.set_source_line(text);
        }
        self
    }

    /// Keeps `text`, the text of the diagnostic's line (set `column` first), to be shown under
    /// the message: of a line longer than the screen, only [`SOURCE_CONTEXT`] characters each
    /// side of the column. A page may be one line of megabytes, and each of a hundred
    /// diagnostics on it would otherwise hold a copy of all of it.
    pub fn set_source_line(&mut self, text: &str) {
        let text = text.trim_end_matches('\r');
        self.source_from = 0;
        // Bytes are at least characters: a line this short in bytes is kept whole.
        if text.len() <= 2 * SOURCE_CONTEXT {
            self.source_line = Some(text.to_string());
            return;
        }
        let skip = self.column.saturating_sub(SOURCE_CONTEXT + 1);
        let (start, skipped) = match text.char_indices().nth(skip) {
            Some((start, _)) => (start, skip),
            None => (text.len(), text.chars().count()),
        };
        let rest = &text[start..];
        let end = rest
            .char_indices()
            .nth(2 * SOURCE_CONTEXT)
            .map_or(text.len(), |(i, _)| start + i);
        let mut kept = String::new();
        if skipped > 0 {
            // The ellipsis stands for the characters left out, one column of them.
            kept.push('…');
            self.source_from = skipped - 1;
        }
        kept.push_str(&text[start..end]);
        if end < text.len() {
            kept.push('…');
        }
        self.source_line = Some(kept);
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(excerpt_quotes(hint.into()));
        self
    }

    /// Marks this as the message that stands for `hidden` problems not shown (past a cap):
    /// counted as that many by [`count`], and given to tools as `figures: {not_shown}`.
    pub fn standing_for(mut self, hidden: usize) -> Self {
        self.figures = Some(serde_json::json!({ "not_shown": hidden }));
        self
    }

    /// How many problems this finding is: 1, or those it stands for (see
    /// [`Diagnostic::standing_for`]).
    pub fn weight(&self) -> usize {
        self.figures
            .as_ref()
            .and_then(|f| f.get("not_shown"))
            .and_then(serde_json::Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(1)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    /// A usage error rather than a problem of the site: the folder given is not a site, or a
    /// flag has a wrong value (the commands exit with 2 for these).
    pub fn is_usage_error(&self) -> bool {
        matches!(self.code, Code::NoSite | Code::Usage)
    }

    /// `path:line:col`, as much of it as is known, printable (see [`printable_path`]).
    pub fn location(&self) -> String {
        let mut out = match &self.file {
            Some(file) => printable_path(file),
            None => String::new(),
        };
        if self.line > 0 {
            out.push_str(&format!(":{}", self.line));
            if self.column > 0 {
                out.push_str(&format!(":{}", self.column));
            }
        }
        out
    }

    /// The human form without colour: `path:line:col: error: message`, then the source line
    /// with a caret under the column, then the hint.
    pub fn render(&self) -> String {
        self.render_styled(false)
    }

    /// The human form, coloured with ANSI escapes when `colour` is set (only for a terminal).
    ///
    /// The first line is always `path:line:col: severity: message`, the form editors and CI
    /// annotators jump to. The source line, caret and `= help:` line below it are drawn by
    /// `annotate-snippets`, the renderer rustc itself uses: it is small (no dependencies beyond
    /// `anstyle`), handles tabs and wide characters under the caret, and unlike
    /// codespan-reporting or miette it lets us keep our own header line.
    pub fn render_styled(&self, colour: bool) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

        let (label, paint) = match self.severity {
            Severity::Error => ("error", "\x1b[1;31m"),
            Severity::Warning => ("warning", "\x1b[1;33m"),
            Severity::Note => ("note", "\x1b[1;36m"),
        };
        let mut out = String::new();
        let location = self.location();
        if !location.is_empty() {
            if colour {
                out.push_str(&format!("\x1b[1m{location}:\x1b[0m "));
            } else {
                out.push_str(&location);
                out.push_str(": ");
            }
        }
        // Messages quote the site's own text (a key, a slug, a line): its control characters
        // must not reach the terminal as escape sequences.
        // Messages are cut where they are made (`new`, `with_hint`); again here for one made
        // as a struct, with its message or hint written in.
        let message = printable_message(&excerpt_quotes(self.message.clone()));
        if colour {
            out.push_str(&format!("{paint}{label}:\x1b[0m \x1b[1m{message}\x1b[0m"));
        } else {
            out.push_str(&format!("{label}: {message}"));
        }

        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let mut group = Group::with_level(level.clone());
        let source = self
            .source_line
            .as_deref()
            .filter(|_| self.line > 0)
            .map(|line| printable_at(line, self.column.saturating_sub(self.source_from)));
        if let Some((source, column)) = source.as_ref() {
            let source = source.as_str();
            let mut snippet = Snippet::source(source).line_start(self.line);
            if *column > 0 {
                // The column counts characters; the span is in bytes.
                let start = source
                    .char_indices()
                    .nth(column - 1)
                    .map_or(source.len(), |(i, _)| i);
                let end = source[start..]
                    .chars()
                    .next()
                    .map_or(start, |c| start + c.len_utf8());
                snippet = snippet.annotation(AnnotationKind::Primary.span(start..end));
            }
            group = group.element(snippet);
        }
        let hint = (self.hint.clone()).map(|hint| printable_message(&excerpt_quotes(hint)));
        if let Some(hint) = &hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        if !group.is_empty() {
            let renderer = if colour {
                Renderer::styled()
            } else {
                Renderer::plain()
            };
            let body = renderer.render(&[group]);
            let body = body.trim_end();
            if !body.is_empty() {
                out.push('\n');
                out.push_str(body);
            }
        }
        out
    }
}

/// How many characters each side of its column a diagnostic keeps of a long source line.
pub const SOURCE_CONTEXT: usize = 200;

/// The longest text in backticks a message or hint quotes whole; a longer one (a value of
/// 160 KB after an unknown key, a date, a language tag) is cut to its first
/// [`QUOTE_HEAD`] and last [`QUOTE_TAIL`] characters, with its length, so the message stays
/// readable and the editor can still tell which value it is. Generous: a fix to copy (a long
/// `author = {...}` with an organisation braced) is quoted too, and must stay whole.
pub const QUOTE_LIMIT: usize = 300;
const QUOTE_HEAD: usize = 200;
const QUOTE_TAIL: usize = 60;

/// A run outside backticks this long, that a backtick inside a word (`` 2024`xxx ``) starts,
/// is part of a value: a value holding a backtick pairs the message's backticks wrongly, which
/// put the rest of it outside them, printed whole. The message's own words (a list of the 90
/// citation styles, 2,346 characters) follow a backtick after a word's end, if any.
const UNQUOTED_LIMIT: usize = 1_000;

/// The longest run a message prints whole wherever its backticks stand: a value whose
/// backtick is followed by a space (`` 2024` xxx ``) starts no quote and is inside no word, and
/// was printed whole (160 KB). Longer than any message's own words (the list of citation
/// styles is 2,346 characters).
const RUN_LIMIT: usize = 4_000;

/// `text` with each span in backticks longer than [`QUOTE_LIMIT`] characters, each run past
/// [`UNQUOTED_LIMIT`] after a backtick inside a word, and any run past [`RUN_LIMIT`], cut to an
/// excerpt:
/// `` `2024-01-01xxx…xxx` (160,010 characters) ``.
pub fn excerpt_quotes(text: String) -> String {
    if text.len() <= QUOTE_LIMIT {
        return text;
    }
    let parts: Vec<&str> = text.split('`').collect();
    // Odd parts are inside backticks (an unpaired last one is not).
    let quoted_at = |i: usize| i % 2 == 1 && i + 1 < parts.len();
    let over = |part: &str, limit: usize| part.len() > limit && part.chars().count() > limit;
    let inside_word = |i: usize| {
        let alphanumeric = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        i > 0 && alphanumeric(parts[i - 1].chars().last()) && alphanumeric(parts[i].chars().next())
    };
    let cut_at = |i: usize| {
        let part = parts[i];
        (quoted_at(i) && over(part, QUOTE_LIMIT))
            || (inside_word(i) && over(part, UNQUOTED_LIMIT))
            || over(part, RUN_LIMIT)
    };
    if !(0..parts.len()).any(cut_at) {
        return text;
    }
    let mut out = String::with_capacity(4 * QUOTE_LIMIT);
    // The length of the value cut last, written after its closing backtick.
    let mut cut_length = None;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
            if let Some(count) = cut_length.take() {
                out.push_str(&format!(" ({} characters)", thousands(count)));
            }
        }
        if cut_at(i) {
            let count = part.chars().count();
            out.extend(part.chars().take(QUOTE_HEAD));
            out.push('…');
            out.extend(part.chars().skip(count - QUOTE_TAIL));
            cut_length = Some(count);
        } else {
            out.push_str(part);
        }
    }
    // A value cut at the very end has no closing backtick to write its length after.
    if let Some(count) = cut_length {
        out.push_str(&format!(" ({} characters)", thousands(count)));
    }
    out
}

/// A message as `--format json` writes it: [`excerpt_quotes`].
fn serialize_excerpted<S: serde::Serializer>(text: &str, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_str(&excerpt_quotes(text.to_string()))
}

/// A hint as `--format json` writes it: [`excerpt_quotes`].
fn serialize_excerpted_hint<S: serde::Serializer>(
    hint: &Option<String>,
    out: S,
) -> Result<S::Ok, S::Error> {
    match hint {
        Some(hint) => out.serialize_some(&excerpt_quotes(hint.clone())),
        None => out.serialize_none(),
    }
}

/// `n` with a comma between thousands: 160,010.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `text` as it may be shown on a terminal or in a CI log: every control character but tab
/// as its Unicode picture (`␛` for ESC, `␊` for a line break), and every character that
/// cannot be seen (zero-width spaces and joiners, bidirectional overrides, soft hyphens, ...)
/// as its code, `<U+200D>`. Two words that differ only in such a character then look
/// different, no escape sequence or override reaches the terminal, and no text of the site
/// starts a line of its own (in a GitHub Actions log, a line `::error ...` is a command).
pub fn printable(text: &str) -> String {
    printable_at(text, 0).0
}

/// A message or hint as [`printable`] shows it, with a tab as `␉` too: a message quotes the
/// site's text in backticks (`` `b␉c.md` ``), where a tab would look like spaces. (A source line
/// keeps its tabs: the snippet lines its caret up with them.)
pub fn printable_message(text: &str) -> String {
    printable(text).replace('\t', "␉")
}

/// A path (a page's file name, say) as [`printable_message`] shows it, a tab as `␉`: before a
/// message (`content/t␉ab.md:4:5: error: ...`) a tab would look like spaces.
pub fn printable_path(path: &Path) -> String {
    printable_message(&path.display().to_string())
}

/// [`printable`], and where the character at 1-based `column` of `text` ends up in it (0 stays
/// 0), so that a caret still points at it.
fn printable_at(text: &str, column: usize) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut shown_column = 0;
    let mut count = 0;
    for (index, c) in text.chars().enumerate() {
        if index + 1 == column {
            shown_column = count + 1;
        }
        match c {
            '\t' => out.push(c),
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('\u{2421}'),
            c if is_invisible(c) || ('\u{80}'..='\u{9f}').contains(&c) => {
                let code = format!("<U+{:04X}>", c as u32);
                count += code.chars().count();
                out.push_str(&code);
                continue;
            }
            c => out.push(c),
        }
        count += 1;
    }
    if column > 0 && shown_column == 0 {
        // A column past the end (an error at the end of a line) stays as far past the end.
        shown_column = count + column.saturating_sub(text.chars().count());
    }
    (out, shown_column)
}

/// Whether `c` takes no room on the screen although it is text: format characters and the
/// like, which make two words that look the same differ.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// `text` with every invisible character shown as its code (`Whā<U+200D>nau`), for messages
/// that compare two spellings.
pub fn visible(text: &str) -> String {
    printable(text)
}

/// `text` without its invisible characters.
pub fn without_invisible(text: &str) -> String {
    text.chars().filter(|c| !is_invisible(*c)).collect()
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// Decodes `bytes` as UTF-8, or says where the first invalid byte is, with the text of its
/// line (invalid bytes shown as �) so the editor can find it.
pub fn decode_utf8(shown: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        if let Some(d) = utf16(shown, bytes) {
            return d;
        }
        let valid = &bytes[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        let line_end = bytes[line_start..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |i| line_start + i);
        let mut hint =
            "save it as UTF-8 (most editors offer this under \"Save with encoding\")".to_string();
        if let Some(c) = windows_1252(bytes, valid.len()) {
            let c = match c {
                '\u{A0}' => "a non-breaking space (U+00A0)".to_string(),
                c => format!("`{c}`"),
            };
            hint.push_str(&format!(
                "; it looks like Windows-1252 (Latin-1), as older Windows programs save text, where this byte is {c}: `iconv -f WINDOWS-1252 -t UTF-8` converts such a file"
            ));
        }
        let mut d = Diagnostic::error(Code::Encoding, "this file is not valid UTF-8 text")
            .in_file(shown)
            .with_hint(hint);
        d.line = line;
        d.column = column;
        d.set_source_line(String::from_utf8_lossy(&bytes[line_start..line_end]).trim_end());
        d
    })
}

/// The error for a file saved as UTF-16 (Windows Notepad's "Unicode", Excel's "Unicode text"):
/// it starts with a UTF-16 byte order mark. Read as UTF-8 it is a NUL after every letter, so
/// its first line is shown decoded, and the help says how to convert it.
fn utf16(shown: &Path, bytes: &[u8]) -> Option<Diagnostic> {
    let little_endian = match bytes.get(..2)? {
        [0xFF, 0xFE] => true,
        [0xFE, 0xFF] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let first_line: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .take_while(|c| *c != '\n')
        .take(200)
        .collect();
    let encoding = if little_endian {
        "UTF-16LE"
    } else {
        "UTF-16BE"
    };
    let mut d = Diagnostic::error(
        Code::Encoding,
        format!("this file is saved as UTF-16 ({encoding}), not UTF-8"),
    )
    .in_file(shown)
    .with_hint(
        "save it as UTF-8 (in Notepad: File > Save as, Encoding: UTF-8), or convert it with `iconv -f UTF-16 -t UTF-8`",
    );
    d.line = 1;
    d.column = 1;
    d.set_source_line(&without_invisible(first_line.trim_end()));
    Some(d)
}

/// The character the byte at `at` stands for when `bytes` reads as Windows-1252 (Latin-1 with
/// curly quotes and dashes at 0x80 to 0x9F): when that byte is a visible character and the
/// file has no byte Windows-1252 leaves undefined, nor a NUL (UTF-16 has many). A
/// non-breaking space (0xA0, as Windows types Alt+0160 and pastes it from web pages) counts
/// when the rest of the file supports the guess: another byte from 0x80 up that is a visible
/// character there (`’` as 0x92, `é` as 0xE9). Alone, a stray 0xA0 may as well be a UTF-8
/// non-breaking space that lost its first byte.
fn windows_1252(bytes: &[u8], at: usize) -> Option<char> {
    /// 0x80 to 0x9F; `\0` where Windows-1252 defines no character.
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    let char_of = |b: u8| match b {
        0x80..=0x9F => Some(HIGH[usize::from(b - 0x80)]).filter(|c| *c != '\0'),
        0xA0 => Some('\u{A0}'),
        _ => Some(char::from(b)),
    };
    let byte = *bytes.get(at)?;
    if bytes.contains(&0) || bytes.iter().any(|b| char_of(*b).is_none()) {
        return None;
    }
    let visible = |c: &char| !c.is_whitespace() && !c.is_control();
    match char_of(byte)? {
        '\u{A0}' => bytes
            .iter()
            .any(|b| *b >= 0x80 && char_of(*b).is_some_and(|c| visible(&c)))
            .then_some('\u{A0}'),
        c => Some(c).filter(visible),
    }
}

/// Converts a byte offset in `text` into a 1-based line and column (in characters).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Where each top-level key of a YAML text (site.yaml, a page's front matter) stands: its line
/// and that line's text, so that a later stage can place a diagnostic at the key; and, when
/// kept, the text's lines, so that it can be placed at a value inside the key's block (an item
/// of a list, a nested key).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyLines {
    /// Each key and its 1-based line, in the order read.
    keys: Vec<(Box<str>, usize)>,
    /// The text's lines joined by `\n`, the first being line `first_line`, once kept. Held as
    /// one string: every page keeps its front matter's until the model is built, and a string
    /// a line cost about a kilobyte a page.
    lines: Box<str>,
    first_line: usize,
    /// The key lines' texts given to `push` before the lines are kept (then dropped).
    pending: Vec<Box<str>>,
    /// Where each kept line starts, made the first time lines are read from one past the first.
    starts: LineStarts,
    /// How many bytes of the kept lines placing values has read so far.
    read: BytesRead,
}

/// How many bytes of kept lines [`KeyLines`] may read, in all, to place values: each value is
/// looked for from its key, so thousands of errors written on one line (`files: [a.bib, ...]`,
/// 20,000 of them) read that line again for each, minutes. Past this, values are placed at
/// their key. An ordinary site.yaml is read a few hundred times over before it is reached.
const MAX_BYTES_READ_PLACING: usize = 64 << 20;

/// The bytes read to place values so far (see [`MAX_BYTES_READ_PLACING`]). A count of work
/// done, so it takes no part in comparing two `KeyLines`, and a copy starts from nothing.
#[derive(Debug, Default)]
struct BytesRead(std::sync::atomic::AtomicUsize);

impl BytesRead {
    fn add(&self, bytes: usize) {
        self.0
            .fetch_add(bytes, std::sync::atomic::Ordering::Relaxed);
    }

    fn exhausted(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed) >= MAX_BYTES_READ_PLACING
    }
}

impl Clone for BytesRead {
    fn clone(&self) -> Self {
        BytesRead::default()
    }
}

impl PartialEq for BytesRead {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for BytesRead {}

/// The byte offsets at which [`KeyLines`]' kept lines start, made when first needed: placing
/// thousands of values, each from the line of the last, read all the lines before it each time.
/// A cache, so it takes no part in comparing two `KeyLines`.
#[derive(Debug, Clone, Default)]
struct LineStarts(std::sync::OnceLock<Vec<usize>>);

impl PartialEq for LineStarts {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for LineStarts {}

/// Where a key of [`KeyLines`] stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyLine<'a> {
    /// 1-based.
    pub line: usize,
    /// The line's text, shown under a message.
    pub text: &'a str,
}

/// Where a value stands inside a key's block: see [`KeyLines::locate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// The line's text.
    pub text: String,
}

impl KeyLines {
    pub fn push(&mut self, key: &str, line: usize, text: &str) {
        self.keys.push((key.into(), line));
        if self.lines.is_empty() {
            self.pending.push(text.into());
        }
    }

    /// Keeps the lines of the text the keys are in, the first of them being line `first_line`
    /// (1-based), for [`KeyLines::locate`] and the keys' line texts.
    pub fn keep_lines<'a>(&mut self, lines: impl Iterator<Item = &'a str>, first_line: usize) {
        self.keep_joined(lines.collect::<Vec<_>>().join("\n").into(), first_line);
    }

    /// Keeps `lines`, the lines already joined by `\n` (see [`KeyLines::keep_lines`]).
    fn keep_joined(&mut self, lines: Box<str>, first_line: usize) {
        self.lines = lines;
        self.first_line = first_line;
        self.starts = LineStarts::default();
        if !self.lines.is_empty() {
            self.pending = Vec::new();
        }
    }

    /// [`KeyLines::keep_lines`] for the lines of `text` (`text.lines()`), which are `text`
    /// itself less a last `\n` when it holds no `\r` (which `lines` takes off a line's end):
    /// one copy, not a string a line joined again, for every page.
    pub fn keep_text(&mut self, text: &str, first_line: usize) {
        if memchr::memchr(b'\r', text.as_bytes()).is_some() {
            return self.keep_lines(text.lines(), first_line);
        }
        self.keep_joined(text.strip_suffix('\n').unwrap_or(text).into(), first_line);
    }

    /// The text of 1-based `line`, when the lines are kept and it is one of them.
    fn kept_line(&self, line: usize) -> Option<&str> {
        if self.lines.is_empty() || line < self.first_line {
            return None;
        }
        // Ended at the next line's start: looking for its `\n` read a line of thousands of
        // values for each error placed at its key.
        let skip = line - self.first_line;
        let starts = self.starts();
        let start = *starts.get(skip)?;
        let end = starts
            .get(skip + 1)
            .map_or(self.lines.len(), |next| next - 1);
        Some(&self.lines[start..end])
    }

    /// Where each kept line starts (made once).
    fn starts(&self) -> &[usize] {
        self.starts.0.get_or_init(|| {
            std::iter::once(0)
                .chain(self.lines.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The kept lines from 1-based line `first` on (from the first kept line when `first` is
    /// before it), each with its number; none when the lines are not kept.
    fn lines_from(&self, first: usize) -> impl Iterator<Item = (usize, &str)> {
        let skip = first.saturating_sub(self.first_line);
        let offset = if self.lines.is_empty() {
            None
        } else if skip == 0 {
            Some(0)
        } else {
            self.starts().get(skip).copied()
        };
        offset.into_iter().flat_map(move |offset| {
            (self.first_line + skip..).zip(self.lines[offset..].split('\n'))
        })
    }

    /// The first line that sets `key`.
    pub fn get(&self, key: &str) -> Option<KeyLine<'_>> {
        let at = self.keys.iter().position(|(k, _)| &**k == key)?;
        let line = self.keys[at].1;
        let text = self
            .kept_line(line)
            .or_else(|| self.pending.get(at).map(|t| &**t))
            .unwrap_or_default();
        Some(KeyLine { line, text })
    }

    /// Where `value` is first written inside the block of `key` (its line after the `key:`,
    /// and the lines up to the next key), as a whole word: `Wellbeing` in `categories:
    /// [Wellbeing]` or in a `  - Wellbeing` line below it, not in `Wellbeings`. `None` when the
    /// lines were not kept or the value is not there as written.
    pub fn locate(&self, key: &str, value: &str) -> Option<Located> {
        self.locate_from(key, value, 0)
    }

    /// [`KeyLines::locate`], looking no higher than line `from` (the value of the second of
    /// two list items that share it).
    pub fn locate_from(&self, key: &str, value: &str, from: usize) -> Option<Located> {
        self.locate_after(key, value, (from, 0))
    }

    /// [`KeyLines::locate_from`], looking no higher than line `after.0` and, on that line,
    /// only past column `after.1` (1-based, in characters; 0 for the whole line): the value
    /// of the next of several list items written on one line (`[a.bib, a.bib]`), after the
    /// one before it.
    pub fn locate_after(&self, key: &str, value: &str, after: (usize, usize)) -> Option<Located> {
        if let Some(at) = self.locate_written(key, value, after) {
            return Some(at);
        }
        // A value with a character written as a YAML escape (`"tab\tx/"`): found as written,
        // else at the text before that character.
        if !value
            .chars()
            .any(|c| c.is_control() || c == '\\' || c == '"')
        {
            return None;
        }
        self.locate_written(key, &yaml_escaped(value), after)
            .or_else(|| {
                let before = value.split(|c: char| c.is_control()).next().unwrap_or("");
                (before.trim().chars().count() > 1)
                    .then(|| self.locate_written(key, before, after))
                    .flatten()
            })
    }

    /// Each place where the mapping key `name` is written in the block of `key` (`mi` in
    /// `mi: Kupu` or `name: { mi: Kupu }`), no higher than line `from`, with the rest of its
    /// line after its `:`. Read as YAML reads keys, not as text: a `mi:` inside a quoted value,
    /// a comment or a block scalar (`|`, `>`) is none. Empty when the lines were not kept.
    pub fn locate_keys_from(&self, key: &str, name: &str, from: usize) -> Vec<(Located, &str)> {
        let mut found = Vec::new();
        let Some(start) = self.get(key).map(|k| k.line) else {
            return found;
        };
        if self.lines.is_empty() || name.is_empty() {
            return found;
        }
        let end = self.next_key_line(start).unwrap_or(usize::MAX);
        let mut keys = KeyScanner::default();
        for (line, text) in (self.first_line..).zip(self.lines.split('\n')) {
            if line >= end {
                break;
            }
            if line < start {
                continue;
            }
            for at in keys.line(text, name) {
                if line >= from {
                    found.push((
                        Located {
                            line,
                            column: text[..at].chars().count() + 1,
                            text: text.to_string(),
                        },
                        text[at..].split_once(':').map_or("", |(_, rest)| rest),
                    ));
                }
            }
        }
        found
    }

    /// The line of the first list item (a line whose text starts with `-`) in the block of
    /// `key`, no higher than line `from`: where an item written as a block map begins, whatever
    /// key it writes first. `None` when the lines were not kept or there is none.
    pub fn item_from(&self, key: &str, from: usize) -> Option<usize> {
        let start = self.get(key)?.line;
        let end = self.next_key_line(start).unwrap_or(usize::MAX);
        if self.lines.is_empty() {
            return None;
        }
        self.lines_from(start.max(from))
            .take_while(|(line, _)| *line < end)
            .find(|(_, text)| {
                let text = text.trim_start();
                text == "-" || text.starts_with("- ")
            })
            .map(|(line, _)| line)
    }

    /// The line of the first top-level key after line `start`: where a key's block ends.
    fn next_key_line(&self, start: usize) -> Option<usize> {
        self.keys
            .iter()
            .map(|(_, line)| *line)
            .filter(|line| *line > start)
            .min()
    }

    fn locate_written(
        &self,
        key: &str,
        value: &str,
        (from, after_column): (usize, usize),
    ) -> Option<Located> {
        let start = self.get(key)?.line;
        // The last key's block runs to the end of the kept lines, where they stop anyway
        // (counting them at every call made placing thousands of values quadratic).
        let end = self.next_key_line(start).unwrap_or(usize::MAX);
        let value = value.trim();
        if value.is_empty() || self.lines.is_empty() || self.read.exhausted() {
            return None;
        }
        // One pass over the kept lines (each looked up by number was a pass of its own: a
        // block of 20,000 references took minutes to place a hundred values in).
        self.lines_from(start.max(from))
            .take_while(|(line, _)| *line < end)
            .find_map(|(line, text)| {
                let after_key = if line == start {
                    text.find(':').map_or(0, |colon| colon + 1)
                } else {
                    0
                };
                // Past the character at `after_column` on the line searched from.
                let after_value = if line == from && after_column > 0 {
                    text.char_indices()
                        .nth(after_column)
                        .map_or(text.len(), |(i, _)| i)
                } else {
                    0
                };
                let from = after_key.max(after_value);
                // The whole line: it is read to the value, then copied to be shown.
                self.read.add(text.len());
                let at = whole_word(&text[from..], value)? + from;
                Some(Located {
                    line,
                    column: text[..at].chars().count() + 1,
                    text: text.to_string(),
                })
            })
    }
}

/// Reads YAML a line at a time for its mapping keys (see [`KeyLines::locate_keys_from`]): what
/// is open at the end of a line (a quoted text, flow collections, a block scalar) is carried
/// to the next.
#[derive(Default)]
struct KeyScanner {
    /// The quote of a quoted text still open.
    quote: Option<u8>,
    /// The flow collections open, `{` or `[`, innermost last.
    flows: Vec<u8>,
    /// Whether a key may come next inside a flow mapping (after its `{` or a `,`).
    flow_key: bool,
    /// The column of the key whose block scalar is being read: lines indented more are its
    /// text.
    block_scalar: Option<usize>,
}

impl KeyScanner {
    /// The byte offsets in `text`, the next line, of the keys `name` written in it.
    fn line(&mut self, text: &str, name: &str) -> Vec<usize> {
        let bytes = text.as_bytes();
        let indent = bytes.iter().take_while(|b| **b == b' ').count();
        if let Some(parent) = self.block_scalar {
            if text.trim().is_empty() || indent > parent {
                return Vec::new();
            }
            self.block_scalar = None;
        }
        let mut found = Vec::new();
        let mut i = 0;
        // A block mapping's key starts a line, after its indentation and any `- `.
        let mut key_next = self.flow_key;
        let mut block_key = None;
        if self.quote.is_none() && self.flows.is_empty() {
            i = indent;
            while bytes.get(i) == Some(&b'-')
                && bytes.get(i + 1).is_none_or(|b| *b == b' ' || *b == b'\t')
            {
                i += 1;
                while bytes.get(i).is_some_and(|b| *b == b' ' || *b == b'\t') {
                    i += 1;
                }
            }
            key_next = true;
            block_key = Some(i);
        }
        let mut value_at = None;
        // Whether a value may start at the next byte outside spaces: a quote or a bracket
        // starts a quoted text or a flow collection only there (after `: `, a line's `- `, a
        // `[` or `{` that opened a flow collection, or a `,` inside one), not inside a plain
        // value (`It's free`, `smile :-{`, `a:{`, `free, 'honest`, `a[ 'b`).
        let mut value_next = true;
        while i < bytes.len() {
            if let Some(quote) = self.quote {
                match closing_quote(bytes, i, quote) {
                    Some(close) => {
                        self.quote = None;
                        value_next = false;
                        i = close + 1;
                        continue;
                    }
                    None => return found,
                }
            }
            let b = bytes[i];
            if b == b' ' || b == b'\t' {
                i += 1;
                continue;
            }
            if key_next {
                key_next = false;
                if key_named(&text[i..], name, !self.flows.is_empty()) {
                    found.push(i);
                }
            }
            let value_starts = value_next;
            // A `:` not followed by a space is text (`:-{`), outside a flow collection.
            let plain_colon = b == b':'
                && self.flows.is_empty()
                && bytes.get(i + 1).is_some_and(|b| *b != b' ' && *b != b'\t');
            value_next = b == b':' && !plain_colon;
            match b {
                b'"' | b'\'' if value_starts => self.quote = Some(b),
                b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t') => break,
                b'{' if value_starts || !self.flows.is_empty() => {
                    self.flows.push(b);
                    key_next = true;
                    value_next = true;
                }
                b'[' if value_starts || !self.flows.is_empty() => {
                    self.flows.push(b);
                    value_next = true;
                }
                b'}' | b']' => {
                    self.flows.pop();
                }
                b',' if !self.flows.is_empty() => {
                    key_next = self.flows.last() == Some(&b'{');
                    value_next = true;
                }
                b':' if self.flows.is_empty()
                    && value_at.is_none()
                    && bytes.get(i + 1).is_none_or(|b| *b == b' ' || *b == b'\t') =>
                {
                    value_at = Some(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        self.flow_key = key_next && self.flows.last() == Some(&b'{');
        if let (Some(key), Some(value)) = (block_key, value_at)
            && text[value..].trim_start().starts_with(['|', '>'])
        {
            self.block_scalar = Some(key);
        }
        found
    }
}

/// The index of the quote that closes a quoted text at `from` on this line (past `\"` in
/// double quotes and `''` in single ones), `None` when the line ends first.
fn closing_quote(bytes: &[u8], from: usize, quote: u8) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Whether `text` starts with the key `name` (plain or quoted) and its `:`.
fn key_named(text: &str, name: &str, in_flow: bool) -> bool {
    let rest = ["", "\"", "'"].into_iter().find_map(|quote| {
        let rest = text.strip_prefix(quote)?.strip_prefix(name)?;
        rest.strip_prefix(quote)
    });
    rest.and_then(|rest| rest.strip_prefix(':'))
        .is_some_and(|after| match after.bytes().next() {
            None | Some(b' ' | b'\t') => true,
            Some(b',' | b'}' | b']') => in_flow,
            Some(_) => false,
        })
}

/// `value` as a YAML double-quoted string writes it, without the quotes: `\t` for a tab.
fn yaml_escaped(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push_str(&format!("\\x{:02X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// The byte offset of the first `word` in `text` that is not part of a longer word.
fn whole_word(text: &str, word: &str) -> Option<usize> {
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        let first = word.chars().next();
        let last = word.chars().next_back();
        (!is_word(first) || !is_word(text[..at].chars().next_back()))
            && (!is_word(last) || !is_word(text[at + word.len()..].chars().next()))
    })
}

/// The start of every line of a text, so that many byte offsets can be turned into lines and
/// columns without reading the text from the start for each (a page may have thousands).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The 1-based line and column (in characters) of byte `offset`, as [`line_col`] gives.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|start| *start <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line(&self, line: usize) -> Option<&'a str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self
            .starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        Some(self.text[start..end].trim_end_matches('\r'))
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Returns the candidate closest to `word` by edit distance, when it is close enough to be
/// worth suggesting ("did you mean ...?"). Ties go to the alphabetically first candidate.
///
/// Pages can hold many unknown words and sites many candidates, so each comparison gives up
/// as soon as it cannot beat the best found so far (or the limit).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word: Vec<char> = word.chars().collect();
    let limit = (word.len() / 3).max(2);
    let mut best: Option<(usize, &str)> = None;
    let mut rows = (Vec::new(), Vec::new());
    for candidate in candidates {
        let bound = best.map_or(limit, |(distance, _)| distance);
        let Some(distance) = edit_distance_within(&word, candidate, bound, &mut rows) else {
            continue;
        };
        if best.is_none_or(|b| (distance, candidate) < b) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Whether any candidate is close enough to `word` for [`closest`] to suggest one; cheaper,
/// because it stops at the first.
pub fn any_close<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> bool {
    let word: Vec<char> = word.chars().collect();
    let limit = (word.len() / 3).max(2);
    let mut rows = (Vec::new(), Vec::new());
    candidates
        .into_iter()
        .any(|candidate| edit_distance_within(&word, candidate, limit, &mut rows).is_some())
}

/// The edit distance between `a` and `b`, if it is at most `bound`.
fn edit_distance_within(
    a: &[char],
    b: &str,
    bound: usize,
    (previous, current): &mut (Vec<usize>, Vec<usize>),
) -> Option<usize> {
    let b_len = b.chars().count();
    if a.len().abs_diff(b_len) > bound {
        return None;
    }
    previous.clear();
    previous.extend(0..=b_len);
    for (i, ca) in a.iter().enumerate() {
        current.clear();
        current.push(i + 1);
        for (j, cb) in b.chars().enumerate() {
            let substitution = previous[j] + usize::from(*ca != cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        // Distances never shrink from one row to the next.
        if current.iter().min().is_some_and(|m| *m > bound) {
            return None;
        }
        std::mem::swap(previous, current);
    }
    previous.last().copied().filter(|d| *d <= bound)
}

/// Keeps the first `max` errors of `errors[from..]` (the problems of one file) and the first
/// `max` warnings, in their order, and one more of each kind in `file` that counts the rest:
/// "N more errors {where} are not shown (the first `max` are)", "N more warnings …". A file of
/// 20,000 broken entries printed 20,000 errors; warnings past the first `max` were counted as
/// errors, failing a build that had none.
pub fn cap_errors(errors: &mut Vec<Diagnostic>, from: usize, max: usize, place: &str, file: &Path) {
    let from = from.min(errors.len());
    let (mut shown_errors, mut shown_warnings) = (0, 0);
    let (mut more_errors, mut more_warnings) = (0, 0);
    let mut kept = Vec::new();
    for diagnostic in errors.drain(from..) {
        let (shown, more) = if diagnostic.is_error() {
            (&mut shown_errors, &mut more_errors)
        } else {
            (&mut shown_warnings, &mut more_warnings)
        };
        if *shown < max {
            *shown += 1;
            kept.push(diagnostic);
        } else {
            *more += 1;
        }
    }
    errors.extend(kept);
    for (more, kind) in [(more_errors, "errors"), (more_warnings, "warnings")] {
        if more == 0 {
            continue;
        }
        let message = format!("{more} more {kind} {place} are not shown (the first {max} are)");
        let diagnostic = if kind == "errors" {
            Diagnostic::error(Code::TooMany, message)
        } else {
            Diagnostic::warning(Code::TooMany, message)
        };
        errors.push(diagnostic.standing_for(more).in_file(file));
    }
}

/// How many findings of one code and severity a person is shown by default (`human` format):
/// a site with 5,000 broken pages printed 5,000 errors, and the first ones (often one mistake
/// made many times) scrolled away. `--show-all` shows every one.
pub const SHOWN_PER_CODE: usize = 20;

/// Findings of one code and severity left out by [`shown_per_code`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotShown {
    pub severity: Severity,
    pub code: Code,
    /// How many problems were left out (a `too-many` finding counts as those it stands for).
    pub problems: usize,
}

/// The first `max` of `diagnostics` of each code and severity, in their order, and what was
/// left out, in the order each code and severity first came.
pub fn shown_per_code(diagnostics: &[Diagnostic], max: usize) -> (Vec<&Diagnostic>, Vec<NotShown>) {
    let mut seen: HashMap<(Severity, Code), usize> = HashMap::new();
    let mut shown = Vec::with_capacity(diagnostics.len().min(max * 8));
    let mut hidden: Vec<NotShown> = Vec::new();
    for d in diagnostics {
        let count = seen.entry((d.severity, d.code)).or_insert(0);
        *count += 1;
        if *count <= max {
            shown.push(d);
            continue;
        }
        match hidden
            .iter_mut()
            .find(|h| h.severity == d.severity && h.code == d.code)
        {
            Some(h) => h.problems += d.weight(),
            None => hidden.push(NotShown {
                severity: d.severity,
                code: d.code,
                problems: d.weight(),
            }),
        }
    }
    (shown, hidden)
}

/// How many problems `diagnostics` are, counting a "N more are not shown" message as the N
/// problems it stands for: a page with 8,000 broken links is 8,000 errors, not 101.
pub fn count<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> usize {
    diagnostics.into_iter().map(Diagnostic::weight).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quoted_values_are_cut_to_an_excerpt_with_their_length() {
        let value = format!("2024-01-01{}", "x".repeat(160_000));
        let d = Diagnostic::error(Code::Config, format!("`date`: `{value}` is not a date"))
            .with_hint(format!("write `date: 2024-01-01`, not `{value}`"));
        let excerpt = format!("`2024-01-01{}…{}`", "x".repeat(190), "x".repeat(60));
        assert_eq!(
            d.message,
            format!("`date`: {excerpt} (160,010 characters) is not a date")
        );
        assert_eq!(
            d.hint.as_deref(),
            Some(format!("write `date: 2024-01-01`, not {excerpt} (160,010 characters)").as_str())
        );
        // Short values, and a backtick left open, are kept as written.
        let short = format!("`{}` and `b`", "é".repeat(300));
        assert_eq!(excerpt_quotes(short.clone()), short);
        let open = format!("`a` then `{}", "x".repeat(900));
        assert_eq!(excerpt_quotes(open.clone()), open);
    }

    #[test]
    fn a_long_value_holding_a_backtick_is_cut_too() {
        // The backtick in the value pairs the message's backticks wrongly: the value's long
        // part stands outside them, and is cut all the same.
        let value = format!("2024-01-01`{}", "x".repeat(160_000));
        let d = Diagnostic::error(Code::Config, format!("`date`: `{value}` is not a date"));
        let excerpt = format!("{}…{}", "x".repeat(200), "x".repeat(60));
        assert_eq!(
            d.message,
            format!("`date`: `2024-01-01`{excerpt}` (160,000 characters) is not a date")
        );
        // Unpaired at the end, its length is written after it.
        let open = format!("`a` then `b`{}", "y".repeat(5_000));
        let excerpt = format!("{}…{}", "y".repeat(200), "y".repeat(60));
        assert_eq!(
            excerpt_quotes(open),
            format!("`a` then `b`{excerpt} (5,000 characters)")
        );
        // A backtick followed by a space starts no quote and is inside no word: the run after
        // it is cut all the same, past RUN_LIMIT.
        let value = format!("2024` {}", "x".repeat(160_000));
        let d = Diagnostic::error(Code::Config, format!("`date`: `{value}` is not a date"));
        let excerpt = format!(" {}…{}", "x".repeat(199), "x".repeat(60));
        assert_eq!(
            d.message,
            format!("`date`: `2024`{excerpt}` (160,001 characters) is not a date")
        );
        // The message's own words are not: a list of names after a quoted one.
        let names: Vec<String> = (0..200).map(|n| format!("style-{n}")).collect();
        let list = format!("did you mean `apa`? (the styles: {})", names.join(", "));
        assert_eq!(excerpt_quotes(list.clone()), list);
        // A diagnostic made as a struct, its message written in, is cut when printed.
        let made = Diagnostic {
            message: format!("`{}`", "z".repeat(10_000)),
            hint: Some(format!("not `{}`", "h".repeat(10_000))),
            ..Diagnostic::error(Code::Config, "")
        };
        let printed = made.render();
        assert!(printed.len() < 1_000, "{printed}");
        assert!(printed.contains("(10,000 characters)"), "{printed}");
        // And so is it written for tools (`--format json`).
        let json = serde_json::to_string(&made).unwrap_or_default();
        assert!(json.len() < 1_500, "{json}");
        assert_eq!(json.matches("(10,000 characters)").count(), 2, "{json}");
    }

    #[test]
    fn shown_per_code_keeps_the_first_of_each_code_and_counts_the_rest() {
        let mut all: Vec<Diagnostic> = (0..30)
            .map(|n| Diagnostic::error(Code::BrokenLink, format!("link {n}")))
            .collect();
        all.insert(3, Diagnostic::warning(Code::BrokenLink, "a warning"));
        all.push(Diagnostic::error(Code::TooMany, "more").standing_for(500));
        all.push(Diagnostic::error(Code::TooMany, "more").standing_for(7));
        let (shown, hidden) = shown_per_code(&all, 2);
        let messages: Vec<&str> = shown.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["link 0", "link 1", "a warning", "more", "more"]);
        assert_eq!(
            hidden,
            [NotShown {
                severity: Severity::Error,
                code: Code::BrokenLink,
                problems: 28
            }]
        );
        let (_, hidden) = shown_per_code(&all, 1);
        assert_eq!(hidden[1].problems, 7, "{hidden:?}");
    }

    #[test]
    fn a_windows_1252_file_is_named_with_the_character_its_byte_is() {
        let hint = |bytes: &[u8]| {
            decode_utf8(Path::new("a.md"), bytes.to_vec())
                .err()
                .and_then(|d| d.hint)
                .unwrap_or_default()
        };
        let curly = hint(b"title: \x93Rest\x94 and caf\xe9\n");
        assert!(curly.contains("Windows-1252"), "{curly}");
        assert!(curly.contains("where this byte is `\u{201C}`"), "{curly}");
        assert!(hint(b"caf\xe9").contains("where this byte is `\u{E9}`"));
        // A non-breaking space, when the file has another Windows-1252 character.
        for bytes in [&b"ok\xa0now, it\x92s fine"[..], b"title: a\xa0b\ncaf\xe9"] {
            let nbsp = hint(bytes);
            assert!(
                nbsp.contains("where this byte is a non-breaking space (U+00A0)"),
                "{nbsp}"
            );
        }
        // UTF-16 (NULs), a byte Windows-1252 does not define, a space alone (or with
        // only others like it): no guess.
        for bytes in [&b"t\0i\xff"[..], b"a\x81b\xe9", b"a\xa0b", b"a\xa0b\xa0c"] {
            assert!(!hint(bytes).contains("Windows-1252"), "{bytes:?}");
        }
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\nWhānau x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        let x = text.find('x').unwrap_or(0);
        assert_eq!(line_col(text, x), (2, 8));
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let d = Diagnostic::error(Code::Template, "unknown key `\u{1b}[31mred`")
            .in_file("content/a.md")
            .at("---\n\u{1b}]0;title\u{7}: 1\n", 2, 1)
            .with_hint("did you mean `\u{202e}x`?");
        let text = d.render();
        assert!(!text.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{text:?}");
        assert!(text.contains("unknown key `␛[31mred`"), "{text}");
        assert!(text.contains("␛]0;title␇: 1"), "{text}");
    }

    #[test]
    fn a_tab_in_a_message_is_shown_and_a_source_line_keeps_its_tabs() {
        // `b<TAB>c.md` in a message looked like `b    c.md`: a file name nobody could find.
        let d = Diagnostic::error(Code::Template, "no page `b\tc.md`")
            .in_file("content/a.md")
            .at("See [a](<b\tc.md>)\n", 1, 5)
            .with_hint("did you mean `a\tb`?");
        let text = d.render();
        assert!(text.contains("error: no page `b␉c.md`"), "{text}");
        assert!(text.contains("did you mean `a␉b`?"), "{text}");
        assert!(!text.contains("<b␉c.md>"), "{text}");
    }

    #[test]
    fn invisible_characters_are_shown_by_their_code_and_the_caret_follows() {
        let d = Diagnostic::error(
            Code::Template,
            "`Wh\u{101}\u{200d}nau` is spelled `Wh\u{101}nau`",
        )
        .in_file("content/a.md")
        .at("categories: [Wh\u{101}\u{200d}nau, x\u{200b}y]\n", 1, 23);
        let text = d.render();
        assert!(
            text.contains("`Whā<U+200D>nau` is spelled `Whānau`"),
            "{text}"
        );
        assert!(
            text.contains("1 | categories: [Whā<U+200D>nau, x<U+200B>y]"),
            "{text}"
        );
        // Column 23 is the `x`: eight characters later once the joiner is spelled out.
        let caret = text.lines().find(|l| l.contains('^')).unwrap_or_default();
        let line = text
            .lines()
            .find(|l| l.starts_with("1 |"))
            .unwrap_or_default();
        let x = line.chars().position(|c| c == 'x').unwrap_or(0);
        assert_eq!(caret.chars().position(|c| c == '^'), Some(x), "{text}");
        assert_eq!(visible("a\u{feff}b\u{2060}"), "a<U+FEFF>b<U+2060>");
        assert_eq!(visible("a\u{2028}b\u{2029}"), "a<U+2028>b<U+2029>");
        assert_eq!(without_invisible("a\u{200b}b"), "ab");
    }

    #[test]
    fn line_index_agrees_with_line_col() {
        let text = "ab\nWhānau x\r\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                index.line_col(offset),
                line_col(text, offset),
                "offset {offset}"
            );
        }
        assert_eq!(index.line(2), Some("Whānau x"));
        assert_eq!(index.line(3), Some(""));
        assert_eq!(index.line(4), Some("last"));
        assert_eq!(index.line(5), None);
        assert_eq!(index.line(0), None);
    }

    #[test]
    fn closest_prefers_the_nearest_then_the_first_alphabetically() {
        assert_eq!(closest("abcx", ["abdx", "abcy", "zzzz"]), Some("abcy"));
        assert_eq!(closest("abcd", ["abce", "abcf"]), Some("abce"));
        assert_eq!(closest("abcd", ["abcf", "abce"]), Some("abce"));
        assert_eq!(closest(&"x".repeat(10_000), ["x"]), None);
        assert_eq!(closest("", ["ab", "abc"]), Some("ab"));
        assert!(any_close("abcx", ["zzzz", "abdx"]));
        assert!(!any_close("abcx", ["zzzz", "wxyz"]));
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(
            closest("bowlby1937", ["bowlby1973", "heller2019"]),
            Some("bowlby1973")
        );
        assert_eq!(closest("zzz", ["bowlby1973"]), None);
    }

    #[test]
    fn a_text_is_kept_as_its_lines_are() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\n\n",
            "a\nb",
            "\na\n",
            "a\r\nb",
            "a\rb\n",
            "a\r\r\nb\r",
        ] {
            let (mut joined, mut whole) = (KeyLines::default(), KeyLines::default());
            joined.push("a", 2, "a");
            whole.push("a", 2, "a");
            joined.keep_lines(text.lines(), 2);
            whole.keep_text(text, 2);
            assert_eq!(joined, whole, "{text:?}");
            assert_eq!(joined.kept_line(3), whole.kept_line(3), "{text:?}");
        }
    }

    #[test]
    fn values_are_located_inside_their_key_s_block() {
        let text =
            "title: T\ncategories:\n  - Wellbeings\n  - Wellbeing\nhelp: {phone: \"0800 x\"}\n";
        let mut keys = KeyLines::default();
        keys.push("title", 1, "title: T");
        keys.push("categories", 2, "categories:");
        keys.push("help", 5, "help: {phone: \"0800 x\"}");
        assert_eq!(keys.locate("categories", "Wellbeing"), None);
        keys.keep_lines(text.lines(), 1);
        let found = keys.locate("categories", "Wellbeing");
        assert_eq!(found.map(|l| (l.line, l.column)), Some((4, 5)));
        let found = keys.locate("help", "0800 x");
        assert_eq!(found.map(|l| (l.line, l.column)), Some((5, 16)));
        assert_eq!(keys.locate("title", "help"), None);
        assert_eq!(keys.locate("title", "T").map(|l| l.column), Some(8));
    }

    #[test]
    fn placing_stops_reading_lines_past_its_bound_and_then_places_at_the_key() {
        // A line of 1 MiB: the bound is reached after 64 values looked for on it.
        let line = format!("files: [{}]", "x.bib, ".repeat(150_000));
        let mut keys = KeyLines::default();
        keys.push("files", 1, &line);
        keys.keep_lines(std::iter::once(line.as_str()), 1);
        let placed = (0..100)
            .take_while(|_| keys.locate("files", "x.bib").is_some())
            .count();
        assert!((60..=70).contains(&placed), "{placed}");
        // The key's line is still known, as a whole, for the message.
        assert_eq!(keys.get("files").map(|k| k.text.len()), Some(line.len()));
        // A copy reads afresh.
        assert!(keys.clone().locate("files", "x.bib").is_some());
    }

    #[test]
    fn a_value_is_located_past_the_one_before_it_on_its_line() {
        let text = "title: T\nbibliography: [a.bib, a.bib]\nlist:\n  - a.bib\n";
        let mut keys = KeyLines::default();
        keys.push("title", 1, "title: T");
        keys.push("bibliography", 2, "bibliography: [a.bib, a.bib]");
        keys.push("list", 3, "list:");
        keys.keep_lines(text.lines(), 1);
        let at = |after| {
            keys.locate_after("bibliography", "a.bib", after)
                .map(|l| (l.line, l.column))
        };
        assert_eq!(at((0, 0)), Some((2, 16)));
        // Past the first (its last character, column 20): the second, at its own column.
        assert_eq!(at((2, 20)), Some((2, 23)));
        // Past the second: none left in the block (the next key's lines are not in it).
        assert_eq!(at((2, 27)), None);
        assert_eq!(
            keys.locate_from("bibliography", "a.bib", 2)
                .map(|l| l.column),
            Some(16)
        );
    }

    #[test]
    fn values_are_located_from_a_later_line_of_lines_kept_from_any_line() {
        // Front matter: its lines start at line 2 of the file (after `---`).
        let text = "categories:\n  - Sleep\n  - Rest\n  - Sleep\ntitle: T";
        let mut keys = KeyLines::default();
        keys.push("categories", 2, "categories:");
        keys.push("title", 6, "title: T");
        keys.keep_lines(text.lines(), 2);
        let at = |value: &str, from: usize| {
            keys.locate_from("categories", value, from)
                .map(|l| (l.line, l.column, l.text))
        };
        assert_eq!(at("Sleep", 0), Some((3, 5, "  - Sleep".into())));
        assert_eq!(at("Sleep", 3), Some((3, 5, "  - Sleep".into())));
        assert_eq!(at("Sleep", 4), Some((5, 5, "  - Sleep".into())));
        assert_eq!(at("Rest", 5), None);
        // Past the last kept line, and past the block (the next key's line).
        assert_eq!(at("Sleep", 99), None);
        assert_eq!(keys.locate_from("title", "T", 6).map(|l| l.line), Some(6));
        assert_eq!(keys.kept_line(1), None);
        assert_eq!(keys.kept_line(2), Some("categories:"));
        assert_eq!(keys.kept_line(6), Some("title: T"));
        assert_eq!(keys.kept_line(7), None);
        // Looked for again, after the line index is made: the same answers.
        assert_eq!(at("Sleep", 0), Some((3, 5, "  - Sleep".into())));
        assert_eq!(keys.item_from("categories", 4), Some(4));
    }

    #[test]
    fn keys_are_located_as_yaml_reads_them_not_as_text() {
        let text = "title: \"mi: x\"\nnames:\n  - en: \"Say mi: hi\" # mi: no\n    note: |\n      mi: text\n    mi: Kia ora\n  - { en: 'it''s mi: x', \"mi\": Kai, MI: Kai pai }\n  - [a, {mi: b}]\n  - { en: \"two\n      mi: lines\", mi: c }\nother:\n  mi: no\n";
        let mut keys = KeyLines::default();
        keys.push("title", 1, "");
        keys.push("names", 2, "");
        keys.push("other", 11, "");
        keys.keep_lines(text.lines(), 1);
        let places = |name: &str, from: usize| -> Vec<(usize, usize, String)> {
            keys.locate_keys_from("names", name, from)
                .into_iter()
                .map(|(at, rest)| (at.line, at.column, rest.trim().to_string()))
                .collect()
        };
        assert_eq!(
            places("mi", 0),
            [
                (6, 5, "Kia ora".to_string()),
                (7, 26, "Kai, MI: Kai pai }".to_string()),
                (8, 10, "b}]".to_string()),
                (10, 19, "c }".to_string()),
            ]
        );
        assert_eq!(places("MI", 0), [(7, 37, "Kai pai }".to_string())]);
        assert_eq!(places("mi", 7).len(), 3);
        assert!(places("m", 0).is_empty());
        // A quote or a bracket inside a plain value opens nothing.
        let text = "names:\n  - en: It's free, don't pay :-{ a:{ b -{\n    note: Free\n    mi: Kore utu\n  - { en: Kids' club, mi: x }\n";
        assert_eq!(mi_keys_of_names(text), [(4, 5), (5, 23)]);
    }

    /// Where the `mi` keys under `names:` (line 1 of `text`) are found: line and column each.
    fn mi_keys_of_names(text: &str) -> Vec<(usize, usize)> {
        let mut keys = KeyLines::default();
        keys.push("names", 1, "");
        keys.keep_lines(text.lines(), 1);
        keys.locate_keys_from("names", "mi", 0)
            .into_iter()
            .map(|(at, _)| (at.line, at.column))
            .collect()
    }

    #[test]
    fn a_quote_or_bracket_after_a_comma_or_a_bracket_of_a_plain_value_opens_nothing() {
        // A `,` separates only inside a flow collection, and a `[` or `{` that opened none
        // is text: what follows them is still the plain value.
        for value in [
            "It's free, 'honest",
            "free, [see",
            "free, {see",
            "a[ 'b",
            "a{ \"b",
            "smile :-{'x",
            "well-'being'",
        ] {
            let text =
                format!("names:\n  - en: {value}\n    mi: Kore utu\n  - {{ en: a, mi: x }}\n");
            assert_eq!(mi_keys_of_names(&text), [(3, 5), (4, 14)], "{value}");
        }
    }

    #[test]
    fn a_long_line_is_kept_around_the_column_and_the_caret_still_points_at_it() {
        let line = format!("{}ā@key{}", "x".repeat(100_000), "y".repeat(100_000));
        let mut d = Diagnostic::warning(Code::Template, "bad").in_file("content/a.md");
        d.line = 3;
        d.column = 100_002;
        d.set_source_line(&line);
        let kept = d.source_line.clone().unwrap_or_default();
        assert_eq!(kept.chars().count(), 2 * SOURCE_CONTEXT + 2, "{kept}");
        assert!(kept.starts_with('…') && kept.ends_with('…'));
        let text = d.render();
        assert!(
            text.starts_with("content/a.md:3:100002: warning: bad"),
            "{text}"
        );
        let shown = text
            .lines()
            .find(|l| l.starts_with("3 |"))
            .unwrap_or_default();
        let caret = text.lines().find(|l| l.contains('^')).unwrap_or_default();
        let at = caret.chars().position(|c| c == '^');
        assert_eq!(at.and_then(|at| shown.chars().nth(at)), Some('@'), "{text}");
        // Short lines are kept whole; of a long one with the column past its end, its end.
        d.set_source_line("short");
        assert_eq!(
            (d.source_line.as_deref(), d.source_from),
            (Some("short"), 0)
        );
        d.column = 600;
        d.set_source_line(&"z".repeat(500));
        let kept = d.source_line.as_deref().unwrap_or_default();
        assert_eq!((kept.chars().count(), d.source_from), (102, 398), "{kept}");
    }

    #[test]
    fn renders_location_source_and_caret() {
        let d = Diagnostic::error(Code::Template, "bad")
            .in_file("content/a.md")
            .at("---\ntitel: A\n", 2, 1)
            .with_hint("did you mean `title`?");
        let text = d.render();
        assert!(text.starts_with("content/a.md:2:1: error: bad"));
        assert!(text.contains("2 | titel: A"));
        assert!(text.contains("  | ^"));
        assert!(text.ends_with("help: did you mean `title`?"));
    }
}
