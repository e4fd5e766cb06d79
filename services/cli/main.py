"""``zeren``: one command line for developers, the organization department and auditors.

Help texts are bilingual (English / 中文).
"""

from __future__ import annotations

from typing import Annotated

import typer

from deploy import stack
from services.cli.errors import UserError, check_demo, parse_day, tells_user_errors
from services.cli.sources import app as sources_cli
from services.common.settings import env_file

app = typer.Typer(
    help="Zeren (责任): grassroots Party-building responsibility ledger / 基层党建工作责任制台账"
)
dev = typer.Typer(help="Local Kafka and PostgreSQL / 本地 Kafka 与 PostgreSQL")
app.add_typer(dev, name="dev")


@dev.command("up")
def dev_up(
    brokers: int = typer.Option(
        1,
        "--brokers",
        min=1,
        help="Kafka nodes; 3 for fault tests (replicas 3, min in-sync 2) / Kafka 节点数",
    ),
) -> None:
    """Start local Kafka and PostgreSQL, print where they are / 启动本地基础设施."""
    for key, value in stack.up(brokers).items():
        typer.echo(f"{key}={value}")
    typer.echo(f"written to {env_file()}")


@dev.command("down")
def dev_down() -> None:
    """Stop what `dev up` started, nothing else / 停止本项目启动的进程."""
    stopped = stack.down()
    typer.echo(
        "stopped: " + (", ".join(stopped) if stopped else "nothing was running / 无运行中的进程")
    )


@dev.command("status")
def dev_status() -> None:
    """Show whether Kafka and PostgreSQL run / 查看运行状态."""
    for name, running in stack.status().items():
        typer.echo(f"{name}: {'running 运行中' if running else 'stopped 已停止'}")


@app.command("catalog")
@tells_user_errors
def catalog(
    questions: bool = typer.Option(
        False,
        "--questions",
        help="Each of the 36 questions with the duties serving it / 按问题清单查看",
    ),
    on: str | None = typer.Option(
        None,
        "--on",
        help="The catalog in force on this date (YYYY-MM-DD) / 指定日期生效的版本",
    ),
) -> None:
    """Print the duty catalog as a Chinese table / 打印责任清单."""
    from contracts.catalog import CATALOGS, catalog_in_force, load_catalog
    from services.cli.catalog_view import catalog_table, questions_table
    from services.common.tables import cli_console

    duties = load_catalog()
    if on is not None:
        day = parse_day(on, "--on")
        try:
            duties = catalog_in_force(day)
        except LookupError:
            first = CATALOGS[0].effective_from
            raise UserError(
                f"{day} 早于第一版责任清单（{first} 起施行），当日无清单",
                f"{day} is before the first catalog version (in force from {first})",
            ) from None
    cli_console().print(questions_table(duties) if questions else catalog_table(duties))


app.add_typer(sources_cli, name="sources")

services_cli = typer.Typer(help="The three services / 三个服务")
app.add_typer(services_cli, name="services")


@services_cli.command("run")
@tells_user_errors
def services_run(
    registry_port: int = typer.Option(0, help="Pin the registry's port / 固定登记服务端口"),
    duties_port: int = typer.Option(0, help="Pin the duties port / 固定责任服务端口"),
    accountability_port: int = typer.Option(
        0, help="Pin the accountability port / 固定问责服务端口"
    ),
    instances: int = typer.Option(
        1, min=1, help="Duties and accountability instances (subtree placement) / 实例数"
    ),
) -> None:
    """Run the three services and the notifier, restarting on crash / 运行并守护各服务.

    Without a pinned port a service takes 8701, 8702, 8703 (the notifier 8704), or any
    free port when that one is busy; the addresses go to .zeren/services.env (``zeren
    wait`` reads it). ``--instances N`` runs N duties and N accountability instances
    that share the partitions (a log written with ZEREN_PLACEMENT=subtree); the others
    take free ports.
    """
    import asyncio

    from services.cli.supervisor import plan, supervise
    from services.common.access.config import AccessConfig
    from services.common.lifecycle import stop_on_signals
    from services.common.settings import Settings, state_dir

    AccessConfig.from_env().sources_or_exit("services")  # not a restart loop of refusals

    async def run() -> None:
        stop = asyncio.Event()
        stop_on_signals(stop)
        await supervise(Settings.load(), running, stop)

    pins = {"registry": registry_port, "duties": duties_port, "accountability": accountability_port}
    pinned = {name: port for name, port in pins.items() if port}
    running = plan(state_dir() / "logs", pinned, instances)

    asyncio.run(run())


@app.command("wait")
@tells_user_errors
def wait(
    timeout: float = typer.Option(600, min=1, help="Give up after so many seconds / 最长等待秒数"),
) -> None:
    """Wait until every service has processed everything sent / 等待各服务处理完毕.

    Polls GET /v1/progress of the services at the addresses in .zeren/services.env
    (else 127.0.0.1:8701-8703; the notifier when recorded there); exit 0 once all have
    caught up, 2 on timeout.
    """
    import asyncio

    from services.cli.wait import caught_up, progress_line, recorded_addresses
    from services.common.access.client import service_client

    urls = {n: a if "://" in a else f"http://{a}" for n, a in recorded_addresses().items()}

    async def run() -> None:
        async with service_client(None, timeout=10) as http:
            await caught_up(http, urls, timeout_s=timeout,
                            report=lambda answers: typer.echo(progress_line(answers)))  # fmt: skip
        typer.echo("处理完毕 all services have caught up")

    asyncio.run(run())


@app.command("alerts")
@tells_user_errors
def alerts(
    from_beginning: bool = typer.Option(
        False, "--from-beginning", help="Start at the oldest alert / 从最早的提示开始"
    ),
    limit: int | None = typer.Option(
        None,
        "--limit",
        help="Stop after N alerts (with --from-beginning: or at the log's end) / 显示 N 条后退出",
    ),
    rung: list[str] = typer.Option(  # noqa: B008 - typer's way of a repeated option
        [], "--rung", help="Only this rung, e.g. criticism or 约谈 (repeatable) / 按问责层级筛选"
    ),
    unit: list[str] = typer.Option(  # noqa: B008 - typer's way of a repeated option
        [], "--unit", help="Only this unit id or pattern, e.g. br-edu-* (repeatable) / 按单位筛选"
    ),
    since: str | None = typer.Option(
        None, "--since", help="Only alerts dated YYYY-MM-DD or later / 起始日期"
    ),
    to_end: bool = typer.Option(
        False,
        "--to-end",
        help="Read from the oldest to the current end, exit / 读到末尾后退出",
    ),
) -> None:
    """Accountability alerts in Chinese, followed or read to the end / 查看问责提示."""
    from services.cli.alerts import run

    run(from_beginning=from_beginning, limit=limit, rungs=rung, units=unit, since=since,
        to_end=to_end)  # fmt: skip


demo_cli = typer.Typer(
    help="Run the services on a simulated university; list or drop past runs / 模拟演示",
    invoke_without_command=True,
)
app.add_typer(demo_cli, name="demo")


@demo_cli.callback()
@tells_user_errors
def demo(
    context: typer.Context,
    seed: int = typer.Option(20171020, help="Simulator seed / 随机种子"),
    start: str = typer.Option("2018-01-01", help="First simulated day / 模拟起始日期"),
    years: int = typer.Option(3, help="Years of history (1-10) / 模拟年数"),
    scale: float = typer.Option(1.0, help="University size factor (0.1-10) / 学校规模系数"),
    keep_running: bool = typer.Option(
        True, "--keep-running/--exit", help="Keep the services up afterwards / 结束后继续运行"
    ),
) -> None:
    """Run the services on a simulated university and summarise / 模拟大学全流程演示.

    The run's namespace is recorded in stack.env (for alerts, audit) only once it
    succeeded / 演示成功后才记入 stack.env.
    """
    if context.invoked_subcommand is not None:
        return
    import asyncio
    import contextlib

    from services.cli.demo import new_namespace, run_demo
    from services.common.settings import Settings

    first_day = parse_day(start, "--start")
    check_demo(years, scale)
    settings = new_namespace(Settings.load())
    typer.echo(
        f"演示命名空间 demo namespace: topics *{settings.topic_suffix}, "
        f"schemas {settings.schema_prefix}*"
    )
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_demo(settings, seed, first_day, years, scale, keep_running))


@demo_cli.command("list")
@tells_user_errors
def demo_list() -> None:
    """Every demo run's schemas and topics / 列出演示命名空间."""
    import asyncio

    from services.cli.namespaces import list_namespaces
    from services.common.settings import Settings

    settings = Settings.load()
    found = asyncio.run(list_namespaces(settings))
    for namespace in found:
        current = " (当前 current)" if settings.topic_suffix == f".{namespace.name}" else ""
        typer.echo(
            f"{namespace.name}{current}: {len(namespace.schemas)} 模式 schemas, "
            f"{len(namespace.topics)} 主题 topics"
        )
    if not found:
        typer.echo("没有演示命名空间 / no demo namespaces")


@demo_cli.command("drop")
@tells_user_errors
def demo_drop(
    names: Annotated[list[str], typer.Argument(help="Namespaces, e.g. demo1764700000 / 命名空间")],
) -> None:
    """Drop demo runs' schemas and topics (never the current one) / 删除演示命名空间."""
    import asyncio

    from services.cli.namespaces import drop_namespace
    from services.common.settings import Settings

    settings = Settings.load()
    for name in names:
        gone = asyncio.run(drop_namespace(settings, name))
        typer.echo(
            f"已删除 dropped {gone.name}: {len(gone.schemas)} 模式 schemas, "
            f"{len(gone.topics)} 主题 topics"
        )


@app.command("replay")
@tells_user_errors
def replay(
    until: str = typer.Option(
        ..., "--until", help="Rebuild the state as of this day (YYYY-MM-DD) / 回放截至日期"
    ),
    schema_prefix: str | None = typer.Option(
        None,
        "--schema-prefix",
        help="Schemas to rebuild into (default replay_<date>_) / 回放写入的模式前缀",
    ),
    unit: str | None = typer.Option(
        None, "--unit", help="Print this unit's duty matrix / 打印该单位的责任矩阵"
    ),
    keep: bool = typer.Option(
        False, "--keep", help="Keep the replay's schemas afterwards / 保留回放模式"
    ),
) -> None:
    """Replay the log up to a date, then answer as of that date / 回放历史并按当日查询."""
    import asyncio

    from services.audit.progress import PhaseProgress
    from services.audit.replay import default_prefix, drop_replay, replay_until
    from services.audit.views import cases_and_eligibility, compliance_summary, duty_matrix
    from services.common.settings import Settings
    from services.common.tables import cli_console

    day = parse_day(until, "--until")
    settings = Settings.load().as_auditor()
    prefix = schema_prefix or default_prefix(day)
    progress = PhaseProgress()
    try:
        result = asyncio.run(replay_until(settings, day, prefix, progress))
    finally:
        progress.close()
        if not keep:
            asyncio.run(drop_replay(settings, prefix))
    if unit is not None and unit not in result.duties.units:
        raise UserError(f"日志中没有单位 {unit}", f"no unit {unit} in the log up to {day}")
    year = day.year
    console = cli_console()
    console.print(duty_matrix(result, unit, year) if unit else compliance_summary(result, year))
    for view in cases_and_eligibility(result, year):
        console.print(view)


audit = typer.Typer(help="Auditors' tools / 督导审计工具")
app.add_typer(audit, name="audit")


@audit.command("verify")
def audit_verify(
    duties_topic: str | None = typer.Option(
        None, "--duties-topic", help="Compare with this topic instead / 改与该主题比对"
    ),
    accountability_topic: str | None = typer.Option(
        None, "--accountability-topic", help="Compare with this topic instead / 改与该主题比对"
    ),
) -> None:
    """Replay the whole log and compare with the emitted events / 全量回放并核验输出.

    Exit code 0 when equal, 1 when a decision differs, 3 when only the Chinese texts
    differ (2 is a misused command) / 一致退出码 0，决定不一致 1，仅措辞不同 3.
    """
    import asyncio

    from services.audit.compare import render_comparison
    from services.audit.progress import PhaseProgress
    from services.audit.verify import verify
    from services.common.settings import Settings

    progress = PhaseProgress()
    verdict = asyncio.run(
        verify(
            Settings.load().as_auditor(),
            duties_topic=duties_topic,
            accountability_topic=accountability_topic,
            progress=progress,
        )
    )
    progress.close()
    for comparison in verdict.comparisons:
        typer.echo(render_comparison(comparison))
    if verdict.equal:
        typer.echo("equal")
    elif verdict.reworded:
        typer.echo("different: the Chinese texts only, every decision equal (仅措辞不同，决定一致)")
    else:
        typer.echo("different")
    raise typer.Exit(0 if verdict.equal else 3 if verdict.reworded else 1)


@audit.command("explain")
def audit_explain(
    case_or_event_id: str = typer.Argument(
        ..., help="A case id or accountability event id / 案件编号或问责事件编号"
    ),
) -> None:
    """The chain behind a decision: duty, period, clauses, evidence / 追溯问责依据."""
    import asyncio

    from services.audit.explain import render
    from services.audit.trace import trace
    from services.common.settings import Settings

    try:
        explanation = asyncio.run(trace(Settings.load().as_auditor(), case_or_event_id))
    except LookupError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    typer.echo(render(explanation))


@audit.command("chain")
def audit_chain(
    against: str | None = typer.Option(
        None, "--against", help="Checkpoints kept outside Kafka (JSON lines) / 存档的检查点文件"
    ),
    public_key: str | None = typer.Option(
        None, "--public-key", help="The registry's Ed25519 public key, hex / 登记处公钥"
    ),
    topic: str | None = typer.Option(None, "--topic", help="Check this topic instead / 改核该主题"),
) -> None:
    """Recompute the log's hash chain, check its signed checkpoints / 核验日志哈希链.

    Exit code 0 when intact, 1 when broken / 完整退出码 0，断裂 1.
    """
    import asyncio
    from pathlib import Path

    from services.audit.chain import audit_chain as check_chain
    from services.audit.chain import read_kept
    from services.common.settings import Settings

    kept = read_kept(Path(against).read_text(encoding="utf-8")) if against else None
    key = bytes.fromhex(public_key) if public_key else None
    report = asyncio.run(
        check_chain(Settings.load().as_auditor(), topic=topic, public_key=key, kept=kept)
    )
    typer.echo(report.render())
    raise typer.Exit(0 if report.intact else 1)


@audit.command("prove")
def audit_prove(
    event_id: str = typer.Argument(..., help="The event's id / 事件编号"),
    topic: str | None = typer.Option(None, "--topic", help="Prove from this topic / 改用该主题"),
) -> None:
    """Print the JSON proof from a fact to a signed daily root / 出具事实存在性证明.

    Check it with docs/verify_proof.py (no Zeren needed) / 用 docs/verify_proof.py 核验.
    """
    import asyncio
    import json

    from services.audit.proof import ProofError, prove_event
    from services.common.settings import Settings

    try:
        proof = asyncio.run(prove_event(Settings.load().as_auditor(), event_id, topic))
    except ProofError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(proof, ensure_ascii=False, indent=2))


@app.command("dashboard")
def dashboard(
    year: int | None = typer.Option(
        None, help="Year of the first page (default: the log clock's) / 首页年度"
    ),
    registry: str | None = typer.Option(None, help="Registry host:port or URL / 登记服务地址"),
    duties: str | None = typer.Option(None, help="Duties address / 责任服务地址"),
    accountability: str | None = typer.Option(None, help="Accountability address / 问责服务地址"),
    notifier: str | None = typer.Option(None, help="Notifier address / 告警送达服务地址"),
    port: int = typer.Option(8700, help="Port to serve on / 工作台端口"),
) -> None:
    """Serve the Chinese workbench over the services / 党建责任制工作台 (docs/workbench.md).

    Addresses not given are those in .zeren/services.env (else 127.0.0.1:8701-8703;
    without a notifier the deliveries are not shown).
    """
    import uvicorn

    from services.cli.dashboard import dashboard_app
    from services.cli.wait import recorded_addresses
    from services.common.access.config import AccessConfig
    from services.workbench.reader import Endpoints

    access = AccessConfig.from_env()
    first = f"/?year={year}" if year else "/"
    typer.echo(f"工作台 workbench: {access.scheme}://127.0.0.1:{port}{first}")
    given = {"registry": registry, "duties": duties, "accountability": accountability,
             "notifier": notifier}  # fmt: skip
    found = recorded_addresses() | {n: a for n, a in given.items() if a}
    urls = {n: a if "://" in a else f"{access.scheme}://{a}" for n, a in found.items()}
    board = dashboard_app(Endpoints(**urls))
    uvicorn.run(board, host="127.0.0.1", port=port, log_level="warning", **access.uvicorn_tls())
