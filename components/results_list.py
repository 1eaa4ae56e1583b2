"""The results as a table (wide screens) or plain text (screen readers), and the downloads."""

from datetime import date

import pandas as pd
import streamlit as st

from clinic_finder import call_sheet, export, hsds, listing
from clinic_finder.markdown import escape as md
from clinic_finder.services import ServiceDictionary

TABLE = "results_table"
SHORTLIST = "shortlist"
_LAST_PICK = "_last_table_pick"
TEXT_LIMIT = 200  # a page of text a screen reader can still get through
# The number is the call link's text, so the plain Phone column would only repeat it.
SHOWN = ["Facility", "Miles", "Call", "Address", "Key services", "Location", "Licence",
         "Intake phones", "Source"]  # fmt: skip


def text_list(found: pd.DataFrame) -> None:
    rows = found.head(TEXT_LIMIT).to_dict("records")
    lines = []
    for number, row in enumerate(rows, start=1):
        call = listing.tel_link(row["phone"])
        phone = f"[{md(row['phone'])}]({call})" if call else md(row["phone"] or "no phone")
        parts = [
            f"{number}. **{md(row['name'])}**, {listing.distance(row)}",
            md(listing.address(row)),
            phone,
            md(listing.key_services(row["services"])),
            md(listing.licence(row)),
        ]
        lines.append(" · ".join(part for part in parts if part))
    st.markdown("\n".join(lines))
    if len(found) > TEXT_LIMIT:
        st.caption(f"The first {TEXT_LIMIT} of {len(found):,}; the CSV download has them all.")


def table(found: pd.DataFrame, table_key: str) -> None:
    """The results table; picking a row selects that facility (read back by `new_pick`)."""
    rows = export.results_table(found)[SHOWN]
    # st.dataframe shows cell text as text, never as HTML.
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        key=table_key,
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "Miles": st.column_config.NumberColumn(format="%.1f", width="small"),
            "Call": st.column_config.LinkColumn(
                "Call", display_text=r"tel:\+1-(.*)", help="Tap to call"
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
    miles = found["distance_mi"].map("{:.1f}".format)
    return dict(zip(found["id"], found["name"] + " — " + miles + " mi", strict=True))


def downloads(
    found: pd.DataFrame, dictionary: ServiceDictionary, searched: str, care: tuple[str, ...]
) -> None:
    """The results as CSV and as open data; the chosen ones as a call-ahead sheet to print.

    `care` is the services chosen: the sheet asks each facility the questions they raise.
    """
    ids = found["id"].tolist()
    names = _labels(found)
    left, right = st.columns(2)
    left.download_button(
        "Download these results (CSV)",
        export.results_csv(found, dictionary),
        file_name="licensed-facilities.csv",
        mime="text/csv",
    )
    rows = found.to_dict("records")
    left.download_button(
        "Download as open data (HSDS 3.0 JSON)",
        # A callable: the JSON is built only when the button is pressed, off the page's run.
        lambda: hsds.to_json(hsds.export(rows, dictionary)),
        file_name="licensed-facilities-hsds.json",
        mime="application/json",
        on_click="ignore",
    )
    chosen = right.multiselect(
        "Facilities to call", ids, format_func=names.get, key=SHORTLIST, max_selections=20
    )
    if chosen:
        picked = found[found["id"].isin(chosen)].to_dict("records")
        right.download_button(
            "Download call-ahead sheet to print (HTML)",
            call_sheet.html_page(picked, searched, date.today().isoformat(), care),
            file_name="call-ahead-sheet.html",
            mime="text/html",
        )
