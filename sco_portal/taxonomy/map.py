"""A map of the SCO member and partner states, drawn server-side as inline SVG.

The geometry is pre-projected (see taxonomy/geo/). The markup carries no inline styles and no scripts, so it
passes a strict Content-Security-Policy; colours come from the page stylesheet through these classes:

- every shape: ``map-country``; small states also get a circle with ``map-marker``
- ``map-member`` for member states
- ``map-partner`` for every kind of partner, plus ``map-observer`` or ``map-dialogue_partner`` for those
  two older categories
- ``map-other`` for every other country, and ``map-disputed`` (with ``map-other``) for disputed areas
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from .geo import load_geometry
from .models import PARTNER_STATUSES, SCOStatus

MARKER_RADIUS = 4.5

_STATUS_CLASSES = {
    SCOStatus.MEMBER: "map-member",
    SCOStatus.OBSERVER: "map-partner map-observer",
    SCOStatus.DIALOGUE_PARTNER: "map-partner map-dialogue_partner",
    SCOStatus.PARTNER: "map-partner",
    None: "map-other",
}
# Drawing order: other countries first, members last (on top).
_STATUS_ORDER = {None: 0, **dict.fromkeys(PARTNER_STATUSES, 1), SCOStatus.MEMBER: 2}


def _normalise(statuses):
    """{CODE: SCOStatus} for the countries that have a status; raises ValueError on an unknown status."""
    result = {}
    for code, status in (statuses or {}).items():
        if status is None or status == "":
            continue
        result[str(code).upper()] = SCOStatus(status)
    return result


def _label(name, status):
    if not status:
        return str(name)
    return gettext("%(name)s: %(status)s") % {"name": name, "status": status.label}


def render_sco_map(statuses, *, names=None, id_prefix="sco-map") -> SafeString:
    """An ``<svg>`` map marking the countries in ``statuses`` by their SCO status.

    ``statuses`` maps ISO 3166-1 alpha-2 codes to an ``SCOStatus`` value ("member", "observer",
    "dialogue_partner", "partner") or None; countries not in it are drawn as context. ``names`` optionally
    maps codes to the names to show (e.g. the translated names from the database) instead of the English
    Natural Earth names. ``id_prefix`` makes the ids of the title and description unique if the page has
    more than one map.
    """
    geometry = load_geometry()
    status_of = _normalise(statuses)
    names = {str(code).upper(): name for code, name in (names or {}).items()}

    def name_of(code, entry):
        return names.get(code) or entry["name"]

    countries = sorted(geometry["countries"].items(), key=lambda item: (_STATUS_ORDER[status_of.get(item[0])], item[0]))
    paths = format_html_join(
        "\n",
        '<path class="map-country {}" data-code="{}" d="{}"><title>{}</title></path>',
        (
            (_STATUS_CLASSES[status_of.get(code)], code, entry["d"], _label(name_of(code, entry), status_of.get(code)))
            for code, entry in countries
        ),
    )
    disputed = format_html_join(
        "\n",
        '<path class="map-country map-other map-disputed" d="{}"><title>{}</title></path>',
        (
            (entry["d"], gettext("%(name)s (disputed)") % {"name": entry["name"]})
            for _key, entry in sorted(geometry.get("disputed", {}).items())
        ),
    )
    # Small states get a circle so they can be seen; only those with a status, to keep the map quiet.
    markers = format_html_join(
        "\n",
        '<circle class="map-country map-marker {}" data-code="{}" cx="{}" cy="{}" r="{}"><title>{}</title></circle>',
        (
            (
                _STATUS_CLASSES[status_of[code]],
                code,
                float(entry["x"]),
                float(entry["y"]),
                MARKER_RADIUS,
                _label(name_of(code, entry), status_of[code]),
            )
            for code, entry in sorted(geometry.get("markers", {}).items())
            if code in status_of
        ),
    )

    member_count = sum(status == SCOStatus.MEMBER for status in status_of.values())
    partner_count = sum(status in PARTNER_STATUSES for status in status_of.values())
    members = ngettext("%(count)d member state", "%(count)d member states", member_count) % {"count": member_count}
    partners = ngettext("%(count)d partner", "%(count)d partners", partner_count) % {"count": partner_count}
    description = gettext("%(members)s and %(partners)s.") % {"members": members, "partners": partners}

    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="sco-map" viewBox="{viewbox}" role="img"'
        ' aria-labelledby="{prefix}-title {prefix}-desc">\n'
        '<title id="{prefix}-title">{title}</title>\n'
        '<desc id="{prefix}-desc">{desc}</desc>\n'
        '<g class="map-countries">\n{paths}\n{disputed}\n</g>\n'
        '<g class="map-markers">\n{markers}\n</g>\n'
        "</svg>",
        viewbox=geometry["viewBox"],
        prefix=id_prefix,
        title=gettext("Map of the SCO member states and partners"),
        desc=description,
        paths=paths,
        disputed=disputed,
        markers=markers,
    )
