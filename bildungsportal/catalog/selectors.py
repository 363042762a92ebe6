"""Reads shared by pages, API and commands."""

from .models import Offering


def catalog_is_demo():
    """True while the catalog holds generated demo offerings (every page then says so)."""
    return Offering.objects.filter(source="demo").exists()
