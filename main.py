"""Start Footwork: `python main.py --help` lists the options."""

from app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
