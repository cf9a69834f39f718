//! A space created in either format reads back identically in the other, as a property.

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use spaceport::rt::xml;

use super::*;
use crate::support::{app_with, send, settings};

/// Text XML 1.0 can carry as is: no control characters (a carriage return would be normalised away).
fn xml_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 &<>\"'éü日本語€_.-]{1,24}").expect("a valid regex")
}

fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_space_created_in_either_format_reads_back_identically_in_the_other(
        name in xml_text().prop_filter("not blank", |n| !n.trim().is_empty()),
        description in proptest::option::of(xml_text()),
        style in proptest::option::of(xml_text()),
        team_permissions in prop::sample::select(vec![1_i64, 2, 3]),
        public_permissions in prop::sample::select(vec![0_i64, 1]),
        share_permissions in any::<bool>(),
        banner_height in proptest::option::of(0_i64..5000),
    ) {
        actix_web::rt::System::new().block_on(async {
            let (_, app) = app_with(settings()).await;
            let mut fields = Map::new();
            fields.insert("name".into(), json!(name));
            fields.insert("description".into(), json!(description));
            fields.insert("style".into(), json!(style));
            fields.insert("team_permissions".into(), json!(team_permissions));
            fields.insert("public_permissions".into(), json!(public_permissions));
            fields.insert("share_permissions".into(), json!(share_permissions));
            fields.insert("banner_height".into(), json!(banner_height));

            // XML in, JSON out.
            let text = |v: &Option<String>| match v {
                Some(v) => format!(">{}", escape(v)),
                None => " nil=\"true\">".to_owned(),
            };
            let height = match banner_height {
                Some(h) => format!(" type=\"integer\">{h}"),
                None => " nil=\"true\">".to_owned(),
            };
            let xml_body = format!(
                "<space><name>{}</name><description{}</description><style{}</style>\
                 <team-permissions type=\"integer\">{team_permissions}</team-permissions>\
                 <public-permissions>{public_permissions}</public-permissions>\
                 <share-permissions type=\"boolean\">{share_permissions}</share-permissions>\
                 <banner-height{height}</banner-height></space>",
                escape(&name), text(&description), text(&style)
            );
            let created = send(&app, post("/v1/spaces.xml", "application/xml", xml_body)).await;
            let id = created_id(&created);
            let as_json = send(&app, get(&format!("/v1/spaces/{id}.json"))).await.json();
            for (key, value) in &fields {
                assert_eq!(&as_json[key], value, "XML in, JSON out: {key}");
            }

            // JSON in, XML out.
            let created = send(&app, post("/v1/spaces.json", "application/json", Value::Object(fields.clone()).to_string())).await;
            let id = created_id(&created);
            let as_xml = send(&app, get(&format!("/v1/spaces/{id}.xml"))).await;
            let parsed = xml::parse(&as_xml.bytes, Some("space")).expect("the XML parses");
            for (key, value) in &fields {
                assert_eq!(&parsed[key], value, "JSON in, XML out: {key}");
            }
        });
    }
}
