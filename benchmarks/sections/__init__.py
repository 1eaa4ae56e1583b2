"""One module per benchmark section; each exposes `measure(scale) -> list[Row]`."""
