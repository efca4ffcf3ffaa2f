# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The bounds of a stored number, in one place: the models' guard refuses a value beyond them
(``amc_guard_mixin``), and the endpoints' parsers (``instance_schema``, the backup report) refuse
it first, with a 400 and a message, instead of a value the guard or PostgreSQL would refuse later."""

#: An Integer field's column (PostgreSQL int4).
INT4_MAX = 2**31 - 1
#: An amount or a float without bounds of its own.
FLOAT_LIMIT = 1e12
#: Bytes in a megabyte: sizes are reported in bytes and stored in MB.
MB = 1024 * 1024
#: The largest size in bytes whose MB figure is within FLOAT_LIMIT.
MAX_BYTES = int(FLOAT_LIMIT) * MB
