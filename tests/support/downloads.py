"""The files behind a page's download buttons, as a person clicking them would get them.

A download built when clicked (``st.download_button`` given a function) is registered with
Streamlit's media file manager under the button's ``deferred_file_id``; :func:`capture`
keeps each registered function so that a test calls it, exactly as the server would on a
click.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager


class Downloads:
    """The functions registered by the download buttons of the runs since capture began."""

    def __init__(self) -> None:
        self.builders: dict[str, tuple[Callable[[], object], str | None]] = {}

    def file(self, button) -> tuple[bytes, str | None]:
        """The bytes and file name a click on ``button`` (an AppTest element) gives."""
        build, name = self.builders[button.proto.deferred_file_id]
        data = build()
        return (data.encode("utf-8") if isinstance(data, str) else bytes(data)), name


def capture(monkeypatch: pytest.MonkeyPatch) -> Downloads:
    """Keep every deferred download registered from now on (the real manager still runs)."""
    found = Downloads()
    real = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = real(self, data_callable, mimetype, coordinates, file_name=file_name,
                       **kwargs)
        found.builders[file_id] = (data_callable, file_name)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return found
