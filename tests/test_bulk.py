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
    with pytest.raises(KeyError):
        with collector_paused():
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
