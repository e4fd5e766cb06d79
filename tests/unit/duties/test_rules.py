"""The catalog indexes of :class:`Rules` answer exactly what scanning the catalogs answers."""

from __future__ import annotations

import pytest

from contracts.catalog import (
    CATALOGS,
    DutyCatalog,
    PeriodicCadence,
    TermCadence,
    WithinDaysCadence,
)
from contracts.types import EVENT_TYPES
from services.duties.domain.periods import PERIOD_KINDS
from services.duties.domain.rules import Rules

pytestmark = pytest.mark.unit

RULES = Rules()
EVENT_NAMES = sorted({t.removeprefix("zeren.") for t in EVENT_TYPES} | {"NoSuchEvent"})


@pytest.mark.parametrize("version", CATALOGS, ids=lambda c: c.version)
def test_version_lookups_equal_a_scan_of_the_catalog(version: DutyCatalog) -> None:
    duties = version.duties
    for kind in PERIOD_KINDS:
        assert RULES.periodic(version, kind) == tuple(
            d for d in duties if isinstance(d.cadence, PeriodicCadence) and d.cadence.kind == kind
        )
    assert RULES.term_duties(version) == tuple(
        (d, d.cadence) for d in duties if isinstance(d.cadence, TermCadence)
    )
    for duty in duties:
        assert RULES.duty(version.version, duty.id) is version.duty(duty.id)
        assert RULES.find(version, duty.id) is duty
    assert RULES.find(version, "no.such.duty") is None


def test_signals_list_every_version_rule_and_field_in_order() -> None:
    for name in EVENT_NAMES:
        assert RULES.signals(name) == tuple(
            (rule.id, signal.field)
            for catalog in CATALOGS
            for rule in catalog.member_rules
            for signal in rule.signals
            if signal.event == name
        )


def test_the_early_outs_equal_a_scan_of_every_version() -> None:
    """A fact that names no term and triggers nothing in any version skips those steps."""
    for name in EVENT_NAMES:
        terms = [c for v in CATALOGS for _, c in RULES.term_duties(v)]
        assert RULES.names_terms(name) == any(
            name in {ref.event for ref in (*c.term_ends, c.extended_by)} for c in terms
        )
        triggered = {
            d.id: d
            for v in CATALOGS
            for d in v.duties
            if isinstance(d.cadence, WithinDaysCadence) and d.cadence.trigger.event == name
        }
        assert RULES.triggered_in_any(name) == tuple(triggered.values())
        assert RULES.triggers(name) == bool(triggered)
    assert RULES.names_terms("ElectionHeld")
    assert not RULES.names_terms("DuesPaid")
    assert not RULES.triggers("DuesPaid")


@pytest.mark.parametrize("version", CATALOGS, ids=lambda c: c.version)
def test_a_duty_s_evidence_of_an_event_type_is_its_statements_in_order(
    version: DutyCatalog,
) -> None:
    for duty in version.duties:
        for name in EVENT_NAMES:
            found = RULES.evidence_of(duty, name)
            assert found == tuple(e for e in duty.evidence if e.event == name)
            assert RULES.evidence_of(duty, name) is found
