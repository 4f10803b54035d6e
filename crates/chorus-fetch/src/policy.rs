//! Where a fetch may connect: every address a name resolves to is checked, and only the ones the
//! policy allows are handed to the connector (so the address connected to is the one checked —
//! no second lookup a rebinding name could answer differently).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// Which addresses a fetch may reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchPolicy {
    /// Any address: the CLI fetches what its own user asks for.
    Anywhere,
    /// Public addresses only, plus these exact socket addresses (an allowance for one internal
    /// host, and for tests).
    PublicOnly { except: Vec<SocketAddr> },
}

impl FetchPolicy {
    /// Public addresses only.
    pub fn public_only() -> FetchPolicy {
        FetchPolicy::PublicOnly { except: Vec::new() }
    }

    pub fn allows(&self, addr: &SocketAddr) -> bool {
        match self {
            FetchPolicy::Anywhere => true,
            FetchPolicy::PublicOnly { except } => is_public(addr.ip()) || except.contains(addr),
        }
    }
}

/// A globally routable unicast address: not loopback, private, shared (CGNAT), link-local
/// (cloud metadata lives there), multicast, broadcast, unspecified, reserved or documentation —
/// and for IPv6 the same judged on the IPv4 address it embeds (mapped, compatible, 6to4, NAT64).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0                                    // "this" network
        || a == 10                              // private
        || a == 127                             // loopback
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 169 && b == 254)               // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b))  // private
        || (a == 192 && b == 0 && c == 0)       // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2)       // documentation
        || (a == 192 && b == 88 && c == 99)     // 6to4 relay anycast
        || (a == 192 && b == 168)               // private
        || (a == 198 && (18..20).contains(&b))  // benchmarking
        || (a == 198 && b == 51 && c == 100)    // documentation
        || (a == 203 && b == 0 && c == 113)     // documentation
        || a >= 224) // multicast, reserved, broadcast
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let seg = ip.segments();
    // IPv4 carried in IPv6: judged as that IPv4 address.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let embedded = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    if seg[..6] == [0; 6] {
        // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d.
        return seg[6] != 0 && is_public_v4(embedded(seg[6], seg[7]));
    }
    if seg[0] == 0x2002 {
        return is_public_v4(embedded(seg[1], seg[2])); // 6to4
    }
    if seg[0] == 0x64 && seg[1] == 0xff9b && seg[2..6] == [0; 4] {
        return is_public_v4(embedded(seg[6], seg[7])); // NAT64
    }
    !((seg[0] & 0xfe00) == 0xfc00          // unique local
        || (seg[0] & 0xffc0) == 0xfe80     // link-local
        || (seg[0] & 0xffc0) == 0xfec0     // site-local (deprecated)
        || (seg[0] & 0xff00) == 0xff00     // multicast
        || (seg[0] == 0x2001 && seg[1] == 0x0db8) // documentation
        || (seg[0] == 0x2001 && seg[1] == 0)      // Teredo
        || (seg[0] == 0x0100 && seg[1..4] == [0; 3])) // discard
}

/// ureq's resolver, less the addresses the policy refuses.
#[derive(Debug)]
pub(crate) struct FilteringResolver {
    policy: FetchPolicy,
    inner: DefaultResolver,
}

impl FilteringResolver {
    pub(crate) fn new(policy: FetchPolicy) -> FilteringResolver {
        FilteringResolver {
            policy,
            inner: DefaultResolver::default(),
        }
    }
}

impl Resolver for FilteringResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let all = self.inner.resolve(uri, config, timeout)?;
        let mut allowed = self.empty();
        for addr in all.iter().filter(|a| self.policy.allows(a)) {
            allowed.push(*addr);
        }
        if allowed.is_empty() {
            return Err(ureq::Error::HostNotFound);
        }
        Ok(allowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for a in [
            "127.0.0.1",
            "127.1.2.3",
            "10.0.0.1",
            "172.16.5.4",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::127.0.0.1",
            "fe80::1",
            "fc00::1",
            "fd12::3",
            "ff02::1",
            "2002:7f00:1::",
            "64:ff9b::a00:1",
            "2001:db8::1",
            "192.0.2.1",
            "198.18.0.1",
        ] {
            assert!(!is_public(a.parse().unwrap()), "{a}");
        }
        for a in [
            "93.184.216.34",
            "8.8.8.8",
            "1.1.1.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "172.32.0.1",
        ] {
            assert!(is_public(a.parse().unwrap()), "{a}");
        }
    }

    #[test]
    fn an_exception_allows_one_socket_address_only() {
        let here: SocketAddr = "127.0.0.1:8081".parse().unwrap();
        let p = FetchPolicy::PublicOnly { except: vec![here] };
        assert!(p.allows(&here));
        assert!(!p.allows(&"127.0.0.1:8082".parse().unwrap()));
        assert!(FetchPolicy::Anywhere.allows(&"127.0.0.1:22".parse().unwrap()));
    }
}
