//! URL slugs: ASCII, lowercase, hyphen-joined transliterations of display names.
//!
//! "For Family / Whānau" becomes `for-family-whanau`; display names keep their macrons, only
//! URLs are transliterated (by deunicode, which knows far more scripts than a hand-made table).

/// Turns a display name into a slug; empty when the name has nothing to transliterate.
pub fn slugify(name: &str) -> String {
    // Borrowed when the name is ASCII already (most headings): not copied first. The same
    // text as `deunicode::deunicode`, which is this made owned.
    let ascii = deunicode::deunicode_with_tofu_cow(name, "[?]");
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_hyphen = false;
    // Read as bytes: a byte of a character deunicode left alone is not ASCII, and separates
    // words as that character would.
    for &c in ascii.as_bytes() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(char::from(c.to_ascii_lowercase()));
        } else if c != b'\'' {
            // Apostrophes vanish ("Children's" → "childrens"); everything else separates words.
            pending_hyphen = true;
        }
    }
    slug
}

/// The key names are sorted by: case and diacritics do not count ("Ōtautahi" sorts with "O"),
/// nor do quotation marks or brackets before the first word ("“Am I okay?”" sorts with "A"),
/// and numbers go by their value, so "Step 2" comes before "Step 10" and "0.25 mg" before
/// "0.5 mg". Numbers of three or more dotted parts ("1.2.10") are versions: each part goes by
/// its value, so "1.2.9" comes before "1.2.10".
pub fn sort_key(name: &str) -> String {
    let plain = deunicode::deunicode(name).to_lowercase();
    let words = plain.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut rest = if words.is_empty() {
        plain.as_str()
    } else {
        words
    };
    let mut key = String::with_capacity(rest.len() + 8);
    // Whether the number just read was followed by `.` and more digits: a version's part.
    let mut in_version = false;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        in_version &= start == 1 && rest.starts_with('.');
        key.push_str(&rest[..start]);
        let digits = &rest[start..];
        let end = digit_run(digits);
        let number = digits[..end].trim_start_matches('0');
        // Its count of digits first (a longer number is larger), then the digits.
        key.push_str(&format!("{:04}", number.len().min(9999)));
        key.push_str(number);
        rest = &digits[end..];
        let fraction = rest
            .strip_prefix('.')
            .map(|after| &after[..digit_run(after)])
            .filter(|f| !f.is_empty());
        if let Some(fraction) = fraction {
            let after = &rest[1 + fraction.len()..];
            let more_parts = after
                .strip_prefix('.')
                .is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit()));
            if in_version || more_parts {
                in_version = true;
            } else {
                // A decimal: its fraction's digits compare as written, trailing zeros left
                // out ("0.50" is "0.5"), ended by a mark below any character that may follow.
                key.push('.');
                key.push_str(fraction.trim_end_matches('0'));
                key.push('\u{1}');
                rest = after;
            }
        }
    }
    key.push_str(rest);
    key
}

/// How many ASCII digits `text` starts with.
fn digit_run(text: &str) -> usize {
    text.find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn macrons_become_plain_letters() {
        assert_eq!(slugify("For Family / Whānau"), "for-family-whanau");
        assert_eq!(slugify("Māori Wellbeing"), "maori-wellbeing");
        assert_eq!(slugify("ŌTAUTAHI"), "otautahi");
    }

    /// Reading the transliteration as bytes, without copying an ASCII name first, gives what
    /// reading its characters gave.
    #[test]
    fn slugs_are_those_read_by_character() {
        let by_character = |name: &str| {
            let ascii = deunicode::deunicode(name);
            let mut slug = String::new();
            let mut pending_hyphen = false;
            for c in ascii.chars() {
                if c.is_ascii_alphanumeric() {
                    if pending_hyphen && !slug.is_empty() {
                        slug.push('-');
                    }
                    pending_hyphen = false;
                    slug.push(c.to_ascii_lowercase());
                } else if c != '\'' {
                    pending_hyphen = true;
                }
            }
            slug
        };
        let names = [
            "",
            "Sleep",
            "Children's Health",
            "a\u{7f}b",
            "Whānau ora",
            "睡眠 and rest",
            "🙂 calm",
            "x\u{FFFD}y",
            "Crème brûlée",
            "‘Quoted’ – dash",
            "ß straße",
            "A1-b2_c3",
            "\u{10FFFF}z",
            "Ωmega",
            "tab\there",
            "  ",
        ];
        for name in names {
            assert_eq!(slugify(name), by_character(name), "{name:?}");
        }
    }

    #[test]
    fn ampersands_and_slashes_separate_words() {
        assert_eq!(slugify("Grief & Loss"), "grief-loss");
        assert_eq!(slugify("Anxiety/Stress"), "anxiety-stress");
        assert_eq!(slugify("  --Mental   Health--  "), "mental-health");
        assert_eq!(slugify("Children's Health"), "childrens-health");
    }

    #[test]
    fn names_sort_by_words_and_by_the_value_of_numbers() {
        let mut titles = [
            "Step 10: ask for help",
            "“Am I okay?”",
            "Step 2: rest",
            "Ōtautahi events",
            "Banana",
            "Step 02b",
            "(Draft) notes",
            "!!!",
            "Week 100000000000000000000001",
            "Week 99999999999999999999999",
        ];
        titles.sort_by_cached_key(|t| super::sort_key(t));
        assert_eq!(
            titles,
            [
                "!!!",
                "“Am I okay?”",
                "Banana",
                "(Draft) notes",
                "Ōtautahi events",
                "Step 2: rest",
                "Step 02b",
                "Step 10: ask for help",
                "Week 99999999999999999999999",
                "Week 100000000000000000000001",
            ]
        );
    }

    #[test]
    fn decimals_sort_by_value_and_versions_by_each_part() {
        let mut titles = [
            "0.5 mg",
            "0.25 mg",
            "1 mg",
            "0.50mg dose",
            "0.125 mg",
            "2.5 hours",
            "2 hours",
            "Step 2. Rest",
            "Step 10",
            "Version 1.2.10",
            "Version 1.2.9",
            "Version 1.10.0",
            "Version 1.2.9.1",
        ];
        titles.sort_by_cached_key(|t| super::sort_key(t));
        assert_eq!(
            titles,
            [
                "0.125 mg",
                "0.25 mg",
                "0.5 mg",
                "0.50mg dose",
                "1 mg",
                "2 hours",
                "2.5 hours",
                "Step 2. Rest",
                "Step 10",
                "Version 1.2.9",
                "Version 1.2.9.1",
                "Version 1.2.10",
                "Version 1.10.0",
            ]
        );
    }

    #[test]
    fn emoji_are_transliterated_or_dropped() {
        assert_eq!(slugify("Sleep 😴 tips"), "sleep-sleeping-tips");
        assert_eq!(slugify("🙂"), "slight-smile");
        assert_eq!(slugify("!!! ???"), "");
    }
}
