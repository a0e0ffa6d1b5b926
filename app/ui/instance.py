"""One window per data folder: a second start brings the first window to the front.

The window holds the data folder (``app.lock``) from before it appears
until after its log is closed. A second ``footwork`` on the same folder
finds it held by a window and asks that window, over a local socket named
after the folder, to come to the front; then it exits. While a writing
command (an import) holds the folder, a start waits a little for it.
QtNetwork loads only when the window starts listening, once its routines
are on screen (a second start meanwhile waits for it), or when a second
start asks.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.lock import FolderBusyError, FolderLock, Kind

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

WINDOW_WHAT = "the Footwork window"
# How long a start waits for an import to finish, or for a window that is
# still starting (or closing) to answer.
START_WAIT_SECONDS = 5.0
ANSWER_MS = 1000
_ACTIVATE = b"activate\n"
_RAISED = b"raised\n"


def server_name(data_dir: Path) -> str:
    """The local socket of the window holding ``data_dir``: one name per user and folder.

    In the user's runtime folder when there is one (owner-only), else Qt's
    default place for it.
    """
    key = hashlib.sha256(os.fsencode(data_dir.resolve())).hexdigest()[:20]
    name = f"footwork-{os.geteuid()}-{key}"
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    return str(Path(runtime) / name) if runtime and Path(runtime).is_dir() else name


class InstanceServer(QObject):
    """Listens for second starts on the folder; ``activation_requested`` for each."""

    activation_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self.name = server_name(data_dir)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening; False if the socket cannot be made (a second start then waits
        and says the folder is in use). Call it only while holding the folder."""
        # A socket file left by a window that was killed: the folder lock says it is stale.
        self._server.removeServer(self.name)
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.disconnected.connect(socket.deleteLater)
            socket.readyRead.connect(lambda s=socket: self._read(s))
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        if bytes(socket.readLine().data()) == _ACTIVATE:
            self.activation_requested.emit()
            socket.write(_RAISED)
            socket.flush()
        socket.disconnectFromServer()


def ask_to_come_forward(data_dir: Path, timeout_ms: int = ANSWER_MS) -> bool:
    """Ask the window holding ``data_dir`` to come to the front; True once it said it did."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    try:
        socket.connectToServer(server_name(data_dir))
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(_ACTIVATE)
        if not socket.waitForBytesWritten(timeout_ms):
            return False
        while not socket.canReadLine():
            if not socket.waitForReadyRead(timeout_ms):
                return False
        return bytes(socket.readLine().data()) == _RAISED
    finally:
        socket.abort()


def hold_for_window(data_dir: Path, wait: float = START_WAIT_SECONDS) -> FolderLock | None:
    """Hold ``data_dir`` for a new window; None when a window already had it and came forward.

    Raises ``FolderBusyError`` when the folder stayed held for ``wait``
    seconds without a window answering (an import still running, a window
    that hangs), ``FolderLockError`` when the lock file is unusable.
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            return FolderLock.acquire(data_dir, Kind.WINDOW, WINDOW_WHAT)
        except FolderBusyError as busy:
            by_command = busy.holder is not None and busy.holder.kind is Kind.COMMAND
            if not by_command and ask_to_come_forward(data_dir):
                return None
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.1)
