//! The little CBOR (RFC 8949) the search index needs: unsigned and
//! negative integers, text and definite-length arrays, each in its
//! shortest form. Pagefind's wasm reads structures as arrays of their
//! fields in order, so that is how [`super::bundle`] writes them.
//!
//! May use: nothing.

/// CBOR bytes being written.
#[derive(Default)]
pub struct Cbor {
    pub bytes: Vec<u8>,
}

impl Cbor {
    /// An item's head: its major type and its argument.
    fn head(&mut self, major: u8, n: u64) {
        let major = major << 5;
        if n < 24 {
            self.bytes.push(major | n as u8);
        } else if n <= u64::from(u8::MAX) {
            self.bytes.extend_from_slice(&[major | 24, n as u8]);
        } else if n <= u64::from(u16::MAX) {
            self.bytes.push(major | 25);
            self.bytes.extend_from_slice(&(n as u16).to_be_bytes());
        } else if n <= u64::from(u32::MAX) {
            self.bytes.push(major | 26);
            self.bytes.extend_from_slice(&(n as u32).to_be_bytes());
        } else {
            self.bytes.push(major | 27);
            self.bytes.extend_from_slice(&n.to_be_bytes());
        }
    }

    pub fn uint(&mut self, n: u64) {
        self.head(0, n);
    }

    pub fn int(&mut self, n: i64) {
        if n >= 0 {
            self.head(0, n as u64);
        } else {
            self.head(1, (-1 - n) as u64);
        }
    }

    pub fn text(&mut self, s: &str) {
        self.head(3, s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }

    /// The head of an array of `len` items, which follow.
    pub fn array(&mut self, len: usize) {
        self.head(4, len as u64);
    }

    /// An array of texts.
    pub fn texts(&mut self, items: &[String]) {
        self.array(items.len());
        for item in items {
            self.text(item);
        }
    }

    /// An array of integers.
    pub fn ints(&mut self, items: &[i32]) {
        self.array(items.len());
        for &item in items {
            self.int(i64::from(item));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_take_their_shortest_form() {
        let mut c = Cbor::default();
        c.uint(0);
        c.uint(23);
        c.uint(24);
        c.uint(256);
        c.uint(70_000);
        c.int(-1);
        c.int(-25);
        c.text("a");
        c.ints(&[1, -2]);
        assert_eq!(
            c.bytes,
            [
                0x00, 0x17, 0x18, 24, 0x19, 1, 0, 0x1a, 0, 1, 0x11, 0x70, 0x20, 0x38, 24, 0x61,
                b'a', 0x82, 0x01, 0x21
            ]
        );
    }
}
