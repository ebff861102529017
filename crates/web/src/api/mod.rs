//! The JSON API under `/api/v1`: list, get, create, replace and delete for every record
//! type of the register, the same store functions the pages call.
//!
//! - `collection`: the five operations, written once for every record type;
//! - `caller`: Basic credentials, or the session cookie with its CSRF token;
//! - `problem`: every error as an RFC 9457 problem document (the error policy is there);
//! - `openapi`: the OpenAPI 3.1 document, built by the same calls that register the
//!   routes, served at `/api/v1/openapi.json`.
//!
//! Records carry their version: `GET` gives it as the `ETag`, and `PUT` must send it back
//! in `If-Match`, so two people editing at once cannot overwrite each other unseen.

mod agenda;
mod caller;
mod collection;
mod cooperation;
mod goals;
mod indicators;
mod minutes;
mod openapi;
mod picture;
mod problem;
mod record;
mod wellbeing;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use foorumi_core::*;

use self::collection::Collection;
use self::problem::ApiError;
use crate::AppState;
use crate::auth::Viewer;

pub use self::problem::{FieldProblem, Problem};

/// Where `crate::router` nests these routes.
pub const PREFIX: &str = "/api/v1";

/// A record's version as a strong entity tag: `"3"`.
pub fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).expect("digits are a valid header value")
}

pub fn routes() -> Router<AppState> {
    let api = Api::default()
        .collection::<Region>()
        .collection::<Party>()
        .collection::<Person>()
        .collection::<Post>()
        .collection::<Holding>()
        .collection::<Forum>()
        .collection::<CouncilTerm>()
        .collection::<Seat>()
        .collection::<Meeting>()
        .collection::<LegalBasis>()
        .collection::<StandingItem>()
        .collection::<AgendaItem>()
        .collection::<Attachment>()
        .collection::<Proposal>()
        .collection::<Minutes>()
        .collection::<PresenceRecord>()
        .collection::<ItemRecord>()
        .collection::<Disqualification>()
        .collection::<Vote>()
        .collection::<Dissent>()
        .collection::<ActionItem>()
        .collection::<Ratification>()
        .collection::<AppealTemplate>()
        .collection::<PartyNotification>()
        .collection::<foorumi_core::cooperation::ResponsibilityTopic>()
        .collection::<foorumi_core::cooperation::Responsibility>()
        .collection::<foorumi_core::cooperation::Conflict>()
        .collection::<foorumi_core::cooperation::ProtocolVersion>()
        .collection::<foorumi_core::goals::TermLine>()
        .collection::<foorumi_core::goals::Goal>()
        .collection::<foorumi_core::goals::Measure>()
        .collection::<foorumi_core::goals::GoalTarget>()
        .collection::<foorumi_core::goals::GoalStatus>()
        .collection::<foorumi_core::goals::GoalAssessment>()
        .collection::<foorumi_core::wellbeing::WellbeingReport>()
        .collection::<foorumi_core::wellbeing::Negotiation>()
        .collection::<foorumi_core::preparedness::PreparednessContact>()
        .collection::<foorumi_core::preparedness::PreparednessNote>()
        .wellbeing()
        .goals()
        .agenda()
        .minutes()
        .indicators()
        .picture()
        .cooperation();
    let document = Bytes::from(api.document.build().to_string());
    api.router
        .route("/openapi.json", get(move || serve_document(document.clone())))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

/// Routes and their description, grown together so they cannot drift apart.
#[derive(Default)]
struct Api {
    router: Router<AppState>,
    document: openapi::Document,
}

impl Api {
    fn agenda(mut self) -> Self {
        use axum::routing::post;
        self.router = self
            .router
            .route("/meetings/{id}/agenda", get(agenda::published))
            .route("/meetings/{id}/agenda/publish", post(agenda::publish))
            .route("/proposals/{id}/accept", post(agenda::accept))
            .route("/proposals/{id}/decline", post(agenda::decline))
            .route(
                "/agenda-items/{id}/attachments",
                post(agenda::upload).layer(axum::extract::DefaultBodyLimit::max(crate::API_UPLOAD_LIMIT)),
            )
            .route("/attachments/{id}/content", get(agenda::content));
        agenda::document(&mut self.document);
        self
    }

    fn minutes(mut self) -> Self {
        use axum::routing::post;
        self.router = self
            .router
            .route("/meetings/{id}/record", get(minutes::record))
            .route("/minutes/{id}/send", post(minutes::send))
            .route("/minutes/{id}/approve", post(minutes::approve))
            .route("/minutes/{id}/comment", post(minutes::comment))
            .route("/minutes/{id}/approve-at-meeting", post(minutes::approve_at_meeting))
            .route("/minutes/{id}/correction", post(minutes::correction))
            .route("/minutes/{id}/versions", get(minutes::versions))
            .route("/meetings/{id}/published-record", get(record::published))
            .route("/minutes/{id}/identifiers", get(record::identifiers))
            .route("/minutes/{id}/publish", post(record::publish));
        minutes::document(&mut self.document);
        record::document(&mut self.document);
        self
    }

    fn indicators(mut self) -> Self {
        self.router = self
            .router
            .route("/indicators", get(indicators::list))
            .route("/indicators/{id}", get(indicators::one))
            .route("/indicators/{id}/values", get(indicators::values));
        indicators::document(&mut self.document);
        self
    }

    fn picture(mut self) -> Self {
        use axum::routing::post;
        self.router = self
            .router
            .route("/regions/{code}/picture", get(picture::picture))
            .route("/regions/{code}/picture/indicators", get(picture::chosen).put(picture::choose))
            .route("/regions/{code}/snapshots", get(picture::list).post(picture::create))
            .route("/snapshots/{id}", get(picture::one).put(picture::refuse).delete(picture::refuse))
            .route("/snapshots/{id}/establish", post(picture::establish))
            .route("/snapshots/{id}/compare", get(picture::compare));
        picture::document(&mut self.document);
        self
    }

    fn goals(mut self) -> Self {
        use axum::routing::post;
        self.router = self
            .router
            .route("/council-terms/{id}/followup/{year}", get(goals::followup))
            .route("/council-terms/{id}/followup/{year}/attach", post(goals::attach_followup))
            .route("/council-terms/{id}/term-report", get(goals::term_report))
            .route("/council-terms/{id}/annual-follow-ups", get(goals::annual_follow_ups))
            .route("/council-terms/{id}/term-report/attach", post(goals::attach_term_report));
        goals::document(&mut self.document);
        self
    }

    fn wellbeing(mut self) -> Self {
        self.router = self
            .router
            .route("/regions/{code}/wellbeing-gaps", get(wellbeing::gaps))
            .route("/regions/{code}/wellbeing-skeleton", get(wellbeing::skeleton));
        wellbeing::document(&mut self.document);
        self
    }

    fn collection<C: Collection>(mut self) -> Self {
        use collection::{create, delete, get_one, list, update};
        let path = format!("/{}", C::PATH);
        self.router = self
            .router
            .route(&path, get(list::<C>).post(create::<C>))
            .route(&format!("{path}/{{id}}"), get(get_one::<C>).put(update::<C>).delete(delete::<C>));
        self.document.collection::<C>();
        self
    }
}

async fn serve_document(document: Bytes) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], document).into_response()
}

async fn not_found(viewer: Viewer) -> ApiError {
    ApiError::not_found(viewer.lang)
}

async fn method_not_allowed(viewer: Viewer) -> ApiError {
    ApiError::new(viewer.lang, StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed")
}
