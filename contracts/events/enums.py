"""Enumerations of the contracts (枚举), English values with Chinese labels.

Every member has a Chinese label in ``LABELS_ZH``; the exported JSON Schema
carries the labels as ``x-labels-zh`` so that non-Python systems can show them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema


class LabelledEnum(StrEnum):
    """A string enum whose members have a Chinese label (中文名称)."""

    @property
    def label_zh(self) -> str:
        """The member's Chinese label."""
        return LABELS_ZH[type(self)][self.value]

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema: dict[str, Any] = handler(core_schema)
        schema = handler.resolve_ref_schema(schema)
        schema["x-labels-zh"] = dict(LABELS_ZH[cls])
        return schema


class OrganizationKind(LabelledEnum):
    """Kind of Party organization (党组织类型)."""

    PARTY_COMMITTEE = "party_committee"
    GENERAL_BRANCH = "general_branch"
    BRANCH = "branch"
    PARTY_GROUP = "party_group"
    #: 上级党委: the committee above the university's (e.g. the education work committee),
    #: registered only so that reports submitted to it can name it; it owes nothing here.
    HIGHER_COMMITTEE = "higher_committee"


class BranchCategory(LabelledEnum):
    """Category of a branch by its members (支部类别)."""

    FACULTY = "faculty"
    STUDENT = "student"
    ADMINISTRATION = "administration"
    INSTITUTION = "institution"
    RETIRED = "retired"
    MIXED = "mixed"


class Office(LabelledEnum):
    """An office in a Party organization (职务)."""

    SECRETARY = "secretary"
    DEPUTY_SECRETARY = "deputy_secretary"
    COMMITTEE_MEMBER = "committee_member"
    ORGANIZER = "organizer"
    SUPERVISOR = "supervisor"
    GROUP_LEADER = "group_leader"
    ORGANIZATION_DEPARTMENT_HEAD = "organization_department_head"
    PARTY_DEPARTMENT_HEAD = "party_department_head"


class MeetingKind(LabelledEnum):
    """Kind of meeting or organizational-life activity (会议类型)."""

    BRANCH_GENERAL_MEETING = "branch_general_meeting"
    BRANCH_COMMITTEE_MEETING = "branch_committee_meeting"
    PARTY_GROUP_MEETING = "party_group_meeting"
    PARTY_LECTURE = "party_lecture"
    THEME_PARTY_DAY = "theme_party_day"
    ORGANIZATIONAL_LIFE_MEETING = "organizational_life_meeting"
    DEMOCRATIC_LIFE_MEETING = "democratic_life_meeting"
    COMMITTEE_PARTY_BUILDING_SESSION = "committee_party_building_session"
    COMMITTEE_MEETING = "committee_meeting"
    PARTY_MASS_WORK_MEETING = "party_mass_work_meeting"
    LEADING_GROUP_MEETING = "leading_group_meeting"
    GENERAL_BRANCH_MEETING = "general_branch_meeting"
    JOINT_PARTY_ADMIN_MEETING = "joint_party_admin_meeting"
    CENTRAL_GROUP_STUDY = "central_group_study"


class TalkKind(LabelledEnum):
    """Kind of talk (谈话类型)."""

    APPLICANT_TALK = "applicant_talk"
    HEART_TO_HEART = "heart_to_heart"
    SECRETARY_EXCHANGE = "secretary_exchange"
    NEEDY_MEMBER_VISIT = "needy_member_visit"


class TrainingKind(LabelledEnum):
    """Kind of training (培训类型)."""

    SECRETARY_TRAINING = "secretary_training"
    COMMITTEE_MEMBER_TRAINING = "committee_member_training"
    MEMBER_ROTATION = "member_rotation"
    CANDIDATE_TRAINING = "candidate_training"
    PARTY_WORKER_TRAINING = "party_worker_training"


class AppraisalGrade(LabelledEnum):
    """Grade in the democratic appraisal of members (民主评议党员等次)."""

    EXCELLENT = "excellent"
    QUALIFIED = "qualified"
    BASICALLY_QUALIFIED = "basically_qualified"
    UNQUALIFIED = "unqualified"


class WorkReportGrade(LabelledEnum):
    """Grade of a secretary's work report (述职评议等次)."""

    GOOD = "good"
    FAIR = "fair"
    AVERAGE = "average"
    POOR = "poor"


class ReportTopic(LabelledEnum):
    """Topic of a report heard by a higher organization (汇报主题)."""

    BRANCH_BUILDING = "branch_building"
    PARTY_BUILDING = "party_building"
    RECTIFICATION = "rectification"
    OTHER = "other"


class SelfCheckAnswer(LabelledEnum):
    """Answer to a problem-list question in the annual self-check (自查结论)."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class InterviewKind(LabelledEnum):
    """Kind of accountability interview (谈话方式)."""

    INTERVIEW = "interview"
    ADMONISHMENT = "admonishment"


class Rung(LabelledEnum):
    """Rung of the accountability ladder (问责层级), seed section 四."""

    REMINDER = "reminder"
    CRITICISM = "criticism"
    NOTICE = "notice"
    INTERVIEW = "interview"
    ADMONISHMENT = "admonishment"
    NOTIFIED_CRITICISM = "notified_criticism"
    AWARD_ELIGIBILITY_REVOKED = "award_eligibility_revoked"


class DecidingBody(LabelledEnum):
    """Who recorded an accountability decision (决定机关), seed 四 and 问责条例 第三条 集体决定."""

    ORGANIZATION_DEPARTMENT = "organization_department"
    PARTY_COMMITTEE = "party_committee"


class ReviewOutcome(LabelledEnum):
    """Conclusion of an appeal or review of a decision (申诉、复查结论)."""

    UPHELD = "upheld"
    CHANGED = "changed"
    REVOKED = "revoked"


class Ground(LabelledEnum):
    """Why a measure above criticism is proposed (问责建议的依据), seed 四."""

    WIDESPREAD = "widespread"
    PROMINENT = "prominent"
    RECTIFICATION_MISSED = "rectification_missed"
    SERIOUS_CONSEQUENCE = "serious_consequence"


class MemberSituation(LabelledEnum):
    """A member's situation that needs the branch's attention (党员异常情况)."""

    ABSENT_SIX_MONTHS = "absent_six_months"
    DUES_UNPAID_SIX_MONTHS = "dues_unpaid_six_months"
    LOST_CONTACT = "lost_contact"
    AWAY_NOT_TRANSFERRED = "away_not_transferred"
    MAY_SUSPEND_MEMBERSHIP = "may_suspend_membership"
    MAY_REMOVE_FROM_PARTY = "may_remove_from_party"


class AwayPlace(LabelledEnum):
    """Where a member away stays (外出地点): relatively fixed, or moving about."""

    FIXED = "fixed"
    MOBILE = "mobile"


class SuspensionGround(LabelledEnum):
    """Why membership was suspended (停止党籍的原因类别), 党员教育管理工作条例 第二十四条."""

    LOST_CONTACT = "lost_contact"
    ABROAD = "abroad"
    OTHER = "other"


class MembershipEnd(LabelledEnum):
    """How a member left the Party's ranks for good (党员减少: 死亡、出党). A probationary
    member found not to meet the conditions is disqualified (取消预备党员资格, 党章第七条),
    which only a probationary member can be."""

    DECEASED = "deceased"
    EXPELLED = "expelled"
    REMOVED = "removed"
    WITHDREW = "withdrew"
    DISQUALIFIED = "disqualified"

    @property
    def predicate_zh(self) -> str:
        """The end as said of the member in a text (该党员已于…去世、被开除党籍、被除名、退党、
        被取消预备党员资格)."""
        passive = {"expelled", "removed", "disqualified"}
        return f"被{self.label_zh}" if self.value in passive else self.label_zh


class DisclosureKind(LabelledEnum):
    """What an organization published to its members (公开事项)."""

    DUES = "dues"
    PARTY_AFFAIRS = "party_affairs"


class OrganizationSituation(LabelledEnum):
    """An organization's situation the rules call for a decision on (组织情况提示)."""

    TERM_OUT_OF_RANGE = "term_out_of_range"
    EXTENSION_OVER_LIMIT = "extension_over_limit"
    TOO_FEW_FULL_MEMBERS = "too_few_full_members"
    TOO_MANY_MEMBERS = "too_many_members"
    COMMITTEE_REQUIRED = "committee_required"


#: Chinese label of every member, by enum class and value.
LABELS_ZH: dict[type[LabelledEnum], dict[str, str]] = {
    OrganizationKind: {
        "party_committee": "党委",
        "general_branch": "党总支",
        "branch": "党支部",
        "party_group": "党小组",
        "higher_committee": "上级党委",
    },
    BranchCategory: {
        "faculty": "教工(教师)",
        "student": "学生",
        "administration": "机关",
        "institution": "事业单位",
        "retired": "离退休",
        "mixed": "混合",
    },
    DecidingBody: {
        "organization_department": "党委组织部",
        "party_committee": "党委",
    },
    ReviewOutcome: {
        "upheld": "维持原决定",
        "changed": "变更原决定",
        "revoked": "撤销原决定",
    },
    Ground: {
        "widespread": "带有普遍性的问题",
        "prominent": "特别突出的问题",
        "rectification_missed": "限期未整改",
        "serious_consequence": "问题没有及时解决，经认定造成不良影响和严重后果",
    },
    Office: {
        "secretary": "书记",
        "deputy_secretary": "副书记",
        "committee_member": "委员",
        "organizer": "组织员",
        "supervisor": "督导员",
        "group_leader": "党小组长",
        "organization_department_head": "组织部长",
        "party_department_head": "其他党务部门负责人（宣传、统战等）",
    },
    MeetingKind: {
        "branch_general_meeting": "支部党员大会",
        "branch_committee_meeting": "支委会",
        "party_group_meeting": "党小组会",
        "party_lecture": "党课",
        "theme_party_day": "主题党日",
        "organizational_life_meeting": "组织生活会",
        "democratic_life_meeting": "民主生活会",
        "committee_party_building_session": "党委会专题研究基层党建",
        "committee_meeting": "党委会(听取汇报)",
        "party_mass_work_meeting": "党群工作例会",
        "leading_group_meeting": "党建工作领导小组会议",
        "general_branch_meeting": "党总支会议",
        "joint_party_admin_meeting": "党政联席会议",
        "central_group_study": "中心组学习",
    },
    TalkKind: {
        "applicant_talk": "入党申请人谈话",
        "heart_to_heart": "谈心谈话",
        "secretary_exchange": "书记沟通交流",
        "needy_member_visit": "走访慰问困难党员",
    },
    TrainingKind: {
        "secretary_training": "书记培训",
        "committee_member_training": "支委培训",
        "member_rotation": "党员集中轮训",
        "candidate_training": "发展对象培训",
        "party_worker_training": "党务干部培训",
    },
    AppraisalGrade: {
        "excellent": "优秀",
        "qualified": "合格",
        "basically_qualified": "基本合格",
        "unqualified": "不合格",
    },
    WorkReportGrade: {
        "good": "好",
        "fair": "较好",
        "average": "一般",
        "poor": "差",
    },
    ReportTopic: {
        "branch_building": "支部建设",
        "party_building": "党建工作",
        "rectification": "整改情况",
        "other": "其他",
    },
    SelfCheckAnswer: {
        "yes": "是",
        "partly": "部分",
        "no": "否",
    },
    InterviewKind: {
        "interview": "约谈",
        "admonishment": "诫勉谈话",
    },
    Rung: {
        "reminder": "提醒",
        "criticism": "提出批评，限期整改",
        "notice": "通报",
        "interview": "约谈",
        "admonishment": "诫勉谈话",
        "notified_criticism": "通报批评",
        "award_eligibility_revoked": "取消年度评优评先资格",
    },
    MemberSituation: {
        "absent_six_months": "连续六个月不参加党的组织生活",
        "dues_unpaid_six_months": "连续六个月不交纳党费",
        "lost_contact": "失去联系",
        "away_not_transferred": "外出流动未转接组织关系",
        "may_suspend_membership": "失联满六个月仍未取得联系，可停止党籍（由党组织决定）",
        "may_remove_from_party": "停止党籍满二年仍无法取得联系，可按自行脱党除名（由党组织决定）",
    },
    AwayPlace: {"fixed": "地点相对固定", "mobile": "流动不固定"},
    SuspensionGround: {
        "lost_contact": "失去联系",
        "abroad": "出国（境）定居或学习逾期未归",
        "other": "其他",
    },
    MembershipEnd: {
        "deceased": "去世",
        "expelled": "开除党籍",
        "removed": "除名",
        "withdrew": "退党",
        "disqualified": "取消预备党员资格",
    },
    DisclosureKind: {
        "dues": "党费收缴、使用情况",
        "party_affairs": "党务公开",
    },
    OrganizationSituation: {
        "term_out_of_range": "任期年限不符合规定",
        "extension_over_limit": "延期换届超过一年",
        "too_few_full_members": "正式党员不足三人",
        "too_many_members": "党员人数超过五十人",
        "committee_required": "正式党员七人以上未设支部委员会",
    },
}
