//! Source to bytecode: parsing (ruff), the symbol table and code generation.
