"""Improvement projects as data: charters, measures, change ideas, PDSA cycles, scores.

Start with :func:`qi.load_project` / :func:`qi.load_portfolio` (``qi.project.store``); the
models are in ``qi.project.model``, the fidelity check in ``qi.project.pdsa``, scales and the
evidence check in ``qi.project.scales`` and ``qi.project.evidence``.
"""
