"""What the catalog asks of an organization's meetings (目录要求的会议), for the tests."""

from __future__ import annotations

from datetime import date

from contracts.catalog import Duty, PeriodicCadence, catalog_in_force
from contracts.events.enums import MeetingKind
from services.simulator.evidence import applies
from services.simulator.university import Organization


def meeting_duties(org: Organization, on: date) -> list[tuple[Duty, str, MeetingKind]]:
    """Periodic duties of ``org`` on ``on`` met by a ``MeetingHeld`` of one kind.

    Each comes with its cadence and the meeting kind its evidence filters on.
    """
    found: list[tuple[Duty, str, MeetingKind]] = []
    for duty in catalog_in_force(on).duties:
        evidence = duty.evidence[0]
        kinds = [c.equals for c in evidence.where if c.field == "kind" and c.equals is not None]
        if (
            isinstance(duty.cadence, PeriodicCadence)
            and evidence.event == "MeetingHeld"
            and kinds
            and applies(duty, org)
        ):
            found.append((duty, duty.cadence.kind, MeetingKind(str(kinds[0]))))
    return found
