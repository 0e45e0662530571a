//! What a photo says besides its picture, removed before it is stored: a phone's JPEG carries
//! the place it was taken (GPS), the device, the date, sometimes the owner's name; PNG and
//! WebP can carry the same in text, EXIF and XMP chunks. Trombinoscope photos are public, so
//! only what draws the picture is kept (and colour profiles, which change how it looks).
//! Pure byte surgery on the three formats `governance::image_type` accepts; a file whose
//! structure does not hold together is refused rather than stored half-cleaned.

/// The image without its metadata, or why its structure cannot be read.
pub fn without_metadata(content_type: &str, bytes: &[u8]) -> Result<Vec<u8>, &'static str> {
    match content_type {
        "image/jpeg" => jpeg(bytes),
        "image/png" => png(bytes),
        "image/webp" => webp(bytes),
        _ => Err("not an image type we clean"),
    }
}

const BROKEN: &str = "the image's structure is broken";

/// JPEG: a sequence of marker segments up to the start of the scan, then the compressed
/// picture. APP1 (EXIF, XMP), APP13 (IPTC) and comments go; the rest is copied as it is.
fn jpeg(bytes: &[u8]) -> Result<Vec<u8>, &'static str> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err(BROKEN);
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut at = 2;
    loop {
        if at + 1 >= bytes.len() || bytes[at] != 0xFF {
            return Err(BROKEN);
        }
        // Fill bytes (0xFF repeated) may precede a marker.
        let mut marker_at = at + 1;
        while marker_at < bytes.len() && bytes[marker_at] == 0xFF {
            marker_at += 1;
        }
        let marker = *bytes.get(marker_at).ok_or(BROKEN)?;
        if marker == 0xD9 {
            // End of image without a scan: nothing more to read.
            out.extend_from_slice(&[0xFF, 0xD9]);
            return Ok(out);
        }
        if (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            out.extend_from_slice(&[0xFF, marker]);
            at = marker_at + 1;
            continue;
        }
        let length_at = marker_at + 1;
        let length = u16::from_be_bytes([
            *bytes.get(length_at).ok_or(BROKEN)?,
            *bytes.get(length_at + 1).ok_or(BROKEN)?,
        ]) as usize;
        if length < 2 || length_at + length > bytes.len() {
            return Err(BROKEN);
        }
        let end = length_at + length;
        let dropped = matches!(marker, 0xE1 | 0xED | 0xFE);
        if !dropped {
            out.extend_from_slice(&[0xFF, marker]);
            out.extend_from_slice(&bytes[length_at..end]);
        }
        if marker == 0xDA {
            // Start of scan: the compressed picture and everything after it, as it is.
            out.extend_from_slice(&bytes[end..]);
            return Ok(out);
        }
        at = end;
    }
}

/// PNG: chunks of length, type, data and CRC. Text chunks, EXIF and the modification time go.
fn png(bytes: &[u8]) -> Result<Vec<u8>, &'static str> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) {
        return Err(BROKEN);
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(SIGNATURE);
    let mut at = SIGNATURE.len();
    while at < bytes.len() {
        let header = bytes.get(at..at + 8).ok_or(BROKEN)?;
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let kind = &header[4..8];
        let end = at
            .checked_add(12)
            .and_then(|n| n.checked_add(length))
            .filter(|end| *end <= bytes.len())
            .ok_or(BROKEN)?;
        if !matches!(kind, b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf" | b"tIME") {
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
        if kind == b"IEND" {
            return Ok(out);
        }
    }
    Err(BROKEN)
}

/// WebP: a RIFF container of chunks (four-letter name, little-endian size, data padded to an
/// even length). EXIF and XMP chunks go, the extended header stops announcing them, and the
/// container's size is written again.
fn webp(bytes: &[u8]) -> Result<Vec<u8>, &'static str> {
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WEBP" {
        return Err(BROKEN);
    }
    let declared = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    let total = (declared + 8).min(bytes.len());
    let mut chunks = Vec::with_capacity(total);
    let mut at = 12;
    while at + 8 <= total {
        let name = &bytes[at..at + 4];
        let size = u32::from_le_bytes([bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]])
            as usize;
        let end = (at + 8).checked_add(size + size % 2).ok_or(BROKEN)?;
        if end > total && at + 8 + size != total {
            return Err(BROKEN);
        }
        let end = end.min(total);
        match name {
            b"EXIF" | b"XMP " => {}
            b"VP8X" if size >= 1 => {
                let start = chunks.len();
                chunks.extend_from_slice(&bytes[at..end]);
                // Flags: bit 3 says EXIF follows, bit 2 XMP.
                chunks[start + 8] &= !0b0000_1100;
            }
            _ => chunks.extend_from_slice(&bytes[at..end]),
        }
        at = end;
    }
    if at != total {
        return Err(BROKEN);
    }
    let mut out = Vec::with_capacity(chunks.len() + 12);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&((chunks.len() + 4) as u32).to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend_from_slice(&chunks);
    Ok(out)
}

#[cfg(test)]
mod tests {
    fn segment(marker: u8, data: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&((data.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(data);
        s
    }

    #[test]
    fn a_jpeg_loses_its_exif_and_comments_and_keeps_its_picture() {
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend(segment(0xE0, b"JFIF\0\x01\x01"));
        jpeg.extend(segment(0xE1, b"Exif\0\0GPS 48.1173N 1.6778W"));
        jpeg.extend(segment(0xFE, b"photo de Lea"));
        jpeg.extend(segment(0xE2, b"ICC_PROFILE\0"));
        jpeg.extend(segment(0xDB, &[0; 65]));
        jpeg.extend(segment(0xDA, &[1, 2, 3]));
        jpeg.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD9]);
        let clean = super::jpeg(&jpeg).unwrap();
        let text = String::from_utf8_lossy(&clean);
        assert!(!text.contains("GPS") && !text.contains("Lea"));
        assert!(text.contains("JFIF") && text.contains("ICC_PROFILE"));
        assert!(clean.ends_with(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD9]));
        assert_eq!(clean.len(), jpeg.len() - (26 + 4) - (12 + 4));
        // Cleaning again changes nothing.
        assert_eq!(super::jpeg(&clean).unwrap(), clean);
    }

    #[test]
    fn a_truncated_jpeg_is_refused() {
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend(segment(0xE1, b"Exif"));
        jpeg.truncate(jpeg.len() - 2);
        assert!(super::jpeg(&jpeg).is_err());
        assert!(super::jpeg(b"\xFF\xD8garbage").is_err());
    }

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0, 0, 0, 0]);
        c
    }

    #[test]
    fn a_png_loses_its_text_and_exif_chunks() {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(chunk(b"IHDR", &[0; 13]));
        png.extend(chunk(b"tEXt", b"Author\0Lea Martin"));
        png.extend(chunk(b"eXIf", b"GPS"));
        png.extend(chunk(b"IDAT", &[7; 20]));
        png.extend(chunk(b"IEND", &[]));
        let clean = super::png(&png).unwrap();
        let text = String::from_utf8_lossy(&clean);
        assert!(!text.contains("Lea") && !text.contains("GPS"));
        assert!(text.contains("IHDR") && text.contains("IDAT") && text.ends_with("IEND\0\0\0\0"));
        let mut cut = png.clone();
        cut.truncate(png.len() - 6);
        assert!(super::png(&cut).is_err());
    }

    fn riff_chunk(name: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = name.to_vec();
        c.extend_from_slice(&(data.len() as u32).to_le_bytes());
        c.extend_from_slice(data);
        if data.len() % 2 == 1 {
            c.push(0);
        }
        c
    }

    #[test]
    fn a_webp_loses_its_exif_and_xmp_and_says_so_in_its_header() {
        let mut body = riff_chunk(b"VP8X", &[0b0000_1100, 0, 0, 0, 9, 0, 0, 9, 0, 0]);
        body.extend(riff_chunk(b"VP8 ", &[5; 11]));
        body.extend(riff_chunk(b"EXIF", b"GPS 48N"));
        body.extend(riff_chunk(b"XMP ", b"<x:creator>Lea</x:creator>"));
        let mut webp = b"RIFF".to_vec();
        webp.extend_from_slice(&((body.len() + 4) as u32).to_le_bytes());
        webp.extend_from_slice(b"WEBP");
        webp.extend(body);
        let clean = super::webp(&webp).unwrap();
        let text = String::from_utf8_lossy(&clean);
        assert!(!text.contains("GPS") && !text.contains("Lea"));
        assert_eq!(clean[20], 0, "the header no longer announces EXIF or XMP");
        let size = u32::from_le_bytes([clean[4], clean[5], clean[6], clean[7]]) as usize;
        assert_eq!(size + 8, clean.len());
        assert!(super::webp(&clean[..clean.len() - 3]).is_err());
    }
}
