"""The fold (责任状态投影): ``decide(state, event, partition) -> (state, outputs)``.

Pure: no I/O and no clock; time moves only with ``ClockTicked``. The state is
updated in place and returned (the caller hands the same object back on the
next call), which keeps a replay of millions of events linear. Outputs are
envelopes: duty status events, then the input itself when it is one of the
events forwarded to zeren.duties.v2 (ticks and beats, human actions, office
changes, organization names, members leaving the roll, a member back (返回); a
member fact recorded late that shows a flag about him no longer stands, ahead of
the flags judged again: :func:`services.duties.domain.members.record_signal`).
A finding (督导检查、自查发现的问题) goes ahead of its statuses: accountability opens
from it the case its rectification duty's statuses are about, and an acceptance
recorded before the finding was entered (补录) fulfils that duty at once.
A ``ClockBeat`` changes nothing here: it only orders the log, and is forwarded so
that accountability can order it too.

Under subtree placement a fact read away from its subject's home (a visitor) is
forwarded by its home, except a parent's structure (共享结构): that is forwarded
from every partition it visits, so that accountability, folding a partition
alone, names the parent and its office holders in the cases of the units that
answer through it. Each copy has an id of its own, derived from the fact's and
the partition's: a consumer of every partition folds every copy, each in its
partition's order (the structure facts are idempotent), where dropping repeated
ids would keep whichever copy it happened to read first.
"""

from __future__ import annotations

from contracts.envelope import Envelope
from contracts.events import FORWARDED_TO_DUTIES, structure
from contracts.events.clock import ClockBeat, ClockTicked
from contracts.events.oversight import CaseAction, InspectionFindingRecorded, SelfCheckAnswered
from contracts.events.placement import StructureShared, UnitPlaced
from contracts.events.structure import OrganizationEstablished
from services.common.ids import derived_id
from services.duties.domain.evidence import credit
from services.duties.domain.members import count_while_suspended, record_fact, record_signal
from services.duties.domain.rules import Rules
from services.duties.domain.state import PLACED_KEY, DutyState
from services.duties.domain.structure import (
    establish,
    register,
    retire,
    share,
    take_shared,
    term_ended,
)
from services.duties.domain.ticks import on_tick
from services.duties.domain.triggers import open_triggered, waive_cleared
from services.duties.domain.watches import follow_watches

FORWARDED = frozenset(FORWARDED_TO_DUTIES)
#: Forwarded from a partition the fact visits too: a parent's structure.
SHARED_FORWARDED = FORWARDED & frozenset(structure.EVENTS)


def decide(
    state: DutyState, event: Envelope, partition: int, rules: Rules
) -> tuple[DutyState, list[Envelope]]:
    """Fold one event of zeren.events.v1 read from ``partition``; return the outputs."""
    visiting = False
    if isinstance(event.data, ClockTicked):
        outputs = on_tick(state, event, rules)
    elif isinstance(event.data, ClockBeat):
        outputs = []
    elif isinstance(event.data, UnitPlaced):
        outputs = place(state, event.data)
    elif isinstance(event.data, StructureShared):
        take_shared(state, event.data, partition)
        outputs = []
    else:
        if isinstance(event.data, OrganizationEstablished):
            establish(state, event, partition)
        visiting = state.visiting(event.subject, partition)
        outputs = []
        for fact in (event, *term_ended(event)):
            if visiting:
                share(state, fact, rules)
                outputs += credit(state, fact, partition, rules)
            else:
                outputs += _fold_fact(state, fact, partition, rules)
    forwarded = _forwarded(state, event, partition, visiting)
    if _a_finding(event.data):
        return state, forwarded + outputs
    return state, outputs + forwarded


def _a_finding(data: object) -> bool:
    """A problem found (督导检查发现问题, or a self-check answer that found one): from it
    accountability opens the case its rectification duty's statuses are about."""
    if isinstance(data, SelfCheckAnswered):
        return data.finding_id is not None
    return isinstance(data, InspectionFindingRecorded)


def _forwarded(state: DutyState, event: Envelope, partition: int, visiting: bool) -> list[Envelope]:
    """What of ``event`` goes downstream from ``partition``: a fact from its subject's
    home; a parent's structure from every partition it visits, as a copy of its own; an
    event about a case about another unit (所涉单位) from that unit's home only, where
    accountability keeps the case, and only once."""
    data = event.data
    if type(data) not in FORWARDED:
        return []
    if isinstance(data, CaseAction) and data.subject_organization_id is not None:
        return [] if state.visiting(data.subject_organization_id, partition) else [event]
    if not visiting:
        return [event]
    return [shared_copy(event, partition)] if type(data) in SHARED_FORWARDED else []


def shared_copy(event: Envelope, partition: int) -> Envelope:
    """A parent's structure fact as forwarded from ``partition``, which it visits."""
    return event.model_copy(update={"id": derived_id(event.id, "shared", str(partition))})


def _fold_fact(state: DutyState, event: Envelope, partition: int, rules: Rules) -> list[Envelope]:
    """A fact about a unit folded here, or about no unit (rules, checkpoints)."""
    outputs = open_triggered(state, event, rules)  # before the appointment it may be is registered
    register(state, event)
    count_while_suspended(state, event, rules)
    outputs += record_fact(state, event, rules)
    outputs += credit(state, event, partition, rules)
    outputs += waive_cleared(state, event, rules)
    outputs += retire(state, event, rules)
    outputs += record_signal(state, event, rules)
    follow_watches(state, event, rules)
    return outputs


def place(state: DutyState, placed: UnitPlaced) -> list[Envelope]:
    """分区归属: under subtree placement, ``placed.organization_id`` and its subtree are
    folded on partition ``placed.home``."""
    state.placed[placed.organization_id] = placed.home
    state.changed.add(PLACED_KEY)
    return []
