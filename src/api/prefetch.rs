//! A request index.html started before the console's code arrived (the first catalog page for a
//! signed-in visit to the marketplace): taken once by the request it matches, URL and token alike.

use wasm_bindgen::{JsCast, JsValue};

/// The prefetched `(status, body)` when `url` and `token` are exactly what index.html asked
/// with; `None` otherwise, or when it failed (the caller then sends the request itself).
pub(crate) async fn take(url: &str, token: Option<&str>) -> Option<(u16, String)> {
    let window = web_sys::window()?;
    let key = JsValue::from_str("mcPrefetch");
    let entry = js_sys::Reflect::get(&window, &key).ok().filter(|e| e.is_object())?;
    let field = |name: &str| js_sys::Reflect::get(&entry, &JsValue::from_str(name)).ok();
    if field("url")?.as_string().as_deref() != Some(url) || field("token")?.as_string().as_deref() != token {
        return None;
    }
    // Once: a later request for the same page wants fresh data.
    let _ = js_sys::Reflect::delete_property(window.unchecked_ref::<js_sys::Object>(), &key);
    let answer = wasm_bindgen_futures::JsFuture::from(field("answer")?.dyn_into::<js_sys::Promise>().ok()?).await.ok()?;
    let answer: js_sys::Array = answer.dyn_into().ok()?;
    Some((answer.get(0).as_f64()? as u16, answer.get(1).as_string()?))
}
