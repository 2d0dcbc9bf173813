//! Where a student left each explorable figure: the position of every input on its grid,
//! so a figure opens as it was left. Added in schema version 3 (see `schema.rs`).
//!
//! Positions are stored as a JSON array of grid indexes; the reader clamps them to the
//! figure as it is now, so an author's edit to a figure never makes a saved state unusable.

use rusqlite::params;

use super::{Store, StoreError};

impl Store {
    /// The saved input positions of every explorable of `chapter`, by figure id.
    pub fn figure_settings(
        &self,
        user: &str,
        chapter: &str,
    ) -> Result<Vec<(String, Vec<usize>)>, StoreError> {
        super::validate_user_name(user)?;
        let rows: Vec<(String, String)> = self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT f.figure, f.positions
                 FROM figure_settings f JOIN users u ON u.id = f.user_id
                 WHERE u.name = ?1 AND f.chapter = ?2 ORDER BY f.figure",
            )?;
            let rows = stmt.query_map(params![user, chapter], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect()
        })?;
        // A row that does not parse (written by hand, or by a future version) is skipped:
        // the figure then opens at its defaults, which loses nothing the student made.
        Ok(rows
            .into_iter()
            .filter_map(|(figure, json)| {
                serde_json::from_str::<Vec<usize>>(&json)
                    .ok()
                    .map(|p| (figure, p))
            })
            .collect())
    }

    /// Saves the input positions of one figure.
    pub fn save_figure_settings(
        &mut self,
        user: &str,
        chapter: &str,
        figure: &str,
        positions: &[usize],
        now: i64,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(positions).unwrap_or_else(|_| "[]".to_string());
        self.write_for_section(user, chapter, figure, now, |tx, id| {
            tx.execute(
                "INSERT INTO figure_settings (user_id, chapter, figure, positions, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT DO UPDATE SET positions = excluded.positions,
                                           updated_at = excluded.updated_at",
                params![id, chapter, figure, json, now],
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::store::Store;

    #[test]
    fn positions_round_trip_per_user_and_chapter() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("p.sqlite3")).unwrap().store;
        store
            .save_figure_settings("ada", "introduction", "fig-fraud", &[3, 37], 1)
            .unwrap();
        store
            .save_figure_settings("ada", "introduction", "fig-fraud", &[4, 30], 2)
            .unwrap();
        store
            .save_figure_settings("bob", "introduction", "fig-fraud", &[9], 3)
            .unwrap();
        assert_eq!(
            store.figure_settings("ada", "introduction").unwrap(),
            vec![("fig-fraud".to_string(), vec![4, 30])]
        );
        assert!(
            store
                .figure_settings("ada", "ml-systems")
                .unwrap()
                .is_empty()
        );
        assert!(
            store
                .figure_settings("carol", "introduction")
                .unwrap()
                .is_empty()
        );
    }
}
