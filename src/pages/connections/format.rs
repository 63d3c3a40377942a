//! How the connections screens write volumes and times. In the browser they come from `Intl` in
//! the active language and the person's time zone (`crate::i18n::intl`); built natively (unit
//! tests) they are the English forms in UTC, computed here without a date library.

use crate::i18n::{t, tf, tp};
use madconnect_model::time::civil_from_days;

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A compact volume: 950, 12.3K, 4.5M, 1.2B (one decimal below 100 of a unit, none above).
pub fn compact_volume(n: u64) -> String {
    if cfg!(target_arch = "wasm32") {
        return crate::i18n::intl::compact(n);
    }
    const UNITS: [(u64, &str); 3] = [(1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K")];
    for (size, suffix) in UNITS {
        if n >= size {
            let tenths = (n as u128 * 10 + size as u128 / 2) / size as u128; // rounded to 0.1 units
            let (whole, frac) = (tenths / 10, tenths % 10);
            return if whole >= 100 || frac == 0 { format!("{whole}{suffix}") } else { format!("{whole}.{frac}{suffix}") };
        }
    }
    n.to_string()
}

/// The exact figure with thousands separators: 1,234,567.
pub fn grouped(n: u64) -> String {
    crate::i18n::intl::number(n as f64)
}

/// Bytes in decimal units: 950 B, 12.3 kB, 4.5 MB, 1.2 GB (the figure through `Intl`).
pub fn byte_size(n: u64) -> String {
    const UNITS: [(u64, &str); 4] = [(1_000_000_000_000, "TB"), (1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "kB")];
    for (size, unit) in UNITS {
        if n >= size {
            let tenths = (n as u128 * 10 + size as u128 / 2) / size as u128;
            let figure = if cfg!(target_arch = "wasm32") {
                crate::i18n::intl::decimal(tenths as f64 / 10.0)
            } else if tenths.is_multiple_of(10) {
                (tenths / 10).to_string()
            } else {
                format!("{}.{}", tenths / 10, tenths % 10)
            };
            return format!("{figure} {unit}");
        }
    }
    format!("{} B", grouped(n))
}

/// Used volume against the monthly volume, as a percentage for a bar width (0–100).
/// `None` when there is no monthly volume to compare with.
pub fn usage_percent(used: u64, monthly: u64) -> Option<u8> {
    if monthly == 0 {
        return None;
    }
    let p = (used as u128 * 100 + monthly as u128 / 2) / monthly as u128;
    Some(p.min(100) as u8)
}

/// "1,200 used, 24% of the monthly 5,000": the text alternative to the usage bar (the real
/// percentage, which may pass 100, while the bar stops at full).
pub fn usage_text(used: u64, monthly: u64) -> String {
    if monthly == 0 {
        return tf("{used} used, no monthly volume", &[("used", &grouped(used))]);
    }
    let p = (used as u128 * 100 + monthly as u128 / 2) / monthly as u128;
    tf(
        "{used} used, {percent}% of the monthly {monthly}",
        &[("used", &grouped(used)), ("percent", &p.to_string()), ("monthly", &grouped(monthly))],
    )
}

struct Parts {
    y: i64,
    mo: u32,
    d: u32,
    h: i64,
    mi: i64,
}

fn parts(secs: i64) -> Parts {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, mo, d) = civil_from_days(days);
    Parts { y, mo, d, h: rem / 3600, mi: rem % 3600 / 60 }
}

/// "23 Nov 2026, 14:05" (UTC natively; the person's time zone and language in the browser).
pub fn absolute_time(secs: i64) -> String {
    if cfg!(target_arch = "wasm32") {
        return crate::i18n::intl::date_time(secs);
    }
    let p = parts(secs);
    format!("{} {} {}, {:02}:{:02}", p.d, MONTHS[(p.mo - 1) as usize], p.y, p.h, p.mi)
}

/// "23 Nov 2026".
pub fn absolute_date(secs: i64) -> String {
    if cfg!(target_arch = "wasm32") {
        return crate::i18n::intl::date_only(secs);
    }
    let p = parts(secs);
    format!("{} {} {}", p.d, MONTHS[(p.mo - 1) as usize], p.y)
}

/// A report's UTC day, short: "23 Nov" (a day starts at 00:00 UTC, so it is written in UTC).
pub fn utc_day(secs: i64) -> String {
    if cfg!(target_arch = "wasm32") {
        return crate::i18n::intl::day_utc(secs);
    }
    let p = parts(secs);
    format!("{} {}", p.d, MONTHS[(p.mo - 1) as usize])
}

/// "2026-11-23": a UTC day as a date input and a CSV write it.
pub fn iso_day(secs: i64) -> String {
    let p = parts(secs);
    format!("{:04}-{:02}-{:02}", p.y, p.mo, p.d)
}

/// The UTC midnight of "2026-11-23" (a date input's value) in Unix seconds; `None` unless valid.
pub fn parse_iso_day(s: &str) -> Option<i64> {
    let mut it = s.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    let days = days_from_civil(y, m, d);
    // Rejects the 31st of a 30-day month and the like: the day must come back as written.
    (civil_from_days(days) == (y, m, d)).then_some(days * 86_400)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The machine-readable `datetime` of a `<time>` element: "2026-11-23T14:05:00Z".
pub fn iso_time(secs: i64) -> String {
    madconnect_model::time::iso_utc(secs)
}

/// "just now", "5 minutes ago", "3 hours ago", "yesterday", "4 days ago"; older than a month
/// gives the date. A time in the future (clock skew) reads as "just now".
pub fn relative_time(secs: i64, now: i64) -> String {
    let ago = now - secs;
    if cfg!(target_arch = "wasm32") {
        use crate::i18n::intl::relative;
        return match ago {
            i64::MIN..=59 => relative(0, "second"),
            60..=3_599 => relative(-(ago / 60), "minute"),
            3_600..=86_399 => relative(-(ago / 3600), "hour"),
            86_400..=2_591_999 => relative(-(ago / 86_400), "day"),
            _ => absolute_date(secs),
        };
    }
    let plural = |n: i64, unit: &str| if n == 1 { format!("1 {unit} ago") } else { format!("{n} {unit}s ago") };
    match ago {
        i64::MIN..=59 => "just now".to_string(),
        60..=3_599 => plural(ago / 60, "minute"),
        3_600..=86_399 => plural(ago / 3600, "hour"),
        86_400..=172_799 => "yesterday".to_string(),
        172_800..=2_591_999 => plural(ago / 86_400, "day"),
        _ => absolute_date(secs),
    }
}

/// "Restorable for 12 more days" / "… 1 more day" / "Can no longer be restored".
pub fn restore_text(days_left: Option<i64>) -> String {
    match days_left {
        Some(n) => tp("{count} day left to restore", "{count} days left to restore", n.max(0) as u64, &[]),
        None => t("Can no longer be restored"),
    }
}

/// The current time in Unix seconds (the browser clock on wasm, the system clock natively).
pub fn now_secs() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volumes_are_compact_and_rounded() {
        assert_eq!(compact_volume(0), "0");
        assert_eq!(compact_volume(999), "999");
        assert_eq!(compact_volume(1_000), "1K");
        assert_eq!(compact_volume(12_345), "12.3K");
        assert_eq!(compact_volume(999_960), "1000K");
        assert_eq!(compact_volume(4_500_000), "4.5M");
        assert_eq!(compact_volume(250_400_000), "250M");
        assert_eq!(compact_volume(1_200_000_000), "1.2B");
        assert_eq!(compact_volume(u64::MAX), "18446744073B");
    }

    #[test]
    fn byte_sizes_use_decimal_units() {
        assert_eq!(byte_size(0), "0 B");
        assert_eq!(byte_size(999), "999 B");
        assert_eq!(byte_size(1_000), "1 kB");
        assert_eq!(byte_size(12_345), "12.3 kB");
        assert_eq!(byte_size(4_500_000), "4.5 MB");
        assert_eq!(byte_size(1_250_000_000), "1.3 GB");
    }

    #[test]
    fn exact_volumes_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn usage_bar_is_clamped_and_explained() {
        assert_eq!(usage_percent(0, 0), None);
        assert_eq!(usage_percent(250, 1000), Some(25));
        assert_eq!(usage_percent(5000, 1000), Some(100));
        assert_eq!(usage_percent(u64::MAX, u64::MAX), Some(100));
        assert_eq!(usage_text(1_200, 5_000), "1,200 used, 24% of the monthly 5,000");
        assert_eq!(usage_text(3_000, 1_800), "3,000 used, 167% of the monthly 1,800");
        assert_eq!(usage_text(7, 0), "7 used, no monthly volume");
    }

    #[test]
    fn absolute_times_are_utc() {
        assert_eq!(absolute_time(0), "1 Jan 1970, 00:00");
        // 2026-11-23 14:05:09 UTC
        assert_eq!(absolute_time(1_795_442_709), "23 Nov 2026, 14:05");
        assert_eq!(iso_time(1_795_442_709), "2026-11-23T14:05:09Z");
        // 2024-02-29 (a leap day) 23:59
        assert_eq!(absolute_time(1_709_251_140), "29 Feb 2024, 23:59");
        assert_eq!(absolute_date(951_782_400), "29 Feb 2000");
        assert_eq!(absolute_time(-1), "31 Dec 1969, 23:59");
    }

    #[test]
    fn relative_times_read_naturally() {
        let now = 1_795_442_709;
        assert_eq!(relative_time(now, now), "just now");
        assert_eq!(relative_time(now + 30, now), "just now");
        assert_eq!(relative_time(now - 60, now), "1 minute ago");
        assert_eq!(relative_time(now - 5 * 60, now), "5 minutes ago");
        assert_eq!(relative_time(now - 3 * 3600, now), "3 hours ago");
        assert_eq!(relative_time(now - 86_400, now), "yesterday");
        assert_eq!(relative_time(now - 4 * 86_400, now), "4 days ago");
        assert_eq!(relative_time(now - 40 * 86_400, now), "14 Oct 2026");
    }

    #[test]
    fn iso_days_round_trip_and_bad_days_are_refused() {
        assert_eq!(parse_iso_day("1970-01-01"), Some(0));
        assert_eq!(parse_iso_day("2026-11-23"), Some(1_795_392_000));
        assert_eq!(iso_day(1_795_442_709), "2026-11-23");
        assert_eq!(parse_iso_day("2024-02-29").map(iso_day).as_deref(), Some("2024-02-29"));
        assert_eq!(parse_iso_day("2023-02-29"), None);
        assert_eq!(parse_iso_day("2026-04-31"), None);
        assert_eq!(parse_iso_day("2026-13-01"), None);
        assert_eq!(parse_iso_day("yesterday"), None);
        assert_eq!(parse_iso_day(""), None);
        assert_eq!(utc_day(1_795_442_709), "23 Nov");
    }

    #[test]
    fn restore_window_text() {
        assert_eq!(restore_text(Some(30)), "30 days left to restore");
        assert_eq!(restore_text(Some(1)), "1 day left to restore");
        assert_eq!(restore_text(None), "Can no longer be restored");
    }
}
