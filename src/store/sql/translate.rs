//! Statements written for both engines, as the server reads them.

use super::Arg;

/// Named parameters as the server takes them: `$1`, `$2`, … in the order
/// the names first appear, with their values in that order.
pub(super) fn positional<'a>(
    sql: &str,
    named: &[(&str, &'a dyn Arg)],
) -> (String, Vec<&'a dyn Arg>) {
    let mut out = String::with_capacity(sql.len());
    let mut used: Vec<&str> = Vec::new();
    let mut args = Vec::new();
    let mut rest = sql;
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &rest[at..at + 1 + len];
        match named.iter().find(|(n, _)| *n == name) {
            Some((n, a)) if len > 0 => {
                let k = match used.iter().position(|u| u == n) {
                    Some(k) => k + 1,
                    None => {
                        used.push(n);
                        args.push(*a);
                        used.len()
                    }
                };
                out.push_str(&format!("${k}"));
            }
            _ => out.push_str(name),
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    (for_server(&out), args)
}

/// A statement written for both engines, as the server reads it: `$1` for
/// `?1` (and for a bare `?`, in order), no SQLite index hints, and `INSERT
/// OR IGNORE` as `ON CONFLICT DO NOTHING`.
pub fn for_server(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let (mut next, mut quoted) = (1, false);
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    digits = next.to_string();
                    next += 1;
                }
                out.push('$');
                out.push_str(&digits);
            }
            c => out.push(c),
        }
    }
    let mut out = strip_index_hints(&out).replace("ON CONFLICT (", "ON CONFLICT (branch, ");
    out = out.replace("ON CONFLICT(", "ON CONFLICT (branch, ");
    if let Some(at) = out.find("INSERT OR IGNORE INTO") {
        out.replace_range(at..at + "INSERT OR IGNORE INTO".len(), "INSERT INTO");
        match out.find(" RETURNING ") {
            Some(r) => out.insert_str(r, " ON CONFLICT DO NOTHING"),
            None => out.push_str(" ON CONFLICT DO NOTHING"),
        }
    }
    out
}

fn strip_index_hints(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(at) = rest.find("INDEXED BY ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "INDEXED BY ".len()..];
        let end = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{for_server, positional, Arg};

    #[test]
    fn named_parameters_numbered_as_they_first_appear() {
        let (from, s) = ("2026-11-23".to_string(), 5_i64);
        let named: [(&str, &dyn Arg); 2] = [(":from", &from), (":s", &s)];
        let (text, args) = positional("SELECT 1 WHERE a >= :s AND d = :from AND b < :s", &named);
        assert_eq!(text, "SELECT 1 WHERE a >= $1 AND d = $2 AND b < $1");
        assert_eq!(args.len(), 2);
    }

    #[test]
    fn shared_sql_as_the_server_reads_it() {
        assert_eq!(
            for_server("SELECT a FROM t INDEXED BY t_day WHERE day = ?1 AND x = '?' AND y = ?12"),
            "SELECT a FROM t  WHERE day = $1 AND x = '?' AND y = $12"
        );
        assert_eq!(
            for_server("INSERT OR IGNORE INTO t (a, b) VALUES (?, ?)"),
            "INSERT INTO t (a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        );
    }
}
