# contextvars over the native _contextvars, and what builds on it: decimal (CPython's
# _pydecimal), fractions and statistics.
import contextvars
var = contextvars.ContextVar("var", default=1)
other = contextvars.ContextVar("other")
print(var.name, var.get(), other.get("fallback"))
try:
    other.get()
except LookupError as e:
    print("LookupError", type(e.args[0]).__name__)
tok = var.set(5)
print(var.get(), tok.var is var, tok.old_value is contextvars.Token.MISSING, repr(contextvars.Token.MISSING))
ctx = contextvars.copy_context()
def inside(x):
    var.set(x)
    return var.get(), len(contextvars.copy_context())
print(ctx.run(inside, 42), var.get(), ctx[var], var in ctx, ctx.get(other, "none"))
var.reset(tok)
print(var.get())
try:
    var.reset(tok)
except RuntimeError as e:
    print("RuntimeError", "already been used" in str(e))
try:
    ctx.run(lambda: ctx.run(lambda: None))
except RuntimeError as e:
    print("RuntimeError", "already entered" in str(e))
print(sorted(v.name for v in ctx), list(ctx.values()), contextvars.ContextVar[int])
import decimal, fractions, statistics
print(decimal.Decimal("1.1") + decimal.Decimal("2.2"), fractions.Fraction(3, 6), statistics.mean([1, 2, 3, 4]))
with decimal.localcontext() as c:
    c.prec = 5
    print(decimal.Decimal(1) / decimal.Decimal(7))
print(decimal.Decimal(1) / decimal.Decimal(7))
