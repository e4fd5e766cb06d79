"""The parts that must agree: what the catalog asks for, what the registry lets in,
and what the simulated campus (the demo) publishes."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from itertools import islice

from contracts.catalog import CATALOGS
from contracts.events.enums import MeetingKind
from services.common.access.client import demo_token
from services.common.access.sources_file import load_sources
from services.registry.domain.rules import MEETING_KINDS
from services.simulator import generate


def test_every_meeting_the_catalog_asks_for_can_be_recorded() -> None:
    """A duty whose evidence is a meeting kind the registry refuses could never be met."""
    refused = set()
    for catalog in CATALOGS:
        for duty in catalog.duties:
            for evidence in duty.evidence:
                if evidence.event != "MeetingHeld":
                    continue
                kinds = {
                    MeetingKind(str(v))
                    for c in evidence.where
                    if c.field == "kind"
                    for v in ((c.equals,) if c.equals is not None else c.one_of or ())
                }
                for org_kind in duty.applies_to.kinds:
                    if not kinds & MEETING_KINDS[org_kind]:
                        refused.add((duty.id, org_kind.value))
    assert refused == set()


def test_the_simulated_campus_publishes_only_what_its_sources_may() -> None:
    sources = load_sources()
    published: Counter[tuple[str, str]] = Counter()
    for submission in islice(generate(20171020, years=2, scale=0.3), 40_000):
        published[(submission.envelope.source, submission.envelope.type)] += 1
    forbidden = {
        (source, event_type)
        for source, event_type in published
        if (system := sources.named(source)) is None
        or event_type.removeprefix("zeren.") not in system.types
    }
    assert len(published) > 20
    assert forbidden == set()


def test_demo_tokens_open_the_door_of_their_own_source() -> None:
    sources, now = load_sources(), datetime.now(UTC)
    for system in sources.sources:
        assert sources.bearer(demo_token(system.source), now, demo=True) == system
        assert sources.bearer(demo_token(system.source), now, demo=False) is None
