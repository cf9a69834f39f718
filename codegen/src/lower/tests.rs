//! The lowered model of tiny inline specs: the route table, security, bodies, responses, schema kinds, and the
//! names the generated module reserves.

use super::lower;
use crate::model::{Api, Resource, ResponseFormat, SchemaKind, SchemeKind, Type, XmlStyle};

/// A spec with `paths` and `components` spliced in, and the root extensions `root`.
fn spec(root: &str, paths: &str, components: &str) -> String {
    format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{root}\npaths:\n{paths}\ncomponents:\n{components}\n")
}

fn lowered(source: &str) -> Api {
    let spec = crate::load("t.yaml", source).expect("parses");
    lower("t.yaml", "t", &spec).unwrap_or_else(|error| panic!("{error}"))
}

fn problems(source: &str) -> Vec<(String, String)> {
    let spec = crate::load("t.yaml", source).expect("parses");
    let error = lower("t.yaml", "t", &spec).expect_err("the spec has problems");
    error.problems.into_iter().map(|p| (p.pointer, p.message)).collect()
}

const GET_204: &str = "responses: {'204': {description: Done.}}";

fn patterns(resources: &[Resource]) -> Vec<(Vec<&str>, Option<ResponseFormat>)> {
    resources
        .iter()
        .map(|r| (r.patterns.iter().map(String::as_str).collect(), r.format))
        .collect()
}

#[test]
fn every_base_path_slash_and_suffix_variant_is_one_resource_family_in_spec_order() {
    let root = "servers: [{url: /}, {url: /api/v1/}]\nx-spaceport-trailing-slash: true\n\
                x-spaceport-format-suffixes: {json: application/json, xml: application/xml}";
    let paths = format!(
        "  /things/{{id}}:\n    get: {{operationId: getThing, parameters: [{{name: id, in: path, required: true, \
         schema: {{type: string}}}}], {GET_204}}}\n  /things/new:\n    get: {{operationId: newThing, {GET_204}}}\n    \
         post: {{operationId: makeThing, {GET_204}}}"
    );

    let api = lowered(&spec(root, &paths, "  schemas: {}"));

    assert_eq!(
        patterns(&api.resources),
        vec![
            (
                vec!["/things/{id}.json", "/api/v1/things/{id}.json"],
                Some(ResponseFormat::Json)
            ),
            (
                vec!["/things/{id}.xml", "/api/v1/things/{id}.xml"],
                Some(ResponseFormat::Xml)
            ),
            (
                vec![
                    "/things/{id}",
                    "/things/{id}/",
                    "/api/v1/things/{id}",
                    "/api/v1/things/{id}/"
                ],
                None
            ),
            (
                vec!["/things/new.json", "/api/v1/things/new.json"],
                Some(ResponseFormat::Json)
            ),
            (
                vec!["/things/new.xml", "/api/v1/things/new.xml"],
                Some(ResponseFormat::Xml)
            ),
            (
                vec![
                    "/things/new",
                    "/things/new/",
                    "/api/v1/things/new",
                    "/api/v1/things/new/"
                ],
                None
            ),
        ]
    );
    assert_eq!(api.resources[5].operations, vec![1, 2], "both methods of /things/new");
    assert_eq!(api.path_prefixes, vec!["/things".to_owned(), "/api".to_owned()]);
}

#[test]
fn paths_the_route_table_cannot_hold_fail_the_build() {
    let param = |name: &str| {
        format!("parameters: [{{name: {name}, in: path, required: true, schema: {{type: string}}}}], {GET_204}")
    };
    let paths = format!(
        "  /things/{{id}}:\n    get: {{operationId: one, {}}}\n  /things/{{key}}:\n    get: {{operationId: two, {}}}",
        param("id"),
        param("key")
    );

    let problems = problems(&spec("", &paths, "  schemas: {}"));

    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, "/paths/~1things~1{key}");
    assert!(
        problems[0]
            .1
            .starts_with("`/things/{key}` cannot join the route table: "),
        "{problems:?}"
    );
}

#[test]
fn operations_inherit_the_root_security_unless_they_declare_their_own() {
    let root = "security: [{key: [], secret: []}, {token: []}]";
    let paths = format!(
        "  /a:\n    get: {{operationId: inherits, {GET_204}}}\n  /b:\n    get: {{operationId: open, security: [], \
         {GET_204}}}\n  /c:\n    get: {{operationId: maybe, security: [{{}}, {{token: []}}], {GET_204}}}"
    );
    let components = "  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\n    \
                      secret: {type: apiKey, in: header, name: X-Secret}\n    token: {type: http, scheme: Bearer}";

    let api = lowered(&spec(root, &paths, components));

    let schemes: Vec<(&str, &str, &SchemeKind)> = api
        .schemes
        .iter()
        .map(|s| (s.name.as_str(), s.variant.as_str(), &s.kind))
        .collect();
    assert_eq!(
        schemes,
        vec![
            ("key", "Key", &SchemeKind::HeaderKey("X-Key".into())),
            ("secret", "Secret", &SchemeKind::HeaderKey("X-Secret".into())),
            ("token", "Token", &SchemeKind::Http("bearer".into())),
        ]
    );
    let [inherits, open, maybe] = &api.operations[..] else {
        panic!("three operations");
    };
    assert!(inherits.security.inherited && !inherits.security.optional);
    assert_eq!(
        inherits.security.requirements,
        vec![vec!["Key".to_owned(), "Secret".to_owned()], vec!["Token".to_owned()]]
    );
    assert!(!open.security.applies() && !open.security.inherited);
    assert!(maybe.security.optional && !maybe.security.inherited);
    assert_eq!(maybe.security.requirements, vec![vec!["Token".to_owned()]]);
}

#[test]
fn a_body_and_its_responses_lower_with_their_extensions_headers_and_xml_styles() {
    let paths = "  /things:\n    post:\n      operationId: createThing\n      requestBody:\n        \
                 $ref: '#/components/requestBodies/Params'\n      responses:\n        '201':\n          \
                 description: Created.\n          headers: {Location: {description: Where., schema: {type: string}}}\n          \
                 content:\n            application/json: {schema: {$ref: '#/components/schemas/Thing'}}\n            \
                 application/xml:\n              schema: {$ref: '#/components/schemas/Thing'}\n              \
                 x-spaceport-xml: {root: thing}\n        '422':\n          description: Invalid.\n          \
                 content:\n            application/xml:\n              schema: {$ref: '#/components/schemas/Errors'}\n              \
                 x-spaceport-xml: {style: rails-errors}\n        '299': {description: Odd.}";
    let components = "  requestBodies:\n    Params:\n      required: true\n      x-spaceport-wrapper: thing\n      \
                      x-spaceport-query-params: true\n      content:\n        application/x-www-form-urlencoded: \
                      {schema: {$ref: '#/components/schemas/Thing'}}\n        application/json: {schema: {$ref: \
                      '#/components/schemas/Thing'}}\n  schemas:\n    Thing: {type: object, properties: {name: {type: string}}}\n    \
                      Errors: {type: object, additionalProperties: {type: array, items: {type: string}}}";

    let api = lowered(&spec("", paths, components));

    let op = &api.operations[0];
    let body = op.body.as_ref().expect("a body");
    assert_eq!(
        body.media,
        vec!["application/x-www-form-urlencoded", "application/json"]
    );
    assert_eq!((body.rust.as_str(), body.required), ("Thing", true));
    assert_eq!((body.wrapper.as_deref(), body.query_params), (Some("thing"), true));
    assert_eq!(
        (body.max_bytes, body.ignore_content_type),
        (super::DEFAULT_MAX_BODY_BYTES, false)
    );
    let statuses: Vec<(u16, &str)> = op.responses.iter().map(|r| (r.status, r.variant.as_str())).collect();
    assert_eq!(
        statuses,
        vec![(201, "Created"), (422, "UnprocessableEntity"), (299, "Status299")]
    );
    let created = &op.responses[0];
    assert_eq!(
        (created.headers[0].wire.as_str(), created.headers[0].rust.as_str()),
        ("Location", "location")
    );
    assert_eq!(created.body.as_deref(), Some("Thing"));
    assert_eq!(
        created.media[1].xml,
        Some(XmlStyle::Rails {
            root: "thing".into(),
            item: None
        })
    );
    assert_eq!(op.responses[1].media[0].xml, Some(XmlStyle::RailsErrors));
    assert!(op.responses[2].body.is_none());
}

#[test]
fn schemas_lower_to_structs_maps_enums_and_digit_strings_and_only_structs_nest() {
    let components = "  schemas:\n    Thing:\n      type: object\n      required: [name, note]\n      properties:\n        \
                      name: {type: string, maxLength: 9, pattern: '^a'}\n        note: {type: string, nullable: true}\n        \
                      level: {type: integer, nullable: true, enum: [1, 2, null]}\n        counts: {$ref: '#/components/schemas/Counts'}\n        \
                      color: {$ref: '#/components/schemas/Color'}\n        child: {$ref: '#/components/schemas/Child'}\n    \
                      Counts: {type: object, additionalProperties: {type: integer}}\n    Color: {type: string, enum: [red, dark-blue]}\n    \
                      Child: {type: object, properties: {size: {$ref: '#/components/schemas/Size'}}}\n    \
                      Size: {anyOf: [{type: integer, minimum: 1}, {type: string, pattern: '^[1-9][0-9]*$'}]}";

    let api = lowered(&spec("", "  {}", components));

    let kinds: Vec<(&str, &SchemaKind)> = api.schemas.iter().map(|s| (s.rust.as_str(), &s.kind)).collect();
    let SchemaKind::Object { fields, deny_unknown } = kinds[0].1 else {
        panic!("Thing is an object");
    };
    assert!(!deny_unknown);
    let summary: Vec<(&str, bool, bool)> = fields
        .iter()
        .map(|f| (f.wire.as_str(), f.required, f.nullable))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("name", true, false),
            ("note", true, true),
            ("level", false, true),
            ("counts", false, false),
            ("color", false, false),
            ("child", false, false)
        ]
    );
    assert_eq!(fields[0].constraints.max_length, Some(9));
    assert_eq!(fields[0].constraints.pattern.as_deref(), Some("^a"));
    assert_eq!(fields[2].constraints.one_of, vec![1, 2]);
    let nests: Vec<(&str, bool)> = fields[3..]
        .iter()
        .map(|f| match &f.ty {
            Type::Named { rust, object } => (rust.as_str(), *object),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(nests, vec![("Counts", false), ("Color", false), ("Child", true)]);
    assert_eq!(kinds[1].1, &SchemaKind::Map { value: Type::Integer });
    assert_eq!(
        kinds[2].1,
        &SchemaKind::StringEnum {
            variants: vec![("red".into(), "Red".into()), ("dark-blue".into(), "DarkBlue".into())]
        }
    );
    assert_eq!(kinds[4].1, &SchemaKind::IntegerOrDigitString { minimum: Some(1) });
}

#[test]
fn a_schema_may_not_take_a_name_the_generated_module_declares() {
    let components = "  schemas:\n    Operation: {type: object, properties: {a: {type: string}}}\n    \
                      scheme: {type: string, enum: [a]}";

    let found = problems(&spec("", "  {}", components));

    assert_eq!(
        found,
        vec![
            (
                "/components/schemas".to_owned(),
                "names `(reserved)` and `Operation` both become `Operation` in Rust; rename one of them".to_owned()
            ),
            (
                "/components/schemas".to_owned(),
                "names `(reserved)` and `scheme` both become `Scheme` in Rust; rename one of them".to_owned()
            ),
        ]
    );
}

#[test]
fn a_requirement_naming_an_unknown_or_unsupported_scheme_is_reported_where_it_is_named() {
    let paths = format!("  /a:\n    get: {{operationId: a, security: [{{nope: []}}, {{cookie: []}}], {GET_204}}}");
    let components = "  securitySchemes:\n    cookie: {type: apiKey, in: cookie, name: c}";

    let found = problems(&spec("", &paths, components));

    assert_eq!(
        found,
        vec![
            (
                "/paths/~1a/get/security/0".to_owned(),
                "security scheme `nope` is not defined inline in components".to_owned()
            ),
            (
                "/paths/~1a/get/security/1".to_owned(),
                "security scheme `cookie`: only http and header apiKey are supported".to_owned()
            ),
        ]
    );
}

#[test]
fn a_nullable_enum_must_list_null_and_a_listed_null_needs_nullable() {
    let components = "  schemas:\n    T:\n      type: object\n      properties:\n        \
                      a: {type: integer, nullable: true, enum: [1, 2]}\n        \
                      b: {type: integer, enum: [1, null]}\n        \
                      c: {type: integer, nullable: true, enum: [1, null]}";

    let found = problems(&spec("", "  {}", components));

    assert_eq!(
        found,
        vec![
            (
                "/components/schemas/T/properties/a/enum".to_owned(),
                "a nullable enum must list null among its values".to_owned()
            ),
            (
                "/components/schemas/T/properties/b/enum".to_owned(),
                "null in an enum needs `nullable: true`".to_owned()
            ),
        ]
    );
}

#[test]
fn every_array_of_a_form_body_declares_the_repeated_key_encoding_and_nothing_else() {
    let body = |encoding: &str| {
        format!(
            "  /a:\n    post:\n      operationId: a\n      requestBody:\n        content:\n          \
             application/x-www-form-urlencoded:\n            schema: {{$ref: '#/components/schemas/T'}}\n            \
             encoding: {encoding}\n      {GET_204}"
        )
    };
    let components = "  schemas:\n    T:\n      type: object\n      properties:\n        \
                      tags: {type: array, items: {type: string}}\n        \
                      name: {type: string}";

    let good = lowered(&spec("", &body("{tags: {style: form, explode: true}}"), components));
    let missing = problems(&spec("", &body("{}"), components));
    let wrong = problems(&spec(
        "",
        &body("{tags: {style: spaceDelimited, explode: true}, name: {style: form, explode: true}}"),
        components,
    ));

    assert_eq!(good.operations[0].body.as_ref().map(|b| b.media.len()), Some(1));
    let at = "/paths/~1a/post/requestBody/content/application~1x-www-form-urlencoded/encoding".to_owned();
    assert_eq!(
        missing,
        vec![(
            at.clone(),
            "array property `tags` needs an encoding: `style: form, explode: true`".to_owned()
        )]
    );
    assert_eq!(
        wrong,
        vec![
            (
                format!("{at}/tags"),
                "only `style: form, explode: true` (the repeated key) is supported".to_owned()
            ),
            (format!("{at}/name"), "`name` is no array property of `T`".to_owned()),
        ]
    );
}

#[test]
fn a_strings_schema_mirrors_its_model_and_json_sends_the_model_itself() {
    let body = |media: &str| {
        format!(
            "  /a:\n    post:\n      operationId: a\n      requestBody:\n        content:\n          \
             application/json: {{schema: {{$ref: '#/components/schemas/T'}}}}\n          \
             {media}: {{schema: {{$ref: '#/components/schemas/TForm'}}}}\n      {GET_204}"
        )
    };
    let components = |form: &str| {
        format!(
            "  schemas:\n    T: {{type: object, required: [n], properties: {{n: {{type: integer}}, b: {{type: boolean}}}}}}\n    \
             TForm: {{type: object, x-spaceport-strings-of: T, {form}}}"
        )
    };
    let mirror = "required: [n], properties: {n: {type: string, pattern: '^[0-9]+$'}, b: {type: string}}";

    let good = lowered(&spec(
        "",
        &body("application/x-www-form-urlencoded"),
        &components(mirror),
    ));
    let as_json = problems(&spec("", &body("application/json"), &components(mirror)));
    let typed = problems(&spec(
        "",
        &body("application/x-www-form-urlencoded"),
        &components("properties: {b: {type: object}, n: {type: string}}"),
    ));

    let body = good.operations[0].body.as_ref().expect("a body");
    assert_eq!((body.rust.as_str(), body.media.len()), ("T", 2));
    assert_eq!(good.schemas.iter().map(|s| s.rust.as_str()).collect::<Vec<_>>(), ["T"]);
    assert_eq!(
        as_json,
        vec![(
            "/paths/~1a/post/requestBody/content/application~1json/schema".to_owned(),
            "`TForm` gives a model's strings (`x-spaceport-strings-of`); JSON sends the model".to_owned()
        )]
    );
    assert_eq!(
        typed,
        vec![
            (
                "/components/schemas/TForm".to_owned(),
                "a strings schema must have the properties and `required` of its model `T`, in order".to_owned()
            ),
            (
                "/components/schemas/TForm/properties/b".to_owned(),
                "a strings schema declares what text can say: a string, an integer, a boolean, an array of those, or an `anyOf`".to_owned()
            ),
        ]
    );
}

#[test]
fn an_item_pattern_is_left_to_the_handler_only_where_the_parameter_says_so() {
    let list = |extension: &str, items: &str| {
        format!(
            "  /a:\n    get:\n      operationId: a\n      parameters:\n        - name: q\n          in: query\n          \
             {extension}schema: {{type: array, items: {items}}}\n      {GET_204}"
        )
    };
    let pattern = "{type: string, pattern: '^k:'}";

    let handled = lowered(&spec(
        "",
        &list("x-spaceport-handler-checks-items: true\n          ", pattern),
        "",
    ));
    let unhandled = problems(&spec("", &list("", pattern), ""));
    let nothing = problems(&spec(
        "",
        &list("x-spaceport-handler-checks-items: true\n          ", "{type: string}"),
        "",
    ));

    let q = &handled.operations[0].query_params[0];
    assert_eq!((q.wire.as_str(), q.constraints.pattern.as_deref()), ("q", None));
    assert_eq!(
        unhandled,
        vec![(
            "/paths/~1a/get/parameters/0/schema/items".to_owned(),
            "constraints or nullable on array items are not supported".to_owned()
        )]
    );
    assert_eq!(
        nothing,
        vec![(
            "/paths/~1a/get/parameters/0/x-spaceport-handler-checks-items".to_owned(),
            "only an array of strings whose items have a `pattern` can leave it to the handler".to_owned()
        )]
    );
}
