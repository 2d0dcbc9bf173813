//! A spreadsheet-friendly export: one CSV row per answer, with the attempt it
//! belongs to, quoted as RFC 4180 says (CRLF line ends, fields containing a
//! comma, quote, CR or LF wrapped in quotes, quotes doubled).

use super::clock::iso_stamp;
use super::{Store, StoreError};

const HEADER: [&str; 15] = [
    "user",
    "attempt_uid",
    "chapter",
    "quiz_hash",
    "mode",
    "started_at",
    "finished_at",
    "score",
    "max",
    "question",
    "response",
    "correct",
    "hint_used",
    "elapsed_ms",
    "answered_at",
];

impl Store {
    /// Every answer of `user` as CSV with a header row; times are UTC ISO 8601.
    pub fn export_csv(&self, user: &str) -> Result<String, StoreError> {
        let history = self.export(user)?;
        let mut out = String::new();
        push_row(&mut out, HEADER.iter().map(|s| s.to_string()));
        for attempt in &history.attempts {
            for answer in &attempt.answers {
                push_row(
                    &mut out,
                    [
                        history.user.clone(),
                        attempt.uid.clone(),
                        attempt.chapter.clone(),
                        attempt.quiz_hash.clone(),
                        attempt.mode.as_str().to_string(),
                        iso_stamp(attempt.started_at),
                        attempt.finished_at.map(iso_stamp).unwrap_or_default(),
                        attempt.score.to_string(),
                        attempt.max.to_string(),
                        answer.question.clone(),
                        answer.response.clone(),
                        answer.correct.to_string(),
                        answer.hint_used.to_string(),
                        answer.elapsed_ms.to_string(),
                        iso_stamp(answer.answered_at),
                    ],
                );
            }
        }
        Ok(out)
    }
}

fn push_row(out: &mut String, fields: impl IntoIterator<Item = String>) {
    for (index, field) in fields.into_iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&quote(&field));
    }
    out.push_str("\r\n");
}

/// Quotes one field if RFC 4180 requires it.
pub(crate) fn quote(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn rfc4180_quoting() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote(""), "");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
        assert_eq!(quote("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(quote("{\"choice\":2}"), "\"{\"\"choice\"\":2}\"");
    }
}
