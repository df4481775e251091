def f(x):
    try:
        r = 1 / x
    except ZeroDivisionError as e:
        print("zero", e)
        r = 0
    except (TypeError, ValueError):
        r = -1
    else:
        print("ok")
    finally:
        print("finally")
    return r


def g():
    try:
        raise ValueError("x") from None
    except:
        raise
