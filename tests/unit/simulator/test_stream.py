"""The submission stream (提交流): reproducible, valid, ordered, uniquely identified."""

from __future__ import annotations

import hashlib
import itertools
import random
from collections import Counter
from collections.abc import Iterable

import pytest

from contracts.envelope import parse_envelope
from contracts.events.members import MemberAdmittedAsProbationary, MemberTransferredIn
from contracts.events.structure import OfficeHolderAppointed, OrganizationEstablished
from services.registry.domain.rules import check
from services.registry.domain.state import RegistryState
from services.simulator import Submission, generate, generate_n
from services.simulator.facts import CHANNELS
from services.simulator.history import DEFAULT_START
from tests.unit.simulator.conftest import SEED

pytestmark = pytest.mark.unit

_STRUCTURE = (
    OrganizationEstablished,
    OfficeHolderAppointed,
    MemberTransferredIn,
    MemberAdmittedAsProbationary,
)


def _digest(submissions: Iterable[Submission]) -> str:
    digest = hashlib.sha256()
    for s in submissions:
        digest.update(f"{s.submit_on}|{s.channel}|{s.source}|".encode())
        digest.update(s.envelope.model_dump_json().encode())
    return digest.hexdigest()


def test_same_seed_gives_the_same_stream() -> None:
    first = _digest(itertools.islice(generate(SEED), 20_000))
    again = _digest(itertools.islice(generate(SEED), 20_000))
    assert first == again


def test_another_seed_gives_another_stream() -> None:
    assert _digest(itertools.islice(generate(SEED), 5_000)) != _digest(
        itertools.islice(generate(SEED + 1), 5_000)
    )


def test_every_structure_event_and_a_sample_validate(stream: list[Submission]) -> None:
    load = [s for s in stream if s.submit_on < DEFAULT_START]
    assert load
    assert all(s.source == "org-dept" for s in load)
    assert {type(s.envelope.data) for s in load} >= set(_STRUCTURE)
    sample = random.Random(SEED).sample(stream[len(load) :], 5_000)
    for submission in [*load, *sample]:
        parsed = parse_envelope(submission.envelope.model_dump_json())
        assert parsed == submission.envelope


def test_structure_comes_first_parents_before_children(stream: list[Submission]) -> None:
    seen: set[str] = set()
    for s in stream:
        data = s.envelope.data
        if isinstance(data, OrganizationEstablished):
            assert data.parent_id is None or data.parent_id in seen
            assert data.established_on < DEFAULT_START
            seen.add(data.organization_id)
        else:
            assert s.envelope.subject in seen


def test_sorted_by_submission_day_and_never_before_the_fact(stream: list[Submission]) -> None:
    days = [s.submit_on for s in stream]
    assert days == sorted(days)
    assert all(s.envelope.time.date() <= s.submit_on for s in stream)
    assert all(s.envelope.time.utcoffset() is not None for s in stream)
    late = [
        s for s in stream if s.submit_on >= DEFAULT_START and s.envelope.time.date() < s.submit_on
    ]
    assert late, "some facts are recorded after the fact (补录)"


def test_ids_are_unique_and_name_the_source(stream: list[Submission]) -> None:
    ids = [s.envelope.id for s in stream]
    assert len(set(ids)) == len(ids)
    assert all(s.envelope.id.startswith(f"{s.source}-") for s in stream)
    assert all(s.channel == CHANNELS[s.source] for s in stream)
    assert {s.source for s in stream} == set(CHANNELS)


def test_generate_n_gives_exactly_n_in_order() -> None:
    submissions = list(generate_n(SEED, 3_000))
    assert len(submissions) == 3_000
    assert [s.submit_on for s in submissions] == sorted(s.submit_on for s in submissions)


def test_the_registry_s_rules_accept_every_submission_in_order() -> None:
    """The simulated campus systems submit only what the registry accepts, taken in the
    order submitted (the intake reads the sources side by side, so a fact may come
    before the one that makes its person known: ``ref.unknown_person`` there). A rule
    the simulator does not follow (a step on a case without 所涉单位, once) shows here
    as a rejection."""
    state, refused = RegistryState(), Counter[str]()
    for submission in generate_n(SEED, 30_000):
        latest = state.clock.latest_allowed()
        if latest is None or submission.submit_on > latest:
            state.move_clock(submission.submit_on)
        fact = submission.envelope.data
        issues = check(state.registry, state.clock, state.dues_paid, fact)
        refused.update(issue.code for issue in issues)
        if not issues:
            state.record(submission.envelope)
    assert refused == {}
