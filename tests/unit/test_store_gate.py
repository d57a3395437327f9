"""The readers-writer gate of the shared store."""

from __future__ import annotations

import threading

import pytest

from f1core.store.gate import Gate


def test_a_swap_waits_for_the_reader_inside_and_holds_new_ones_back():
    gate, events = Gate(), []
    reading, swapping_started = threading.Event(), threading.Event()

    def reader():
        with gate.reading():
            reading.set()
            swapping_started.wait(5)
            events.append("read done")

    def swapper():
        reading.wait(5)
        swapping_started.set()
        with gate.swapping():
            events.append("swapped")

    threads = [threading.Thread(target=reader), threading.Thread(target=swapper)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert events == ["read done", "swapped"]


def test_nested_reads_do_not_wait_and_a_swap_inside_a_read_is_refused():
    gate = Gate()
    with (
        gate.reading(),
        gate.reading(),  # re-entrant within one thread
        pytest.raises(RuntimeError, match="wait for itself"),
        gate.swapping(),
    ):
        pass
    with gate.swapping():  # free again once the reads are over
        pass
