//! What changed in a list of named things (instances, clusters, alarms, groups): the items
//! that are new or different, the names that went, and the order when it moved.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

/// A list's change since the last record of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct ListDelta<T> {
    /// New or changed items, whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub put: Vec<T>,
    /// Names of the items that are gone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gone: Vec<String>,
    /// Every name in order, when applying `put` and `gone` alone would not give it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<Vec<String>>,
}

impl<T> Default for ListDelta<T> {
    fn default() -> Self {
        Self { put: Vec::new(), gone: Vec::new(), order: None }
    }
}

impl<T> ListDelta<T> {
    pub fn is_empty(&self) -> bool {
        self.put.is_empty() && self.gone.is_empty() && self.order.is_none()
    }
}

/// The delta from `old` to `new`; `None` when even with the order it would not rebuild `new`
/// (two items of one name): then the list is recorded whole.
pub fn diff<T: Clone + PartialEq>(old: &[T], new: &[T], name: impl Fn(&T) -> &str) -> Option<ListDelta<T>> {
    let before: HashMap<&str, &T> = old.iter().map(|o| (name(o), o)).collect();
    let after: HashSet<&str> = new.iter().map(&name).collect();
    let put: Vec<T> = new.iter().filter(|n| before.get(name(n)) != Some(n)).cloned().collect();
    let gone: Vec<String> = old.iter().map(&name).filter(|o| !after.contains(o)).map(str::to_owned).collect();
    let mut delta = ListDelta { put, gone, order: None };
    let mut rebuilt = old.to_vec();
    apply(&mut rebuilt, delta.clone(), &name);
    if rebuilt == new {
        return Some(delta);
    }
    delta.order = Some(new.iter().map(|n| name(n).to_owned()).collect());
    let mut rebuilt = old.to_vec();
    apply(&mut rebuilt, delta.clone(), &name);
    (rebuilt == new).then_some(delta)
}

/// Applies a delta: gone names dropped, changed items replaced in place, new ones appended,
/// then the order, if given.
pub fn apply<T>(list: &mut Vec<T>, delta: ListDelta<T>, name: impl Fn(&T) -> &str) {
    let gone: HashSet<&str> = delta.gone.iter().map(String::as_str).collect();
    list.retain(|item| !gone.contains(name(item)));
    let mut at: HashMap<String, usize> = list.iter().enumerate().map(|(i, item)| (name(item).to_owned(), i)).collect();
    for item in delta.put {
        if let Some(&i) = at.get(name(&item)) {
            list[i] = item;
        } else {
            at.insert(name(&item).to_owned(), list.len());
            list.push(item);
        }
    }
    if let Some(order) = delta.order {
        let mut taken: Vec<Option<T>> = std::mem::take(list).into_iter().map(Some).collect();
        for wanted in &order {
            if let Some(slot) = at.get(wanted).and_then(|&i| taken.get_mut(i)) {
                list.extend(slot.take());
            }
        }
        list.extend(taken.into_iter().flatten());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(item: &(String, u32)) -> &str {
        &item.0
    }

    fn list(items: &[(&str, u32)]) -> Vec<(String, u32)> {
        items.iter().map(|(n, v)| ((*n).to_owned(), *v)).collect()
    }

    #[test]
    fn a_changed_item_and_a_new_one_are_all_that_is_kept() {
        let old = list(&[("a", 1), ("b", 2), ("c", 3)]);
        let new = list(&[("a", 1), ("c", 4), ("d", 5)]);
        let delta = diff(&old, &new, name).unwrap();
        assert_eq!(delta.put, list(&[("c", 4), ("d", 5)]));
        assert_eq!(delta.gone, ["b"]);
        assert_eq!(delta.order, None);
        let mut rebuilt = old;
        apply(&mut rebuilt, delta, name);
        assert_eq!(rebuilt, new);
    }

    #[test]
    fn a_new_order_is_recorded_when_it_moved() {
        let old = list(&[("a", 1), ("b", 2)]);
        let new = list(&[("b", 2), ("a", 1)]);
        let delta = diff(&old, &new, name).unwrap();
        assert!(delta.put.is_empty());
        assert_eq!(delta.order.as_deref(), Some(&["b".to_owned(), "a".to_owned()][..]));
        let mut rebuilt = old;
        apply(&mut rebuilt, delta, name);
        assert_eq!(rebuilt, new);
        assert!(diff(&new, &new, name).unwrap().is_empty());
    }

    #[test]
    fn two_items_of_one_name_are_not_a_delta() {
        let old = list(&[("a", 1)]);
        let new = list(&[("a", 1), ("a", 2)]);
        assert_eq!(diff(&old, &new, name), None);
    }
}
