"""A real HTTP server on 127.0.0.1 that plays a provider's feed in the tests."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FeedServer:
    """A tiny feed server: set .body/.etag/.status; .requests holds the received headers."""

    def __init__(self, body=b"", path="kurse.csv", content_type="text/csv; charset=utf-8"):
        self.body = body
        self.etag = ""
        self.last_modified = ""
        self.status = 200
        self.requests = []
        self.pages = {}  # request path with query → body (else .body), e.g. a change feed
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(dict(self.headers))
                if server.status != 200:
                    self.send_response(server.status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if server.etag and self.headers.get("If-None-Match") == server.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                body = server.pages.get(self.path, server.body)
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                if server.etag:
                    self.send_header("ETag", server.etag)
                if server.last_modified:
                    self.send_header("Last-Modified", server.last_modified)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/{path}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
