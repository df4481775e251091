"""Names for built-in types and SimpleNamespace (Heron's types module)."""

import sys as _sys


def _f():
    pass


def _g():
    yield 1


class _C:
    def _m(self):
        pass


FunctionType = type(_f)
LambdaType = type(lambda: None)
CodeType = type(_f.__code__)
MappingProxyType = type(type.__dict__)
GeneratorType = type(_g())
MethodType = type(_C()._m)
BuiltinFunctionType = type(len)
BuiltinMethodType = type([].append)
WrapperDescriptorType = type(object.__init__)
MethodWrapperType = type(object().__str__)
MethodDescriptorType = type(str.join)
ModuleType = type(_sys)
NoneType = type(None)
EllipsisType = type(Ellipsis)
NotImplementedType = type(NotImplemented)

try:
    raise TypeError
except TypeError as _exc:
    TracebackType = type(_exc.__traceback__)
    if _exc.__traceback__ is not None:
        FrameType = type(_exc.__traceback__.tb_frame)
    _exc = None

del _f, _g, _C


# Objects whose repr is being computed, to print "..." on recursion.
_repr_active = []


class SimpleNamespace:
    """A simple attribute-based namespace."""

    def __init__(self, /, **kwargs):
        for key, value in kwargs.items():
            setattr(self, key, value)

    def __repr__(self):
        name = "namespace" if type(self) is SimpleNamespace else type(self).__name__
        for o in _repr_active:
            if o is self:
                return name + "(...)"
        _repr_active.append(self)
        try:
            items = ("%s=%r" % (k, v) for k, v in self.__dict__.items())
            return "%s(%s)" % (name, ", ".join(items))
        finally:
            _repr_active.pop()

    def __eq__(self, other):
        if isinstance(self, SimpleNamespace) and isinstance(other, SimpleNamespace):
            return self.__dict__ == other.__dict__
        return NotImplemented

    __hash__ = None

    def __reduce__(self):
        return (type(self), (), dict(self.__dict__))




GenericAlias = type(list[int])
UnionType = type(int | str)
CellType = type((lambda: _sys).__closure__[0]) if (lambda: _sys).__closure__ else None
GetSetDescriptorType = type(FunctionType.__code__)
MemberDescriptorType = GetSetDescriptorType
ClassMethodDescriptorType = type(dict.__dict__["fromkeys"])


def resolve_bases(bases):
    """The bases with every non-class replaced by what its __mro_entries__ returns."""
    result = []
    changed = False
    for base in bases:
        if isinstance(base, type) or not hasattr(base, "__mro_entries__"):
            result.append(base)
            continue
        entries = base.__mro_entries__(bases)
        if not isinstance(entries, tuple):
            raise TypeError("__mro_entries__ must return a tuple")
        result.extend(entries)
        changed = True
    return tuple(result) if changed else bases


def _meta_of(meta, bases):
    """The most derived metaclass among meta and the bases' types."""
    winner = meta
    for base in bases:
        base_meta = type(base)
        if issubclass(winner, base_meta):
            continue
        if issubclass(base_meta, winner):
            winner = base_meta
            continue
        raise TypeError("metaclass conflict: the metaclass of a derived class must be "
                        "a (non-strict) subclass of the metaclasses of all its bases")
    return winner


def prepare_class(name, bases=(), kwds=None):
    """The metaclass, the namespace from its __prepare__, and the remaining keywords."""
    kwds = dict(kwds) if kwds else {}
    if "metaclass" in kwds:
        meta = kwds.pop("metaclass")
    else:
        meta = type(bases[0]) if bases else type
    if isinstance(meta, type):
        meta = _meta_of(meta, bases)
    prepare = getattr(meta, "__prepare__", None)
    ns = prepare(name, bases, **kwds) if prepare is not None else {}
    return meta, ns, kwds


def new_class(name, bases=(), kwds=None, exec_body=None):
    """Creates a class object dynamically using the appropriate metaclass."""
    resolved = resolve_bases(bases)
    meta, ns, kwds = prepare_class(name, resolved, kwds)
    if exec_body is not None:
        exec_body(ns)
    if resolved is not bases:
        ns["__orig_bases__"] = bases
    return meta(name, resolved, ns, **kwds)


class DynamicClassAttribute:
    """An attribute read through instances only: looked up on the class it raises
    AttributeError, so the metaclass's __getattr__ answers instead (enum members)."""

    def __init__(self, fget=None, fset=None, fdel=None, doc=None):
        self.fget = fget
        self.fset = fset
        self.fdel = fdel
        self.__doc__ = doc if doc is not None else getattr(fget, "__doc__", None)
        self.overwrite_doc = doc is None
        self.__isabstractmethod__ = bool(getattr(fget, "__isabstractmethod__", False))

    def __get__(self, instance, ownerclass=None):
        if instance is None:
            if self.__isabstractmethod__:
                return self
            raise AttributeError()
        if self.fget is None:
            raise AttributeError("unreadable attribute")
        return self.fget(instance)

    def __set__(self, instance, value):
        if self.fset is None:
            raise AttributeError("can't set attribute")
        self.fset(instance, value)

    def __delete__(self, instance):
        if self.fdel is None:
            raise AttributeError("can't delete attribute")
        self.fdel(instance)

    def _with(self, **changes):
        parts = dict(fget=self.fget, fset=self.fset, fdel=self.fdel,
                     doc=None if self.overwrite_doc else self.__doc__)
        parts.update(changes)
        result = type(self)(**parts)
        result.overwrite_doc = self.overwrite_doc
        return result

    def getter(self, fget):
        result = self._with(fget=fget)
        if self.overwrite_doc:
            result.__doc__ = getattr(fget, "__doc__", None)
        return result

    def setter(self, fset):
        return self._with(fset=fset)

    def deleter(self, fdel):
        return self._with(fdel=fdel)
