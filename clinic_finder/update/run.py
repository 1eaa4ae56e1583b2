"""`update`: each source's newest release fetched and checked, a build beside the data folder,
the change report written, then the swap; the releases and table replaced are kept for
`update --rollback`. Offline (the default) nothing is fetched and nothing changes."""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from clinic_finder import paths
from clinic_finder.errors import UsageError
from clinic_finder.settings import Settings
from clinic_finder.table.feeds import publishers
from clinic_finder.table.feeds.http import Fetcher, Limits
from clinic_finder.table.sources import registry
from clinic_finder.update import changes, releases

RELEASES = "releases"  # under the data folder: kept releases, change reports, the log
BUILT = (paths.CLINICS_TABLE.name, paths.BUILD_REPORT.name, "service_codes.csv")


def update(
    settings: Settings, online: bool, fetcher: Fetcher | None = None, stamp: str | None = None
) -> str:
    data_dir = settings.data_dir
    where = releases.urls(data_dir)
    if not online:
        return (
            f"offline: nothing fetched, nothing changed. {len(where)} source(s) have a "
            f"publisher URL ({', '.join(sorted(where)) or 'none'}); run `update --online`."
        )
    if not where:
        return "no source has a publisher URL: nothing to update."
    fetcher = fetcher or Fetcher(Limits())
    report = registry.read_report(settings.build_report)
    log = _log(data_dir)
    stamp = stamp or datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    keep = data_dir / RELEASES / stamp
    got: dict[str, releases.Release] = {}
    files: dict[str, Path] = {}
    feeds = publishers.from_file(data_dir)
    feed_keys = {f.key for f in feeds}
    for key, url in sorted(where.items()):
        facts = report.get("sources", {}).get(key, {})
        last = log["current"].get(key, {}).get("sha256")
        if key in feed_keys:
            feed = next(f for f in feeds if f.key == key)
            objects = list(publishers.objects(feed, fetcher))
            body = "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects).encode()
            release = releases.Release(key, url, f"{key}.ndjson", body, releases.sha256(body))
            release.rows = len(objects)
            releases.within(release, int(facts.get("rows_read") or 0))
        else:
            current = _current_file(settings.raw_dir, facts, key)
            release = releases.fetch_file(key, url, current, fetcher)
            last = last or releases.sha256(current.read_bytes())
            releases.check_file(release, current, int(facts.get("rows_read") or 0))
            files[key] = current
        release.status = "unchanged" if release.sha256 == last else "new"
        got[key] = release
    if all(r.status == "unchanged" for r in got.values()):
        return f"nothing changed: {len(got)} release(s) have the checksums last recorded."
    staging = data_dir / f".update-{stamp}"
    try:
        new_feeds = _stage(settings, staging, got, files, feeds, keep)
        from clinic_finder.geocode.factory import make_resolver
        from clinic_finder.table.build import build

        build(
            make_resolver(False, settings),
            staging / "raw",
            staging,
            progress=False,
            feeds=new_feeds,
        )
        from clinic_finder.table.load import load_clinics

        compared = changes.compare(
            load_clinics(settings.clinics_table),
            load_clinics(staging / paths.CLINICS_TABLE.name),
            [k for k, r in got.items() if r.status == "new"],
        )
        compared["releases"] = {k: r.as_report() for k, r in got.items()}
        keep.mkdir(parents=True, exist_ok=True)
        (keep / "changes.json").write_text(json.dumps(compared, indent=2) + "\n", encoding="utf-8")
        (keep / "changes.md").write_text(changes.markdown(compared), encoding="utf-8")
        _swap(settings, staging, got, files, keep)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for key, release in got.items():
        log["current"][key] = {"sha256": release.sha256, "rows": release.rows, "url": release.url}
    log["updates"].append({"stamp": stamp, "replaced": sorted(files), "rolled_back": False})
    _write_log(data_dir, log)
    return (keep / "changes.md").read_text(encoding="utf-8")


def _current_file(raw_dir: Path, facts: dict[str, Any], key: str) -> Path:
    name = str(facts.get("file") or "")
    path = raw_dir / name
    if name and path.is_file():
        return path
    found = sorted(raw_dir.rglob(Path(name).name)) if name else []
    if not found:
        raise UsageError(
            f"source {key!r}: the file the last build read ({name!r}) is not in {raw_dir}"
        )
    return found[-1]


def _stage(
    settings: Settings,
    staging: Path,
    got: dict[str, releases.Release],
    files: dict[str, Path],
    feeds: list[publishers.Feed],
    keep: Path,
) -> list[publishers.Feed]:
    """A copy of the data folder (raw files hard-linked) with the new releases in place."""
    shutil.rmtree(staging, ignore_errors=True)
    try:
        shutil.copytree(settings.raw_dir, staging / "raw", copy_function=os.link)
    except OSError:
        shutil.copytree(settings.raw_dir, staging / "raw")
    for name in (*BUILT, "dhcs_service_codes.csv"):
        if (settings.data_dir / name).is_file():
            shutil.copy2(settings.data_dir / name, staging / name)
    for key, path in files.items():
        if got[key].status == "new":
            target = staging / "raw" / path.relative_to(settings.raw_dir)
            target.unlink()
            target.write_bytes(got[key].body)
    staged = []
    for feed in feeds:
        release = got.get(feed.key)
        if release is not None:
            snapshot = keep / "feeds" / release.name
            snapshot.parent.mkdir(parents=True, exist_ok=True)
            snapshot.write_bytes(release.body)
            feed = replace(feed, source=str(snapshot))
        staged.append(feed)
    return staged


def _swap(
    settings: Settings,
    staging: Path,
    got: dict[str, releases.Release],
    files: dict[str, Path],
    keep: Path,
) -> None:
    """The old table and releases moved aside (kept for rollback), the new ones put in place."""
    previous = keep / "previous"
    previous.mkdir(parents=True, exist_ok=True)
    for name in BUILT:
        if (settings.data_dir / name).is_file():
            shutil.copy2(settings.data_dir / name, previous / name)
    for key, path in files.items():
        if got[key].status == "new":
            kept = previous / "raw" / path.relative_to(settings.raw_dir)
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, kept)
            new = staging / "raw" / path.relative_to(settings.raw_dir)
            os.replace(new, path)
    for name in BUILT:
        os.replace(staging / name, settings.data_dir / name)


def rollback(data_dir: Path) -> str:
    """The table and raw releases the last update replaced, put back."""
    log = _log(data_dir)
    done = [u for u in log["updates"] if not u["rolled_back"]]
    if not done:
        return "nothing to roll back: no update has replaced anything."
    last = done[-1]
    previous = data_dir / RELEASES / last["stamp"] / "previous"
    for kept in sorted(previous.rglob("*")):
        if kept.is_file():
            target = data_dir / kept.relative_to(previous)
            tmp = target.with_name(f".{target.name}.rollback")
            shutil.copy2(kept, tmp)
            os.replace(tmp, target)
    last["rolled_back"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    log["current"] = {}  # checksums are taken from the files in place at the next update
    _write_log(data_dir, log)
    replaced = ", ".join(last["replaced"]) or "feeds"
    return f"rolled back the update of {last['stamp']}: {replaced} and the table restored."


def _log(data_dir: Path) -> dict[str, Any]:
    path = data_dir / RELEASES / "log.json"
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"current": {}, "updates": []}
    return found if isinstance(found, dict) else {"current": {}, "updates": []}


def _write_log(data_dir: Path, log: dict[str, Any]) -> None:
    path = data_dir / RELEASES / "log.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(".log.json.tmp")
    tmp.write_text(json.dumps(log, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
