"""The one permission decorator of every screen that needs a log-in."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404


def require(rule, *, otherwise=PermissionDenied):
    """Let a view run only for users that pass ``rule(user)``.

    Anonymous users are sent to the log-in page (and come back afterwards); signed-in users
    who fail the rule get ``otherwise``: 403 by default, or ``Http404`` where a page should
    not even reveal that it exists. Checks on one object (an offering, a feed) stay in the
    view, where the object is loaded.
    """
    if otherwise not in (PermissionDenied, Http404):
        raise ValueError("otherwise must be PermissionDenied or Http404")

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not rule(request.user):
                raise otherwise
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
