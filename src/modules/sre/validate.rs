//! Checks compiled code before the engine runs it, as `_validate` in CPython's `sre.c`
//! does: every skip stays inside its block, every operand is in range, and blocks end with
//! the opcode the engine expects. `_sre.compile` raises "invalid SRE code" otherwise, so the
//! engine never reads outside the code or the marks.

use super::code::*;

type Check = Result<(), ()>;

struct Reader<'a> {
    code: &'a [u32],
    at: usize,
    end: usize,
}

impl Reader<'_> {
    fn get(&mut self) -> Result<u32, ()> {
        if self.at >= self.end {
            return Err(());
        }
        self.at += 1;
        Ok(self.code[self.at - 1])
    }

    /// A skip whose target (`at + skip - adj`, counted from the skip itself) is in the block.
    fn skip(&mut self, adj: usize) -> Result<usize, ()> {
        if self.at >= self.end {
            return Err(());
        }
        let skip = self.code[self.at] as usize;
        if skip.wrapping_sub(adj) > self.end - self.at {
            return Err(());
        }
        self.at += 1;
        Ok(skip)
    }
}

fn charset(code: &[u32], at: usize, end: usize) -> Check {
    let mut r = Reader { code, at, end };
    while r.at < r.end {
        match r.get()? {
            NEGATE => {}
            LITERAL => {
                r.get()?;
            }
            RANGE | RANGE_UNI_IGNORE => {
                r.get()?;
                r.get()?;
            }
            CHARSET => {
                if 256 / 32 > r.end - r.at {
                    return Err(());
                }
                r.at += 256 / 32;
            }
            BIGCHARSET => {
                let blocks = r.get()? as usize;
                if 256 / 4 > r.end - r.at {
                    return Err(());
                }
                for i in 0..256 {
                    if super::engine::block_index(code, r.at, i) >= blocks {
                        return Err(());
                    }
                }
                r.at += 256 / 4;
                let words = blocks.checked_mul(256 / 32).ok_or(())?;
                if words > r.end - r.at {
                    return Err(());
                }
                r.at += words;
            }
            CATEGORY => {
                if r.get()? > CATEGORY_UNI_NOT_LINEBREAK {
                    return Err(());
                }
            }
            _ => return Err(()),
        }
    }
    Ok(())
}

/// Validates `code[at..end]`; Ok(true) when the block ends with a JUMP (a branch's arm).
fn inner(code: &[u32], at: usize, end: usize, groups: usize) -> Result<bool, ()> {
    if at > end {
        return Err(());
    }
    let mut r = Reader { code, at, end };
    while r.at < r.end {
        let op = r.get()?;
        match op {
            MARK => {
                if r.get()? as usize > 2 * groups + 1 {
                    return Err(());
                }
            }
            LITERAL
            | NOT_LITERAL
            | LITERAL_IGNORE
            | NOT_LITERAL_IGNORE
            | LITERAL_UNI_IGNORE
            | NOT_LITERAL_UNI_IGNORE
            | LITERAL_LOC_IGNORE
            | NOT_LITERAL_LOC_IGNORE => {
                r.get()?;
            }
            SUCCESS | FAILURE | ANY | ANY_ALL => {}
            AT => {
                if r.get()? > AT_UNI_NON_BOUNDARY {
                    return Err(());
                }
            }
            IN | IN_IGNORE | IN_UNI_IGNORE | IN_LOC_IGNORE => {
                let skip = r.skip(0)?;
                if skip < 2 {
                    return Err(());
                }
                charset(code, r.at, r.at + skip - 2)?;
                if code[r.at + skip - 2] != FAILURE {
                    return Err(());
                }
                r.at += skip - 1;
            }
            INFO => {
                // <INFO> <1=skip> <2=flags> <3=min> <4=max> [prefix or charset]
                let skip = r.skip(0)?;
                if skip == 0 {
                    return Err(());
                }
                let newcode = r.at + skip - 1;
                let flags = r.get()?;
                r.get()?;
                r.get()?;
                if flags & !(INFO_PREFIX | INFO_LITERAL | INFO_CHARSET) != 0
                    || (flags & INFO_PREFIX != 0 && flags & INFO_CHARSET != 0)
                    || (flags & INFO_LITERAL != 0 && flags & INFO_PREFIX == 0)
                {
                    return Err(());
                }
                if flags & INFO_PREFIX != 0 {
                    let len = r.get()? as usize;
                    r.get()?;
                    if newcode < r.at || len > newcode - r.at {
                        return Err(());
                    }
                    r.at += len;
                    if len > newcode - r.at {
                        return Err(());
                    }
                    if code[r.at..r.at + len].iter().any(|&o| o as usize >= len) {
                        return Err(());
                    }
                    r.at += len;
                }
                if flags & INFO_CHARSET != 0 {
                    if newcode == 0 || newcode - 1 < r.at {
                        return Err(());
                    }
                    charset(code, r.at, newcode - 1)?;
                    if code[newcode - 1] != FAILURE {
                        return Err(());
                    }
                    r.at = newcode;
                } else if r.at != newcode {
                    return Err(());
                }
            }
            BRANCH => {
                let mut target = None;
                loop {
                    let skip = r.skip(0)?;
                    if skip == 0 {
                        break;
                    }
                    if skip < 3 {
                        return Err(());
                    }
                    block(code, r.at, r.at + skip - 3, groups)?;
                    r.at += skip - 3;
                    if r.get()? != JUMP {
                        return Err(());
                    }
                    let skip = r.skip(0)?;
                    let t = r.at + skip - 1;
                    match target {
                        None => target = Some(t),
                        Some(x) if x != t => return Err(()),
                        _ => {}
                    }
                }
                if target != Some(r.at) {
                    return Err(());
                }
            }
            REPEAT_ONE | MIN_REPEAT_ONE | POSSESSIVE_REPEAT_ONE => {
                let skip = r.skip(0)?;
                let min = r.get()?;
                let max = r.get()?;
                if min > max || skip < 4 {
                    return Err(());
                }
                block(code, r.at, r.at + skip - 4, groups)?;
                r.at += skip - 4;
                if r.get()? != SUCCESS {
                    return Err(());
                }
            }
            REPEAT | POSSESSIVE_REPEAT => {
                let skip = r.skip(0)?;
                let min = r.get()?;
                let max = r.get()?;
                if min > max || skip < 3 {
                    return Err(());
                }
                block(code, r.at, r.at + skip - 3, groups)?;
                r.at += skip - 3;
                let last = r.get()?;
                let ok = if op == POSSESSIVE_REPEAT {
                    last == SUCCESS
                } else {
                    last == MAX_UNTIL || last == MIN_UNTIL
                };
                if !ok {
                    return Err(());
                }
            }
            ATOMIC_GROUP => {
                let skip = r.skip(0)?;
                if skip < 2 {
                    return Err(());
                }
                block(code, r.at, r.at + skip - 2, groups)?;
                r.at += skip - 2;
                if r.get()? != SUCCESS {
                    return Err(());
                }
            }
            GROUPREF | GROUPREF_IGNORE | GROUPREF_UNI_IGNORE | GROUPREF_LOC_IGNORE => {
                if r.get()? as usize >= groups {
                    return Err(());
                }
            }
            GROUPREF_EXISTS => {
                // <GROUPREF_EXISTS> <group> <skip> then [<JUMP> <skip> else]; the skip counts
                // from the group operand.
                if r.get()? as usize >= groups {
                    return Err(());
                }
                let skip = r.skip(1)?;
                r.at -= 1;
                if skip < 2 {
                    return Err(());
                }
                let mut arm_end = r.at + skip - 1;
                if inner(code, r.at + 1, arm_end, groups)? {
                    r.at += skip - 2;
                    let skip = r.skip(0)?;
                    if skip == 0 {
                        return Err(());
                    }
                    arm_end = r.at + skip - 1;
                    if inner(code, r.at, arm_end, groups)? {
                        return Err(());
                    }
                }
                r.at = arm_end;
            }
            ASSERT | ASSERT_NOT => {
                let skip = r.skip(0)?;
                r.get()?;
                r.at -= 1;
                if skip < 2 {
                    return Err(());
                }
                block(code, r.at + 1, r.at + skip - 2, groups)?;
                r.at += skip - 2;
                if r.get()? != SUCCESS {
                    return Err(());
                }
            }
            JUMP => {
                if r.at + 1 != r.end {
                    return Err(());
                }
                return Ok(true);
            }
            _ => return Err(()),
        }
    }
    Ok(false)
}

/// A block that must not end with a JUMP.
fn block(code: &[u32], at: usize, end: usize, groups: usize) -> Check {
    match inner(code, at, end, groups)? {
        true => Err(()),
        false => Ok(()),
    }
}

/// Whether `code` is valid SRE code for a pattern with `groups` capturing groups.
pub fn validate(code: &[u32], groups: usize) -> bool {
    if groups > MAXGROUPS as usize || code.last() != Some(&SUCCESS) {
        return false;
    }
    block(code, 0, code.len() - 1, groups).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_compiled_literal_and_rejects_bad_skips() {
        // INFO 4 0 1 1, LITERAL 'a', SUCCESS
        assert!(validate(&[INFO, 4, 0, 1, 1, LITERAL, 97, SUCCESS], 0));
        assert!(!validate(&[INFO, 40, 0, 1, 1, LITERAL, 97, SUCCESS], 0));
        assert!(!validate(&[MARK, 5, SUCCESS], 1));
        assert!(!validate(&[LITERAL, 97], 0));
        assert!(!validate(&[GROUPREF, 0, SUCCESS], 0));
    }
}
