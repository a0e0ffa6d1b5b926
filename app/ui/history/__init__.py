"""History: past sessions in a table and a calendar, charts of the work and the pain,
and the log's export and import.

- ``view``: the screen (``HistoryView``): what it loads, when, and the tabs around it;
- ``sessions``: the sessions table's model;
- ``calendar_tab``: the calendar of session days, and the streak;
- ``charts``: the chart wrapper over pyqtgraph, its colours and legend;
- ``progress_tab`` and ``exercise_tab``: the charts of the two chart tabs;
- ``files``: the export and import questions, and what the screen says of them.

What the screen shows is shaped from the log by ``app.ui.history_data`` (no
Qt). Only ``charts`` and the two chart tabs import pyqtgraph (and numpy), and
only when a chart tab is first shown, or when the window warms them in an
idle moment: History opens on its table without them.
"""
