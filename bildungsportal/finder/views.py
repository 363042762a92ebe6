"""/finden/: the guided finder. One GET form; the answers live in the URL, nothing is stored."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from bildungsportal.catalog.formatting import attach_run_info

from .answers import BUDGETS, PARAMS, REACH, SITUATIONS, WHEN, TooLarge, choices, parse
from .ranking import find as find_offerings


@require_safe
def find(request):
    options = choices()
    context = {
        "options": options,
        "situations": SITUATIONS.items(),
        "reaches": [(code, label) for code, (_km, label) in REACH.items()],
        "whens": WHEN.items(),
        "budgets": BUDGETS.items(),
        "nav": "finden",
    }
    try:
        answers = parse(request.GET, options, len(request.META.get("QUERY_STRING", "")))
    except TooLarge:
        context["too_large"] = _("Diese Anfrage ist zu lang. Bitte füllen Sie das Formular "
                                 "neu aus.")
        return render(request, "finder/find.html", context, status=400)
    submitted = any(name in request.GET for name in PARAMS)
    context.update(answers=answers, submitted=submitted)
    if submitted:
        result = find_offerings(answers, options)
        for fit in (*result.counselling, *result.fits):
            if fit.run is not None:
                attach_run_info([fit.run], fit.offering)
        context["result"] = result
    return render(request, "finder/find.html", context)
