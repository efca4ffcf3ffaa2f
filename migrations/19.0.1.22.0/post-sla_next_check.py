# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.22.0: a cancelled or ended agreement owes no SLA, so its requests' clocks have nothing to check.

``amc.request.sla.next_check`` now depends on the agreement's state; the stored values of the clocks of
agreements that are not active are cleared here (the cron's idle search reads only the clocks it must).
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE amc_request_sla AS clock
           SET next_check = NULL
          FROM amc_request AS request, amc_agreement AS agreement
         WHERE clock.request_id = request.id
           AND request.agreement_id = agreement.id
           AND agreement.state != 'active'
           AND clock.next_check IS NOT NULL
        """
    )
