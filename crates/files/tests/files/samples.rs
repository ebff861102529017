//! Small but real files of every allowed type, and some that must be refused, made here so
//! the tests need no binary fixtures.

use std::io::{Cursor, Write};

use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

/// A one-page PDF with a correct cross-reference table.
pub fn pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ];
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    out
}

/// A 1×1 RGB PNG, with real CRCs and a zlib stream of one stored block.
pub fn png() -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    let scanline = [0u8, 0x2a, 0x6f, 0xb5]; // filter "none", one blue-ish pixel
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend_from_slice(&(scanline.len() as u16).to_le_bytes());
    zlib.extend_from_slice(&(!(scanline.len() as u16)).to_le_bytes());
    zlib.extend_from_slice(&scanline);
    zlib.extend_from_slice(&adler32(&scanline).to_be_bytes());

    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
    chunk(&mut out, b"IDAT", &zlib);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// An 8×8 grey baseline JPEG: every coefficient zero, so one-code Huffman tables suffice.
pub fn jpeg() -> Vec<u8> {
    let mut out = vec![0xff, 0xd8];
    out.extend_from_slice(&[0xff, 0xe0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
    out.extend_from_slice(&[0xff, 0xdb, 0, 67, 0]);
    out.extend_from_slice(&[1; 64]);
    out.extend_from_slice(&[0xff, 0xc0, 0, 11, 8, 0, 8, 0, 8, 1, 1, 0x11, 0]);
    for class in [0x00, 0x10] {
        out.extend_from_slice(&[0xff, 0xc4, 0, 20, class, 1]);
        out.extend_from_slice(&[0; 15]);
        out.push(0); // the one symbol: DC difference 0, or AC end-of-block
    }
    out.extend_from_slice(&[0xff, 0xda, 0, 8, 1, 1, 0x00, 0, 63, 0]);
    out.push(0b0011_1111); // DC code 0, EOB code 0, padded with ones
    out.extend_from_slice(&[0xff, 0xd9]);
    out
}

/// The classic transparent 1×1 GIF.
pub fn gif() -> Vec<u8> {
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff\x21\xf9\x04\x01\x00\x00\x00\x00\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b"
        .to_vec()
}

/// A lossless 1×1 WebP.
pub fn webp() -> Vec<u8> {
    b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00".to_vec()
}

/// How a ZIP is laid out by the program that wrote it.
#[derive(Clone, Copy)]
pub enum Layout {
    /// Sizes in each entry's header, as a program writing to a file does.
    Plain,
    /// Sizes only after each entry's data, as a program writing to a pipe does.
    Streamed,
    /// Sizes in ZIP64 extra fields, as a program expecting huge entries does.
    Zip64,
}

/// A ZIP of these entries, in this order, all stored.
pub fn zip(entries: &[(&str, &[u8])], layout: Layout) -> Vec<u8> {
    fn write<W: Write + std::io::Seek>(mut zip: zip::ZipWriter<W>, entries: &[(&str, &[u8])], large: bool) -> W {
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored).large_file(large);
        for (name, content) in entries {
            zip.start_file(*name, options).unwrap();
            zip.write_all(content).unwrap();
        }
        zip.finish().unwrap()
    }
    match layout {
        Layout::Plain => write(zip::ZipWriter::new(Cursor::new(Vec::new())), entries, false).into_inner(),
        Layout::Streamed => write(zip::ZipWriter::new_stream(Vec::new()), entries, false).into_inner(),
        Layout::Zip64 => write(zip::ZipWriter::new(Cursor::new(Vec::new())), entries, true).into_inner(),
    }
}

const RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="MAIN"/></Relationships>"#;

fn ooxml(main: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let types = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/{main}" ContentType="{content_type}"/></Types>"#
    );
    let rels = String::from_utf8(RELS.to_vec()).unwrap().replace("MAIN", main);
    zip(&[("[Content_Types].xml", types.as_bytes()), ("_rels/.rels", rels.as_bytes()), (main, body)], Layout::Plain)
}

pub fn docx() -> Vec<u8> {
    ooxml(
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Pöytäkirja</w:t></w:r></w:p></w:body></w:document>"#.as_bytes(),
    )
}

pub fn xlsx() -> Vec<u8> {
    ooxml(
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        br#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>"#,
    )
}

pub fn pptx() -> Vec<u8> {
    ooxml(
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        br#"<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>"#,
    )
}

/// A Word file with macros (what Word saves as .docm).
pub fn docm() -> Vec<u8> {
    zip(
        &[
            ("[Content_Types].xml", b"<Types/>"),
            ("_rels/.rels", RELS),
            ("word/document.xml", b"<w:document/>"),
            ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
        ],
        Layout::Plain,
    )
}

/// An OpenDocument file: `mimetype` first and stored, then the manifest and the content.
pub fn odf(media_type: &str, layout: Layout) -> Vec<u8> {
    let manifest = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="{media_type}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#
    );
    let content = br#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.3"><office:body/></office:document-content>"#;
    zip(&[("mimetype", media_type.as_bytes()), ("META-INF/manifest.xml", manifest.as_bytes()), ("content.xml", content)], layout)
}

pub fn odt() -> Vec<u8> {
    odf("application/vnd.oasis.opendocument.text", Layout::Plain)
}

pub fn ods() -> Vec<u8> {
    odf("application/vnd.oasis.opendocument.spreadsheet", Layout::Plain)
}

pub fn odp() -> Vec<u8> {
    odf("application/vnd.oasis.opendocument.presentation", Layout::Plain)
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}
