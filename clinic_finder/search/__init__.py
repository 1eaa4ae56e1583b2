"""The search: index, filters and the one answer(). May import table, geocode, text and below."""
