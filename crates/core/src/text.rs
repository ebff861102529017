//! Checks on single text values: official codes, e-mail addresses, phone numbers, and
//! the Finnish personal identity code that must never enter the register.

/// True when `text` contains something shaped like a Finnish personal identity code
/// (domain R1.3: `\d{6}[-+A-FYXWVU]\d{3}[0-9A-Y]`), checksum or not: the register refuses
/// it either way.
pub fn contains_identity_code(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(11).enumerate().any(|(start, w)| {
        let digits = |range: std::ops::Range<usize>| w[range].iter().all(|c| c.is_ascii_digit());
        let bounded_before = start == 0 || !chars[start - 1].is_ascii_alphanumeric();
        let bounded_after = chars.get(start + 11).is_none_or(|c| !c.is_ascii_alphanumeric());
        bounded_before
            && bounded_after
            && digits(0..6)
            && "-+ABCDEFYXWVU".contains(w[6])
            && digits(7..10)
            && (w[10].is_ascii_digit() || (w[10].is_ascii_uppercase() && w[10] <= 'Y'))
    })
}

/// A municipality code: exactly three digits ("016"). Codes from files that lost their
/// leading zeros are padded by `pad_municipality_code` before they get here.
pub fn is_municipality_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit())
}

/// Region (maakunta) and wellbeing services county codes: exactly two digits.
pub fn is_two_digit_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_digit())
}

/// "16" → "016"; refuses anything that is not 1–3 digits.
pub fn pad_municipality_code(raw: &str) -> Option<String> {
    let digits = raw.trim().trim_end_matches(".0");
    (!digits.is_empty() && digits.len() <= 3 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| format!("{digits:0>3}"))
}

/// "7" → "07" for region and county codes.
pub fn pad_two_digit_code(raw: &str) -> Option<String> {
    let digits = raw.trim().trim_end_matches(".0");
    (!digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| format!("{digits:0>2}"))
}

/// A plausible e-mail address: one @, a non-empty local part, a dotted domain, no spaces.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
}

/// A phone number as people write them: +358 40 123 4567, 044-123 4567.
pub fn is_phone(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (6..=15).contains(&digits) && text.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) && !text[1..].contains('+')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_codes_are_found_in_any_century_form() {
        assert!(contains_identity_code("131052-308T"));
        assert!(contains_identity_code("hetu 010101A123B tässä"));
        assert!(contains_identity_code("010101Y1234"));
        assert!(!contains_identity_code("Lahden kaupunginjohtaja"));
        assert!(!contains_identity_code("puh. 040 123 4567"));
        assert!(!contains_identity_code("1310522-308T"));
    }

    #[test]
    fn municipality_codes_keep_leading_zeros() {
        assert_eq!(pad_municipality_code("16").as_deref(), Some("016"));
        assert_eq!(pad_municipality_code("398").as_deref(), Some("398"));
        assert_eq!(pad_municipality_code("5.0").as_deref(), Some("005"));
        assert_eq!(pad_municipality_code("1234"), None);
        assert!(is_municipality_code("016"));
        assert!(!is_municipality_code("16"));
        assert_eq!(pad_two_digit_code("7").as_deref(), Some("07"));
    }

    #[test]
    fn emails_and_phones() {
        assert!(is_email("kuntayhteistyo@example.org"));
        assert!(!is_email("no at sign"));
        assert!(!is_email("a@b"));
        assert!(is_phone("+358 40 123 4567"));
        assert!(is_phone("044-123 4567"));
        assert!(!is_phone("call me"));
        assert!(!is_phone("12+34567"));
    }
}
