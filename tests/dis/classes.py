class Base:
    pass


class Point(Base, metaclass=type):
    "A point."
    dims: int = 2

    def __init__(self, x, y):
        self.x = x
        self.__y = y

    def norm(self):
        return super().norm() + self.x

    @property
    def y(self):
        return self.__y
