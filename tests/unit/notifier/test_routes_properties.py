"""Properties of routing over generated routes files: each recipient at most once, in the
file's order; a catch-all route always delivers; a route that matches nothing changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.envelope import examples
from contracts.events.enums import Rung
from services.notifier.domain.alerts import Alert, AlertKind, alert_of
from services.notifier.domain.routes import Routes

pytestmark = pytest.mark.unit

RECIPIENTS = [f"r{i}" for i in range(5)]
ALERTS = [a for a in map(alert_of, examples()) if a is not None]
UNITS = ["br-edu-*", "gb-edu", "br-*", "br-law-faculty-1", "*"]

route = st.fixed_dictionaries(
    {"to": st.lists(st.sampled_from(RECIPIENTS), max_size=3)},
    optional={
        "kinds": st.lists(st.sampled_from([k.value for k in AlertKind]), max_size=2),
        "rungs": st.lists(st.sampled_from([r.value for r in Rung]), max_size=3),
        "units": st.lists(st.sampled_from(UNITS), max_size=2),
    },
)


def _routes(routes: list[dict[str, Any]]) -> Routes:
    recipients = [{"id": r, "name_zh": r, "via": {"channel": "file", "path": f"{r}.jsonl"}}
                  for r in RECIPIENTS]  # fmt: skip
    return Routes.model_validate({"recipients": recipients, "routes": routes})


def _ids(routes: Routes, alert: Alert) -> list[str]:
    return [r.id for r in routes.deliveries(alert)]


@settings(max_examples=80, deadline=None)
@given(routes=st.lists(route, max_size=5), alert=st.sampled_from(ALERTS),
       catch_all=st.sampled_from(RECIPIENTS))  # fmt: skip
def test_routing_properties(routes: list[dict[str, Any]], alert: Alert, catch_all: str) -> None:
    table = _routes(routes)
    found = _ids(table, alert)
    assert found == sorted(set(found), key=RECIPIENTS.index)
    assert found == _ids(table, alert)
    assert catch_all in _ids(_routes([*routes, {"to": [catch_all]}]), alert)
    never = {"units": ["no-such-unit-*"], "to": RECIPIENTS}
    assert _ids(_routes([never, *routes]), alert) == found
