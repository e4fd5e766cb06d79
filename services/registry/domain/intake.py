"""The decision for one submission (受理决定): accepted, duplicate or rejected.

Order of the checks: who may publish it (来源授权), whether the log already
has it (去重, by source and id), then the rules against the registry (业务校验).
An accepted submission is folded into the state at once, so that the next
submission of the same batch sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from contracts.envelope import Envelope
from contracts.errors import Issue
from services.common.access.sources import Sources
from services.registry.domain.rules import check
from services.registry.domain.sources import authorize
from services.registry.domain.state import RegistryState


class Outcome(StrEnum):
    """What became of a submission (受理结果)."""

    ACCEPTED = "accepted"  # 已入账
    DUPLICATE = "duplicate"  # 重复提交
    REJECTED = "rejected"  # 拒收


@dataclass(frozen=True)
class Verdict:
    """An outcome and, for a rejection, its issues (first one is the headline)."""

    outcome: Outcome
    issues: tuple[Issue, ...] = ()


ACCEPTED = Verdict(Outcome.ACCEPTED)
DUPLICATE = Verdict(Outcome.DUPLICATE)


def admit(state: RegistryState, sources: Sources, env: Envelope, caller: str | None) -> Verdict:
    """Decide on ``env`` and fold it in if accepted (see :func:`judge`)."""
    verdict = judge(state, sources, env, caller)
    if verdict.outcome is Outcome.ACCEPTED:
        state.record(env)
    return verdict


def judge(state: RegistryState, sources: Sources, env: Envelope, caller: str | None) -> Verdict:
    """Decide on ``env`` without changing ``state``; ``caller`` is the authenticated HTTP
    source (None from Kafka). A judgement that fails half-way has changed nothing."""
    issues = authorize(sources, env, caller)
    if not issues and state.is_duplicate(env):
        return DUPLICATE
    issues = issues or check(state.registry, state.clock, state.dues_paid, env.data)
    if issues:
        return Verdict(Outcome.REJECTED, tuple(issues))
    return ACCEPTED
