//! HTTP signatures on what we deliver: draft-cavage, `rsa-sha256`, covering
//! `(request-target) host date digest content-type`, the scheme Mastodon, Lemmy, GoToSocial and
//! our own inbox verify. We sign ourselves (rather than through the federation library) so the
//! delivery worker sees the receiver's real answer and can tell a refusal from a success.

use std::time::SystemTime;

use base64::{engine::general_purpose::STANDARD as Base64, Engine};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use rsa::{pkcs8::DecodePrivateKey, Pkcs1v15Sign, RsaPrivateKey};
use sha2::{Digest, Sha256};
use url::Url;

use super::context::ACTIVITY_JSON;

/// An actor's private key, ready to sign.
pub struct SigningKey {
    key_id: String,
    key: RsaPrivateKey,
}

impl SigningKey {
    /// The key of `actor_id`, from its PKCS#8 PEM; the key id is `ACTOR#main-key`.
    pub fn from_pem(actor_id: &str, pem: &str) -> Result<SigningKey, String> {
        let key = RsaPrivateKey::from_pkcs8_pem(pem)
            .map_err(|e| format!("unreadable private key: {e}"))?;
        Ok(SigningKey {
            key_id: format!("{actor_id}#main-key"),
            key,
        })
    }

    /// The headers of a signed `POST` of `body` to `url`.
    pub fn sign_post(&self, url: &Url, body: &[u8], now: SystemTime) -> Result<HeaderMap, String> {
        let host = match url.port() {
            Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
            None => url.host_str().unwrap_or_default().to_string(),
        };
        let target = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        };
        let date = httpdate::fmt_http_date(now);
        let digest = format!("SHA-256={}", Base64.encode(Sha256::digest(body)));
        let signing_string = format!(
            "(request-target): post {target}\nhost: {host}\ndate: {date}\ndigest: {digest}\ncontent-type: {ACTIVITY_JSON}"
        );
        let signature = self
            .key
            .sign(
                Pkcs1v15Sign::new::<Sha256>(),
                &Sha256::digest(signing_string.as_bytes()),
            )
            .map_err(|e| format!("signing failed: {e}"))?;
        let signature_header = format!(
            "keyId=\"{}\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest content-type\",signature=\"{}\"",
            self.key_id,
            Base64.encode(signature)
        );
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("host", host),
            ("date", date),
            ("digest", digest),
            ("content-type", ACTIVITY_JSON.to_string()),
            ("signature", signature_header),
        ] {
            let value =
                HeaderValue::from_str(&value).map_err(|e| format!("bad header {name}: {e}"))?;
            headers.insert(HeaderName::from_static(name), value);
        }
        Ok(headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::{pkcs8::EncodePrivateKey, RsaPublicKey};

    #[test]
    fn signature_verifies_with_the_public_key_over_the_announced_headers() {
        let private = RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
        let pem = private.to_pkcs8_pem(rsa::pkcs8::LineEnding::LF).unwrap();
        let key = SigningKey::from_pem("https://a.example/groups/rennes", &pem).unwrap();
        let url = Url::parse("https://b.example:8443/inbox").unwrap();
        let body = br#"{"type":"Announce"}"#;
        let now = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_800_000_000);
        let headers = key.sign_post(&url, body, now).unwrap();

        assert_eq!(headers["host"], "b.example:8443");
        assert_eq!(
            headers["digest"],
            format!("SHA-256={}", Base64.encode(Sha256::digest(body)))
        );
        let signature = headers["signature"].to_str().unwrap();
        assert!(signature.starts_with("keyId=\"https://a.example/groups/rennes#main-key\""));
        let encoded = signature
            .rsplit("signature=\"")
            .next()
            .unwrap()
            .trim_end_matches('"');
        let expected = format!(
            "(request-target): post /inbox\nhost: b.example:8443\ndate: {}\ndigest: {}\ncontent-type: application/activity+json",
            headers["date"].to_str().unwrap(),
            headers["digest"].to_str().unwrap()
        );
        RsaPublicKey::from(&private)
            .verify(
                Pkcs1v15Sign::new::<Sha256>(),
                &Sha256::digest(expected.as_bytes()),
                &Base64.decode(encoded).unwrap(),
            )
            .expect("the signature is valid");
    }
}
