"""Subtree placement (按子树分区): homes, the ``UnitPlaced`` copies, and where each fact goes."""

from __future__ import annotations

import json
from datetime import date, datetime

from contracts.envelope import Envelope, new_envelope
from contracts.events import activities, oversight, structure
from contracts.events.base import Payload
from contracts.events.enums import Office, OrganizationKind
from contracts.events.placement import SharedHolder, StructureShared, UnitPlaced
from services.registry.domain.clock import SHANGHAI
from services.registry.domain.organizations import Organization
from services.registry.domain.placement import Placement
from tests.placement import placed_log, subtree_registry
from tests.unit.duties.builders import History, make

WHEN = datetime(2018, 1, 1, 20, tzinfo=SHANGHAI)
ON = date(2018, 1, 1)


def _env(payload: Payload, id: str = "e") -> Envelope:
    return new_envelope(payload, id=id, source="urn:test", time=WHEN)


def _facts(history: History) -> list[Envelope]:
    return [env for env, _ in history.events]


def _appointed(org: str, person: str) -> Envelope:
    history = History()
    history.appoint(org, person, "secretary", ON)
    return _facts(history)[0]


def _tree(partitions: int = 3) -> Placement:
    """A committee, three general branches and a branch under the second, with secretaries."""
    history = History()
    history.unit("cmt", "party_committee", None, "p-cmt", ON)
    for gb in ("gb-a", "gb-b", "gb-c"):
        history.unit(gb, "general_branch", "cmt", f"p-{gb}", ON)
    history.unit("br-b1", "branch", "gb-b", "p-br", ON, category="faculty")
    placement = Placement(partitions)
    for env in _facts(history):
        _place(placement, env)
    return placement


def _place(placement: Placement, env: Envelope) -> tuple[list[Envelope], list[int]]:
    def undescribed(org: str) -> Organization:
        raise AssertionError(f"{org}: no move here needs a record")

    return placement.place(env, WHEN, undescribed)


def _established(org: str, kind: str, parent: str | None) -> Envelope:
    history = History()
    fields = {"category": "faculty"} if kind == "branch" else {}
    history.unit(org, kind, parent, f"p-{org}", ON, **fields)
    return _facts(history)[0]


def test_roots_and_top_level_units_go_to_the_least_loaded_partition() -> None:
    placement = _tree()
    assert placement.homes == {"cmt": 0, "gb-a": 1, "gb-b": 2, "gb-c": 0, "br-b1": 2}
    assert placement.loads == [2, 1, 2]


def test_a_placed_unit_is_announced_on_every_partition_before_its_establishment() -> None:
    placement = Placement(2)
    copies, targets = _place(placement, _established("cmt", "party_committee", None))
    assert [c.id for c in copies] == ["placed:cmt:0", "placed:cmt:1"]
    assert [c.data for c in copies] == [
        UnitPlaced(organization_id="cmt", home=0, scheme=1, partition=p) for p in (0, 1)
    ]
    assert [c.subject for c in copies] == ["partition:0", "partition:1"]
    assert targets == [0, 1]  # a root's establishment is shared


def test_a_unit_below_the_top_level_is_not_announced() -> None:
    placement = _tree()
    copies, targets = _place(placement, _established("br-b2", "branch", "gb-b"))
    assert (copies, targets) == ([], [2])


def test_a_root_s_structure_goes_everywhere_other_facts_home() -> None:
    placement = _tree()
    assert placement.partitions_of(_appointed("cmt", "p-x")) == [0, 1, 2]
    assert placement.partitions_of(_appointed("gb-b", "p-y")) == [2]
    meeting = _env(
        make(
            activities.MeetingHeld,
            organization_id="cmt",
            meeting_id="m-1",
            kind="committee_meeting",
            held_on=ON,
            expected_attendees=9,
            present_attendees=9,
            topic="研究党建工作",
            chaired_by="p-cmt",
        )
    )
    assert placement.partitions_of(meeting) == [0]


def test_a_letter_also_goes_to_the_unit_it_credits() -> None:
    letter = _env(
        make(
            activities.ResponsibilityLetterSigned,
            organization_id="cmt",
            counterparty_organization_id="gb-b",
            year=2018,
            signed_on=ON,
        )
    )
    assert _tree().partitions_of(letter) == [0, 2]


def test_an_action_on_a_case_also_goes_where_the_case_is_kept() -> None:
    """A decision on the committee's case about gb-b goes to the committee's home and to
    gb-b's, where the case is folded; one on a unit's own case, home only."""
    decided = {"case_id": "case-1", "decision_id": "zzb-1", "decided_by": "organization_department",
               "meeting": "组织部通报", "decided_on": ON, "measures": ["notice"]}  # fmt: skip
    about = make(oversight.AccountabilityDecided, organization_id="cmt",
                 subject_organization_id="gb-b", **decided)  # fmt: skip
    own = make(oversight.AccountabilityDecided, organization_id="gb-b", **decided)
    placement = _tree()
    assert placement.partitions_of(_env(about)) == [0, 2]
    assert placement.partitions_of(_env(own)) == [2]


def test_a_visit_goes_where_its_visitor_holds_office_until_they_leave() -> None:
    placement = _tree()
    visit = _env(
        make(
            activities.ContactPointVisited,
            organization_id="br-b1",
            person_id="p-cmt",
            visited_on=ON,
        )
    )
    assert placement.partitions_of(visit) == [0, 2]  # the 委员's committee, the branch
    left = make(
        structure.OfficeHolderLeftOffice,
        organization_id="cmt",
        person_id="p-cmt",
        office="secretary",
        left_on=ON,
    )
    _place(placement, _env(left))
    assert placement.partitions_of(visit) == [2]


def test_evidence_found_by_a_person_goes_everywhere() -> None:
    """A contact point a branch records for a 党委委员, a talk with an applicant: the
    deadline duty they fulfil was opened wherever its trigger happened."""
    placement = _tree()
    assigned = make(
        activities.ContactPointAssigned, organization_id="br-b1", person_id="p-x", assigned_on=ON
    )
    talk = make(
        activities.TalkHeld,
        organization_id="br-b1",
        kind="applicant_talk",
        held_on=ON,
        person_id="p-br",
        counterpart_id="s-1",
    )
    assert placement.partitions_of(_env(assigned)) == [0, 1, 2]
    assert placement.partitions_of(_env(talk)) == [0, 1, 2]


def test_the_stored_placement_routes_as_the_original() -> None:
    placement = _tree()
    holders = [(p, org, office) for p, held in placement.offices.items() for org, office in held]
    parents = list(placement.parents.items())
    restored = Placement.restored(json.loads(json.dumps(placement.entry())), holders, parents)
    assert restored == placement


def _moved(org: str, parent: str) -> Envelope:
    return _env(
        make(
            structure.OrganizationReparented,
            organization_id=org,
            parent_id=parent,
            reparented_on=ON,
        ),
        id=f"moved-{org}",
    )


def test_a_unit_moved_under_a_parent_folded_elsewhere_gets_the_parent_s_structure() -> None:
    registry = subtree_registry(3)
    history = History()
    history.unit("cmt", "party_committee", None, "p-cmt", ON)
    for gb in ("gb-a", "gb-b"):
        history.unit(gb, "general_branch", "cmt", f"p-{gb}", ON)
    history.unit("br-b1", "branch", "gb-b", "p-br", ON, category="faculty")
    list(placed_log(((env, 0) for env in _facts(history)), registry))  # gb-a 1, gb-b 2
    moved = _moved("br-b1", "gb-a")
    registry.record(moved)
    (shared,), targets = registry.place(moved, WHEN)
    assert targets == [2]  # the branch stays on gb-b's partition…
    assert shared.data == StructureShared(  # …where gb-a's structure is written first
        organization_id="gb-a",
        home=1,
        kind=OrganizationKind.GENERAL_BRANCH,
        parent_id="cmt",
        established_on=ON,
        holders=[SharedHolder(person_id="p-gb-a", office=Office.SECRETARY)],
        partition=2,
    )
    assert shared.id == "shared:gb-a:2:moved-br-b1"
    assert registry.placement is not None
    assert registry.placement.partitions_of(_appointed("gb-a", "p-new")) == [1, 2]
    assert registry.placement.partitions_of(_appointed("gb-b", "p-new")) == [2]


def test_a_move_within_a_partition_or_under_a_root_shares_nothing() -> None:
    placement = _tree()
    assert _place(placement, _moved("br-b1", "gb-b")) == ([], [2])
    assert _place(placement, _moved("gb-c", "cmt")) == ([], [0])
