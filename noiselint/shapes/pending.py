"""The signal that a file waits for the run's shape process (apart from specs.py, which
imports libcst: the runner catches it on every run, the warm one too)."""


class ShapesPending(BaseException):
    """The file needs Keras's answers while the run's shape process is still importing
    Keras: the runner hands the file out again later and the worker takes the next one.
    A BaseException, so that no `except Exception` on the way turns it into a finding."""
