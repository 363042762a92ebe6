"""HTML to PDF with WeasyPrint, offline: the document must carry everything inline.

The URL fetcher refuses every address, so a PDF never makes the server fetch anything (no
SSRF through a crafted link or image in user text, no waiting for the network).
"""


def no_network_fetcher(message="Das Dokument lädt nichts nach"):
    """A WeasyPrint URL fetcher that refuses every URL."""
    from weasyprint.urls import URLFetcher

    class NoNetwork(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"{message}: {url}")

    return NoNetwork()


def html_to_pdf(html, *, css="", base_url="/"):
    """PDF bytes of ``html`` (a whole document) with the stylesheet ``css``; nothing fetched."""
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=base_url, url_fetcher=no_network_fetcher())
    return document.write_pdf(stylesheets=[CSS(string=css)] if css else [])
