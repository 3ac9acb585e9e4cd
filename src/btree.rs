//! Ordered maps and sets built by inserting, not by `collect()`.
//!
//! `collect()` into a `BTreeMap` or `BTreeSet` sorts its input first and builds the tree in
//! bulk. Both are compiled again for every element type, about 4 KB of the browser app's wasm
//! each time, while `insert` is compiled once per type anyway. `extend` inserts one by one:
//! the result is the same (a later entry replaces an earlier one with the same key), in
//! O(n log n) as before.

use std::collections::{BTreeMap, BTreeSet};

/// A map of `entries`, where a later entry replaces an earlier one with the same key.
pub(crate) fn map<K: Ord, V>(entries: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(entries);
    map
}

/// A set of `items`.
pub(crate) fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_entry_wins_as_with_collect() {
        let entries = [("b", 1), ("a", 2), ("b", 3)];
        let collected: BTreeMap<_, _> = entries.into_iter().collect();
        assert_eq!(map(entries), collected);
        assert_eq!(map(entries).get("b"), Some(&3));
    }

    #[test]
    fn a_set_holds_each_item_once_in_order() {
        let items = ["c", "a", "c", "b"];
        assert_eq!(set(items).into_iter().collect::<Vec<_>>(), ["a", "b", "c"]);
    }
}
