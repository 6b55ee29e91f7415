"""The end-to-end tests share one server, so each young person a test makes needs a name no
other test file uses: a second "Robin" cannot join with the username "robin-views", and a
second "Tamsin" in a PA's caseload makes another test's row ambiguous. Read from the files,
no browser needed."""

import re
from collections import defaultdict
from pathlib import Path

E2E = Path(__file__).parent
MAKES_A_YOUNG_PERSON = re.compile(
    r"(?:join_ready_for_offline|add_young_person|join_with_code_ready_for_offline)"
    r"\([^)]*?\"([A-Z][a-z]+)\"\s*\)",
    re.S,
)
# Older tests that make "Jordan" with usernames of their own (never through the join helpers).
SHARED_ON_PURPOSE = {"Jordan"}


def test_no_two_test_files_make_a_young_person_with_the_same_name() -> None:
    files_by_name: dict[str, set[str]] = defaultdict(set)
    for path in E2E.glob("test_*.py"):
        for name in MAKES_A_YOUNG_PERSON.findall(path.read_text()):
            files_by_name[name].add(path.name)
    assert len(files_by_name) > 20  # the pattern still finds them
    shared = {
        name: sorted(files)
        for name, files in files_by_name.items()
        if len(files) > 1 and name not in SHARED_ON_PURPOSE
    }
    assert shared == {}, "give each test's young person a name of its own"
