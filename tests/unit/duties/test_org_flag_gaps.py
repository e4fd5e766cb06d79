"""Organization flags (组织情况提示) the duties service used to miss.

A branch whose members all left (支部工作条例: 有正式党员3人以上的，应当成立党支部) and a
unit established with a first term the 党章 does not allow (第三十条 in 2017, 第三十一条
in 2022). Both are prompts to the higher organization, which decides; never verdicts.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from contracts.catalog import CATALOGS
from contracts.envelope import Envelope
from contracts.events import structure
from services.duties.domain.documents import entries, restore, take_changed
from services.duties.domain.rules import Rules
from services.duties.domain.state import UNIT
from tests.unit.duties.builders import BRANCH, GENERAL_BRANCH, History, fold, make, of_type

pytestmark = pytest.mark.unit

TERM = "org.election.term"


# ── 党支部设置: a branch whose members all left ──────────────────────────────────────


def _composition_flags(outputs: list[Envelope]) -> list[tuple[str, str]]:
    """(situation, month) of every OrganizationFlagged, each naming the general branch."""
    flagged = of_type(outputs, "OrganizationFlagged")
    assert all(f.data.organization_id == BRANCH for f in flagged)
    assert all(f.data.higher_organization_id == GENERAL_BRANCH for f in flagged)
    return [(f.data.situation.value, f.data.period) for f in flagged]


def _three_who_leave(left_on: date) -> History:
    """A branch with three full members from 2019-01-15, who all leave on ``left_on``;
    ticks up to the day before."""
    history = History()
    history.branch()
    history.ticks(date(2018, 1, 1), date(2019, 1, 14))
    for n in range(3):
        history.member(f"m-{n}", date(2019, 1, 15))
    history.ticks(date(2019, 1, 15), left_on - date.resolution)
    for n in range(3):
        history.transfer_out(f"m-{n}", left_on)
    return history


def test_a_branch_whose_members_all_left_is_flagged_once() -> None:
    """支部工作条例 (2018) 第五条: 有正式党员3人以上的，应当成立党支部 (catalog
    ``branch.structure.full_members``: fewer than 3 full members is flagged).

    By hand: three full members from 2019-01-15, so nothing on 02-01 or 03-01; all
    three transferred out on 2019-03-10. The log named them, so the branch's size is
    known: none, fewer than 3. Flagged on the next month's first day (2019-04-01),
    once: still empty on 05-01 and 06-01, not raised again.
    """
    history = _three_who_leave(date(2019, 3, 10))
    history.ticks(date(2019, 3, 10), date(2019, 6, 1))

    _, outputs = fold(history.events)

    assert _composition_flags(outputs) == [("too_few_full_members", "2019-04")]
    [flag] = of_type(outputs, "OrganizationFlagged")
    assert "党员0名，其中正式党员0名" in flag.data.detail_zh


def test_an_emptied_branch_is_flagged_again_only_after_the_situation_ended() -> None:
    """By hand: emptied on 2019-03-10, flagged 2019-04; three full members transferred
    in on 2019-06-10, so on 07-01 the situation ended (no flag); all three leave again
    on 2019-08-10: flagged anew on 09-01."""
    history = _three_who_leave(date(2019, 3, 10))
    history.ticks(date(2019, 3, 10), date(2019, 6, 9))
    for n in range(3):
        history.member(f"m-back-{n}", date(2019, 6, 10))
    history.ticks(date(2019, 6, 10), date(2019, 8, 9))
    for n in range(3):
        history.transfer_out(f"m-back-{n}", date(2019, 8, 10))
    history.ticks(date(2019, 8, 10), date(2019, 9, 1))

    _, outputs = fold(history.events)

    assert _composition_flags(outputs) == [
        ("too_few_full_members", "2019-04"),
        ("too_few_full_members", "2019-09"),
    ]


def test_a_branch_no_member_was_ever_named_of_is_not_flagged() -> None:
    """Its size is not known from the log (the members may simply not be recorded)."""
    history = History()
    history.branch()
    history.ticks(date(2018, 1, 1), date(2019, 6, 1))

    _, outputs = fold(history.events)

    assert _composition_flags(outputs) == []


def test_an_emptied_branch_dissolved_before_the_month_ends_is_not_flagged() -> None:
    """撤销: the registry dissolves a branch once its members are transferred; a
    dissolved branch is no longer judged (by hand: dissolved 2019-03-20, so nothing on
    04-01)."""
    history = _three_who_leave(date(2019, 3, 10))
    history.ticks(date(2019, 3, 10), date(2019, 3, 19))
    dissolved = make(
        structure.OrganizationDissolved,
        organization_id=BRANCH,
        dissolved_on=date(2019, 3, 20),
    )
    history.add(dissolved, date(2019, 3, 20))
    history.ticks(date(2019, 3, 20), date(2019, 5, 1))

    _, outputs = fold(history.events)

    assert _composition_flags(outputs) == []


def _stored(events: list[tuple[Envelope, int]]) -> tuple[dict[str, Any], list[Envelope]]:
    """The documents stored after folding ``events``, as JSON values, and the outputs."""
    state, outputs = fold(events)
    documents = take_changed(state)
    return {k: json.loads(v) for k, v in documents.items() if v is not None}, outputs


def test_an_emptied_branch_is_still_flagged_after_a_restart() -> None:
    """The marker is stored: restored between the departures (2019-03-10) and the month's
    first day, the branch is flagged on 2019-04-01 as without the restart."""
    history = _three_who_leave(date(2019, 3, 10))
    history.ticks(date(2019, 3, 10), date(2019, 3, 20))
    stored, _ = _stored(history.events)
    after = History()
    after.ticks(date(2019, 3, 21), date(2019, 5, 1))

    _, outputs = fold(after.events, state=restore(stored))

    assert _composition_flags(outputs) == [("too_few_full_members", "2019-04")]


def test_a_document_stored_by_older_code_still_loads() -> None:
    """An older document has no marker. Stored while members were on the roll (their own
    documents restore them), the branch is flagged once they all leave, as if never
    restarted. Stored after they all left, it cannot tell an emptied branch from one
    never filled: it stays unflagged, as the older code had it, until members are named
    again."""
    before = History()
    before.branch()
    before.ticks(date(2018, 1, 1), date(2019, 1, 14))
    for n in range(3):
        before.member(f"m-{n}", date(2019, 1, 15))
    before.ticks(date(2019, 1, 15), date(2019, 3, 9))
    stored, _ = _stored(before.events)
    assert set(stored[f"{UNIT}{BRANCH}"]) <= _OLDER_UNIT_FIELDS
    after = History()
    for n in range(3):
        after.transfer_out(f"m-{n}", date(2019, 3, 10))
    after.ticks(date(2019, 3, 10), date(2019, 4, 1))

    _, outputs = fold(after.events, state=restore(stored))

    assert _composition_flags(outputs) == [("too_few_full_members", "2019-04")]

    emptied = _three_who_leave(date(2019, 3, 10))
    emptied.ticks(date(2019, 3, 10), date(2019, 3, 20))
    stored, _ = _stored(emptied.events)
    older = {k: v for k, v in stored[f"{UNIT}{BRANCH}"].items() if k in _OLDER_UNIT_FIELDS}
    later = History()
    later.ticks(date(2019, 3, 21), date(2019, 5, 1))

    _, outputs = fold(later.events, state=restore({**stored, f"{UNIT}{BRANCH}": older}))

    assert _composition_flags(outputs) == []


#: The fields of a unit document as the code before the marker stored them.
_OLDER_UNIT_FIELDS = {
    "organization_id",
    "kind",
    "category",
    "parent_id",
    "established_on",
    "dissolved_on",
    "partition",
    "term_start",
    "term_ends_on",
    "term_regular_end",
    "holders",
    "needy_members",
    "flagged",
    "signals_began",
    "watches",
    "early",
}


# ── 任期: the first term of an establishment ────────────────────────────────────────


def _established(
    on: date,
    *,
    kind: str = "branch",
    parent: str | None = GENERAL_BRANCH,
    recorded: date | None = None,
    **term: Any,
) -> History:
    """A unit of ``kind`` established ``on`` with its first ``term`` (term_ends_on,
    term_years), recorded ``recorded`` (on the day by default)."""
    history = History()
    history.add(
        make(
            structure.OrganizationEstablished,
            organization_id=BRANCH,
            name="教育学院教工第一党支部",
            kind=kind,
            category="faculty" if kind == "branch" else None,
            parent_id=parent,
            established_on=on,
            **term,
        ),
        recorded or on,
        id="established",
    )
    return history


def _term_flags(history: History, rules: Rules | None = None) -> list[Any]:
    _, outputs = fold(history.events) if rules is None else fold(history.events, rules)
    return of_type(outputs, "OrganizationFlagged")


@pytest.mark.parametrize(("ends", "flagged"), [
    (date(2020, 2, 29), True),  # one year: shorter than two
    (date(2021, 2, 28), False),  # two years
    (date(2022, 2, 28), False),  # three years
    (date(2025, 2, 28), True),  # six years: longer than three
])  # fmt: skip
def test_a_branch_established_in_2019_is_judged_by_the_2017_constitution(
    ends: date, flagged: bool
) -> None:
    """党章 (2017-10-24) 第三十条: 总支部委员会、支部委员会每届任期两年或三年 (catalog
    term_rule 2017-10-24: branch 2–3 years; v3 in force on 2019-03-01). A branch
    established on 2019-03-01 with its first term to ``ends``."""
    flags = _term_flags(_established(date(2019, 3, 1), term_ends_on=ends))

    assert [f.data.situation.value for f in flags] == (["term_out_of_range"] if flagged else [])


def test_the_flag_names_the_first_term_and_the_parent() -> None:
    """The term as established (not shortened), the parent as the higher organization
    that decides, the establishment as the cause; the text says it is the first term."""
    [flag] = _term_flags(_established(date(2019, 3, 1), term_ends_on=date(2025, 2, 28)))

    assert (flag.data.organization_id, flag.data.higher_organization_id) == (
        BRANCH,
        GENERAL_BRANCH,
    )
    assert (flag.data.duty_id, flag.data.period) == (TERM, "term:2025-02-28")
    assert flag.data.cause_event_id == "established"
    assert "2019-03-01成立" in flag.data.detail_zh
    assert "任期至2025-02-28" in flag.data.detail_zh
    assert "每届任期2至3年" in flag.data.detail_zh
    assert "第三十条" in flag.data.detail_zh


@pytest.mark.parametrize(("ends", "flagged"), [
    (date(2025, 2, 28), True),  # two years: allowed in 2019, shorter than three now
    (date(2026, 2, 28), False),  # three years
    (date(2028, 2, 29), False),  # five years: too long in 2019, allowed now
])  # fmt: skip
def test_a_branch_established_in_2023_is_judged_by_the_2022_constitution(
    ends: date, flagged: bool
) -> None:
    """党章 (2022-10-22) 第三十一条: 支部委员会每届任期三年至五年 (catalog v5)."""
    flags = _term_flags(_established(date(2023, 3, 1), term_ends_on=ends))

    assert [f.data.situation.value for f in flags] == (["term_out_of_range"] if flagged else [])
    assert all("第三十一条" in f.data.detail_zh for f in flags)


def test_a_first_term_given_in_years_is_judged_too() -> None:
    """``term_years`` 5, no end named: the term runs 2019-03-01 to 2024-02-29, longer
    than the three years 党章 (2017) 第三十条 allows a branch."""
    [flag] = _term_flags(_established(date(2019, 3, 1), term_years=5))

    assert flag.data.period == "term:2024-02-29"


def test_a_root_committee_with_no_term_is_never_flagged() -> None:
    """The university committee established with no term named: its first term is the
    catalog's default (党委 5 years in 2019, within 党章 第三十条's three to five);
    the 上级党委, registered with no term, owes no election here."""
    committee = _established(date(2019, 3, 1), kind="party_committee", parent=None)
    higher = _established(date(2019, 3, 1), kind="higher_committee", parent=None)

    assert _term_flags(committee) == []
    assert _term_flags(higher) == []


def test_a_unit_established_before_any_term_rule_in_the_catalog_is_not_flagged() -> None:
    """The catalog carries the 党章 from 2017-10-24 on: a branch established on
    2016-09-01 with a six-year first term has no rule in force to be judged by."""
    assert _term_flags(_established(date(2016, 9, 1), term_ends_on=date(2022, 8, 31))) == []


def _without_term_rules() -> Rules:
    """The catalogs with no term rule at all: what a fold judging no term would do."""
    return Rules(
        [
            catalog.model_copy(
                update={"settings": catalog.settings.model_copy(update={"term_rules": ()})}
            )
            for catalog in CATALOGS
        ]
    )


def test_a_unit_registered_late_is_flagged_and_nothing_else_changes() -> None:
    """Established on 2019-03-01 with a one-year first term (to 2020-02-29, shorter than
    党章 2017 第三十条's two years), recorded only on 2021-06-01 (补录), when that
    term has long ended. The flag is about the term as established, so it is raised
    (caused by the record); every other output and the state are those of the same log
    judged by no term rule: the election duty of that term is opened as before."""
    history = _established(
        date(2019, 3, 1), recorded=date(2021, 6, 1), term_ends_on=date(2020, 2, 29)
    )
    history.appoint(BRANCH, "p-10021", "secretary", date(2019, 3, 1))
    history.ticks(date(2021, 6, 1), date(2021, 7, 1))

    state, outputs = fold(history.events)
    unjudged, expected = fold(history.events, _without_term_rules())

    [flag] = of_type(outputs, "OrganizationFlagged")
    assert (flag.data.period, flag.data.cause_event_id) == ("term:2020-02-29", "established")
    assert [o for o in outputs if o is not flag] == expected
    assert entries(state) == entries(unjudged)
    assert [key for key in entries(state) if TERM in key] == [
        f"duty:{BRANCH}|{TERM}|term:2020-02-29|"
    ]


def test_a_long_current_term_recorded_late_may_have_begun_at_an_election() -> None:
    """By hand (the lead engineer, after the helper's report): ``term_ends_on`` is the
    current term's end (本届任期届满日). A branch established on 2019-03-01 and recorded
    only on 2022-06-01, with its term to 2025-02-28: by then an election could have been
    held (two years on, 2021-03-01) and begun a three-year term to 2024 or 2025, a day
    the log does not know. Not flagged: the flag would judge a term that may not be one.
    Stating six years (``term_years``) is judged whenever recorded: flagged."""
    late = _established(date(2019, 3, 1), recorded=date(2022, 6, 1), term_ends_on=date(2025, 2, 28))
    assert _term_flags(late) == []
    stated = _established(
        date(2019, 3, 1), recorded=date(2022, 6, 1), term_ends_on=date(2025, 2, 28), term_years=6
    )
    assert [f.data.period for f in _term_flags(stated)] == ["term:2025-02-28"]


def test_a_term_ending_on_its_anniversary_is_within_the_rule() -> None:
    """By hand: 届满 is written both ways, on the day before the anniversary and on the
    anniversary itself. A branch established on 2019-03-01 with its first term to
    2022-03-01 (three years, 党章 2017 第三十条: two or three) is not flagged; to
    2022-03-02 it is."""
    assert _term_flags(_established(date(2019, 3, 1), term_ends_on=date(2022, 3, 1))) == []
    [flag] = _term_flags(_established(date(2019, 3, 1), term_ends_on=date(2022, 3, 2)))
    assert flag.data.period == "term:2022-03-02"
