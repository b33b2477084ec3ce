//! `--shard K/N`: a stable partition of a batch by package id, so that N machines (or
//! the N tasks of a job array) each check one part and `dossier merge` puts the parts
//! back together.
//!
//! A package's shard comes from a hash of its id (the package folder's name), not from
//! its place in the listing: adding or removing one package moves no other package to
//! another shard, and every machine computes the same partition from the id alone.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// Shard `index` of `count` (1-based, as `--shard 2/4` writes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shard {
    index: u32,
    count: u32,
}

impl Shard {
    /// Shard `index` of `count`; `None` unless `1 <= index <= count`.
    pub fn new(index: u32, count: u32) -> Option<Shard> {
        (index >= 1 && index <= count).then_some(Shard { index, count })
    }

    /// 1 to [`Shard::count`].
    pub fn index(self) -> u32 {
        self.index
    }

    pub fn count(self) -> u32 {
        self.count
    }

    /// Whether the package with this id belongs to this shard.
    pub fn holds(self, package_id: &str) -> bool {
        shard_of(package_id, self.count) == self.index
    }
}

/// The shard (1 to `count`) of a package id: the first eight bytes of the id's SHA-256,
/// as a big-endian number, modulo `count`. Fixed forever: changing it would move
/// packages between the shards of reports already written.
pub fn shard_of(package_id: &str, count: u32) -> u32 {
    let digest = Sha256::digest(package_id.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    (u64::from_be_bytes(first) % u64::from(count.max(1))) as u32 + 1
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let bad =
            || format!("`{text}` is not a shard: write K/N, e.g. 2/4 for the second of four parts");
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let k: u32 = k.trim().parse().map_err(|_| bad())?;
        let n: u32 = n.trim().parse().map_err(|_| bad())?;
        if n == 0 {
            return Err(format!("`{text}`: the number of shards must be at least 1"));
        }
        Shard::new(k, n).ok_or_else(|| format!("`{text}`: the shard must be between 1 and {n}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_k_of_n_and_refuses_the_rest() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
        assert_eq!(
            " 1 / 1 ".parse::<Shard>().map(|s| s.to_string()),
            Ok("1/1".into())
        );
        for bad in ["0/4", "5/4", "1/0", "2", "a/b", "-1/3", "1/4/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_id_belongs_to_exactly_one_shard() {
        for count in [1, 2, 3, 7] {
            for i in 0..200 {
                let id = format!("pkg_{i:05}");
                let holders = (1..=count)
                    .filter(|&k| Shard::new(k, count).is_some_and(|s| s.holds(&id)))
                    .count();
                assert_eq!(holders, 1, "{id} in {count} shards");
            }
        }
    }

    #[test]
    fn the_partition_is_fixed_and_spreads_the_packages() {
        // Pinned: these values are part of every sharded report already written.
        let pinned: Vec<u32> = ["a", "b", "pkg_00001", "Иванов"]
            .iter()
            .map(|id| shard_of(id, 4))
            .collect();
        assert_eq!(pinned, PINNED);
        let mut sizes = [0usize; 4];
        for i in 0..400 {
            sizes[shard_of(&format!("pkg_{i:05}"), 4) as usize - 1] += 1;
        }
        assert!(sizes.iter().all(|&n| (70..=130).contains(&n)), "{sizes:?}");
    }

    const PINNED: [u32; 4] = [3, 3, 4, 4];
}
