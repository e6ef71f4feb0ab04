"""Where ``../shared`` (the eval corpus and mail fixtures) is, if this checkout has it.

CI always has it beside the repository; a user's clone usually does not, and tests that
need it skip with the reason.  ``MAILAGENT_SHARED`` names another folder (a git worktree
that does not sit beside ``shared``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# MAILAGENT_SHARED points elsewhere (a worktree whose parent has no shared/).
SHARED = Path(os.environ.get("MAILAGENT_SHARED") or REPO_ROOT.parent / "shared")


def shared_path(*parts: str) -> Path:
    """Return ``../shared/<parts>`` or skip the calling test, saying why."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared sits beside the repo in CI, not in a clone")
    return path
