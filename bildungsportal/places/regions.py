"""Which region a piece of work belongs to: the request's host name, else the default region.

The middleware sets the region for the request (`request.region` and a context variable), so
selectors deep down (`Municipality.objects.in_district()`, the search's region filter, the
office's predicates) ask `current_region()` instead of threading a parameter through every
call. Commands and tasks run in the default region unless they enter `using_region(...)`.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from .models import Region

_current = ContextVar("bildungsportal_region", default=None)
# The default region, looked up once per process; dropped whenever a Region row changes or
# the tables are flushed (tests), so it never outlives its row.
_default_cache = {}


def default_region():
    """The instance's default region; created from settings on an empty database."""
    region = _default_cache.get("default")
    if region is None:
        region = Region.objects.filter(is_default=True).first()
        if region is None:
            conf = settings.DEFAULT_REGION
            region, _created = Region.objects.get_or_create(
                key=conf["key"],
                defaults={"name": conf["name"], "slug": conf["slug"], "is_default": True},
            )
        _default_cache["default"] = region
    return region


def default_region_id():
    """The default region's id: a model field's default ("made without a region").

    Reads the id column only, so migrations that run before later Region columns exist can
    call it (a field default is evaluated while altering tables)."""
    cached = _default_cache.get("default")
    if cached is not None:
        return cached.pk
    pk = Region.objects.filter(is_default=True).values_list("pk", flat=True).first()
    return pk if pk is not None else default_region().pk


def current_region():
    """The region of the running request (or `using_region` block), else the default one."""
    return _current.get() or default_region()


def region_for_host(host):
    """The region whose host name is `host` (port and case ignored), else the default one."""
    name = (host or "").split(":", 1)[0].strip().lower().rstrip(".")
    if not name:
        return default_region()
    # Looked up once per process and host (cleared with the default, whenever a Region row
    # changes): every request asks, and a query per request would cost every page.
    hosts = _default_cache.setdefault("hosts", {})
    if name not in hosts:
        if len(hosts) >= 256:  # ALLOWED_HOSTS = ["*"] must not let any Host header grow it
            hosts.clear()
        hosts[name] = Region.objects.filter(host=name).first()
    return hosts[name] or default_region()


@contextmanager
def using_region(region):
    """Run a block (a command, a task, a test) as if a request of `region` were running."""
    token = _current.set(region)
    try:
        yield region
    finally:
        _current.reset(token)


def region_middleware(get_response):
    """Pick the region by host name for the whole request, before anything reads data."""

    def middleware(request):
        region = region_for_host(request.get_host())
        request.region = region
        token = _current.set(region)
        try:
            return get_response(request)
        finally:
            _current.reset(token)

    return middleware


@receiver(post_save, sender=Region)
@receiver(post_delete, sender=Region)
def _forget_default(**kwargs):
    _default_cache.clear()


@receiver(post_migrate)
def _forget_default_after_flush(**kwargs):
    _default_cache.clear()


def forget_default():
    """Drop the cached default region (tests that roll back rows call this between tests)."""
    _default_cache.clear()
