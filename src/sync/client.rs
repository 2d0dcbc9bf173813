//! The HTTP side of xAPI: POST a batch of statements, GET a page of statements. A blocking
//! client (ureq, rustls) with timeouts; no async runtime. Each answer is classified into
//! what the caller should do with the batch, so the retry policy lives in one place
//! (`send.rs`) and this file only speaks HTTP.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use super::settings::Lrs;

/// The xAPI version we speak.
pub const XAPI_VERSION: &str = "1.0.3";

/// What the LRS made of a POST.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Posted {
    /// 200 or 204: stored.
    Stored,
    /// 409: it already holds statements with these ids (a batch sent before): as good as
    /// stored.
    AlreadyStored,
    /// 401 or 403: the credentials are wrong or lack the right; retrying cannot help.
    Refused(u16),
    /// A 5xx, a timeout or no connection: worth trying again later.
    Unavailable(String),
    /// Any other answer (a 400 for a statement it will not take): stop and say so.
    Rejected(u16, String),
}

/// A page of statements and where the next one is.
#[derive(Debug, Clone)]
pub struct Page {
    pub statements: Vec<Value>,
    pub more: Option<String>,
}

pub struct Client {
    agent: ureq::Agent,
    lrs: Lrs,
    authorization: String,
}

impl Client {
    /// A client whose requests may each take up to a minute (a big page of statements).
    pub fn new(lrs: Lrs) -> Self {
        Self::with_timeout(lrs, Duration::from_secs(60))
    }

    /// A client whose requests each give up after `timeout` (connecting within 10 s at most).
    pub fn with_timeout(lrs: Lrs, timeout: Duration) -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(timeout.min(Duration::from_secs(10))))
            .timeout_global(Some(timeout))
            .user_agent(concat!("mlsys-learn/", env!("CARGO_PKG_VERSION")))
            .build();
        let credentials = format!("{}:{}", lrs.username, lrs.password.reveal());
        let authorization = format!("Basic {}", STANDARD.encode(credentials));
        Self {
            agent: config.into(),
            lrs,
            authorization,
        }
    }

    pub fn lrs(&self) -> &Lrs {
        &self.lrs
    }

    /// POSTs statements (a JSON array) to `<endpoint>/statements`.
    pub fn post(&self, body: &str) -> Posted {
        let url = format!("{}/statements", self.lrs.endpoint);
        let sent = self
            .agent
            .post(&url)
            .header("X-Experience-API-Version", XAPI_VERSION)
            .header("Authorization", &self.authorization)
            .content_type("application/json")
            .send(body);
        let mut response = match sent {
            Ok(response) => response,
            Err(error) => return Posted::Unavailable(network_reason(&error)),
        };
        let status = response.status().as_u16();
        match status {
            200 | 204 => Posted::Stored,
            409 => Posted::AlreadyStored,
            401 | 403 => Posted::Refused(status),
            500..=599 => Posted::Unavailable(format!("the LRS answered {status}")),
            _ => {
                let text = response
                    .body_mut()
                    .with_config()
                    .limit(4096)
                    .read_to_string()
                    .unwrap_or_default();
                Posted::Rejected(status, detail_of(&text))
            }
        }
    }

    /// GETs one page of statements: `query` for the first, or a `more` link.
    pub fn get(&self, query: &[(&str, String)], more: Option<&str>) -> Result<Page, String> {
        let url = match more {
            Some(link) => resolve(&self.lrs.endpoint, link),
            None => format!("{}/statements", self.lrs.endpoint),
        };
        let mut request = self
            .agent
            .get(&url)
            .header("X-Experience-API-Version", XAPI_VERSION)
            .header("Authorization", &self.authorization);
        if more.is_none() {
            for (key, value) in query {
                request = request.query(key, value);
            }
        }
        let mut response = request
            .call()
            .map_err(|e| format!("{} at '{}'", network_reason(&e), self.lrs.endpoint))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| format!("cannot read the LRS's answer: {e}"))?;
        match status {
            200 => {}
            401 | 403 => return Err(refused_message(&self.lrs, status)),
            _ => return Err(format!("the LRS answered {status}: {}", detail_of(&text))),
        }
        let mut value: Value = serde_json::from_str(&text)
            .map_err(|e| format!("the LRS sent no statement result: {e}"))?;
        let Some(Value::Array(statements)) = value.get_mut("statements").map(Value::take) else {
            return Err("the LRS sent no statement result".to_string());
        };
        let more = value
            .get("more")
            .and_then(Value::as_str)
            .filter(|m| !m.is_empty())
            .map(str::to_string);
        Ok(Page { statements, more })
    }
}

/// The one-line message for a 401/403.
pub fn refused_message(lrs: &Lrs, status: u16) -> String {
    format!(
        "the LRS at '{}' refused user '{}' (HTTP {status}): check the user and password",
        lrs.endpoint, lrs.username
    )
}

/// A `more` link is absolute, or relative to the endpoint's host.
fn resolve(endpoint: &str, link: &str) -> String {
    if link.starts_with("http://") || link.starts_with("https://") {
        return link.to_string();
    }
    let after_scheme = endpoint.find("://").map_or(0, |i| i + 3);
    let host_end = endpoint[after_scheme..]
        .find('/')
        .map_or(endpoint.len(), |i| after_scheme + i);
    format!("{}{link}", &endpoint[..host_end])
}

/// The first line of an error body, shortened, with control characters removed.
fn detail_of(body: &str) -> String {
    let text = serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| v.get("detail").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| body.to_string());
    let line: String = text
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    if line.is_empty() {
        "no detail".to_string()
    } else {
        line
    }
}

fn network_reason(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "the LRS did not answer in time".to_string(),
        ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => {
            "cannot connect to the LRS".to_string()
        }
        ureq::Error::Io(e) => format!("cannot reach the LRS: {e}"),
        other => format!("cannot reach the LRS: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_links_resolve_against_the_endpoint_host() {
        let base = "http://127.0.0.1:8100/xAPI";
        assert_eq!(
            resolve(base, "/xAPI/statements?search_after=x"),
            "http://127.0.0.1:8100/xAPI/statements?search_after=x"
        );
        assert_eq!(resolve(base, "https://other/x"), "https://other/x");
        assert_eq!(resolve("http://h", "/s"), "http://h/s");
    }

    #[test]
    fn error_bodies_become_one_clean_line() {
        assert_eq!(
            detail_of(r#"{"detail":"bad \u001b[31m thing"}"#),
            "bad [31m thing"
        );
        assert_eq!(detail_of("line one\nline two"), "line one");
        assert_eq!(detail_of(""), "no detail");
    }
}
