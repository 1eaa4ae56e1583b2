"""`make bench`: the performance figures, each beside its target and the naive way."""
