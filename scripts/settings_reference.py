"""`make settings`: the README's settings reference, rewritten from clinic_finder/settings.py."""

import sys
from pathlib import Path

from clinic_finder.settings import reference

README = Path(__file__).resolve().parent.parent / "README.md"
START = "<!-- settings: written by `make settings` from clinic_finder/settings.py SETTINGS -->"
END = "<!-- end of settings -->"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"README.md needs the lines {START} and {END}", file=sys.stderr)
        return 1
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    README.write_text(f"{before}{START}\n{reference()}\n{END}{after}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
