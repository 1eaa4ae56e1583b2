"""Readers: each published source file into the record shape. May import table, geocode, text."""
