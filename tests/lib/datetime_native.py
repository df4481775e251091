# The native _datetime under datetime: arithmetic, rounding, time zones, folds, ISO text,
# strftime, pickling and subclasses, compared with CPython's C module.
import copy
import datetime as dt
import pickle
from datetime import date, datetime, time, timedelta, timezone, tzinfo

import _datetime
print(dt.datetime is _datetime.datetime, dt.timedelta.__module__, dt.UTC is timezone.utc)

# timedelta: normalization, float rounding (half to even), arithmetic.
for td in (timedelta(days=1.5, seconds=-3), timedelta(microseconds=-1),
           timedelta(seconds=0.5e-6), timedelta(seconds=1.5e-6), timedelta(weeks=1, hours=-0.25),
           timedelta(milliseconds=0.0005), timedelta.max, timedelta.min):
    print(repr(td), str(td))
a = timedelta(days=2, hours=3)
print(a * 2.5, a / 3, a // 4, a % timedelta(hours=5), divmod(a, timedelta(hours=7)), a / timedelta(hours=1))
print(-a, abs(-a), a.total_seconds(), bool(timedelta(0)), hash(a) == hash(timedelta(seconds=a.total_seconds())))
try:
    timedelta(days=10**9)
except OverflowError as e:
    print("OverflowError", e)
try:
    a / 0
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)

# date
d = date(2024, 2, 29)
print(repr(d), d, d.toordinal(), d.weekday(), d.isoweekday(), d.isocalendar(), d.ctime())
print(d + timedelta(days=366), d - date(2000, 1, 1), d.replace(day=1), date.fromordinal(730120))
print(date.fromisoformat("2024-W09-4"), date.fromisoformat("20240229"), date.fromisocalendar(2020, 53, 7))
print(d.strftime("%A %d %B %Y %j %U %W %G-%V %%"), format(d, "%y/%m"), f"{d}")
for y in (2019, 2020, 2021, 2026, 2027):
    print([date(y, m, dd).strftime("%U %W %G %V %g") for m, dd in ((1, 1), (1, 4), (12, 29), (12, 31))])
for bad in ("2024-02-30", "2024-13-01", "24-01-01"):
    try:
        date.fromisoformat(bad)
    except ValueError as e:
        print("ValueError", e)
try:
    date(2024, 1, 1.0)
except TypeError as e:
    print("TypeError", e)

# datetime and fixed-offset zones
utc = timezone.utc
est = timezone(timedelta(hours=-5), "EST")
t = datetime(2021, 3, 14, 6, 59, 59, 999999, tzinfo=utc)
print(repr(t), t, t.astimezone(est), t.astimezone(est).utcoffset(), t.tzname(), est.tzname(None))
print(t.isoformat(timespec="milliseconds"), t.isoformat(" ", "minutes"), t.timestamp())
print(datetime.fromisoformat("2011-11-04T00:05:23.283+04:30"), datetime.fromisoformat("2011-W44-5 01:02"))
print(datetime.fromtimestamp(1e9, utc), datetime.utcfromtimestamp(-1.5), datetime.fromtimestamp(0.0000005, utc))
print(t - datetime(2021, 3, 14, 1, tzinfo=est), t == t.astimezone(est), t.utctimetuple()[:6])
print(datetime.combine(d, time(12, 30, tzinfo=est)), datetime(2000, 1, 1) + timedelta(microseconds=-1))
print(t.strftime("%Y-%m-%dT%H:%M:%S.%f%z %Z"), datetime.strptime("2020/02/29 23:59", "%Y/%m/%d %H:%M"))
print(repr(timezone(timedelta(hours=5, minutes=30))), timezone(timedelta(hours=-1, seconds=-30)), timezone.min, timezone.max)
try:
    datetime(2020, 1, 1) < t
except TypeError as e:
    print("TypeError", e)
print(datetime(2020, 1, 1) == t, date(2021, 3, 14) == t, t.date() == date(2021, 3, 14))
try:
    datetime.max + timedelta(1)
except OverflowError as e:
    print("OverflowError", e)


# A zone with a DST fold, as tzinfo subclasses define them.
class Eastern(tzinfo):
    def utcoffset(self, dt):
        return timedelta(hours=-5) + self.dst(dt)

    def dst(self, dt):
        if dt is None:
            return timedelta(0)
        start = datetime(dt.year, 3, 8, 2) + timedelta(days=6 - datetime(dt.year, 3, 8).weekday())
        end = datetime(dt.year, 11, 1, 2) + timedelta(days=6 - datetime(dt.year, 11, 1).weekday())
        naive = dt.replace(tzinfo=None)
        if start <= naive < end - timedelta(hours=1):
            return timedelta(hours=1)
        if end - timedelta(hours=1) <= naive < end:
            return timedelta(hours=0 if dt.fold else 1)
        return timedelta(0)

    def tzname(self, dt):
        return "EDT" if self.dst(dt) else "EST"


east = Eastern()
for hour in range(4, 8):
    u = datetime(2021, 11, 7, hour, 30, tzinfo=utc)
    local = u.astimezone(east)
    print(u.time(), "->", local, local.fold, local.tzname(), local.astimezone(utc) == u)
amb0 = datetime(2021, 11, 7, 1, 30, tzinfo=east)
amb1 = amb0.replace(fold=1)
print(amb0 == amb1, amb0.utcoffset(), amb1.utcoffset(), hash(amb0) == hash(amb0.replace(fold=0)))

# time
tm = time(23, 59, 59, 5, tzinfo=est, fold=1)
print(repr(tm), tm, tm.isoformat("hours"), tm.utcoffset(), tm.strftime("%H|%f|%z|%Z"), time.fromisoformat("T10:20:30Z"))
print(time(1, 2) < time(1, 3), time(12, tzinfo=utc) == time(7, tzinfo=est), time.max, time.min)

# pickling and copying keep classes, zones and folds
class MyDateTime(datetime):
    def extra(self):
        return "sub"

m = MyDateTime(2022, 5, 6, 7, 8, 9, fold=1)
for obj in (timedelta(1, 2, 3), d, t, tm, est, utc, m):
    for proto in (0, 2, 4):
        back = pickle.loads(pickle.dumps(obj, proto))
        assert back == obj and type(back) is type(obj), (obj, proto)
    print(type(copy.deepcopy(obj)).__name__, end=" ")
print()
print(type(m + timedelta(1)).__name__, (m + timedelta(1)).extra(), type(m.replace(year=2000)).__name__, m.fold)
print(type(MyDateTime.fromtimestamp(0, utc)).__name__, type(MyDateTime.combine(d, time())).__name__)
print(pickle.loads(pickle.dumps(m, 4)).fold, pickle.loads(pickle.dumps(m, 2)).fold)
