"""Render stage: pages of positioned items → PDF bytes (ReportLab)."""

from .pdf import render_pdf

__all__ = ["render_pdf"]
