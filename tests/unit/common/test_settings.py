"""One settings model: the environment over ``stack.env``, bad values named, the state folder
under the working directory unless ``ZEREN_STATE_DIR`` says otherwise."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from services.common.settings import (
    Environment,
    NotConfiguredError,
    Settings,
    SettingsError,
    env_file,
    service_settings,
    state_dir,
)
from services.registry.config import ClockMode, RegistryConfig

pytestmark = pytest.mark.unit


@pytest.fixture
def clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No ``ZEREN_*`` variable but the state folder, an empty temporary one."""
    for key in list(os.environ):
        if key.startswith("ZEREN_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("ZEREN_STATE_DIR", str(tmp_path))
    return tmp_path


def test_stack_env_is_read_and_the_environment_wins(
    clean: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (clean / "stack.env").write_text(
        "ZEREN_KAFKA_BOOTSTRAP=127.0.0.1:1\n"
        "ZEREN_DATABASE_URL=postgresql://a@127.0.0.1:2/a\n"
        "ZEREN_TOPIC_SUFFIX=.demo7\n"
    )
    monkeypatch.setenv("ZEREN_TOPIC_SUFFIX", ".t1")
    settings = Settings.load()
    assert settings.kafka_bootstrap == "127.0.0.1:1"
    assert settings.database_url == "postgresql://a@127.0.0.1:2/a"
    assert settings.topic_suffix == ".t1"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("ZEREN_REGISTRY_PORT", "eighty"),
        ("ZEREN_REGISTRY_PORT", "70000"),
        ("ZEREN_REPLICATION", "0"),
        ("ZEREN_BEAT_MS", "-5"),
        ("ZEREN_CLOCK", "sundial"),
        ("ZEREN_CLOCK_START", "2019/01/01"),
        ("ZEREN_DUTIES_PORT", "x"),
        ("ZEREN_KAFKA_SECURITY_PROTOCOL", "TLS"),
    ],
)
def test_a_bad_value_is_a_bilingual_message_naming_the_variable(
    clean: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as bad:
        Environment.load()
    assert variable in bad.value.en
    assert variable in bad.value.zh
    assert value in bad.value.en
    assert "配置值无效" in bad.value.zh


def test_a_service_with_a_bad_value_ends_with_one_line(
    clean: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZEREN_ACCOUNTABILITY_PORT", "nope")
    with pytest.raises(SystemExit) as ended:
        service_settings("accountability")
    message = str(ended.value.code)
    assert "ZEREN_ACCOUNTABILITY_PORT" in message
    assert "未启动" in message
    assert "\n" not in message


def test_without_kafka_and_postgres_the_message_says_make_up(clean: Path) -> None:
    with pytest.raises(NotConfiguredError) as missing:
        Settings.load()
    assert "ZEREN_KAFKA_BOOTSTRAP" in missing.value.en
    assert "make up" in missing.value.zh


def test_the_registry_reads_its_part_of_the_same_model(
    clean: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    driven = {
        "ZEREN_CLOCK": "driven",
        "ZEREN_CLOCK_START": "2017-12-31",
        "ZEREN_REGISTRY_PORT": "0",
    }
    for key, value in driven.items():
        monkeypatch.setenv(key, value)
    config = RegistryConfig.from_env()
    assert (config.clock, config.clock_start, config.port) == (
        ClockMode.DRIVEN,
        date(2017, 12, 31),
        0,
    )
    for key, value in config.as_env().items():
        monkeypatch.setenv(key, value)
    assert RegistryConfig.from_env() == config


def test_an_empty_clock_start_means_none(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZEREN_CLOCK_START", "")
    assert RegistryConfig.from_env().clock_start is None


def test_the_state_folder_is_under_the_working_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("ZEREN_STATE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert state_dir() == (tmp_path / ".zeren").resolve()
    assert env_file() == (tmp_path / ".zeren" / "stack.env").resolve()
