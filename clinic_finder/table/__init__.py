"""The facility table: sources read, merged, built, loaded. May import geocode, text and below."""
