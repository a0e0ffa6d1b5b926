"""Footwork: timed foot and ankle routines for barefoot and minimalist runners."""

__version__ = "0.1.0"
