//! HTML character references (`&amp;`, `&#47;`, `&#x2019;`, `&rsquo;`), read in one place for
//! both places that meet them: addresses in raw HTML ([`crate::support::escape::decode_char_refs`],
//! read as a browser reads them) and front matter values pasted from web pages
//! ([`crate::support::yaml::entities::decode`], each reference warned of).

use std::borrow::Cow;

/// The named references known: those an address may hold (HTML 5's punctuation, `&sol;`,
/// `&quest;`...) and those an export or a copy from a web page brings (`&rsquo;`, `&ndash;`,
/// macrons). Others are left as written (`R&D;` is no reference).
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("AMP", '&'),
    ("lt", '<'),
    ("LT", '<'),
    ("gt", '>'),
    ("GT", '>'),
    ("quot", '"'),
    ("QUOT", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("sol", '/'),
    ("quest", '?'),
    ("num", '#'),
    ("equals", '='),
    ("percnt", '%'),
    ("period", '.'),
    ("colon", ':'),
    ("comma", ','),
    ("lpar", '('),
    ("rpar", ')'),
    ("plus", '+'),
    ("lowbar", '_'),
    ("commat", '@'),
    ("excl", '!'),
    ("semi", ';'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("hellip", '…'),
    ("bull", '•'),
    ("middot", '·'),
    ("shy", '\u{ad}'),
    ("zwsp", '\u{200b}'),
    ("zwj", '\u{200d}'),
    ("zwnj", '\u{200c}'),
    ("thinsp", '\u{2009}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("deg", '°'),
    ("times", '×'),
    ("divide", '÷'),
    ("plusmn", '±'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("euro", '€'),
    ("pound", '£'),
    ("cent", '¢'),
    ("sect", '§'),
    ("para", '¶'),
    ("iexcl", '¡'),
    ("iquest", '¿'),
    ("amacr", 'ā'),
    ("emacr", 'ē'),
    ("imacr", 'ī'),
    ("omacr", 'ō'),
    ("umacr", 'ū'),
    ("Amacr", 'Ā'),
    ("Emacr", 'Ē'),
    ("Imacr", 'Ī'),
    ("Omacr", 'Ō'),
    ("Umacr", 'Ū'),
    ("aacute", 'á'),
    ("eacute", 'é'),
    ("iacute", 'í'),
    ("oacute", 'ó'),
    ("uacute", 'ú'),
    ("agrave", 'à'),
    ("egrave", 'è'),
    ("ecirc", 'ê'),
    ("auml", 'ä'),
    ("ouml", 'ö'),
    ("uuml", 'ü'),
    ("ccedil", 'ç'),
    ("ntilde", 'ñ'),
    ("szlig", 'ß'),
    ("Eacute", 'É'),
];

/// What one reference at the start of a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// A known name, or a number of a character.
    Character(char),
    /// A number of no character: 0, a surrogate (`&#xD800;`), past U+10FFFF, or too long to
    /// read. A browser shows U+FFFD for it.
    NoCharacter,
}

/// The reference at the start of `text` (at its `&`) and its length in bytes; `None` when
/// `text` starts with no reference: no `;` after the name (`&amp`), an unknown name
/// (`&unknown;`), no digits (`&#;`, `&#+47;`).
pub fn at_start(text: &str) -> Option<(Reference, usize)> {
    // A reference's name is letters and digits (after `#`, `#x`): looking no further than
    // them keeps a value of thousands of `&`s with no `;` from being read once per `&`.
    let name_length = text
        .get(1..)?
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_alphanumeric() || (i == 0 && c == '#')))
        .map(|(i, _)| i)?;
    let end = name_length + 1;
    if text.as_bytes().get(end) != Some(&b';') {
        return None;
    }
    let name = text.get(1..end)?;
    let reference = if let Some(number) = name.strip_prefix('#') {
        let (digits, radix) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (number, 10),
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        // A number too large for a u32 is no character either.
        u32::from_str_radix(digits, radix)
            .ok()
            .map(windows_1252)
            .and_then(char::from_u32)
            .filter(|c| *c != '\0')
            .map_or(Reference::NoCharacter, Reference::Character)
    } else {
        let (_, c) = NAMED.iter().find(|(n, _)| *n == name)?;
        Reference::Character(*c)
    };
    Some((reference, end + 1))
}

/// The characters a browser reads `&#128;` to `&#159;` as: those of Windows-1252, which old
/// pages (and WordPress posts pasted from Word) meant by them (`&#150;` is `–`, `&#146;` is
/// `’`); the five numbers Windows-1252 leaves unused stay as they are.
fn windows_1252(code: u32) -> u32 {
    const FROM_0X80: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    match code {
        0x80..=0x9F => FROM_0X80[(code - 0x80) as usize],
        _ => code,
    }
}

/// `text` with each reference replaced by what `read` makes of it: `read(written, reference)`
/// gives the character to write, or `None` to keep the reference as written. Borrowed when
/// nothing was replaced.
pub fn decode(text: &str, mut read: impl FnMut(&str, Reference) -> Option<char>) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut replaced = false;
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let read = at_start(rest).and_then(|(r, length)| Some((read(&rest[..length], r)?, length)));
        match read {
            Some((c, length)) => {
                out.push(c);
                replaced = true;
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    if !replaced {
        return Cow::Borrowed(text);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::{Reference, at_start};

    #[test]
    fn references_are_read_by_their_kind() {
        assert_eq!(at_start("&amp;x"), Some((Reference::Character('&'), 5)));
        assert_eq!(at_start("&#x2F;"), Some((Reference::Character('/'), 6)));
        assert_eq!(at_start("&#8217;"), Some((Reference::Character('’'), 7)));
        assert_eq!(at_start("&rsquo;"), Some((Reference::Character('’'), 7)));
        // As a browser reads them: Windows-1252's characters for 128 to 159.
        assert_eq!(at_start("&#150;"), Some((Reference::Character('–'), 6)));
        assert_eq!(at_start("&#x92;"), Some((Reference::Character('’'), 6)));
        assert_eq!(at_start("&#128;"), Some((Reference::Character('€'), 6)));
        assert_eq!(at_start("&#159;"), Some((Reference::Character('Ÿ'), 6)));
        assert_eq!(
            at_start("&#129;"),
            Some((Reference::Character('\u{81}'), 6))
        );
        for none in ["&#0;", "&#xD800;", "&#x110000;", "&#99999999999999999999;"] {
            assert_eq!(
                at_start(none).map(|r| r.0),
                Some(Reference::NoCharacter),
                "{none}"
            );
        }
        for not in [
            "&amp",
            "&unknown;",
            "&#;",
            "&#x;",
            "&#+47;",
            "&#x-1;",
            "& amp;",
            "&",
        ] {
            assert_eq!(at_start(not), None, "{not}");
        }
    }

    #[test]
    fn decoding_keeps_what_the_reader_declines() {
        let keep_slash = |written: &str, r| match r {
            Reference::Character(c) if written != "&sol;" => Some(c),
            _ => None,
        };
        assert_eq!(
            super::decode("a&amp;b&sol;&#0;", keep_slash),
            "a&b&sol;&#0;"
        );
        assert!(matches!(
            super::decode("&sol; &x", keep_slash),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
