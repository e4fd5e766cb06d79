"""Term rules (任期规定): a term or an extension the rules do not allow is flagged.

An election's new term, and the first term of a unit's establishment, is
checked against the term rule in force on the day it began (党章 第三十条/
第三十一条: the allowed years per kind; none before 2017-10-24 in the catalog); an
approved extension (延期换届) against the catalog's limit, counted from the
regular end of the term, however many extensions came before (《关于党的
基层组织任期的意见》: 延期一般不超过1年). Nothing is clamped: the term and
the election duty keep the recorded dates, and the department sees an
``OrganizationFlagged`` naming the unit and the higher organization that
approves (the parent for a term, the approving body for an extension). A unit
recorded late (补录) is judged by its first term as established, even one ended.
"""

from __future__ import annotations

from datetime import date

from contracts.catalog import Duty, DutyCatalog, TermCadence, TermRange
from contracts.envelope import Envelope
from contracts.events.duties import OrganizationFlagged
from contracts.events.enums import OrganizationSituation
from contracts.events.structure import OrganizationEstablished, TermExtensionApproved
from services.duties.domain.emit import duty_event
from services.duties.domain.instances import Instance
from services.duties.domain.matching import event_day
from services.duties.domain.periods import add_years, shifted
from services.duties.domain.state import DutyState
from services.duties.domain.units import Unit


def flag_term_length(
    state: DutyState,
    unit: Unit,
    instance: Instance,
    duty: Duty,
    env: Envelope,
    term: tuple[date, date],
    catalog: DutyCatalog | None,
) -> list[Envelope]:
    """换届选举, 成立: flag a term, from the day it began to its end, longer or shorter
    than ``catalog``'s term rule in force that day allows (an election's new term, an
    establishment's first). A term may end on the day before its anniversary or on the
    anniversary (届满 is written both ways)."""
    began, end = term
    rule = catalog.settings.term_rule(began) if catalog is not None else None
    allowed = rule.years.get(unit.kind) if rule is not None else None
    if rule is None or allowed is None:
        return []
    if not _out_of_range(state, unit, env, term, allowed):
        return []
    detail = (
        f"{_term_zh(env, began, unit)}任期至{end}，"
        f"不在每届任期{allowed.min_years}至{allowed.max_years}年的规定之内"
        f"（{rule.basis.national or rule.basis.excerpt_zh}）"
    )
    flag = (OrganizationSituation.TERM_OUT_OF_RANGE, unit.parent_id, detail)
    return [_flagged(state, unit, instance, duty, env, flag)]


def _out_of_range(
    state: DutyState, unit: Unit, env: Envelope, term: tuple[date, date], allowed: TermRange
) -> bool:
    """Whether the term is shorter or longer than ``allowed``. An establishment names
    the current term's end (本届任期届满日): recorded late, once an election could have
    been held (``min_years`` after it), that term may have begun at the election, a day
    unknown here, so it is too long only by the years it states (``term_years``); too
    short, it is so whenever it began."""
    began, end = term
    short = shifted(end, 1) < add_years(began, allowed.min_years)
    long = end > add_years(began, allowed.max_years)
    fact = env.data
    if not isinstance(fact, OrganizationEstablished):
        return short or long
    stated = fact.term_years
    if stated is not None and not allowed.min_years <= stated <= allowed.max_years:
        return True
    recorded = state.clock.get(unit.partition, event_day(env))
    return short or (long and recorded < add_years(began, allowed.min_years))


def _term_zh(env: Envelope, began: date, unit: Unit) -> str:
    """The term as the fact began it: 成立's first term, 换届选举's new one."""
    if isinstance(env.data, OrganizationEstablished):
        return f"{began}成立的{unit.kind.label_zh}首届"
    return f"{began}选举产生的新一届{unit.kind.label_zh}"


def flag_extension(
    state: DutyState,
    unit: Unit,
    instance: Instance,
    duty: Duty,
    cadence: TermCadence,
    env: Envelope,
    regular_end: date,
) -> list[Envelope]:
    """延期换届: flag an election put off beyond the limit after the term's regular end."""
    approval = env.data
    assert isinstance(approval, TermExtensionApproved)
    limit = shifted(regular_end, cadence.max_extension_days)
    if approval.extended_until <= limit:
        return []
    detail = (
        f"任期原定{regular_end}届满，经批准延期至{approval.extended_until}，"
        f"超过延期换届的期限（{cadence.max_extension_days}天，至{limit}）"
    )
    flag = (OrganizationSituation.EXTENSION_OVER_LIMIT, approval.approved_by, detail)
    return [_flagged(state, unit, instance, duty, env, flag)]


#: What is flagged: the situation, the higher organization that decides, the details.
Flag = tuple[OrganizationSituation, str | None, str]


def _flagged(
    state: DutyState, unit: Unit, instance: Instance, duty: Duty, env: Envelope, flag: Flag
) -> Envelope:
    situation, higher, detail = flag
    return duty_event(
        OrganizationFlagged,
        state,
        unit,
        instance,
        duty,
        env,
        situation=situation,
        higher_organization_id=higher,
        detail_zh=detail,
    )
