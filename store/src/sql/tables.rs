//! Each API's tables, the same in every SQL backend, and the statements a whole-API replacement or fill runs on
//! all of them: emptying them and asking whether any holds a row.

/// An API's tables, each after the tables whose rows refer to its rows (so deleting in this order breaks no
/// foreign key).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tables(&'static [&'static str]);

/// Cloud Foundry's tables.
pub(crate) const CLOUD_FOUNDRY: Tables = Tables(&[
    "cf_tokens",
    "cf_users",
    "cf_jobs",
    "cf_events",
    "cf_spaces",
    "cf_organizations",
]);

/// Onezone's tables.
pub(crate) const ONEZONE: Tables = Tables(&["oz_supports", "oz_spaces", "oz_provider_tokens", "oz_space_tokens"]);

/// Assembla's tables.
pub(crate) const ASSEMBLA: Tables = Tables(&[
    "asm_handles",
    "asm_spaces",
    "asm_tokens",
    "asm_api_keys",
    "asm_portfolio",
]);

impl Tables {
    /// The tables' names, in order.
    pub(crate) fn names(self) -> &'static [&'static str] {
        self.0
    }

    /// The statements that delete every row of every table.
    pub(crate) fn clear(self) -> String {
        self.0.iter().map(|table| format!("DELETE FROM {table};")).collect()
    }

    /// The query whose one row's one column is whether any table holds a row (reading at most one row of each).
    pub(crate) fn holding(self) -> String {
        let each: Vec<String> = self
            .0
            .iter()
            .map(|table| format!("EXISTS (SELECT 1 FROM {table})"))
            .collect();
        format!("SELECT {}", each.join(" OR "))
    }
}

#[cfg(test)]
mod tests {
    use super::{ONEZONE, Tables};

    #[test]
    fn the_statements_name_every_table_in_order() {
        let tables = Tables(&["a", "b"]);

        assert_eq!(tables.clear(), "DELETE FROM a;DELETE FROM b;");
        assert_eq!(
            tables.holding(),
            "SELECT EXISTS (SELECT 1 FROM a) OR EXISTS (SELECT 1 FROM b)"
        );
        assert_eq!(ONEZONE.names().first(), Some(&"oz_supports"));
    }
}
