"""The one protected-characteristic detector, used by every gate (see :mod:`.detector`)."""

from mailagent.dialogue.protected.detector import (
    Hit,
    detect,
    find_protected,
    tainted_spans,
    without_remarks,
)

__all__ = ["Hit", "detect", "find_protected", "tainted_spans", "without_remarks"]
