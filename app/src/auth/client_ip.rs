//! The client's address, as the sign-in throttle and the audit log see it. It is the TCP peer's,
//! unless the peer is a proxy named in `FLEETCORE_TRUSTED_PROXIES`: then it is the nearest
//! address in `X-Forwarded-For` that is not one of those proxies. Anyone can write that header,
//! so it is believed only from a proxy we put there ourselves.

use axum::http::HeaderMap;
use std::net::IpAddr;
use std::str::FromStr;

/// The proxies whose `X-Forwarded-For` is believed: addresses or networks (`10.0.0.0/8`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Network>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Network {
    address: IpAddr,
    prefix: u8,
}

impl Network {
    fn contains(&self, ip: IpAddr) -> bool {
        match (self.address, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => same_prefix(
                u128::from(net.to_bits()) << 96,
                u128::from(ip.to_bits()) << 96,
                self.prefix,
            ),
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                same_prefix(net.to_bits(), ip.to_bits(), self.prefix)
            }
            _ => false,
        }
    }
}

/// Whether the first `prefix` bits of two left-aligned addresses agree.
fn same_prefix(a: u128, b: u128, prefix: u8) -> bool {
    let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
    a & mask == b & mask
}

impl FromStr for TrustedProxies {
    type Err = String;

    /// A comma-separated list; blank means none.
    fn from_str(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(parse_network)
            .collect::<Result<_, _>>()
            .map(Self)
    }
}

fn parse_network(text: &str) -> Result<Network, String> {
    let (address, prefix) = text
        .split_once('/')
        .map_or((text, None), |(a, p)| (a, Some(p)));
    let address: IpAddr = address
        .parse()
        .map_err(|_| format!("{text} is not an IP address or network"))?;
    let longest = if address.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        None => longest,
        Some(p) => p
            .parse::<u8>()
            .ok()
            .filter(|p| *p <= longest)
            .ok_or_else(|| format!("{text} has a bad prefix length"))?,
    };
    Ok(Network { address, prefix })
}

impl TrustedProxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(ip))
    }

    /// The client's address for a request from `peer`.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        // Each proxy appends the address it got the request from: read from the end, past our
        // own proxies; the first other address is the client's.
        let forwarded: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        forwarded
            .into_iter()
            .rev()
            .find(|ip| !self.trusts(*ip))
            .unwrap_or(peer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn forwarded(value: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_static(value));
        h
    }

    #[test]
    fn the_header_is_believed_only_from_a_trusted_proxy() {
        let proxies: TrustedProxies = "10.0.0.0/8, 127.0.0.1".parse().unwrap();
        let h = forwarded("198.51.100.7, 203.0.113.5");
        assert_eq!(proxies.client_ip(ip("127.0.0.1"), &h), ip("203.0.113.5"));
        assert_eq!(proxies.client_ip(ip("10.1.2.3"), &h), ip("203.0.113.5"));
        assert_eq!(
            proxies.client_ip(ip("192.0.2.1"), &h),
            ip("192.0.2.1"),
            "not our proxy"
        );
        let chained = forwarded("203.0.113.5, 10.0.0.9");
        assert_eq!(
            proxies.client_ip(ip("10.0.0.1"), &chained),
            ip("203.0.113.5")
        );
        assert_eq!(
            proxies.client_ip(ip("10.0.0.1"), &HeaderMap::new()),
            ip("10.0.0.1")
        );
        assert_eq!(
            TrustedProxies::default().client_ip(ip("127.0.0.1"), &h),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn networks_parse_and_match() {
        let proxies: TrustedProxies = "172.16.0.0/12,fd00::/8".parse().unwrap();
        assert!(proxies.trusts(ip("172.31.255.1")));
        assert!(!proxies.trusts(ip("172.32.0.1")));
        assert!(proxies.trusts(ip("fd12::1")));
        assert!(!proxies.trusts(ip("fe80::1")));
        assert!(
            "0.0.0.0/0"
                .parse::<TrustedProxies>()
                .unwrap()
                .trusts(ip("8.8.8.8"))
        );
        assert!("10.0.0.0/33".parse::<TrustedProxies>().is_err());
        assert!("proxy.local".parse::<TrustedProxies>().is_err());
        assert_eq!("".parse::<TrustedProxies>(), Ok(TrustedProxies::default()));
    }
}
