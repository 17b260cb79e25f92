"""Download buttons of the board report, the board pack and map pictures (files built only
when clicked).

The deck is built by :func:`dashboard.app.cache.board_pack` (cached per dataset, territory,
language and filters); a map picture is drawn from the page's own :class:`MapSpec` (the
same colours, legend and centres as on screen) by :mod:`dashboard.reports.map_image`.
"""

from __future__ import annotations

import streamlit as st

from dashboard.app import cache, maps, reference
from dashboard.app.export_names import current_stem, dated
from dashboard.calc.indicators import Filters
from dashboard.i18n import t

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def report_download(within: str | None, filters: Filters, language: str) -> None:
    """The territory's board report (PDF, ``language``), built when clicked."""
    dataset = cache.dataset()

    def pdf() -> bytes:
        from dashboard.reports.pdf import build_report  # its modules: when asked for

        return build_report(dataset.centres_frame, dataset.funding_frame, within, language,
                            filters, dataset_label=None if dataset.is_demo else dataset.name,
                            illustrative=dataset.is_demo, provinces=dataset.provinces)

    st.download_button(t("Board report (PDF)", language), pdf,
                       file_name=dated(current_stem("report", language), "pdf"),
                       mime="application/pdf", key="overview.report", on_click="ignore",
                       type="primary")


def deck_download(within: str | None, filters: Filters, lang: str) -> None:
    """The territory's board pack (PowerPoint, ``lang``), built when clicked."""
    st.download_button(t("Board pack (PowerPoint)", lang),
                       lambda: cache.board_pack(within, lang, filters),
                       file_name=dated(current_stem("deck", lang), "pptx"), mime=PPTX_MIME,
                       key="overview.deck", on_click="ignore")


def map_png(spec: maps.MapSpec, lang: str, territory: str | None, filters: str = "") -> bytes:
    """The map of ``spec`` as a PNG picture with title, legend, scale bar and source line;
    ``filters`` (the active filters in one line) under the title, "Filters: none" when
    empty."""
    from dashboard.reports.map_image import picture_of_colours, render_map_image

    terr = reference.territories()
    codes = [code for code in spec.styles if code in terr.units]
    unit_level = terr.level_of(codes[0]) if codes else "commune"
    name = terr.name(territory, lang)
    title = f"{spec.legend_title} — {name}" if spec.legend_title else name
    legend = [(entry.colour, entry.label) for entry in spec.legend_entries
              if entry.shape == "square"]
    points = tuple((p.longitude, p.latitude, p.colour) for p in (*spec.points, *spec.sites))
    picture = picture_of_colours(territory, terr.level_of(territory), unit_level,
                                 {code: style[0] for code, style in spec.styles.items()},
                                 title=title, legend_title=spec.legend_title, legend=legend,
                                 subtitle=t("Filters: {filters}", lang,
                                            filters=filters or t("none", lang)),
                                 note=spec.legend_note, points=points,
                                 points_label=t("Centre kept by the filters", lang))
    dataset = cache.dataset()
    label = t("illustrative demo", lang) if dataset.is_demo else dataset.name
    return render_map_image(picture, lang, source=label)


def map_image_button(container, spec: maps.MapSpec, key: str, lang: str,
                     territory: str | None) -> None:
    """"Download image (PNG)" of a page's map, drawn when clicked; the active filters under
    its title (read now: the picture is drawn outside the page's run)."""
    from dashboard.app import filter_chips
    from dashboard.app.session import current

    filters = filter_chips.filters_line(current(), lang, filter_chips.partner_names(current()))
    container.download_button(t("Download image (PNG)", lang),
                              lambda: map_png(spec, lang, territory, filters),
                              file_name=dated(current_stem(*key.split(".", 1)), "png"),
                              mime="image/png", key=f"{key}.png", on_click="ignore")
