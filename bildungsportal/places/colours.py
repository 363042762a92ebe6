"""Brand colours of a region's site: hex values that keep white text readable (WCAG AA)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
# WCAG 2.1 AA for normal text: white on the colour (buttons, the header bar) and the colour
# on white (links) are the same pair, so one ratio covers both.
MIN_CONTRAST = 4.5


def _luminance(colour):
    """Relative luminance of "#rrggbb" (WCAG 2.1)."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i:i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_with_white(colour):
    """Contrast ratio of white against `colour` (1 … 21)."""
    return 1.05 / (_luminance(colour) + 0.05)


def validate_brand_colour(value):
    if not HEX.match(value or ""):
        raise ValidationError(
            _("Bitte die Farbe als Hex-Wert mit sechs Stellen angeben, z. B. #0a4a8a."),
            code="invalid")
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _("Weiße Schrift auf %(colour)s hat nur einen Kontrast von %(ratio)s:1, nötig sind "
              "mindestens 4,5:1 (WCAG AA). Bitte eine dunklere Farbe wählen."),
            code="contrast",
            params={"colour": value, "ratio": f"{ratio:.1f}".replace(".", ",")},
        )
