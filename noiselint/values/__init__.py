"""Values: the static value of an expression without running it (the one evaluator, narrowing by
guards, configs, shape ops).
Takes a ParsedModule; hands Value objects (Const, Seq, Unknown, ...) to project/, model/ and
checks/."""
