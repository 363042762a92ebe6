"""Keyboard-only steps for the browser tests."""

import pytest


def tab_to(page, selector, limit=200):
    """Press Tab until the element matching `selector` has the focus; fail after `limit`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement?.matches(s)", selector):
            return
    pytest.fail(f"{selector} not reachable with {limit} Tabs on {page.url}")
