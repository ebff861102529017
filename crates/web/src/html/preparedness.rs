//! The preparedness workspace of PHTURVA and Kuntaturva (R3.9, R1.10): the parties'
//! preparedness contacts in calling order with their details as the register holds them,
//! and dated situation notes. Only the forum's members, its secretary and the region's
//! administrators see it; anyone else gets a page that says so and shows nothing of it.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use foorumi_core::permissions::{Action, Object, allowed};
use foorumi_core::preparedness::{PreparednessContact, contact_tree};
use foorumi_core::*;
use foorumi_render::markdown;
use foorumi_store::records;
use foorumi_store::views::RegionRegister;

use super::pages::forum_title;
use super::{Chrome, PageError, PagePath, PageResult, date_text, render, to_login};
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::t;

struct ContactRow {
    order: String,
    name: String,
    details: Vec<String>,
    notes: String,
    edit: Option<String>,
}

struct PartyTree {
    party: String,
    caption: String,
    contacts: Vec<ContactRow>,
    add: Option<String>,
}

struct NoteRow {
    date: String,
    title: String,
    body: String,
    visibility: String,
    public: bool,
    marking: String,
    edit: Option<String>,
}

#[derive(Template)]
#[template(path = "preparedness.html")]
struct WorkspacePage {
    c: Chrome,
    region_code: String,
    region_name: String,
    forum_id: Id,
    forum_name: String,
    tree: Vec<PartyTree>,
    notes: Vec<NoteRow>,
    new_contact: Option<String>,
    new_note: Option<String>,
}

/// Who a contact is today: a post's title with its holder, or the person; and the
/// holder's contact details valid today that the viewer may see.
fn contact_person(register: &RegionRegister, lang: Lang, contact: &PreparednessContact, restricted: bool) -> (String, Vec<String>) {
    let today = foorumi_store::today();
    let (label, person) = match (contact.input.post_id, contact.input.person_id) {
        (Some(post_id), _) => {
            let title = register.posts.iter().find(|p| p.id == post_id).map(|p| p.input.title.get(lang).to_owned()).unwrap_or_default();
            let holder = register
                .holdings
                .iter()
                .find(|h| h.input.post_id == post_id && h.active_on(today))
                .and_then(|h| register.person(h.input.person_id));
            match holder {
                Some(person) => (format!("{title}: {}", person.input.name), Some(person)),
                None => (format!("{title} ({})", t(lang, "preparedness-vacant")), None),
            }
        }
        (None, Some(person_id)) => {
            let person = register.person(person_id);
            (person.map(|p| p.input.name.clone()).unwrap_or_default(), person)
        }
        (None, None) => (String::new(), None),
    };
    let details = person
        .map(|p| {
            p.input
                .contacts
                .iter()
                .filter(|c| c.valid_on(today) && (c.public || restricted))
                .map(|c| format!("{}: {}", t(lang, &format!("contact-kind-{}", c.kind)), c.value))
                .collect()
        })
        .unwrap_or_default();
    (label, details)
}

pub async fn page(State(state): State<AppState>, viewer: Viewer, PagePath(id): PagePath<Id>) -> PageResult {
    if !viewer.signed_in() {
        return Ok(to_login(&viewer));
    }
    let lang = viewer.lang;
    let forum: Forum = records::get(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    if !foorumi_store::preparedness::is_workspace(&forum) {
        return Err(PageError::not_found(&viewer));
    }
    let actor = viewer.actor();
    let object = Object::Workspace { region: forum.region_id, forum: forum.id };
    if !allowed(&actor, Action::View, object) {
        return Err(PageError::new(&viewer, StatusCode::FORBIDDEN, "error-workspace-forbidden"));
    }
    let workspace = foorumi_store::preparedness::workspace(&state.store, id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let register = state.register(forum.region_id).await.map_err(|e| PageError::from_store(&viewer, e))?;
    let may_edit = allowed(&actor, Action::Update, object);
    let restricted = allowed(&actor, Action::View, Object::RestrictedContacts { region: forum.region_id });
    let code = register.region.input.code.clone();

    let party_ids: Vec<Id> = register.parties.iter().map(|p| p.id).collect();
    let tree = contact_tree(&party_ids, &workspace.contacts)
        .into_iter()
        .map(|(party_id, contacts)| {
            let party = register.party(party_id).map(|p| p.input.name.get(lang).to_owned()).unwrap_or_default();
            let contacts = contacts
                .into_iter()
                .enumerate()
                .map(|(i, contact)| {
                    let (name, details) = contact_person(&register, lang, contact, restricted);
                    ContactRow {
                        order: format!("{}. {}", i + 1, t(lang, &format!("contact-role-{}", contact.input.role))),
                        name,
                        details,
                        notes: contact.input.notes.clone(),
                        edit: may_edit.then(|| format!("/edit/preparedness-contact/{}", contact.id)),
                    }
                })
                .collect();
            PartyTree {
                caption: crate::i18n::t_args(lang, "preparedness-tree-caption", &[("party", party.clone())]),
                party,
                contacts,
                add: may_edit.then(|| format!("/regions/{code}/new/preparedness-contact?forum_id={id}&party_id={party_id}")),
            }
        })
        .collect();
    let notes = workspace
        .notes
        .iter()
        .map(|n| NoteRow {
            date: date_text(n.input.noted_on),
            title: n.input.title.clone(),
            body: markdown::to_html(&n.input.body),
            visibility: t(lang, if n.input.public { "preparedness-note-public" } else { "preparedness-note-restricted" }),
            public: n.input.public,
            marking: n.input.marking.clone(),
            edit: may_edit.then(|| format!("/edit/preparedness-note/{}", n.id)),
        })
        .collect();
    let forum_name = forum_title(lang, &forum);
    let region_name = register.region.input.name.get(lang).to_owned();
    let mut c = Chrome::new(&viewer, format!("{}: {forum_name}", t(lang, "preparedness-title"))).with_region(&code, &region_name);
    c.noindex = true;
    Ok(render(&WorkspacePage {
        c,
        region_code: code.clone(),
        region_name,
        forum_id: id,
        forum_name,
        tree,
        notes,
        new_contact: may_edit.then(|| format!("/regions/{code}/new/preparedness-contact?forum_id={id}")),
        new_note: may_edit.then(|| format!("/regions/{code}/new/preparedness-note?forum_id={id}")),
    }))
}
