"""Accounts logs through signals (it stands below the access log): none may go unheard."""

from __future__ import annotations

import pytest
from django.dispatch import Signal

from brobygger.accounts import signals

NAMES = {signal: name for name, signal in vars(signals).items() if signal in signals.SIGNALS}


@pytest.mark.parametrize("signal", signals.SIGNALS, ids=NAMES.get)
def test_every_signal_of_accounts_is_written_to_the_access_log(signal: Signal) -> None:
    assert signal.has_listeners()


def test_the_list_of_signals_is_complete() -> None:
    declared = {value for value in vars(signals).values() if isinstance(value, Signal)}
    assert declared == set(signals.SIGNALS)
