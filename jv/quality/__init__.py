"""The quality gate: which pages exist, and the tools the quality tests share.

Not a Django app (nothing to install); its tests live in ``jv/quality/tests``.
"""
