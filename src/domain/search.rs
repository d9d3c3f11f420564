//! What a client search asks for: part of a name (found through the name
//! index of characters and pairs of characters), a mobile's last four digits,
//! or a whole mobile.

/// A search of the client list, read from what was typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientQuery {
    /// Part of a name (lower-cased, as the index keeps it): `grams` are the
    /// index entries that could find it (the query itself if one or two
    /// characters long, else each pair of adjacent characters).
    Name { text: String, grams: Vec<String> },
    /// The last four digits of a mobile.
    LastFour(String),
    /// A whole mobile (eleven digits).
    Mobile(String),
}

/// Why a search was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryRefusal {
    /// Digits that are neither a mobile's last four nor a whole mobile.
    MobileDigits,
}

/// Read a search: digits (spaces and dashes between groups dropped) are a
/// mobile's last four or the whole mobile; anything else is part of a name.
/// `None` for nothing to look for. `%` and `_` are not searched for.
pub fn client_query(q: &str) -> Result<Option<ClientQuery>, QueryRefusal> {
    let q = q.trim();
    let digits: String = q.chars().filter(|c| *c != ' ' && *c != '-').collect();
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        return match digits.len() {
            4 => Ok(Some(ClientQuery::LastFour(digits))),
            11 => Ok(Some(ClientQuery::Mobile(digits))),
            _ => Err(QueryRefusal::MobileDigits),
        };
    }
    let text: String = q
        .chars()
        .filter(|c| *c != '%' && *c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return Ok(None);
    }
    let grams = if chars.len() <= 2 {
        vec![text.clone()]
    } else {
        let mut pairs: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
        pairs.dedup();
        pairs
    };
    Ok(Some(ClientQuery::Name { text, grams }))
}

/// The index entries of a name, as the database's triggers write them: each
/// character and each pair of adjacent characters, lower-cased, once each,
/// within the first [`INDEXED_CHARS`] characters.
pub fn name_grams(name: &str) -> Vec<String> {
    let chars: Vec<char> = name
        .to_ascii_lowercase()
        .chars()
        .take(INDEXED_CHARS)
        .collect();
    let mut out: Vec<String> = chars.iter().map(|c| c.to_string()).collect();
    out.extend(chars.windows(2).map(|w| w.iter().collect::<String>()));
    out.sort();
    out.dedup();
    out
}

/// How many characters of a name the index holds (names are at most 30).
pub const INDEXED_CHARS: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str, grams: &[&str]) -> ClientQuery {
        ClientQuery::Name {
            text: text.into(),
            grams: grams.iter().map(|g| g.to_string()).collect(),
        }
    }

    #[test]
    fn queries() {
        assert_eq!(client_query("王"), Ok(Some(name("王", &["王"]))));
        assert_eq!(client_query(" 王芳 "), Ok(Some(name("王芳", &["王芳"]))));
        assert_eq!(
            client_query("王小明"),
            Ok(Some(name("王小明", &["王小", "小明"])))
        );
        assert_eq!(client_query("Li%_"), Ok(Some(name("li", &["li"]))));
        assert_eq!(client_query("%"), Ok(None));
        assert_eq!(client_query(""), Ok(None));
        assert_eq!(
            client_query("5678"),
            Ok(Some(ClientQuery::LastFour("5678".into())))
        );
        assert_eq!(
            client_query("138 1234-5678"),
            Ok(Some(ClientQuery::Mobile("13812345678".into())))
        );
        assert_eq!(client_query("138"), Err(QueryRefusal::MobileDigits));
        assert_eq!(client_query("1381234"), Err(QueryRefusal::MobileDigits));
        // Letters and digits together are part of a name.
        assert_eq!(client_query("a1"), Ok(Some(name("a1", &["a1"]))));
    }

    #[test]
    fn grams() {
        assert_eq!(name_grams("王芳"), ["王", "王芳", "芳"]);
        assert_eq!(name_grams("Ab"), ["a", "ab", "b"]);
        assert_eq!(name_grams("aaa"), ["a", "aa"]);
        assert!(name_grams("").is_empty());
    }
}
