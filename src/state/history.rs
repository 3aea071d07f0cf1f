//! The finding history in the state: when each finding and decision was first
//! and last reported, and what the previous run reported that this one does not.

use rusqlite::{OptionalExtension, params};

use super::State;

/// Something reported before (a finding or a decision).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// The run date it was first reported on (`yyyy-mm-dd`).
    pub first_seen: String,
    /// The run that last saw it.
    pub last_run: i64,
    /// Whether that run reported it (false: it was under review).
    pub reported: bool,
    /// Its last row, as JSON, for resolved.csv.
    pub row: String,
}

/// What kind of thing [`Seen`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeenKind {
    Finding,
    Decision,
}

impl SeenKind {
    fn as_str(self) -> &'static str {
        match self {
            SeenKind::Finding => "finding",
            SeenKind::Decision => "decision",
        }
    }
}

/// Findings and decisions not seen for this many runs (over a year of nightly
/// runs) are forgotten, and so are runs that old.
pub const FORGET_AFTER_RUNS: i64 = 400;

impl State {
    /// here until [`State::finish_run`]).
    pub fn seen(&self, kind: SeenKind, id: &str) -> anyhow::Result<Option<Seen>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT first_seen, last_run, reported, row FROM seen WHERE kind = ?1 AND id = ?2",
            )?
            .query_row(params![kind.as_str(), id], |r| {
                Ok(Seen {
                    first_seen: r.get(0)?,
                    last_run: r.get(1)?,
                    reported: r.get::<_, i64>(2)? != 0,
                    row: r.get(3)?,
                })
            })
            .optional()?)
    }

    /// Notes that this run saw `id` (reported, or under review), with its row.
    pub fn saw(
        &mut self,
        kind: SeenKind,
        id: &str,
        reported: bool,
        row: &str,
    ) -> anyhow::Result<()> {
        self.write(
            "INSERT OR REPLACE INTO temp.current (kind, id, reported, row) VALUES (?1, ?2, ?3, ?4)",
            params![kind.as_str(), id, reported as i64, row],
        )
    }

    /// Findings run `previous` reported that this run has not seen: `(id, seen)`.
    pub fn gone_since(&mut self, previous: i64) -> anyhow::Result<Vec<(String, Seen)>> {
        self.commit()?;
        let mut stmt = self.conn.prepare(
            "SELECT s.id, s.first_seen, s.last_run, s.reported, s.row FROM seen s
             WHERE s.kind = 'finding' AND s.last_run = ?1 AND s.reported = 1
               AND NOT EXISTS (SELECT 1 FROM temp.current c WHERE c.kind = s.kind AND c.id = s.id)",
        )?;
        let rows = stmt.query_map([previous], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Seen {
                    first_seen: r.get(1)?,
                    last_run: r.get(2)?,
                    reported: r.get::<_, i64>(3)? != 0,
                    row: r.get(4)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Folds what this run saw into the history (first seen kept, last run set) and
    /// marks the run complete, in one transaction.
    pub fn finish_run(&mut self, run: i64, today: &str, finished: &str) -> anyhow::Result<()> {
        self.commit()?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO seen (kind, id, first_seen, last_run, reported, row)
             SELECT kind, id, ?1, ?2, reported, row FROM temp.current WHERE true
             ON CONFLICT (kind, id) DO UPDATE SET
               last_run = excluded.last_run, reported = excluded.reported, row = excluded.row",
            params![today, run],
        )?;
        tx.execute(
            "UPDATE runs SET finished = ?1, complete = 1 WHERE id = ?2",
            params![finished, run],
        )?;
        // Forget what has not been seen for a long while (the state must not grow
        // night after night): such a finding, if it ever returns, is simply new.
        tx.execute(
            "DELETE FROM seen WHERE last_run <= ?1",
            [run - FORGET_AFTER_RUNS],
        )?;
        tx.execute("DELETE FROM runs WHERE id <= ?1", [run - FORGET_AFTER_RUNS])?;
        tx.execute("DELETE FROM temp.current", [])?;
        tx.commit()?;
        Ok(())
    }
}

impl State {
    /// The source paths of the findings run `previous` reported, de-duplicated.
    pub fn reported_paths(&self, previous: i64) -> anyhow::Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT json_extract(row, '$.source_path') FROM seen
             WHERE kind = 'finding' AND last_run = ?1 AND reported = 1",
        )?;
        let rows = stmt.query_map([previous], |r| r.get::<_, Option<String>>(0))?;
        let mut paths = Vec::new();
        for p in rows {
            paths.extend(p?);
        }
        Ok(paths)
    }
}
