"""Find licensed mental-health treatment facilities near a place, offline by default."""
