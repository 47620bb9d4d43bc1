"""The report model and its renderers: ``render_text`` for people, ``render_json`` for programs."""
from .model import CheckResult, ExerciseResult, Report, Status, Summary

__all__ = ["CheckResult", "ExerciseResult", "Report", "Status", "Summary"]
