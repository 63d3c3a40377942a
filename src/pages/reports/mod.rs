//! `/reports`: usage per sub-account (the admin report) or per connection of the chosen
//! sub-account, over a date range; sortable, with totals, a chart, and the rows on screen as a
//! CSV download. The view, range, search and sort live in the URL.

pub mod csv;
pub mod query;
pub mod table;

use leptos::prelude::*;

use crate::api::{self, ApiError, ListQuery};
use crate::components::chart::{BarChart, BarDatum};
use crate::components::{EmptyState, LoadError, Loading, PageHeader, A};
use crate::hooks::{use_debounced_search, use_url_state, UrlState, UseUrlStateReturn};
use crate::i18n::{t, tp};
use crate::session::use_session;
use query::{view_label, ReportView, ReportsState};
use table::{accounts_table, connections_table, ReportTable};

/// Rows the chart draws at most (the table has them all).
const CHART_ROWS: usize = 15;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let session = use_session();
    let UseUrlStateReturn { state, set } = use_url_state::<ReportsState>();
    // A host that fixes the sub-account sees that sub-account only.
    let locked = move || session.flags().locked_account;
    let view_of = move |s: &ReportsState| if locked() { ReportView::Connections } else { s.view };
    let go = move |s: ReportsState, replace: bool| set.run((s, replace));
    // Made here, not inside the Transition: what a re-run there makes is gone before the old
    // table stops reading it.
    let current_view = Signal::derive(move || state.with(view_of));
    let go_cb = Callback::new(move |(s, r): (ReportsState, bool)| go(s, r));

    // What is asked of the server; the sort is applied here, so it refetches nothing.
    let asked = Memo::new(move |_| state.with(|s| (view_of(s), s.from.clone(), s.to.clone(), s.q.clone())));
    let data = LocalResource::new(move || {
        let (view, from, to, q) = asked.get();
        let probe = ReportsState { view, from, to, q, sort: None };
        let client = session.client();
        let org = session.org_client();
        async move {
            let base = probe.params(100, 0).map_err(ApiError::invalid)?;
            let page = |lq: ListQuery| {
                let mut p = base.clone();
                p.list = ListQuery { q: base.list.q.clone(), ..lq };
                p
            };
            match view {
                ReportView::Accounts => {
                    let rows = api::all_pages(100, |lq| {
                        let (org, p) = (org.clone(), page(lq));
                        async move { api::reports::admin(&org, &p).await }
                    })
                    .await?;
                    Ok::<_, ApiError>(accounts_table(&rows))
                }
                ReportView::Connections => {
                    let rows = api::all_pages(100, |lq| {
                        let (client, p) = (client.clone(), page(lq));
                        async move { api::reports::connections(&client, &p).await }
                    })
                    .await?;
                    Ok(connections_table(&rows))
                }
            }
        }
    });
    let shown = Memo::new(move |_| {
        let sort = state.with(|s| s.sort.clone());
        data.with(|d| match d {
            Some(Ok(table)) => {
                let mut table: ReportTable = table.clone();
                if let Some(s) = sort {
                    table.sort(&s.column, s.descending);
                }
                Some(table)
            }
            _ => None,
        })
    });
    let range_error = Memo::new(move |_| state.with(|s| s.range().err()));

    let search = use_debounced_search(
        Signal::derive(move || state.with(|s| s.q.clone())),
        Callback::new(move |text: String| go(ReportsState { q: text.trim().to_string(), ..state.get_untracked() }, true)),
    );

    let export = move |_| {
        let Some(table) = shown.get_untracked() else { return };
        let s = state.get_untracked();
        let view = view_of(&s);
        let mut name = format!("madconnect-report-{}", view.as_str());
        for part in [&s.from, &s.to] {
            if !part.is_empty() {
                name.push('-');
                name.push_str(part);
            }
        }
        name.push_str(".csv");
        download(&name, &csv::document(&table.csv_rows()));
    };

    let view_link = move |v: ReportView| {
        let href = move || {
            let s = state.get();
            format!("{}{}", crate::session::public_path(), ReportsState { view: v, sort: None, ..s }.href())
        };
        view! {
            <a href=href class="mc-conn-views__link" aria-current=move || (state.with(view_of) == v).then_some("page")>{view_label(v)}</a>
        }
    };

    view! {
        <div class="mc-reports">
            <PageHeader title=t("Reports")
                subtitle=t("Records delivered by successful transfers. Days run from 00:00 to 24:00 UTC.")>
                <button type="button" class="mc-button mc-button--secondary"
                    disabled=move || shown.with(|t| t.as_ref().is_none_or(|t| t.rows.is_empty()))
                    on:click=export>
                    <span aria-hidden="true">"⤓ "</span>{t("Export CSV")}
                </button>
            </PageHeader>
            <div class="mc-conn-toolbar mc-reports__toolbar" role="search" aria-label=t("Filter the report")>
                <div class="mc-field">
                    <label class="mc-field__label" for="mc-report-from">{t("From")}</label>
                    <input id="mc-report-from" class="mc-field__input" type="date"
                        prop:value=move || state.with(|s| s.from.clone())
                        aria-invalid=move || range_error.get().is_some().then_some("true")
                        aria-describedby=move || range_error.get().is_some().then_some("mc-report-range-error")
                        on:change:target=move |ev| go(ReportsState { from: ev.target().value(), ..state.get_untracked() }, false) />
                </div>
                <div class="mc-field">
                    <label class="mc-field__label" for="mc-report-to">{t("To (inclusive)")}</label>
                    <input id="mc-report-to" class="mc-field__input" type="date"
                        prop:value=move || state.with(|s| s.to.clone())
                        aria-invalid=move || range_error.get().is_some().then_some("true")
                        aria-describedby=move || range_error.get().is_some().then_some("mc-report-range-error")
                        on:change:target=move |ev| go(ReportsState { to: ev.target().value(), ..state.get_untracked() }, false) />
                </div>
                <div class="mc-field mc-conn-toolbar__search">
                    <label class="mc-field__label" for="mc-report-search">{move || if state.with(view_of) == ReportView::Accounts { t("Search sub-accounts") } else { t("Search connections") }}</label>
                    <input id="mc-report-search" class="mc-field__input" type="search" autocomplete="off"
                        prop:value=move || search.text.get()
                        on:input:target=move |ev| search.on_input.run(ev.target().value())
                        on:keydown=move |ev| if ev.key() == "Enter" { search.flush.run(()) } />
                </div>
                <Show when=move || state.with(|s| !s.from.is_empty() || !s.to.is_empty())>
                    <button type="button" class="mc-button mc-button--ghost mc-button--small"
                        on:click=move |_| go(ReportsState { from: String::new(), to: String::new(), ..state.get_untracked() }, false)>
                        {t("All time")}
                    </button>
                </Show>
                <Show when=move || !locked()>
                    <nav class="mc-conn-views" aria-label=t("Report views")>
                        {view_link(ReportView::Accounts)}
                        {view_link(ReportView::Connections)}
                    </nav>
                </Show>
            </div>
            {move || range_error.get().map(|e| view! {
                <p id="mc-report-range-error" class="mc-alert mc-alert--error" role="alert">{e}</p>
            })}
            <Transition fallback=|| view! { <Loading label=t("Loading the report…") /> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => {
                            if range_error.get_untracked().is_some() {
                                return ().into_any();
                            }
                            view! { <LoadError title=t("Could not load the report.") message=e.to_string() retry=Callback::new(move |()| data.refetch()) /> }.into_any()
                        }
                        Ok(t0) if t0.rows.is_empty() => {
                            let filtered = state.with_untracked(|s| !s.q.is_empty());
                            view! {
                                <EmptyState title=if filtered { t("Nothing matches the search") } else { t("No data to report") }
                                    text=t("Try another search or date range.") />
                            }.into_any()
                        }
                        Ok(_) => view! { <ReportBody shown state go=go_cb view=current_view /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// The chart and the table of a loaded report.
#[component]
fn ReportBody(
    shown: Memo<Option<ReportTable>>,
    state: Memo<ReportsState>,
    go: Callback<(ReportsState, bool)>,
    view: Signal<ReportView>,
) -> impl IntoView {
    let chart = move || {
        shown.with(|t| t.clone()).map(|table| {
            let bars: Vec<BarDatum> = table
                .rows
                .iter()
                .take(CHART_ROWS)
                .map(|r| BarDatum { label: r.cells[0].clone(), value: r.volume, failed: r.failed })
                .collect();
            let more = table.rows.len().saturating_sub(CHART_ROWS);
            let caption = if view.get() == ReportView::Accounts { t("Records per sub-account") } else { t("Records per connection") };
            let mut summary = tp("{count} row, in the table's order.", "{count} rows, in the table's order.", bars.len() as u64, &[]);
            if more > 0 {
                summary.push(' ');
                summary.push_str(&tp(
                    "{count} more row is in the table only.",
                    "{count} more rows are in the table only.",
                    more as u64,
                    &[],
                ));
            }
            if bars.iter().any(|b| b.failed) {
                summary.push(' ');
                summary.push_str(&t("Rows with a failed batch are marked with ✕."));
            }
            view! { <BarChart bars id="mc-report-chart" caption summary /> }
        })
    };
    let header = move |c: table::Column| {
        let key = c.key;
        let numeric = c.numeric;
        let sort = move || state.with(|s| s.sort.clone().filter(|s| s.column == key));
        let aria = move || match sort() {
            Some(s) if s.descending => "descending",
            Some(_) => "ascending",
            None => "none",
        };
        let arrow = move || match sort() {
            Some(s) if s.descending => "↓",
            Some(_) => "↑",
            None => "↕",
        };
        let class = if numeric { "mc-num" } else { "" };
        view! {
            <th scope="col" class=class aria-sort=aria>
                <button type="button" class="mc-sort" on:click=move |_| go.run((state.get_untracked().sorted_by(key, numeric), false))>
                    {c.label}<span class="mc-sort__arrow" aria-hidden="true">{arrow}</span>
                </button>
            </th>
        }
    };
    view! {
        {chart}
        <div class="mc-table-wrap" role="region" aria-labelledby="mc-report-caption" tabindex="0">
            {move || shown.get().map(|table| {
                let numeric: Vec<bool> = table.columns.iter().map(|c| c.numeric).collect();
                let caption = if view.get() == ReportView::Accounts { t("Usage per sub-account") } else { t("Usage per connection") };
                let count = table.rows.len() as u64;
                let rows = table.rows.into_iter().map(|r| {
                    let mut cells = r.cells.into_iter();
                    let name = cells.next().unwrap_or_default();
                    let first = match r.href {
                        Some(href) => view! { <A href=href>{name}</A> }.into_any(),
                        None => name.into_any(),
                    };
                    let rest = cells.enumerate().map(|(i, c)| {
                        let class = if numeric[i + 1] { "mc-num" } else { "" };
                        view! { <td class=class>{c}</td> }
                    }).collect_view();
                    view! { <tr><th scope="row">{first}</th>{rest}</tr> }
                }).collect_view();
                let totals = table.totals.iter().enumerate().map(|(i, c)| {
                    if i == 0 {
                        view! { <th scope="row">{c.clone()}</th> }.into_any()
                    } else {
                        let class = if numeric[i] { "mc-num" } else { "" };
                        view! { <td class=class>{c.clone()}</td> }.into_any()
                    }
                }).collect_view();
                view! {
                    <table class="mc-table mc-reports__table">
                        <caption id="mc-report-caption" class="mc-table__caption">
                            {caption}" · "{tp("{count} row", "{count} rows", count, &[])}
                        </caption>
                        <thead><tr>{table.columns.into_iter().map(header).collect_view()}</tr></thead>
                        <tbody>{rows}</tbody>
                        <tfoot><tr class="mc-reports__totals">{totals}</tr></tfoot>
                    </table>
                }
            })}
        </div>
        <p class="mc-muted">{t("Sort by clicking a column's header; the CSV holds these rows in this order.")}</p>
    }
}

/// Saves `text` as a file through a Blob URL and a temporary `<a download>` (no data: URL).
fn download(name: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let doc = document();
    if let Some(a) = doc.create_element("a").ok().and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok()) {
        a.set_href(&url);
        a.set_download(name);
        a.set_class_name("mc-visually-hidden");
        if let Some(body) = doc.body() {
            let _ = body.append_child(&a);
            a.click();
            a.remove();
        }
    }
    // Revoked once the download has had time to start.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
}
