"""Statistics for trends, alerts, hotspots and evaluation (pure, no Django)."""
