//! Server-rendered pages. Handlers read the request, call the store, turn records into
//! display strings in the viewer's language, and render an askama template; templates
//! only lay the strings out.

mod agenda;
mod audit;
mod cooperation;
mod edit;
pub mod goals;
mod invitations;
mod minutes;
pub(crate) use minutes::announce;
mod pages;
pub mod picture;
pub(crate) use picture::attribution as picture_attribution;
mod plan;
mod preparedness;
mod record;
mod session;
pub(crate) mod wellbeing;

use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use foorumi_core::{FieldError, Lang};
use foorumi_store::Error as StoreError;

use crate::AppState;
use crate::auth::Viewer;
use crate::i18n::t;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(pages::index))
        .route("/regions/{code}", get(pages::region))
        .route("/regions/{code}/directory", get(pages::directory))
        .route("/regions/{code}/audit", get(audit::audit_log))
        .route("/regions/{code}/plan", get(plan::plan_page).post(plan::generate))
        .route("/meetings/{id}", get(plan::meeting_page))
        .route("/meetings/{id}/attendance", post(plan::answer))
        .route("/meetings/{id}/agenda", get(agenda::public_agenda))
        .route("/meetings/{id}/agenda.pdf", get(agenda::agenda_pdf))
        .route("/meetings/{id}/minutes", get(minutes::page))
        .route("/meetings/{id}/minutes/start", post(minutes::start))
        .route("/meetings/{id}/minutes/live", get(minutes::live))
        .route("/meetings/{id}/minutes/attendance", get(minutes::attendance).post(minutes::save_attendance))
        .route("/agenda-items/{id}/record", post(minutes::save_record))
        .route("/agenda-items/{id}/minutes", get(minutes::item_minutes))
        .route("/agenda-items/{id}/vote", get(minutes::vote).post(minutes::save_vote))
        .route("/agenda-items/{id}/ratifications", get(minutes::item_ratifications))
        .route("/regions/{code}/ratifications", get(minutes::ratifications))
        .route("/parties/{id}/actions", get(minutes::party_actions))
        .route("/item-records/{id}/check-at-meeting", post(minutes::check_at_meeting))
        .route("/dissents/{id}/reasons", post(minutes::submit_reasons))
        .route("/dissents/{id}/reasons-file", get(minutes::reasons_file))
        .route("/minutes/{id}/send", post(minutes::send))
        .route("/minutes/{id}/approve", post(minutes::approve))
        .route("/minutes/{id}/comment", post(minutes::comment))
        .route("/minutes/{id}/approve-at-meeting", post(minutes::approve_at_meeting))
        .route("/minutes/{id}/correction", post(minutes::correction))
        .route("/minutes/{id}/publish", get(record::review).post(record::publish))
        .route("/meetings/{id}/record", get(record::public_record))
        .route("/meetings/{id}/record.pdf", get(record::public_record_pdf))
        .route("/meetings/{id}/agenda/edit", get(agenda::editor))
        .route("/meetings/{id}/agenda/prepare", post(agenda::prepare))
        .route("/meetings/{id}/agenda/publish", post(agenda::publish))
        .route("/agenda-items/{id}", get(agenda::item))
        .route("/agenda-items/{id}/move", post(agenda::move_item))
        .route("/agenda-items/{id}/attachments", post(agenda::upload).layer(axum::extract::DefaultBodyLimit::disable()))
        .route("/attachments/{id}/{name}", get(agenda::download))
        .route("/forums/{id}/proposals", get(agenda::proposals))
        .route("/proposals/{id}/accept", post(agenda::accept_proposal))
        .route("/proposals/{id}/decline", post(agenda::decline_proposal))
        .route("/forums/{id}/standing-items", get(agenda::standing_items))
        .route("/regions/{code}/legal-bases", get(agenda::legal_bases))
        .route("/regions/{code}/calendar.ics", get(plan::region_feed))
        .route("/forums/{id}/calendar.ics", get(plan::forum_feed))
        .route("/calendar/{file}", get(plan::private_feed))
        .route("/me", get(plan::me))
        .route("/me/calendar", post(plan::new_calendar))
        .route("/me/calendar/revoke", post(plan::revoke_calendar))
        .route("/regions/{code}/roll-over", get(edit::roll_over_form).post(edit::roll_over))
        .route("/forums/{id}", get(pages::forum))
        .route("/parties/{id}", get(pages::party))
        .route("/posts/{id}/vcard", get(pages::vcard))
        .route("/privacy", get(pages::privacy))
        .route("/accessibility", get(pages::accessibility))
        .route("/login", get(session::login_form).post(session::login))
        .route("/logout", post(session::logout))
        // Issue 5: division of responsibilities, conflicts, the cooperation protocol.
        .route("/regions/{code}/responsibilities", get(cooperation::matrix))
        .route("/regions/{code}/responsibilities/{id}", get(cooperation::topic))
        .route("/regions/{code}/conflicts", get(cooperation::conflicts_list))
        .route("/regions/{code}/conflicts/new", get(cooperation::conflict_new))
        .route("/conflicts/{id}", get(cooperation::conflict))
        .route("/conflicts/{id}/escalate", get(cooperation::escalate_form).post(cooperation::escalate))
        .route("/conflicts/{id}/discussed", post(cooperation::discussed))
        .route("/conflicts/{id}/resolve", post(cooperation::resolve))
        .route("/regions/{code}/protocol", get(cooperation::protocol_current))
        .route("/regions/{code}/protocol/{label}", get(cooperation::protocol_version))
        // Issue 5: the council term's goals, the annual follow-up and the term report.
        .route("/regions/{code}/goals", get(goals::goals_page))
        .route("/goals/{id}", get(goals::goal_page))
        .route("/regions/{code}/goals/followup/{year}", get(goals::followup_page))
        .route("/regions/{code}/goals/followup/{year}/report.pdf", get(goals::followup_pdf))
        .route("/regions/{code}/goals/followup/{year}/attach", post(goals::attach_followup))
        .route("/regions/{code}/goals/term-report", get(goals::term_report_page))
        .route("/regions/{code}/goals/term-report/report.pdf", get(goals::term_report_pdf))
        .route("/regions/{code}/goals/term-report/attach", post(goals::attach_term_report))
        // Issue 5: the situational picture, its snapshots and their comparison.
        .route("/regions/{code}/picture", get(picture::picture))
        .route("/regions/{code}/picture/indicators", post(picture::choose))
        .route("/regions/{code}/picture/snapshots", post(picture::freeze))
        .route("/regions/{code}/picture/snapshots/{id}", get(picture::snapshot))
        .route("/regions/{code}/picture/snapshots/{id}/establish", post(picture::establish))
        .route("/regions/{code}/picture/snapshots/{id}/compare", get(picture::compare))
        .route("/regions/{code}/new/{kind}", get(edit::new_form).post(edit::create))
        .route("/edit/{kind}/{id}", get(edit::edit_form).post(edit::update))
        .route("/delete/{kind}/{id}", post(edit::delete))
        .route("/regions/{code}/wellbeing-reporting", get(wellbeing::page))
        .route("/regions/{code}/wellbeing-reporting/skeleton", get(wellbeing::skeleton))
        .route("/forums/{id}/preparedness", get(preparedness::page))
        .merge(invitations::routes())
        .fallback(pages::not_found)
}

/// What every page shows around its content: title, language links, the signed-in user.
pub struct Chrome {
    pub lang: Lang,
    pub title: String,
    pub user: Option<String>,
    pub csrf: String,
    pub path: String,
    pub noindex: bool,
    /// The region the page belongs to: (code, name), for the navigation.
    pub region: Option<(String, String)>,
}

impl Chrome {
    pub fn new(viewer: &Viewer, title: String) -> Self {
        Chrome {
            lang: viewer.lang,
            title,
            user: viewer.session.as_ref().map(|s| s.user.display_name.clone()),
            csrf: viewer.csrf_token().unwrap_or_default().to_owned(),
            path: viewer.path.clone(),
            noindex: false,
            region: None,
        }
    }

    pub fn with_region(mut self, code: &str, name: &str) -> Self {
        self.region = Some((code.to_owned(), name.to_owned()));
        self
    }

    pub fn t(&self, key: &str) -> String {
        t(self.lang, key)
    }

    pub fn languages(&self) -> [(&'static str, &'static str); 3] {
        [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
    }

    /// This page in another language.
    pub fn lang_href(&self, code: &str) -> String {
        let (path, query) = self.path.split_once('?').unwrap_or((&self.path, ""));
        let mut params: Vec<&str> = query.split('&').filter(|p| !p.is_empty() && !p.starts_with("lang=")).collect();
        let lang = format!("lang={code}");
        params.push(&lang);
        format!("{path}?{}", params.join("&"))
    }

    pub fn path_encoded(&self) -> String {
        serde_urlencoded::to_string([("", &self.path)]).unwrap_or_default().trim_start_matches('=').to_owned()
    }
}

/// "1.6.2025", as dates are written in Finland.
pub fn date_text(date: NaiveDate) -> String {
    date.format("%-d.%-m.%Y").to_string()
}

/// An agenda item as a select offers it: "12.3.2026 Puheenjohtajafoorumi § 5 Title".
pub fn item_choice_label(lang: Lang, register: &foorumi_store::views::RegionRegister, item: &foorumi_store::views::ItemChoice) -> String {
    item_text(lang, register, item.date, item.forum_id, item.number, &item.title)
}

/// An agenda item named by its meeting's date, its forum, its number once the agenda has
/// numbered it, and a title the reader may see: "12.3.2026 Puheenjohtajafoorumi § 5 Title".
pub fn item_text(
    lang: Lang,
    register: &foorumi_store::views::RegionRegister,
    date: NaiveDate,
    forum_id: foorumi_core::Id,
    number: Option<i64>,
    title: &str,
) -> String {
    let forum = register.forum(forum_id).map(|f| pages::forum_title(lang, f)).unwrap_or_default();
    let mut args = vec![("date", date_text(date)), ("forum", forum), ("title", title.to_owned())];
    let key = match number {
        Some(number) => {
            args.push(("number", number.to_string()));
            "item-choice-numbered"
        }
        None => "item-choice",
    };
    crate::i18n::t_args(lang, key, &args)
}

pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(err) => {
            tracing::error!(%err, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    heading: String,
    message: String,
}

/// A page that could not be shown, in the viewer's language.
pub struct PageError {
    pub status: StatusCode,
    pub lang: Lang,
    pub key: &'static str,
}

impl PageError {
    pub fn new(viewer: &Viewer, status: StatusCode, key: &'static str) -> Self {
        PageError { status, lang: viewer.lang, key }
    }
    pub fn not_found(viewer: &Viewer) -> Self {
        Self::new(viewer, StatusCode::NOT_FOUND, "error-page-not-found")
    }
    pub fn from_store(viewer: &Viewer, err: StoreError) -> Self {
        match err {
            StoreError::NotFound => Self::not_found(viewer),
            StoreError::Forbidden => Self::new(viewer, StatusCode::FORBIDDEN, "error-page-forbidden"),
            StoreError::Stale { .. } => Self::new(viewer, StatusCode::PRECONDITION_FAILED, "error-page-stale"),
            StoreError::Conflict { .. } => Self::new(viewer, StatusCode::CONFLICT, "error-in-use"),
            other => {
                tracing::error!(err = %other, "request failed");
                Self::new(viewer, StatusCode::INTERNAL_SERVER_ERROR, "error-page-internal")
            }
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let heading = t(self.lang, &format!("{}-heading", self.key));
        let page = ErrorPage {
            c: Chrome {
                lang: self.lang,
                title: heading.clone(),
                user: None,
                csrf: String::new(),
                path: "/".into(),
                noindex: true,
                region: None,
            },
            heading,
            message: t(self.lang, self.key),
        };
        (self.status, render(&page)).into_response()
    }
}

pub type PageResult = Result<Response, PageError>;

/// Path parameters of a page; a path that does not parse (`/forums/abc`) is the 404 page in
/// the visitor's language, not a bare 400.
pub struct PagePath<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned + Send> axum::extract::FromRequestParts<S> for PagePath<T> {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(PagePath(value)),
            Err(_) => {
                let lang = parts.extensions.get::<Viewer>().map_or(Lang::Fi, |v| v.lang);
                Err(PageError { status: StatusCode::NOT_FOUND, lang, key: "error-page-not-found" })
            }
        }
    }
}

/// Sends a signed-out visitor to the login page, coming back here afterwards.
pub fn to_login(viewer: &Viewer) -> Response {
    let next = serde_urlencoded::to_string([("next", &viewer.path)]).unwrap_or_default();
    Redirect::to(&format!("/login?{next}")).into_response()
}

/// A posted form, with repeated names kept in order.
#[derive(Debug, Clone, Default)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    pub fn parse(body: &[u8]) -> Self {
        FormData(serde_urlencoded::from_bytes(body).unwrap_or_default())
    }
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).unwrap_or("")
    }
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.0.retain(|(k, _)| k != name);
        self.0.push((name.to_owned(), value.into()));
    }
    pub fn text(&self, name: &str) -> String {
        self.get(name).to_owned()
    }
    pub fn opt_text(&self, name: &str) -> Option<String> {
        Some(self.text(name)).filter(|v| !v.is_empty())
    }
    pub fn checkbox(&self, name: &str) -> bool {
        self.get(name) == "1"
    }
    /// An optional date; a malformed one is a field error.
    pub fn date(&self, name: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
        let raw = self.get(name);
        if raw.is_empty() {
            return None;
        }
        let parsed = NaiveDate::parse_from_str(raw, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(raw, "%d.%m.%Y"));
        parsed.map_err(|_| errors.push(FieldError::new(name, "error-date"))).ok()
    }
    /// A required date.
    pub fn required_date(&self, name: &str, errors: &mut Vec<FieldError>) -> NaiveDate {
        match self.date(name, errors) {
            Some(date) => date,
            None => {
                if self.get(name).is_empty() {
                    errors.push(FieldError::new(name, "error-required"));
                }
                NaiveDate::MIN
            }
        }
    }
    /// An optional time of day ("09:30").
    pub fn time(&self, name: &str, errors: &mut Vec<FieldError>) -> Option<chrono::NaiveTime> {
        let raw = self.get(name);
        if raw.is_empty() {
            return None;
        }
        let parsed = chrono::NaiveTime::parse_from_str(raw, "%H:%M").or_else(|_| chrono::NaiveTime::parse_from_str(raw, "%H.%M"));
        parsed.map_err(|_| errors.push(FieldError::new(name, "error-time"))).ok()
    }
    /// An optional record id.
    pub fn id(&self, name: &str, errors: &mut Vec<FieldError>) -> Option<i64> {
        let raw = self.get(name);
        if raw.is_empty() {
            return None;
        }
        raw.parse().map_err(|_| errors.push(FieldError::new(name, "error-integer"))).ok()
    }
    pub fn required_id(&self, name: &str, errors: &mut Vec<FieldError>) -> i64 {
        match self.id(name, errors) {
            Some(id) => id,
            None => {
                if self.get(name).is_empty() {
                    errors.push(FieldError::new(name, "error-required"));
                }
                0
            }
        }
    }
    pub fn small<T: std::str::FromStr>(&self, name: &str, errors: &mut Vec<FieldError>) -> Option<T> {
        let raw = self.get(name);
        if raw.is_empty() {
            return None;
        }
        raw.parse().map_err(|_| errors.push(FieldError::new(name, "error-integer"))).ok()
    }
}

/// How a form field is drawn.
#[derive(Debug, Clone)]
pub enum FieldKind {
    /// `<input type=…>` with the type.
    Input(&'static str),
    Textarea,
    Checkbox,
    /// A choice among (value, label).
    Select(Vec<(String, String)>),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub id: String,
    pub name: String,
    pub label: String,
    pub kind: FieldKind,
    pub value: String,
    pub required: bool,
    pub error: Option<String>,
    pub hint: Option<String>,
}

#[derive(Debug, Clone)]
pub struct FieldGroup {
    /// The name errors use for the whole group (`contacts`).
    pub name: String,
    /// Anchor of the group, for those errors.
    pub id: String,
    pub legend: Option<String>,
    pub error: Option<String>,
    pub fields: Vec<Field>,
}

/// Builds fields from a form's values, attaching each error to the field it names.
pub struct FieldBuilder<'a> {
    pub lang: Lang,
    pub form: &'a FormData,
    pub errors: &'a [FieldError],
}

impl FieldBuilder<'_> {
    pub fn field(&self, name: &str, label_key: &str, kind: FieldKind, required: bool) -> Field {
        let error = self.errors.iter().find(|e| e.field == name).map(|e| error_text(self.lang, e));
        Field {
            id: format!("f-{}", name.replace(['.', '[', ']'], "-")),
            name: name.to_owned(),
            label: t(self.lang, label_key),
            kind,
            value: self.form.text(name),
            required,
            error,
            hint: None,
        }
    }
    pub fn hinted(&self, name: &str, label_key: &str, kind: FieldKind, required: bool, hint_key: &str) -> Field {
        Field { hint: Some(t(self.lang, hint_key)), ..self.field(name, label_key, kind, required) }
    }
    /// A group of fields under a legend; errors naming `name` are shown on the group.
    pub fn group(&self, name: &str, legend_key: Option<&str>, fields: Vec<Field>) -> FieldGroup {
        FieldGroup {
            name: name.to_owned(),
            id: format!("g-{}", name.replace(['.', '[', ']'], "-")),
            legend: legend_key.map(|key| t(self.lang, key)),
            error: self.errors.iter().find(|e| e.field == name).map(|e| error_text(self.lang, e)),
            fields,
        }
    }
    pub fn hinted_choice(&self, name: &str, label_key: &str, prefix: &str, values: &[&str], hint_key: &str) -> Field {
        Field { hint: Some(t(self.lang, hint_key)), ..self.choice(name, label_key, prefix, values) }
    }
    /// A choice of a text enumeration, labelled `{prefix}-{value}`.
    pub fn choice(&self, name: &str, label_key: &str, prefix: &str, values: &[&str]) -> Field {
        let options = values.iter().map(|v| ((*v).to_owned(), t(self.lang, &format!("{prefix}-{v}")))).collect();
        self.field(name, label_key, FieldKind::Select(options), true)
    }
}

/// The message of a field error in the viewer's language.
pub fn error_text(lang: Lang, error: &FieldError) -> String {
    if crate::i18n::has(&error.code) { t(lang, &error.code) } else { t(lang, "error-invalid") }
}
