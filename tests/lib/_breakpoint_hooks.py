# Helper for sys_extras.py: functions that PYTHONBREAKPOINT names.
calls = []


def hook(*args, **kwargs):
    calls.append((args, sorted(kwargs.items())))
    print("   _breakpoint_hooks.hook called:", args, sorted(kwargs.items()))
    return "from hook"


def failing_hook(*args):
    raise KeyError("hook failed")


class Namespace:
    @staticmethod
    def nested(*args):
        print("   Namespace.nested called:", args)
        return len(args)


not_callable = 42
