"""Where the project's files live; every path can be moved with an environment variable."""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("CLINIC_FINDER_DATA_DIR", PROJECT_DIR / "data"))
RAW_DIR = DATA_DIR / "raw"
CLINICS_TABLE = DATA_DIR / "clinics.parquet"
BUILD_REPORT = DATA_DIR / "build_report.json"
GEOCODE_CACHE = Path(
    os.environ.get("CLINIC_FINDER_GEOCODE_CACHE", DATA_DIR / "geocode_cache.sqlite")
)
# Rebuildable files made on this machine (the offline place index, ready to read back).
CACHE_DIR = Path(os.environ.get("CLINIC_FINDER_CACHE_DIR", PROJECT_DIR / ".cache"))
