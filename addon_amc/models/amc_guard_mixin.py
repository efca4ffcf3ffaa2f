# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The server-side guard of every model of the module.

A view's ``readonly``, ``domain`` or ``invisible`` protects nothing against a
direct JSON-RPC or ``/json/2/`` call, so every model of the module inherits
``amc.guard.mixin``, which decides on the server, for ``create``, ``write`` and
``copy`` alike:

* **Fields only the module writes.** A field of this module that Odoo considers
  read-only (related fields, computed fields without an inverse, and fields
  declared ``readonly=True``) is set by the module as superuser, never by a
  user: a user's ``create`` or ``write`` that names one is refused with an
  ``AccessError``. ``default_<field>`` context keys for such fields are ignored
  (Odoo hands a form's context down to the lines created inside it, so they
  cannot be refused without breaking normal forms). :data:`USER_WRITABLE` is the
  one list of exceptions.
* **Bounded input.** Every number a user types is finite and within the bounds
  declared on its field (``amc_bounds=(low, high)``), or within the bounds of its
  column type; a NUL character in a text is refused. Both with a
  ``ValidationError`` that names the field.
* **The result obeys the record rules.** Odoo checks the record rules on a record
  before a write, not after: an agent could otherwise move a request to another
  company's agreement, or hand their time entry to a colleague. After a user's
  write that changes a link (every record rule of the module follows links), the
  records are checked against the rules again.
"""

import math

from odoo import api, models
from odoo.exceptions import AccessError, ValidationError

from ..lib.limits import FLOAT_LIMIT, INT4_MAX

#: The one list of exceptions: read-only fields (for Odoo) that users may set anyway.
#: ``{model: {field, ...}}``.
USER_WRITABLE = {
    # given with a new scope by the agent who overrides it (amc_request_scope.write checks the pair)
    "amc.request": frozenset({"scope_override_reason"}),
}

NUMERIC_TYPES = ("integer", "float", "monetary")
TEXT_TYPES = ("char", "text", "html", "selection")


def _without(context, keys):
    """``context`` less ``keys`` (``with_context`` can add and change keys, not remove them)."""
    return {key: value for key, value in context.items() if key not in keys}


class AmcVetted:
    """Proof, that only Python code can give, that a ``create``'s values were checked.

    An override that completes the values with fields only the module writes
    checks the caller's values first and gets a vetted recordset
    (:meth:`AmcGuardMixin._amc_vet`), then passes the completed list on with it. JSON cannot
    produce this object, and it vouches only for these very dictionaries of this
    model, so it cannot be forged over RPC nor leak into nested creates.
    """

    __slots__ = ("ids", "model")

    KEY = "amc_guard_vetted"

    def __init__(self, model, vals_list):
        self.model = model
        self.ids = frozenset(id(vals) for vals in vals_list)

    def covers(self, model, vals_list):
        return model == self.model and all(id(vals) in self.ids for vals in vals_list)


class AmcGuardMixin(models.AbstractModel):
    _name = "amc.guard.mixin"
    _description = "Support: server-side guard of fields and input"
    # every check_company link is checked on create and write (Odoo's own means)
    _check_company_auto = True

    @api.model
    def _valid_field_parameter(self, field, name):
        # amc_bounds=(low, high): the inclusive range of a number a user may type
        return name == "amc_bounds" or super()._valid_field_parameter(field, name)

    @api.model
    def _amc_protected_fields(self):
        """Names of the fields of this model that only the module writes."""
        cls = type(self)
        protected = cls.__dict__.get("_amc_protected_cache")
        if protected is None:
            writable = USER_WRITABLE.get(self._name, ())
            protected = frozenset(
                name
                for name, field in self._fields.items()
                if field._module == "addon_amc"
                and field.readonly
                and name not in models.MAGIC_COLUMNS
                and name != "display_name"
                and name not in writable
            )
            cls._amc_protected_cache = protected
        return protected

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _amc_check_vals(self, vals_list):
        """Refuse protected fields (users only), unbounded numbers and NUL characters (everyone)."""
        protected = frozenset() if self.env.su else self._amc_protected_fields()
        forbidden = set()
        for vals in vals_list:
            for name, value in vals.items():
                field = self._fields.get(name)
                if field is None:
                    continue
                if name in protected:
                    forbidden.add(name)
                elif field.type in NUMERIC_TYPES:
                    self._amc_check_number(field, value)
                elif field.type in TEXT_TYPES and isinstance(value, str) and "\x00" in value:
                    raise ValidationError(
                        self.env._(
                            "%(field)s contains a NUL character, which cannot be stored. Remove it and try again.",
                            field=field._description_string(self.env),
                        )
                    )
        if forbidden:
            labels = sorted(f"{self._fields[name]._description_string(self.env)} ({name})" for name in forbidden)
            raise AccessError(
                self.env._(
                    "These fields of %(model)s are set by the Support app itself and cannot be written: %(fields)s",
                    model=self._description,
                    fields=", ".join(labels),
                )
            )

    def _amc_vet(self, vals_list):
        """Check the caller's values once; return ``self`` vouching for these very dictionaries.

        A ``create`` override that completes the values with fields only the module writes
        (a reference, a classification) calls this first, then passes the completed values on
        with the returned recordset: the layers below, and this mixin, take them as checked.
        """
        vetted = self.env.context.get(AmcVetted.KEY)
        if isinstance(vetted, AmcVetted) and vetted.covers(self._name, vals_list):
            return self
        self._amc_check_vals(vals_list)
        return self.with_context(**{AmcVetted.KEY: AmcVetted(self._name, vals_list)})

    @api.model
    def _amc_bounds(self, field):
        """``(low, high)``: the field's ``amc_bounds``, where ``None`` leaves the column's own limit.

        A lower bound of ``None`` leaves positivity to the field's constraint and its message.
        """
        limit = INT4_MAX if field.type == "integer" else FLOAT_LIMIT
        low, high = getattr(field, "amc_bounds", None) or (None, None)
        return (-limit if low is None else low, limit if high is None else high)

    def _amc_check_number(self, field, value):
        if value is None or value is False:
            return
        label = field._description_string(self.env)
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            raise ValidationError(
                self.env._("%(field)s must be a number (it was %(value)r).", field=label, value=value)
            ) from None
        if not math.isfinite(number):
            raise ValidationError(
                self.env._("%(field)s must be a finite number (it was %(value)s).", field=label, value=value)
            )
        low, high = self._amc_bounds(field)
        if number > high:
            raise ValidationError(
                self.env._(
                    "%(field)s must be at most %(high)s (it was %(value)s).",
                    field=label,
                    high=f"{high:g}",
                    value=f"{number:g}",
                )
            )
        if number < low:
            raise ValidationError(
                self.env._(
                    "%(field)s must be at least %(low)s (it was %(value)s).",
                    field=label,
                    low=f"{low:g}",
                    value=f"{number:g}",
                )
            )

    def _amc_check_rules(self, operation):
        """The records as they are now must still obey the record rules (the result, not the origin)."""
        if not self.env.su and self:
            self.check_access(operation)

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vetted = self.env.context.get(AmcVetted.KEY)
        if vetted is not None:
            # never handed down to the creates this one makes (lines, mail, logs)
            self = self.with_env(self.env(context=_without(self.env.context, {AmcVetted.KEY})))
        if not (isinstance(vetted, AmcVetted) and vetted.covers(self._name, vals_list)):
            self._amc_check_vals(vals_list)
        if not self.env.su:
            protected = self._amc_protected_fields()
            ignored = [key for key in self.env.context if key.startswith("default_") and key[8:] in protected]
            if ignored:
                self = self.with_env(self.env(context=_without(self.env.context, ignored)))
        return super().create(vals_list)

    def write(self, vals):
        self._amc_check_vals([vals])
        result = super().write(vals)
        if any(self._fields[name].type == "many2one" for name in vals if name in self._fields):
            self._amc_check_rules("write")
        return result

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if not self.env.su:
            protected = self._amc_protected_fields()
            explicit = set(default or ())
            for vals in vals_list:
                for name in protected & vals.keys() - explicit:
                    del vals[name]
        return vals_list
