from . import selectors


def demo_catalog(request):
    """`demo_catalog`: every page says so while the catalog holds generated demo offerings."""
    return {"demo_catalog": selectors.catalog_is_demo()}
