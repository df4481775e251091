"""Named tuples for the interpreter's own records (`sys.version_info`, `sys.float_info`)."""


def make(typename, module, fields):
    def __new__(cls, seq):
        seq = tuple(seq)
        if len(seq) != len(fields):
            raise TypeError(f"{module}.{typename}() takes a {len(fields)}-sequence ({len(seq)}-sequence given)")
        return tuple.__new__(cls, seq)

    def __repr__(self):
        parts = ", ".join(f"{name}={value!r}" for name, value in zip(fields, self))
        return f"{module}.{typename}({parts})"

    def __reduce__(self):
        return (type(self), (tuple(self),))

    namespace = {
        "__new__": __new__,
        "__repr__": __repr__,
        "__reduce__": __reduce__,
        "n_fields": len(fields),
        "n_sequence_fields": len(fields),
        "n_unnamed_fields": 0,
        "__module__": module,
    }
    for index, name in enumerate(fields):
        namespace[name] = property(lambda self, index=index: self[index])
    return type(typename, (tuple,), namespace)
