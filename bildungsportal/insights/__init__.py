"""Bildungsmonitoring: supply, demand, gaps, goals and measures. Nothing imports this app."""
