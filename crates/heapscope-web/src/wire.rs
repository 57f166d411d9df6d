//! How protocol messages cross `postMessage`: each message is a JS array `[message]` or
//! `[message, blob]` (the `File`/`Blob` of a `Load` travels beside the serde value, cloned by reference,
//! never read on the main thread). u64 fields are written as BigInt so no size or id is rounded.

use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// Serializes `msg` for `postMessage`, with u64 as BigInt.
pub fn to_js<T: Serialize>(msg: &T) -> Result<JsValue, JsValue> {
    let s = serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true);
    msg.serialize(&s).map_err(JsValue::from)
}

/// Reads a message written by [`to_js`].
pub fn from_js<T: DeserializeOwned>(v: JsValue) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(v).map_err(JsValue::from)
}

/// The envelope for `postMessage`: `[msg]` or `[msg, blob]`.
pub fn envelope<T: Serialize>(msg: &T, blob: Option<&web_sys::Blob>) -> Result<JsValue, JsValue> {
    let arr = js_sys::Array::new();
    arr.push(&to_js(msg)?);
    if let Some(b) = blob {
        arr.push(b);
    }
    Ok(arr.into())
}

/// Splits an envelope back into the message and the optional blob.
pub fn open<T: DeserializeOwned>(data: JsValue) -> Result<(T, Option<web_sys::Blob>), JsValue> {
    let arr: js_sys::Array = data.dyn_into()?;
    let msg = from_js(arr.get(0))?;
    let blob = arr.get(1).dyn_into::<web_sys::Blob>().ok();
    Ok((msg, blob))
}
