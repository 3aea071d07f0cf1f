//! `--shard K/N`: which share of the discovered entries this run examines.
//!
//! Every entry (a file, or a zip with all its members) is ranked by a BLAKE3 hash of
//! its report path — the path relative to its root, so the same on every machine
//! and every run — and the ranking is cut into N runs of equal length. Shard sizes
//! therefore differ by at most one entry, and adding or removing a file moves at
//! most one entry across each cut, so per-shard state stays warm from night to night.

use std::fmt;

/// One share of N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based: 1..=count.
    pub index: usize,
    pub count: usize,
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// Parses `K/N` with 1 ≤ K ≤ N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| format!("{text:?} is not K/N (for example 2/4)"))?;
        let num = |s: &str| s.trim().parse::<usize>().ok();
        match (num(k), num(n)) {
            (Some(index), Some(count)) if count >= 1 && (1..=count).contains(&index) => {
                Ok(Shard { index, count })
            }
            _ => Err(format!(
                "{text:?} is not K/N with 1 ≤ K ≤ N (for example 2/4)"
            )),
        }
    }
}

/// The shard (1-based) of each path in `paths`, split `count` ways.
pub fn assign<S: AsRef<str>>(paths: impl IntoIterator<Item = S>, count: usize) -> Vec<usize> {
    let mut ranked: Vec<(blake3::Hash, usize)> = paths
        .into_iter()
        .enumerate()
        .map(|(i, p)| (blake3::hash(p.as_ref().as_bytes()), i))
        .collect();
    // Ties (equal hashes: equal paths under different roots) fall back to input order.
    ranked.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()).then(a.1.cmp(&b.1)));
    let total = ranked.len();
    let mut shard = vec![0; total];
    for (rank, (_, i)) in ranked.into_iter().enumerate() {
        // Rank r goes to the k with r in [k·total/count, (k+1)·total/count).
        shard[i] = (rank * count) / total.max(1) + 1;
    }
    shard
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("office-{}/chat {i}.txt", i % 3))
            .collect()
    }

    #[test]
    fn parse_accepts_k_of_n_only() {
        assert_eq!(Shard::parse("2/4"), Ok(Shard { index: 2, count: 4 }));
        assert_eq!(Shard::parse("1/1").unwrap().to_string(), "1/1");
        for bad in ["0/4", "5/4", "2", "a/b", "1/0", "-1/4"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_path_lands_in_exactly_one_shard_and_sizes_differ_by_at_most_one() {
        for (n, count) in [(0, 3), (1, 4), (7, 4), (1000, 4), (1001, 7)] {
            let p = paths(n);
            let a = assign(&p, count);
            assert_eq!(a.len(), n);
            let mut sizes = vec![0usize; count];
            for s in &a {
                assert!((1..=count).contains(s));
                sizes[s - 1] += 1;
            }
            let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
            assert!(max - min <= 1, "{n} over {count}: {sizes:?}");
        }
    }

    #[test]
    fn assignment_is_stable_and_independent_of_input_order() {
        let p = paths(200);
        let a = assign(&p, 4);
        let mut reversed = p.clone();
        reversed.reverse();
        let b = assign(&reversed, 4);
        for (i, path) in p.iter().enumerate() {
            let j = reversed.iter().position(|q| q == path).unwrap();
            assert_eq!(a[i], b[j], "{path}");
        }
        assert_eq!(a, assign(&p, 4));
    }

    #[test]
    fn adding_a_file_moves_few_others() {
        let p = paths(400);
        let before = assign(&p, 4);
        let mut more = p.clone();
        more.push("office-9/new export.txt".into());
        let after = assign(&more, 4);
        let moved = (0..p.len()).filter(|&i| before[i] != after[i]).count();
        // At most one entry crosses each of the three cuts (plus rounding of the cut
        // positions themselves).
        assert!(moved <= 6, "{moved} entries moved");
    }
}
