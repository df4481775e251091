# _opcode.stack_effect over CPython 3.11's instruction numbers (and its pseudo instructions
# below zero) for many opargs and each jump setting, and its argument errors.
import _opcode, opcode
out = []
for op in range(-12, 260):
    for arg in (None, 0, 1, 3, 4, 7, 15, 0x105, -1, 2**31 + 5):
        for j in (None, True, False):
            try: r = _opcode.stack_effect(op, arg, jump=j)
            except ValueError as e: r = 'E:' + str(e)
            out.append(r)
import zlib; print(zlib.crc32(repr(out).encode()), len(out))
print(opcode.stack_effect(opcode.opmap['MAKE_FUNCTION'], 15), opcode.stack_effect(opcode.opmap['POP_TOP']), 'stack_effect' in opcode.__all__)
for bad in [("x",), (1.5,), (2**40,), (100, "a"), (100, 2**70)]:
    try: _opcode.stack_effect(*bad)
    except Exception as e: print(type(e).__name__, e)
for call in [lambda: _opcode.stack_effect(100, 1, 2), lambda: _opcode.stack_effect(100, 1, jump=1), lambda: _opcode.stack_effect()]:
    try: call()
    except Exception as e: print(type(e).__name__, e)
