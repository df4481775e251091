def f(p):
    match p:
        case 0 | 1:
            return "small"
        case [x, *rest]:
            return rest
        case {"k": v, **kw}:
            return v
        case Point(x=0, y=y) if y > 0:
            return y
        case str() as s:
            return s
        case None:
            return None
        case _:
            return p
