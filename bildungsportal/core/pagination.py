"""One page parameter across the site: ``?page=N`` (as in the public search and the API).

The provider area and the survey results used ``?seite=N``; views that did are wrapped in
``old_page_parameter`` so bookmarks and old links land on the same page with a 301.
"""

from functools import wraps

from django.core.paginator import Paginator
from django.http import HttpResponsePermanentRedirect

PAGE_PARAMETER = "page"
OLD_PAGE_PARAMETER = "seite"


def page_of(request, items, per_page):
    """The requested page of ``items``; nonsense and out-of-range numbers give a valid page."""
    return Paginator(items, per_page).get_page(request.GET.get(PAGE_PARAMETER))


def old_page_parameter(view):
    """GET/HEAD with ``?seite=N`` → 301 to the same URL with ``?page=N``, other parameters kept."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method in ("GET", "HEAD") and OLD_PAGE_PARAMETER in request.GET:
            query = request.GET.copy()
            number = query.pop(OLD_PAGE_PARAMETER)[-1]
            query.setdefault(PAGE_PARAMETER, number)
            encoded = query.urlencode()
            return HttpResponsePermanentRedirect(request.path + (f"?{encoded}" if encoded else ""))
        return view(request, *args, **kwargs)

    return wrapper
