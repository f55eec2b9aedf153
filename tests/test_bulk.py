"""Pausing the cyclic garbage collector: nested, failing and concurrent pauses leave it as found."""

from __future__ import annotations

import gc
import threading

import pytest

from policy_graph.bulk import collector_paused


@pytest.fixture(autouse=True)
def collector_on() -> None:
    gc.enable()
    yield
    gc.enable()


def test_nested_pauses_resume_only_at_the_outermost_end() -> None:
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_exception_inside_resumes_the_collector() -> None:
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("x")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_pauses_in_threads_resume_when_the_last_ends() -> None:
    """Thread A pauses, B pauses, A ends (still paused for B), B ends (resumed): with a plain
    save-and-restore, B would save "off" and leave the collector off for good."""
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with collector_paused():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def second() -> None:
        a_in.wait(5)
        with collector_paused():
            b_in.set()
            a_out.wait(5)
            seen.append(gc.isenabled())

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == [False]
    assert gc.isenabled()


def test_library_calls_leave_the_process_alone(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading, querying, projecting, ranking, validating and saving never switch the collector
    off nor touch the umask: both are the whole process's (the CLI may set them, not the library)."""
    import os

    from policy_graph.analysis import rank
    from policy_graph.project import project
    from policy_graph.query import select
    from policy_graph.resources import data_file
    from policy_graph.store import Store, atomic_write
    from policy_graph.validate import validate

    def refuse(*_: object) -> None:
        raise AssertionError("a library call changed process-wide state")

    monkeypatch.setattr(gc, "disable", refuse)
    monkeypatch.setattr(gc, "freeze", refuse)
    monkeypatch.setattr(gc, "set_threshold", refuse)
    monkeypatch.setattr(os, "umask", refuse)
    store = Store.from_files([data_file()])
    assert len(select("timeline", store)) > 0
    graph = project(store, "full")
    assert rank(graph, "pagerank")
    assert validate(store).triples == len(store)
    store.graph()
    atomic_write(tmp_path / "out.txt", "x")
    assert gc.isenabled()


def test_the_command_pauses_the_collector_for_its_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from policy_graph import cli

    seen: list[bool] = []
    monkeypatch.setattr(cli, "app", lambda: seen.append(gc.isenabled()))
    cli.main()
    assert seen == [False] and gc.isenabled()
