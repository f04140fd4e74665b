"""Sites: the calls of the dropout APIs in a parsed module, with their arguments bound, and `._keras_shape` reads.
Takes a ParsedModule; hands Sites to model/ (which makes them graph nodes) and to the dropout rules."""
