"""Layer shapes: the allow-listed layer catalogue, the Keras shape oracle, its cache and the facts rules read."""
