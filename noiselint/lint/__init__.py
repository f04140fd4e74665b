"""The per-file front end: prefilter, parse, dropout sites, the expression evaluator, suppression, fixes."""
