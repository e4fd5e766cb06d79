"""Kafka principals as the runtime sees them (Kafka 用户): the services' names and a
local stack's file of passwords, read to run each part as its own principal.

Making the passwords and the ACLs is the local stack's business
(:mod:`deploy.kafka_security`); a service only reads the file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from services.common.kafka_client import SCRAM_SHA_256, KafkaClient, KafkaSecurity

ADMIN = "zeren-admin"
#: The principal of each service and of the read-only auditor.
SERVICE_PRINCIPALS = {
    name: f"zeren-{name}" for name in ("registry", "duties", "accountability", "audit")
}
PROTOCOL = "SASL_PLAINTEXT"


class KafkaCredentialsError(RuntimeError):
    """A principal has no password in the credentials file (凭据缺失)."""


@dataclass(frozen=True)
class KafkaCredentials:
    """Every principal's password (a local stack's; production keeps them in a vault)."""

    passwords: Mapping[str, str]

    def __repr__(self) -> str:
        return f"KafkaCredentials({sorted(self.passwords)})"

    @classmethod
    def load(cls, path: Path) -> KafkaCredentials:
        return cls(json.loads(path.read_text()))

    def security(self, user: str) -> KafkaSecurity:
        """How ``user`` authenticates to the local broker."""
        if user not in self.passwords:
            raise KafkaCredentialsError(
                f"no Kafka password for {user!r} (Kafka 用户 {user!r} 无凭据): "
                "a source added after `make up` needs `make clean && make up` locally"
            )
        return KafkaSecurity(PROTOCOL, SCRAM_SHA_256, user, self.passwords[user])

    def client(self, bootstrap: str, user: str = ADMIN) -> KafkaClient:
        return KafkaClient(bootstrap, self.security(user))
