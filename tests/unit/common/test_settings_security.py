"""Every Kafka client authenticates as the settings say (services.common.settings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy.kafka_security import LocalCredentials
from services.common.kafka_client import PLAINTEXT
from services.common.settings import Settings

BASE = {
    "ZEREN_KAFKA_BOOTSTRAP": "127.0.0.1:9092",
    "ZEREN_DATABASE_URL": "postgresql://x@127.0.0.1:2/x",
}


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ZEREN_STATE_DIR", str(tmp_path))  # no stack.env of a real stack
    for key, value in BASE.items():
        monkeypatch.setenv(key, value)


def test_the_security_block_reaches_every_client_and_a_child_process(
    environment: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZEREN_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("ZEREN_KAFKA_USERNAME", "zeren-duties")
    monkeypatch.setenv("ZEREN_KAFKA_PASSWORD", "s3cret")
    settings = Settings.load()

    assert settings.kafka.options() == {
        "bootstrap_servers": "127.0.0.1:9092",
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-256",
        "sasl_plain_username": "zeren-duties",
        "sasl_plain_password": "s3cret",
    }
    for key, value in settings.as_env().items():
        monkeypatch.setenv(key, value)
    assert Settings.load() == settings
    assert "s3cret" not in repr(settings)


def test_without_security_settings_a_client_speaks_plaintext(environment: None) -> None:
    settings = Settings.load()

    assert settings.kafka_security == PLAINTEXT
    assert settings.kafka.options() == {
        "bootstrap_servers": "127.0.0.1:9092",
        "security_protocol": "PLAINTEXT",
    }


def test_a_local_stack_runs_each_part_as_its_own_principal(
    environment: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    credentials = LocalCredentials.generate(["urn:campus:hr"])
    credentials.save(tmp_path / "credentials.json")
    monkeypatch.setenv("ZEREN_KAFKA_CREDENTIALS", str(tmp_path / "credentials.json"))

    hr = Settings.load().as_kafka_user("source-urn-campus-hr").kafka.security

    assert (hr.username, hr.password) == (
        "source-urn-campus-hr",
        credentials.passwords["source-urn-campus-hr"],
    )
    assert hr.protocol == "SASL_PLAINTEXT"
