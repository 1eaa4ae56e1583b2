"""Reading a project CSV as text, with errors that name the file and the problem."""

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from clinic_finder.errors import SourceError
from clinic_finder.table.sources.workbook import require_columns


def read_csv(
    path: Path, columns: Iterable[str], what: str, encoding: str = "utf-8"
) -> pd.DataFrame:
    """Every cell as text (blanks stay empty strings); the named columns must be there."""
    if not path.is_file():
        raise SourceError(path, "file not found")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise SourceError(path, f"not a readable {encoding.upper()} CSV ({error})") from error
    return require_columns(path, frame, columns, what)
