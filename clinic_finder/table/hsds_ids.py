"""Open Referral HSDS identifiers this project writes and reads back: the UUID of every object
(uuid5 in a fixed namespace) and the names of its own taxonomies. The export
(clinic_finder/formats/hsds.py) writes them; an imported feed (table/feeds) recognises them, so
a feed this project exported round-trips exactly.
"""

import hashlib
import uuid

# Fixed for ever: changing it would give every facility new identifiers.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://clinic-finder.invalid/hsds/3.0")
_NAMESPACE_BYTES = NAMESPACE.bytes
OTP_TAXONOMY = "SAMHSA OTP directory (derived)"  # clinic_finder/table/point_facts.py
# Short, as they repeat in every attribute: README says what they stand for.
SAMHSA_TAXONOMY = "SAMHSA N-SUMHSS"  # the directories' service codes (data/service_codes.csv)
DHCS_TAXONOMY = "California DHCS (derived)"  # data/dhcs_service_codes.csv
LISTING_ID_TYPE = "clinic_finder listing id"  # location.external_identifier_type


def uid(kind: str, *parts: str) -> str:
    """The UUID of one HSDS object: the same kind and parts give the same UUID in every export.

    Exactly `str(uuid.uuid5(NAMESPACE, "kind/part/..."))`, written out because a whole-table
    export makes over a million and `uuid.UUID` objects cost three times the hash.
    """
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + "/".join((kind, *parts)).encode()).digest())
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest[:16].hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
