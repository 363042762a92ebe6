"""Pages that show the Merkliste's state (the nav count, the buttons) differ per browser."""

from django.utils.cache import patch_cache_control, patch_vary_headers


def vary_on_watchlist(get_response):
    """Any response built after reading the Merkliste cookie says so to caches: `Vary:
    Cookie` and `Cache-Control: private`, so no shared cache hands one person's list to
    another."""

    def middleware(request):
        response = get_response(request)
        if getattr(request, "_watchlist", None) is not None:
            patch_vary_headers(response, ("Cookie",))
            patch_cache_control(response, private=True)
        return response

    return middleware
