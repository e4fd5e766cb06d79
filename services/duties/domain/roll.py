"""The roll (党员名册): a branch's members and what the log says of each.

A :class:`Member` keeps what the member rules and the member duties read: the
months with a signal, the registry facts of its own (按季度交纳, 外出, 返回),
and the months whose dues the branch is not owed (党费交至月份, 免交党费:
:class:`DuesExemption`, 按月已交). Each member is stored as a document of its
own (``member:<org>|<member>``).
"""

from __future__ import annotations

import sys
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from contracts.events.members import DuesPaid, MembershipRestored, MemberTransferredOut
from services.common.stored import when_any, when_set
from services.duties.domain.periods import months_between

#: The fact a month not owed stands in for (``Member.months_not_owed``): the dues the
#: former organization received (党费交至月份), or need not be paid (免交党费).
DUES_PAID = DuesPaid.__name__
#: 恢复党籍, kept in ``Member.facts`` (the latest day) for a suspension recorded after it.
RESTORED = MembershipRestored.__name__
#: 组织关系转出 recorded while the log had the member suspended, handed in ``Member.facts``
#: from his restoration recorded later (补录) to the step that takes him off the roll
#: again, which removes it.
TRANSFERRED_OUT = MemberTransferredOut.__name__


class DuesExemption(BaseModel):
    """免交党费: the months from ``first_month`` through ``last_month`` (None: not decided yet)
    a member in real financial hardship was approved to pay no dues (2008 党费规定:
    经党支部研究、报上一级党委批准，可以少交或免交党费)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    first_month: str
    last_month: str | None = when_set()

    def covers(self, month: str) -> bool:
        """Whether ``month`` (``YYYY-MM``) is exempt."""
        return self.first_month <= month and (self.last_month is None or month <= self.last_month)


class Member(BaseModel):
    """党员: a member of a branch, from admission or transfer in until transfer out."""

    model_config = ConfigDict(extra="forbid")

    since: date
    known_on: date | None = Field(
        default=None,
        description="The log's day on the unit's partition when the member was added (None: "
        "before its first tick): periods opened on a later tick are owed by the member",
    )
    signals: dict[str, list[str]] = Field(
        default_factory=dict, description="Per member rule, the recent months with a signal"
    )
    probationary: bool = Field(
        default=False, description="Admitted as probationary and not yet confirmed (预备党员)"
    )
    facts: dict[str, date] = Field(
        default_factory=dict,
        description="Registry facts a member duty's condition names (e.g. quarterly dues "
        "agreed) or a member rule reads (away, back), by event type: the day from which "
        "the fact counts; and the latest day of a fact ending a member watch (恢复联系), for "
        "an opening fact recorded after it (补录)",
    )
    kept_while_suspended: bool = when_any(
        bool,
        description="Restored (恢复党籍) with the signals the unit kept while the log had him "
        "suspended (``Unit.suspended``): his months from the restoration are known however "
        "late it was recorded (补录), not lost as those of a joining recorded late are "
        "(member_runs.py ``_counted_from``)",
    )
    dues_paid_through: str | None = when_set(
        description="党费交至月份: the last month whose dues the member paid to the former "
        "organization, as the letter of introduction (组织关系介绍信) of the transfer in says; "
        "those months are paid, not owed here (:meth:`months_not_owed`)",
    )
    dues_exempt: list[DuesExemption] = when_any(
        list,
        description="免交党费: the exemptions the higher Party committee approved, one per "
        "first month, in order; their months are not owed (:meth:`months_not_owed`)",
    )
    paid_by_month: list[str] = when_any(
        list,
        description="按月已交: the months a consent to pay by quarter (经党支部同意按季度交纳党费) "
        "covers that the member had paid as months when it was recorded late (补录), in "
        "order: judged as months when paid, so not owed again in their quarter "
        "(:meth:`months_not_owed`)",
    )
    judged_by_month: list[str] = when_any(
        list,
        description="按月评议: in a state stored by older code, the months of a quarter still "
        "running that 党章第九条 had judged as months (each at its end) when a consent to pay "
        "by quarter covering them was recorded (补录), in order: not judged again when the "
        "quarter ends, since that code left their flag standing. Now such months are judged "
        "when their quarter ends and the flag is withdrawn: nothing is added here",
    )

    def not_owed(self, month: str) -> bool:
        """Whether the branch is owed no dues of the member for ``month`` (``YYYY-MM``): paid
        to the former organization before the transfer in (党费交至月份), exempt by an
        approved exemption (免交党费, 2008 党费规定: 生活确有困难…经党支部研究、报上一级党委批准),
        or paid as a month before a consent to pay by quarter covering it was recorded
        (按月已交). Either way the month is not silent for 党章第九条 (连续六个月不交纳党费):
        paid, or not paid with a 正当理由."""
        through = self.dues_paid_through
        if through is not None and month <= through:
            return True
        if month in self.paid_by_month:
            return True
        return any(exemption.covers(month) for exemption in self.dues_exempt)

    def months_not_owed(self, start: date, end: date) -> list[str]:
        """The months from ``start`` to ``end`` whose dues the branch is not owed
        (:meth:`not_owed`), in order."""
        if self.dues_paid_through is None and not self.dues_exempt and not self.paid_by_month:
            return []  # nearly every member: nothing to look at
        return [month for month in months_between(start, end) if self.not_owed(month)]

    def exempt(self, exemption: DuesExemption) -> None:
        """Keep an approved exemption (免交党费): it replaces the one with the same first month
        (restated, e.g. with its last month: 恢复交纳), else it is added."""
        kept = [e for e in self.dues_exempt if e.first_month != exemption.first_month]
        self.dues_exempt = sorted([*kept, exemption], key=lambda e: e.first_month)

    def keep_latest(self, fact: str, day: date) -> bool:
        """Keep ``day`` as the day of ``fact`` (``facts``) unless a later one is kept;
        whether it was kept."""
        if self.facts.get(fact, day) > day:
            return False
        self.facts[fact] = day
        return True

    def back_after(self, day: date) -> date | None:
        """The first day after ``day`` his present time on the roll began (``since``) or he
        was restored (恢复党籍, kept in ``facts``): he had left the roll between (停止党籍),
        the registry taking no fact of a member off the roll and restoring only one
        suspended. None: on the roll since ``day`` as far as his record tells."""
        after = [d for d in (self.since, self.facts.get(RESTORED)) if d is not None and d > day]
        return min(after, default=None)

    def meets(self, fact: str | None, with_fact: bool, on: date) -> bool:
        """Whether the member meets a member duty's condition on ``on`` (no fact: always)."""
        if fact is None:
            return True
        since = self.facts.get(fact)
        return (since is not None and since <= on) == with_fact

    @field_validator("signals")
    @classmethod
    def _shared_months(cls, signals: dict[str, list[str]]) -> dict[str, list[str]]:
        """Restored months share one string per month, as folded ones do (memory)."""
        return {rule: [sys.intern(month) for month in months] for rule, months in signals.items()}
