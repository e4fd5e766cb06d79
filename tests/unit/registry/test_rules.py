"""Validation beyond the schema: each rule rejects with its code and names the field."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from contracts.events import SUBMITTED
from contracts.events import activities as a
from contracts.events import members as m
from contracts.events import oversight as o
from contracts.events import structure as s
from contracts.events.base import Payload
from contracts.events.enums import MeetingKind, OrganizationKind
from contracts.events.fact_dates import FACT_DATE
from services.common.ids import finding_case_id
from services.registry.adapters.http import tree
from services.registry.domain.rules import MAX_DEPTH, MEETING_KINDS, check
from services.registry.domain.state import RegistryState
from tests.unit.registry.conftest import envelope, established, meeting, payload
from tests.unit.stored import stored


def codes(state: RegistryState, fact: Payload) -> list[tuple[str, str]]:
    return [(i.code, i.field) for i in check(state.registry, state.clock, state.dues_paid, fact)]


def test_every_submitted_fact_names_its_date_except_rule_versions() -> None:
    undated = {m.__name__ for m in SUBMITTED if m not in FACT_DATE}
    assert undated == {"CatalogVersionAdopted", "PolicyVersionAdopted"}
    for model, name in FACT_DATE.items():
        assert model.model_fields[name].annotation is date, model


def test_every_kind_of_organization_holds_some_meetings() -> None:
    assert set(MEETING_KINDS) == set(OrganizationKind)
    held = set().union(*MEETING_KINDS.values())
    assert held == set(MeetingKind)
    outside = {OrganizationKind.HIGHER_COMMITTEE}  # 上级党委: only reported to
    assert [k for k, kinds in MEETING_KINDS.items() if not kinds] == list(outside)


def test_a_valid_meeting_passes(university: RegistryState) -> None:
    assert codes(university, meeting()) == []


def _reparent(org: str, parent: str) -> Payload:
    return payload(
        s.OrganizationReparented, organization_id=org, parent_id=parent, reparented_on="2018-03-01"
    )


def _dissolve(org: str, on: str) -> Payload:
    return payload(s.OrganizationDissolved, organization_id=org, dissolved_on=on)


def _out(on: str = "2018-02-28") -> Payload:
    """``m-1`` leaves br-1's roll (组织关系转出)."""
    return payload(m.MemberTransferredOut, organization_id="br-1", member_id="m-1",
                   to_organization="某区教育局机关党委", transferred_on=on)  # fmt: skip


@pytest.mark.parametrize(
    ("before", "fact", "expected"),
    [
        ([_out()], _dissolve("br-1", "2018-03-01"),
         [("ref.active_children", "data.organization_id")]),
        ([_out(), _dissolve("pg-1", "2018-03-10")], _dissolve("br-1", "2018-03-01"),
         [("ref.active_children", "data.organization_id")]),
        ([_out(), _dissolve("pg-1", "2018-03-01")], _dissolve("br-1", "2018-03-01"), []),
        ([_out(), _dissolve("pg-1", "2018-02-20")], _dissolve("br-1", "2018-03-01"), []),
        ([_dissolve("pg-1", "2018-02-20")], _dissolve("br-1", "2018-03-01"),
         [("ref.members_on_roll", "data.organization_id")]),
        ([_dissolve("pg-1", "2018-02-20"), _out("2018-03-01")],
         _dissolve("br-1", "2018-03-01"), []),
        ([_dissolve("pg-1", "2018-03-01")],
         established("pg-2", "party_group", "pg-1", "2018-03-01"),
         [("ref.inactive_organization", "data.parent_id")]),
        ([_dissolve("pg-1", "2018-03-01")],
         established("pg-2", "party_group", "pg-1", "2018-02-01"), []),
        ([established("br-2", "branch", "gb-1"), _dissolve("pg-1", "2018-03-01")],
         _reparent("br-2", "pg-1"), [("ref.inactive_organization", "data.parent_id")]),
        ([established("br-2", "branch", "gb-1")], _reparent("br-2", "br-1"), []),
    ],
    ids=["child-active", "child-dissolved-later", "same-day", "child-first", "member-on-roll",
         "member-out-that-day", "established-under-dissolved", "entered-late-before-dissolved",
         "moved-under-dissolved",
         "moved-under-active"],
)  # fmt: skip
def test_nothing_stays_or_goes_under_a_dissolved_organization(
    university: RegistryState, before: list[Payload], fact: Payload,
    expected: list[tuple[str, str]],
) -> None:  # fmt: skip
    """撤销: an organization's children are dissolved or moved first; nothing is placed
    under a dissolved one from the day of its dissolution (its parent's duties about them
    would fall on a body that can no longer act); a unit set up under it before that day
    may be entered late (补录)."""
    for n, earlier in enumerate(before):
        assert codes(university, earlier) == []
        university.record(envelope(earlier, f"before-{n}"))
    assert codes(university, fact) == expected


def test_unknown_organization(university: RegistryState) -> None:
    assert codes(university, meeting("br-404")) == [
        ("ref.unknown_organization", "data.organization_id")
    ]


def test_dissolved_organization(university: RegistryState) -> None:
    university.record(envelope(payload(s.OrganizationDissolved, organization_id="br-1",
                                       dissolved_on="2018-03-01"), "d"))  # fmt: skip
    assert codes(university, meeting(on="2018-03-01")) == []  # its last day
    assert codes(university, meeting(on="2018-03-02")) == [
        ("ref.inactive_organization", "data.held_on")
    ]


def test_future_dates_with_one_day_of_tolerance(university: RegistryState) -> None:
    assert codes(university, meeting(on="2018-04-02")) == []
    assert codes(university, meeting(on="2018-04-03")) == [("date.in_future", "data.held_on")]


def test_before_the_clock_started_every_date_is_in_the_future() -> None:
    assert codes(RegistryState(), established("pc", "party_committee", None)) == [
        ("date.in_future", "data.established_on")
    ]


def test_before_established(university: RegistryState) -> None:
    assert codes(university, meeting(on="2017-08-31")) == [
        ("date.before_established", "data.held_on")
    ]


def test_established_twice_and_unknown_parent(university: RegistryState) -> None:
    assert codes(university, established("br-1", "branch", "gb-1")) == [
        ("ref.organization_exists", "data.organization_id")
    ]
    assert codes(university, established("br-2", "branch", "gb-404")) == [
        ("ref.unknown_organization", "data.parent_id")
    ]


def test_meeting_kind_per_organization_kind(university: RegistryState) -> None:
    assert codes(university, meeting("pg-1", "branch_general_meeting")) == [
        ("meeting.kind_not_allowed", "data.kind")
    ]
    assert codes(university, meeting("pg-1", "party_group_meeting")) == []


def test_dues_month_paid_once(university: RegistryState) -> None:
    dues = payload(m.DuesPaid, organization_id="br-1", member_id="m-1", month="2018-03",
                   amount="10.00", paid_on="2018-03-05")  # fmt: skip
    assert codes(university, dues) == []
    university.record(envelope(dues, "dues-1"))
    assert codes(university, dues) == [("dues.already_paid", "data.month")]


@pytest.mark.parametrize(
    ("paid_through", "expected"),
    [
        (None, []),  # not stated
        ("2017-06", []),  # before the transfer: changes nothing, accepted
        ("2018-03", []),  # the month of the transfer (党费交至转出当月)
        ("2019-03", []),  # twelve months ahead (paid in advance, 2008 党费规定)
        ("2019-04", [("dues.paid_through_too_far", "data.dues_paid_through")]),  # thirteen
        ("2091-03", [("dues.paid_through_too_far", "data.dues_paid_through")]),  # a slip
    ],
)
def test_dues_are_paid_through_at_most_a_year_after_the_transfer(
    university: RegistryState, paid_through: str | None, expected: list[tuple[str, str]]
) -> None:
    """党费交至月份 (组织关系介绍信): up to twelve months after the month of the transfer."""
    stated = {} if paid_through is None else {"dues_paid_through": paid_through}
    transfer = payload(m.MemberTransferredIn, organization_id="br-1", member_id="m-far",
                       member_name="周洁", transferred_on="2018-03-21", **stated)  # fmt: skip
    assert codes(university, transfer) == expected


def test_dues_paid_too_far_ahead_is_explained_in_both_languages(
    university: RegistryState,
) -> None:
    transfer = payload(m.MemberTransferredIn, organization_id="br-1", member_id="m-far",
                       member_name="周洁", transferred_on="2018-03-21",
                       dues_paid_through="2019-04")  # fmt: skip
    [issue] = check(university.registry, university.clock, set(), transfer)
    assert issue.message_en.startswith("data.dues_paid_through: ")
    assert "2019-04 is 13 months after 2018-03, at most 12" in issue.message_en
    assert issue.message_zh == (
        "data.dues_paid_through：党费交至月份晚于转入当月十二个月以上，请核对组织关系介绍信"
    )


def test_office_holder_claims(university: RegistryState) -> None:
    report = {"organization_id": "br-1", "office": "secretary", "year": 2017,
              "submitted_to": "gb-1", "submitted_on": "2018-01-08"}  # fmt: skip
    assert codes(university, payload(a.WorkReportSubmitted, person_id="p-1", **report)) == []
    assert codes(university, payload(a.WorkReportSubmitted, person_id="p-2", **report)) == [
        ("ref.not_office_holder", "data.person_id")
    ]
    left = {"organization_id": "br-1", "office": "secretary", "left_on": "2018-03-31"}
    assert codes(university, payload(s.OfficeHolderLeftOffice, person_id="p-2", **left)) == [
        ("ref.not_office_holder", "data.person_id")
    ]
    assert codes(university, payload(s.OfficeHolderLeftOffice, person_id="p-1", **left)) == []
    # p-3 takes office on 2018-01-10: a leaving dated before it is refused.
    university.record(envelope(payload(s.OfficeHolderAppointed, organization_id="br-1",
                                       person_id="p-3", person_name="赵强",
                                       office="committee_member", appointed_on="2018-01-10"),
                               "p-3"))  # fmt: skip
    leaving = {"organization_id": "br-1", "person_id": "p-3", "office": "committee_member"}
    early = payload(s.OfficeHolderLeftOffice, left_on="2018-01-09", **leaving)
    assert codes(university, early) == [("ref.not_office_holder", "data.left_on")]
    on_the_day = payload(s.OfficeHolderLeftOffice, left_on="2018-01-10", **leaving)
    assert codes(university, on_the_day) == []


@pytest.mark.parametrize(
    ("organization", "person", "year", "expected"),
    [
        ("br-1", "p-1", 2017, []),  # secretary since 2017-09-01
        ("br-1", "m-1", 2017, [("ref.not_office_holder", "data.person_id")]),  # a member
        ("br-1", "p-1", 2016, [("ref.not_office_holder", "data.person_id")]),  # before office
        ("gb-1", "p-1", 2017, [("ref.not_office_holder", "data.person_id")]),  # another unit
    ],
)
def test_a_work_report_is_graded_for_one_who_held_office_that_year(
    university: RegistryState,
    organization: str,
    person: str,
    year: int,
    expected: list[tuple[str, str]],
) -> None:
    """述职评议考核: a grade judges one person; only an office holder of that unit and year."""
    graded = payload(a.WorkReportEvaluated, organization_id=organization, person_id=person,
                     year=year, grade="poor", evaluated_on="2018-01-20")  # fmt: skip
    assert codes(university, graded) == expected


def test_issues_carry_english_and_chinese(university: RegistryState) -> None:
    [issue] = check(university.registry, university.clock, set(), meeting("pg-1", "party_lecture"))
    assert issue.message_en.startswith("data.kind: ")
    assert issue.message_zh == "data.kind：该类党组织不召开此类会议"


def test_reparenting_under_itself_or_its_own_subtree_is_refused(
    university: RegistryState,
) -> None:
    assert codes(university, _reparent("gb-1", "gb-1")) == [("ref.parent_cycle", "data.parent_id")]
    assert codes(university, _reparent("gb-1", "pg-1")) == [("ref.parent_cycle", "data.parent_id")]
    assert codes(university, _reparent("pg-1", "gb-1")) == []


def _chain(state: RegistryState, depth: int) -> str:
    """Organizations ``c-2`` … ``c-<depth>`` each under the one before, under ``pc``."""
    parent = "pc"
    for level in range(2, depth + 1):
        state.record(envelope(established(f"c-{level}", "branch", parent), f"chain-{level}"))
        parent = f"c-{level}"
    return parent


def test_the_tree_is_at_most_eight_levels_deep(university: RegistryState) -> None:
    deepest = _chain(university, MAX_DEPTH)
    assert codes(university, established("c-9", "party_group", deepest)) == [
        ("ref.too_deep", "data.parent_id")
    ]
    assert codes(university, established("c-x", "party_group", "c-7")) == []
    # gb-1 carries three levels (gb-1, br-1, pg-1): under c-6 they would reach the 9th.
    assert codes(university, _reparent("gb-1", "c-6")) == [("ref.too_deep", "data.parent_id")]
    assert codes(university, _reparent("gb-1", "c-5")) == []


def test_a_chain_deeper_than_recursion_allows_still_makes_a_tree() -> None:
    state = RegistryState()
    state.record(envelope(established("pc", "party_committee", None, "2017-01-01"), "root"))
    for level in range(2, 1200):  # as an older log could hold, before the depth limit
        parent = "pc" if level == 2 else f"c-{level - 1}"
        state.record(envelope(established(f"c-{level}", "branch", parent), f"chain-{level}"))
    node, depth = tree(state.registry)[0], 1
    while node["children"]:
        [node] = node["children"]
        depth += 1
    assert depth == 1199


def _talk(person: str, counterpart: str) -> Payload:
    return payload(
        a.TalkHeld, organization_id="br-1", kind="applicant_talk", held_on="2018-03-01",
        person_id=person, counterpart_id=counterpart,
    )  # fmt: skip


def test_members_and_people_named_must_be_known(university: RegistryState) -> None:
    dues = payload(m.DuesPaid, organization_id="br-1", member_id="m-404", month="2018-03",
                   amount="10.00", paid_on="2018-03-05")  # fmt: skip
    assert codes(university, dues) == [("ref.unknown_member", "data.member_id")]
    # p-1 holds an office, m-1 is a member; nobody knows x-1.
    assert codes(university, _talk("p-1", "m-1")) == []
    assert codes(university, _talk("x-1", "m-1")) == [("ref.unknown_person", "data.person_id")]
    assert codes(university, _talk("p-1", "x-1")) == [("ref.unknown_person", "data.counterpart_id")]


def test_an_application_and_an_admission_make_a_person_and_a_member_known(
    university: RegistryState,
) -> None:
    applied = payload(m.AdmissionApplicationReceived, organization_id="br-1", person_id="a-1",
                      person_name="李明", received_on="2018-01-05")  # fmt: skip
    admitted = payload(m.MemberAdmittedAsProbationary, organization_id="br-1", member_id="a-1",
                       member_name="李明", admitted_on="2018-03-01")  # fmt: skip
    confirmed = payload(m.MemberConfirmed, organization_id="br-1", member_id="a-1",
                        confirmed_on="2018-03-20")  # fmt: skip
    assert codes(university, _talk("p-1", "a-1")) == [("ref.unknown_person", "data.counterpart_id")]
    assert codes(university, confirmed) == [("ref.unknown_member", "data.member_id")]
    university.record(envelope(applied, "apply"))
    assert codes(university, _talk("p-1", "a-1")) == []
    assert codes(university, confirmed) == [("ref.unknown_member", "data.member_id")]
    university.record(envelope(admitted, "admit"))
    assert codes(university, confirmed) == []


def test_known_people_survive_the_stored_state_once_each() -> None:
    appointed = payload(
        s.OfficeHolderAppointed,
        organization_id="pc",
        person_id="p-1",
        person_name="王丽",
        office="secretary",
        appointed_on="2017-09-01",
    )
    applied = payload(
        m.AdmissionApplicationReceived,
        organization_id="pc",
        person_id="a-1",
        person_name="李明",
        received_on="2018-01-05",
    )
    again = payload(s.OfficeHolderAppointed, organization_id="pc", person_id="p-1",
                    person_name="王丽", office="organizer", appointed_on="2018-01-05")  # fmt: skip
    state = RegistryState()
    for n, fact in enumerate([established("pc", "party_committee", None), appointed, applied]):
        state.record(envelope(fact, f"e-{n}"))
    entries = stored(state.take_changes())
    state.record(envelope(again, "again"))  # p-1 is known: no new chunk names p-1 again
    later = stored(state.take_changes())
    assert [k for k in later if k.startswith("people+")] == []
    restored = RegistryState.from_entries({**entries, **later})
    assert restored.registry.people == {"a-1", "p-1"}


def test_only_the_organizations_that_act_on_them_record_checks_and_needy_members(
    university: RegistryState,
) -> None:
    needy = {"needy_members": 2, "recorded_on": "2018-03-01"}
    check_2017 = {"year": 2017, "organizations_checked": 1, "conducted_on": "2018-01-20"}
    assert codes(university, payload(a.NeedyMembersRecorded, organization_id="gb-1", **needy)) == []
    assert codes(university, payload(a.NeedyMembersRecorded, organization_id="br-1", **needy)) == [
        ("ref.kind_not_allowed", "data.organization_id")
    ]
    checked = payload(a.ResponsibilityCheckConducted, organization_id="pc", **check_2017)
    assert codes(university, checked) == []
    checked = payload(a.ResponsibilityCheckConducted, organization_id="gb-1", **check_2017)
    assert codes(university, checked) == [("ref.kind_not_allowed", "data.organization_id")]


# ── 上级党委: registered to be reported to, and nothing else ───────────────────


def _with_higher_committee(state: RegistryState) -> RegistryState:
    state.record(envelope(established("ext-cmt", "higher_committee", None, "2017-01-01"), "h"))
    state.record(envelope(payload(
        s.OfficeHolderAppointed, organization_id="pc", person_id="p-pc", person_name="李强",
        office="secretary", appointed_on="2017-01-01"), "h-secretary"))  # fmt: skip
    return state


def test_the_committee_reports_to_a_registered_higher_committee(university: RegistryState) -> None:
    """Without it the committee secretary's 述职 (三、（八）) was refused, so the duty to
    report stayed unmet and the secretary was charged for what he had done."""
    report = payload(a.WorkReportSubmitted, organization_id="pc", person_id="p-pc",
                     office="secretary", year=2017, submitted_to="ext-cmt",
                     submitted_on="2018-01-08")  # fmt: skip
    assert codes(university, report) == [("ref.unknown_organization", "data.submitted_to")]
    assert codes(_with_higher_committee(university), report) == []


def test_nothing_is_about_or_under_a_higher_committee(university: RegistryState) -> None:
    state = _with_higher_committee(university)
    assert codes(state, meeting("ext-cmt", kind="committee_meeting")) == [
        ("ref.higher_committee", "data.organization_id")
    ]
    assert codes(state, established("gb-2", "general_branch", "ext-cmt")) == [
        ("ref.higher_committee", "data.parent_id")
    ]
    moved = payload(s.OrganizationReparented, organization_id="gb-1", parent_id="ext-cmt",
                    reparented_on="2018-03-01")  # fmt: skip
    assert codes(state, moved) == [("ref.higher_committee", "data.parent_id")]
    renamed = payload(s.OrganizationRenamed, organization_id="ext-cmt", name="上级党委",
                      renamed_on="2018-03-01")  # fmt: skip
    assert codes(state, renamed) == []


def test_a_higher_committee_is_registered_as_a_root_without_a_term() -> None:
    with pytest.raises(ValidationError) as caught:
        established("ext-cmt", "higher_committee", "pc")
    assert [e["type"] for e in caught.value.errors()] == ["schema.inconsistent"]


def _decided(
    org: str, persons: list[str], on: str = "2018-03-20", subject: str | None = None
) -> Payload:
    return payload(
        o.AccountabilityDecided, organization_id=org, subject_organization_id=subject,
        case_id="case-1", decision_id="dw-1",
        decided_by="party_committee", meeting="党委常委会", decided_on=on,
        measures=["admonishment", "award_eligibility_revoked"], person_ids=persons,
    )  # fmt: skip


def _reviewed(persons: list[str] | None) -> Payload:
    return payload(
        o.DecisionReviewed, organization_id="br-1", case_id="case-1", decision_id="dw-1",
        outcome="changed", reviewed_on="2018-03-25", measures=["admonishment"],
        person_ids=persons, reason="复查",
    )  # fmt: skip


def test_a_decision_holds_accountable_only_the_unit_s_office_holders(
    university: RegistryState,
) -> None:
    """Written from 问责条例 第三条 (问责对象是党组织、党的领导干部) and seed 四 (对领导班子
    和相关责任人): p-1 is br-1's secretary since 2017-09-01, m-1 a member of br-1 who holds
    no office, x-1 unknown. A decision on br-1 may name p-1, before and after p-1 leaves
    office; it may not name m-1 or x-1; one on gb-1 may not name p-1 (br-1's secretary,
    not gb-1's); nor may it name a person appointed after the decision's day. A review
    may keep p-1 or nobody named anew, and not add m-1. A decision naming nobody (the
    unit alone) passes."""
    refused = [("ref.not_answerable", "data.person_ids")]
    assert codes(university, _decided("br-1", ["p-1"])) == []
    assert codes(university, _decided("br-1", [])) == []
    assert codes(university, _decided("br-1", ["p-1", "m-1"])) == refused
    assert codes(university, _decided("br-1", ["x-1"])) == refused
    assert codes(university, _decided("gb-1", ["p-1"], subject="gb-1")) == refused
    assert codes(university, _reviewed(["p-1"])) == []
    assert codes(university, _reviewed(None)) == []
    assert codes(university, _reviewed(["m-1"])) == refused
    left = payload(s.OfficeHolderLeftOffice, organization_id="br-1", person_id="p-1",
                   office="secretary", left_on="2018-03-01")  # fmt: skip
    appointed = payload(s.OfficeHolderAppointed, organization_id="gb-1", person_id="p-9",
                        person_name="赵强", office="secretary",
                        appointed_on="2018-03-28")  # fmt: skip
    university.record(envelope(left, "left"))
    university.record(envelope(appointed, "appointed"))
    assert codes(university, _decided("br-1", ["p-1"])) == []  # held it when it was owed
    assert codes(university, _decided("gb-1", ["p-9"], subject="gb-1")) == refused  # not yet
    assert codes(university, _decided("gb-1", ["p-9"], "2018-03-28", "gb-1")) == []
    [issue] = check(university.registry, university.clock, set(), _decided("br-1", ["m-1"]))
    assert "m-1" in issue.message_en
    assert issue.message_zh.endswith(
        "被问责人须为被问责党组织现任或曾任的任职人员（《中国共产党问责条例》第三条）"
    )


def _closed(org: str, subject: str | None) -> Payload:
    return payload(o.CaseClosed, organization_id=org, subject_organization_id=subject,
                   case_id="case-1", closed_on="2018-03-20", reason="已完成整改")  # fmt: skip


@pytest.mark.parametrize(
    ("fact", "expected"),
    [
        (_closed("pc", None), [("ref.subject_unnamed", "data.subject_organization_id")]),
        (_closed("gb-1", None), [("ref.subject_unnamed", "data.subject_organization_id")]),
        (_decided("gb-1", [], "2018-03-20"),
         [("ref.subject_unnamed", "data.subject_organization_id")]),
        (_closed("pc", "pc"), []),
        (_closed("pc", "gb-1"), []),
        (_closed("gb-1", "gb-1"), []),
        (_closed("gb-1", "br-1"), []),
        (_closed("br-1", None), []),
        (_closed("pg-1", None), []),
        (payload(o.RectificationReported, organization_id="gb-1", finding_id="insp-1",
                 reported_on="2018-03-20", summary="已整改"), []),
        (payload(o.RectificationReported, organization_id="gb-1", case_id="case-1",
                 reported_on="2018-03-20", summary="已整改"),
         [("ref.subject_unnamed", "data.subject_organization_id")]),
        (payload(o.SeriousConsequenceDetermined, organization_id="pc",
                 determined_on="2018-03-20", description="造成严重后果"), []),
    ],
    ids=["committee-unnamed", "general-branch-unnamed", "decision-unnamed", "committee-itself",
         "committee-about-general-branch", "general-branch-itself",
         "general-branch-about-branch", "branch-with-a-party-group", "party-group",
         "finding-named", "case-named", "no-case"],
)  # fmt: skip
def test_a_case_action_of_a_unit_answering_for_others_names_the_unit_concerned(
    university: RegistryState, fact: Payload, expected: list[tuple[str, str]]
) -> None:
    """Written from seed 四 (对落实党建工作责任制不到位的党组织…追究责任) and the catalog's
    duties charged to the parent (``charged_to: parent``, owed by general branches and
    branches: the committee answers for gb-1's, gb-1 for br-1's). A case of pc's or
    gb-1's may be about the unit itself or about a unit it answers for, and the case id
    does not say which: their case actions must name 所涉单位 (their own id for their own
    case), or the step could reach only where the parent is folded while the case is kept
    where the unit concerned is. br-1 answers for nobody (pg-1 is a party group, which
    owes no duty charged to its parent): its actions need not name one. A step naming a
    finding, or no case (a determination opening a case of its own), is about the unit's
    own problem and need not either."""
    assert codes(university, fact) == expected


def test_the_unnamed_subject_is_explained_in_both_languages(university: RegistryState) -> None:
    [issue] = check(university.registry, university.clock, set(), _closed("pc", None))
    assert "gb-1" in issue.message_en
    assert "所涉单位" in issue.message_zh


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (None, []),
        (finding_case_id("br-1", "insp-1"), []),
        ("case-1", [("ref.finding_case_mismatch", "data.case_id")]),
        (finding_case_id("br-2", "insp-1"), [("ref.finding_case_mismatch", "data.case_id")]),
    ],
    ids=["finding-only", "the-finding-s-case", "another-case", "another-unit-s-finding"],
)
@pytest.mark.parametrize("step", [o.RectificationAccepted, o.RectificationReported])
def test_a_rectification_naming_a_finding_and_a_case_names_the_finding_s_own(
    university: RegistryState,
    step: type[o.RectificationTarget],
    case: str | None,
    expected: list[tuple[str, str]],
) -> None:
    """By hand: a rectification names a finding (问题编号), a case (案件编号) or both. The
    duties service credits the finding's rectification duty by the finding, the
    accountability service acts on the case named: naming br-1's finding insp-1 and
    another case, one acceptance would resolve both, the finding's case and one it is
    not about. Refused, unless the case named is the finding's own (the workbench sends
    both, from the finding's case)."""
    day = {"accepted_on": "2018-03-20"} if step is o.RectificationAccepted else {
        "reported_on": "2018-03-20", "summary": "已整改"}  # fmt: skip
    fact = payload(step, organization_id="br-1", finding_id="insp-1", case_id=case, **day)
    assert codes(university, fact) == expected


def test_the_mismatched_case_is_explained_in_both_languages(university: RegistryState) -> None:
    fact = payload(o.RectificationAccepted, organization_id="br-1", finding_id="insp-1",
                   case_id="case-1", accepted_on="2018-03-20")  # fmt: skip
    [issue] = check(university.registry, university.clock, set(), fact)
    assert finding_case_id("br-1", "insp-1") in issue.message_en
    assert "问题编号与案件编号不一致" in issue.message_zh


@pytest.mark.parametrize(
    ("person", "expected"),
    [("p-1", []), ("m-1", [("ref.not_answerable", "data.person_id")])],
)
def test_an_interview_is_held_only_with_the_unit_s_office_holders(
    university: RegistryState, person: str, expected: list[tuple[str, str]]
) -> None:
    """约谈、诫勉谈话 are measures against the unit's leaders (问责条例 第三条): recorded with
    p-1, br-1's secretary, it is accepted; with m-1, a member holding no office, refused."""
    interview = payload(o.InterviewConducted, organization_id="br-1", case_id="case-1",
                        person_id=person, kind="admonishment",
                        conducted_on="2018-03-20")  # fmt: skip
    assert codes(university, interview) == expected


def _appointed(person: str, office: str, on: str) -> Payload:
    return payload(
        s.OfficeHolderAppointed, organization_id="br-1", person_id=person, person_name="赵强",
        office=office, appointed_on=on,
    )  # fmt: skip


def test_an_office_one_person_holds_is_taken_only_once_its_holder_left(
    university: RegistryState,
) -> None:
    """An organization has one 书记 (as one 组织部长, one 党小组长): p-1 is br-1's secretary
    since 2017-09-01. Appointing p-2 as secretary while p-1's leaving is not recorded
    would leave two secretaries, and every measure would name p-1 for what p-2 owed; it
    is refused until p-1's leaving is recorded, and then accepted from that day on, not
    before it. A former holder may be entered for a term before the current one's, with
    the day it ended (``left_on``; without it, they would hold the office alongside).
    Committee members are several: p-2 may be one, but not twice at once, nor may p-1 be
    appointed secretary again while holding it."""
    occupied = [("ref.office_occupied", "data.office")]
    assert codes(university, _appointed("p-2", "secretary", "2018-03-10")) == occupied
    assert codes(university, _appointed("p-1", "secretary", "2018-03-10")) == occupied
    member = _appointed("p-2", "committee_member", "2018-03-10")
    assert codes(university, member) == []
    university.record(envelope(member, "member-p-2"))
    assert codes(university, _appointed("p-2", "committee_member", "2018-03-12")) == occupied
    left = payload(s.OfficeHolderLeftOffice, organization_id="br-1", person_id="p-1",
                   office="secretary", left_on="2018-03-15")  # fmt: skip
    university.record(envelope(left, "left-p-1"))
    assert codes(university, _appointed("p-2", "secretary", "2018-03-10")) == occupied
    assert codes(university, _appointed("p-2", "secretary", "2018-03-15")) == []
    # A former 党小组长 of pg-1 entered after the current one, for a day before that term.
    leader = payload(s.OfficeHolderAppointed, organization_id="pg-1", person_id="p-5",
                     person_name="钱伟", office="group_leader",
                     appointed_on="2018-01-01")  # fmt: skip
    university.record(envelope(leader, "leader-p-5"))
    former = leader.model_copy(update={"person_id": "p-4", "appointed_on": date(2017, 10, 1)})
    assert codes(university, former) == [("ref.term_unbounded", "data.left_on")]
    assert codes(university, former.model_copy(update={"left_on": date(2018, 1, 1)})) == []
    too_long = former.model_copy(update={"left_on": date(2018, 1, 2)})
    assert codes(university, too_long) == occupied
    assert codes(university, leader.model_copy(update={"person_id": "p-4"})) == occupied
    [issue] = check(
        university.registry, university.clock, set(), _appointed("p-3", "secretary", "2018-03-14")
    )
    assert "p-1" in issue.message_en
    assert issue.message_zh.startswith("data.office：该职务在任职日期已有现任")


def test_an_action_on_a_case_names_a_registered_unit_it_is_about(university: RegistryState) -> None:
    """所涉单位: a committee's case about a general branch names the general branch, which
    must be registered (the event is placed where that unit is folded)."""
    closed = {"organization_id": "pc", "case_id": "case-1", "closed_on": "2018-03-01",
              "reason": "已整改"}  # fmt: skip
    about_nothing = payload(o.CaseClosed, **closed, subject_organization_id="gb-9")
    assert codes(university, about_nothing) == [
        ("ref.unknown_organization", "data.subject_organization_id")
    ]
    assert codes(university, payload(o.CaseClosed, **closed, subject_organization_id="gb-1")) == []


def test_a_unit_whose_branches_moved_away_still_names_the_unit_concerned(
    university: RegistryState,
) -> None:
    """Written from seed 四 and the catalog's duties charged to the parent: gb-1 answered
    for br-1 while br-1 was under it, and the cases opened then stay gb-1's after br-1 is
    moved under gb-2 (2018-03-01). br-1 keeps its home when moved (docs/scale-out.md), so
    a step of gb-1's on such a case naming no 所涉单位 would reach only gb-1's partition:
    it is refused as before the move. gb-2, a general branch that never had a branch
    under it, answers for nobody and need not name one."""
    gb_2 = established("gb-2", "general_branch", "pc")
    moved = payload(s.OrganizationReparented, organization_id="br-1", parent_id="gb-2",
                    reparented_on="2018-03-01")  # fmt: skip
    university.record(envelope(gb_2, "gb-2"))
    assert codes(university, _closed("gb-2", None)) == []
    university.record(envelope(moved, "moved"))
    unnamed = [("ref.subject_unnamed", "data.subject_organization_id")]
    assert codes(university, _closed("gb-1", None)) == unnamed
    assert codes(university, _closed("gb-2", None)) == unnamed  # now answers for br-1
    assert codes(university, _closed("gb-1", "br-1")) == []
