"""QR codes as SVG (segno, no network, no JavaScript): survey channels, offering pages."""

import io

import segno


def qr_svg(url, title=""):
    """An SVG document with the QR code of ``url`` (error correction M, 4 px modules)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=4, border=4, title=title or url, xmldecl=True
    )
    return buffer.getvalue()
