//! The JSON API over real HTTP: the server on a free port, a region and accounts made
//! through the store, then requests as a program (Basic credentials), a browser session
//! and the anonymous public would send them.

use foorumi_core::*;
use foorumi_store::accounts::{self, NewUser};
use foorumi_testkit::fixtures::{PASSWORD, Reply, add_user, author, create_paijat_hame, new_user, reply};
use foorumi_testkit::{Backend, TestApp, block_on, store_for};
use reqwest::{Client, Method};
use serde_json::{Value, json};

const ADMIN: &str = "admin@example.org";
const PARTY_ADMIN: &str = "lahti-admin@example.org";

/// The running application with the Päijät-Häme region and a region administrator.
struct Api {
    app: TestApp,
    client: Client,
    region_id: Id,
}

/// Who sends a request.
#[derive(Clone, Copy)]
enum As<'a> {
    Anonymous,
    Basic(&'a str, &'a str),
    Session { token: &'a str, csrf: Option<&'a str> },
}

const ADMIN_AUTH: As<'static> = As::Basic(ADMIN, PASSWORD);

impl Api {
    async fn start(backend: Backend) -> Api {
        let store = store_for(backend).await;
        let region = create_paijat_hame(&store).await;
        add_user(&store, NewUser { grants: vec![Grant { region_id: region.id, party_id: None }], ..new_user(ADMIN) }).await;
        let app = TestApp::start(store).await;
        Api { app, client: Client::new(), region_id: region.id }
    }

    async fn send(&self, method: Method, path: &str, who: As<'_>, headers: &[(&str, &str)], body: Option<&str>) -> Reply {
        let mut request = self.client.request(method, self.app.url(path));
        match who {
            As::Anonymous => {}
            As::Basic(user, password) => request = request.basic_auth(user, Some(password)),
            As::Session { token, csrf } => {
                request = request.header("cookie", format!("foorumi_session={token}"));
                if let Some(csrf) = csrf {
                    request = request.header("x-csrf-token", csrf);
                }
            }
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.body(body.to_owned());
            if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type")) {
                request = request.header("content-type", "application/json");
            }
        }
        reply(request).await
    }

    async fn get(&self, path: &str, who: As<'_>) -> Reply {
        self.send(Method::GET, path, who, &[], None).await
    }

    async fn post(&self, path: &str, who: As<'_>, body: &Value) -> Reply {
        self.send(Method::POST, path, who, &[], Some(&body.to_string())).await
    }

    async fn put(&self, path: &str, who: As<'_>, if_match: Option<&str>, body: &Value) -> Reply {
        let headers: Vec<(&str, &str)> = if_match.map(|tag| ("if-match", tag)).into_iter().collect();
        self.send(Method::PUT, path, who, &headers, Some(&body.to_string())).await
    }

    async fn delete(&self, path: &str, who: As<'_>, if_match: Option<&str>) -> Reply {
        let headers: Vec<(&str, &str)> = if_match.map(|tag| ("if-match", tag)).into_iter().collect();
        self.send(Method::DELETE, path, who, &headers, None).await
    }

    /// Creates a record as the administrator; returns it.
    async fn create(&self, collection: &str, body: Value) -> Value {
        self.post(&format!("/api/v1/{collection}?region=07"), ADMIN_AUTH, &body).await.expect(201).body
    }
}

fn municipality(code: &str, name: &str) -> Value {
    json!({
        "kind": "municipality",
        "code": code,
        "name": {"fi": name, "sv": name, "en": name},
        "signed_protocol": true,
        "region_periods": [{"region_code": "07", "valid_from": "1970-01-01"}]
    })
}

fn forum(name: &str) -> Value {
    json!({
        "name": {"fi": name},
        "short_name": "KJK",
        "level": "tactical",
        "legal_type": "cooperation_forum",
        "cadence": {"kind": "monthly", "weekday": 2, "week_of_month": 2, "excluded_months": [7]},
        "default_publicity": "public"
    })
}

fn id(record: &Value) -> i64 {
    record["id"].as_i64().unwrap_or_else(|| panic!("no id in {record:#}"))
}

/// A test written once and run against both databases, as `name::sqlite` and
/// `name::postgres`.
macro_rules! api_test {
    ($name:ident, $api:ident => $body:block) => {
        mod $name {
            use super::*;

            async fn run($api: Api) $body

            #[test]
            fn sqlite() {
                block_on(async { run(Api::start(Backend::Sqlite).await).await })
            }

            #[test]
            fn postgres() {
                block_on(async { run(Api::start(Backend::Postgres).await).await })
            }
        }
    };
}

// ---- round trips --------------------------------------------------------------------

api_test!(party_round_trip_create_get_list_replace_delete, api => {
    let created = api.post("/api/v1/parties?region=07", ADMIN_AUTH, &municipality("398", "Lahti")).await.expect(201);
    let party = created.body.clone();
    assert_eq!(party["code"], "398");
    assert_eq!(party["region_id"], api.region_id);
    let location = created.header("location").to_owned();
    assert_eq!(location, format!("/api/v1/parties/{}", id(&party)));
    let etag = created.header("etag").to_owned();
    assert_eq!(etag, format!("\"{}\"", party["version"]));

    let fetched = api.get(&location, As::Anonymous).await.expect(200);
    assert_eq!(fetched.body, party);
    assert_eq!(fetched.header("etag"), etag);
    assert!(fetched.header("content-type").starts_with("application/json"));

    let list = api.get("/api/v1/parties?region=07", As::Anonymous).await.expect(200);
    assert_eq!(list.body["total"], 1);
    assert_eq!(list.body["offset"], 0);
    assert_eq!(list.body["limit"], 100);
    assert_eq!(list.body["items"][0], party);
    assert!(list.headers.get("link").is_none(), "no next page");

    let mut changed = municipality("398", "Lahti");
    changed["name"]["sv"] = json!("Lahtis");
    let replaced = api.put(&location, ADMIN_AUTH, Some(&etag), &changed).await.expect(200);
    assert_eq!(replaced.body["name"]["sv"], "Lahtis");
    assert_ne!(replaced.header("etag"), etag, "the ETag changes with the version");
    assert_eq!(replaced.header("etag"), format!("\"{}\"", replaced.body["version"]));
    let fetched = api.get(&location, ADMIN_AUTH).await.expect(200);
    assert_eq!(fetched.header("etag"), replaced.header("etag"));
    assert_eq!(fetched.body["name"]["sv"], "Lahtis");

    api.delete(&location, ADMIN_AUTH, Some(replaced.header("etag"))).await.expect(204);
    api.get(&location, ADMIN_AUTH).await.problem(404, "not-found");
});

api_test!(every_record_type_round_trips_through_the_api, api => {
    let lahti = api.create("parties", municipality("398", "Lahti")).await;
    let person = api.create("people", json!({"name": "Lahden kaupunginjohtaja", "party_id": id(&lahti), "contacts": []})).await;
    let post = api.create("posts", json!({"party_id": id(&lahti), "title": {"fi": "kaupunginjohtaja", "en": "mayor"}})).await;
    let holding = api.create("holdings", json!({"post_id": id(&post), "person_id": id(&person), "start_date": "2025-06-01"})).await;
    let managers = api.create("forums", forum("Kuntajohtajakokous")).await;
    let term = api.create("council-terms", json!({"start_date": "2025-06-01", "end_date": "2029-05-31"})).await;
    let seat = api
        .create(
            "seats",
            json!({
                "forum_id": id(&managers), "term_id": id(&term), "post_id": id(&post),
                "party_id": id(&lahti), "role": "member", "start_date": "2025-06-01"
            }),
        )
        .await;
    assert_eq!(seat["end_date"], "2029-05-31", "a seat ends with its term unless told otherwise");
    assert_eq!(seat["status"], "active");

    for (collection, record) in [
        ("parties", &lahti),
        ("people", &person),
        ("posts", &post),
        ("holdings", &holding),
        ("forums", &managers),
        ("council-terms", &term),
        ("seats", &seat),
    ] {
        let list = api.get(&format!("/api/v1/{collection}?region=07"), ADMIN_AUTH).await.expect(200);
        assert_eq!(list.body["total"], 1, "{collection}");
        assert_eq!(&list.body["items"][0], record, "{collection}");
        let one = api.get(&format!("/api/v1/{collection}/{}", id(record)), ADMIN_AUTH).await.expect(200);
        assert_eq!(&one.body, record, "{collection}");
    }
    let regions = api.get("/api/v1/regions", As::Anonymous).await.expect(200);
    assert_eq!(regions.body["items"][0]["code"], "07");

    // Filters from the record type's list of filters.
    let by_party = api.get(&format!("/api/v1/posts?party_id={}", id(&lahti)), ADMIN_AUTH).await.expect(200);
    assert_eq!(by_party.body["total"], 1);
    let none = api.get(&format!("/api/v1/seats?forum_id={}&role=chair", id(&managers)), ADMIN_AUTH).await.expect(200);
    assert_eq!(none.body["total"], 0);
    let unknown = api.get("/api/v1/posts?colour=red", As::Anonymous).await.problem(422, "invalid-input");
    assert_eq!(unknown.fields(), vec![("colour".to_owned(), "error-unknown-filter".to_owned())]);
    let not_a_number = api.get("/api/v1/posts?party_id=lahti", As::Anonymous).await.problem(422, "invalid-input");
    assert_eq!(not_a_number.fields(), vec![("party_id".to_owned(), "error-integer".to_owned())]);

    // A forum is replaced as a whole, its cadence with it.
    let mut changed = forum("Kuntajohtajakokous");
    changed["cadence"]["weekday"] = json!(3);
    let tag = format!("\"{}\"", managers["version"]);
    let replaced = api.put(&format!("/api/v1/forums/{}", id(&managers)), ADMIN_AUTH, Some(&tag), &changed).await.expect(200);
    assert_eq!(replaced.body["cadence"]["weekday"], 3);

    // The seat goes first, then what it referred to can go.
    api.delete(&format!("/api/v1/seats/{}", id(&seat)), ADMIN_AUTH, None).await.expect(204);
    api.delete(&format!("/api/v1/council-terms/{}", id(&term)), ADMIN_AUTH, None).await.expect(204);
});

api_test!(long_lists_come_in_pages_linked_by_the_link_header, api => {
    for (code, name) in [("016", "Asikkala"), ("098", "Hollola"), ("111", "Heinola")] {
        api.create("parties", municipality(code, name)).await;
    }
    let first = api.get("/api/v1/parties?region=07&limit=2", ADMIN_AUTH).await.expect(200);
    assert_eq!(first.body["total"], 3);
    assert_eq!(first.body["limit"], 2);
    assert_eq!(first.body["items"].as_array().map(Vec::len), Some(2));
    let link = first.header("link");
    assert_eq!(link, "</api/v1/parties?region=07&offset=2&limit=2>; rel=\"next\"");
    let next = link.trim_start_matches('<').split('>').next().unwrap_or_default();
    let second = api.get(next, ADMIN_AUTH).await.expect(200);
    assert_eq!(second.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(second.body["offset"], 2);
    assert!(!second.header("link").contains("rel=\"next\""), "{}", second.header("link"));
    assert!(second.header("link").contains("rel=\"prev\""));
    let names: Vec<&str> = first.body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(second.body["items"].as_array().into_iter().flatten())
        .filter_map(|p| p["name"]["fi"].as_str())
        .collect();
    assert_eq!(names, ["Asikkala", "Heinola", "Hollola"], "a stable order across pages");

    let capped = api.get("/api/v1/parties?limit=5000", ADMIN_AUTH).await.expect(200);
    assert_eq!(capped.body["limit"], 1000);
    let bad = api.get("/api/v1/parties?limit=0", ADMIN_AUTH).await.problem(422, "invalid-input");
    assert_eq!(bad.fields()[0].0, "limit");
    let bad = api.get("/api/v1/parties?offset=-1", ADMIN_AUTH).await.problem(422, "invalid-input");
    assert_eq!(bad.fields()[0].0, "offset");
});

// ---- bad input ----------------------------------------------------------------------

api_test!(malformed_json_is_422_with_line_and_column, api => {
    let body = "{\n  \"kind\": \"municipality\",\n  \"code\": \"398\"\n  \"name\": {}\n}";
    let reply = api.send(Method::POST, "/api/v1/parties?region=07", ADMIN_AUTH, &[], Some(body)).await;
    let reply = reply.problem(422, "invalid-json");
    let error = &reply.body["errors"][0];
    assert_eq!(error["code"], "error-json-syntax");
    assert_eq!(error["line"], 4);
    assert!(error["column"].as_u64().is_some_and(|c| c > 0));
    assert!(reply.body["detail"].as_str().unwrap_or_default().contains('4'), "{:#}", reply.body);

    const TRAILING: &str = r#"{"start_date": "2025-06-01", "end_date": "2029-05-31"} x"#;
    let trailing = api.send(Method::POST, "/api/v1/council-terms?region=07", ADMIN_AUTH, &[], Some(TRAILING)).await;
    trailing.problem(422, "invalid-json");
    let empty = api.send(Method::POST, "/api/v1/council-terms?region=07", ADMIN_AUTH, &[], Some("")).await;
    empty.problem(422, "invalid-json");
});

api_test!(unknown_field_is_422_naming_the_field, api => {
    let mut body = municipality("398", "Lahti");
    body["colour"] = json!("blue");
    let reply = api.post("/api/v1/parties?region=07", ADMIN_AUTH, &body).await.problem(422, "invalid-input");
    assert_eq!(reply.fields(), vec![("colour".to_owned(), "error-unknown-field".to_owned())]);

    let mut body = forum("PHTURVA");
    body["cadence"]["weekdy"] = json!(2);
    let reply = api.post("/api/v1/forums?region=07", ADMIN_AUTH, &body).await.problem(422, "invalid-input");
    assert_eq!(reply.fields(), vec![("cadence.weekdy".to_owned(), "error-unknown-field".to_owned())]);

    let reply = api.post("/api/v1/parties?region=07&colour=blue", ADMIN_AUTH, &municipality("398", "Lahti")).await;
    let reply = reply.problem(422, "invalid-input");
    assert_eq!(reply.fields(), vec![("colour".to_owned(), "error-unknown-parameter".to_owned())]);
});

api_test!(wrong_type_or_missing_field_is_422_naming_the_field, api => {
    let mut body = forum("PHTURVA");
    body["cadence"]["weekday"] = json!("tuesday");
    let reply = api.post("/api/v1/forums?region=07", ADMIN_AUTH, &body).await.problem(422, "invalid-input");
    assert_eq!(reply.fields(), vec![("cadence.weekday".to_owned(), "error-wrong-type".to_owned())]);

    let body = json!({"name": "Yhteyshenkilö", "contacts": [{"kind": "email", "value": "a@example.org", "public": "yes"}]});
    let reply = api.post("/api/v1/people?region=07", ADMIN_AUTH, &body).await.problem(422, "invalid-input");
    assert_eq!(reply.fields(), vec![("contacts[0].public".to_owned(), "error-wrong-type".to_owned())]);

    let mut body = forum("PHTURVA");
    body["level"] = json!("galactic");
    let reply = api.post("/api/v1/forums?region=07", ADMIN_AUTH, &body).await.problem(422, "invalid-input");
    assert_eq!(reply.fields()[0].0, "level");

    let body = json!({"start_date": "2025-06-01"});
    let reply = api.post("/api/v1/council-terms?region=07", ADMIN_AUTH, &body).await.problem(422, "invalid-input");
    assert_eq!(reply.fields(), vec![("end_date".to_owned(), "error-required".to_owned())]);

    let body = json!({"start_date": "2025-06-01", "end_date": "31.5.2029"});
    let reply = api.post("/api/v1/council-terms?region=07", ADMIN_AUTH, &body).await.problem(422, "invalid-input");
    assert_eq!(reply.fields()[0].0, "end_date");
});

api_test!(broken_rules_are_422_with_every_field_in_the_callers_language, api => {
    let body = json!({"start_date": "2029-05-31", "end_date": "2025-06-01"});
    let reply = api.post("/api/v1/council-terms?region=07", ADMIN_AUTH, &body).await.problem(422, "invalid-input");
    assert_eq!(reply.fields(), vec![("end_date".to_owned(), "error-end-before-start".to_owned())]);
    assert_eq!(reply.body["errors"][0]["message"], "Päättymispäivä on ennen alkamispäivää.", "Finnish by default");

    let english = api.post("/api/v1/council-terms?region=07&lang=en", ADMIN_AUTH, &body).await.problem(422, "invalid-input");
    let message = english.body["errors"][0]["message"].as_str().unwrap_or_default().to_owned();
    assert!(!message.is_empty() && message != "Päättymispäivä on ennen alkamispäivää.", "{message}");
    assert_eq!(english.header("content-language"), "en");
    let swedish = api
        .send(Method::POST, "/api/v1/council-terms?region=07", ADMIN_AUTH, &[("accept-language", "sv")], Some(&body.to_string()))
        .await
        .problem(422, "invalid-input");
    assert_eq!(swedish.header("content-language"), "sv");
    assert_ne!(swedish.body["title"], english.body["title"]);

    // Several broken rules at once: every field is named.
    let mut body = forum("");
    body["cadence"] = json!({"kind": "monthly", "weekday": 9});
    let reply = api.post("/api/v1/forums?region=07", ADMIN_AUTH, &body).await.problem(422, "invalid-input");
    let fields: Vec<String> = reply.fields().into_iter().map(|(field, _)| field).collect();
    for expected in ["name.fi", "cadence.weekday", "cadence.week_of_month"] {
        assert!(fields.iter().any(|f| f == expected), "{expected} missing from {fields:?}");
    }
});

api_test!(duplicate_municipality_code_is_409_naming_the_field, api => {
    api.create("parties", municipality("398", "Lahti")).await;
    let reply = api.post("/api/v1/parties?region=07", ADMIN_AUTH, &municipality("398", "Lahti again")).await.problem(409, "duplicate");
    assert_eq!(reply.fields(), vec![("code".to_owned(), "error-duplicate".to_owned())]);
    let list = api.get("/api/v1/parties", ADMIN_AUTH).await.expect(200);
    assert_eq!(list.body["total"], 1, "nothing half-written");
});

api_test!(deleting_a_referenced_party_is_409, api => {
    let lahti = api.create("parties", municipality("398", "Lahti")).await;
    api.create("posts", json!({"party_id": id(&lahti), "title": {"fi": "kaupunginjohtaja"}})).await;
    let reply = api.delete(&format!("/api/v1/parties/{}", id(&lahti)), ADMIN_AUTH, None).await.problem(409, "in-use");
    assert!(reply.body.get("errors").is_none());
    api.get(&format!("/api/v1/parties/{}", id(&lahti)), ADMIN_AUTH).await.expect(200);
});

api_test!(unknown_records_regions_and_paths_are_404, api => {
    api.get("/api/v1/parties/999", As::Anonymous).await.problem(404, "not-found");
    api.get("/api/v1/parties/lahti", As::Anonymous).await.problem(404, "not-found");
    api.get("/api/v1/parties?region=99", As::Anonymous).await.problem(404, "not-found");
    api.get("/api/v1/committees", As::Anonymous).await.problem(404, "not-found");
    let reply = api.post("/api/v1/parties?region=99", ADMIN_AUTH, &municipality("398", "Lahti")).await;
    let reply = reply.problem(404, "not-found");
    assert!(reply.body["detail"].as_str().unwrap_or_default().contains("99"));
    api.put("/api/v1/parties/999", ADMIN_AUTH, Some("\"1\""), &municipality("398", "Lahti")).await.problem(404, "not-found");
    api.delete("/api/v1/parties/999", ADMIN_AUTH, None).await.problem(404, "not-found");
    let reply = api.post("/api/v1/parties", ADMIN_AUTH, &municipality("398", "Lahti")).await.problem(422, "invalid-input");
    assert_eq!(reply.fields(), vec![("region".to_owned(), "error-required".to_owned())]);
    let reply = api.send(Method::PATCH, "/api/v1/parties/1", ADMIN_AUTH, &[], Some("{}")).await;
    let reply = reply.problem(405, "method-not-allowed");
    assert!(reply.header("allow").contains("PUT"), "{:?}", reply.headers);
});

api_test!(body_that_is_not_json_is_415, api => {
    let body = municipality("398", "Lahti").to_string();
    let reply = api.send(Method::POST, "/api/v1/parties?region=07", ADMIN_AUTH, &[("content-type", "text/plain")], Some(&body)).await;
    reply.problem(415, "unsupported-media-type");
    let reply = api
        .send(
            Method::POST,
            "/api/v1/parties?region=07",
            ADMIN_AUTH,
            &[("content-type", "application/json; charset=utf-8")],
            Some(&body),
        )
        .await;
    reply.expect(201);
});

// ---- who may write ------------------------------------------------------------------

api_test!(anonymous_write_is_401_with_a_basic_challenge, api => {
    let reply = api.post("/api/v1/parties?region=07", As::Anonymous, &municipality("398", "Lahti")).await;
    let reply = reply.problem(401, "unauthorized");
    assert!(reply.header("www-authenticate").starts_with("Basic realm=\"foorumi\""));
    let wrong = api.post("/api/v1/parties?region=07", As::Basic(ADMIN, "wrong password"), &municipality("398", "Lahti")).await;
    wrong.problem(401, "unauthorized");
    // Wrong credentials on a read are refused too, rather than quietly ignored.
    api.get("/api/v1/parties", As::Basic(ADMIN, "wrong password")).await.problem(401, "unauthorized");
    api.delete("/api/v1/parties/1", As::Anonymous, None).await.problem(401, "unauthorized");
    let list = api.get("/api/v1/parties", ADMIN_AUTH).await.expect(200);
    assert_eq!(list.body["total"], 0);
});

api_test!(session_write_needs_the_csrf_token_header, api => {
    let session = accounts::login(&api.app.store, ADMIN, PASSWORD, "127.0.0.1")
        .await
        .expect("log in")
        .unwrap_or_else(|err| panic!("login refused: {err:?}"));
    let body = municipality("398", "Lahti");
    let without = api.post("/api/v1/parties?region=07", As::Session { token: &session.token, csrf: None }, &body).await;
    without.problem(403, "csrf");
    let forged = As::Session { token: &session.token, csrf: Some("0000000000000000000000000000000000000000000000000000000000000000") };
    api.post("/api/v1/parties?region=07", forged, &body).await.problem(403, "csrf");
    let with = As::Session { token: &session.token, csrf: Some(&session.csrf_token) };
    let created = api.post("/api/v1/parties?region=07", with, &body).await.expect(201);
    // Reads need no token.
    api.get(created.header("location"), As::Session { token: &session.token, csrf: None }).await.expect(200);
});

api_test!(the_store_decides_who_may_write, api => {
    let lahti = api.create("parties", municipality("398", "Lahti")).await;
    let hollola = api.create("parties", municipality("098", "Hollola")).await;
    let admin = accounts::actor_by_credentials(&api.app.store, ADMIN, PASSWORD, "192.0.2.1").await.expect("look up").expect("admin").1;
    accounts::create_user(
        &api.app.store,
        &admin,
        &author(),
        NewUser {
            display_name: "Lahden pääkäyttäjä".into(),
            grants: vec![Grant { region_id: api.region_id, party_id: Some(id(&lahti)) }],
            ..new_user(PARTY_ADMIN)
        },
    )
    .await
    .expect("create the party administrator");
    let party_admin = As::Basic(PARTY_ADMIN, PASSWORD);
    let own = json!({"name": "Lahden yhteyshenkilö", "party_id": id(&lahti)});
    api.post("/api/v1/people?region=07", party_admin, &own).await.expect(201);
    let other = json!({"name": "Hollolan yhteyshenkilö", "party_id": id(&hollola)});
    api.post("/api/v1/people?region=07", party_admin, &other).await.problem(403, "forbidden");
    api.post("/api/v1/parties?region=07", party_admin, &municipality("111", "Heinola")).await.problem(403, "forbidden");
});

// ---- versions -----------------------------------------------------------------------

api_test!(replace_without_if_match_is_428, api => {
    let lahti = api.create("parties", municipality("398", "Lahti")).await;
    let path = format!("/api/v1/parties/{}", id(&lahti));
    api.put(&path, ADMIN_AUTH, None, &municipality("398", "Lahti")).await.problem(428, "precondition-required");
    api.put(&path, ADMIN_AUTH, Some("*"), &municipality("398", "Lahti")).await.problem(428, "precondition-required");
    let unchanged = api.get(&path, ADMIN_AUTH).await.expect(200);
    assert_eq!(unchanged.body, lahti);
});

api_test!(stale_if_match_is_412_with_the_current_version, api => {
    let lahti = api.create("parties", municipality("398", "Lahti")).await;
    let path = format!("/api/v1/parties/{}", id(&lahti));
    let first = format!("\"{}\"", lahti["version"]);
    let mut edit = municipality("398", "Lahti");
    edit["name"]["en"] = json!("Lahti city");
    let replaced = api.put(&path, ADMIN_AUTH, Some(&first), &edit).await.expect(200);
    let current = replaced.body["version"].as_i64().unwrap_or_default();

    // A second editor who started from the first version.
    let mut late = municipality("398", "Lahti");
    late["name"]["sv"] = json!("Lahtis");
    let reply = api.put(&path, ADMIN_AUTH, Some(&first), &late).await.problem(412, "stale");
    assert_eq!(reply.body["current_version"], current);
    assert_eq!(reply.header("etag"), format!("\"{current}\""));
    api.put(&path, ADMIN_AUTH, Some("W/\"2\""), &late).await.problem(412, "stale");
    api.delete(&path, ADMIN_AUTH, Some(&first)).await.problem(412, "stale");

    let still = api.get(&path, ADMIN_AUTH).await.expect(200);
    assert_eq!(still.body["name"]["en"], "Lahti city");
    assert_eq!(still.body["name"]["sv"], "Lahti");
    api.put(&path, ADMIN_AUTH, Some(&format!("\"{current}\"")), &late).await.expect(200);
});

// ---- what the public sees -----------------------------------------------------------

api_test!(contacts_that_are_not_public_are_hidden_from_anonymous_readers, api => {
    let lahti = api.create("parties", municipality("398", "Lahti")).await;
    let person = api
        .create(
            "people",
            json!({
                "name": "Lahden kaupunginjohtaja",
                "party_id": id(&lahti),
                "contacts": [
                    {"kind": "email", "value": "kaupunginjohtaja@example.org", "public": true},
                    {"kind": "phone", "value": "+358 40 123 4567", "public": false}
                ]
            }),
        )
        .await;
    assert_eq!(person["contacts"].as_array().map(Vec::len), Some(2), "the writer sees what they wrote");
    let path = format!("/api/v1/people/{}", id(&person));

    let public = api.get(&path, As::Anonymous).await.expect(200);
    let contacts = public.body["contacts"].as_array().cloned().unwrap_or_default();
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0]["value"], "kaupunginjohtaja@example.org");
    assert!(!public.body.to_string().contains("123 4567"));
    let list = api.get("/api/v1/people?region=07", As::Anonymous).await.expect(200);
    assert!(!list.body.to_string().contains("123 4567"), "{:#}", list.body);
    assert!(list.body.to_string().contains("kaupunginjohtaja@example.org"));

    let admin = api.get(&path, ADMIN_AUTH).await.expect(200);
    assert_eq!(admin.body["contacts"].as_array().map(Vec::len), Some(2));
    let list = api.get("/api/v1/people?region=07", ADMIN_AUTH).await.expect(200);
    assert!(list.body.to_string().contains("123 4567"));
});

// ---- the OpenAPI document -----------------------------------------------------------

const COLLECTIONS: [&str; 8] = ["regions", "parties", "people", "posts", "holdings", "forums", "council-terms", "seats"];

async fn openapi(api: &Api) -> Value {
    let reply = api.get("/api/v1/openapi.json", As::Anonymous).await.expect(200);
    assert!(reply.header("content-type").starts_with("application/json"));
    reply.body
}

api_test!(openapi_document_is_3_1_and_describes_every_operation, api => {
    let doc = openapi(&api).await;
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1.")), "{}", doc["openapi"]);
    assert!(doc["info"]["title"].is_string());
    let paths = doc["paths"].as_object().expect("paths");
    for collection in COLLECTIONS {
        let list = &paths[&format!("/api/v1/{collection}")];
        let one = &paths[&format!("/api/v1/{collection}/{{id}}")];
        for (item, methods) in [(list, &["get", "post"][..]), (one, &["get", "put", "delete"][..])] {
            for method in methods {
                let op = &item[*method];
                assert!(op["operationId"].is_string(), "{collection} {method}");
                assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()), "{collection} {method}");
            }
        }
        let params: Vec<&str> = list["get"]["parameters"].as_array().into_iter().flatten().filter_map(|p| p["name"].as_str()).collect();
        for name in ["region", "offset", "limit"] {
            assert!(params.contains(&name), "{collection}: {params:?}");
        }
        let put_params = one["put"]["parameters"].as_array().cloned().unwrap_or_default();
        let if_match = put_params.iter().find(|p| p["name"] == "If-Match").expect("If-Match on replace");
        assert_eq!(if_match["in"], "header");
        assert_eq!(if_match["required"], true);
        assert!(one["put"]["responses"]["412"].is_object() && one["put"]["responses"]["428"].is_object());
        assert!(list["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].is_string());
    }
    // Filters come from the record types.
    let seat_params = doc["paths"]["/api/v1/seats"]["get"]["parameters"].to_string();
    for filter in ["forum_id", "party_id", "term_id", "role", "status"] {
        assert!(seat_params.contains(&format!("\"{filter}\"")), "{filter}");
    }
    // Problems are documented with their schema.
    let problem = &doc["components"]["schemas"]["Problem"];
    let required: Vec<&str> = problem["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    for name in ["type", "title", "status", "detail"] {
        assert!(required.contains(&name), "{required:?}");
    }
    assert_eq!(
        doc["components"]["responses"]["NotFound"]["content"]["application/problem+json"]["schema"]["$ref"],
        "#/components/schemas/Problem"
    );
    assert_eq!(doc["components"]["securitySchemes"]["basic"]["scheme"], "basic");

    // The same document every time (the page cache and clients may keep it).
    let again = api.get("/api/v1/openapi.json", ADMIN_AUTH).await.expect(200);
    assert_eq!(again.body, doc);
});

api_test!(real_responses_match_the_openapi_schemas, api => {
    let lahti = api.create("parties", municipality("398", "Lahti")).await;
    let person = api
        .create(
            "people",
            json!({"name": "Lahden kaupunginjohtaja", "party_id": id(&lahti),
                   "contacts": [{"kind": "email", "value": "kj@example.org", "public": true, "valid_from": "2025-01-01"}]}),
        )
        .await;
    let post = api.create("posts", json!({"party_id": id(&lahti), "title": {"fi": "kaupunginjohtaja"}})).await;
    api.create("holdings", json!({"post_id": id(&post), "person_id": id(&person), "start_date": "2025-06-01"})).await;
    let managers = api.create("forums", forum("Kuntajohtajakokous")).await;
    let term = api.create("council-terms", json!({"start_date": "2025-06-01", "end_date": "2029-05-31"})).await;
    api.create(
        "seats",
        json!({"forum_id": id(&managers), "term_id": id(&term), "person_id": id(&person),
               "party_id": id(&lahti), "role": "chair", "start_date": "2025-06-01"}),
    )
    .await;
    let doc = openapi(&api).await;
    for collection in COLLECTIONS {
        let path = format!("/api/v1/{collection}");
        let list = api.get(&path, ADMIN_AUTH).await.expect(200);
        let schema = &doc["paths"][&path]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        let mut errors = Vec::new();
        validate(&doc, schema, &list.body, &path, &mut errors);
        assert!(errors.is_empty(), "{path}: {errors:#?}");
        assert!(list.body["items"].as_array().is_some_and(|items| !items.is_empty()), "{path}");

        let one_path = format!("/api/v1/{collection}/{{id}}");
        let item = &list.body["items"][0];
        let one = api.get(&format!("{path}/{}", id(item)), ADMIN_AUTH).await.expect(200);
        let schema = &doc["paths"][&one_path]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        validate(&doc, schema, &one.body, &one_path, &mut errors);
        assert!(errors.is_empty(), "{one_path}: {errors:#?}");
    }
    // A problem document matches the Problem schema, and a record with a missing
    // required property does not match its schema (the check can fail).
    let problem = api.get("/api/v1/parties/999", As::Anonymous).await.problem(404, "not-found");
    let mut errors = Vec::new();
    validate(&doc, &json!({"$ref": "#/components/schemas/Problem"}), &problem.body, "problem", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");
    let mut broken = lahti.clone();
    broken.as_object_mut().map(|o| o.remove("kind"));
    validate(&doc, &json!({"$ref": "#/components/schemas/Party"}), &broken, "broken", &mut errors);
    assert!(!errors.is_empty(), "a missing `kind` must be caught");
});

/// A small JSON Schema check, enough for the schemas utoipa writes: references, allOf,
/// oneOf/anyOf, types (with "null"), required, declared and forbidden properties, items,
/// enums.
fn validate(doc: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("unexpected $ref {reference}"));
        let target = &doc["components"]["schemas"][name];
        assert!(target.is_object(), "dangling $ref {reference}");
        return validate(doc, target, value, at, errors);
    }
    if let Some(all) = schema["allOf"].as_array() {
        for part in all {
            validate(doc, part, value, at, errors);
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(choices) = schema[key].as_array() {
            let matching = choices
                .iter()
                .filter(|choice| {
                    let mut scratch = Vec::new();
                    validate(doc, choice, value, at, &mut scratch);
                    scratch.is_empty()
                })
                .count();
            if matching == 0 {
                errors.push(format!("{at}: matches none of {key}"));
            }
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !types.is_empty() {
        let actual = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        let ok = types.contains(&actual) || (actual == "integer" && types.contains(&"number"));
        if !ok {
            errors.push(format!("{at}: {actual} where the schema says {types:?}"));
            return;
        }
    }
    if let Some(choices) = schema["enum"].as_array()
        && !choices.contains(value)
    {
        errors.push(format!("{at}: {value} is not one of {choices:?}"));
    }
    if let Value::Object(object) = value {
        for name in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !object.contains_key(name) {
                errors.push(format!("{at}: required property `{name}` is missing"));
            }
        }
        let properties = schema["properties"].as_object();
        for (name, property) in properties.into_iter().flatten() {
            if let Some(member) = object.get(name) {
                validate(doc, property, member, &format!("{at}.{name}"), errors);
            }
        }
        if schema["additionalProperties"] == json!(false) {
            for name in object.keys().filter(|name| !properties.is_some_and(|p| p.contains_key(*name))) {
                errors.push(format!("{at}: property `{name}` is not allowed"));
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(doc, item_schema, item, &format!("{at}[{i}]"), errors);
        }
    }
}
