"""One exception tree for all of mailagent.

Third-party errors are translated once, at the adapter that calls the library, with
``raise ... from exc``; code above the adapters only sees this tree::

    MailagentError
    ├── ConfigError                 bad setting or config file (names the key)
    ├── ImportDataError             bad import file (``file:line: reason``)
    ├── Transient                   worth retrying later
    │   ├── MailboxUnavailable      IMAP/Maildir cannot be reached now
    │   ├── TransportTemporary      SMTP 4xx, disconnect, timeout
    │   └── BrainUnavailable        LLM overloaded, rate-limited, timed out
    └── Permanent                   retrying will not help
        ├── MessageRejected         inbound mail we refuse to process (too big, hostile MIME)
        │   └── MessageOverBudget   processing it took longer than its time budget
        ├── TransportPermanent      SMTP 5xx for every recipient
        ├── BrainResponseInvalid    LLM answered, but not with a usable assessment
        ├── NotFound                an id that does not exist
        └── PolicyViolation         an action the invariants forbid (e.g. unapproved send)
"""

from __future__ import annotations


class MailagentError(Exception):
    """Root of every error mailagent raises on purpose."""


class ConfigError(MailagentError):
    """A setting is missing or malformed; the message names the key."""


class ImportDataError(MailagentError):
    """An import file is malformed; the message reads ``file:line: reason``."""


class Transient(MailagentError):
    """A failure that may go away if the same step is tried again later."""


class Permanent(MailagentError):
    """A failure that will not go away by retrying."""


class MailboxUnavailable(Transient):
    """The inbound mailbox could not be reached."""


class TransportTemporary(Transient):
    """The SMTP server deferred the message (4xx), dropped the line or timed out."""


class BrainUnavailable(Transient):
    """The language model could not be reached or is overloaded."""


class MessageRejected(Permanent):
    """An inbound message is refused (size, structure) and goes to quarantine."""


class MessageOverBudget(MessageRejected):
    """Processing an inbound message took longer than ``message_budget_s``."""


class TransportPermanent(Permanent):
    """The SMTP server refused the message for good (5xx)."""


class BrainResponseInvalid(Permanent):
    """The language model answered with something that is not a valid assessment."""


class NotFound(Permanent):
    """A referenced object does not exist."""


class PolicyViolation(Permanent):
    """An action that mailagent's invariants forbid was attempted."""
