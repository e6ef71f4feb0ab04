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


def test_reading_hashes_n_grams_into_the_columns_scikit_learn_gives() -> None:
    # The reader hashes without scikit-learn (whose import took 2.8 s); its columns must
    # be the ones HashingVectorizer gave the model it was trained with.
    from sklearn.feature_extraction.text import HashingVectorizer

    from mailagent.dialogue.offline.features import CHAR_FEATURES, WORD_FEATURES, ngram_counts

    words = HashingVectorizer(n_features=WORD_FEATURES, analyzer="word", ngram_range=(1, 2),
                              token_pattern=r"(?u)\b\w[\w']*\b", alternate_sign=False,
                              norm=None)
    chars = HashingVectorizer(n_features=CHAR_FEATURES, analyzer="char_wb", ngram_range=(2, 5),
                              alternate_sign=False, norm=None)
    for text in ("cand never did terraform!", "no k8s  on-call, i  a b.", "école: ok ok 2019–",
                 "x", ""):
        for ours, theirs in zip(ngram_counts(text), (words, chars), strict=True):
            matrix = theirs.transform([text]).tocsr()
            matrix.sum_duplicates()
            expected = dict(zip(matrix.indices.tolist(), matrix.data.tolist(), strict=True))
            assert {k: float(v) for k, v in ours.items()} == expected, text


def test_loading_the_reader_needs_neither_scikit_learn_nor_scipy() -> None:
    import subprocess
    import sys

    code = ("import sys; from mailagent.dialogue.offline.brain import OfflineBrain; "
            "from mailagent.dialogue.offline.reader import LearnedReader; "
            "assert LearnedReader.load() is not None; "
            "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True)
    assert out.stdout.strip() == "[]"
