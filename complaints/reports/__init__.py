"""Supervisor reports: the monthly summary, profiling review, trend and exports."""
