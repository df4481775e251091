"""Named tuples for the interpreter's own records (`sys.version_info`, `os.stat_result`), with
the behaviour of CPython's struct sequences."""


def make(typename, module, fields, n_sequence=None, pickle_as_tuple=False):
    """A struct sequence class. `fields` lists the field names in order, None for an unnamed
    field; the first `n_sequence` are the tuple's items, the others attributes only. With
    `pickle_as_tuple` instances pickle as plain tuples (`datetime.IsoCalendarDate`)."""
    n_fields = len(fields)
    if n_sequence is None:
        n_sequence = n_fields
    # As CPython's tp_members: the named fields in order, which the repr pairs with the items.
    member_names = [name for name in fields if name is not None]

    def __new__(cls, seq, dict=None):
        seq = tuple(seq)
        n = len(seq)
        if n < n_sequence:
            if n_sequence == n_fields:
                msg = f"{module}.{typename}() takes a {n_sequence}-sequence ({n}-sequence given)"
            else:
                msg = f"{module}.{typename}() takes an at least {n_sequence}-sequence ({n}-sequence given)"
            raise TypeError(msg)
        if n > n_fields:
            if n_sequence == n_fields:
                msg = f"{module}.{typename}() takes a {n_fields}-sequence ({n}-sequence given)"
            else:
                msg = f"{module}.{typename}() takes an at most {n_fields}-sequence ({n}-sequence given)"
            raise TypeError(msg)
        self = tuple.__new__(cls, seq[:n_sequence])
        extra = list(seq[n_sequence:])
        for index in range(n, n_fields):
            name = fields[index]
            extra.append(dict.get(name) if dict is not None and name is not None else None)
        self._structseq_extra = tuple(extra)
        return self

    def __repr__(self):
        parts = ", ".join(f"{name}={value!r}" for name, value in zip(member_names, self))
        return f"{module}.{typename}({parts})"

    def __reduce__(self):
        if pickle_as_tuple:
            return (tuple, (tuple(self),))
        extra = {fields[n_sequence + i]: value
                 for i, value in enumerate(self._structseq_extra)
                 if fields[n_sequence + i] is not None}
        return (type(self), (tuple(self), extra))

    namespace = {
        # No instance dict: fields are read-only and no others can be added.
        "__slots__": ("_structseq_extra",),
        "__new__": __new__,
        "__repr__": __repr__,
        "__reduce__": __reduce__,
        "n_fields": n_fields,
        "n_sequence_fields": n_sequence,
        "n_unnamed_fields": n_fields - len(member_names),
        "__module__": module,
        "__match_args__": tuple(member_names[:n_sequence]),
    }
    for index, name in enumerate(fields):
        if name is None:
            continue
        if index < n_sequence:
            namespace[name] = property(lambda self, index=index: self[index])
        else:
            extra_index = index - n_sequence
            namespace[name] = property(lambda self, i=extra_index: self._structseq_extra[i])
    return type(typename, (tuple,), namespace)
