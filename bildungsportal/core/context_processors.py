from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation


def site(request):
    """`site_name`: the request's region's (places' middleware sets request.region; core
    reads its `site_title` without importing places), else the instance's."""
    region = getattr(request, "region", None)
    return {"site_name": getattr(region, "site_title", None) or settings.SITE_NAME,
            "region": region}


def languages(request):
    """`language_links`: the same page in every language (the switcher and hreflang links).

    A page that exists in one language only (office, survey with its own choice) gets none; an
    unknown address (404) links to the home page in each language.
    """
    path = request.get_full_path()
    if getattr(request, "single_language", False):  # set by a view that is German only
        return {"language_links": [], "language_alternates": False}
    if request.resolver_match is None:
        targets = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                targets[code] = reverse("core:home")
    else:
        targets = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
        if len(set(targets.values())) == 1:
            return {"language_links": [], "language_alternates": False}
    current = translation.get_language()
    links = [
        {
            "code": code,
            "name": name,
            "url": targets[code],
            "absolute_url": request.build_absolute_uri(targets[code]),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
    return {"language_links": links, "language_alternates": request.resolver_match is not None}
