"""Keys come from the environment, then the keyring, then the config file (which must be
private); the config file is read, never written, and a bad one gives one warning."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from store.config import load_config
from store.sending import SendError, find_key, find_provider
from store.sending.keys import require_key


def write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text)
    os.chmod(path, mode)
    return path


def test_environment_first(tmp_path, monkeypatch):
    config = load_config(write(tmp_path / "c.toml", '[keys]\nanthropic = "from-file"\n'))
    provider = find_provider("anthropic", config)
    assert find_key(provider, config) == "from-file"
    monkeypatch.setenv("ANTHROPIC_API_KEY", "from-env")
    assert find_key(provider, config) == "from-env"


def test_gemini_reads_either_variable(monkeypatch):
    config = load_config(Path("/nonexistent/config.toml"))
    gemini = find_provider("google", config)
    assert gemini.name == "gemini"
    monkeypatch.setenv("GOOGLE_API_KEY", "g-key")
    assert find_key(gemini, config) == "g-key"
    monkeypatch.setenv("GEMINI_API_KEY", "gemini-key")
    assert find_key(gemini, config) == "gemini-key"


def test_the_config_file_comes_from_threadkeep_config(tmp_path, monkeypatch):
    path = write(tmp_path / "mine.toml", '[providers.anthropic]\nmodel = "claude-x"\n')
    monkeypatch.setenv("THREADKEEP_CONFIG", str(path))
    assert find_provider("anthropic", load_config()).model == "claude-x"


def test_a_config_file_others_can_read_gets_one_warning(tmp_path):
    path = write(tmp_path / "c.toml", '[keys]\nopenai = "sk-file"\n', mode=0o644)
    warnings: list[str] = []
    config = load_config(path, warn=warnings.append)
    assert warnings == [f"{path} is readable by other users; run: chmod 600 {path}"]
    # Still read: the warning says how to fix it, the key still works.
    assert find_key(find_provider("openai", config), config) == "sk-file"


def test_a_malformed_config_file_gives_defaults_and_is_left_alone(tmp_path):
    path = write(tmp_path / "c.toml", "[keys\nanthropic = ")
    warnings: list[str] = []
    config = load_config(path, warn=warnings.append)
    assert config.data == {}
    (warning,) = warnings
    assert warning.startswith(f"{path} is not valid TOML (") and "\n" not in warning
    assert path.read_text() == "[keys\nanthropic = "


def test_missing_key_names_every_place_to_put_one(tmp_path):
    config = load_config(tmp_path / "none.toml")
    with pytest.raises(SendError) as caught:
        require_key(find_provider("deepseek", config), config)
    assert str(caught.value) == (
        "DeepSeek: no API key; set DEEPSEEK_API_KEY, store one with "
        f"`keyring set threadkeep deepseek`, or add it under [keys] in {tmp_path / 'none.toml'}"
    )


def test_no_keyring_backend_is_not_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("THREADKEEP_KEYRING", "1")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    config = load_config(tmp_path / "none.toml")
    assert find_key(find_provider("anthropic", config), config) is None


def test_custom_openai_compatible_provider(tmp_path):
    config = load_config(
        write(
            tmp_path / "c.toml",
            '[providers.together]\nbase_url = "https://api.together.xyz/v1"\nmodel = "m"\n'
            '[providers.lan]\nbase_url = "http://192.168.1.20:8000/v1"\nkey = false\n',
        )
    )
    together = find_provider("together", config)
    assert (together.protocol, together.key_env, together.needs_key) == (
        "openai-chat",
        ("TOGETHER_API_KEY",),
        True,
    )
    assert find_provider("lan", config).needs_key is False
    assert find_provider("ollama", config).needs_key is False


def test_importing_sending_loads_no_sdk():
    from tests.store.helpers import run_python

    result = run_python(
        """
        import sys
        import store.sending
        heavy = ["anthropic", "openai", "google.genai", "keyring", "httpx"]
        print([name for name in heavy if name in sys.modules])
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
