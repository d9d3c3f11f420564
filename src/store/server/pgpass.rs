//! The password a PostgreSQL client finds for itself: `PGPASSWORD`, else the
//! password file (`PGPASSFILE`, else `~/.pgpass`), as libpq reads them.

use std::path::{Path, PathBuf};

/// The password for `user` on `host:port/dbname`, when the URL gave none.
pub fn password(host: &str, port: u16, dbname: &str, user: &str) -> Option<String> {
    if let Ok(p) = std::env::var("PGPASSWORD") {
        return Some(p);
    }
    let file = password_file()?;
    // libpq ignores a password file that others can read: so do we.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            return None;
        }
    }
    let text = std::fs::read_to_string(&file).ok()?;
    find(&text, host, port, dbname, user)
}

fn password_file() -> Option<PathBuf> {
    match std::env::var_os("PGPASSFILE") {
        Some(p) => Some(PathBuf::from(p)),
        None => Some(Path::new(&std::env::var_os("HOME")?).join(".pgpass")),
    }
}

/// The first line of a password file whose fields match (`*` matches
/// anything; `\:` and `\\` escape).
pub fn find(text: &str, host: &str, port: u16, dbname: &str, user: &str) -> Option<String> {
    let port = port.to_string();
    let wanted = [host, port.as_str(), dbname, user];
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(fields)
        .find(|f| {
            f.len() == 5
                && f.iter()
                    .zip(wanted)
                    .all(|(field, want)| field == "*" || field == want)
        })
        .map(|mut f| f.remove(4))
}

fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.last_mut().unwrap().extend(chars.next()),
            // The password, the last field, may hold colons of its own.
            ':' if out.len() < 5 => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn the_first_matching_line_with_wildcards_and_escapes() {
        let text = "# a comment\n\
                    other:5432:*:w01:nope\n\
                    lobby-server:5432:branchdb:w01:s3cr\\:et:x\n\
                    *:*:*:*:fallback\n";
        assert_eq!(
            find(text, "lobby-server", 5432, "branchdb", "w01").as_deref(),
            Some("s3cr:et:x")
        );
        assert_eq!(
            find(text, "lobby-server", 5433, "branchdb", "w01").as_deref(),
            Some("fallback")
        );
        assert_eq!(find("h:1:d:u\n", "h", 1, "d", "u"), None);
    }
}
