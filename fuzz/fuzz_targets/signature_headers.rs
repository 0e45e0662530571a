//! Fuzz target: the inbox's checks of a request's `Signature`, `Date` and `Host` headers,
//! made before any key is fetched (`inbox::check_signature_shape`, `check_key_id`). The input
//! is split into header values at newlines. Any header may be refused; none may panic.
#![no_main]

use http::{header, HeaderMap, HeaderValue};
use libfuzzer_sys::fuzz_target;
use maillon::federation::inbox;
use url::Url;

fuzz_target!(|input: &str| {
    let mut parts = input.splitn(4, '\n');
    let mut headers = HeaderMap::new();
    for name in [
        header::HeaderName::from_static("signature"),
        header::DATE,
        header::HOST,
    ] {
        if let Some(value) = parts.next().and_then(|v| HeaderValue::from_str(v).ok()) {
            headers.insert(name, value);
        }
    }
    let actor = parts
        .next()
        .and_then(|raw| Url::parse(raw).ok())
        .unwrap_or_else(|| Url::parse("https://peer.example/users/alice").unwrap());
    let _ = inbox::check_signature_shape(&headers, "maillon.example");
    let _ = inbox::check_key_id(&headers, &actor);
});
