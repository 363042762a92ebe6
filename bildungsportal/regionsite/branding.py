"""A region's look: colours as CSS custom properties of core/site.css, logo, versions."""

import hashlib

# site.css's custom properties each colour sets (core/static/core/site.css :root).
PRIMARY_PROPERTIES = ("--brand", "--link")
ACCENT_PROPERTIES = ("--brand-dark",)


def stylesheet_text(region):
    primary = region.primary_colour or ""
    accent = region.accent_colour or primary
    lines = [f"  {name}: {primary};" for name in PRIMARY_PROPERTIES if primary]
    lines += [f"  {name}: {accent};" for name in ACCENT_PROPERTIES if accent]
    return f"/* {region.site_title} */\n:root {{\n" + "\n".join(lines) + "\n}\n"


def version(*parts):
    """A short hash of what a file is made of, for its URL (?v=…)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else str(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:12]
