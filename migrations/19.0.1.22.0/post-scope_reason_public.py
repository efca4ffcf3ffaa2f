# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.22.0: the portal shows a request's ``scope_reason_public``, the reason without earlier decisions.

A learned reason named other requests (often another customer's) and the agent who decided them
(``like SR-00031, overridden to billable by Anna``), and the portal showed it as it was. New
classifications store both lines. Existing requests get theirs from the stored reason, without
classifying again (that would give today's answer, not the one the request was given):

* a rule's reason, or an undecided one, names no decision: the same line;
* a learned reason keeps what comes before its first decision (``; like …``);
* a reason that follows a decision (``follows SR-…``, in any installed language) starts with the
  request it followed: no line, and the portal shows the scope alone.
"""

from odoo import SUPERUSER_ID, api

BATCH = 1000


def public_reason(reason, source, follows_prefixes):
    """The customer's line of a stored ``reason`` given by ``source`` (None: none)."""
    if not reason:
        return None
    if source != "model":
        return reason
    first = reason.split("; ")[0]
    if any(first.startswith(prefix) for prefix in follows_prefixes):
        return None
    return first


def follows_prefixes(env):
    prefixes = set()
    for code in env["res.lang"].search([]).mapped("code"):
        templates = env["amc.request"].with_context(lang=code)._scope_model_templates()
        for key in ("follows", "follows_no_user"):
            prefix = templates[key].split("{ref}")[0]
            if prefix.strip():
                prefixes.add(prefix)
    return tuple(sorted(prefixes))


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    prefixes = follows_prefixes(env)
    cr.execute(
        "SELECT id, scope_reason, scope_source FROM amc_request "
        "WHERE scope_reason IS NOT NULL AND scope_reason_public IS NULL ORDER BY id"
    )
    rows = [(rid, public_reason(reason, source, prefixes)) for rid, reason, source in cr.fetchall()]
    rows = [(rid, line) for rid, line in rows if line]
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        cr.execute(
            "UPDATE amc_request AS r SET scope_reason_public = v.line "
            "FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::varchar[]) AS line) AS v WHERE r.id = v.id",
            ([rid for rid, _line in batch], [line for _rid, line in batch]),
        )
    env["amc.request"].invalidate_model(["scope_reason_public"])
