"""The built clinics table as the app and the CLI read it, with licence status as of today."""

from datetime import date
from pathlib import Path

import pandas as pd

from clinic_finder import paths
from clinic_finder.errors import SourceError
from clinic_finder.table.licences import licence_status
from clinic_finder.table.records import LIST_COLUMNS, RECORD_COLUMNS
from clinic_finder.table.services import ServiceDictionary
from clinic_finder.text.fields import clean


def edition(*files: Path) -> tuple[int, ...]:
    """What a new build changes: each file's modification time (ns) and size, 0s when missing.
    Two stat calls tell a long-running server that `make data` or `update` swapped the table."""
    found: list[int] = []
    for path in files:
        try:
            facts = path.stat()
        except OSError:
            found += (0, 0)
        else:
            found += (facts.st_mtime_ns, facts.st_size)
    return tuple(found)


def load_clinics(path: Path = paths.CLINICS_TABLE, today: date | None = None) -> pd.DataFrame:
    """The table, with `licence_status` computed against today (never frozen at build time)."""
    try:
        table = pd.read_parquet(path)
    except (OSError, ValueError) as error:
        raise SourceError(
            path, f"cannot read the built table ({error}); run `make data`"
        ) from error
    missing = [c for c in RECORD_COLUMNS if c not in table.columns]
    if missing:
        raise SourceError(path, f"built table lacks columns {missing}; run `make data`")
    today = today or date.today()
    expires = pd.to_datetime(table["licence_expires"], errors="coerce").dt.date
    table["licence_status"] = [
        licence_status(None if pd.isna(day) else day, today) for day in expires
    ]
    # Text columns are "" where a source has nothing (licence facts outside California), so
    # every reader can test them for truth without meeting a float NaN.
    text = table.columns[table.dtypes.map(pd.api.types.is_string_dtype)]
    table[text] = table[text].fillna("")
    for column in LIST_COLUMNS:
        table[column] = table[column].map(list)
    return table


def load_dictionary(data_dir: Path = paths.DATA_DIR) -> ServiceDictionary:
    path = data_dir / "service_codes.csv"
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except OSError as error:
        raise SourceError(path, f"cannot read the service dictionary ({error})") from error
    return ServiceDictionary.from_frames(frame.map(clean))
