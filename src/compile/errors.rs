//! Parse errors from ruff mapped to CPython's `SyntaxError` / `IndentationError` messages.

use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{LexicalErrorType, ParseError, ParseErrorType, UnsupportedSyntaxError};
use ruff_text_size::Ranged;

use super::{CompileError, LineIndex};

/// Finds the innermost bracket left open at the end of the source (skipping strings and
/// comments): its byte offset and character.
/// Walks the brackets of `src` outside strings and comments as the tokenizer sees them,
/// calling `visit(offset, byte)` for each; stops early when `visit` returns false.
fn scan_brackets(src: &str, mut visit: impl FnMut(usize, u8) -> bool) {
    let bytes = src.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' | b'"' => {
                let triple = i + 2 < bytes.len() && bytes[i + 1] == c && bytes[i + 2] == c;
                if triple {
                    i += 3;
                    while i + 2 < bytes.len()
                        && !(bytes[i] == c && bytes[i + 1] == c && bytes[i + 2] == c)
                    {
                        if bytes[i] == b'\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                    i += 2;
                } else {
                    i += 1;
                    while i < bytes.len() && bytes[i] != c && bytes[i] != b'\n' {
                        if bytes[i] == b'\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                }
            }
            b'(' | b'[' | b'{' | b')' | b']' | b'}' if !visit(i, c) => return,
            _ => {}
        }
        i += 1;
    }
}

fn unclosed_bracket(src: &str) -> Option<(usize, char)> {
    let mut stack: Vec<(usize, char)> = Vec::new();
    scan_brackets(src, |i, c| {
        if matches!(c, b'(' | b'[' | b'{') {
            stack.push((i, c as char));
        } else {
            stack.pop();
        }
        true
    });
    stack.pop()
}

/// CPython's tokenizer nests brackets at most this deep (`MAXLEVEL`).
const MAX_BRACKET_DEPTH: usize = 200;

/// The tokenizer's "too many nested parentheses": checked before parsing, so that absurdly
/// deep input fails at once instead of exhausting the parser.
pub fn check_bracket_depth(index: &LineIndex<'_>, filename: &str) -> Result<(), CompileError> {
    let mut depth = 0usize;
    let mut too_deep = None;
    scan_brackets(index.source, |i, c| {
        if matches!(c, b'(' | b'[' | b'{') {
            if depth >= MAX_BRACKET_DEPTH {
                too_deep = Some(i);
                return false;
            }
            depth += 1;
        } else {
            depth = depth.saturating_sub(1);
        }
        true
    });
    match too_deep {
        Some(i) => Err(index.error(
            "SyntaxError",
            "too many nested parentheses",
            filename,
            i,
            i + 1,
        )),
        None => Ok(()),
    }
}

/// CPython's `MAXINDENT`: a block this deep is an IndentationError.
const MAX_INDENT: usize = 100;

/// `IndentationError: too many levels of indentation` at the first line indented
/// `MAX_INDENT` levels deep (pointing before the line's text, so no caret is shown).
pub fn check_indent_depth(
    tokens: &ruff_python_ast::token::Tokens,
    index: &LineIndex<'_>,
    filename: &str,
) -> Result<(), CompileError> {
    let mut depth = 0usize;
    for t in tokens.iter() {
        match t.kind() {
            TokenKind::Indent => {
                depth += 1;
                if depth >= MAX_INDENT {
                    let start = t.range().start().to_usize();
                    let mut e = index.error(
                        "IndentationError",
                        "too many levels of indentation",
                        filename,
                        start,
                        start,
                    );
                    e.end_offset = 0;
                    return Err(e);
                }
            }
            TokenKind::Dedent => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// CPython's `IndentationError` for a compound statement whose block is missing: "expected an
/// indented block after 'for' statement on line N", N being the line the header starts on. At
/// the end of the input it points past the header.
fn missing_block(
    index: &LineIndex<'_>,
    filename: &str,
    clause: &str,
    start: usize,
    end: usize,
) -> CompileError {
    let what = match clause {
        "function definition" => "function definition".to_string(),
        "`class` definition" => "class definition".to_string(),
        other => {
            let keyword = other.split('`').nth(1).unwrap_or(other);
            format!("'{keyword}' statement")
        }
    };
    let lines: Vec<&str> = index.source.split_inclusive('\n').collect();
    let (err_line, _) = index.line_col(start);
    let err_line = err_line as usize;
    // The header's last line: the line of the error itself at the end of the input, else the
    // nearest line above it with code on it.
    let code = |l: &str| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    };
    let at_end = lines
        .get(err_line.saturating_sub(1))
        .is_some_and(|l| l.trim_end().ends_with(':'))
        && !lines[err_line..].iter().any(|l| code(l));
    let mut header = if at_end {
        err_line
    } else {
        (1..err_line)
            .rev()
            .find(|&n| code(lines[n - 1]))
            .unwrap_or(1)
    };
    // A header spread over lines by brackets starts where they open.
    let mut balance = 0i64;
    loop {
        let text = lines.get(header - 1).copied().unwrap_or("");
        balance += text.matches([')', ']', '}']).count() as i64;
        balance -= text.matches(['(', '[', '{']).count() as i64;
        if balance <= 0 || header == 1 {
            break;
        }
        header -= 1;
    }
    let msg = format!("expected an indented block after {what} on line {header}");
    if at_end {
        let line_start: usize = lines[..err_line - 1].iter().map(|l| l.len()).sum();
        let text = lines[err_line - 1].trim_end_matches(['\n', '\r']);
        let mut e = index.error(
            "IndentationError",
            msg,
            filename,
            line_start + text.len(),
            line_start + text.len(),
        );
        e.offset = text.chars().count() as u32 + 1;
        e.end_offset = -1;
        return e;
    }
    index.error("IndentationError", msg, filename, start, end)
}

/// `IndentationError: unexpected indent`, pointing at the last character of the indentation
/// with no end, as CPython's tokenizer does (so no caret is shown).
fn unexpected_indent(
    index: &LineIndex<'_>,
    filename: &str,
    start: usize,
    end: usize,
) -> CompileError {
    let (line, _) = index.line_col(start);
    let text = index.line_text(line);
    let indent = text.chars().take_while(|c| c.is_whitespace()).count();
    let mut e = index.error(
        "IndentationError",
        "unexpected indent",
        filename,
        start,
        end,
    );
    e.offset = indent as u32;
    e.end_lineno = e.lineno;
    e.end_offset = -1;
    e
}

pub fn parse_error(index: &LineIndex<'_>, filename: &str, e: &ParseError) -> CompileError {
    let start = e.location.start().to_usize();
    let end = e.location.end().to_usize();
    let syntax = |msg: String| index.error("SyntaxError", msg, filename, start, end);
    let at_eof = start >= index.source.trim_end().len();
    let bracket_error = matches!(
        &e.error,
        ParseErrorType::ExpectedToken { .. }
            | ParseErrorType::Lexical(LexicalErrorType::Eof)
            | ParseErrorType::ExpectedExpression
            | ParseErrorType::UnexpectedExpressionToken
            | ParseErrorType::SimpleStatementsOnSameLine
            | ParseErrorType::SimpleAndCompoundStatementOnSameLine
    );
    if bracket_error {
        if let Some((pos, ch)) = unclosed_bracket(index.source) {
            if pos < start || at_eof {
                return index.error(
                    "SyntaxError",
                    format!("'{ch}' was never closed"),
                    filename,
                    pos,
                    pos + 1,
                );
            }
        }
    }
    match &e.error {
        ParseErrorType::OtherError(msg) if msg.starts_with("Expected an indented block after ") => {
            missing_block(
                index,
                filename,
                &msg["Expected an indented block after ".len()..],
                start,
                end,
            )
        }
        ParseErrorType::Lexical(LexicalErrorType::IndentationError) => {
            // CPython's tokenizer points just past the line's text, with no end.
            let (line, _) = index.line_col(start);
            let text = index.line_text(line);
            let mut e = index.error(
                "IndentationError",
                "unindent does not match any outer indentation level",
                filename,
                start,
                end,
            );
            e.offset = text.trim_end().chars().count() as u32 + 1;
            e.end_lineno = e.lineno;
            e.end_offset = -1;
            e
        }
        ParseErrorType::UnexpectedIndentation => unexpected_indent(index, filename, start, end),
        ParseErrorType::Lexical(LexicalErrorType::UnclosedStringError)
        | ParseErrorType::Lexical(LexicalErrorType::StringError) => {
            let (line, _) = index.line_col(start);
            let text = &index.source[start.min(index.source.len())..];
            let triple = text
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .starts_with("\"\"\"")
                || text
                    .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                    .starts_with("'''");
            if triple {
                let last = index.line_count();
                index.error(
                    "SyntaxError",
                    format!("unterminated triple-quoted string literal (detected at line {last})"),
                    filename,
                    start,
                    start,
                )
            } else {
                index.error(
                    "SyntaxError",
                    format!("unterminated string literal (detected at line {line})"),
                    filename,
                    start,
                    start,
                )
            }
        }
        ParseErrorType::ExpectedToken { expected, found } => {
            if matches!(
                expected,
                TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace
            ) || (at_eof && unclosed_bracket(index.source).is_some())
            {
                if let Some((pos, ch)) = unclosed_bracket(index.source) {
                    return index.error(
                        "SyntaxError",
                        format!("'{ch}' was never closed"),
                        filename,
                        pos,
                        pos + 1,
                    );
                }
            }
            match expected {
                TokenKind::Colon => syntax("expected ':'".to_string()),
                TokenKind::Indent => {
                    let (line, _) = index.line_col(start);
                    index.error(
                        "IndentationError",
                        format!(
                            "expected an indented block after line {}",
                            line.saturating_sub(1).max(1)
                        ),
                        filename,
                        start,
                        end,
                    )
                }
                _ if *found == TokenKind::Indent => unexpected_indent(index, filename, start, end),
                _ => syntax("invalid syntax".to_string()),
            }
        }
        ParseErrorType::Lexical(LexicalErrorType::Eof) => {
            if let Some((pos, ch)) = unclosed_bracket(index.source) {
                return index.error(
                    "SyntaxError",
                    format!("'{ch}' was never closed"),
                    filename,
                    pos,
                    pos + 1,
                );
            }
            syntax("unexpected EOF while parsing".to_string())
        }
        ParseErrorType::InvalidAssignmentTarget
        | ParseErrorType::InvalidAnnotatedAssignmentTarget
        | ParseErrorType::InvalidNamedAssignmentTarget => {
            let what = describe_text(&index.source[start..end.min(index.source.len())]);
            syntax(format!("cannot assign to {what}"))
        }
        ParseErrorType::InvalidAugmentedAssignmentTarget => {
            let what = describe_text(&index.source[start..end.min(index.source.len())]);
            syntax(format!(
                "'{what}' is an illegal expression for augmented assignment"
            ))
        }
        ParseErrorType::InvalidDeleteTarget => {
            let what = describe_text(&index.source[start..end.min(index.source.len())]);
            syntax(format!("cannot delete {what}"))
        }
        ParseErrorType::PositionalAfterKeywordArgument => {
            syntax("positional argument follows keyword argument".to_string())
        }
        ParseErrorType::PositionalAfterKeywordUnpacking => {
            syntax("positional argument follows keyword argument unpacking".to_string())
        }
        ParseErrorType::NonDefaultParamAfterDefaultParam => {
            syntax("non-default argument follows default argument".to_string())
        }
        ParseErrorType::SimpleStatementsOnSameLine
        | ParseErrorType::SimpleAndCompoundStatementOnSameLine
        | ParseErrorType::ExpectedExpression
        | ParseErrorType::UnexpectedExpressionToken => {
            if at_eof {
                if let Some((pos, ch)) = unclosed_bracket(index.source) {
                    return index.error(
                        "SyntaxError",
                        format!("'{ch}' was never closed"),
                        filename,
                        pos,
                        pos + 1,
                    );
                }
            }
            syntax("invalid syntax".to_string())
        }
        ParseErrorType::Lexical(LexicalErrorType::UnrecognizedToken { tok }) => {
            syntax(format!("invalid character '{tok}' (U+{:04X})", *tok as u32))
        }
        ParseErrorType::Lexical(LexicalErrorType::LineContinuationError) => {
            syntax("unexpected character after line continuation character".to_string())
        }
        other => syntax(other.to_string()),
    }
}

/// CPython's description of an expression from its source text (for target errors).
fn describe_text(text: &str) -> &'static str {
    let t = text.trim();
    let first = t.chars().next().unwrap_or(' ');
    if t == "None" || t == "True" || t == "False" {
        return match t {
            "None" => "None",
            "True" => "True",
            _ => "False",
        };
    }
    if first.is_ascii_digit() || first == '"' || first == '\'' || t == "..." {
        return "literal";
    }
    if t.ends_with(')') && !t.starts_with('(') {
        return "function call";
    }
    if t.starts_with('{') {
        return "dict literal";
    }
    if t.contains(" if ") {
        return "conditional expression";
    }
    if t.contains("==") || t.contains('<') || t.contains('>') || t.contains("!=") {
        return "comparison";
    }
    "expression"
}

pub fn unsupported_error(
    index: &LineIndex<'_>,
    filename: &str,
    e: &UnsupportedSyntaxError,
) -> CompileError {
    let r = e.range();
    index.error(
        "SyntaxError",
        "invalid syntax",
        filename,
        r.start().to_usize(),
        r.end().to_usize(),
    )
}
