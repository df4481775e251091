def add_sub(a, b):
    return a + b - 1


def mul_bits(x):
    return (x * 3) & 0xFF ^ (x >> 2)
