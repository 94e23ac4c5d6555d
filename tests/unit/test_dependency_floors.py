"""No package older than the floor list in dependency-floors.txt, installed or pinned."""

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]


def requirements(path: Path) -> list[Requirement]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [Requirement(line) for line in lines if line]


FLOORS = requirements(ROOT / "dependency-floors.txt")


def test_the_floor_list_is_not_empty_and_names_each_package_once():
    names = [canonicalize_name(floor.name) for floor in FLOORS]
    assert len(names) >= 20 and len(names) == len(set(names))
    assert all(str(floor.specifier).startswith(">=") for floor in FLOORS)


@pytest.mark.parametrize("floor", FLOORS, ids=lambda floor: floor.name)
def test_the_installed_version_is_at_or_above_the_floor(floor):
    try:
        installed = version(floor.name)
    except PackageNotFoundError:
        pytest.fail(f"{floor.name} has a floor but is not installed")
    assert floor.specifier.contains(installed, prereleases=True), (
        f"{floor.name} {installed} is older than the floor {floor.specifier}"
    )


def test_requirements_pin_nothing_below_a_floor():
    floors = {canonicalize_name(floor.name): floor for floor in FLOORS}
    for pin in requirements(ROOT / "requirements.txt"):
        floor = floors.get(canonicalize_name(pin.name))
        if floor is None:
            continue
        (pinned,) = [Version(spec.version) for spec in pin.specifier if spec.operator == "=="]
        assert floor.specifier.contains(pinned, prereleases=True), (
            f"requirements.txt pins {pin.name} {pinned}, below the floor {floor.specifier}"
        )
