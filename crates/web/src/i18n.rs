//! Words of the interface, from the Fluent files in `i18n/{fi,sv,en}/`. Finnish is the
//! default (domain section 4); the user's choice comes from `?lang=`, then the `lang`
//! cookie, then the browser's Accept-Language.

use std::borrow::Cow;
use std::collections::HashMap;

use axum::http::HeaderMap;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use foorumi_core::Lang;
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./i18n",
        fallback_language: "fi",
        // Bidi isolation marks would end up inside attribute values and e-mails.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn langid(lang: Lang) -> LanguageIdentifier {
    match lang {
        Lang::Fi => langid!("fi"),
        Lang::Sv => langid!("sv"),
        Lang::En => langid!("en"),
    }
}

/// The message `key` in `lang`.
pub fn t(lang: Lang, key: &str) -> String {
    LOCALES.lookup(&langid(lang), key)
}

/// The message `key` in `lang` with named arguments.
pub fn t_args(lang: Lang, key: &str, args: &[(&'static str, String)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue> =
        args.iter().map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.clone()))).collect();
    LOCALES.lookup_with_args(&langid(lang), key, &map)
}

/// Whether a key exists in Finnish, the language every key must have.
pub fn has(key: &str) -> bool {
    LOCALES.try_lookup(&langid(Lang::Fi), key).is_some()
}

/// The language of a request: `?lang=`, then the `lang` cookie, then Accept-Language.
pub fn negotiate(query: Option<&str>, headers: &HeaderMap) -> Lang {
    let from_query = query.and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("lang=")).and_then(Lang::parse));
    let from_cookie = || crate::auth::cookie(headers, "lang").and_then(|v| Lang::parse(&v));
    let from_header = || {
        let header = headers.get(axum::http::header::ACCEPT_LANGUAGE)?.to_str().ok()?;
        header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(";q=");
                let tag = pieces.next()?.trim();
                let weight: f32 = pieces.next().and_then(|q| q.parse().ok()).unwrap_or(1.0);
                let primary = tag.split('-').next()?.to_ascii_lowercase();
                Lang::parse(&primary).map(|lang| (lang, weight))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(lang, _)| lang)
    };
    from_query.or_else(from_cookie).or_else(from_header).unwrap_or(Lang::Fi)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The .ftl files of a language (fluent-templates loads every one in the folder).
    fn files(lang: &str) -> Vec<String> {
        let dir = format!("{}/i18n/{lang}", env!("CARGO_MANIFEST_DIR"));
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".ftl"))
            .collect();
        names.sort();
        names
    }

    fn keys(lang: &str, file: &str) -> Vec<String> {
        let path = format!("{}/i18n/{lang}/{file}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .lines()
            .filter(|line| !line.starts_with(['#', ' ', '.', '*', '[']) && line.contains(" ="))
            .map(|line| line.split(" =").next().unwrap_or_default().trim().to_owned())
            .collect()
    }

    #[test]
    fn every_language_has_every_key() {
        let fi_files = files("fi");
        assert!(fi_files.contains(&"main.ftl".to_owned()), "no Finnish main.ftl");
        let mut all = Vec::new();
        for file in &fi_files {
            let fi = keys("fi", file);
            assert!(file != "main.ftl" || fi.len() > 50, "Finnish main.ftl looks empty");
            for lang in ["sv", "en"] {
                assert_eq!(files(lang), fi_files, "{lang} has other .ftl files than Finnish");
                let other = keys(lang, file);
                let missing: Vec<_> = fi.iter().filter(|k| !other.contains(k)).collect();
                let extra: Vec<_> = other.iter().filter(|k| !fi.contains(k)).collect();
                assert!(missing.is_empty() && extra.is_empty(), "{lang}/{file}: missing {missing:?}, extra {extra:?}");
            }
            all.extend(fi);
        }
        // One bundle holds every file: a key defined twice would hide one of them.
        let mut seen = std::collections::HashSet::new();
        let twice: Vec<_> = all.iter().filter(|k| !seen.insert(*k)).collect();
        assert!(twice.is_empty(), "keys defined twice: {twice:?}");
    }

    #[test]
    fn every_message_key_of_core_and_store_is_translated() {
        let source = [
            include_str!("../../core/src/rules.rs"),
            include_str!("../../core/src/calendar.rs"),
            include_str!("../../store/src/error.rs"),
            include_str!("../../store/src/records.rs"),
            include_str!("../../store/src/accounts.rs"),
            include_str!("../../store/src/meetings.rs"),
            include_str!("../../store/src/outbox.rs"),
            include_str!("../../core/src/cooperation.rs"),
            include_str!("../../store/src/responsibilities.rs"),
            include_str!("../../store/src/conflicts.rs"),
            include_str!("../../store/src/protocol.rs"),
            include_str!("../../core/src/wellbeing.rs"),
            include_str!("../../core/src/preparedness.rs"),
            include_str!("../../store/src/wellbeing.rs"),
            include_str!("../../store/src/preparedness.rs"),
            include_str!("../../core/src/picture.rs"),
            include_str!("../../store/src/picture.rs"),
            include_str!("../../store/src/snapshots.rs"),
            include_str!("../../core/src/goals.rs"),
            include_str!("../../store/src/goals.rs"),
            include_str!("html/goals.rs"),
            include_str!("api/goals.rs"),
        ]
        .concat();
        let mut missing = Vec::new();
        for piece in source.split('"').skip(1).step_by(2) {
            if (piece.starts_with("error-") || piece.starts_with("holiday-")) && !piece.contains(['{', ' ', ':']) && !has(piece) {
                missing.push(piece.to_owned());
            }
        }
        for kind in foorumi_core::ContactKind::ALL {
            let key = format!("error-contact-{kind}");
            if !has(&key) {
                missing.push(key);
            }
        }
        assert!(missing.is_empty(), "untranslated error codes: {missing:?}");
    }

    #[test]
    fn language_comes_from_query_then_cookie_then_header() {
        let mut headers = HeaderMap::new();
        assert_eq!(negotiate(None, &headers), Lang::Fi);
        headers.insert("accept-language", "en-GB,en;q=0.9,sv;q=0.5".parse().unwrap());
        assert_eq!(negotiate(None, &headers), Lang::En);
        headers.insert("cookie", "lang=sv".parse().unwrap());
        assert_eq!(negotiate(None, &headers), Lang::Sv);
        assert_eq!(negotiate(Some("x=1&lang=fi"), &headers), Lang::Fi);
        assert_eq!(t(Lang::Sv, "lang-name"), "Svenska");
    }
}
