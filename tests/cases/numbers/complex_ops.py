n=float('nan');i=float('inf')
print(complex(1,n), complex(n,n), complex(-n, -n), complex(i,-i), complex(0,-0.0), complex(-0.0,-1), complex(0.0, 1e20), complex(1.5, 1e16), complex(1,2)/complex(3,4), complex('1+2j'), complex(' (1+2j) '), complex('j'), complex('-j'), complex('1e3J'))
z = 3 + 4j
w = complex(1, -2)
print(z, w, z.real, z.imag, type(z.real).__name__, abs(z), z.conjugate())
print(z + w, z - w, z * w, z / w, -z, +z, z ** 2, w ** 0)
print(z == complex(3, 4), z != w, 1j * 1j, (1j) ** 2 == -1, 2j.real, 1 + 0j == 1)
print(complex("1+2j"), complex("-3.5j"), complex(" 2 "), complex(1.5), complex(), complex("inf+nanj"))
print(repr(1j), repr(-1j), repr(0j), repr(complex(0, -0.0)), repr(complex(-0.0, 1)), repr(1 + 1e20j))
print(repr(complex(1.5, 2.25)), complex(2, 0) == 2, hash(complex(2, 0)) == hash(2), hash(1+2j), hash(-1.5-2.5j))
print((1 + 2j) * (1 - 2j), (1 + 2j) / (1 + 2j), (2 + 0j) ** 0.5, (1+1j)**10, (1+2j)**-2, 2**(1j), 1.5 ** (1+1j), complex(1+2j, 3+4j), complex(imag=2), complex(real=3))
for bad in ["1 + 2j", "1+", "j1", "(1+2j", "", "1_j", "1__0j"]:
    try:
        complex(bad); print("ok", bad)
    except ValueError as e: print(e)
try: 1/0j
except ZeroDivisionError as e: print(e)
try: 0j ** -1
except ZeroDivisionError as e: print(e)
try: complex([])
except TypeError as e: print(e)
try: z < w
except TypeError as e: print(e)
try: z % 2
except TypeError as e: print(e)
class C(complex): pass
c = C(1, 2)
print(c, type(c).__name__, c + 1, c.real, complex("1_0+2_0j"))
import cmath
print(cmath.sqrt(-1), cmath.sqrt(-4), cmath.sqrt(3 + 4j), cmath.sqrt(-0.0 - 2j), round(cmath.phase(-1), 6), cmath.polar(1j))
print(cmath.exp(0), cmath.log(1), cmath.isnan(complex(0, float("nan"))), cmath.rect(2, 0), cmath.log10(100))
