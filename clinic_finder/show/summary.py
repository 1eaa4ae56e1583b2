"""What the page says about an answer before the map and the list: the count, the warning when
the radius holds nothing, and the plain sentence a screen reader hears. Words only, no widgets:
components/results_view.py draws them."""

from collections.abc import Callable
from dataclasses import dataclass

from clinic_finder.geocode.types import PRECISION_WORDS, GeocodeResult
from clinic_finder.search.answer import Answer
from clinic_finder.text.i18n import Translator, say
from clinic_finder.text.markdown import escape as md

Number = Callable[[float], str]  # a count written the way the language writes it


@dataclass(frozen=True)
class Summary:
    heading: str = ""  # Markdown: the count line, or the line over the nearest beyond the radius
    warning: str = ""  # Markdown: nothing within the radius
    info: str = ""  # Markdown: nothing anywhere, or the overview's hint to type a place
    said: str = ""  # plain words for the live region (a place's label as typed, unescaped)


def overview(found: Answer, t: Translator, number: Number) -> Summary:
    """Every facility matching the filters, before a place is known."""
    total = len(found.results)
    info = t.ngettext(
        "**{count} licensed facility** matches your filters across the country. Type a ZIP "
        "code, city or address above to see who is near you, nearest first.",
        "**{count} licensed facilities** match your filters across the country. Type a ZIP "
        "code, city or address above to see who is near you, nearest first.",
        total,
    ).format(count=number(total))
    said = t.ngettext(
        "{count} licensed facility matches your filters across the country.",
        "{count} licensed facilities match your filters across the country.",
        total,
    ).format(count=number(total))
    return Summary(info=info, said=said)


def results(
    found: Answer, point: GeocodeResult, radius: int, t: Translator, number: Number
) -> Summary:
    """Results within the radius, else the nearest beyond it, else none anywhere."""
    place = md(point.label)  # an online geocoder's words are data too
    if not found.results.empty:
        count = len(found.results)
        # Two numbers, each with its own plural: one message per plural form of the count,
        # the radius's word chosen inside it.
        miles = t.ngettext("{radius} mile", "{radius} miles", radius).format(radius=radius)
        heading = t.ngettext(
            "**{count} facility within {miles}** of {place} ({precision}), nearest first.",
            "**{count} facilities within {miles}** of {place} ({precision}), nearest first.",
            count,
        ).format(
            count=number(count),
            miles=miles,
            place=place,
            precision=say(t, PRECISION_WORDS[point.precision]),
        )
        said = t.ngettext(
            "{count} facility within {miles} of {place}.",
            "{count} facilities within {miles} of {place}.",
            count,
        ).format(count=number(count), miles=miles, place=point.label)
        return Summary(heading=heading, said=said)

    nothing = t.ngettext(
        "No facility within {radius} mile of {place} matches your filters.",
        "No facility within {radius} miles of {place} matches your filters.",
        radius,
    )
    warning = nothing.format(radius=radius, place=place)
    if found.beyond.empty:
        info = t.gettext("No facility anywhere matches these filters. Try removing some.")
        said = t.ngettext(
            "No facility within {radius} mile of {place} matches your filters. None anywhere.",
            "No facility within {radius} miles of {place} matches your filters. None anywhere.",
            radius,
        ).format(radius=radius, place=point.label)
        return Summary(warning=warning, info=info, said=said)
    beyond = len(found.beyond)
    heading = t.ngettext(
        "**{count} facility that matches, the nearest beyond the radius:**",
        "**The {count} nearest facilities that match, beyond the radius:**",
        beyond,
    ).format(count=number(beyond))
    # Two numbers: two sentences, each with its own plural.
    said = " ".join(
        [
            nothing.format(radius=radius, place=point.label),
            t.ngettext(
                "Showing {count} facility beyond it, the nearest.",
                "Showing the {count} nearest beyond it.",
                beyond,
            ).format(count=number(beyond)),
        ]
    )
    return Summary(heading=heading, warning=warning, said=said)
