"""Shapes: Keras's own shape inference for allow-listed layers and TF ops (formulas, oracle, cache).
Takes a layer spec or op and input shapes, never source; hands outputs or the framework's error to model/."""
