//! Turns a panic on the page's main thread into a visible message instead of a blank or frozen page
//! (what `console_error_panic_hook` does, plus a banner). The text is set with `textContent`.

use wasm_bindgen::JsCast;

/// Installs the hook; call once before mounting the app.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let text = format!(
            "Heapscope hit an internal error and stopped: {info}. Reload the page to continue."
        );
        web_sys::console::error_1(&text.clone().into());
        show_fatal(&text);
    }));
}

/// Shows `text` in the page's fatal-error banner (`#fatal` in index.html).
pub fn show_fatal(text: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(el) = doc
        .get_element_by_id("fatal")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        el.set_text_content(Some(text));
        el.set_hidden(false);
    }
}
