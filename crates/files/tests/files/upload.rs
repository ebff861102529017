use foorumi_files::{ALLOWED_EXTENSIONS, Checked, UploadError, check_upload, safe_name};

use crate::samples::{self, Layout};

const MB: u64 = 1024 * 1024;

fn mismatch(claimed: &str, detected: &'static str) -> UploadError {
    UploadError::TypeMismatch { claimed: claimed.to_owned(), detected }
}

#[test]
fn every_allowed_type_is_accepted() {
    let text = "Kohta 3: Päijät-Hämeen hyvinvointialueen talousarvio — päätösehdotus\n".as_bytes().to_vec();
    let csv = "kunta;jäseniä\nLahti;5\nHollola;2\n".as_bytes().to_vec();
    let markdown = "# Esityslista\n\n- Äänestys\n- Öljylämmitys\n".as_bytes().to_vec();
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("Pöytäkirja 3.4.2025.pdf", samples::pdf(), "application/pdf", "pdf"),
        ("kartta.png", samples::png(), "image/png", "png"),
        ("kuva.jpg", samples::jpeg(), "image/jpeg", "jpg"),
        ("kuva.jpeg", samples::jpeg(), "image/jpeg", "jpeg"),
        ("logo.gif", samples::gif(), "image/gif", "gif"),
        ("kuva.webp", samples::webp(), "image/webp", "webp"),
        ("esitys.docx", samples::docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        ("talous.xlsx", samples::xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        ("kalvot.pptx", samples::pptx(), "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
        ("muistio.odt", samples::odt(), "application/vnd.oasis.opendocument.text", "odt"),
        ("budjetti.ods", samples::ods(), "application/vnd.oasis.opendocument.spreadsheet", "ods"),
        ("esitys.odp", samples::odp(), "application/vnd.oasis.opendocument.presentation", "odp"),
        ("muistiinpanot.txt", text.clone(), "text/plain; charset=utf-8", "txt"),
        ("bom.txt", [b"\xef\xbb\xbf".as_slice(), &text].concat(), "text/plain; charset=utf-8", "txt"),
        ("jäsenet.csv", csv, "text/csv; charset=utf-8", "csv"),
        ("esityslista.md", markdown, "text/markdown; charset=utf-8", "md"),
    ];
    let mut seen = Vec::new();
    for (name, bytes, media_type, extension) in cases {
        assert_eq!(check_upload(name, &bytes, 10 * MB), Ok(Checked { media_type, extension }), "{name}");
        seen.push(extension);
    }
    seen.dedup();
    assert_eq!(seen, ALLOWED_EXTENSIONS, "a type in ALLOWED_EXTENSIONS has no test here");
}

#[test]
fn the_extension_is_compared_without_case_and_after_cleaning_the_name() {
    let pdf = samples::pdf();
    assert_eq!(check_upload("PÖYTÄKIRJA.PDF", &pdf, MB).unwrap().extension, "pdf");
    assert_eq!(check_upload("C:\\Users\\sihteeri\\Desktop\\liite.Pdf", &pdf, MB).unwrap().extension, "pdf");
    assert_eq!(check_upload("liite.pdf. ", &pdf, MB).unwrap().extension, "pdf");
    assert_eq!(check_upload("Kuva.JPEG", &samples::jpeg(), MB).unwrap().extension, "jpeg");
}

#[test]
fn content_that_is_not_what_the_name_says_is_refused() {
    let cases = [
        ("päätös.docx", samples::pdf(), mismatch("docx", "pdf")),
        ("kartta.pdf", samples::png(), mismatch("pdf", "png")),
        ("kuva.png", samples::jpeg(), mismatch("png", "jpg")),
        ("kuva.jpg", samples::gif(), mismatch("jpg", "gif")),
        ("kuva.gif", samples::webp(), mismatch("gif", "webp")),
        ("talous.docx", samples::xlsx(), mismatch("docx", "xlsx")),
        ("esitys.xlsx", samples::pptx(), mismatch("xlsx", "pptx")),
        ("muistio.docx", samples::odt(), mismatch("docx", "odt")),
        ("muistio.ods", samples::odt(), mismatch("ods", "odt")),
        ("budjetti.odp", samples::ods(), mismatch("odp", "ods")),
        ("muistio.pdf", b"pelkkaa tekstia".to_vec(), mismatch("pdf", "txt")),
        ("muistio.txt", samples::pdf(), mismatch("txt", "pdf")),
    ];
    for (name, bytes, expected) in cases {
        assert_eq!(check_upload(name, &bytes, MB), Err(expected), "{name}");
    }
}

#[test]
fn other_kinds_of_content_are_not_allowed() {
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".to_vec();
    exe.extend_from_slice(&[0; 48]);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("lasku.pdf", exe.clone()),
        ("ohjelma.exe", exe),
        ("ohjelma.pdf", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec()),
        ("paketti.docx", samples::zip(&[("lue.txt", b"ei asiakirja")], Layout::Plain)),
        ("paketti.zip", samples::zip(&[("lue.txt", b"ei asiakirja")], Layout::Plain)),
        ("makrot.docx", samples::docm()),
        ("piirros.odt", samples::odf("application/vnd.oasis.opendocument.graphics", Layout::Plain)),
        ("vanha.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00".to_vec()),
        ("sivu.txt", b"<!DOCTYPE html><html><script>alert(1)</script></html>".to_vec()),
        ("sivu.md", b"\n  <html><body onload=alert(1)>".to_vec()),
        ("sivu.csv", b"<script>fetch('/api')</script>".to_vec()),
        ("kuva.txt", b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".to_vec()),
        ("kuva.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec()),
        ("data.csv", b"<?xml version=\"1.0\"?><x/>".to_vec()),
        ("sivu.html", b"<!doctype html><p>hei</p>".to_vec()),
        ("latin1.csv", b"kunta;j\xe4seni\xe4\nHeinola;3\n".to_vec()),
        ("utf16.txt", b"\xff\xfeh\x00e\x00i\x00".to_vec()),
        ("ilman-paatetta", samples::pdf()),
        ("kuva.bmp", samples::png()),
    ];
    for (name, bytes) in cases {
        assert_eq!(check_upload(name, &bytes, MB), Err(UploadError::NotAllowed), "{name}");
    }
}

#[test]
fn documents_however_zipped_are_recognised() {
    // Writers that cannot seek put each entry's sizes after its data, and some writers use
    // ZIP64 fields for every entry; the check reads the central directory either way.
    for layout in [Layout::Streamed, Layout::Zip64] {
        let odt = samples::odf("application/vnd.oasis.opendocument.text", layout);
        assert_eq!(check_upload("muistio.odt", &odt, MB).unwrap().extension, "odt");
        let xlsx = samples::zip(&[("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")], layout);
        assert_eq!(check_upload("talous.xlsx", &xlsx, MB).unwrap().extension, "xlsx");
    }
}

#[test]
fn over_the_limit_is_too_large_and_the_limit_itself_is_fine() {
    let pdf = samples::pdf();
    let size = pdf.len() as u64;
    assert_eq!(check_upload("iso.pdf", &pdf, size - 1), Err(UploadError::TooLarge { size, max: size - 1 }));
    assert!(check_upload("iso.pdf", &pdf, size).is_ok());
    // The size is checked before the content: a huge executable is "too large", not sniffed.
    assert_eq!(check_upload("iso.exe", b"MZ\x90\x00", 3), Err(UploadError::TooLarge { size: 4, max: 3 }));
}

#[test]
fn empty_is_empty() {
    assert_eq!(check_upload("tyhja.txt", b"", MB), Err(UploadError::Empty));
    assert_eq!(check_upload("tyhja.pdf", b"", 0), Err(UploadError::Empty));
}

#[test]
fn errors_carry_their_message_keys() {
    assert_eq!(check_upload("x.txt", b"", MB).unwrap_err().code(), "error-attachment-empty");
    assert_eq!(check_upload("x.txt", b"abc", 2).unwrap_err().code(), "error-attachment-too-large");
    assert_eq!(check_upload("x.pdf", b"abc", MB).unwrap_err().code(), "error-attachment-type-mismatch");
    assert_eq!(check_upload("x.exe", b"abc", MB).unwrap_err().code(), "error-attachment-not-allowed");
}

#[test]
fn names_are_made_safe_to_show_and_save() {
    let cases = [
        ("Pöytäkirja 3.4.2025.pdf", "Pöytäkirja 3.4.2025.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\Sihteeri\\Työpöytä\\Esityslista.docx", "Esityslista.docx"),
        ("/tmp/", "liite"),
        ("", "liite"),
        ("..", "liite"),
        ("   ", "liite"),
        (".pdf", "liite.pdf"),
        (".htaccess", "liite.htaccess"),
        ("raportti\u{0}\u{7}.pdf", "raportti.pdf"),
        ("kuva\u{202e}fdp.exe", "kuvafdp.exe"),
        ("nolla\u{200b}leveys.txt", "nollaleveys.txt"),
        ("rivi\nvaihto\t\tja  välit.txt", "rivi vaihto ja välit.txt"),
        ("kysymys?: \"vastaus\" <1>|*.txt", "kysymys__ _vastaus_ _1___.txt"),
        ("a\u{0308}a\u{0308}nestys.md", "äänestys.md"),
        ("piste lopussa. . .", "piste lopussa"),
        ("Åbo Akademi – möte.odt", "Åbo Akademi – möte.odt"),
    ];
    for (raw, safe) in cases {
        assert_eq!(safe_name(raw), safe, "{raw:?}");
    }
}

#[test]
fn long_names_are_shortened_keeping_the_extension() {
    let long = format!("{}.docx", "Päijät-Hämeen yhteistyöryhmän kokous ".repeat(10));
    let safe = safe_name(&long);
    assert_eq!(safe.chars().count(), 150, "{safe}");
    assert!(safe.ends_with(".docx") && safe.starts_with("Päijät-Hämeen"), "{safe}");

    let no_extension = "ä".repeat(400);
    assert_eq!(safe_name(&no_extension), "ä".repeat(150));

    let odd_extension = format!("a.{}", "b".repeat(300));
    assert_eq!(safe_name(&odd_extension).chars().count(), 150);
}
