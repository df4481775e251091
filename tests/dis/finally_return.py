def f(items):
    for x in items:
        try:
            if x:
                return x
            continue
        finally:
            print("cleanup")
    return None
