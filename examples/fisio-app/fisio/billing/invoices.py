"""A small billing service with one mistake of each kind fisio-hooks finds."""

import logging

from .tax import RATE

LOG = logging.getLogger(__name__)


class InvoiceService:
    def __init__(self, db):
        self.log = LOG.getChild("invoices")
        self.invoices = db.invoices

    def unpaid(self, sub_id):
        LOG.info(f"listing unpaid invoices for {sub_id}")
        return self.invoices.find({"paid": False})

    def total(self, subscription_id):
        unpaid = self.invoices.find(
            {"info.owner.subID": subscription_id, "paid": False}
        )
        return sum(invoice["amount"] * (1 + RATE) for invoice in unpaid)
