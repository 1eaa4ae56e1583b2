"""Small text normalisers shared by every source: whitespace, control characters, phones, ZIPs."""

import re
import unicodedata

# C0/C1 controls, zero-width and bidi-control characters (an override can make a name read as
# another), invisible operators, and lone surrogates (not text: they cannot be written as UTF-8).
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069"
    r"\ufeff\ud800-\udfff]"
)
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\D")
_ZIP = re.compile(r"^\s*(\d{5})(?:-?\d{4})?\s*$")

# SAMHSA writes a withheld (confidential) street in several ways; all mean "not published".
WITHHELD_STREETS = frozenset({"- - -", "---", "----", "--"})

# A name1 ending in one of these words was cut by SAMHSA and continues in name2.
_CONTINUATION_WORDS = frozenset({"and", "of", "for", "the", "on", "&", "in", "at", "to", "a"})


def clean(value: object) -> str:
    """Text as a person should read it: NFC, no control characters, single spaces, trimmed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _CONTROL.sub(" ", text)
    if not text.isprintable():  # rare: another format or control character, or an unassigned one
        text = "".join(_printable(c) for c in text)
    return _SPACE.sub(" ", text).strip()


def _printable(char: str) -> str:
    """Format characters vanish (a soft hyphen in "out\xadpatient"); other unprintables are gaps."""
    if char.isprintable():
        return char
    return "" if unicodedata.category(char) == "Cf" else " "


def is_withheld_street(street: str) -> bool:
    return clean(street) in WITHHELD_STREETS


def zip5(value: object) -> str | None:
    """The 5-digit ZIP as text (leading zeros kept), or None when it is not a ZIP."""
    match = _ZIP.match(clean(value))
    return match.group(1) if match else None


def phone(value: object) -> str:
    """A US phone as NNN-NNN-NNNN (keeping any extension), else the cleaned text."""
    text = clean(value)
    main, _, extension = text.partition(" x")
    digits = _DIGITS.sub("", main)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        return text
    formatted = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return f"{formatted} x{extension.strip()}" if extension.strip() else formatted


def join_name(name1: str, name2: str) -> str:
    """One readable name from SAMHSA's two name lines, mending names it cut in two."""
    first, second = clean(name1), clean(name2)
    if not second or second.casefold() in first.casefold():
        return first
    if not first or first.casefold() in second.casefold():
        return second
    last_word = first.rsplit(" ", 1)[-1].casefold()
    if last_word in _CONTINUATION_WORDS or first.endswith(("-", ",")):
        return f"{first} {second}"
    return f"{first} – {second}"


# Words that stay upper case when an all-caps source name is put into title case.
_KEEP_UPPER = frozenset(
    "LLC LLP LP PC DBA USA US II III IV CA SUD AOD DUI MH MHSA NCADD YMCA YWCA VA ADA HIV AIDS"
    " PO NE NW SE SW N S E W CRC CRT RN MD PHD".split()
)
_SMALL = frozenset("of and for the in on at to a an by with de del la las los".split())


def title_case(value: str) -> str:
    """Readable case for an all-caps source text, keeping acronyms and ordinals sensible."""
    text = clean(value)
    if not text or text != text.upper():
        return text
    words = []
    for i, word in enumerate(text.split(" ")):
        bare = word.strip(".,()&'-/")
        if bare in _KEEP_UPPER or (bare.isalpha() and not any(v in bare for v in "AEIOUY")):
            words.append(word)
        elif (i and word.lower() in _SMALL and words[-1] != "-") or bare[:1].isdigit():
            words.append(word.lower())
        else:
            words.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(words)
