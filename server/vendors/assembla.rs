//! Assembla API v1: implements the generated [`AssemblaApi`] against the [`Store`]. Spaces are created, shown,
//! updated, deleted and copied in JSON or Rails XML; validation errors are Rails' errors hash (422), an unknown
//! space is an empty 404.

use std::sync::Arc;

use actix_web::HttpResponse;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, SecondsFormat, Utc};
use indexmap::IndexMap;

use crate::{
    generated::assembla::{
        AssemblaApi, AuthError, CopySpaceRequest, CopySpaceResponse, CreateSpaceRequest, CreateSpaceResponse,
        DeleteSpaceRequest, DeleteSpaceResponse, GetSpaceRequest, GetSpaceResponse, ListSpacesRequest,
        ListSpacesResponse, NewSpaceParams, Operation, Scheme, Space, SpaceList, SpaceParams, UpdateSpaceRequest,
        UpdateSpaceResponse, ValidationErrors,
    },
    rt::{self, Location, RejectionKind, Rule, Violation},
    sources::Sources,
    store::{AssemblaSpace, Store, StoreError},
};

/// Which credentials are accepted.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Only the listed credentials (else any non-empty ones).
    pub strict: bool,
    /// Accepted bearer tokens.
    pub tokens: Vec<String>,
    /// Accepted API key and secret pairs.
    pub api_keys: Vec<(String, String)>,
    /// The portfolio every new space belongs to (`parent_id`).
    pub portfolio: Option<String>,
    /// The URL clients reach this server at, for `Location`.
    pub public_url: String,
}

/// The Assembla API over a store.
#[derive(Debug)]
pub struct Assembla<S> {
    store: Arc<S>,
    sources: Arc<Sources>,
    config: Config,
}

const BLANK: &str = "can't be blank";
const NOT_IN_LIST: &str = "is not included in the list";
const INVALID: &str = "is invalid";
const TAKEN: &str = "has already been taken";

/// The fields with a value set (declared as `enum` in the spec): a value that is no integer at all is reported as
/// Rails reports an out-of-set one.
const VALUE_SET_FIELDS: &[&str] = &[
    "public_permissions",
    "team_permissions",
    "watcher_permissions",
    "status",
    "team_tab_role",
];

fn errors(entries: impl IntoIterator<Item = (String, String)>) -> ValidationErrors {
    let mut map: IndexMap<String, Vec<String>> = IndexMap::new();
    for (field, message) in entries {
        map.entry(field).or_default().push(message);
    }
    ValidationErrors(map)
}

fn one_error(field: &str, message: &str) -> ValidationErrors {
    errors([(field.to_owned(), message.to_owned())])
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The tab order as the real server reads it back: a YAML list dump.
fn yaml_list(items: &[String]) -> String {
    let mut out = String::from("--- \n");
    for item in items {
        out.push_str(&format!("- {item}\n"));
    }
    out
}

/// A space as the API shows it; the read-only flags are those of the API docs' example.
pub fn space_body(space: &AssemblaSpace) -> Space {
    Space {
        banner_height: space.banner_height,
        status: space.status,
        updated_at: timestamp(space.updated_at),
        banner: space.banner.clone(),
        team_tab_role: space.team_tab_role,
        last_payer_changed_at: None,
        created_at: timestamp(space.created_at),
        approved: space.approved,
        tabs_order: space.tabs_order.as_deref().map(yaml_list),
        team_permissions: space.team_permissions,
        is_manager: true,
        is_commercial: true,
        share_permissions: space.share_permissions,
        restricted: false,
        banner_text: space.banner_text.clone(),
        can_join: space.can_join,
        wiki_format: space.wiki_format,
        name: space.name.clone(),
        wiki_name: space.wiki_name.clone(),
        public_permissions: space.public_permissions,
        is_volunteer: false,
        can_apply: true,
        id: space.id.clone(),
        description: space.description.clone(),
        default_showpage: space.default_showpage.clone(),
        parent_id: space.parent_id.clone(),
        style: space.style.clone(),
        watcher_permissions: space.watcher_permissions,
        restricted_date: None,
        commercial_from: space.commercial_from.map(timestamp),
        banner_link: space.banner_link.clone(),
    }
}

/// The parameters of a new space as the update parameters they also are (with the name given).
fn given(params: NewSpaceParams) -> SpaceParams {
    SpaceParams {
        name: Some(params.name),
        wiki_name: params.wiki_name,
        description: params.description,
        public_permissions: params.public_permissions,
        team_permissions: params.team_permissions,
        watcher_permissions: params.watcher_permissions,
        share_permissions: params.share_permissions,
        status: params.status,
        team_tab_role: params.team_tab_role,
        default_showpage: params.default_showpage,
        tabs_order: params.tabs_order,
        banner: params.banner,
        banner_height: params.banner_height,
        banner_text: params.banner_text,
        banner_link: params.banner_link,
        style: params.style,
        approved: params.approved,
        can_join: params.can_join,
        wiki_format: params.wiki_format,
    }
}

/// Applies the given writable fields to `space`; `wiki_name` only when given and not blank.
fn apply(space: &mut AssemblaSpace, params: &SpaceParams) {
    if let Some(name) = &params.name {
        space.name.clone_from(name);
    }
    if let Some(wiki_name) = params
        .wiki_name
        .as_ref()
        .and_then(Option::as_ref)
        .filter(|w| !w.trim().is_empty())
    {
        space.wiki_name.clone_from(wiki_name);
    }
    macro_rules! set {
        ($($field:ident),*) => { $( if let Some(Some(value)) = &params.$field { space.$field = value.clone(); } )* };
    }
    set!(
        public_permissions,
        team_permissions,
        watcher_permissions,
        share_permissions,
        status,
        team_tab_role,
        default_showpage,
        approved,
        can_join
    );
    macro_rules! set_nullable {
        ($($field:ident),*) => { $( if let Some(Some(value)) = &params.$field { space.$field = Some(value.clone()); } )* };
    }
    set_nullable!(
        description,
        tabs_order,
        banner,
        banner_height,
        banner_text,
        banner_link,
        style,
        wiki_format
    );
}

/// The failure the spec cannot express: a missing or blank name (on create and copy; a blank one on update).
fn validate(params: &SpaceParams, name_required: bool) -> Option<ValidationErrors> {
    let blank = match &params.name {
        Some(name) => name.trim().is_empty(),
        None => name_required,
    };
    blank.then(|| one_error("name", BLANK))
}

/// Rails' message for a rule a value broke.
fn message(violation: &Violation) -> String {
    match &violation.rule {
        Rule::Missing | Rule::Null => BLANK.to_owned(),
        Rule::Pattern if violation.field == "name" => BLANK.to_owned(),
        Rule::NotInEnum => NOT_IN_LIST.to_owned(),
        Rule::Type { .. } if VALUE_SET_FIELDS.contains(&violation.field.as_str()) => NOT_IN_LIST.to_owned(),
        Rule::Length { max: Some(max), .. } => format!("is too long (maximum is {max} characters)"),
        Rule::Range { .. } => NOT_IN_LIST.to_owned(),
        _ => INVALID.to_owned(),
    }
}

/// Answers an operation's 401 for credentials the strict mode does not know, or goes on.
macro_rules! authenticated {
    ($self:ident, $credentials:expr, $response:ident) => {
        if !$self.accepts($credentials) {
            return $response::Unauthorized {
                www_authenticate: "Bearer".to_owned(),
                body: unauthorized(),
            };
        }
    };
}

fn unauthorized() -> AuthError {
    AuthError {
        error: "invalid_token".to_owned(),
        error_description: "The access token is missing or invalid.".to_owned(),
    }
}

fn server_error(failure: &StoreError) -> ValidationErrors {
    tracing::error!(%failure, "the store failed");
    one_error("base", "the server could not complete the request")
}

impl<S: Store> Assembla<S> {
    /// The API over `store`, taking ids and time from `sources`.
    pub fn new(store: Arc<S>, sources: Arc<Sources>, config: Config) -> Self {
        let config = Config {
            public_url: config.public_url.trim_end_matches('/').to_owned(),
            ..config
        };
        Self { store, sources, config }
    }

    fn accepts(&self, credentials: &rt::Credentials<Scheme>) -> bool {
        if !self.config.strict {
            return true;
        }
        match credentials.scheme {
            Scheme::Bearer => self.config.tokens.contains(&credentials.secret),
            _ => self
                .config
                .api_keys
                .iter()
                .any(|(key, secret)| *key == credentials.secret && credentials.more.first() == Some(secret)),
        }
    }

    /// A new id: 16 random bytes, URL-safe base64, 22 characters.
    fn new_id(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.sources.ids.uuid().as_bytes())
    }

    fn location(&self, id: &str) -> String {
        format!("{}/v1/spaces/{id}", self.config.public_url)
    }

    /// A new space with the API docs' defaults and `params` applied.
    fn fresh(&self, params: &SpaceParams) -> AssemblaSpace {
        let now = self.sources.clock.now();
        let id = self.new_id();
        let mut space = AssemblaSpace {
            wiki_name: id.clone(),
            id,
            name: String::new(),
            description: None,
            public_permissions: 1,
            team_permissions: 2,
            watcher_permissions: 1,
            share_permissions: true,
            status: 1,
            team_tab_role: 0,
            default_showpage: "Wiki".to_owned(),
            tabs_order: None,
            banner: None,
            banner_height: None,
            banner_text: None,
            banner_link: None,
            style: None,
            approved: false,
            can_join: false,
            wiki_format: None,
            parent_id: self.config.portfolio.clone(),
            created_at: now,
            updated_at: now,
            commercial_from: Some(now),
        };
        apply(&mut space, params);
        space
    }
}

impl<S: Store> AssemblaApi for Assembla<S> {
    async fn list_spaces(&self, request: ListSpacesRequest) -> ListSpacesResponse {
        use ListSpacesResponse as R;
        authenticated!(self, &request.credentials, R);
        let per_page = request.query.per_page.unwrap_or(100);
        let page = request.query.page.unwrap_or(1);
        let skip = usize::try_from((page - 1).saturating_mul(per_page)).unwrap_or(usize::MAX);
        let limit = usize::try_from(per_page).unwrap_or(usize::MAX);
        let shown: Vec<Space> = match self.store.assembla_spaces(skip, limit).await {
            Ok(spaces) => spaces.items.iter().map(space_body).collect(),
            Err(failure) => return R::UnprocessableEntity(server_error(&failure)),
        };
        if shown.is_empty() {
            R::NoContent
        } else {
            R::Ok(SpaceList(shown))
        }
    }

    async fn create_space(&self, request: CreateSpaceRequest) -> CreateSpaceResponse {
        use CreateSpaceResponse as R;
        authenticated!(self, &request.credentials, R);
        let params = given(request.body);
        if let Some(found) = validate(&params, true) {
            return R::UnprocessableEntity(found);
        }
        match self.store.create_assembla_space(self.fresh(&params)).await {
            Ok(space) => R::Created {
                location: self.location(&space.id),
                body: space_body(&space),
            },
            Err(StoreError::Conflict { .. }) => R::UnprocessableEntity(one_error("wiki_name", TAKEN)),
            Err(failure) => R::UnprocessableEntity(server_error(&failure)),
        }
    }

    async fn get_space(&self, request: GetSpaceRequest) -> GetSpaceResponse {
        use GetSpaceResponse as R;
        authenticated!(self, &request.credentials, R);
        match self.store.assembla_space(&request.path.id).await {
            Ok(space) => R::Ok(space_body(&space)),
            Err(_) => R::NotFound,
        }
    }

    async fn update_space(&self, request: UpdateSpaceRequest) -> UpdateSpaceResponse {
        use UpdateSpaceResponse as R;
        authenticated!(self, &request.credentials, R);
        let mut space = match self.store.assembla_space(&request.path.id).await {
            Ok(space) => space,
            Err(StoreError::NotFound { .. }) => return R::NotFound,
            Err(failure) => return R::UnprocessableEntity(server_error(&failure)),
        };
        let params = request.body.unwrap_or_default();
        if let Some(found) = validate(&params, false) {
            return R::UnprocessableEntity(found);
        }
        apply(&mut space, &params);
        space.updated_at = self.sources.clock.now();
        match self.store.update_assembla_space(space).await {
            Ok(_) => R::NoContent,
            Err(StoreError::Conflict { .. }) => R::UnprocessableEntity(one_error("wiki_name", TAKEN)),
            Err(StoreError::NotFound { .. }) => R::NotFound,
            Err(failure) => R::UnprocessableEntity(server_error(&failure)),
        }
    }

    async fn delete_space(&self, request: DeleteSpaceRequest) -> DeleteSpaceResponse {
        use DeleteSpaceResponse as R;
        authenticated!(self, &request.credentials, R);
        match self.store.delete_assembla_space(&request.path.id).await {
            Ok(()) => R::NoContent,
            Err(_) => R::NotFound,
        }
    }

    async fn copy_space(&self, request: CopySpaceRequest) -> CopySpaceResponse {
        use CopySpaceResponse as R;
        authenticated!(self, &request.credentials, R);
        let source = match self.store.assembla_space(&request.path.id).await {
            Ok(space) => space,
            Err(StoreError::NotFound { .. }) => return R::NotFound,
            Err(failure) => return R::UnprocessableEntity(server_error(&failure)),
        };
        let params = given(request.body);
        if let Some(found) = validate(&params, true) {
            return R::UnprocessableEntity(found);
        }
        let fresh = self.fresh(&SpaceParams::default());
        let mut copy = AssemblaSpace {
            id: fresh.id.clone(),
            wiki_name: fresh.id.clone(),
            created_at: fresh.created_at,
            updated_at: fresh.updated_at,
            commercial_from: fresh.commercial_from,
            parent_id: fresh.parent_id,
            ..source
        };
        apply(&mut copy, &params);
        match self.store.create_assembla_space(copy).await {
            Ok(space) => R::Created {
                location: self.location(&space.id),
                body: space_body(&space),
            },
            Err(StoreError::Conflict { .. }) => R::UnprocessableEntity(one_error("wiki_name", TAKEN)),
            Err(failure) => R::UnprocessableEntity(server_error(&failure)),
        }
    }

    fn reject(&self, rejection: rt::Rejection<Operation>) -> HttpResponse {
        let unprocessable =
            |errors: ValidationErrors| CreateSpaceResponse::UnprocessableEntity(errors).into_http(rejection.format);
        match &rejection.kind {
            RejectionKind::NotFound | RejectionKind::MethodNotAllowed { .. } => rt::respond(404, Vec::new()),
            RejectionKind::Invalid {
                location: Location::Path,
                ..
            } => rt::respond(404, Vec::new()),
            RejectionKind::MissingCredentials => CreateSpaceResponse::Unauthorized {
                www_authenticate: "Bearer".to_owned(),
                body: unauthorized(),
            }
            .into_http(rt::Format::Json),
            RejectionKind::UnsupportedMediaType | RejectionKind::EmptyBody | RejectionKind::MalformedBody { .. } => {
                unprocessable(one_error("base", "request body could not be parsed"))
            }
            RejectionKind::BodyTooLarge { limit } => {
                unprocessable(one_error("base", &format!("request body is larger than {limit} bytes")))
            }
            RejectionKind::Invalid { violations, .. } => unprocessable(errors(violations.iter().map(|v| {
                let field = v.field.split(['.', '[']).next().unwrap_or(&v.field).to_owned();
                (field, message(v))
            }))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_orders_read_back_as_a_yaml_dump() {
        assert_eq!(yaml_list(&["stream".into(), "wiki".into()]), "--- \n- stream\n- wiki\n");
    }

    #[test]
    fn a_blank_or_missing_name_is_blank() {
        let blank = SpaceParams {
            name: Some("  ".into()),
            ..SpaceParams::default()
        };

        assert_eq!(validate(&blank, false), Some(one_error("name", BLANK)));
        assert_eq!(validate(&SpaceParams::default(), true), Some(one_error("name", BLANK)));
        assert_eq!(validate(&SpaceParams::default(), false), None);
    }
}
