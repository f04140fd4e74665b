"""Syntax: one file's text to a parsed module (pre-check, prefilter, reduce, libcst parse, scopes,
rows, names).
Takes a SourceFile from files/; hands ParsedModule to values/ and later stages; imports only
files/, apis/ and the base modules."""
