import hashlib
import json
import os
import sys
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]
REPO = PYTHON_DIR.parent
# Test the package in this tree even when another copy is installed.
sys.path.insert(0, str(PYTHON_DIR))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _corpus_dir():
    env = os.environ.get("SITIFF_CORPUS")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "corpus" / "real")
    for c in candidates:
        if (c / "expected.json").is_file():
            return c
    return None


CORPUS = _corpus_dir()
EXPECTED = json.loads((CORPUS / "expected.json").read_text()) if CORPUS else None
FILES = sorted(EXPECTED["files"]) if EXPECTED else []
GROUPS = sorted(EXPECTED["groups"]) if EXPECTED else []

needs_corpus = pytest.mark.skipif(CORPUS is None, reason="corpus absent: set SITIFF_CORPUS or put it in ../shared/corpus/real")


def sha256(data):
    return hashlib.sha256(memoryview(data).cast("B")).hexdigest()


@pytest.fixture
def corpus():
    if CORPUS is None:
        pytest.skip("corpus absent: set SITIFF_CORPUS or put it in ../shared/corpus/real")
    return CORPUS
