from django.conf import settings


def site(request):
    from bildungsportal.catalog.selectors import catalog_is_demo

    return {"site_name": settings.SITE_NAME, "demo_catalog": catalog_is_demo()}
