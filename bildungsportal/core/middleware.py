"""The API's language: Accept-Language (or the language cookie), not the URL prefix."""

from django.utils import translation

API_PREFIX = "/api/"


def api_language(get_response):
    """Activate the client's language for /api/ requests, which carry no language prefix."""

    def middleware(request):
        if not request.path_info.startswith(API_PREFIX):
            return get_response(request)
        language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    return middleware
