"""Which IP addresses the server may contact for a provider (feed pulls, link checks)."""

import ipaddress

# NAT64 (RFC 6052 well-known prefix): a gateway turns 64:ff9b::a.b.c.d into the IPv4
# address a.b.c.d, so such an address is as private as the one it embeds.
NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_public(address):
    """True only for globally routable addresses; IPv4-mapped and NAT64 IPv6 addresses count
    as the IPv4 address inside them (64:ff9b::7f00:1 is 127.0.0.1)."""
    ip = ipaddress.ip_address(str(address).split("%")[0])
    if ip.version == 6 and ip in NAT64:
        ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    elif ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global
