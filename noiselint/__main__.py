import sys

# Before any other import: the linted tree must not shadow a module noiselint (or Keras,
# TensorFlow, NumPy...) imports. `noiselint/__init__.py` imports nothing heavy, for this.
from noiselint.import_path import drop_untrusted_paths

drop_untrusted_paths(sys.argv[1:])

# Then what the console script runs: the CPU sample before the imports (noiselint/console.py).
from noiselint.console import main  # noqa: E402

sys.exit(main())
