"""The district the monitoring describes: the current region (issue 15), by name and key.

Tables and reports label their district row with the region's own name and Kreisschlüssel,
so a second region's monitoring never says "Kreis Bergstraße".
"""

from bildungsportal.places.regions import current_region


def district_name():
    """The current region's name, e.g. "Kreis Bergstraße"."""
    return current_region().name


def district_key():
    """The current region's Kreisschlüssel, e.g. "06431"."""
    return current_region().key
