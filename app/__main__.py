"""`python -m app` starts Footwork, exactly like `python main.py`."""

from app.cli import main

raise SystemExit(main())
