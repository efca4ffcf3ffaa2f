# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The dashboard's one contract: a list of sections of cards and rows.

``amc.agreement.get_dashboard_data()`` returns ``{"total", "create_action",
"sections"}``; each feature's ``_get_dashboard_sections(today)`` override appends
its own sections, built with the functions below. The server decides every
label, formatted value, tone and action; the client (ts_src/components/
dashboard_section) only displays them. The shapes are fixed: every key is always
present (``False`` when unused), so the TypeScript types in
ts_src/lib/dashboard_model.ts and the contract fixture
test/fixtures/dashboard_payload.json stay one description.

Pure Python (stdlib only): no ``odoo`` import.
"""

from __future__ import annotations

__all__ = [
    "NO_VALUE",
    "badge",
    "card",
    "cell",
    "column",
    "compliance_tone",
    "count_tone",
    "days_left_tone",
    "form_action",
    "percent_label",
    "row",
    "section",
    "share",
    "xml_action",
]

#: Bootstrap contextual colours a card, badge or row may take.
TONES = ("secondary", "success", "warning", "danger", "info", "primary", "muted")
#: Column widths of a section in the dashboard grid.
WIDTHS = ("full", "two_thirds", "half", "third")
#: Shown instead of a value that was not measured.
NO_VALUE = "\u2014"
#: Compliance at or above which it is good, and below which it is poor.
COMPLIANCE_GOOD_PERCENT = 95
COMPLIANCE_POOR_PERCENT = 80


def _tone(tone):
    if tone not in TONES:
        raise ValueError(f"unknown tone {tone!r}")
    return tone


def xml_action(xml_id: str, **context) -> dict:
    """A window action by xml id, opened with ``context`` (search defaults, ...)."""
    return {"xml_id": xml_id, "context": context}


def form_action(model: str, res_id: int | bool = False) -> dict:
    """The form of one record (of a new one without ``res_id``)."""
    action = {"type": "ir.actions.act_window", "res_model": model, "views": [[False, "form"]], "target": "current"}
    if res_id:
        action["res_id"] = res_id
    return action


def card(
    key: str,
    label: str,
    value: float | None,
    formatted: str,
    *,
    tone: str = "secondary",
    icon: str | bool = False,
    action: dict | bool = False,
    hint: str | bool = False,
    share: float | bool = False,
) -> dict:
    """One figure: ``value`` (``None`` when not measured) shown as ``formatted``.

    ``hint``: a line under the figure; ``share``: its part (0-100) in the
    section's proportion bar (sections with ``bar``).
    """
    return {
        "key": key,
        "label": label,
        "value": value,
        "formatted": formatted,
        "tone": _tone(tone),
        "icon": icon,
        "action": action,
        "hint": hint,
        "share": share,
    }


def column(key: str, label: str, *, align: str = "start") -> dict:
    if align not in ("start", "end"):
        raise ValueError(f"unknown alignment {align!r}")
    return {"key": key, "label": label, "align": align}


def cell(text: str, *, tone: str | bool = False, note: str | bool = False) -> dict:
    """A table cell: ``text``, as a badge when ``tone`` is given, ``note`` in small print under it."""
    return {"text": text or "", "tone": _tone(tone) if tone else False, "note": note or False}


def row(key: int | str, cells: list, *, action: dict | bool = False, tone: str | bool = False) -> dict:
    """A table row; ``tone`` colours the whole row (``table-<tone>``)."""
    return {
        "key": str(key),
        "cells": [value if isinstance(value, dict) else cell(value) for value in cells],
        "action": action,
        "tone": _tone(tone) if tone else False,
    }


def section(
    key: str,
    sequence: int,
    title: str,
    *,
    icon: str | bool = False,
    width: str = "full",
    subtitle: str | bool = False,
    badge: dict | bool = False,
    action: dict | bool = False,
    cards: list | tuple = (),
    bar: bool = False,
    columns: list | tuple = (),
    rows: list | tuple = (),
    empty: str | bool = False,
    more: dict | bool = False,
    footer: str | bool = False,
    widget: str | bool = False,
    widget_data: dict | bool = False,
) -> dict:
    """One section of the dashboard.

    ``badge``: ``{"text", "tone"}`` in the header; ``action``: what clicking the
    header opens; ``empty``: said when there are neither cards nor rows;
    ``more``: ``{"label", "action"}`` under the table; ``widget``: the name of a
    component of its own (e.g. ``burndown``) fed with ``widget_data``.
    """
    if width not in WIDTHS:
        raise ValueError(f"unknown width {width!r}")
    if rows and len(columns) != len(rows[0]["cells"]):
        raise ValueError(f"section {key}: {len(columns)} columns, {len(rows[0]['cells'])} cells")
    return {
        "key": key,
        "sequence": sequence,
        "title": title,
        "icon": icon,
        "width": width,
        "subtitle": subtitle,
        "badge": badge,
        "action": action,
        "cards": list(cards),
        "bar": bar,
        "columns": list(columns),
        "rows": list(rows),
        "empty": empty,
        "more": more,
        "footer": footer,
        "widget": widget,
        "widget_data": widget_data,
    }


def badge(text, tone: str) -> dict:
    return {"text": str(text), "tone": _tone(tone)}


def count_tone(count: int, tone: str) -> str:
    """``tone`` when there is any, grey otherwise."""
    return tone if count else "secondary"


def days_left_tone(days_left: int) -> str:
    """A week or less is urgent, a month a warning."""
    if days_left <= 7:
        return "danger"
    return "warning" if days_left <= 30 else "info"


def compliance_tone(percent: float | None) -> str:
    if percent is None:
        return "secondary"
    if percent >= COMPLIANCE_GOOD_PERCENT:
        return "success"
    return "warning" if percent >= COMPLIANCE_POOR_PERCENT else "danger"


def percent_label(percent: float | None) -> str:
    """A share, whole: ``93 %``; never rounded up to 100 % while something was
    missed, nor down to 0 % while something was met; ``—`` when not measured."""
    if percent is None:
        return NO_VALUE
    if 0 < percent < 100:
        percent = min(max(round(percent), 1), 99)
    return f"{round(min(max(percent, 0), 100))} %"


def share(part: float, total: float) -> float:
    """``part`` in percent of ``total`` (two decimals), 0 without a total."""
    return round(100.0 * max(part, 0) / total, 2) if total > 0 else 0.0
