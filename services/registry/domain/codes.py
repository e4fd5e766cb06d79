"""Rejection codes of the registry (拒收代码) beyond the schema's ``schema.*`` codes.

Each code has a stable name, an English and a Chinese message; an issue names
the offending field (``data.held_on``) so that campus systems can switch on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from contracts.errors import Issue


@dataclass(frozen=True)
class Code:
    """A rejection code with its bilingual explanation (错误代码)."""

    name: str
    en: str
    zh: str

    def issue(self, field: str, detail: str = "") -> Issue:
        """An :class:`Issue` about ``field``; ``detail`` adds the specifics in English."""
        en = f"{self.en} ({detail})" if detail else self.en
        return Issue(
            field=field,
            code=self.name,
            message_en=f"{field}: {en}"[:1000],
            message_zh=f"{field}：{self.zh}"[:1000],
        )


UNKNOWN_SOURCE = Code("auth.unknown_source", "the source is not registered", "来源系统未登记")
FORBIDDEN_TYPE = Code(
    "auth.forbidden_type",
    "the source may not publish this event type",
    "该来源系统无权提交此类事件",
)
SOURCE_MISMATCH = Code(
    "auth.source_mismatch",
    "the source attribute is not the authenticated source",
    "source 与认证的来源系统不一致",
)
UNKNOWN_ORGANIZATION = Code(
    "ref.unknown_organization", "no such organization is registered", "党组织未登记"
)
INACTIVE_ORGANIZATION = Code(
    "ref.inactive_organization",
    "the organization was dissolved by that date",
    "该党组织在该日期已撤销",
)
UNKNOWN_MEMBER = Code("ref.unknown_member", "no such member is registered", "党员未登记")
UNKNOWN_PERSON = Code(
    "ref.unknown_person",
    "no such person is known: not a member, office holder or applicant",
    "人员未登记（非党员、任职人员或入党申请人）",
)
ORGANIZATION_EXISTS = Code(
    "ref.organization_exists", "the organization is already registered", "党组织已登记"
)
NOT_OFFICE_HOLDER = Code(
    "ref.not_office_holder",
    "the person does not hold the office claimed",
    "该人员未担任所述职务",
)
IN_FUTURE = Code(
    "date.in_future",
    "the date is after the registry's clock (one day of tolerance)",
    "日期晚于登记处时钟（容差一天）",
)
BEFORE_ESTABLISHED = Code(
    "date.before_established",
    "the date is before the organization was established",
    "日期早于党组织成立日期",
)
DUES_ALREADY_PAID = Code(
    "dues.already_paid",
    "the member's dues for this month are already paid",
    "该党员该月党费已交纳",
)
MEETING_KIND_NOT_ALLOWED = Code(
    "meeting.kind_not_allowed",
    "this kind of organization does not hold this kind of meeting",
    "该类党组织不召开此类会议",
)
KIND_NOT_ALLOWED = Code(
    "ref.kind_not_allowed",
    "this kind of organization does not record this fact",
    "该类党组织不登记此类事实",
)
OUTSIDE_THE_UNIVERSITY = Code(
    "ref.higher_committee",
    "a higher committee is outside the university: it may only be reported to",
    "上级党委不属本校党组织，只能作为报送对象",
)
PARENT_CYCLE = Code(
    "ref.parent_cycle",
    "the new parent is the organization itself or one of its own sub-organizations",
    "不能将党组织调整到其自身或其下级组织之下",
)
TOO_DEEP = Code(
    "ref.too_deep",
    "the organization tree would be deeper than its limit of levels",
    "组织层级超过上限",
)
STANDING_UNSTATED = Code(
    "member.standing_unstated",
    "the member is registered as probationary: a transfer in or a restoration must say"
    " whether they still are (probationary: true, or false if confirmed elsewhere)",
    "该党员登记为预备党员，转入或恢复党籍时须注明是否仍为预备党员",
)
DUES_PAID_TOO_FAR = Code(
    "dues.paid_through_too_far",
    "the month the letter of introduction says dues are paid through (dues_paid_through) is"
    " more than twelve months after the month of the transfer: check the letter",
    "党费交至月份晚于转入当月十二个月以上，请核对组织关系介绍信",
)
EXEMPTION_NOT_APPROVED_ABOVE = Code(
    "dues.exemption_not_approved_above",
    "the organization that approved the exemption from dues (approved_by) is not a Party"
    " committee above the member's branch: 免交党费 is approved by the higher Party committee"
    " (经党支部研究、报上一级党委批准)",
    "免交党费的批准单位须为该党支部的上级党委（经党支部研究、报上一级党委批准）",
)
OFFICE_OCCUPIED = Code(
    "ref.office_occupied",
    "the office is held on the day of the appointment: by the same person, or, for an"
    " office one person holds (secretary, organization department head, group leader), by"
    " another whose leaving must be recorded first",
    "该职务在任职日期已有现任（本人已在任，或书记、组织部长、党小组长尚未登记前任离任），须先登记离任或更正日期",
)
LATER_TERM = Code(
    "ref.later_term",
    "the person holds this office from a later day, in office now: an earlier term of"
    " theirs entered after it would be read as their leaving the office they hold now;"
    " earlier terms of a holder in office are entered before the current one",
    "该人员现任该职务（任职日期晚于本次登记），其此前任期不能在现任之后补录，否则将被视为现任离任",
)
TERM_UNBOUNDED = Code(
    "ref.term_unbounded",
    "a term of an office one person holds (secretary, organization department head, group"
    " leader) that began before another holder's is a past term: enter it with the day it"
    " ended (left_on)",
    "该职务（书记、组织部长、党小组长）此后已有他人任职，补录此前任期须注明离任日期（left_on）",
)
NOT_ANSWERABLE = Code(
    "ref.not_answerable",
    "a person held accountable must hold, or have held, an office in the organization"
    " held accountable, by the day of the decision, review or interview (问责条例 第三条:"
    " 党组织、党的领导干部)",
    "被问责人须为被问责党组织现任或曾任的任职人员（《中国共产党问责条例》第三条）",
)
NOT_A_MEMBER_HERE = Code(
    "ref.not_a_member_here",
    "the member is not on the organization's roll on the fact's day (for dues, nor in the"
    " month they are for): a member's facts come from the member's own branch",
    "该党员在该日期不在本党组织党员名册内（党费另可由所属月份所在党组织登记），须由党员所在党组织登记",
)
ON_ANOTHER_ROLL = Code(
    "ref.on_another_roll",
    "the member is on another organization's roll on that day: record the transfer out"
    " (MemberTransferredOut) first, on or before the day in",
    "该党员在该日期仍在其他党组织党员名册内，须先登记组织关系转出",
)
MEMBERSHIP_ENDED = Code(
    "member.ended",
    "the member's membership ended (died, expelled, removed, withdrew or was disqualified"
    " as probationary: MembershipEnded) before that day: nothing of theirs dated after it"
    " is recorded, they join no roll again (one admitted anew has a new member id), it"
    " ends once, and a disqualified probationary member is never confirmed",
    "该党员已去世或出党（开除党籍、除名、退党、取消预备党员资格），此后不再登记其事项，"
    "不能再转入或恢复党籍（重新入党的以新的党员编号登记）；党员减少只登记一次；"
    "已取消预备党员资格的不能登记转正",
)
HOLDS_OFFICE = Code(
    "member.holds_office",
    "the member holds a Party office the registry knows him by (the same id): a person whose"
    " membership ends holds none, and reminders and measures would go on naming him;"
    " record his leaving (OfficeHolderLeftOffice, left_on on or before the end's day) first",
    "该党员仍在登记簿中担任党内职务（同一编号）：党员减少后不再担任，否则提醒和问责仍会点名该同志；"
    "请先登记其离任（离任日期不晚于党员减少日期）",
)
NOT_PROBATIONARY = Code(
    "member.not_probationary",
    "only a probationary member is disqualified (取消预备党员资格, Party Constitution art. 7):"
    " the registry has this member as a full member by that day; a full member's"
    " membership ends by death, expulsion, removal or withdrawal",
    "只有预备党员才能取消预备党员资格（党章第七条）；登记簿中该党员此时已是正式党员，"
    "请核对党员减少类别",
)
STEPS_AFTER_THE_END = Code(
    "member.steps_after_end",
    "the member's record already has steps dated after that day (a transfer, an absence,"
    " a suspension…): a membership's end (MembershipEnded) comes last; check its day",
    "该党员在该日期之后已有登记事项（转出、转入、外出、停止党籍等），党员减少应为最后一项，请核对日期",
)
ACTIVE_CHILDREN = Code(
    "ref.active_children",
    "organizations under it are not dissolved by that day: dissolve them, or move them"
    " under another parent, first",
    "该党组织下仍有在该日期未撤销的党组织，须先撤销或调整其隶属关系",
)
MEMBERS_ON_ROLL = Code(
    "ref.members_on_roll",
    "members are on the organization's roll after that day: record their transfers out"
    " (MemberTransferredOut, dated on or before the dissolution) first",
    "该党组织仍有党员在册，须先办理组织关系转出（转出日期不晚于撤销日期）",
)
SUBJECT_UNNAMED = Code(
    "ref.subject_unnamed",
    "the organization answers for subordinate units (duties charged to the parent), so a"
    " case action must name the unit the case is about in subject_organization_id: its"
    " own id for a case about itself",
    "该党组织对下级党组织负有责任，案件办理事项须填写所涉单位（subject_organization_id）；"
    "本单位的案件填本单位",
)
FINDING_CASE_MISMATCH = Code(
    "ref.finding_case_mismatch",
    "a rectification naming both a finding and a case must name the finding's own case:"
    " the finding's rectification duty is credited by the finding, the case named is acted"
    " on, so one step would act on two cases; name the finding's case, or only one of them",
    "所列问题编号与案件编号不一致：整改将既作用于该问题，又作用于所列的另一案件；"
    "请填写该问题对应的案件编号，或只填其一",
)
UNREADABLE = Code(
    "intake.unreadable",
    "the submission could not be read or judged; it was set aside",
    "无法读取或判定该提交，已拒收",
)

ALL_CODES: tuple[Code, ...] = (
    UNKNOWN_SOURCE,
    FORBIDDEN_TYPE,
    SOURCE_MISMATCH,
    UNKNOWN_ORGANIZATION,
    INACTIVE_ORGANIZATION,
    UNKNOWN_MEMBER,
    UNKNOWN_PERSON,
    ORGANIZATION_EXISTS,
    NOT_OFFICE_HOLDER,
    IN_FUTURE,
    BEFORE_ESTABLISHED,
    DUES_ALREADY_PAID,
    MEETING_KIND_NOT_ALLOWED,
    KIND_NOT_ALLOWED,
    OUTSIDE_THE_UNIVERSITY,
    PARENT_CYCLE,
    TOO_DEEP,
    STANDING_UNSTATED,
    DUES_PAID_TOO_FAR,
    EXEMPTION_NOT_APPROVED_ABOVE,
    OFFICE_OCCUPIED,
    LATER_TERM,
    NOT_ANSWERABLE,
    NOT_A_MEMBER_HERE,
    ON_ANOTHER_ROLL,
    MEMBERSHIP_ENDED,
    HOLDS_OFFICE,
    NOT_PROBATIONARY,
    STEPS_AFTER_THE_END,
    ACTIVE_CHILDREN,
    MEMBERS_ON_ROLL,
    SUBJECT_UNNAMED,
    FINDING_CASE_MISMATCH,
    UNREADABLE,
)
