//! Validation of what people type: errors are values, shown beside the field.

/// Why a field's value was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    Required,
    TooLong { max: usize },
    ControlChars,
    Mobile,
    Amount,
}

pub const NAME_MAX: usize = 30;
pub const NOTE_MAX: usize = 500;

/// A text field: trimmed; refused if it holds control characters or is too long.
/// Returns `None` for an empty optional field.
pub fn text(value: &str, max: usize, required: bool) -> Result<Option<String>, Invalid> {
    let v = value.trim();
    if v.chars().any(char::is_control) {
        return Err(Invalid::ControlChars);
    }
    if v.chars().count() > max {
        return Err(Invalid::TooLong { max });
    }
    if v.is_empty() {
        return if required {
            Err(Invalid::Required)
        } else {
            Ok(None)
        };
    }
    Ok(Some(v.to_string()))
}

/// A client's name: at most 30 characters.
pub fn name(value: &str, required: bool) -> Result<Option<String>, Invalid> {
    text(value, NAME_MAX, required)
}

/// A mainland mobile number: 11 digits starting 1[3-9]. Spaces and dashes
/// people type between groups are dropped.
pub fn mobile(value: &str, required: bool) -> Result<Option<String>, Invalid> {
    let v = value.trim();
    if v.chars().any(char::is_control) {
        return Err(Invalid::ControlChars);
    }
    let digits: String = v.chars().filter(|c| *c != ' ' && *c != '-').collect();
    if digits.is_empty() {
        return if required {
            Err(Invalid::Required)
        } else {
            Ok(None)
        };
    }
    let b = digits.as_bytes();
    let ok = b.len() == 11
        && b.iter().all(u8::is_ascii_digit)
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1]);
    if ok {
        Ok(Some(digits))
    } else {
        Err(Invalid::Mobile)
    }
}

/// An amount in yuan as typed ("50000", "12.5", "1,000"), in cents. Must be
/// positive and at most 10 billion yuan.
pub fn amount(value: &str) -> Result<i64, Invalid> {
    let v: String = value.trim().chars().filter(|c| *c != ',').collect();
    if v.is_empty() {
        return Err(Invalid::Required);
    }
    let (whole, frac) = v.split_once('.').unwrap_or((&v, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || (!frac.is_empty() && !digits(frac)) || frac.len() > 2 || whole.len() > 11 {
        return Err(Invalid::Amount);
    }
    let cents = whole.parse::<i64>().map_err(|_| Invalid::Amount)? * 100
        + format!("{frac:0<2}")
            .parse::<i64>()
            .map_err(|_| Invalid::Amount)?;
    if cents <= 0 || cents > 1_000_000_000_000 {
        return Err(Invalid::Amount);
    }
    Ok(cents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles() {
        assert_eq!(mobile("13812345678", true), Ok(Some("13812345678".into())));
        assert_eq!(
            mobile(" 138 1234 5678 ", true),
            Ok(Some("13812345678".into()))
        );
        assert_eq!(
            mobile("138-1234-5678", false),
            Ok(Some("13812345678".into()))
        );
        assert_eq!(mobile("", false), Ok(None));
        assert_eq!(mobile("", true), Err(Invalid::Required));
        for bad in [
            "12812345678",
            "1381234567",
            "138123456789",
            "1381234567a",
            "+8613812345678",
            "１３８１２３４５６７８",
        ] {
            assert_eq!(mobile(bad, false), Err(Invalid::Mobile), "{bad}");
        }
        assert_eq!(
            mobile("138\u{7}12345678", false),
            Err(Invalid::ControlChars)
        );
    }

    #[test]
    fn names() {
        assert_eq!(name(" 王小明 ", true), Ok(Some("王小明".into())));
        assert_eq!(name("", false), Ok(None));
        assert_eq!(name("   ", true), Err(Invalid::Required));
        assert_eq!(
            name(&"王".repeat(500), false),
            Err(Invalid::TooLong { max: NAME_MAX })
        );
        assert_eq!(name(&"王".repeat(30), false), Ok(Some("王".repeat(30))));
        assert_eq!(name("王\n明", false), Err(Invalid::ControlChars));
        assert_eq!(name("a\u{1b}[31m", false), Err(Invalid::ControlChars));
    }

    #[test]
    fn amounts() {
        assert_eq!(amount("50000"), Ok(5_000_000));
        assert_eq!(amount("1,000.5"), Ok(100_050));
        assert_eq!(amount(" 12.34 "), Ok(1234));
        assert_eq!(amount(""), Err(Invalid::Required));
        for bad in ["0", "-5", "abc", "1.234", "1e5", "99999999999999", "."] {
            assert_eq!(amount(bad), Err(Invalid::Amount), "{bad}");
        }
    }
}
