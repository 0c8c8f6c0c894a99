//! The fields of one JSON Lines line without building a value for the line: a strict scanner
//! that validates the whole line and extracts only the mapped keys, as byte ranges of the line
//! (strings without escapes, integers and booleans as written) or, for strings with escapes,
//! unescaped into an arena.
//!
//! It accepts a subset of what serde_json accepts and gives the same values on it; whenever a
//! line leaves that subset (a syntax error, a float, a negative number or an exponent in a mapped
//! field, a surrogate `\u` escape, an escaped key, nesting deeper than 100, bytes that are not
//! UTF-8) it answers `false` and the caller parses the line with serde_json, which then decides
//! (and words any error) exactly as before.

/// Where a value is: absent (or `null`), a range of the line, or a range of the arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Val {
    #[default]
    Absent,
    Line(u32, u32),
    Arena(u32, u32),
}

/// Deepest nesting of skipped values accepted here (serde_json's limit is 128).
const MAX_DEPTH: u32 = 100;

/// Fill `vals[k]` with the value of key `keys[k]` (the first listed key of that name, like the
/// serde path); strings with escapes are unescaped onto the end of `arena`. `false`: not
/// decided here, parse the line with serde_json (the arena may hold junk past its old length).
pub(crate) fn extract(line: &[u8], keys: &[String], vals: &mut [Val], arena: &mut Vec<u8>) -> bool {
    for v in vals.iter_mut() {
        *v = Val::Absent;
    }
    let mut p = P { b: line, i: 0 };
    p.ws();
    if !p.eat(b'{') {
        return false;
    }
    p.ws();
    if !p.eat(b'}') {
        loop {
            if p.peek() != Some(b'"') {
                return false;
            }
            p.i += 1;
            let Some((ks, ke)) = p.plain_string() else { return false };
            p.ws();
            if !p.eat(b':') {
                return false;
            }
            p.ws();
            let key = &line[ks..ke];
            match keys.iter().position(|k| k.as_bytes() == key) {
                Some(slot) => match p.mapped_value(arena) {
                    Some(v) => vals[slot] = v,
                    None => return false,
                },
                None => {
                    if !p.skip_value(0) {
                        return false;
                    }
                }
            }
            p.ws();
            match p.next() {
                Some(b',') => p.ws(),
                Some(b'}') => break,
                _ => return false,
            }
        }
    }
    p.ws();
    p.i == line.len()
}

/// The first byte at or after `from` that is `"`, `\` or a control byte (< 0x20), or `b.len()`.
#[inline]
fn find_special(b: &[u8], from: usize) -> usize {
    let mut i = from;
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of x86_64; every load reads 16 bytes inside `b` (i + 16 <= len).
    unsafe {
        use std::arch::x86_64::*;
        let q = _mm_set1_epi8(b'"' as i8);
        let bs = _mm_set1_epi8(b'\\' as i8);
        let c = _mm_set1_epi8(0x1f);
        while i + 16 <= b.len() {
            let x = _mm_loadu_si128(b.as_ptr().add(i) as *const __m128i);
            // x <= 0x1f (unsigned) exactly when min(x, 0x1f) == x.
            let m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, q), _mm_cmpeq_epi8(x, bs)), _mm_cmpeq_epi8(_mm_min_epu8(x, c), x));
            let mask = _mm_movemask_epi8(m);
            if mask != 0 {
                return i + mask.trailing_zeros() as usize;
            }
            i += 16;
        }
    }
    while i < b.len() {
        let x = b[i];
        if x == b'"' || x == b'\\' || x < 0x20 {
            return i;
        }
        i += 1;
    }
    b.len()
}

struct P<'a> {
    b: &'a [u8],
    i: usize,
}

impl P<'_> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    #[inline]
    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        self.i += 1;
        c
    }
    #[inline]
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    /// JSON whitespace (serde_json's set).
    #[inline]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }
    fn lit(&mut self, word: &[u8]) -> bool {
        if self.b[self.i..].starts_with(word) {
            self.i += word.len();
            true
        } else {
            false
        }
    }

    /// After an opening quote: a string without escapes, as a range; `None` if it has one.
    fn plain_string(&mut self) -> Option<(usize, usize)> {
        let s = self.i;
        let j = find_special(self.b, s);
        if self.b.get(j) == Some(&b'"') {
            self.i = j + 1;
            Some((s, j))
        } else {
            None
        }
    }

    /// After an opening quote: the string, unescaped into `out` when it has escapes.
    fn string(&mut self, out: &mut Vec<u8>) -> Option<Val> {
        let s = self.i;
        let mut seg = s;
        let mut arena_start: Option<usize> = None;
        loop {
            let j = find_special(self.b, seg);
            match self.b.get(j)? {
                b'"' => {
                    self.i = j + 1;
                    return Some(match arena_start {
                        None => Val::Line(s as u32, j as u32),
                        Some(a) => {
                            out.extend_from_slice(&self.b[seg..j]);
                            Val::Arena(a as u32, out.len() as u32)
                        }
                    });
                }
                b'\\' => {
                    if arena_start.is_none() {
                        arena_start = Some(out.len());
                    }
                    out.extend_from_slice(&self.b[seg..j]);
                    seg = self.escape(j + 1, Some(out))?;
                }
                _ => return None,
            }
        }
    }

    /// After an opening quote: skip a string, validating it.
    fn skip_string(&mut self) -> bool {
        let mut seg = self.i;
        loop {
            let j = find_special(self.b, seg);
            match self.b.get(j) {
                Some(b'"') => {
                    self.i = j + 1;
                    return true;
                }
                Some(b'\\') => match self.escape(j + 1, None) {
                    Some(n) => seg = n,
                    None => return false,
                },
                _ => return false,
            }
        }
    }

    /// The escape whose letter is at `k`; returns the index after it. Surrogate `\u` escapes
    /// are left to serde_json.
    fn escape(&self, k: usize, out: Option<&mut Vec<u8>>) -> Option<usize> {
        let c = *self.b.get(k)?;
        let byte = match c {
            b'"' => b'"',
            b'\\' => b'\\',
            b'/' => b'/',
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let hex = self.b.get(k + 1..k + 5)?;
                let mut v: u32 = 0;
                for &h in hex {
                    v = v * 16 + (h as char).to_digit(16)?;
                }
                if (0xD800..=0xDFFF).contains(&v) {
                    return None;
                }
                if let Some(out) = out {
                    let ch = char::from_u32(v)?;
                    out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                }
                return Some(k + 5);
            }
            _ => return None,
        };
        if let Some(out) = out {
            out.push(byte);
        }
        Some(k + 1)
    }

    /// A mapped field's value: a string, `null` (absent), `true`/`false` or a non-negative
    /// integer that serde_json reads as u64 (written back exactly as in the line).
    fn mapped_value(&mut self, arena: &mut Vec<u8>) -> Option<Val> {
        match self.peek()? {
            b'"' => {
                self.i += 1;
                self.string(arena)
            }
            b'n' => self.lit(b"null").then_some(Val::Absent),
            b't' => {
                let s = self.i;
                self.lit(b"true").then_some(Val::Line(s as u32, self.i as u32))
            }
            b'f' => {
                let s = self.i;
                self.lit(b"false").then_some(Val::Line(s as u32, self.i as u32))
            }
            b'0'..=b'9' => {
                let s = self.i;
                let n = self.b[s..].iter().take_while(|c| c.is_ascii_digit()).count();
                self.i += n;
                // No leading zero (not JSON), at most 19 digits (always a u64), no fraction or
                // exponent (serde_json would read a float and write it back differently).
                if (n > 1 && self.b[s] == b'0') || n > 19 || matches!(self.peek(), Some(b'.' | b'e' | b'E')) {
                    return None;
                }
                Some(Val::Line(s as u32, self.i as u32))
            }
            _ => None,
        }
    }

    /// Skip any value, validating it.
    fn skip_value(&mut self, depth: u32) -> bool {
        match self.peek() {
            Some(b'"') => {
                self.i += 1;
                self.skip_string()
            }
            Some(b'{') => {
                if depth >= MAX_DEPTH {
                    return false;
                }
                self.i += 1;
                self.ws();
                if self.eat(b'}') {
                    return true;
                }
                loop {
                    if !self.eat(b'"') || !self.skip_string() {
                        return false;
                    }
                    self.ws();
                    if !self.eat(b':') {
                        return false;
                    }
                    self.ws();
                    if !self.skip_value(depth + 1) {
                        return false;
                    }
                    self.ws();
                    match self.next() {
                        Some(b',') => self.ws(),
                        Some(b'}') => return true,
                        _ => return false,
                    }
                }
            }
            Some(b'[') => {
                if depth >= MAX_DEPTH {
                    return false;
                }
                self.i += 1;
                self.ws();
                if self.eat(b']') {
                    return true;
                }
                loop {
                    if !self.skip_value(depth + 1) {
                        return false;
                    }
                    self.ws();
                    match self.next() {
                        Some(b',') => self.ws(),
                        Some(b']') => return true,
                        _ => return false,
                    }
                }
            }
            Some(b't') => self.lit(b"true"),
            Some(b'f') => self.lit(b"false"),
            Some(b'n') => self.lit(b"null"),
            Some(b'-' | b'0'..=b'9') => self.skip_number(),
            _ => false,
        }
    }

    /// A number: -?(0|[1-9][0-9]*)(.[0-9]+)?, at most 300 digits (serde_json reads it as a
    /// finite number); exponents are left to serde_json.
    fn skip_number(&mut self) -> bool {
        self.eat(b'-');
        let digits = |p: &mut Self| {
            let n = p.b[p.i..].iter().take_while(|c| c.is_ascii_digit()).count();
            p.i += n;
            n
        };
        let first = self.peek();
        let n = digits(self);
        if n == 0 || (n > 1 && first == Some(b'0')) {
            return false;
        }
        let mut total = n;
        if self.eat(b'.') {
            let f = digits(self);
            if f == 0 {
                return false;
            }
            total += f;
        }
        total <= 300 && !matches!(self.peek(), Some(b'e' | b'E'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get<'a>(line: &'a [u8], arena: &'a [u8], v: Val) -> Option<&'a str> {
        match v {
            Val::Absent => None,
            Val::Line(s, e) => Some(std::str::from_utf8(&line[s as usize..e as usize]).unwrap()),
            Val::Arena(s, e) => Some(std::str::from_utf8(&arena[s as usize..e as usize]).unwrap()),
        }
    }

    fn run(line: &str) -> Option<Vec<Option<String>>> {
        let keys: Vec<String> = ["id", "description", "title"].iter().map(|s| s.to_string()).collect();
        let mut vals = vec![Val::Absent; 3];
        let mut arena = Vec::new();
        extract(line.as_bytes(), &keys, &mut vals, &mut arena).then(|| vals.iter().map(|v| get(line.as_bytes(), &arena, *v).map(str::to_string)).collect())
    }

    #[test]
    fn extracts_mapped_fields_in_any_order() {
        let v = run(r#" {"x":{"a":[1,2.5,{"b":null}]},"title":"A \"B\"\n\u00e9\u20ac","id":12,"description":"AI","z":true} "#).unwrap();
        assert_eq!(v, [Some("12".into()), Some("AI".into()), Some("A \"B\"\né€".into())]);
        assert_eq!(run(r#"{"id":"1","id":"2","description":null}"#).unwrap(), [Some("2".into()), None, None]);
        assert_eq!(run("{}").unwrap(), [None, None, None]);
    }

    #[test]
    fn leaves_the_unusual_to_serde() {
        for bad in [
            r#"{"id":1.5}"#,
            r#"{"id":-1}"#,
            r#"{"id":01}"#,
            r#"{"x":1e5}"#,
            r#"{"id":"\ud83d\ude00"}"#,
            r#"{"i\u0064":"1"}"#,
            r#"{"id":"1",}"#,
            r#"{"id":"1"} x"#,
            "{\"id\":\"a\tb\"}",
            r#"["id"]"#,
            r#"{"id":"1""#,
            r#"{"id":"\x"}"#,
            r#"{"x":[1,]}"#,
            r#"{"x":tru}"#,
            "",
        ] {
            assert!(run(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn special_bytes_found_at_every_offset() {
        for n in 0..40 {
            for c in [b'"', b'\\', 0x01, 0x1f] {
                let mut b = vec![b'a'; n];
                b.push(c);
                b.extend_from_slice(&[0xc3, 0xa9, b'x']);
                assert_eq!(find_special(&b, 0), n);
            }
            assert_eq!(find_special(&vec![0x80u8; n], 0), n);
        }
    }
}
