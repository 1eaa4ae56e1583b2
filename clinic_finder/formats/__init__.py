"""Formats out: HSDS, CSV, call-ahead sheet, shared link. May import show and every layer below."""
