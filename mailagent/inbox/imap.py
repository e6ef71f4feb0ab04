"""IMAP source (imapclient): fetch what is above the committed cursor, never mark or delete.

One poll, on a connection that is kept between polls::

    SELECT folder            → UIDVALIDITY, UIDNEXT, EXISTS (one round trip when nothing is new)
    UID SEARCH UID low:*                   what is above the cursor
    UID FETCH <new> (RFC822.SIZE)          sizes, so a batch stays under ``batch_bytes``
    UID FETCH <batch> (BODY.PEEK[])        bodies in batches; \\Seen is never set
    ... intake commits each message ...
    UID MOVE <uid> Processed | Quarantine  only after the commit, and only if configured

The cursor is ``(UIDVALIDITY, highest committed UID)`` from the ``mailbox_cursors`` table
(intake advances it in the transaction that stores the raw bytes). When the server reports
another UIDVALIDITY, every message in the folder is fetched again and intake's
Message-ID + content-hash check marks the ones it already has as duplicates.

Plain-text IMAP is only allowed to a loopback host unless ``imap_allow_plaintext`` is set;
use ``imaps://`` (TLS) or ``imap+starttls://``. Every library or socket error is translated
once, here, into ``MailboxUnavailable``.

Example::

    >>> source = ImapSource(ImapConfig(host="127.0.0.1", port=1143, user="hm",
    ...                                password="secret"), name="imap://hm@127.0.0.1:1143/INBOX")
    >>> [f.uid for f in source.fetch_new(Cursor(1795479613, 3), lambda v, u: False)]
    ['4', '5']
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import ssl
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from mailagent.errors import ConfigError, MailagentError, MailboxUnavailable
from mailagent.inbox.source import Cursor, Fetched

if TYPE_CHECKING:
    from mailagent.config import InboxURL, Settings

log = logging.getLogger(__name__)

# The errors imapclient and the socket layer raise; translated once, in ``_guard``.
_IMAP_ERRORS: tuple[type[BaseException], ...] = (OSError, IMAPClientError, EOFError)

BODY = b"BODY[]"
SIZE = b"RFC822.SIZE"


@dataclass(frozen=True)
class ImapConfig:
    """How to reach one IMAP folder and what to do with committed messages."""

    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"
    tls: Literal["none", "starttls", "tls"] = "none"
    processed_folder: str | None = None
    quarantine_folder: str | None = None
    # Plain-text login to a host that is not loopback is refused unless this is set.
    allow_plaintext: bool = False
    batch_size: int = 100
    batch_bytes: int = 32 * 1024 * 1024
    timeout_s: float = 60.0
    connect_attempts: int = 4
    backoff_s: float = 0.5
    backoff_max_s: float = 30.0
    ssl_context: ssl.SSLContext | None = None


@dataclass
class ImapStats:
    """What this source has done since it was built (the benchmark reads it)."""

    connects: int = 0
    commands: int = 0
    fetched: int = 0
    moved: int = 0
    reconnects: int = 0


class _Disconnected(Exception):
    """Internal: the connection broke during a poll; the poll may resume on a new one."""


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("imap.example.com")
    (True, True, False)
    """
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _batches(
    uids: Sequence[int], sizes: dict[int, int], count: int, limit: int
) -> Iterator[list[int]]:
    """Group UIDs so one FETCH asks for at most ``count`` messages and ``limit`` bytes."""
    batch: list[int] = []
    total = 0
    for uid in uids:
        size = sizes.get(uid, 0)
        if batch and (len(batch) >= count or total + size > limit):
            yield batch
            batch, total = [], 0
        batch.append(uid)
        total += size
    if batch:
        yield batch


@dataclass
class ImapSource:
    """A :class:`~mailagent.inbox.source.MailSource` over one IMAP folder."""

    config: ImapConfig
    name: str
    sleep: Callable[[float], None] = time.sleep
    stats: ImapStats = field(default_factory=ImapStats)
    _conn: Any = field(default=None, repr=False)
    _selected: tuple[str, bool] | None = field(default=None, repr=False)
    _uidvalidity: int | None = field(default=None, repr=False)
    _folders: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        c = self.config
        if c.tls == "none" and not c.allow_plaintext and not is_loopback(c.host):
            raise ConfigError(
                f"inbox: plain-text IMAP to {c.host} would send the password unencrypted; "
                "use imaps:// or imap+starttls://, or set imap_allow_plaintext = true"
            )

    @classmethod
    def from_url(cls, url: InboxURL, *, settings: Settings) -> ImapSource:
        """Build the source the ``inbox`` setting names (``imap[s]://user:pass@host/FOLDER``)."""
        return cls(
            ImapConfig(
                host=url.host,
                port=url.port,
                user=url.user,
                password=url.password,
                folder=url.folder,
                tls=url.tls,
                processed_folder=settings.imap_processed_folder,
                quarantine_folder=settings.imap_quarantine_folder,
                allow_plaintext=settings.imap_allow_plaintext,
            ),
            name=url.name,
        )

    # ------------------------------------------------------------ connection

    def open_connection(self) -> Any:
        """A new logged-in ``IMAPClient`` (TLS, STARTTLS or loopback plain text).

        Tries ``connect_attempts`` times with doubling pauses; a refused login is not
        retried. Raises ``MailboxUnavailable``.
        """
        c = self.config
        last: BaseException | None = None
        for attempt in range(c.connect_attempts):
            if attempt:
                self.sleep(min(c.backoff_s * 2 ** (attempt - 1), c.backoff_max_s))
            client: Any = None
            try:
                context = c.ssl_context or ssl.create_default_context()
                client = IMAPClient(
                    c.host,
                    port=c.port,
                    ssl=c.tls == "tls",
                    ssl_context=context if c.tls == "tls" else None,
                    timeout=c.timeout_s,
                )
                if c.tls == "starttls":
                    client.starttls(context)
                client.login(c.user, c.password)
                self.stats.connects += 1
                return client
            except LoginError as exc:
                _shutdown(client)
                raise MailboxUnavailable(f"{self.name}: login refused: {exc}") from exc
            except _IMAP_ERRORS as exc:
                _shutdown(client)
                last = exc
                log.warning("%s: connect attempt %d failed: %s", self.name, attempt + 1, exc)
        raise MailboxUnavailable(
            f"{self.name}: cannot connect after {c.connect_attempts} attempts: {last}"
        ) from last

    def _client(self) -> Any:
        if self._conn is None:
            self._conn = self.open_connection()
            self._selected = None
        return self._conn

    def _drop(self) -> None:
        _shutdown(self._conn)
        self._conn = None
        self._selected = None

    def _command(self, call: Callable[[Any], Any]) -> Any:
        """Run one IMAP command; a broken connection becomes ``_Disconnected``."""
        client = self._client()
        self.stats.commands += 1
        try:
            return call(client)
        except _IMAP_ERRORS as exc:
            self._drop()
            raise _Disconnected(str(exc)) from exc

    def _select(self, folder: str, *, readonly: bool) -> dict[bytes, Any]:
        info: dict[bytes, Any] = self._command(lambda c: c.select_folder(folder, readonly=readonly))
        self._selected = (folder, readonly)
        return info

    # ------------------------------------------------------------ MailSource

    @property
    def _moving(self) -> bool:
        return bool(self.config.processed_folder or self.config.quarantine_folder)

    def fetch_new(self, cursor: Cursor, is_known: Callable[[int, str], bool]) -> Iterator[Fetched]:
        """Yield messages above the cursor, oldest first, with ``BODY.PEEK[]``.

        A connection that breaks mid-poll is re-opened (with backoff) and the poll goes
        on after the last message it yielded.
        """
        resume: tuple[int, int] | None = None
        failures = 0
        while True:
            try:
                for fetched in self._poll(cursor, is_known, resume):
                    resume = (fetched.uidvalidity, int(fetched.uid))
                    yield fetched
                return
            except _Disconnected as exc:
                failures += 1
                self.stats.reconnects += 1
                if failures >= self.config.connect_attempts:
                    raise MailboxUnavailable(f"{self.name}: connection lost: {exc}") from (
                        exc.__cause__ or exc
                    )
                log.warning("%s: connection lost (%s); reconnecting", self.name, exc)
                self.sleep(
                    min(self.config.backoff_s * 2 ** (failures - 1), self.config.backoff_max_s)
                )

    def _poll(
        self, cursor: Cursor, is_known: Callable[[int, str], bool], resume: tuple[int, int] | None
    ) -> Iterator[Fetched]:
        folder = self.config.folder
        info = self._select(folder, readonly=not self._moving)
        uidvalidity = int(info[b"UIDVALIDITY"])
        self._uidvalidity = uidvalidity
        exists = int(info.get(b"EXISTS", 0))
        uidnext = info.get(b"UIDNEXT")
        # Below the floor everything is committed; a new UIDVALIDITY means nothing is.
        floor = cursor.last_uid if cursor.uidvalidity == uidvalidity else 0
        if resume is not None and resume[0] == uidvalidity:
            floor = max(floor, resume[1])
        if cursor.uidvalidity and cursor.uidvalidity != uidvalidity:
            log.warning(
                "%s: UIDVALIDITY changed %s → %s; re-reading the folder (duplicates are skipped)",
                self.name,
                cursor.uidvalidity,
                uidvalidity,
            )
        if exists == 0:
            return
        if not self._moving and uidnext is not None and int(uidnext) <= floor + 1:
            return
        # With a Processed folder the watched folder stays small, so list all of it and
        # finish moving anything a crash left behind after its commit.
        low = 1 if self._moving else floor + 1
        found: list[int] = self._command(lambda c: c.search(["UID", f"{low}:*"]))
        uids = sorted(int(u) for u in found)
        if self._moving and floor:
            leftovers = [u for u in uids if u <= floor and is_known(uidvalidity, str(u))]
            for uid in leftovers:
                self._move_quietly(uid, self.config.processed_folder or "")
        wanted = [u for u in uids if u > floor and not is_known(uidvalidity, str(u))]
        if not wanted:
            return
        listing: dict[int, dict[bytes, Any]] = self._command(lambda c: c.fetch(wanted, [SIZE]))
        sizes = {int(uid): int(data.get(SIZE, 0)) for uid, data in listing.items()}
        for batch in _batches(wanted, sizes, self.config.batch_size, self.config.batch_bytes):
            bodies = self._fetch_bodies(batch)
            for uid in batch:
                raw = bodies.get(uid, {}).get(BODY)
                if not isinstance(raw, bytes):
                    # Expunged by someone else between the listing and the fetch.
                    continue
                self.stats.fetched += 1
                yield Fetched(uidvalidity=uidvalidity, uid=str(uid), raw=raw)

    def _fetch_bodies(self, batch: list[int]) -> dict[int, dict[bytes, Any]]:
        bodies: dict[int, dict[bytes, Any]] = self._command(
            lambda c: c.fetch(batch, [b"BODY.PEEK[]"])
        )
        return bodies

    def after_commit(self, fetched: Fetched, *, quarantined: bool) -> None:
        """Move a committed message to Processed (or Quarantine), if those are configured.

        A failure here is logged, not raised: the message is safe in the database and
        the cursor is past it; the next poll finishes the move.
        """
        target = (
            self.config.quarantine_folder
            if quarantined and self.config.quarantine_folder
            else self.config.processed_folder
        )
        if not target or fetched.uidvalidity != self._uidvalidity or not fetched.uid.isdigit():
            return
        self._move_quietly(int(fetched.uid), target)

    def _move_quietly(self, uid: int, target: str) -> None:
        try:
            self._move(uid, target)
        except (_Disconnected, MailagentError) as exc:
            log.warning("%s: could not move UID %s to %s: %s", self.name, uid, target, exc)

    def _move(self, uid: int, target: str) -> None:
        if target not in self._folders:
            if not self._command(lambda c: c.folder_exists(target)):
                self._command(lambda c: c.create_folder(target))
            self._folders.add(target)
        if self._selected != (self.config.folder, False):
            self._select(self.config.folder, readonly=False)
        if self._command(lambda c: c.has_capability("MOVE")):
            self._command(lambda c: c.move([uid], target))
        else:
            # RFC 6851 fallback: COPY, flag \Deleted, then expunge just this UID (UIDPLUS).
            self._command(lambda c: c.copy([uid], target))
            self._command(lambda c: c.add_flags([uid], [b"\\Deleted"]))
            if self._command(lambda c: c.has_capability("UIDPLUS")):
                self._command(lambda c: c.uid_expunge([uid]))
        self.stats.moved += 1

    # ------------------------------------------------------------ Sent-folder checks

    def has_message_id(self, message_id: str, *, folder: str) -> bool:
        """Whether ``folder`` holds a message with this Message-ID (e.g. the Sent folder).

        >>> source.has_message_id("<request.1f3a@hire.example>", folder="Sent")
        True
        """
        try:
            exists = bool(self._command(lambda c: c.folder_exists(folder)))
            if not exists:
                return False
            self._select(folder, readonly=True)
            found = self._command(lambda c: c.search(["HEADER", "Message-ID", message_id]))
            return bool(found)
        except _Disconnected as exc:
            raise MailboxUnavailable(f"{self.name}: searching {folder}: {exc}") from (
                exc.__cause__ or exc
            )

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(*_IMAP_ERRORS):
                self._conn.logout()
            self._drop()


def _shutdown(client: Any) -> None:
    if client is None:
        return
    with contextlib.suppress(*_IMAP_ERRORS):
        client.shutdown()
