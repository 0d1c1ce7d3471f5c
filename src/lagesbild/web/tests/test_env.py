from __future__ import annotations

import pytest

from lagesbild.env import ConfigError, env_bool, env_file, env_int, env_list, env_secret


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), ("0", False), ("off", False), ("", False)],
)
def test_booleans_read_the_usual_spellings(monkeypatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", not expected) is expected


def test_a_bad_boolean_fails_loudly(monkeypatch) -> None:
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ConfigError, match="DEBUG must be true or false"):
        env_bool("DEBUG", False)


def test_integers_and_lists(monkeypatch) -> None:
    monkeypatch.setenv("N", "12")
    monkeypatch.setenv("HOSTS", "a.example, b.example,")
    assert env_int("N", 1) == 12 and env_int("MISSING", 7) == 7
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
    monkeypatch.setenv("N", "twelve")
    with pytest.raises(ConfigError, match="whole number"):
        env_int("N", 1)


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path) -> None:
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert env_secret("SECRET_KEY") == "s3cret"
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ConfigError, match="cannot be read"):
        env_secret("SECRET_KEY")


def test_a_file_setting_names_an_existing_file_of_the_right_kind(monkeypatch, tmp_path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG")
    assert env_file("LOGO", (".png",)) == ""
    monkeypatch.setenv("LOGO", str(logo))
    assert env_file("LOGO", (".png", ".jpg")) == str(logo)
    monkeypatch.setenv("LOGO", str(tmp_path / "saknas.png"))
    with pytest.raises(ConfigError, match="LOGO names .* which is not a readable file"):
        env_file("LOGO", (".png",))
    monkeypatch.setenv("LOGO", str(tmp_path / "logo.gif"))
    with pytest.raises(ConfigError, match=r"LOGO must name a \.png file"):
        env_file("LOGO", (".png",))
