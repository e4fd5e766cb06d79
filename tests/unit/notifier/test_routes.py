"""Routing is data (送达路由): who gets which alert, decided by the routes file alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from contracts.events.enums import DecidingBody
from services.notifier.adapters.routes_file import DEFAULT_ROUTES, RoutesFileError, load_routes
from services.notifier.domain.alerts import AlertKind
from services.notifier.domain.routes import Routes
from tests.unit.notifier.builders import alert

pytestmark = pytest.mark.unit


def _file(path: str) -> dict[str, Any]:
    return {"channel": "file", "path": path}


def _routes(*routes: dict[str, Any], people: dict[str, str] | None = None) -> Routes:
    recipients = [
        {"id": "org", "name_zh": "组织部", "via": _file("org.jsonl")},
        {"id": "committee", "name_zh": "党委", "via": _file("committee.jsonl")},
        {"id": "edu", "name_zh": "教育学院党总支", "via": _file("edu.jsonl")},
    ]
    for person, address in (people or {}).items():
        recipients.append({"id": f"p-{person}", "name_zh": person, "person_id": person,
                           "via": {"channel": "email", "address": address}})  # fmt: skip
    return Routes.model_validate({"recipients": recipients, "routes": list(routes)})


def _ids(routes: Routes, **alert_of: Any) -> list[str]:
    event_type = alert_of.pop("event_type", "ReminderIssued")
    return [r.id for r in routes.deliveries(alert(event_type, **alert_of))]


def test_the_default_routes_deliver_to_local_files_only() -> None:
    routes = load_routes(DEFAULT_ROUTES)
    assert {r.via.channel.value for r in routes.recipients} == {"file"}
    to_committee = {"proposed_to": DecidingBody.PARTY_COMMITTEE}
    to_department = {"proposed_to": DecidingBody.ORGANIZATION_DEPARTMENT}
    assert _ids(routes) == ["org-department"]
    assert _ids(routes, event_type="CaseResolved") == ["org-department"]
    proposal = "AccountabilityProposed"
    assert _ids(routes, event_type=proposal, **to_committee) == [
        "org-department",
        "party-committee",
    ]
    assert _ids(routes, event_type=proposal, **to_department) == ["org-department"]


def test_units_select_a_subtree_by_id_pattern() -> None:
    routes = _routes({"units": ["gb-edu", "br-edu-*"], "to": ["edu"]})
    assert _ids(routes, organization_id="br-edu-faculty-1") == ["edu"]
    assert _ids(routes, organization_id="gb-edu") == ["edu"]
    assert _ids(routes, organization_id="br-law-faculty-1") == []
    assert _ids(routes, organization_id="gb-education") == []


def test_rungs_match_a_proposals_measures_and_kinds_match_the_reading() -> None:
    routes = _routes(
        {"rungs": ["interview"], "to": ["committee"]},
        {"kinds": ["resolution"], "to": ["edu"]},
    )
    assert _ids(routes, event_type="AccountabilityProposed") == ["committee"]  # notice+interview
    assert _ids(routes, event_type="InterviewRequired") == ["committee"]
    assert _ids(routes, event_type="ReminderIssued") == []
    assert _ids(routes, event_type="CaseResolved") == ["edu"]


def test_the_persons_charged_get_it_and_nobody_else() -> None:
    people = {"p-10021": "secretary@example.edu.cn", "p-99999": "other@example.edu.cn"}
    routes = _routes({"charged": True}, people=people)
    assert _ids(routes) == ["p-p-10021"]  # the example's person_id
    charged = {"person_id": None, "person_ids": ["p-1"], "leading_group_ids": ["p-99999"]}
    assert _ids(routes, **charged) == ["p-p-99999"]


def test_a_correction_also_reaches_the_person_it_no_longer_names() -> None:
    """责任人更正: whoever had the measures is told they no longer stand against them."""
    people = {"p-10021": "former@example.edu.cn", "p-20000": "now@example.edu.cn"}
    routes = _routes({"charged": True}, people=people)
    corrected = "ResponsiblePersonsCorrected"
    assert _ids(routes, event_type=corrected) == ["p-p-10021"]  # withdrawn, nobody named now
    now = {"person_id": "p-20000", "person_ids": ["p-20000"]}
    assert _ids(routes, event_type=corrected, **now) == ["p-p-10021", "p-p-20000"]
    assert _ids(routes, event_type="CaseResolved", **now) == ["p-p-20000"]


def test_a_correction_naming_a_person_reaches_them() -> None:
    """补录任职: the person a correction names from now on is told the measures are theirs."""
    people = {"p-10021": "former@example.edu.cn", "p-20000": "now@example.edu.cn"}
    routes = _routes({"charged": True}, people=people)
    added = {"person_id": "p-20000", "person_ids": ["p-20000"], "withdrawn_person_ids": None,
             "added_person_ids": ["p-20000"]}  # fmt: skip
    assert _ids(routes, event_type="ResponsiblePersonsCorrected", **added) == ["p-p-20000"]


def test_each_recipient_once_in_the_files_order() -> None:
    routes = _routes({"to": ["edu", "org"]}, {"to": ["org", "committee"]}, {"to": ["edu"]})
    assert _ids(routes) == ["org", "committee", "edu"]
    assert _ids(routes) == _ids(routes)


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"routes": [{"to": ["nobody"]}]}, "unknown recipients"),
        ({"recipients": [{"id": "a", "name_zh": "甲", "via": _file("a")}] * 2}, "unique"),
        ({"recipients": [{"id": "h", "name_zh": "钩子",
                          "via": {"channel": "webhook", "url": "https://x.example"}}]}, "secret"),
        ({"recipients": [{"id": "m", "name_zh": "邮箱",
                          "via": {"channel": "email", "address": "not an address"}}]}, "pattern"),
        ({"routes": [{"rungs": ["scolding"]}]}, "rungs"),
    ],
)  # fmt: skip
def test_a_bad_routes_file_is_refused_saying_why(
    tmp_path: Path, document: dict[str, Any], problem: str
) -> None:
    with pytest.raises(ValidationError, match=problem):
        Routes.model_validate(document)
    path = tmp_path / "routes.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(RoutesFileError, match=r"notifier\.routes_invalid.*路由表"):
        load_routes(path)


def test_an_unreadable_file_is_refused() -> None:
    with pytest.raises(RoutesFileError, match="无法读取路由表"):
        load_routes(Path("/nonexistent/routes.yaml"))


def test_every_kind_has_a_chinese_label() -> None:
    assert [k.label_zh for k in AlertKind] == ["问责措施", "问责建议", "办结", "复查结论",
                                               "恢复评优评先资格", "责任人更正", "情况提示",
                                               "情况提示撤回"]  # fmt: skip
