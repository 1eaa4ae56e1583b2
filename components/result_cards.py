"""The results as cards, phone first: name, distance, key services, call, directions, details."""

import json

import pandas as pd
import streamlit as st

from clinic_finder import listing
from clinic_finder.markdown import escape as md
from clinic_finder.services import ServiceDictionary
from components import facility_detail, language, state
from components.language import _, translator

BADGES = 8  # key services on a card; the details list them all


def show(found: pd.DataFrame, dictionary: ServiceDictionary, selected: str) -> None:
    """The first cards (more on request); the chosen facility's card opens in place."""
    ids = found["id"].tolist()
    count = state.shown()
    if selected in ids:  # a facility chosen on the map is always in the list, open
        count = max(count, ids.index(selected) + 1)
    for number, row in enumerate(found.head(count).to_dict("records"), start=1):
        _card(number, row, dictionary, opened=row["id"] == selected)
    if selected in ids:
        _keep_focus(selected)
    left = len(found) - count
    if left > 0:
        st.button(
            _("Show {count} more ({left} not shown yet)").format(
                count=min(left, state.PAGE), left=language.number(left)
            ),
            key="show_more",
            on_click=state.show_more,
        )


def _card(number: int, row: dict, dictionary: ServiceDictionary, opened: bool) -> None:
    with st.container(border=True, key=f"card_{row['id']}"):
        st.subheader(f"{number}. {md(row['name'])}", anchor=False)  # no anchor: no Tab stop
        # One markdown element for the card's text: every element is a message per rerun.
        t = translator()
        lines = [f"**{listing.distance(row, t)}** · {md(listing.address(row, t))}"]
        labels = listing.key_service_labels(row["services"], t)
        if labels:
            badges = " ".join(f":blue-badge[{md(label)}]" for label in labels[:BADGES])
            if len(labels) > BADGES:
                badges = _("{badges} +{count} more").format(
                    badges=badges, count=len(labels) - BADGES
                )
            lines.append(badges)
        licence = listing.licence(row, t)
        if licence:  # the state's own record: verified
            lines.append(md(licence))
        reported = listing.reported_credentials(row, t)
        if reported:  # what the facility told SAMHSA: worded as a self-report
            lines.append(md(reported))
        st.markdown("\n\n".join(lines))
        call, directions, details = st.columns(3)
        link = listing.tel_link(row["phone"])
        if link:
            call.link_button(
                _("Call {phone}").format(phone=row["phone"]),
                link,
                type="primary",
                icon=":material/call:",
                width="stretch",
            )
        else:
            call.caption(_("No phone published."))
        route = listing.directions_links(row)["OpenStreetMap directions"]
        directions.link_button(
            _("Directions"), route, icon=":material/directions:", width="stretch"
        )
        # One button that opens and closes, so keyboard focus stays on it (a new button would
        # drop focus to the page top) and the details follow it in reading order.
        details.button(
            _("Hide details") if opened else _("Details"),
            key=f"details_{row['id']}",
            on_click=state.select,
            args=(None if opened else row["id"],),
            width="stretch",
            help=_("Details for {name}").format(name=row["name"]),
        )
        if opened:
            facility_detail.show(row, dictionary)


def _keep_focus(facility_id: str) -> None:
    """After a card opens, a keyboard user's focus is on its button, not back at the page top.

    Streamlit sometimes redraws the button and the browser drops focus to the page; only then
    (focus on the page itself) is it put back, so a mouse or a screen reader elsewhere is
    never moved. The id is in the script, so it runs once per newly opened card.
    """
    selector = json.dumps(f".st-key-details_{facility_id} button")
    st.html(
        f"""<script>
        (function () {{
            var tries = 0;
            var timer = setInterval(function () {{
                var button = document.querySelector({selector});
                var lost = !document.activeElement || document.activeElement === document.body;
                if (button && lost) {{ button.focus(); }}
                if (button || ++tries > 40) {{ clearInterval(timer); }}
            }}, 50);
        }})();
        </script>""",
        unsafe_allow_javascript=True,
        width="content",
    )
