"""Where to search: one location box, the radius, and the online opt-in with its privacy note."""

import streamlit as st

from clinic_finder.formats.share import MAX_NEAR_CHARS
from clinic_finder.settings import GeocoderSettings
from clinic_finder.text.i18n import Message
from components import my_location, state
from components.language import _

RADIUS_STEPS = (5, 10, 25, 50, 100, 250, 500)  # steps a thumb can hit (issue 29)
PROVIDER_WORDS = {"nominatim": "OpenStreetMap Nominatim", "arcgis": "Esri ArcGIS"}


def show(settings: GeocoderSettings, unavailable: str | None) -> bool:
    """Draws the inputs from the search model; True when the person chose the online geocoder.

    `unavailable` says why this server cannot offer the online lookup (None when it can).
    """
    search = state.search()
    where, how = st.columns([3, 2], vertical_alignment="bottom")
    where.text_input(
        _("ZIP code, city or address"),
        state.seed(state.NEAR, search.near),
        key=state.NEAR,
        placeholder=_("e.g. 84101, Austin TX, or 1 Main St, Boise ID"),
        # No max_chars: Streamlit drops a paste longer than that without a word; the callback
        # keeps what fits and says so.
        help=_(
            "Found on this computer from a bundled ZIP and city list: nothing is sent anywhere."
        ),
        on_change=state.chosen(state.NEAR, _entered),
    )
    if state.box_notice():
        where.warning(_(state.box_notice()), icon="✂️")
    # The radius and the location button side by side, on a phone too (a horizontal container
    # does not stack as columns do): one line, not two, above the results.
    with how, st.container(horizontal=True, gap="small", key="how_far"):
        st.selectbox(
            _("Within (miles)"),
            radius_steps(search.radius),
            index=radius_steps(search.radius).index(state.seed(state.RADIUS, search.radius)),
            key=state.RADIUS,
            format_func=_within,
            label_visibility="collapsed",
            width=170,
            on_change=state.chosen(state.RADIUS, lambda miles: state.update(radius=int(miles))),
        )
        my_location.button()
    my_location.chosen()
    online = st.session_state.get(state.ONLINE, False)
    return bool(online) and _provider(settings, unavailable) is not None


def precision(settings: GeocoderSettings, unavailable: str | None) -> None:
    """The online opt-in with its privacy note: one tap away, with the other secondary choices."""
    provider = _provider(settings, unavailable)
    st.toggle(
        _("Street-level precision: look my address up online"),
        key=state.ONLINE,
        disabled=provider is None,
        help=_(unavailable) if unavailable else None,
    )
    if provider:
        st.caption(
            _(
                "Off by default. When on, only what you typed in the box is sent to {provider} "
                "to place it; your filters and choices never leave this app."
            ).format(provider=provider)
        )


def _provider(settings: GeocoderSettings, unavailable: str | None) -> str | None:
    return None if unavailable else PROVIDER_WORDS.get(settings.provider)


def radius_steps(radius: int) -> list[int]:
    """The steps, and the search's own radius among them when a link or a clamp set another."""
    return sorted({*RADIUS_STEPS, radius})


def _within(miles: int) -> str:
    # The same in every language: a label that changed with the language kept the widget's old
    # words for its value after a switch (AppTest found it), and "mi" reads in both.
    return f"{miles} mi"


def use_place(text: str) -> None:
    """A suggested or chosen place becomes the search, as if typed."""
    _typed(text)


def _entered(text: str) -> None:
    """Typed or pasted text: at most MAX_NEAR_CHARS of it are searched, and a cut is said."""
    text = text.strip()
    if len(text) <= MAX_NEAR_CHARS:
        _typed(text)
        return
    _typed(text[:MAX_NEAR_CHARS].rstrip())
    state.box_notice(
        Message.ngettext(
            "What you entered was {count} character long; the box holds {limit}, so only the "
            "first {limit} were kept and searched. Check that the place is still whole.",
            "What you entered was {count} characters long; the box holds {limit}, so only the "
            "first {limit} were kept and searched. Check that the place is still whole.",
            len(text),
            limit=MAX_NEAR_CHARS,
        )
    )


def _typed(text: str) -> None:
    # A place typed or chosen replaces the person's own position, which is then forgotten.
    state.update(near=text, here=None, share_here=False)
