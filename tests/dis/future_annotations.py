from __future__ import annotations


def f(a: List[int], *, b: x.y = 1) -> Dict[str, int]:
    return a


class C:
    x: int = 1
    y.z: unevaluated
