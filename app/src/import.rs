//! Tables pasted as CSV (exchange rates, fuel-card statements): reading the text into rows
//! whatever the separator, the report an import answers with, and how a refused row's
//! problems read. Imports are
//! all-or-nothing: a report with refused rows means nothing was written.

use serde::{Deserialize, Serialize};

use crate::error::{FieldErrors, field_message};
use crate::i18n::Locale;

/// How an import went: the rows read, the rows written (none when any was refused) and each
/// refused row with its line in the text and its field errors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub rows: usize,
    pub written: usize,
    pub refused: Vec<RefusedRow>,
}

/// A row an import refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefusedRow {
    /// 1 for the text's first line.
    pub line: usize,
    pub errors: FieldErrors,
}

/// What an import form sends: the CSV text, pasted or read from a file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CsvForm {
    pub csv: String,
}

/// What is wrong with a refused row, for people: each field's messages after its column's
/// name as `label` gives it (no name for a blank one), joined by ` · `.
pub fn problems(l: Locale, errors: &FieldErrors, label: impl Fn(&str) -> String) -> String {
    errors
        .iter()
        .map(|(field, codes)| {
            let text = codes
                .iter()
                .map(|c| field_message(l, *c))
                .collect::<Vec<_>>()
                .join(" ");
            match label(field) {
                name if name.is_empty() => text,
                name => format!("{name}: {text}"),
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The most text an import takes: a year of daily rates for every currency, or a big fuel-card
/// statement, fits many times over.
pub const MAX_CSV_BYTES: usize = 2 * 1024 * 1024;

/// The most rows an import takes at once (a header included); more is refused on the `csv` field
/// before anything is checked, so an import's work has a bound whatever is pasted.
pub const MAX_CSV_ROWS: usize = 20_001;

#[cfg(feature = "ssr")]
pub use read::*;

#[cfg(feature = "ssr")]
mod read {
    use crate::error::{AppError, FieldError};

    /// One row of the text: its line (1-based) and its cells, trimmed.
    pub type Row = (usize, Vec<String>);

    /// The text's rows, blank lines left out, read on a blocking thread: a big paste must not
    /// hold up the async workers that answer everyone else. See [`parse_rows`].
    pub async fn rows(text: &str) -> Result<Vec<Row>, AppError> {
        // Refused before the copy for the blocking thread is made.
        if text.len() > super::MAX_CSV_BYTES {
            return Err(AppError::field("csv", FieldError::TooLong));
        }
        let text = text.to_owned();
        tokio::task::spawn_blocking(move || parse_rows(&text))
            .await
            .map_err(|_| AppError::Internal)?
    }

    /// The text's rows, blank lines left out. The separator is the first line's: `;` (what
    /// spreadsheets in comma-decimal locales write), else a tab, else `,`. Quoted cells may hold
    /// the separator. Empty or oversized text, or more than [`MAX_CSV_ROWS`](super::MAX_CSV_ROWS)
    /// rows, is an error on the `csv` field. Linear in the text's length.
    pub fn parse_rows(text: &str) -> Result<Vec<Row>, AppError> {
        if text.len() > super::MAX_CSV_BYTES {
            return Err(AppError::field("csv", FieldError::TooLong));
        }
        let first = text
            .lines()
            .find(|l| !l.trim().is_empty())
            .ok_or_else(|| AppError::field("csv", FieldError::Required))?;
        let separator = [b';', b'\t']
            .into_iter()
            .find(|s| first.as_bytes().contains(s))
            .unwrap_or(b',');
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(separator)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut lines = LineCounter::new(text);
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|_| AppError::field("csv", FieldError::InvalidCsv))?;
            let line = lines.line_of(record.position().map_or(0, |p| p.byte() as usize));
            let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
            if cells.iter().any(|c| !c.is_empty()) {
                if rows.len() == super::MAX_CSV_ROWS {
                    return Err(AppError::field("csv", FieldError::TooManyRows));
                }
                rows.push((line, cells));
            }
        }
        Ok(rows)
    }

    /// Line numbers of records read in order: each call counts only the newlines since the last,
    /// so numbering every record of the text costs one pass over it.
    struct LineCounter<'t> {
        bytes: &'t [u8],
        counted_to: usize,
        newlines: usize,
    }

    impl<'t> LineCounter<'t> {
        fn new(text: &'t str) -> Self {
            Self {
                bytes: text.as_bytes(),
                counted_to: 0,
                newlines: 0,
            }
        }

        /// The line (as an editor numbers it) of the record the reader started at byte `start`:
        /// the reader's own count leaves out blank lines, and its start may be on the blank lines
        /// before the record.
        fn line_of(&mut self, start: usize) -> usize {
            let start = start.min(self.bytes.len());
            let skipped = self.bytes[start..]
                .iter()
                .take_while(|b| matches!(b, b'\n' | b'\r'))
                .count();
            let to = (start + skipped).max(self.counted_to);
            self.newlines += self.bytes[self.counted_to..to]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.counted_to = to;
            self.newlines + 1
        }
    }

    /// The rows without a header: the first row is one when its first cell is `name` (any case).
    pub fn without_header(mut rows: Vec<Row>, name: &str) -> Vec<Row> {
        if rows
            .first()
            .and_then(|(_, cells)| cells.first())
            .is_some_and(|c| c.eq_ignore_ascii_case(name))
        {
            rows.remove(0);
        }
        rows
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn cells(rows: &[Row]) -> Vec<(usize, Vec<&str>)> {
            rows.iter()
                .map(|(line, c)| (*line, c.iter().map(String::as_str).collect()))
                .collect()
        }

        #[test]
        fn the_first_lines_separator_splits_every_row_and_blank_lines_are_skipped() {
            let semicolons = parse_rows(
                "currency;date;rate\nUSD; 2026-11-30 ;471,25\n\n\"EUR\";2026-11-30;\"512,5\"\n",
            )
            .unwrap();
            // Line 3 is blank: the EUR row is on line 4, as an editor numbers it.
            assert_eq!(
                cells(&semicolons),
                vec![
                    (1, vec!["currency", "date", "rate"]),
                    (2, vec!["USD", "2026-11-30", "471,25"]),
                    (4, vec!["EUR", "2026-11-30", "512,5"])
                ]
            );
            assert_eq!(
                cells(&without_header(semicolons, "Currency")),
                vec![
                    (2, vec!["USD", "2026-11-30", "471,25"]),
                    (4, vec!["EUR", "2026-11-30", "512,5"])
                ]
            );
            let commas = parse_rows("USD,2026-11-30,\"471,25\"\r\nRUB,2026-11-30,5.3").unwrap();
            assert_eq!(
                cells(&commas),
                vec![
                    (1, vec!["USD", "2026-11-30", "471,25"]),
                    (2, vec!["RUB", "2026-11-30", "5.3"])
                ]
            );
            assert_eq!(
                cells(&parse_rows("USD\t2026-11-30\t471.25").unwrap()),
                vec![(1, vec!["USD", "2026-11-30", "471.25"])]
            );
            assert_eq!(
                cells(&without_header(parse_rows("USD;1;2").unwrap(), "currency")).len(),
                1,
                "no header, nothing dropped"
            );
        }

        #[test]
        fn every_line_of_a_big_paste_is_numbered_and_the_row_cap_holds() {
            let mut text = String::from("currency;date;rate\n");
            for n in 0..(super::super::MAX_CSV_ROWS - 1) {
                text.push_str(&format!("USD;2026-01-01;{n}\n"));
                if n % 1000 == 0 {
                    text.push('\n');
                }
            }
            let read = parse_rows(&text).unwrap();
            assert_eq!(read.len(), super::super::MAX_CSV_ROWS);
            // One blank line after every thousandth row: the last row's line counts them all.
            let blanks = (super::super::MAX_CSV_ROWS - 2) / 1000 + 1;
            assert_eq!(read.last().unwrap().0, super::super::MAX_CSV_ROWS + blanks);
            text.push_str("USD;2026-01-02;1\n");
            assert_eq!(
                parse_rows(&text).unwrap_err().field_errors()["csv"],
                vec![FieldError::TooManyRows]
            );
        }

        #[test]
        fn empty_or_oversized_text_is_refused_on_the_field() {
            assert_eq!(
                parse_rows(" \n\n").unwrap_err().field_errors()["csv"],
                vec![FieldError::Required]
            );
            assert_eq!(
                parse_rows(&"x".repeat(super::super::MAX_CSV_BYTES + 1))
                    .unwrap_err()
                    .field_errors()["csv"],
                vec![FieldError::TooLong]
            );
        }
    }
}
