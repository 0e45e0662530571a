//! Signs requests the way a peer does (draft-cavage HTTP signatures, rsa-sha256), so tests can
//! speak to a node as a real remote actor, or deliberately get it wrong.

use base64::{engine::general_purpose::STANDARD as Base64, Engine};
use rsa::{pkcs8::DecodePrivateKey, Pkcs1v15Sign, RsaPrivateKey};
use sha2::{Digest, Sha256};

pub struct Signer {
    pub key_id: String,
    pub key: RsaPrivateKey,
}

impl Signer {
    pub fn from_pem(key_id: &str, pem: &str) -> Signer {
        Signer {
            key_id: key_id.to_string(),
            key: RsaPrivateKey::from_pkcs8_pem(pem).expect("private key"),
        }
    }
}

/// How to build (or break) a signed request.
pub struct Signed<'a> {
    pub signer: &'a Signer,
    /// Headers the signature covers, in order.
    pub covered: Vec<&'static str>,
    /// When set, this body is sent instead of the one that was signed.
    pub swapped_body: Option<Vec<u8>>,
    /// When set, the `Date` sent and signed (default: now).
    pub date: Option<String>,
    /// When set, the `Host` sent and signed (default: the URL's).
    pub host: Option<String>,
}

impl<'a> Signed<'a> {
    pub fn new(signer: &'a Signer) -> Signed<'a> {
        Signed {
            signer,
            covered: vec!["(request-target)", "host", "date", "digest", "content-type"],
            swapped_body: None,
            date: None,
            host: None,
        }
    }

    /// POSTs `body` to `url`, signed; returns the status.
    pub async fn post(
        &self,
        client: &reqwest::Client,
        url: &str,
        body: &[u8],
    ) -> reqwest::StatusCode {
        let parsed = url::Url::parse(url).expect("url");
        let host = self.host.clone().unwrap_or_else(|| {
            format!(
                "{}:{}",
                parsed.host_str().expect("host"),
                parsed.port().expect("port")
            )
        });
        let date = self
            .date
            .clone()
            .unwrap_or_else(|| httpdate::fmt_http_date(std::time::SystemTime::now()));
        let digest = format!("SHA-256={}", Base64.encode(Sha256::digest(body)));
        let content_type = "application/activity+json";
        let lines: Vec<String> = self
            .covered
            .iter()
            .map(|h| match *h {
                "(request-target)" => format!("(request-target): post {}", parsed.path()),
                "host" => format!("host: {host}"),
                "date" => format!("date: {date}"),
                "digest" => format!("digest: {digest}"),
                "content-type" => format!("content-type: {content_type}"),
                other => panic!("unknown header {other}"),
            })
            .collect();
        let signing_string = lines.join("\n");
        let signature = self
            .signer
            .key
            .sign(
                Pkcs1v15Sign::new::<Sha256>(),
                &Sha256::digest(signing_string.as_bytes()),
            )
            .expect("sign");
        let header = format!(
            "keyId=\"{}\",algorithm=\"rsa-sha256\",headers=\"{}\",signature=\"{}\"",
            self.signer.key_id,
            self.covered.join(" "),
            Base64.encode(signature)
        );
        let sent = self.swapped_body.clone().unwrap_or_else(|| body.to_vec());
        client
            .post(url)
            .header("host", host)
            .header("date", date)
            .header("digest", digest)
            .header("content-type", content_type)
            .header("signature", header)
            .body(sent)
            .send()
            .await
            .expect("signed POST")
            .status()
    }
}
