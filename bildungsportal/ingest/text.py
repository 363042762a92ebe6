"""Plain text from whatever a feed sends; shared by the formats and the pipeline."""

import html
import re

import nh3

# Control characters (PostgreSQL rejects NUL in text) except tab and newline.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BLOCK_TAGS = re.compile(r"(?i)<\s*(br|/p|/div|/li|/h[1-6]|/tr|/ul|/ol)\b[^>]*>")
LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!]")


def plain_text(value, *, multiline=False):
    """Plain text from whatever a feed sends: HTML cleaned with nh3 (scripts dropped with
    their content), entities decoded, control characters removed. Templates escape it again.
    """
    if value is None:
        return ""
    text = CONTROL_CHARS.sub("", str(value))
    if LOOKS_LIKE_HTML.search(text) or "&" in text:
        if multiline:
            text = BLOCK_TAGS.sub(lambda m: m.group(0) + "\n", text)
        text = html.unescape(nh3.clean(text, tags=set()))
        text = CONTROL_CHARS.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if multiline:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return " ".join(text.split())
