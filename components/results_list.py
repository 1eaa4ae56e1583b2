"""The results as a table (wide screens) or plain text (screen readers), and the downloads."""

import html
from datetime import date

import pandas as pd
import streamlit as st

from clinic_finder.formats import call_sheet, export, hsds
from clinic_finder.show import listing
from clinic_finder.table.records import rows_of
from clinic_finder.table.services import ServiceDictionary
from clinic_finder.text.markdown import escape as md
from components import language
from components.data import build_report
from components.language import _, translator

TABLE = "results_table"
SHORTLIST = "shortlist"
_LAST_PICK = "_last_table_pick"
TEXT_LIMIT = 200  # a page of text a screen reader can still get through
# Column keys (export.HEADERS): distance and phone as the cards write them. `miles` (the number)
# is in the frame but not shown: glide's link column can only show a piece of the tel: link
# ("787-763-7575;ext=1523"), so Call is a word and the number is the phone column.
SHOWN = ["facility", "distance", "phone", "call", "address", "key_services", "location",
         "licence", "intake_phones", "source"]  # fmt: skip


def text_list(found: pd.DataFrame) -> None:
    """A numbered list, one facility an item. HTML (st.html), not markdown: Streamlit's markdown
    opens every link, the tel: ones too, in a new tab."""
    rows = rows_of(found.head(TEXT_LIMIT))
    lines = []
    t = translator()
    e = html.escape
    for row in rows:
        call = listing.tel_link(row["phone"])
        phone = (
            f'<a href="{e(call)}">{e(listing.phone(row["phone"]))}</a>'
            if call
            else e(listing.phone(row["phone"]) or _("no phone"))
        )
        parts = [
            f"<strong>{e(row['name'])}</strong>, {e(listing.distance(row, t))}",
            e(listing.address(row, t)),
            phone,
            e(listing.key_services(row["services"], t)),
            e(listing.licence(row, t)),
        ]
        lines.append("<li>{}</li>".format(" · ".join(part for part in parts if part)))
    st.html("<ol>{}</ol>".format("\n".join(lines)))
    if len(found) > TEXT_LIMIT:
        st.caption(
            language.ngettext(
                "The first {shown} of {count}; the CSV download has it all.",
                "The first {shown} of {count}; the CSV download has them all.",
                TEXT_LIMIT,
            ).format(shown=language.number(TEXT_LIMIT), count=language.number(len(found)))
        )


def table(found: pd.DataFrame, table_key: str) -> None:
    """The results table; picking a row selects that facility (read back by `new_pick`)."""
    t = translator()
    headers = export.headers(t)
    rows = export.results_table(found, t)[[*SHOWN, "miles"]].rename(columns=headers)
    # st.dataframe shows cell text as text, never as HTML.
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        key=table_key,
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            headers["miles"]: None,  # kept for tests and sorting by code; people read distance
            headers["call"]: st.column_config.LinkColumn(
                headers["call"], display_text=_("Call"), help=_("Tap to call")
            ),
        },
    )


def new_pick(found_ids: list[str], table_key: str) -> str | None:
    """The facility whose row was newly picked in the table since the last run, if any."""
    selection = st.session_state.get(table_key)
    rows = list(selection["selection"]["rows"]) if selection else []
    if rows == st.session_state.get(_LAST_PICK, {}).get(table_key, []):
        return None
    st.session_state.setdefault(_LAST_PICK, {})[table_key] = rows
    return found_ids[rows[0]] if rows and rows[0] < len(found_ids) else None


def _labels(found: pd.DataFrame) -> dict[str, str]:
    t = translator()
    return {row["id"]: f"{row['name']} — {listing.distance(row, t)}" for row in rows_of(found)}


def downloads(
    found: pd.DataFrame, dictionary: ServiceDictionary, searched: str, care: tuple[str, ...]
) -> None:
    """The results as CSV and as open data; the chosen ones as a call-ahead sheet to print.

    `care` is the services chosen: the sheet asks each facility the questions they raise.
    """
    ids = found["id"].tolist()
    names = _labels(found)
    t = translator()
    report = build_report()  # the editions this deployment built (settings.build_report)
    left, right = st.columns(2)
    # The files are made when their button is pressed (on another thread: `t` is taken now),
    # not on every run: most runs are never downloaded. A press changes nothing on the page,
    # so it does not rerun it either.
    left.download_button(
        _("Download these results (CSV)"),
        lambda: export.results_csv(found, dictionary, t, report=report),
        file_name=_("licensed-facilities.csv"),
        mime="text/csv",
        on_click="ignore",
    )
    left.download_button(
        _("Download as open data (HSDS 3.0 JSON)"),
        lambda: hsds.to_json(hsds.export(rows_of(found), dictionary, report)),
        file_name=_("licensed-facilities-hsds.json"),
        mime="application/json",
        on_click="ignore",
    )
    chosen = right.multiselect(
        _("Facilities to call"),
        ids,
        format_func=lambda key: names.get(key, key),
        key=SHORTLIST,
        max_selections=20,
        placeholder=_("Choose facilities"),
    )
    if chosen:
        # Every chosen facility by its whole name: the list's chips are cut on a narrow screen.
        right.markdown(
            "\n".join(f"{n}. {md(names.get(key, key))}" for n, key in enumerate(chosen, 1))
        )
        picked = rows_of(found[found["id"].isin(chosen)])
        made_on, lang = date.today().isoformat(), language.current()
        right.download_button(
            _("Download call-ahead sheet to print (HTML)"),
            lambda: call_sheet.html_page(picked, searched, made_on, care, t, lang, report=report),
            file_name=_("call-ahead-sheet.html"),
            mime="text/html",
            on_click="ignore",
        )
