def escape(cr, ci, limit):
    # Float locals stay unboxed across the loop; i stays a tagged int (overflow deopts).
    zr = 0.0
    zi = 0.0
    i = 0
    while i < limit and zr * zr + zi * zi <= 4.0:
        zi = 2.0 * zr * zi + ci
        zr = zr * zr - zi * zi + cr
        i += 1
    return i


def floor_mod(a):
    x = 7
    return (x // 3, x % -3, x << 2, -x)
