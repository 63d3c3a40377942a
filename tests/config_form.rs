//! Component tests of the generated config form, in headless Chromium: every field type renders
//! its labelled control, validation shows and announces errors, submit focuses the first invalid
//! field, and a stored password is never shown.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use madconnect_console::components::config_form::{dom_id, submit, ConfigForm, FormState};
use madconnect_model::{ConfigField, FieldErrors, FieldOption, FieldType};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn field(id: &str, label: &str, ty: FieldType) -> ConfigField {
    ConfigField::new(id, label, ty)
}

fn options(values: &[(&str, &str)]) -> Vec<FieldOption> {
    values.iter().map(|(v, l)| FieldOption { value: v.to_string(), label: l.to_string() }).collect()
}

/// One field of every type the API documents, plus an unknown one and a read-only one.
fn fixture() -> Vec<ConfigField> {
    let mut key = field("apiKey", "API key", FieldType::Text);
    key.required = true;
    key.limit = Some(20);
    key.description = "Found under Settings → API in your account.".into();
    let mut notes = field("notes", "Notes", FieldType::Textarea);
    notes.limit = Some(200);
    let mut days = field("days", "Lookback days", FieldType::Number);
    days.min = Some(1.0);
    days.max = Some(90.0);
    let sandbox = field("sandbox", "Use sandbox", FieldType::Checkbox);
    let mut region = field("region", "Region", FieldType::Select);
    region.required = true;
    region.options = options(&[("eu", "Europe"), ("us", "United States")]);
    let mut account = field("adAccount", "Ad account", FieldType::FilteredSelect);
    account.options = options(&[("1", "Acme Shoes"), ("2", "Acme Hats"), ("3", "Globex"), ("4", "Initech")]);
    let mut events = field("events", "Events", FieldType::MultiSelect);
    events.options = options(&[("purchase", "Purchase"), ("lead", "Lead"), ("view", "Page view")]);
    let start = field("start", "Start date", FieldType::Date);
    let at = field("at", "Send at", FieldType::Datetime);
    let time = field("time", "Daily at", FieldType::Time);
    let mut email = field("email", "Contact email", FieldType::Email);
    email.required = true;
    let site = field("site", "Website", FieldType::Url);
    let phone = field("phone", "Phone", FieldType::Tel);
    let mut secret = field("clientSecret", "Client secret", FieldType::Password);
    secret.required = true;
    let colour = field("colour", "Brand colour", FieldType::Other("colour".into()));
    let mut env = field("env", "Environment", FieldType::Text);
    env.readonly = true;
    env.value = "production".into();
    vec![key, notes, days, sandbox, region, account, events, start, at, time, email, site, phone, secret, colour, env]
}

/// Mounts the form in a fresh container and returns it with the state.
fn mount(fields: Vec<ConfigField>, state: FormState, prefix: Option<&str>) -> (Element, RwSignal<FormState>) {
    let doc = document();
    let host = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let state = RwSignal::new(state);
    let prefix = prefix.map(str::to_string);
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
        let fields = fields.clone();
        match prefix.clone() {
            Some(p) => view! { <form novalidate><ConfigForm fields=fields state=state key_prefix=p /></form> }.into_any(),
            None => view! { <form novalidate><ConfigForm fields=fields state=state /></form> }.into_any(),
        }
    });
    handle.forget();
    (host, state)
}

fn q(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

fn qa(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
}

fn by_id(root: &Element, id: &str) -> Element {
    q(root, &format!("#{id}")).unwrap_or_else(|| panic!("no element #{id}"))
}

fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

/// The text of the `<label for=id>` (or legend of a group) of a control.
fn label_of(root: &Element, id: &str) -> String {
    q(root, &format!("label[for='{id}']")).map(|l| text(&l)).unwrap_or_default()
}

fn input(root: &Element, id: &str) -> HtmlInputElement {
    by_id(root, id).dyn_into().unwrap()
}

fn fire(el: &Element, event: &str) {
    el.dispatch_event(&web_sys::Event::new(event).unwrap()).unwrap();
}

fn type_into(root: &Element, id: &str, value: &str) {
    let el = input(root, id);
    el.set_value(value);
    fire(&el, "input");
}

async fn settle() {
    leptos::task::tick().await;
    // One animation frame: focus requests run after the DOM caught up.
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().request_animation_frame(&resolve).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    leptos::task::tick().await;
}

fn described_by(el: &Element) -> Vec<String> {
    el.get_attribute("aria-describedby").unwrap_or_default().split_whitespace().map(str::to_string).collect()
}

#[wasm_bindgen_test]
async fn every_field_type_renders_its_own_labelled_control() {
    let fields = fixture();
    let (root, _) = mount(fields.clone(), FormState::new(&fields), None);
    settle().await;
    let id = |f: &str| dom_id(None, f);
    let expect_input = |f: &str, ty: &str, label: &str| {
        let el = input(&root, &id(f));
        assert_eq!(el.type_(), ty, "{f} should be an input of type {ty}");
        assert!(label_of(&root, &id(f)).starts_with(label), "{f} is labelled {label}, got {:?}", label_of(&root, &id(f)));
    };
    expect_input("apiKey", "text", "API key");
    expect_input("days", "number", "Lookback days");
    expect_input("sandbox", "checkbox", "Use sandbox");
    expect_input("start", "date", "Start date");
    expect_input("at", "datetime-local", "Send at");
    expect_input("time", "time", "Daily at");
    expect_input("email", "email", "Contact email");
    expect_input("site", "url", "Website");
    expect_input("phone", "tel", "Phone");
    expect_input("clientSecret", "password", "Client secret");
    expect_input("colour", "text", "Brand colour");

    assert_eq!(by_id(&root, &id("notes")).tag_name(), "TEXTAREA");
    assert!(label_of(&root, &id("notes")).starts_with("Notes"));

    let region: HtmlSelectElement = by_id(&root, &id("region")).dyn_into().unwrap();
    assert!(label_of(&root, &id("region")).starts_with("Region"));
    let labels: Vec<String> = qa(&region, "option").iter().map(text).collect();
    assert_eq!(labels, vec!["Choose…", "Europe", "United States"]);

    // Filtered select: a labelled search box plus the select.
    let account = by_id(&root, &id("adAccount"));
    assert_eq!(account.tag_name(), "SELECT");
    let search = input(&root, &format!("{}-filter", id("adAccount")));
    assert_eq!(search.type_(), "search");
    assert_eq!(label_of(&root, &search.id()), "Search Ad account");

    // Multi-select: a group named by its legend, one labelled checkbox per option.
    let group = by_id(&root, &id("events"));
    assert_eq!(group.tag_name(), "FIELDSET");
    assert!(text(&q(&group, "legend").unwrap()).starts_with("Events"));
    let boxes = qa(&group, "input[type=checkbox]");
    assert_eq!(boxes.len(), 3);
    let box_labels: Vec<String> = boxes.iter().map(|b| label_of(&root, &b.id())).collect();
    assert_eq!(box_labels, vec!["Purchase", "Lead", "Page view"]);
}

#[wasm_bindgen_test]
async fn metadata_becomes_markers_bounds_help_and_notes() {
    let fields = fixture();
    let (root, _) = mount(fields.clone(), FormState::new(&fields), None);
    settle().await;
    let id = |f: &str| dom_id(None, f);

    // Required: a visible word in the label, and aria-required on the control.
    let key = input(&root, &id("apiKey"));
    assert!(label_of(&root, &id("apiKey")).contains("Required"));
    assert_eq!(key.get_attribute("aria-required").as_deref(), Some("true"));
    assert!(!label_of(&root, &id("notes")).contains("Required"));
    assert_eq!(by_id(&root, &id("notes")).get_attribute("aria-required"), None);

    // The description is help text the control points to.
    let help = described_by(&key);
    let help_el = by_id(&root, &help[0]);
    assert_eq!(text(&help_el), "Found under Settings → API in your account.");

    // limit → maxlength and a counter; min/max on numbers.
    assert_eq!(key.max_length(), 20);
    type_into(&root, &id("apiKey"), "abcde");
    settle().await;
    let counter = by_id(&root, &format!("{}-count", id("apiKey")));
    assert!(text(&counter).starts_with("5 / 20"), "{}", text(&counter));
    let days = input(&root, &id("days"));
    assert_eq!((days.min(), days.max()), ("1".to_string(), "90".to_string()));

    // Read-only shows its value, read-only.
    let env = input(&root, &id("env"));
    assert!(env.read_only());
    assert_eq!(env.value(), "production");
    assert!(label_of(&root, &id("env")).contains("Read-only"));

    // Unknown type: text, with a visible note.
    let colour_field = by_id(&root, &id("colour")).parent_element().unwrap();
    assert!(text(&colour_field).contains("Unknown field type “colour”, shown as text"));
}

#[wasm_bindgen_test]
async fn blur_shows_an_announced_error_tied_to_the_field_and_fixing_clears_it() {
    let fields = fixture();
    let (root, _) = mount(fields.clone(), FormState::new(&fields), None);
    settle().await;
    let email_id = dom_id(None, "email");
    type_into(&root, &email_id, "not-an-email");
    settle().await;
    assert!(q(&root, ".mc-field__error").is_none(), "no error while the person is still typing");
    fire(&by_id(&root, &email_id), "blur");
    settle().await;

    let email = input(&root, &email_id);
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    let error_id = format!("{email_id}-error");
    assert!(described_by(&email).contains(&error_id));
    let error = by_id(&root, &error_id);
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    assert!(text(&error).contains("Contact email must be an email address like name@example.com"));

    type_into(&root, &email_id, "ops@example.com");
    settle().await;
    assert!(q(&root, &format!("#{error_id}")).is_none());
    assert_eq!(input(&root, &email_id).get_attribute("aria-invalid"), None);

    // Number bounds come from the model too.
    let days_id = dom_id(None, "days");
    type_into(&root, &days_id, "120");
    fire(&by_id(&root, &days_id), "blur");
    settle().await;
    assert!(text(&by_id(&root, &format!("{days_id}-error"))).contains("Lookback days must be at most 90"));
}

#[wasm_bindgen_test]
async fn submit_shows_every_error_and_focuses_the_first_invalid_field() {
    let fields = fixture();
    let (root, state) = mount(fields.clone(), FormState::new(&fields), None);
    settle().await;
    // Fill the first required field so the first invalid one is further down.
    type_into(&root, &dom_id(None, "apiKey"), "key-123");
    settle().await;
    assert_eq!(submit(state, &fields), None);
    settle().await;
    let errors: Vec<String> = qa(&root, ".mc-field__error").iter().map(text).collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].contains("Region is required"));
    assert!(errors[1].contains("Contact email is required"));
    assert!(errors[2].contains("Client secret is required"));
    let active = document().active_element().unwrap();
    assert_eq!(active.id(), dom_id(None, "region"), "focus moves to the first invalid field");

    // Fix everything: submit returns the normalised values, the read-only one included.
    let region: HtmlSelectElement = by_id(&root, &dom_id(None, "region")).dyn_into().unwrap();
    region.set_value("eu");
    fire(&region, "change");
    type_into(&root, &dom_id(None, "email"), "ops@example.com");
    type_into(&root, &dom_id(None, "clientSecret"), "s3cret");
    type_into(&root, &dom_id(None, "days"), "30");
    let purchase = input(&root, &format!("{}-0", dom_id(None, "events")));
    purchase.set_checked(true);
    fire(&purchase, "change");
    settle().await;
    let out = submit(state, &fields).expect("valid form");
    assert_eq!(out["region"], "eu");
    assert_eq!(out["days"], 30);
    assert_eq!(out["events"], serde_json::json!(["purchase"]));
    assert_eq!(out["env"], "production");
    settle().await;
    assert!(qa(&root, ".mc-field__error").is_empty());
}

#[wasm_bindgen_test]
async fn a_stored_password_is_never_shown_and_can_be_replaced() {
    let mut secret = field("clientSecret", "Client secret", FieldType::Password);
    secret.required = true;
    // Even if a server wrongly sent the stored value back, it must not reach the page.
    secret.value = "leaked-value".into();
    let fields = vec![secret];
    let (root, state) = mount(fields.clone(), FormState::for_secrets(&fields, true), None);
    settle().await;
    let html = root.inner_html();
    assert!(!html.contains("leaked-value"));
    assert!(q(&root, "input").is_none(), "a stored secret shows no input until Replace");
    assert!(text(&root).contains("Set"));
    let replace = qa(&root, "button").into_iter().find(|b| text(b).starts_with("Replace")).expect("Replace button");
    assert_eq!(text(&replace), "Replace Client secret", "its accessible name says which secret");

    replace.dyn_ref::<HtmlElement>().unwrap().click();
    settle().await;
    let id = dom_id(None, "clientSecret");
    let pw = input(&root, &id);
    assert_eq!(pw.type_(), "password");
    assert_eq!(pw.value(), "");
    assert_eq!(document().active_element().map(|e| e.id()), Some(id.clone()), "Replace focuses the input");

    // Left blank, the stored secret is kept: sent blank, no error.
    let out = submit(state, &fields).unwrap();
    assert_eq!(out["clientSecret"], "");

    // Typed: the owner can reveal it, and it toggles back.
    type_into(&root, &id, "n3w-secret");
    settle().await;
    let show = qa(&root, "button").into_iter().find(|b| text(b).starts_with("Show")).expect("Show button");
    assert_eq!(show.get_attribute("aria-pressed").as_deref(), Some("false"));
    show.dyn_ref::<HtmlElement>().unwrap().click();
    settle().await;
    assert_eq!(input(&root, &id).type_(), "text");
    assert_eq!(show.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert!(text(&show).starts_with("Hide"));

    // "Keep the stored secret" drops what was typed.
    let keep = qa(&root, "button").into_iter().find(|b| text(b) == "Keep the stored secret").unwrap();
    keep.dyn_ref::<HtmlElement>().unwrap().click();
    settle().await;
    assert!(q(&root, "input").is_none());
    assert!(!root.inner_html().contains("n3w-secret"));
}

#[wasm_bindgen_test]
async fn filtered_select_narrows_its_options_but_keeps_the_chosen_one() {
    let fields = fixture();
    let (root, _) = mount(fields.clone(), FormState::new(&fields), None);
    settle().await;
    let id = dom_id(None, "adAccount");
    let select: HtmlSelectElement = by_id(&root, &id).dyn_into().unwrap();
    select.set_value("3");
    fire(&select, "change");
    type_into(&root, &format!("{id}-filter"), "acme");
    settle().await;
    let shown: Vec<String> = qa(&by_id(&root, &id), "option").iter().map(text).collect();
    assert_eq!(shown, vec!["Choose…", "Acme Shoes", "Acme Hats", "Globex"]);
    assert!(text(&by_id(&root, &format!("{id}-matches"))).contains("3 of 4 options"));
    type_into(&root, &format!("{id}-filter"), "zzz");
    settle().await;
    let shown: Vec<String> = qa(&by_id(&root, &id), "option").iter().map(text).collect();
    assert_eq!(shown, vec!["Choose…", "Globex"], "the chosen option never disappears");
}

#[wasm_bindgen_test]
async fn server_errors_land_on_the_fields_they_name_under_a_prefix() {
    let fields = fixture();
    let (root, state) = mount(fields.clone(), FormState::new(&fields), Some("srcConnectionConfig"));
    settle().await;
    let mut errors = FieldErrors::new();
    errors.insert("srcConnectionConfig.days".into(), vec!["Lookback days must be at most 90".into()]);
    errors.insert("destConnectionConfig.days".into(), vec!["belongs to the other end".into()]);
    errors.insert("srcConnectionConfig.removed".into(), vec!["Unknown field \"removed\"".into()]);
    state.update(|s| {
        s.apply_server_errors(&fields, &errors, Some("srcConnectionConfig"));
    });
    settle().await;
    let days_id = dom_id(Some("srcConnectionConfig"), "days");
    assert!(text(&by_id(&root, &format!("{days_id}-error"))).contains("Lookback days must be at most 90"));
    assert_eq!(document().active_element().map(|e| e.id()), Some(days_id));
    let summary = q(&root, ".mc-config-form__errors").expect("form-level errors");
    assert_eq!(summary.get_attribute("role").as_deref(), Some("alert"));
    assert!(text(&summary).contains("Unknown field \"removed\""));
    assert!(!text(&root).contains("belongs to the other end"));
}

#[wasm_bindgen_test]
async fn disabled_form_disables_every_control_and_keeps_values() {
    let fields = fixture();
    let doc = document();
    let host = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let state = RwSignal::new(FormState::new(&fields));
    let busy = RwSignal::new(false);
    let f2 = fields.clone();
    leptos::mount::mount_to(host.clone().unchecked_into(), move || {
        view! { <ConfigForm fields=f2.clone() state=state disabled=busy /> }
    })
    .forget();
    settle().await;
    type_into(&host, &dom_id(None, "apiKey"), "typed");
    busy.set(true);
    settle().await;
    for el in qa(&host, "input, select, textarea") {
        let disabled = el.has_attribute("disabled") || el.dyn_ref::<HtmlInputElement>().is_some_and(|i| i.disabled());
        assert!(disabled, "{} should be disabled while saving", el.id());
    }
    busy.set(false);
    settle().await;
    assert_eq!(input(&host, &dom_id(None, "apiKey")).value(), "typed");
}
