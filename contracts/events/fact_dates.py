"""The day each submitted fact happened (事实日期), by the field that holds it.

The envelope's ``time`` is when the fact happened by the contract, but a source may date
it by the day it records the fact; the registry checks the payload's own day against its
clock and the organizations, and the folds read it where a fact recorded late (补录) must
count as of its day.
"""

from __future__ import annotations

from datetime import date

from contracts.events import activities as a
from contracts.events import members as m
from contracts.events import oversight as o
from contracts.events import structure as s
from contracts.events.base import Payload

#: The field holding the day each submitted fact happened (事实日期).
FACT_DATE: dict[type[Payload], str] = {
    s.OrganizationEstablished: "established_on",
    s.OrganizationRenamed: "renamed_on",
    s.OrganizationReparented: "reparented_on",
    s.OrganizationDissolved: "dissolved_on",
    s.OfficeHolderAppointed: "appointed_on",
    s.OfficeHolderLeftOffice: "left_on",
    s.ElectionHeld: "held_on",
    s.TermExtensionApproved: "approved_on",
    m.MemberAdmittedAsProbationary: "admitted_on",
    m.MemberConfirmed: "confirmed_on",
    m.MemberTransferredIn: "transferred_on",
    m.MemberTransferredOut: "transferred_on",
    m.MemberWentAway: "since",
    m.MemberReturned: "returned_on",
    m.MemberLostContact: "since",
    m.MemberContactRestored: "restored_on",
    m.MembershipSuspended: "suspended_on",
    m.MembershipRestored: "restored_on",
    m.MembershipEnded: "ended_on",
    m.DuesPaid: "paid_on",
    m.QuarterlyDuesApproved: "approved_on",
    m.DuesExemptionApproved: "approved_on",
    m.OrganizationalLifeAttended: "attended_on",
    m.AdmissionApplicationReceived: "received_on",
    m.ActivistDesignated: "designated_on",
    m.CandidateDesignated: "designated_on",
    a.MeetingHeld: "held_on",
    a.ReportHeard: "heard_on",
    a.WorkReportSubmitted: "submitted_on",
    a.WorkReportEvaluated: "evaluated_on",
    a.MembersAppraised: "appraised_on",
    a.TrainingCompleted: "completed_on",
    a.BudgetAdopted: "adopted_on",
    a.FundsUsePlanFiled: "filed_on",
    a.ResponsibilityLetterSigned: "signed_on",
    a.ContactPointAssigned: "assigned_on",
    a.ContactPointVisited: "visited_on",
    a.ResponsibilityCheckConducted: "conducted_on",
    a.NeedyMembersRecorded: "recorded_on",
    a.DualReportRegistered: "registered_on",
    a.TalkHeld: "held_on",
    o.SelfCheckAnswered: "answered_on",
    o.DisclosureMade: "disclosed_on",
    o.WorkSummaryFiled: "filed_on",
    o.InspectionFindingRecorded: "found_on",
    o.RectificationReported: "reported_on",
    o.RectificationAccepted: "accepted_on",
    o.InterviewConducted: "conducted_on",
    o.SeriousConsequenceDetermined: "determined_on",
    o.CaseClosed: "closed_on",
    o.AccountabilityDecided: "decided_on",
    o.DecisionReviewed: "reviewed_on",
}


def fact_date(fact: Payload) -> date | None:
    """The day ``fact`` says it happened (:data:`FACT_DATE`); None for a type without one."""
    name = FACT_DATE.get(type(fact))
    return None if name is None else getattr(fact, name)
