"""``zeren``: one command line for developers, the organization department and auditors.

Help texts are bilingual (English / 中文).
"""

from __future__ import annotations

import typer

from deploy import stack

app = typer.Typer(
    help="Zeren (责任): grassroots Party-building responsibility ledger / 基层党建工作责任制台账"
)
dev = typer.Typer(help="Local Kafka and PostgreSQL / 本地 Kafka 与 PostgreSQL")
app.add_typer(dev, name="dev")


@dev.command("up")
def dev_up() -> None:
    """Start local Kafka and PostgreSQL, print where they are / 启动本地基础设施."""
    for key, value in stack.up().items():
        typer.echo(f"{key}={value}")
    typer.echo(f"written to {stack.env_file()}")


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
    from datetime import date

    from contracts.catalog import catalog_in_force, load_catalog
    from services.cli.catalog_view import render_catalog, render_questions

    duties = catalog_in_force(date.fromisoformat(on)) if on else load_catalog()
    typer.echo(render_questions(duties) if questions else render_catalog(duties))


services_cli = typer.Typer(help="The three services / 三个服务")
app.add_typer(services_cli, name="services")


@services_cli.command("run")
def services_run() -> None:
    """Run registry, duties and accountability, restarting on crash / 运行并守护三个服务."""
    import asyncio
    import contextlib

    from services.cli.supervisor import supervise
    from services.common.settings import Settings

    stop = asyncio.Event()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(supervise(Settings.load(), stack.state_dir() / "logs", stop))


@app.command("alerts")
def alerts(
    from_beginning: bool = typer.Option(
        False, "--from-beginning", help="Start at the oldest alert / 从最早的提示开始"
    ),
    limit: int | None = typer.Option(None, "--limit", help="Stop after N alerts / 显示 N 条后退出"),
) -> None:
    """Follow accountability alerts in Chinese / 实时查看问责提示."""
    from services.cli.alerts import run

    run(from_beginning, limit)
