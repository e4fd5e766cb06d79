"""Alert texts (提醒与通知文本) the organization department and the units read.

Each accountability event says who, what duty, which period, which clause,
what happens next and by when. Units are named by name (and id) once their
establishment or renaming was forwarded, else by id; people by name when an
appointment was forwarded, else by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from contracts.catalog import catalog_in_force
from contracts.catalog.versioning import Clause
from contracts.events.enums import DecidingBody, Ground
from contracts.policy import Measure, Rung

#: What a case says to whoever received a proposal made on a ground that no longer holds.
GROUND_GONE = "此前以此为依据提出的问责建议，该项依据不再成立"
#: What a case that people decided on says of a ground gone since: adjusting is theirs.
FOR_THE_DECIDERS = "问责决定已作出，是否调整由决定机关决定"
#: What a correction of whom a decided case names says: the decisions stand as taken.
DECISIONS_STAND = "已作出的问责决定不因本次更正而改变，是否调整由决定机关决定"
_QUARTERS = {"1": "一", "2": "二", "3": "三", "4": "四"}
_SEMESTERS = {"1": "第一学期", "2": "第二学期"}

_ACTIONS = {
    Measure.REMINDER: "现予提醒",
    Measure.CRITICISM: "现提出批评，限期整改",
    Measure.NOTICE: "现予通报",
    Measure.INTERVIEW: "约谈相关责任人，督促引起重视、抓紧整改",
    Measure.ADMONISHMENT: "对领导班子和相关责任人进行诫勉谈话",
    Measure.NOTIFIED_CRITICISM: "予以通报批评",
    Measure.AWARD_ELIGIBILITY_REVOKED: "取消该党组织及其负责人{year}年度评优评先资格",
}

_TITLES = {
    Measure.REMINDER: "关于按时完成{subject}的提醒",
    Measure.CRITICISM: "关于{org}{subject}逾期未完成的批评及整改通知",
    Measure.NOTICE: "关于{org}{subject}问题的通报",
    Measure.INTERVIEW: "关于约谈{org}相关责任人的通知",
    Measure.ADMONISHMENT: "关于对{org}相关责任人进行诫勉谈话的决定",
    Measure.NOTIFIED_CRITICISM: "关于对{org}的通报批评",
    Measure.AWARD_ELIGIBILITY_REVOKED: "关于取消{org}及其负责人{year}年度评优评先资格的决定",
}

TITLE_LIMIT, TEXT_LIMIT = 200, 4000


@dataclass(frozen=True)
class Alert:
    """What one measure or proposal tells its readers (who, what, why, clause, next)."""

    org: str
    #: 责任人: every person the measure names, by name.
    persons: tuple[str, ...]
    subject: str
    reason: str
    clause: Clause
    next_step: str
    year: int
    #: 负有责任的领导班子成员 charged with the organization, named, and the policy's clause for it.
    leading_group: tuple[str, ...]
    leading_group_basis: Clause

    def title(self, measure: Measure) -> str:
        return _TITLES[measure].format(org=self.org, subject=self.subject, year=self.year)[
            :TITLE_LIMIT
        ]

    def text(self, measure: Measure) -> str:
        action = _ACTIONS[measure].format(year=self.year)
        if self.leading_group and measure.charges_leading_group:
            members = "、".join(self.leading_group)
            basis = self.leading_group_basis.national or cite(self.leading_group_basis)
            action += f"；负有责任的领导班子成员{members}一并问责（{basis}）"
        return self._compose(action)

    def proposal_title(self, rung: Rung) -> str:
        return f"关于对{self.org}{self.subject}问题{rung.name_zh}的建议"[:TITLE_LIMIT]

    def proposal_text(self, rung: Rung, grounds: list[Ground]) -> str:
        body = rung.decided_by.label_zh if rung.decided_by else ""
        why = "、".join(ground.label_zh for ground in grounds)
        return self._compose(
            f"属{why}，建议{rung.name_zh}，提请{body}研究决定；{body}作出决定前，不采取上述措施"
        )

    def resolution_title(self) -> str:
        return f"问责案件办结：{self.org}{self.subject}"[:TITLE_LIMIT]

    def resolution_text(self) -> str:
        return self._compose("案件办结")

    def review_text(self) -> str:
        """申诉、复查结论: recorded; the case goes on as it stood (no 办结, no appeal asked)."""
        return self._compose("复查结论记入问责台账")

    def correction_title(self) -> str:
        return f"问责案件责任人更正：{self.org}{self.subject}"[:TITLE_LIMIT]

    def correction_text(self, decided: bool) -> str:
        """责任人更正 changes whom the case names from now on; a decision people took on it
        (``decided``) stands as they took it, whom it named included."""
        return self._compose("本案责任人予以更正" + (f"；{DECISIONS_STAND}" if decided else ""))

    def _compose(self, action: str) -> str:
        who = self.org if not self.persons else f"{self.org}（责任人：{'、'.join(self.persons)}）"
        text = f"{who}：{self.subject}{self.reason}。依据{cite(self.clause)}，{action}。"
        return f"{text}{self.next_step}"[:TEXT_LIMIT]


def decided_by_label(body: DecidingBody, meeting: str, day: date) -> str:
    """``经党委（党委常委会2018年第12次会议）于2018年11月20日决定``."""
    return f"经{body.label_zh}（{meeting}）于{day_label(day)}决定"


def cite(clause: Clause) -> str:
    """``《实施细则》四：“……”`` (and the national regulation, if cited)."""
    national = f"及{clause.national}" if clause.national else ""
    return f"《实施细则》{clause.ref}“{clause.excerpt_zh}”{national}"


def duty_title(duty_id: str, on: date) -> str:
    """The duty's Chinese title in the catalog in force on ``on`` (its id if unknown)."""
    try:
        return catalog_in_force(on).duty(duty_id).title_zh
    except (KeyError, LookupError):
        return duty_id


def period_label(period: str) -> str:
    """``2018-Q2`` → ``2018年第二季度`` and so on (考核周期)."""
    if period.startswith("term:"):
        return f"本届任期（{day_label(date.fromisoformat(period.removeprefix('term:')))}届满）"
    if period.startswith("within:"):
        return "规定期限内"
    year, _, rest = period.partition("-")
    if not rest:
        return f"{year}年度"
    if rest.startswith("Q"):
        return f"{year}年第{_QUARTERS[rest[1:]]}季度"
    if rest.startswith("S"):
        return f"{year}学年{_SEMESTERS[rest[1:]]}"
    return f"{year}年{int(rest)}月"


def day_label(day: date) -> str:
    """``2018年7月11日``."""
    return f"{day.year}年{day.month}月{day.day}日"
