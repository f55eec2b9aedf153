"""Print the lowest versions pyproject.toml allows, one ``name==version`` a line, for pip.

    python scripts/min_requirements.py [EXTRA ...]   # default extras: fast server dev

Every ``name>=X`` (of the dependencies and the extras named) becomes ``name==X`` when ``X`` names
a release to the patch (``0.3.2``), else ``name==X.*`` (``rdflib>=7.1``: the 7.1 series, whose
newest patch pip takes: ``X.0`` need not exist, as ``pytest-timeout 2.3.0`` does not); a
requirement without a lower bound is printed as written. ``make test-min`` installs these in a separate
environment and runs the tests there, so that a lower bound the code no longer works with fails.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def minimum_requirements(extras: list[str]) -> list[str]:
    """The pinned lowest versions of the dependencies and of ``extras`` (self-references followed)."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    name = project["name"]
    optional = project.get("optional-dependencies", {})
    wanted, seen, pinned = list(extras), set(), []
    requirements = list(project["dependencies"])
    while wanted:
        extra = wanted.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for requirement in optional[extra]:
            nested = re.fullmatch(rf"{re.escape(name)}\[([\w,\s-]+)\]", requirement.strip())
            if nested:
                wanted += [e.strip() for e in nested.group(1).split(",")]
            else:
                requirements.append(requirement)
    for requirement in requirements:
        match = re.match(r"\s*([A-Za-z0-9_.-]+(?:\[[^\]]*\])?)\s*>=\s*([^,;\s]+)", requirement)
        if match is None:
            pinned.append(requirement.split(";")[0].strip())
        else:
            version = match.group(2)
            pinned.append(f"{match.group(1)}=={version}" if version.count(".") >= 2 else f"{match.group(1)}=={version}.*")
    return sorted(dict.fromkeys(pinned), key=str.lower)


if __name__ == "__main__":
    print("\n".join(minimum_requirements(sys.argv[1:] or ["fast", "server", "dev"])))
