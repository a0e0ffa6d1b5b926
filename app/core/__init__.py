"""The Qt-free core: routine model, file loader, timeline, player and coach.

Nothing in this package may import PySide6: it is tested and used without a GUI.

- The model and its files: ``routine`` (exercises, doses, steps, routines,
  programs), ``safeyaml`` (YAML text to nodes), ``node_reader`` (one node at
  a time, each problem at its place), ``loader`` (the schema of each kind of
  file), ``library`` (the built-in and the user's files), ``durations``.
- A session: ``timeline`` (a routine as phases), ``reps``, ``player`` (the
  state machine), ``events``, ``cues``, ``summary`` (planned against done).
- The coach: ``doses`` (the coach's dose and its increments), ``past``
  (logged sessions as it reads them), ``pain`` (baseline, flares, lasting
  pain), ``weekly_cap`` (the 10 % rule), ``ramp`` (the rules, ``suggest``),
  ``stages`` (programs); ``exposure`` (barefoot minutes).
- Words and days: ``wording`` (every dose, duration and phase as shown or
  spoken), ``days`` (days and wall times, and their names).
"""
