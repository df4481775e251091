# strftime and asctime accept CPython's ranges (checktm): 0 stands for the lowest month, day
# of month and day of year; other values out of range are a ValueError naming the field.
import time
print(time.strftime('%Y', (1,) + (0,) * 8))
for t in [(2000,0,0,0,0,0,0,0,0), (2000,1,1,0,0,0,-1,0,5), (2000,1,1,0,0,0,-2,0,0), (2000,13,1,0,0,0,0,1,0),(2000,1,32,0,0,0,0,1,0),(2000,1,1,24,0,0,0,1,0),(2000,1,1,0,60,0,0,1,0),(2000,1,1,0,0,62,0,1,0),(2000,1,1,0,0,0,0,367,0),(2000,1,1,0,0,0,0,-1,0)]:
    for f in (lambda t: time.strftime('%Y-%m-%d %j %a', t), time.asctime):
        try: print(f(t))
        except ValueError as e: print('ValueError', e)
