"""Readers that turn each published source file into the common record shape (inside table)."""
