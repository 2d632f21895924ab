//! Domain-free building blocks: the application layout, forms, toasts, the theme.

pub mod flash;
pub mod form;
pub mod format;
mod icon;
mod item_forms;
mod layout;
mod locale_switch;
mod record;
mod table;
mod tabs;
mod theme;
mod toast;

pub use icon::{Icon, IconName};
pub use item_forms::{ItemForms, KeptItem};
pub use layout::{AppLayout, Can, SignedInUser, use_current_user, use_signed_in};
pub use locale_switch::{LocaleSwitch, language_name};
pub use record::{for_id, id_param};
pub use table::{
    ChoiceFilter, CurrencyFilter, DateRangeFilter, EmptyList, FilterActions, PageSizeSelect, Pager,
    SearchFilter, SortHeader, use_address_params,
};
pub use tabs::{Tab, TabBar};
pub use theme::{Theme, ThemeToggle, use_theme};
pub use toast::{Toaster, provide_toasts, toast_results, use_toasts};
