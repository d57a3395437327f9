"""What goes under an offline answer: the table without empty columns and a chart that fits."""

import pandas as pd
import pytest

from f1core.chat.offline import _chart_spec, drop_empty_columns
from f1core.chat.question import Parsed
from f1core.store import SessionKey


def test_all_empty_columns_are_dropped_and_partly_empty_ones_kept():
    table = pd.DataFrame({"driver": ["NOR", "ALO"], "q1_s": [None, None], "time_s": [6126.3, None]})
    assert drop_empty_columns(table).columns.tolist() == ["driver", "time_s"]
    assert table.columns.tolist() == ["driver", "q1_s", "time_s"]  # the original is untouched


@pytest.mark.parametrize(
    ("intent", "code", "kind"),
    [("result", "R", "gaps"), ("result", "S", "gaps"), ("result", "Q", None),
     ("fastest_lap", "R", "lap_times"), ("stints", "Q", "stints"), ("weather", "R", None)],
)  # fmt: skip
def test_the_chart_fits_the_question(intent, code, kind):
    spec = _chart_spec(Parsed(intent=intent, key=SessionKey(2025, 1, code)))
    assert (spec or {}).get("kind") == kind
