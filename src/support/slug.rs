//! URL slugs: ASCII, lowercase, hyphen-joined transliterations of display names.
//!
//! "For Family / Whānau" becomes `for-family-whanau`; display names keep their macrons, only
//! URLs are transliterated (by deunicode, which knows far more scripts than a hand-made table).

/// Turns a display name into a slug; empty when the name has nothing to transliterate.
pub fn slugify(name: &str) -> String {
    let ascii = deunicode::deunicode(name);
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_hyphen = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else if c != '\'' {
            // Apostrophes vanish ("Children's" → "childrens"); everything else separates words.
            pending_hyphen = true;
        }
    }
    slug
}

/// The key names are sorted by: case and diacritics do not count ("Ōtautahi" sorts with "O"),
/// nor do quotation marks or brackets before the first word ("“Am I okay?”" sorts with "A"),
/// and numbers go by their value, so "Step 2" comes before "Step 10".
pub fn sort_key(name: &str) -> String {
    let plain = deunicode::deunicode(name).to_lowercase();
    let words = plain.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut rest = if words.is_empty() {
        plain.as_str()
    } else {
        words
    };
    let mut key = String::with_capacity(rest.len() + 8);
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        key.push_str(&rest[..start]);
        let digits = &rest[start..];
        let end = digits
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(digits.len());
        let number = digits[..end].trim_start_matches('0');
        // Its count of digits first (a longer number is larger), then the digits.
        key.push_str(&format!("{:04}", number.len().min(9999)));
        key.push_str(number);
        rest = &digits[end..];
    }
    key.push_str(rest);
    key
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
    fn emoji_are_transliterated_or_dropped() {
        assert_eq!(slugify("Sleep 😴 tips"), "sleep-sleeping-tips");
        assert_eq!(slugify("🙂"), "slight-smile");
        assert_eq!(slugify("!!! ???"), "");
    }
}
