//! `/connections/new`: the guided connection builder. Each step lives in the URL
//! (`?source=&destination=&step=review&from=`); what is typed stays in memory, never in the URL.

use crate::components::A;
use leptos::prelude::*;
use leptos::task::spawn_local;
use madconnect_model::{
    AccountConnector, CatalogConnector, ConfigField, Connection, ConnectionStatus, NewConnection, StatusAction, SupportedType,
};

use super::all_added;
use super::compat::{candidates, incompatible_count, Candidate, Readiness};
use super::draft::{self, Draft};
use super::ops::{use_connection_ops, Target};
use super::query::{copy_name, BuilderQuery, BuilderStep};
use super::settings::{display_value, place_error, ConnectionSettings, SettingsForm};
use crate::api::connections::ConnectionOp;
use crate::api::{self, ApiError};
use crate::components::config_form::FormState;
use crate::components::{use_notify, EmptyState, LoadError, Loading, Logo, PageHeader, StatusBadge};
use crate::hooks::{use_url_state, UrlState, UseUrlStateReturn};
use crate::i18n::{n_, t, tf, tp};
use crate::routes;
use crate::session::{use_session, Session};

type Fields = (Vec<ConfigField>, Vec<ConfigField>);

/// What the settings step starts from: both ends' connection-config fields and, for "Duplicate
/// as new connection", the connection being copied.
#[derive(Clone)]
struct SettingsSource {
    ends: (String, String),
    fields: Fields,
    copy_of: Option<Connection>,
}
/// The catalog entry of one chosen end (`None` while that end is not chosen).
type EndInfo = LocalResource<Result<Option<CatalogConnector>, ApiError>>;
/// The connectors compatible with one chosen end (`None` while that end is not chosen).
type Compatible = LocalResource<Result<Option<Vec<AccountConnector>>, ApiError>>;

/// The connectors that pair with one chosen end playing `role` (`None` while it is not chosen).
fn compatible_with(session: Session, end: Memo<Option<String>>, role: SupportedType) -> Compatible {
    LocalResource::new(move || {
        let id = end.get();
        let role = role.clone();
        let client = session.client();
        async move {
            match id {
                Some(id) => api::connectors::supported(&client, &id, role).await.map(Some),
                None => Ok(None),
            }
        }
    })
}

/// The catalog entry of one chosen end.
fn end_info(session: Session, end: Memo<Option<String>>) -> EndInfo {
    LocalResource::new(move || {
        let id = end.get();
        let client = session.client();
        async move {
            match id {
                Some(id) => api::connectors::get(&client, &id).await.map(Some),
                None => Ok(None),
            }
        }
    })
}

#[component]
pub fn ConnectionBuilderPage() -> impl IntoView {
    let session = use_session();
    let notify = use_notify();
    let UseUrlStateReturn { state: bq, set } = use_url_state::<BuilderQuery>();
    let step = Memo::new(move |_| bq.with(|b| b.step()));
    // Details and Review share one mounted form, so they are one phase here.
    let phase = Memo::new(move |_| match step.get() {
        BuilderStep::Review => BuilderStep::Details,
        s => s,
    });
    let src_id = Memo::new(move |_| bq.with(|b| b.source.clone()));
    let dest_id = Memo::new(move |_| bq.with(|b| b.destination.clone()));
    let ends = Memo::new(move |_| (src_id.get(), dest_id.get()));
    let from = Memo::new(move |_| bq.with(|b| b.from.clone()));
    // Focus follows the steps: each new step's heading, once it is shown.
    Effect::new(move |before: Option<BuilderStep>| {
        let now = step.get();
        if before.is_some_and(|b| b != now) {
            crate::focus::focus_when_shown(match now {
                BuilderStep::Source | BuilderStep::Destination => "#mc-builder-step-title",
                BuilderStep::Details => "#mc-builder-details-title",
                BuilderStep::Review => "#mc-review-title",
            });
        }
        now
    });
    let go = move |b: BuilderQuery| set.run((b, false));

    // Each resource is keyed on the one end it needs, so choosing the next end never refetches
    // (and never re-renders) the step being left.
    let added = LocalResource::new(move || {
        let client = session.client();
        async move { all_added(&client).await }
    });
    let dests_of_source = compatible_with(session, src_id, SupportedType::Source);
    let sources_of_dest = compatible_with(session, dest_id, SupportedType::Destination);
    // Catalog details of the chosen ends (they may not be added yet).
    let src_info = end_info(session, src_id);
    let dest_info = end_info(session, dest_id);

    // What is typed. Filled once per pair of ends (from the draft, the copied connection or
    // blank), so Back, Review and a failed create keep it.
    let created = RwSignal::new(None::<Connection>);
    let form = SettingsForm::new();
    let forms_key = StoredValue::new(None::<(String, String)>);
    let configs = LocalResource::new(move || {
        let (s, d) = ends.get();
        let from = from.get();
        let client = session.client();
        async move {
            let (Some(s), Some(d)) = (s, d) else { return Ok::<Option<SettingsSource>, ApiError>(None) };
            // Independent requests go together.
            let copy = async {
                match &from {
                    Some(id) => api::connections::get(&client, id).await.ok(),
                    None => None,
                }
            };
            let (sc, dc, copy_of) =
                futures::join!(api::connectors::configuration(&client, &s), api::connectors::configuration(&client, &d), copy);
            let copy_of = copy_of.filter(|p| p.src.connector_id == s && p.dest.connector_id == d);
            Ok(Some(SettingsSource { ends: (s, d), fields: (sc?.connection_config, dc?.connection_config), copy_of }))
        }
    });
    // The form starts from the loaded value the first time a pair of ends is shown.
    let start_form = move |from: &SettingsSource| {
        if forms_key.with_value(|k| k.as_ref() == Some(&from.ends)) {
            return;
        }
        let (sf, df) = &from.fields;
        let (name, sv, dv) = match (draft::load(&from.ends.0, &from.ends.1), &from.copy_of) {
            (Some(d), _) => (d.name, d.src, d.dest),
            (None, Some(p)) => (
                copy_name(&p.name),
                p.src_connection_config.clone().unwrap_or_default(),
                p.dest_connection_config.clone().unwrap_or_default(),
            ),
            (None, None) => Default::default(),
        };
        form.src.set(FormState::with_values(sf, &sv));
        form.dest.set(FormState::with_values(df, &dv));
        form.name.set(name);
        form.mark_clean();
        forms_key.set_value(Some(from.ends.clone()));
    };
    // Keep the draft (secrets left out) as the person types; storage is the outside world.
    Effect::new(move |_| {
        let (name, src, dest) = (form.name.get(), form.src.with(|s| s.values.clone()), form.dest.with(|s| s.values.clone()));
        let Some((s, d)) = forms_key.get_value() else { return };
        if created.with_untracked(Option::is_some) {
            return;
        }
        configs.with_untracked(|c| {
            if let Some(Ok(Some(from))) = c {
                let (sf, df) = &from.fields;
                draft::save(&Draft {
                    source: s,
                    destination: d,
                    name,
                    src: draft::without_secrets(sf, &src),
                    dest: draft::without_secrets(df, &dest),
                });
            }
        });
    });

    crate::unsaved::use_unsaved_guard(Signal::derive(move || created.try_with(Option::is_none) == Some(true) && form.has_changes()));
    let creating = RwSignal::new(false);
    let review_error = RwSignal::new(None::<String>);

    let current_fields = move || {
        configs.with(|c| match c {
            Some(Ok(Some(from))) => Some(from.fields.clone()),
            _ => None,
        })
    };

    let to_review = move || {
        let Some((sf, df)) = current_fields() else { return };
        if form.submit(&sf, &df).is_some() {
            review_error.set(None);
            go(bq.get_untracked().with_review(true));
        }
    };

    let create = move || {
        let Some((sf, df)) = current_fields() else { return };
        let b = bq.get_untracked();
        let (Some(src), Some(dest)) = (b.source.clone(), b.destination.clone()) else { return };
        let Some((name, sv, dv)) = form.submit(&sf, &df) else {
            go(b.with_review(false));
            return;
        };
        let new = NewConnection {
            name,
            src_connector_id: src,
            dest_connector_id: dest,
            src_connection_config: sv,
            dest_connection_config: dv,
            ..Default::default()
        };
        creating.set(true);
        review_error.set(None);
        let client = session.client();
        spawn_local(async move {
            match api::connections::create(&client, &new).await {
                Ok(c) => {
                    draft::clear();
                    notify.success(tf("Connection \u{201c}{name}\u{201d} created.", &[("name", &c.name)]));
                    crate::embed::emit(crate::embed::EmbedEvent::ConnectionCreated { id: c.id.clone(), name: c.name.clone() });
                    created.set(Some(c));
                    crate::focus::focus_when_shown("#mc-created-title");
                }
                Err(e) => {
                    form.apply_error(&e, &sf, &df);
                    let on_fields = place_error(&e).name.is_some() || !e.field_errors.is_empty();
                    if on_fields {
                        // Back to the fields, where the errors are shown; every value is still there.
                        go(bq.get_untracked().with_review(false));
                    } else {
                        review_error.set(Some(place_error(&e).general));
                    }
                }
            }
            creating.set(false);
        });
    };

    // The created connection is replaced by the server's answer once it is activated.
    let ops = use_connection_ops(Callback::new(move |(_, mut done): (ConnectionOp, Vec<Connection>)| {
        if let Some(c) = done.pop() {
            created.set(Some(c));
            crate::focus::focus_when_shown("#mc-created-title");
        }
    }));
    let activating = Signal::derive(move || created.with(|c| c.as_ref().is_some_and(|c| ops.book.is_busy(&c.id))));
    let activate = move || {
        let Some(c) = created.get_untracked() else { return };
        ops.run(Target::shown(&c, c.status.clone()), ConnectionOp::Status(StatusAction::Activate));
    };

    let add_connector = move |id: String, name: String| {
        let client = session.client();
        spawn_local(async move {
            match api::connectors::add(&client, std::slice::from_ref(&id)).await {
                Ok(_) => {
                    notify.success(tf("{name} added. Set it up to use it in this connection.", &[("name", &name)]));
                    crate::embed::emit(crate::embed::EmbedEvent::ConnectorAdded { id: id.clone(), name: name.clone() });
                    added.refetch();
                    dests_of_source.refetch();
                    sources_of_dest.refetch();
                }
                Err(e) => notify.error(tf("Could not add {name}: {error}", &[("name", &name), ("error", &e.to_string())])),
            }
        });
    };
    let add_connector = Callback::new(move |(id, name): (String, String)| add_connector(id, name));

    view! {
        <crate::unsaved::LeaveDialog />
        <div class="mc-builder">
            <PageHeader title=t("New connection") crumb=(n_("Connections"), routes::CONNECTIONS)
                subtitle=t("Pick where data comes from, where it goes, and how. Only pairs that work together are offered.")>
                <A href=routes::COMPATIBILITY attr:class="mc-button mc-button--secondary">{t("See all compatible pairs")}</A>
            </PageHeader>
            {move || match created.get() {
                Some(c) => created_view(c, activating, Callback::new(move |()| activate())).into_any(),
                None => view! {
                    <StepList bq=bq src_info=src_info dest_info=dest_info />
                    <div class="mc-builder__body">
                        {move || match phase.get() {
                            BuilderStep::Source => view! {
                                <ChoiceStep bq=bq picking_source=true added=added compatible=sources_of_dest other=dest_info on_add=add_connector />
                            }.into_any(),
                            BuilderStep::Destination => view! {
                                <ChoiceStep bq=bq picking_source=false added=added compatible=dests_of_source other=src_info on_add=add_connector />
                            }.into_any(),
                            _ => {
                                // Plain reactive reads (no Suspend): the subtree is disposed with
                                // this branch, so a late response can never render into it.
                                move || match (configs.get(), src_info.get(), dest_info.get()) {
                                    (Some(Ok(Some(from))), Some(Ok(Some(s))), Some(Ok(Some(d)))) => view! {
                                        {start_form(&from)}
                                        <DetailsAndReview bq=bq form=form src_fields=from.fields.0 dest_fields=from.fields.1 src=s dest=d
                                            creating=creating review_error=review_error
                                            on_review=Callback::new(move |()| to_review())
                                            on_create=Callback::new(move |()| create()) />
                                    }.into_any(),
                                    (Some(Err(e)), _, _) | (_, Some(Err(e)), _) | (_, _, Some(Err(e))) => {
                                        load_error(e, Callback::new(move |()| { configs.refetch(); src_info.refetch(); dest_info.refetch(); })).into_any()
                                    }
                                    _ => view! { <Loading label=t("Loading the settings these connectors need…") /> }.into_any(),
                                }
                            }.into_any(),
                        }}
                    </div>
                }.into_any(),
            }}
        </div>
    }
}

fn load_error(e: ApiError, retry: Callback<()>) -> impl IntoView {
    view! { <LoadError title=t("Could not load this step.") message=e.to_string() retry=retry /> }
}

/// The four steps, the current one marked; finished ones show the choice with a Change link.
#[component]
fn StepList(bq: Memo<BuilderQuery>, src_info: EndInfo, dest_info: EndInfo) -> impl IntoView {
    let name_of = move |source: bool| {
        let info = if source { src_info } else { dest_info };
        info.with(|r| match r {
            Some(Ok(Some(c))) => Some(c.name.clone()),
            _ => None,
        })
    };
    let item = move |step: BuilderStep| {
        let (n, title, change_label) = (step.number(), step.title(), step.change_label());
        let current = move || bq.with(|b| b.step().number() == n);
        let done = move || bq.with(|b| b.step().number() > n || (n == 1 && b.source.is_some()) || (n == 2 && b.destination.is_some()));
        let chosen = move || match n {
            1 => bq.with(|b| b.source.clone()).map(|id| name_of(true).unwrap_or(id)),
            2 => bq.with(|b| b.destination.clone()).map(|id| name_of(false).unwrap_or(id)),
            _ => None,
        };
        let change_href = move || {
            bq.with(|b| match n {
                1 => Some(b.with_source(None).href()),
                2 => Some(b.with_destination(None).href()),
                3 if b.step() == BuilderStep::Review => Some(b.with_review(false).href()),
                _ => None,
            })
        };
        view! {
            <li class="mc-steps__item" class:mc-steps__item--current=current class:mc-steps__item--done=move || done() && !current()
                aria-current=move || current().then_some("step")>
                <span class="mc-steps__number" aria-hidden="true">{move || if done() && !current() { "✓".to_string() } else { n.to_string() }}</span>
                <span class="mc-steps__text">
                    <span class="mc-steps__title">{title}</span>
                    {move || chosen().map(|c| view! { <span class="mc-steps__choice">{c}</span> })}
                    {move || done().then(change_href).flatten().filter(|_| !current()).map(|href| view! {
                        <A href=href attr:class="mc-steps__change" attr:aria-label=change_label.clone()>{t("Change")}</A>
                    })}
                </span>
            </li>
        }
    };
    view! {
        <nav class="mc-steps" aria-label=t("Steps")>
            <ol class="mc-steps__list">
                {[BuilderStep::Source, BuilderStep::Destination, BuilderStep::Details, BuilderStep::Review]
                    .into_iter()
                    .map(item)
                    .collect_view()}
            </ol>
        </nav>
    }
}

/// Steps 1 and 2: choose a source or a destination among the offered candidates.
/// `compatible` lists the counterparts of the other end (`None`: no other end chosen yet).
#[component]
fn ChoiceStep(
    bq: Memo<BuilderQuery>,
    picking_source: bool,
    added: LocalResource<Result<Vec<AccountConnector>, ApiError>>,
    compatible: Compatible,
    other: EndInfo,
    on_add: Callback<(String, String)>,
) -> impl IntoView {
    // Plain reactive reads (no Suspend): disposed with the step, a late answer renders nothing.
    move || {
        let (Some(added_r), Some(compatible_r), Some(other_r)) = (added.get(), compatible.get(), other.get()) else {
            return view! { <Loading label=t("Loading connectors…") /> }.into_any();
        };
        let (added_list, compatible_list, other) = match (added_r, compatible_r, other_r) {
            (Ok(a), Ok(c), Ok(o)) => (a, c, o),
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                return load_error(
                    e,
                    Callback::new(move |()| {
                        added.refetch();
                        compatible.refetch();
                        other.refetch();
                    }),
                )
                .into_any();
            }
        };
        let b = bq.get_untracked();
        let role = if picking_source { SupportedType::Source } else { SupportedType::Destination };
        let list = candidates(&role, &added_list, compatible_list.as_deref());
        let left_out = compatible_list.as_deref().map(|c| incompatible_count(&role, &added_list, c)).unwrap_or(0);
        let heading = match &other {
            Some(o) if picking_source => tf("Choose a source that can send to {name}", &[("name", &o.name)]),
            Some(o) => tf("Choose a destination for {name}", &[("name", &o.name)]),
            None if picking_source => t("Choose a source"),
            None => t("Choose a destination"),
        };
        let lead = match &other {
            Some(o) if picking_source => tf("Only sources that work with {name} are listed.", &[("name", &o.name)]),
            Some(o) => tf("Only destinations that work with {name} are listed.", &[("name", &o.name)]),
            None => t("Sources are the connectors of this sub-account that data comes from."),
        };
        // The chosen other end itself may still need adding or setting up.
        let other_warning = other.as_ref().and_then(|o| {
            let readiness = match added_list.iter().find(|a| a.connector_id == o.connector_id) {
                Some(a) if a.configured => return None,
                Some(_) => Readiness::NeedsSetup,
                None => Readiness::NotAdded,
            };
            Some((o.clone(), readiness))
        });
        let (usable, not_added): (Vec<Candidate>, Vec<Candidate>) = list.into_iter().partition(|c| c.readiness != Readiness::NotAdded);
        let not_added_count = not_added.len();
        let b2 = b.clone();
        view! {
            <section class="mc-builder__step" aria-labelledby="mc-builder-step-title">
                <h2 id="mc-builder-step-title" class="mc-section__title">{heading}</h2>
                <p class="mc-builder__lead">{lead}</p>
                {other_warning.map(|(o, r)| {
                    let return_to = b2.href();
                    view! {
                        <div class="mc-alert mc-alert--warning" role="note">
                            <p>{match r {
                                Readiness::NotAdded => tf("{name} is not added to this sub-account yet.", &[("name", &o.name)]),
                                _ => tf("{name} is added but not set up yet: a connection needs its credentials.", &[("name", &o.name)]),
                            }}</p>
                            <ReadinessAction id=o.connector_id.clone() name=o.name.clone() readiness=r return_to=return_to on_add=on_add />
                        </div>
                    }
                })}
                {if usable.is_empty() && not_added_count == 0 {
                    let text = match &other {
                        Some(o) if picking_source => tf("None of the catalog's sources work with {name}. Choose another one.", &[("name", &o.name)]),
                        Some(o) => tf("None of the catalog's destinations work with {name}. Choose another one.", &[("name", &o.name)]),
                        None if picking_source => t("This sub-account has no sources yet. Add one from the marketplace first."),
                        None => t("This sub-account has no destinations yet. Add one from the marketplace first."),
                    };
                    let title = if picking_source { t("No sources to choose from") } else { t("No destinations to choose from") };
                    view! {
                        <EmptyState title=title text=text>
                            <A href=routes::MARKETPLACE attr:class="mc-button mc-button--primary">{t("Browse the marketplace")}</A>
                        </EmptyState>
                    }.into_any()
                } else if usable.is_empty() {
                    view! { <p class="mc-builder__note">{if picking_source {
                        t("None of your sources work with this connector yet: add a compatible one below.")
                    } else {
                        t("None of your destinations work with this connector yet: add a compatible one below.")
                    }}</p> }.into_any()
                } else {
                    view! {
                        <ul class="mc-choice-list" aria-label=if picking_source { t("sources") } else { t("destinations") }>
                            {usable.into_iter().map(|c| choice_card(c, &b, picking_source, on_add)).collect_view()}
                        </ul>
                    }.into_any()
                }}
                {(left_out > 0).then(|| view! {
                    <p class="mc-builder__note">
                        {if picking_source {
                            tp(
                                "{count} of your sources is not listed because it does not work with this connector.",
                                "{count} of your sources are not listed because they do not work with this connector.",
                                left_out as u64,
                                &[],
                            )
                        } else {
                            tp(
                                "{count} of your destinations is not listed because it does not work with this connector.",
                                "{count} of your destinations are not listed because they do not work with this connector.",
                                left_out as u64,
                                &[],
                            )
                        }}
                    </p>
                })}
                {(picking_source && other.is_none()).then(|| start_from_destination(&added_list))}
                {(not_added_count > 0).then(|| view! {
                    <details class="mc-builder__more" open=usable_was_empty(not_added_count, &b)>
                        <summary class="mc-builder__more-summary">
                            {if picking_source {
                                tp("{count} more compatible source you have not added", "{count} more compatible sources you have not added", not_added_count as u64, &[])
                            } else {
                                tp(
                                    "{count} more compatible destination you have not added",
                                    "{count} more compatible destinations you have not added",
                                    not_added_count as u64,
                                    &[],
                                )
                            }}
                        </summary>
                        <ul class="mc-choice-list" aria-label=if picking_source { t("Compatible sources not added yet") } else { t("Compatible destinations not added yet") }>
                            {not_added.into_iter().map(|c| choice_card(c, &b, picking_source, on_add)).collect_view()}
                        </ul>
                    </details>
                })}
            </section>
        }
        .into_any()
    }
}

/// On the first step with nothing chosen: pick the destination first instead (the builder then
/// offers the sources that can send to it).
fn start_from_destination(added: &[AccountConnector]) -> impl IntoView {
    let mut destinations: Vec<&AccountConnector> = added.iter().filter(|c| c.supported_type == SupportedType::Destination).collect();
    destinations.sort_by_key(|c| c.name.to_lowercase());
    (!destinations.is_empty()).then(|| {
        let links = destinations
            .into_iter()
            .map(|c| {
                let (href, name) = (routes::new_connection(None, Some(&c.connector_id)), c.name.clone());
                view! {
                    <li>
                        <A href=href attr:class="mc-builder__start-link">
                            <span class="mc-visually-hidden">{t("Start from")}" "</span>{name}
                        </A>
                    </li>
                }
            })
            .collect_view();
        view! {
            <details class="mc-builder__more mc-builder__start">
                <summary class="mc-builder__more-summary">{t("Start from a destination")}</summary>
                <p class="mc-builder__note">{t("Pick where the data should go; then only sources that can send to it are offered.")}</p>
                <ul class="mc-builder__start-list" aria-label=t("Destinations to start from")>{links}</ul>
            </details>
        }
    })
}

/// The "not added" disclosure starts closed; it is only a way to grow the choice.
fn usable_was_empty(_count: usize, _b: &BuilderQuery) -> bool {
    false
}

fn choice_card(c: Candidate, b: &BuilderQuery, picking_source: bool, on_add: Callback<(String, String)>) -> impl IntoView {
    let id = c.connector.connector_id.clone();
    let chosen = if picking_source { b.with_source(Some(&id)) } else { b.with_destination(Some(&id)) };
    let name = c.connector.name.clone();
    let readiness = c.readiness;
    let badge_class = match readiness {
        Readiness::Ready => "mc-tag mc-tag--ok",
        Readiness::NeedsSetup => "mc-tag mc-tag--warning",
        Readiness::NotAdded => "mc-tag",
    };
    let badge_icon = match readiness {
        Readiness::Ready => "✓ ",
        Readiness::NeedsSetup => "! ",
        Readiness::NotAdded => "+ ",
    };
    view! {
        <li class="mc-choice" class:mc-choice--ready=readiness == Readiness::Ready>
            <Logo src=c.connector.logo.clone() name=name.clone() size="md" />
            <div class="mc-choice__text">
                <h3 class="mc-choice__name">{name.clone()}</h3>
                <p class="mc-choice__meta">{format!("{} · {}", c.connector.platform_type, c.connector.data_type)}</p>
                <span class=badge_class><span aria-hidden="true">{badge_icon}</span>{readiness.label()}</span>
            </div>
            <div class="mc-choice__action">
                {match readiness {
                    Readiness::Ready => view! {
                        <A href=chosen.href() attr:class="mc-button mc-button--primary">
                            {t("Choose")}<span class="mc-visually-hidden">{format!(" {name}")}</span>
                        </A>
                    }.into_any(),
                    r => view! { <ReadinessAction id=id.clone() name=name.clone() readiness=r return_to=chosen.href() on_add=on_add /> }.into_any(),
                }}
            </div>
        </li>
    }
}

/// "Set up first" (a link to the setup page that comes back to `return_to`) or "Add".
#[component]
fn ReadinessAction(id: String, name: String, readiness: Readiness, return_to: String, on_add: Callback<(String, String)>) -> impl IntoView {
    let adding = RwSignal::new(false);
    match readiness {
        Readiness::NotAdded => {
            let (id2, name2) = (id.clone(), name.clone());
            view! {
                <button type="button" class="mc-button mc-button--secondary" disabled=move || adding.get()
                    on:click=move |_| { adding.set(true); on_add.run((id2.clone(), name2.clone())); }>
                    {move || if adding.get() { t("Adding…") } else { t("Add") }}
                    <span class="mc-visually-hidden">{format!(" {name}")}</span>
                </button>
            }
            .into_any()
        }
        _ => {
            let href = routes::with_query(&routes::connector_setup(&id), &[("return", &return_to)]);
            view! {
                <A href=href attr:class="mc-button mc-button--secondary">
                    {t("Set up first")}<span class="mc-visually-hidden">{format!(" {name}")}</span>
                </A>
            }
            .into_any()
        }
    }
}

/// Steps 3 and 4. The form stays mounted (hidden on review) so focus and values survive.
#[component]
fn DetailsAndReview(
    bq: Memo<BuilderQuery>,
    form: SettingsForm,
    src_fields: Vec<ConfigField>,
    dest_fields: Vec<ConfigField>,
    src: CatalogConnector,
    dest: CatalogConnector,
    creating: RwSignal<bool>,
    review_error: RwSignal<Option<String>>,
    on_review: Callback<()>,
    on_create: Callback<()>,
) -> impl IntoView {
    let reviewing = move || bq.with(|b| b.step() == BuilderStep::Review);
    let (sf, df) = (src_fields.clone(), dest_fields.clone());
    let (src_name, dest_name) = (src.name.clone(), dest.name.clone());
    let review_rows = move |fields: &[ConfigField], state: RwSignal<FormState>| {
        if fields.is_empty() {
            return view! { <p class="mc-review__none">{t("No settings.")}</p> }.into_any();
        }
        let rows = fields
            .iter()
            .map(|f| {
                let v = state.with(|s| display_value(f, s.value(&f.id)));
                view! { <div class="mc-review__row"><dt>{f.display_name().to_string()}</dt><dd>{v}</dd></div> }
            })
            .collect_view();
        view! { <dl class="mc-review__list">{rows}</dl> }.into_any()
    };
    let (s_logo, d_logo) = (src.logo.clone(), dest.logo.clone());
    let (sn, dn) = (src.name.clone(), dest.name.clone());
    view! {
        <form class="mc-builder__form" novalidate hidden=reviewing
            on:submit=move |ev| { ev.prevent_default(); on_review.run(()); }>
            <h2 id="mc-builder-details-title" class="mc-section__title">{t("Name it and fill in the settings")}</h2>
            <ConnectionSettings form=form src_fields=src_fields dest_fields=dest_fields
                src_name=src_name dest_name=dest_name disabled=Signal::derive(move || creating.get()) />
            <div class="mc-form-actions">
                <A href=move || bq.with(|b| b.with_destination(None).href()) attr:class="mc-button mc-button--secondary">{t("Back")}</A>
                <button type="submit" class="mc-button mc-button--primary">{t("Continue to review")}</button>
                <A href=routes::CONNECTIONS attr:class="mc-button mc-button--ghost" on:click=|_| draft::clear()>{t("Cancel")}</A>
            </div>
        </form>
        <Show when=reviewing>
            <section class="mc-review" aria-labelledby="mc-review-title">
                <h2 id="mc-review-title" class="mc-section__title">{t("Review and create")}</h2>
                {move || review_error.get().map(|e| view! { <div class="mc-alert mc-alert--error" role="alert"><p>{e}</p></div> })}
                <dl class="mc-review__list mc-review__list--main">
                    <div class="mc-review__row"><dt>{t("Name")}</dt><dd>{move || form.name.get()}</dd></div>
                    <div class="mc-review__row"><dt>{t("Source")}</dt>
                        <dd class="mc-review__end"><Logo src=s_logo.clone() name=sn.clone() size="sm" />{sn.clone()}</dd></div>
                    <div class="mc-review__row"><dt>{t("Destination")}</dt>
                        <dd class="mc-review__end"><Logo src=d_logo.clone() name=dn.clone() size="sm" />{dn.clone()}</dd></div>
                    <div class="mc-review__row"><dt>{t("Status after creation")}</dt>
                        <dd>{super::interleave(
                            t("{status} until you activate it"),
                            vec![("status", view! { <StatusBadge status=ConnectionStatus::InProgress /> }.into_any())],
                        )}</dd></div>
                </dl>
                <div class="mc-review__groups">
                    <section class="mc-review__group">
                        <h3 class="mc-review__title">{tf("Source settings: {name}", &[("name", &src.name)])}</h3>
                        {review_rows(&sf, form.src)}
                    </section>
                    <section class="mc-review__group">
                        <h3 class="mc-review__title">{tf("Destination settings: {name}", &[("name", &dest.name)])}</h3>
                        {review_rows(&df, form.dest)}
                    </section>
                </div>
                <div class="mc-form-actions">
                    <A href=move || bq.with(|b| b.with_review(false).href()) attr:class="mc-button mc-button--secondary">{t("Back to settings")}</A>
                    <button type="button" class="mc-button mc-button--primary" disabled=move || creating.get()
                        aria-busy=move || creating.get().then_some("true")
                        on:click=move |_| on_create.run(())>
                        {move || if creating.get() { t("Creating…") } else { t("Create connection") }}
                    </button>
                </div>
            </section>
        </Show>
    }
}

/// After create: what happened and "Activate now".
fn created_view(c: Connection, activating: Signal<bool>, on_activate: Callback<()>) -> impl IntoView {
    let status = c.status.clone();
    let active = status == ConnectionStatus::Active;
    let detail = routes::connection(&c.id);
    view! {
        <section class="mc-created" aria-labelledby="mc-created-title">
            <span class="mc-created__icon" aria-hidden="true">"✓"</span>
            <h2 id="mc-created-title" class="mc-section__title" tabindex="-1">{tf("\u{201c}{name}\u{201d} is created", &[("name", &c.name)])}</h2>
            <p class="mc-created__pair">{format!("{} → {}", c.src.connector_name, c.dest.connector_name)}</p>
            <p><StatusBadge status=status.clone() /></p>
            {if active {
                view! { <p role="status">{t("It is active: data starts moving on its next run.")}</p> }.into_any()
            } else {
                view! { <p>{t("It is in progress: nothing moves until you activate it.")}</p> }.into_any()
            }}
            <div class="mc-form-actions">
                {(!active).then(|| view! {
                    <button type="button" class="mc-button mc-button--primary" disabled=move || activating.get()
                        on:click=move |_| on_activate.run(())>
                        {move || if activating.get() { t("Activating…") } else { t("Activate now") }}
                    </button>
                })}
                <A href=detail attr:class="mc-button mc-button--secondary">{t("View connection")}</A>
                <A href=routes::CONNECTIONS attr:class="mc-button mc-button--ghost">{t("All connections")}</A>
            </div>
        </section>
    }
}
