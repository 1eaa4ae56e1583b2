"""Open Referral HSDS 3.0 publishers in: an API, a JSON/NDJSON file or a tabular CSV folder read,
checked and mapped to the build's records. May import the rest of table (the HSDS ids in
table.hsds_ids), geocode and text."""
