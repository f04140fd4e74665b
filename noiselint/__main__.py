import sys

# Before any other import: the linted tree must not shadow a module noiselint (or Keras,
# TensorFlow, NumPy...) imports. `noiselint/__init__.py` imports nothing heavy, for this.
from noiselint.import_path import drop_untrusted_paths

drop_untrusted_paths(sys.argv[1:])

# The idle CPUs (`--jobs`) are measured over the imports and the finding of the files, not over a sleep.
from noiselint.workers import load_sample  # noqa: E402

started = load_sample()

from noiselint import heap  # noqa: E402

with heap.importing():
    from noiselint.cli import main

sys.exit(main(started=started))
