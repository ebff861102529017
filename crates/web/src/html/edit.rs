//! Forms to create, edit and delete every record of the register. Each record type says
//! how it becomes form values, which fields it shows and how a posted form becomes its
//! input; the handlers are the same for all. A form posted with errors comes back with
//! what the user typed and each error next to its field.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use foorumi_core::permissions::Action;
use foorumi_core::*;
use foorumi_store::Error as StoreError;
use foorumi_store::records::{self, Record};
use foorumi_store::views::RegionRegister;
use std::collections::HashMap;

use super::pages::{forum_title, load_region};
use super::{
    Chrome, FieldBuilder, FieldGroup, FieldKind, FormData, PageError, PagePath, PageResult, date_text, error_text, render, to_login,
};
use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::t;

#[derive(Template)]
#[template(path = "edit.html")]
struct EditPage {
    c: Chrome,
    /// The form's heading; the page title also says when the form has errors.
    heading: String,
    action: String,
    version: Option<i64>,
    groups: Vec<FieldGroup>,
    summary: Vec<(String, String)>,
    back: Option<(String, String)>,
    delete: Option<String>,
    /// Values the form carries without showing them (an item's meeting).
    hidden: Vec<(String, String)>,
}

trait Editable: Record {
    /// The record's name in URLs ("council-term").
    const KIND: &'static str;
    fn to_form(input: &Self::Input) -> FormData;
    /// Values of a new record, from the query (`?forum_id=3`) and the register.
    fn defaults(query: &FormData, register: &RegionRegister) -> FormData;
    fn fields(b: &FieldBuilder, register: &RegionRegister, choices: &Choices) -> Vec<FieldGroup>;
    /// The lists beyond the register the form chooses from, loaded before it is drawn.
    const CHOICES: &'static [Choice] = &[];
    /// Form values kept as they are, not shown: what the record belongs to and where it
    /// came from, fixed by the page that linked to the form.
    const HIDDEN: &'static [&'static str] = &[];
    fn parse(form: &FormData) -> Result<Self::Input, Vec<FieldError>>;
    /// The page to return to, with its name.
    fn back(input: &Self::Input, register: &RegionRegister, lang: Lang) -> (String, String);
}

/// A list a form offers choices from that the region's register does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    /// The agenda items of the region's meetings.
    Items,
    /// The indicator catalogue.
    Indicators,
    /// The actions agreed in the region's minutes.
    Actions,
}

/// The lists a record's form chooses from, as its `CHOICES` ask; the others stay empty.
#[derive(Debug, Default)]
struct Choices {
    items: Vec<foorumi_store::views::ItemChoice>,
    indicators: Vec<foorumi_core::indicators::Indicator>,
    actions: Vec<ActionItem>,
}

async fn load_choices<R: Editable>(state: &AppState, viewer: &Viewer, region_id: Id) -> Result<Choices, PageError> {
    let mut choices = Choices::default();
    let store_err = |e| PageError::from_store(viewer, e);
    if R::CHOICES.contains(&Choice::Items) {
        choices.items = foorumi_store::views::item_choices(&state.store, region_id).await.map_err(store_err)?;
    }
    if R::CHOICES.contains(&Choice::Indicators) {
        choices.indicators = foorumi_store::indicators::indicators(&state.store, None).await.map_err(store_err)?;
    }
    if R::CHOICES.contains(&Choice::Actions) {
        // Every action of the region: a measure may link ones already done.
        let page = records::Page { offset: 0, limit: 10_000 };
        choices.actions = records::list::<ActionItem>(&state.store, Some(region_id), &[], page).await.map_err(store_err)?.0;
    }
    Ok(choices)
}

/// A select of the region's agenda items, newest meeting first ("12.3.2026
/// Puheenjohtajafoorumi § 5 Title"), with an empty choice first: those of forums at
/// `level` when the record must link to such a forum's item, and the item the form holds
/// whatever its forum, so that saving never drops a link silently.
fn item_options(b: &FieldBuilder, name: &str, register: &RegionRegister, choices: &Choices, level: Option<ForumLevel>) -> FieldKind {
    let lang = b.lang;
    let current = b.form.get(name);
    let items = choices
        .items
        .iter()
        .filter(|i| level.is_none_or(|l| i.level == l) || i.item_id.to_string() == current)
        .map(|item| (item.item_id, super::item_choice_label(lang, register, item)));
    ordered_options(true, lang, items)
}

/// A select of the indicator catalogue by name, with an empty choice first: a new target
/// names its indicator on purpose, not the first of the list.
fn indicator_options(lang: Lang, choices: &Choices) -> FieldKind {
    options(true, lang, choices.indicators.iter().map(|i| (i.id, i.input.name.get(lang).to_owned())))
}

fn id_text(id: Option<Id>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}

fn date_value(date: Option<chrono::NaiveDate>) -> String {
    date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

fn names_to_form(form: &mut FormData, prefix: &str, names: &Names) {
    form.set(&format!("{prefix}.fi"), names.fi.clone());
    form.set(&format!("{prefix}.sv"), names.sv.clone());
    form.set(&format!("{prefix}.en"), names.en.clone());
}

fn names_from_form(form: &FormData, prefix: &str) -> Names {
    Names { fi: form.text(&format!("{prefix}.fi")), sv: form.text(&format!("{prefix}.sv")), en: form.text(&format!("{prefix}.en")) }
}

fn names_fields(b: &FieldBuilder, prefix: &str, kind: FieldKind) -> Vec<super::Field> {
    ["fi", "sv", "en"]
        .iter()
        .map(|lang| b.field(&format!("{prefix}.{lang}"), &format!("field-{prefix}-{lang}"), kind.clone(), *lang == "fi"))
        .collect()
}

/// A select of records by label, with an empty choice first when `optional`.
fn options(optional: bool, lang: Lang, items: impl Iterator<Item = (Id, String)>) -> FieldKind {
    let mut items: Vec<(Id, String)> = items.collect();
    items.sort_by(|a, b| a.1.cmp(&b.1));
    ordered_options(optional, lang, items.into_iter())
}

/// A select of records in the order given, with an empty choice first when `optional`.
fn ordered_options(optional: bool, lang: Lang, items: impl Iterator<Item = (Id, String)>) -> FieldKind {
    let mut list = Vec::new();
    if optional {
        list.push((String::new(), t(lang, "choose-none")));
    }
    list.extend(items.map(|(id, label)| (id.to_string(), label)));
    FieldKind::Select(list)
}

fn party_options(optional: bool, lang: Lang, register: &RegionRegister) -> FieldKind {
    options(optional, lang, register.parties.iter().map(|p| (p.id, p.input.name.get(lang).to_owned())))
}

fn post_label(lang: Lang, register: &RegionRegister, post: &Post) -> String {
    let party = register.party(post.input.party_id).map(|p| p.input.name.get(lang)).unwrap_or_default();
    format!("{}, {party}", post.input.title.get(lang))
}

macro_rules! as_strs {
    ($t:ty) => {
        <$t>::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>()
    };
}

fn parse_enum<T>(form: &FormData, name: &str, parse: fn(&str) -> Option<T>, errors: &mut Vec<FieldError>) -> Option<T> {
    let value = parse(form.get(name));
    if value.is_none() {
        errors.push(FieldError::new(name, "error-required"));
    }
    value
}

// ---- the record types ---------------------------------------------------------------

const EXTRA_ROWS: usize = 2;

impl Editable for Meeting {
    const KIND: &'static str = "meeting";
    fn to_form(input: &MeetingInput) -> FormData {
        let mut f = FormData::default();
        f.set("forum_id", id_text(input.forum_ids.first().copied()));
        for joint in input.forum_ids.iter().skip(1) {
            f.set(&format!("joint.{joint}"), "1");
        }
        f.set("date", date_value(Some(input.date)));
        f.set("start_time", input.start_time.format("%H:%M").to_string());
        f.set("end_time", input.end_time.format("%H:%M").to_string());
        f.set("place", input.place.clone());
        f.set("online_url", input.online_url.clone());
        f.set("kind", input.kind.as_str());
        f.set("status", input.status.as_str());
        f.set("cancel_reason", input.cancel_reason.clone());
        f
    }
    fn defaults(query: &FormData, register: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("forum_id", query.text("forum_id"));
        let forum = query.get("forum_id").parse().ok().and_then(|id| register.forum(id));
        let (start, end) = forum.map(|f| f.input.cadence.hours()).unwrap_or_else(|| Cadence::as_needed().hours());
        f.set("date", date_value(Some(foorumi_core::calendar::working_day_on_or_after(foorumi_store::today()))));
        f.set("start_time", start.format("%H:%M").to_string());
        f.set("end_time", end.format("%H:%M").to_string());
        f.set("kind", "meeting");
        f.set("status", "planned");
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let lang = b.lang;
        let forums = options(false, lang, register.forums.iter().map(|f| (f.id, forum_title(lang, f))));
        let mut joint: Vec<super::Field> = register
            .forums
            .iter()
            .map(|forum| {
                let mut field = b.field(&format!("joint.{}", forum.id), "field-joint-forum", FieldKind::Checkbox, false);
                field.label = forum_title(lang, forum);
                field
            })
            .collect();
        joint.sort_by(|a, c| a.label.cmp(&c.label));
        vec![
            b.group(
                "main",
                None,
                vec![
                    b.field("forum_id", "field-convening-forum", forums, true),
                    b.field("date", "field-date", FieldKind::Input("date"), true),
                    b.field("start_time", "field-start-time", FieldKind::Input("time"), true),
                    b.field("end_time", "field-end-time", FieldKind::Input("time"), true),
                    b.field("place", "field-place", FieldKind::Input("text"), false),
                    b.hinted("online_url", "field-online-url", FieldKind::Input("url"), false, "hint-online-url"),
                    b.choice("kind", "field-meeting-kind", "meeting-kind", &as_strs!(MeetingKind)),
                    b.choice("status", "field-status", "meeting-status", &as_strs!(MeetingStatus)),
                    b.hinted("cancel_reason", "field-cancel-reason", FieldKind::Textarea, false, "hint-cancel-reason"),
                ],
            ),
            b.group("forum_ids", Some("field-joint-forums"), joint),
        ]
    }
    fn parse(form: &FormData) -> Result<MeetingInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = parse_enum(form, "kind", MeetingKind::parse, &mut errors);
        let status = parse_enum(form, "status", MeetingStatus::parse, &mut errors);
        let convening = form.required_id("forum_id", &mut errors);
        let mut forum_ids = vec![convening];
        forum_ids.extend(
            form.0
                .iter()
                .filter(|(_, v)| v == "1")
                .filter_map(|(k, _)| k.strip_prefix("joint.")?.parse::<Id>().ok())
                .filter(|id| *id != convening),
        );
        let start_time = form.time("start_time", &mut errors);
        let end_time = form.time("end_time", &mut errors);
        for (name, value) in [("start_time", start_time), ("end_time", end_time)] {
            if value.is_none() && form.get(name).is_empty() {
                errors.push(FieldError::new(name, "error-required"));
            }
        }
        let input = MeetingInput {
            forum_ids,
            date: form.required_date("date", &mut errors),
            start_time: start_time.unwrap_or_default(),
            end_time: end_time.unwrap_or_default(),
            place: form.text("place"),
            online_url: form.text("online_url"),
            kind: kind.unwrap_or(MeetingKind::Meeting),
            status: status.unwrap_or(MeetingStatus::Planned),
            cancel_reason: form.text("cancel_reason"),
            generated: false,
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &MeetingInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        match input.forum_ids.first().and_then(|id| register.forum(*id)) {
            Some(forum) => (format!("/forums/{}", forum.id), forum_title(lang, forum)),
            None => region_back(register, lang),
        }
    }
}

impl Editable for Region {
    const KIND: &'static str = "region";
    fn to_form(input: &RegionInput) -> FormData {
        let mut f = FormData::default();
        f.set("code", input.code.clone());
        names_to_form(&mut f, "name", &input.name);
        f
    }
    fn defaults(_: &FormData, _: &RegionRegister) -> FormData {
        FormData::default()
    }
    fn fields(b: &FieldBuilder, _: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let mut main = vec![b.hinted("code", "field-region-code", FieldKind::Input("text"), true, "hint-region-code")];
        main.extend(names_fields(b, "name", FieldKind::Input("text")));
        vec![b.group("main", None, main)]
    }
    fn parse(form: &FormData) -> Result<RegionInput, Vec<FieldError>> {
        Ok(RegionInput { code: form.text("code"), name: names_from_form(form, "name") })
    }
    fn back(_: &RegionInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        region_back(register, lang)
    }
}

impl Editable for Party {
    const KIND: &'static str = "party";
    fn to_form(input: &PartyInput) -> FormData {
        let mut f = FormData::default();
        f.set("kind", input.kind.as_str());
        f.set("code", input.code.clone().unwrap_or_default());
        names_to_form(&mut f, "name", &input.name);
        f.set("signed_protocol", if input.signed_protocol { "1" } else { "" });
        f.set("is_example", if input.is_example { "1" } else { "" });
        for (i, period) in input.region_periods.iter().enumerate() {
            f.set(&format!("periods.{i}.region_code"), period.region_code.clone());
            f.set(&format!("periods.{i}.valid_from"), date_value(Some(period.valid_from)));
            f.set(&format!("periods.{i}.valid_until"), date_value(period.valid_until));
        }
        f
    }
    fn defaults(_: &FormData, register: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("kind", "municipality");
        f.set("periods.0.region_code", register.region.input.code.clone());
        f.set("periods.0.valid_from", date_value(Some(foorumi_store::today())));
        f
    }
    fn fields(b: &FieldBuilder, _: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let mut main = vec![b.choice("kind", "field-kind", "party-kind", &as_strs!(PartyKind))];
        main.push(b.hinted("code", "field-code", FieldKind::Input("text"), false, "hint-party-code"));
        main.extend(names_fields(b, "name", FieldKind::Input("text")));
        main.push(b.field("signed_protocol", "field-signed-protocol", FieldKind::Checkbox, false));
        main.push(b.field("is_example", "field-is-example", FieldKind::Checkbox, false));
        let mut groups = vec![b.group("main", None, main)];
        let rows = row_count(b.form, "periods", "region_code") + 1;
        let mut periods = Vec::new();
        for i in 0..rows {
            periods.push(b.hinted(
                &format!("periods.{i}.region_code"),
                "field-region-code",
                FieldKind::Input("text"),
                false,
                "hint-region-code",
            ));
            periods.push(b.field(&format!("periods.{i}.valid_from"), "field-valid-from", FieldKind::Input("date"), false));
            periods.push(b.field(&format!("periods.{i}.valid_until"), "field-valid-until", FieldKind::Input("date"), false));
        }
        groups.push(b.group("region_periods", Some("field-region-periods"), periods));
        groups
    }
    fn parse(form: &FormData) -> Result<PartyInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = parse_enum(form, "kind", PartyKind::parse, &mut errors);
        let mut region_periods = Vec::new();
        for i in 0..row_count(form, "periods", "region_code") {
            let code = form.text(&format!("periods.{i}.region_code"));
            if code.is_empty() {
                continue;
            }
            let valid_from = form.required_date(&format!("periods.{i}.valid_from"), &mut errors);
            let valid_until = form.date(&format!("periods.{i}.valid_until"), &mut errors);
            region_periods.push(RegionPeriod { region_code: code, valid_from, valid_until });
        }
        let input = PartyInput {
            kind: kind.unwrap_or(PartyKind::Stakeholder),
            code: form.opt_text("code"),
            name: names_from_form(form, "name"),
            signed_protocol: form.checkbox("signed_protocol"),
            is_example: form.checkbox("is_example"),
            region_periods,
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(_: &PartyInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        region_back(register, lang)
    }
}

fn region_back(register: &RegionRegister, lang: Lang) -> (String, String) {
    (format!("/regions/{}", register.region.input.code), register.region.input.name.get(lang).to_owned())
}

fn party_back(party_id: Id, register: &RegionRegister, lang: Lang) -> (String, String) {
    match register.party(party_id) {
        Some(party) => (format!("/parties/{}", party.id), party.input.name.get(lang).to_owned()),
        None => region_back(register, lang),
    }
}

/// How many rows of a repeated group the form holds (`contacts.3.kind` → 4).
fn row_count(form: &FormData, group: &str, field: &str) -> usize {
    let prefix = format!("{group}.");
    let suffix = format!(".{field}");
    form.0
        .iter()
        .filter_map(|(k, _)| k.strip_prefix(&prefix)?.strip_suffix(&suffix)?.parse::<usize>().ok())
        .map(|i| i + 1)
        .max()
        .unwrap_or(0)
}

impl Editable for Person {
    const KIND: &'static str = "person";
    fn to_form(input: &PersonInput) -> FormData {
        let mut f = FormData::default();
        f.set("name", input.name.clone());
        f.set("party_id", id_text(input.party_id));
        f.set("lang", input.lang.as_str());
        for (i, c) in input.contacts.iter().enumerate() {
            f.set(&format!("contacts.{i}.kind"), c.kind.as_str());
            f.set(&format!("contacts.{i}.value"), c.value.clone());
            f.set(&format!("contacts.{i}.public"), if c.public { "1" } else { "" });
            f.set(&format!("contacts.{i}.valid_from"), date_value(c.valid_from));
            f.set(&format!("contacts.{i}.valid_until"), date_value(c.valid_until));
        }
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("party_id", query.text("party_id"));
        f.set("lang", Lang::Fi.as_str());
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let main = vec![
            b.hinted("name", "field-person-name", FieldKind::Input("text"), true, "hint-person-name"),
            b.field("party_id", "field-party", party_options(true, b.lang, register), false),
            b.choice("lang", "field-person-lang", "lang-option", &as_strs!(Lang)),
        ];
        let mut groups = vec![b.group("main", None, main)];
        let rows = row_count(b.form, "contacts", "kind") + EXTRA_ROWS;
        let mut contacts = Vec::new();
        for i in 0..rows {
            let mut kinds = vec![(String::new(), t(b.lang, "choose-none"))];
            kinds.extend(ContactKind::ALL.iter().map(|k| (k.as_str().to_owned(), t(b.lang, &format!("contact-kind-{k}")))));
            contacts.push(b.field(&format!("contacts.{i}.kind"), "field-contact-kind", FieldKind::Select(kinds), false));
            contacts.push(b.field(&format!("contacts.{i}.value"), "field-contact-value", FieldKind::Input("text"), false));
            contacts.push(b.field(&format!("contacts.{i}.public"), "field-contact-public", FieldKind::Checkbox, false));
            contacts.push(b.field(&format!("contacts.{i}.valid_from"), "field-valid-from", FieldKind::Input("date"), false));
            contacts.push(b.field(&format!("contacts.{i}.valid_until"), "field-valid-until", FieldKind::Input("date"), false));
        }
        groups.push(b.group("contacts", Some("field-contacts"), contacts));
        groups
    }
    fn parse(form: &FormData) -> Result<PersonInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let party_id = form.id("party_id", &mut errors);
        let mut contacts = Vec::new();
        for i in 0..row_count(form, "contacts", "kind") {
            let Some(kind) = ContactKind::parse(form.get(&format!("contacts.{i}.kind"))) else { continue };
            contacts.push(Contact {
                kind,
                value: form.text(&format!("contacts.{i}.value")),
                public: form.checkbox(&format!("contacts.{i}.public")),
                valid_from: form.date(&format!("contacts.{i}.valid_from"), &mut errors),
                valid_until: form.date(&format!("contacts.{i}.valid_until"), &mut errors),
            });
        }
        let lang = Lang::parse(form.get("lang")).unwrap_or_default();
        let input = PersonInput { name: form.text("name"), party_id, contacts, lang };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &PersonInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        match input.party_id {
            Some(id) => party_back(id, register, lang),
            None => (format!("/regions/{}/directory", register.region.input.code), t(lang, "nav-directory")),
        }
    }
}

impl Editable for Post {
    const KIND: &'static str = "post";
    fn to_form(input: &PostInput) -> FormData {
        let mut f = FormData::default();
        f.set("party_id", input.party_id.to_string());
        names_to_form(&mut f, "title", &input.title);
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("party_id", query.text("party_id"));
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let mut main = vec![b.field("party_id", "field-party", party_options(false, b.lang, register), true)];
        main.extend(names_fields(b, "title", FieldKind::Input("text")));
        vec![b.group("main", None, main)]
    }
    fn parse(form: &FormData) -> Result<PostInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let input = PostInput { party_id: form.required_id("party_id", &mut errors), title: names_from_form(form, "title") };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &PostInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        party_back(input.party_id, register, lang)
    }
}

impl Editable for Holding {
    const KIND: &'static str = "holding";
    fn to_form(input: &HoldingInput) -> FormData {
        let mut f = FormData::default();
        f.set("post_id", input.post_id.to_string());
        f.set("person_id", input.person_id.to_string());
        f.set("start_date", date_value(Some(input.start_date)));
        f.set("end_date", date_value(input.end_date));
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("post_id", query.text("post_id"));
        f.set("start_date", date_value(Some(foorumi_store::today())));
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let posts = options(false, b.lang, register.posts.iter().map(|p| (p.id, post_label(b.lang, register, p))));
        let people = options(false, b.lang, register.people.iter().map(|p| (p.id, p.input.name.clone())));
        vec![b.group(
            "main",
            None,
            vec![
                b.field("post_id", "field-post", posts, true),
                b.field("person_id", "field-person", people, true),
                b.field("start_date", "field-start-date", FieldKind::Input("date"), true),
                b.hinted("end_date", "field-end-date", FieldKind::Input("date"), false, "hint-holding-end"),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<HoldingInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let input = HoldingInput {
            post_id: form.required_id("post_id", &mut errors),
            person_id: form.required_id("person_id", &mut errors),
            start_date: form.required_date("start_date", &mut errors),
            end_date: form.date("end_date", &mut errors),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &HoldingInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        match register.post(input.post_id) {
            Some(post) => party_back(post.input.party_id, register, lang),
            None => region_back(register, lang),
        }
    }
}

impl Editable for Forum {
    const KIND: &'static str = "forum";
    fn to_form(input: &ForumInput) -> FormData {
        let mut f = FormData::default();
        names_to_form(&mut f, "name", &input.name);
        f.set("short_name", input.short_name.clone());
        f.set("level", input.level.as_str());
        f.set("legal_type", input.legal_type.as_str());
        names_to_form(&mut f, "mandate", &input.mandate);
        f.set("parent_id", id_text(input.parent_id));
        let c = &input.cadence;
        f.set("cadence.kind", c.kind.as_str());
        f.set("cadence.weekday", c.weekday.map(|v| v.to_string()).unwrap_or_default());
        f.set("cadence.week_of_month", c.week_of_month.map(|v| v.to_string()).unwrap_or_default());
        f.set("cadence.month", c.month.map(|v| v.to_string()).unwrap_or_default());
        f.set("cadence.start_time", c.start_time.map(|v| v.format("%H:%M").to_string()).unwrap_or_default());
        f.set("cadence.duration_minutes", c.duration_minutes.map(|v| v.to_string()).unwrap_or_default());
        for month in &c.excluded_months {
            f.set(&format!("cadence.excluded.{month}"), "1");
        }
        f.set("default_publicity", input.default_publicity.as_str());
        f.set("notice_days", input.notice_days.to_string());
        f.set("minutes_approval", input.minutes_approval.as_str());
        f.set("organisation_id", id_text(input.organisation_id));
        f
    }
    fn defaults(_: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("level", "working_group");
        f.set("legal_type", "working_group");
        f.set("cadence.kind", "as_needed");
        f.set("default_publicity", "public");
        f.set("notice_days", "4");
        f.set("minutes_approval", "checkers");
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let lang = b.lang;
        let mut main = names_fields(b, "name", FieldKind::Input("text"));
        main.push(b.hinted("short_name", "field-short-name", FieldKind::Input("text"), false, "hint-short-name"));
        main.push(b.choice("level", "field-level", "level", &as_strs!(ForumLevel)));
        main.push(b.hinted_choice("legal_type", "field-legal-type", "legal-type", &as_strs!(LegalType), "hint-legal-type"));
        let parents = options(true, lang, register.forums.iter().map(|f| (f.id, forum_title(lang, f))));
        main.push(b.hinted("parent_id", "field-parent", parents, false, "hint-parent"));
        main.push(b.choice("default_publicity", "field-default-publicity", "publicity", &as_strs!(Publicity)));
        main.push(b.hinted("notice_days", "field-notice-days", FieldKind::Input("number"), true, "hint-notice-days"));
        main.push(b.hinted_choice(
            "minutes_approval",
            "field-minutes-approval",
            "minutes-approval",
            &as_strs!(MinutesApproval),
            "hint-minutes-approval",
        ));
        main.push(b.hinted("organisation_id", "field-organisation", party_options(true, lang, register), false, "hint-organisation"));
        let mandate = names_fields(b, "mandate", FieldKind::Textarea);
        let numbered = |key_prefix: &str, range: std::ops::RangeInclusive<i8>| {
            let mut list = vec![(String::new(), t(lang, "choose-none"))];
            list.extend(range.filter(|v| *v != 0).map(|v| (v.to_string(), t(lang, &format!("{key_prefix}-{v}")))));
            FieldKind::Select(list)
        };
        let cadence = vec![
            b.choice("cadence.kind", "field-cadence-kind", "cadence", &as_strs!(CadenceKind)),
            b.field("cadence.week_of_month", "field-cadence-week", numbered("week", -1..=4), false),
            b.field("cadence.weekday", "field-cadence-weekday", numbered("weekday", 1..=7), false),
            b.hinted("cadence.month", "field-cadence-month", numbered("month", 1..=12), false, "hint-cadence-month"),
            b.hinted("cadence.start_time", "field-cadence-start-time", FieldKind::Input("time"), false, "hint-cadence-start-time"),
            b.hinted("cadence.duration_minutes", "field-cadence-duration", FieldKind::Input("number"), false, "hint-cadence-duration"),
        ];
        let mut months = Vec::new();
        for m in 1..=12 {
            let mut field = b.field(&format!("cadence.excluded.{m}"), "field-cadence-excluded", FieldKind::Checkbox, false);
            field.label = t(lang, &format!("month-{m}"));
            months.push(field);
        }
        vec![
            b.group("main", None, main),
            b.group("mandate", Some("field-mandate"), mandate),
            b.group("cadence", Some("field-cadence"), cadence),
            b.group("cadence.excluded_months", Some("field-cadence-excluded"), months),
        ]
    }
    fn parse(form: &FormData) -> Result<ForumInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let level = parse_enum(form, "level", ForumLevel::parse, &mut errors);
        let legal_type = parse_enum(form, "legal_type", LegalType::parse, &mut errors);
        let kind = parse_enum(form, "cadence.kind", CadenceKind::parse, &mut errors);
        let publicity = parse_enum(form, "default_publicity", Publicity::parse, &mut errors);
        let approval = parse_enum(form, "minutes_approval", MinutesApproval::parse, &mut errors);
        let input = ForumInput {
            name: names_from_form(form, "name"),
            short_name: form.text("short_name"),
            level: level.unwrap_or(ForumLevel::WorkingGroup),
            legal_type: legal_type.unwrap_or(LegalType::WorkingGroup),
            mandate: names_from_form(form, "mandate"),
            parent_id: form.id("parent_id", &mut errors),
            cadence: Cadence {
                kind: kind.unwrap_or(CadenceKind::AsNeeded),
                weekday: form.small("cadence.weekday", &mut errors),
                week_of_month: form.small("cadence.week_of_month", &mut errors),
                month: form.small("cadence.month", &mut errors),
                excluded_months: (1..=12).filter(|m| form.checkbox(&format!("cadence.excluded.{m}"))).collect(),
                start_time: form.time("cadence.start_time", &mut errors),
                duration_minutes: form.small("cadence.duration_minutes", &mut errors),
            },
            default_publicity: publicity.unwrap_or(Publicity::Public),
            notice_days: form.small("notice_days", &mut errors).unwrap_or(4),
            minutes_approval: approval.unwrap_or(MinutesApproval::Checkers),
            organisation_id: form.id("organisation_id", &mut errors),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(_: &ForumInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        region_back(register, lang)
    }
}

impl Editable for CouncilTerm {
    const KIND: &'static str = "council-term";
    fn to_form(input: &TermInput) -> FormData {
        let mut f = FormData::default();
        f.set("start_date", date_value(Some(input.start_date)));
        f.set("end_date", date_value(Some(input.end_date)));
        f
    }
    fn defaults(_: &FormData, _: &RegionRegister) -> FormData {
        let next = foorumi_core::rules::statutory_term_for(foorumi_store::today());
        Self::to_form(&next)
    }
    fn fields(b: &FieldBuilder, _: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        vec![b.group(
            "main",
            None,
            vec![
                b.field("start_date", "field-start-date", FieldKind::Input("date"), true),
                b.field("end_date", "field-end-date", FieldKind::Input("date"), true),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<TermInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let input =
            TermInput { start_date: form.required_date("start_date", &mut errors), end_date: form.required_date("end_date", &mut errors) };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(_: &TermInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        region_back(register, lang)
    }
}

impl Editable for Seat {
    const KIND: &'static str = "seat";
    fn to_form(input: &SeatInput) -> FormData {
        let mut f = FormData::default();
        f.set("forum_id", input.forum_id.to_string());
        f.set("term_id", input.term_id.to_string());
        f.set("post_id", id_text(input.post_id));
        f.set("person_id", id_text(input.person_id));
        f.set("party_id", input.party_id.to_string());
        f.set("role", input.role.as_str());
        f.set("deputy_of", id_text(input.deputy_of));
        f.set("start_date", date_value(Some(input.start_date)));
        f.set("end_date", date_value(input.end_date));
        f.set("status", input.status.as_str());
        f
    }
    fn defaults(query: &FormData, register: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("forum_id", query.text("forum_id"));
        f.set("role", "member");
        f.set("status", "active");
        let today = foorumi_store::today();
        if let Some(term) = register.term_on(today) {
            f.set("term_id", term.id.to_string());
            f.set("start_date", date_value(Some(today.max(term.input.start_date))));
        }
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let lang = b.lang;
        let forums = options(false, lang, register.forums.iter().map(|f| (f.id, forum_title(lang, f))));
        let terms = options(false, lang, register.terms.iter().map(|t| (t.id, t.label())));
        let posts = options(true, lang, register.posts.iter().map(|p| (p.id, post_label(lang, register, p))));
        let people = options(true, lang, register.people.iter().map(|p| (p.id, p.input.name.clone())));
        let today = foorumi_store::today();
        let forum_id: Option<Id> = b.form.get("forum_id").parse().ok();
        let seats = options(
            true,
            lang,
            register.seats.iter().filter(|s| forum_id.is_none_or(|f| s.input.forum_id == f) && s.input.role != SeatRole::Deputy).map(|s| {
                let who = s
                    .input
                    .post_id
                    .and_then(|id| register.post(id))
                    .map(|p| post_label(lang, register, p))
                    .or_else(|| s.input.person_id.and_then(|id| register.person(id)).map(|p| p.input.name.clone()))
                    .unwrap_or_default();
                let forum = register.forum(s.input.forum_id).map(|f| forum_title(lang, f)).unwrap_or_default();
                let current = if s.active_on(today) { String::new() } else { format!(" ({})", date_text(s.input.start_date)) };
                (s.id, format!("{forum}: {who}{current}"))
            }),
        );
        vec![
            b.group(
                "main",
                None,
                vec![
                    b.field("forum_id", "field-forum", forums, true),
                    b.field("term_id", "field-term", terms, true),
                    b.choice("role", "field-role", "role", &as_strs!(SeatRole)),
                    b.hinted("deputy_of", "field-deputy-of", seats, false, "hint-deputy-of"),
                    b.hinted("party_id", "field-on-behalf-of", party_options(false, lang, register), true, "hint-on-behalf-of"),
                ],
            ),
            b.group(
                "post_id",
                Some("field-seat-holder"),
                vec![
                    b.hinted("post_id", "field-post", posts, false, "hint-seat-post"),
                    b.field("person_id", "field-person", people, false),
                ],
            ),
            b.group(
                "period",
                Some("field-period"),
                vec![
                    b.field("start_date", "field-start-date", FieldKind::Input("date"), true),
                    b.hinted("end_date", "field-end-date", FieldKind::Input("date"), false, "hint-seat-end"),
                    b.choice("status", "field-status", "seat-status", &as_strs!(SeatStatus)),
                ],
            ),
        ]
    }
    fn parse(form: &FormData) -> Result<SeatInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let role = parse_enum(form, "role", SeatRole::parse, &mut errors);
        let status = parse_enum(form, "status", SeatStatus::parse, &mut errors);
        let input = SeatInput {
            forum_id: form.required_id("forum_id", &mut errors),
            term_id: form.required_id("term_id", &mut errors),
            post_id: form.id("post_id", &mut errors),
            person_id: form.id("person_id", &mut errors),
            party_id: form.required_id("party_id", &mut errors),
            role: role.unwrap_or(SeatRole::Member),
            deputy_of: form.id("deputy_of", &mut errors),
            start_date: form.required_date("start_date", &mut errors),
            end_date: form.date("end_date", &mut errors),
            status: status.unwrap_or(SeatStatus::Active),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &SeatInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        match register.forum(input.forum_id) {
            Some(forum) => (format!("/forums/{}", forum.id), forum_title(lang, forum)),
            None => region_back(register, lang),
        }
    }
}

impl Editable for LegalBasis {
    const KIND: &'static str = "legal-basis";
    fn to_form(input: &LegalBasisInput) -> FormData {
        let mut f = FormData::default();
        f.set("code", input.code.clone());
        names_to_form(&mut f, "name", &input.name);
        f
    }
    fn defaults(_: &FormData, _: &RegionRegister) -> FormData {
        FormData::default()
    }
    fn fields(b: &FieldBuilder, _: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let mut main = vec![b.hinted("code", "field-legal-basis-code", FieldKind::Input("text"), true, "hint-legal-basis-code")];
        main.extend(names_fields(b, "name", FieldKind::Input("text")));
        vec![b.group("main", None, main)]
    }
    fn parse(form: &FormData) -> Result<LegalBasisInput, Vec<FieldError>> {
        Ok(LegalBasisInput { code: form.text("code"), name: names_from_form(form, "name") })
    }
    fn back(_: &LegalBasisInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        (format!("/regions/{}/legal-bases", register.region.input.code), t(lang, "legal-bases-title"))
    }
}

impl Editable for StandingItem {
    const KIND: &'static str = "standing-item";
    fn to_form(input: &StandingItemInput) -> FormData {
        let mut f = FormData::default();
        f.set("forum_id", input.forum_id.to_string());
        f.set("placement", input.placement.as_str());
        f.set("position", input.position.to_string());
        f.set("title", input.title.clone());
        f.set("proposal", input.proposal.clone());
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("forum_id", query.text("forum_id"));
        f.set("placement", "start");
        f.set("position", "1");
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let forums = options(false, b.lang, register.forums.iter().map(|f| (f.id, forum_title(b.lang, f))));
        vec![b.group(
            "main",
            None,
            vec![
                b.field("forum_id", "field-forum", forums, true),
                b.choice("placement", "field-placement", "placement", &as_strs!(Placement)),
                b.field("position", "field-order", FieldKind::Input("number"), true),
                b.field("title", "field-item-title", FieldKind::Input("text"), true),
                b.hinted("proposal", "field-item-proposal", FieldKind::Textarea, false, "hint-markdown"),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<StandingItemInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let placement = parse_enum(form, "placement", Placement::parse, &mut errors);
        let input = StandingItemInput {
            forum_id: form.required_id("forum_id", &mut errors),
            placement: placement.unwrap_or(Placement::Start),
            position: form.small("position", &mut errors).unwrap_or(1),
            title: form.text("title"),
            proposal: form.text("proposal"),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &StandingItemInput, _: &RegionRegister, lang: Lang) -> (String, String) {
        (format!("/forums/{}/standing-items", input.forum_id), t(lang, "standing-items-title"))
    }
}

impl Editable for AgendaItem {
    const KIND: &'static str = "agenda-item";
    const HIDDEN: &'static [&'static str] = &["meeting_id", "position", "standing_item_id", "proposal_id"];
    fn to_form(input: &AgendaItemInput) -> FormData {
        let mut f = FormData::default();
        f.set("meeting_id", input.meeting_id.to_string());
        f.set("position", input.position.to_string());
        f.set("title", input.title.clone());
        f.set("public_title", input.public_title.clone());
        f.set("preparer_id", id_text(input.preparer_id));
        f.set("presenter_id", id_text(input.presenter_id));
        f.set("background", input.background.clone());
        f.set("proposal", input.proposal.clone());
        f.set("publicity", input.publicity.as_str());
        f.set("legal_basis_id", id_text(input.legal_basis_id));
        f.set("tags", input.tags.join(", "));
        for party in &input.party_ids {
            f.set(&format!("party.{party}"), "1");
        }
        f.set("standing_item_id", id_text(input.standing_item_id));
        f.set("proposal_id", id_text(input.proposal_id));
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("meeting_id", query.text("meeting_id"));
        f.set("position", "0");
        // The editor's link passes the forum's default publicity.
        f.set("publicity", Publicity::parse(query.get("publicity")).unwrap_or(Publicity::Public).as_str());
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let lang = b.lang;
        let people = || options(true, lang, register.people.iter().map(|p| (p.id, p.input.name.clone())));
        let bases =
            options(true, lang, register.legal_bases.iter().map(|l| (l.id, format!("{} – {}", l.input.code, l.input.name.get(lang)))));
        let parties: Vec<super::Field> = register
            .parties
            .iter()
            .map(|party| {
                let mut field = b.field(&format!("party.{}", party.id), "field-item-party", FieldKind::Checkbox, false);
                field.label = party.input.name.get(lang).to_owned();
                field
            })
            .collect();
        vec![
            b.group(
                "main",
                None,
                vec![
                    b.field("title", "field-item-title", FieldKind::Input("text"), true),
                    b.hinted_choice("publicity", "field-publicity", "publicity", &as_strs!(Publicity), "hint-item-publicity"),
                    b.hinted("public_title", "field-public-title", FieldKind::Input("text"), false, "hint-public-title"),
                    b.hinted("legal_basis_id", "field-legal-basis", bases, false, "hint-legal-basis"),
                    b.field("preparer_id", "field-preparer", people(), false),
                    b.field("presenter_id", "field-presenter", people(), false),
                    b.hinted("background", "field-background", FieldKind::Textarea, false, "hint-markdown"),
                    b.hinted("proposal", "field-item-proposal", FieldKind::Textarea, false, "hint-markdown"),
                    b.hinted("tags", "field-tags", FieldKind::Input("text"), false, "hint-tags"),
                ],
            ),
            b.group("party_ids", Some("field-item-parties"), parties),
        ]
    }
    fn parse(form: &FormData) -> Result<AgendaItemInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let publicity = parse_enum(form, "publicity", Publicity::parse, &mut errors);
        let input = AgendaItemInput {
            meeting_id: form.required_id("meeting_id", &mut errors),
            position: form.small("position", &mut errors).unwrap_or(0),
            title: form.text("title"),
            public_title: form.text("public_title"),
            preparer_id: form.id("preparer_id", &mut errors),
            presenter_id: form.id("presenter_id", &mut errors),
            background: form.text("background"),
            proposal: form.text("proposal"),
            publicity: publicity.unwrap_or(Publicity::NotYetPublic),
            legal_basis_id: form.id("legal_basis_id", &mut errors),
            tags: form.text("tags").split(',').map(str::to_owned).collect(),
            party_ids: form.0.iter().filter(|(_, v)| v == "1").filter_map(|(k, _)| k.strip_prefix("party.")?.parse().ok()).collect(),
            standing_item_id: form.id("standing_item_id", &mut errors),
            proposal_id: form.id("proposal_id", &mut errors),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &AgendaItemInput, _: &RegionRegister, lang: Lang) -> (String, String) {
        (format!("/meetings/{}/agenda/edit", input.meeting_id), t(lang, "agenda-editor-title"))
    }
}

impl Editable for Attachment {
    const KIND: &'static str = "attachment";
    const HIDDEN: &'static [&'static str] = &["item_id"];
    fn to_form(input: &AttachmentInput) -> FormData {
        let mut f = FormData::default();
        f.set("item_id", input.item_id.to_string());
        f.set("name", input.name.clone());
        f.set("publicity", input.publicity.as_str());
        f.set("legal_basis_id", id_text(input.legal_basis_id));
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("item_id", query.text("item_id"));
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let lang = b.lang;
        let bases =
            options(true, lang, register.legal_bases.iter().map(|l| (l.id, format!("{} – {}", l.input.code, l.input.name.get(lang)))));
        vec![b.group(
            "main",
            None,
            vec![
                b.field("name", "field-attachment-name", FieldKind::Input("text"), true),
                b.choice("publicity", "field-publicity", "publicity", &as_strs!(Publicity)),
                b.hinted("legal_basis_id", "field-legal-basis", bases, false, "hint-legal-basis"),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<AttachmentInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let publicity = parse_enum(form, "publicity", Publicity::parse, &mut errors);
        let input = AttachmentInput {
            item_id: form.required_id("item_id", &mut errors),
            name: form.text("name"),
            publicity: publicity.unwrap_or(Publicity::NotYetPublic),
            legal_basis_id: form.id("legal_basis_id", &mut errors),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &AttachmentInput, _: &RegionRegister, lang: Lang) -> (String, String) {
        (format!("/agenda-items/{}", input.item_id), t(lang, "agenda-editor-title"))
    }
}

impl Editable for Proposal {
    const KIND: &'static str = "proposal";
    fn to_form(input: &ProposalInput) -> FormData {
        let mut f = FormData::default();
        f.set("forum_id", input.forum_id.to_string());
        f.set("party_id", id_text(input.party_id));
        f.set("person_id", id_text(input.person_id));
        f.set("title", input.title.clone());
        f.set("description", input.description.clone());
        f.set("wanted_by", date_value(input.wanted_by));
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        for name in ["forum_id", "party_id", "person_id"] {
            f.set(name, query.text(name));
        }
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let lang = b.lang;
        let forums = options(false, lang, register.forums.iter().map(|f| (f.id, forum_title(lang, f))));
        let people = options(true, lang, register.people.iter().map(|p| (p.id, p.input.name.clone())));
        vec![b.group(
            "main",
            None,
            vec![
                b.field("forum_id", "field-forum", forums, true),
                b.field("title", "field-proposal-title", FieldKind::Input("text"), true),
                b.hinted("description", "field-proposal-description", FieldKind::Textarea, false, "hint-markdown"),
                b.hinted("party_id", "field-proposing-party", party_options(true, lang, register), false, "hint-proposing-party"),
                b.field("person_id", "field-proposer", people, false),
                b.hinted("wanted_by", "field-wanted-by", FieldKind::Input("date"), false, "hint-wanted-by"),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<ProposalInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let input = ProposalInput {
            forum_id: form.required_id("forum_id", &mut errors),
            party_id: form.id("party_id", &mut errors),
            person_id: form.id("person_id", &mut errors),
            title: form.text("title"),
            description: form.text("description"),
            wanted_by: form.date("wanted_by", &mut errors),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &ProposalInput, _: &RegionRegister, lang: Lang) -> (String, String) {
        (format!("/forums/{}/proposals", input.forum_id), t(lang, "proposals-title"))
    }
}

// ---- the record of a meeting --------------------------------------------------------

/// The page an item's record is written on.
fn item_back(item_id: Id, lang: Lang) -> (String, String) {
    (format!("/agenda-items/{item_id}/minutes"), t(lang, "minutes-back"))
}

fn people_options(optional: bool, lang: Lang, register: &RegionRegister) -> FieldKind {
    options(optional, lang, register.people.iter().map(|p| (p.id, p.input.name.clone())))
}

const CHECKER_FIELDS: usize = 3;

impl Editable for Minutes {
    const KIND: &'static str = "minutes";
    const HIDDEN: &'static [&'static str] = &["meeting_id"];
    fn to_form(input: &MinutesInput) -> FormData {
        let mut f = FormData::default();
        f.set("meeting_id", input.meeting_id.to_string());
        f.set("chair_id", id_text(input.chair_id));
        f.set("secretary_id", id_text(input.secretary_id));
        for (i, checker) in input.checker_ids.iter().enumerate() {
            f.set(&format!("checker.{}", i + 1), checker.to_string());
        }
        f.set("opened_at", input.opened_at.map(|t| t.format("%H:%M").to_string()).unwrap_or_default());
        f.set("closed_at", input.closed_at.map(|t| t.format("%H:%M").to_string()).unwrap_or_default());
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("meeting_id", query.text("meeting_id"));
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let lang = b.lang;
        let main = vec![
            b.field("chair_id", "field-chair", people_options(true, lang, register), false),
            b.field("secretary_id", "field-secretary", people_options(true, lang, register), false),
            b.hinted("opened_at", "field-opened-at", FieldKind::Input("time"), false, "hint-opened-at"),
            b.field("closed_at", "field-closed-at", FieldKind::Input("time"), false),
        ];
        let mut checkers = Vec::new();
        for i in 1..=CHECKER_FIELDS {
            let mut field = b.field(&format!("checker.{i}"), "field-checker", people_options(true, lang, register), false);
            field.label = format!("{} {i}", field.label);
            checkers.push(field);
        }
        vec![b.group("main", None, main), b.group("checker_ids", Some("field-checkers"), checkers)]
    }
    fn parse(form: &FormData) -> Result<MinutesInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let input = MinutesInput {
            meeting_id: form.required_id("meeting_id", &mut errors),
            chair_id: form.id("chair_id", &mut errors),
            secretary_id: form.id("secretary_id", &mut errors),
            checker_ids: (1..=CHECKER_FIELDS).filter_map(|i| form.id(&format!("checker.{i}"), &mut errors)).collect(),
            opened_at: form.time("opened_at", &mut errors),
            closed_at: form.time("closed_at", &mut errors),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &MinutesInput, _: &RegionRegister, lang: Lang) -> (String, String) {
        (format!("/meetings/{}/minutes", input.meeting_id), t(lang, "minutes-back"))
    }
}

impl Editable for Disqualification {
    const KIND: &'static str = "disqualification";
    const HIDDEN: &'static [&'static str] = &["item_id"];
    fn to_form(input: &DisqualificationInput) -> FormData {
        let mut f = FormData::default();
        f.set("item_id", input.item_id.to_string());
        f.set("person_id", input.person_id.to_string());
        f.set("ground", input.ground.as_str());
        f.set("decided_by", input.decided_by.clone());
        f.set("left_at", input.left_at.map(|t| t.format("%H:%M").to_string()).unwrap_or_default());
        f.set("returned_at", input.returned_at.map(|t| t.format("%H:%M").to_string()).unwrap_or_default());
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("item_id", query.text("item_id"));
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let lang = b.lang;
        vec![b.group(
            "main",
            None,
            vec![
                b.field("person_id", "field-person", people_options(false, lang, register), true),
                b.choice("ground", "field-disqualification-ground", "ground", &as_strs!(DisqualificationGround)),
                b.hinted("decided_by", "field-decided-by", FieldKind::Input("text"), false, "hint-decided-by"),
                b.field("left_at", "field-left-at", FieldKind::Input("time"), false),
                b.field("returned_at", "field-returned-at", FieldKind::Input("time"), false),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<DisqualificationInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let ground = parse_enum(form, "ground", DisqualificationGround::parse, &mut errors);
        let input = DisqualificationInput {
            item_id: form.required_id("item_id", &mut errors),
            person_id: form.required_id("person_id", &mut errors),
            ground: ground.unwrap_or(DisqualificationGround::Hl28Other),
            decided_by: form.text("decided_by"),
            left_at: form.time("left_at", &mut errors),
            returned_at: form.time("returned_at", &mut errors),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &DisqualificationInput, _: &RegionRegister, lang: Lang) -> (String, String) {
        item_back(input.item_id, lang)
    }
}

impl Editable for Dissent {
    const KIND: &'static str = "dissent";
    const HIDDEN: &'static [&'static str] = &["item_id"];
    fn to_form(input: &DissentInput) -> FormData {
        let mut f = FormData::default();
        f.set("item_id", input.item_id.to_string());
        f.set("person_id", input.person_id.to_string());
        f.set("reasons", input.reasons.clone());
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("item_id", query.text("item_id"));
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let lang = b.lang;
        vec![b.group(
            "main",
            None,
            vec![
                b.field("person_id", "field-person", people_options(false, lang, register), true),
                b.hinted("reasons", "field-dissent-reasons", FieldKind::Textarea, false, "hint-dissent-reasons"),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<DissentInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let input = DissentInput {
            item_id: form.required_id("item_id", &mut errors),
            person_id: form.required_id("person_id", &mut errors),
            reasons: form.text("reasons"),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &DissentInput, _: &RegionRegister, lang: Lang) -> (String, String) {
        item_back(input.item_id, lang)
    }
}

impl Editable for ActionItem {
    const KIND: &'static str = "action";
    const HIDDEN: &'static [&'static str] = &["item_id"];
    fn to_form(input: &ActionInput) -> FormData {
        let mut f = FormData::default();
        f.set("item_id", input.item_id.to_string());
        f.set("title", input.title.clone());
        f.set("owner_party_id", id_text(input.owner_party_id));
        f.set("owner_person_id", id_text(input.owner_person_id));
        f.set("due_date", date_value(input.due_date));
        f.set("status", input.status.as_str());
        f.set("notes", input.notes.clone());
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("item_id", query.text("item_id"));
        f.set("status", "open");
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let lang = b.lang;
        vec![b.group(
            "main",
            None,
            vec![
                b.field("title", "field-action-title", FieldKind::Input("text"), true),
                b.field("owner_party_id", "field-owner-party", party_options(true, lang, register), false),
                b.field("owner_person_id", "field-owner-person", people_options(true, lang, register), false),
                b.field("due_date", "field-due-date", FieldKind::Input("date"), false),
                b.choice("status", "field-status", "action-status", &as_strs!(ActionStatus)),
                b.hinted("notes", "field-notes", FieldKind::Textarea, false, "hint-action-notes"),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<ActionInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let status = parse_enum(form, "status", ActionStatus::parse, &mut errors);
        let input = ActionInput {
            item_id: form.required_id("item_id", &mut errors),
            title: form.text("title"),
            owner_party_id: form.id("owner_party_id", &mut errors),
            owner_person_id: form.id("owner_person_id", &mut errors),
            due_date: form.date("due_date", &mut errors),
            status: status.unwrap_or(ActionStatus::Open),
            notes: form.text("notes"),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &ActionInput, _: &RegionRegister, lang: Lang) -> (String, String) {
        item_back(input.item_id, lang)
    }
}

impl Editable for Ratification {
    const KIND: &'static str = "ratification";
    const HIDDEN: &'static [&'static str] = &["item_id"];
    fn to_form(input: &RatificationInput) -> FormData {
        let mut f = FormData::default();
        f.set("item_id", input.item_id.to_string());
        f.set("party_id", input.party_id.to_string());
        f.set("body", input.body.clone());
        f.set("decided_on", date_value(input.decided_on));
        f.set("section", input.section.clone());
        f.set("url", input.url.clone());
        f.set("result", input.result.as_str());
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("item_id", query.text("item_id"));
        f.set("party_id", query.text("party_id"));
        f.set("result", "pending");
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let lang = b.lang;
        vec![b.group(
            "main",
            None,
            vec![
                b.field("party_id", "field-party", party_options(false, lang, register), true),
                b.choice("result", "field-ratification-result", "ratification-result", &as_strs!(RatificationResult)),
                b.hinted("body", "field-deciding-body", FieldKind::Input("text"), false, "hint-deciding-body"),
                b.field("decided_on", "field-decided-on", FieldKind::Input("date"), false),
                b.hinted("section", "field-section", FieldKind::Input("text"), false, "hint-section"),
                b.field("url", "field-decision-url", FieldKind::Input("url"), false),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<RatificationInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let result = parse_enum(form, "result", RatificationResult::parse, &mut errors);
        let input = RatificationInput {
            item_id: form.required_id("item_id", &mut errors),
            party_id: form.required_id("party_id", &mut errors),
            body: form.text("body"),
            decided_on: form.date("decided_on", &mut errors),
            section: form.text("section"),
            url: form.text("url"),
            result: result.unwrap_or(RatificationResult::Pending),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &RatificationInput, _: &RegionRegister, lang: Lang) -> (String, String) {
        (format!("/agenda-items/{}/ratifications", input.item_id), t(lang, "ratifications-title"))
    }
}

impl Editable for AppealTemplate {
    const KIND: &'static str = "appeal-template";
    const HIDDEN: &'static [&'static str] = &["party_id"];
    fn to_form(input: &AppealTemplateInput) -> FormData {
        let mut f = FormData::default();
        f.set("party_id", input.party_id.to_string());
        f.set("appeal", input.appeal.as_str());
        f.set("basis", input.basis.clone());
        names_to_form(&mut f, "text", &input.text);
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("party_id", query.text("party_id"));
        f.set("appeal", "rectification");
        f
    }
    fn fields(b: &FieldBuilder, _: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let mut main = vec![
            b.choice("appeal", "field-appeal", "appeal", &as_strs!(Appeal)),
            b.hinted("basis", "field-appeal-basis", FieldKind::Input("text"), false, "hint-template-basis"),
        ];
        main.extend(names_fields(b, "text", FieldKind::Textarea));
        vec![b.group("main", None, main)]
    }
    fn parse(form: &FormData) -> Result<AppealTemplateInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let appeal = parse_enum(form, "appeal", Appeal::parse, &mut errors);
        let input = AppealTemplateInput {
            party_id: form.required_id("party_id", &mut errors),
            appeal: appeal.unwrap_or(Appeal::Rectification),
            basis: form.text("basis"),
            text: names_from_form(form, "text"),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &AppealTemplateInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        party_back(input.party_id, register, lang)
    }
}

impl Editable for PartyNotification {
    const KIND: &'static str = "party-notification";
    const HIDDEN: &'static [&'static str] = &["item_id"];
    fn to_form(input: &PartyNotificationInput) -> FormData {
        let mut f = FormData::default();
        f.set("item_id", input.item_id.to_string());
        f.set("recipient", input.recipient.clone());
        f.set("method", input.method.as_str());
        f.set("sent_on", date_value(Some(input.sent_on)));
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("item_id", query.text("item_id"));
        f.set("method", "letter");
        f.set("sent_on", date_value(Some(foorumi_store::today())));
        f
    }
    fn fields(b: &FieldBuilder, _: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        vec![b.group(
            "main",
            None,
            vec![
                b.hinted("recipient", "field-recipient", FieldKind::Input("text"), true, "hint-recipient"),
                b.hinted_choice(
                    "method",
                    "field-notification-method",
                    "notification-method",
                    &as_strs!(NotificationMethod),
                    "hint-notification-method",
                ),
                b.field("sent_on", "field-sent-on", FieldKind::Input("date"), true),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<PartyNotificationInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let method = parse_enum(form, "method", NotificationMethod::parse, &mut errors);
        let sent_on = form.date("sent_on", &mut errors);
        if sent_on.is_none() && !errors.iter().any(|e| e.field == "sent_on") {
            errors.push(FieldError::new("sent_on", "error-required"));
        }
        let input = PartyNotificationInput {
            item_id: form.required_id("item_id", &mut errors),
            recipient: form.text("recipient"),
            method: method.unwrap_or(NotificationMethod::Letter),
            sent_on: sent_on.unwrap_or_default(),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &PartyNotificationInput, _: &RegionRegister, lang: Lang) -> (String, String) {
        item_back(input.item_id, lang)
    }
}

// ---- handlers -----------------------------------------------------------------------

/// Everything one form page needs to be drawn.
struct FormState<'a> {
    viewer: &'a Viewer,
    register: &'a RegionRegister,
    choices: &'a Choices,
    form: FormData,
    errors: Vec<FieldError>,
    action: String,
    version: Option<i64>,
    delete: Option<String>,
    back: (String, String),
    title_key: String,
}

fn form_page<R: Editable>(s: FormState, status: StatusCode) -> Response {
    let lang = s.viewer.lang;
    let builder = FieldBuilder { lang, form: &s.form, errors: &s.errors };
    let groups = R::fields(&builder, s.register, s.choices);
    let summary = s
        .errors
        .iter()
        .map(|e| {
            // The field the error names, else the group of fields it names, else the form.
            let anchor = groups
                .iter()
                .flat_map(|g| g.fields.iter())
                .find(|f| f.name == e.field)
                .map(|f| f.id.clone())
                .or_else(|| groups.iter().find(|g| g.name == e.field).map(|g| g.id.clone()))
                .unwrap_or_else(|| "main".to_owned());
            let label = groups.iter().flat_map(|g| g.fields.iter()).find(|f| f.name == e.field).map(|f| format!("{}: ", f.label));
            (anchor, format!("{}{}", label.unwrap_or_default(), error_text(lang, e)))
        })
        .collect();
    let mut c =
        Chrome::new(s.viewer, t(lang, &s.title_key)).with_region(&s.register.region.input.code, s.register.region.input.name.get(lang));
    c.noindex = true;
    if !s.errors.is_empty() {
        c.title = format!("{} – {}", t(lang, "form-has-errors"), c.title);
    }
    let page = EditPage {
        heading: t(lang, &s.title_key),
        c,
        action: s.action,
        version: s.version,
        groups,
        summary,
        back: Some(s.back),
        delete: s.delete,
        hidden: R::HIDDEN.iter().map(|name| ((*name).to_owned(), s.form.text(name))).collect(),
    };
    (status, render(&page)).into_response()
}

async fn new_form_of<R: Editable>(state: &AppState, viewer: &Viewer, code: &str, query: FormData) -> PageResult {
    let register = load_region(state, viewer, code).await?;
    let form = R::defaults(&query, &register);
    let back = match R::parse(&form) {
        Ok(input) => R::back(&input, &register, viewer.lang),
        Err(_) => region_back(&register, viewer.lang),
    };
    let choices = load_choices::<R>(state, viewer, register.region.id).await?;
    let state = FormState {
        viewer,
        register: &register,
        choices: &choices,
        form,
        errors: Vec::new(),
        action: format!("/regions/{code}/new/{}", R::KIND),
        version: None,
        delete: None,
        back,
        title_key: format!("new-{}", R::KIND),
    };
    Ok(form_page::<R>(state, StatusCode::OK))
}

async fn create_of<R: Editable>(state: &AppState, viewer: &Viewer, code: &str, form: FormData) -> PageResult {
    let register = load_region(state, viewer, code).await?;
    let region_id = register.region.id;
    let result = match R::parse(&form) {
        Ok(input) => {
            let back = R::back(&input, &register, viewer.lang);
            match records::create::<R>(&state.store, &viewer.actor(), &viewer.author(), region_id, input).await {
                Ok(created) => {
                    let back = R::back(created.input(), &state.register(region_id).await.unwrap_or(register.clone()), viewer.lang);
                    return Ok(Redirect::to(&back.0).into_response());
                }
                Err(err) => (err_fields(viewer, err)?, back),
            }
        }
        Err(errors) => (errors, region_back(&register, viewer.lang)),
    };
    let (errors, back) = result;
    let choices = load_choices::<R>(state, viewer, register.region.id).await?;
    let state = FormState {
        viewer,
        register: &register,
        choices: &choices,
        form,
        errors,
        action: format!("/regions/{code}/new/{}", R::KIND),
        version: None,
        delete: None,
        back,
        title_key: format!("new-{}", R::KIND),
    };
    Ok(form_page::<R>(state, StatusCode::UNPROCESSABLE_ENTITY))
}

/// Field errors are shown on the form; anything else becomes an error page.
fn err_fields(viewer: &Viewer, err: StoreError) -> Result<Vec<FieldError>, PageError> {
    match err {
        StoreError::Invalid(list) => Ok(list),
        StoreError::Conflict { field: Some(field), code } => Ok(vec![FieldError { field, code }]),
        StoreError::Stale { .. } => Ok(vec![FieldError::new("version", "error-page-stale")]),
        other => Err(PageError::from_store(viewer, other)),
    }
}

async fn edit_form_of<R: Editable>(state: &AppState, viewer: &Viewer, id: Id) -> PageResult {
    let record: R = records::get(&state.store, id).await.map_err(|e| PageError::from_store(viewer, e))?;
    // The form shows the record as stored: only to those who may change it.
    if !records::may(&state.store, &viewer.actor(), Action::Update, &record).await.map_err(|e| PageError::from_store(viewer, e))? {
        return Err(PageError::new(viewer, StatusCode::FORBIDDEN, "error-page-forbidden"));
    }
    let register = state.register(record.region_id()).await.map_err(|e| PageError::from_store(viewer, e))?;
    let choices = load_choices::<R>(state, viewer, register.region.id).await?;
    let state = FormState {
        viewer,
        register: &register,
        choices: &choices,
        form: R::to_form(record.input()),
        errors: Vec::new(),
        action: format!("/edit/{}/{id}", R::KIND),
        version: Some(record.version()),
        delete: Some(format!("/delete/{}/{id}", R::KIND)),
        back: R::back(record.input(), &register, viewer.lang),
        title_key: format!("edit-{}", R::KIND),
    };
    Ok(form_page::<R>(state, StatusCode::OK))
}

async fn update_of<R: Editable>(state: &AppState, viewer: &Viewer, id: Id, form: FormData) -> PageResult {
    let record: R = records::get(&state.store, id).await.map_err(|e| PageError::from_store(viewer, e))?;
    let register = state.register(record.region_id()).await.map_err(|e| PageError::from_store(viewer, e))?;
    let mut version: i64 = form.get("version").parse().unwrap_or(-1);
    let errors = match R::parse(&form) {
        Ok(input) => match records::update::<R>(&state.store, &viewer.actor(), &viewer.author(), id, version, input).await {
            Ok(updated) => {
                let register = state.register(record.region_id()).await.unwrap_or(register);
                return Ok(Redirect::to(&R::back(updated.input(), &register, viewer.lang).0).into_response());
            }
            Err(err) => {
                // Someone saved meanwhile: the form comes back with the user's values and
                // the current version, so that saving again after checking goes through.
                if let StoreError::Stale { current } = &err {
                    version = *current;
                }
                err_fields(viewer, err)?
            }
        },
        Err(errors) => errors,
    };
    let choices = load_choices::<R>(state, viewer, register.region.id).await?;
    let state = FormState {
        viewer,
        register: &register,
        choices: &choices,
        form,
        errors,
        action: format!("/edit/{}/{id}", R::KIND),
        version: Some(version),
        delete: Some(format!("/delete/{}/{id}", R::KIND)),
        back: R::back(record.input(), &register, viewer.lang),
        title_key: format!("edit-{}", R::KIND),
    };
    Ok(form_page::<R>(state, StatusCode::UNPROCESSABLE_ENTITY))
}

async fn delete_of<R: Editable>(state: &AppState, viewer: &Viewer, id: Id, form: FormData) -> PageResult {
    let record: R = records::get(&state.store, id).await.map_err(|e| PageError::from_store(viewer, e))?;
    let register = state.register(record.region_id()).await.map_err(|e| PageError::from_store(viewer, e))?;
    let version = form.get("version").parse().ok();
    records::delete::<R>(&state.store, &viewer.actor(), &viewer.author(), id, version)
        .await
        .map_err(|e| PageError::from_store(viewer, e))?;
    Ok(Redirect::to(&R::back(record.input(), &register, viewer.lang).0).into_response())
}

// ---- issue 5: the division of responsibilities, conflicts, the cooperation protocol ----

fn responsibilities_back(register: &RegionRegister, lang: Lang) -> (String, String) {
    (format!("/regions/{}/responsibilities", register.region.input.code), t(lang, "responsibilities-title"))
}

impl Editable for foorumi_core::cooperation::ResponsibilityTopic {
    const KIND: &'static str = "responsibility-topic";
    fn to_form(input: &foorumi_core::cooperation::ResponsibilityTopicInput) -> FormData {
        let mut f = FormData::default();
        names_to_form(&mut f, "name", &input.name);
        names_to_form(&mut f, "description", &input.description);
        f.set("position", input.position.to_string());
        f
    }
    fn defaults(_: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("position", "0");
        f
    }
    fn fields(b: &FieldBuilder, _: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let mut main = names_fields(b, "name", FieldKind::Input("text"));
        main.extend(["fi", "sv", "en"].iter().map(|lang| {
            b.field(&format!("description.{lang}"), &format!("field-responsibility-description-{lang}"), FieldKind::Textarea, false)
        }));
        main.push(b.hinted("position", "field-responsibility-position", FieldKind::Input("number"), false, "hint-responsibility-position"));
        vec![b.group("main", None, main)]
    }
    fn parse(form: &FormData) -> Result<foorumi_core::cooperation::ResponsibilityTopicInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let input = foorumi_core::cooperation::ResponsibilityTopicInput {
            name: names_from_form(form, "name"),
            description: names_from_form(form, "description"),
            position: form.small("position", &mut errors).unwrap_or(0),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(_: &foorumi_core::cooperation::ResponsibilityTopicInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        responsibilities_back(register, lang)
    }
}

impl Editable for foorumi_core::cooperation::Responsibility {
    const KIND: &'static str = "responsibility";
    const HIDDEN: &'static [&'static str] = &["topic_id"];
    fn to_form(input: &foorumi_core::cooperation::ResponsibilityInput) -> FormData {
        let mut f = FormData::default();
        f.set("topic_id", input.topic_id.to_string());
        f.set("party_id", input.party_id.to_string());
        f.set("role", input.role.as_str());
        f.set("legal_basis", input.legal_basis.clone());
        f.set("forum_id", id_text(input.forum_id));
        f.set("post_id", id_text(input.post_id));
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("topic_id", query.text("topic_id"));
        f.set("party_id", query.text("party_id"));
        f.set("role", "participates");
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let lang = b.lang;
        let forums = options(true, lang, register.forums.iter().map(|f| (f.id, forum_title(lang, f))));
        let posts = options(true, lang, register.posts.iter().map(|p| (p.id, post_label(lang, register, p))));
        vec![b.group(
            "main",
            None,
            vec![
                b.field("party_id", "field-party", party_options(false, lang, register), true),
                b.choice(
                    "role",
                    "field-responsibility-role",
                    "responsibility-role",
                    &as_strs!(foorumi_core::cooperation::ResponsibilityRole),
                ),
                b.hinted(
                    "legal_basis",
                    "field-responsibility-legal-basis",
                    FieldKind::Input("text"),
                    false,
                    "hint-responsibility-legal-basis",
                ),
                b.field("forum_id", "field-responsibility-forum", forums, false),
                b.hinted("post_id", "field-responsibility-post", posts, false, "hint-responsibility-post"),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<foorumi_core::cooperation::ResponsibilityInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let role = parse_enum(form, "role", foorumi_core::cooperation::ResponsibilityRole::parse, &mut errors);
        let input = foorumi_core::cooperation::ResponsibilityInput {
            topic_id: form.required_id("topic_id", &mut errors),
            party_id: form.required_id("party_id", &mut errors),
            role: role.unwrap_or(foorumi_core::cooperation::ResponsibilityRole::Participates),
            legal_basis: form.text("legal_basis"),
            forum_id: form.id("forum_id", &mut errors),
            post_id: form.id("post_id", &mut errors),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &foorumi_core::cooperation::ResponsibilityInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        (format!("/regions/{}/responsibilities/{}", register.region.input.code, input.topic_id), t(lang, "responsibilities-title"))
    }
}

impl Editable for foorumi_core::cooperation::Conflict {
    const KIND: &'static str = "conflict";
    const CHOICES: &'static [Choice] = &[Choice::Items];
    const HIDDEN: &'static [&'static str] = &["topic_id"];
    fn to_form(input: &foorumi_core::cooperation::ConflictInput) -> FormData {
        let mut f = FormData::default();
        f.set("title", input.title.clone());
        f.set("topic_id", id_text(input.topic_id));
        f.set("topic_text", input.topic_text.clone());
        f.set("raised_by", id_text(input.raised_by));
        for party in &input.party_ids {
            f.set(&format!("party.{party}"), "1");
        }
        f.set("forum_id", input.forum_id.to_string());
        f.set("item_id", id_text(input.item_id));
        f.set("description", input.description.clone());
        f.set("raised_on", date_value(Some(input.raised_on)));
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("topic_id", query.text("topic_id"));
        f.set("forum_id", query.text("forum_id"));
        f.set("item_id", query.text("item_id"));
        f.set("raised_on", date_value(Some(foorumi_store::today())));
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, choices: &Choices) -> Vec<FieldGroup> {
        let lang = b.lang;
        let forums = options(false, lang, register.forums.iter().map(|f| (f.id, forum_title(lang, f))));
        let parties: Vec<super::Field> = register
            .parties
            .iter()
            .map(|party| {
                let mut field = b.field(&format!("party.{}", party.id), "field-item-party", FieldKind::Checkbox, false);
                field.label = party.input.name.get(lang).to_owned();
                field
            })
            .collect();
        let topic_text_hint = if b.form.get("topic_id").is_empty() { "hint-conflict-topic-text" } else { "hint-conflict-topic-chosen" };
        vec![
            b.group(
                "main",
                None,
                vec![
                    b.field("title", "field-conflict-title", FieldKind::Input("text"), true),
                    b.hinted("topic_text", "field-conflict-topic-text", FieldKind::Input("text"), false, topic_text_hint),
                    b.hinted(
                        "raised_by",
                        "field-conflict-raised-by",
                        party_options(true, lang, register),
                        false,
                        "hint-conflict-raised-by",
                    ),
                    b.field("forum_id", "field-conflict-forum", forums, true),
                    b.hinted(
                        "item_id",
                        "field-conflict-item",
                        item_options(b, "item_id", register, choices, None),
                        false,
                        "hint-conflict-item",
                    ),
                    b.field("raised_on", "field-conflict-raised-on", FieldKind::Input("date"), true),
                    b.hinted("description", "field-conflict-description", FieldKind::Textarea, false, "hint-markdown"),
                ],
            ),
            b.group("party_ids", Some("field-conflict-parties"), parties),
        ]
    }
    fn parse(form: &FormData) -> Result<foorumi_core::cooperation::ConflictInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let input = foorumi_core::cooperation::ConflictInput {
            title: form.text("title"),
            topic_id: form.id("topic_id", &mut errors),
            topic_text: form.text("topic_text"),
            raised_by: form.id("raised_by", &mut errors),
            party_ids: form.0.iter().filter(|(_, v)| v == "1").filter_map(|(k, _)| k.strip_prefix("party.")?.parse().ok()).collect(),
            forum_id: form.required_id("forum_id", &mut errors),
            item_id: form.id("item_id", &mut errors),
            description: form.text("description"),
            raised_on: form.required_date("raised_on", &mut errors),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(_: &foorumi_core::cooperation::ConflictInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        (format!("/regions/{}/conflicts", register.region.input.code), t(lang, "conflicts-title"))
    }
}

impl Editable for foorumi_core::cooperation::ProtocolVersion {
    const KIND: &'static str = "protocol-version";
    const CHOICES: &'static [Choice] = &[Choice::Items];
    fn to_form(input: &foorumi_core::cooperation::ProtocolVersionInput) -> FormData {
        let mut f = FormData::default();
        f.set("label", input.label.clone());
        f.set("valid_from", date_value(Some(input.valid_from)));
        f.set("text", input.text.clone());
        f.set("item_id", id_text(input.item_id));
        f.set("acceptance_note", input.acceptance_note.clone());
        f
    }
    fn defaults(_: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("valid_from", date_value(Some(foorumi_store::today())));
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, choices: &Choices) -> Vec<FieldGroup> {
        vec![b.group(
            "main",
            None,
            vec![
                b.hinted("label", "field-protocol-label", FieldKind::Input("text"), true, "hint-protocol-label"),
                b.field("valid_from", "field-protocol-valid-from", FieldKind::Input("date"), true),
                b.hinted("text", "field-protocol-text", FieldKind::Textarea, true, "hint-markdown"),
                b.hinted(
                    "item_id",
                    "field-protocol-item",
                    item_options(b, "item_id", register, choices, None),
                    false,
                    "hint-protocol-item",
                ),
                b.hinted(
                    "acceptance_note",
                    "field-protocol-acceptance-note",
                    FieldKind::Input("text"),
                    false,
                    "hint-protocol-acceptance-note",
                ),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<foorumi_core::cooperation::ProtocolVersionInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let input = foorumi_core::cooperation::ProtocolVersionInput {
            label: form.text("label"),
            valid_from: form.required_date("valid_from", &mut errors),
            text: form.text("text"),
            item_id: form.id("item_id", &mut errors),
            acceptance_note: form.text("acceptance_note"),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &foorumi_core::cooperation::ProtocolVersionInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        let code = &register.region.input.code;
        if input.label.trim().is_empty() {
            (format!("/regions/{code}/protocol"), t(lang, "protocol-title"))
        } else {
            (format!("/regions/{code}/protocol/{}", input.label.trim()), t(lang, "protocol-title"))
        }
    }
}

// ---- statutory wellbeing reporting and the preparedness workspace (issue 5) ----------

/// The parties that report and negotiate: the municipalities and the county (R3.1–R3.3).
fn reporting_party_options(optional: bool, lang: Lang, register: &RegionRegister) -> FieldKind {
    options(
        optional,
        lang,
        register
            .parties
            .iter()
            .filter(|p| matches!(p.input.kind, PartyKind::Municipality | PartyKind::WellbeingCounty))
            .filter(|p| p.belongs_to(&register.region.input.code, foorumi_store::today()))
            .map(|p| (p.id, p.input.name.get(lang).to_owned())),
    )
}

fn wellbeing_back(register: &RegionRegister, lang: Lang) -> (String, String) {
    (format!("/regions/{}/wellbeing-reporting", register.region.input.code), t(lang, "wellbeing-title"))
}

fn ids_text(ids: &[Id]) -> String {
    ids.iter().map(Id::to_string).collect::<Vec<_>>().join(",")
}

impl Editable for foorumi_core::wellbeing::WellbeingReport {
    const KIND: &'static str = "wellbeing-report";
    /// A county report's sources come from the reporting page's link: the municipal
    /// reports of the same year or term recorded by then (R3.2).
    const HIDDEN: &'static [&'static str] = &["draws_on"];
    fn to_form(input: &foorumi_core::wellbeing::WellbeingReportInput) -> FormData {
        let mut f = FormData::default();
        f.set("party_id", input.party_id.to_string());
        f.set("kind", input.kind.as_str());
        f.set("year", input.year.map(|y| y.to_string()).unwrap_or_default());
        f.set("term_id", id_text(input.term_id));
        f.set("approved_on", date_value(input.approved_on));
        f.set("approved_section", input.approved_section.clone());
        f.set("delivered_on", date_value(input.delivered_on));
        f.set("url", input.url.clone());
        f.set("notes", input.notes.clone());
        f.set("draws_on", ids_text(&input.draws_on));
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        for name in ["party_id", "year", "term_id", "draws_on"] {
            f.set(name, query.text(name));
        }
        f.set(
            "kind",
            foorumi_core::wellbeing::ReportKind::parse(query.get("kind")).unwrap_or(foorumi_core::wellbeing::ReportKind::Annual).as_str(),
        );
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let lang = b.lang;
        let terms = options(true, lang, register.terms.iter().map(|t| (t.id, t.label())));
        vec![b.group(
            "main",
            None,
            vec![
                b.field("party_id", "field-party", reporting_party_options(false, lang, register), true),
                b.choice("kind", "field-report-kind", "report-kind", &as_strs!(foorumi_core::wellbeing::ReportKind)),
                b.hinted("year", "field-report-year", FieldKind::Input("number"), false, "hint-report-year"),
                b.hinted("term_id", "field-term", terms, false, "hint-report-term"),
                b.field("approved_on", "field-approved-on", FieldKind::Input("date"), false),
                b.hinted("approved_section", "field-section", FieldKind::Input("text"), false, "hint-section"),
                b.hinted("delivered_on", "field-delivered-on", FieldKind::Input("date"), false, "hint-delivered-on"),
                b.field("url", "field-report-url", FieldKind::Input("url"), false),
                b.field("notes", "field-notes", FieldKind::Textarea, false),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<foorumi_core::wellbeing::WellbeingReportInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = parse_enum(form, "kind", foorumi_core::wellbeing::ReportKind::parse, &mut errors);
        let draws_on: Result<Vec<Id>, _> =
            form.get("draws_on").split(',').filter(|s| !s.trim().is_empty()).map(|s| s.trim().parse::<Id>()).collect();
        let draws_on = draws_on.unwrap_or_else(|_| {
            errors.push(FieldError::new("draws_on", "error-integer"));
            Vec::new()
        });
        let input = foorumi_core::wellbeing::WellbeingReportInput {
            party_id: form.required_id("party_id", &mut errors),
            kind: kind.unwrap_or(foorumi_core::wellbeing::ReportKind::Annual),
            year: form.small("year", &mut errors),
            term_id: form.id("term_id", &mut errors),
            approved_on: form.date("approved_on", &mut errors),
            approved_section: form.text("approved_section"),
            delivered_on: form.date("delivered_on", &mut errors),
            url: form.text("url"),
            notes: form.text("notes"),
            draws_on,
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(_: &foorumi_core::wellbeing::WellbeingReportInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        wellbeing_back(register, lang)
    }
}

impl Editable for foorumi_core::wellbeing::Negotiation {
    const KIND: &'static str = "negotiation";
    const CHOICES: &'static [Choice] = &[Choice::Items];
    fn to_form(input: &foorumi_core::wellbeing::NegotiationInput) -> FormData {
        let mut f = FormData::default();
        f.set("kind", input.kind.as_str());
        f.set("held_on", date_value(Some(input.held_on)));
        for party in &input.party_ids {
            f.set(&format!("party.{party}"), "1");
        }
        f.set("topics", input.topics.clone());
        f.set("item_id", id_text(input.item_id));
        f.set("minutes_url", input.minutes_url.clone());
        f.set("notes", input.notes.clone());
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        let kind = foorumi_core::wellbeing::NegotiationKind::parse(query.get("kind"));
        f.set("kind", kind.unwrap_or(foorumi_core::wellbeing::NegotiationKind::AnnualHyte).as_str());
        f.set("held_on", date_value(Some(foorumi_store::today())));
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, choices: &Choices) -> Vec<FieldGroup> {
        let lang = b.lang;
        let FieldKind::Select(party_choices) = reporting_party_options(false, lang, register) else { unreachable!("options are a select") };
        let parties = party_choices
            .into_iter()
            .map(|(id, name)| {
                let mut field = b.field(&format!("party.{id}"), "field-item-party", FieldKind::Checkbox, false);
                field.label = name;
                field
            })
            .collect();
        vec![
            b.group(
                "main",
                None,
                vec![
                    b.choice("kind", "field-negotiation-kind", "negotiation-kind", &as_strs!(foorumi_core::wellbeing::NegotiationKind)),
                    b.field("held_on", "field-held-on", FieldKind::Input("date"), true),
                    b.field("topics", "field-topics", FieldKind::Textarea, true),
                    b.hinted(
                        "item_id",
                        "field-negotiation-item",
                        item_options(b, "item_id", register, choices, None),
                        false,
                        "hint-negotiation-item",
                    ),
                    b.field("minutes_url", "field-minutes-url", FieldKind::Input("url"), false),
                    b.field("notes", "field-notes", FieldKind::Textarea, false),
                ],
            ),
            b.group("party_ids", Some("field-negotiation-parties"), parties),
        ]
    }
    fn parse(form: &FormData) -> Result<foorumi_core::wellbeing::NegotiationInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = parse_enum(form, "kind", foorumi_core::wellbeing::NegotiationKind::parse, &mut errors);
        let input = foorumi_core::wellbeing::NegotiationInput {
            kind: kind.unwrap_or(foorumi_core::wellbeing::NegotiationKind::AnnualHyte),
            held_on: form.required_date("held_on", &mut errors),
            party_ids: form.0.iter().filter(|(_, v)| v == "1").filter_map(|(k, _)| k.strip_prefix("party.")?.parse().ok()).collect(),
            topics: form.text("topics"),
            item_id: form.id("item_id", &mut errors),
            minutes_url: form.text("minutes_url"),
            notes: form.text("notes"),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(_: &foorumi_core::wellbeing::NegotiationInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        wellbeing_back(register, lang)
    }
}

fn workspace_back(forum_id: Id, lang: Lang) -> (String, String) {
    (format!("/forums/{forum_id}/preparedness"), t(lang, "preparedness-title"))
}

impl Editable for foorumi_core::preparedness::PreparednessContact {
    const KIND: &'static str = "preparedness-contact";
    const HIDDEN: &'static [&'static str] = &["forum_id"];
    fn to_form(input: &foorumi_core::preparedness::PreparednessContactInput) -> FormData {
        let mut f = FormData::default();
        f.set("forum_id", input.forum_id.to_string());
        f.set("party_id", input.party_id.to_string());
        f.set("role", input.role.as_str());
        f.set("position", input.position.to_string());
        f.set("post_id", id_text(input.post_id));
        f.set("person_id", id_text(input.person_id));
        f.set("notes", input.notes.clone());
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("forum_id", query.text("forum_id"));
        f.set("party_id", query.text("party_id"));
        f.set("role", "primary");
        f.set("position", "1");
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let lang = b.lang;
        let posts = options(true, lang, register.posts.iter().map(|p| (p.id, post_label(lang, register, p))));
        vec![b.group(
            "main",
            None,
            vec![
                b.field("party_id", "field-party", party_options(false, lang, register), true),
                b.choice("role", "field-contact-role", "contact-role", &as_strs!(foorumi_core::preparedness::ContactRole)),
                b.field("position", "field-order", FieldKind::Input("number"), true),
                b.hinted("post_id", "field-post", posts, false, "hint-contact-holder"),
                b.field("person_id", "field-person", people_options(true, lang, register), false),
                b.field("notes", "field-notes", FieldKind::Textarea, false),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<foorumi_core::preparedness::PreparednessContactInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let role = parse_enum(form, "role", foorumi_core::preparedness::ContactRole::parse, &mut errors);
        let input = foorumi_core::preparedness::PreparednessContactInput {
            forum_id: form.required_id("forum_id", &mut errors),
            party_id: form.required_id("party_id", &mut errors),
            role: role.unwrap_or(foorumi_core::preparedness::ContactRole::Primary),
            position: form.small("position", &mut errors).unwrap_or(1),
            post_id: form.id("post_id", &mut errors),
            person_id: form.id("person_id", &mut errors),
            notes: form.text("notes"),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &foorumi_core::preparedness::PreparednessContactInput, _: &RegionRegister, lang: Lang) -> (String, String) {
        workspace_back(input.forum_id, lang)
    }
}

impl Editable for foorumi_core::preparedness::PreparednessNote {
    const KIND: &'static str = "preparedness-note";
    const HIDDEN: &'static [&'static str] = &["forum_id"];
    fn to_form(input: &foorumi_core::preparedness::PreparednessNoteInput) -> FormData {
        let mut f = FormData::default();
        f.set("forum_id", input.forum_id.to_string());
        f.set("noted_on", date_value(Some(input.noted_on)));
        f.set("title", input.title.clone());
        f.set("body", input.body.clone());
        if input.public {
            f.set("public", "1");
        }
        f.set("marking", input.marking.clone());
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("forum_id", query.text("forum_id"));
        f.set("noted_on", date_value(Some(foorumi_store::today())));
        f
    }
    fn fields(b: &FieldBuilder, _: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        vec![b.group(
            "main",
            None,
            vec![
                b.field("noted_on", "field-noted-on", FieldKind::Input("date"), true),
                b.field("title", "field-note-title", FieldKind::Input("text"), true),
                b.hinted("body", "field-note-body", FieldKind::Textarea, false, "hint-markdown"),
                b.field("public", "field-note-public", FieldKind::Checkbox, false),
                b.hinted("marking", "field-note-marking", FieldKind::Input("text"), false, "hint-note-marking"),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<foorumi_core::preparedness::PreparednessNoteInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let input = foorumi_core::preparedness::PreparednessNoteInput {
            forum_id: form.required_id("forum_id", &mut errors),
            noted_on: form.required_date("noted_on", &mut errors),
            title: form.text("title"),
            body: form.text("body"),
            public: form.checkbox("public"),
            marking: form.text("marking"),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &foorumi_core::preparedness::PreparednessNoteInput, _: &RegionRegister, lang: Lang) -> (String, String) {
        workspace_back(input.forum_id, lang)
    }
}

// ---- the council term's goals (issue 5) -----------------------------------------------

/// The goals page of the region, where every goal record's form returns.
fn goals_back(register: &RegionRegister, lang: Lang) -> (String, String) {
    (format!("/regions/{}/goals", register.region.input.code), t(lang, "goals-title"))
}

fn goal_back(goal_id: Id, lang: Lang) -> (String, String) {
    (format!("/goals/{goal_id}"), t(lang, "goals-title"))
}

/// The trilingual description fields of a goal record, labelled as descriptions.
fn goal_description_fields(b: &FieldBuilder, kind: FieldKind) -> Vec<super::Field> {
    ["fi", "sv", "en"]
        .iter()
        .map(|lang| b.field(&format!("description.{lang}"), &format!("field-goal-description-{lang}"), kind.clone(), *lang == "fi"))
        .collect()
}

/// A number with a decimal comma or point; empty is `None`, anything else an error.
fn goal_number(form: &FormData, name: &str, errors: &mut Vec<FieldError>) -> Option<f64> {
    let raw = form.get(name);
    if raw.is_empty() {
        errors.push(FieldError::new(name, "error-required"));
        return None;
    }
    match raw.replace([' ', '\u{a0}'], "").replacen(',', ".", 1).parse::<f64>() {
        Ok(n) if n.is_finite() => Some(n),
        _ => {
            errors.push(FieldError::new(name, "error-invalid"));
            None
        }
    }
}

fn goal_year(form: &FormData, name: &str, errors: &mut Vec<FieldError>) -> i32 {
    match form.small::<i32>(name, errors) {
        Some(year) => year,
        None => {
            if form.get(name).is_empty() {
                errors.push(FieldError::new(name, "error-required"));
            }
            0
        }
    }
}

impl Editable for foorumi_core::goals::TermLine {
    const KIND: &'static str = "term-line";
    const HIDDEN: &'static [&'static str] = &["term_id"];
    fn to_form(input: &foorumi_core::goals::TermLineInput) -> FormData {
        let mut f = FormData::default();
        f.set("term_id", input.term_id.to_string());
        f.set("position", input.position.to_string());
        names_to_form(&mut f, "name", &input.name);
        names_to_form(&mut f, "description", &input.description);
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("term_id", query.text("term_id"));
        f
    }
    fn fields(b: &FieldBuilder, _: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        let mut main = names_fields(b, "name", FieldKind::Input("text"));
        main.extend(goal_description_fields(b, FieldKind::Textarea));
        main.push(b.hinted("position", "field-goal-position", FieldKind::Input("number"), false, "hint-goal-position"));
        vec![b.group("main", None, main)]
    }
    fn parse(form: &FormData) -> Result<foorumi_core::goals::TermLineInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let input = foorumi_core::goals::TermLineInput {
            term_id: form.required_id("term_id", &mut errors),
            position: form.small("position", &mut errors).unwrap_or(0),
            name: names_from_form(form, "name"),
            description: names_from_form(form, "description"),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &foorumi_core::goals::TermLineInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        (format!("/regions/{}/goals?term={}", register.region.input.code, input.term_id), t(lang, "goals-title"))
    }
}

impl Editable for foorumi_core::goals::Goal {
    const KIND: &'static str = "goal";
    const CHOICES: &'static [Choice] = &[Choice::Items];
    const HIDDEN: &'static [&'static str] = &["line_id"];
    fn to_form(input: &foorumi_core::goals::GoalInput) -> FormData {
        let mut f = FormData::default();
        f.set("line_id", input.line_id.to_string());
        f.set("position", input.position.to_string());
        names_to_form(&mut f, "name", &input.name);
        names_to_form(&mut f, "description", &input.description);
        f.set("decided_item_id", id_text(input.decided_item_id));
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("line_id", query.text("line_id"));
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, choices: &Choices) -> Vec<FieldGroup> {
        let mut main = names_fields(b, "name", FieldKind::Input("text"));
        main.extend(goal_description_fields(b, FieldKind::Textarea));
        // Goals are set by the strategic forum (R3.4).
        let items = item_options(b, "decided_item_id", register, choices, Some(ForumLevel::Strategic));
        main.push(b.hinted("decided_item_id", "field-goal-decided-item", items, false, "hint-goal-decided-item"));
        main.push(b.hinted("position", "field-goal-position", FieldKind::Input("number"), false, "hint-goal-position"));
        vec![b.group("main", None, main)]
    }
    fn parse(form: &FormData) -> Result<foorumi_core::goals::GoalInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let input = foorumi_core::goals::GoalInput {
            line_id: form.required_id("line_id", &mut errors),
            position: form.small("position", &mut errors).unwrap_or(0),
            name: names_from_form(form, "name"),
            description: names_from_form(form, "description"),
            decided_item_id: form.id("decided_item_id", &mut errors),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(_: &foorumi_core::goals::GoalInput, register: &RegionRegister, lang: Lang) -> (String, String) {
        goals_back(register, lang)
    }
}

impl Editable for foorumi_core::goals::Measure {
    const KIND: &'static str = "measure";
    const HIDDEN: &'static [&'static str] = &["goal_id"];
    fn to_form(input: &foorumi_core::goals::MeasureInput) -> FormData {
        let mut f = FormData::default();
        f.set("goal_id", input.goal_id.to_string());
        f.set("position", input.position.to_string());
        names_to_form(&mut f, "description", &input.description);
        for party in &input.owner_party_ids {
            f.set(&format!("owners.{party}"), "1");
        }
        f.set("weight", input.weight.to_string());
        f.set("progress", input.progress.to_string());
        f.set("start_date", date_value(input.start_date));
        f.set("end_date", date_value(input.end_date));
        for action in &input.action_ids {
            f.set(&format!("action.{action}"), "1");
        }
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("goal_id", query.text("goal_id"));
        f.set("weight", "1");
        f.set("progress", "0");
        f
    }
    const CHOICES: &'static [Choice] = &[Choice::Actions];
    fn fields(b: &FieldBuilder, register: &RegionRegister, choices: &Choices) -> Vec<FieldGroup> {
        let lang = b.lang;
        let mut main = goal_description_fields(b, FieldKind::Textarea);
        main.push(b.hinted("weight", "field-goal-weight", FieldKind::Input("number"), true, "hint-goal-weight"));
        main.push(b.hinted("progress", "field-goal-progress", FieldKind::Input("number"), true, "hint-goal-progress"));
        main.push(b.field("start_date", "field-start-date", FieldKind::Input("date"), false));
        main.push(b.field("end_date", "field-end-date", FieldKind::Input("date"), false));
        main.push(b.hinted("position", "field-goal-position", FieldKind::Input("number"), false, "hint-goal-position"));
        let mut owners: Vec<super::Field> = register
            .parties
            .iter()
            .map(|party| {
                let mut field = b.field(&format!("owners.{}", party.id), "field-goal-owners", FieldKind::Checkbox, false);
                field.label = party.input.name.get(b.lang).to_owned();
                field
            })
            .collect();
        owners.sort_by(|a, c| a.label.cmp(&c.label));
        // The actions agreed in minutes, by title, forum and status.
        let mut actions: Vec<super::Field> = choices
            .actions
            .iter()
            .map(|action| {
                let mut field = b.field(&format!("action.{}", action.id), "field-goal-action-ids", FieldKind::Checkbox, false);
                let forum = register.forum(action.forum_id).map(|f| forum_title(lang, f)).unwrap_or_default();
                let status = t(lang, &format!("action-status-{}", action.input.status));
                field.label = format!("{} ({forum}, {status})", action.input.title);
                field
            })
            .collect();
        actions.sort_by(|a, c| a.label.cmp(&c.label));
        let mut groups = vec![b.group("main", None, main), b.group("owner_party_ids", Some("field-goal-owners"), owners)];
        if !actions.is_empty() {
            groups.push(b.group("action_ids", Some("field-goal-action-ids"), actions));
        }
        groups
    }
    fn parse(form: &FormData) -> Result<foorumi_core::goals::MeasureInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let checked = |prefix: &str| -> Vec<Id> {
            form.0.iter().filter(|(_, v)| v == "1").filter_map(|(k, _)| k.strip_prefix(prefix)?.parse::<Id>().ok()).collect()
        };
        let owner_party_ids = checked("owners.");
        let action_ids = checked("action.");
        let input = foorumi_core::goals::MeasureInput {
            goal_id: form.required_id("goal_id", &mut errors),
            position: form.small("position", &mut errors).unwrap_or(0),
            description: names_from_form(form, "description"),
            owner_party_ids,
            weight: form.small("weight", &mut errors).unwrap_or(0),
            progress: form.small("progress", &mut errors).unwrap_or(-1),
            start_date: form.date("start_date", &mut errors),
            end_date: form.date("end_date", &mut errors),
            action_ids,
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &foorumi_core::goals::MeasureInput, _: &RegionRegister, lang: Lang) -> (String, String) {
        goal_back(input.goal_id, lang)
    }
}

impl Editable for foorumi_core::goals::GoalTarget {
    const KIND: &'static str = "goal-target";
    const CHOICES: &'static [Choice] = &[Choice::Indicators];
    const HIDDEN: &'static [&'static str] = &["goal_id"];
    fn to_form(input: &foorumi_core::goals::GoalTargetInput) -> FormData {
        let mut f = FormData::default();
        f.set("goal_id", input.goal_id.to_string());
        f.set("indicator_id", input.indicator_id.to_string());
        f.set("area_kind", input.area_kind.as_str());
        f.set("area_code", input.area_code.clone());
        f.set("baseline_year", input.baseline_year.to_string());
        f.set("baseline_value", input.baseline_value.to_string());
        f.set("target_value", input.target_value.to_string());
        f.set("target_year", input.target_year.to_string());
        f
    }
    fn defaults(query: &FormData, register: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("goal_id", query.text("goal_id"));
        f.set("area_kind", "region");
        f.set("area_code", register.region.input.code.clone());
        f
    }
    fn fields(b: &FieldBuilder, _: &RegionRegister, choices: &Choices) -> Vec<FieldGroup> {
        vec![b.group(
            "main",
            None,
            vec![
                b.hinted("indicator_id", "field-goal-indicator", indicator_options(b.lang, choices), true, "hint-goal-indicator"),
                b.choice("area_kind", "field-goal-area-kind", "goal-area-kind", &["region", "municipality"]),
                b.hinted("area_code", "field-goal-area-code", FieldKind::Input("text"), true, "hint-goal-area-code"),
                b.field("baseline_year", "field-goal-baseline-year", FieldKind::Input("number"), true),
                b.hinted("baseline_value", "field-goal-baseline-value", FieldKind::Input("text"), true, "hint-goal-number"),
                b.hinted("target_value", "field-goal-target-value", FieldKind::Input("text"), true, "hint-goal-number"),
                b.field("target_year", "field-goal-target-year", FieldKind::Input("number"), true),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<foorumi_core::goals::GoalTargetInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let area_kind = parse_enum(form, "area_kind", foorumi_core::indicators::AreaKind::parse, &mut errors);
        let input = foorumi_core::goals::GoalTargetInput {
            goal_id: form.required_id("goal_id", &mut errors),
            indicator_id: form.required_id("indicator_id", &mut errors),
            area_kind: area_kind.unwrap_or(foorumi_core::indicators::AreaKind::Region),
            area_code: form.text("area_code"),
            baseline_year: goal_year(form, "baseline_year", &mut errors),
            baseline_value: goal_number(form, "baseline_value", &mut errors).unwrap_or_default(),
            target_value: goal_number(form, "target_value", &mut errors).unwrap_or_default(),
            target_year: goal_year(form, "target_year", &mut errors),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &foorumi_core::goals::GoalTargetInput, _: &RegionRegister, lang: Lang) -> (String, String) {
        goal_back(input.goal_id, lang)
    }
}

impl Editable for foorumi_core::goals::GoalStatus {
    const KIND: &'static str = "goal-status";
    const HIDDEN: &'static [&'static str] = &["goal_id"];
    fn to_form(input: &foorumi_core::goals::GoalStatusInput) -> FormData {
        let mut f = FormData::default();
        f.set("goal_id", input.goal_id.to_string());
        f.set("year", input.year.to_string());
        f.set("status", input.status.as_str());
        f.set("justification", input.justification.clone());
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("goal_id", query.text("goal_id"));
        f.set("year", chrono::Datelike::year(&foorumi_store::today()).to_string());
        f.set("status", "on_track");
        f
    }
    fn fields(b: &FieldBuilder, _: &RegionRegister, _: &Choices) -> Vec<FieldGroup> {
        vec![b.group(
            "main",
            None,
            vec![
                b.field("year", "field-goal-year", FieldKind::Input("number"), true),
                b.choice("status", "field-status", "goal-state", &as_strs!(foorumi_core::goals::GoalState)),
                b.field("justification", "field-goal-justification", FieldKind::Textarea, false),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<foorumi_core::goals::GoalStatusInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let status = parse_enum(form, "status", foorumi_core::goals::GoalState::parse, &mut errors);
        let input = foorumi_core::goals::GoalStatusInput {
            goal_id: form.required_id("goal_id", &mut errors),
            year: goal_year(form, "year", &mut errors),
            status: status.unwrap_or(foorumi_core::goals::GoalState::OnTrack),
            justification: form.text("justification"),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &foorumi_core::goals::GoalStatusInput, _: &RegionRegister, lang: Lang) -> (String, String) {
        goal_back(input.goal_id, lang)
    }
}

impl Editable for foorumi_core::goals::GoalAssessment {
    const KIND: &'static str = "goal-assessment";
    const CHOICES: &'static [Choice] = &[Choice::Items];
    const HIDDEN: &'static [&'static str] = &["goal_id"];
    fn to_form(input: &foorumi_core::goals::GoalAssessmentInput) -> FormData {
        let mut f = FormData::default();
        f.set("goal_id", input.goal_id.to_string());
        f.set("year", input.year.to_string());
        f.set("status", input.status.as_str());
        f.set("text", input.text.clone());
        f.set("item_id", id_text(input.item_id));
        f
    }
    fn defaults(query: &FormData, _: &RegionRegister) -> FormData {
        let mut f = FormData::default();
        f.set("goal_id", query.text("goal_id"));
        f.set("item_id", query.text("item_id"));
        f.set("year", chrono::Datelike::year(&foorumi_store::today()).to_string());
        f.set("status", "on_track");
        f
    }
    fn fields(b: &FieldBuilder, register: &RegionRegister, choices: &Choices) -> Vec<FieldGroup> {
        vec![b.group(
            "main",
            None,
            vec![
                b.field("year", "field-goal-year", FieldKind::Input("number"), true),
                b.choice("status", "field-status", "goal-state", &as_strs!(foorumi_core::goals::GoalState)),
                b.hinted("text", "field-goal-assessment-text", FieldKind::Textarea, true, "hint-goal-assessment-text"),
                // The assessment is the chairs' forum's (R3.4): the store refuses another forum's item.
                b.hinted(
                    "item_id",
                    "field-goal-assessment-item",
                    item_options(b, "item_id", register, choices, Some(ForumLevel::Chairs)),
                    false,
                    "hint-goal-assessment-item",
                ),
            ],
        )]
    }
    fn parse(form: &FormData) -> Result<foorumi_core::goals::GoalAssessmentInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let status = parse_enum(form, "status", foorumi_core::goals::GoalState::parse, &mut errors);
        let input = foorumi_core::goals::GoalAssessmentInput {
            goal_id: form.required_id("goal_id", &mut errors),
            year: goal_year(form, "year", &mut errors),
            status: status.unwrap_or(foorumi_core::goals::GoalState::OnTrack),
            text: form.text("text"),
            item_id: form.id("item_id", &mut errors),
        };
        if errors.is_empty() { Ok(input) } else { Err(errors) }
    }
    fn back(input: &foorumi_core::goals::GoalAssessmentInput, _: &RegionRegister, lang: Lang) -> (String, String) {
        goal_back(input.goal_id, lang)
    }
}

/// Calls `$f::<Type>(args)` for the record type named in the URL.
macro_rules! by_kind {
    ($viewer:expr, $kind:expr, $f:ident($($arg:expr),*)) => {
        match $kind {
            "region" => $f::<Region>($($arg),*).await,
            "party" => $f::<Party>($($arg),*).await,
            "person" => $f::<Person>($($arg),*).await,
            "post" => $f::<Post>($($arg),*).await,
            "holding" => $f::<Holding>($($arg),*).await,
            "forum" => $f::<Forum>($($arg),*).await,
            "council-term" => $f::<CouncilTerm>($($arg),*).await,
            "seat" => $f::<Seat>($($arg),*).await,
            "meeting" => $f::<Meeting>($($arg),*).await,
            "legal-basis" => $f::<LegalBasis>($($arg),*).await,
            "standing-item" => $f::<StandingItem>($($arg),*).await,
            "agenda-item" => $f::<AgendaItem>($($arg),*).await,
            "attachment" => $f::<Attachment>($($arg),*).await,
            "proposal" => $f::<Proposal>($($arg),*).await,
            "minutes" => $f::<Minutes>($($arg),*).await,
            "disqualification" => $f::<Disqualification>($($arg),*).await,
            "dissent" => $f::<Dissent>($($arg),*).await,
            "action" => $f::<ActionItem>($($arg),*).await,
            "ratification" => $f::<Ratification>($($arg),*).await,
            "appeal-template" => $f::<AppealTemplate>($($arg),*).await,
            "party-notification" => $f::<PartyNotification>($($arg),*).await,
            "responsibility-topic" => $f::<foorumi_core::cooperation::ResponsibilityTopic>($($arg),*).await,
            "responsibility" => $f::<foorumi_core::cooperation::Responsibility>($($arg),*).await,
            "conflict" => $f::<foorumi_core::cooperation::Conflict>($($arg),*).await,
            "protocol-version" => $f::<foorumi_core::cooperation::ProtocolVersion>($($arg),*).await,
            "wellbeing-report" => $f::<foorumi_core::wellbeing::WellbeingReport>($($arg),*).await,
            "negotiation" => $f::<foorumi_core::wellbeing::Negotiation>($($arg),*).await,
            "preparedness-contact" => $f::<foorumi_core::preparedness::PreparednessContact>($($arg),*).await,
            "preparedness-note" => $f::<foorumi_core::preparedness::PreparednessNote>($($arg),*).await,
            "term-line" => $f::<foorumi_core::goals::TermLine>($($arg),*).await,
            "goal" => $f::<foorumi_core::goals::Goal>($($arg),*).await,
            "measure" => $f::<foorumi_core::goals::Measure>($($arg),*).await,
            "goal-target" => $f::<foorumi_core::goals::GoalTarget>($($arg),*).await,
            "goal-status" => $f::<foorumi_core::goals::GoalStatus>($($arg),*).await,
            "goal-assessment" => $f::<foorumi_core::goals::GoalAssessment>($($arg),*).await,
            _ => Err(PageError::not_found($viewer)),
        }
    };
}

pub(super) fn checked_form(viewer: &Viewer, body: &[u8]) -> Result<FormData, PageError> {
    let form = FormData::parse(body);
    if viewer.csrf_ok(form.opt_text("csrf").as_deref()) {
        Ok(form)
    } else {
        Err(PageError::new(viewer, StatusCode::FORBIDDEN, "error-csrf"))
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath((code, kind)): PagePath<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> PageResult {
    if !viewer.signed_in() {
        return Ok(to_login(&viewer));
    }
    let query = FormData(query.into_iter().collect());
    by_kind!(&viewer, kind.as_str(), new_form_of(&state, &viewer, &code, query))
}

pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath((code, kind)): PagePath<(String, String)>,
    body: Bytes,
) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    by_kind!(&viewer, kind.as_str(), create_of(&state, &viewer, &code, form))
}

pub async fn edit_form(State(state): State<AppState>, viewer: Viewer, PagePath((kind, id)): PagePath<(String, Id)>) -> PageResult {
    if !viewer.signed_in() {
        return Ok(to_login(&viewer));
    }
    by_kind!(&viewer, kind.as_str(), edit_form_of(&state, &viewer, id))
}

pub async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath((kind, id)): PagePath<(String, Id)>,
    body: Bytes,
) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    by_kind!(&viewer, kind.as_str(), update_of(&state, &viewer, id, form))
}

pub async fn delete(
    State(state): State<AppState>,
    viewer: Viewer,
    PagePath((kind, id)): PagePath<(String, Id)>,
    body: Bytes,
) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    by_kind!(&viewer, kind.as_str(), delete_of(&state, &viewer, id, form))
}

// ---- council term roll-over ---------------------------------------------------------

/// The roll-over form: which term's seats to copy, as drafts, into which term.
fn roll_over_page(viewer: &Viewer, register: &RegionRegister, form: FormData, errors: Vec<FieldError>) -> Response {
    let lang = viewer.lang;
    let builder = FieldBuilder { lang, form: &form, errors: &errors };
    let terms = || options(false, lang, register.terms.iter().map(|t| (t.id, t.label())));
    let groups = vec![builder.group(
        "main",
        None,
        vec![
            builder.hinted("from_term", "field-from-term", terms(), true, "hint-roll-over"),
            builder.field("to_term", "field-to-term", terms(), true),
        ],
    )];
    let summary = errors.iter().map(|e| (format!("f-{}", e.field), error_text(lang, e))).collect();
    let code = &register.region.input.code;
    let mut c = Chrome::new(viewer, t(lang, "roll-over-title")).with_region(code, register.region.input.name.get(lang));
    c.noindex = true;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = EditPage {
        heading: t(lang, "roll-over-title"),
        c,
        action: format!("/regions/{code}/roll-over"),
        version: None,
        groups,
        summary,
        back: Some(region_back(register, lang)),
        delete: None,
        hidden: Vec::new(),
    };
    (status, render(&page)).into_response()
}

pub async fn roll_over_form(State(state): State<AppState>, viewer: Viewer, PagePath(code): PagePath<String>) -> PageResult {
    if !viewer.signed_in() {
        return Ok(to_login(&viewer));
    }
    let register = load_region(&state, &viewer, &code).await?;
    let mut form = FormData::default();
    let today = foorumi_store::today();
    if let Some(current) = register.term_on(today) {
        form.set("from_term", current.id.to_string());
        if let Some(next) = register.terms.iter().find(|t| t.input.start_date > current.input.end_date) {
            form.set("to_term", next.id.to_string());
        }
    }
    Ok(roll_over_page(&viewer, &register, form, Vec::new()))
}

pub async fn roll_over(State(state): State<AppState>, viewer: Viewer, PagePath(code): PagePath<String>, body: Bytes) -> PageResult {
    let form = checked_form(&viewer, &body)?;
    let register = load_region(&state, &viewer, &code).await?;
    let mut errors = Vec::new();
    let from = form.required_id("from_term", &mut errors);
    let to = form.required_id("to_term", &mut errors);
    let order_ok = match (register.terms.iter().find(|t| t.id == from), register.terms.iter().find(|t| t.id == to)) {
        (Some(from), Some(to)) => to.input.start_date > from.input.end_date,
        _ => false,
    };
    if errors.is_empty() && !order_ok {
        errors.push(FieldError::new("to_term", "error-roll-over-order"));
    }
    if !errors.is_empty() {
        return Ok(roll_over_page(&viewer, &register, form, errors));
    }
    records::roll_over_term(&state.store, &viewer.actor(), &viewer.author(), from, to)
        .await
        .map_err(|e| PageError::from_store(&viewer, e))?;
    Ok(Redirect::to(&format!("/regions/{code}")).into_response())
}
