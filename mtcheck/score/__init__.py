"""Scoring: sacrebleu's BLEU, chrF and TER with embedding similarity per segment, document
and system (metrics), and the systems compared with paired significance tests (comparison)."""
