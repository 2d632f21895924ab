//! Translated names of contract types, statuses and payment frequencies.

use super::model::{ContractStatus, ContractType, PaymentFrequency};
use crate::i18n::{Locale, td_string};

pub fn type_label(l: Locale, t: ContractType) -> &'static str {
    match t {
        ContractType::Leasing => td_string!(l, contracts.types.leasing),
        ContractType::Rental => td_string!(l, contracts.types.rental),
        ContractType::InsuranceCasco => td_string!(l, contracts.types.insurance_casco),
        ContractType::InsuranceOsago => td_string!(l, contracts.types.insurance_osago),
        ContractType::Warranty => td_string!(l, contracts.types.warranty),
        ContractType::ServiceContract => td_string!(l, contracts.types.service_contract),
    }
}

pub fn status_label(l: Locale, s: ContractStatus) -> &'static str {
    match s {
        ContractStatus::Active => td_string!(l, contracts.statuses.active),
        ContractStatus::PendingRenewal => td_string!(l, contracts.statuses.pending_renewal),
        ContractStatus::Expired => td_string!(l, contracts.statuses.expired),
        ContractStatus::Cancelled => td_string!(l, contracts.statuses.cancelled),
    }
}

pub fn frequency_label(l: Locale, f: PaymentFrequency) -> &'static str {
    match f {
        PaymentFrequency::OneTime => td_string!(l, contracts.frequencies.one_time),
        PaymentFrequency::Monthly => td_string!(l, contracts.frequencies.monthly),
        PaymentFrequency::Quarterly => td_string!(l, contracts.frequencies.quarterly),
        PaymentFrequency::Annual => td_string!(l, contracts.frequencies.annual),
    }
}
