"""What a new release changes, per source: facilities added, removed, moved more than 250 m,
phone changed, services added or dropped. As JSON for programs and Markdown for a person."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from clinic_finder.geocode.geometry import haversine_km

MOVED_M = 250
EXAMPLES = 20  # ids listed per kind of change (the counts are always whole)


def _of(table: pd.DataFrame, key: str) -> pd.DataFrame:
    named = table["source"].astype(str).str.split("+").map(lambda keys: key in keys)
    return table[named.astype(bool)].set_index("id")


def _phones(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    return [
        tuple(sorted({str(main), *map(str, others)} - {""}))
        for main, others in zip(frame["phone"], frame["intake_phones"], strict=True)
    ]


def compare(old: pd.DataFrame, new: pd.DataFrame, keys: list[str]) -> dict[str, Any]:
    report: dict[str, Any] = {"moved_over_m": MOVED_M, "sources": {}}
    for key in keys:
        a, b = _of(old, key), _of(new, key)
        added = sorted(map(str, set(b.index) - set(a.index)))
        removed = sorted(map(str, set(a.index) - set(b.index)))
        both = a.index.intersection(b.index)
        x, y = a.loc[both], b.loc[both]
        metres = (
            haversine_km(
                x["lat"].to_numpy(), x["lon"].to_numpy(), y["lat"].to_numpy(), y["lon"].to_numpy()
            )
            * 1000
        )
        moved = sorted(both[np.nan_to_num(metres) > MOVED_M])
        phones = sorted(
            str(i) for i, p, q in zip(both, _phones(x), _phones(y), strict=True) if p != q
        )
        gained: dict[str, list[str]] = {}
        dropped: dict[str, list[str]] = {}
        for i, old_codes, new_codes in zip(both, x["services"], y["services"], strict=True):
            before, after = set(map(str, old_codes)), set(map(str, new_codes))
            if after - before:
                gained[i] = sorted(after - before)
            if before - after:
                dropped[i] = sorted(before - after)
        report["sources"][key] = {
            "listings_before": len(a),
            "listings_after": len(b),
            "added": len(added),
            "removed": len(removed),
            "moved": len(moved),
            "phone_changed": len(phones),
            "services_added": len(gained),
            "services_dropped": len(dropped),
            "examples": {
                "added": added[:EXAMPLES],
                "removed": removed[:EXAMPLES],
                "moved": [
                    {"id": i, "metres": round(float(m))}
                    for i, m in zip(both, metres, strict=True)
                    if i in set(moved[:EXAMPLES])
                ],
                "phone_changed": phones[:EXAMPLES],
                "services_added": dict(list(gained.items())[:EXAMPLES]),
                "services_dropped": dict(list(dropped.items())[:EXAMPLES]),
            },
        }
    return report


def markdown(report: dict[str, Any], title: str = "Changes in this update") -> str:
    lines = [f"# {title}", ""]
    for key, facts in report.get("releases", {}).items():
        lines.append(
            f"- `{key}`: {facts.get('status')}, {facts.get('rows', '?')} rows, "
            f"sha256 `{str(facts.get('sha256', ''))[:12]}…`"
        )
    lines += [
        "",
        "| source | before | after | added | removed | moved > 250 m | phone changed "
        "| services added | services dropped |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for key, f in report["sources"].items():
        lines.append(
            f"| {key} | {f['listings_before']} | {f['listings_after']} | {f['added']} | "
            f"{f['removed']} | {f['moved']} | {f['phone_changed']} | {f['services_added']} | "
            f"{f['services_dropped']} |"
        )
    for key, f in report["sources"].items():
        shown = {k: v for k, v in f["examples"].items() if v}
        if shown:
            lines += ["", f"## {key}: examples (at most {EXAMPLES} of each)", ""]
            lines += [f"- {kind}: {value}" for kind, value in shown.items()]
    return "\n".join(lines) + "\n"
