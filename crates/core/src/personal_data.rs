//! Personal identifiers in minutes text (domain R1.3 and R1.4).
//!
//! Before minutes are published the secretary acknowledges every personal identifier the
//! software detects in the public text: Finnish personal identity codes, e-mail addresses,
//! phone numbers, and the names of register persons who do not act in an official role in
//! that item. When the appeal period ends (R1.4) the acknowledged spans are removed from the
//! public copy with [`redact`]. Everything here is a pure function over Markdown source.
//!
//! Detection leans towards precision: dates, section numbers, sums of money, diary
//! numbers, postal codes, business IDs and times are not phone numbers, and a name is only
//! found as a full name (given and family name next to each other, in either order, in
//! Finnish inflected forms too).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::model::Id;

/// A person of the register whose name counts as personal data in this text (not acting
/// in an official role). `given` may hold several given names ("Matti Juhani"); the first
/// one alone is then matched too. `family` may hold several words ("af Forselles").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownName<'a> {
    pub person_id: Id,
    pub given: &'a str,
    pub family: &'a str,
}

/// What kind of personal identifier a [`Finding`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    IdentityCode,
    Email,
    Phone,
    Name,
}

/// One detected identifier: `text` is exactly `source[start..end]` (byte offsets on char
/// boundaries); `person_id` is set for names only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Finding {
    pub kind: IdentifierKind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub person_id: Option<Id>,
}

/// Every personal identifier in `text`, sorted by start and non-overlapping: where two
/// detections overlap the longer one is kept (on a tie, the earlier one; among names, the
/// one listed first in `names`).
pub fn find(text: &str, names: &[KnownName]) -> Vec<Finding> {
    let mut found = Vec::new();
    find_identity_codes(text, &mut found);
    find_emails(text, &mut found);
    find_phones(text, &mut found);
    find_names(text, names, &mut found);
    without_overlaps(found)
}

/// The text with each of `spans` (byte ranges from [`find`]) replaced by `replacement`;
/// everything else is copied byte for byte. Spans may come in any order. Overlapping spans
/// are merged into one replacement, spans reaching past the end are cut at the end, empty
/// spans are ignored, and a bound that is not on a char boundary is widened to the
/// enclosing character (redacting too much rather than too little).
pub fn redact(text: &str, spans: &[(usize, usize)], replacement: &str) -> String {
    let mut spans: Vec<(usize, usize)> = spans
        .iter()
        .map(|&(start, end)| (floor_char_boundary(text, start), ceil_char_boundary(text, end)))
        .filter(|(start, end)| start < end)
        .collect();
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut copied_to = 0;
    for (start, end) in spans {
        if start < copied_to {
            copied_to = copied_to.max(end);
            continue;
        }
        out.push_str(&text[copied_to..start]);
        out.push_str(replacement);
        copied_to = end;
    }
    out.push_str(&text[copied_to..]);
    out
}

/// True when `code` is a complete, correct Finnish personal identity code: the R1.3 shape,
/// a real birth date for its century sign, and the right check character.
pub fn identity_code_is_valid(code: &str) -> bool {
    identity_code_birth_date(code).is_some() && code.as_bytes()[10] == identity_code_check_char(code)
}

fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn ceil_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index += 1;
    }
    index
}

fn finding(text: &str, kind: IdentifierKind, start: usize, end: usize, person_id: Option<Id>) -> Finding {
    Finding { kind, text: text[start..end].to_string(), start, end, person_id }
}

fn without_overlaps(mut found: Vec<Finding>) -> Vec<Finding> {
    // Stable: among equally long findings at the same place the first detected wins.
    found.sort_by(|a, b| (b.end - b.start).cmp(&(a.end - a.start)).then(a.start.cmp(&b.start)));
    let mut kept: Vec<Finding> = Vec::with_capacity(found.len());
    for f in found {
        if kept.iter().all(|k| f.end <= k.start || f.start >= k.end) {
            kept.push(f);
        }
    }
    kept.sort_by_key(|f| f.start);
    kept
}

// ---------------------------------------------------------------------------------------
// Personal identity codes (henkilötunnus)

const CHECK_CHARS: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";
const CODE_LEN: usize = 11;

/// The birth date of something with the R1.3 shape, or None when the shape is wrong or the
/// date does not exist (31.02., 29.02. of a common year).
fn identity_code_birth_date(code: &str) -> Option<NaiveDate> {
    if code.len() != CODE_LEN || !crate::text::contains_identity_code(code) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| code[range].parse::<u32>().ok();
    let century = match code.as_bytes()[6] {
        b'+' => 1800,
        b'-' | b'Y' | b'X' | b'W' | b'V' | b'U' => 1900,
        b'A'..=b'F' => 2000,
        _ => return None,
    };
    let year = century + i32::try_from(number(4..6)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(2..4)?, number(0..2)?)
}

/// The check character a code of the R1.3 shape should end with.
fn identity_code_check_char(code: &str) -> u8 {
    let digits: u64 = code[0..6].bytes().chain(code[7..10].bytes()).fold(0, |n, b| n * 10 + u64::from(b - b'0'));
    CHECK_CHARS[(digits % 31) as usize]
}

/// Codes of the R1.3 shape with a real birth date, as whole tokens. A wrong check
/// character is still reported: a mistyped code is still personal data.
fn find_identity_codes(text: &str, out: &mut Vec<Finding>) {
    let bytes = text.as_bytes();
    for start in 0..bytes.len().saturating_sub(CODE_LEN - 1) {
        let end = start + CODE_LEN;
        if !bytes[start].is_ascii_digit() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        let bounded_before = text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let bounded_after = text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if bounded_before && bounded_after && identity_code_birth_date(&text[start..end]).is_some() {
            out.push(finding(text, IdentifierKind::IdentityCode, start, end, None));
        }
    }
}

// ---------------------------------------------------------------------------------------
// E-mail addresses

/// `local@domain.tld`, and the common Finnish obfuscations `local(at)domain.tld` and
/// `local[at]domain.tld`. Punctuation around the address (".", ")", ">", Markdown `_`) is
/// not part of it.
fn find_emails(text: &str, out: &mut Vec<Finding>) {
    let separators = text
        .match_indices('@')
        .map(|(at, s)| (at, at + s.len()))
        .chain(text.match_indices("(at)").chain(text.match_indices("[at]")).map(|(at, s)| (at, at + s.len())));
    for (sep_start, sep_end) in separators {
        let local_start = text[..sep_start]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphanumeric() || "._%+-".contains(c))
            .last()
            .map_or(sep_start, |(i, _)| i);
        let local = text[local_start..sep_start].trim_start_matches(['.', '_', '%', '+', '-']);
        let local_start = sep_start - local.len();
        let domain_len = text[sep_end..]
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '-'))
            .map_or(text.len() - sep_end, |(i, _)| i);
        let domain = text[sep_end..sep_end + domain_len].trim_end_matches(['.', '-']);
        if !local.is_empty() && is_domain(domain) {
            out.push(finding(text, IdentifierKind::Email, local_start, sep_end + domain.len(), None));
        }
    }
}

fn is_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let tld = labels.last().copied().unwrap_or_default();
    labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
        && tld.chars().count() >= 2
        && tld.chars().all(char::is_alphabetic)
}

// ---------------------------------------------------------------------------------------
// Phone numbers

/// Characters that may separate digit groups of a phone number: space, no-break space,
/// narrow no-break space and a hyphen (once in a domestic number, where more would make a
/// date like "01-02-2025").
fn is_group_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '-')
}

fn find_phones(text: &str, out: &mut Vec<Finding>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        match phone_at(&chars, i) {
            Some(end) => {
                let end_byte = chars.get(end).map_or(text.len(), |&(b, _)| b);
                out.push(finding(text, IdentifierKind::Phone, chars[i].0, end_byte, None));
                i = end;
            }
            None => i += 1,
        }
    }
}

/// A phone number starting at char index `i`: its end (exclusive char index), or None.
///
/// Accepted: domestic numbers starting with 0 and an area or operator code of 2–4 digits
/// ("040 123 4567", "(03) 123 4567", "040-1234567"; unbroken only with 9–11 digits, as
/// "0401234567"), international ones starting with "+" or "00" ("+358 40 123 4567",
/// "+358 (0)40 123 4567", "+46 8 123 456 78"). At least 7 digits in all. Not accepted:
/// anything directly after a letter or digit or after a digit and one separator (the
/// middle of "1 200 000", "2025-01-01", "PHL/123/00.01.00"), digit groups followed by
/// ".", ",", ":" or "/" and a digit (dates, times, decimals, diary numbers), by a letter,
/// or by a unit ("%", "€", "§", "euroa", "milj." ...).
fn phone_at(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let ch = |k: usize| chars.get(k).map(|&(_, c)| c);
    let digit = |k: usize| ch(k).is_some_and(|c| c.is_ascii_digit());
    let digits_from = |k: usize| (k..).find(|&j| !digit(j)).unwrap_or(k);

    if i > 0 && (chars[i - 1].1.is_alphanumeric() || (i > 1 && chars[i - 2].1.is_ascii_digit())) {
        return None;
    }
    let first = ch(i)?;
    let group_start = match first {
        '+' if digit(i + 1) => i + 1,
        '(' if ch(i + 1) == Some('0') => i + 1,
        '0' => i,
        _ => return None,
    };
    let plus = first == '+';
    let parenthesised = first == '(';
    let double_zero = !plus && ch(group_start + 1) == Some('0');
    let international = plus || double_zero;
    let max_digits = if plus {
        15
    } else if double_zero {
        17
    } else {
        11
    };

    let group_end = digits_from(group_start);
    let first_len = group_end - group_start;
    let mut groups = vec![first_len];
    let mut pos = group_end;
    let mut direct_next = false;
    if parenthesised {
        if ch(pos) != Some(')') {
            return None;
        }
        pos += 1;
        direct_next = true;
    } else {
        if follows_badly(chars, pos) || (!international && first_len < 2) {
            return None;
        }
        if plus {
            // The trunk prefix some write after the country code: "+358 (0)40 ...".
            let skip = if ch(pos) == Some(' ') { 1 } else { 0 };
            if ch(pos + skip) == Some('(') && ch(pos + skip + 1) == Some('0') && ch(pos + skip + 2) == Some(')') {
                pos += skip + 3;
                direct_next = true;
            }
        }
    }
    let unbroken_domestic = !international && !parenthesised && first_len > 4;
    // "+46 8 ...", "+358 9 ...": a one-digit area code may follow the country code.
    let after_country_code = (plus && first_len <= 3) || (double_zero && (3..=5).contains(&first_len));

    let mut hyphen_used = false;
    loop {
        if unbroken_domestic {
            break;
        }
        let (separator, start) = if direct_next && digit(pos) {
            (None, pos)
        } else if ch(pos).is_some_and(is_group_separator) && digit(pos + 1) {
            (ch(pos), pos + 1)
        } else {
            break;
        };
        direct_next = false;
        let is_hyphen = separator == Some('-');
        if is_hyphen && hyphen_used && !international {
            break;
        }
        let end = digits_from(start);
        let len = end - start;
        let total: usize = groups.iter().sum();
        let single_digit_area_code = after_country_code && groups.len() == 1;
        if follows_badly(chars, end)
            || (len == 1 && !single_digit_area_code)
            || (!international && groups.len() == 1 && ch(start) == Some('0'))
            || total + len > max_digits
        {
            break;
        }
        groups.push(len);
        hyphen_used |= is_hyphen;
        pos = end;
    }

    let total: usize = groups.iter().sum();
    let unbroken = groups.len() == 1;
    if parenthesised && unbroken {
        // "(0401234567)" is a number in brackets: found from its first digit instead.
        return None;
    }
    let plausible = if plus {
        (7..=15).contains(&total)
    } else if double_zero {
        (10..=17).contains(&total)
    } else {
        (7..=11).contains(&total) && (!unbroken || total >= 9)
    };
    plausible.then_some(pos)
}

/// True when what follows a digit group at char index `k` shows that the group is not part
/// of a phone number: a letter or digit, "@", a decimal or date separator before a digit,
/// or a unit.
fn follows_badly(chars: &[(usize, char)], k: usize) -> bool {
    let ch = |k: usize| chars.get(k).map(|&(_, c)| c);
    match ch(k) {
        None => false,
        Some(c) if c.is_alphanumeric() || c == '@' => true,
        Some('.' | ',' | ':' | '/') => ch(k + 1).is_some_and(|c| c.is_ascii_digit()),
        Some(' ' | '\u{a0}' | '\u{202f}') => is_unit_at(chars, k + 1),
        Some(_) => is_unit_at(chars, k),
    }
}

fn is_unit_at(chars: &[(usize, char)], k: usize) -> bool {
    let Some(&(_, c)) = chars.get(k) else { return false };
    if "%€§$£‰".contains(c) {
        return true;
    }
    let word: String = chars[k..].iter().map(|&(_, c)| c).take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
    const UNITS: &[&str] = &["e", "eur", "m", "m2", "km", "ha", "kg", "t", "h", "min", "kpl", "hlö", "mrd", "milj", "v", "vrk"];
    const UNIT_PREFIXES: &[&str] = &["euro", "milj", "miljard", "prosent", "henk", "asuk", "tuhat", "kappale", "vuo", "tunti", "päivä"];
    UNITS.contains(&word.as_str()) || UNIT_PREFIXES.iter().any(|p| word.starts_with(p))
}

// ---------------------------------------------------------------------------------------
// Names

#[derive(Clone, Copy, PartialEq, Eq)]
enum Endings {
    /// Case endings and clitics after a vowel stem ("Liisa|lle", "Mati|n", "Virtase|lla").
    General,
    /// The consonant stem of a -nen name: partitive and plural genitive ("Virtas|ta").
    NenConsonant,
}

const GENERAL_ENDINGS: &[&str] = &[
    "n", "a", "ä", "ta", "tä", "na", "nä", "ksi", "ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "tta", "ttä", "t", "s",
    "ineen",
];
const NEN_CONSONANT_ENDINGS: &[&str] = &["ta", "tä", "ten"];
const CLITICS: &[&str] = &["kin", "kaan", "kään", "han", "hän", "ko", "kö", "pa", "pä"];

fn is_vowel(c: char) -> bool {
    "aeiouyäöåAEIOUYÄÖÅ".contains(c)
}

/// The forms of one word of a name: stems and which endings may follow them.
struct WordForms {
    /// (stem, endings, whether the stem alone is the word itself)
    stems: Vec<(String, Endings, bool)>,
}

impl WordForms {
    /// Stems of a Finnish name word. A practical approximation of Finnish inflection:
    /// -nen names ("Virtanen" → "Virtase-", "Virtas-"), consonant gradation of the last
    /// syllable (tt→t, kk→k, pp→p, nt→nn, lt→ll, rt→rr, mp→mm, nk→ng, ht→hd), old
    /// i-stems (i→e: "Järvi" → "Järven", "Mäki" → "Mäen"), e-stems ("Laine" → "Laineen"),
    /// names ending in a consonant, Swedish and other foreign ones too ("Lindholm" →
    /// "Lindholmin", "Tuomas" → "Tuomaksen").
    fn new(word: &str) -> WordForms {
        let mut stems = vec![(word.to_string(), Endings::General, true)];
        let chars: Vec<char> = word.chars().collect();
        let n = chars.len();
        let s = |cs: &[char]| cs.iter().collect::<String>();
        let mut add = |stem: String, endings: Endings| stems.push((stem, endings, false));
        if n < 2 {
            return WordForms { stems };
        }
        let last = chars[n - 1];
        if word.ends_with("nen") && n > 3 {
            let base = s(&chars[..n - 3]);
            add(format!("{base}se"), Endings::General);
            add(format!("{base}si"), Endings::General);
            add(format!("{base}s"), Endings::NenConsonant);
        } else if is_vowel(last) {
            let weak = weak_grade(&chars);
            if let Some(weak) = &weak {
                add(s(weak), Endings::General);
            }
            if last == 'i' {
                add(format!("{}e", s(&chars[..n - 1])), Endings::General);
                if let Some(weak) = &weak {
                    add(format!("{}e", s(&weak[..weak.len() - 1])), Endings::General);
                }
                if n >= 3 && chars[n - 2] == 'k' && is_vowel(chars[n - 3]) {
                    add(format!("{}e", s(&chars[..n - 2])), Endings::General);
                }
            } else if last == 'e' {
                add(format!("{word}e"), Endings::General);
            }
        } else {
            add(format!("{word}i"), Endings::General);
            if last == 's' {
                add(format!("{}kse", s(&chars[..n - 1])), Endings::General);
            }
        }
        WordForms { stems }
    }

    fn matches(&self, token: &str) -> bool {
        self.stems
            .iter()
            .any(|(stem, endings, bare)| token.strip_prefix(stem.as_str()).is_some_and(|rest| suffix_fits(stem, rest, *endings, *bare)))
    }
}

/// The weak grade of a word ending in a vowel after a gradating consonant pair
/// ("Matti" → "Mati", "Virta" → "Virra", "Lahti" → "Lahdi").
fn weak_grade(chars: &[char]) -> Option<Vec<char>> {
    let n = chars.len();
    if n < 3 {
        return None;
    }
    let weak: &[char] = match (chars[n - 3], chars[n - 2]) {
        ('t', 't') => &['t'],
        ('k', 'k') => &['k'],
        ('p', 'p') => &['p'],
        ('n', 't') => &['n', 'n'],
        ('l', 't') => &['l', 'l'],
        ('r', 't') => &['r', 'r'],
        ('m', 'p') => &['m', 'm'],
        ('n', 'k') => &['n', 'g'],
        ('h', 't') => &['h', 'd'],
        _ => return None,
    };
    Some(chars[..n - 3].iter().chain(weak).chain(&chars[n - 1..]).copied().collect())
}

/// `rest` after `stem` is a case ending (or nothing, for the word itself) followed by an
/// optional clitic.
fn suffix_fits(stem: &str, rest: &str, endings: Endings, bare: bool) -> bool {
    std::iter::once("").chain(CLITICS.iter().copied()).any(|clitic| {
        let Some(ending) = rest.strip_suffix(clitic) else { return false };
        if ending.is_empty() {
            return bare;
        }
        match endings {
            Endings::General => GENERAL_ENDINGS.contains(&ending) || is_illative(stem, ending),
            Endings::NenConsonant => NEN_CONSONANT_ENDINGS.contains(&ending),
        }
    })
}

/// The illative lengthens the stem's last vowel and adds n: "Liisa|an", "Virtase|en".
fn is_illative(stem: &str, ending: &str) -> bool {
    let mut e = ending.chars();
    match (stem.chars().next_back(), e.next(), e.next(), e.next()) {
        (Some(v), Some(v2), Some('n'), None) => is_vowel(v) && v == v2,
        _ => false,
    }
}

struct NamePattern {
    person_id: Id,
    words: Vec<WordForms>,
}

fn name_patterns(names: &[KnownName]) -> Vec<NamePattern> {
    let mut patterns = Vec::new();
    for name in names {
        let given: Vec<&str> = name.given.split_whitespace().collect();
        let family: Vec<&str> = name.family.split_whitespace().collect();
        if given.is_empty() || family.is_empty() {
            continue;
        }
        let mut given_variants = vec![given.clone()];
        if given.len() > 1 {
            given_variants.push(vec![given[0]]);
        }
        for given in given_variants {
            for order in [[&given, &family], [&family, &given]] {
                let words = order.iter().flat_map(|part| part.iter()).map(|w| WordForms::new(w)).collect();
                patterns.push(NamePattern { person_id: name.person_id, words });
            }
        }
    }
    patterns
}

/// Byte ranges of the words in `text`: runs of letters, with a hyphen or apostrophe inside
/// ("Anna-Liisa", "O'Brien").
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let joins = matches!(c, '-' | '\'' | '’') && start.is_some() && chars.peek().is_some_and(|&(_, next)| next.is_alphabetic());
        if c.is_alphabetic() || joins {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Words of a full name are separated by white space only, across at most one line break.
fn adjacent(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().all(char::is_whitespace) && gap.matches('\n').count() <= 1
}

fn find_names(text: &str, names: &[KnownName], out: &mut Vec<Finding>) {
    let patterns = name_patterns(names);
    if patterns.is_empty() {
        return;
    }
    // Every form of a word starts with the word's first character.
    let mut by_first_char: HashMap<char, Vec<&NamePattern>> = HashMap::new();
    for pattern in &patterns {
        if let Some(c) = pattern.words[0].stems[0].0.chars().next() {
            by_first_char.entry(c).or_default().push(pattern);
        }
    }
    let tokens = words(text);
    for (t, &(start, _)) in tokens.iter().enumerate() {
        let Some(candidates) = text[start..].chars().next().and_then(|c| by_first_char.get(&c)) else { continue };
        for pattern in candidates {
            let Some(run) = tokens.get(t..t + pattern.words.len()) else { continue };
            let fits = run.iter().zip(&pattern.words).all(|(&(s, e), forms)| forms.matches(&text[s..e]))
                && run.windows(2).all(|pair| adjacent(&text[pair[0].1..pair[1].0]));
            if fits {
                let end = run[run.len() - 1].1;
                out.push(finding(text, IdentifierKind::Name, start, end, Some(pattern.person_id)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(kind: IdentifierKind, text: &str, start: usize, person_id: Option<Id>) -> Finding {
        Finding { kind, text: text.to_string(), start, end: start + text.len(), person_id }
    }

    /// Byte offset of the first `needle` in `text`.
    fn at(text: &str, needle: &str) -> usize {
        text.find(needle).expect("needle in text")
    }

    /// The findings of `text` as (kind, text, person) with offsets checked against the text.
    fn found(text: &str, names: &[KnownName]) -> Vec<(IdentifierKind, String, Option<Id>)> {
        let findings = find(text, names);
        for pair in findings.windows(2) {
            assert!(pair[0].end <= pair[1].start, "sorted and disjoint: {findings:?}");
        }
        findings
            .into_iter()
            .map(|f| {
                assert_eq!(&text[f.start..f.end], f.text, "offsets match the text");
                (f.kind, f.text, f.person_id)
            })
            .collect()
    }

    fn phones(text: &str) -> Vec<String> {
        found(text, &[])
            .into_iter()
            .map(|(kind, t, _)| {
                assert_eq!(kind, IdentifierKind::Phone, "{t}");
                t
            })
            .collect()
    }

    const VIRTANEN: KnownName = KnownName { person_id: 7, given: "Matti", family: "Virtanen" };
    const KORHONEN: KnownName = KnownName { person_id: 8, given: "Liisa", family: "Korhonen" };

    #[test]
    fn identity_code_check_characters() {
        assert!(identity_code_is_valid("131052-308T"));
        assert!(!identity_code_is_valid("131052-308U"));
        assert!(identity_code_is_valid("010101A123N"));
        assert!(!identity_code_is_valid("010101A123M"));
        // Century signs added in 2023: B–F for the 2000s, Y X W V U for the 1900s.
        assert!(identity_code_is_valid("010594Y9032"));
        assert!(identity_code_is_valid("010594V9032"));
        assert!(identity_code_is_valid("020502B123T"));
        assert!(identity_code_is_valid("020502F123T"));
        assert!(identity_code_is_valid("150386+1238"));
        // 29 February exists in 2000 but not in 1900.
        assert!(identity_code_is_valid("290200A1239"));
        assert!(!identity_code_is_valid("290200-1239"));
        assert!(!identity_code_is_valid("290200+1239"));
        assert!(!identity_code_is_valid("131052-308t"));
        assert!(!identity_code_is_valid("131052G308T"));
        assert!(!identity_code_is_valid("131052-308"));
    }

    #[test]
    fn identity_codes_in_minutes_text() {
        let text = "Hakija (hetu 131052-308T) ja huoltaja 010101A123M sekä 010594Y9032, 020502E123T.";
        assert_eq!(
            find(text, &[]),
            vec![
                f(IdentifierKind::IdentityCode, "131052-308T", 13, None),
                f(IdentifierKind::IdentityCode, "010101A123M", 38, None),
                f(IdentifierKind::IdentityCode, "010594Y9032", at(text, "010594Y9032"), None),
                f(IdentifierKind::IdentityCode, "020502E123T", at(text, "020502E123T"), None),
            ]
        );
    }

    #[test]
    fn identity_code_look_alikes_are_not_reported() {
        // Impossible dates, wrong case, wrong century sign, longer alphanumeric runs.
        let text = "Koodit 320152-308T, 131352-308T, 290200-1239, 131052-308t, 131052G308T, \
                    X131052-308T, 131052-308TT, 1131052-308T ja 131052-3080A.";
        assert_eq!(found(text, &[]), vec![]);
    }

    #[test]
    fn emails_without_surrounding_punctuation() {
        let text = "Lisätietoja antaa matti.virtanen@lahti.fi. Kirjaamo (kirjaamo@phhyky.fi) ja \
                    <liisa_k+pj@päijät-häme.fi>, __info@lahti.fi__, [viesti](mailto:info@example.org), \
                    etunimi.sukunimi(at)hollola.fi tai x[at]orimattila.fi.";
        assert_eq!(
            found(text, &[]),
            vec![
                (IdentifierKind::Email, "matti.virtanen@lahti.fi".into(), None),
                (IdentifierKind::Email, "kirjaamo@phhyky.fi".into(), None),
                (IdentifierKind::Email, "liisa_k+pj@päijät-häme.fi".into(), None),
                (IdentifierKind::Email, "info@lahti.fi".into(), None),
                (IdentifierKind::Email, "info@example.org".into(), None),
                (IdentifierKind::Email, "etunimi.sukunimi(at)hollola.fi".into(), None),
                (IdentifierKind::Email, "x[at]orimattila.fi".into(), None),
            ]
        );
        let text = "Ilmoitus: m.virtanen@lahti.fi)";
        assert_eq!(find(text, &[]), vec![f(IdentifierKind::Email, "m.virtanen@lahti.fi", 10, None)]);
    }

    #[test]
    fn email_look_alikes_are_not_reported() {
        let text = "Seuraa @Lahti ja #kuntayhteistyo; palvelin matti@localhost, osoite a@b, \
                    hinta 3 @ 4 euroa, tilaus 5@12.50 euroa, kirjaamo@.fi ja @lahti.fi.";
        assert_eq!(found(text, &[]), vec![]);
    }

    #[test]
    fn finnish_and_international_phone_numbers() {
        let text = "Puh. +358 40 123 4567 tai +358401234567. Kotiin 040 123 4567, työ 040-1234567 \
                    ja 0401234567. Toimisto (03) 123 4567 / 03 123 4567 / (09)310 1691 (0501234567); 044 123 45 67. \
                    Vaihde 09 3101 6100, Tukholma +46 8 123 456 78 ja +358 (0)3 814 1234 tai +358-40-1234567.";
        assert_eq!(
            phones(text),
            vec![
                "+358 40 123 4567",
                "+358401234567",
                "040 123 4567",
                "040-1234567",
                "0401234567",
                "(03) 123 4567",
                "03 123 4567",
                "(09)310 1691",
                "0501234567",
                "044 123 45 67",
                "09 3101 6100",
                "+46 8 123 456 78",
                "+358 (0)3 814 1234",
                "+358-40-1234567",
            ]
        );
    }

    #[test]
    fn phone_number_spans_and_trailing_context() {
        let text = "Yhteyshenkilö: puh. 050 765 4321 (klo 9–15), tel:+358507654321.";
        assert_eq!(
            find(text, &[]),
            vec![
                f(IdentifierKind::Phone, "050 765 4321", at(text, "050"), None),
                f(IdentifierKind::Phone, "+358507654321", at(text, "+358"), None)
            ]
        );
        // A year or a section number after the number is not swallowed.
        assert_eq!(phones("Soita 040 123 4567 2026 mennessä."), vec!["040 123 4567"]);
        assert_eq!(phones("Numero 050 123 456 12 § mukaisesti."), vec!["050 123 456"]);
        assert_eq!(phones("Soitettiin +358401234567 2 kertaa."), vec!["+358401234567"]);
        assert_eq!(phones("Numero 050 123 456 12 §."), vec!["050 123 456"]);
    }

    #[test]
    fn numbers_in_minutes_are_not_phone_numbers() {
        let text = "Kokous 3/2026 pidettiin 1.1.2025 klo 9.00–11.00 (2025-01-01) Lahden kaupungintalolla, \
                    Harjukatu 31, 15110 Lahti, ja jatkui 01.02.2025 klo 09:00. Pykälä 12 § hyväksyttiin \
                    vuodelle 2026. Määräraha 1 200 000 euroa (kasvua +1 200 000 €, +1 250 000 e ja +2 500 000 euroa, 3,5 % ja 0,5 milj. e), \
                    myös 0 200 000 euroa ja 1 000 000 000 euroa. Diaarinumero PHL/123/00.01.00/2025, asianumero 0123 4567/2025 ja \
                    LAH/0123/00.00.01/2025. Kuntakoodit 398, 016, 081 ja 098 (taulukossa 016 081 098), tarjous 0123456789A; Helsinki 00100 Helsinki, \
                    PL 50, 00099 Helsingin kaupunki. Vuosina 2025–2028 (1 000 €): 0 150 250 400. Y-tunnus 0204819-8. IBAN FI49 0123 4567 8901 23. \
                    Osallistujia 25 (20 %), äänin 7–2; 012 345 henkilöä; 0,40 ja 040 % sekä 02 03 04 ja 01-02-2025.";
        assert_eq!(found(text, &[VIRTANEN, KORHONEN]), vec![]);
    }

    #[test]
    fn inflected_full_names_are_found_with_the_person() {
        assert_eq!(find("Kuultiin Matti Virtasen selvitys.", &[VIRTANEN]), vec![f(IdentifierKind::Name, "Matti Virtasen", 9, Some(7))]);
        let text = "Annettiin Matti Virtaselle ja Liisa Korhoselle tiedoksi. Keskusteltiin Matti Virtasen kanssa \
                    ja kuultiin Virtanen Matti, Korhonen Liisaa ja Liisa Korhosta. Matti Virtasellakin oli asiaa, Matti Virtaseen otettiin yhteyttä; \
                    Liisa Korhonen\nesitteli.";
        assert_eq!(
            found(text, &[VIRTANEN, KORHONEN]),
            vec![
                (IdentifierKind::Name, "Matti Virtaselle".into(), Some(7)),
                (IdentifierKind::Name, "Liisa Korhoselle".into(), Some(8)),
                (IdentifierKind::Name, "Matti Virtasen".into(), Some(7)),
                (IdentifierKind::Name, "Virtanen Matti".into(), Some(7)),
                (IdentifierKind::Name, "Korhonen Liisaa".into(), Some(8)),
                (IdentifierKind::Name, "Liisa Korhosta".into(), Some(8)),
                (IdentifierKind::Name, "Matti Virtasellakin".into(), Some(7)),
                (IdentifierKind::Name, "Matti Virtaseen".into(), Some(7)),
                (IdentifierKind::Name, "Liisa Korhonen".into(), Some(8)),
            ]
        );
    }

    #[test]
    fn gradation_i_stems_and_foreign_names() {
        let names = [
            KnownName { person_id: 1, given: "Matti", family: "Mäki" },
            KnownName { person_id: 2, given: "Pekka", family: "Lahti" },
            KnownName { person_id: 3, given: "Anna-Liisa", family: "Nieminen" },
            KnownName { person_id: 4, given: "Anders", family: "Lindholm" },
            KnownName { person_id: 5, given: "Tuomas Juhani", family: "Aalto" },
        ];
        let text = "Matin Mäen ja Pekka Lahden esitykset, Anna-Liisa Niemisen lausunto, Anders Lindholm \
                    ja Anders Lindholmin kirje sekä Tuomas Aallon ja Tuomas Juhani Aallon muistiot.";
        assert_eq!(
            found(text, &names),
            vec![
                (IdentifierKind::Name, "Matin Mäen".into(), Some(1)),
                (IdentifierKind::Name, "Pekka Lahden".into(), Some(2)),
                (IdentifierKind::Name, "Anna-Liisa Niemisen".into(), Some(3)),
                (IdentifierKind::Name, "Anders Lindholm".into(), Some(4)),
                (IdentifierKind::Name, "Anders Lindholmin".into(), Some(4)),
                (IdentifierKind::Name, "Tuomas Aallon".into(), Some(5)),
                (IdentifierKind::Name, "Tuomas Juhani Aallon".into(), Some(5)),
            ]
        );
    }

    #[test]
    fn other_names_and_half_names_are_not_found() {
        let text = "Kuultiin Maija Virtasen ja Matti Virtasalon selvitys. Virtanen esitteli, Matti kannatti. \
                    Matti. Virtanen ei ole nimi, eikä matti virtanen, Mattila Virtanen tai Matti, Virtanen.\n\n\
                    Matti\n\nVirtanen.";
        assert_eq!(found(text, &[VIRTANEN]), vec![]);
        assert_eq!(found("Kuultiin Matti Virtasen selvitys.", &[KORHONEN]), vec![]);
    }

    #[test]
    fn all_kinds_together_sorted_and_overlaps_resolved() {
        let text = "Matti Virtanen (131052-308T, matti.virtanen@lahti.fi, 040 123 4567).";
        assert_eq!(
            find(text, &[VIRTANEN]),
            vec![
                f(IdentifierKind::Name, "Matti Virtanen", 0, Some(7)),
                f(IdentifierKind::IdentityCode, "131052-308T", 16, None),
                f(IdentifierKind::Email, "matti.virtanen@lahti.fi", 29, None),
                f(IdentifierKind::Phone, "040 123 4567", 54, None),
            ]
        );
        // The same person twice in the register: one finding, for the first listed.
        let twin = KnownName { person_id: 9, ..VIRTANEN };
        assert_eq!(find("Matti Virtanen", &[VIRTANEN, twin]), vec![f(IdentifierKind::Name, "Matti Virtanen", 0, Some(7))]);
        // A phone number used as the local part of an address is part of the address.
        assert_eq!(find("0401234567@sms.example.fi", &[]), vec![f(IdentifierKind::Email, "0401234567@sms.example.fi", 0, None)]);
    }

    #[test]
    fn kinds_use_snake_case_names() {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StrDeserializer};
        let kind = |name: &str| {
            let de: StrDeserializer<Error> = name.into_deserializer();
            IdentifierKind::deserialize(de).ok()
        };
        assert_eq!(kind("identity_code"), Some(IdentifierKind::IdentityCode));
        assert_eq!(kind("email"), Some(IdentifierKind::Email));
        assert_eq!(kind("IdentityCode"), None);
    }

    #[test]
    fn redact_replaces_exactly_the_spans() {
        let text = "Hakija Matti Virtanen (puh. 040 123 4567) – päätös § 12.";
        let spans: Vec<(usize, usize)> = find(text, &[VIRTANEN]).iter().map(|f| (f.start, f.end)).collect();
        assert_eq!(spans, vec![(7, 21), (28, 40)]);
        assert_eq!(redact(text, &spans, "[poistettu]"), "Hakija [poistettu] (puh. [poistettu]) – päätös § 12.");
        // Any order; overlapping spans become one replacement; adjacent ones stay two.
        assert_eq!(redact("abcdefgh", &[(4, 6), (1, 3), (2, 5)], "#"), "a#gh");
        assert_eq!(redact("abcdef", &[(1, 2), (2, 3)], "#"), "a##def");
        // Empty and out-of-range spans, and bounds inside a character.
        assert_eq!(redact("abc", &[(1, 1), (2, 99)], "#"), "ab#");
        assert_eq!(redact("päivä", &[(2, 3)], "#"), "p#ivä");
        assert_eq!(redact("päivä", &[(0, 2)], "#"), "#ivä");
        assert_eq!(redact("päivä", &[], "#"), "päivä");
        assert_eq!(redact("", &[(0, 3)], "#"), "");
    }
}
