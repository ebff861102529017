//! The OpenAPI 3.1 document of the API, built from the same `Collection` implementations
//! that register the routes (`super::Api::collection` does both), with the record and
//! input schemas from the domain types' `ToSchema` derives.

use std::collections::BTreeMap;

use foorumi_store::records::FilterType;
use serde_json::{Map, Value, json};
use utoipa::openapi::path::{HttpMethod, Operation, OperationBuilder, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ArrayBuilder, ComponentsBuilder, ContentBuilder, HeaderBuilder, InfoBuilder, LicenseBuilder, ObjectBuilder, OpenApiBuilder, Paths, Ref,
    RefOr, Required, ResponseBuilder, Schema, Tag, Type,
};
use utoipa::{PartialSchema, ToSchema};

use super::PREFIX;
use super::caller::CSRF_HEADER;
use super::collection::{Collection, DEFAULT_LIMIT, MAX_LIMIT};
use super::problem::{FieldProblem, PROBLEM_JSON, Problem};
use crate::auth::SESSION_COOKIE;

/// The parts of the document that collections add to.
#[derive(Default)]
pub struct Document {
    paths: Paths,
    schemas: Vec<(String, RefOr<Schema>)>,
    tags: Vec<Tag>,
}

/// Problem responses, shared by every operation through `#/components/responses/…`.
const PROBLEMS: &[(&str, &str, &str)] = &[
    ("401", "Unauthorized", "No credentials, or wrong ones (the response carries a Basic challenge)."),
    ("403", "Forbidden", "The caller may not do this, or a session write lacks its X-CSRF-Token."),
    ("404", "NotFound", "No such record, region or path."),
    ("409", "Conflict", "A unique value is taken (the field is named), or the record is still referred to."),
    ("412", "PreconditionFailed", "If-Match names a version that is no longer current; `current_version` says which is."),
    ("413", "ContentTooLarge", "The body is too large."),
    ("415", "UnsupportedMediaType", "The body is not application/json."),
    ("422", "UnprocessableContent", "The body or a parameter is invalid; `errors` names every field."),
    ("428", "PreconditionRequired", "A replace must carry If-Match with the record's ETag."),
];

fn problem(status: &str) -> (String, RefOr<utoipa::openapi::Response>) {
    let name = PROBLEMS.iter().find(|(code, _, _)| *code == status).map(|(_, name, _)| *name).expect("a known problem status");
    (status.to_owned(), RefOr::Ref(Ref::new(format!("#/components/responses/{name}"))))
}

trait Problems {
    /// Adds the problem responses of these status codes.
    fn problems<const N: usize>(self, statuses: [&str; N]) -> Self;
}

impl Problems for OperationBuilder {
    fn problems<const N: usize>(mut self, statuses: [&str; N]) -> Self {
        for status in statuses {
            let (code, response) = problem(status);
            self = self.response(code, response);
        }
        self
    }
}

fn schema_ref(name: &str) -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(name))
}

fn integer(min: Option<i64>, max: Option<i64>, default: Option<i64>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int64)))
        .minimum(min)
        .maximum(max)
        .default(default.map(|d| json!(d)))
        .into()
}

fn string() -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::String).into()
}

fn parameter(name: &str, place: ParameterIn, required: bool, description: &str, schema: RefOr<Schema>) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(place)
        .required(if required { Required::True } else { Required::False })
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

fn lang_parameter() -> Parameter {
    let schema = ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["fi", "sv", "en"])).into();
    parameter("lang", ParameterIn::Query, false, "Language of error messages (otherwise Accept-Language; Finnish by default).", schema)
}

fn id_parameter(singular: &str) -> Parameter {
    parameter("id", ParameterIn::Path, true, &format!("The {singular}'s id."), integer(Some(1), None, None))
}

fn region_parameter(required: bool, description: &str) -> Parameter {
    let schema = ObjectBuilder::new().schema_type(Type::String).pattern(Some("^[0-9]{2}$")).examples(["07"]).into();
    parameter("region", ParameterIn::Query, required, description, schema)
}

fn json_content(schema: RefOr<Schema>) -> utoipa::openapi::Content {
    ContentBuilder::new().schema(Some(schema)).build()
}

fn etag_header() -> utoipa::openapi::Header {
    HeaderBuilder::new().schema(string()).description(Some("The record's version as a strong entity tag (\"3\").")).build()
}

fn record_response(description: &str, name: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .header("ETag", etag_header())
        .content("application/json", json_content(schema_ref(name)))
        .build()
}

/// Writes need an account: Basic credentials, or a session cookie with its CSRF token.
fn write_security() -> Vec<SecurityRequirement> {
    vec![
        SecurityRequirement::new("basic", Vec::<String>::new()),
        SecurityRequirement::new("session", Vec::<String>::new()).add("csrf", Vec::<String>::new()),
    ]
}

/// Reads are public; credentials only widen what a person's contacts show.
fn read_security() -> Vec<SecurityRequirement> {
    vec![
        SecurityRequirement::default(),
        SecurityRequirement::new("basic", Vec::<String>::new()),
        SecurityRequirement::new("session", Vec::<String>::new()),
    ]
}

/// "council-terms" → "CouncilTerms".
fn camel(path: &str) -> String {
    path.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

impl Document {
    /// Describes the five operations of a collection.
    pub fn collection<C: Collection>(&mut self) {
        let singular = C::name().into_owned();
        let plural = camel(C::PATH);
        let entity = C::ENTITY.replace('_', " ");
        let tag = C::PATH.to_owned();
        self.tags.push(Tag::new(tag.clone()));

        self.schemas.push((singular.clone(), C::schema()));
        C::schemas(&mut self.schemas);
        let input = C::input_schema(&mut self.schemas).into_owned();
        let list_name = format!("{singular}List");
        let list_schema = ObjectBuilder::new()
            .description(Some(format!("A page of {}.", C::PATH)))
            .property("items", ArrayBuilder::new().items(schema_ref(&singular)))
            .required("items")
            .property("total", integer(Some(0), None, None))
            .required("total")
            .property("offset", integer(Some(0), None, None))
            .required("offset")
            .property("limit", integer(Some(1), Some(MAX_LIMIT), None))
            .required("limit")
            .into();
        self.schemas.push((list_name.clone(), list_schema));

        // The list.
        let mut list = OperationBuilder::new()
            .tag(&tag)
            .operation_id(Some(format!("list{plural}")))
            .summary(Some(format!("List {}", C::PATH.replace('-', " "))))
            .securities(Some(read_security()));
        let mut parameters = Vec::new();
        if C::IN_REGION {
            parameters.push(region_parameter(false, "Only records of the region with this Statistics Finland code."));
        } else {
            parameters.push(region_parameter(false, "Only the region with this code."));
        }
        for (name, kind) in C::FILTERS {
            let schema = match kind {
                FilterType::Int | FilterType::IntWhere(_) => integer(None, None, None),
                FilterType::Text | FilterType::TextWhere(_) => string(),
            };
            parameters.push(parameter(name, ParameterIn::Query, false, &format!("Only records whose `{name}` is this."), schema));
        }
        parameters.push(parameter("offset", ParameterIn::Query, false, "Records to skip.", integer(Some(0), None, Some(0))));
        parameters.push(parameter(
            "limit",
            ParameterIn::Query,
            false,
            "Records to return; larger values are lowered to the maximum.",
            integer(Some(1), Some(MAX_LIMIT), Some(DEFAULT_LIMIT)),
        ));
        parameters.push(lang_parameter());
        list = list
            .parameters(Some(parameters))
            .response(
                "200",
                ResponseBuilder::new()
                    .description(format!("A page of {}, in a stable order.", C::PATH.replace('-', " ")))
                    .header(
                        "Link",
                        HeaderBuilder::new()
                            .schema(string())
                            .description(Some("RFC 8288 links to the `next` and `prev` pages, when there are any."))
                            .build(),
                    )
                    .content("application/json", json_content(schema_ref(&list_name)))
                    .build(),
            )
            .problems(["401", "404", "422"]);

        // Create.
        let mut create_parameters = Vec::new();
        if C::IN_REGION {
            create_parameters.push(region_parameter(true, "The region the new record belongs to."));
        }
        create_parameters.push(lang_parameter());
        let create = OperationBuilder::new()
            .tag(&tag)
            .operation_id(Some(format!("create{singular}")))
            .summary(Some(format!("Create a {entity}")))
            .securities(Some(write_security()))
            .parameters(Some(create_parameters))
            .request_body(Some(body(&input)))
            .response(
                "201",
                ResponseBuilder::new()
                    .description("Created.")
                    .header("ETag", etag_header())
                    .header("Location", HeaderBuilder::new().schema(string()).description(Some("The new record's URL.")).build())
                    .content("application/json", json_content(schema_ref(&singular)))
                    .build(),
            )
            .problems(["401", "403", "404", "409", "413", "415", "422"]);

        // Get, replace, delete.
        let get = OperationBuilder::new()
            .tag(&tag)
            .operation_id(Some(format!("get{singular}")))
            .summary(Some(format!("Get a {entity}")))
            .securities(Some(read_security()))
            .parameters(Some([id_parameter(&entity), lang_parameter()]))
            .response("200", record_response(&format!("The {entity}."), &singular))
            .problems(["401", "404"]);
        let if_match = |required: bool, description: &str| parameter("If-Match", ParameterIn::Header, required, description, string());
        let replace = OperationBuilder::new()
            .tag(&tag)
            .operation_id(Some(format!("replace{singular}")))
            .summary(Some(format!("Replace a {entity}")))
            .securities(Some(write_security()))
            .parameters(Some([
                id_parameter(&entity),
                if_match(true, "The ETag of the version this replacement starts from (\"3\")."),
                lang_parameter(),
            ]))
            .request_body(Some(body(&input)))
            .response("200", record_response("Replaced; the new version is in the ETag.", &singular))
            .problems(["401", "403", "404", "409", "412", "413", "415", "422", "428"]);
        let delete = OperationBuilder::new()
            .tag(&tag)
            .operation_id(Some(format!("delete{singular}")))
            .summary(Some(format!("Delete a {entity}")))
            .securities(Some(write_security()))
            .parameters(Some([
                id_parameter(&entity),
                if_match(false, "When given, the record is deleted only if it is still at this version."),
                lang_parameter(),
            ]))
            .response("204", ResponseBuilder::new().description("Deleted."))
            .problems(["401", "403", "404", "409", "412"]);

        self.add(&format!("{PREFIX}/{}", C::PATH), [(HttpMethod::Get, list.build()), (HttpMethod::Post, create.build())]);
        self.add(
            &format!("{PREFIX}/{}/{{id}}", C::PATH),
            [(HttpMethod::Get, get.build()), (HttpMethod::Put, replace.build()), (HttpMethod::Delete, delete.build())],
        );
    }

    /// A schema that operations refer to by name.
    pub fn schema<T: ToSchema>(&mut self) {
        self.schemas.push((T::name().into_owned(), T::schema()));
        T::schemas(&mut self.schemas);
    }

    /// An operation beyond the five of a collection: `request` and `response` name schemas
    /// (the request as JSON, or `None`), `raw_request` describes a request body of bytes.
    #[allow(clippy::too_many_arguments)]
    pub fn action<T: ToSchema>(
        &mut self,
        method: HttpMethod,
        path: &str,
        tag: &str,
        operation_id: &str,
        summary: &str,
        request: Option<&str>,
        raw_request: Option<&str>,
        if_match: bool,
        problems: &[&str],
    ) {
        self.schema::<T>();
        let mut parameters: Vec<Parameter> = Vec::new();
        for segment in path.split('/').filter(|s| s.starts_with('{')) {
            let name = segment.trim_matches(['{', '}']);
            parameters.push(match name {
                // A region is named by its official code ("07"), a string with its zeros.
                "code" => parameter(name, ParameterIn::Path, true, "The region's official code (\"07\").", string()),
                _ => parameter(name, ParameterIn::Path, true, "The record's id.", integer(Some(1), None, None)),
            });
        }
        if if_match {
            parameters.push(parameter("If-Match", ParameterIn::Header, true, "The ETag of the version the action starts from.", string()));
        }
        parameters.push(lang_parameter());
        let mut operation = OperationBuilder::new()
            .tag(tag)
            .operation_id(Some(operation_id))
            .summary(Some(summary))
            .securities(Some(if method == HttpMethod::Get { read_security() } else { write_security() }))
            .parameters(Some(parameters))
            .response("200", record_response("The result.", &T::name()));
        if let Some(request) = request {
            operation = operation.request_body(Some(body(request)));
        }
        if let Some(description) = raw_request {
            operation = operation.request_body(Some(
                RequestBodyBuilder::new()
                    .required(Some(Required::True))
                    .description(Some(description))
                    .content("application/octet-stream", ContentBuilder::new().build())
                    .build(),
            ));
        }
        for status in problems {
            let (code, response) = problem(status);
            operation = operation.response(code, response);
        }
        self.add(&format!("{PREFIX}{path}"), [(method, operation.build())]);
    }

    pub(super) fn add<const N: usize>(&mut self, path: &str, operations: [(HttpMethod, Operation); N]) {
        for (method, operation) in operations {
            self.paths.add_path_operation(path, vec![method], operation);
        }
    }

    /// The finished document, with the document's own path.
    pub fn build(mut self) -> Value {
        let document_path = format!("{PREFIX}/openapi.json");
        let own = OperationBuilder::new()
            .operation_id(Some("openapi"))
            .summary(Some("This document"))
            .response(
                "200",
                ResponseBuilder::new()
                    .description("The OpenAPI 3.1 description of this API.")
                    .content("application/json", ContentBuilder::new().build()),
            )
            .build();
        self.add(&document_path, [(HttpMethod::Get, own)]);

        self.schemas.push((Problem::name().into_owned(), Problem::schema()));
        Problem::schemas(&mut self.schemas);
        self.schemas.push((FieldProblem::name().into_owned(), FieldProblem::schema()));
        // Sorted and without repeats, so the document is the same on every start.
        let schemas: BTreeMap<String, RefOr<Schema>> = self.schemas.into_iter().collect();
        let mut components = ComponentsBuilder::new()
            .schemas_from_iter(schemas)
            .security_scheme(
                "basic",
                SecurityScheme::Http({
                    let mut http = Http::new(HttpAuthScheme::Basic);
                    http.description = Some("E-mail address and password of a Foorumi account.".into());
                    http
                }),
            )
            .security_scheme(
                "session",
                SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                    SESSION_COOKIE,
                    "The browser session of a signed-in user; writes also need the csrf header.",
                ))),
            )
            .security_scheme(
                "csrf",
                SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                    CSRF_HEADER,
                    "The session's CSRF token, as the pages' forms carry it.",
                ))),
            );
        for (_, name, description) in PROBLEMS {
            components = components.response(
                *name,
                ResponseBuilder::new().description(*description).content(PROBLEM_JSON, json_content(schema_ref(&Problem::name()))),
            );
        }
        self.tags.sort_by(|a, b| a.name.cmp(&b.name));
        let document = OpenApiBuilder::new()
            .info(
                InfoBuilder::new()
                    .title("Foorumi API")
                    .version(env!("CARGO_PKG_VERSION"))
                    .description(Some(
                        "The cooperation register of a region: its parties, people, posts, forums, council terms and seats. \
                         Reads are public; writes need an account. Errors are RFC 9457 problem documents.",
                    ))
                    .license(Some(LicenseBuilder::new().name("EUPL-1.2").identifier(Some("EUPL-1.2")).build())),
            )
            .paths(self.paths)
            .components(Some(components.build()))
            .tags(Some(self.tags))
            .build();
        let mut document = serde_json::to_value(document).expect("the OpenAPI document serialises");
        tidy(&mut document);
        document
    }
}

/// Two things the derives write that a validator would trip over. A record flattens its
/// input (`#[serde(flatten)] input`), which becomes `allOf: [Input, {id, version, …}]`;
/// but the input forbids properties it does not know, so no real record would match.
/// Such schemas are merged into one object that allows them. And the `Id` alias comes
/// out as a reference to a schema named "i64", which is inlined.
fn tidy(document: &mut Value) {
    let Some(schemas) = document.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else { return };
    let originals = schemas.clone();
    for schema in schemas.values_mut() {
        let Some([Value::Object(first), Value::Object(extra)]) = schema.get("allOf").and_then(Value::as_array).map(Vec::as_slice) else {
            continue;
        };
        let Some(base) = first.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/")) else {
            continue;
        };
        let Some(Value::Object(base)) = originals.get(base) else { continue };
        let mut merged = base.clone();
        merged.remove("additionalProperties");
        if let (Some(Value::Object(into)), Some(Value::Object(from))) = (merged.get_mut("properties"), extra.get("properties")) {
            into.extend(from.clone());
        }
        if let (Some(Value::Array(into)), Some(Value::Array(from))) = (merged.get_mut("required"), extra.get("required")) {
            into.extend(from.iter().cloned());
        }
        *schema = Value::Object(merged);
    }
    if let Some(Value::Object(integer)) = schemas.remove("i64") {
        inline_ref(document, "#/components/schemas/i64", &integer);
    }
}

fn inline_ref(value: &mut Value, reference: &str, target: &Map<String, Value>) {
    match value {
        Value::Object(object) => {
            if object.get("$ref").and_then(Value::as_str) == Some(reference) {
                object.remove("$ref");
                for (key, member) in target {
                    object.entry(key.clone()).or_insert_with(|| member.clone());
                }
            }
            object.values_mut().for_each(|member| inline_ref(member, reference, target));
        }
        Value::Array(items) => items.iter_mut().for_each(|item| inline_ref(item, reference, target)),
        _ => {}
    }
}

fn body(input: &str) -> utoipa::openapi::request_body::RequestBody {
    RequestBodyBuilder::new().required(Some(Required::True)).content("application/json", json_content(schema_ref(input))).build()
}
