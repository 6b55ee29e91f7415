"""A reader who tries to work out hidden counts, written apart from the module it tests.

The reader sees only what is shown: each number, each "fewer than N" (so 1 to N - 1), each
"hidden" (so N or more: the rules never hide a 0 or a small count that way), or, in a withheld
table, nothing at all (0 or more). They know every row's cells add up to its total, every
column's to its total, and the row totals and the column totals each to the grand total.

A hidden count is recovered when every whole-number table consistent with all that gives it
the same value. `other_value` looks for a second table by search (bounds propagation and
depth-first search over whole numbers), not by the module's network argument, and checks any
table it finds against every rule before returning it."""

from collections.abc import Sequence
from dataclasses import dataclass

from harbour.scorecard.suppression import Count, Kind, Series, Table

Constraint = list[tuple[int, int]]  # (variable, coefficient +1 or -1): the terms add up to 0


class SearchTooLong(Exception):
    """The search ran past its budget: neither proof nor witness (a test should not pass)."""


@dataclass
class Problem:
    """What the reader knows: a range for each figure and the sums that tie them."""

    truth: list[int]
    lows: list[int]
    highs: list[int]
    constraints: list[Constraint]

    def holds(self, values: Sequence[int]) -> bool:
        in_range = all(
            lo <= v <= hi for v, lo, hi in zip(values, self.lows, self.highs, strict=True)
        )
        sums = all(sum(coef * values[k] for k, coef in c) == 0 for c in self.constraints)
        return in_range and sums


def _range(count: Count, withheld: bool, cap: int) -> tuple[int, int]:
    if withheld:
        return 0, cap
    if count.kind is Kind.NUMBER:
        assert count.value is not None
        return count.value, count.value
    if count.kind is Kind.FEWER_THAN:
        return 1, count.threshold - 1
    return count.threshold, cap


def table_problem(table: Table, counts: Sequence[Sequence[int]]) -> Problem:
    n_rows, n_cols = len(table.rows), len(table.columns)
    row_sums = [sum(line) for line in counts]
    col_sums = [sum(counts[i][j] for i in range(n_rows)) for j in range(n_cols)]
    grand = sum(row_sums)
    # Room for a second table above the first: a hidden count may be larger than any true one.
    cap = 2 * grand + 2 * table.rules.threshold
    figures: list[tuple[Count, int]] = []
    for i in range(n_rows):
        figures += [(table.cells[i][j], counts[i][j]) for j in range(n_cols)]
    figures += list(zip(table.row_totals, row_sums, strict=True))
    figures += list(zip(table.column_totals, col_sums, strict=True))
    figures.append((table.total, grand))

    def cell(i: int, j: int) -> int:
        return i * n_cols + j

    def row_total(i: int) -> int:
        return n_rows * n_cols + i

    def col_total(j: int) -> int:
        return n_rows * n_cols + n_rows + j

    total = len(figures) - 1
    constraints: list[Constraint] = []
    for i in range(n_rows):
        constraints.append([(cell(i, j), 1) for j in range(n_cols)] + [(row_total(i), -1)])
    for j in range(n_cols):
        constraints.append([(cell(i, j), 1) for i in range(n_rows)] + [(col_total(j), -1)])
    constraints.append([(row_total(i), 1) for i in range(n_rows)] + [(total, -1)])
    constraints.append([(col_total(j), 1) for j in range(n_cols)] + [(total, -1)])
    return _problem(figures, table.withheld, cap, constraints)


def series_problem(series: Series, counts: Sequence[int]) -> Problem:
    grand = sum(counts)
    cap = 2 * grand + 2 * series.rules.threshold
    figures = [*zip(series.counts, counts, strict=True), (series.total, grand)]
    constraints = [[(k, 1) for k in range(len(counts))] + [(len(counts), -1)]]
    return _problem(figures, series.withheld, cap, constraints)


def _problem(
    figures: list[tuple[Count, int]], withheld: bool, cap: int, constraints: list[Constraint]
) -> Problem:
    ranges = [_range(count, withheld, cap) for count, _ in figures]
    return Problem(
        truth=[value for _, value in figures],
        lows=[lo for lo, _ in ranges],
        highs=[hi for _, hi in ranges],
        constraints=constraints,
    )


def other_value(problem: Problem, k: int, budget: int = 200_000) -> list[int] | None:
    """A whole-number table the reader can't rule out in which figure k is not its true value;
    None if there is none (figure k is recovered)."""
    truth = problem.truth[k]
    for lo, hi in ((truth + 1, problem.highs[k]), (problem.lows[k], truth - 1)):
        if lo > hi:
            continue
        lows, highs = list(problem.lows), list(problem.highs)
        lows[k], highs[k] = lo, hi
        found = _search(lows, highs, problem, [budget])
        if found is not None:
            assert problem.holds(found), "the search returned a table that breaks the rules"
            assert found[k] != truth
            return found
    return None


def _search(
    lows: list[int], highs: list[int], problem: Problem, budget: list[int]
) -> list[int] | None:
    budget[0] -= 1
    if budget[0] < 0:
        raise SearchTooLong
    if not _propagate(lows, highs, problem.constraints):
        return None
    open_ = [k for k in range(len(lows)) if lows[k] < highs[k]]
    if not open_:
        return list(lows)
    k = min(open_, key=lambda v: (highs[v] - lows[v], v))
    # Try values near the true one first: a second table, if any, is usually close by.
    near = problem.truth[k]
    for value in sorted(range(lows[k], highs[k] + 1), key=lambda v: (abs(v - near), v)):
        next_lows, next_highs = list(lows), list(highs)
        next_lows[k] = next_highs[k] = value
        found = _search(next_lows, next_highs, problem, budget)
        if found is not None:
            return found
    return None


def _propagate(lows: list[int], highs: list[int], constraints: list[Constraint]) -> bool:
    """Narrow each range by each sum until nothing changes; False if some range empties."""
    changed = True
    while changed:
        changed = False
        for terms in constraints:
            least = sum(lows[k] if c > 0 else -highs[k] for k, c in terms)
            most = sum(highs[k] if c > 0 else -lows[k] for k, c in terms)
            if least > 0 or most < 0:
                return False
            for k, c in terms:
                rest_least = least - (lows[k] if c > 0 else -highs[k])
                rest_most = most - (highs[k] if c > 0 else -lows[k])
                # c * x + rest = 0, so c * x lies in [-rest_most, -rest_least].
                lo, hi = (-rest_most, -rest_least) if c > 0 else (rest_least, rest_most)
                if lo > lows[k]:
                    lows[k], changed = lo, True
                if hi < highs[k]:
                    highs[k], changed = hi, True
                if lows[k] > highs[k]:
                    return False
    return True
