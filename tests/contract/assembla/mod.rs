//! Assembla: the seed's XML and JSON creates, the three request encodings, every operation and status, Rails
//! errors in both formats, hostile bodies, a failing store, and the XML/JSON round trip as a property.

mod creates;
mod operations;
mod round_trip;

use actix_web::test::TestRequest;
use serde_json::Value;
use spaceport::generated::assembla::ValidationErrors;

use crate::support::{Reply, assert_shape};

pub(super) const BEARER: (&str, &str) = ("Authorization", "Bearer _token");

/// The seed's XML response, verbatim: the element names and their `type`/`nil` attributes are the contract.
pub(super) const SEED_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<space>
  <banner-height nil="true"></banner-height>
  <status type="integer">1</status>
  <updated-at type="datetime">2012-09-07T13:40:09Z</updated-at>
  <banner nil="true"></banner>
  <team-tab-role type="integer">0</team-tab-role>
  <last-payer-changed-at nil="true"></last-payer-changed-at>
  <created-at type="datetime">2012-09-07T13:40:09Z</created-at>
  <approved type="boolean">false</approved>
  <tabs-order nil="true"></tabs-order>
  <team-permissions type="integer">2</team-permissions>
  <is-manager type="boolean">true</is-manager>
  <is-commercial type="boolean">true</is-commercial>
  <share-permissions type="boolean">true</share-permissions>
  <restricted type="boolean">false</restricted>
  <banner-text nil="true"></banner-text>
  <can-join type="boolean">false</can-join>
  <wiki-format nil="true"></wiki-format>
  <name>dsa</name>
  <wiki-name>ck61ce-per4yFfadbNA33N</wiki-name>
  <public-permissions type="integer">1</public-permissions>
  <is-volunteer type="boolean">false</is-volunteer>
  <can-apply type="boolean">true</can-apply>
  <id>ck61ce-per4yFfadbNA33N</id>
  <description nil="true"></description>
  <default-showpage>Wiki</default-showpage>
  <parent-id>brlpYIz2Sr4zBIadbNA33N</parent-id>
  <style nil="true"></style>
  <watcher-permissions type="integer">1</watcher-permissions>
  <restricted-date nil="true"></restricted-date>
  <commercial-from type="datetime">2012-09-07T13:40:09Z</commercial-from>
  <banner-link nil="true"></banner-link>
</space>
"#;

/// The seed's JSON response, verbatim.
pub(super) const SEED_JSON: &str = r#"{"banner_height":null,"status":1,"updated_at":"2012-09-07T13:36:35Z","banner":null,"team_tab_role":0,"last_payer_changed_at":null,"created_at":"2012-09-07T13:36:35Z","approved":false,"tabs_order":null,"team_permissions":2,"is_manager":true,"is_commercial":true,"share_permissions":true,"restricted":false,"banner_text":null,"can_join":false,"wiki_format":null,"name":"dsa","wiki_name":"ak-3c2-per4yFfadbNA33N","public_permissions":1,"is_volunteer":false,"can_apply":true,"id":"ak-3c2-per4yFfadbNA33N","description":null,"default_showpage":"Wiki","parent_id":"brlpYIz2Sr4zBIadbNA33N","style":null,"watcher_permissions":1,"restricted_date":null,"commercial_from":"2012-09-07T13:36:35Z","banner_link":null}"#;

/// `curl -d "space[name]=dsa"` as the seed sends it.
pub(super) fn seed_request(path: &str) -> TestRequest {
    TestRequest::post()
        .uri(path)
        .insert_header(BEARER)
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload("space[name]=dsa")
}

/// Each line's element name and its `type`/`nil` attribute, the values left out.
pub(super) fn skeleton(xml: &str) -> Vec<(String, String)> {
    xml.lines()
        .filter_map(|line| {
            let line = line.trim();
            let tag = line.strip_prefix('<')?.split('>').next()?;
            if tag.starts_with('?') || tag.starts_with('/') {
                return None;
            }
            let mut parts = tag.splitn(2, ' ');
            let name = parts.next()?.to_owned();
            Some((name, parts.next().unwrap_or_default().to_owned()))
        })
        .collect()
}

pub(super) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

pub(super) fn created_id(reply: &Reply) -> String {
    assert_eq!(reply.status, 201, "{}", String::from_utf8_lossy(&reply.bytes));
    let location = reply.header("location").expect("a location");
    location
        .strip_prefix("http://spaceport.test/v1/spaces/")
        .expect("an absolute URL without a suffix")
        .to_owned()
}

pub(super) fn assert_errors(reply: &Reply, expected: Value) {
    assert_eq!(reply.status, 422, "{}", String::from_utf8_lossy(&reply.bytes));
    assert_eq!(reply.header("content-type"), Some("application/json; charset=utf-8"));
    let body = reply.json();
    assert_shape::<ValidationErrors>(&body);
    assert_eq!(body, expected);
}

pub(super) fn post(path: &str, content_type: &str, body: impl Into<String>) -> TestRequest {
    TestRequest::post()
        .uri(path)
        .insert_header(BEARER)
        .insert_header(("Content-Type", content_type.to_owned()))
        .set_payload(body.into())
}

pub(super) fn get(path: &str) -> TestRequest {
    TestRequest::get().uri(path).insert_header(BEARER)
}
