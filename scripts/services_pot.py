"""Writes the "services" catalogue template: every category name, service name and description of
data/service_codes.csv (the SAMHSA MH + SU dictionaries and the DHCS codes), keyed by the English
text, so a translation follows the dictionary's own words. Run by `make translations`."""

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from clinic_finder.table.load import load_dictionary


def main(out: Path) -> None:
    catalog = Catalog(project="clinic-finder", domain="services")
    for service in load_dictionary():
        code = f"{service.category_code}/{service.code}"
        catalog.add(service.category_name, auto_comments=[f"category {service.category_code}"])
        catalog.add(service.name, auto_comments=[f"name of {code}"])
        if service.description:
            catalog.add(service.description, auto_comments=[f"description of {code}"])
    with out.open("wb") as file:
        write_po(file, catalog, sort_output=True, omit_header=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
