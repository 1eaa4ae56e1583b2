"""Where the project's files live by default; `Settings` (settings.py) moves them when asked."""

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"
RAW_DIR = DATA_DIR / "raw"
CLINICS_TABLE = DATA_DIR / "clinics.parquet"
BUILD_REPORT = DATA_DIR / "build_report.json"
GEOCODE_CACHE = DATA_DIR / "geocode_cache.sqlite"
# Rebuildable files made on this machine (the offline place index, ready to read back).
CACHE_DIR = PROJECT_DIR / ".cache"
