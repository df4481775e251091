# Class attributes read through instances (LOAD_ATTR_CLASS): the value follows the class when
# it is rebound or deleted, an instance attribute of the same name shadows it, subclasses and
# other classes share the call site, and descriptors are never taken for plain values.
class Config:
    LIMIT = 10
    NAME = 'cfg'
    PAIR = (1, 2)

    def __init__(self):
        self.x = 1

def read(o):
    return o.LIMIT, o.NAME, o.PAIR

c = Config()
for _ in range(100):
    read(c)
print(read(c))
Config.LIMIT = 20
print(read(c))
c.LIMIT = 'mine'
print(read(c), read(Config()))
del c.LIMIT
print(read(c))

class Sub(Config):
    NAME = 'sub'
class Other:
    LIMIT, NAME, PAIR = 1, 'other', ()
    def __init__(self):
        self.y = 0
for o in [Config(), Sub(), Other(), Sub()]:
    print(read(o))
for _ in range(100):
    for o in [Config(), Sub(), Other()]:
        read(o)
Config.PAIR = [3]
print(read(Config()), read(Sub()))
del Config.NAME
try:
    read(Config())
except AttributeError as e:
    print('AttributeError', e)
Config.NAME = property(lambda self: 'now a property')
print(read(Config()))

class Base:
    K = 1
class Mid(Base):
    pass
m = Mid()
def k(o):
    return o.K
for _ in range(100):
    k(m)
Base.K = 2
print(k(m))
Mid.K = 3
print(k(m))
del Mid.K
class Plain:
    pass
Mid.__bases__ = (Plain,)
try:
    k(m)
except AttributeError as e:
    print('AttributeError', e)
