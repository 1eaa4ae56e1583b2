"""Text from the data shown through Streamlit's markdown: every markup character escaped."""

import re

# CommonMark lets any ASCII punctuation be escaped with a backslash; escaping all of it means a
# facility name can never become a link, an image, HTML or emphasis.
_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&$:\"'=/@%^;?,])")


def escape(text: str) -> str:
    return _PUNCTUATION.sub(r"\\\1", str(text)).replace("\n", " ")
