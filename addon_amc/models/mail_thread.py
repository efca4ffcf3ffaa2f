# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..lib.mail_headers import is_auto_submitted

#: context key set while an automatic email (an out-of-office, a mail server's notice) is routed
AUTO_SUBMITTED_CONTEXT = "amc_auto_submitted"


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _message_route_process(self, message, message_dict, routes):
        """The gateway reads no Auto-Submitted header: say it to the support request that gets the mail, which
        neither acknowledges it nor takes it as the customer's answer (``amc_request_mail``)."""
        if is_auto_submitted(message.get):
            self = self.with_context(**{AUTO_SUBMITTED_CONTEXT: True})
        return super()._message_route_process(message, message_dict, routes)
