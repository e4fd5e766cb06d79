"""Structured logs of a service process (结构化日志): one event a line, JSON off a terminal.

Every log record, the project's (``logging.getLogger("zeren....")`` with
``extra={...}`` fields) and the libraries', goes through structlog's
formatter: a timestamp (UTC), the level, the logger's name, the message as
``event`` and the extra fields as keys. Off a terminal (a file, a pipe, a
supervisor) each line is one JSON object; on a terminal it is readable text.

``ZEREN_LOG_FORMAT`` (``auto``, ``json``, ``console``) and ``ZEREN_LOG_LEVEL``
choose (:class:`services.common.settings.Environment`). The Kafka client's
INFO lines (one per connection and authentication) are left out.
"""

from __future__ import annotations

import logging
import sys
from typing import Literal

import structlog
from structlog.typing import Processor

#: Libraries whose INFO lines say nothing an operator needs.
QUIET = ("aiokafka",)


def use_json(log_format: Literal["auto", "json", "console"]) -> bool:
    """JSON unless asked for text, or ``auto`` and standard error is a terminal."""
    return log_format == "json" or (log_format == "auto" and not sys.stderr.isatty())


def configure_logging(
    level: str = "INFO", log_format: Literal["auto", "json", "console"] = "auto"
) -> None:
    """Route every logger of the process through structlog's formatter to standard error."""
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    renderer: Processor = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if use_json(log_format)
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    handler = logging.StreamHandler()
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
