"""A map for the app's map component whose frame stays between reruns.

streamlit-folium names its component after a hash of the map's script: a script that carries
a rerun's values makes a new frame on every territory or filter change (Leaflet, the runtime
and the boundaries loaded, decoded and drawn again). Here the map's own script is the same on
every rerun (an empty map, centred on Morocco, with the runtime's files), and what a rerun
draws (layers, legend, controls and their values, the same scripts as :func:`maps.build_map`'s)
travels as the component's ``feature_group_to_add``, which its frame evaluates in place when it
changes, after ``taghtia_rerun`` has taken the previous rerun's away.

Nothing here imports Streamlit.
"""

from __future__ import annotations

import folium
from folium.elements import ElementAddToElement
from jinja2 import Template

from dashboard.app import maps

FRAME_CENTRE = (31.8, -7.1)
"""Where the frame's map starts (Morocco); each rerun's script fits its territory."""
FRAME_MAP_NAME = "map_div"
"""The map's variable in the component's frame (streamlit-folium's name for it)."""


class RerunLayers(folium.FeatureGroup):
    """One rerun's drawing as streamlit-folium's feature group: an empty group (the
    component adds it to the map) then ``body``, the rerun's script."""

    _template = Template("{% macro script(this, kwargs) %}"
                         "var {{ this.get_name() }} = L.featureGroup();\n"
                         "{{ this.body }}\n{% endmacro %}")

    def __init__(self, body: str) -> None:
        super().__init__(name="taghtia", control=False)
        self.body = body

    def render(self, **kwargs) -> None:
        """Only what folium's ``Layer.render`` adds to the group itself: its ``addTo`` line,
        part of the script streamlit-folium sends (``feature_group``, read from the
        templates). Not the group's script written into the frame's page, which nothing
        reads and which would compile the whole script as a Jinja template on every rerun."""
        self.add_child(ElementAddToElement(element_name=self.get_name(),
                                           element_parent_name=self._parent.get_name()),
                       name=self.get_name() + "_add")


def build_frame(spec: maps.MapSpec) -> tuple[folium.Map, RerunLayers]:
    """The map for ``st_folium`` and the rerun's drawing for its ``feature_group_to_add``.

    Parameters
    ----------
    spec : maps.MapSpec

    Returns
    -------
    tuple[folium.Map, RerunLayers]
        The map, whose script is the same for every ``spec`` of the same height (its header
        preloads this rerun's files: it is read by the first frame only), and the script that
        draws ``spec`` on it (:func:`maps.build_map`'s elements, named the same on every
        rerun so that an unchanged rerun sends an unchanged script).
    """
    m = maps.build_map(spec)
    m._id = FRAME_MAP_NAME.removeprefix("map_")
    parts = [f"taghtia_rerun({FRAME_MAP_NAME});"]
    names: dict[str, str] = {}
    for position, child in enumerate(m._children.values()):
        names[child.get_name()] = f"taghtia_{child._name.lower()}_{position}"
        parts.append(child._template.module.script(child))
    body = "\n".join(parts)
    for name, steady in names.items():
        body = body.replace(name, steady)
    m._children.clear()
    m.location = list(FRAME_CENTRE)
    # a later rerun may cluster centres: the frame loads the clusters' style from the start
    m.default_css = list(dict.fromkeys([*m.default_css, *(
        (name, f"{maps.STATIC_URL}/{path}") for name, path in maps.CLUSTER_CSS)]))
    if maps.script_bundle() is None:  # the runtime's files, clusters' script included
        m.default_js = [*m.default_js, (maps.CLUSTER_JS[0],
                                        f"{maps.STATIC_URL}/{maps.CLUSTER_JS[1]}")]
    return m, RerunLayers(body)
