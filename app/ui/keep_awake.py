"""Keep the screen awake while a session plays: the freedesktop ScreenSaver Inhibit call.

The user is on the floor, a few metres away, not touching the keyboard: a
screen that blanks in the middle of a 90 s hold is a broken product. On
Linux desktops the ``org.freedesktop.ScreenSaver`` service takes an
``Inhibit(app, reason)`` call and returns a cookie for ``UnInhibit``. Where
there is no session bus or no such service (other systems, a bare X
server, CI) this is a no-op that says why.
"""

from __future__ import annotations

from typing import Any, Protocol

SERVICE = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"
INTERFACE = "org.freedesktop.ScreenSaver"
REASON = "Playing an exercise routine"
TIMEOUT_MS = 500  # never hold the UI up for a slow desktop service


class ScreenSaver(Protocol):
    """What KeepAwake needs from the desktop: inhibit returns a cookie, or None."""

    def inhibit(self, app: str, reason: str) -> int | None: ...

    def uninhibit(self, cookie: int) -> None: ...


class DBusScreenSaver:
    """The freedesktop ScreenSaver service on the session bus, through QtDBus."""

    def __init__(self, bus: Any = None) -> None:
        self.problem = ""
        self._iface: Any = None
        try:
            from PySide6.QtDBus import QDBusConnection, QDBusInterface
        except ImportError as exc:
            self.problem = f"QtDBus could not be loaded ({exc})"
            return
        if bus is None:
            bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            self.problem = "there is no D-Bus session bus"
            return
        registered = bus.interface().isServiceRegistered(SERVICE)
        if not registered.isValid() or not registered.value():
            self.problem = f"the desktop offers no {SERVICE} service"
            return
        iface = QDBusInterface(SERVICE, PATH, INTERFACE, bus)
        iface.setTimeout(TIMEOUT_MS)
        self._iface = iface

    def inhibit(self, app: str, reason: str) -> int | None:
        if self._iface is None:
            return None
        from PySide6.QtDBus import QDBusMessage

        reply = self._iface.call("Inhibit", app, reason)
        arguments = reply.arguments()
        if reply.type() == QDBusMessage.MessageType.ReplyMessage and arguments:
            return int(arguments[0])
        self.problem = reply.errorMessage() or "the Inhibit call failed"
        return None

    def uninhibit(self, cookie: int) -> None:
        if self._iface is None:
            return
        from PySide6.QtCore import Q_ARG, QMetaObject, Qt

        # UnInhibit takes a uint32; a plain call() would send a Python int as int32,
        # which the service refuses. The interface's introspected method converts.
        QMetaObject.invokeMethod(
            self._iface, "UnInhibit", Qt.ConnectionType.DirectConnection, Q_ARG("uint", cookie)
        )


class KeepAwake:
    """Holds one inhibition at most: ``hold()`` while playing, ``release()`` otherwise."""

    def __init__(self, screensaver: ScreenSaver | None = None, app: str = "Footwork") -> None:
        self._screensaver = screensaver
        self._app = app
        self._cookie: int | None = None

    @property
    def holding(self) -> bool:
        return self._cookie is not None

    def _service(self) -> ScreenSaver:
        if self._screensaver is None:
            self._screensaver = DBusScreenSaver()  # on first use: no D-Bus work at start-up
        return self._screensaver

    def hold(self) -> None:
        if self._cookie is None:
            self._cookie = self._service().inhibit(self._app, REASON)

    def release(self) -> None:
        if self._cookie is not None:
            cookie, self._cookie = self._cookie, None
            self._service().uninhibit(cookie)
