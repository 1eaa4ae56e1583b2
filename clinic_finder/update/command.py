"""`python -m clinic_finder update [--online] | update --rollback`."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(commands: Any, online: argparse.ArgumentParser) -> None:
    update = commands.add_parser(
        "update",
        parents=[online],
        help="fetch each source's newest release (--online), check it, rebuild, report changes",
    )
    update.add_argument(
        "--rollback",
        action="store_true",
        help="put back the table and releases the last update replaced",
    )
    update.set_defaults(command=_update)


def _update(args: argparse.Namespace) -> int:
    from clinic_finder.update.run import rollback, update

    if args.rollback:
        print(rollback(args.settings.data_dir))
        return 0
    print(update(args.settings, online=args.online))
    return 0
