"""Files: discover the paths to lint and read them, bounded (encodings, notebooks, ignore files).
Takes paths and settings; hands SourceFiles and FileErrors to the engine; imports only base modules."""
