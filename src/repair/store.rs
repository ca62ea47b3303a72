//! The byte format of the model files: little-endian integers, LEB128
//! varints, length-prefixed strings, and a magic tag per file.
//!
//! The model files are embedded in the binary, so reading is a walk over a
//! byte slice; every read is checked and a short or foreign file is a
//! [`ModelError`], never a panic.

use thiserror::Error;

/// Why a model file could not be read.
#[derive(Debug, Error)]
pub enum ModelError {
    /// The file does not start with the expected tag (wrong file or version).
    #[error("not a {expected} model file (or an older format)")]
    WrongTag {
        /// The tag the reader looked for.
        expected: &'static str,
    },
    /// The file ends in the middle of a record.
    #[error("model file truncated")]
    Truncated,
    /// A string in the file is not UTF-8.
    #[error("model file holds invalid UTF-8")]
    BadText,
    /// A file of the model directory could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// Appends values to a model file being written.
#[derive(Default)]
pub struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    /// A new file starting with `tag`.
    pub fn new(tag: &str) -> Self {
        let mut writer = Writer::default();
        writer.str(tag);
        writer
    }

    /// Appends an unsigned varint.
    pub fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.bytes.push((value as u8) | 0x80);
            value >>= 7;
        }
        self.bytes.push(value as u8);
    }

    /// Appends a 32-bit float.
    pub fn f32(&mut self, value: f32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    /// Appends a 16-bit value.
    pub fn u16(&mut self, value: u16) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    /// Appends a length-prefixed string.
    pub fn str(&mut self, text: &str) {
        self.varint(text.len() as u64);
        self.bytes.extend_from_slice(text.as_bytes());
    }

    /// The finished file.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// Reads values back in the order they were written.
pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    /// Opens `bytes`, checking that the file starts with `tag`.
    pub fn new(bytes: &'a [u8], tag: &'static str) -> Result<Self, ModelError> {
        let mut reader = Reader { bytes };
        match reader.str() {
            Ok(found) if found == tag => Ok(reader),
            _ => Err(ModelError::WrongTag { expected: tag }),
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if self.bytes.len() < n {
            return Err(ModelError::Truncated);
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    /// Reads an unsigned varint.
    pub fn varint(&mut self) -> Result<u64, ModelError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.take(1)?[0];
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(value);
            }
        }
        Err(ModelError::Truncated)
    }

    /// Reads a varint used as a length or index.
    pub fn size(&mut self) -> Result<usize, ModelError> {
        usize::try_from(self.varint()?).map_err(|_| ModelError::Truncated)
    }

    /// Reads a 32-bit float.
    pub fn f32(&mut self) -> Result<f32, ModelError> {
        let bytes = self.take(4)?;
        Ok(f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    /// Reads a 16-bit value.
    pub fn u16(&mut self) -> Result<u16, ModelError> {
        let bytes = self.take(2)?;
        Ok(u16::from_le_bytes([bytes[0], bytes[1]]))
    }

    /// Reads a length-prefixed string.
    pub fn str(&mut self) -> Result<&'a str, ModelError> {
        let n = self.size()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| ModelError::BadText)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip() {
        let mut writer = Writer::new("test");
        writer.varint(300);
        writer.varint(u64::MAX);
        writer.f32(-1.5);
        writer.u16(65000);
        writer.str("Thành ủy");
        let bytes = writer.into_bytes();
        let mut reader = Reader::new(&bytes, "test").unwrap();
        assert_eq!(reader.varint().unwrap(), 300);
        assert_eq!(reader.varint().unwrap(), u64::MAX);
        assert_eq!(reader.f32().unwrap(), -1.5);
        assert_eq!(reader.u16().unwrap(), 65000);
        assert_eq!(reader.str().unwrap(), "Thành ủy");
        assert!(matches!(reader.varint(), Err(ModelError::Truncated)));
    }

    #[test]
    fn foreign_files_are_refused() {
        let bytes = Writer::new("lm").into_bytes();
        assert!(matches!(
            Reader::new(&bytes, "channel"),
            Err(ModelError::WrongTag { .. })
        ));
        assert!(Reader::new(&[0xff], "lm").is_err());
    }
}
