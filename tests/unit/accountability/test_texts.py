"""Alert texts name the unit by its current name once it was forwarded (else by id).

The duties service forwards ``OrganizationEstablished`` and ``OrganizationRenamed``
unchanged; the ledger keeps each unit's current name only for the texts: the
decisions (which events, which cases, which ids) do not depend on it.
"""

from __future__ import annotations

from datetime import date

from contracts.events.duties import DutyDueSoon, DutyOverdue
from contracts.events.enums import BranchCategory, OrganizationKind
from contracts.events.structure import OrganizationEstablished, OrganizationRenamed
from services.accountability.domain.state import Ledger
from tests.unit.accountability.builders import Run, duty, envelope, tick
from tests.unit.stored import stored

NAME, NEW_NAME = "经济管理学院教工第1党支部", "经济管理学院教工第一党支部"
OVERDUE_DAY = date(2018, 7, 11)  # 2018-Q2 ends 06-30, grace 10 days


def _established(org: str = "br-1") -> OrganizationEstablished:
    return OrganizationEstablished(
        organization_id=org,
        name=NAME,
        kind=OrganizationKind.BRANCH,
        category=BranchCategory.FACULTY,
        parent_id="gb-1",
        established_on=date(2017, 9, 1),
    )


def _overdue(run: Run, named: bool) -> None:
    run.send(tick(date(2018, 7, 1)))
    if named:
        run.send(envelope(_established(), "established-br-1", date(2018, 7, 1)))
    run.days(date(2018, 7, 2), OVERDUE_DAY)
    run.send(envelope(duty(DutyOverdue, "br-1"), "over-br-1", OVERDUE_DAY))
    run.days(date(2018, 7, 12), date(2018, 7, 12))  # releases the day's events


def test_alerts_name_the_organization_then_its_new_name() -> None:
    run = Run()
    _overdue(run, named=True)
    [criticism] = run.actions()
    assert criticism.title_zh.startswith(f"关于{NAME}（br-1）")
    assert criticism.text_zh.startswith(f"{NAME}（br-1）：")

    renamed = OrganizationRenamed(
        organization_id="br-1", name=NEW_NAME, renamed_on=date(2018, 8, 1)
    )
    run.send(envelope(renamed, "renamed-br-1", date(2018, 8, 1)))
    run.days(date(2018, 7, 13), date(2018, 8, 11))  # the criticism's deadline 08-10 passes
    notice = run.actions()[1]
    assert type(notice).__name__ == "AccountabilityProposed"
    assert f"{NEW_NAME}（br-1）" in notice.title_zh
    assert notice.text_zh.startswith(f"{NEW_NAME}（br-1）：")
    assert NAME not in notice.text_zh


def test_unknown_organizations_are_named_by_id_and_decisions_do_not_change() -> None:
    named, anonymous = Run(), Run()
    _overdue(named, named=True)
    _overdue(anonymous, named=False)
    [criticism] = anonymous.actions()
    assert criticism.text_zh.startswith("br-1：")
    assert NAME not in criticism.text_zh

    def decisions(run: Run) -> list[tuple[str, str, dict[str, object]]]:
        return [
            (
                o.envelope.id,
                o.envelope.type,
                o.envelope.data.model_dump(exclude={"title_zh", "text_zh"}),
            )
            for o in run.outputs
        ]

    assert decisions(named) == decisions(anonymous)


def test_the_names_are_kept_with_the_ledger() -> None:
    run = Run()
    _overdue(run, named=True)
    saved = stored(run.ledger.take_changes())
    assert saved["organization:br-1"] == NAME

    restored = Ledger.restore(1, saved)
    assert restored.organizations == {"br-1": NAME}


def test_a_reminder_states_what_is_true_on_its_day() -> None:
    """提醒 is issued before the deadline: its text says the duty is not done as of the
    reminder's day (截至) and gives the deadline to meet (请于…前完成); it never states
    that the duty is not done on the deadline itself, a day still to come."""
    run = Run()
    run.send(tick(date(2018, 6, 30)))
    run.send(envelope(duty(DutyDueSoon, "br-1"), "soon-br-1", date(2018, 6, 30)))
    run.days(date(2018, 7, 1), date(2018, 7, 1))  # releases the day's events
    [reminder] = run.actions()
    assert "截至2018年6月30日尚未完成" in reminder.text_zh
    assert "请于2018年7月10日前完成" in reminder.text_zh
    assert "7月10日尚未完成" not in reminder.text_zh
