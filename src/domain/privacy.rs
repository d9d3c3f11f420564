//! Client privacy (客户信息保密): masking names and mobiles on screens that
//! clients can see.

/// 王小明 → 王*明, 王明 → 王*, 欧阳小明 → 欧**明; a Latin name keeps its first letter.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_string(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

/// 13812345678 → 138****5678; anything else keeps only its last two characters.
pub fn mask_mobile(mobile: &str) -> String {
    let chars: Vec<char> = mobile.chars().collect();
    if chars.len() == 11 {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[7..].iter().collect();
        format!("{head}****{tail}")
    } else {
        let keep = chars.len().saturating_sub(2);
        let tail: String = chars[keep..].iter().collect();
        format!("{}{tail}", "*".repeat(keep))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_first_and_last() {
        assert_eq!(mask_name("王小明"), "王*明");
        assert_eq!(mask_name("王明"), "王*");
        assert_eq!(mask_name("欧阳小明"), "欧**明");
        assert_eq!(mask_name("王"), "*");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_name("Li"), "L*");
    }

    #[test]
    fn mobiles_keep_prefix_and_last_four() {
        assert_eq!(mask_mobile("13812345678"), "138****5678");
        assert_eq!(mask_mobile("12345"), "***45");
        assert_eq!(mask_mobile(""), "");
    }
}
