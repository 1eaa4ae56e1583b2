"""Which rows offer which service code: packed bitsets to filter, a set matrix to count.

A million rows with ~40 codes each would be ~190 MB as one boolean mask per code; packed, it is an
eighth of that, and a search unpacks only the slice of rows it looks at. Rows repeat a few thousand
distinct lists of codes (copies, chains, DHCS defaults), so counting goes through those lists: a
row's list number, and one line of booleans per distinct list.
"""

from collections.abc import Iterable, Sequence
from itertools import chain

import numpy as np
import pandas as pd


class ServiceBits:
    def __init__(self, services: pd.Series):
        """`services` holds a list of codes per row (None or empty for none)."""
        self.rows = len(services)
        # Decode each distinct list once instead of exploding tens of millions of (row, code) pairs.
        as_tuples = np.empty(len(services), dtype=object)
        as_tuples[:] = [tuple(codes) if codes is not None else () for codes in services]
        row_set, distinct = pd.factorize(as_tuples)
        set_of_pair = np.repeat(np.arange(len(distinct)), [len(codes) for codes in distinct])
        code_of_pair, codes = pd.factorize(np.array(list(chain(*distinct)), dtype=object))
        known = code_of_pair >= 0  # a missing code (None) is no code
        has = np.zeros((len(distinct) + 1, len(codes)), dtype=bool)  # last line: a row with none
        has[set_of_pair[known], code_of_pair[known]] = True
        self.row_set = row_set  # -1 (a row with no list) reads the last line of `has`
        self.has = has
        self.column = {code: column for column, code in enumerate(codes)}
        self._bits = {code: np.packbits(has[row_set, column]) for column, code in enumerate(codes)}

    def codes(self) -> set[str]:
        return set(self._bits)

    def columns(self, codes: Iterable[str]) -> list[int]:
        """Columns of `has` for the codes this table knows (unknown codes match nothing)."""
        return [self.column[code] for code in codes if code in self.column]

    def offering(
        self, filters: Sequence[frozenset[str]], start: int, stop: int
    ) -> np.ndarray | None:
        """Rows start..stop-1 that match every filter group (any code within a group); None when
        there is no filter, so a caller need not build an all-true mask."""
        keep = None
        for group in filters:
            if not group:
                continue
            any_code = np.zeros(max(stop - start, 0), dtype=bool)
            for code in group:
                if code in self._bits:
                    any_code |= self._unpack(self._bits[code], start, stop)
            keep = any_code if keep is None else keep & any_code
        return keep

    @staticmethod
    def _unpack(bits: np.ndarray, start: int, stop: int) -> np.ndarray:
        first_byte = start // 8
        chunk = np.unpackbits(bits[first_byte : (stop + 7) // 8]).view(bool)
        skip = start - first_byte * 8
        return chunk[skip : skip + max(stop - start, 0)]
