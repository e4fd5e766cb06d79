"""Flags (情况提示): kept to be shown, withdrawn when the record shows they do not stand.

A flag opens no case and takes no measure: it tells who must answer that a situation
needs their decision (a member's to his branch, an organization's to the higher
organization). It is never a verdict, and one that no longer stands is not left
standing against a real person: a member who left the unit's roll (转出, 停止党籍)
before the day a flag about him was raised would not have been flagged had the
leaving been recorded on time (the day decides, not the order of recording). Recorded
late (补录), the leaving withdraws such a flag: it stays in the ledger with the day it
was withdrawn and why, and no longer stands.
"""

from __future__ import annotations

from datetime import date

from contracts.catalog import catalog_in_force
from contracts.events.duties import MemberSituationFlagged, OrganizationFlagged
from contracts.events.members import MembershipSuspended, MemberTransferredOut
from services.accountability.domain.cases import secretaries
from services.accountability.domain.handlers import on
from services.accountability.domain.measures import Decision
from services.accountability.domain.models import Flag
from services.accountability.domain.state import FLAGS
from services.accountability.domain.texts import day_label


def keep_flag(d: Decision, data: MemberSituationFlagged | OrganizationFlagged) -> None:
    """Keep the flag with who must answer it: for a member, his branch (the subject); for
    an organization, the higher organization named; each with its secretaries of the day.
    The flag is raised on ``d.today``, the day of the tick that caused it."""
    if isinstance(data, OrganizationFlagged):
        decides = data.higher_organization_id or data.organization_id
        member_id, since, detail = None, None, data.detail_zh
    else:
        decides, member_id, since, detail = data.organization_id, data.member_id, data.since, None
    d.ledger.flag(
        Flag(
            event_id=d.cause.id, flagged_on=d.today, organization_id=data.organization_id,
            member_id=member_id, duty_id=data.duty_id, situation=data.situation.value,
            since=since, due_on=data.due_on, clause=data.clause, decides=decides,
            person_ids=secretaries(d, decides), detail_zh=detail,
        )
    )  # fmt: skip


@on(MemberTransferredOut)
def _transferred_out(d: Decision, data: MemberTransferredOut) -> None:
    what = f"转出组织关系（转至{data.to_organization}）"
    _left_the_roll(d, data.organization_id, data.member_id, data.transferred_on, what)


@on(MembershipSuspended)
def _suspended(d: Decision, data: MembershipSuspended) -> None:
    _left_the_roll(d, data.organization_id, data.member_id, data.suspended_on, "停止党籍")


def _left_the_roll(d: Decision, org: str, member_id: str, left_on: date, what: str) -> None:
    """转出, 停止党籍: the flags of the member kept for the unit, raised after the day he
    left its roll about his being on it, no longer stand. Recorded on time, the leaving
    would have taken him off the roll before the tick that raised them (a day's facts
    follow its tick): the months of a run (党章第九条) were not his on the roll, a watch
    (失联) would have been cleared. A flag raised on or before that day stands: it was
    true when raised, and the leaving may be the branch's answer to it."""
    for flag in d.ledger.flags.get(org, []):
        if flag.member_id != member_id or not flag.stands or flag.flagged_on <= left_on:
            continue
        if not _about_the_roll(flag):
            continue
        flag.withdrawn_on, flag.withdrawn_by = d.today, d.cause.id
        flag.withdrawn_zh = (
            f"经登记，该党员已于{day_label(left_on)}{what}，"
            f"{day_label(flag.flagged_on)}提示时已不在本组织，此情况提示不再成立"
        )
        d.ledger.touch(FLAGS, org)


def _about_the_roll(flag: Flag) -> bool:
    """Whether ``flag`` is about a member on the roll. A watch's flag is so if leaving the
    roll clears the watch (失联满六个月); the one that runs after a suspension (停止党籍满
    二年) is about a member off it, and leaving again changes nothing. A member rule's
    flag (党章第九条) and an overdue member duty's (外出未转接) are about the roll."""
    try:
        watches = catalog_in_force(flag.due_on).member_watches
    except LookupError:
        return True
    watch = next((w for w in watches if w.id == flag.duty_id), None)
    return watch is None or watch.about_the_roll
