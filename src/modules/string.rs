//! `_string`, CPython's C module under `string.Formatter`: the format-string parser
//! (`formatter_parser`) and the field-name splitter (`formatter_field_name_split`), after
//! CPython's `unicode_format.h`.

use crate::object::error::{Args, PyResult};
use crate::object::exception::{type_error, value_error};
use crate::object::types::{bool_value, none};
use crate::object::value::Value;
use crate::object::*;
use crate::vm::Vm;

/// One `(literal, field_name, format_spec, conversion)` item of a format string.
type Piece = (String, Option<String>, Option<String>, Option<char>);

/// Splits a format string as `str.format` reads it.
fn parse(s: &str) -> PyResult<Vec<Piece>> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let mut literal = String::new();
        let mut markup = false;
        while i < chars.len() {
            let c = chars[i];
            i += 1;
            if c == '{' || c == '}' {
                if i < chars.len() && chars[i] == c {
                    literal.push(c);
                    i += 1;
                    break;
                }
                if c == '}' {
                    return Err(value_error("Single '}' encountered in format string"));
                }
                markup = true;
                break;
            }
            literal.push(c);
        }
        if !markup {
            out.push((literal, None, None, None));
            continue;
        }
        // The field runs to the matching '}', nested braces included (in the format spec).
        let start = i;
        let mut depth = 1;
        while i < chars.len() {
            match chars[i] {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        if depth != 0 {
            return Err(value_error(if start == chars.len() {
                "Single '{' encountered in format string"
            } else {
                "expected '}' before end of string"
            }));
        }
        let field: Vec<char> = chars[start..i].to_vec();
        i += 1;
        let (name, conversion, spec) = split_field(&field)?;
        out.push((literal, Some(name), Some(spec), conversion));
    }
    Ok(out)
}

/// `name[!conv][:spec]`; brackets in the name may hold '!' and ':'.
fn split_field(field: &[char]) -> PyResult<(String, Option<char>, String)> {
    let mut k = 0;
    let mut in_bracket = false;
    while k < field.len() {
        match field[k] {
            '[' => in_bracket = true,
            ']' => in_bracket = false,
            '!' | ':' if !in_bracket => break,
            _ => {}
        }
        k += 1;
    }
    let name: String = field[..k].iter().collect();
    let mut conversion = None;
    if k < field.len() && field[k] == '!' {
        if k + 1 >= field.len() {
            return Err(value_error(
                "end of string while looking for conversion specifier",
            ));
        }
        conversion = Some(field[k + 1]);
        k += 2;
        if k < field.len() && field[k] != ':' {
            return Err(value_error("expected ':' after conversion specifier"));
        }
    }
    let spec: String = if k < field.len() {
        field[k + 1..].iter().collect()
    } else {
        String::new()
    };
    Ok((name, conversion, spec))
}

fn opt_str(s: Option<String>) -> Value {
    s.map_or_else(none, str::from_string)
}

fn formatter_parser(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("formatter_parser", 1, 1)?;
    let s = str::as_str(&a[0])
        .ok_or_else(|| type_error(format!("expected str, got {}", a[0].ty().name())))?;
    let items: Vec<Value> = parse(s)?
        .into_iter()
        .map(|(lit, name, spec, conv)| {
            tuple::from_array([
                str::from_string(lit),
                opt_str(name),
                opt_str(spec),
                conv.map_or_else(none, |c| str::from_string(c.to_string())),
            ])
        })
        .collect();
    vm.iter(&list::new_list(items))
}

/// An index that is all digits is an int, as in `"{0[1]}"`.
fn key_value(s: &str) -> Value {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = s.parse::<i64>() {
            return int::from_i64(n);
        }
    }
    str::new_str(s)
}

fn formatter_field_name_split(vm: &mut Vm, args: Args) -> PyResult {
    let a = args.check_count("formatter_field_name_split", 1, 1)?;
    let s = str::as_str(&a[0])
        .ok_or_else(|| type_error(format!("expected str, got {}", a[0].ty().name())))?;
    let chars: Vec<char> = s.chars().collect();
    let first_end = chars
        .iter()
        .position(|&c| c == '.' || c == '[')
        .unwrap_or(chars.len());
    let first: String = chars[..first_end].iter().collect();
    let mut rest = Vec::new();
    let mut i = first_end;
    while i < chars.len() {
        match chars[i] {
            '.' => {
                let start = i + 1;
                let mut j = start;
                while j < chars.len() && chars[j] != '.' && chars[j] != '[' {
                    j += 1;
                }
                if j == start {
                    return Err(value_error("Empty attribute in format string"));
                }
                let name: String = chars[start..j].iter().collect();
                rest.push(tuple::from_array([
                    bool_value(true),
                    str::from_string(name),
                ]));
                i = j;
            }
            '[' => {
                let start = i + 1;
                let Some(len) = chars[start..].iter().position(|&c| c == ']') else {
                    return Err(value_error("Missing ']' in format string"));
                };
                let key: String = chars[start..start + len].iter().collect();
                if key.is_empty() {
                    return Err(value_error("Empty attribute in format string"));
                }
                rest.push(tuple::from_array([bool_value(false), key_value(&key)]));
                i = start + len + 1;
                if i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                    return Err(value_error(
                        "Only '.' or '[' may follow ']' in format field specifier",
                    ));
                }
            }
            _ => {
                return Err(value_error(
                    "Only '.' or '[' may follow ']' in format field specifier",
                ))
            }
        }
    }
    let it = vm.iter(&list::new_list(rest))?;
    Ok(tuple::from_array([key_value(&first), it]))
}

/// Creates the `_string` module.
pub fn new_module(_vm: &mut Vm) -> PyResult<Value> {
    let m = module::new_module("_string");
    let fns: &[(&'static str, crate::object::error::NativeFn)] = &[
        ("formatter_parser", formatter_parser),
        ("formatter_field_name_split", formatter_field_name_split),
    ];
    crate::modules::add_functions(&m, fns);
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubled_braces_end_a_literal() {
        let p = parse("a{{b}}c").unwrap_or_default();
        let lits: Vec<&str> = p.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(lits, ["a{", "b}", "c"]);
    }

    #[test]
    fn fields_split_into_name_conversion_and_spec() {
        let p = parse("x{0!r:>{w}}y").unwrap_or_default();
        assert_eq!(p[0].1.as_deref(), Some("0"));
        assert_eq!(p[0].2.as_deref(), Some(">{w}"));
        assert_eq!(p[0].3, Some('r'));
        assert_eq!(p[1].0, "y");
    }
}
