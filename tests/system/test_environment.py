"""environment.yml, requirements.in and requirements.lock agree on every pinned version."""
import re

import yaml

from analysis.core.config import current


def _pins_yml() -> dict[str, str]:
    env = yaml.safe_load((current().root / "environment.yml").read_text())
    out = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "=" in dep:
            name, version = dep.split("=", 1)
            out[name.lower()] = version
        if isinstance(dep, dict):  # the pip section: packages conda-forge does not carry
            for item in dep.get("pip", []):
                m = re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)", item)
                if m:
                    out[m.group(1).lower()] = m.group(2)
    return out


def _pins(path: str) -> dict[str, str]:
    text = (current().root / path).read_text()
    return {m.group(1).lower(): m.group(2) for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", text, re.M)}


def test_environment_yml_pins_match_requirements_in():
    yml = _pins_yml()
    python = yml.pop("python")
    assert python == "3.11"
    assert yml == _pins("requirements.in")


def test_lock_has_every_direct_pin_at_the_same_version_with_hashes():
    lock = _pins("requirements.lock")
    for name, version in _pins("requirements.in").items():
        assert lock.get(name) == version, f"{name}: requirements.in {version}, lock {lock.get(name)}"
    text = (current().root / "requirements.lock").read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", text.strip())
    assert all("--hash=sha256:" in b for b in blocks if "==" in b)


def test_installed_versions_match_the_lock():
    from importlib.metadata import version
    for name, pinned in _pins("requirements.in").items():
        assert version(name) == pinned, name
