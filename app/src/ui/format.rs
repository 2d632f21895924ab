//! Numbers, money and dates written the way the reader's language writes them.
//!
//! By hand rather than through leptos_i18n's ICU formatters (`format_nums`, `format_datetime`):
//! ICU's `ar` writes Arabic-Indic digits (٥٢٬٠٠٠), while our Arabic readers are in the Maghreb,
//! where figures are written `52.000,5` in Latin digits (CLDR's `ar-MA`), and a locale id of
//! `ar-MA` would change every Arabic cookie, profile and file name. ICU's dates would weigh on
//! the WebAssembly: a release wasm that formats one date in our six languages with ICU4X 2.2's
//! compiled data is 219 KB gzipped, one that formats a number 31 KB. The plural rules, which
//! words depend on, do come from ICU (the `plurals` feature).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::i18n::Locale;

/// The digit-group and decimal separators of a locale.
fn separators(locale: Locale) -> (&'static str, &'static str) {
    match locale {
        Locale::en => (",", "."),
        // A narrow no-break space keeps "15 000 000" on one line.
        Locale::ru | Locale::kk | Locale::fr => ("\u{202f}", ","),
        Locale::tr | Locale::ar => (".", ","),
    }
}

/// `52000` → `52,000` (en), `52 000` (ru), `52.000` (tr).
pub fn number(locale: Locale, n: i64) -> String {
    let (group, _) = separators(locale);
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * group.len() + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(group);
        }
        out.push(c);
    }
    out
}

/// A decimal with the decimals it has and no more: `42.5` → `42.5` (en), `42,5` (ru).
pub fn decimal(locale: Locale, d: Decimal) -> String {
    let (_, separator) = separators(locale);
    let text = d.normalize().abs().to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if d.is_sign_negative() && !d.is_zero() {
        "-"
    } else {
        ""
    };
    let whole = number(locale, whole.parse().unwrap_or(i64::MAX));
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}{separator}{fraction}")
    }
}

/// A measured figure to one decimal, always shown: `8` → `8.0` (en), `7.46` → `7,5` (ru).
pub fn tenths(locale: Locale, value: f64) -> String {
    let (_, separator) = separators(locale);
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    format!(
        "{sign}{}{separator}{}",
        number(locale, (tenths / 10).abs()),
        (tenths % 10).abs()
    )
}

/// An amount with two decimals and its currency code: `15,000,000.00 KZT`, `15 000 000,00 KZT`.
pub fn money(locale: Locale, amount: Decimal, currency: &str) -> String {
    let (_, decimal) = separators(locale);
    let rounded = amount.round_dp(2);
    let whole = rounded.trunc();
    let cents = ((rounded - whole).abs() * Decimal::from(100)).trunc();
    let whole = i64::try_from(whole).unwrap_or(i64::MAX);
    let sign = if rounded.is_sign_negative() && whole == 0 && !cents.is_zero() {
        "-"
    } else {
        ""
    };
    format!(
        "{sign}{}{decimal}{cents:0>2} {currency}",
        number(locale, whole)
    )
}

/// A day: `2024-03-15` (en), `15.03.2024` (ru, kz, tr), `15/03/2024` (fr, ar).
pub fn date(locale: Locale, day: NaiveDate) -> String {
    let pattern = match locale {
        Locale::en => "%Y-%m-%d",
        Locale::ru | Locale::kk | Locale::tr => "%d.%m.%Y",
        Locale::fr | Locale::ar => "%d/%m/%Y",
    };
    day.format(pattern).to_string()
}

/// Month names, January first, as a calendar's heading writes them.
fn month_names(locale: Locale) -> [&'static str; 12] {
    match locale {
        Locale::en => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        Locale::ru => [
            "Январь",
            "Февраль",
            "Март",
            "Апрель",
            "Май",
            "Июнь",
            "Июль",
            "Август",
            "Сентябрь",
            "Октябрь",
            "Ноябрь",
            "Декабрь",
        ],
        Locale::kk => [
            "Қаңтар",
            "Ақпан",
            "Наурыз",
            "Сәуір",
            "Мамыр",
            "Маусым",
            "Шілде",
            "Тамыз",
            "Қыркүйек",
            "Қазан",
            "Қараша",
            "Желтоқсан",
        ],
        Locale::tr => [
            "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül",
            "Ekim", "Kasım", "Aralık",
        ],
        Locale::fr => [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        Locale::ar => [
            "يناير",
            "فبراير",
            "مارس",
            "أبريل",
            "مايو",
            "يونيو",
            "يوليو",
            "أغسطس",
            "سبتمبر",
            "أكتوبر",
            "نوفمبر",
            "ديسمبر",
        ],
    }
}

/// A month and its year, as a calendar's heading: `November 2026`, `Ноябрь 2026`.
pub fn month_year(locale: Locale, day: NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "{} {}",
        month_names(locale)[day.month0() as usize],
        day.year()
    )
}

/// A weekday's short name, as a calendar's column heading.
pub fn weekday_short(locale: Locale, day: chrono::Weekday) -> &'static str {
    let names = match locale {
        Locale::en => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        Locale::ru => ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"],
        Locale::kk => ["Дс", "Сс", "Ср", "Бс", "Жм", "Сб", "Жс"],
        Locale::tr => ["Pzt", "Sal", "Çar", "Per", "Cum", "Cmt", "Paz"],
        Locale::fr => ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
        Locale::ar => [
            "الاثنين",
            "الثلاثاء",
            "الأربعاء",
            "الخميس",
            "الجمعة",
            "السبت",
            "الأحد",
        ],
    };
    names[day.num_days_from_monday() as usize]
}

/// A wall-clock moment: the day as [`date`] writes it, then `HH:MM`.
pub fn date_time(locale: Locale, at: chrono::NaiveDateTime) -> String {
    format!("{} {}", date(locale, at.date()), at.format("%H:%M"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_headings_name_the_month_and_the_weekdays_per_language() {
        let day = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        assert_eq!(month_year(Locale::en, day), "February 2026");
        assert_eq!(month_year(Locale::kk, day), "Ақпан 2026");
        assert_eq!(
            month_year(Locale::ar, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()),
            "ديسمبر 2026"
        );
        assert_eq!(weekday_short(Locale::ru, chrono::Weekday::Mon), "Пн");
        assert_eq!(weekday_short(Locale::fr, chrono::Weekday::Sun), "dim.");
    }

    #[test]
    fn numbers_group_their_digits_per_language() {
        assert_eq!(number(Locale::en, 52_000), "52,000");
        assert_eq!(number(Locale::ru, 1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(number(Locale::tr, 999), "999");
        assert_eq!(number(Locale::tr, -1000), "-1.000");
        assert_eq!(number(Locale::en, 0), "0");
    }

    #[test]
    fn decimals_keep_their_own_decimals_in_the_locales_way() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(decimal(Locale::en, d("1234.500")), "1,234.5");
        assert_eq!(decimal(Locale::ru, d("42.50")), "42,5");
        assert_eq!(decimal(Locale::tr, d("-0.25")), "-0,25");
        assert_eq!(decimal(Locale::ar, d("40.000")), "40");
    }

    #[test]
    fn figures_keep_one_decimal_even_when_round() {
        assert_eq!(tenths(Locale::en, 8.0), "8.0");
        assert_eq!(tenths(Locale::ru, 7.46), "7,5");
        assert_eq!(tenths(Locale::tr, 1234.56), "1.234,6");
        assert_eq!(tenths(Locale::en, -0.44), "-0.4");
        assert_eq!(tenths(Locale::en, 0.04), "0.0");
    }

    #[test]
    fn money_keeps_two_decimals_and_its_currency() {
        assert_eq!(
            money(Locale::en, Decimal::new(1_500_000_050, 2), "KZT"),
            "15,000,000.50 KZT"
        );
        assert_eq!(
            money(Locale::fr, Decimal::new(65_000_000, 2), "MAD"),
            "650\u{202f}000,00 MAD"
        );
        assert_eq!(money(Locale::en, Decimal::new(5, 0), "EUR"), "5.00 EUR");
    }

    #[test]
    fn dates_follow_the_language() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        assert_eq!(date(Locale::en, d), "2024-03-05");
        assert_eq!(date(Locale::ru, d), "05.03.2024");
        assert_eq!(date(Locale::ar, d), "05/03/2024");
    }
}
