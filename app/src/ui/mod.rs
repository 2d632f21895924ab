//! Domain-free building blocks: the application layout, forms, toasts, the theme.

pub mod flash;
pub mod form;
pub mod format;
mod icon;
mod layout;
mod locale_switch;
mod table;
mod theme;
mod toast;

pub use icon::{Icon, IconName};
pub use layout::{AppLayout, Can, use_current_user};
pub use locale_switch::{LocaleSwitch, language_name};
pub use table::{ChoiceFilter, FilterActions, PageSizeSelect, Pager, SortLink, use_address_params};
pub use theme::{Theme, ThemeToggle, use_theme};
pub use toast::{Toaster, provide_toasts, toast_results, use_toasts};
