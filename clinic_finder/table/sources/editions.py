"""Yearly editions of a published source: `raw/<source>_<year>/` folders, the newest one wins."""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clinic_finder.errors import SourceError


@dataclass(frozen=True)
class Edition:
    path: Path
    year: int
    # Older editions present beside it, left unread (the build report names them).
    skipped: tuple[str, ...] = field(default_factory=tuple)

    def note(self) -> dict[str, Any]:
        return {"edition": self.year, "older_editions_not_used": list(self.skipped)}


def newest_edition(raw_dir: Path, prefix: str, pattern: str) -> Edition:
    """The file matching `pattern` in the newest `<prefix>_<year>/` folder under raw_dir.

    Only a folder named exactly `<prefix>_<four digits>` is an edition: `samhsa_nmhd_2022_osm_
    geocodes/` is another source, not a 2022 edition of the directory.
    """
    edition_name = re.compile(rf"^{re.escape(prefix)}_(\d{{4}})$")
    found = []
    for folder in raw_dir.glob(f"{prefix}_*"):
        match = edition_name.match(folder.name)
        files = sorted(folder.glob(pattern)) if match and folder.is_dir() else []
        if match and files:
            found.append((int(match.group(1)), files[-1]))
    if not found:
        raise SourceError(raw_dir / f"{prefix}_<year>/", f"no edition ({pattern}) found")
    found.sort()
    year, path = found[-1]
    skipped = tuple(f"{p.parent.name}/{p.name}" for _, p in found[:-1])
    return Edition(path, year, skipped)
