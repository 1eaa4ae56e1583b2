"""How a listing's sources disagree (a publisher's phone or street against a directory's), in
the reader's words, from the build report's `feed_disagreements`."""

from __future__ import annotations

from typing import Any

from clinic_finder.table.sources import registry
from clinic_finder.text.i18n import ENGLISH, N_, Translator

SENTENCES = {
    "phone": N_(
        "Its sources give different phones: {first} ({first_source}, as of {first_day}) and "
        "{second} ({second_source}, as of {second_day})."
    ),
    "street": N_(
        "Its sources give different street addresses: {first} ({first_source}, as of "
        "{first_day}) and {second} ({second_source}, as of {second_day})."
    ),
}
NEWER = N_("The newer source is {newer}.")


def disagreements(row_id: str, report: dict[str, Any], t: Translator = ENGLISH) -> list[str]:
    """One or two sentences per disagreement about this listing: both values, and the newer."""
    lines = []
    for item in report.get("feed_disagreements") or []:
        if item.get("id") != row_id or item.get("field") not in SENTENCES:
            continue
        names = [_name(key, t) for key in item["sources"]]
        values, days = item["values"], item["as_of"]
        said = t.gettext(SENTENCES[item["field"]]).format(
            first=values[0],
            first_source=names[0],
            first_day=days[0],
            second=values[1],
            second_source=names[1],
            second_day=days[1],
        )
        if item.get("newer") in item["sources"]:
            said += " " + t.gettext(NEWER).format(newer=_name(str(item["newer"]), t))
        lines.append(said)
    return lines


def _name(keys: str, t: Translator) -> str:
    """A source's name; a merged listing's sources ("a+b") each named."""
    named = []
    for key in keys.split("+"):
        source = registry.BY_KEY.get(key)
        named.append(source.named(t=t) if source else key)
    return " + ".join(named)
