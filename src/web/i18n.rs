//! Translations: every UI string lives in `locales/{fr,en}/*.ftl` (Fluent), compiled into the
//! binary. The language comes from the `maillon_lang` cookie (the visible switch), else from
//! `Accept-Language`, else French.

use std::{borrow::Cow, collections::HashMap};

use fluent_templates::{fluent_bundle::FluentValue, static_loader, LanguageIdentifier, Loader};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        // No Unicode isolation marks around arguments: they show up in form values and tests.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first of our languages in an `Accept-Language` header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut ranked: Vec<(f32, Lang)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let quality = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                let primary = tag.split('-').next()?;
                Some((quality, Lang::parse(primary)?))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
        ranked.first().map(|(_, lang)| *lang)
    }

    fn identifier(self) -> LanguageIdentifier {
        self.code().parse().expect("static language code")
    }

    /// The text of `key`; the key itself if it is missing (a test checks none is).
    pub fn text(self, key: &str) -> String {
        LOCALES
            .try_lookup(&self.identifier(), key)
            .unwrap_or_else(|| key.to_string())
    }

    /// Whether `key` exists (here or in the French fallback). A lookup fails on a missing
    /// argument, so the check supplies the argument names our texts use.
    pub fn has(self, key: &str) -> bool {
        let args: HashMap<Cow<'static, str>, FluentValue> = [
            "server",
            "name",
            "grade",
            "share",
            "required",
            "ballots",
            "electorate",
            "percent",
            // Event dates and recurrences.
            "weekday",
            "day",
            "month",
            "year",
            "hour",
            "minute",
            "date",
            "time",
            "from",
            "to",
            "zone",
            "rule",
            // The onboarding path's progress ("2 étapes sur 4").
            "steps",
            "total",
        ]
        .into_iter()
        .map(|name| (Cow::Borrowed(name), FluentValue::from("x")))
        .chain([(Cow::Borrowed("count"), FluentValue::from(1))])
        .collect();
        LOCALES
            .try_lookup_with_args(&self.identifier(), key, &args)
            .is_some()
    }

    /// The text of `key` with named arguments.
    pub fn text_with(self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.clone())))
            .collect();
        LOCALES
            .try_lookup_with_args(&self.identifier(), key, &args)
            .unwrap_or_else(|| key.to_string())
    }

    /// The text of `key` for a count (Fluent picks the plural form).
    pub fn count(self, key: &str, count: i64) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> =
            HashMap::from([(Cow::Borrowed("count"), FluentValue::from(count))]);
        LOCALES
            .try_lookup_with_args(&self.identifier(), key, &args)
            .unwrap_or_else(|| key.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every message key of a language, as often as its files define it.
    fn all_keys(lang: &str) -> Vec<String> {
        let dir = format!("{}/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
        let mut keys = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                if let Some((key, _)) = line.split_once(" =") {
                    if !key.starts_with(char::is_whitespace)
                        && !key.starts_with('#')
                        && !key.is_empty()
                    {
                        keys.push(key.trim().to_string());
                    }
                }
            }
        }
        keys
    }

    fn keys(lang: &str) -> BTreeSet<String> {
        all_keys(lang).into_iter().collect()
    }

    /// Two files defining one key make the whole language fail to load (at the first page).
    #[test]
    fn no_key_is_defined_twice() {
        for lang in ["fr", "en"] {
            let mut seen = BTreeSet::new();
            let twice: Vec<String> = all_keys(lang)
                .into_iter()
                .filter(|k| !seen.insert(k.clone()))
                .collect();
            assert!(twice.is_empty(), "{lang}: defined twice: {twice:?}");
        }
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let fr = keys("fr");
        let en = keys("en");
        assert!(!fr.is_empty());
        let only_fr: Vec<_> = fr.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&fr).collect();
        assert!(
            only_fr.is_empty() && only_en.is_empty(),
            "only in fr: {only_fr:?}; only in en: {only_en:?}"
        );
    }

    #[test]
    fn every_key_used_by_templates_and_pages_exists() {
        let mut used = BTreeSet::new();
        let pattern = regex_lite_keys;
        for dir in ["templates", "src/web"] {
            let root = format!("{}/{dir}", env!("CARGO_MANIFEST_DIR"));
            // This file describes the patterns in its comments: not a user of keys.
            for path in walk(&root).into_iter().filter(|p| !p.ends_with("i18n.rs")) {
                let text = std::fs::read_to_string(&path).unwrap();
                used.extend(pattern(&text));
            }
        }
        assert!(used.len() > 20, "found {} keys", used.len());
        for key in &used {
            for lang in Lang::ALL {
                assert!(lang.has(key), "{key} is missing in {}", lang.code());
            }
        }
    }

    /// Keys written as `ctx.t("key")` (and `t1`, `count`, `t_with`), or string literals
    /// starting with `notice-` or `error-` (notices after a redirect, error texts).
    fn regex_lite_keys(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        let openers = [
            ("ctx.t(\"", ""),
            ("ctx.t1(\"", ""),
            ("ctx.count(\"", ""),
            ("ctx.t_with(\"", ""),
            ("\"notice-", "notice-"),
            ("\"error-", "error-"),
        ];
        for (opener, prefix) in openers {
            let mut rest = text;
            while let Some(start) = rest.find(opener) {
                rest = &rest[start + opener.len()..];
                if let Some(end) = rest.find('"') {
                    let key = format!("{prefix}{}", &rest[..end]);
                    if key.len() > prefix.len()
                        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    {
                        found.push(key);
                    }
                }
            }
        }
        found
    }

    fn walk(root: &str) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(root).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(walk(path.to_str().unwrap()));
            } else {
                out.push(path);
            }
        }
        out
    }

    #[test]
    fn accept_language_negotiation() {
        assert_eq!(
            Lang::from_accept_language("en-GB,en;q=0.9,fr;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("fr-BE,fr;q=0.9,en;q=0.5"),
            Some(Lang::Fr)
        );
        assert_eq!(
            Lang::from_accept_language("de-DE,en;q=0.3,fr;q=0.7"),
            Some(Lang::Fr)
        );
        assert_eq!(Lang::from_accept_language("nl-BE"), None);
    }

    #[test]
    fn french_plurals() {
        assert_eq!(Lang::Fr.count("group-members-count", 1), "1 membre");
        assert_eq!(Lang::Fr.count("group-members-count", 2), "2 membres");
        assert_eq!(Lang::En.count("group-members-count", 1), "1 member");
    }
}
