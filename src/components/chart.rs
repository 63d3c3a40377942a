//! Charts drawn as inline SVG: a daily volume series (connection detail, reports) and horizontal
//! bars per row (reports). Each is an image with a name and a summary, and a table of the same
//! figures beside it; failures are marked by a shape and words, never by colour alone. Colours
//! come from classes (style/reports.css), so a host's theme applies.

use leptos::prelude::*;
use madconnect_model::DailyVolume;

use crate::i18n::{intl::number, t, tf, tp};
use crate::pages::connections::format::{compact_volume, iso_day, utc_day};

/// The axis top: the smallest 1, 2 or 5 × 10ⁿ at or above `max`, so gridlines fall on round
/// figures (1 for an empty or all-zero series).
pub fn nice_ceiling(max: u64) -> u64 {
    let mut unit: u64 = 1;
    loop {
        for m in [1u64, 2, 5] {
            match unit.checked_mul(m) {
                Some(top) if top >= max => return top,
                Some(_) => {}
                None => return max,
            }
        }
        match unit.checked_mul(10) {
            Some(u) => unit = u,
            None => return max,
        }
    }
}

/// The length in `extent` units of `value` on an axis topped at `top`; a value above zero is at
/// least one unit long, so a small day is still seen.
pub fn scaled(value: u64, top: u64, extent: f64) -> f64 {
    if value == 0 || top == 0 {
        return 0.0;
    }
    (value as f64 / top as f64 * extent).clamp(1.0, extent)
}

/// Which days get a date under the axis: every `step`-th counted back from the last (today is
/// always labelled), at most `max_labels` of them.
pub fn label_step(count: usize, max_labels: usize) -> usize {
    count.div_ceil(max_labels.max(1)).max(1)
}

// Sized for a half-width panel, so its text reads at about its CSS size there.
const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 28.0;

/// Records delivered per UTC day, oldest first, with a marker over each day that had a failed
/// batch. `id` makes the element ids unique; `caption` names the chart.
#[component]
pub fn DailyChart(series: Vec<DailyVolume>, #[prop(into)] id: String, #[prop(into)] caption: String) -> impl IntoView {
    let max = series.iter().map(|d| d.volume).max().unwrap_or(0);
    let top = nice_ceiling(max);
    let plot_h = HEIGHT - TOP - BOTTOM;
    let plot_w = WIDTH - LEFT - RIGHT;
    let n = series.len().max(1);
    let slot = plot_w / n as f64;
    let bar_w = (slot * 0.7).max(1.0);
    let total: u64 = series.iter().map(|d| d.volume).sum();
    let failures: u64 = series.iter().map(|d| d.failures).sum();
    let batches: u64 = series.iter().map(|d| d.batches).sum();
    let busiest = series.iter().filter(|d| d.volume > 0).max_by_key(|d| d.volume).cloned();
    let mut summary = tf(
        "{records} records delivered over {days} days, in {batches} batches.",
        &[("records", &number(total as f64)), ("days", &series.len().to_string()), ("batches", &number(batches as f64))],
    );
    if let Some(b) = &busiest {
        summary.push(' ');
        summary
            .push_str(&tf("Busiest day: {day}, {records} records.", &[("day", &utc_day(b.date)), ("records", &number(b.volume as f64))]));
    }
    summary.push(' ');
    summary.push_str(&if failures == 0 {
        t("No failed batches.")
    } else {
        tp("{count} failed batch, marked with ✕.", "{count} failed batches, marked with ✕.", failures, &[])
    });
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    let step = label_step(series.len(), 6);
    let last = series.len().saturating_sub(1);

    let grid = [0, top / 2, top]
        .into_iter()
        .map(|v| {
            let y = TOP + plot_h - scaled(v, top, plot_h);
            let y = if v == 0 { TOP + plot_h } else { y };
            view! {
                <line class="mc-tchart__grid" x1=LEFT x2=WIDTH - RIGHT y1=y y2=y />
                <text class="mc-tchart__axis" x=LEFT - 6.0 y=y + 4.0 text-anchor="end">{compact_volume(v)}</text>
            }
        })
        .collect_view();
    let bars = series
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let x = LEFT + i as f64 * slot + (slot - bar_w) / 2.0;
            let h = scaled(d.volume, top, plot_h);
            let y = TOP + plot_h - h;
            let label = (last - i).is_multiple_of(step).then(|| {
                view! { <text class="mc-tchart__axis" x=x + bar_w / 2.0 y=HEIGHT - 8.0 text-anchor="middle">{utc_day(d.date)}</text> }
            });
            let marker = (d.failures > 0).then(|| {
                view! { <text class="mc-tchart__fail" x=x + bar_w / 2.0 y=TOP - 6.0 text-anchor="middle">"✕"</text> }
            });
            view! {
                <rect class="mc-tchart__bar" x=x y=y width=bar_w height=h />
                {marker}
                {label}
            }
        })
        .collect_view();
    let rows = series
        .iter()
        .rev()
        .map(|d| {
            view! {
                <tr>
                    <th scope="row"><time datetime=iso_day(d.date)>{utc_day(d.date)}</time></th>
                    <td class="mc-num">{number(d.volume as f64)}</td>
                    <td class="mc-num">{number(d.batches as f64)}</td>
                    <td class="mc-num">{if d.failures > 0 { format!("✕ {}", number(d.failures as f64)) } else { "0".to_string() }}</td>
                </tr>
            }
        })
        .collect_view();
    let table_caption = caption.clone();
    view! {
        <figure class="mc-tchart">
            <svg class="mc-tchart__svg" role="img" aria-labelledby=labelled_by
                viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="xMidYMid meet">
                <title id=title_id>{caption}</title>
                <desc id=desc_id>{summary.clone()}</desc>
                {grid}
                {bars}
            </svg>
            <figcaption class="mc-tchart__legend">
                <span><span class="mc-tchart__key mc-tchart__key--bar" aria-hidden="true"></span>{t("Records delivered per day (UTC)")}</span>
                <span><span class="mc-tchart__key-fail" aria-hidden="true">"✕"</span>{t("A day with a failed batch")}</span>
            </figcaption>
            <details class="mc-tchart__details">
                <summary>{t("Show as table")}</summary>
                <div class="mc-table-wrap">
                    <table class="mc-table mc-table--compact">
                        <caption class="mc-visually-hidden">{table_caption}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t("Day (UTC)")}</th>
                                <th scope="col" class="mc-num">{t("Records")}</th>
                                <th scope="col" class="mc-num">{t("Batches")}</th>
                                <th scope="col" class="mc-num">{t("Failed batches")}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

/// One bar of a [`BarChart`]: its label, its value and whether it had failures.
#[derive(Debug, Clone, PartialEq)]
pub struct BarDatum {
    pub label: String,
    pub value: u64,
    pub failed: bool,
}

/// Horizontal bars, one per row, longest for the largest value. Labels and figures are HTML text
/// (readable at any width); each bar is a small SVG scaled to its row. The whole is one image
/// named by `caption` and described by `summary`; the table beside it holds the figures.
#[component]
pub fn BarChart(
    bars: Vec<BarDatum>,
    #[prop(into)] id: String,
    #[prop(into)] caption: String,
    #[prop(into)] summary: String,
) -> impl IntoView {
    let top = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    let rows = bars
        .into_iter()
        .map(|b| {
            let w = scaled(b.value, top, 100.0);
            let figure = if b.failed { format!("{} ✕", compact_volume(b.value)) } else { compact_volume(b.value) };
            view! {
                <div class="mc-bars__row">
                    <span class="mc-bars__label">{b.label}</span>
                    <svg class="mc-bars__track" viewBox="0 0 100 10" preserveAspectRatio="none">
                        <rect class="mc-tchart__bar" x="0" y="0" width=w height="10" />
                    </svg>
                    <span class="mc-bars__value" class:mc-bars__value--failed=b.failed>{figure}</span>
                </div>
            }
        })
        .collect_view();
    view! {
        <figure class="mc-tchart mc-bars">
            <figcaption id=title_id class="mc-bars__title">{caption}</figcaption>
            <p id=desc_id class="mc-tchart__legend">{summary}</p>
            <div class="mc-bars__rows" role="img" aria-labelledby=labelled_by>{rows}</div>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_tops_are_round_figures_at_or_above_the_largest_value() {
        assert_eq!(nice_ceiling(0), 1);
        assert_eq!(nice_ceiling(1), 1);
        assert_eq!(nice_ceiling(3), 5);
        assert_eq!(nice_ceiling(7), 10);
        assert_eq!(nice_ceiling(10), 10);
        assert_eq!(nice_ceiling(11), 20);
        assert_eq!(nice_ceiling(42_000), 50_000);
        assert_eq!(nice_ceiling(99_999), 100_000);
        assert_eq!(nice_ceiling(u64::MAX), u64::MAX);
    }

    #[test]
    fn bars_scale_to_the_axis_and_small_values_stay_visible() {
        assert_eq!(scaled(0, 100, 200.0), 0.0);
        assert_eq!(scaled(50, 100, 200.0), 100.0);
        assert_eq!(scaled(100, 100, 200.0), 200.0);
        assert_eq!(scaled(1, 1_000_000, 200.0), 1.0, "a tiny day is still one unit tall");
        assert_eq!(scaled(500, 100, 200.0), 200.0, "never past the axis");
        assert_eq!(scaled(5, 0, 200.0), 0.0);
    }

    #[test]
    fn date_labels_are_spread_and_today_is_labelled() {
        assert_eq!(label_step(30, 6), 5);
        assert_eq!(label_step(90, 6), 15);
        assert_eq!(label_step(4, 6), 1);
        assert_eq!(label_step(0, 6), 1);
        // Counting back from the last day, so (last - i) % step == 0 includes the last.
        let last = 29;
        assert_eq!((0..30).filter(|i| (last - i) % label_step(30, 6) == 0).count(), 6);
    }
}
