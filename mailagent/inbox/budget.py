"""The time one inbound message may take before it is set aside.

Intake checks the budget between its stages (parse, strip, route, guards, handler): a
message past it is quarantined with the reason, and the batch goes on.  Python cannot
interrupt a regular expression running in C, so this is a backstop: what keeps each
stage fast is that every pattern on mail text runs in linear time and no stage reads
more than the first 64 KiB of the visible text (``mailagent.inbox.strip``).

Example:
    >>> ticks = iter([0.0, 0.5, 7.0])
    >>> budget = Budget(5.0, clock=lambda: next(ticks))
    >>> budget.check("strip")
    >>> budget.check("route")
    Traceback (most recent call last):
    ...
    mailagent.errors.MessageOverBudget: took 7.0 s, over the 5 s budget per message, before route
"""

from __future__ import annotations

import time
from collections.abc import Callable

from mailagent.errors import MessageOverBudget

Clock = Callable[[], float]


class Budget:
    """Started when made; :meth:`check` raises once ``limit_s`` seconds have passed."""

    def __init__(self, limit_s: float, *, clock: Clock = time.monotonic) -> None:
        self.limit_s = limit_s
        self._clock = clock
        self._start = clock()

    def check(self, stage: str) -> None:
        """Raise :class:`MessageOverBudget` if the message is over its budget."""
        elapsed = self._clock() - self._start
        if elapsed > self.limit_s:
            raise MessageOverBudget(
                f"took {elapsed:.1f} s, over the {self.limit_s:g} s budget per message,"
                f" before {stage}"
            )
