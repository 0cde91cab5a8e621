"""Small-count suppression (referrals/selectors/suppression.py): a count from 1 to 4 is
never shown, and no shown total lets one be worked out."""

import itertools

import pytest

from referrals.selectors.suppression import (
    HIDDEN,
    MIN_COUNT,
    SHOWN,
    SMALL,
    Cell,
    derivable,
    is_small,
    median_shown,
    suppress,
)


def statuses(cells: dict) -> dict:
    return {key: cell.status for key, cell in cells.items()}


def shown_values(cells: dict) -> dict:
    return {key: cell.count for key, cell in cells.items() if cell.shown}


def solvable(counts: dict, sums: list, cells: dict, *, largest: int = 30) -> set:
    """The hidden cells a reader could work out exactly, by brute force: every assignment
    of the hidden cells (up to `largest`) that keeps every sum true and fits what the
    page says (a "<5" is 1 to 4, a hidden count is 5 or more: it would say "<5" else).
    A cell is worked out when it has one value in all of them."""
    hidden = [key for key, cell in cells.items() if not cell.shown]
    ranges = []
    for key in hidden:
        if cells[key].status == SMALL:
            ranges.append(range(1, MIN_COUNT))
        else:
            ranges.append(range(MIN_COUNT, largest + 1))
    values: dict = {key: set() for key in hidden}
    for combination in itertools.product(*ranges):
        guess = {**shown_values(cells), **dict(zip(hidden, combination, strict=True))}
        if all(guess[total] == sum(guess[m] for m in members) for total, members in sums):
            for key, value in zip(hidden, combination, strict=True):
                values[key].add(value)
    assert all(values[key] for key in hidden), "the true values are a solution"
    return {key for key in hidden if len(values[key]) == 1}


# --- Primary suppression ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "status"),
    [(0, SHOWN), (1, SMALL), (2, SMALL), (3, SMALL), (4, SMALL), (5, SHOWN), (120, SHOWN)],
)
def test_counts_from_one_to_four_are_small_and_zero_is_shown(count, status):
    cell = suppress({"cell": count})["cell"]

    assert cell.status == status
    assert cell.count == (None if status == SMALL else count)


def test_a_small_count_is_never_in_the_result():
    cells = suppress({"a": 3, "b": 7, "c": 0})

    assert cells == {"a": Cell(None, SMALL), "b": Cell(7, SHOWN), "c": Cell(0, SHOWN)}


def test_the_threshold_is_five():
    assert MIN_COUNT == 5
    assert [n for n in range(10) if is_small(n)] == [1, 2, 3, 4]


# --- Secondary suppression: the differencing case --------------------------------------


def test_total_12_of_9_and_3_does_not_give_the_3_away():
    counts = {"total": 12, "a": 9, "b": 3}
    sums = [("total", ["a", "b"])]

    cells = suppress(counts, sums)

    assert cells["b"] == Cell(None, SMALL)
    # Shown: the 9 and the 12 would make the 3; one of them is hidden.
    assert not (cells["a"].shown and cells["total"].shown)
    assert statuses(cells) == {"total": SHOWN, "a": HIDDEN, "b": SMALL}
    assert solvable(counts, sums, cells) == set()


def test_the_next_smallest_cell_is_the_complement():
    counts = {"total": 32, "a": 15, "b": 3, "c": 6, "d": 8, "e": 0}
    sums = [("total", ["a", "b", "c", "d", "e"])]

    cells = suppress(counts, sums)

    assert statuses(cells) == {
        "total": SHOWN,  # the total is worth more than the second-smallest cell
        "a": SHOWN,
        "b": SMALL,
        "c": HIDDEN,
        "d": SHOWN,
        "e": SHOWN,  # a zero is always shown: hiding it would protect nothing
    }
    assert solvable(counts, sums, cells) == set()


def test_a_zero_is_never_the_complement_the_total_is_hidden_instead():
    counts = {"total": 3, "a": 3, "b": 0, "c": 0}
    sums = [("total", ["a", "b", "c"])]

    cells = suppress(counts, sums)

    assert statuses(cells) == {"total": SMALL, "a": SMALL, "b": SHOWN, "c": SHOWN}


def test_with_no_other_cell_to_hide_the_total_is_withheld():
    counts = {"total": 9, "a": 9, "b": 0}
    sums = [("total", ["a", "b"])]
    assert statuses(suppress(counts, sums)) == {"total": SHOWN, "a": SHOWN, "b": SHOWN}

    counts = {"total": 7, "a": 2, "b": 0, "c": 5}
    cells = suppress(counts, [("total", ["a", "b", "c"])])

    # 7 - 0 - 5 = 2: the 5 is the only other non-zero cell, so it is hidden.
    assert statuses(cells) == {"total": SHOWN, "a": SMALL, "b": SHOWN, "c": HIDDEN}


def test_a_total_that_pins_both_hidden_cells_is_withheld():
    # 6 of "<5" and a hidden count: the hidden one is at least 5, so they are 1 and 5.
    counts = {"total": 6, "a": 1, "b": 5}
    sums = [("total", ["a", "b"])]

    cells = suppress(counts, sums)

    assert statuses(cells) == {"total": HIDDEN, "a": SMALL, "b": HIDDEN}
    assert solvable(counts, sums, cells) == set()


def test_two_ones_would_give_each_other_away():
    # Two "<5" that add up to 2 are both 1: a third count is hidden with them.
    counts = {"total": 17, "a": 1, "b": 1, "c": 15}
    sums = [("total", ["a", "b", "c"])]

    cells = suppress(counts, sums)

    assert statuses(cells) == {"total": SHOWN, "a": SMALL, "b": SMALL, "c": HIDDEN}
    assert solvable(counts, sums, cells) == set()


def test_every_small_table_leaves_nothing_to_work_out():
    """Every table of three counts from 0 to 7 with its total: no count from 1 to 4 is
    shown, and a reader who knows the rule can work out no hidden count."""
    for values in itertools.product([0, 1, 2, 4, 5, 6, 7], repeat=3):
        counts = {"total": sum(values), **dict(zip("abc", values, strict=True))}
        sums = [("total", ["a", "b", "c"])]

        cells = suppress(counts, sums)

        assert not any(is_small(cell.count) for cell in cells.values() if cell.shown), values
        assert solvable(counts, sums, cells, largest=counts["total"] + MIN_COUNT) == set(), values


def test_two_small_cells_protect_each_other():
    counts = {"total": 20, "a": 2, "b": 3, "c": 15}
    sums = [("total", ["a", "b", "c"])]

    cells = suppress(counts, sums)

    assert statuses(cells) == {"total": SHOWN, "a": SMALL, "b": SMALL, "c": SHOWN}
    assert solvable(counts, sums, cells) == set()


def test_a_small_total_hides_its_cells():
    counts = {"total": 4, "a": 4, "b": 0}

    cells = suppress(counts, [("total", ["a", "b"])])

    assert statuses(cells) == {"total": SMALL, "a": SMALL, "b": SHOWN}


def test_ties_take_the_first_cell_in_the_sums_order():
    counts = {"total": 22, "a": 8, "b": 6, "c": 6, "d": 2}

    cells = suppress(counts, [("total", ["a", "b", "c", "d"])])

    assert statuses(cells) == {"total": SHOWN, "a": SHOWN, "b": HIDDEN, "c": SHOWN, "d": SMALL}


# --- Linked tables: the closed referrals are a row of one table and the total of another


STATES = ["sent", "accepted", "closed", "declined"]
OUTCOMES = ["takes_part", "not_reached", "other"]
LINKED = [("total", STATES), ("closed", OUTCOMES)]


def linked(**counts) -> dict:
    counts["closed"] = sum(counts[o] for o in OUTCOMES)
    counts["total"] = sum(counts[s] for s in STATES)
    return counts


def test_a_small_outcome_is_protected_inside_its_own_table():
    counts = linked(sent=6, accepted=7, declined=5, takes_part=9, not_reached=3, other=6)

    cells = suppress(counts, LINKED)

    assert cells["not_reached"].status == SMALL
    assert cells["other"].status == HIDDEN  # the next smallest outcome
    assert cells["closed"].shown
    assert cells["total"].shown
    assert solvable(counts, LINKED, cells) == set()


def test_hiding_a_subtotal_carries_the_protection_into_its_table():
    # "sent" is small; the next smallest state is "closed", the other table's total. Once
    # it is hidden, the outcomes would add up to it, so one of them is hidden too.
    counts = linked(sent=2, accepted=9, declined=8, takes_part=5, not_reached=0, other=0)

    cells = suppress(counts, LINKED)

    assert statuses(cells) == {
        "sent": SMALL,
        "accepted": SHOWN,
        "closed": HIDDEN,
        "declined": SHOWN,
        "takes_part": HIDDEN,
        "not_reached": SHOWN,
        "other": SHOWN,
        "total": SHOWN,
    }
    assert solvable(counts, LINKED, cells) == set()


def test_every_linked_table_leaves_nothing_to_work_out():
    """Every mix of zero, small and large counts in the linked tables: no count from 1 to
    4 is shown, and a reader who knows the rule can work out no hidden count."""
    values = [0, 2, 6]
    for sent, accepted, declined, takes_part, not_reached, other in itertools.product(
        values, repeat=6
    ):
        counts = linked(
            sent=sent,
            accepted=accepted,
            declined=declined,
            takes_part=takes_part,
            not_reached=not_reached,
            other=other,
        )

        cells = suppress(counts, LINKED)

        assert not any(is_small(cell.count) for cell in cells.values() if cell.shown), counts
        # A narrower range can only make more cells look solvable, never fewer.
        largest = max(counts.values()) + MIN_COUNT
        assert solvable(counts, LINKED, cells, largest=largest) == set(), counts


def test_the_audit_catches_what_the_lone_cell_rule_misses():
    # Three sums over three cells, each with two hidden cells: each sum looks safe, but
    # together they solve the system (x = (t1 + t2 - t3) / 2).
    counts = {"t1": 9, "t2": 10, "t3": 13, "x": 3, "y": 6, "z": 7}
    sums = [("t1", ["x", "y"]), ("t2", ["x", "z"]), ("t3", ["y", "z"])]
    assert derivable(counts, sums, {"x", "y", "z"}) == {"x", "y", "z"}

    cells = suppress(counts, sums)

    assert cells["x"].status == SMALL
    hidden = {key for key, cell in cells.items() if not cell.shown}
    assert derivable(counts, sums, hidden) == set()
    assert solvable(counts, sums, cells) == set()


def test_a_two_way_table_with_margins():
    # Rows a, b; columns 1, 2; the margins and the grand total are shown.
    counts = {"a1": 2, "a2": 10, "b1": 8, "b2": 9, "a": 12, "b": 17, "c1": 10, "c2": 19, "n": 29}
    sums = [
        ("a", ["a1", "a2"]),
        ("b", ["b1", "b2"]),
        ("c1", ["a1", "b1"]),
        ("c2", ["a2", "b2"]),
        ("n", ["a", "b"]),
        ("n", ["c1", "c2"]),
    ]

    cells = suppress(counts, sums)

    assert cells["a1"].status == SMALL
    assert solvable(counts, sums, cells) == set()


def test_sums_that_do_not_add_up_are_refused():
    with pytest.raises(ValueError, match="do not add up"):
        suppress({"total": 10, "a": 3, "b": 3}, [("total", ["a", "b"])])


def test_derivable_with_nothing_hidden_is_empty():
    assert derivable({"t": 5, "a": 5}, [("t", ["a"])], set()) == set()


# --- Medians --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "count", "shown"),
    [(2.5, 5, 2.5), (2.5, 4, None), (2.5, 0, None), (None, 7, None), (0.0, 12, 0.0)],
)
def test_a_median_of_fewer_than_five_is_not_shown(value, count, shown):
    assert median_shown(value, count) == shown
