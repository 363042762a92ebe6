"""The JSON API v1 (django-ninja, OpenAPI 3.1), mounted at /api/v1/.

Every client error is JSON of one shape, `{"detail": "...", "errors": {parameter: message}}`:
400 for invalid parameters, 404 for what does not exist or is not published. The interactive
docs at /api/v1/docs serve Swagger UI from this site (the copy that ships inside django-ninja),
never from a CDN, and without inline scripts, so the site's Content Security Policy holds.
"""

import logging
import mimetypes
from pathlib import Path

import ninja
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


api = NinjaAPI(
    title="Bildungsportal API",
    version="1",
    urls_namespace="api-v1",
    description=(
        "Read-only access to every published education offering of the portal: the same "
        "search as the website, every fact of an offering with all its runs, providers, and "
        "the vocabularies. No authentication. Names and labels follow `Accept-Language` "
        "(German by default, English where translated). Client errors are JSON: "
        '`{"detail": "...", "errors": {"parameter": "message"}}`.'
    ),
    docs=SelfHostedSwagger(),
    openapi_extra={
        "info": {"license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"}},
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

