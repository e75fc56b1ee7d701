"""A real Dovecot 2.3 IMAP server for tests, in a temp dir on a free 127.0.0.1 port.

Config follows /work/shared/reference/email.md section 7: plaintext auth without TLS, passwd-file
users with {PLAIN} passwords, a Maildir per user, INBOX plus auto-created Sent, Processed and
Quarantine. Start with `DovecotServer().start()` (or as a context manager), stop with `.stop()`.

Helpers talk to the server over IMAP with the stdlib `imaplib` (synchronous; from async code call
them through `asyncio.to_thread` if the event loop must keep serving meanwhile). The inspecting
helpers (`messages`, `folders`, `status`) open the folder read-only (EXAMINE) and fetch with
BODY.PEEK, so they change no flag and no state the code under test could see.
"""

from __future__ import annotations

import atexit
import contextlib
import email
import email.message
import email.policy
import grp
import imaplib
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote

DEFAULT_USERS: Mapping[str, str] = {
    "bot": "bot-secret",
    "alice": "alice-secret",
    "bob": "bob-secret",
    "sekretariat": "sekretariat-secret",
}
"""Users of a default server: name -> password. The bot's mailbox is `bot`."""

AUTO_FOLDERS: tuple[str, ...] = ("INBOX", "Sent", "Processed", "Quarantine")
"""Folders every user has from the first login on."""

IMAP_BINARIES: tuple[str, ...] = ("/usr/lib/dovecot/imap", "/usr/libexec/dovecot/imap")
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
_PASSWORD = re.compile(r"^[^\s:]+$")
_APPENDUID = re.compile(rb"\[APPENDUID (\d+) (\d+)\]")
_FETCH_UID = re.compile(rb"\bUID (\d+)")
_FETCH_FLAGS = re.compile(rb"\bFLAGS \(([^)]*)\)")
_FETCH_DATE = re.compile(rb'\bINTERNALDATE "([^"]*)"')
_LIST_LINE = re.compile(rb'^\((?P<attrs>[^)]*)\) (?P<sep>"(?:[^"\\]|\\.)*"|NIL) (?P<name>.+)$')
_STATUS_ITEMS = re.compile(rb"([A-Z]+) (\d+)")
_IMAP_TITLE = re.compile(r"^dovecot/imap \[(?P<user>\S+) ")


class DovecotError(RuntimeError):
    """Dovecot could not be started, or an IMAP helper got an unexpected answer."""


class _PortClash(Exception):
    pass


def search_path() -> str:
    """PATH plus the sbin dirs (Debian keeps `dovecot` in /usr/sbin, off a normal user's PATH)."""
    return os.pathsep.join([os.environ.get("PATH", os.defpath), "/usr/local/sbin", "/usr/sbin", "/sbin"])


def find_tool(name: str, path: str | None = None) -> str | None:
    """Absolute path of a Dovecot tool (`dovecot`, `doveadm`), or None."""
    return shutil.which(name, path=search_path() if path is None else path)


def dovecot_missing(path: str | None = None) -> str | None:
    """Why a Dovecot server cannot be run here, or None when it can (`path`: where to look for tools)."""
    for tool in ("dovecot", "doveadm"):
        if find_tool(tool, path) is None:
            return f"`{tool}` not found (run `bash scripts/ensure-dovecot.sh` to install Debian's dovecot-imapd)"
    if not any(os.access(binary, os.X_OK) for binary in IMAP_BINARIES):
        return "Dovecot's imap binary is missing (install Debian's dovecot-imapd: `bash scripts/ensure-dovecot.sh`)"
    if os.geteuid() == 0:
        for account in ("dovecot", "dovenull"):
            try:
                pwd.getpwnam(account)
            except KeyError:
                return f"running as root needs the system user `{account}` (created by the dovecot-core package)"
    return None


def free_port(host: str = "127.0.0.1") -> int:
    """A port that was free a moment ago: bind port 0, read it back, close."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class StoredMessage:
    """One message as stored in a Dovecot folder."""

    uid: int
    flags: frozenset[str]
    raw: bytes
    internaldate: str

    def email(self) -> email.message.EmailMessage:
        """The message parsed with `email.policy.default` (decoded headers)."""
        parsed = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        return parsed

    @property
    def message_id(self) -> str | None:
        value = self.email()["Message-ID"]
        return str(value).strip() if value is not None else None

    @property
    def subject(self) -> str | None:
        value = self.email()["Subject"]
        return str(value) if value is not None else None

    @property
    def seen(self) -> bool:
        return "\\Seen" in self.flags


def _quote_mailbox(name: str) -> str:
    if not name.isascii():
        raise ValueError(f"non-ASCII folder names need modified UTF-7, not supported here: {name!r}")
    if re.fullmatch(r"[A-Za-z0-9._/-]+", name):
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unquote(value: bytes) -> str:
    text = value.decode("ascii", "replace")
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return re.sub(r"\\(.)", r"\1", text[1:-1])
    return text


def _check(response: tuple[str, Sequence[Any]], what: str) -> list[Any]:
    typ, data = response
    if typ != "OK":
        raise DovecotError(f"IMAP {what} failed: {typ} {data!r}")
    return list(data)


class DovecotServer:
    """A private Dovecot 2.3 on 127.0.0.1: `start()`, the helpers, `stop()`.

    The port is the given one, or a free one; on a clash Dovecot is started again on another
    free port. Users are fixed at construction (name -> password; Dovecot re-reads a passwd-file at most
    once a second, so users are not added on the fly). When running as root the Dovecot
    services run as `dovecot`/`dovenull` and the mailboxes belong to the `dovecot` uid; as
    another user everything runs as that user.
    """

    def __init__(
        self,
        users: Mapping[str, str] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        workdir: Path | None = None,
        start_timeout: float = 10.0,
        start_attempts: int = 5,
    ) -> None:
        chosen = dict(DEFAULT_USERS if users is None else users)
        if not chosen:
            raise ValueError("at least one user is needed")
        for name, password in chosen.items():
            if not _USERNAME.match(name):
                raise ValueError(f"unsupported user name: {name!r}")
            if not _PASSWORD.match(password):
                raise ValueError(f"unsupported password for {name!r} (no blanks or colons)")
        self._users = chosen
        self.host = host
        self._requested_port = port
        self._requested_workdir = workdir
        self._start_timeout = start_timeout
        self._start_attempts = start_attempts
        self._workdir: Path | None = None
        self._owns_workdir = False
        self._proc: subprocess.Popen[bytes] | None = None
        self._port: int | None = None
        self._greeting = f"kompetansebot-test-imap-{secrets.token_hex(6)}"

    # ----------------------------------------------------------------- properties

    @property
    def users(self) -> dict[str, str]:
        """name -> password (a copy)."""
        return dict(self._users)

    @property
    def port(self) -> int:
        if self._port is None:
            raise DovecotError("Dovecot is not running")
        return self._port

    @property
    def workdir(self) -> Path:
        if self._workdir is None:
            raise DovecotError("Dovecot has not been started")
        return self._workdir

    @property
    def conf_path(self) -> Path:
        return self.workdir / "dovecot.conf"

    @property
    def log_path(self) -> Path:
        return self.workdir / "dovecot.log"

    @property
    def pid(self) -> int | None:
        """The master process id while running."""
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    @property
    def running(self) -> bool:
        return self.pid is not None

    def password(self, user: str) -> str:
        try:
            return self._users[user]
        except KeyError:
            raise KeyError(f"no such Dovecot test user: {user!r} (have {sorted(self._users)})") from None

    def home(self, user: str) -> Path:
        self.password(user)
        return self.workdir / "mail" / user

    def url_for(self, user: str, folder: str = "INBOX") -> str:
        """`imap://user:pass@127.0.0.1:PORT/INBOX`, the form IMAP_URL takes."""
        return (
            f"imap://{quote(user, safe='')}:{quote(self.password(user), safe='')}"
            f"@{self.host}:{self.port}/{quote(folder, safe='')}"
        )

    # ----------------------------------------------------------------- lifecycle

    def __enter__(self) -> DovecotServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> DovecotServer:
        """Start Dovecot and wait until its IMAP port greets. Idempotent while running."""
        if self.running:
            return self
        missing = dovecot_missing()
        if missing is not None:
            raise DovecotError(missing)
        try:
            return self._start()
        except BaseException:
            self.stop()  # removes our temp dir; the error carries Dovecot's own output
            raise

    def _start(self) -> DovecotServer:
        self._prepare_workdir()
        last_error = "no attempt made"
        for attempt in range(self._start_attempts):
            port = self._requested_port if attempt == 0 and self._requested_port else free_port(self.host)
            self._write_config(port)
            with (self.workdir / "dovecot.out").open("ab") as output:
                proc = subprocess.Popen(
                    [*_die_with_parent(), _tool("dovecot"), "-F", "-c", str(self.conf_path)],
                    stdin=subprocess.DEVNULL,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            try:
                self._wait_ready(proc, port)
            except _PortClash as clash:
                last_error = str(clash)
                self._terminate(proc)
                continue
            except BaseException:
                self._terminate(proc)
                raise
            self._proc = proc
            self._port = port
            atexit.register(self.stop)
            return self
        raise DovecotError(f"Dovecot did not get a free port in {self._start_attempts} attempts: {last_error}")

    def stop(self) -> None:
        """Stop the master and every child; remove the temp dir we created. Idempotent."""
        proc, self._proc = self._proc, None
        self._port = None
        atexit.unregister(self.stop)
        if proc is not None:
            self._terminate(proc)
        if self._owns_workdir and self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def _terminate(self, proc: subprocess.Popen[bytes]) -> None:
        """SIGTERM the whole process group (the master alone takes a second to shut down),
        then SIGKILL whatever is still alive after a grace period."""
        group = proc.pid  # start_new_session: the master leads its own process group
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
            proc.wait(timeout=5)
        deadline = time.monotonic() + 3
        while group_processes(group):
            if time.monotonic() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(group, signal.SIGKILL)
                break
            time.sleep(0.01)

    def _prepare_workdir(self) -> None:
        if self._workdir is None:
            if self._requested_workdir is not None:
                self._workdir = self._requested_workdir
                self._workdir.mkdir(parents=True, exist_ok=True)
            else:
                self._workdir = Path(tempfile.mkdtemp(prefix="dovecot-test-"))
                self._owns_workdir = True
        workdir = self._workdir
        # Dovecot's unprivileged processes must be able to reach base_dir and the homes.
        workdir.chmod(0o755)
        uid, gid = self._mail_ids()
        (workdir / "mail").mkdir(exist_ok=True)
        (workdir / "mail").chmod(0o755)
        for user in self._users:
            home = workdir / "mail" / user
            home.mkdir(exist_ok=True)
            os.chown(home, uid, gid)
        lines = [
            f"{user}:{{PLAIN}}{password}:{uid}:{gid}::{workdir / 'mail' / user}::\n"
            for user, password in self._users.items()
        ]
        passwd = workdir / "users"
        passwd.write_text("".join(lines))
        passwd.chmod(0o644)

    def _mail_ids(self) -> tuple[int, int]:
        if os.geteuid() == 0:
            account = pwd.getpwnam("dovecot")
            return account.pw_uid, account.pw_gid
        return os.getuid(), os.getgid()

    def _service_users(self) -> tuple[str, str]:
        if os.geteuid() == 0:
            return "dovecot", "dovenull"
        me = pwd.getpwuid(os.getuid()).pw_name
        return me, me

    def _write_config(self, port: int) -> None:
        workdir = self.workdir
        internal_user, login_user = self._service_users()
        non_root = "" if os.geteuid() == 0 else _NON_ROOT_SERVICES.format(group=grp.getgrgid(os.getgid()).gr_name)
        text = _CONFIG.format(
            host=self.host,
            port=port,
            base_dir=workdir / "run",
            state_dir=workdir / "state",
            log_path=workdir / "dovecot.log",
            passwd=workdir / "users",
            internal_user=internal_user,
            login_user=login_user,
            greeting=self._greeting,
            non_root=non_root,
        )
        self.conf_path.write_text(text)

    def _wait_ready(self, proc: subprocess.Popen[bytes], port: int) -> None:
        deadline = time.monotonic() + self._start_timeout
        while True:
            if proc.poll() is not None:
                output = self._diagnostics()
                if "Address already in use" in output:
                    raise _PortClash(f"port {port} taken")
                raise DovecotError(f"dovecot exited with {proc.returncode} while starting:\n{output}")
            greeting = _read_greeting(self.host, port)
            if greeting is not None:
                if self._greeting.encode() in greeting and proc.poll() is None:
                    return
                if self._greeting.encode() not in greeting:
                    raise _PortClash(f"port {port} answered by another server: {greeting[:80]!r}")
            if time.monotonic() > deadline:
                raise DovecotError(f"dovecot did not greet on {self.host}:{port} in {self._start_timeout} s:\n"
                                   f"{self._diagnostics()}")
            time.sleep(0.01)

    def _diagnostics(self) -> str:
        parts = []
        for name in ("dovecot.out", "dovecot.log"):
            path = self.workdir / name
            if path.exists():
                parts.append(f"--- {name}\n" + path.read_text(errors="replace")[-4000:])
        return "\n".join(parts)

    def log_text(self) -> str:
        """Dovecot's log file so far (for diagnostics)."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_errors(self) -> list[str]:
        """Log lines at Error, Fatal or Panic level."""
        return [line for line in self.log_text().splitlines() if re.search(r": (Error|Fatal|Panic): ", line)]

    # ----------------------------------------------------------------- IMAP helpers

    @contextlib.contextmanager
    def session(self, user: str) -> Iterator[imaplib.IMAP4]:
        """An `imaplib.IMAP4` logged in as `user`, logged out afterwards."""
        imap = imaplib.IMAP4(self.host, self.port, timeout=10)
        try:
            _check(imap.login(user, self.password(user)), f"LOGIN {user}")
            yield imap
        finally:
            with contextlib.suppress(Exception):
                imap.logout()
            with contextlib.suppress(Exception):
                imap.shutdown()

    def append(
        self,
        user: str,
        raw: bytes,
        folder: str = "INBOX",
        *,
        flags: Iterable[str] = (),
        when: datetime | None = None,
    ) -> int:
        """APPEND `raw` to `user`'s `folder`; returns the new message's UID (UIDPLUS)."""
        flag_list = " ".join(flags)
        date_time = imaplib.Time2Internaldate(when) if when is not None else None
        with self.session(user) as imap:
            data = _check(
                imap.append(_quote_mailbox(folder), f"({flag_list})" if flag_list else None, date_time, raw),
                f"APPEND to {folder}",
            )
        found = _APPENDUID.search(data[0] if isinstance(data[0], bytes) else b"")
        if found is None:
            raise DovecotError(f"APPEND gave no APPENDUID: {data!r}")
        return int(found.group(2))

    def messages(self, user: str, folder: str = "INBOX") -> list[StoredMessage]:
        """Every message in the folder by UID, read-only (EXAMINE + BODY.PEEK; `\\Recent` left out)."""
        with self.session(user) as imap:
            _check(imap.select(_quote_mailbox(folder), readonly=True), f"EXAMINE {folder}")
            data = _check(imap.uid("FETCH", "1:*", "(UID FLAGS INTERNALDATE BODY.PEEK[])"), "UID FETCH")
        found: list[StoredMessage] = []
        for item in data:
            if not isinstance(item, tuple):
                continue
            head, body = item
            uid = _FETCH_UID.search(head)
            flags = _FETCH_FLAGS.search(head)
            date = _FETCH_DATE.search(head)
            if uid is None or flags is None:
                raise DovecotError(f"unexpected FETCH response: {head!r}")
            flag_set = frozenset(flags.group(1).decode().split()) - {"\\Recent"}
            found.append(StoredMessage(
                uid=int(uid.group(1)),
                flags=flag_set,
                raw=bytes(body),
                internaldate=date.group(1).decode() if date else "",
            ))
        return sorted(found, key=lambda message: message.uid)

    def folders(self, user: str) -> list[str]:
        """The user's folder names (LIST "" "*"), sorted."""
        with self.session(user) as imap:
            data = _check(imap.list('""', "*"), "LIST")
        names = []
        for line in data:
            if not isinstance(line, bytes):
                continue
            found = _LIST_LINE.match(line)
            if found is None:
                raise DovecotError(f"unexpected LIST response: {line!r}")
            names.append(_unquote(found.group("name")))
        return sorted(names)

    def status(self, user: str, folder: str = "INBOX") -> dict[str, int]:
        """STATUS of a folder: MESSAGES, UIDNEXT, UIDVALIDITY, UNSEEN."""
        with self.session(user) as imap:
            data = _check(imap.status(_quote_mailbox(folder), "(MESSAGES UIDNEXT UIDVALIDITY UNSEEN)"), "STATUS")
        line = data[0] if data and isinstance(data[0], bytes) else b""
        return {key.decode(): int(value) for key, value in _STATUS_ITEMS.findall(line)}

    # ----------------------------------------------------------------- control

    def kick(self, user: str, timeout: float = 5.0) -> bool:
        """`doveadm kick user`: drop every IMAP connection of `user` (a simulated outage).

        Returns whether anything was kicked, after the kicked sessions' processes are gone,
        so the next command on a kicked connection fails.
        """
        self.password(user)
        result = subprocess.run(
            [_tool("doveadm"), "-c", str(self.conf_path), "kick", user],
            capture_output=True, text=True, timeout=10, check=False,
        )
        if result.returncode not in (0, 68):  # 68 = EX_NOUSER: nobody was connected
            raise DovecotError(f"doveadm kick {user} failed ({result.returncode}): {result.stderr or result.stdout}")
        self._wait_sessions_gone({user}, timeout)
        return result.returncode == 0

    def sessions(self) -> dict[int, str]:
        """Live IMAP session processes of this server: pid -> user."""
        master = self.pid
        if master is None:
            return {}
        found = {}
        for pid, title in _children(master).items():
            matched = _IMAP_TITLE.match(title)
            if matched is not None:
                found[pid] = matched.group("user")
        return found

    def _wait_sessions_gone(self, users: set[str], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while any(user in users for user in self.sessions().values()):
            if time.monotonic() > deadline:
                raise DovecotError(f"IMAP sessions of {sorted(users)} still alive after {timeout} s: {self.sessions()}")
            time.sleep(0.01)

    def reset(self, users: Iterable[str] | None = None) -> None:
        """Empty mailboxes: kick the users, then delete their Maildirs (recreated on next login).

        Folders, messages, flags and UIDs all start afresh (UIDs from 1 again). UIDVALIDITY is
        time-based, so a folder recreated in the same second can get the same UIDVALIDITY.
        """
        chosen = list(self._users) if users is None else list(users)
        for user in chosen:
            self.password(user)
        for user in sorted(set(self.sessions().values()) & set(chosen)):
            self.kick(user)
        self._wait_sessions_gone(set(chosen), timeout=5.0)
        for user in chosen:
            maildir = self.home(user) / "Maildir"
            for _ in range(5):
                try:
                    shutil.rmtree(maildir)
                    break
                except FileNotFoundError:
                    break
                except OSError:  # a file appeared while deleting: try again
                    time.sleep(0.01)
            else:
                raise DovecotError(f"could not clear {maildir}")


def _tool(name: str) -> str:
    found = find_tool(name)
    if found is None:
        raise DovecotError(f"`{name}` not found (run `bash scripts/ensure-dovecot.sh`)")
    return found


def _die_with_parent() -> list[str]:
    """`setpriv --pdeathsig`: Dovecot gets SIGTERM if the test process dies without stopping it.

    The signal follows the *thread* that started the child, so it is only set from the main thread.
    """
    setpriv = shutil.which("setpriv")
    if setpriv is None or threading.current_thread() is not threading.main_thread():
        return []
    return [setpriv, "--pdeathsig", "TERM", "--"]


def _read_greeting(host: str, port: int) -> bytes | None:
    try:
        with socket.create_connection((host, port), timeout=0.5) as sock:
            return sock.recv(1024)
    except OSError:
        return None


def group_processes(group: int) -> list[int]:
    """Live (not zombie) processes in a process group."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] != "Z" and int(fields[2]) == group:
            found.append(int(entry.name))
    return found


def _children(parent: int) -> dict[int, str]:
    """Direct children of `parent`: pid -> process title (Dovecot rewrites its titles)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            if ppid != parent:
                continue
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except (OSError, ValueError):
            continue
        found[int(entry.name)] = title
    return found


_NON_ROOT_SERVICES = """
# Not root: everything runs as the current user and group.
default_internal_group = {group}
service auth-worker {{
  user = $default_internal_user
}}
"""

_CONFIG = """# Written by tests/servers/dovecot.py for one test run.
protocols = imap
listen = {host}
base_dir = {base_dir}
state_dir = {state_dir}
log_path = {log_path}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {internal_user}
default_login_user = {login_user}
first_valid_uid = 1
mail_location = maildir:~/Maildir
mail_fsync = never
verbose_proctitle = yes
login_greeting = {greeting}

namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
  mailbox Processed {{
    auto = create
  }}
  mailbox Quarantine {{
    auto = create
  }}
}}

passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {passwd}
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {passwd}
}}

protocol imap {{
  mail_max_userip_connections = 1000
}}

service imap-login {{
  chroot =
  inet_listener imap {{
    address = {host}
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
{non_root}"""
