"""Text helpers the checks and glossary mining share: name candidates, glossary term matching,
name similarity, numbers, which spellings English knows, and the names of places.

They know nothing of the run's stages: no module here imports load, align, score,
checks, report or anything later.
"""
