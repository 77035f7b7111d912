//! What a reform changes: one household assessed under two policies, and the decision fields
//! whose values differ (the HTTP service's `POST /v1/compare`; Python's `whatif.compare` does
//! the same over Arrow tables).
//!
//! The decisions are the rules' own: both sides are [`Assessor`] runs. This module only lines
//! the two outputs up, field by field.

use crate::json::{Input, Value};
use serde::Serialize;

use crate::api::Assessor;
use crate::assessment::Assessment;
use crate::error::{Errors, escape_pointer_token};

/// Output keys that are not decisions: identity, the date, the jurisdiction and the provenance
/// stamp (they differ by construction), the explanations, and the margins (distances that move
/// with any parameter).
const NOT_DECISIONS: [&str; 8] = [
    "household_id",
    "as_of",
    "jurisdiction",
    "provenance",
    "margins",
    "reasons",
    "parameters",
    "warnings",
];

/// One decision field that differs: its JSON Pointer in the assessment, and both values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub path: String,
    pub before: Value,
    pub after: Value,
}

/// A household's changes under the reform (empty when nothing changes).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HouseholdChanges {
    pub household_id: String,
    pub changes: Vec<Change>,
}

/// Assesses a household value under `base` and `reform` (both on the same date) and lists
/// the decision fields that differ, in output order. Invalid input gives the validator's errors
/// (the same under both policies: validation reads no parameter).
pub fn household(
    value: &(impl Input + ?Sized),
    base: &Assessor<'_>,
    reform: &Assessor<'_>,
) -> Result<HouseholdChanges, Errors> {
    let checked = base.parse(value)?;
    let before = base.assess_checked(&checked);
    let after = reform.assess_checked(&checked);
    Ok(HouseholdChanges {
        household_id: before.household_id.to_string(),
        changes: changes(&before, &after),
    })
}

/// The decision fields of two assessments of one household that differ, in output order.
pub fn changes(before: &Assessment, after: &Assessment) -> Vec<Change> {
    let (Value::Object(b), Value::Object(a)) =
        (crate::json::to_value(before), crate::json::to_value(after))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, bv) in &b {
        if NOT_DECISIONS.contains(&key.as_str()) {
            continue;
        }
        let av = a.get(key).unwrap_or(&Value::Null);
        diff(&format!("/{}", escape_pointer_token(key)), bv, av, &mut out);
    }
    out
}

fn diff(path: &str, before: &Value, after: &Value, out: &mut Vec<Change>) {
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            for (key, bv) in b {
                let av = a.get(key).unwrap_or(&Value::Null);
                diff(
                    &format!("{path}/{}", escape_pointer_token(key)),
                    bv,
                    av,
                    out,
                );
            }
            for (key, av) in a {
                if !b.contains_key(key) {
                    diff(
                        &format!("{path}/{}", escape_pointer_token(key)),
                        &Value::Null,
                        av,
                        out,
                    );
                }
            }
        }
        (Value::Array(b), Value::Array(a)) if b.len() == a.len() => {
            for (i, (bv, av)) in b.iter().zip(a).enumerate() {
                diff(&format!("{path}/{i}"), bv, av, out);
            }
        }
        _ if before != after => out.push(Change {
            path: path.to_owned(),
            before: before.clone(),
            after: after.clone(),
        }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Assessor, parse_as_of};
    use crate::params::Policy;

    #[test]
    fn a_higher_dibao_standard_changes_the_benefit_and_nothing_else_is_invented() {
        let base = Policy::default();
        let reform = base
            .with_layer_json(
                r#"{"jurisdiction": "what-if", "parameters": {"dibao.standard_monthly": [{"from": "2023-01-01", "value": "600"}]}}"#,
            )
            .unwrap();
        let as_of = parse_as_of("2023-06-30").unwrap();
        let b = Assessor::new(&base, as_of).unwrap().explain(false);
        let r = Assessor::new(&reform, as_of).unwrap().explain(false);
        let value = serde_json::json!({"id": "HH-1", "poverty_alleviated": false,
            "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full",
                         "medical_insured": true}], "income": {"wages": "5000"}});
        let out = household(&value, &b, &r).unwrap();
        assert_eq!(out.household_id, "HH-1");
        // (500 × 12 − 5000) / 12 = 83.33 before; (600 × 12 − 5000) / 12 = 183.33 after.
        let benefit = out
            .changes
            .iter()
            .find(|c| c.path == "/dibao/monthly_benefit")
            .unwrap();
        assert_eq!(benefit.before, Value::String("83.33".into()));
        assert_eq!(benefit.after, Value::String("183.33".into()));
        assert!(out.changes.iter().all(|c| !c.path.starts_with("/margins")));
        // The stamps differ (another layer, another digest), but a stamp is not a decision.
        assert!(
            out.changes
                .iter()
                .all(|c| !c.path.starts_with("/provenance"))
        );
        // The same policy on both sides changes nothing.
        assert!(household(&value, &b, &b).unwrap().changes.is_empty());
    }

    #[test]
    fn invalid_households_give_the_validators_errors() {
        let policy = Policy::default();
        let as_of = parse_as_of("2023-06-30").unwrap();
        let a = Assessor::new(&policy, as_of).unwrap();
        let errors = household(&serde_json::json!({"id": "HH-1"}), &a, &a).unwrap_err();
        assert!(!errors.is_empty());
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(escape_pointer_token("a/b~c"), "a~1b~0c");
    }
}
