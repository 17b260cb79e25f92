"""``python -m dashboard.app.serve run <app> [options]``: Streamlit's own command line, with the
app's first page prepared while the server starts.

``taghtia run`` starts this in place of ``python -m streamlit``. A thread imports the app's
modules and fills the process-wide caches the first page needs (the dataset ``taghtia run``
was given or the demo, the national boundaries and outlines) while Streamlit starts listening
and the browser loads Streamlit's front end, so the first script run finds them ready. The
server is the same; a warm-up that fails is forgotten (the page then does the work itself).
"""

from __future__ import annotations

import sys
import threading

THREAD_NAME = "taghtia-warm-up"


class _QuietWarmUp:
    """Log filter: drops the warnings the warm-up thread causes (cached functions called
    outside a script run: "missing ScriptRunContext"); errors still show."""

    @staticmethod
    def filter(record) -> bool:
        import logging

        return record.threadName != THREAD_NAME or record.levelno >= logging.ERROR


def warm_up() -> None:
    """Import the app's data layer and fill the caches of the default page at national
    level, once Streamlit's runtime exists. The map component (``streamlit_folium``) is left
    to the script: imported by this thread, its files were not found by the browser (404)."""
    try:
        import logging
        import time

        from streamlit.runtime import Runtime

        deadline = time.monotonic() + 120
        while not Runtime.exists():
            if time.monotonic() > deadline:
                return
            time.sleep(0.05)

        from dashboard import sources
        from dashboard.app import data

        for name in list(logging.Logger.manager.loggerDict):
            if name.startswith("streamlit"):
                logging.getLogger(name).addFilter(_QuietWarmUp)
        data.territories()
        data.geometry("commune", None)
        data.context(None)
        data.commune_anchors()
        if not sources.start_ref():
            data._files_or_demo()
    except Exception:  # the first page does the same work itself
        pass


def main(argv: list[str] | None = None) -> int:
    """Start the warm-up thread and the memory sweep (:mod:`dashboard.app.memory`), then
    Streamlit's command line with ``argv``."""
    from streamlit.web import cli

    from dashboard.app import memory

    threading.Thread(target=warm_up, name=THREAD_NAME, daemon=True).start()
    memory.start()
    sys.argv = ["streamlit", *(sys.argv[1:] if argv is None else argv)]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
