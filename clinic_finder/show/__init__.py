"""What a person reads: listing, the results' words, map, base map. May import search and below."""
