//! What a session ran, written out as a psql script: the same statements,
//! prepared the same way and run with the same values, so that `psql` can
//! run the application's SQL by itself (the report bench compares the two).

use std::collections::HashMap;

use super::Value;

/// The statements of a session since it began recording.
#[derive(Default)]
pub(crate) struct Script {
    names: HashMap<String, usize>,
    text: String,
}

impl Script {
    /// `sql` run with `values`: prepared once, executed each time.
    pub(crate) fn execute(&mut self, sql: &str, values: &[Value]) {
        let n = self.names.len();
        let name = *self.names.entry(sql.to_string()).or_insert_with(|| {
            self.text.push_str(&format!("PREPARE q{n} AS {sql};\n"));
            n
        });
        let args: Vec<String> = values.iter().map(literal).collect();
        if args.is_empty() {
            self.text.push_str(&format!("EXECUTE q{name};\n"));
        } else {
            self.text
                .push_str(&format!("EXECUTE q{name}({});\n", args.join(", ")));
        }
    }

    /// Statements without parameters (a transaction's begin and end).
    pub(crate) fn batch(&mut self, sql: &str) {
        self.text.push_str(&format!("{sql};\n"));
    }

    pub(crate) fn take(self) -> String {
        self.text
    }
}

/// A value as an untyped SQL literal: the server gives it the type the
/// prepared statement's parameter has, as it does for the application.
fn literal(v: &Value) -> String {
    let quoted = |s: &str| format!("'{}'", s.replace('\'', "''"));
    match v {
        Value::Int(Some(i)) => quoted(&i.to_string()),
        Value::Float(Some(f)) => quoted(&f.to_string()),
        Value::Text(Some(s)) => quoted(s),
        Value::Bytes(Some(b)) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            quoted(&format!("\\x{hex}"))
        }
        _ => "NULL".into(),
    }
}
