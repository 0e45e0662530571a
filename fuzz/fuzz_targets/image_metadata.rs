//! Fuzz target: the metadata stripper run on every uploaded photo (`domain::image_metadata`).
//! The first byte picks the claimed type; the rest is the file. Broken files must be refused,
//! never panic; a cleaned file is never larger than the upload, and cleaning it again changes
//! nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maillon::domain::image_metadata::without_metadata;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let content_type = ["image/jpeg", "image/png", "image/webp"][usize::from(pick % 3)];
    if let Ok(clean) = without_metadata(content_type, bytes) {
        assert!(
            clean.len() <= bytes.len(),
            "cleaning made {content_type} larger"
        );
        let again = without_metadata(content_type, &clean).expect("a cleaned file reads again");
        assert_eq!(again, clean, "cleaning {content_type} twice changed it");
    }
});
