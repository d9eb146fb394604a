//! Escaping text for where it lands: HTML text and attributes, and XML.

/// Escapes `text` for HTML text or a quoted attribute value, dropping what
/// [`forbidden_in_markup`] names (a bibliography's `"\u0001"` reached pages as it was).
pub fn html(text: &str, out: &mut String) {
    escape(text, "&#39;", out);
}

/// Characters no HTML page or XML feed may hold: C0 controls but tab and line breaks, DEL,
/// the C1 controls, and U+FFFE/U+FFFF (XML 1.0 forbids them: one makes a feed reader refuse
/// the whole feed).
pub fn forbidden_in_markup(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// How a message names `c`, a character [`forbidden_in_markup`] names that an escape in a
/// value or key made: "U+0007, a character no web page or feed may hold (made by a YAML escape
/// such as `\x07`)"; `by` is the kind of escape, `escaped` the escape itself.
pub fn made_by_escape(c: char, by: &str, escaped: &str) -> String {
    format!(
        "U+{:04X}, a character no web page or feed may hold (made by {by} such as `{escaped}`)",
        c as u32
    )
}

/// [`made_by_escape`] for an escape found where it is written, named as written (`\a`, not
/// the `\x07` it stands for): "U+0007, a character no web page or feed may hold (made by the
/// YAML escape `\a`)".
pub fn made_by_written_escape(c: char, by: &str, written: &str) -> String {
    format!(
        "U+{:04X}, a character no web page or feed may hold (made by {by} `{written}`)",
        c as u32
    )
}

/// Whether `text` holds a character [`forbidden_in_markup`] names. Every such character's
/// UTF-8 starts with a byte below 0x20, 0x7F, 0xC2 (C1) or 0xEF (U+FFFE/U+FFFF), so only the
/// characters starting at those bytes are decoded: text with macrons or non-breaking spaces
/// is not read a character at a time.
pub fn holds_forbidden(text: &str) -> bool {
    // A block at a time (see `block_holds`): every page is scanned as it is read. Only a
    // block with a suspect byte is decoded. Blocks of 64 bytes and the looser test (tested
    // with a small program on 300 of the benchmark's pages, 2 MB) took 2.3 million instructions
    // where 32 and `suspect` took 6.3 million: fewer blocks to sum up, fewer comparisons.
    const SCAN_BLOCK: usize = 2 * BLOCK;
    let bytes = text.as_bytes();
    let mut blocks = bytes.chunks_exact(SCAN_BLOCK);
    let block_suspect = |block: &[u8]| block_holds(block, loosely_suspect);
    let decoded = |start: usize, block: &[u8]| {
        block.iter().enumerate().any(|(i, &b)| {
            // A suspect byte is never a continuation byte (those are 0x80–0xBF), so it starts
            // a character.
            loosely_suspect(b)
                && text
                    .get(start + i..)
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(forbidden_in_markup)
        })
    };
    for (n, block) in blocks.by_ref().enumerate() {
        if block_suspect(block) && decoded(n * SCAN_BLOCK, block) {
            return true;
        }
    }
    let rest = blocks.remainder();
    block_suspect(rest) && decoded(bytes.len() - rest.len(), rest)
}

/// The size of the blocks [`block_holds`] is given: 32 bytes, one or two vector registers.
pub const BLOCK: usize = 32;

/// Whether any byte of `block` passes `test`, each byte's verdict OR-ed into one byte without
/// a branch, which the compiler makes a few vector instructions for a [`BLOCK`] (with a branch
/// a byte, the test was most of the time spent scanning text). `test` must be branch-free too
/// (`|` and `&`, not `||` and `&&`), or the block is tested a byte at a time.
#[inline]
pub fn block_holds(block: &[u8], test: impl Fn(u8) -> bool) -> bool {
    block.iter().fold(0u8, |any, &b| any | u8::from(test(b))) != 0
}

/// Escapes `text` for XML text or attributes, dropping what [`forbidden_in_markup`] names.
pub fn xml(text: &str, out: &mut String) {
    escape(text, "&apos;", out);
}

/// Escapes the characters markup gives a meaning to (`'` as `apostrophe`), and leaves out
/// those [`forbidden_in_markup`] names.
fn escape(text: &str, apostrophe: &str, out: &mut String) {
    out.reserve(text.len());
    let bytes = text.as_bytes();
    // Runs of characters written as they are are copied whole; only a byte that may start a
    // character to escape or drop is looked at (none is a continuation byte, so each starts
    // a character).
    let mut run = 0;
    for (at, &b) in bytes.iter().enumerate() {
        let markup = matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
        if !markup && !suspect(b) {
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        out.push_str(&text[run..at]);
        run = at + c.len_utf8();
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str(apostrophe),
            c if !forbidden_in_markup(c) => out.push(c),
            _ => {}
        }
    }
    out.push_str(&text[run..]);
}

/// Whether `b` may start a character [`forbidden_in_markup`] names: every such character's
/// UTF-8 starts with a byte below 0x20, 0x7F, 0xC2 (C1) or 0xEF (U+FFFE/U+FFFF).
fn suspect(b: u8) -> bool {
    ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r'))
        | (b == 0x7F)
        | (b == 0xC2)
        | (b == 0xEF)
}

/// [`suspect`] with fewer comparisons, for scanning a whole page: also a tab or a carriage
/// return (rare in a page, whose line breaks are `\n` by then), which are then decoded and let
/// pass. `b & 0xE0 == 0` is `b < 0x20` in one comparison.
fn loosely_suspect(b: u8) -> bool {
    ((b & 0xE0 == 0) & (b != b'\n')) | (b == 0x7F) | (b == 0xC2) | (b == 0xEF)
}

/// `text` as one word of a POSIX shell command, for the commands attach-gen suggests (the
/// `cd` after `init`, `--root` for a command run outside its site, `new` with its title in
/// quotes), so that each works when pasted: as it is when it holds only characters no shell
/// reads specially (`my-site`, `Ngā_rauemi`, `--dir`); else in double quotes, which read as
/// written (`"my site"`, `"Kate's site"`), when it holds nothing a shell reads inside them
/// (`"`, `$`, a backtick, `\`, or `!`, which bash's history reads); else in single quotes,
/// a `'` inside written `'\''`. An empty text is `""`; a leading `=` is quoted (zsh reads
/// `=name` as a command's path).
pub fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_./,+:@%=".contains(c);
    if !text.is_empty() && text.chars().all(plain) && !text.starts_with('=') {
        text.to_string()
    } else if !text.contains(['"', '$', '`', '\\', '!']) {
        format!("\"{text}\"")
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// A path as one shell word for a suggested command ([`shell_word`]), with `./` put before a
/// relative path that starts with `-`, which `cd` (or `--root`) would read as an option:
/// `cd ./-site`, not `cd -site`.
pub fn shell_path(path: &str) -> String {
    if path.starts_with('-') {
        shell_word(&format!("./{path}"))
    } else {
        shell_word(path)
    }
}

/// `text`, an attribute's value as written in raw HTML, with its character references read as
/// a browser reads them ([`crate::support::char_refs`]): `&amp;` is `&`, `&#47;` and `&#x2F;`
/// are `/`, a number of no character (`&#0;`, `&#xD800;`, `&#99999999;`) is U+FFFD. Named
/// references not known there are kept as written, as is any other `&`.
pub fn decode_char_refs(text: &str) -> std::borrow::Cow<'_, str> {
    use crate::support::char_refs::{Reference, decode};
    decode(text, |_, reference| match reference {
        Reference::Character(c) => Some(c),
        Reference::NoCharacter => Some('\u{FFFD}'),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn character_references_are_read_as_a_browser_reads_them() {
        assert_eq!(
            super::decode_char_refs("a&amp;b&#47;c&#x2f;d&sol;e.md"),
            "a&b/c/d/e.md"
        );
        assert_eq!(
            super::decode_char_refs("x?a=1&b=2&unknown;&#;&#x110000;"),
            "x?a=1&b=2&unknown;&#;\u{FFFD}"
        );
        assert_eq!(super::decode_char_refs("plain"), "plain");
        // Surrogates and numbers past any character are U+FFFD; no `;` is no reference.
        assert_eq!(
            super::decode_char_refs("&#xD800;&#99999999;&#99999999999999999999;&amp"),
            "\u{FFFD}\u{FFFD}\u{FFFD}&amp"
        );
        // The names a page copied from the web brings are read too (one table serves both
        // decoders); a sign before the digits makes no reference.
        assert_eq!(super::decode_char_refs("it&rsquo;s&#+47;"), "it’s&#+47;");
        let many = "&a".repeat(100_000);
        assert_eq!(super::decode_char_refs(&many), many);
    }

    #[test]
    fn a_shell_path_starting_with_a_dash_is_no_option() {
        assert_eq!(super::shell_path("-site"), "./-site");
        assert_eq!(super::shell_path("-my site"), "\"./-my site\"");
        assert_eq!(super::shell_path("my-site"), "my-site");
        assert_eq!(super::shell_path("/tmp/-x"), "/tmp/-x");
    }

    #[test]
    fn a_shell_word_reads_back_as_the_text_it_was_made_from() {
        let cases = [
            ("my-site", "my-site"),
            ("--dir", "--dir"),
            ("Ngā_rauemi/kōrero", "Ngā_rauemi/kōrero"),
            ("", "\"\""),
            ("my site", "\"my site\""),
            ("Kate's site", "\"Kate's site\""),
            ("say \"hi\"", "'say \"hi\"'"),
            ("$HOME", "'$HOME'"),
            ("`id`", "'`id`'"),
            ("it's $5", "'it'\\''s $5'"),
            ("a\\b", "'a\\b'"),
            ("wow!", "'wow!'"),
            ("=ls", "\"=ls\""),
            ("~/x", "\"~/x\""),
            ("*.md", "\"*.md\""),
            ("a\u{A0}b", "\"a\u{A0}b\""),
        ];
        for (text, word) in cases {
            assert_eq!(super::shell_word(text), word, "{text:?}");
            // What a POSIX shell makes of the word is the text itself.
            let Ok(out) = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("printf '%s' {word}"))
                .output()
            else {
                continue;
            };
            assert_eq!(String::from_utf8_lossy(&out.stdout), text, "{word}");
        }
    }

    #[test]
    fn html_and_xml() {
        let mut out = String::new();
        super::html("<b> & \"x\" 'y'\u{1}\u{FFFE}", &mut out);
        assert_eq!(out, "&lt;b&gt; &amp; &quot;x&quot; &#39;y&#39;");
        out.clear();
        super::xml("a < b & \"c\" \u{1}", &mut out);
        assert_eq!(out, "a &lt; b &amp; &quot;c&quot; ");
    }

    #[test]
    fn escaping_copies_runs_and_looks_only_at_what_it_changes() {
        // What escaping does, a character at a time.
        let expected = |text: &str| {
            let mut out = String::new();
            for c in text.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&#39;"),
                    c if !super::forbidden_in_markup(c) => out.push(c),
                    _ => {}
                }
            }
            out
        };
        for text in [
            "",
            "plain",
            "<<>>&&\"\"''",
            "whānau\u{A0}©\u{85}\u{9F}\u{80}x\u{FEFF}\u{FFFD}\u{FFFE}\u{FFFF}\u{EFFF}",
            "\t\n\r\u{0}\u{1F}\u{7F}🌿 a<b",
            "ends with <",
            "\u{FFFF}",
        ] {
            let mut out = String::from("kept ");
            super::html(text, &mut out);
            assert_eq!(out, format!("kept {}", expected(text)), "{text:?}");
        }
    }

    #[test]
    fn holds_forbidden_decodes_only_what_may_be_forbidden() {
        for clean in [
            "",
            "kia ora\tkoutou\r\n",
            "whānau\u{A0}©",
            "\u{FEFF}\u{FFFD}\u{E000}",
        ] {
            assert!(!super::holds_forbidden(clean), "{clean:?}");
        }
        for bad in [
            "a\u{1}",
            "\u{7F}",
            "x\u{85}y",
            "ā\u{9F}",
            "\u{FFFE}",
            "end\u{FFFF}",
        ] {
            assert!(super::holds_forbidden(bad), "{bad:?}");
        }
    }

    #[test]
    fn holds_forbidden_agrees_with_reading_every_character_across_block_edges() {
        for inserted in [
            "\u{1}", "\u{85}", "\u{FFFF}", "\u{A0}", "ā", "\n", "\u{FFFD}", "\t", "\r", "\u{1F}",
        ] {
            for at in 0..140 {
                for len in [at, at + 1, at + 33, at + 65, 200] {
                    let mut text = "x".repeat(at);
                    text.push_str(inserted);
                    text.push_str(&"y".repeat(len - at));
                    let expected = text.chars().any(super::forbidden_in_markup);
                    assert_eq!(super::holds_forbidden(&text), expected, "{text:?}");
                }
            }
        }
    }
}
