//! Maps and sets keyed by the site's own text (URLs, slugs, ids), hashed with aHash instead of
//! the standard library's SipHash: a few times fewer instructions for a short key, and still
//! seeded at random once per process, so that a hostile site cannot choose keys that collide.

/// A `HashMap` hashed with aHash (make one with `default()`).
pub type HashMap<K, V> = std::collections::HashMap<K, V, ahash::RandomState>;

/// A `HashSet` hashed with aHash (make one with `default()`).
pub type HashSet<T> = std::collections::HashSet<T, ahash::RandomState>;

/// An empty map with room for `capacity` entries.
pub fn map_with_capacity<K, V>(capacity: usize) -> HashMap<K, V> {
    HashMap::with_capacity_and_hasher(capacity, ahash::RandomState::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_maps_hash_the_same_key_apart_and_each_finds_its_keys() {
        // Seeded at random: two maps' hashers give one key different hashes.
        let (a, b) = (ahash::RandomState::new(), ahash::RandomState::new());
        assert_ne!(a.hash_one("kia-ora"), b.hash_one("kia-ora"));
        let mut map: HashMap<String, usize> = map_with_capacity(2);
        map.insert("whānau".into(), 1);
        map.insert("Whānau".into(), 2);
        assert_eq!(
            (map.get("whānau"), map.get("Whānau"), map.get("x")),
            (Some(&1), Some(&2), None)
        );
    }
}
