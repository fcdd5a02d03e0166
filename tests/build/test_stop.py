"""Interrupts as a request: recorded by the handler, raised only at the build's safe points."""
import os
import signal
import threading
import time

import pytest

from analysis.build import stop


def test_a_signal_is_recorded_and_raised_only_where_the_build_checks():
    with stop.handled():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # the handler has run: nothing was raised here
        assert stop.requested() == signal.SIGINT
        with pytest.raises(stop.Interrupted) as caught:
            stop.check()
        assert caught.value.signum == signal.SIGINT and caught.value.committed is None
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the handlers before are back


def test_waiting_for_a_thread_stops_as_soon_as_an_interrupt_is_requested():
    done = threading.Event()
    t = threading.Thread(target=done.wait, args=(10,), daemon=True)
    t.start()
    with stop.handled():
        threading.Timer(0.1, os.kill, (os.getpid(), signal.SIGTERM)).start()
        t0 = time.monotonic()
        with pytest.raises(stop.Interrupted):
            stop.wait(t, poll=0.05)
        assert time.monotonic() - t0 < 2
    done.set()


def test_nested_handling_keeps_a_pending_request():
    with stop.handled():
        stop.request(signal.SIGTERM)
        with stop.handled():  # a build inside a command: already handled, nothing cleared
            assert stop.requested() == signal.SIGTERM
    stop.clear()


def test_the_messages_say_whether_anything_was_committed():
    assert str(stop.Interrupted(signal.SIGINT)) == ("interrupted (SIGINT): nothing was committed; the outputs of the "
                                                    "last complete build are unchanged")
    assert "the outputs are those of this build (5 files committed)" in str(stop.Interrupted(signal.SIGTERM, 5))
