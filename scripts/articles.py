"""Generate docs/articles.md: every article of the covenant, with the findings that check it, the
code that enforces it, and the tests that fail when it breaks.

Read from the code, not written by hand:
- findings: every `Finding(rule=..., article=...)` in src/ (an f-string rule shows its fixed part
  with `*`; an article that is not a literal is taken from the function's docstring);
- enforced in: every function in src/ whose docstring or messages cite the article ("Art. 11.2",
  "art. 4.3", "Bijlage 1");
- tests: every test named after an article (`test_art_12_1_...`, `test_bijlage_1_...`), every
  test whose docstring (or its class's or module's) cites it, and every test that names one of its
  findings' rule ids.

    python scripts/articles.py          # rewrite docs/articles.md
    python scripts/articles.py --check  # exit 1 when docs/articles.md is stale (a test runs this)
"""

from __future__ import annotations

import ast
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "regiodeal"
TESTS = ROOT / "tests"
OUT = ROOT / "docs" / "articles.md"

# The covenant's parts, in its order (../shared/seed/regio-deal-waterwegregio.txt).
ARTICLES: list[tuple[str, str]] = [
    ("Overwegingen", "Overwegingen"),
    ("Begripsbepaling", "Begripsbepaling"),
    ("1", "Doelen"),
    ("2", "Aanpak"),
    ("3", "Beoogde resultaten"),
    ("4", "Financiering"),
    ("5", "Regiokassier"),
    ("6", "Rijk-Regio-overleg"),
    ("7", "Evaluatie en voortgang"),
    ("8", "Communicatie"),
    ("9", "Uitvoering in overeenstemming met Unierecht"),
    ("10", "Gegevensuitwisseling"),
    ("11", "Wijzigingen"),
    ("12", "Opzegging"),
    ("13", "Toetreding nieuwe Partijen"),
    ("14", "Ongeldigheid"),
    ("15", "Publiekrechtelijke medewerking en toepasselijk recht"),
    ("16", "Nakoming"),
    ("17", "Ondertekening in verschillende exemplaren"),
    ("18", "Citeertitel"),
    ("19", "Inwerkingtreding en looptijd"),
    ("20", "Publicatie"),
    ("Bijlage 1", "Bijlage 1. Samenwerken en leren in de Waterwegregio"),
]
KNOWN = {a for a, _ in ARTICLES}

CITE = re.compile(
    r"(?:\bArt(?:ikel|\.)?|\bart\.|\bartikel|\barticle)\s*(\d{1,2}(?:\.\d{1,2})?)"
    r"|(Bijlage\s*1|overweging(?:en)?\b|Begripsbepaling)",
    re.IGNORECASE,
)
# A list after one "Art.": "Art. 11.1, 13.2" or "art. 6.1 en 6.3".
FOLLOW = re.compile(r"\s*(?:,|en|and|/|-|–)\s*(\d{1,2}\.\d{1,2})")
TEST_NAME = re.compile(
    r"^test_(?:art_(\d{1,2})(?:_(\d{1,2}))?|(bijlage_1)|(begripsbepaling)|(overweging))", re.I
)


def _top(article: str) -> str | None:
    """The part of the covenant a citation belongs to: "11.2" -> "11"."""
    a = article.strip()
    low = a.lower()
    if low.startswith("bijlage"):
        return "Bijlage 1"
    if low.startswith("overweging"):
        return "Overwegingen"
    if low.startswith("begrip"):
        return "Begripsbepaling"
    head = a.split(".")[0]
    return head if head in KNOWN else None


def _cited(text: str) -> set[str]:
    """Every article cited in a text, as written ("11.2", "Bijlage 1")."""
    out: set[str] = set()
    for m in CITE.finditer(text or ""):
        if m.group(1):
            out.add(m.group(1))
            rest = text[m.end() :]
            while (f := FOLLOW.match(rest)) is not None:
                out.add(f.group(1))
                rest = rest[f.end() :]
        else:
            word = m.group(2).lower()
            out.add(
                "Bijlage 1"
                if word.startswith("bijlage")
                else "Overwegingen"
                if word.startswith("overweging")
                else "Begripsbepaling"
            )
    return {a for a in out if _top(a)}


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _strings(node: ast.AST) -> str:
    return " ".join(
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    )


def _literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "*" for v in node.values)
    return None


def _functions(tree: ast.AST):
    """(qualified name, node) of every function, methods as Class.method."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield f"{node.name}.{item.name}", item, node
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node, None


def collect() -> dict[str, dict[str, set[str]]]:
    table: dict[str, dict[str, set[str]]] = defaultdict(
        lambda: {"findings": set(), "code": set(), "tests": set()}
    )
    rules: dict[str, set[str]] = defaultdict(set)  # rule id (a `*` for its variable part) -> articles

    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        seen: set[int] = set()
        for name, fn, _cls in _functions(tree):
            if id(fn) in seen:
                continue
            seen.add(id(fn))
            doc = ast.get_docstring(fn) or ""
            where = f"`{_rel(path)}` {name}"
            for call in ast.walk(fn):
                if not (isinstance(call, ast.Call) and getattr(call.func, "id", None) == "Finding"):
                    continue
                kw = {k.arg: k.value for k in call.keywords}
                rule = _literal(kw.get("rule")) or "?"
                article = _literal(kw.get("article"))
                articles = {article} if article and _top(article) else _cited(doc)
                for a in articles:
                    table[_top(a)]["findings"].add(f"`{rule}` ({a}) in {where}")
                    if rule != "?":
                        rules[rule].add(a)
            for a in _cited(doc + " " + _strings(fn)):
                table[_top(a)]["code"].add(f"{where} ({a})")

    patterns = [
        (re.compile(r"(?<![\w.-])" + re.escape(rule).replace(r"\*", r"[\w-]+") + r"(?![\w-])"), articles)
        for rule, articles in rules.items()
        if rule.count(".") >= 1 and len(rule.replace("*", "")) > 8
    ]
    for path in sorted(TESTS.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for a in _cited(ast.get_docstring(tree) or ""):
            table[_top(a)]["tests"].add(f"`{_rel(path)}` (the module)")
        for name, fn, cls in _functions(tree):
            leaf = name.rsplit(".", 1)[-1]
            if not leaf.startswith("test"):
                continue
            where = f"`{_rel(path)}::{name}`"
            cited: set[str] = set()
            m = TEST_NAME.match(leaf)
            if m:
                if m.group(1):
                    cited.add(f"{m.group(1)}.{m.group(2)}" if m.group(2) else m.group(1))
                else:
                    cited.add(
                        "Bijlage 1" if m.group(3) else "Begripsbepaling" if m.group(4) else "Overwegingen"
                    )
            cited |= _cited(ast.get_docstring(fn) or "")
            texts = _strings(fn)
            for rule, articles in patterns:
                if rule.search(texts):
                    cited |= articles  # a test that asserts a finding's rule tests its article
            if cls is not None:
                cited |= _cited(ast.get_docstring(cls) or "")
            for a in cited:
                if _top(a):
                    table[_top(a)]["tests"].add(where)
    return table


def render() -> str:
    table = collect()
    lines = [
        "# The covenant, article by article: where the platform holds it",
        "",
        "Generated by `python scripts/articles.py` from the code and the tests; do not edit by hand.",
        "`tests/platform/test_articles_doc.py` fails when this page is stale.",
        "",
        "For each part of the covenant:",
        "- **Findings**: the checks of `regiodeal check` (and of the screens) that report on it;",
        "- **Enforced in**: the functions whose docstring or messages cite it (services refuse, views ask);",
        "- **Tests**: the tests named after it (`test_art_11_2_...`), whose docstring cites it, or that "
        "assert one of its findings by rule id.",
        "",
        "| Part | Findings | Enforced in | Tests |",
        "|---|---:|---:|---:|",
    ]
    for art, title in ARTICLES:
        row = table.get(art, {"findings": set(), "code": set(), "tests": set()})
        label = title if not art[:1].isdigit() else f"Art. {art} {title}"
        anchor = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        lines.append(
            f"| [{label}](#{anchor}) | {len(row['findings'])} | {len(row['code'])} | {len(row['tests'])} |"
        )
    for art, title in ARTICLES:
        row = table.get(art, {"findings": set(), "code": set(), "tests": set()})
        label = title if not art[:1].isdigit() else f"Art. {art} {title}"
        lines += ["", f"## {label}", ""]
        for key, heading in (("findings", "Findings"), ("code", "Enforced in"), ("tests", "Tests")):
            items = sorted(row[key])
            lines.append(f"**{heading}** ({len(items)})" + (":" if items else ": none."))
            lines += [f"- {item}" for item in items]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(
                "docs/articles.md is stale: run `python scripts/articles.py` and commit it.", file=sys.stderr
            )
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {_rel(OUT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
