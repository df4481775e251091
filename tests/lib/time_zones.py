# time over the C library's local time: localtime, mktime, strftime %Z/%z, ctime, the zone
# attributes after tzset for several TZ values (IANA names and a POSIX rule), datetime on them,
# and strptime through _strptime.
import time, datetime
t = 1700000000
for tz in ["UTC", "Europe/Paris", "America/New_York", "Australia/Sydney", "EST+5EDT,M3.2.0/2,M11.1.0/2"]:
    import os
    os.environ["TZ"] = tz
    time.tzset()
    lt = time.localtime(t)
    print(tz, tuple(lt), lt.tm_zone, lt.tm_gmtoff, time.timezone, time.altzone, time.daylight, time.tzname)
    print(time.strftime("%Y-%m-%d %H:%M:%S %Z %z", lt), time.mktime(lt), time.ctime(t), time.asctime(lt))
    print(datetime.datetime.fromtimestamp(t), datetime.datetime.fromtimestamp(t).astimezone().tzname())
print(time.strptime("2024-03-05 10:11:12", "%Y-%m-%d %H:%M:%S")[:6])
try:
    time.mktime((2**40, 1, 1, 0, 0, 0, 0, 1, -1))
except OverflowError as e:
    print("OverflowError", e)
