"""scripts/profile.py: reading py-spy's collapsed stacks."""

import pytest

from scripts.profile import inclusive_shares

RAW = """\
main (a.py:1);handle (b.py:10);parse (c.py:5) 6
main (a.py:1);handle (b.py:12);save (d.py:7) 3
main (a.py:1);idle (e.py:2) 1
"""


def test_inclusive_shares_count_a_function_once_per_stack_whatever_its_line():
    total, shares = inclusive_shares(RAW)
    assert total == 10
    assert dict(shares) == pytest.approx(
        {
            "main (a.py)": 1.0,
            "handle (b.py)": 0.9,
            "parse (c.py)": 0.6,
            "save (d.py)": 0.3,
            "idle (e.py)": 0.1,
        }
    )
    assert shares[0][0] == "main (a.py)"


@pytest.mark.parametrize("raw", ["", "\n", "no count here\n"])
def test_nothing_sampled(raw):
    assert inclusive_shares(raw) == (0, [])
