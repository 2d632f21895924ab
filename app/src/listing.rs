//! Lists that page, sort and filter, as every list page and list endpoint has them: the answer
//! ([`Paged`]), the page asked for ([`PageRequest`]), the sort direction, and [`Params`], the
//! address's query string that holds a list's whole state (shareable, and the back button works).

use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// The page sizes a user may pick; the first default is [`DEFAULT_PAGE_SIZE`].
pub const PAGE_SIZES: [u32; 4] = [25, 50, 100, 200];
/// Rows on a page unless the address asks for another size.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// One page of a list and the number of rows in the whole (filtered) list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Paged<T> {
    /// How many pages the list has (at least one, so "page 1 of 1" reads right when empty).
    pub fn pages(&self) -> u32 {
        let pages = (self.total.max(0) as u64).div_ceil(u64::from(self.per_page.max(1)));
        u32::try_from(pages).unwrap_or(u32::MAX).max(1)
    }
}

/// The longest search or filter text a list reads: an address reader cuts longer ones, a query
/// sent whole is refused (`Validator::check_search`).
pub const LONGEST_SEARCH: usize = 100;

/// Which page of a list, 1-based, and how long a page is (capped at 200).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    pub page: u32,
    pub per_page: u32,
}

impl Default for PageRequest {
    fn default() -> Self {
        Self {
            page: 1,
            per_page: DEFAULT_PAGE_SIZE,
        }
    }
}

impl PageRequest {
    /// Reads `page` and `per_page`; anything missing or out of range falls back to the default.
    pub fn from_params(params: &Params) -> Self {
        let page = params.parse::<u32>("page").filter(|p| *p >= 1).unwrap_or(1);
        let per_page = params
            .parse::<u32>("per_page")
            .filter(|n| PAGE_SIZES.contains(n))
            .unwrap_or(DEFAULT_PAGE_SIZE);
        Self { page, per_page }
    }

    /// Writes the non-default values back.
    pub fn write(&self, params: &mut Params) {
        if self.page > 1 {
            params.set("page", self.page.to_string());
        }
        if self.per_page != DEFAULT_PAGE_SIZE {
            params.set("per_page", self.per_page.to_string());
        }
    }

    /// Rows to skip, for SQL's `offset`.
    pub fn offset(&self) -> i64 {
        i64::from(self.page.saturating_sub(1)) * i64::from(self.limit())
    }

    /// Rows on the page, for SQL's `limit`.
    pub fn limit(&self) -> u32 {
        self.per_page.clamp(1, 200)
    }
}

/// A search box's text as a `like` pattern matching it anywhere: lower-case (the searched
/// columns are lower-cased too), `%` and `_` escaped so they match themselves; `None` when blank.
pub fn like_pattern(q: &str) -> Option<String> {
    let q = q.trim().to_lowercase();
    let escaped: String = q
        .chars()
        .flat_map(|c| {
            if matches!(c, '%' | '_' | '\\') {
                vec!['\\', c]
            } else {
                vec![c]
            }
        })
        .collect();
    (!escaped.is_empty()).then(|| format!("%{escaped}%"))
}

/// Ascending or descending.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortDir {
    #[default]
    Asc,
    Desc,
}

impl SortDir {
    /// `asc` or `desc`, as in the address and in SQL.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "asc",
            Self::Desc => "desc",
        }
    }

    /// The other direction.
    pub fn flip(self) -> Self {
        match self {
            Self::Asc => Self::Desc,
            Self::Desc => Self::Asc,
        }
    }
}

impl FromStr for SortDir {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "asc" => Ok(Self::Asc),
            "desc" => Ok(Self::Desc),
            _ => Err(()),
        }
    }
}

/// A query string as ordered key/value pairs. Reading is lenient: empty values count as absent
/// and a value that does not parse is ignored, so a hand-edited address never breaks a page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    /// The last non-blank value of `key`, trimmed.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }

    /// Every non-blank value of `key` (a multi-valued field such as `cols`).
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
            .collect()
    }

    /// `key` parsed as `T`, if present and well-formed.
    pub fn parse<T: FromStr>(&self, key: &str) -> Option<T> {
        self.get(key).and_then(|v| v.parse().ok())
    }

    /// `key` as a day (`2026-12-07`) between 1900 and 2200, if present and well-formed.
    pub fn day(&self, key: &str) -> Option<chrono::NaiveDate> {
        self.get(key).and_then(|v| crate::input::date(v).ok())
    }

    /// Replaces every value of `key` with `value`.
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.0.retain(|(k, _)| k != key);
        self.0.push((key.to_owned(), value.into()));
    }

    /// Adds one more value for `key`.
    pub fn push(&mut self, key: &str, value: impl Into<String>) {
        self.0.push((key.to_owned(), value.into()));
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }

    /// `path` with these parameters as its query string.
    pub fn href(&self, path: &str) -> String {
        if self.0.is_empty() {
            return path.to_owned();
        }
        let query: Vec<String> = self
            .0
            .iter()
            .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
            .collect();
        format!("{path}?{}", query.join("&"))
    }
}

impl From<&leptos_router::params::ParamsMap> for Params {
    /// The router's view of the address. Browsers send a form's spaces as `+`, which the
    /// router leaves as they are: they are read back as spaces (none of our filters needs a `+`).
    fn from(map: &leptos_router::params::ParamsMap) -> Self {
        Self(
            map.into_iter()
                .map(|(k, v)| (k.to_string(), v.replace('+', " ")))
                .collect(),
        )
    }
}

/// Percent-encodes everything but unreserved characters.
fn escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        Params(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn page_requests_fall_back_to_defaults() {
        assert_eq!(
            PageRequest::from_params(&params(&[])),
            PageRequest::default()
        );
        let p = PageRequest::from_params(&params(&[("page", "3"), ("per_page", "100")]));
        assert_eq!(
            (p.page, p.per_page, p.offset(), p.limit()),
            (3, 100, 200, 100)
        );
        let odd = PageRequest::from_params(&params(&[("page", "0"), ("per_page", "5000")]));
        assert_eq!(odd, PageRequest::default());
        let junk = PageRequest::from_params(&params(&[("page", "x"), ("per_page", "-1")]));
        assert_eq!(junk, PageRequest::default());
    }

    #[test]
    fn pages_round_up_and_never_drop_to_zero() {
        let paged = |total| Paged::<()> {
            items: vec![],
            total,
            page: 1,
            per_page: 50,
        };
        assert_eq!(paged(0).pages(), 1);
        assert_eq!(paged(50).pages(), 1);
        assert_eq!(paged(51).pages(), 2);
        assert_eq!(paged(52_000).pages(), 1040);
    }

    #[test]
    fn params_read_leniently_and_write_addresses() {
        let mut p = params(&[
            ("q", "  "),
            ("brand", "Kia"),
            ("brand", "Lada"),
            ("cols", "plate"),
            ("cols", "year"),
        ]);
        assert_eq!(p.get("q"), None);
        assert_eq!(p.get("brand"), Some("Lada"));
        assert_eq!(p.all("cols"), vec!["plate", "year"]);
        p.set("brand", "Škoda");
        p.remove("cols");
        p.remove("q");
        assert_eq!(p.href("/vehicles"), "/vehicles?brand=%C5%A0koda");
        assert_eq!(Params::default().href("/vehicles"), "/vehicles");
    }
}
