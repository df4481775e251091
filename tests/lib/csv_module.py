# CPython's csv package over the native _csv: reading and writing in every quoting mode,
# escapes, dialects (registered, sniffed, subclassed), DictReader/DictWriter, and errors.
import csv
import io

rows = [["name", "note", "n"], ["a,b", 'say "hi"', 1], ["multi\nline", "", 2.5], [None, " x ", -3]]
for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC):
    out = io.StringIO()
    csv.writer(out, quoting=quoting).writerows(rows)
    print(repr(out.getvalue()))
    print(list(csv.reader(io.StringIO(out.getvalue(), newline=""), quoting=quoting if quoting != csv.QUOTE_NONNUMERIC else csv.QUOTE_MINIMAL)))
out = io.StringIO()
w = csv.writer(out, delimiter=";", quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n")
w.writerow(["a;b", "c\\d", 'e"f'])
print(repr(out.getvalue()), list(csv.reader([out.getvalue()], delimiter=";", quoting=csv.QUOTE_NONE, escapechar="\\")))
print(list(csv.reader(['1, "two, three",4', '', '"5"'], skipinitialspace=True)))
print(list(csv.reader(['1.5,"x",2'], quoting=csv.QUOTE_NONNUMERIC)))
print(list(csv.reader(['a,"b\n', 'c",d'])))
csv.register_dialect("pipes", delimiter="|", quoting=csv.QUOTE_ALL)
d = csv.get_dialect("pipes")
print(d.delimiter, d.quotechar, d.quoting, d.doublequote, repr(d.lineterminator), "pipes" in csv.list_dialects())
out = io.StringIO()
csv.writer(out, "pipes").writerow([1, "x|y"])
print(repr(out.getvalue()))
csv.unregister_dialect("pipes")


class Semi(csv.excel):
    delimiter = ";"


print(list(csv.reader(["1;2;3"], Semi)))
text = "id,name\r\n1,Ann\r\n2,Bob\r\n"
for row in csv.DictReader(io.StringIO(text, newline="")):
    print(row)
out = io.StringIO()
dw = csv.DictWriter(out, fieldnames=["id", "name"], extrasaction="ignore")
dw.writeheader()
dw.writerow({"id": 3, "name": "Cy", "extra": 0})
print(repr(out.getvalue()))
sniffed = csv.Sniffer().sniff("a;b;c\n1;2;3\n")
print(sniffed.delimiter, csv.Sniffer().has_header("name,age\nann,30\nbob,41\n"))
r = csv.reader(["x,y", "z"])
print(next(r), r.line_num, next(r), r.line_num)
for bad, kw in [(['a,"b'], {"strict": True}), (['"a"b'], {"strict": True}), (["a\rb"], {})]:
    try:
        print(list(csv.reader(bad, **kw)))
    except csv.Error as e:
        print("Error:", e)
for kw in [{"delimiter": "::"}, {"quotechar": 5}, {"quoting": 9}, {"lineterminator": None}, {"escapechar": b"x"}]:
    try:
        csv.writer(io.StringIO(), **kw)
    except TypeError as e:
        print("TypeError:", e)
try:
    csv.writer(io.StringIO(), quoting=csv.QUOTE_NONE).writerow(["a,b"])
except csv.Error as e:
    print("Error:", e)
old = csv.field_size_limit(10)
try:
    list(csv.reader(["x" * 11]))
except csv.Error as e:
    print("Error:", e)
print(csv.field_size_limit(old))
try:
    csv.get_dialect("nope")
except csv.Error as e:
    print("Error:", e)
