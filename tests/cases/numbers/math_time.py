import math
print(math.fsum([1e100, 1.0, -1e100]), math.fsum([0.1, 0.2, 0.3]), math.fsum([1e308, 1e308, -1e308]) if False else 0)
print(math.hypot(), math.hypot(3), math.hypot(1, 2, 2), math.dist([1, 2], [4, 6]))
print(math.gcd(0, 0), math.gcd(2**80, 6**40), math.lcm(), math.lcm(0, 5), math.comb(5, 7), math.perm(5, 0), math.factorial(30))
print(math.isqrt(0), math.isqrt(2**100 + 1), math.floor(-0.5), math.ceil(-0.5), math.trunc(2.9), math.floor(5), math.ceil(2**70))
print(math.log(2**1000), math.log2(2**1000), math.log10(10**400), math.log(100, 10), math.log1p(0))
print(math.ldexp(1.0, -1074), math.ldexp(1.0, 1023), math.frexp(0.0), math.frexp(-3.5), math.modf(-0.0), math.modf(math.inf))
print(math.remainder(5, 2), math.remainder(7, 2), math.remainder(-5, 2), math.fmod(-7, 3), math.copysign(0.0, -1))
print(math.nextafter(0.0, 1.0), math.nextafter(1.0, 0.0), math.ulp(0.0), math.ulp(1e300), math.gamma(0.5) == math.sqrt(math.pi) or round(math.gamma(0.5), 12) == round(math.sqrt(math.pi), 12))
print(round(math.erf(0.5), 12), round(math.erfc(2.0), 12), round(math.lgamma(0.5), 12), math.gamma(24) == math.factorial(23))
for f in [lambda: math.log(-1), lambda: math.log(0), lambda: math.sqrt(-2), lambda: math.exp(1000), lambda: math.pow(0.0, -1.0), lambda: math.pow(-8, 1/3), lambda: math.ldexp(1.0, 2000), lambda: math.fsum([math.inf, -math.inf]), lambda: math.factorial(-3), lambda: math.comb(-1, 2), lambda: math.isqrt(-1), lambda: math.atanh(1), lambda: math.gamma(0), lambda: math.log(1, 1)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
import time
print(time.strftime("%a %A %b %B %d %j %H:%M:%S %p %y %%", time.gmtime(1234567890)))
g = time.gmtime(-86400)
print(g.tm_year, g.tm_mon, g.tm_mday, g.tm_wday, g.tm_yday, g.tm_isdst, time.asctime(time.gmtime(0)))
print(time.mktime((2000, 2, 29, 12, 0, 0, 0, 0, 0)), time.ctime(951825600))
print(type(time.time_ns()).__name__, time.monotonic_ns() >= 0, time.perf_counter() >= 0)
