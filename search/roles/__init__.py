"""The role classifier: which position a municipality gave MEE, from sentences about MEE, with evidence."""
