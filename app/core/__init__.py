"""The Qt-free core: routine model, file loader, timeline, player and coach.

Nothing in this package may import PySide6: it is tested and used without a GUI.
"""
