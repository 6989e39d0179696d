"""A representation of code that equivalent solutions share: names, layout and comments removed.

Python is normalised through its syntax tree (identifiers renamed in order of first
appearance, docstrings dropped); JavaScript and TypeScript through a token stream
(comments and whitespace gone, identifiers renamed the same way). Code that does not
parse has no representation, so its feedback is never shared.
"""

from __future__ import annotations

import ast
import builtins
import hashlib
import keyword
import re

_PY_KEEP = frozenset(dir(builtins)) | frozenset(keyword.kwlist)
_JS_KEYWORDS = frozenset(  # and the standard names, which renaming must not blur
    re.findall(
        r"\S+",
        "break case catch class const continue debugger default delete do else export extends "
        "false finally for function if import in instanceof let new null return super switch this "
        "throw true try typeof var void while with yield async await of static get set undefined "
        "Math Number String Array Object Map Set JSON console parseInt parseFloat Infinity NaN "
        "length push pop shift unshift slice splice map filter reduce sort keys values entries "
        "has add get delete size max min floor ceil abs",
    )
)
_JS_TOKEN = re.compile(
    r"//[^\n]*|/\*.*?\*/"  # comments
    r"|`(?:\\.|[^`\\])*`|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'"  # strings
    r"|[A-Za-z_$][\w$]*|\d[\w.]*|\s+|[^\sA-Za-z_$\d]",
    re.DOTALL,
)


_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
_IGNORED = frozenset({";"})


class _Renamer(ast.NodeTransformer):
    def __init__(self, keep: frozenset[str]) -> None:
        self._keep = keep
        self._names: dict[str, str] = {}

    def _name(self, name: str) -> str:
        if name in self._keep:
            return name
        return self._names.setdefault(name, f"v{len(self._names)}")

    def visit_Name(self, node: ast.Name) -> ast.AST:
        node.id = self._name(node.id)
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        node.arg = self._name(node.arg)
        node.annotation = None
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        node.name = self._name(node.name)
        node.returns = None
        if node.body and _is_docstring(node.body[0]):
            node.body = node.body[1:] or [ast.Pass()]
        self.generic_visit(node)
        return node


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def representation(code: str, language: str, *, keep: tuple[str, ...] = ()) -> str | None:
    """A digest equal for equivalent code; `keep` names (the entry point) are not renamed."""
    if language == "python":
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError):
            return None
        if tree.body and _is_docstring(tree.body[0]):
            tree.body = tree.body[1:]
        shape = ast.dump(_Renamer(_PY_KEEP | frozenset(keep)).visit(tree), annotate_fields=False)
    elif language in ("javascript", "typescript"):
        shape = _js_shape(code, frozenset(keep))
    else:
        return None
    return hashlib.sha256(f"{language}\n{shape}".encode()).hexdigest()


def _js_shape(code: str, keep: frozenset[str]) -> str:
    names: dict[str, str] = {}
    shape: list[str] = []
    for piece in _JS_TOKEN.findall(code):
        if piece.isspace() or piece in _IGNORED or piece.startswith(("//", "/*")):
            continue  # layout, comments and optional semicolons
        if _IDENTIFIER.fullmatch(piece) and piece not in _JS_KEYWORDS | keep:
            piece = names.setdefault(piece, f"v{len(names)}")
        shape.append(piece)
    return " ".join(shape)
