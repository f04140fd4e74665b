"""The model interpreter: reads model code statement by statement into the networkx model graph."""
