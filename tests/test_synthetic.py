"""The made-up table stays shaped like the real one, so behaviour tests on it mean something."""

from clinic_finder.table.records import rows_of


def test_the_synthetic_table_has_the_real_columns_and_types(synthetic_clinics, clinics):
    assert list(synthetic_clinics.columns) == list(clinics.columns)
    for column in clinics.columns:
        real, made = clinics[column].dtype, synthetic_clinics[column].dtype
        assert made == real or (made.kind == real.kind), column
    statuses = set(synthetic_clinics["licence_status"])
    assert statuses == {"active", "expiring", "expired", "unknown"}
    assert rows_of(synthetic_clinics)[0]["id"] == "nmhd-la-active"
