"""The cross-door tests' path: tests/vectors/vector_text.py (a vector member's exact text) is
shared with the Python binding's vector suite."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "vectors"))
