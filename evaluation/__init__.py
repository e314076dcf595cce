"""conflictkg.evaluation: precision and recall of the extractor against expected graphs."""
