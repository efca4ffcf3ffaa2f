# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shares shown as percentages, one rule for every figure of the module.

Pure Python (stdlib only): imported by the Odoo models as
``from ..lib import ratios`` and by the plain unittest suite in ``test/``.
"""

from __future__ import annotations

__all__ = ["compliance_percent"]


def compliance_percent(on_time: int, total: int) -> float | None:
    """Share of ``total`` done on time, in percent rounded to one decimal;
    ``None`` when nothing was measured (``total <= 0``).

    The SLA compliance (met among met and breached) and the patch compliance
    (applied on time among all patches) both use it.
    """
    if total <= 0:
        return None
    return round(on_time * 100.0 / total, 1)
