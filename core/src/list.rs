//! A bounded list that reports, rather than drops, what does not fit.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A list of at most `N` items, as a case or policy carries it over the wire.
///
/// Reading a list longer than `N` does not fail part-way through decoding and does not drop the
/// extra items silently: the items that fit are kept, the rest are counted, and the checked
/// constructor that validates the surrounding value turns a non-zero count into a typed
/// capacity error naming the list (see [`crate::CaseError::CapacityExceeded`]).
#[derive(Clone, PartialEq, Eq)]
pub struct List<T, const N: usize> {
    items: heapless::Vec<T, N>,
    excess: usize,
}

impl<T, const N: usize> List<T, N> {
    /// An empty list.
    #[must_use]
    pub const fn new() -> Self {
        List {
            items: heapless::Vec::new(),
            excess: 0,
        }
    }

    /// Adds an item; gives it back if the list is full.
    pub fn push(&mut self, item: T) -> Result<(), T> {
        self.items.push(item)
    }

    /// The items that fit.
    #[must_use]
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// The items that fit, mutably.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        &mut self.items
    }

    /// How many items were given in all, including any that did not fit.
    #[must_use]
    pub fn given(&self) -> usize {
        self.items.len().saturating_add(self.excess)
    }

    /// Whether more items were given than the list can hold.
    #[must_use]
    pub fn overflowed(&self) -> bool {
        self.excess > 0
    }

    /// Empties the list (for a reader that fills it in place).
    #[cfg(feature = "json")]
    pub(crate) fn clear(&mut self) {
        self.items.clear();
        self.excess = 0;
    }

    /// Adds an item, or counts it if the list is full (for a reader that fills it in place).
    #[cfg(feature = "json")]
    pub(crate) fn push_or_count(&mut self, item: T) {
        if self.items.push(item).is_err() {
            self.excess = self.excess.saturating_add(1);
        }
    }

    /// The list's capacity.
    #[must_use]
    pub const fn capacity(&self) -> usize {
        N
    }
}

impl<T, const N: usize> Default for List<T, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for List<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.items.iter()).finish()?;
        if self.excess > 0 {
            write!(f, " (+{} over capacity)", self.excess)?;
        }
        Ok(())
    }
}

impl<T, const N: usize> core::ops::Deref for List<T, N> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T, const N: usize> FromIterator<T> for List<T, N> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut list = List::new();
        for item in iter {
            if list.items.push(item).is_err() {
                list.excess = list.excess.saturating_add(1);
            }
        }
        list
    }
}

/// Writing a list that was read over capacity fails: the items that did not fit are gone, and
/// writing the rest would pass off a shortened list as the one given.
impl<T: Serialize, const N: usize> Serialize for List<T, N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.excess > 0 {
            return Err(serde::ser::Error::custom(
                "a list read over its capacity cannot be written back",
            ));
        }
        serializer.collect_seq(self.items.iter())
    }
}

/// Decodes a list into an existing one, in place (used by the postcard reader, so that a
/// device never holds a whole list on its stack). The list is cleared first; as with
/// [`List`]'s `Deserialize`, items past the capacity are counted, not kept.
#[cfg(feature = "postcard")]
pub(crate) struct InPlace<'a, T, const N: usize>(pub(crate) &'a mut List<T, N>);

#[cfg(feature = "postcard")]
impl<'de, T: Deserialize<'de>, const N: usize> serde::de::DeserializeSeed<'de>
    for InPlace<'_, T, N>
{
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

#[cfg(feature = "postcard")]
impl<'de, T: Deserialize<'de>, const N: usize> Visitor<'de> for InPlace<'_, T, N> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list (at most {N} items are accepted)")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.items.clear();
        self.0.excess = 0;
        while let Some(item) = seq.next_element::<T>()? {
            if self.0.items.push(item).is_err() {
                self.0.excess = self.0.excess.saturating_add(1);
            }
        }
        Ok(())
    }
}

/// Sorts `items` by `key`, stably, in place and without a scratch buffer: an insertion sort,
/// for the short lists of a case (at most a few hundred items). Unlike the standard library's
/// sorts it keeps nothing on the stack but two items' worth of swap, and has no panic path.
pub(crate) fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    for end in 1..items.len() {
        let mut at = end;
        while let Some(before) = at.checked_sub(1) {
            let Some([a, b]) = items.get_mut(before..=at) else {
                break;
            };
            if key(a) <= key(b) {
                break;
            }
            core::mem::swap(a, b);
            at = before;
        }
    }
}

impl<'de, T: Deserialize<'de>, const N: usize> Deserialize<'de> for List<T, N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T, const N: usize>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>, const N: usize> Visitor<'de> for ListVisitor<T, N> {
            type Value = List<T, N>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a list (at most {N} items are accepted)")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut list = List::new();
                // Every element is decoded, so the input is read to its end and its errors are
                // still found; elements past the capacity are counted, not kept.
                while let Some(item) = seq.next_element::<T>()? {
                    if list.items.push(item).is_err() {
                        list.excess = list.excess.saturating_add(1);
                    }
                }
                Ok(list)
            }
        }
        deserializer.deserialize_seq(ListVisitor::<T, N>(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::sort_by_key;

    #[test]
    fn sorts_stably_as_the_standard_library_does() {
        // Lists of every length up to 70 with few distinct keys (many ties), from a fixed
        // generator, against `slice::sort_by_key`, which is stable: each item carries its
        // original position, so a tie put out of order would show.
        let mut state = 0x2545_F491_u32;
        for len in 0..=70 {
            for distinct in [1, 3, 10, 1000] {
                let items: Vec<(u32, usize)> = (0..len)
                    .map(|i| {
                        state ^= state << 13;
                        state ^= state >> 17;
                        state ^= state << 5;
                        (state % distinct, i)
                    })
                    .collect();
                let mut ours = items.clone();
                sort_by_key(&mut ours, |item| item.0);
                let mut expected = items;
                expected.sort_by_key(|item| item.0);
                assert_eq!(ours, expected, "{len} items, {distinct} keys");
            }
        }
    }
}
