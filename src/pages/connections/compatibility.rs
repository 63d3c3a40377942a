//! `/connections/compatibility`: the sub-account's sources (rows) against its destinations
//! (columns); each compatible pair is a link that opens the builder with both ends chosen.

use crate::components::A;
use leptos::prelude::*;
use madconnect_model::{AccountConnector, SupportedType};
use std::collections::HashMap;

use super::all_added;
use super::compat::Grid;
use crate::api::{self, ApiError};
use crate::components::{EmptyState, LoadError, Loading, Logo, PageHeader};
use crate::i18n::intl::number;
use crate::i18n::{n_, t, tf, tp};
use crate::routes;
use crate::session::use_session;

#[component]
pub fn CompatibilityPage() -> impl IntoView {
    let session = use_session();
    let grid = LocalResource::new(move || {
        let client = session.client();
        async move {
            let added = all_added(&client).await?;
            // One request per source, all at once: none waits on another.
            let sources: Vec<&str> =
                added.iter().filter(|c| c.supported_type == SupportedType::Source).map(|c| c.connector_id.as_str()).collect();
            let lists = api::join_all(sources.iter().map(|id| api::connectors::supported(&client, id, SupportedType::Source))).await;
            let mut by_source = HashMap::new();
            for (id, list) in sources.into_iter().zip(lists) {
                by_source.insert(id.to_string(), list?);
            }
            Ok::<Grid, ApiError>(Grid::new(&added, &by_source))
        }
    });
    view! {
        <div class="mc-compat">
            <PageHeader title=t("What connects to what") crumb=(n_("Connections"), routes::CONNECTIONS)
                subtitle=t("Your sources down the side, your destinations across the top. Pick a ✓ to start a connection with both ends chosen.")>
                <A href=routes::NEW_CONNECTION attr:class="mc-button mc-button--primary">{t("New connection")}</A>
            </PageHeader>
            <Transition fallback=|| view! { <Loading label=t("Checking which connectors work together…") /> }>
                {move || Suspend::new(async move {
                    match grid.await {
                        Err(e) => view! {
                            <LoadError title=t("Could not load compatibility.") message=e.to_string() retry=move |()| grid.refetch() />
                        }.into_any(),
                        Ok(g) if g.sources.is_empty() || g.destinations.is_empty() => view! {
                            <EmptyState title=t("Add a source and a destination first")
                                text=t("This grid pairs the sources and destinations added to this sub-account.")>
                                <A href=routes::MARKETPLACE attr:class="mc-button mc-button--primary">{t("Browse the marketplace")}</A>
                            </EmptyState>
                        }.into_any(),
                        Ok(g) => grid_view(g).into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// Where a ✓ leads: the builder with both ends chosen, through the setup of each end that still
/// needs it (as the builder's "Set up first" does), so no create fails for want of credentials.
fn pair_href(s: &AccountConnector, d: &AccountConnector) -> String {
    let builder = routes::new_connection(Some(&s.connector_id), Some(&d.connector_id));
    [s, d]
        .into_iter()
        .rev()
        .filter(|c| !c.configured)
        .fold(builder, |then, c| routes::with_query(&routes::connector_setup(&c.connector_id), &[("return", &then)]))
}

fn grid_view(g: Grid) -> impl IntoView + use<> {
    let pairs = g.pair_count();
    let (sources, destinations) = (number(g.sources.len() as f64), number(g.destinations.len() as f64));
    let summary = tp(
        "{sources} sources × {destinations} destinations: {count} compatible pair.",
        "{sources} sources × {destinations} destinations: {count} compatible pairs.",
        pairs as u64,
        &[("sources", &sources), ("destinations", &destinations)],
    );
    let head = g
        .destinations
        .iter()
        .map(|d| {
            view! {
                <th scope="col" class="mc-compat__col">
                    <span class="mc-compat__head">
                        <Logo src=d.logo.clone() name=d.name.clone() size="sm" />
                        <span>{d.name.clone()}</span>
                        {(!d.configured).then(|| view! { <span class="mc-compat__setup">{t("Needs setup")}</span> })}
                    </span>
                </th>
            }
        })
        .collect_view();
    let rows = g
        .sources
        .iter()
        .map(|s| {
            let cells = g
                .destinations
                .iter()
                .map(|d| {
                    if g.compatible(&s.connector_id, &d.connector_id) {
                        let href = pair_href(s, d);
                        let args = [("source", s.name.as_str()), ("destination", d.name.as_str())];
                        let label = match (s.configured, d.configured) {
                            (true, true) => tf("Connect {source} to {destination}", &args),
                            (false, true) => tf("Connect {source} to {destination} (set up {source} first)", &args),
                            (true, false) => tf("Connect {source} to {destination} (set up {destination} first)", &args),
                            (false, false) => tf("Connect {source} to {destination} (set up both first)", &args),
                        };
                        view! {
                            <td class="mc-compat__cell mc-compat__cell--yes">
                                <A href=href attr:class="mc-compat__link">
                                    <span aria-hidden="true">"✓"</span>
                                    <span class="mc-visually-hidden">{label}</span>
                                </A>
                            </td>
                        }
                        .into_any()
                    } else {
                        let label = tf("{source} cannot send to {destination}", &[("source", &s.name), ("destination", &d.name)]);
                        view! {
                            <td class="mc-compat__cell mc-compat__cell--no">
                                <span aria-hidden="true">"–"</span>
                                <span class="mc-visually-hidden">{label}</span>
                            </td>
                        }
                        .into_any()
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row" class="mc-compat__row-head">
                        <span class="mc-compat__head">
                            <Logo src=s.logo.clone() name=s.name.clone() size="sm" />
                            <span>{s.name.clone()}</span>
                            {(!s.configured).then(|| view! { <span class="mc-compat__setup">{t("Needs setup")}</span> })}
                        </span>
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="mc-compat__summary" role="status">{summary}</p>
        <div class="mc-table-wrap" role="region" aria-labelledby="mc-compat-caption" tabindex="0">
            <table class="mc-table mc-compat__table">
                <caption id="mc-compat-caption" class="mc-table__caption">{t("Compatible sources (rows) and destinations (columns)")}</caption>
                <thead>
                    <tr>
                        <td class="mc-compat__corner"><span class="mc-compat__corner-text">{t("Source ↓ · Destination →")}</span></td>
                        {head}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
