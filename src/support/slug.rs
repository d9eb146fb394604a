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

/// The key names are sorted by: case and diacritics do not count ("Ōtautahi" sorts with "O").
pub fn sort_key(name: &str) -> String {
    deunicode::deunicode(name).to_lowercase()
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
    fn emoji_are_transliterated_or_dropped() {
        assert_eq!(slugify("Sleep 😴 tips"), "sleep-sleeping-tips");
        assert_eq!(slugify("🙂"), "slight-smile");
        assert_eq!(slugify("!!! ???"), "");
    }
}
