"""Organizational structure events (组织架构): organizations, offices, terms."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from contracts.errors import INCONSISTENT, field_error
from contracts.events.base import Day, Id, OrganizationPayload, PersonName, Text, Title, example
from contracts.events.enums import BranchCategory, Office, OrganizationKind


class OrganizationEstablished(OrganizationPayload):
    """A Party organization was established (成立党组织)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "name": "教育学院教工第一党支部",
            "kind": "branch",
            "category": "faculty",
            "parent_id": "gb-edu",
            "established_on": "2017-09-01",
            "term_years": 2,
            "term_ends_on": "2019-08-31",
        }
    )
    date_order = (("term_ends_on", "established_on"),)

    name: Title = Field(description="Official name (组织名称).")
    kind: OrganizationKind = Field(description="Kind of organization (组织类型).")
    category: BranchCategory | None = Field(
        default=None, description="Branch category, for branches (支部类别)."
    )
    parent_id: Id | None = Field(
        default=None, description="Id of the higher organization (上级党组织); none for the root."
    )
    established_on: Day = Field(description="Day of establishment (成立日期).")
    term_years: int | None = Field(
        default=None, ge=1, le=10, description="Length of the elected term in years (任期年限)."
    )
    term_ends_on: Day | None = Field(
        default=None, description="Day the current term ends (本届任期届满日)."
    )

    @model_validator(mode="after")
    def _higher_committee_stands_outside(self) -> Self:
        """上级党委 is registered as a root, with no term here: it is not the university's."""
        if self.kind is OrganizationKind.HIGHER_COMMITTEE and (
            self.parent_id is not None or self.term_ends_on is not None
        ):
            field = "parent_id" if self.parent_id is not None else "term_ends_on"
            raise field_error(field, INCONSISTENT, "a higher committee has no parent or term here")
        return self


class OrganizationRenamed(OrganizationPayload):
    """An organization was renamed (党组织更名)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "name": "教育学院教工党支部",
            "renamed_on": "2018-03-01",
        }
    )

    name: Title = Field(description="New official name (新名称).")
    renamed_on: Day = Field(description="Day the new name took effect (更名日期).")


class OrganizationReparented(OrganizationPayload):
    """An organization was placed under another higher organization (隶属关系调整)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "parent_id": "gb-arts",
            "reparented_on": "2018-09-01",
        }
    )

    parent_id: Id = Field(description="Id of the new higher organization (新上级党组织).")
    reparented_on: Day = Field(description="Day the change took effect (调整日期).")


class OrganizationDissolved(OrganizationPayload):
    """An organization was dissolved (撤销党组织)."""

    model_config = example({"organization_id": "br-edu-faculty-1", "dissolved_on": "2019-07-01"})

    dissolved_on: Day = Field(description="Day of dissolution (撤销日期).")


class OfficeHolderAppointed(OrganizationPayload):
    """A person took an office, by election or appointment (任职).

    A term that has ended, entered afterwards (补录已结束的任期), says when it ended
    (``left_on``): its person is no current holder at any moment, where an appointment
    and then its leaving would make them one in between (a second secretary, named on
    today's reminders and cases). The registry asks for it when the office is one a
    single person holds and a later holder is recorded.
    """

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "person_id": "p-10021",
            "person_name": "王丽",
            "office": "secretary",
            "appointed_on": "2017-09-01",
        }
    )
    date_order = (("left_on", "appointed_on"),)

    person_id: Id = Field(description="Id of the office holder (任职人).")
    person_name: PersonName = Field(description="Name of the office holder (姓名).")
    office: Office = Field(description="The office taken (职务).")
    appointed_on: Day = Field(description="Day the office was taken (任职日期).")
    left_on: Day | None = Field(
        default=None,
        description="Day a past term ended, when entered afterwards (离任日期，补录已结束的任期).",
    )


class OfficeHolderLeftOffice(OrganizationPayload):
    """A person left an office (离任)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "person_id": "p-10021",
            "office": "secretary",
            "left_on": "2019-06-30",
        }
    )

    person_id: Id = Field(description="Id of the former office holder (离任人).")
    office: Office = Field(description="The office left (职务).")
    left_on: Day = Field(description="Day the office was left (离任日期).")


class ElectionHeld(OrganizationPayload):
    """An organization elected its committee or secretary for a new term (换届选举)."""

    model_config = example(
        {"organization_id": "gb-edu", "held_on": "2018-06-20", "term_ends_on": "2021-06-19"}
    )
    date_order = (("term_ends_on", "held_on"),)

    held_on: Day = Field(description="Day of the election (选举日期).")
    term_ends_on: Day = Field(description="Day the new term ends (新一届任期届满日).")


class TermExtensionApproved(OrganizationPayload):
    """The higher committee approved delaying an election (延期换届批准)."""

    model_config = example(
        {
            "organization_id": "gb-edu",
            "approved_on": "2018-05-10",
            "extended_until": "2018-12-31",
            "approved_by": "pc-university",
            "reason": "学院合并调整，待机构设置确定后换届",
        }
    )
    date_order = (("extended_until", "approved_on"),)

    approved_on: Day = Field(description="Day of approval (批准日期).")
    extended_until: Day = Field(description="New latest day for the election (延期至).")
    approved_by: Id = Field(description="Id of the approving organization (批准单位).")
    reason: Text = Field(description="Reason for the delay (延期理由).")


EVENTS = (
    OrganizationEstablished,
    OrganizationRenamed,
    OrganizationReparented,
    OrganizationDissolved,
    OfficeHolderAppointed,
    OfficeHolderLeftOffice,
    ElectionHeld,
    TermExtensionApproved,
)
