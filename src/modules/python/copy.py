"""Shallow and deep copy operations (Heron's copy module)."""


class Error(Exception):
    pass


error = Error

__all__ = ["Error", "copy", "deepcopy"]


def _f():
    pass


# Types whose instances are immutable (or identity-only) and so are their own copies.
_atomic = (
    type(None), int, float, bool, complex, str, bytes, range, type, type(_f), type(len),
    type(Ellipsis), type(NotImplemented), property, frozenset, tuple, slice,
)

del _f


def copy(x):
    """Shallow copy operation on arbitrary Python objects."""
    cls = type(x)
    if cls in _atomic:
        return x
    if cls is list or cls is dict or cls is set or cls is bytearray:
        return x.copy()
    if issubclass(cls, type):
        return x
    copier = getattr(cls, "__copy__", None)
    if copier is not None:
        return copier(x)
    return _reconstruct(x, None, None)


def deepcopy(x, memo=None, _nil=[]):
    """Deep copy operation on arbitrary Python objects."""
    if memo is None:
        memo = {}
    d = id(x)
    y = memo.get(d, _nil)
    if y is not _nil:
        return y
    cls = type(x)
    if cls in _atomic and cls is not tuple and cls is not frozenset:
        return x
    if issubclass(cls, type):
        return x
    if cls is list:
        y = []
        memo[d] = y
        for a in x:
            y.append(deepcopy(a, memo))
    elif cls is tuple:
        items = [deepcopy(a, memo) for a in x]
        try:
            return memo[d]
        except KeyError:
            pass
        for k, j in zip(x, items):
            if k is not j:
                y = tuple(items)
                break
        else:
            y = x
    elif cls is dict:
        y = {}
        memo[d] = y
        for key, value in x.items():
            y[deepcopy(key, memo)] = deepcopy(value, memo)
    elif cls is set or cls is frozenset:
        y = cls(deepcopy(a, memo) for a in x)
    elif cls is bytearray:
        y = bytearray(x)
    else:
        copier = getattr(x, "__deepcopy__", None)
        if copier is not None and not isinstance(x, type):
            y = copier(memo)
        else:
            y = _reconstruct(x, memo, deepcopy)
    if y is not x:
        memo[d] = y
        _keep_alive(x, memo)
    return y


def _keep_alive(x, memo):
    # Keeps the originals alive so their ids cannot be reused while the memo is in use.
    try:
        memo[id(memo)].append(x)
    except KeyError:
        memo[id(memo)] = [x]


def _reconstruct(x, memo, copier):
    cls = type(x)
    deep = memo is not None
    reduce_ex = getattr(cls, "__reduce_ex__", None)
    reduce = getattr(cls, "__reduce__", None)
    if reduce is not None and reduce is not getattr(object, "__reduce__", None):
        rv = reduce(x)
        if isinstance(rv, str):
            return x
        return _from_reduce(x, rv, memo, copier)
    if reduce_ex is not None and reduce_ex is not getattr(object, "__reduce_ex__", None):
        rv = reduce_ex(x, 4)
        if isinstance(rv, str):
            return x
        return _from_reduce(x, rv, memo, copier)

    getnewargs = getattr(x, "__getnewargs__", None)
    if getnewargs is not None:
        args = getnewargs()
        if deep:
            args = copier(args, memo)
        y = cls.__new__(cls, *args)
    elif isinstance(x, (tuple, frozenset, int, float, str, bytes)):
        base = _immutable_base(x)
        y = base.__new__(cls, copier(base(x), memo) if deep else base(x))
    elif not hasattr(x, "__dict__") and not isinstance(x, (list, dict, set)):
        raise Error("un(deep)copyable object of type %s" % cls)
    elif isinstance(x, (list, dict, set)):
        base = list if isinstance(x, list) else dict if isinstance(x, dict) else set
        y = base.__new__(cls)
    else:
        y = object.__new__(cls)
    if deep:
        memo[id(x)] = y
    if isinstance(x, list):
        for item in x:
            y.append(copier(item, memo) if deep else item)
    elif isinstance(x, dict):
        for key, value in x.items():
            if deep:
                key = copier(key, memo)
                value = copier(value, memo)
            y[key] = value
    elif isinstance(x, set):
        for item in x:
            y.add(copier(item, memo) if deep else item)
    state = getattr(x, "__dict__", None)
    getstate = getattr(cls, "__getstate__", None)
    if getstate is not None and getstate is not getattr(object, "__getstate__", None):
        state = getstate(x)
    if state:
        if deep:
            state = copier(state, memo)
        setstate = getattr(y, "__setstate__", None)
        if setstate is not None:
            setstate(state)
        else:
            y.__dict__.update(state)
    return y


def _immutable_base(x):
    for base in (bool, int, float, str, bytes, tuple, frozenset):
        if isinstance(x, base):
            return base
    return object


def _from_reduce(x, rv, memo, copier):
    deep = memo is not None
    func, args = rv[0], rv[1]
    state = rv[2] if len(rv) > 2 else None
    listiter = rv[3] if len(rv) > 3 else None
    dictiter = rv[4] if len(rv) > 4 else None
    if deep and args:
        args = copier(args, memo)
    y = func(*args)
    if deep:
        memo[id(x)] = y
    if state is not None:
        if deep:
            state = copier(state, memo)
        if hasattr(y, "__setstate__"):
            y.__setstate__(state)
        else:
            if isinstance(state, tuple) and len(state) == 2:
                state, slotstate = state
            else:
                slotstate = None
            if state is not None:
                y.__dict__.update(state)
            if slotstate is not None:
                for key, value in slotstate.items():
                    setattr(y, key, value)
    if listiter is not None:
        for item in listiter:
            y.append(copier(item, memo) if deep else item)
    if dictiter is not None:
        for key, value in dictiter:
            if deep:
                key = copier(key, memo)
                value = copier(value, memo)
            y[key] = value
    return y
