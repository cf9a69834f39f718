//! Security: the schemes of `components.securitySchemes` codegen can check (`http` and header `apiKey`), each a
//! `Scheme` variant, and the requirement lists of the root and of each operation, in the schemes' variant names.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme as OaScheme};

use super::{Lowering, check_unique, type_name};
use crate::{
    error::Pointer,
    model::{SchemeKind, Security, SecurityScheme},
};

impl Lowering<'_> {
    /// Every supported scheme in `components.securitySchemes`, in order. Unsupported ones are reported where a
    /// requirement names them.
    pub(super) fn schemes(&mut self) -> Vec<SecurityScheme> {
        let Some(components) = self.spec.components.as_ref() else {
            return Vec::new();
        };
        let schemes: Vec<SecurityScheme> = components
            .security_schemes
            .iter()
            .filter_map(|(name, scheme)| {
                let kind = match scheme.as_item()? {
                    OaScheme::HTTP { scheme, .. } => SchemeKind::Http(scheme.to_ascii_lowercase()),
                    OaScheme::APIKey {
                        location: APIKeyLocation::Header,
                        name,
                        ..
                    } => SchemeKind::HeaderKey(name.clone()),
                    _ => return None,
                };
                Some(SecurityScheme {
                    name: name.clone(),
                    variant: type_name(name),
                    kind,
                })
            })
            .collect();
        check_unique(
            &mut self.errors,
            &Pointer::root().at("components").at("securitySchemes"),
            "security schemes",
            schemes.iter().map(|s| (s.name.as_str(), s.variant.as_str())),
        );
        schemes
    }

    /// The root `security`, if the spec declares one.
    pub(super) fn root_security(&mut self, schemes: &[SecurityScheme]) -> Option<Security> {
        let spec = self.spec;
        let requirements = spec.security.as_ref()?;
        Some(self.requirements(&Pointer::root(), requirements, schemes))
    }

    /// An operation's own `security`, or the root's (`root`, lowered once).
    pub(super) fn operation_security(
        &mut self,
        pointer: &Pointer,
        own: Option<&Vec<SecurityRequirement>>,
        schemes: &[SecurityScheme],
        root: Option<&Security>,
    ) -> Security {
        match (own, root) {
            (Some(requirements), _) => self.requirements(pointer, requirements, schemes),
            (None, Some(root)) => Security {
                inherited: true,
                ..root.clone()
            },
            (None, None) => Security::default(),
        }
    }

    /// A requirement list, each requirement's schemes resolved; problems are reported under `pointer`.
    fn requirements(
        &mut self,
        pointer: &Pointer,
        requirements: &[SecurityRequirement],
        schemes: &[SecurityScheme],
    ) -> Security {
        let mut security = Security::default();
        for (index, requirement) in requirements.iter().enumerate() {
            let at = pointer.at("security").at(index);
            if requirement.is_empty() {
                security.optional = true;
                continue;
            }
            let mut all = Vec::new();
            for name in requirement.keys() {
                match schemes.iter().find(|s| s.name == *name) {
                    Some(scheme) => all.push(scheme.variant.clone()),
                    None => self.unknown_scheme(&at, name),
                }
            }
            security.requirements.push(all);
        }
        security
    }

    /// Why a requirement's scheme is not among the supported ones.
    fn unknown_scheme(&mut self, pointer: &Pointer, name: &str) {
        let defined = self
            .spec
            .components
            .as_ref()
            .and_then(|c| c.security_schemes.get(name))
            .and_then(ReferenceOr::as_item)
            .is_some();
        let message = if defined {
            format!("security scheme `{name}`: only http and header apiKey are supported")
        } else {
            format!("security scheme `{name}` is not defined inline in components")
        };
        self.errors.push(pointer, message);
    }
}
