# The ast module's node classes over the native _ast: construction, fields, defaults, dump,
# visitors over hand-built trees. (Parsing source is not supported by Heron yet.)
import ast
n = ast.BinOp(ast.Constant(1), ast.Add(), right=ast.Constant(2))
print(n.left.value, type(n.op).__name__, n._fields, ast.Constant._attributes, ast.Constant(5).kind)
print(isinstance(n, ast.expr), issubclass(ast.Add, ast.operator), ast.dump(n))
try:
    ast.BinOp(1, 2, 3, 4)
except TypeError as e:
    print(e)
tree = ast.Module(body=[ast.Expr(ast.Call(ast.Name("f", ast.Load()), [n], []))], type_ignores=[])
print([type(x).__name__ for x in ast.walk(tree)])


class Count(ast.NodeVisitor):
    def __init__(self):
        self.names = []

    def visit_Name(self, node):
        self.names.append(node.id)


c = Count()
c.visit(tree)
print(c.names, ast.Name.__match_args__, ast.expr_context.__subclasses__() and True)
match n:
    case ast.BinOp(left=ast.Constant(value=v), op=ast.Add()):
        print("matched", v)
print(ast.literal_eval(n) if False else "literal_eval needs parse")
