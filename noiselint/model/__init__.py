"""Model: the interpreter reads model code into the model graph, a node per layer and op call with its outcome.
Takes a ParsedModule, its evaluator and sites; asks shapes/ for each call; hands ShapeFacts to the rules."""
