//! The language of text: BCP 47 tags checked, and Pandoc's bracketed spans
//! (`[whānau]{lang=mi}`) read, in page bodies and in one-line fields (titles, descriptions,
//! category names), so that screen readers pronounce each word in its own language
//! (WCAG 2.2, 3.1.2 Language of Parts).
//!
//! A span's `{...}` may hold `lang=TAG` and `.class` items only: anything else would put
//! attributes of the editor's choosing (`onclick=...`) into the page.

use language_tags::LanguageTag;

/// Why a language tag is refused, in words an editor can act on; `None` when it is a valid
/// BCP 47 tag (well formed, and every subtag in the IANA registry, so `maori` is refused).
pub fn tag_problem(tag: &str) -> Option<String> {
    let parsed = match LanguageTag::parse(tag) {
        Ok(parsed) => parsed,
        Err(e) => {
            return Some(format!(
                "`{tag}` is not a language tag ({e}{})",
                tag_instead(tag)
            ));
        }
    };
    match parsed.validate() {
        Ok(()) => None,
        Err(e) => Some(format!(
            "`{tag}` is not a registered language tag ({e}{})",
            tag_instead(tag)
        )),
    }
}

/// The tag an editor most likely meant by `written`, as words to end [`tag_problem`]'s
/// reason with: `en_NZ` written with an underscore, or a language's name (`maori`, `Samoan`)
/// where its tag goes. Empty when there is no likely one.
fn tag_instead(written: &str) -> String {
    let hyphenated = written.trim().replace('_', "-");
    if hyphenated != written.trim()
        && LanguageTag::parse(&hyphenated).is_ok_and(|t| t.validate().is_ok())
    {
        return format!("; write `{hyphenated}`, with a hyphen");
    }
    // "Māori" as it is typed, with its macron decomposed (`a` and U+0304, as macOS writes
    // it) or with two spaces between words.
    let name = crate::support::text::nfc(written)
        .to_lowercase()
        .replace('ā', "a")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let tag = match name.as_str() {
        "maori" | "te reo" | "te reo maori" | "reo maori" => "mi",
        "english" => "en",
        "nz english" | "new zealand english" => "en-NZ",
        "samoan" | "gagana samoa" => "sm",
        "tongan" | "lea faka-tonga" => "to",
        "fijian" => "fj",
        "niuean" => "niu",
        "tokelauan" => "tkl",
        "cook islands maori" | "rarotongan" => "rar",
        "chinese" | "mandarin" => "zh",
        "hindi" => "hi",
        "french" => "fr",
        "german" => "de",
        "spanish" => "es",
        "arabic" => "ar",
        "korean" => "ko",
        "japanese" => "ja",
        _ => return String::new(),
    };
    format!("; the tag for {} is `{tag}`", written.trim())
}

/// A valid tag in the case BCP 47 writes it (`mi`, `en-NZ`, `zh-Hant-TW`) whatever case it was
/// written in (`MI`, `en-nz`). Tags are the same in any case, but pages compare them as text (is
/// this page in the site's language?) and write them into `lang`, `hreflang` and `xml:lang`, so
/// every tag read is stored in this one form. A tag that does not parse is returned as it is.
pub fn canonical_case(tag: &str) -> String {
    LanguageTag::parse(tag).map_or_else(|_| tag.to_string(), LanguageTag::into_string)
}

/// The hint that goes with [`tag_problem`].
pub const TAG_HINT: &str = "use a BCP 47 tag such as `mi` (te reo Māori), `en-NZ` (New Zealand English), `sm` (Samoan) or `to` (Tongan)";

/// Whether two tags name the same language (their primary subtags are equal, case ignored):
/// `en-NZ` and `en` do, `mi` and `en-NZ` do not.
pub fn same_language(a: &str, b: &str) -> bool {
    // Compared in place: dates and citations ask it for every page.
    fn primary(tag: &str) -> &str {
        tag.split('-').next().unwrap_or(tag)
    }
    primary(a).eq_ignore_ascii_case(primary(b))
}

/// What a span's `{...}` asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanAttributes {
    pub lang: Option<String>,
    pub classes: Vec<String>,
}

/// A mistake in a span, at a byte offset of the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanProblem {
    pub offset: usize,
    pub message: String,
    pub hint: String,
}

impl SpanAttributes {
    /// The opening tag: `<span class="term" lang="mi">`, as Pandoc writes it.
    pub fn open_tag(&self) -> String {
        let mut tag = String::from("<span");
        if !self.classes.is_empty() {
            tag.push_str(" class=\"");
            crate::support::escape::html(&self.classes.join(" "), &mut tag);
            tag.push('"');
        }
        if let Some(lang) = &self.lang {
            tag.push_str(" lang=\"");
            crate::support::escape::html(lang, &mut tag);
            tag.push('"');
        }
        tag.push('>');
        tag
    }
}

/// Reads the inside of a span's `{...}` (`lang=mi .term`); `offset` is where that inside starts
/// in the text, for the problems' places.
pub fn parse_attributes(inside: &str, offset: usize) -> Result<SpanAttributes, SpanProblem> {
    let mut attributes = SpanAttributes::default();
    let mut at = 0;
    for item in inside.split(|c: char| c.is_ascii_whitespace()) {
        let item_offset = offset + at;
        at += item.len() + 1;
        if item.is_empty() {
            continue;
        }
        let problem = |message: String, hint: &str| SpanProblem {
            offset: item_offset,
            message,
            hint: hint.to_string(),
        };
        if let Some(class) = item.strip_prefix('.') {
            if !is_name(class) {
                return Err(problem(
                    format!("`{item}` is not a class: classes use letters, digits, `-` and `_`"),
                    "write a class as `.name`, as in `[whānau]{lang=mi .term}`",
                ));
            }
            attributes.classes.push(class.to_string());
        } else if let Some(value) = item.strip_prefix("lang=") {
            let tag = value.trim_matches('"');
            if attributes.lang.is_some() {
                return Err(problem(
                    "this span names its language twice".into(),
                    "keep one `lang=...`",
                ));
            }
            if let Some(message) = tag_problem(tag) {
                return Err(problem(message, TAG_HINT));
            }
            attributes.lang = Some(canonical_case(tag));
        } else {
            return Err(problem(
                format!("`{item}` cannot be set on a span: only `lang=...` and `.class` can"),
                "write the span as `[text]{lang=mi}`; other attributes would be written into the page as they are",
            ));
        }
    }
    Ok(attributes)
}

/// Letters, digits, `-` and `_`, not empty.
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// A one-line field (a title, a description, a category name) with its spans read: the plain
/// text (spans' words without their markup, for `<title>`, feeds and search) and, when it has
/// spans, the HTML (escaped, spans as `<span lang>`). A field without spans has no HTML, so the
/// theme prints its plain text as before.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marked {
    pub plain: String,
    pub html: Option<String>,
}

/// Reads the spans (`[words]{lang=mi}`) of a one-line field. A `[` that does not start a span
/// (no `]{...}` after it) is text.
pub fn marked(text: &str) -> Result<Marked, SpanProblem> {
    let mut plain = String::with_capacity(text.len());
    let mut html = String::new();
    let mut rest = 0;
    let mut from = 0;
    while let Some((open, close, brace_end)) = next_span(text, from) {
        let attributes = parse_attributes(&text[close + 2..brace_end], close + 2)?;
        let before = &text[rest..open];
        let inner = &text[open + 1..close];
        plain.push_str(before);
        plain.push_str(inner);
        crate::support::escape::html(before, &mut html);
        html.push_str(&attributes.open_tag());
        crate::support::escape::html(inner, &mut html);
        html.push_str("</span>");
        rest = brace_end + 1;
        from = rest;
    }
    if rest == 0 {
        return Ok(Marked {
            plain: text.to_string(),
            html: None,
        });
    }
    plain.push_str(&text[rest..]);
    crate::support::escape::html(&text[rest..], &mut html);
    Ok(Marked {
        plain,
        html: Some(html),
    })
}

/// The next span at or after `from`: the byte offsets of its `[`, its `]` (followed by `{`) and
/// its closing `}`.
///
/// Each byte is looked at a bounded number of times, so that a field of thousands of `[` or
/// `[x]{` with nothing to close them (a 1 MB description) is read in linear time.
fn next_span(text: &str, from: usize) -> Option<(usize, usize, usize)> {
    let mut search = from;
    loop {
        let first = search + text.get(search..)?.find('[')?;
        let close = first + text[first..].find(']')?;
        // The span's `[` is the last one before its `]`: the others are text.
        let open = first + text[first..close].rfind('[').unwrap_or(0);
        if text[close + 1..].starts_with('{') {
            // With no `}` after this `{`, none closes a later span either.
            let end = text[close + 1..].find('}')?;
            return Some((open, close, close + 1 + end));
        }
        search = close + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_name_with_a_decomposed_macron_or_two_spaces_gets_its_tag() {
        for written in ["Ma\u{304}ori", "te  reo  Māori", "TE REO MA\u{304}ORI"] {
            let problem = tag_problem(written).unwrap_or_default();
            assert!(problem.ends_with("is `mi`)"), "{written:?}: {problem}");
        }
    }

    #[test]
    fn tags_are_checked_against_the_registry() {
        for good in ["mi", "en-NZ", "sm", "to", "mi-NZ", "en", "zh-Hant-TW"] {
            assert_eq!(tag_problem(good), None, "{good}");
        }
        for bad in ["maori", "en_NZ", "", "e", "xx-!!", "en-NZ-"] {
            assert!(tag_problem(bad).is_some(), "{bad}");
        }
        assert!(same_language("en-NZ", "en"));
        assert!(!same_language("mi", "en-NZ"));
    }

    #[test]
    fn a_span_opens_at_the_last_bracket_before_its_close() {
        let html = |text: &str| marked(text).map(|m| m.html);
        assert_eq!(
            html("[a [b]{lang=mi} c"),
            Ok(Some("[a <span lang=\"mi\">b</span> c".into()))
        );
        assert_eq!(html("[x]{[x]{[x]{ no close"), Ok(None));
        assert_eq!(
            html("[x] [y]{lang=mi} [z]{"),
            Ok(Some("[x] <span lang=\"mi\">y</span> [z]{".into()))
        );
    }

    #[test]
    fn span_attributes_allow_lang_and_classes_only() {
        assert_eq!(
            parse_attributes("lang=mi .term", 0),
            Ok(SpanAttributes {
                lang: Some("mi".into()),
                classes: vec!["term".into()],
            })
        );
        assert_eq!(
            parse_attributes("lang=\"mi\"", 0).map(|a| a.open_tag()),
            Ok("<span lang=\"mi\">".to_string())
        );
        let bad = parse_attributes("lang=mi onclick=alert(1)", 10);
        assert_eq!(bad.map_err(|p| p.offset), Err(18));
        assert!(parse_attributes("lang=maori", 0).is_err());
        assert!(parse_attributes("#id", 0).is_err());
        assert!(parse_attributes("lang=mi lang=en", 0).is_err());
    }

    #[test]
    fn one_line_fields_keep_plain_text_and_html() {
        let m = marked("Caring for [whānau]{lang=mi} & friends");
        assert_eq!(
            m,
            Ok(Marked {
                plain: "Caring for whānau & friends".into(),
                html: Some("Caring for <span lang=\"mi\">whānau</span> &amp; friends".into()),
            })
        );
        assert_eq!(
            marked("A [note] <b>"),
            Ok(Marked {
                plain: "A [note] <b>".into(),
                html: None
            })
        );
        assert_eq!(
            marked("[a [b]{lang=mi}").map(|m| m.plain),
            Ok("[a b".into())
        );
        assert_eq!(marked("x [y]{onclick=z}").map_err(|p| p.offset), Err(6));
    }
}
