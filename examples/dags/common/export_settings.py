"""Where each team's exports land: shared by the export DAGs of the finance and sales teams."""
from airflow.models import Variable


def export_settings(team):
    """The bucket, prefix and retention of a team's exports, from the deployment's Variables."""
    return {
        "bucket": Variable.get(f"{team}_export_bucket"),
        "prefix": Variable.get("export_prefix"),
        "retention_days": int(Variable.get("export_retention_days")),
    }
