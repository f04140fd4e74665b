"""APIs: what noiselint knows about the Keras and TensorFlow APIs it reads (the dropout APIs and
their parameters, TF 1 names).
Plain tables; imports nothing of noiselint but base modules, so every stage may read them."""
