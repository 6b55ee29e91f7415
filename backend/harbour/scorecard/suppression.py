"""Small numbers on the board's scorecard: hidden, and not recoverable by subtraction.

The rules (docs/decisions/025-small-number-suppression.md):

- **Primary**: a count from 1 to `threshold - 1` (1 to 5 by default) is shown as "fewer than
  6". A 0 is shown as 0: a true zero names nobody.
- **Secondary**: no hidden count may be worked out from what is shown. A table is a circulation
  in a small network (its row totals add up to the grand total, each row's cells to its row
  total, each column's to its column total), and a reader who knows the rules knows a
  "fewer than 6" is 1 to 5 and a "hidden" number is 6 or more. A hidden count is pinned (can be
  worked out) exactly when no cycle of hidden counts can move it up or down by one and stay
  within what the reader knows. Each pinned count gets the cheapest such cycle, hiding the
  smallest shown cells it needs (cells before totals, the grand total last), until nothing
  hidden is pinned. If no cycle exists at all, the whole table is withheld.
- **Shares**: a percentage is shown only when its numerator and base are both shown numbers
  and the base is at least `share_base` (10 by default), so no share is worked out from hidden
  data.

Every screen, CSV and print takes its words from `Count.text` and `Share.text`, so the three
show the same things hidden. This module is pure: no database, no web framework.
"""

import heapq
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

DEFAULT_THRESHOLD = 6
DEFAULT_SHARE_BASE = 10


class Medium(StrEnum):
    """Where a figure is shown. The same counts are hidden in each; only number formats differ."""

    SCREEN = "screen"
    CSV = "csv"
    PRINT = "print"


class Kind(StrEnum):
    NUMBER = "number"  # shown as it is
    FEWER_THAN = "fewer_than"  # a small count: 1 to threshold - 1
    HIDDEN = "hidden"  # hidden so that a small count can't be worked out (or the table withheld)


class ShareKind(StrEnum):
    PERCENT = "percent"
    SMALL_BASE = "small_base"  # the base is under the share threshold
    HIDDEN = "hidden"  # the numerator or the base is hidden


@dataclass(frozen=True)
class Rules:
    """A council's small-number rules. `threshold` 6: counts 1 to 5 are hidden. Below 3,
    "fewer than 2" would say the count is exactly 1, so 3 is the least allowed."""

    threshold: int = DEFAULT_THRESHOLD
    share_base: int = DEFAULT_SHARE_BASE

    def __post_init__(self) -> None:
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, int):
            raise TypeError("threshold must be a whole number")
        if isinstance(self.share_base, bool) or not isinstance(self.share_base, int):
            raise TypeError("share_base must be a whole number")
        if self.threshold < 3:
            raise ValueError("threshold must be at least 3")
        if self.share_base < 1:
            raise ValueError("share_base must be at least 1")

    def is_small(self, count: int) -> bool:
        return 0 < count < self.threshold


@dataclass(frozen=True)
class Count:
    """One figure as it may be shown: a number, "fewer than N", or "hidden"."""

    kind: Kind
    value: int | None  # only for NUMBER
    threshold: int

    def __post_init__(self) -> None:
        if (self.kind is Kind.NUMBER) != (self.value is not None):
            raise ValueError("a count has a value when, and only when, it is shown")

    @property
    def shown(self) -> bool:
        return self.kind is Kind.NUMBER

    def text(self, medium: Medium = Medium.SCREEN) -> str:
        if self.kind is Kind.FEWER_THAN:
            return f"fewer than {self.threshold}"
        if self.kind is Kind.HIDDEN:
            return "hidden"
        assert self.value is not None
        return str(self.value) if medium is Medium.CSV else f"{self.value:,}"


@dataclass(frozen=True)
class Share:
    """A percentage as it may be shown. Numerator and base are kept only when both are shown
    numbers (so they say nothing the table does not)."""

    kind: ShareKind
    numerator: int | None
    base: int | None

    def __post_init__(self) -> None:
        shown = self.kind is ShareKind.PERCENT
        if shown != (self.numerator is not None and self.base is not None and self.base > 0):
            raise ValueError("a share has a numerator and base when, and only when, it is shown")

    @property
    def percent(self) -> int | None:
        """Whole percent, half rounded up; None unless shown."""
        if self.numerator is None or self.base is None:
            return None
        return (200 * self.numerator + self.base) // (2 * self.base)

    def text(self, medium: Medium = Medium.SCREEN) -> str:
        del medium  # the same words in every medium
        if self.kind is ShareKind.SMALL_BASE:
            return "too few to show"
        if self.kind is ShareKind.HIDDEN:
            return "hidden"
        assert self.numerator is not None
        assert self.base is not None
        percent = self.percent
        # Whole percents never round someone away: 1 in 400 is not "0%", 399 in 400 not "100%".
        if percent == 0 and self.numerator > 0:
            return "less than 1%"
        if percent == 100 and self.numerator < self.base:
            return "more than 99%"
        return f"{percent}%"


def share(numerator: Count, base: Count, rules: Rules | None = None) -> Share:
    """The share `numerator` is of `base`, from counts already suppressed (never raw ones), so a
    percentage can't reveal a hidden count."""
    rules = rules or Rules()
    if numerator.value is not None and base.value is not None and numerator.value > base.value:
        raise ValueError("a share's numerator can't be more than its base")
    # A base known to be small says so, whatever the numerator: that much is shown already.
    if base.value is not None and base.value < rules.share_base:
        return Share(ShareKind.SMALL_BASE, None, None)
    if base.kind is Kind.FEWER_THAN and base.threshold <= rules.share_base:
        return Share(ShareKind.SMALL_BASE, None, None)
    if base.value is None or numerator.value is None:
        return Share(ShareKind.HIDDEN, None, None)
    return Share(ShareKind.PERCENT, numerator.value, base.value)


def note(rules: Rules | None = None, *, withheld: bool = False) -> str:
    """The explanation printed with every suppressed table, chart, CSV and print."""
    rules = rules or Rules()
    if withheld:
        return "This table is hidden in full: its numbers are too small to show safely."
    smallest_shown = rules.threshold
    return (
        f'Numbers from 1 to {smallest_shown - 1} are shown as "fewer than {smallest_shown}", '
        f"so that no young person can be identified. Some other numbers are "
        f'"hidden" so that a small number can\'t be worked out from the totals. '
        f"A percentage is shown only where it is out of {rules.share_base} or more "
        f'("too few to show" otherwise). 0 means none.'
    )


@dataclass(frozen=True)
class Table:
    """A suppressed table: row labels by column labels, with row, column and grand totals."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Count, ...], ...]
    row_totals: tuple[Count, ...]
    column_totals: tuple[Count, ...]
    total: Count
    withheld: bool
    rules: Rules

    def cell(self, row: str, column: str) -> Count:
        return self.cells[self.rows.index(row)][self.columns.index(column)]

    def row_share(self, row: str, column: str) -> Share:
        """A cell's share of its row total (e.g. a promise's "yes" of all its answers)."""
        return share(self.cell(row, column), self.row_totals[self.rows.index(row)], self.rules)

    def column_share(self, row: str, column: str) -> Share:
        """A cell's share of its column total."""
        return share(
            self.cell(row, column), self.column_totals[self.columns.index(column)], self.rules
        )

    def grid(self, medium: Medium = Medium.SCREEN, corner: str = "") -> list[list[str]]:
        """The table as text, header and totals included: what a CSV writes and a print shows."""
        lines = [[corner, *self.columns, "Total"]]
        for label, cells, row_total in zip(self.rows, self.cells, self.row_totals, strict=True):
            lines.append([label, *(c.text(medium) for c in cells), row_total.text(medium)])
        lines.append(
            ["Total", *(c.text(medium) for c in self.column_totals), self.total.text(medium)]
        )
        return lines

    def note(self) -> str:
        return note(self.rules, withheld=self.withheld)


@dataclass(frozen=True)
class Series:
    """A suppressed series of counts with their total (a bar chart's bars)."""

    labels: tuple[str, ...]
    counts: tuple[Count, ...]
    total: Count
    withheld: bool
    rules: Rules

    def count(self, label: str) -> Count:
        return self.counts[self.labels.index(label)]

    def share(self, label: str) -> Share:
        """A count's share of the total."""
        return share(self.count(label), self.total, self.rules)

    def note(self) -> str:
        return note(self.rules, withheld=self.withheld)


def suppress_table(
    rows: Sequence[str],
    columns: Sequence[str],
    counts: Sequence[Sequence[int]],
    rules: Rules | None = None,
) -> Table:
    """Suppress a table of counts (`counts[i][j]` for row i, column j). Totals are computed here
    and are assumed shown, so the table is safe whichever of them a page leaves out."""
    rules = rules or Rules()
    _unique("row", rows)
    _unique("column", columns)
    if len(counts) != len(rows) or any(len(line) != len(columns) for line in counts):
        raise ValueError("counts must have one line per row and one count per column")
    for line in counts:
        for value in line:
            _check_count(value)

    # Nodes: 0 the source, 1 the sink, then one per row and one per column. Each count is an
    # arc: source -> row (its total), row -> column (a cell), column -> sink (its total), and
    # sink -> source (the grand total), so every node's inflow equals its outflow.
    n_rows, n_cols = len(rows), len(columns)
    network = _Network(rules.threshold)
    for i in range(n_rows):
        for j in range(n_cols):
            network.add(2 + i, 2 + n_rows + j, counts[i][j], tier=0)
    row_sums = [sum(line) for line in counts]
    column_sums = [sum(counts[i][j] for i in range(n_rows)) for j in range(n_cols)]
    for i in range(n_rows):
        network.add(0, 2 + i, row_sums[i], tier=1)
    for j in range(n_cols):
        network.add(2 + n_rows + j, 1, column_sums[j], tier=1)
    network.add(1, 0, sum(row_sums), tier=2)

    shown = network.suppress()
    cells = tuple(tuple(shown[i * n_cols + j] for j in range(n_cols)) for i in range(n_rows))
    first_total = n_rows * n_cols
    return Table(
        rows=tuple(rows),
        columns=tuple(columns),
        cells=cells,
        row_totals=tuple(shown[first_total : first_total + n_rows]),
        column_totals=tuple(shown[first_total + n_rows : first_total + n_rows + n_cols]),
        total=shown[-1],
        withheld=network.withheld,
        rules=rules,
    )


def suppress_series(
    labels: Sequence[str], counts: Sequence[int], rules: Rules | None = None
) -> Series:
    """Suppress a series of counts and their total (assumed shown)."""
    rules = rules or Rules()
    _unique("label", labels)
    if len(labels) != len(counts):
        raise ValueError("counts must have one count per label")
    for value in counts:
        _check_count(value)
    # Two nodes: every count runs from the first to the second, the total back.
    network = _Network(rules.threshold)
    for value in counts:
        network.add(0, 1, value, tier=0)
    network.add(1, 0, sum(counts), tier=2)
    shown = network.suppress()
    return Series(
        labels=tuple(labels),
        counts=tuple(shown[:-1]),
        total=shown[-1],
        withheld=network.withheld,
        rules=rules,
    )


def _unique(what: str, labels: Sequence[str]) -> None:
    if len(set(labels)) != len(labels):
        raise ValueError(f"{what} labels must be unique")


def _check_count(value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("counts must be whole numbers, 0 or more")


@dataclass
class _Arc:
    """One count in the network, from node `tail` to node `head`."""

    tail: int
    head: int
    value: int
    tier: int  # 0 a cell, 1 a row or column total, 2 the grand total: hidden in that order
    hidden: bool = False
    small: bool = False  # hidden as "fewer than N"


class _Network:
    """A table's counts as a circulation, and the search for what else to hide.

    What a reader knows is each shown count, 1..t-1 for a "fewer than t", t or more for a
    "hidden" count (zeros and small counts are never hidden that way), and that flow is
    conserved at every node. The system's matrix is a network's incidence matrix (totally
    unimodular), so the whole numbers a hidden count can take are exactly a range, and the
    true table is one solution: a count can take another value if and only if a cycle through
    it, of hidden counts each able to move by one in its direction, exists (moving one unit
    round it gives another whole-number table the reader can't tell apart)."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.arcs: list[_Arc] = []
        self.withheld = False

    def add(self, tail: int, head: int, value: int, tier: int) -> None:
        self.arcs.append(_Arc(tail, head, value, tier))

    def suppress(self) -> list[Count]:
        t = self.threshold
        queue: deque[int] = deque()
        for index, arc in enumerate(self.arcs):
            if 0 < arc.value < t:
                arc.hidden = arc.small = True
                queue.append(index)
        # Hiding more only widens what the reader can't tell apart, so a count once shown to
        # move stays so: each hidden count is checked once, those hidden for it after it.
        while queue:
            index = queue.popleft()
            if self._cheapest_cycle(index, may_hide=False) is not None:
                continue
            to_hide = self._cheapest_cycle(index, may_hide=True)
            if to_hide is None:
                self.withheld = True
                break
            for other in to_hide:
                self.arcs[other].hidden = True
                queue.append(other)
        return [self._shown(arc) for arc in self.arcs]

    def _shown(self, arc: _Arc) -> Count:
        t = self.threshold
        if self.withheld or (arc.hidden and not arc.small):
            return Count(Kind.HIDDEN, None, t)
        if arc.hidden:
            return Count(Kind.FEWER_THAN, None, t)
        return Count(Kind.NUMBER, arc.value, t)

    def _can_rise(self, arc: _Arc) -> bool:
        return not arc.small or arc.value < self.threshold - 1

    def _can_fall(self, arc: _Arc) -> bool:
        return arc.value > (1 if arc.small else self.threshold)

    def _cheapest_cycle(self, index: int, may_hide: bool) -> list[int] | None:
        """The shown counts to hide so that the hidden count `index` can move (empty if it
        already can), cheapest first; None if no cycle can move it."""
        arc = self.arcs[index]
        found: list[tuple[int, list[int]]] = []
        if self._can_rise(arc):  # the rest of the cycle carries one more unit head -> tail
            path = self._cheapest_path(arc.head, arc.tail, index, may_hide)
            if path is not None:
                found.append(path)
        if self._can_fall(arc):
            path = self._cheapest_path(arc.tail, arc.head, index, may_hide)
            if path is not None:
                found.append(path)
        return min(found, key=lambda cost_and_path: cost_and_path[0])[1] if found else None

    def _cheapest_path(
        self, start: int, goal: int, skip: int, may_hide: bool
    ) -> tuple[int, list[int]] | None:
        """Dijkstra over the moves one unit can make: along a count that can rise, against one
        that can fall. A hidden count is free; a shown one (never a zero, which must stay
        shown) costs its value, a total more than any run of cells, the grand total most."""
        t = self.threshold
        cell_sum = sum(a.value for a in self.arcs if a.tier == 0) + 1
        tier_cost = (0, cell_sum, cell_sum * (len(self.arcs) + 1))
        moves: dict[int, list[tuple[int, int, int]]] = {}  # node -> (next node, arc, cost)
        for index, arc in enumerate(self.arcs):
            if index == skip:
                continue
            if arc.hidden:
                cost = 0
                rise, fall = self._can_rise(arc), self._can_fall(arc)
            elif may_hide and arc.value >= t:
                # Once hidden it reads "t or more": it can always rise, and fall if above t.
                cost = arc.value + tier_cost[arc.tier]
                rise, fall = True, arc.value > t
            else:
                continue
            if rise:
                moves.setdefault(arc.tail, []).append((arc.head, index, cost))
            if fall:
                moves.setdefault(arc.head, []).append((arc.tail, index, cost))

        best = {start: 0}
        came_by: dict[int, tuple[int, int]] = {}  # node -> (previous node, arc)
        heap = [(0, start)]
        while heap:
            cost, node = heapq.heappop(heap)
            if node == goal:
                hidden_on_way: list[int] = []
                while node != start:
                    node, arc_index = came_by[node]
                    if not self.arcs[arc_index].hidden:
                        hidden_on_way.append(arc_index)
                return cost, sorted(hidden_on_way)
            if cost > best[node]:
                continue
            for next_node, arc_index, step in moves.get(node, []):
                if cost + step < best.get(next_node, cost + step + 1):
                    best[next_node] = cost + step
                    came_by[next_node] = (node, arc_index)
                    heapq.heappush(heap, (cost + step, next_node))
        return None
