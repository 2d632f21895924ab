//! Licence plates in the formats of the tenant's country, stored in one canonical form.
//!
//! - Kazakhstan (`KZ`): `123 ABC 01` — three digits, three Latin letters, a two-digit region.
//! - Morocco (`MA`): `12345-أ-6` — one to five digits, one Arabic letter, a one- or two-digit
//!   region. The Latin transliteration (`12345-A-6`) is accepted and stored in Arabic.
//! - Anywhere else: free text, upper-cased with its spaces collapsed.
//!
//! Input may use any case, spaces, dashes or `|` between the parts.

use crate::error::FieldError;

/// The longest plate accepted in any country.
pub const MAX_PLATE_LEN: usize = 20;

/// The letters on Moroccan plates and their Latin transliterations.
const MOROCCAN_LETTERS: [(char, &[char]); 8] = [
    ('أ', &['A']),
    ('ب', &['B']),
    ('د', &['D']),
    ('ه', &['H', 'E']),
    ('و', &['W', 'O']),
    ('ط', &['T']),
    ('ج', &['J']),
    ('ش', &['S']),
];

/// The canonical form of `raw` for a tenant in `country`, or why it is not a plate there.
pub fn normalize_plate(country: &str, raw: &str) -> Result<String, FieldError> {
    let compact: String = raw
        .chars()
        .filter(|c| !is_separator(*c))
        .collect::<String>()
        .to_uppercase();
    if compact.is_empty() {
        return Err(FieldError::Required);
    }
    match country {
        "KZ" => kazakh(&compact).ok_or(FieldError::InvalidPlate),
        "MA" => moroccan(&compact).ok_or(FieldError::InvalidPlate),
        _ => {
            let spaced = raw
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_uppercase();
            if spaced.chars().count() > MAX_PLATE_LEN {
                Err(FieldError::TooLong)
            } else {
                Ok(spaced)
            }
        }
    }
}

/// The plate format a user in `country` is shown as an example.
pub fn plate_example(country: &str) -> &'static str {
    match country {
        "KZ" => "123 ABC 01",
        "MA" => "12345-أ-6",
        _ => "",
    }
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '|' | '/' | '\u{200e}' | '\u{200f}')
}

/// `123ABC01` → `123 ABC 01`.
fn kazakh(compact: &str) -> Option<String> {
    let chars: Vec<char> = compact.chars().collect();
    let ok = chars.len() == 8
        && chars[..3].iter().all(char::is_ascii_digit)
        && chars[3..6].iter().all(char::is_ascii_uppercase)
        && chars[6..].iter().all(char::is_ascii_digit);
    ok.then(|| format!("{} {} {}", &compact[..3], &compact[3..6], &compact[6..]))
}

/// `12345A6` or `12345أ6` → `12345-أ-6`.
fn moroccan(compact: &str) -> Option<String> {
    let letter_at = compact.find(|c: char| !c.is_ascii_digit())?;
    let (number, rest) = compact.split_at(letter_at);
    let mut rest = rest.chars();
    let letter = arabic_letter(rest.next()?)?;
    let region: String = rest.collect();
    let ok = (1..=5).contains(&number.len())
        && (1..=2).contains(&region.len())
        && region.chars().all(|c| c.is_ascii_digit());
    ok.then(|| format!("{number}-{letter}-{region}"))
}

fn arabic_letter(c: char) -> Option<char> {
    // Hamza forms of alif are typed interchangeably; the plate letter is alif with hamza above.
    let c = if matches!(c, 'ا' | 'إ' | 'آ') {
        'أ'
    } else {
        c
    };
    MOROCCAN_LETTERS
        .iter()
        .find(|(arabic, latin)| *arabic == c || latin.contains(&c))
        .map(|(arabic, _)| *arabic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_plates_take_one_form() {
        for raw in ["123 ABC 01", "123abc01", " 123-abc-01 ", "123 abc  01"] {
            assert_eq!(normalize_plate("KZ", raw), Ok("123 ABC 01".into()), "{raw}");
        }
        for bad in [
            "12 ABC 01",
            "123 AB1 01",
            "123 ABC 1",
            "123 АВС 01",
            "ABC 123 01",
            "1234 ABC 01",
        ] {
            assert_eq!(
                normalize_plate("KZ", bad),
                Err(FieldError::InvalidPlate),
                "{bad}"
            );
        }
        assert_eq!(normalize_plate("KZ", "  "), Err(FieldError::Required));
    }

    #[test]
    fn moroccan_plates_are_stored_in_arabic() {
        for raw in [
            "12345-أ-6",
            "12345-A-6",
            "12345 a 6",
            "12345|أ|6",
            "12345-ا-6",
        ] {
            assert_eq!(normalize_plate("MA", raw), Ok("12345-أ-6".into()), "{raw}");
        }
        assert_eq!(normalize_plate("MA", "7-B-26"), Ok("7-ب-26".into()));
        assert_eq!(normalize_plate("MA", "88-h-1"), Ok("88-ه-1".into()));
        for bad in [
            "123456-A-6",
            "12345-X-6",
            "12345-A-123",
            "-A-6",
            "12345-A-",
            "12345-AB-6",
        ] {
            assert_eq!(
                normalize_plate("MA", bad),
                Err(FieldError::InvalidPlate),
                "{bad}"
            );
        }
    }

    #[test]
    fn other_countries_keep_free_text() {
        assert_eq!(
            normalize_plate("TR", " 34  abc 123 "),
            Ok("34 ABC 123".into())
        );
        assert_eq!(normalize_plate("FR", "AB-123-CD"), Ok("AB-123-CD".into()));
        assert_eq!(
            normalize_plate("FR", &"X".repeat(21)),
            Err(FieldError::TooLong)
        );
    }
}
