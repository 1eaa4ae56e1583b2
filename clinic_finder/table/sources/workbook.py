"""Reading a published Excel workbook as text, with errors that name the file and the problem."""

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from clinic_finder.errors import SourceError

# Today's workbook is ~1.2 MB; anything far past this is not the directory we know.
MAX_WORKBOOK_BYTES = 100 * 1024 * 1024


def read_sheets(path: Path) -> dict[str, pd.DataFrame]:
    """Every sheet as text cells (ZIPs keep their leading zeros, blanks stay empty strings)."""
    if not path.is_file():
        raise SourceError(path, "file not found")
    size = path.stat().st_size
    if size == 0:
        raise SourceError(path, "file is empty")
    if size > MAX_WORKBOOK_BYTES:
        raise SourceError(
            path, f"file is {size:,} bytes, larger than the {MAX_WORKBOOK_BYTES:,} allowed"
        )
    try:
        return pd.read_excel(
            path, sheet_name=None, dtype=str, keep_default_na=False, engine="calamine"
        )
    except Exception as error:  # calamine and zipfile raise many kinds for a damaged file
        raise SourceError(path, f"not a readable .xlsx workbook ({error})") from error


def find_sheet(path: Path, sheets: dict[str, pd.DataFrame], *words: str) -> pd.DataFrame:
    """The one sheet whose name contains all the words (case-insensitive)."""
    matches = [name for name in sheets if all(word in name.casefold() for word in words)]
    if len(matches) != 1:
        raise SourceError(
            path,
            f"expected one sheet named like {' '.join(words)!r}, found {matches or 'none'} "
            f"among {list(sheets)}",
        )
    return sheets[matches[0]]


def require_columns(
    path: Path, frame: pd.DataFrame, columns: Iterable[str], sheet: str
) -> pd.DataFrame:
    frame = frame.rename(columns=lambda c: str(c).strip())
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SourceError(path, f"sheet {sheet!r} lacks columns {missing}")
    return frame


def modified_date(path: Path) -> str | None:
    """The workbook's own 'last modified' date (docProps/core.xml), as YYYY-MM-DD."""
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return None
    match = re.search(r"<dcterms:modified[^>]*>(\d{4}-\d{2}-\d{2})", core)
    return match.group(1) if match else None
