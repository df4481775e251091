# Local time through the C library: fold detection in fromtimestamp, timestamp() of
# ambiguous and missing wall times, astimezone() to the local zone (New York, by TZ).
import os, time
os.environ["TZ"] = "America/New_York"
time.tzset()
from datetime import datetime, timezone, timedelta, date
for ts in (1636262999, 1636263000, 1636264800, 1636266600, 1636268400, 1615705200, 1615707000, -1e9, 0, 2e9):
    d = datetime.fromtimestamp(ts)
    print(ts, d, d.fold, d.timestamp(), d.astimezone(), d.astimezone().tzname(), date.fromtimestamp(ts))
for fold in (0, 1):
    d = datetime(2021, 11, 7, 1, 30, fold=fold)
    print(d.timestamp(), d.astimezone(timezone.utc), d.astimezone())
    g = datetime(2021, 3, 14, 2, 30, fold=fold)
    print(g.timestamp(), g.astimezone(timezone.utc))
print(datetime(2021, 6, 1, tzinfo=timezone.utc).astimezone().tzname())
