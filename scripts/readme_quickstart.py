"""Turns a README quick start into a program that checks the values its comments promise.

    python3 scripts/readme_quickstart.py python README.md > quickstart.py
    python3 scripts/readme_quickstart.py javascript README.md > quickstart.cjs (or .mjs)

A line `expression  # Decimal('83.33')` (Python) or `expression; // "83.33"` (JavaScript) becomes
an assertion that the expression equals the value in the comment; a comment that is not a value
(`# how far each threshold …`) leaves its line as it is. The module path the README gives for
the source tree (`./bindings-wasm/pkg/node/…`) becomes the installed package's name, so the
program runs against what users install. The program prints how many values it checked and
fails when that is none: a quick start whose promises cannot be checked is itself an error.
"""

from __future__ import annotations

import ast
import io
import json
import re
import sys
import tokenize
from pathlib import Path


def block(readme: str, heading: str, fence: str) -> str:
    """The first fenced code block of language `fence` under the `## heading` section."""
    section = readme.split(f"## {heading}", 1)
    if len(section) != 2:
        sys.exit(f"readme_quickstart: no '## {heading}' section")
    match = re.search(rf"```{fence}\n(.*?)```", section[1], re.S)
    if not match:
        sys.exit(f"readme_quickstart: no ```{fence} block under '## {heading}'")
    return match.group(1)


PY_PRELUDE = '''\
import decimal as _decimal
_checked = 0
def _check(value, expected_text, line):
    global _checked
    expected = eval(expected_text, {"Decimal": _decimal.Decimal})
    if type(value) is not type(expected) or value != expected:
        raise SystemExit(f"README line {line}: got {value!r}, the README says {expected_text}")
    _checked += 1
'''


def python_program(code: str) -> str:
    """The Python quick start with each `expr  # value` line turned into a check."""
    comments: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(code).readline):
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = tok.string[1:].strip()
    lines = code.splitlines()
    out = [PY_PRELUDE]
    for node in ast.parse(code).body:
        text = "\n".join(lines[node.lineno - 1 : node.end_lineno])
        comment = comments.get(node.end_lineno or 0)
        value = python_value(comment) if comment else None
        if isinstance(node, ast.Expr) and value is not None:
            expr = ast.get_source_segment(code, node.value)
            out.append(f"_check(({expr}), {value!r}, {node.lineno})")
        else:
            out.append(text)
    out.append('print(f"README Python quick start: {_checked} values checked")')
    out.append("assert _checked > 0, 'no value of the quick start was checked'")
    return "\n".join(out) + "\n"


def python_value(comment: str) -> str | None:
    """The value a `# …` comment starts with (`Decimal('83.33')`, `Decimal('83.33'): (500 × 12 …`)."""
    for text in (comment, comment.split(": ", 1)[0]):
        try:
            eval(text, {"Decimal": __import__("decimal").Decimal})  # noqa: S307 - the README's own text
        except Exception:  # noqa: BLE001 - anything that is not a value is prose
            continue
        return text
    return None


JS_PRELUDE = """\
let __checked = 0;
function __check(value, expected, line) {
  const a = JSON.stringify(value), b = JSON.stringify(expected);
  if (a !== b) { console.error(`README line ${line}: got ${a}, the README says ${b}`); process.exit(1); }
  __checked += 1;
}
"""


def js_value(comment: str) -> str | None:
    """The JSON value a `// …` comment starts with (`"83.33"`, `[] — or …`), or None."""
    for candidate in (comment, re.split(r"\s+[—-]\s", comment)[0]):
        try:
            json.loads(candidate)
        except ValueError:
            continue
        return candidate
    return None


def js_program(code: str) -> str:
    """The JavaScript quick start against the installed package, with its values checked."""
    code = re.sub(r"""(["'])\./bindings-wasm/pkg/[^"']*\1""", '"hengjie"', code)
    out = [JS_PRELUDE]
    for number, line in enumerate(code.splitlines(), 1):
        m = re.match(r"^(?P<expr>[A-Za-z_$][^;]*?);\s*//\s*(?P<comment>.*)$", line)
        value = js_value(m.group("comment")) if m else None
        if m and value is not None and not re.match(r"^(const|let|var)\s", m.group("expr")):
            out.append(f"__check({m.group('expr')}, {value}, {number});")
        else:
            out.append(line)
    out.append('console.log(`README JavaScript quick start: ${__checked} values checked`);')
    out.append("if (__checked === 0) { console.error('no value of the quick start was checked'); process.exit(1); }")
    return "\n".join(out) + "\n"


def main() -> None:
    lang, readme = sys.argv[1], Path(sys.argv[2]).read_text(encoding="utf-8")
    if lang == "python":
        print(python_program(block(readme, "Quick start: Python", "python")), end="")
    elif lang == "javascript":
        print(js_program(block(readme, "Quick start: JavaScript", "js")), end="")
    else:
        sys.exit("readme_quickstart: python | javascript")


if __name__ == "__main__":
    main()
