"""Which addresses the server may contact for a provider: bildungsportal.core.network."""

import pytest

from bildungsportal.backoffice.feed_views import is_private_host
from bildungsportal.core.network import is_public


@pytest.mark.parametrize("address, public", [
    ("93.184.216.34", True),
    ("2a00:1450:4001:82b::200e", True),
    ("64:ff9b::5db8:d822", True),  # NAT64 of 93.184.216.34
    ("127.0.0.1", False),
    ("10.1.2.3", False),
    ("169.254.169.254", False),  # cloud metadata
    ("::1", False),
    ("fe80::1%eth0", False),
    ("fd00::1", False),
    ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
    ("64:ff9b::a9fe:a9fe", False),  # NAT64 of 169.254.169.254
    ("::ffff:192.168.0.1", False),
    ("2002:7f00:1::1", False),  # 6to4 of 127.0.0.1
])  # fmt: skip
def test_is_public(address, public):
    assert is_public(address) is public


def test_feed_form_refuses_nat64_literals_and_accepts_names():
    assert is_private_host("[64:ff9b::7f00:1]")
    assert not is_private_host("[64:ff9b::5db8:d822]")
    assert not is_private_host("vhs.example.org")  # names are checked when fetched
    with pytest.raises(ValueError):
        is_public("feed.example")
