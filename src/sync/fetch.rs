//! Reading a course's statements back from the LRS for `class report`: one query per verb
//! the report counts (`verb`, `activity` = the course with `related_activities`, `since`,
//! `limit`), each followed through its `more` links to the end. It only GETs: nothing is
//! written to the LRS or the store.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::Value;

use super::client::Client;
use super::statement::{VERB_ANSWERED, VERB_COMPLETED};

/// Statements asked for per page.
pub const PAGE_LIMIT: usize = 500;

/// The verbs the report counts: answers, and finished quizzes with their scores.
const VERBS: [&str; 2] = [VERB_ANSWERED, VERB_COMPLETED];

/// Every statement of the course with a counted verb, stored since `since`, asked for
/// `page_limit` at a time; `progress(fetched)` after each page.
pub fn course_statements(
    client: &Client,
    activity_base: &str,
    since: Option<DateTime<Utc>>,
    page_limit: usize,
    progress: &mut dyn FnMut(usize),
) -> Result<Vec<Value>, String> {
    let mut all = Vec::new();
    for verb in VERBS {
        let query = query(verb, activity_base, since, page_limit);
        let mut more: Option<String> = None;
        let mut followed = std::collections::HashSet::new();
        loop {
            let page = client.get(&query, more.as_deref())?;
            let empty = page.statements.is_empty();
            all.extend(page.statements);
            progress(all.len());
            // An empty page, or a link already followed, ends the list even if the LRS
            // offers another (some return a `more` link with the last full page).
            match page.more {
                Some(link) if !empty && followed.insert(link.clone()) => more = Some(link),
                _ => break,
            }
        }
    }
    Ok(all)
}

/// The first page's query for one verb. xAPI's `since` is exclusive, so it is sent one
/// millisecond before the first instant wanted.
fn query(
    verb: &str,
    activity_base: &str,
    since: Option<DateTime<Utc>>,
    page_limit: usize,
) -> Vec<(&'static str, String)> {
    let mut query = vec![
        ("verb", verb.to_string()),
        ("activity", activity_base.to_string()),
        ("related_activities", "true".to_string()),
        ("limit", page_limit.to_string()),
    ];
    if let Some(since) = since {
        let before = since - Duration::milliseconds(1);
        query.push(("since", before.to_rfc3339_opts(SecondsFormat::Millis, true)));
    }
    query
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_query_names_the_verb_the_course_and_an_exclusive_since() {
        let since = Utc.with_ymd_and_hms(2026, 9, 1, 0, 0, 0).single();
        let query = query(
            VERB_ANSWERED,
            "https://school.example/mlsys",
            since,
            PAGE_LIMIT,
        );
        let get = |key: &str| {
            query
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("verb"), Some(VERB_ANSWERED));
        assert_eq!(get("activity"), Some("https://school.example/mlsys"));
        assert_eq!(get("related_activities"), Some("true"));
        assert_eq!(get("limit"), Some("500"));
        assert_eq!(get("since"), Some("2026-08-31T23:59:59.999Z"));
        assert_eq!(super::query(VERB_COMPLETED, "b", None, 9).len(), 4);
    }
}
