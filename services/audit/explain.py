"""Explaining a decision (问责依据说明): pure pieces of the chain and its rendering.

The chain runs from an accountability action (or a whole case) back to the
duty status events it rests on, the period, the catalog and policy versions
applied, the clauses they cite (quoted from the seed), the evidence found in
the log and the evidence the catalog required but the log does not hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from contracts.catalog import Duty, Evidence, FieldFilter
from contracts.envelope import Envelope
from contracts.events.accountability import AccountabilityAction
from contracts.events.duties import DutyStatus
from contracts.policy import POLICIES, Measure, Rung
from services.duties.domain.matching import event_day, fact_day, matches, text_of
from services.duties.domain.rules import Rules

RULES = Rules()


@dataclass(frozen=True)
class Tally:
    """One evidence rule of the duty and the matching facts of the period (佐证核对)."""

    rule: Evidence
    found: Sequence[Envelope]
    due_on: date
    #: The log's own day (its last tick) when each fact entered it (入账日期), by event id.
    logged: Mapping[str, date]

    def logged_on(self, fact: Envelope) -> date:
        return self.logged.get(fact.id, event_day(fact))

    def late(self, fact: Envelope) -> bool:
        """Entered the log after the deadline (逾期补录): it could not prevent the overdue."""
        return self.logged_on(fact) > self.due_on

    @property
    def missing(self) -> int:
        """How many more facts recorded by the deadline the rule required (缺少的佐证数)."""
        in_time = [f for f in self.found if not self.late(f)]
        return max(0, self.rule.min_count - len(in_time))


@dataclass(frozen=True)
class Explanation:
    """The chain behind one case (问责链条), from the actions back to the facts."""

    case_id: str
    actions: Sequence[Envelope]
    duty_events: Sequence[Envelope]
    duty: Duty | None
    cited: Sequence[Envelope]
    unfound: Sequence[str]
    tallies: Sequence[Tally]


def action_of(env: Envelope) -> AccountabilityAction:
    assert isinstance(env.data, AccountabilityAction)
    return env.data


def status_of(env: Envelope) -> DutyStatus:
    assert isinstance(env.data, DutyStatus)
    return env.data


def case_actions(log: Iterable[Envelope], wanted: str) -> list[Envelope]:
    """Every action of the case ``wanted`` names, itself or through one of its events' ids."""
    actions = [env for env in log if isinstance(env.data, AccountabilityAction)]
    case_id = next((action_of(e).case_id for e in actions if e.id == wanted), wanted)
    return [env for env in actions if action_of(env).case_id == case_id]


def chain_duty_events(actions: Sequence[Envelope], log: Iterable[Envelope]) -> list[Envelope]:
    """The duty status events the actions cite, and every other status of the same duty item."""
    cited = {i for env in actions for i in action_of(env).evidence_event_ids}
    items = {
        (a.organization_id, a.duty_id, a.period)
        for a in map(action_of, actions)
        if a.duty_id is not None
    }
    return [
        env
        for env in log
        if isinstance(env.data, DutyStatus)
        and (
            env.id in cited
            or (env.data.organization_id, env.data.duty_id, env.data.period) in items
        )
    ]


def catalog_duty(duty_events: Sequence[Envelope]) -> Duty | None:
    """The catalog entry the (first) duty event was decided under, in its own version."""
    if not duty_events:
        return None
    status = status_of(duty_events[0])
    return RULES.duty(status.catalog_version, status.duty_id)


def policy_rung(action: AccountabilityAction) -> Rung | None:
    """The policy rung whose measures include this action's (None for a resolution)."""
    policy = next((p for p in POLICIES if p.version == action.policy_version), None)
    if policy is None or action.rung.value not in set(Measure):
        return None
    measure = Measure(action.rung.value)
    return next((r for r in policy.rungs if measure in r.measures), None)


def tally(
    duty: Duty, status: DutyStatus, facts: Iterable[Envelope], logged: Mapping[str, date]
) -> list[Tally]:
    """For each evidence rule of ``duty``, the facts of ``status``'s period that satisfy it.

    ``logged`` gives the log's day for each fact (the date of the last tick
    before it on its partition): time in Zeren is the log's, not the wall's.
    """
    facts = list(facts)
    return [
        Tally(rule, [f for f in facts if _counts(rule, status, f)], status.due_on, logged)
        for rule in duty.evidence
    ]


def _counts(rule: Evidence, status: DutyStatus, fact: Envelope) -> bool:
    if type(fact.data).__name__ != rule.event or not matches(rule, fact.data):
        return False
    subjects = (
        (rule.organization_field, status.organization_id),
        (rule.person_field, status.person_id),
        (rule.member_field, status.member_id),
    )
    if any(f and want and text_of(fact.data, f) != want for f, want in subjects):
        return False
    return status.period_start <= fact_day(rule, fact) <= status.period_end


def render(explanation: Explanation) -> str:
    """The chain as Chinese/English text for an auditor."""
    lines = [f"案件 case {explanation.case_id}", "", "问责措施 actions:"]
    for env in explanation.actions:
        action = action_of(env)
        lines.append(
            f"  {action.decided_on} {action.rung.label_zh} {env.type.removeprefix('zeren.')} "
            f"{env.id}"
        )
        lines.append(f"    {action.title_zh}；问责规则 policy {action.policy_version}")
        rung = policy_rung(action)
        if rung is not None:
            lines.append(f"    依据 clause {rung.clause.ref}：「{rung.clause.excerpt_zh}」")
        lines += _grounds_lines(action)
    lines += ["", *_duty_lines(explanation)]
    return "\n".join(lines)


def _grounds_lines(action: AccountabilityAction) -> list[str]:
    """Why (情形), who (责任人) and who decided (决定), then the action's own reasoning."""
    lines = []
    if action.grounds:
        named = "、".join(ground.label_zh for ground in action.grounds)
        lines.append(f"    情形 grounds: {named} ({', '.join(action.grounds)})")
    if action.person_ids:
        lines.append(f"    责任人 persons: {', '.join(action.person_ids)}")
    if action.decision_id is not None and action.decided_by is not None:
        lines.append(
            f"    决定 decision {action.decision_id}: {action.decided_by.label_zh} "
            f"({action.decided_by.value}) {action.decided_on}"
        )
    lines.append(f"    理由 reasoning: {action.text_zh}")
    return lines


def _duty_lines(explanation: Explanation) -> list[str]:
    if not explanation.duty_events or explanation.duty is None:
        return ["责任事项 duty: none (inspection finding or determination 非责任事项)"]
    first = status_of(explanation.duty_events[0])
    duty = explanation.duty
    lines = [
        f"责任事项 duty {duty.id} {duty.title_zh}",
        f"  单位 unit {first.organization_id}; 周期 period {first.period} "
        f"({first.period_start} – {first.period_end}), 截止 due {first.due_on}",
        f"  责任清单 catalog {first.catalog_version}; 依据 clause {duty.clause.ref}："
        f"「{duty.clause.excerpt_zh}」",
        "  状态事件 duty events:",
    ]
    lines += [
        f"    {env.type.removeprefix('zeren.')} {env.id} (cause {status_of(env).cause_event_id})"
        for env in explanation.duty_events
    ]
    lines.append("佐证 evidence present 已有:")
    lines += [f"  {_fact(env)}" for env in explanation.cited] or ["  (none 无)"]
    lines += [f"  {event_id} (not in the log 日志中未找到)" for event_id in explanation.unfound]
    lines.append("佐证要求 evidence required:")
    for t in explanation.tallies:
        where = ", ".join(f"{c.field}{_condition(c)}" for c in t.rule.where) or "any 不限"
        verdict = "满足 met" if not t.missing else f"缺 missing {t.missing}"
        lines.append(
            f"  {t.rule.event} where {where}: need ≥{t.rule.min_count} by {t.due_on}, "
            f"found {len(t.found)} in period → {verdict}"
        )
        lines += [f"    {_fact(env)}{_lateness(t, env)}" for env in t.found]
    return lines


def _condition(condition: FieldFilter) -> str:
    if condition.equals is not None:
        return f"={condition.equals}"
    if condition.one_of is not None:
        return f" in {list(condition.one_of)}"
    return f">{condition.greater_than}"


def _lateness(t: Tally, env: Envelope) -> str:
    return f" recorded late {t.logged_on(env)} 逾期补录" if t.late(env) else ""


def _fact(env: Envelope) -> str:
    return f"{event_day(env)} {env.type.removeprefix('zeren.')} {env.subject} {env.id}"
