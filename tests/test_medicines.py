"""One choice per medicine up front (issue 29): its codes chosen, one chip, removed in one tap."""

from clinic_finder.search.filters import FilterSet
from clinic_finder.table.load import load_dictionary
from components import medicines
from tests.apptest import run_app


def test_each_medicine_stands_for_codes_the_substance_use_filter_offers(index):
    filters = FilterSet(load_dictionary(), index.codes())
    substance = next(f for f in filters if f.key == "substance")
    for medicine in medicines.MEDICINES:
        assert medicines.codes(filters, medicine)
        assert set(medicines.codes(filters, medicine)) <= set(substance.codes)


def test_choosing_methadone_chooses_its_codes_and_shows_one_chip():
    at = run_app(near="Columbus, OH")
    at.button_group(key=medicines.KEY).set_value(["methadone"]).run()
    assert set(at.query_params["service"]) >= {"MM", "METH"}
    assert at.button(key="chip_methadone").label == "Methadone"
    assert not [b for b in at.button if b.key == "chip_MM"]
    at.button(key="chip_methadone").click().run()
    assert "service" not in at.query_params
    assert at.button_group(key=medicines.KEY).value == []
