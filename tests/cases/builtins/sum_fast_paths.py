# sum()'s fast paths (small ints, floats) must give what repeated + gives, across the small-int
# boundary, with float and int mixed, and for subclasses that define their own __add__.
big = 2 ** 62
print(sum([big - 1, 1]), sum([big - 1, big - 1, big - 1]), sum([-big, -big, -1]))
print(sum(range(100000)), sum(x * x for x in range(1000)), sum([], 7), sum([1, 2], 0.5))
print(sum([0.1] * 10), sum([1e308, 1e308]), sum([1.5, 2, 3.25]), sum([True, True, 3]))

class F(float):
    def __add__(self, other):
        return 'F+'

class I(int):
    def __radd__(self, other):
        return 'I.__radd__'

print(sum([F(1.0), 2.0]), sum([1.0, F(2.0)]), sum([1, I(2)]), sum([I(1)]))
print(sum([[1], [2]], []), sum([(1,), (2, 3)], ()))
try:
    sum(['a', 'b'])
except TypeError as e:
    print('TypeError', e)
try:
    sum([1, 'a'])
except TypeError as e:
    print('TypeError', e)
