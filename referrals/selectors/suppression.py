"""Small-count suppression for the referral figures: a pure module, no Django.

The rule (DESIGN.md: "any count below 5 is shown as <5", and a total is never shown where
it would let a suppressed cell be worked out), as THL and Statistics Finland practise it
for frequency tables about people:

1. Primary suppression. A count from 1 to MIN_COUNT - 1 (1-4) is not shown; the page
   says "<5". A zero is shown as 0: an empty cell says nothing about any one person (the
   threshold rule protects people who are in a cell, and nobody is in an empty one), so
   statistical offices publish zeros, and tools such as sdcTable and tau-Argus treat empty
   cells as safe by default. Hiding zeros would also make every table mostly "<5" for a
   small unit without protecting anyone.

2. Secondary (complementary) suppression. Cells are tied by sums: the total of a table
   is the sum of its rows, and a row of one table can be the total of another (the
   referrals closed are the sum of the outcomes). A sum with exactly one hidden cell gives
   that cell away by subtraction (total 12, cells 9 and "<5": the hidden cell is 3). So
   while some sum has exactly one hidden cell, one more of its cells is hidden: the
   smallest non-zero cell still shown (ties: the first in the sum's order), else the
   total itself. A zero is never used as the complement, because zeros are always shown
   and a reader would know it. A cell hidden this way is not "<5" (it may be large): the
   page shows it as hidden, not as a number.

3. The audit. "No sum with one hidden cell" is not always enough. A reader knows more
   than the sums: a "<5" is from 1 to 4, and a hidden cell is 5 or more (else it would say
   "<5"). Total 6 of "<5" and hidden gives 1 + 5 away. And sums that form cycles (a
   two-way table with row and column totals) can solve for a cell even when each sum has
   two hidden ones. So the hidden cells are then checked as a reader would: the sums are
   solved exactly (Gaussian elimination in fractions: a cell is worked out when its unit
   vector lies in the row space of the sums, restricted to the hidden cells), and each
   cell's range is narrowed from the others' ranges, sum by sum, until nothing changes. A
   hidden cell whose value is fixed either way gets one more complement in one of its
   sums (the total when no other cell is left), and the audit runs again, until no hidden
   cell can be worked out. For sums that form a tree, as on the figures page (the
   outcomes add up to a row of the states table), narrowing the ranges sum by sum finds
   exactly what a reader can find; for tables with cycles it may miss a narrowing, which
   the exact solving still catches when it pins a value.

What is protected is the exact value. Narrower ranges can remain (total 7 of "<5" and a
hidden cell: the small one is 1 or 2), and figures for two overlapping periods can still
be subtracted from each other: the page shows whole counts for a chosen period, not a
published series.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

MIN_COUNT = 5

SHOWN = "shown"
SMALL = "small"  # 1 to MIN_COUNT - 1: shown as "<5"
HIDDEN = "hidden"  # hidden so that a small count cannot be worked out

# Enough for the figures' tables to settle (they do in two or three); stopping early only
# leaves ranges wider than a reader could make them, never narrower.
_NARROWING_ROUNDS = 50

Key = Hashable
Sum = tuple[Key, Sequence[Key]]  # (the total's key, the keys of the cells it adds up)


@dataclass(frozen=True)
class Cell:
    """What the page may show of one count: the number when `status` is SHOWN, else
    None."""

    count: int | None
    status: str

    @property
    def shown(self) -> bool:
        return self.status == SHOWN


def is_small(count: int, threshold: int = MIN_COUNT) -> bool:
    return 0 < count < threshold


def suppress(
    counts: Mapping[Key, int], sums: Iterable[Sum] = (), *, threshold: int = MIN_COUNT
) -> dict[Key, Cell]:
    """Every count of `counts` as the page may show it. `sums` ties the cells: each is
    (total, members), with counts[total] == sum(counts[m] for m in members)."""
    sums = [(total, tuple(members)) for total, members in sums]
    for total, members in sums:
        if counts[total] != sum(counts[m] for m in members):
            raise ValueError(f"the cells of {total!r} do not add up to it")
    small = {key for key, count in counts.items() if is_small(count, threshold)}
    hidden = set(small)
    while True:
        lone = next((s for s in sums if len(_hidden_in(s, hidden)) == 1), None)
        if lone is not None:
            hidden.add(_complement(lone, counts, hidden))
            continue
        worked_out = derivable(counts, sums, hidden, threshold=threshold)
        if not worked_out:
            break
        complement = next(
            (
                _complement(s, counts, hidden)
                for key in counts
                if key in worked_out
                for s in sums
                if key in _cells(s) and _candidates(s, counts, hidden)
            ),
            None,
        )
        if complement is None:
            # Every non-zero cell of their sums is hidden already: nothing left to hide.
            break
        hidden.add(complement)
    return {
        key: Cell(
            count=None if key in hidden else count,
            status=SMALL if key in small else HIDDEN if key in hidden else SHOWN,
        )
        for key, count in counts.items()
    }


def derivable(
    counts: Mapping[Key, int], sums: Iterable[Sum], hidden: set, *, threshold: int = MIN_COUNT
) -> set:
    """The hidden cells a reader can work out: from the sums alone, or from the sums and
    what the page says of each hidden cell (1 to threshold - 1 for a small one, at least
    `threshold` for the others)."""
    sums = list(sums)
    return _solved(counts, sums, hidden) | _pinned(counts, sums, hidden, threshold)


def _solved(counts: Mapping[Key, int], sums: list[Sum], hidden: set) -> set:
    """The hidden cells that the sums determine, whatever the ranges."""
    columns = [key for key in counts if key in hidden]
    index = {key: i for i, key in enumerate(columns)}
    rows = []
    for total, members in sums:
        row = [Fraction(0)] * len(columns)
        if total in index:
            row[index[total]] += 1
        for member in members:
            if member in index:
                row[index[member]] -= 1
        if any(row):
            rows.append(row)
    return {columns[i] for i in _lone_pivots(rows, len(columns))}


def _pinned(counts: Mapping[Key, int], sums: list[Sum], hidden: set, threshold: int) -> set:
    """The hidden cells whose range, narrowed sum by sum, holds one value."""
    low: dict = {}
    high: dict = {}
    for key, count in counts.items():
        if key not in hidden:
            low[key] = high[key] = count
        elif is_small(count, threshold):
            low[key], high[key] = 1, threshold - 1
        else:
            low[key], high[key] = threshold, math.inf
    for _round in range(_NARROWING_ROUNDS):
        changed = False
        for total, members in sums:
            cells = (total, *members)
            # total - members == 0: each cell's range from the ranges of the others.
            sign = {total: 1, **dict.fromkeys(members, -1)}
            for key in cells:
                if key not in hidden:
                    continue
                others = [k for k in cells if k != key]
                # sign[key] * x = -sum(sign[o] * o): the range of the right-hand side.
                rest_low = -sum(high[o] if sign[o] > 0 else -low[o] for o in others)
                rest_high = -sum(low[o] if sign[o] > 0 else -high[o] for o in others)
                if sign[key] < 0:
                    rest_low, rest_high = -rest_high, -rest_low
                if rest_low > low[key]:
                    low[key], changed = rest_low, True
                if rest_high < high[key]:
                    high[key], changed = rest_high, True
        if not changed:
            break
    return {key for key in hidden if low[key] == high[key]}


def _lone_pivots(rows: list[list[Fraction]], width: int) -> list[int]:
    """Reduce `rows` to reduced row echelon form; a unit vector e_i is in their span
    exactly when some reduced row is e_i, i.e. its pivot i is its only non-zero entry."""
    pivot_row = 0
    for column in range(width):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][column]), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        pivot = rows[pivot_row][column]
        rows[pivot_row] = [value / pivot for value in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][column]:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
    lone = []
    for row in rows[:pivot_row]:
        non_zero = [i for i, value in enumerate(row) if value]
        if len(non_zero) == 1:
            lone.append(non_zero[0])
    return lone


def _cells(s: Sum) -> tuple:
    total, members = s
    return (total, *members)


def _hidden_in(s: Sum, hidden: set) -> list:
    return [key for key in _cells(s) if key in hidden]


def _candidates(s: Sum, counts: Mapping[Key, int], hidden: set) -> list:
    """The cells that could be hidden next: shown and not zero; members smallest first,
    then the total."""
    total, members = s
    shown = [m for m in members if m not in hidden and counts[m] > 0]
    ordered = sorted(shown, key=lambda m: counts[m])  # stable: ties keep the sum's order
    if total not in hidden and counts[total] > 0:
        ordered.append(total)
    return ordered


def _complement(s: Sum, counts: Mapping[Key, int], hidden: set) -> Key:
    candidates = _candidates(s, counts, hidden)
    # A sum with one hidden (non-zero) cell always has another non-zero cell: the total,
    # or a member when the hidden one is the total.
    return candidates[0]


def median_shown(value: float | None, count: int, threshold: int = MIN_COUNT) -> float | None:
    """A median is shown only when it is computed from at least `threshold` referrals."""
    if value is None or count < threshold:
        return None
    return value
