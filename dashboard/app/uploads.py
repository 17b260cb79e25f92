"""The Data page's upload section (editors only): pick files, map unknown headers, check
them, then save them as a version (:mod:`dashboard.app.store_panel`).

Uploaded files are untrusted: they are read in a worker process bounded in time and memory
(:func:`dashboard.app.datasets.load_upload`), once per content — the check of a set of files
is kept in the session, keyed by the SHA-256 of their bytes and the column mappings, and a
rerun never reads them again; the headers offered for mapping come from the first rows
only. A file over a limit gives one line in the page's language naming the limit and the
way out. "Back to the default data" forgets the uploads, their checks and the widgets
holding their bytes.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from dashboard.app import cache, datasets, store_panel
from dashboard.app.session import lang as view_lang
from dashboard.app.session import scoped, update
from dashboard.i18n import error_text, t
from dashboard.i18n.labels import SEVERITIES, UPLOAD_LABELS, label_of
from loaders.columns import CENTRE_FIELDS, FUNDING_FIELDS
from loaders.errors import HeaderError, TaghtiaError

FILE_TYPES = ["csv", "txt", "xlsx", "xls", "ods", "geojson", "json", "gpkg"]
CHECKED_KEY = "data.checked"  # upload_key -> Dataset: the checks of this session
HEADERS_KEY = "data.headers"  # (sha256, name) -> headers of the first rows
DIGESTS_KEY = "data.digests"  # uploader file_id -> sha256
ROUND_KEY = "data.upload_round"  # bumped on reset: new, empty file widgets
KEPT_CHECKS = 2


def forget_uploads() -> None:
    """Drop this session's uploads: their checks, headers, digests and file widgets."""
    for key in (CHECKED_KEY, HEADERS_KEY, DIGESTS_KEY, "data.error", "data.header_error"):
        st.session_state.pop(key, None)
    st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1


def _digest(file) -> str:
    digests = st.session_state.setdefault(DIGESTS_KEY, {})
    if file.file_id not in digests:
        digests[file.file_id] = hashlib.sha256(file.getvalue()).hexdigest()
    return digests[file.file_id]


def _headers(content: bytes, digest: str, name: str) -> list[str]:
    found = st.session_state.setdefault(HEADERS_KEY, {})
    if (digest, name) not in found:
        try:
            found[(digest, name)] = datasets.upload_headers(content, name)
        except TaghtiaError:
            found[(digest, name)] = []
    return found[(digest, name)]


def _upload_key(uploads: dict) -> str:
    """The key of the check of ``uploads`` with the session's column mappings."""
    centres_sha = uploads["centres"][2] if "centres" in uploads else None
    funding_sha = uploads["funding"][2] if "funding" in uploads else None
    return datasets.upload_key(centres_sha, funding_sha,
                               st.session_state.get("data.centres_map"),
                               st.session_state.get("data.funding_map"))


def _check(uploads: dict, lang: str) -> None:
    """Check the uploaded files (once per content and mapping) and make them the session's
    dataset; a file that cannot be read is said after the rerun."""
    (centres_bytes, centres_name, _) = uploads["centres"]
    funding_bytes, funding_name, _ = uploads.get("funding", (None, None, None))
    centres_map = st.session_state.get("data.centres_map")
    funding_map = st.session_state.get("data.funding_map")
    key = _upload_key(uploads)
    checked = st.session_state.setdefault(CHECKED_KEY, {})
    loaded = checked.get(key)
    if loaded is None:
        try:
            with st.status(t("Reading and checking the files…", lang), expanded=False) as status:
                loaded = datasets.load_upload(
                    centres_bytes, funding_bytes, centres_name=centres_name,
                    funding_name=funding_name, centres_map=centres_map,
                    funding_map=funding_map)
                status.update(label=t("Files read and checked.", lang), state="complete")
        except TaghtiaError as error:  # shown after the rerun, with the column mapping
            st.session_state["data.error"] = error_text(error, lang)
            st.session_state["data.header_error"] = (centres_name if isinstance(
                error, HeaderError) else None)
            st.rerun()
        for old in list(checked)[:max(0, len(checked) - KEPT_CHECKS + 1)]:
            checked.pop(old)
        checked[key] = loaded
    st.session_state.pop("data.error", None)
    st.session_state["data.header_error"] = None
    st.session_state["data.centres_recognised"] = loaded.centres.columns
    if loaded.funding is not None:
        st.session_state["data.funding_recognised"] = loaded.funding.columns
    cache.use_dataset(loaded)
    st.rerun()


def _mapping(kind: str, fields, unknown: list[str], lang: str) -> None:
    with st.expander(t("Unrecognised columns: map them to a field", lang), expanded=True):
        mapping = {field: header for field, header in st.session_state.get(
            f"data.{kind}_map", {}).items() if header not in unknown}  # kept choices
        for header in unknown:
            choice = st.selectbox(t('Field for "{header}"', lang, header=header), ["", *fields],
                                  key=scoped(f"data.{kind}_map.{header}"),
                                  format_func=lambda f: f or t("(ignore)", lang))
            if choice:
                mapping[choice] = header
        st.session_state[f"data.{kind}_map"] = mapping


def upload_section(lang: str, current) -> bool:
    """File pickers, the column mapping, "check these files" and the save step.

    Returns
    -------
    bool
        True while the files in the pickers (with their column mappings) have not been
        checked: the validation report below, of other files, is then hidden until they are.
    """
    st.header(t("Upload files", lang))
    uploads: dict[str, tuple[bytes, str, str]] = {}
    round_ = st.session_state.get(ROUND_KEY, 0)
    columns = st.columns(2)
    for column, kind, fields in ((columns[0], "centres", CENTRE_FIELDS),
                                 (columns[1], "funding", FUNDING_FIELDS)):
        with column:
            file = st.file_uploader(label_of(UPLOAD_LABELS, kind, lang), type=FILE_TYPES,
                                    key=f"data.{kind}_file.{round_}")
            if file is None:
                continue
            content, digest = file.getvalue(), _digest(file)
            uploads[kind] = (content, file.name, digest)
            recognised = st.session_state.get(f"data.{kind}_recognised", {})
            header_error = st.session_state.get("data.header_error") == file.name
            if not (recognised or header_error):
                continue  # nothing to map before a first check
            known = {str(h).strip() for h in recognised.values()}
            unknown = [h for h in _headers(content, digest, file.name) if h not in known]
            if unknown:
                _mapping(kind, fields, unknown, lang)

    buttons = st.columns(2)
    if buttons[0].button(t("Check these files", lang), type="primary",
                         disabled="centres" not in uploads):
        _check(uploads, lang)
    if st.session_state.get("data.error") and "centres" in uploads:
        st.error(t("File cannot be read: {message}", lang, message=st.session_state["data.error"]))
    if not current.is_demo or cache.DATASET_KEY in st.session_state:
        buttons[1].button(t("Back to the default data", lang), on_click=reset_dataset)
    if cache.DATASET_KEY in st.session_state:  # checked, not saved yet
        store_panel.save_upload(lang, current)
    return bool(uploads) and _upload_key(uploads) not in st.session_state.get(CHECKED_KEY, {})


def reset_dataset() -> None:
    """Back to the default dataset (callback of the Data page); this session's uploads and
    their checks are forgotten (their memory freed)."""
    cache.use_dataset(None)
    forget_uploads()
    update(dataset=None)
    for key in ("data.centres_recognised", "data.funding_recognised", "data.centres_map",
                "data.funding_map"):
        st.session_state.pop(key, None)


def filtered_issues(issues: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Validation issues filtered by severity and by problem (widgets on the Data page)."""
    if issues.empty:
        return issues
    lang_ = view_lang()
    columns = st.columns([1, 2])
    severity = columns[0].radio(
        t("Severity", lang_), ["all", "error", "warning"], horizontal=True,
        key=scoped(f"data.{kind}_severity"), format_func=lambda s: label_of(SEVERITIES, s, lang_))
    problems = sorted(issues["problem"].astype(str).unique())
    chosen = columns[1].multiselect(t("Filter by problem", lang_), problems,
                                    key=scoped(f"data.{kind}_problems"),
                                    placeholder=t("all", lang_))
    shown = issues
    if severity != "all":
        shown = shown[shown["severity"] == severity]
    if chosen:
        shown = shown[shown["problem"].astype(str).isin(chosen)]
    return shown.reset_index(drop=True)
