//! Closed sets of choices (a vehicle's body type, a work order's priority): one macro declares
//! the Rust enum, its stored key (serde, and the Postgres enum type through sqlx), the list of
//! every value for select boxes, and parsing from a form or an address.

/// Declares a choice enum: `choices! { /// doc  pub enum BodyType as "vehicle_body_type" { Sedan = "sedan", … } }`.
/// The string is both the serde name and the Postgres enum label; without `as "…"` the set is
/// stored as text.
macro_rules! choices {
    // Shared by both forms: the list, the stored key, parsing and display.
    (@impls $name:ident { $($variant:ident = $key:literal),+ }) => {
        impl $name {
            /// Every value, in the order select boxes list them.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stored key, as in JSON, the database and the address bar.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $key),+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::error::FieldError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s).ok_or(crate::error::FieldError::UnknownChoice)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
    // Stored as a Postgres enum type.
    ($(#[$meta:meta])* $vis:vis enum $name:ident as $pg:literal { $($(#[$vmeta:meta])* $variant:ident = $key:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = $pg))]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $key)]
                #[cfg_attr(feature = "ssr", sqlx(rename = $key))]
                $variant,
            )+
        }
        $crate::choice::choices!(@impls $name { $($variant = $key),+ });
    };
    // Stored as text (bound through `as_str`).
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $key:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $key)]
                $variant,
            )+
        }
        $crate::choice::choices!(@impls $name { $($variant = $key),+ });
    };
}

pub(crate) use choices;
