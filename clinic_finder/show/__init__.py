"""What a person reads: listing text, the map, base map. May import search, table and below."""
