"""Small-number suppression (decision 025): every count from 1 to threshold - 1 is hidden, no
hidden count can be worked out from what is shown (a reader in `reader.py` tries, by search),
and no share appears with a base under the share threshold or from a hidden count."""

from collections.abc import Callable, Sequence

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from harbour.scorecard.suppression import (
    Count,
    Kind,
    Medium,
    Rules,
    Share,
    ShareKind,
    Table,
    note,
    share,
    suppress_series,
    suppress_table,
)
from tests.scorecard.reader import other_value, series_problem, table_problem

# Mostly small counts and zeros, where suppression has work to do, with some larger ones.
COUNT = st.one_of(st.sampled_from([0, 0, 1, 1, 2, 3, 5, 6, 7]), st.integers(0, 30))
TINY = st.integers(0, 3)  # tables whose totals are small too
RULES = st.builds(
    Rules, threshold=st.sampled_from([6, 6, 6, 3, 4, 10]), share_base=st.sampled_from([10, 5, 20])
)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[list[int]], Rules]:
    n_rows, n_cols = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    values = draw(st.sampled_from([COUNT, TINY]))
    counts = [[draw(values) for _ in range(n_cols)] for _ in range(n_rows)]
    return counts, draw(RULES)


def table_of(counts: Sequence[Sequence[int]], rules: Rules | None = None) -> Table:
    rows = [f"row {i}" for i in range(len(counts))]
    columns = [f"column {j}" for j in range(len(counts[0]) if counts else 0)]
    return suppress_table(rows, columns, counts, rules)


def figures(
    counts: Sequence[Sequence[int]], rules: Rules | None = None
) -> tuple[Table, list[tuple[Count, int]]]:
    """Each shown figure beside its true value: cells, row totals, column totals, total."""
    table = table_of(counts, rules)
    n_rows, n_cols = len(counts), len(counts[0])
    pairs = [(table.cells[i][j], counts[i][j]) for i in range(n_rows) for j in range(n_cols)]
    pairs += list(zip(table.row_totals, [sum(line) for line in counts], strict=True))
    column_sums = [sum(counts[i][j] for i in range(n_rows)) for j in range(n_cols)]
    pairs += list(zip(table.column_totals, column_sums, strict=True))
    pairs.append((table.total, sum(map(sum, counts))))
    return table, pairs


# --- The properties -----------------------------------------------------------------------


@given(tables())
@settings(max_examples=400, deadline=None)
@example(([[3, 10], [12, 20]], Rules()))
@example(([[1, 1, 1, 1, 1]], Rules()))  # withheld: five 1s adding up to 5
@example(([[0, 0], [0, 0]], Rules()))
@example(([[2]], Rules()))
def test_every_small_count_is_hidden_and_every_shown_one_is_true(
    case: tuple[list[list[int]], Rules],
) -> None:
    counts, rules = case
    table, pairs = figures(counts, rules)

    for shown, true in pairs:
        if table.withheld:
            assert shown.kind is Kind.HIDDEN
        elif rules.is_small(true):
            assert shown.kind is Kind.FEWER_THAN
            assert shown.text() == f"fewer than {rules.threshold}"
        elif shown.kind is Kind.NUMBER:
            assert shown.value == true
        else:
            # "hidden" says "not small, not 0": the reader is entitled to believe it.
            assert shown.kind is Kind.HIDDEN
            assert true >= rules.threshold
        if true == 0 and not table.withheld:
            assert shown.kind is Kind.NUMBER
            assert shown.text() == "0"


@given(tables())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(([[3, 10], [12, 20]], Rules()))
@example(([[1, 6, 30]], Rules()))
@example(([[5], [5]], Rules()))
@example(([[1, 0, 0], [0, 0, 0], [0, 0, 40]], Rules()))
@example(([[1, 1], [1, 1]], Rules(threshold=3)))
def test_no_hidden_count_can_be_worked_out_from_what_is_shown(
    case: tuple[list[list[int]], Rules],
) -> None:
    counts, rules = case
    table = table_of(counts, rules)
    problem = table_problem(table, counts)

    for k, true in enumerate(problem.truth):
        if problem.lows[k] == problem.highs[k]:
            continue  # shown
        second = other_value(problem, k)
        assert second is not None, f"figure {k} ({true}) can be worked out from {table.grid()}"


@given(st.lists(COUNT, min_size=1, max_size=8), RULES)
@settings(max_examples=300, deadline=None)
@example([5, 5], Rules())
@example([1, 6, 30], Rules())
@example([1, 2], Rules())
@example([4], Rules())
def test_a_series_hides_small_counts_and_none_can_be_worked_out(
    counts: list[int], rules: Rules
) -> None:
    series = suppress_series([f"bar {k}" for k in range(len(counts))], counts, rules)
    problem = series_problem(series, counts)

    for shown, true in zip([*series.counts, series.total], problem.truth, strict=True):
        if series.withheld:
            assert shown.kind is Kind.HIDDEN
        else:
            assert (shown.kind is Kind.FEWER_THAN) == rules.is_small(true)
            assert shown.value in (None, true)
    for k in range(len(problem.truth)):
        if problem.lows[k] < problem.highs[k]:
            assert other_value(problem, k) is not None, f"figure {k} of {counts} is recovered"


@given(tables())
@settings(max_examples=300, deadline=None)
def test_shares_appear_only_over_a_large_enough_shown_base(
    case: tuple[list[list[int]], Rules],
) -> None:
    counts, rules = case
    table = table_of(counts, rules)

    for i, row in enumerate(table.rows):
        for j, column in enumerate(table.columns):
            true = counts[i][j]
            row_base = sum(counts[i])
            column_base = sum(line[j] for line in counts)
            for got, base, base_shown in (
                (table.row_share(row, column), row_base, table.row_totals[i]),
                (table.column_share(row, column), column_base, table.column_totals[j]),
            ):
                if got.kind is ShareKind.PERCENT:
                    assert base >= rules.share_base
                    assert base_shown.shown
                    assert table.cells[i][j].shown
                    assert got.percent == round_half_up(100 * true, base)
                else:
                    assert got.percent is None
                    assert "%" not in got.text()
                if base < rules.share_base:
                    assert got.kind is not ShareKind.PERCENT


@given(
    st.sampled_from(list(Kind)),
    st.integers(0, 40),
    st.sampled_from(list(Kind)),
    st.integers(0, 40),
    RULES,
)
def test_a_share_never_comes_from_a_hidden_count(
    numerator_kind: Kind, numerator: int, base_kind: Kind, base: int, rules: Rules
) -> None:
    def count(kind: Kind, value: int) -> Count:
        return Count(kind, value if kind is Kind.NUMBER else None, rules.threshold)

    if numerator_kind is Kind.NUMBER and base_kind is Kind.NUMBER and numerator > base:
        with pytest.raises(ValueError, match="more than its base"):
            share(count(numerator_kind, numerator), count(base_kind, base), rules)
        return

    got = share(count(numerator_kind, numerator), count(base_kind, base), rules)

    shown = numerator_kind is Kind.NUMBER and base_kind is Kind.NUMBER
    assert (got.kind is ShareKind.PERCENT) == (shown and base >= rules.share_base)


def round_half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


@given(tables())
@settings(max_examples=100, deadline=None)
def test_screen_csv_and_print_hide_the_same_counts(case: tuple[list[list[int]], Rules]) -> None:
    counts, rules = case
    first, again = table_of(counts, rules), table_of(counts, rules)
    assert first == again  # the same table is suppressed the same way at every request

    screen, csv, printed = (first.grid(medium) for medium in Medium)
    assert printed == screen
    for screen_line, csv_line in zip(screen, csv, strict=True):
        for on_screen, in_csv in zip(screen_line, csv_line, strict=True):
            assert on_screen.replace(",", "") == in_csv


# --- Examples -----------------------------------------------------------------------------


def test_a_small_cell_hides_the_cheapest_rectangle_and_keeps_the_totals() -> None:
    table = table_of([[3, 10], [12, 20]])

    assert table.grid() == [
        ["", "column 0", "column 1", "Total"],
        ["row 0", "fewer than 6", "hidden", "13"],
        ["row 1", "hidden", "hidden", "32"],
        ["Total", "15", "30", "45"],
    ]


def test_the_smallest_other_cells_are_hidden_not_larger_ones() -> None:
    table = table_of([[2, 40, 7, 9], [30, 30, 30, 30], [8, 50, 6, 50]])

    hidden = {(i, j) for i in range(3) for j in range(4) if not table.cells[i][j].shown}
    # The 2's cheapest rectangle: the 8 below it, the 7 beside it and the 6 that closes it
    # (21 hidden), not the 30s or 40s.
    assert hidden == {(0, 0), (0, 2), (2, 0), (2, 2)}
    assert all(total.shown for total in (*table.row_totals, *table.column_totals, table.total))


def test_a_complement_that_cannot_move_is_passed_over() -> None:
    # Hiding the 6 beside the 1 leaves "1 + (6 or more) = 7": the 1 would be known.
    series = suppress_series(["a", "b", "c"], [1, 6, 30])

    assert [c.text() for c in series.counts] == ["fewer than 6", "6", "hidden"]
    assert series.total.text() == "37"


def test_two_small_counts_that_fill_their_total_hide_the_total() -> None:
    series = suppress_series(["a", "b"], [5, 5])

    assert [c.text() for c in series.counts] == ["fewer than 6", "fewer than 6"]
    assert series.total.text() == "hidden"  # 10 would say both are 5


def test_a_one_row_table_hides_the_column_totals_that_repeat_its_cells() -> None:
    table = table_of([[4, 20, 9]])

    assert table.grid() == [
        ["", "column 0", "column 1", "column 2", "Total"],
        ["row 0", "fewer than 6", "20", "hidden", "33"],
        ["Total", "fewer than 6", "20", "hidden", "33"],
    ]


def test_a_one_column_table() -> None:
    table = table_of([[7], [2], [0], [11]])

    assert [line[1] for line in table.grid()] == [
        "column 0",
        "hidden",
        "fewer than 6",
        "0",
        "11",
        "20",
    ]


def test_small_totals_are_hidden_with_their_parts() -> None:
    table = table_of([[1, 2], [0, 0]])

    assert table.grid() == [
        ["", "column 0", "column 1", "Total"],
        ["row 0", "fewer than 6", "fewer than 6", "fewer than 6"],
        ["row 1", "0", "0", "0"],
        ["Total", "fewer than 6", "fewer than 6", "fewer than 6"],
    ]
    assert not table.withheld


def test_a_table_that_gives_itself_away_is_withheld_in_full() -> None:
    # Five counts, each 1 or more, adding up to "fewer than 6": each must be 1.
    table = table_of([[1, 1, 1, 1, 1], [0, 9, 0, 0, 0]])

    assert table.withheld
    assert {text for line in table.grid()[1:] for text in line[1:]} == {"hidden"}
    assert table.note() == "This table is hidden in full: its numbers are too small to show safely."


def test_zeros_are_shown() -> None:
    table = table_of([[0, 0], [0, 0]])

    assert {text for line in table.grid()[1:] for text in line[1:]} == {"0"}


def test_the_councils_threshold_is_used() -> None:
    table = table_of([[7, 12], [20, 40]], Rules(threshold=10))

    assert table.cells[0][0].text() == "fewer than 10"
    assert table.row_totals[0].text() == "19"
    assert note(Rules(threshold=10, share_base=20)).startswith(
        'Numbers from 1 to 9 are shown as "fewer than 10"'
    )


@pytest.mark.parametrize(
    ("count", "screen", "csv"),
    [
        (Count(Kind.NUMBER, 1234, 6), "1,234", "1234"),
        (Count(Kind.NUMBER, 0, 6), "0", "0"),
        (Count(Kind.FEWER_THAN, None, 6), "fewer than 6", "fewer than 6"),
        (Count(Kind.FEWER_THAN, None, 11), "fewer than 11", "fewer than 11"),
        (Count(Kind.HIDDEN, None, 6), "hidden", "hidden"),
    ],
)
def test_count_text(count: Count, screen: str, csv: str) -> None:
    assert count.text(Medium.SCREEN) == screen
    assert count.text(Medium.PRINT) == screen
    assert count.text(Medium.CSV) == csv


def number(value: int) -> Count:
    return Count(Kind.NUMBER, value, 6)


@pytest.mark.parametrize(
    ("numerator", "base", "text"),
    [
        (number(21), number(50), "42%"),
        (number(1), number(8), "too few to show"),  # base under 10
        (number(0), number(9), "too few to show"),
        (number(0), number(10), "0%"),
        (number(10), number(10), "100%"),
        (number(5 * 3), number(120), "13%"),  # 12.5% rounds up
        (number(1), number(400), "less than 1%"),
        (number(399), number(400), "more than 99%"),
        (Count(Kind.FEWER_THAN, None, 6), number(40), "hidden"),
        (Count(Kind.HIDDEN, None, 6), number(40), "hidden"),
        (number(0), Count(Kind.FEWER_THAN, None, 6), "too few to show"),
        (number(6), Count(Kind.HIDDEN, None, 6), "hidden"),
    ],
)
def test_share_text(numerator: Count, base: Count, text: str) -> None:
    got = share(numerator, base)

    assert got.text(Medium.SCREEN) == got.text(Medium.CSV) == got.text(Medium.PRINT) == text


def test_a_promise_share_from_its_row() -> None:
    # The pledge: each promise's yes / partly / no; "yes" as a share of the promise's answers.
    table = suppress_table(
        ["Promise 1", "Promise 2", "Promise 3", "Promise 4"],
        ["Yes", "Partly", "No"],
        [[21, 19, 10], [3, 2, 2], [40, 0, 8], [9, 9, 9]],
    )

    assert table.row_share("Promise 1", "Yes").text() == "42%"
    assert table.row_share("Promise 2", "Yes").text() == "too few to show"  # 7 answers
    assert table.row_share("Promise 3", "Partly").text() == "0%"
    assert table.cell("Promise 2", "Yes").text() == "fewer than 6"
    # Promise 4's answers hide Promise 2's, so its share is hidden too.
    assert table.cell("Promise 4", "Yes").text() == "hidden"
    assert table.row_share("Promise 4", "Yes").text() == "hidden"


def test_the_note_explains_every_marker() -> None:
    assert note() == (
        'Numbers from 1 to 5 are shown as "fewer than 6", so that no young person can be '
        'identified. Some other numbers are "hidden" so that a small number can\'t be worked '
        "out from the totals. A percentage is shown only where it is out of 10 or more "
        '("too few to show" otherwise). 0 means none.'
    )


def test_a_year_by_month_table_is_suppressed_safely_and_quickly() -> None:
    # Twelve months by five statement types: a board's trend table, many counts small.
    counts = [[(m * 7 + t * 5) % 9 for t in range(5)] for m in range(12)]
    table = suppress_table([f"m{m}" for m in range(12)], [f"t{t}" for t in range(5)], counts)
    problem = table_problem(table, counts)

    assert not table.withheld
    for k in range(len(problem.truth)):
        if problem.lows[k] < problem.highs[k]:
            assert other_value(problem, k) is not None


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: Rules(threshold=2), "at least 3"),
        (lambda: Rules(share_base=0), "at least 1"),
        (lambda: table_of([[1, -1]]), "0 or more"),
        (lambda: table_of([[1, 2], [3]]), "one count per column"),
        (lambda: suppress_table(["a", "a"], ["x"], [[1], [2]]), "unique"),
        (lambda: suppress_series(["a"], [1, 2]), "one count per label"),
        (lambda: share(number(11), number(10)), "more than its base"),
        (lambda: Count(Kind.FEWER_THAN, 3, 6), "only when, it is shown"),
        (lambda: Count(Kind.NUMBER, None, 6), "only when, it is shown"),
        (lambda: Share(ShareKind.PERCENT, 3, None), "only when, it is shown"),
        (lambda: Share(ShareKind.HIDDEN, 3, 10), "only when, it is shown"),
    ],
)
def test_what_is_refused(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
