"""The portal's own stylesheets parse: every rule is closed and every block holds only
declarations. A merge that drops a closing brace would otherwise swallow every rule after
it without a word (browsers ignore what they cannot parse), and pages lose their look."""

from pathlib import Path

import pytest
import tinycss2

STATIC = Path(__file__).resolve().parent.parent / "static"
OWN = sorted(path for path in STATIC.rglob("*.css") if "vendor" not in path.parts)


def problems(source: str) -> list[str]:
    found = []
    for rule in tinycss2.parse_stylesheet(source, skip_comments=True, skip_whitespace=True):
        if rule.type == "error":
            found.append(f"line {rule.source_line}: {rule.message}")
            continue
        if rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword == "media":
            found += problems(tinycss2.serialize(rule.content))
            continue
        if rule.type != "qualified-rule":
            continue
        for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True):
            if item.type in ("error", "qualified-rule"):
                selector = tinycss2.serialize(rule.prelude).strip()
                found.append(f"line {rule.source_line}: a rule inside {selector!r}")
    return found


def test_there_are_stylesheets_to_check():
    assert any(path.name == "site.css" for path in OWN)


@pytest.mark.parametrize("path", OWN, ids=lambda path: path.name)
def test_the_stylesheet_parses(path):
    assert problems(path.read_text(encoding="utf-8")) == []


def test_a_rule_left_open_is_found():
    assert problems(".a {\n  color: red;\n/* next */\n.b {\n  color: blue;\n}\n")
