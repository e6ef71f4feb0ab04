"""The offline brain is one package whose modules import down one flow, and whose model
file is rebuilt byte for byte.

The order below is the package docstring's: a module may import only modules after it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np

import mailagent.dialogue as dialogue
from mailagent.dialogue.offline import train
from mailagent.dialogue.offline.resources import MODEL_PATH

PACKAGE = Path(dialogue.__file__).parent / "offline"
FLOW = (
    "train", "brain", "refine", "reader", "features", "requirements", "rules", "decisions",
    "contra", "dated", "claims", "stance", "matcher", "text", "resources",
)  # fmt: skip


def _offline_imports(module: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(module.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            name = node.module
            if name == "mailagent.dialogue.offline":
                found |= {alias.name for alias in node.names}
            elif name.startswith("mailagent.dialogue.offline."):
                found.add(name.rsplit(".", 1)[1])
    return found


def test_every_module_imports_only_modules_below_it_in_the_flow() -> None:
    modules = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    assert sorted(FLOW) == modules
    for i, name in enumerate(FLOW):
        below = set(FLOW[i + 1 :])
        imported = _offline_imports(PACKAGE / f"{name}.py")
        assert imported <= below, f"{name} imports {sorted(imported - below)} from above it"


def test_the_old_files_beside_the_engine_are_gone() -> None:
    folder = PACKAGE.parent
    assert not list(folder.glob("offline_*.py"))
    assert not (folder / "reader").exists()
    assert not (folder / "lexicon.py").exists()
    assert MODEL_PATH.parent == PACKAGE and MODEL_PATH.is_file()


def test_the_model_file_is_the_same_bytes_for_the_same_arrays(tmp_path: Path) -> None:
    arrays = {"coef": np.arange(6, dtype=np.float32).reshape(2, 3),
              "labels": np.array(["vague", "useless"])}
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    train.write_model(first, arrays)
    train.write_model(second, dict(reversed(list(arrays.items()))))
    assert first.read_bytes() == second.read_bytes()
    with np.load(first, allow_pickle=False) as data:
        assert data["coef"].tolist() == [[0, 1, 2], [3, 4, 5]]
        assert data["labels"].tolist() == ["vague", "useless"]
