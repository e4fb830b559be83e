"""A real IMAP server for the mail tests: Debian's dovecot (package dovecot-imapd), started in the foreground with a
throwaway configuration in a temporary folder, listening on 127.0.0.1 on a free port, without TLS, as the current
user. Nothing of the system's dovecot (its configuration, its port 143) is used.

Tests deliver mail with IMAP APPEND (`ImapServer.deliver`) and look at it again with imaplib.
"""

from __future__ import annotations

import contextlib
import getpass
import grp
import imaplib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DOVECOT = "/usr/sbin/dovecot"
USER = "helpdesk"
PASSWORD = "rahasia-uji"  # a throwaway test server on the loopback interface


def dovecot_path() -> str | None:
    found = shutil.which("dovecot") or (DOVECOT if os.access(DOVECOT, os.X_OK) else None)
    return found


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _version(binary: str) -> tuple[int, ...]:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10).stdout
    return tuple(int(x) for x in out.split()[0].split(".")[:2] if x.isdigit())


def _service_users() -> tuple[str, str, str, int, int]:
    """(internal user, its group, login user, mail uid, mail gid). Dovecot refuses to run its login processes and
    the mail of a user as root: as root (CI), the unprivileged users that the dovecot-core package creates;
    otherwise everything runs as the current user."""
    if os.getuid() == 0:
        internal = pwd.getpwnam("dovecot")
        pwd.getpwnam("dovenull")
        group = grp.getgrgid(internal.pw_gid).gr_name
        return "dovecot", group, "dovenull", internal.pw_uid, internal.pw_gid
    user = getpass.getuser()
    return user, grp.getgrgid(os.getgid()).gr_name, user, os.getuid(), os.getgid()


def _config(root: Path, run: Path, port: int, version: tuple[int, ...]) -> str:
    internal_user, internal_group, login_user, uid, gid = _service_users()
    # Dovecot 2.4 renamed the clear-text switch and the mail location; 2.3 is Debian 12's.
    if version >= (2, 4):
        cleartext = "auth_allow_cleartext = yes"
        mail = f"mail_driver = maildir\nmail_path = {run}/mail/%{{user}}\nmail_inbox_path = {run}/mail/%{{user}}"
        passdb = f"passdb passwd-file {{\n  passwd_file_path = {run}/passwd\n}}"
        userdb = (
            f"userdb static {{\n  fields {{\n    uid = {uid}\n    gid = {gid}\n    home = {run}/home/%{{user}}\n"
            "  }\n}"
        )
        head = "dovecot_config_version = 2.4.0\ndovecot_storage_version = 2.4.0\n"
    else:
        cleartext = "disable_plaintext_auth = no"
        mail = f"mail_location = maildir:{run}/mail/%u"
        passdb = f"passdb {{\n  driver = passwd-file\n  args = {run}/passwd\n}}"
        userdb = f"userdb {{\n  driver = static\n  args = uid={uid} gid={gid} home={run}/home/%u\n}}"
        head = ""
    return f"""{head}
protocols = imap
listen = 127.0.0.1
base_dir = {run}
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = no
{cleartext}
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = {min(uid, 100)}
first_valid_gid = 0
{mail}
{passdb}
{userdb}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


@dataclass
class ImapServer:
    root: Path
    host: str = "127.0.0.1"
    port: int = 0
    user: str = USER
    password: str = PASSWORD
    process: subprocess.Popen | None = None
    run_dir: Path | None = None

    def start(self, binary: str, *, wait: float = 15.0) -> None:
        (self.root / "state").mkdir(parents=True, exist_ok=True)
        # The sockets' folder must be reachable by dovecot's unprivileged users, and pytest's temporary folders are
        # private (0700): a folder of its own under the system's temporary folder, removed by stop().
        self.run_dir = Path(tempfile.mkdtemp(prefix="sopan-dovecot-"))
        self.run_dir.chmod(0o755)
        # The passdb is read by the auth process (dovecot's internal user): beside the sockets, readable.
        (self.run_dir / "passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}::::::\n")
        (self.run_dir / "passwd").chmod(0o644)
        # Mail and home folders belong to the mail user (dovecot's own user when running as root).
        *_, uid, gid = _service_users()
        for folder in ("mail", "home"):
            (self.run_dir / folder).mkdir()
            if os.getuid() == 0:
                os.chown(self.run_dir / folder, uid, gid)
        self.port = _free_port()
        conf = self.root / "dovecot.conf"
        conf.write_text(_config(self.root, self.run_dir, self.port, _version(binary)))
        self.process = subprocess.Popen(
            [binary, "-F", "-c", str(conf)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole, nothing left behind
        )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited ({self.process.returncode}):\n{self._output()}")
            try:
                with self.connect():
                    return
            except (OSError, imaplib.IMAP4.error):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"dovecot did not answer on port {self.port} within {wait} s:\n{self._output()}")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self.process.stdout:
            self.process.stdout.close()
        self.process = None
        if self.run_dir is not None:
            shutil.rmtree(self.run_dir, ignore_errors=True)
            self.run_dir = None

    def _output(self) -> str:
        log = self.root / "dovecot.log"
        text = log.read_text(errors="replace") if log.exists() else ""
        if self.process is not None and self.process.poll() is not None and self.process.stdout:
            text += self.process.stdout.read().decode(errors="replace")
        return text[-4000:]

    # --- for tests -----------------------------------------------------------------------------------------
    def connect(self, folder: str = "INBOX") -> imaplib.IMAP4:
        connection = imaplib.IMAP4(self.host, self.port, timeout=10)
        connection.login(self.user, self.password)
        connection.select(f'"{folder}"')
        return connection

    def deliver(self, raw: bytes, folder: str = "INBOX") -> None:
        with self.connect(folder) as connection:
            typ, data = connection.append(f'"{folder}"', None, None, raw)
            assert typ == "OK", data

    def empty(self, folder: str = "INBOX") -> None:
        """Delete every message (between tests: the tests themselves never delete)."""
        with self.connect(folder) as connection:
            _typ, data = connection.uid("SEARCH", None, "ALL")
            uids = (data[0] or b"").split()
            if uids:
                connection.uid("STORE", b",".join(uids).decode(), "+FLAGS.SILENT", r"(\Deleted)")
                connection.expunge()

    def messages(self, folder: str = "INBOX") -> list[tuple[str, list[str]]]:
        """(UID, flags) of every message in the folder."""
        with self.connect(folder) as connection:
            _typ, data = connection.uid("FETCH", "1:*", "(FLAGS)")
            result = []
            for item in data:
                if not item:
                    continue
                text = (item if isinstance(item, bytes) else item[0]).decode()
                uid = text.split("UID ")[1].split()[0].rstrip(")") if "UID " in text else ""
                flags = text.split("FLAGS (")[1].split(")")[0].split() if "FLAGS (" in text else []
                result.append((uid, flags))
            return result
