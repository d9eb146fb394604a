//! LaTeX in BibTeX field values, decoded the way biber and Pandoc read it: accents and
//! special characters become Unicode, `\emph{}` and its friends become formatting, braces
//! protect case, ``` ``quotes'' ``` become quotation marks, `--` and `---` dashes, `~` a
//! no-break space. Unknown commands are dropped and their arguments kept.
//!
//! The decoder is one pass over the characters with an explicit stack of groups, so a field
//! of a million `{` costs memory in proportion, never the call stack.

use unicode_normalization::UnicodeNormalization;

use super::marks;

/// Formatting of a run of text, as a style would print it inside a title.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Format {
    pub italic: bool,
    pub bold: bool,
    pub small_caps: bool,
    pub sup: bool,
    pub sub: bool,
}

/// A stretch of decoded text with one format. `nocase` text was in braces: sentence and
/// title case leave it as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub format: Format,
    pub nocase: bool,
}

/// Decoded field text. Quotation marks from ``` `` ''``` and `\enquote{}` are the
/// [`marks::QUOTE_OPEN`] and [`marks::QUOTE_CLOSE`] characters, so the writer can print the
/// locale's own marks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rich {
    pub runs: Vec<Run>,
}

impl Rich {
    pub fn plain_text(text: &str) -> Rich {
        let mut rich = Rich::default();
        rich.push(text, Format::default(), false);
        rich
    }

    pub fn is_empty(&self) -> bool {
        self.runs.iter().all(|r| r.text.trim().is_empty())
    }

    /// The text without formatting; quotation marks as “ ”.
    pub fn plain(&self) -> String {
        self.runs
            .iter()
            .flat_map(|r| r.text.chars())
            .map(|c| match c {
                marks::QUOTE_OPEN => '“',
                marks::QUOTE_CLOSE => '”',
                c => c,
            })
            .collect()
    }

    /// The text with formatting as [`marks`], for a CSL-JSON string.
    pub fn to_marked(&self) -> String {
        let mut out = String::new();
        for run in &self.runs {
            marks::open(run.format, &mut out);
            out.push_str(&run.text);
            marks::close(run.format, &mut out);
        }
        out
    }

    pub fn push(&mut self, text: &str, format: Format, nocase: bool) {
        if text.is_empty() {
            return;
        }
        match self.runs.last_mut() {
            Some(last) if last.format == format && last.nocase == nocase => {
                last.text.push_str(text)
            }
            _ => self.runs.push(Run {
                text: text.to_string(),
                format,
                nocase,
            }),
        }
    }

    fn push_char(&mut self, c: char, format: Format, nocase: bool) {
        match self.runs.last_mut() {
            Some(last) if last.format == format && last.nocase == nocase => last.text.push(c),
            _ => self.runs.push(Run {
                text: c.to_string(),
                format,
                nocase,
            }),
        }
    }

    /// Appends `other`, with `separator` (plain text) between when both have text.
    pub fn append(&mut self, separator: &str, other: &Rich) {
        if other.is_empty() {
            return;
        }
        if !self.is_empty() {
            self.push(separator, Format::default(), false);
        }
        for run in &other.runs {
            self.push(&run.text, run.format, run.nocase);
        }
    }

    /// Removes whitespace at both ends.
    pub fn trim(&mut self) {
        while let Some(first) = self.runs.first_mut() {
            let trimmed = first.text.trim_start().len();
            first.text.drain(..first.text.len() - trimmed);
            if first.text.is_empty() {
                self.runs.remove(0);
            } else {
                break;
            }
        }
        while let Some(last) = self.runs.last_mut() {
            let trimmed = last.text.trim_end().len();
            last.text.truncate(trimmed);
            if last.text.is_empty() {
                self.runs.pop();
            } else {
                break;
            }
        }
    }
}

/// One level of braces: the format inside it, whether it protects case, and what closing it
/// also closes (a quotation from `\enquote{}`).
#[derive(Clone, Copy)]
struct Group {
    format: Format,
    nocase: bool,
    closes_quote: bool,
    /// Characters in it are the argument of `\href{url}` or `\url{}`-like commands whose
    /// text is dropped.
    hidden: bool,
}

impl Group {
    /// The field itself, outside any braces.
    const OUTERMOST: Group = Group {
        format: Format {
            italic: false,
            bold: false,
            small_caps: false,
            sup: false,
            sub: false,
        },
        nocase: false,
        closes_quote: false,
        hidden: false,
    };
}

/// Decodes a field value (the text inside its outer braces or quotes, with `@string` macros
/// already put in).
pub fn decode(source: &str) -> Rich {
    Decoder::new(source).run()
}

/// Decodes a part of a name: as [`decode`], but quotation marks (a nickname's: `John
/// ``Jack''`, `Grace ‘Gigi’`) are printed single or double as written, not as the locale's,
/// as Pandoc prints names.
pub fn decode_name(source: &str) -> Rich {
    let mut decoder = Decoder::new(source);
    decoder.quotes_as_written = true;
    decoder.run()
}

/// A field that is not LaTeX (`url`, `doi`, `eprint`): braces are dropped and `\_`, `\%`,
/// `\&`, `\#`, `\$`, `\~` (as exporters escape them) unescaped.
pub fn decode_verbatim(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' | '}' => {}
            '\\' if chars
                .peek()
                .is_some_and(|n| matches!(n, '_' | '%' | '&' | '#' | '$' | '~' | '{' | '}')) =>
            {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            // Mendeley writes `10.1386/jots.6.1.29{\textunderscore }1` for `..._1`.
            '\\' if chars.peek().is_some_and(char::is_ascii_alphabetic) => {
                let mut word = String::new();
                while let Some(letter) = chars.next_if(char::is_ascii_alphabetic) {
                    word.push(letter);
                }
                let symbol = match word.as_str() {
                    "textunderscore" => Some('_'),
                    "textasciitilde" => Some('~'),
                    "slash" => Some('/'),
                    _ => None,
                };
                match symbol {
                    Some(symbol) => {
                        // The space that ends a command word is not part of the text.
                        chars.next_if_eq(&' ');
                        out.push(symbol);
                    }
                    None => {
                        out.push('\\');
                        out.push_str(&word);
                    }
                }
            }
            c if marks::is_mark(c) => {}
            c if c.is_whitespace() => {
                if !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

struct Decoder {
    chars: Vec<char>,
    at: usize,
    groups: Vec<Group>,
    out: Rich,
    /// A combining accent waiting for the letter it goes on (`\'{e}`).
    pending_accent: Option<char>,
    /// Open quotation marks: true for double (``` `` ```), false for single (`` ` ``).
    quotes: Vec<bool>,
    in_math: bool,
    /// Quotation marks are printed as written (“ ” or ‘ ’) instead of as marks.
    quotes_as_written: bool,
}

impl Decoder {
    fn new(source: &str) -> Decoder {
        Decoder {
            chars: source.chars().filter(|c| !marks::is_mark(*c)).collect(),
            at: 0,
            groups: vec![Group::OUTERMOST],
            out: Rich::default(),
            pending_accent: None,
            quotes: Vec::new(),
            in_math: false,
            quotes_as_written: false,
        }
    }

    fn top(&self) -> Group {
        self.groups.last().copied().unwrap_or(Group::OUTERMOST)
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn emit(&mut self, c: char) {
        let group = self.top();
        if group.hidden {
            return;
        }
        let mut format = group.format;
        if let Some(accent) = self.pending_accent.take() {
            let base = match c {
                'ı' => 'i',
                'ȷ' => 'j',
                c => c,
            };
            let composed: String = [base, accent].iter().collect::<String>().nfc().collect();
            for c in composed.chars() {
                self.out.push_char(c, format, group.nocase);
            }
            return;
        }
        if c.is_whitespace() && c != '\u{a0}' {
            // Runs of spaces and line breaks are one space; none at the start.
            let last = self.out.runs.last().and_then(|r| r.text.chars().last());
            if last.is_none() || last.is_some_and(|l| l == ' ') {
                return;
            }
            format = Format::default();
            self.out.push_char(' ', format, false);
            return;
        }
        self.out.push_char(c, format, group.nocase);
    }

    fn emit_str(&mut self, s: &str) {
        for c in s.chars() {
            self.emit(c);
        }
    }

    fn open_group(&mut self, format: Format, nocase: bool, closes_quote: bool) {
        let hidden = self.top().hidden;
        self.groups.push(Group {
            format,
            nocase,
            closes_quote,
            hidden,
        });
    }

    fn run(mut self) -> Rich {
        while let Some(c) = self.peek(0) {
            self.at += 1;
            if self.in_math {
                self.math_char(c);
                continue;
            }
            match c {
                '{' => {
                    let top = self.top();
                    // `M{\=a}ori`: braces around an accented small letter protect nothing
                    // (sentence case only lowercases), and taking them as protection would
                    // cut the word in two: "M" would be judged a word of its own.
                    let nocase = !self.small_accented_letter_group();
                    self.open_group(top.format, nocase || top.nocase, false);
                }
                '}' => self.close_group(),
                '\\' => self.command(),
                '$' => {
                    // Math is printed as written, whatever case the style asks for.
                    self.in_math = true;
                    let top = self.top();
                    self.open_group(top.format, true, false);
                }
                '~' => self.emit('\u{a0}'),
                '-' => self.dash(),
                '`' => self.open_quote(),
                '\'' => self.apostrophe(),
                // Typographic quotation marks written in the file are quotations too: the
                // locale's marks are printed (Pandoc reads them so).
                '“' => self.open_quote_mark(true),
                '”' if self.quotes.last() == Some(&true) => self.close_quote(),
                '‘' => self.open_quote_mark(false),
                '’' if self.quotes.last() == Some(&false)
                    && !self.peek(0).is_some_and(char::is_alphanumeric) =>
                {
                    self.close_quote()
                }
                c => self.emit(c),
            }
        }
        self.unpair_unclosed_quotes();
        self.out.trim();
        self.out
    }

    /// A quotation never closed (`` `higher-level'learning ``: the `'` before a letter is an
    /// apostrophe) prints its opening mark as written and no closing one, as Pandoc does; the
    /// marks left always pair. Found from the end: the opening marks no closing mark answers.
    fn unpair_unclosed_quotes(&mut self) {
        let mut unclosed = std::mem::take(&mut self.quotes);
        let mut answered = 0usize;
        for run in self.out.runs.iter_mut().rev() {
            let mut at = run.text.len();
            while let Some(c) = run.text[..at].chars().next_back() {
                at -= c.len_utf8();
                if c == marks::QUOTE_CLOSE {
                    answered += 1;
                } else if c == marks::QUOTE_OPEN {
                    if answered > 0 {
                        answered -= 1;
                    } else if let Some(double) = unclosed.pop() {
                        let written = if double { "“" } else { "‘" };
                        run.text.replace_range(at..at + c.len_utf8(), written);
                    }
                }
            }
        }
    }

    fn close_group(&mut self) {
        if self.groups.len() > 1
            && let Some(group) = self.groups.pop()
            && group.closes_quote
        {
            self.close_quote();
        }
    }

    fn dash(&mut self) {
        let mut count = 1;
        while self.peek(0) == Some('-') && count < 3 {
            self.at += 1;
            count += 1;
        }
        self.emit(match count {
            1 => '-',
            2 => '–',
            _ => '—',
        });
    }

    fn open_quote(&mut self) {
        let double = self.peek(0) == Some('`');
        if double {
            self.at += 1;
        }
        self.open_quote_mark(double);
    }

    /// Opens a quotation, double or single.
    fn open_quote_mark(&mut self, double: bool) {
        self.quotes.push(double);
        self.emit(match (self.quotes_as_written, double) {
            (false, _) => marks::QUOTE_OPEN,
            (true, true) => '“',
            (true, false) => '‘',
        });
    }

    fn close_quote(&mut self) {
        let double = self.quotes.pop();
        self.emit(match (self.quotes_as_written, double) {
            (false, _) => marks::QUOTE_CLOSE,
            (true, Some(false)) => '’',
            (true, _) => '”',
        });
    }

    /// `''` closes a double quotation; `'` closes a single one when no letter follows;
    /// otherwise `'` is an apostrophe.
    fn apostrophe(&mut self) {
        if self.peek(0) == Some('\'') && self.quotes.last() == Some(&true) {
            self.at += 1;
            self.close_quote();
        } else if self.quotes.last() == Some(&false)
            && !self.peek(0).is_some_and(char::is_alphanumeric)
        {
            self.close_quote();
        } else {
            self.emit('\'');
        }
    }

    /// A command after its backslash: an accent, a symbol, a declaration (`\em`) or a
    /// command whose argument is formatted (`\emph{...}`); others are dropped, their
    /// argument kept.
    fn command(&mut self) {
        let Some(first) = self.peek(0) else {
            return;
        };
        self.at += 1;
        let letters = first.is_ascii_alphabetic();
        let mut name = String::from(first);
        if letters {
            while let Some(c) = self.peek(0).filter(char::is_ascii_alphabetic) {
                name.push(c);
                self.at += 1;
            }
        }
        if let Some(accent) = accent(&name) {
            self.accent(accent, letters);
            return;
        }
        if letters {
            // A control word eats the spaces after it.
            while self
                .peek(0)
                .is_some_and(|c| c == ' ' || c == '\n' || c == '\t')
            {
                self.at += 1;
            }
        }
        // `\noopsort{a}`, `\hspace{1em}`: an argument that is not text is dropped too (a
        // starred form, `\hspace*{1em}`, as well).
        if ARGUMENT_DROPPED.contains(&name.as_str()) {
            if self.peek(0) == Some('*') {
                self.at += 1;
            }
            if self.peek(0) == Some('{') {
                self.at += 1;
                self.skip_group();
            }
            return;
        }
        if let Some(symbol) = symbol(&name) {
            self.emit_str(symbol);
            if letters && self.peek(0) == Some('{') && self.peek(1) == Some('}') {
                self.at += 2;
            }
            return;
        }
        if self.declaration(&name) || self.peek(0) != Some('{') {
            return;
        }
        self.at += 1;
        self.command_argument(&name);
    }

    /// A declaration (`\em`, `\bfseries`) changes the rest of the group; false when `name`
    /// is none.
    fn declaration(&mut self, name: &str) -> bool {
        let top = self.top().format;
        let format = match name {
            "em" | "it" | "itshape" | "sl" | "slshape" => Format {
                italic: !top.italic,
                ..top
            },
            "bf" | "bfseries" => Format { bold: true, ..top },
            "sc" | "scshape" => Format {
                small_caps: true,
                ..top
            },
            "rm" | "normalfont" | "upshape" | "mdseries" | "rmfamily" => Format::default(),
            _ => return false,
        };
        self.set_format(format);
        true
    }

    /// Opens the argument of the command `name` (its `{` read), formatted as the command
    /// says.
    fn command_argument(&mut self, name: &str) {
        let top = self.top();
        let mut format = top.format;
        let mut nocase = top.nocase;
        let mut quote = false;
        match name {
            "emph" | "textit" | "textsl" | "mkbibemph" | "mkbibitalic" => {
                format.italic = !format.italic
            }
            "textbf" | "mkbibbold" => format.bold = true,
            "textsc" | "mkbibsc" => {
                format.small_caps = true;
                nocase = true;
            }
            "textsuperscript" | "mkbibsuperscript" => format.sup = true,
            "textsubscript" | "mkbibsubscript" => format.sub = true,
            "textup" | "textnormal" | "textrm" | "textmd" => format = Format::default(),
            "mkbibquote" | "enquote" => quote = true,
            "href" => {
                // \href{url}{text}: the URL is dropped, the text kept.
                self.skip_group();
                if self.peek(0) == Some('{') {
                    self.at += 1;
                } else {
                    return;
                }
            }
            _ => {}
        }
        if quote {
            self.open_quote_mark(true);
        }
        self.open_group(format, nocase, quote);
    }

    /// Skips a brace group that has already been opened, up to its closing brace.
    fn skip_group(&mut self) {
        let mut depth = 1usize;
        while let Some(c) = self.peek(0) {
            self.at += 1;
            match c {
                '\\' => self.at += 1,
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    fn set_format(&mut self, format: Format) {
        if let Some(top) = self.groups.last_mut() {
            top.format = format;
        }
    }

    /// Whether the group just opened is an accent on one small letter and nothing else:
    /// `{\=a}`, `{\'{e}}`, `{\v c}`, `{\"\i}`.
    fn small_accented_letter_group(&self) -> bool {
        let content: String = self.chars[self.at..]
            .iter()
            .take(12)
            .take_while(|&&c| c != '}')
            .collect();
        let Some(command) = content.strip_prefix('\\') else {
            return false;
        };
        let mut rest = command.chars();
        let Some(name) = rest.next() else {
            return false;
        };
        if accent(&name.to_string()).is_none() {
            return false;
        }
        // What is left is the letter, maybe in braces or after a space (`\v c`): the
        // group's own `}` was not taken, so an inner `{e` lost its `}` above.
        let letter: String = rest
            .as_str()
            .chars()
            .filter(|c| !matches!(c, '{' | ' '))
            .collect();
        matches!(letter.as_str(), "\\i" | "\\j")
            || (letter.chars().count() == 1 && letter.chars().all(char::is_lowercase))
    }

    /// `\'e`, `\'{e}`, `\v{C}`, `\c c`, `\"\i`: the accent goes on the next letter.
    fn accent(&mut self, accent: char, letters: bool) {
        if letters {
            while self.peek(0) == Some(' ') {
                self.at += 1;
            }
        }
        match self.peek(0) {
            Some('{') => {
                // The braces of an accent's argument do not protect case.
                self.at += 1;
                let top = self.top();
                self.open_group(top.format, top.nocase, false);
                self.pending_accent = Some(accent);
            }
            Some('\\') => self.pending_accent = Some(accent),
            Some(c) if !c.is_whitespace() => {
                self.at += 1;
                self.pending_accent = Some(accent);
                self.emit(c);
            }
            _ => self.emit(accent_alone(accent)),
        }
    }

    /// Math as Pandoc prints it in a title: letters as they are, `^`/`_` as superscript and
    /// subscript, a few symbols.
    fn math_char(&mut self, c: char) {
        match c {
            '$' => {
                self.in_math = false;
                self.close_group();
            }
            '^' | '_' => {
                let top = self.top();
                let mut format = top.format;
                if c == '^' {
                    format.sup = true;
                } else {
                    format.sub = true;
                }
                if self.peek(0) == Some('{') {
                    self.at += 1;
                    self.open_group(format, top.nocase, false);
                } else if let Some(next) = self.peek(0) {
                    self.at += 1;
                    if !self.top().hidden {
                        self.out.push_char(next, format, top.nocase);
                    }
                }
            }
            '{' => {
                let top = self.top();
                self.open_group(top.format, top.nocase, false);
            }
            '}' => self.close_group(),
            '\\' => self.command(),
            ' ' => {}
            c => self.emit(c),
        }
    }
}

/// The combining character for an accent command.
fn accent(name: &str) -> Option<char> {
    Some(match name {
        "'" => '\u{301}',
        "`" => '\u{300}',
        "^" => '\u{302}',
        "\"" => '\u{308}',
        "~" => '\u{303}',
        "=" => '\u{304}',
        "." => '\u{307}',
        "u" => '\u{306}',
        "v" => '\u{30c}',
        "H" => '\u{30b}',
        "c" => '\u{327}',
        "d" => '\u{323}',
        // Math accents: `$\bar{x}$` is x̄.
        "bar" | "overline" => '\u{304}',
        "hat" | "widehat" => '\u{302}',
        "tilde" | "widetilde" => '\u{303}',
        "dot" => '\u{307}',
        "ddot" => '\u{308}',
        "b" => '\u{331}',
        "r" => '\u{30a}',
        "k" => '\u{328}',
        _ => return None,
    })
}

/// An accent command with nothing to go on (`\~{}`): the spacing form.
fn accent_alone(combining: char) -> char {
    match combining {
        '\u{301}' => '´',
        '\u{300}' => '`',
        '\u{302}' => '^',
        '\u{308}' => '¨',
        '\u{303}' => '~',
        _ => combining,
    }
}

/// Commands whose argument is not text, so is dropped with them: BibTeX's sort idiom, which a
/// `@preamble` defines to print nothing and only sets the order works are sorted in
/// (`{\noopsort{1973a}}Bowlby`), and LaTeX's spacing, invisible boxes and cross-references
/// (`\hspace{1em}`, `\vphantom{x}`, `\cite{key}`, `\label{x}`), whose argument, printed, was
/// stray text ("1em").
const ARGUMENT_DROPPED: [&str; 21] = [
    "noopsort",
    "SortNoop",
    "sortnoop",
    "noop",
    "NOOP",
    "hspace",
    "vspace",
    "phantom",
    "hphantom",
    "vphantom",
    "label",
    "ref",
    "pageref",
    "eqref",
    "cite",
    "citep",
    "citet",
    "citeauthor",
    "citeyear",
    "nocite",
    "index",
];

/// Commands that stand for characters.
fn symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "&" => "&",
        "%" => "%",
        "$" => "$",
        "#" => "#",
        "_" => "_",
        "{" => "{",
        "}" => "}",
        " " | "," | ";" | ":" | "\\" | "quad" | "qquad" | "space" => " ",
        "-" | "/" | "@" | "relax" | "protect" | "ignorespaces" => "",
        "ss" => "ß",
        "SS" => "SS",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "aa" => "å",
        "AA" => "Å",
        "o" => "ø",
        "O" => "Ø",
        "l" => "ł",
        "L" => "Ł",
        "i" => "ı",
        "j" => "ȷ",
        "dh" => "ð",
        "DH" => "Ð",
        "th" => "þ",
        "TH" => "Þ",
        "ng" => "ŋ",
        "NG" => "Ŋ",
        "textendash" => "–",
        "textemdash" => "—",
        "textquoteleft" => "‘",
        "textquoteright" => "’",
        "textquotedblleft" => "“",
        "textquotedblright" => "”",
        "textquotesingle" => "'",
        "textellipsis" | "ldots" | "dots" => "…",
        "textasciitilde" => "~",
        "textbackslash" => "\\",
        "textbar" => "|",
        "textless" => "<",
        "textgreater" => ">",
        "textasciicircum" => "^",
        "textunderscore" => "_",
        "S" | "textsection" => "§",
        "P" | "textparagraph" => "¶",
        "copyright" | "textcopyright" => "©",
        "textregistered" => "®",
        "texttrademark" => "™",
        "textdegree" | "degree" => "°",
        "pounds" | "textsterling" => "£",
        "euro" | "texteuro" => "€",
        "textbullet" => "•",
        "dag" | "textdagger" => "†",
        "ddag" | "textdaggerdbl" => "‡",
        "textperiodcentered" | "cdot" => "·",
        "guillemotleft" | "guillemetleft" => "«",
        "guillemotright" | "guillemetright" => "»",
        "textexclamdown" => "¡",
        "textquestiondown" => "¿",
        "LaTeX" => "LaTeX",
        "TeX" => "TeX",
        "times" => "×",
        "pm" => "±",
        "leq" | "le" => "≤",
        "geq" | "ge" => "≥",
        "neq" | "ne" => "≠",
        "approx" => "≈",
        "infty" => "∞",
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "Gamma" => "Γ",
        "delta" => "δ",
        "Delta" => "Δ",
        "epsilon" | "varepsilon" => "ε",
        "zeta" => "ζ",
        "eta" => "η",
        "theta" => "θ",
        "Theta" => "Θ",
        "kappa" => "κ",
        "lambda" => "λ",
        "Lambda" => "Λ",
        "mu" => "μ",
        "nu" => "ν",
        "xi" => "ξ",
        "pi" => "π",
        "Pi" => "Π",
        "rho" => "ρ",
        "sigma" => "σ",
        "Sigma" => "Σ",
        "tau" => "τ",
        "phi" | "varphi" => "φ",
        "Phi" => "Φ",
        "chi" => "χ",
        "psi" => "ψ",
        "Psi" => "Ψ",
        "omega" => "ω",
        "Omega" => "Ω",
        _ => return math_symbol(name),
    })
}

/// Math symbols a title may hold (`IQ $\sim$ 100`, `$A \to B$`), as Pandoc prints them:
/// dropped, they changed what the title says.
fn math_symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "iota" => "ι",
        "upsilon" => "υ",
        "Upsilon" => "Υ",
        "Xi" => "Ξ",
        "vartheta" => "ϑ",
        "varsigma" => "ς",
        "varrho" => "ϱ",
        "ell" => "ℓ",
        "sim" => "∼",
        "simeq" => "≃",
        "cong" => "≅",
        "equiv" => "≡",
        "propto" => "∝",
        "lesssim" => "≲",
        "gtrsim" => "≳",
        "leqslant" => "⩽",
        "geqslant" => "⩾",
        "ll" => "≪",
        "gg" => "≫",
        "div" => "÷",
        "mp" => "∓",
        "ast" => "*",
        "star" => "⋆",
        "circ" => "∘",
        "bullet" => "•",
        "cdots" => "⋯",
        "prime" => "′",
        "partial" => "∂",
        "nabla" => "∇",
        "sqrt" | "surd" => "√",
        "sum" => "∑",
        "prod" => "∏",
        "int" => "∫",
        "in" => "∈",
        "notin" => "∉",
        "ni" => "∋",
        "subset" => "⊂",
        "supset" => "⊃",
        "subseteq" => "⊆",
        "supseteq" => "⊇",
        "cup" => "∪",
        "cap" => "∩",
        "emptyset" | "varnothing" => "∅",
        "forall" => "∀",
        "exists" => "∃",
        "neg" | "lnot" => "¬",
        "land" | "wedge" => "∧",
        "lor" | "vee" => "∨",
        "perp" => "⊥",
        "mid" => "∣",
        "vert" | "lvert" | "rvert" => "|",
        "|" | "Vert" => "‖",
        "langle" => "⟨",
        "rangle" => "⟩",
        "to" | "rightarrow" => "→",
        "leftarrow" | "gets" => "←",
        "leftrightarrow" => "↔",
        "Rightarrow" | "implies" => "⇒",
        "Leftarrow" => "⇐",
        "Leftrightarrow" | "iff" => "⇔",
        "uparrow" => "↑",
        "downarrow" => "↓",
        "dagger" => "†",
        "ddagger" => "‡",
        "backslash" => "\\",
        "colon" => ":",
        "log" => "log",
        "ln" => "ln",
        "exp" => "exp",
        "min" => "min",
        "max" => "max",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> String {
        decode(s).plain()
    }

    #[test]
    fn verbatim_fields_take_the_command_words_exporters_write() {
        assert_eq!(
            decode_verbatim("10.1386/jots.6.1.29{\\textunderscore }1"),
            "10.1386/jots.6.1.29_1"
        );
        assert_eq!(
            decode_verbatim("https://x.org/{\\textasciitilde}me\\slash a"),
            "https://x.org/~me/a"
        );
        assert_eq!(
            decode_verbatim("10.1007/3-540-44802-0\\_21"),
            "10.1007/3-540-44802-0_21"
        );
        // A command it does not know is kept as written.
        assert_eq!(decode_verbatim("a\\textcopyright b"), "a\\textcopyright b");
    }

    #[test]
    fn accents_and_symbols() {
        assert_eq!(plain(r#"L{\"u}decke"#), "Lüdecke");
        assert_eq!(plain(r"{\v{C}}ernis"), "Černis");
        assert_eq!(plain(r#"\'{E}mile \c{c}a \"\i"#), "Émile ça ï");
        assert_eq!(plain(r"M\=aori \'e\`a"), "Māori éà");
        assert_eq!(plain(r"Smith \& Sons, 50\% \ss"), "Smith & Sons, 50% ß");
        assert_eq!(plain(r"a\textendash{}b -- c --- d"), "a–b – c — d");
        assert_eq!(plain("a~b"), "a\u{a0}b");
    }

    /// The texts of `rich` kept from case changes.
    fn protected(rich: &Rich) -> Vec<&str> {
        rich.runs
            .iter()
            .filter(|r| r.nocase)
            .map(|r| r.text.as_str())
            .collect()
    }

    #[test]
    fn formatting_and_case_protection() {
        let rich = decode(r"Welch's \emph{t}-test {DNA} {\em In} x");
        let italic: Vec<&str> = rich
            .runs
            .iter()
            .filter(|r| r.format.italic)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(italic, ["t", "In"]);
        assert_eq!(protected(&rich), ["DNA", "In"]);
        assert_eq!(rich.plain(), "Welch's t-test DNA In x");
        // An accent on a small letter in braces protects nothing, so the word stays whole;
        // a capital in braces (`{\v{S}}koda`) stays protected, as Pandoc has it.
        let rich = decode(r#"M{\=a}ori Wh{\'{a}}nau {\"\i} {\v c} {\v{S}}koda"#);
        assert_eq!(protected(&rich), ["Š"]);
        assert_eq!(rich.plain(), "Māori Whánau ï č Škoda");
    }

    #[test]
    fn quotes() {
        assert_eq!(
            plain("``Double'' and `single' it's"),
            "“Double” and “single” it's"
        );
        let marked = decode("`Utilitarian' judgments").to_marked();
        assert!(marked.starts_with(marks::QUOTE_OPEN));
        assert_eq!(plain(r"\enquote{x} y"), "“x” y");
        // Never closed: the opening mark as written, no closing mark added (Pandoc's output
        // for a Mendeley title).
        assert_eq!(
            decode("triggers for `higher-level'learning").to_marked(),
            "triggers for ‘higher-level'learning"
        );
        assert_eq!(
            decode("``one `two' and ``three").to_marked(),
            format!(
                "“one {}two{} and “three",
                marks::QUOTE_OPEN,
                marks::QUOTE_CLOSE
            )
        );
    }

    #[test]
    fn math_and_unknown_commands() {
        assert_eq!(
            plain(r"$R^2$ and \unknown{kept} \href{http://x}{text}"),
            "R2 and kept text"
        );
        let rich = decode("$R^2$");
        assert!(rich.runs.iter().any(|r| r.format.sup && r.text == "2"));
        // The sort-order idiom prints nothing of its argument.
        assert_eq!(plain(r"{\noopsort{b}}Zed"), "Zed");
        assert_eq!(plain(r"\SortNoop {1973a}Bowlby \noopsort"), "Bowlby");
        assert_eq!(plain(r"a\hspace*{1em}b\vphantom{x}c \cite{key}d"), "abc d");
        // Math symbols are printed, not dropped.
        assert_eq!(
            plain(r"IQ $\sim$ 100: $A \to B$, $x \in S$, $\sqrt{n}$, $\bar{x}$"),
            "IQ ∼ 100: A→B, x∈S, √n, x\u{304}"
        );
    }

    #[test]
    fn hostile_input_is_linear() {
        let deep = "{".repeat(200_000) + "x" + &"}".repeat(200_000);
        assert_eq!(plain(&deep), "x");
        assert_eq!(plain(&"}".repeat(1000)), "");
        assert_eq!(plain("\\"), "");
        assert_eq!(plain("\\'"), "´");
    }
}
