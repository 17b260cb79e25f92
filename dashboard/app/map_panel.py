"""A map on a page: drawn by the map component, a click drills down, and its downloads."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from streamlit_folium import st_folium

from dashboard.app import downloads, maps, reference
from dashboard.app.export_names import current_stem, dated
from dashboard.app.map_frame import build_frame
from dashboard.app.present import map_height
from dashboard.app.session import current, lang, set_territory
from dashboard.i18n import t


def show_map(spec: maps.MapSpec, key: str, *, drill: bool = True) -> None:
    """Draw a map; a click on a unit drills down. Panning and zooming never rerun.

    The boundaries are fetched by the browser from their static file (sent once, then
    cached); the component's arguments carry only this rerun's values, legend and markers,
    drawn in the same frame (:func:`build_frame`: a territory or filter change does not
    load the map again).
    """
    if not spec.places:
        spec = replace(spec, places=reference.place_labels(current().territory, lang()))
    m, rerun = build_frame(spec)

    def on_click() -> None:
        value = st.session_state.get(key) or {}
        feature = value.get("last_active_drawing") or {}
        code = (feature.get("properties") or {}).get("code")
        terr = reference.territories()
        if code in terr.units and terr.level_of(code) != "commune":
            set_territory(code)

    # render=False: the frame's page is not rendered whole first, the component's
    # arguments (its header, html and script) are the same without it
    st_folium(m, key=key, height=map_height(spec.height), use_container_width=True,
              feature_group_to_add=rerun, render=False,
              returned_objects=["last_active_drawing"] if drill else [],
              on_change=on_click if drill else None)
    if drill:
        st.caption(t("Click a unit on the map to drill down one level.", lang()))
    # side by side at their own width (a column each left a half-page map's labels in
    # three lines), the second under the first when the map is too narrow for both
    buttons = st.container(horizontal=True, gap="small")
    # built only when clicked: the stand-alone file inlines Leaflet (about 200 kB) and the
    # boundaries, so that it opens offline from a file
    buttons.download_button(t("Download this map (HTML)", lang()),
                            lambda: maps.standalone_html(maps.build_map(spec, inline=True),
                                                         "Taghtia"),
                            file_name=dated(current_stem(*key.split(".", 1)), "html"),
                            mime="text/html", key=f"{key}.download", on_click="ignore")
    downloads.map_image_button(buttons, spec, key, lang(), current().territory)
