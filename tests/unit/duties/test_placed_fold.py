"""Each partition of a subtree-placed log folded on its own (按子树分区, issue 26).

Expected outcomes written from the seed and the catalog before running:

- 三、（八） 完善党委书记与党总支书记……定期沟通交流机制 (``committee.secretary_exchange.semester``,
  charged to the parent): the general branch's spring 2018 exchange is due 2018-09-15; on
  the 09-16 tick the fold of the general branch's partition alone finds it overdue and
  charges the committee and the secretary the committee has then (``p-new``, appointed
  on 05-01 when ``p-cmt`` left), never the general branch's own secretary.
- 三、（八） 党委同各党总支签订基层党建工作责任书 (``committee.responsibility_letter.yearly``,
  charged to the parent): the letter signed on 2018-03-02 is the committee's fact; it
  fulfils the general branch's 2018 letter once, on the general branch's partition.
- The committee's own duty (建立党委成员抓基层党支部工作联系点制度: a contact point within
  90 days of taking office) is folded on the committee's partition only, once.
- The committee's office changes, copied to every partition, are forwarded downstream
  from each (a copy under an id of its own): accountability, folding the general branch's
  partition alone, names the committee and its secretary.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from contracts.envelope import Envelope
from contracts.events import activities, structure
from contracts.events.duties import DutyStatus
from contracts.events.placement import StructureShared
from services.accountability.domain.decide import fold as fold_case
from services.accountability.domain.state import Ledger
from services.common.sequencer import Delivery
from services.duties.domain.fold import decide
from services.duties.domain.state import DutyState
from tests.placement import placed_log, placed_logs, subtree_registry
from tests.unit.duties.builders import RULES, History, fold, holders_index, make, of_type

COMMITTEE, GENERAL_BRANCH, BRANCH = "cmt", "gb-edu", "br-edu-1"
PARTITIONS = 2
EXCHANGE = "committee.secretary_exchange.semester"
LETTER = "committee.responsibility_letter.yearly"
CONTACT_POINT = "committee_member.contact_point.assigned"


def _facts() -> list[Envelope]:
    history = History()
    on = date(2018, 1, 1)
    history.unit(COMMITTEE, "party_committee", None, "p-cmt", on)
    history.unit(GENERAL_BRANCH, "general_branch", COMMITTEE, "p-gb", on)
    history.unit(BRANCH, "branch", GENERAL_BRANCH, "p-br", on, category="faculty")
    letter = make(
        activities.ResponsibilityLetterSigned,
        organization_id=COMMITTEE,
        counterparty_organization_id=GENERAL_BRANCH,
        year=2018,
        signed_on=date(2018, 3, 2),
    )
    history.add(letter, date(2018, 3, 2), id="letter-2018")
    left = make(
        structure.OfficeHolderLeftOffice,
        organization_id=COMMITTEE,
        person_id="p-cmt",
        office="secretary",
        left_on=date(2018, 5, 1),
    )
    history.add(left, date(2018, 5, 1))
    history.appoint(COMMITTEE, "p-new", "secretary", date(2018, 5, 1))
    return [env for env, _ in history.events]


def _placed(facts: Iterable[Envelope], last: date) -> dict[int, list[Envelope]]:
    """Each partition's log as the registry writes it, then the ticks to ``last``."""
    return placed_logs(facts, PARTITIONS, date(2018, 1, 1), last)


def _fold_alone(log: list[Envelope], partition: int) -> list[Envelope]:
    """The outputs of ``partition``'s log folded alone, with a state of its own."""
    return fold((env, partition) for env in log)[1]


def _folds() -> dict[int, list[Envelope]]:
    logs = _placed(_facts(), date(2018, 9, 16))
    return {p: _fold_alone(log, p) for p, log in logs.items()}


def test_the_committee_and_the_general_branch_have_homes_of_their_own() -> None:
    registry = subtree_registry(PARTITIONS)
    list(placed_log(((fact, 0) for fact in _facts()), registry))
    assert registry.placement is not None
    assert registry.placement.homes == {COMMITTEE: 0, GENERAL_BRANCH: 1, BRANCH: 1}


def test_a_parent_charged_duty_names_the_committee_s_secretary_of_the_day() -> None:
    folds = _folds()
    (overdue,) = of_type(folds[1], "DutyOverdue", duty_id=EXCHANGE, period="2017-S2")
    assert overdue.data.organization_id == GENERAL_BRANCH
    assert overdue.data.charged_organization_id == COMMITTEE
    assert overdue.data.charged_person_ids == ["p-new"]
    assert of_type(folds[0], "DutyOverdue", duty_id=EXCHANGE) == []


def test_the_committee_s_letter_is_credited_once_on_the_general_branch_s_partition() -> None:
    folds = _folds()
    (fulfilled,) = of_type(folds[1], "DutyFulfilled", duty_id=LETTER, period="2018")
    assert fulfilled.data.organization_id == GENERAL_BRANCH
    assert fulfilled.data.charged_organization_id == COMMITTEE
    assert fulfilled.data.evidence_event_ids == ["letter-2018"]
    assert of_type(folds[0], "DutyFulfilled", duty_id=LETTER) == []


def test_the_committee_s_own_duties_are_folded_on_its_home_only() -> None:
    folds = _folds()
    overdue = of_type(folds[0], "DutyOverdue", duty_id=CONTACT_POINT)
    assert sorted(o.data.person_id for o in overdue) == ["p-cmt", "p-new"]
    statuses = [o.data for o in folds[1] if isinstance(o.data, DutyStatus)]
    assert [s for s in statuses if s.organization_id == COMMITTEE] == []


def test_the_committee_s_office_changes_are_forwarded_from_every_partition() -> None:
    folds = _folds()
    ids: dict[int, set[str]] = {}
    for p in range(PARTITIONS):
        appointed = of_type(folds[p], "OfficeHolderAppointed", organization_id=COMMITTEE)
        assert [o.data.person_id for o in appointed] == ["p-cmt", "p-new"]
        (left,) = of_type(folds[p], "OfficeHolderLeftOffice", organization_id=COMMITTEE)
        assert left.data.person_id == "p-cmt"
        ids[p] = {o.id for o in [*appointed, left]}
    assert not ids[0] & ids[1]  # a copy has an id of its own: each is folded
    general_branch = of_type(folds[1], "OfficeHolderAppointed", organization_id=GENERAL_BRANCH)
    assert of_type(folds[0], "OfficeHolderAppointed", organization_id=GENERAL_BRANCH) == []
    assert [o.data.person_id for o in general_branch] == ["p-gb"]


VACANCY = "unit.secretary_vacancy.filled"


def _moved_branch() -> list[Envelope]:
    """A branch of ``gb-a`` (partition 1) moved under ``gb-b`` (partition 0) on 03-01; its
    secretary leaves on 04-02; ``gb-b`` changes its secretary on 05-01."""
    history = History()
    on = date(2018, 1, 1)
    history.unit(COMMITTEE, "party_committee", None, "p-cmt", on)
    history.unit("gb-a", "general_branch", COMMITTEE, "p-gba", on)
    history.unit("gb-b", "general_branch", COMMITTEE, "p-gbb", on)
    history.unit(BRANCH, "branch", "gb-a", "p-br", on, category="faculty")
    moved = make(
        structure.OrganizationReparented,
        organization_id=BRANCH,
        parent_id="gb-b",
        reparented_on=date(2018, 3, 1),
    )
    history.add(moved, date(2018, 3, 1))
    for org, person, day in (
        (BRANCH, "p-br", date(2018, 4, 2)),
        ("gb-b", "p-gbb", date(2018, 5, 1)),
    ):
        left = make(
            structure.OfficeHolderLeftOffice,
            organization_id=org,
            person_id=person,
            office="secretary",
            left_on=day,
        )
        history.add(left, day)
    history.appoint("gb-b", "p-gbb2", "secretary", date(2018, 5, 1))
    return [env for env, _ in history.events]


def test_a_moved_branch_answers_through_its_new_parent_on_its_own_partition() -> None:
    """三、（三） 注重选优配强党总支书记、党支部书记 (``unit.secretary_vacancy.filled``, 90 days,
    charged to the parent): the branch's secretary left on 04-02, so the vacancy is due
    07-01; on the 07-02 tick it is overdue, charged to the parent it has then, ``gb-b``, and
    to ``gb-b``'s secretary then, ``p-gbb2``: not ``gb-a``, not the branch itself."""
    logs = _placed(_moved_branch(), date(2018, 7, 2))
    folds = {p: _fold_alone(log, p) for p, log in logs.items()}
    (overdue,) = [o for p in folds for o in of_type(folds[p], "DutyOverdue", duty_id=VACANCY)]
    assert overdue.data.organization_id == BRANCH
    assert overdue.data.due_on == date(2018, 7, 1)
    assert overdue.data.charged_organization_id == "gb-b"
    assert overdue.data.charged_person_ids == ["p-gbb2"]


def test_the_shared_parent_s_office_holders_are_indexed_on_the_branch_s_partition() -> None:
    """The derived index of who holds an office where (:attr:`DutyState.holding`) follows
    the parent's structure shared with the moved branch's partition (共享结构), then the
    parent's secretary changing there: after every event of each partition alone, it
    agrees with the units' office holders; on the branch's, ``gb-b`` is ``p-gbb2``'s."""
    logs = _placed(_moved_branch(), date(2018, 7, 2))
    shared = {p for p, log in logs.items() for env in log if isinstance(env.data, StructureShared)}
    assert shared == {1}
    states = {p: DutyState() for p in logs}
    for p, log in logs.items():
        for env in log:
            states[p], _ = decide(states[p], env, p, RULES)
            assert states[p].holding == holders_index(states[p]), env.type
    assert states[1].holding.get("p-gbb2") == {"gb-b"}
    assert "p-gbb" not in states[1].holding


def test_a_contact_point_assigned_in_a_branch_fulfils_the_committee_member_s_duty() -> None:
    """建立党委成员抓基层党支部工作联系点制度 (三、（八）;
    ``committee_member.contact_point.assigned``: a contact point within 90 days of taking
    office, correlated by the person): ``p-w1``
    joins the committee on 2018-03-01 and takes ``br-edu-1`` (partition 1) as contact point
    on 03-15. The committee (partition 0) has the duty fulfilled on 03-15 and nothing
    overdue on the 90th day after, 05-30, or later."""
    history = History()
    on = date(2018, 1, 1)
    history.unit(COMMITTEE, "party_committee", None, "p-cmt", on)
    history.unit(GENERAL_BRANCH, "general_branch", COMMITTEE, "p-gb", on)
    history.unit(BRANCH, "branch", GENERAL_BRANCH, "p-br", on, category="faculty")
    history.appoint(COMMITTEE, "p-w1", "committee_member", date(2018, 3, 1))
    assigned = make(
        activities.ContactPointAssigned,
        organization_id=BRANCH,
        person_id="p-w1",
        assigned_on=date(2018, 3, 15),
    )
    history.add(assigned, date(2018, 3, 15), id="contact-w1")
    logs = _placed([env for env, _ in history.events], date(2018, 6, 30))
    folds = {p: _fold_alone(log, p) for p, log in logs.items()}
    w1 = {"duty_id": CONTACT_POINT, "person_id": "p-w1"}
    (fulfilled,) = of_type(folds[0], "DutyFulfilled", **w1)
    assert fulfilled.data.organization_id == COMMITTEE
    assert fulfilled.data.evidence_event_ids == ["contact-w1"]
    assert [o for p in folds for o in of_type(folds[p], "DutyOverdue", **w1)] == []


def _accountability_alone(outputs: list[Envelope], partition: int) -> list[Envelope]:
    """The accountability fold of one partition of the duties topic, with a ledger of its own."""
    ledger = Ledger.empty(PARTITIONS)
    decided: list[Envelope] = []
    for offset, env in enumerate(outputs):
        decided += [out.envelope for out in fold_case(ledger, Delivery(partition, env, offset))]
    return decided


def test_accountability_folding_one_partition_names_the_committee_and_its_secretary() -> None:
    """四 对思想上不重视、工作不得力的，要提出批评，限期整改 (policy v1, rung ``criticism`` on
    ``DutyOverdue``, 30 days): the general branch's exchange overdue on 2018-09-16 is the
    committee's case, on the general branch's partition. Folded there alone, the criticism
    names the committee (``cmt党组织（cmt）``) and the secretary it has then by name
    (``王丽（p-new）``), not by bare ids: the committee's structure reached that partition."""
    folds = _folds()
    decided = _accountability_alone(folds[1], 1)
    (criticism,) = of_type(decided, "CriticismIssued", duty_id=EXCHANGE)
    assert criticism.data.organization_id == COMMITTEE
    assert criticism.data.person_ids == ["p-new"]
    assert criticism.data.rectify_by == date(2018, 10, 16)
    assert criticism.data.text_zh.startswith("cmt党组织（cmt）（责任人：王丽（p-new））：")
    assert of_type(_accountability_alone(folds[0], 0), "CriticismIssued", duty_id=EXCHANGE) == []
