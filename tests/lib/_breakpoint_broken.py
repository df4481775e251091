# Helper for sys_extras.py: a module whose import fails with an error that is not ImportError.
raise ValueError("broken helper module")
