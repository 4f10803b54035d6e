//! Publication times as given by feeds and pages: RFC 3339 / ISO 8601, RFC 2822, or a bare date.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// Seconds since the Unix epoch (UTC) of a publication time, or `None` when it is not one.
/// A time without a zone is read as UTC; a bare date as its midnight.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp());
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t.timestamp());
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, format) {
            return Some(t.and_utc().timestamp());
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp())
}

/// Every way the news writes a month, full or short (a final full stop aside), and its number.
const MONTH_FORMS: [(&str, u32); 24] = [
    ("jan", 1),
    ("january", 1),
    ("feb", 2),
    ("february", 2),
    ("mar", 3),
    ("march", 3),
    ("apr", 4),
    ("april", 4),
    ("may", 5),
    ("jun", 6),
    ("june", 6),
    ("jul", 7),
    ("july", 7),
    ("aug", 8),
    ("august", 8),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
    ("oct", 10),
    ("october", 10),
    ("nov", 11),
    ("november", 11),
    ("dec", 12),
    ("december", 12),
];

/// The number (1–12) of a month's name or abbreviation ("Sept." → 9), case aside.
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    MONTH_FORMS
        .iter()
        .find(|(form, _)| form.eq_ignore_ascii_case(w))
        .map(|&(_, n)| n)
}

/// The day a day's name or its three-letter abbreviation stands for ("Tuesday", "tue"), case
/// aside.
pub fn weekday(word: &str) -> Option<chrono::Weekday> {
    word.parse().ok()
}

/// RFC 3339 (UTC) of a timestamp.
pub fn format_timestamp(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_forms_parse_to_the_same_instant() {
        let t = parse_timestamp("2026-11-23T10:00:00Z").unwrap();
        assert_eq!(parse_timestamp("2026-11-23T12:00:00+02:00"), Some(t));
        assert_eq!(parse_timestamp("Mon, 23 Nov 2026 10:00:00 +0000"), Some(t));
        assert_eq!(parse_timestamp("2026-11-23 10:00:00"), Some(t));
        assert_eq!(parse_timestamp("2026-11-23"), Some(t - 10 * 3600));
        assert_eq!(format_timestamp(t), "2026-11-23T10:00:00Z");
    }

    #[test]
    fn months_by_any_name() {
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("MARCH"), Some(3));
        assert_eq!(month_number("mayor"), None);
    }

    #[test]
    fn junk_is_not_a_time() {
        for s in ["", "Minute Read", "Am Edt", "2026-13-45", "yesterday"] {
            assert_eq!(parse_timestamp(s), None, "{s}");
        }
    }
}
