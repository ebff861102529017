//! Just enough of the ZIP format to tell an Office or OpenDocument file from any other
//! archive: the central directory's entry names, and the first entry's stored bytes.
//!
//! Nothing is decompressed, so a zip bomb costs no more than reading its directory, and
//! every offset is checked against the buffer, so a malformed archive is simply "not a
//! document", never a panic.

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_DIRECTORY: u32 = 0x0605_4b50;
const ZIP64_LOCATOR: u32 = 0x0706_4b50;
const ZIP64_END_OF_DIRECTORY: u32 = 0x0606_4b50;

/// One central-directory entry.
#[derive(Debug)]
pub(crate) struct Entry<'a> {
    pub(crate) name: &'a [u8],
    /// 0 is stored (uncompressed).
    pub(crate) method: u16,
    pub(crate) compressed_size: u64,
    pub(crate) local_offset: u64,
}

/// The central directory of the archive `data`, or `None` when it is not a well-formed ZIP.
pub(crate) fn entries(data: &[u8]) -> Option<Vec<Entry<'_>>> {
    if u32_at(data, 0)? != LOCAL_HEADER {
        return None;
    }
    let eocd = find_end_of_directory(data)?;
    let mut count = u64::from(u16_at(data, eocd + 10)?);
    let mut offset = u64::from(u32_at(data, eocd + 16)?);
    if count == 0xFFFF || offset == 0xFFFF_FFFF {
        // ZIP64: the real numbers are in a record the locator just before this one points to.
        let locator = eocd.checked_sub(20)?;
        if u32_at(data, locator)? != ZIP64_LOCATOR {
            return None;
        }
        let record = usize::try_from(u64_at(data, locator + 8)?).ok()?;
        if u32_at(data, record)? != ZIP64_END_OF_DIRECTORY {
            return None;
        }
        count = u64_at(data, record + 32)?;
        offset = u64_at(data, record + 48)?;
    }

    let mut at = usize::try_from(offset).ok()?;
    let mut entries = Vec::new();
    for _ in 0..count {
        if u32_at(data, at)? != CENTRAL_HEADER {
            return None;
        }
        let method = u16_at(data, at + 10)?;
        let compressed_size = u32_at(data, at + 20)?;
        let uncompressed_size = u32_at(data, at + 24)?;
        let name_len = usize::from(u16_at(data, at + 28)?);
        let extra_len = usize::from(u16_at(data, at + 30)?);
        let comment_len = usize::from(u16_at(data, at + 32)?);
        let local_offset = u32_at(data, at + 42)?;
        let name = data.get(at + 46..at + 46 + name_len)?;
        let extra = data.get(at + 46 + name_len..at + 46 + name_len + extra_len)?;
        let (compressed_size, local_offset) = widen(extra, uncompressed_size, compressed_size, local_offset)?;
        entries.push(Entry { name, method, compressed_size, local_offset });
        at += 46 + name_len + extra_len + comment_len;
    }
    Some(entries)
}

/// The stored (uncompressed) bytes of `entry`, read through its local header.
pub(crate) fn stored_content<'a>(data: &'a [u8], entry: &Entry<'_>) -> Option<&'a [u8]> {
    if entry.method != 0 {
        return None;
    }
    let at = usize::try_from(entry.local_offset).ok()?;
    if u32_at(data, at)? != LOCAL_HEADER {
        return None;
    }
    let start = at + 30 + usize::from(u16_at(data, at + 26)?) + usize::from(u16_at(data, at + 28)?);
    data.get(start..start.checked_add(usize::try_from(entry.compressed_size).ok()?)?)
}

/// The end-of-central-directory record is the last thing in the file, followed only by a
/// comment of at most 65,535 bytes; search back from the end for its signature.
fn find_end_of_directory(data: &[u8]) -> Option<usize> {
    let last = data.len().checked_sub(22)?;
    let first = last.saturating_sub(0xFFFF);
    (first..=last).rev().find(|&at| u32_at(data, at) == Some(END_OF_DIRECTORY))
}

/// Replaces the 32-bit fields saturated at 0xFFFFFFFF with their values from the ZIP64
/// extra field, which lists only the saturated ones, in this order.
fn widen(extra: &[u8], uncompressed: u32, compressed: u32, offset: u32) -> Option<(u64, u64)> {
    let (mut compressed_wide, mut offset_wide) = (u64::from(compressed), u64::from(offset));
    if uncompressed != u32::MAX && compressed != u32::MAX && offset != u32::MAX {
        return Some((compressed_wide, offset_wide));
    }
    let mut at = 0;
    while at + 4 <= extra.len() {
        let id = u16_at(extra, at)?;
        let len = usize::from(u16_at(extra, at + 2)?);
        let body = extra.get(at + 4..at + 4 + len)?;
        if id == 0x0001 {
            let mut field = 0;
            let mut next = || {
                let value = u64_at(body, field);
                field += 8;
                value
            };
            if uncompressed == u32::MAX {
                next()?;
            }
            if compressed == u32::MAX {
                compressed_wide = next()?;
            }
            if offset == u32::MAX {
                offset_wide = next()?;
            }
            return Some((compressed_wide, offset_wide));
        }
        at += 4 + len;
    }
    None
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

fn u64_at(data: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(data.get(at..at.checked_add(8)?)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-entry stored archive; with `zip64`, its end record defers to a ZIP64 one.
    fn archive(name: &[u8], content: &[u8], zip64: bool) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&LOCAL_HEADER.to_le_bytes());
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&(content.len() as u32).to_le_bytes());
        out.extend_from_slice(&(content.len() as u32).to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(name);
        out.extend_from_slice(content);
        let directory = out.len();
        out.extend_from_slice(&CENTRAL_HEADER.to_le_bytes());
        out.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&(content.len() as u32).to_le_bytes());
        out.extend_from_slice(&(content.len() as u32).to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&[0; 12]);
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(name);
        let directory_size = (out.len() - directory) as u32;
        if zip64 {
            let record = out.len() as u64;
            out.extend_from_slice(&ZIP64_END_OF_DIRECTORY.to_le_bytes());
            out.extend_from_slice(&44u64.to_le_bytes());
            out.extend_from_slice(&[45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            out.extend_from_slice(&1u64.to_le_bytes());
            out.extend_from_slice(&1u64.to_le_bytes());
            out.extend_from_slice(&u64::from(directory_size).to_le_bytes());
            out.extend_from_slice(&(directory as u64).to_le_bytes());
            out.extend_from_slice(&ZIP64_LOCATOR.to_le_bytes());
            out.extend_from_slice(&0u32.to_le_bytes());
            out.extend_from_slice(&record.to_le_bytes());
            out.extend_from_slice(&1u32.to_le_bytes());
        }
        out.extend_from_slice(&END_OF_DIRECTORY.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0, 0]);
        if zip64 {
            out.extend_from_slice(&[0xff; 4]);
            out.extend_from_slice(&directory_size.to_le_bytes());
            out.extend_from_slice(&[0xff; 4]);
        } else {
            out.extend_from_slice(&[1, 0, 1, 0]);
            out.extend_from_slice(&directory_size.to_le_bytes());
            out.extend_from_slice(&(directory as u32).to_le_bytes());
        }
        out.extend_from_slice(&[0, 0]);
        out
    }

    #[test]
    fn plain_and_zip64_directories_are_read() {
        for zip64 in [false, true] {
            let data = archive(b"mimetype", b"application/vnd.oasis.opendocument.text", zip64);
            let entries = entries(&data).expect("an archive");
            assert_eq!(entries.len(), 1);
            assert_eq!(entries[0].name, b"mimetype");
            assert_eq!(stored_content(&data, &entries[0]), Some(b"application/vnd.oasis.opendocument.text".as_slice()));
        }
    }

    #[test]
    fn truncated_and_garbage_archives_are_not_archives() {
        assert!(entries(b"").is_none());
        assert!(entries(b"PK\x03\x04").is_none());
        assert!(entries(b"PK\x03\x04 no directory at all, just words").is_none());
        // A directory record pointing far outside the file.
        let mut data = b"PK\x03\x04".to_vec();
        data.extend_from_slice(&[0; 26]);
        data.extend_from_slice(b"PK\x05\x06\0\0\0\0\x01\0\x01\0\x2e\0\0\0\xff\xff\xff\x7f\0\0");
        assert!(entries(&data).is_none());
    }
}
