"""A stand-in for the desktop's org.freedesktop.ScreenSaver service, for the keep-awake test.

Run as a separate process on a private D-Bus session bus; prints one line per
call it receives, so the test sees exactly what Footwork asked of the desktop.
"""

from __future__ import annotations

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class ScreenSaver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.cookie = 100

    @Slot(str, str, result="uint")
    def Inhibit(self, app: str, reason: str) -> int:
        self.cookie += 1
        print(f"Inhibit {app!r} {reason!r} -> {self.cookie}", flush=True)
        return self.cookie

    @Slot("uint")
    def UnInhibit(self, cookie: int) -> None:
        print(f"UnInhibit {cookie}", flush=True)


def main() -> None:
    app = QCoreApplication([])
    bus = QDBusConnection.sessionBus()
    saver = ScreenSaver()
    options = QDBusConnection.RegisterOption.ExportAllSlots
    if not bus.registerObject("/org/freedesktop/ScreenSaver", saver, options):
        raise SystemExit("could not register the object")
    if not bus.registerService("org.freedesktop.ScreenSaver"):
        raise SystemExit("could not register the service")
    print("ready", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
