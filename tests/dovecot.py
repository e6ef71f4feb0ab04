"""A real, throwaway Dovecot IMAP server for tests and the inbox benchmark.

Debian's ``dovecot-imapd`` is started in the foreground on a free loopback port, with its
own ``base_dir``/``state_dir``, a passwd-file user and a Maildir in a fresh temp folder.
The folder is made with ``tempfile.mkdtemp()`` (not pytest's 0700 ``tmp_path``), opened to
mode 0755 and the mail home is given to the ``dovecot`` user, because Dovecot refuses uid 0
and drops privileges before it reads mail.

Example::

    with Dovecot.start() as server:
        server.append(b"From: a@b\\r\\nSubject: hi\\r\\n\\r\\nbody\\r\\n")
        server.url()  # 'imap://hm:secret@127.0.0.1:40123/INBOX'
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from imapclient import IMAPClient

USER = "hm"
PASSWORD = "secret"


def dovecot_binary() -> str | None:
    """The ``dovecot`` executable, or None when dovecot-imapd is not installed."""
    return shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
    )


def missing_reason() -> str | None:
    """Why the Dovecot tests cannot run here, or None when they can."""
    if dovecot_binary() is None:
        return "dovecot is not installed (apt-get install -y dovecot-imapd)"
    try:
        pwd.getpwnam("dovecot")
    except KeyError:
        return "the 'dovecot' system user does not exist"
    if os.geteuid() != 0:
        return "starting Dovecot with a chowned mail home needs root"
    return None


def _self_signed(cert: Path, key: Path) -> None:
    """A throwaway certificate for 127.0.0.1 (and localhost), made with openssl."""
    subprocess.run(
        [
            shutil.which("openssl") or "openssl",
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


_CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
instance_name = mailagent-test-{port}
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
first_valid_uid = 1
first_valid_gid = 1
default_internal_user = dovecot
default_login_user = dovecot
mail_fsync = never
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service anvil {{
  chroot =
}}
"""


@dataclass
class Dovecot:
    """One running Dovecot; ``stop()`` (or leaving the ``with`` block) removes everything."""

    root: Path
    port: int
    process: subprocess.Popen[bytes]
    config: Path
    uid: int
    gid: int
    # With ``start(tls=True)``: the implicit-TLS port and the self-signed certificate
    # (for 127.0.0.1) a client must trust; STARTTLS is then offered on ``port`` too.
    tls_port: int = 0
    certificate: Path | None = None
    _clients: list[IMAPClient] = field(default_factory=list)

    @classmethod
    def start(cls, *, tls: bool = False) -> Dovecot:
        binary = dovecot_binary()
        if binary is None:
            raise RuntimeError("dovecot is not installed")
        entry = pwd.getpwnam("dovecot")
        root = Path(tempfile.mkdtemp(prefix="mailagent-dovecot-"))
        os.chmod(root, 0o755)
        port = free_port()
        for sub in ("run", "state"):
            (root / sub).mkdir()
        home = root / "home" / USER
        (home / "Maildir").mkdir(parents=True)
        for path in (root / "home", home, home / "Maildir"):
            os.chown(path, entry.pw_uid, entry.pw_gid)
        (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
        os.chmod(root / "passwd", 0o644)
        tls_port, certificate, ssl_lines = 0, None, "ssl = no"
        if tls:
            tls_port, certificate = free_port(), root / "cert.pem"
            _self_signed(certificate, root / "key.pem")
            ssl_lines = f"ssl = yes\nssl_cert = <{certificate}\nssl_key = <{root / 'key.pem'}"
        config = root / "dovecot.conf"
        config.write_text(
            _CONFIG.format(
                root=root,
                port=port,
                tls_port=tls_port,
                ssl=ssl_lines,
                uid=entry.pw_uid,
                gid=entry.pw_gid,
            ),
            encoding="utf-8",
        )
        process = subprocess.Popen(
            [binary, "-F", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        server = cls(
            root, port, process, config, entry.pw_uid, entry.pw_gid, tls_port, certificate
        )
        server._wait_ready()
        return server

    def _wait_ready(self, timeout_s: float = 10.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                self._cleanup()
                raise RuntimeError(f"dovecot exited at start: {err}{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    if s.recv(64).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"dovecot did not listen on {self.port}: {self.log()}")

    def __enter__(self) -> Dovecot:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------ access

    def url(self, folder: str = "INBOX") -> str:
        return f"imap://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{folder}"

    @property
    def maildir(self) -> Path:
        return self.root / "home" / USER / "Maildir"

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def client(self) -> IMAPClient:
        """A logged-in client, closed by ``stop()``."""
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=30)
        client.login(USER, PASSWORD)
        self._clients.append(client)
        return client

    def append(self, raw: bytes, folder: str = "INBOX") -> int:
        """APPEND one message; returns its UID (Dovecot answers APPENDUID)."""
        return self.append_many([raw], folder)[0]

    def append_many(self, raws: Iterable[bytes], folder: str = "INBOX") -> list[int]:
        client = self._admin()
        if not client.folder_exists(folder):
            client.create_folder(folder)
        uids: list[int] = []
        for raw in raws:
            answer: Any = client.append(folder, raw)
            text = answer.decode() if isinstance(answer, bytes) else str(answer)
            # "[APPENDUID <uidvalidity> <uid>] Append completed."
            uids.append(int(text.split("]", 1)[0].split()[-1]))
        return uids

    def uids(self, folder: str = "INBOX") -> list[int]:
        client = self._admin()
        client.select_folder(folder, readonly=True)
        found: list[int] = client.search("ALL")
        client.unselect_folder()
        return sorted(found)

    def uidvalidity(self, folder: str = "INBOX") -> int:
        client = self._admin()
        status = client.folder_status(folder, [b"UIDVALIDITY"])
        return int(status[b"UIDVALIDITY"])

    def set_uidvalidity(self, value: int, folder: str = "INBOX") -> None:
        """Give the folder a new UIDVALIDITY, as a rebuilt or restored mailbox would have.

        The messages keep their numbers, but a client must treat every UID it saw before
        as meaningless and look at the whole folder again.
        """
        doveadm = shutil.which("doveadm") or "/usr/bin/doveadm"
        subprocess.run(
            [
                doveadm,
                "-c",
                str(self.config),
                "mailbox",
                "update",
                "-u",
                USER,
                "--uid-validity",
                str(value),
                folder,
            ],
            check=True,
            capture_output=True,
        )

    def _admin(self) -> IMAPClient:
        if not self._clients:
            self.client()
        client = self._clients[0]
        try:
            client.noop()
        except Exception:
            self._clients.pop(0)
            return self._admin()
        return client

    # ------------------------------------------------------------ teardown

    def stop(self) -> None:
        for client in self._clients:
            try:
                client.logout()
            except Exception:
                client.shutdown()
        self._clients.clear()
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.process.stderr is not None:
            self.process.stderr.close()
        self._cleanup()

    def _cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
