"""The Qt user interface: one screen per module, no file formats or domain rules."""
