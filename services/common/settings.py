"""Where the services find Kafka and PostgreSQL: environment first, then ``make up``'s file."""

from __future__ import annotations

from dataclasses import dataclass

from deploy.stack import read_env


class NotConfiguredError(RuntimeError):
    """Neither the environment nor ``.zeren/stack.env`` says where the infrastructure is."""


@dataclass(frozen=True)
class Settings:
    kafka_bootstrap: str
    database_url: str

    @classmethod
    def load(cls) -> Settings:
        found = read_env()
        missing = [k for k in ("ZEREN_KAFKA_BOOTSTRAP", "ZEREN_DATABASE_URL") if k not in found]
        if missing:
            raise NotConfiguredError(
                f"{', '.join(missing)} not set and no stack running: run `make up` first "
                "(未找到 Kafka/PostgreSQL 配置：请先运行 `make up`)"
            )
        return cls(found["ZEREN_KAFKA_BOOTSTRAP"], found["ZEREN_DATABASE_URL"])
