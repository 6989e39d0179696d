"""The host-side files of a run: cgroup folders (v1 and v2, on a stand-in tree) and work folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evaluation.sandbox import SandboxUnavailable
from evaluation.sandbox.cgroups import PARENT, RunCgroup, detect
from evaluation.sandbox.workdir import make_work_dir, remove_work_dir, write_files

pytestmark = pytest.mark.integration


def test_v1_gets_a_memory_and_a_pids_group_with_limits(tmp_path: Path) -> None:
    (tmp_path / "memory").mkdir()
    (tmp_path / "pids").mkdir()
    layout = detect(tmp_path)
    assert (layout.version, layout.memory, layout.pids) == (
        1,
        tmp_path / "memory" / PARENT,
        tmp_path / "pids" / PARENT,
    )
    group = RunCgroup(layout, memory_bytes=128 * 2**20, max_pids=16)
    assert (group.memory / "memory.limit_in_bytes").read_text() == str(128 * 2**20)
    assert (group.pids / "pids.max").read_text() == "16"
    (group.memory / "memory.oom_control").write_text(
        "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n"
    )
    (group.memory / "memory.max_usage_in_bytes").write_text("4194304\n")
    assert (group.oom_kills(), group.peak_kb()) == (2, 4096)


def test_v2_hands_the_controllers_down_and_limits_one_group(tmp_path: Path) -> None:
    (tmp_path / "cgroup.controllers").write_text("cpu memory pids\n")
    layout = detect(tmp_path)
    assert layout.version == 2
    assert (tmp_path / "cgroup.subtree_control").read_text() == "+memory +pids"
    assert (tmp_path / PARENT / "cgroup.subtree_control").read_text() == "+memory +pids"
    group = RunCgroup(layout, memory_bytes=2**20, max_pids=8)
    assert group.groups == [group.memory]
    assert (group.memory / "memory.max").read_text() == str(2**20)
    assert (group.memory / "memory.oom.group").read_text() == "1"
    (group.memory / "memory.events").write_text("low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n")
    assert group.oom_kills() == 1


def test_no_writable_cgroup_means_the_sandbox_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(SandboxUnavailable, match="cgroup"):
        detect(tmp_path / "missing")


def test_files_are_written_inside_and_never_outside(tmp_path: Path) -> None:
    work = make_work_dir(tmp_path)
    write_files(work, {"a/b/c.py": "print(1)\n", "top.txt": "x"})
    assert (work / "a/b/c.py").read_text() == "print(1)\n"
    for name in ("../out.txt", "/etc/passwd", "a/../../out.txt", ""):
        with pytest.raises(ValueError, match="inside the project"):
            write_files(work, {name: "x"})
    (work / "link").symlink_to(tmp_path)
    with pytest.raises(NotADirectoryError):
        write_files(work, {"link/planted.txt": "x"})  # never through a link
    assert not (tmp_path / "planted.txt").exists()


def test_removal_unlinks_links_without_following_them(tmp_path: Path) -> None:
    assert shutil.rmtree.avoids_symlink_attacks
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep")
    work = make_work_dir(tmp_path)
    (work / "to-dir").symlink_to(outside)
    (work / "to-file").symlink_to(outside / "precious.txt")
    (work / "nested").mkdir()
    (work / "nested" / "up").symlink_to(outside)
    (work / "locked").mkdir()
    (work / "locked" / "file").write_text("x")
    (work / "locked").chmod(0)
    remove_work_dir(work)
    assert not work.exists()
    assert (outside / "precious.txt").read_text() == "keep"
