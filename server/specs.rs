//! The hand-written specs, embedded verbatim. They are served as written (YAML) and as JSON converted straight
//! from the YAML, never re-serialized through a typed model, which would change them.

/// One embedded spec.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// The file stem (`cloud_foundry`).
    pub stem: &'static str,
    /// The name in Swagger UI's dropdown.
    pub title: &'static str,
    /// Where the JSON form is served.
    pub json_path: &'static str,
    /// The file's text.
    pub yaml: &'static str,
}

impl Spec {
    /// The document as JSON, key order kept.
    pub fn document(&self) -> Result<serde_json::Value, yaml_serde::Error> {
        yaml_serde::from_str(self.yaml)
    }
}

/// Every spec, in the order Swagger UI lists them.
pub const SPECS: &[Spec] = &[
    Spec {
        stem: "cloud_foundry",
        title: "Cloud Foundry v2",
        json_path: "/openapi/cloud_foundry.json",
        yaml: include_str!("../openapi/cloud_foundry.yaml"),
    },
    Spec {
        stem: "assembla",
        title: "Assembla v1",
        json_path: "/openapi/assembla.json",
        yaml: include_str!("../openapi/assembla.yaml"),
    },
    Spec {
        stem: "onezone",
        title: "Onedata Onezone",
        json_path: "/openapi/onezone.json",
        yaml: include_str!("../openapi/onezone.yaml"),
    },
    Spec {
        stem: "control",
        title: "spaceport control API",
        json_path: "/openapi/control.json",
        yaml: include_str!("../openapi/control.yaml"),
    },
];
