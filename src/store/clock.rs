//! Wall-clock helpers: the current time in unix milliseconds, and UTC
//! renderings of it for file names (backups, moved-aside files) and CSV
//! exports, without pulling a date library into the store.

use std::time::{SystemTime, UNIX_EPOCH};

const DAY_MS: i64 = 86_400_000;

/// The current time in unix milliseconds (what the `now` parameters expect).
pub fn now_ms() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

/// A UTC calendar time.
struct Civil {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    milli: i64,
}

impl Civil {
    /// Howard Hinnant's days-to-civil algorithm, valid for the proleptic
    /// Gregorian calendar in both directions from 1970.
    fn from_ms(ms: i64) -> Civil {
        let days = ms.div_euclid(DAY_MS);
        let in_day = ms.rem_euclid(DAY_MS);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Civil {
            year,
            month,
            day,
            hour: in_day / 3_600_000,
            minute: in_day / 60_000 % 60,
            second: in_day / 1000 % 60,
            milli: in_day % 1000,
        }
    }
}

/// `20240229T235959`: for file names such as `progress.sqlite3.bak-v1-…`.
pub(crate) fn compact_stamp(ms: i64) -> String {
    let c = Civil::from_ms(ms);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// `2024-02-29T23:59:59.123Z`: ISO 8601 in UTC, for CSV exports.
pub(crate) fn iso_stamp(ms: i64) -> String {
    let c = Civil::from_ms(ms);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.milli
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(iso_stamp(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_stamp(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
        assert_eq!(compact_stamp(951_868_799_000), "20000229T235959");
        assert_eq!(iso_stamp(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(compact_stamp(4_102_444_800_000), "21000101T000000");
    }

    #[test]
    fn now_is_after_2023() {
        assert!(now_ms() > 1_700_000_000_000);
    }
}
