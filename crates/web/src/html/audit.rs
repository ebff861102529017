//! The audit log of a region for its administrators (domain R5.4): who changed what and
//! when, newest first, filtered by record, with the chain's verdict on top.

use askama::Template;
use axum::extract::{Query, State};
use foorumi_core::permissions::{Action, Object, allowed};
use foorumi_store::audit::{self, Verdict};
use foorumi_store::views;
use serde::Deserialize;

use super::{Chrome, PageError, PagePath, PageResult, render, to_login};
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::{t, t_args};

const ENTITIES: &[&str] = &["region", "party", "person", "post", "holding", "forum", "council_term", "seat", "meeting", "user"];

struct AuditRow {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    entity: String,
    entity_label: String,
    entity_id: i64,
    changes: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    c: Chrome,
    region_code: String,
    region_name: String,
    verdict: String,
    entities: Vec<(String, String)>,
    entity: String,
    id: String,
    rows: Vec<AuditRow>,
}

#[derive(Deserialize)]
pub struct AuditQuery {
    entity: Option<String>,
    id: Option<String>,
}

/// The top-level fields whose values differ between two JSON records.
fn changed_fields(before: Option<&str>, after: Option<&str>) -> Vec<String> {
    let parse = |text: Option<&str>| text.and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok());
    match (parse(before), parse(after)) {
        (Some(serde_json::Value::Object(b)), Some(serde_json::Value::Object(a))) => {
            let mut keys: Vec<String> = a.keys().chain(b.keys()).filter(|k| *k != "version" && a.get(*k) != b.get(*k)).cloned().collect();
            keys.sort();
            keys.dedup();
            keys
        }
        _ => Vec::new(),
    }
}

pub async fn audit_log(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath(code): PagePath<String>,
    Query(query): Query<AuditQuery>,
) -> PageResult {
    if !viewer.signed_in() {
        return Ok(to_login(&viewer));
    }
    let lang = viewer.lang;
    let region = views::region_by_code(&state.store, &code).await.map_err(|e| PageError::from_store(&viewer, e))?;
    if !allowed(&viewer.actor(), Action::View, Object::AuditLog { region: region.id }) {
        return Err(PageError::new(&viewer, axum::http::StatusCode::FORBIDDEN, "error-page-forbidden"));
    }
    let entity = query.entity.filter(|e| ENTITIES.contains(&e.as_str())).unwrap_or_default();
    let id: Option<i64> = query.id.as_deref().and_then(|i| i.trim().parse().ok());
    let filter = (!entity.is_empty()).then_some(()).and(id).map(|id| (entity.as_str(), id));
    let entries = audit::recent(&state.store, region.id, filter, 200).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let verdict = match audit::verify(&state.store).await.map_err(|e| PageError::from_store(&viewer, e))? {
        Verdict::Intact { entries } => t_args(lang, "audit-intact", &[("entries", entries.to_string())]),
        Verdict::Tampered { seq } => t_args(lang, "audit-tampered", &[("seq", seq.to_string())]),
        Verdict::Missing { seq } => t_args(lang, "audit-missing", &[("seq", seq.to_string())]),
    };
    let rows = entries
        .into_iter()
        .map(|e| AuditRow {
            seq: e.seq,
            at: e.at.get(..19).unwrap_or(&e.at).replace('T', " "),
            actor: e.actor.clone(),
            action: t(lang, &format!("audit-action-{}", e.action)),
            entity_label: t(lang, &format!("audit-entity-{}", e.entity)),
            entity: e.entity.clone(),
            entity_id: e.entity_id,
            changes: changed_fields(e.before_json.as_deref(), e.after_json.as_deref()).join(", "),
        })
        .collect();
    let region_name = region.input.name.get(lang).to_owned();
    let mut c = Chrome::new(&viewer, t(lang, "audit-title")).with_region(&code, &region_name);
    c.noindex = true;
    let page = AuditPage {
        c,
        region_code: code,
        region_name,
        verdict,
        entities: ENTITIES.iter().map(|e| ((*e).to_owned(), t(lang, &format!("audit-entity-{e}")))).collect(),
        entity,
        id: id.map(|i| i.to_string()).unwrap_or_default(),
        rows,
    };
    Ok(render(&page))
}

#[cfg(test)]
mod tests {
    use super::changed_fields;

    #[test]
    fn changed_fields_name_what_differs() {
        let before = r#"{"id":1,"version":1,"name":{"fi":"A"},"code":"016"}"#;
        let after = r#"{"id":1,"version":2,"name":{"fi":"B"},"code":"016"}"#;
        assert_eq!(changed_fields(Some(before), Some(after)), vec!["name".to_owned()]);
        assert!(changed_fields(None, Some(after)).is_empty());
    }
}
