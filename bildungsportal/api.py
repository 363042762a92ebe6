"""The JSON API v1 (django-ninja, OpenAPI 3.1), mounted at /api/v1/.

Every client error is JSON of one shape, `{"detail": "...", "errors": {parameter: message}}`:
400 for invalid parameters, 404 for what does not exist or is not published. The interactive
docs at /api/v1/docs serve Swagger UI from this site (the copy that ships inside django-ninja),
never from a CDN, and without inline scripts, so the site's Content Security Policy holds.
"""

import copy
import logging
import mimetypes
from pathlib import Path

import ninja
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.html import format_html, json_script
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import DocsBase

from bildungsportal.insights.api import router as insights_router
from bildungsportal.opendata.api import router as opendata_router
from bildungsportal.pages.api import router as catalog_router
from bildungsportal.pages.api import vocabulary_enums
from bildungsportal.surveys.api import router as surveys_router

logger = logging.getLogger(__name__)

SWAGGER_DIR = Path(ninja.__file__).parent / "static" / "ninja"
SWAGGER_ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.svg")


class SelfHostedSwagger(DocsBase):
    """Swagger UI from our own origin: no CDN, no inline script, no inline style.

    django-ninja renders its CDN template unless "ninja" is an installed app; this page uses
    the same assets (served by `docs_asset` below) and the same init script, which reads its
    settings from a JSON data block the browser never executes.
    """

    settings = {"layout": "BaseLayout", "deepLinking": True}

    def render_page(self, request, api, **kwargs):
        config = {**self.settings, "url": self.get_openapi_url(api, kwargs)}

        def asset(name):
            url = reverse(f"{api.urls_namespace}:docs_asset", kwargs={"name": name})
            return f"{url}?v={ninja.__version__}"

        html = format_html(
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<title>{title}</title>\n"
            '<link rel="stylesheet" href="{css}">\n'
            '<link rel="icon" href="{icon}" type="image/svg+xml">\n'
            "</head>\n<body>\n"
            "<noscript><p>The interactive documentation needs JavaScript. The API "
            'description itself is plain JSON: <a href="{spec}">{spec}</a>.</p></noscript>\n'
            "{config}\n"
            '<div id="swagger-ui"></div>\n'
            '<script src="{bundle}"></script>\n'
            '<script src="{init}"></script>\n'
            "</body>\n</html>\n",
            title=api.title,
            css=asset("swagger-ui.css"),
            icon=asset("favicon.svg"),
            bundle=asset("swagger-ui-bundle.js"),
            init=asset("swagger-ui-init.js"),
            spec=config["url"],
            config=json_script(config, "swagger-settings"),
        )
        return HttpResponse(html)


def _error(description):
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


# What every operation may answer besides its own responses (core/api_http.py, gunicorn, the
# error handlers below): documented once here so the document tells the whole truth.
COMMON_RESPONSES = {
    "304": {"description": "Not Modified: the `If-None-Match` / `If-Modified-Since` of the "
            "request still holds (GET only)."},
    "414": {"description": "URI Too Long: the request line is longer than the server accepts "
            "(about 4 KB); answered by the HTTP server, not as JSON.",
            "content": {"text/html": {"schema": {"type": "string"}}}},
    "429": {**_error("Too Many Requests: over the rate limit; `Retry-After` says when to "
                     "try again."),
            "headers": {"Retry-After": {"schema": {"type": "integer"},
                                        "description": "Seconds to wait."}}},
}
AUTH_RESPONSES = {
    "401": _error("Not logged in (the office's session log-in)."),
    "403": _error("Logged in, but not allowed to see this."),
}


class PortalAPI(NinjaAPI):
    """NinjaAPI whose document also lists the answers no single view produces."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = copy.deepcopy(
            super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        )
        vocabulary_enums(schema)
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                common = {k: v for k, v in COMMON_RESPONSES.items()
                          if k != "304" or method == "get"}
                if operation.get("parameters"):
                    # Parameters that fail their declared schema → 400 (validation_error below).
                    common["400"] = _error("Invalid parameters: a message per parameter.")
                if "{" in path:
                    common["404"] = _error("Not found (or not published).")
                if operation.get("security"):
                    common.update(AUTH_RESPONSES)
                for status, response in common.items():
                    responses.setdefault(status, copy.deepcopy(response))
        return schema


API_DESCRIPTION = (
    "Read-only access to every published education offering of the portal: the same "
    "search as the website, every fact of an offering with all its runs, providers, and "
    "the vocabularies. No authentication (the survey results are the office's, behind its "
    "log-in). Names and labels follow `Accept-Language` "
    "(German by default, English where translated). Client errors are JSON: "
    '`{"detail": "...", "errors": {"parameter": "message"}}`.\n\n'
    "**Licence of the data**: the catalog's metadata (offerings, runs, providers, "
    "vocabularies) is published under the Data licence Germany – Zero – Version 2.0 "
    "(dl-de/zero-2-0, https://www.govdata.de/dl-de/zero-2-0): use it for any purpose, "
    "no attribution required. The code of the portal is AGPL-3.0-or-later.\n\n"
    "**Limits**: LIMIT requests per WINDOW seconds per client network (IPv4 /24, "
    "IPv6 /64) and app server process; over it, 429 with `Retry-After`. Every answer "
    "carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`. The network "
    "is kept in memory for the window only, never stored. Request lines over about 4 KB "
    "are answered with 414.\n\n"
    "**Caching**: every GET answer carries an `ETag` (an offering also "
    "`Last-Modified`); send it back as `If-None-Match` (or `If-Modified-Since`) and an "
    "unchanged answer is a bodiless 304.\n\n"
    "**CORS**: GET from any origin (`Access-Control-Allow-Origin: *`), no credentials."
)


api = PortalAPI(
    title="Bildungsportal API",
    version="1",
    urls_namespace="api-v1",
    description=API_DESCRIPTION.replace("LIMIT", str(settings.API_RATE_LIMIT or "unlimited"))
    .replace("WINDOW", str(settings.API_RATE_WINDOW)),
    docs=SelfHostedSwagger(),
    openapi_extra={
        "info": {
            "license": {"name": "AGPL-3.0-or-later (code); data: dl-de/zero-2-0",
                        "identifier": "AGPL-3.0-or-later"},
        },
        "tags": [
            {"name": "offerings", "description": "Search and read offerings (Angebote)."},
            {"name": "providers", "description": "Providers (Anbieter)."},
            {"name": "taxonomy", "description": "Vocabularies and towns used by the filters."},
            {"name": "insights", "description": "Education monitoring (Bildungsmonitoring): "
             "indicators per town, gaps, town profiles; survey figures suppressed."},
        ],
    },
)
api.add_router("", catalog_router)
api.add_router("", surveys_router)  # office only: session log-in, suppressed results
api.add_router("", insights_router)
api.add_router("", opendata_router)  # the change feed, /changes


# -- docs assets -----------------------------------------------------------------------------
assets = Router()


@assets.get("/docs/assets/{name}", include_in_schema=False, url_name="docs_asset")
def docs_asset(request, name: str):
    if name not in SWAGGER_ASSETS:
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse((SWAGGER_DIR / name).open("rb"), content_type=content_type)
    # The URL carries ninja's version, so the file behind it never changes.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


# -- JSON for every error --------------------------------------------------------------------
fallback = Router()


@fallback.get("/", include_in_schema=False, url_name="index")
def index(request):
    """/api/v1/ itself: where to go from here (ninja's own root view answers an HTML 404)."""
    root = request.path
    return {
        "title": api.title,
        "version": api.version,
        "docs": f"{root}docs",
        "openapi": f"{root}openapi.json",
        "endpoints": [f"{root}offerings", f"{root}offerings/{{id}}", f"{root}providers/{{id}}",
                      f"{root}taxonomy"],
    }


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
    "/{path:rest}",
    include_in_schema=False,
    url_name="not_found",
)
def unknown_path(request, rest: str):
    raise Http404


api.add_router("", assets)
api.add_router("", fallback)  # last: it matches every path


def _field_name(loc):
    names = [str(part) for part in loc if part not in ("path", "query", "body", "header")]
    return ".".join(names) or "request"


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    errors = {}
    for error in exc.errors:
        errors.setdefault(_field_name(error.get("loc", ())), error.get("msg", "invalid"))
    return api.create_response(
        request, {"detail": _("Ungültige Anfrage."), "errors": errors}, status=400
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(
        request,
        {"detail": _("Nicht gefunden. Die Schnittstelle ist unter /api/v1/docs beschrieben."),
         "errors": {}},
        status=404,
    )


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(
        request, {"detail": str(exc), "errors": {}}, status=exc.status_code
    )


@api.exception_handler(SuspiciousOperation)
def suspicious(request, exc):
    # E.g. more query parameters than DATA_UPLOAD_MAX_NUMBER_FIELDS: Django answers 400 too.
    logging.getLogger(f"django.security.{exc.__class__.__name__}").warning(str(exc))
    return api.create_response(
        request, {"detail": _("Ungültige Anfrage: %(reason)s") % {"reason": exc}, "errors": {}},
        status=400,
    )


@api.exception_handler(Exception)
def server_error(request, exc):
    logger.exception("API error on %s", request.path)
    return api.create_response(
        request,
        {"detail": _("Interner Fehler. Bitte später erneut versuchen."), "errors": {}},
        status=500,
    )

