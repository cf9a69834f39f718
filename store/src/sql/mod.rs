//! What the SQL backends share: the columns each record is read from, a selection's conditions as a `WHERE`
//! clause with its parameters (text, in order, each backend writing its own placeholders), each Cloud Foundry
//! filter's meaning as a condition on columns, and times as sortable text. The tables and columns are the same in
//! every SQL backend.

pub(crate) mod cloud_foundry;
pub(crate) mod columns;
pub(crate) mod tables;

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::{Comparison, Condition, NameKey};

/// The text a time is stored as: RFC 3339 in UTC with nine fraction digits, so text order is time order (for
/// years 0 to 9999) and every instant comes back exactly.
const TIME: &str = "%Y-%m-%dT%H:%M:%S%.9fZ";

/// `at` as stored.
pub(crate) fn time(at: &DateTime<Utc>) -> String {
    at.format(TIME).to_string()
}

/// `at` as stored, if any.
pub(crate) fn maybe_time(at: Option<&DateTime<Utc>>) -> Option<String> {
    at.map(time)
}

/// The time stored as `text`.
pub(crate) fn parse_time(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    NaiveDateTime::parse_from_str(text, TIME).map(|naive| naive.and_utc())
}

/// How a backend writes a statement's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placeholders {
    /// `?`, bound in order (SQLite).
    Question,
    /// `$1`, `$2`, … (PostgreSQL).
    Numbered,
}

/// A value a condition compares a column with, as the text it is stored as.
pub(crate) trait Operand {
    /// The stored text.
    fn text(&self) -> String;
}

impl Operand for String {
    fn text(&self) -> String {
        self.clone()
    }
}

impl Operand for NameKey {
    fn text(&self) -> String {
        self.as_str().to_owned()
    }
}

impl Operand for DateTime<Utc> {
    fn text(&self) -> String {
        time(self)
    }
}

/// A `WHERE` clause being built: conditions joined by `AND`, and their parameters in order.
#[derive(Debug)]
pub(crate) struct Clause {
    placeholders: Placeholders,
    conditions: Vec<String>,
    parameters: Vec<String>,
}

impl Clause {
    /// No condition yet, parameters written as `placeholders`.
    pub(crate) fn new(placeholders: Placeholders) -> Self {
        Self {
            placeholders,
            conditions: Vec::new(),
            parameters: Vec::new(),
        }
    }

    /// Requires `column` to compare with `condition`'s operands as it says; with no operand, nothing matches.
    pub(crate) fn compare<T: Operand>(&mut self, column: &str, condition: &Condition<T>) {
        let sql = self.comparison(column, condition);
        self.conditions.push(sql);
    }

    /// The SQL of `column` compared with `condition`, its operands added to the parameters.
    pub(crate) fn comparison<T: Operand>(&mut self, column: &str, condition: &Condition<T>) -> String {
        let Some(first) = condition.operands.first() else {
            return "1 = 0".to_owned();
        };
        let operator = match condition.comparison {
            Comparison::Eq => "=",
            Comparison::Ge => ">=",
            Comparison::Le => "<=",
            Comparison::Lt => "<",
            Comparison::Gt => ">",
            Comparison::In => {
                let marks: Vec<String> = condition.operands.iter().map(|operand| self.bind(operand)).collect();
                return format!("{column} IN ({})", marks.join(", "));
            }
        };
        let mark = self.bind(first);
        format!("{column} {operator} {mark}")
    }

    /// Adds `operand` to the parameters; its placeholder.
    fn bind(&mut self, operand: &impl Operand) -> String {
        self.parameters.push(operand.text());
        match self.placeholders {
            Placeholders::Question => "?".to_owned(),
            Placeholders::Numbered => format!("${}", self.parameters.len()),
        }
    }

    /// Adds a condition written in SQL, whose parameters were added already.
    pub(crate) fn push(&mut self, sql: String) {
        self.conditions.push(sql);
    }

    /// Adds a condition nothing meets.
    pub(crate) fn never(&mut self) {
        self.conditions.push("1 = 0".to_owned());
    }

    /// The `WHERE …` text (empty when nothing is required).
    pub(crate) fn sql(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conditions.join(" AND "))
        }
    }

    /// The parameters, in the order their placeholders appear.
    pub(crate) fn parameters(&self) -> &[String] {
        &self.parameters
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_become_sql_with_each_backends_placeholders() {
        let mut numbered = Clause::new(Placeholders::Numbered);
        numbered.compare("a", &Condition::new(Comparison::Ge, "x".to_owned()));
        numbered.compare(
            "b",
            &Condition {
                comparison: Comparison::In,
                operands: vec!["y".to_owned(), "z".to_owned()],
            },
        );
        numbered.compare(
            "c",
            &Condition::<String> {
                comparison: Comparison::Eq,
                operands: Vec::new(),
            },
        );
        let mut question = Clause::new(Placeholders::Question);
        question.compare("a", &Condition::new(Comparison::Lt, "x".to_owned()));

        assert_eq!(numbered.sql(), " WHERE a >= $1 AND b IN ($2, $3) AND 1 = 0");
        assert_eq!(numbered.parameters(), ["x", "y", "z"]);
        assert_eq!(question.sql(), " WHERE a < ?");
        assert_eq!(Clause::new(Placeholders::Question).sql(), "");
    }

    #[test]
    fn stored_times_sort_as_time_does_and_come_back_exactly() {
        let early = DateTime::from_timestamp(5, 7).unwrap_or_default();
        let late = DateTime::from_timestamp(40, 0).unwrap_or_default();

        assert!(time(&early) < time(&late));
        assert_eq!(time(&early), "1970-01-01T00:00:05.000000007Z");
        assert_eq!(parse_time(&time(&early)).ok(), Some(early));
    }
}
