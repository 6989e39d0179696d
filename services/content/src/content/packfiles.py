"""Reading the content pack: YAML files per item, debug labs with their project folders."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from contracts.catalogue import CatalogueItem, Kind, parse_item

FOLDERS = {
    "coding": Kind.CODING,
    "system_design": Kind.SYSTEM_DESIGN,
    "tasks": Kind.TASK,
    "drills": Kind.DRILL,
    "questions": Kind.QUESTION,
    "bug_hunt": Kind.BUG_HUNT,
    "subjects": Kind.SUBJECT,
}


class PackError(ValueError):
    """A pack file is malformed or does not fit its kind's model; the message names the file."""


@dataclass(frozen=True)
class PackItem:
    kind: Kind
    id: str
    item: CatalogueItem  # validated by the same model as authors' writes
    path: Path

    @cached_property
    def data(self) -> dict[str, Any]:
        """The item as stored and announced."""
        return self.item.model_dump(mode="json")


def read_pack(pack_dir: Path) -> list[PackItem]:
    """Every item of the pack, in a stable order."""
    items: list[PackItem] = []
    for folder, kind in FOLDERS.items():
        for path in sorted((pack_dir / folder).glob("*.yaml")):
            items.append(_item(kind, path, _load(path)))
    for path in sorted((pack_dir / "debug_lab").glob("*/item.yaml")):
        items.append(_item(Kind.DEBUG_LAB, path, _debug_lab(path)))
    ids = [item.id for item in items]
    if duplicates := sorted({i for i in ids if ids.count(i) > 1}):
        raise PackError(f"duplicate ids in the pack: {', '.join(duplicates)}")
    return items


def pack_version(pack_dir: Path) -> str:
    meta = _load(pack_dir / "pack.yaml") if (pack_dir / "pack.yaml").exists() else {}
    return str(meta.get("version", "0"))


def _item(kind: Kind, path: Path, data: dict[str, Any]) -> PackItem:
    item_id = data.get("id")
    if not isinstance(item_id, str) or not item_id:
        raise PackError(f"{path}: missing id")
    try:
        item = parse_item(kind, data)
    except ValidationError as exc:
        raise PackError(f"{path}: {exc}") from None
    return PackItem(kind, item_id, item, path)


def _load(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PackError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise PackError(f"{path}: expected a mapping")
    return data


def _debug_lab(path: Path) -> dict[str, Any]:
    """item.yaml plus the contents of project/, hidden/ and solution/ beside it."""
    root = path.parent
    data = _load(path)
    editable = {f["path"]: bool(f.get("editable", True)) for f in data.get("files", [])}
    data["files"] = [
        {"path": rel, "content": text, "editable": editable.get(rel, False)}
        for rel, text in _tree(root / "project").items()
    ]
    data["hidden_files"] = [
        {"path": rel, "content": text} for rel, text in _tree(root / "hidden").items()
    ]
    solution = dict(data.get("solution") or {})
    solution["files"] = _tree(root / "solution")
    data["solution"] = solution
    return data


def _tree(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {
        str(p.relative_to(folder)): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }
