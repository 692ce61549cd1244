"""A trigger that waits for a partner's export to be acknowledged, deferred from the export DAG.

Kept in the DAG folder (next to the dags that defer to it), so the DAG processor and DAG Guard
both read it. DG401 reports the calls that block the triggerer's event loop.
"""
import time

import requests
from airflow.triggers.base import BaseTrigger, TriggerEvent


class ExportAcknowledgedTrigger(BaseTrigger):
    def __init__(self, export_id: str, poll_interval: float = 60.0):
        super().__init__()
        self.export_id = export_id
        self.poll_interval = poll_interval

    def serialize(self):
        return (
            "triggers.export_ready.ExportAcknowledgedTrigger",
            {"export_id": self.export_id, "poll_interval": self.poll_interval},
        )

    async def run(self):
        while True:
            # DG401: a synchronous HTTP call in the event loop.
            response = requests.get(f"https://partner.example.com/exports/{self.export_id}", timeout=30)
            if response.json().get("acknowledged"):
                yield TriggerEvent({"export_id": self.export_id, "status": "acknowledged"})
                return
            # DG401: stalls every trigger of the triggerer (fix: await asyncio.sleep).
            time.sleep(self.poll_interval)
